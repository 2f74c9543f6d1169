"""The suite interface and the shared multiple-choice machinery.

A suite author writes one class with ``items()``, ``score()`` and ``aggregate()`` and a docstring
giving the source paper, an example record and the licence. Multiple-choice suites subclass
:class:`MultipleChoiceSuite`, which scores exactly as lm-eval 0.4.x's ``multiple_choice`` output
type does: the prediction is the arg-max summed log-likelihood of ``target_delimiter + choice``
(``acc``), and ``acc_norm`` divides each by the character length of the choice. A suite that
mirrors an lm-eval task reports only those of the two its ``metric_list`` names
(:attr:`MultipleChoiceSuite.metrics`): PubMedQA and MMLU list ``acc`` alone, so their records carry
no length-normalised prediction either.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from medeval.backend import ChatModel, GenerationSettings
from medeval.errors import UsageError
from medeval.files import HubRows, load_hub_rows, read_jsonl, sha256_file
from medeval.store import RunDir
from medeval.types import Item, ItemResult, MetricValue, SuiteResult

TARGET_DELIMITER = " "
FEWSHOT_DELIMITER = "\n\n"


def argmax(values: Sequence[float]) -> int:
    """Index of the first maximum, as numpy's argmax breaks ties (and picks the first NaN)."""
    best = 0
    for index, value in enumerate(values):
        if value != value:  # NaN, as numpy treats it
            return index
        if value > values[best]:
            best = index
    return best


