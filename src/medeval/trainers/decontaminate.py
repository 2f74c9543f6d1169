"""Decontamination: no training sample may overlap an evaluation item of any registered suite,
nor a prompt the expert panel rates answers to.

The evaluation items are loaded through the suites themselves (the entry-point registry, the
same code `medeval run` scores), so every suite a user can run is covered, plugins included:
MedQA test, MedMCQA dev, PubMedQA test, MMLU medical test, the red-team prompts with their
attacked variants, and, with a data directory, MedSafetyBench's test split and XSTest. The
panel's prompts are loaded through the panel's own prompt pools (``medeval.rubrics.answers``):
the consumer-health questions of ``consumer_health/`` (patient_education), the concept list
(concept_explanation) and the PubMedQA abstracts it asks summaries of (pubmedqa_summary: the
500 of the official test split, so a mix may train on PubMedQA's non-test half). Panel red-team
prompts are the redteam suite's, already covered.

A sample is dropped when

* it shares a word 13-gram (configurable) with an item's text (question, options, abstract,
  conversation turns), or
* it contains, word for word, a whole item question shorter than 13 words (at least
  ``MIN_CONTAINED_WORDS``), or
* for a multiple-choice item whose question is shorter than that ("Axonal transport is:"), it
  contains the whole question and every option, each word for word (the option letters a
  training format puts between them break every longer n-gram), or
* it is a near-duplicate of an item: word-trigram Jaccard >= the threshold (default 0.8) between
  the item and the sample's prompt or whole text, found with MinHash LSH and then verified.

The index is built once per build (a few seconds) and checks a sample in well under a
millisecond; it is cached on disk keyed by the suites' data checksums.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from medeval.cache import cache_dir as user_cache
from medeval.trainers.ngrams import (
    LSH_BANDS,
    MinHasher,
    jaccard,
    ngram_hashes,
    sequence_hash,
    shingles,
    word_hashes,
)

MIN_CONTAINED_WORDS = 6
INDEX_VERSION = "2"
#: The panel's task types whose prompts come from data (the red-team task is the redteam suite).
PANEL_TASKS = ("patient_education", "concept_explanation", "pubmedqa_summary")


@dataclass(frozen=True)
class EvalText:
    """One evaluation item's text, as the index sees it."""

    suite: str
    item_id: str
    text: str
    question: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """Why a sample was dropped: the suite, the item and the rule that fired."""

    suite: str
    item_id: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"suite": self.suite, "item_id": self.item_id, "reason": self.reason}


def suite_texts(
    data_dir: Path | None, suites: Sequence[str] | None = None
) -> tuple[list[EvalText], dict[str, str]]:
    """Every item of the registered suites (or `suites`), and the data checksums they read."""
    from tqdm import tqdm

    from medeval.registry import SUITE_GROUP, Registry

    registry = Registry.from_entry_points(SUITE_GROUP)
    names = list(suites) if suites is not None else registry.names()
    texts: list[EvalText] = []
    checksums: dict[str, str] = {}
    for name in tqdm(names, desc="loading evaluation suites", unit="suite", leave=False):
        suite = registry.load(name)()
        suite.name = name
        for item in suite.items(data_dir):
            turns = [str(turn) for turn in item.metadata.get("turns", [])]
            question = item.question or item.input
            text = "\n".join([question, *item.options, *turns])
            texts.append(EvalText(name, item.id, text, question, tuple(item.options)))
        checksums.update({f"{name}:{path}": digest for path, digest in suite.checksums.items()})
    return texts, checksums


