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
    decontaminate: {enabled: true, ngram: 13, near_duplicate_threshold: 0.8}
    split: {train: 0.8, val: 0.1, test: 0.1}

Every mistake (an unknown key, ratios that do not sum to 1, a missing file, a format that cannot
come from the hub) is reported with the file and the key before a single sample is read, so a
50K-sample build never dies half-way on a typo.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from medeval.errors import DataError

SourceFormat = Literal["alpaca", "chat", "medqa", "medmcqa", "pubmedqa", "medsafetybench"]
#: Formats a hub dataset can be read in (its rows carry the same fields as the local files).
HUB_FORMATS = ("alpaca", "chat", "medqa", "medmcqa", "pubmedqa")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(_Strict):
    """One source of training samples and its share of the mix."""

    name: str = Field(min_length=1, description="Label in ids, the card and per-source counts.")
    format: SourceFormat = Field(
        description="alpaca (instruction/input/output JSONL), chat (messages JSONL), or a "
        "benchmark's original format: medqa, medmcqa, pubmedqa (ori_pqal.json), medsafetybench "
        "(a folder of the training-demonstration CSVs)."
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
    """Parse and validate a config file; a DataError names the file and the offending key."""
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "config file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(
            path, f"malformed YAML ({getattr(exc, 'problem', exc)})", line=line
        ) from None
    if not isinstance(raw, dict):
        raise DataError(path, "expected a mapping of settings at the top level")
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], origin: str | Path) -> DataConfig:
    try:
        return DataConfig.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = ".".join(str(part) for part in error["loc"]) or None
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "missing":
            message = "missing key"
        else:
            message = error["msg"].removeprefix("Value error, ")
        raise DataError(origin, message, field=location) from None


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
        exists = target.is_dir() if source.format == "medsafetybench" else target.is_file()
        if not exists:
            kind = "folder" if source.format == "medsafetybench" else "file"
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
