"""Readers for the published benchmark file formats that report file, line and field on error.

The benchmark files come in three shapes (JSON lines, one JSON object, header-less or headed CSV);
each reader yields records with the 1-based line number they came from, so a suite can say exactly
where a bad record is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from medeval.errors import DataError


def require_file(path: Path, hint: str = "") -> Path:
    if not path.is_file():
        extra = f" {hint}" if hint else ""
        raise DataError(path, f"data file not found.{extra}")
    return path


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record) for each non-blank line of a JSON-lines file."""
    with require_file(path).open(encoding="utf-8") as handle:
        yield from jsonl_records(handle, path)


def jsonl_records(lines: Iterable[str], origin: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for JSON-lines text from any source (a file, a package resource)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(origin, f"malformed JSON ({exc.msg})", line=number) from None
        if not isinstance(record, dict):
            raise DataError(origin, "expected a JSON object", line=number)
        yield number, record


def read_json(path: Path) -> Any:
    with require_file(path).open(encoding="utf-8") as handle:
        try:
            return json.load(handle)
        except json.JSONDecodeError as exc:
            raise DataError(path, f"malformed JSON ({exc.msg})", line=exc.lineno) from None


def read_csv_rows(path: Path, *, header: bool) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells); with `header`, the header row is skipped."""
    with require_file(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        try:
            for row in reader:
                if reader.line_num == 1 and header:
                    continue
                if not row:
                    continue
                yield reader.line_num, row
        except csv.Error as exc:
            raise DataError(path, f"malformed CSV ({exc})", line=reader.line_num) from None


def field(
    record: dict[str, Any],
    name: str,
    path: Path,
    line: int,
    *,
    kind: type | tuple[type, ...] = str,
    allow_empty: bool = False,
) -> Any:
    """record[name], checked for presence and type; a DataError names file, line and field."""
    if name not in record or record[name] is None:
        raise DataError(path, "missing field", line=line, field=name)
    value = record[name]
    if not isinstance(value, kind):
        raise DataError(
            path, f"expected {_kind_name(kind)}, got {type(value).__name__}", line=line, field=name
        )
    if not allow_empty and isinstance(value, str) and not value.strip():
        raise DataError(path, "empty value", line=line, field=name)
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(k.__name__ for k in kind)
    return kind.__name__


def letter_index(value: Any, letters: Sequence[str], path: Path, line: int, name: str) -> int:
    """Index of an answer letter ('A'..'D'), or a DataError listing the valid labels."""
    text = str(value).strip().upper()
    if text not in letters:
        raise DataError(
            path,
            f"unknown answer label {value!r} (expected one of {', '.join(letters)})",
            line=line,
            field=name,
        )
    return list(letters).index(text)


HubRows = Callable[[str, str | None, str], list[dict[str, Any]]]


def load_hub_rows(dataset_id: str, config: str | None, split: str) -> list[dict[str, Any]]:
    """Rows of a Hugging Face hub dataset split (needs network; tests use local stand-ins)."""
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - datasets is a core dependency
        raise DataError(dataset_id, "the `datasets` package is needed to read the hub") from exc
    try:
        dataset = datasets.load_dataset(dataset_id, config, split=split)
    except Exception as exc:  # network, auth and format errors all land here
        raise DataError(
            f"hf://{dataset_id}" + (f"/{config}" if config else ""),
            f"could not load split '{split}' from the Hugging Face hub ({exc}). Without network, "
            "point --data-dir (or MEDEVAL_DATA_DIR) at a folder holding the original files.",
        ) from None
    return [dict(row) for row in dataset]
