"""The data-build configuration: sources, mixing ratios and the steps, checked before any work.

A config is YAML::

    seed: 1234
    total: 50000                 # samples wanted after mixing (omit: the most the sources allow)
    data_dir: ../../shared/data  # default folder for `data_file:` sources (relative to this file)
    sources:
      - {name: literature, format: pubmedqa, data_file: pubmedqa/ori_pqal.json, ratio: 0.2}
      - {name: dialogue, format: chat, path: dialogue.jsonl, ratio: 0.3}
      - {name: education, format: alpaca, hf: org/dataset, split: train, ratio: 0.5}
    safety: {system_prompt: true, disclaimer: true}
    clean: {near_duplicate_threshold: 0.85}
    phi: {enabled: true}
    decontaminate: {enabled: true, ngram: 13, near_duplicate_threshold: 0.8,
                    panel: [patient_education, concept_explanation, pubmedqa_summary]}
    split: {train: 0.8, val: 0.1, test: 0.1}

A *recipe* holds a data build and a training run in one file: the settings above under ``data:``
and `medeval train`'s under ``train:`` (see `medeval.trainers.recipe`); `medeval data build` reads
its ``data:`` section and checks its ``train:`` section too.

Every mistake (an unknown key, ratios that do not sum to 1, a missing file, a format that cannot
come from the hub) is reported with the file and the key before a single sample is read, so a
50K-sample build never dies half-way on a typo.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from medeval.errors import DataError

SourceFormat = Literal[
    "alpaca", "chat", "medqa", "medmcqa", "pubmedqa", "medsafetybench", "medquad", "meddialog"
]
#: Formats a hub dataset can be read in (its rows carry the same fields as the local files).
HUB_FORMATS = ("alpaca", "chat", "medqa", "medmcqa", "pubmedqa", "meddialog")
#: Formats read from a folder of files rather than one file.
FOLDER_FORMATS = ("medsafetybench", "medquad")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(_Strict):
    """One source of training samples and its share of the mix."""

    name: str = Field(min_length=1, description="Label in ids, the card and per-source counts.")
    format: SourceFormat = Field(
        description="alpaca (instruction/input/output JSONL), chat (messages JSONL), or a "
        "dataset's original format: medqa, medmcqa, pubmedqa (ori_pqal.json), medsafetybench "
        "(a folder of the training-demonstration CSVs), medquad (the folder of MedQuAD's XML), "
        "meddialog (MedDialog English as the hub lays it out: a JSON array or JSON lines)."
    )
    path: str | None = Field(default=None, description="Local file, relative to the config.")
    data_file: str | None = Field(
        default=None, description="Local file or folder relative to the data directory."
    )
    hf: str | None = Field(default=None, description="Hugging Face dataset id (needs network).")
    hf_config: str | None = Field(default=None, description="Hub dataset configuration.")
    split: str = Field(default="train", description="Hub split to read.")
    ratio: float = Field(gt=0, le=1, description="Share of the final mix.")
    category: str = Field(default="", description="What the source teaches (for the card).")
    note: str = Field(
        default="", description="Said on the card, e.g. what this source stands in for."
    )
    limit: int | None = Field(default=None, gt=0, description="Read at most this many samples.")

    @model_validator(mode="after")
    def _one_origin(self) -> SourceConfig:
        origins = [key for key in ("path", "data_file", "hf") if getattr(self, key)]
        if len(origins) != 1:
            raise ValueError("give exactly one of path, data_file or hf")
        if self.hf and self.format not in HUB_FORMATS:
            raise ValueError(
                f"format '{self.format}' is read from local files only "
                f"(hub formats: {', '.join(HUB_FORMATS)})"
            )
        return self


class SafetyConfig(_Strict):
    system_prompt: bool = Field(default=True, description="Add the safety system prompt.")
    disclaimer: bool = Field(default=True, description="Append the educational disclaimer.")


class CleanConfig(_Strict):
    near_duplicate_threshold: float = Field(
        default=0.85, gt=0, le=1, description="Word-trigram Jaccard at which two samples are one."
    )


class PhiConfig(_Strict):
    enabled: bool = True


class DecontaminateConfig(_Strict):
    enabled: bool = True
    ngram: int = Field(default=13, ge=5, description="Shared word n-gram length that drops.")
    near_duplicate_threshold: float = Field(default=0.8, gt=0, le=1)
    suites: list[str] | None = Field(
        default=None, description="Suites to check against (default: every registered suite)."
    )
    panel: list[Literal["patient_education", "concept_explanation", "pubmedqa_summary"]] = Field(
        default=["patient_education", "concept_explanation", "pubmedqa_summary"],
        description="Expert-panel prompt pools to check against as well: the consumer-health "
        "questions, the concept list and the PubMedQA test abstracts the panel asks summaries of.",
    )


class SplitConfig(_Strict):
    train: float = Field(default=0.8, gt=0, lt=1)
    val: float = Field(default=0.1, ge=0, lt=1)
    test: float = Field(default=0.1, ge=0, lt=1)

    @model_validator(mode="after")
    def _sum(self) -> SplitConfig:
        if not math.isclose(self.train + self.val + self.test, 1.0, abs_tol=1e-6):
            raise ValueError("train + val + test must sum to 1")
        return self


class DataConfig(_Strict):
    """A whole data build."""

    notes: str = Field(default="", description="What this mix is, said on the card.")
    seed: int = 1234
    total: int | None = Field(default=None, gt=0, description="Samples wanted after mixing.")
    data_dir: str | None = Field(default=None, description="Folder for data_file sources.")
    sources: list[SourceConfig] = Field(min_length=1)
    safety: SafetyConfig = SafetyConfig()
    clean: CleanConfig = CleanConfig()
    phi: PhiConfig = PhiConfig()
    decontaminate: DecontaminateConfig = DecontaminateConfig()
    split: SplitConfig = SplitConfig()

    @model_validator(mode="after")
    def _check(self) -> DataConfig:
        names = [source.name for source in self.sources]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"source names must be unique; repeated: {', '.join(repeated)}")
        total = sum(source.ratio for source in self.sources)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"source ratios must sum to 1 (they sum to {total:.6g})")
        return self


class ResolvedSource:
    """A source with its origin made concrete: a local path, or a hub id."""

    def __init__(self, config: SourceConfig, path: Path | None) -> None:
        self.config = config
        self.path = path

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def origin(self) -> str:
        return str(self.path) if self.path is not None else f"hf://{self.config.hf}"


def load_config(path: str | Path) -> DataConfig:
    """Parse and validate a config file (or a recipe's ``data:`` section); a DataError names the
    file, the line and the offending key."""
    from medeval.trainers import recipe

    path = Path(path)
    raw = recipe.read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(path, "expected a mapping of settings at the top level")
    if recipe.is_recipe(raw):
        data = recipe.section(raw, "data", path)
        assert data is not None  # is_recipe: `data` is a mapping
        return parse_config(data, path, within="data")
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], origin: str | Path, within: str | None = None) -> DataConfig:
    """Validate settings; `within` names the recipe section they come from."""
    try:
        return DataConfig.model_validate(raw)
    except ValidationError as exc:
        from medeval.trainers.recipe import key_line

        error = exc.errors()[0]
        parts = [str(part) for part in error["loc"]]
        location = ".".join([within, *parts] if within else parts) or None
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "missing":
            message = "missing key"
        else:
            message = error["msg"].removeprefix("Value error, ")
        line = key_line(origin, within, parts[0]) if parts else None
        raise DataError(origin, message, line=line, field=location) from None


def resolve_sources(
    config: DataConfig, config_path: str | Path, data_dir: str | Path | None = None
) -> list[ResolvedSource]:
    """Concrete origins for every source, checking that each local file exists.

    ``data_file`` sources are read from `data_dir` (``--data-dir``), else ``MEDEVAL_DATA_DIR``,
    else the config's ``data_dir`` (relative to the config file); ``path`` sources are relative
    to the config file.
    """
    config_path = Path(config_path)
    base = config_path.parent
    root = _data_root(config, base, data_dir)
    resolved = []
    for index, source in enumerate(config.sources):
        where = f"sources.{index}"
        if source.hf:
            resolved.append(ResolvedSource(source, None))
            continue
        if source.data_file:
            if root is None:
                raise DataError(
                    config_path,
                    "a data_file source needs a data directory: pass --data-dir, set "
                    "MEDEVAL_DATA_DIR or give data_dir in the config",
                    field=f"{where}.data_file",
                )
            target, key = root / source.data_file, "data_file"
        else:
            target, key = base / str(source.path), "path"
        folder = source.format in FOLDER_FORMATS
        if not (target.is_dir() if folder else target.is_file()):
            kind = "folder" if folder else "file"
            raise DataError(
                config_path, f"source {kind} not found: {target}", field=f"{where}.{key}"
            )
        resolved.append(ResolvedSource(source, target))
    if config.decontaminate.enabled and root is None:
        raise DataError(
            config_path,
            "decontamination reads the evaluation data: pass --data-dir, set MEDEVAL_DATA_DIR or "
            "give data_dir in the config (or set decontaminate.enabled: false)",
            field="decontaminate",
        )
    return resolved


def data_root(
    config: DataConfig, config_path: str | Path, data_dir: str | Path | None = None
) -> Path | None:
    """The data directory a build reads evaluation and ``data_file`` sources from."""
    return _data_root(config, Path(config_path).parent, data_dir)


def _data_root(config: DataConfig, base: Path, data_dir: str | Path | None) -> Path | None:
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get("MEDEVAL_DATA_DIR")
    if env:
        return Path(env)
    if config.data_dir:
        return (base / config.data_dir).resolve()
    return None
