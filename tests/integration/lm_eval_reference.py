"""The reference side of the lm-eval cross-check: lm-eval's own HF backend on its stock tasks.

medeval promises the prompts, choices, targets, per-choice log-likelihoods and metrics of
lm-eval 0.4.x's stock ``medqa_4options``, ``medmcqa``, ``pubmedqa`` and ``mmlu_<subject>`` tasks.
To check that claim offline, this module loads those stock task YAML files from the installed
lm-eval (their ``doc_to_text`` functions and templates untouched) and changes only where the data
comes from: the original files in ../shared/data are converted into the Hugging Face hub layouts
the stock tasks read (``GBaker/MedQA-USMLE-4-options-hf``, ``openlifescienceai/medmcqa``,
``bigbio/pubmed_qa`` source schema, ``cais/mmlu``) as local parquet files. Evaluation goes through
``lm_eval.simple_evaluate`` with ``lm_eval.models.huggingface.HFLM`` and ``log_samples=True``; the
numbers compared are read from lm-eval's own sample logs and results table.

Overrides of the stock configs, none of which touches a prompt, a choice or a target:

* ``dataset_path``/``dataset_name``/``dataset_kwargs``: the local parquet files instead of the hub.
* ``training_split``/``validation_split`` set to None where the local data has no such split (the
  stock tasks are 0-shot there, so those splits are never read for prompts; lm-eval would otherwise
  try to open them to build its few-shot pool).

The metric lists are the stock ones: ``medqa_4options`` and ``medmcqa`` report acc and acc_norm,
``pubmedqa`` and ``mmlu_<subject>`` acc alone, and medeval reports the same.

This module is shared by tests/integration/test_lm_eval_crosscheck.py and
benchmarks/mc_vs_lm_eval.py; nothing here is medeval code.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LETTERS = ("A", "B", "C", "D")
MMLU_SUBJECTS = (
    "anatomy",
    "clinical_knowledge",
    "college_biology",
    "college_medicine",
    "medical_genetics",
    "professional_medicine",
)


def lm_eval_tasks_dir() -> Path:
    """The installed lm-eval's task folder (the stock YAML files)."""
    import lm_eval.tasks

    return Path(lm_eval.tasks.__file__).parent


# --------------------------------------------------------------------------- data conversion


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> str:
    import datasets

    path.parent.mkdir(parents=True, exist_ok=True)
    datasets.Dataset.from_list(rows).to_parquet(str(path))
    return str(path)


def convert_medqa(data_dir: Path, out_dir: Path) -> dict[str, str]:
    """US_4_options_test.jsonl -> GBaker/MedQA-USMLE-4-options-hf (sent1, ending0-3, label)."""
    rows = []
    with (data_dir / "medqa" / "US_4_options_test.jsonl").open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if not line.strip():
                continue
            record = json.loads(line)
            options = record["options"]
            rows.append(
                {
                    "id": str(index),
                    "sent1": record["question"],
                    "sent2": "",
                    **{f"ending{i}": options[letter] for i, letter in enumerate(LETTERS)},
                    "label": LETTERS.index(record["answer_idx"]),
                }
            )
    return {"test": _write_parquet(rows, out_dir / "medqa" / "test.parquet")}


def convert_medmcqa(data_dir: Path, out_dir: Path) -> dict[str, str]:
    """dev.json (1-based cop) -> openlifescienceai/medmcqa validation split (0-based cop)."""
    rows = []
    with (data_dir / "medmcqa" / "dev.json").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            row = {
                key: record.get(key)
                for key in (
                    "id",
                    "question",
                    "opa",
                    "opb",
                    "opc",
                    "opd",
                    "choice_type",
                    "exp",
                    "subject_name",
                    "topic_name",
                )
            }
            row["cop"] = int(record["cop"]) - 1
            rows.append(row)
    return {"validation": _write_parquet(rows, out_dir / "medmcqa" / "validation.parquet")}


def convert_pubmedqa(data_dir: Path, out_dir: Path) -> dict[str, str]:
    """ori_pqal.json + test_ground_truth.json -> bigbio/pubmed_qa source schema, test split.

    Rows follow test_ground_truth.json's order (medeval's "first N" for PubMedQA).
    """
    pqal = json.loads((data_dir / "pubmedqa" / "ori_pqal.json").read_text(encoding="utf-8"))
    truth = json.loads(
        (data_dir / "pubmedqa" / "test_ground_truth.json").read_text(encoding="utf-8")
    )
    rows = []
    for pmid, label in truth.items():
        record = pqal[pmid]
        rows.append(
            {
                "QUESTION": record["QUESTION"],
                "CONTEXTS": list(record["CONTEXTS"]),
                "LABELS": list(record.get("LABELS", [])),
                "MESHES": list(record.get("MESHES", [])),
                "YEAR": record.get("YEAR"),
                "reasoning_required_pred": record.get("reasoning_required_pred"),
                "reasoning_free_pred": record.get("reasoning_free_pred"),
                "final_decision": label,
                "LONG_ANSWER": record.get("LONG_ANSWER", ""),
            }
        )
    return {"test": _write_parquet(rows, out_dir / "pubmedqa" / "test.parquet")}


