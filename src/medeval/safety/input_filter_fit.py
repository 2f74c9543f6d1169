"""Fitting the input filter: its training data, the seeded held-back split, the fit itself.

Used by ``scripts/refit_input_filter.py`` (which writes ``input_filter.json``), by
``benchmarks/input_filter.py`` (which needs the same held-back consumer-health questions) and by
the tests. scikit-learn and numpy are imported inside :func:`fit_filter` only.

What the filter is fitted on (nothing else is opened):

* harmful: MedSafetyBench's TRAIN split (``medsafetybench/train/<model>/...category_<k>.csv``,
  column ``harmful_medical_request``);
* benign: the consumer-health questions (HealthSearchQA, TREC LiveQA medical, MedicationQA)
  outside the held-back share, MedQuAD's patient-education questions and (recipe 3) PubMedQA's
  PQA-L questions outside its official test split; the refit script adds medeval's own prompts
  that deserve an answer (it may import the red-team and latency prompt sets; this module may
  not).

The held-back share of consumer-health questions is chosen by a hash of the normalised question
text and the seed, so a question asked twice (in one file or two) always falls on the same side
and the split does not depend on file order. MedSafetyBench's test split, XSTest and medeval's
own red-team prompts are never read here: they are the evaluation sets.
"""

from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.files import read_csv_records, read_json, read_jsonl, sha256_file

SPLIT_SEED = 20250601
HELD_BACK_SHARE = 0.30
SPLIT_SALT = "medeval-input-filter-split"
CONSUMER_HEALTH_FILES: tuple[tuple[str, str], ...] = (
    ("healthsearchqa.jsonl", "question"),
    ("liveqa_medical_trec2017.jsonl", "question"),
    ("medicationqa.jsonl", "Question"),
)
MSB_MODELS = ("gpt4", "llama2")
MSB_CATEGORIES = tuple(range(1, 10))

#: The fitting recipe, fixed before any evaluation set was scored (benchmarks/input_filter.py).
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
WORD_MIN_DF, CHAR_MIN_DF = 2, 3
WORD_MAX_FEATURES, CHAR_MAX_FEATURES = 20000, 30000
C_GRID = (0.3, 1.0, 3.0, 10.0)
FOLDS = 5
#: At most this share of each benign training source may score at or above the threshold
#: (out-of-fold); the evaluation targets are 5% (consumer health) and 10% (XSTest safe).
FALSE_BLOCK_BUDGET = 0.01
FIT_SEED = 20250601


def normalise(text: str) -> str:
    """Lower case, whitespace collapsed: the key for de-duplication and the split."""
    return " ".join(text.lower().split())


def held_back(text: str, seed: int = SPLIT_SEED, share: float = HELD_BACK_SHARE) -> bool:
    """Whether a consumer-health question is in the held-back (evaluation) share."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{seed}:{normalise(text)}".encode()).hexdigest()
    return int(digest[:15], 16) / float(16**15) < share


@dataclass
class Sources:
    """Texts read from the data folder, with the files they came from (for checksums)."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # path relative to data dir -> sha256


