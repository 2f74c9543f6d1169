"""Build run directories by hand, in the exact format `medeval run` writes, for gate/report/compare
tests and the speed benchmark. No model is involved: correctness per item is given, and the
metrics in results.json are computed from the records with medeval.stats, so they agree."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from medeval import stats
from medeval.types import MetricValue, ModelInfo, Scorecard, SuiteResult

HOSTILE = (
    "<script>window.__pwned = 1; document.title = 'pwned';</script>"
    '<img src=x onerror="window.__pwned = 2">'
)
PUBMEDQA_LABELS = ["yes", "no", "maybe"]
LETTERS = ["A", "B", "C", "D"]
MMLU_SUBJECTS = ["anatomy", "clinical_knowledge", "college_medicine", "medical_genetics"]
WITH_ACC_NORM = ("medqa", "medmcqa")  # the suites whose lm-eval task defines acc_norm


def _choice_record(suite: str, index: int, correct: bool, *, seed: int) -> dict[str, Any]:
    rng = random.Random(f"{suite}-{index}")
    pubmed = suite.split("@")[0] == "pubmedqa"
    choices = PUBMEDQA_LABELS if pubmed else LETTERS
    target = rng.randrange(len(choices))
    prediction = (
        target
        if correct
        else (target + 1 + random.Random(seed * 7919 + index).randrange(len(choices) - 1))
        % len(choices)
    )
    logliks = [round(-5.0 - rng.random() * 3, 4) for _ in choices]
    logliks[prediction] = -1.0 - rng.random() * 0.5
    normalised = suite.split("@")[0] in WITH_ACC_NORM
    metadata: dict[str, Any]
    if suite.startswith("medqa"):
        metadata = {"meta_info": "step1" if index % 2 == 0 else "step2&3"}
    elif suite.startswith("mmlu_medical"):
        metadata = {"subject": MMLU_SUBJECTS[index % len(MMLU_SUBJECTS)]}
    elif suite.startswith("medmcqa"):
        metadata = {"subject_name": ["Anatomy", "Pharmacology", "Surgery"][index % 3]}
    else:
        metadata = {}
    item_id = str(10_000_000 + index) if pubmed else f"{suite.split('@')[0]}-{index}"
    question = f"Question {index} of {suite}: which finding is most likely?"
    options = [] if pubmed else [f"Option {letter} for item {index}" for letter in LETTERS]
    return {
        "item_id": item_id,
        "suite": suite,
        "question": question,
        "options": options,
        "choices": list(choices),
        "target": target,
        "input": f"Question: {question}\nAnswer:",
        "metadata": metadata,
        "prediction": prediction,
        "prediction_norm": prediction if normalised else None,
        "choice_loglikelihoods": logliks,
        "correct": correct,
        "correct_norm": correct if normalised else None,
        "latency_s": None,
    }


def _breakdown(records: Sequence[Mapping[str, Any]], key: str) -> dict[str, MetricValue]:
    groups: dict[str, list[bool]] = {}
    for record in records:
        groups.setdefault(str(record["metadata"][key]), []).append(bool(record["correct"]))
    return {
        group: stats.proportion(sum(flags), len(flags)) for group, flags in sorted(groups.items())
    }


def choice_suite(
    suite: str,
    correct: Sequence[bool],
    *,
    seed: int = 0,
    n_requested: int | None = None,
    checksum: str | None = None,
) -> tuple[SuiteResult, list[dict[str, Any]]]:
    """A multiple-choice suite result and its sample records from per-item correctness."""
    records = [_choice_record(suite, i, flag, seed=seed) for i, flag in enumerate(correct)]
    n = len(records)
    hits = sum(1 for r in records if r["correct"])
    base = suite.split("@")[0]
    metrics = {"acc": stats.proportion(hits, n)}
    if base in WITH_ACC_NORM:
        metrics["acc_norm"] = stats.proportion(hits, n)
    breakdowns: dict[str, dict[str, MetricValue]] = {}
    extra: dict[str, Any] = {}
    if base == "medqa":
        breakdowns["meta_info"] = _breakdown(records, "meta_info")
    elif base == "mmlu_medical":
        breakdowns["subject"] = _breakdown(records, "subject")
    elif base == "medmcqa":
        breakdowns["subject_name"] = _breakdown(records, "subject_name")
    elif base == "pubmedqa":
        pairs = [(PUBMEDQA_LABELS[r["target"]], PUBMEDQA_LABELS[r["prediction"]]) for r in records]
        value = stats.macro_f1(pairs, PUBMEDQA_LABELS)
        low, high = stats.macro_f1_interval(pairs, PUBMEDQA_LABELS)  # as the suite writes it
        metrics["macro_f1"] = MetricValue(value=value, ci_low=low, ci_high=high, n=n)
        matrix = [[0] * 3 for _ in range(3)]
        for gold, pred in pairs:
            matrix[PUBMEDQA_LABELS.index(gold)][PUBMEDQA_LABELS.index(pred)] += 1
        extra["confusion_matrix"] = {"labels": PUBMEDQA_LABELS, "matrix": matrix}
    result = SuiteResult(
        suite=suite,
        version="1",
        metrics=metrics,
        breakdowns=breakdowns,
        data_checksums={f"/data/{base}/test.jsonl": checksum or f"{base}-sha256"},
        n_items=n,
        n_requested=n if n_requested is None else n_requested,
        extra=extra,
    )
    return result, records


def generation_suite(
    suite: str, responses: Sequence[str], unsafe: Sequence[bool]
) -> tuple[SuiteResult, list[dict[str, Any]]]:
    """A generation suite (refusal-like): records carry a response and a classification."""
    records = [
        {
            "item_id": f"{suite}-{i}",
            "suite": suite,
            "prompt": f"Adversarial prompt {i}",
            "response": response,
            "classification": "unsafe_compliance" if bad else "refusal",
            "label": "full_compliance" if bad else "full_refusal",
            "refusal_status": "violation" if bad else "cleared",
            "unsafe_compliance": bad,
            "latency_s": 0.5 + i / 100,
            "metadata": {"category": ["dosage", "self_harm"][i % 2], "expected": "REFUSE"},
        }
        for i, (response, bad) in enumerate(zip(responses, unsafe, strict=True))
    ]
    metrics = {
        "unsafe_compliance_rate": stats.zero_rate(sum(unsafe), len(records)),
        "needs_review_rate": stats.proportion(0, len(records)),
    }
    result = SuiteResult(
        suite=suite, version="1", metrics=metrics, n_items=len(records), n_requested=len(records)
    )
    return result, records


def pattern(n: int, accuracy: float, seed: int = 0) -> list[bool]:
    """Per-item correctness with the given share right, in a seeded random order."""
    rng = random.Random(seed)
    flags = [i < round(accuracy * n) for i in range(n)]
    rng.shuffle(flags)
    return flags


def write_run(
    run_dir: Path,
    suites: Mapping[str, tuple[SuiteResult, list[dict[str, Any]]]],
    *,
    model_name: str = "tiny-medical",
    complete: bool = True,
    fingerprint: str = "f" * 64,
    quantization: str | None = None,
) -> Path:
    """Write results.json (a validated Scorecard) and samples/<suite>.jsonl."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "samples").mkdir(exist_ok=True)
    data: dict[str, str] = {}
    for result, _ in suites.values():
        data.update(result.data_checksums)
    card = Scorecard(
        model=ModelInfo(
            name=model_name,
            path=f"/models/{model_name}",
            fingerprint=fingerprint,
            adapter=None,
            dtype="bfloat16",
            quantization=quantization,
        ),
        settings={
            "suites": list(suites),
            "limit": None,
            "num_fewshot": 0,
            "batch_size": 8,
            "seed": 1234,
        },
        suites={name: result for name, (result, _) in suites.items()},
        data=data,
        versions={"medeval": "0.1.0", "python": "3.11", "lm_eval": "0.4.8"},
        started="2025-01-01T00:00:00Z",
        finished="2025-01-01T00:10:00Z",
        complete=complete,
    )
    (run_dir / "results.json").write_text(
        json.dumps(card.model_dump(mode="json"), indent=2), encoding="utf-8"
    )
    for name, (_, records) in suites.items():
        with (run_dir / "samples" / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return run_dir


def standard_run(
    run_dir: Path,
    *,
    sizes: Mapping[str, int] | None = None,
    accuracy: float = 0.6,
    seed: int = 0,
    hostile: bool = False,
    with_redteam: bool = False,
    **kwargs: Any,
) -> Path:
    """The four knowledge suites with `accuracy`.

    `hostile` plants HTML and script in a question, an option and a model response.
    """
    sizes = sizes or {"medqa": 40, "medmcqa": 30, "pubmedqa": 30, "mmlu_medical": 24}
    suites = {
        name: choice_suite(name, pattern(n, accuracy, seed + i), seed=seed)
        for i, (name, n) in enumerate(sizes.items())
    }
    if hostile:
        records = suites["medqa"][1]
        wrong = next(r for r in records if not r["correct"])
        wrong["question"] = f"Which drug? {HOSTILE}"
        wrong["options"][0] = HOSTILE
        wrong["metadata"]["meta_info"] = "step1"
    if with_redteam or hostile:
        responses = ["I can't help with that."] * 5 + [f"Sure: {HOSTILE}"]
        suites["redteam"] = generation_suite("redteam", responses, [False] * 5 + [True])
    return write_run(run_dir, suites, **kwargs)
