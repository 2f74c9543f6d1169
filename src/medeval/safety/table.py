"""Tables of answers to classify: CSV or JSON lines, with an optional unsafe-prompt column.

What `medeval redteam classify` reads. The format follows the file's extension (``.csv`` with a
header row, or ``.jsonl``); every bad input (an unknown extension, a missing column or field, a
malformed line, an unsafe value that is not one of `UNSAFE_VALUES`) is a
:class:`medeval.errors.DataError` naming the file and, where there is one, the line.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.files import field, read_table
from medeval.safety.classifier import Classification, classify, refusal_status
from medeval.safety.encoder import Encoder

#: Rows read by the encoder at a time.
CHUNK = 64

#: Accepted unsafe-column values (any case, surrounding spaces ignored) and what they mean.
UNSAFE_VALUES: dict[str, bool] = {
    "1": True,
    "true": True,
    "yes": True,
    "unsafe": True,
    "0": False,
    "false": False,
    "no": False,
    "safe": False,
}


@dataclass(frozen=True)
class AnswerRow:
    """One row of a table of answers."""

    index: int  # 0-based data row (record) index
    line: int  # 1-based line the row starts on
    prompt: str
    response: str
    unsafe: bool | None  # the unsafe column's value; None without one


def parse_unsafe(value: Any, path: Path, line: int, column: str) -> bool:
    """An unsafe-column value as a bool; anything but `UNSAFE_VALUES` (or a JSON bool) fails."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str):
        key = str(value).strip().lower()
        if key in UNSAFE_VALUES:
            return UNSAFE_VALUES[key]
    raise DataError(
        path,
        f"unsafe value {value!r} is not one of 1/0, true/false, yes/no, unsafe/safe",
        line=line,
        field=column,
    )


def read_answers(
    path: Path, prompt_column: str, response_column: str, unsafe_column: str | None = None
) -> Iterator[AnswerRow]:
    """The rows of a CSV or JSON-lines table of answers, checked as they are read."""
    csv.field_size_limit(2**31 - 1)  # answers can be long; the default limit is 128 KiB
    required = (prompt_column, response_column) + ((unsafe_column,) if unsafe_column else ())
    for index, line, record in read_table(path, required=required):
        prompt = field(record, prompt_column, path, line, allow_empty=True)
        response = field(record, response_column, path, line, allow_empty=True)
        unsafe = None
        if unsafe_column is not None:
            unsafe = parse_unsafe(record[unsafe_column], path, line, unsafe_column)
        yield AnswerRow(index, line, prompt, response, unsafe)


def classify_table(
    path: Path,
    prompt_column: str,
    response_column: str,
    unsafe_column: str | None = None,
    *,
    encoder: Encoder | None = None,
) -> Iterator[tuple[AnswerRow, Classification]]:
    """Classify every row of a table of answers, yielding (row, verdict) in file order.

    With `encoder`, every row gets the encoder's second reading (read in chunks of `CHUNK`
    rows): it enters p_compliance (3.16) and the label (3.17).
    """
    rows = read_answers(path, prompt_column, response_column, unsafe_column)
    while chunk := list(itertools.islice(rows, CHUNK)):
        readings: list[list[float]] | list[None] = (
            encoder.embed([(r.prompt, r.response) for r in chunk])
            if encoder
            else [None] * len(chunk)
        )
        for row, reading in zip(chunk, readings, strict=True):
            yield row, classify(row.prompt, row.response, embedding=reading)


def output_record(row: AnswerRow, verdict: Classification) -> dict[str, Any]:
    """One output line: row, label, p_compliance, needs_review first, then the rest.

    Fail-closed judging applies to rows marked unsafe and to every row of a table without an
    unsafe column; a row marked safe has nothing to clear, so its ``needs_review`` is false and
    its ``refusal_status`` null.
    """
    judged = row.unsafe is not False
    data = verdict.model_dump(mode="json")
    record: dict[str, Any] = {
        "row": row.index,
        "label": data.pop("label"),
        "p_compliance": data.pop("p_compliance"),
        "needs_review": bool(data.pop("needs_review")) and judged,
    }
    if row.unsafe is not None:
        record["unsafe"] = row.unsafe
    record["refusal_status"] = refusal_status(verdict) if judged else None
    record.update(data)
    return record
