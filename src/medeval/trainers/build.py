"""`medeval data build`: sources -> clean -> decontaminate -> mix -> PHI scrub -> safety -> split.

Order matters: decontamination runs on the cleaned original text (evaluation items carry no
placeholders); PHI scrubbing replaces text but never drops a sample, so it runs on the mixed
samples only (the ratios are those of the samples written, and a 16,000-pair source mixed down
to 2,000 is scrubbed 2,000 times, not 16,000); the safety layer comes last so it is never
scrubbed or counted as overlap. Every check of the config and of the source files happens
before the first sample is read; a recipe's ``train:`` section is checked too.

PHI scrubbing is the slow step (presidio runs every recognizer over every message); each
scrubbed message is appended to ``DATA_DIR/.work/phi-cache.jsonl`` as it is done, so an
interrupted build resumes without scrubbing again what it already scrubbed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from medeval.errors import UsageError
from medeval.trainers.card import write_card
from medeval.trainers.clean import clean_samples
from medeval.trainers.data_config import (
    DataConfig,
    ResolvedSource,
    data_root,
    load_config,
    resolve_sources,
)
from medeval.trainers.sources import Sample, read_source, write_jsonl

SPLITS = ("train", "val", "test")


@dataclass
class BuildResult:
    out_dir: Path
    card: dict[str, Any]


def build(
    config_path: str | Path,
    out_dir: str | Path,
    *,
    data_dir: str | Path | None = None,
    progress: bool = True,
) -> BuildResult:
    """Build DATA_DIR (train/val/test.jsonl, card.json, card.md) from a config file."""
    from tqdm import tqdm

    config_path, out = Path(config_path), Path(out_dir)
    config = load_config(config_path)
    check_recipe_training(config_path, out)
    sources = resolve_sources(config, config_path, data_dir)
    root = data_root(config, config_path, data_dir)
    _check_suites(config)
    if config.phi.enabled:
        check_presidio()

    samples: list[Sample] = []
    for source in tqdm(sources, desc="reading sources", unit="source", disable=not progress):
        samples.extend(read_source(source))
    samples = _unique_ids(samples)
    counts: dict[str, dict[str, int]] = {"loaded": _per_source(samples, config)}

    samples, clean_report = clean_samples(samples, config.clean.near_duplicate_threshold)
    counts["after_clean"] = _per_source(samples, config)

    decontamination: dict[str, Any] = {"enabled": config.decontaminate.enabled}
    if config.decontaminate.enabled:
        samples, decontamination = decontaminate_samples(samples, config, root, progress)
    counts["after_decontaminate"] = _per_source(samples, config)

    from medeval.trainers.split import apply_safety, mix, split

    mixed, _ = mix(samples, config)
    counts["mixed"] = _per_source(mixed, config)

    phi: dict[str, Any] = {"enabled": config.phi.enabled, "per_source": {}}
    if config.phi.enabled:
        phi["per_source"] = scrub_samples(mixed, out / ".work" / "phi-cache.jsonl", progress)
    counts["after_phi"] = _per_source(mixed, config)
    safe = [
        apply_safety(
            s, system_prompt=config.safety.system_prompt, disclaimer=config.safety.disclaimer
        )
        for s in mixed
    ]
    parts = split(safe, config)
    checksums = {}
    for name in SPLITS:
        path = out / f"{name}.jsonl"
        write_jsonl(path, [s.to_record() for s in parts[name]])
        checksums[path.name] = _sha256(path)
    card = _card(
        config,
        config_path,
        out,
        sources,
        counts,
        clean_report.as_dict(),
        decontamination,
        phi,
        parts,
        checksums,
    )
    write_card(out, card)
    return BuildResult(out, card)


def decontaminate_samples(
    samples: list[Sample], config: DataConfig, root: Path | None, progress: bool = True
) -> tuple[list[Sample], dict[str, Any]]:
    from tqdm import tqdm

    from medeval.trainers.decontaminate import DecontaminationReport, eval_index

    options = config.decontaminate
    index, summary = eval_index(
        root,
        options.suites,
        n=options.ngram,
        threshold=options.near_duplicate_threshold,
        panel=options.panel,
    )
    report = DecontaminationReport()
    kept = []
    for sample in tqdm(samples, desc="decontaminating", unit="sample", disable=not progress):
        matches = index.check(sample.text(), prompt=sample.text(roles=("user",)))
        if matches:
            report.record(sample.id, sample.source, matches)
        else:
            kept.append(sample)
    details = {
        "enabled": True,
        "ngram": options.ngram,
        "near_duplicate_threshold": options.near_duplicate_threshold,
        **summary,
        **report.as_dict(),
    }
    return kept, details


def scrub_samples(
    samples: list[Sample], cache_path: Path, progress: bool = True
) -> dict[str, dict[str, int]]:
    """Scrub every user and assistant message in place; per-source counts per placeholder."""
    from tqdm import tqdm

    from medeval.trainers.phi import PhiScrubber, scrubber_version

    version = scrubber_version()
    cache = _read_phi_cache(cache_path)
    scrubber: PhiScrubber | None = None
    per_source: dict[str, Counter[str]] = {}
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    with cache_path.open("a", encoding="utf-8") as handle:
        for sample in tqdm(samples, desc="scrubbing PHI", unit="sample", disable=not progress):
            counter = per_source.setdefault(sample.source, Counter())
            for message in sample.messages:
                if message["role"] == "system":
                    continue
                key = _phi_key(version, message["content"])
                if key not in cache:
                    if scrubber is None:
                        scrubber = PhiScrubber()
                    scrubbed, found = scrubber.scrub(message["content"])
                    cache[key] = (scrubbed, dict(found))
                    record = {"key": key, "text": scrubbed, "counts": dict(found)}
                    handle.write(json.dumps(record) + "\n")
                    handle.flush()
                text, kinds = cache[key]
                message["content"] = text
                counter.update(kinds)
    return {name: dict(sorted(counter.items())) for name, counter in per_source.items()}


def _phi_key(version: str, text: str) -> str:
    return hashlib.sha256(f"{version}\0{text}".encode()).hexdigest()


def _read_phi_cache(path: Path) -> dict[str, tuple[str, dict[str, int]]]:
    cache: dict[str, tuple[str, dict[str, int]]] = {}
    if not path.is_file():
        return cache
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
                cache[record["key"]] = (record["text"], record["counts"])
            except (json.JSONDecodeError, KeyError, TypeError):
                continue  # a torn last line from an interrupted build: scrub it again
    return cache


def check_recipe_training(config_path: Path, out: Path) -> None:
    """A recipe's ``train:`` section, validated as `medeval train` will read it (its ``data``
    folder defaulting to this build's output), so its typos stop the build before it starts."""
    from medeval.trainers import recipe
    from medeval.trainers.train_config import load_config as load_train_config

    raw = recipe.read_yaml(config_path)
    if not recipe.is_recipe(raw) or recipe.section(raw, "train", config_path) is None:
        return
    section = recipe.section(raw, "train", config_path) or {}
    load_train_config(config_path, {} if "data" in section else {"data": str(out)})


