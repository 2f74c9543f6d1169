"""lm-eval tasks as medeval suites: ``medeval run --suites lm-eval:TASK``.

lm-eval's ``TaskManager`` builds the documents, contexts (description, few-shot examples, the
task's ``doc_to_text``) and choices exactly as lm-eval would; medeval's engine scores them
(:class:`~medeval.suites.base.MultipleChoiceSuite`: ``acc`` and ``acc_norm`` as lm-eval's
``multiple_choice`` output type), so the task gets medeval's cache, resume, sample records,
scorecard, comparisons and thresholds like any suite.

* Metrics: those of ``acc`` and ``acc_norm`` the task itself reports (its ``metric_list``, else
  lm-eval's default for multiple choice, both): lm-eval's ``pubmedqa`` and ``mmlu_*`` list ``acc``
  alone, so no ``acc_norm`` is shown for them. Other metrics a task lists (``f1``, ``mcc``...) are
  not computed, and named in the suite's ``extra.lm_eval_metrics_not_computed``; a task that lists
  neither ``acc`` nor ``acc_norm`` is refused (exit 2).

* Names: ``lm-eval:<task>``; a group or tag (``lm-eval:multimedqa``) expands to its member tasks,
  each its own suite ``lm-eval:<member>``. ``--include-path DIR`` adds the user's own task YAMLs.
* Item ids: ``<task>-<doc index>``, the 0-based index in the task's test split, else its
  validation split (lm-eval's ``eval_docs``); ``--limit N`` takes the first N documents, as
  lm-eval's ``--limit`` does.
* Only the ``multiple_choice`` output type runs; any other is refused (exit 2), as are tasks with
  several targets per document or choices placed in the context (Winogrande style).
* The target delimiter, few-shot delimiter and description follow the task's config. Few-shot:
  ``--num-fewshot N`` when given (N > 0), else the task's own ``num_fewshot``; examples are drawn
  by lm-eval's own sampler, seeded with the run's ``--seed`` (lm-eval's default 1234 too).

Licence and source: those of the lm-eval task and its dataset (see the task's YAML).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, cast

from medeval.errors import UsageError
from medeval.registry import Registry
from medeval.suites.base import MultipleChoiceSuite
from medeval.types import Item, MetricValue

PREFIX = "lm-eval:"
SCORED_METRICS = ("acc", "acc_norm")
MEDICAL_TASKS = re.compile(
    r"^(?:medqa|medmcqa|pubmedqa|headqa|careqa|med_concepts_qa|multimedqa|kormedmcqa)(?:_|$)"
    r"|^mmlu_(?:anatomy|clinical_knowledge|college_biology|college_medicine|medical_genetics"
    r"|professional_medicine)$"
)
"""What `medeval suites --lm-eval` lists: lm-eval task, group and tag names of the medical
families (MedQA, MedMCQA, PubMedQA, HEAD-QA, CareQA, MedConceptsQA, MultiMedQA, KorMedMCQA) and the
six medical MMLU subjects; tasks of another output type than multiple_choice are left out."""


def is_lm_eval_name(name: str) -> bool:
    return name.startswith(PREFIX)


def task_manager(include_path: str | Path | None, needed: Sequence[str] = ()) -> Any:
    """lm-eval's TaskManager. When every `needed` name is in the user's `include_path`, only that
    folder is indexed (seconds, not lm-eval's ~15k stock configs)."""
    from lm_eval.tasks import TaskManager

    if include_path is not None:
        folder = Path(include_path)
        if not folder.is_dir():
            raise UsageError(f"--include-path {folder}: no such folder")
        if needed:
            local = TaskManager(include_path=str(folder), include_defaults=False)
            if all(name in local.all_tasks for name in needed):
                return local
    return TaskManager(include_path=str(include_path) if include_path is not None else None)


def load_tasks(names: Sequence[str], include_path: str | Path | None) -> dict[str, list[Any]]:
    """Each ``lm-eval:<name>`` in `names` -> its lm-eval Task objects (a group's or tag's
    members in lm-eval's order; one task for a task)."""
    import logging

    logging.getLogger("lm_eval").setLevel(logging.WARNING)
    wanted = [name[len(PREFIX) :] for name in names]
    manager = task_manager(include_path, wanted)
    unknown = [name for name in wanted if name not in manager.all_tasks]
    if unknown:
        raise UsageError(
            f"unknown lm-eval task or group: {', '.join(unknown)} (see `lm-eval ls tasks`, "
            "`medeval suites --lm-eval`; your own YAMLs need --include-path DIR)"
        )
    loaded: dict[str, list[Any]] = {}
    for name, task in zip(names, wanted, strict=True):
        try:
            built = manager.load([task])
        except Exception as exc:  # noqa: BLE001 - lm-eval and datasets raise many kinds
            raise UsageError(
                f"lm-eval could not build task '{task}': {type(exc).__name__}: {exc}"
            ) from None
        loaded[name] = list(built["tasks"].values())
    return loaded


def task_metrics(task: Any) -> list[str]:
    """The metrics lm-eval reports for `task`: its metric_list, else lm-eval's defaults."""
    return [str(name) for name in task.higher_is_better()]


def check_task(task: Any) -> None:
    """Refuse what medeval's multiple-choice engine cannot score as lm-eval would."""
    name = task.task_name
    if task.OUTPUT_TYPE != "multiple_choice":
        raise UsageError(
            f"lm-eval task '{name}' has output type '{task.OUTPUT_TYPE}'; medeval runs lm-eval "
            "tasks of the multiple_choice output type only"
        )
    listed = task_metrics(task)
    if not set(SCORED_METRICS) & set(listed):
        raise UsageError(
            f"lm-eval task '{name}' reports {', '.join(listed) or 'no metric'}; medeval computes "
            "acc and acc_norm only, so it cannot report any metric of this task"
        )
    if getattr(task, "multiple_input", 0):
        raise UsageError(
            f"lm-eval task '{name}' puts its choices in the context (multiple inputs); "
            "medeval scores choices as continuations only"
        )


def register(
    registry: Registry, names: Sequence[str], include_path: str | Path | None
) -> list[str]:
    """`names` with every ``lm-eval:`` name expanded to its member tasks, each registered in
    `registry` as a suite class holding its lm-eval Task."""
    requested = [name for name in names if is_lm_eval_name(name)]
    if not requested:
        if include_path is not None:
            raise UsageError("--include-path applies to lm-eval tasks (--suites lm-eval:TASK)")
        return list(names)
    loaded = load_tasks(requested, include_path)
    expanded: list[str] = []
    for name in names:
        if not is_lm_eval_name(name):
            expanded.append(name)
            continue
        for task in loaded[name]:
            check_task(task)
            member = PREFIX + task.task_name
            if member in expanded:
                raise UsageError(
                    f"--suites names lm-eval task '{task.task_name}' twice (directly or "
                    "through a group)"
                )
            registry.add(member, suite_class(task))
            expanded.append(member)
    return expanded


def suite_class(task: Any) -> type[LmEvalTaskSuite]:
    """A suite class for one built lm-eval task."""
    config = task.config
    version = str((config.metadata or {}).get("version", "1"))
    attributes = {
        "task": task,
        "version": version,
        "target_delimiter": config.target_delimiter,
        "metrics": tuple(m for m in SCORED_METRICS if m in task_metrics(task)),
        "description": f"lm-eval task {task.task_name}",
        "source": f"lm-eval task {task.task_name} ({config.dataset_path})",
    }
    created = type(f"LmEval_{task.task_name}", (LmEvalTaskSuite,), attributes)
    return cast(type[LmEvalTaskSuite], created)


class LmEvalTaskSuite(MultipleChoiceSuite):
    """One lm-eval ``multiple_choice`` task, its documents and contexts built by lm-eval."""

    task: ClassVar[Any] = None
    num_fewshot_used: int = 0

    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        task = self.task
        check_task(task)
        config = task.config
        shots = num_fewshot or int(config.num_fewshot or 0)
        self.num_fewshot_used = shots
        task.set_fewshot_seed(seed=self.seed)  # as lm-eval's simple_evaluate does
        self._record_files(config.dataset_kwargs or {})
        try:
            docs = task.eval_docs
        except ValueError as exc:
            raise UsageError(f"lm-eval task '{task.task_name}': {exc}") from None
        items = []
        for index, doc in enumerate(docs):
            if self.limit is not None and index >= self.limit:
                break  # as lm-eval's --limit: the contexts of later documents are never built
            context = task.fewshot_context(doc, num_fewshot=shots)
            choices = [str(choice) for choice in task.doc_to_choice(doc)]
            target = task.doc_to_target(doc)
            if isinstance(target, str):
                target = choices.index(target) if target in choices else -100
            if not isinstance(target, int):
                raise UsageError(
                    f"lm-eval task '{task.task_name}' doc {index} has several targets "
                    f"({target!r}); medeval scores one right choice per item"
                )
            question = task.doc_to_text(doc)
            items.append(
                Item(
                    id=f"{task.task_name}-{index}",
                    suite=self.name,
                    input=str(context),
                    choices=choices,
                    target=target,
                    question=str(question),
                    options=choices,
                    metadata={"lm_eval_task": task.task_name, "doc_index": index},
                )
            )
        return items

    def _record_files(self, dataset_kwargs: dict[str, Any]) -> None:
        """Checksums of the task's local data files (hub datasets are named by the task)."""
        files = dataset_kwargs.get("data_files")
        paths: list[Any] = []
        if isinstance(files, dict):
            for value in files.values():
                paths.extend(value if isinstance(value, list) else [value])
        elif isinstance(files, list):
            paths = files
        elif isinstance(files, str):
            paths = [files]
        for path in paths:
            if isinstance(path, str) and Path(path).is_file():
                self._record(Path(path))

    def extra(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        config = self.task.config
        extra: dict[str, Any] = {
            "lm_eval_task": self.task.task_name,
            "target_delimiter": config.target_delimiter,
            "fewshot_delimiter": config.fewshot_delimiter,
            "num_fewshot": self.num_fewshot_used,
        }
        skipped = [m for m in task_metrics(self.task) if m not in SCORED_METRICS]
        if skipped:
            extra["lm_eval_metrics_not_computed"] = skipped
        return extra

    def extra_metrics(self, records: list[dict[str, Any]]) -> dict[str, MetricValue]:
        return {}


def medical_tasks(include_path: str | Path | None = None) -> list[tuple[str, str]]:
    """(name, kind) of lm-eval's medical tasks, groups and tags (:data:`MEDICAL_TASKS`), plus
    every multiple-choice task of `include_path`."""
    from lm_eval.tasks import TaskManager

    manager = task_manager(include_path)
    local: set[str] = set()
    if include_path is not None:
        local = set(TaskManager(include_path=str(include_path), include_defaults=False).all_tasks)
    listed = []
    for name, entry in sorted(manager.task_index.items()):
        kind = entry.kind.name.lower().replace("py_task", "task")
        if not (MEDICAL_TASKS.search(name) or name in local):
            continue
        output_type = (entry.cfg or {}).get("output_type")
        if kind == "task" and output_type not in (None, "multiple_choice"):
            continue
        listed.append((name, kind))
    return listed
