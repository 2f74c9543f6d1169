"""Runs as data: :func:`load_run` for notebooks, and the many-runs table of `medeval results`.

A :class:`Run` reads a run directory through the one validating reader
(:func:`medeval.store.load_results`) and :meth:`medeval.store.RunDir.read_samples`; its
DataFrames come from pandas, imported only when a frame is asked for. The table of
`medeval results` (:func:`results_table` and its formats) needs no pandas at all, so the command
stays as light as `medeval gate`.

Like the gate, this module only reads results: it never imports models, suites or torch.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medeval.errors import UsageError
from medeval.files import neutralise_cell
from medeval.store import RunDir, load_results
from medeval.types import ModelInfo, Scorecard

if TYPE_CHECKING:
    import pandas as pd

METRIC_COLUMNS = ("suite", "metric", "value", "ci_low", "ci_high", "n")
"""Columns of :meth:`Run.metrics`, one row per suite metric."""
BREAKDOWN_COLUMNS = ("suite", "breakdown", "group", "value", "ci_low", "ci_high", "n")
"""Columns of :meth:`Run.breakdowns`, one row per group of a suite's breakdown."""


class Run:
    """One run directory, read and validated once: ``medeval.load_run(path)``.

    Attributes mirror results.json: :attr:`model` (a :class:`~medeval.types.ModelInfo`),
    :attr:`settings`, :attr:`complete`, :attr:`suites` (names, in file order), :attr:`started`,
    :attr:`finished`, :attr:`versions`, :attr:`data` (data file -> SHA-256) and :attr:`results`
    (the validated dict itself).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.results: dict[str, Any] = load_results(self.path)
        if self.path.is_file():  # load_results accepts RUN_DIR/results.json too
            self.path = self.path.parent

    def __repr__(self) -> str:
        state = "complete" if self.complete else "incomplete"
        return f"Run({str(self.path)!r}, model={self.model.name!r}, {state}, suites={self.suites})"

    # ------------------------------------------------------------ attributes of results.json

    @property
    def model(self) -> ModelInfo:
        return ModelInfo.model_validate(self.results["model"])

    @property
    def settings(self) -> dict[str, Any]:
        return dict(self.results["settings"])

    @property
    def complete(self) -> bool:
        return bool(self.results["complete"])

    @property
    def suites(self) -> list[str]:
        return list(self.results["suites"])

    @property
    def started(self) -> str:
        return str(self.results["started"])

    @property
    def finished(self) -> str | None:
        finished = self.results.get("finished")
        return None if finished is None else str(finished)

    @property
    def versions(self) -> dict[str, str]:
        return dict(self.results.get("versions") or {})

    @property
    def data(self) -> dict[str, str]:
        return dict(self.results.get("data") or {})

    @property
    def scorecard(self) -> Scorecard:
        """results.json as the typed :class:`~medeval.types.Scorecard` record."""
        return Scorecard.model_validate(self.results)

    # ------------------------------------------------------------ rows, without pandas

    def metric_rows(self) -> list[dict[str, Any]]:
        """One dict per suite metric, keyed by :data:`METRIC_COLUMNS` (file order)."""
        return [
            {"suite": suite, "metric": metric, **_numbers(value)}
            for suite, result in self.results["suites"].items()
            for metric, value in result["metrics"].items()
        ]

    def breakdown_rows(self) -> list[dict[str, Any]]:
        """One dict per breakdown group, keyed by :data:`BREAKDOWN_COLUMNS`."""
        return [
            {"suite": suite, "breakdown": breakdown, "group": group, **_numbers(value)}
            for suite, result in self.results["suites"].items()
            for breakdown, groups in (result.get("breakdowns") or {}).items()
            for group, value in groups.items()
        ]

    def sample_records(self, suite: str) -> list[dict[str, Any]]:
        """The records of samples/<suite>.jsonl (a torn last line is left out, not repaired)."""
        if suite not in self.results["suites"]:
            raise UsageError(
                f"{self.path}: no suite {suite!r} in this run (it has: {', '.join(self.suites)})"
            )
        return RunDir(self.path).read_samples(suite)

    # ------------------------------------------------------------ DataFrames (pandas, lazily)

    def metrics(self) -> pd.DataFrame:
        """A DataFrame, one row per suite metric: suite, metric, value, ci_low, ci_high, n."""
        import pandas as pd

        return pd.DataFrame(self.metric_rows(), columns=list(METRIC_COLUMNS))

    def breakdowns(self) -> pd.DataFrame:
        """A DataFrame, one row per breakdown group (e.g. medqa's meta_info, mmlu's subject):
        suite, breakdown, group, value, ci_low, ci_high, n."""
        import pandas as pd

        return pd.DataFrame(self.breakdown_rows(), columns=list(BREAKDOWN_COLUMNS))

    def samples(self, suite: str, *, flatten: bool = False) -> pd.DataFrame:
        """A DataFrame, one row per item of `suite`, one column per field of the sample record.

        Nested values stay Python objects (``metadata`` a dict, ``choices`` a list); with
        `flatten`, nested dicts become dotted columns (``metadata.subject``) and lists stay.
        """
        import pandas as pd

        records = self.sample_records(suite)
        if flatten:
            return pd.json_normalize(records) if records else pd.DataFrame()
        return pd.DataFrame.from_records(records)


def load_run(path: str | Path) -> Run:
    """Read a run directory (or its results.json) as a :class:`Run`; a bad one is a DataError."""
    return Run(path)


def _numbers(value: dict[str, Any]) -> dict[str, Any]:
    return {key: value[key] for key in ("value", "ci_low", "ci_high", "n")}


# ---------------------------------------------------------------- which way is better

LOWER_IS_BETTER = frozenset(
    {
        "unsafe_compliance_rate",
        "needs_review_rate",
        "caution_failure_rate",
        "over_refusal_rate",
        "input_filter_false_positive_rate",
        "harmful_count",
        "miss_rate",
    }
)
"""Metrics where less is better (harm, over-refusal, pending review): :func:`lower_is_better`."""
LOWER_IS_BETTER_SUITES = frozenset({"latency"})
"""Suites all of whose metrics are times (seconds): less is better."""


def lower_is_better(suite: str, metric: str) -> bool:
    """Whether a smaller value of `suite`'s `metric` is the better one.

    True for the metrics of :data:`LOWER_IS_BETTER`, every metric of the latency suite (and its
    variants such as ``latency@raw``), times (``*_s``), and any ``*_failure_rate``,
    ``*_false_positive_rate`` or ``*harm*`` metric; higher is better for everything else.
    """
    if suite.split("@")[0] in LOWER_IS_BETTER_SUITES or metric in LOWER_IS_BETTER:
        return True
    return metric.endswith(("_s", "_failure_rate", "_false_positive_rate")) or "harm" in metric


# ---------------------------------------------------------------- the many-runs table


@dataclass(frozen=True)
class ResultsTable:
    """One row per run, one column per ``<suite>.<metric>``; the data of `medeval results`."""

    runs: list[str]
    models: list[str]
    complete: list[bool]
    columns: list[tuple[str, str]]
    cells: list[dict[tuple[str, str], dict[str, Any]]] = field(default_factory=list)

    def best(self, column: tuple[str, str]) -> set[int]:
        """Indexes of the runs holding the best value of `column` (ties: all of them); empty
        when fewer than two runs have a value, as one run has nothing to be best against."""
        values = {i: row[column]["value"] for i, row in enumerate(self.cells) if column in row}
        if len(values) < 2:
            return set()
        pick = min if lower_is_better(*column) else max
        target = pick(values.values())
        return {i for i, value in values.items() if value == target}


def results_table(paths: Iterable[str | Path]) -> ResultsTable:
    """Read each run directory (validated; a bad one is a DataError naming the file)."""
    runs = [(str(path), load_run(path)) for path in paths]
    columns: list[tuple[str, str]] = []
    cells: list[dict[tuple[str, str], dict[str, Any]]] = []
    for _, run in runs:
        row: dict[tuple[str, str], dict[str, Any]] = {}
        for metric in run.metric_rows():
            key = (metric["suite"], metric["metric"])
            if key not in columns:
                columns.append(key)
            row[key] = metric
        cells.append(row)
    return ResultsTable(
        runs=[name for name, _ in runs],
        models=[run.model.name for _, run in runs],
        complete=[run.complete for _, run in runs],
        columns=columns,
        cells=cells,
    )


def column_name(column: tuple[str, str]) -> str:
    return f"{column[0]}.{column[1]}"


def _fmt(value: float) -> str:
    return f"{value:.4f}"


def _printable(text: str) -> str:
    """`text` without control characters (run names and model names are untrusted)."""
    return "".join(char if char.isprintable() else "?" for char in text)


def format_text(table: ResultsTable) -> list[str]:
    """Aligned columns for a terminal; ``*`` marks the best value of each column."""
    header = ["run", "model", "complete", *(column_name(c) for c in table.columns)]
    rows = []
    for i, row in enumerate(table.cells):
        values = []
        for column in table.columns:
            cell = row.get(column)
            mark = "*" if i in table.best(column) else " "
            values.append(("-" if cell is None else _fmt(cell["value"])) + mark)
        complete = "yes" if table.complete[i] else "no"
        rows.append([_printable(table.runs[i]), _printable(table.models[i]), complete, *values])
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    lines = []
    for r in [header, *rows]:
        left = [r[k].ljust(widths[k]) for k in range(3)]
        right = [r[k].rjust(widths[k]) for k in range(3, len(r))]
        lines.append("  ".join(left + right).rstrip())
    lower = [column_name(c) for c in table.columns if lower_is_better(*c)]
    lines.append(
        "* best per column" + (f"; lower is better for {', '.join(lower)}" if lower else "")
    )
    return lines


def _markdown_cell(text: str) -> str:
    escaped = html.escape(_printable(text), quote=False)
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", escaped)


def format_markdown(table: ResultsTable) -> list[str]:
    """A Markdown table; the best value of each column is bold."""
    header = ["run", "model", "complete", *(column_name(c) for c in table.columns)]
    lines = [
        "| " + " | ".join(_markdown_cell(h) for h in header) + " |",
        "|" + "|".join([" --- "] * 3 + [" ---: "] * len(table.columns)) + "|",
    ]
    for i, row in enumerate(table.cells):
        values = []
        for column in table.columns:
            cell = row.get(column)
            text = "-" if cell is None else _fmt(cell["value"])
            values.append(f"**{text}**" if i in table.best(column) else text)
        first = [_markdown_cell(table.runs[i]), _markdown_cell(table.models[i])]
        lines.append(
            "| " + " | ".join([*first, "yes" if table.complete[i] else "no", *values]) + " |"
        )
    lower = [column_name(c) for c in table.columns if lower_is_better(*c)]
    lines.append("")
    lines.append(
        "Bold: best per column"
        + (f"; lower is better for {_markdown_cell(', '.join(lower))}." if lower else ".")
    )
    return lines


def flat_rows(table: ResultsTable) -> list[dict[str, Any]]:
    """One flat dict per run: run, model, complete, and per column ``<suite>.<metric>`` with
    ``_ci_low``, ``_ci_high`` and ``_n`` beside it (None where the run lacks the metric)."""
    rows = []
    for i, row in enumerate(table.cells):
        flat: dict[str, Any] = {
            "run": table.runs[i],
            "model": table.models[i],
            "complete": table.complete[i],
        }
        for column in table.columns:
            cell = row.get(column) or {}
            name = column_name(column)
            flat[name] = cell.get("value")
            for key in ("ci_low", "ci_high", "n"):
                flat[f"{name}_{key}"] = cell.get(key)
        rows.append(flat)
    return rows


def format_json(table: ResultsTable) -> str:
    return json.dumps(flat_rows(table), indent=2, ensure_ascii=False)


def _csv_cell(value: Any) -> Any:
    """Text cells neutralised; numbers stay numbers (a float's digits are never a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return neutralise_cell(str(value))


def format_csv(table: ResultsTable) -> str:
    rows = flat_rows(table)
    header = ["run", "model", "complete"]
    for column in table.columns:
        name = column_name(column)
        header += [name, f"{name}_ci_low", f"{name}_ci_high", f"{name}_n"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(row[h]) for h in header])
    return out.getvalue()


FORMATS = ("text", "csv", "json", "markdown")


def render(table: ResultsTable, fmt: str) -> str:
    """The table in one of :data:`FORMATS`, ending in a newline."""
    if fmt == "csv":
        return format_csv(table)
    if fmt == "json":
        return format_json(table) + "\n"
    lines: Sequence[str] = format_markdown(table) if fmt == "markdown" else format_text(table)
    return "\n".join(lines) + "\n"