def _unique(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for text in texts:
        key = normalise(text)
        if key and key not in seen:
            seen.add(key)
            kept.append(text.strip())
    return kept


def _record(sources: Sources, data_dir: Path, path: Path) -> None:
    sources.files[path.relative_to(data_dir).as_posix()] = sha256_file(path)


def msb_requests(data_dir: Path, split: str, sources: Sources | None = None) -> list[str]:
    """MedSafetyBench's harmful requests of one split, unique, in file order."""
    texts = []
    for model in MSB_MODELS:
        for category in MSB_CATEGORIES:
            path = data_dir / "medsafetybench" / split / model
            path = path / f"med_safety_demonstrations_category_{category}.csv"
            for line, row in read_csv_records(path, required=("harmful_medical_request",)):
                text = row["harmful_medical_request"]
                if not text.strip():
                    raise DataError(path, "empty value", line=line, field="harmful_medical_request")
                texts.append(text)
            if sources is not None:
                _record(sources, data_dir, path)
    return _unique(texts)


def consumer_health_questions(data_dir: Path, sources: Sources | None = None) -> list[str]:
    """Every consumer-health question, unique by normalised text, in file order."""
    texts = []
    for name, column in CONSUMER_HEALTH_FILES:
        path = data_dir / "consumer_health" / name
        for line, record in read_jsonl(path):
            value = record.get(column)
            if not isinstance(value, str):
                raise DataError(path, "missing or non-text question", line=line, field=column)
            texts.append(value)
        if sources is not None:
            _record(sources, data_dir, path)
    return _unique(texts)


def consumer_health_split(
    data_dir: Path, seed: int = SPLIT_SEED, share: float = HELD_BACK_SHARE
) -> tuple[list[str], list[str]]:
    """(fitting share, held-back share) of the consumer-health questions."""
    questions = consumer_health_questions(data_dir)
    back = [q for q in questions if held_back(q, seed, share)]
    return [q for q in questions if not held_back(q, seed, share)], back


def texts_digest(texts: Iterable[str]) -> str:
    """sha256 of the sorted normalised texts: names a set of prompts without shipping it."""
    joined = "\n".join(sorted(normalise(text) for text in texts))
    return hashlib.sha256(joined.encode()).hexdigest()


def medquad_questions(data_dir: Path, sources: Sources | None = None) -> list[str]:
    """MedQuAD's questions (all 9 subsets, files in sorted order), unique."""
    root = data_dir / "medquad"
    paths = sorted(root.glob("*/*.xml"))
    if not paths:
        raise DataError(root, "no MedQuAD XML files found (expected medquad/<n>_<source>_QA/*.xml)")
    texts = []
    digest = hashlib.sha256()
    for path in paths:
        try:
            tree = ElementTree.parse(path)
        except ElementTree.ParseError as exc:
            raise DataError(path, f"malformed XML ({exc})", line=exc.position[0]) from None
        texts += [node.text or "" for node in tree.iter("Question")]
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(bytes.fromhex(sha256_file(path)))
    if sources is not None:
        sources.files["medquad/*/*.xml"] = digest.hexdigest()
    return _unique(texts)


def pubmedqa_nontest_questions(data_dir: Path, sources: Sources | None = None) -> list[str]:
    """PubMedQA PQA-L questions outside the official 500-question test split (never scored)."""
    labelled_path = data_dir / "pubmedqa" / "ori_pqal.json"
    test_path = data_dir / "pubmedqa" / "test_ground_truth.json"
    labelled, test = read_json(labelled_path), read_json(test_path)
    if not isinstance(labelled, dict) or not isinstance(test, dict):
        raise DataError(labelled_path, "expected JSON objects keyed by PMID")
    texts = []
    for pmid, record in labelled.items():
        if pmid in test:
            continue
        if not isinstance(record, dict) or not isinstance(record.get("QUESTION"), str):
            raise DataError(labelled_path, f"record {pmid}: missing question", field="QUESTION")
        texts.append(record["QUESTION"])
    if sources is not None:
        _record(sources, data_dir, labelled_path)
        _record(sources, data_dir, test_path)
    return _unique(texts)


def training_sources(data_dir: Path) -> Sources:
    """The fitting data: harmful MSB train, benign consumer-health fit share and MedQuAD."""
    sources = Sources()
    sources.texts["medsafetybench_train"] = msb_requests(data_dir, "train", sources)
    questions = consumer_health_questions(data_dir, sources)
    sources.texts["consumer_health_fit"] = [q for q in questions if not held_back(q)]
    held = [q for q in questions if held_back(q)]
    medquad = medquad_questions(data_dir, sources)
    # A MedQuAD question that is also a held-back consumer question would leak: drop it.
    held_keys = {normalise(q) for q in held}
    sources.texts["medquad"] = [q for q in medquad if normalise(q) not in held_keys]
    sources.texts["_held_back"] = held
    return sources


# ---------------------------------------------------------------- fitting (scikit-learn)


def _weights(labels: Sequence[int], groups: Sequence[str]) -> list[float]:
    """Each class half the total weight; within the benign class, each source an equal share."""
    n = len(labels)
    harmful = sum(labels)
    benign_groups = sorted({g for g, y in zip(groups, labels, strict=True) if y == 0})
    per_group = {g: sum(1 for h in groups if h == g) for g in benign_groups}
    return [
        n / (2 * harmful) if y else n / (2 * len(benign_groups) * per_group[g])
        for g, y in zip(groups, labels, strict=True)
    ]


def _vectorizers() -> list[Any]:
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer

    return [
        TfidfVectorizer(
            analyzer="word",
            ngram_range=WORD_NGRAMS,
            min_df=WORD_MIN_DF,
            max_features=WORD_MAX_FEATURES,
            sublinear_tf=True,
            dtype=numpy.float64,
        ),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=CHAR_NGRAMS,
            min_df=CHAR_MIN_DF,
            max_features=CHAR_MAX_FEATURES,
            sublinear_tf=True,
            dtype=numpy.float64,
        ),
    ]


def _fit_once(
    texts: Sequence[str], labels: Sequence[int], weights: Sequence[float], c: float
) -> Any:
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression

    vectorizers = _vectorizers()
    matrix = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit(matrix, labels, sample_weight=weights)
    return vectorizers, model


def _predict(fitted: Any, texts: Sequence[str]) -> list[float]:
    from scipy.sparse import hstack

    vectorizers, model = fitted
    matrix = hstack([v.transform(texts) for v in vectorizers]).tocsr()
    return [float(p) for p in model.predict_proba(matrix)[:, 1]]


def _threshold_for(scores: Sequence[float], budget: float) -> float:
    """The smallest threshold with at most `budget` of `scores` at or above it."""
    ordered = sorted(scores, reverse=True)
    allowed = math.floor(budget * len(ordered))
    if allowed >= len(ordered):
        return 0.0
    return math.nextafter(ordered[allowed], math.inf)


