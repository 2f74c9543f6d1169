"""acc_norm only where lm-eval's task defines it; PubMedQA reports acc and macro-F1.

The expected metric sets are read from the task YAMLs of the installed lm-eval (``metric_list`` of
``medqa_4options``, ``medmcqa``, ``pubmedqa`` and the mmlu template), never written down here, so
the check follows lm-eval if its tasks change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medeval import run
from medeval.errors import UsageError
from medeval.gate import evaluate
from medeval.models.hf import HFModel
from medeval.suites.base import MultipleChoiceSuite
from medeval.suites.medmcqa import MedMCQASuite
from medeval.suites.medqa import MedQASuite
from medeval.suites.mmlu_medical import SUBJECTS, MMLUMedicalSuite
from medeval.suites.pubmedqa import PubMedQASuite
from medeval.types import Threshold
from medeval.verify import VERIFIED, verify

SUITES: dict[str, tuple[type[MultipleChoiceSuite], list[str]]] = {
    # medeval suite -> (class, the lm-eval task YAMLs it mirrors, under lm_eval/tasks)
    "medqa": (MedQASuite, ["medqa/medqa.yaml"]),
    "medmcqa": (MedMCQASuite, ["medmcqa/medmcqa.yaml"]),
    "pubmedqa": (PubMedQASuite, ["pubmedqa/pubmedqa.yaml"]),
    "mmlu_medical": (MMLUMedicalSuite, [f"mmlu/default/mmlu_{s}.yaml" for s in SUBJECTS]),
}


def lm_eval_metric_list(relative: str) -> list[str]:
    """The metric names of an installed lm-eval task YAML, following its ``include``."""
    import lm_eval.tasks
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !function helpers
    path = Path(lm_eval.tasks.__file__).parent / relative
    config: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    while "metric_list" not in config and "include" in config:
        path = path.parent / str(config.pop("include"))
        config = {**yaml.load(path.read_text(encoding="utf-8"), Loader=Loader), **config}
    return [str(entry["metric"]) for entry in config.get("metric_list") or []]


@pytest.mark.parametrize("name", list(SUITES))
def test_suite_reports_what_lm_eval_defines(name: str) -> None:
    suite_class, yamls = SUITES[name]
    listed = {tuple(lm_eval_metric_list(relative)) for relative in yamls}
    assert len(listed) == 1, f"{name}: lm-eval's tasks disagree: {listed}"
    (metrics,) = listed
    assert "acc" in metrics
    assert suite_class.metrics == tuple(m for m in ("acc", "acc_norm") if m in metrics)
    assert ("acc_norm" in suite_class.metrics) == (name in ("medqa", "medmcqa"))


@pytest.fixture(scope="module")
def metrics_run(tiny_model: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    model = HFModel(str(tiny_model), dtype="float32")
    out = tmp_path_factory.mktemp("metrics") / "run"
    run(
        str(tiny_model),
        suites=list(SUITES),
        data_dir=data_dir,
        out=out,
        limit=6,
        progress=False,
        loaded_model=model,
    )
    return out


def test_results_metrics_follow_lm_eval(metrics_run: Path) -> None:
    results = json.loads((metrics_run / "results.json").read_text(encoding="utf-8"))
    shown = {name: set(suite["metrics"]) for name, suite in results["suites"].items()}
    assert shown == {
        "medqa": {"acc", "acc_norm"},
        "medmcqa": {"acc", "acc_norm"},
        "pubmedqa": {"acc", "macro_f1"},
        "mmlu_medical": {"acc"},
    }
    for name in ("pubmedqa", "mmlu_medical"):
        lines = (metrics_run / "samples" / f"{name}.jsonl").read_text().splitlines()
        records = [json.loads(line) for line in lines]
        assert records and all(r["prediction_norm"] is None for r in records)
        assert all(r["correct_norm"] is None and isinstance(r["correct"], bool) for r in records)
    medqa = [json.loads(line) for line in (metrics_run / "samples" / "medqa.jsonl").open()]
    assert all(isinstance(r["prediction_norm"], int) for r in medqa)


def test_scorecard_shows_acc_norm_only_for_medqa_and_medmcqa(metrics_run: Path) -> None:
    import re

    page = (metrics_run / "scorecard.html").read_text(encoding="utf-8")
    sections = {}
    for chunk in page.split('<section class="card suite"')[1:]:
        name = re.search(r'data-suite="([^"]+)"', chunk)
        assert name is not None
        sections[name.group(1)] = re.sub(r"<[^>]+>", " ", chunk.split("</section>")[0])
    assert sections.keys() == set(SUITES), sorted(sections)
    for name, text in sections.items():
        assert ("acc_norm" in text) == (name in ("medqa", "medmcqa")), name
    assert "macro_f1" in sections["pubmedqa"]
    assert 'data-key="medqa.acc_norm"' in page
    assert 'data-key="pubmedqa.acc_norm"' not in page
    assert 'data-key="mmlu_medical.acc_norm"' not in page


def test_gate_on_pubmedqa_acc_norm_fails_closed(metrics_run: Path) -> None:
    results = json.loads((metrics_run / "results.json").read_text(encoding="utf-8"))
    thresholds = [
        Threshold(suite="pubmedqa", metric="acc", op=">=", bound=0.0),
        Threshold(suite="pubmedqa", metric="macro_f1", op=">=", bound=0.0),
        Threshold(suite="medqa", metric="acc_norm", op=">=", bound=0.0),
        Threshold(suite="pubmedqa", metric="acc_norm", op=">=", bound=0.0),
    ]
    notes = verify(metrics_run, results, thresholds)
    assert notes == {
        "pubmedqa.acc": VERIFIED,
        "pubmedqa.macro_f1": VERIFIED,
        "medqa.acc_norm": VERIFIED,
    }
    decision = evaluate(results, thresholds)
    passed = {f"{o.threshold.suite}.{o.threshold.metric}": o.passed for o in decision.outcomes}
    assert passed == {
        "pubmedqa.acc": True,
        "pubmedqa.macro_f1": True,
        "medqa.acc_norm": True,
        "pubmedqa.acc_norm": False,  # no such metric: fail closed, never a made-up 1.0
    }


def test_shipped_thresholds_never_name_a_missing_acc_norm() -> None:
    from medeval.gate import load_thresholds

    for threshold in load_thresholds():
        if threshold.metric == "acc_norm":
            assert threshold.suite in ("medqa", "medmcqa"), threshold


# ---------------------------------------------------------------- lm-eval tasks as suites


def _task(name: str, data: Path, metric_list: list[str] | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "task": name,
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": {"test": str(data)}, "cache_dir": str(data.parent)},
        "test_split": "test",
        "output_type": "multiple_choice",
        "doc_to_text": "Question: {{question}}\nAnswer:",
        "doc_to_choice": ["yes", "no"],
        "doc_to_target": "answer",
        "metadata": {"version": 1.0},
    }
    if metric_list is not None:
        config["metric_list"] = [
            {"metric": m, "aggregation": "mean", "higher_is_better": True} for m in metric_list
        ]
    return config


@pytest.fixture(scope="module")
def task_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import yaml

    folder = tmp_path_factory.mktemp("metric-tasks")
    data = folder / "test.jsonl"
    rows = [{"question": f"Is {n} even?", "answer": n % 2} for n in range(4)]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    tasks = {
        "acc_only": ["acc"],
        "acc_and_norm": ["acc", "acc_norm"],
        "defaults": None,  # lm-eval's default for multiple_choice: acc and acc_norm
        "with_mcc": ["acc", "mcc"],
        "mcc_only": ["mcc"],
    }
    for name, metric_list in tasks.items():
        config = _task(name, data, metric_list)
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("task", "expected", "not_computed"),
    [
        ("acc_only", ("acc",), None),
        ("acc_and_norm", ("acc", "acc_norm"), None),
        ("defaults", ("acc", "acc_norm"), None),
        ("with_mcc", ("acc",), ["mcc"]),
    ],
)
def test_lm_eval_task_suite_follows_metric_list(
    task_dir: Path, task: str, expected: tuple[str, ...], not_computed: list[str] | None
) -> None:
    from medeval.registry import Registry
    from medeval.suites.lm_eval_task import register

    registry = Registry("suite")
    (name,) = register(registry, [f"lm-eval:{task}"], task_dir)
    suite = registry.load(name)()
    assert isinstance(suite, MultipleChoiceSuite)
    assert suite.metrics == expected
    items = suite.items(None)
    records = [
        {
            **suite.score(item, [float(-i), float(-2 * i)]).model_dump(),
            "metadata": item.metadata,
            "target": item.target,
        }
        for i, item in enumerate(items)
    ]
    result = suite.aggregate(records, len(items))
    assert tuple(result.metrics) == expected
    assert result.extra.get("lm_eval_metrics_not_computed") == not_computed


def test_lm_eval_task_without_acc_is_refused(task_dir: Path) -> None:
    from medeval.registry import Registry
    from medeval.suites.lm_eval_task import register

    with pytest.raises(UsageError, match="reports mcc; medeval computes acc and acc_norm only"):
        register(Registry("suite"), ["lm-eval:mcc_only"], task_dir)