def panel_texts(
    data_dir: Path | None, tasks: Sequence[str]
) -> tuple[list[EvalText], dict[str, str]]:
    """The expert panel's prompts of `tasks` (``panel:<task>`` in matches), and file checksums."""
    from medeval.errors import UsageError
    from medeval.files import sha256_file
    from medeval.rubrics.answers import (
        CONSUMER_HEALTH_FILES,
        concept_prompts,
        consumer_health_prompts,
        pubmedqa_prompts,
    )

    unknown = [task for task in tasks if task not in PANEL_TASKS]
    if unknown:
        raise UsageError(
            f"unknown panel task(s) {', '.join(unknown)}; known: {', '.join(PANEL_TASKS)}"
        )
    needs_data = [task for task in tasks if task != "concept_explanation"]
    if needs_data and data_dir is None:
        raise UsageError(
            f"the panel's {', '.join(needs_data)} prompts are read from the data directory: "
            "pass --data-dir or set MEDEVAL_DATA_DIR"
        )
    texts: list[EvalText] = []
    checksums: dict[str, str] = {}
    for task in tasks:
        if task == "patient_education":
            assert data_dir is not None
            prompts = consumer_health_prompts(data_dir)
            files = [data_dir / "consumer_health" / name for name in CONSUMER_HEALTH_FILES]
        elif task == "concept_explanation":
            prompts, files = concept_prompts(), []
        else:
            assert data_dir is not None
            prompts = pubmedqa_prompts(data_dir)
            files = [
                data_dir / "pubmedqa" / name for name in ("ori_pqal.json", "test_ground_truth.json")
            ]
        for prompt in prompts:
            text = "\n".join(part for part in (prompt.question, prompt.context) if part)
            texts.append(EvalText(f"panel:{task}", prompt.id, text, prompt.question))
        for path in files:
            checksums[f"panel:{task}:{path.relative_to(data_dir or path.parent)}"] = sha256_file(
                path
            )
    return texts, checksums