def convert_mmlu(data_dir: Path, out_dir: Path, subject: str) -> dict[str, str]:
    """MMLU test CSV (no header, letter answer) + dev CSV (header, int answer) -> cais/mmlu."""
    import csv

    def read(path: Path, *, header: bool, letter_answer: bool) -> list[dict[str, Any]]:
        with path.open(encoding="utf-8", newline="") as handle:
            cells = [row for row in csv.reader(handle) if row]
        if header:
            cells = cells[1:]
        return [
            {
                "question": row[0],
                "subject": subject,
                "choices": list(row[1:5]),
                "answer": LETTERS.index(row[5].strip()) if letter_answer else int(row[5]),
            }
            for row in cells
        ]

    mmlu = data_dir / "mmlu"
    test = read(mmlu / "test" / f"{subject}_test.csv", header=False, letter_answer=True)
    dev = read(mmlu / "dev" / f"{subject}_dev.csv", header=True, letter_answer=False)
    target = out_dir / "mmlu" / subject
    return {
        "test": _write_parquet(test, target / "test.parquet"),
        "dev": _write_parquet(dev, target / "dev.parquet"),
    }


# --------------------------------------------------------------------------- stock tasks

ACC_AND_ACC_NORM = [
    {"metric": "acc", "aggregation": "mean", "higher_is_better": True},
    {"metric": "acc_norm", "aggregation": "mean", "higher_is_better": True},
]


