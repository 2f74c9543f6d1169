"""Reading input files: readers that report file, line and field on error, checksums, data dir.

Benchmark files, prompt sets, ratings and training sources come in three shapes (JSON lines, one
JSON object, header-less or headed CSV); each reader yields records with the 1-based line number
they came from, so the caller can say exactly where a bad record is. Every part of medeval reads
its input through here, so every bad file is reported the same way (exit 2, file:line, field).

This module is core: it imports the standard library and :mod:`medeval.errors` only (the hub
reader imports ``datasets`` when called).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from medeval.errors import DataError


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, streamed so large files cost no memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_data_dir(data_dir: str | Path | None) -> Path | None:
    """`--data-dir`, else `MEDEVAL_DATA_DIR`, else None (load from the Hugging Face hub)."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get("MEDEVAL_DATA_DIR")
    return Path(env) if env else None


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


def read_csv_records(
    path: Path, *, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (first line of the record, column -> cell) for a headed CSV file.

    The line is where the record starts, so a record whose quoted text spans several lines is
    reported where a person would look for it.
    """
    with require_file(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise DataError(path, "empty file (expected a header row)", line=1)
            for name in required:
                if name not in header:
                    raise DataError(path, "missing column in header row", line=1, field=name)
            previous_end = reader.line_num
            for cells in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if not cells:
                    continue
                if len(cells) != len(header):
                    raise DataError(
                        path, f"expected {len(header)} cells, found {len(cells)}", line=start
                    )
                yield start, dict(zip(header, cells, strict=True))
        except csv.Error as exc:
            raise DataError(path, f"malformed CSV ({exc})", line=reader.line_num) from None


def csv_row_index(row: dict[str, str], path: Path, line: int) -> int:
    """The unnamed index column pandas wrote (MedSafetyBench's ids are built from it)."""
    if "" not in row:
        raise DataError(path, "missing the unnamed index column", line=1, field="(index)")
    text = row[""].strip()
    if not text.isdigit():
        raise DataError(
            path, f"row index {text!r} is not a whole number", line=line, field="(index)"
        )
    return int(text)


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
