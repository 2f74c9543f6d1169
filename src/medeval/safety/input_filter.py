"""The learned input filter: how likely a user message is a harmful medical request.

A TF-IDF model (word 1-2-grams and character 3-5-grams inside word boundaries, each block
L2-normalised) with logistic-regression weights, fitted by ``scripts/refit_input_filter.py``
(scikit-learn, :mod:`medeval.safety.input_filter_fit`) and shipped as plain JSON data
(``input_filter.json``: vocabulary, idf, coefficients, intercept, threshold and what it was fitted
on). Scoring re-implements scikit-learn's ``TfidfVectorizer`` (``lowercase``,
``sublinear_tf``, ``norm="l2"``) in the standard library, so screening a prompt needs neither
scikit-learn nor numpy; the refit script checks that both give the same scores.

Why learned and not phrases: the phrase rules written from medeval's own red-team prompts blocked
47% of those prompts but 3.7% of MedSafetyBench's test requests. Fitted on MedSafetyBench's
*train* split against benign health questions, and measured on prompts it was not built from
(``benchmarks/input_filter.py``), the filter's figures say what it does on new prompts.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from medeval.errors import DataError

MODEL_RESOURCE = "input_filter.json"
FORMAT = "medeval-input-filter"
FORMAT_VERSION = 1

#: scikit-learn's default token pattern (two or more word characters).
WORD_PATTERN = re.compile(r"(?u)\b\w\w+\b")
_WHITESPACE_RUNS = re.compile(r"\s\s+")


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Word n-grams exactly as scikit-learn's ``analyzer="word"`` makes them (lower-cased)."""
    tokens = WORD_PATTERN.findall(text.lower())
    grams: list[str] = []
    for n in range(low, high + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside padded words, as scikit-learn's ``analyzer="char_wb"``."""
    grams: list[str] = []
    for word in _WHITESPACE_RUNS.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < length:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return grams


@dataclass(frozen=True)
class FeatureBlock:
    """One TF-IDF block: its analyzer, n-gram range and, per term, (idf, coefficient)."""

    analyzer: str  # "word" | "char_wb"
    low: int
    high: int
    terms: Mapping[str, tuple[float, float]]

    def grams(self, text: str) -> list[str]:
        if self.analyzer == "word":
            return word_ngrams(text, self.low, self.high)
        return char_wb_ngrams(text, self.low, self.high)

    def contribution(self, text: str) -> float:
        """This block's share of the decision value: coef . l2-normalised sublinear tf-idf."""
        counts = Counter(gram for gram in self.grams(text) if gram in self.terms)
        weighted = []
        for gram, count in counts.items():
            idf, coef = self.terms[gram]
            weighted.append(((1.0 + math.log(count)) * idf, coef))
        norm = math.sqrt(math.fsum(value * value for value, _ in weighted))
        if norm == 0.0:
            return 0.0
        return math.fsum(value * coef for value, coef in weighted) / norm


@dataclass(frozen=True)
class InputFilter:
    """The fitted filter: ``score`` is P(harmful request); ``blocks`` compares it to the threshold.

    ``or_rules`` names the guardrails' phrase rules kept as an extra reason to block (each was
    kept by the refit script only if it matched none of the benign training questions).
    """

    blocks: tuple[FeatureBlock, ...]
    intercept: float
    threshold: float
    or_rules: tuple[str, ...]
    meta: Mapping[str, Any]

    def decision(self, text: str) -> float:
        """The logistic regression's decision value (log-odds of a harmful request)."""
        return self.intercept + math.fsum(block.contribution(text) for block in self.blocks)

    def score(self, text: str) -> float:
        """P(harmful request) for one message, in [0, 1]."""
        value = self.decision(text)
        if value >= 0:
            return 1.0 / (1.0 + math.exp(-value))
        exp = math.exp(value)
        return exp / (1.0 + exp)

    def blocked(self, text: str) -> bool:
        return self.score(text) >= self.threshold


def from_data(data: Mapping[str, Any], origin: str = MODEL_RESOURCE) -> InputFilter:
    """Build the filter from its JSON data, checking the shape so a bad file fails clearly."""
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise DataError(origin, f"not a {FORMAT} v{FORMAT_VERSION} file", field="format")
    try:
        blocks = tuple(
            FeatureBlock(
                analyzer=str(block["analyzer"]),
                low=int(block["ngram_range"][0]),
                high=int(block["ngram_range"][1]),
                terms={str(t): (float(v[0]), float(v[1])) for t, v in block["terms"].items()},
            )
            for block in data["blocks"]
        )
        model = InputFilter(
            blocks=blocks,
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            or_rules=tuple(str(name) for name in data.get("or_rules", [])),
            meta={k: v for k, v in data.items() if k not in {"blocks"}},
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataError(origin, f"malformed input filter data ({exc!r})") from None
    if any(block.analyzer not in {"word", "char_wb"} for block in blocks):
        raise DataError(origin, "unknown analyzer (expected word or char_wb)", field="blocks")
    return model


def _resource() -> Any:
    return resources.files("medeval.safety").joinpath(MODEL_RESOURCE)


@lru_cache(maxsize=1)
def filter_digest() -> str:
    """sha256 of the shipped filter's JSON: part of a guarded model's fingerprint."""
    return hashlib.sha256(_resource().read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def load_filter() -> InputFilter:
    """The shipped filter, read once on first use (``medeval --help`` never reads it)."""
    resource = _resource()
    return from_data(
        json.loads(resource.read_text(encoding="utf-8")), f"medeval/safety/{MODEL_RESOURCE}"
    )
