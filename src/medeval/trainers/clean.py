"""Cleaning: normalised text, no control characters, no empty or duplicate samples.

Dosage spacing is changed only where a unit directly follows a number ("5mg" -> "5 mg",
"0.5mcg/kg" -> "0.5 mcg/kg"); a word that merely contains a unit ("mgso4", "Mg2+", "5mgmt") is
never touched, because the unit must end at a word boundary and start right after a digit that
itself starts a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from medeval.trainers.ngrams import LSH_BANDS, MinHasher, jaccard, shingles
from medeval.trainers.sources import Sample

UNITS = ("mcg", "mg", "µg", "ug", "ng", "g", "kg", "mL", "ml", "L", "IU", "mmol", "mEq", "units")
DOSAGE = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")(?![\w])"
)
_KEEP = {"\n", "\t"}
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def strip_control(text: str) -> str:
    """Drop control and format characters (NUL, escapes, zero-width marks), keep newlines."""
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


def normalise_whitespace(text: str) -> str:
    """One space between words, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def space_dosages(text: str) -> str:
    return DOSAGE.sub(r"\1 \2", text)


def clean_text(text: str) -> str:
    return space_dosages(normalise_whitespace(strip_control(unicodedata.normalize("NFC", text))))


@dataclass
class CleanReport:
    """What cleaning dropped, per source."""

    empty: dict[str, int] = field(default_factory=dict)
    exact_duplicates: dict[str, int] = field(default_factory=dict)
    near_duplicates: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "empty": self.empty,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
        }


def clean_samples(
    samples: Iterable[Sample], near_duplicate_threshold: float = 0.85
) -> tuple[list[Sample], CleanReport]:
    """Clean every message; drop empty samples, then exact and near duplicates (first kept)."""
    report = CleanReport()
    kept: list[Sample] = []
    seen_exact: set[str] = set()
    for sample in samples:
        for message in sample.messages:
            message["content"] = clean_text(message["content"])
        if any(not m["content"] for m in sample.messages if m["role"] != "system"):
            _bump(report.empty, sample.source)
            continue
        key = " ".join(sample.text().lower().split())
        if key in seen_exact:
            _bump(report.exact_duplicates, sample.source)
            continue
        seen_exact.add(key)
        kept.append(sample)
    unique = []
    for sample, duplicate in zip(
        kept, near_duplicates(kept, near_duplicate_threshold), strict=True
    ):
        if duplicate:
            _bump(report.near_duplicates, sample.source)
        else:
            unique.append(sample)
    return unique, report


def near_duplicates(samples: list[Sample], threshold: float) -> list[bool]:
    """Whether each sample near-duplicates an earlier one (word-trigram Jaccard >= threshold)."""
    hasher = MinHasher()
    buckets: list[dict[bytes, list[int]]] = [{} for _ in range(LSH_BANDS)]
    kept_shingles: dict[int, Any] = {}
    flags = []
    for index, sample in enumerate(samples):
        current = shingles(sample.text())
        keys = hasher.band_keys(current)
        candidates = {j for band, key in keys for j in buckets[band].get(key, ())}
        duplicate = any(jaccard(current, kept_shingles[j]) >= threshold for j in sorted(candidates))
        flags.append(duplicate)
        if not duplicate:
            kept_shingles[index] = current
            for band, key in keys:
                buckets[band].setdefault(key, []).append(index)
    return flags


def _bump(counter: dict[str, int], key: str) -> None:
    counter[key] = counter.get(key, 0) + 1