@dataclass
class EvalIndex:
    """N-gram, containment and MinHash indexes over the evaluation items."""

    n: int
    threshold: float
    owners: list[tuple[str, str]]  # item index -> (suite, item id)
    gram_hashes: np.ndarray[Any, np.dtype[np.uint64]]  # sorted
    gram_owner: np.ndarray[Any, np.dtype[np.int64]]
    contained: dict[int, dict[int, int]]  # length -> sequence hash -> item index
    # short question length -> its hash -> [(item index, [(option length, option hash)])]
    short_choice: dict[int, dict[int, list[tuple[int, list[tuple[int, int]]]]]]
    item_shingles: list[np.ndarray[Any, Any]]
    signatures: np.ndarray[Any, np.dtype[np.uint64]]  # item index -> MinHash signature
    buckets: list[dict[bytes, list[int]]] = field(default_factory=list)
    hasher: MinHasher = field(default_factory=MinHasher)

    @classmethod
    def build(cls, texts: Sequence[EvalText], n: int = 13, threshold: float = 0.8) -> EvalIndex:
        from tqdm import tqdm

        grams, owners_of_grams = [], []
        contained: dict[int, dict[int, int]] = {}
        short_choice: dict[int, dict[int, list[tuple[int, list[tuple[int, int]]]]]] = {}
        item_shingles, signatures = [], []
        hasher = MinHasher()
        for index, item in enumerate(tqdm(texts, desc="indexing evaluation items", leave=False)):
            tokens = word_hashes(item.text)
            hashes = np.unique(ngram_hashes(tokens, n))
            grams.append(hashes)
            owners_of_grams.append(np.full(len(hashes), index, dtype=np.int64))
            question = word_hashes(item.question)
            if MIN_CONTAINED_WORDS <= len(question) < n:
                contained.setdefault(len(question), {})[sequence_hash(question)] = index
            elif 0 < len(question) < MIN_CONTAINED_WORDS and item.options:
                options = [word_hashes(option) for option in item.options]
                signature = [(len(o), sequence_hash(o)) for o in options if len(o)]
                if signature:
                    table = short_choice.setdefault(len(question), {})
                    table.setdefault(sequence_hash(question), []).append((index, signature))
            item_shingles.append(shingles(tokens))
            signatures.append(hasher.signature(item_shingles[-1]))
        all_grams = np.concatenate(grams) if grams else np.empty(0, dtype=np.uint64)
        all_owners = np.concatenate(owners_of_grams) if grams else np.empty(0, dtype=np.int64)
        order = np.argsort(all_grams, kind="stable")
        index_ = cls(
            n=n,
            threshold=threshold,
            owners=[(t.suite, t.item_id) for t in texts],
            gram_hashes=all_grams[order],
            gram_owner=all_owners[order],
            contained=contained,
            short_choice=short_choice,
            item_shingles=item_shingles,
            signatures=np.array(signatures, dtype=np.uint64).reshape(-1, hasher.a.shape[0]),
            hasher=hasher,
        )
        index_._fill_buckets()
        return index_

    def _fill_buckets(self) -> None:
        self.buckets = [{} for _ in range(LSH_BANDS)]
        for index, item in enumerate(self.item_shingles):
            for band, key in self.hasher.band_keys(item, self.signatures[index]):
                self.buckets[band].setdefault(key, []).append(index)

    def check(self, text: str, prompt: str | None = None) -> list[Match]:
        """Every suite `text` overlaps (one match per suite, the first rule that fired)."""
        matches: dict[str, Match] = {}
        tokens = word_hashes(text)
        grams = ngram_hashes(tokens, self.n)
        if len(grams) and len(self.gram_hashes):
            positions = np.searchsorted(self.gram_hashes, grams)
            positions[positions >= len(self.gram_hashes)] = 0
            hit = self.gram_hashes[positions] == grams
            for position in np.unique(positions[hit]):
                self._add(matches, int(self.gram_owner[position]), f"shares a {self.n}-gram")
        for length, table in self.contained.items():
            for value in set(ngram_hashes(tokens, length).tolist()) & table.keys():
                self._add(matches, table[value], "contains the whole item question")
        present: dict[int, set[int]] = {}  # n-gram hashes of the text, per length, as needed

        def grams_of(length: int) -> set[int]:
            if length not in present:
                present[length] = set(ngram_hashes(tokens, length).tolist())
            return present[length]

        for length, choices in self.short_choice.items():
            for value in grams_of(length) & choices.keys():
                for owner, options in choices[value]:
                    if all(h in grams_of(size) for size, h in options):
                        self._add(matches, owner, "contains the item question and every option")
        candidates_texts = [tokens]
        if prompt is not None and prompt != text:
            candidates_texts.insert(0, word_hashes(prompt))
        for candidate_tokens in candidates_texts:
            current = shingles(candidate_tokens)
            candidates = {
                j
                for band, key in self.hasher.band_keys(current)
                for j in self.buckets[band].get(key, ())
            }
            for owner in sorted(candidates):
                similarity = jaccard(current, self.item_shingles[owner])
                if similarity >= self.threshold:
                    self._add(matches, owner, f"near-duplicate (Jaccard {similarity:.2f})")
        return list(matches.values())

    def _add(self, matches: dict[str, Match], owner: int, reason: str) -> None:
        suite, item_id = self.owners[owner]
        matches.setdefault(suite, Match(suite, item_id, reason))

    # ---------------------------------------------------------------- cache

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        contained = [(length, h, o) for length, t in self.contained.items() for h, o in t.items()]
        short_choice = [
            [length, value, owner, options]
            for length, table in self.short_choice.items()
            for value, entries in table.items()
            for owner, options in entries
        ]
        lengths = np.array([len(s) for s in self.item_shingles], dtype=np.int64)
        flat = np.concatenate(self.item_shingles) if self.item_shingles else np.empty(0, np.uint64)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            meta=np.array(json.dumps({"n": self.n, "threshold": self.threshold})),
            owners=np.array(json.dumps(self.owners)),
            gram_hashes=self.gram_hashes,
            gram_owner=self.gram_owner,
            contained=np.array(contained, dtype=np.uint64).reshape(-1, 3),
            short_choice=np.array(json.dumps(short_choice)),
            shingle_lengths=lengths,
            shingles=flat,
            signatures=self.signatures,
        )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> EvalIndex:
        with np.load(path) as data:
            meta = json.loads(str(data["meta"]))
            contained: dict[int, dict[int, int]] = {}
            for length, value, owner in data["contained"].tolist():
                contained.setdefault(int(length), {})[int(value)] = int(owner)
            short_choice: dict[int, dict[int, list[tuple[int, list[tuple[int, int]]]]]] = {}
            for length, value, owner, options in json.loads(str(data["short_choice"])):
                table = short_choice.setdefault(int(length), {})
                table.setdefault(int(value), []).append(
                    (int(owner), [(int(size), int(h)) for size, h in options])
                )
            splits = np.cumsum(data["shingle_lengths"])[:-1]
            index = cls(
                n=int(meta["n"]),
                threshold=float(meta["threshold"]),
                owners=[(s, i) for s, i in json.loads(str(data["owners"]))],
                gram_hashes=data["gram_hashes"],
                gram_owner=data["gram_owner"],
                contained=contained,
                short_choice=short_choice,
                item_shingles=list(np.split(data["shingles"], splits)),
                signatures=data["signatures"],
            )
        index._fill_buckets()
        return index