class Suite(ABC):
    """A benchmark: where its items come from, how one answer is scored, how results pool."""

    name: str = ""
    version: ClassVar[str] = "1"
    kind: ClassVar[str] = "multiple_choice"
    description: ClassVar[str] = ""
    source: ClassVar[str] = ""
    full_size: ClassVar[int | None] = None
    seed: int = 1234
    limit: int | None = None
    """The run's ``--limit``: a suite whose items are costly to build may build only the first
    `limit` (``select`` still takes them); None builds all."""

    def __init__(self) -> None:
        self.checksums: dict[str, str] = {}
        self.hub_reader: HubRows = load_hub_rows

    def select(self, items: list[Item], limit: int | None) -> list[Item]:
        """The items a `--limit` run scores: the first `limit` in source order."""
        return items if limit is None else items[:limit]

    def annotate(self, records: list[dict[str, Any]], run_dir: RunDir) -> list[dict[str, Any]]:
        """The records as judgements made after scoring complete them before pooling (a second
        judge's labels, people's reviews kept in the run directory); unchanged by default."""
        return records

    def result(
        self,
        records: list[dict[str, Any]],
        n_requested: int,
        metrics: dict[str, MetricValue],
        *,
        breakdowns: dict[str, dict[str, MetricValue]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> SuiteResult:
        """The suite's SuiteResult for `records`: its name, version and data checksums filled in."""
        return SuiteResult(
            suite=self.name,
            version=self.version,
            metrics=metrics,
            breakdowns=breakdowns or {},
            data_checksums=dict(self.checksums),
            n_items=len(records),
            n_requested=n_requested,
            extra=extra or {},
        )

    def _record(self, path: Path) -> None:
        self.checksums[str(path)] = sha256_file(path)

    @abstractmethod
    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        """All items in source-file order (``--limit`` takes a prefix of this list)."""

    @abstractmethod
    def aggregate(self, records: list[dict[str, Any]], n_requested: int) -> SuiteResult:
        """Pool per-item records (samples/<suite>.jsonl lines) into metrics with intervals."""


class MultipleChoiceSuite(Suite):
    """Log-likelihood multiple choice with lm-eval's acc / acc_norm semantics."""

    kind = "multiple_choice"
    breakdown_keys: ClassVar[tuple[str, ...]] = ()
    target_delimiter: ClassVar[str] = TARGET_DELIMITER  # before each choice (an lm-eval task's own)
    metrics: ClassVar[tuple[str, ...]] = ("acc", "acc_norm")
    """Which of ``acc`` and ``acc_norm`` the suite reports: those the mirrored lm-eval task's
    ``metric_list`` names (medqa_4options and medmcqa list both)."""

    def jsonl_records(
        self,
        data_dir: Path | None,
        relative_path: Path,
        hub: tuple[str, str | None, str],
        from_hub_row: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> tuple[Path, list[tuple[int, dict[str, Any]]]]:
        """(origin, [(line, record)]) from a JSON-lines file under `data_dir`, or from the hub
        (`hub` = dataset id, config, split) converted to the file's record layout."""
        if data_dir is None:
            rows = self.hub_reader(*hub)
            return Path(f"hf://{hub[0]}"), [(i + 1, from_hub_row(r)) for i, r in enumerate(rows)]
        origin = data_dir / relative_path
        records = list(read_jsonl(origin))
        self._record(origin)
        return origin, records

    def check_fewshot(self, num_fewshot: int) -> None:
        if num_fewshot:
            raise UsageError(
                f"suite '{self.name}' is zero-shot only (as the lm-eval task it mirrors); "
                "--num-fewshot applies to mmlu_medical"
            )

    def score(self, item: Item, choice_loglikelihoods: list[float]) -> ItemResult:
        prediction = argmax(choice_loglikelihoods)
        prediction_norm = None
        if "acc_norm" in self.metrics:
            lengths = [float(len(choice)) for choice in item.choices]
            prediction_norm = argmax(
                [ll / length for ll, length in zip(choice_loglikelihoods, lengths, strict=True)]
            )
        return ItemResult(
            item_id=item.id,
            prediction=prediction,
            prediction_norm=prediction_norm,
            choice_loglikelihoods=choice_loglikelihoods,
            correct=prediction == item.target,
            correct_norm=None if prediction_norm is None else prediction_norm == item.target,
        )

    def aggregate(self, records: list[dict[str, Any]], n_requested: int) -> SuiteResult:
        from medeval.stats import proportion

        metrics: dict[str, MetricValue] = {}
        for metric, flag in (("acc", "correct"), ("acc_norm", "correct_norm")):
            if metric in self.metrics:
                hits = [bool(r[flag]) for r in records]
                metrics[metric] = proportion(sum(hits), len(hits))
        metrics.update(self.extra_metrics(records))
        return self.result(
            records,
            n_requested,
            metrics,
            breakdowns=self.breakdowns(records),
            extra=self.extra(records),
        )

    def breakdowns(
        self, records: list[dict[str, Any]], outcome: str = "correct"
    ) -> dict[str, dict[str, MetricValue]]:
        """The proportion of `outcome` per group of each ``breakdown_keys`` metadata field."""
        from medeval.stats import proportion

        breakdowns: dict[str, dict[str, MetricValue]] = {}
        for key in self.breakdown_keys:
            groups: dict[str, list[bool]] = {}
            for record in records:
                group = str(record.get("metadata", {}).get(key, "unknown"))
                groups.setdefault(group, []).append(bool(record[outcome]))
            breakdowns[key] = {
                group: proportion(sum(values), len(values))
                for group, values in sorted(groups.items())
            }
        return breakdowns

    def extra_metrics(self, records: list[dict[str, Any]]) -> dict[str, MetricValue]:
        """Metrics beyond acc and acc_norm (PubMedQA's macro-F1)."""
        return {}

    def extra(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Suite-specific extras for reports (PubMedQA's confusion matrix)."""
        return {}


def letter_prompt(question: str, options: Sequence[str], header: str = "") -> str:
    """`Question: ...\\nA. ...\\n...Answer:` as lm-eval's medqa task writes it."""
    lines = "".join(
        f"{letter}. {option}\n" for letter, option in zip("ABCD", options, strict=False)
    )
    return f"{header}{question}\n{lines}Answer:"


class GenerationSuite(Suite):
    """A suite whose items are answered in free text (refusal, rubric answers).

    Generation runs through inspect-ai (`generate`); turning one answer into a scored record is a
    separate, pure step (`score_response`) so cached answers are scored exactly as fresh ones.
    """

    kind = "generation"
    guardrails: bool = False  # set by the runner when the model is wrapped in guardrails

    def request(self, item: Item) -> dict[str, Any]:
        """What determines the answer to `item` (the cache key's request part)."""
        return {"input": item.input, "turns": item.metadata.get("turns", [])}

    @abstractmethod
    def generate(
        self, items: list[Item], backend: ChatModel, settings: GenerationSettings, log_dir: Path
    ) -> dict[str, dict[str, Any]]:
        """Answer `items` with the loaded model; item id -> {response, transcript, tokens...}."""

    @abstractmethod
    def score_response(self, item: Item, answer: dict[str, Any]) -> dict[str, Any]:
        """The scored part of one sample line for an answer (classification, flags)."""