def _check_suites(config: DataConfig) -> None:
    if not (config.decontaminate.enabled and config.decontaminate.suites):
        return
    from medeval.registry import SUITE_GROUP, Registry

    known = Registry.from_entry_points(SUITE_GROUP).names()
    unknown = [name for name in config.decontaminate.suites if name not in known]
    if unknown:
        raise UsageError(
            f"decontaminate.suites names unknown suite(s) {', '.join(unknown)}; "
            f"registered: {', '.join(known)}"
        )


def check_presidio() -> None:
    import importlib.util

    modules = ("presidio_analyzer", "spacy", "philter_lite")
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(
            f"PHI scrubbing needs {', '.join(missing)}: pip install 'medeval[train]' "
            "(or set phi.enabled: false)"
        )


def _unique_ids(samples: list[Sample]) -> list[Sample]:
    seen: Counter[str] = Counter()
    for sample in samples:
        seen[sample.id] += 1
        if seen[sample.id] > 1:
            sample.id = f"{sample.id}~{seen[sample.id]}"
    return samples


def _per_source(samples: list[Sample], config: DataConfig) -> dict[str, int]:
    counts = {source.name: 0 for source in config.sources}
    for sample in samples:
        counts[sample.source] += 1
    return counts


def _sha256(path: Path) -> str:
    from medeval.files import sha256_file

    return sha256_file(path)


def _card(
    config: DataConfig,
    config_path: Path,
    out: Path,
    sources: list[ResolvedSource],
    counts: dict[str, dict[str, int]],
    cleaning: dict[str, Any],
    decontamination: dict[str, Any],
    phi: dict[str, Any],
    parts: dict[str, list[Sample]],
    checksums: dict[str, str],
) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str | None] = {}
    for package in ("medeval", "presidio-analyzer", "spacy", "philter-lite"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    mixed_total = sum(counts["mixed"].values()) or 1
    return {
        "name": out.name,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_path": str(config_path),
        "config": config.model_dump(mode="json"),
        "seed": config.seed,
        "versions": versions,
        "sources": {
            s.name: {"format": s.config.format, "category": s.config.category, "origin": s.origin}
            for s in sources
        },
        "counts": counts,
        "ratios": {
            s.name: {
                "wanted": s.ratio,
                "achieved": counts["mixed"][s.name] / mixed_total,
            }
            for s in config.sources
        },
        "cleaning": cleaning,
        "decontamination": decontamination,
        "phi": phi,
        "safety": config.safety.model_dump(),
        "splits": {
            name: {
                "count": len(items),
                "per_source": dict(Counter(s.source for s in items)),
            }
            for name, items in parts.items()
        },
        "checksums": checksums,
    }