def eval_index(
    data_dir: Path | None,
    suites: Sequence[str] | None = None,
    n: int = 13,
    threshold: float = 0.8,
    cache_dir: Path | None = None,
    panel: Sequence[str] = (),
) -> tuple[EvalIndex, dict[str, Any]]:
    """The index over the evaluation items and the `panel` tasks' prompts, from the cache when
    their data is unchanged.

    Returns the index and a summary (items per suite, panel prompts per task, what was not
    checked, data checksums) for the dataset card.
    """
    texts, checksums = suite_texts(data_dir, suites)
    prompts, panel_checksums = panel_texts(data_dir, panel)
    texts += prompts
    checksums.update(panel_checksums)
    per_suite: dict[str, int] = {}
    for text in texts:
        per_suite[text.suite] = per_suite.get(text.suite, 0) + 1
    summary = {
        "items_per_suite": {k: v for k, v in per_suite.items() if not k.startswith("panel:")},
        "panel_prompts_per_task": {
            k.removeprefix("panel:"): v for k, v in per_suite.items() if k.startswith("panel:")
        },
        "panel_tasks_not_checked": [task for task in PANEL_TASKS if task not in panel],
        "data_checksums": checksums,
    }
    digest = hashlib.sha256(
        json.dumps(
            [
                INDEX_VERSION,
                n,
                threshold,
                [(t.suite, t.item_id, t.text, t.question, t.options) for t in texts],
            ]
        ).encode()
    ).hexdigest()[:24]
    path = (cache_dir or user_cache()) / "decontaminate" / f"index-{digest}.npz"
    if path.is_file():
        try:
            return EvalIndex.load(path), summary
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)  # a torn cache file is rebuilt
    index = EvalIndex.build(texts, n=n, threshold=threshold)
    index.save(path)
    return index, summary


@dataclass
class DecontaminationReport:
    """Drops per source and per suite, and the reason for each dropped sample."""

    per_source: dict[str, int] = field(default_factory=dict)
    per_suite: dict[str, int] = field(default_factory=dict)
    dropped: list[dict[str, Any]] = field(default_factory=list)

    def record(self, sample_id: str, source: str, matches: list[Match]) -> None:
        self.per_source[source] = self.per_source.get(source, 0) + 1
        for match in matches:
            self.per_suite[match.suite] = self.per_suite.get(match.suite, 0) + 1
        self.dropped.append(
            {"id": sample_id, "source": source, "matches": [m.as_dict() for m in matches]}
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "dropped_per_source": self.per_source,
            "dropped_per_suite": self.per_suite,
            "dropped": self.dropped,
        }