@dataclass(frozen=True)
class StockTask:
    """One stock lm-eval task run over converted local files."""

    label: str  # the cross-check's name for it, e.g. "mmlu_anatomy_5shot"
    task_name: str  # lm-eval's task name
    yaml_path: Path
    data_files: dict[str, str]
    num_fewshot: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The spec as JSON, to hand to another process (the benchmark's lm-eval side)."""
        return json.dumps({**asdict(self), "yaml_path": str(self.yaml_path)})

    @classmethod
    def from_json(cls, text: str) -> StockTask:
        data = json.loads(text)
        return cls(**{**data, "yaml_path": Path(data["yaml_path"])})


def stock_task(
    suite: str,
    data_dir: Path,
    work_dir: Path,
    *,
    subject: str | None = None,
    num_fewshot: int = 0,
) -> StockTask:
    """The stock lm-eval task mirroring medeval suite `suite` (for MMLU, one subject)."""
    tasks = lm_eval_tasks_dir()
    converted = work_dir / "converted"
    if suite == "medqa":
        return StockTask(
            "medqa",
            "medqa_4options",
            tasks / "medqa" / "medqa.yaml",
            convert_medqa(data_dir, converted),
            overrides={"training_split": None, "validation_split": None},
        )
    if suite == "medmcqa":
        return StockTask(
            "medmcqa",
            "medmcqa",
            tasks / "medmcqa" / "medmcqa.yaml",
            convert_medmcqa(data_dir, converted),
            overrides={"training_split": None},
        )
    if suite == "pubmedqa":
        return StockTask(
            "pubmedqa",
            "pubmedqa",
            tasks / "pubmedqa" / "pubmedqa.yaml",
            convert_pubmedqa(data_dir, converted),
            overrides={"training_split": None, "validation_split": None},
        )
    if suite == "mmlu_medical":
        if subject not in MMLU_SUBJECTS:
            raise ValueError(f"unknown MMLU medical subject {subject!r}")
        label = f"mmlu_{subject}" + (f"_{num_fewshot}shot" if num_fewshot else "")
        return StockTask(
            label,
            f"mmlu_{subject}",
            tasks / "mmlu" / "default" / f"mmlu_{subject}.yaml",
            convert_mmlu(data_dir, converted, subject),
            num_fewshot=num_fewshot,
        )
    raise ValueError(f"unknown suite {suite!r}")


def build_task(spec: StockTask, cache_dir: Path) -> Any:
    """lm-eval's ConfigurableTask from the stock YAML, reading the converted local files."""
    from lm_eval.api.task import ConfigurableTask
    from lm_eval.tasks._yaml_loader import load_yaml

    config = load_yaml(spec.yaml_path, resolve_func=True)
    for structural in ("tag", "group", "task_list"):  # as lm-eval's TaskFactory does
        config.pop(structural, None)
    if config["task"] != spec.task_name:
        raise AssertionError(f"{spec.yaml_path} defines {config['task']}, not {spec.task_name}")
    extension = Path(next(iter(spec.data_files.values()))).suffix.lstrip(".")
    config.update(
        {
            # a distinct name per variant, so two variants of one task can run together
            "task": spec.label,
            "dataset_path": extension,
            "dataset_name": None,
            "dataset_kwargs": {"data_files": dict(spec.data_files), "cache_dir": str(cache_dir)},
            "num_fewshot": spec.num_fewshot,
            **spec.overrides,
        }
    )
    return ConfigurableTask(config=config)


@dataclass(frozen=True)
class ReferenceRequest:
    """The loglikelihood requests lm-eval builds for one document (no model involved)."""

    doc_id: int
    context: str
    continuations: list[str]
    target: int


def build_requests(
    spec: StockTask, cache_dir: Path, limit: int | None = None
) -> list[ReferenceRequest]:
    """lm-eval's own requests for the first `limit` documents (all when None), in doc order."""
    task = build_task(spec, cache_dir)
    task.set_fewshot_seed(seed=1234)  # as simple_evaluate does; first_n sampling ignores it
    task.build_all_requests(limit=limit)
    by_doc: dict[int, list[Any]] = {}
    for instance in task.instances:
        by_doc.setdefault(int(instance.doc_id), []).append(instance)
    built = []
    for doc_id in sorted(by_doc):
        instances = sorted(by_doc[doc_id], key=lambda instance: instance.idx)
        doc = instances[0].doc
        contexts = {instance.arguments[0] for instance in instances}
        if len(contexts) != 1:
            raise AssertionError(f"{spec.label} doc {doc_id}: several contexts")
        target = task.doc_to_target(doc)
        if isinstance(target, str):
            target = task.doc_to_choice(doc).index(target)
        built.append(
            ReferenceRequest(
                doc_id=doc_id,
                context=contexts.pop(),
                continuations=[instance.arguments[1] for instance in instances],
                target=int(target),
            )
        )
    return built


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class ReferenceSample:
    """What lm-eval logged for one document."""

    doc_id: int
    context: str
    continuations: list[str]
    target: int
    loglikelihoods: list[float]
    acc: float
    acc_norm: float | None


@dataclass(frozen=True)
class ReferenceResult:
    """lm-eval's per-document samples and its aggregated metrics for one task."""

    samples: list[ReferenceSample]
    metrics: dict[str, float]


def load_lm(
    model_path: str | Path, *, batch_size: int, device: str = "cpu", dtype: str = "float32"
) -> Any:
    """lm-eval's own Hugging Face backend (float32 unless `dtype` says otherwise)."""
    from lm_eval.models.huggingface import HFLM

    return HFLM(pretrained=str(model_path), dtype=dtype, batch_size=batch_size, device=device)


def evaluate(
    lm: Any, specs: Sequence[StockTask], *, limit: int, cache_dir: Path
) -> dict[str, ReferenceResult]:
    """Run lm-eval's simple_evaluate on the stock tasks; return its logged samples and metrics."""
    import lm_eval
    from lm_eval.tasks import TaskManager

    logging.getLogger("lm_eval").setLevel(logging.WARNING)
    tasks = [build_task(spec, cache_dir) for spec in specs]
    # An empty task index: the tasks are passed as objects; indexing all of lm-eval's ~15k
    # stock tasks would only cost time.
    manager = TaskManager(include_defaults=False)
    output = lm_eval.simple_evaluate(
        model=lm,
        tasks=tasks,
        limit=limit,
        log_samples=True,
        bootstrap_iters=0,
        task_manager=manager,
    )
    if output is None:
        raise RuntimeError("lm_eval.simple_evaluate returned no results")
    results: dict[str, ReferenceResult] = {}
    for spec in specs:
        samples = []
        for sample in sorted(output["samples"][spec.label], key=lambda s: s["doc_id"]):
            contexts = {argument[0] for argument in sample["arguments"]}
            if len(contexts) != 1:
                raise AssertionError(f"{spec.label} doc {sample['doc_id']}: several contexts")
            target = sample["target"]
            if isinstance(target, str):  # pubmedqa's doc_to_target is the label text
                target = [c.strip() for _, c in sample["arguments"]].index(target)
            samples.append(
                ReferenceSample(
                    doc_id=int(sample["doc_id"]),
                    context=contexts.pop(),
                    continuations=[argument[1] for argument in sample["arguments"]],
                    target=int(target),
                    loglikelihoods=[float(resp[0]) for resp in sample["filtered_resps"]],
                    acc=float(sample["acc"]),
                    acc_norm=float(sample["acc_norm"]) if "acc_norm" in sample else None,
                )
            )
        table = output["results"][spec.label]
        metrics = {
            key.split(",")[0]: float(value)
            for key, value in table.items()
            if key.endswith(",none") and not key.split(",")[0].endswith("_stderr")
        }
        results[spec.label] = ReferenceResult(samples=samples, metrics=metrics)
    return results


def first_argmax(values: Sequence[float]) -> int:
    """numpy's argmax, as lm-eval's process_results picks pred / pred_norm."""
    import numpy as np

    return int(np.argmax(np.asarray(values, dtype=float)))


def predictions(sample: ReferenceSample) -> tuple[int, int]:
    """(acc prediction, acc_norm prediction) from lm-eval's log-likelihoods, as lm-eval computes
    them: argmax of the sums, and argmax of the sums over the choice's character length (the
    choice text without the target delimiter)."""
    lengths = [
        float(len(choice[1:] if choice.startswith(" ") else choice))
        for choice in sample.continuations
    ]
    normalised = [ll / length for ll, length in zip(sample.loglikelihoods, lengths, strict=True)]
    return first_argmax(sample.loglikelihoods), first_argmax(normalised)