def fit_filter(
    texts: dict[str, list[str]],
    *,
    harmful: str = "medsafetybench_train",
    seed: int = FIT_SEED,
    c_grid: Sequence[float] = C_GRID,
    folds: int = FOLDS,
    budget: float = FALSE_BLOCK_BUDGET,
    benign_rules: Sequence[tuple[str, Any]] = (),
) -> dict[str, Any]:
    """Fit the filter and choose its threshold on the training data alone; return its JSON data.

    Args:
        texts: source name -> texts; ``harmful`` names the harmful source, every other source
            (except names starting with ``_``) is benign.
        benign_rules: (name, compiled pattern) of phrase rules to keep as an extra OR if they
            match none of the benign training texts.
    """
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold

    names = [name for name in texts if not name.startswith("_")]
    rows = [(text, name) for name in names for text in texts[name]]
    corpus = [text for text, _ in rows]
    groups = [name for _, name in rows]
    labels = [1 if name == harmful else 0 for name in groups]
    weights = _weights(labels, groups)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    fold_index = list(splitter.split(corpus, groups))  # stratified by source

    def out_of_fold(c: float) -> list[float]:
        predictions = [0.0] * len(corpus)
        for train, test in fold_index:
            fitted = _fit_once(
                [corpus[i] for i in train],
                [labels[i] for i in train],
                [weights[i] for i in train],
                c,
            )
            for i, score in zip(test, _predict(fitted, [corpus[i] for i in test]), strict=True):
                predictions[i] = score
        return predictions

    losses: dict[float, float] = {}
    predictions: dict[float, list[float]] = {}
    for c in c_grid:
        predictions[c] = out_of_fold(c)
        losses[c] = float(log_loss(labels, predictions[c], sample_weight=weights))
    best_c = min(c_grid, key=lambda c: (losses[c], c))
    oof = predictions[best_c]
    benign_names = [name for name in names if name != harmful]
    per_source_thresholds = {
        name: _threshold_for([s for s, g in zip(oof, groups, strict=True) if g == name], budget)
        for name in benign_names
    }
    threshold = max(per_source_thresholds.values())
    cross_validated = {
        name: {
            "n": groups.count(name),
            "blocked": sum(
                1 for s, g in zip(oof, groups, strict=True) if g == name and s >= threshold
            ),
        }
        for name in names
    }
    benign_texts = [text for text, y in zip(corpus, labels, strict=True) if not y]
    or_rules = [
        name
        for name, pattern in benign_rules
        if not any(pattern.search(text) for text in benign_texts)
    ]
    vectorizers, model = _fit_once(corpus, labels, weights, best_c)
    coefs = [float(c) for c in model.coef_[0]]
    blocks, offset = [], 0
    for vectorizer in vectorizers:
        vocabulary = vectorizer.vocabulary_
        idf = vectorizer.idf_
        blocks.append(
            {
                "analyzer": vectorizer.analyzer,
                "ngram_range": list(vectorizer.ngram_range),
                "terms": {
                    term: [round(float(idf[i]), 6), round(coefs[offset + i], 6)]
                    for term, i in sorted(vocabulary.items())
                },
            }
        )
        offset += len(vocabulary)
    import sklearn

    data = {
        "format": "medeval-input-filter",
        "format_version": 1,
        "threshold": round(threshold, 6),
        "intercept": round(float(model.intercept_[0]), 6),
        "or_rules": or_rules,
        "blocks": blocks,
        "recipe": {
            "features": "TF-IDF word 1-2-grams + char_wb 3-5-grams, sublinear tf, l2 per block",
            "word": {"min_df": WORD_MIN_DF, "max_features": WORD_MAX_FEATURES},
            "char_wb": {"min_df": CHAR_MIN_DF, "max_features": CHAR_MAX_FEATURES},
            "model": "logistic regression (lbfgs), class-balanced, benign sources equally weighted",
            "c_grid": list(c_grid),
            "c": best_c,
            "cv_log_loss": {str(c): round(v, 6) for c, v in losses.items()},
            "folds": folds,
            "seed": seed,
            "threshold_rule": (
                f"smallest threshold with at most {budget:.0%} of each benign training source "
                "scoring at or above it, on out-of-fold probabilities"
            ),
            "per_source_thresholds": {k: round(v, 6) for k, v in per_source_thresholds.items()},
            "or_rule_rule": "a phrase rule stays as an OR if it matches no benign training text",
            "scikit_learn": sklearn.__version__,
        },
        "cross_validated_on_training": cross_validated,
    }
    _check_parity(data, (vectorizers, model), corpus)
    return data


def _check_parity(data: dict[str, Any], fitted: Any, corpus: Sequence[str]) -> None:
    """The shipped scorer (standard library) must give scikit-learn's scores on every text."""
    from scipy.sparse import hstack

    from medeval.safety.input_filter import from_data

    vectorizers, model = fitted
    matrix = hstack([v.transform(corpus) for v in vectorizers]).tocsr()
    expected = model.decision_function(matrix)
    shipped = from_data(data)
    worst = max(
        abs(shipped.decision(text) - float(e)) for text, e in zip(corpus, expected, strict=True)
    )
    if worst > 1e-3:
        raise RuntimeError(f"the JSON scorer differs from scikit-learn by {worst:.2e}")
    data["recipe"]["parity_max_abs_decision_diff"] = float(f"{worst:.1e}")
