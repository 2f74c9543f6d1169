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
import re
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


def not_utf8(path: Path, kind: str = "text", *, header: bool = False) -> DataError:
    """The error for a file that is not UTF-8: its line and, where the line still parses, field.

    Called after a reader met a UnicodeDecodeError (which says neither), so the cost of reading
    the file again is paid only for a bad file. `kind` is ``jsonl``, ``json``, ``csv`` (with
    `header`: the first row names the columns) or ``text``.
    """
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:  # pragma: no cover - only called after a decoding error
        return DataError(path, "not UTF-8 text")
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    text = data.decode("utf-8", errors="surrogateescape")
    try:
        field_name = _undecodable_field(text, line, kind, header)
    except (ValueError, csv.Error):  # the line does not parse either: the line alone
        field_name = None
    return DataError(
        path,
        f"not UTF-8 text (byte 0x{data[start]:02x} at column {column}); save the file as UTF-8",
        line=line,
        field=field_name,
    )


def _has_undecodable(value: Any) -> bool:
    return isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value)


def _json_path(value: Any, prefix: str = "") -> str | None:
    """The dotted path to the first string holding undecodable bytes, keys included."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, inner in items:
        name = f"{prefix}.{key}" if prefix else str(key)
        if _has_undecodable(key) or _has_undecodable(inner):
            return name
        if isinstance(inner, dict | list):
            found = _json_path(inner, name)
            if found is not None:
                return found
    return None


def _undecodable_field(text: str, line: int, kind: str, header: bool) -> str | None:
    if kind in ("jsonl", "json"):
        value = json.loads(text.split("\n")[line - 1] if kind == "jsonl" else text)
        return _json_path(value) if isinstance(value, dict | list) else None
    if kind != "csv":
        return None
    reader = csv.reader(text.splitlines(keepends=True))
    names: list[str] = []
    previous_end = 0
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if header and start == 1:
            names = cells
        if start <= line <= reader.line_num:
            for index, cell in enumerate(cells):
                if _has_undecodable(cell):
                    named = (
                        index < len(names) and names[index] and not _has_undecodable(names[index])
                    )
                    return names[index] if named else f"column {index + 1}"
            return None
    return None


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record) for each non-blank line of a JSON-lines file."""
    with require_file(path).open(encoding="utf-8") as handle:
        try:
            yield from jsonl_records(handle, path)
        except UnicodeDecodeError:
            raise not_utf8(path, "jsonl") from None


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
        except UnicodeDecodeError:
            raise not_utf8(path, "json") from None


def read_csv_rows(
    path: Path, *, header: bool, named: bool | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells); with `header`, the header row is skipped.

    `named` (default: `header`) says whether the first row names the columns, so that an error
    can name the field (a caller reading the header row itself passes ``header=False,
    named=True``).
    """
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
        except UnicodeDecodeError:
            raise not_utf8(path, "csv", header=header if named is None else named) from None


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
        except UnicodeDecodeError:
            raise not_utf8(path, "csv", header=True) from None


TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".jsonl")


def read_table(
    path: Path, *, required: Sequence[str] = ()
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Yield (0-based data row index, 1-based line, record) from a CSV or JSON-lines table.

    The format follows the extension: ``.csv`` (a header row naming the columns; the line is
    where the record starts) or ``.jsonl`` (one JSON object per line; blank lines are skipped
    and not counted as rows). Every column in ``required`` must be in the header (CSV) or in
    each record (JSON lines). Checking values is the caller's part (see :func:`field`).

    Raises:
        DataError: an unknown extension, a missing file or column, a malformed line, or text
            that is not UTF-8; the message names the file and, where there is one, the line.
    """
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise DataError(
            path,
            f"unknown table format {suffix or '(no extension)'!r}: expected "
            + " or ".join(TABLE_SUFFIXES),
        )
    line = 0
    try:
        if suffix == ".csv":
            records: Iterator[tuple[int, dict[str, Any]]] = read_csv_records(
                path, required=tuple(required)
            )
        else:
            records = read_jsonl(path)
        for index, (line, record) in enumerate(records):
            for name in required:
                if name not in record:
                    raise DataError(path, "missing field", line=line, field=name)
            yield index, line, record
    except UnicodeDecodeError as exc:
        where = f", after line {line}" if line else ""
        raise DataError(path, f"not UTF-8 text ({exc.reason}{where})") from None


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


# Cells a spreadsheet would run as a formula (after any leading blanks, JavaScript's \s, as the
# panel packets' script neutralises them: rubrics/templates/packet.js), and their neutralised
# form: one ``'`` more in front.
_BLANKS = "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*"
_FORMULA = re.compile("'*" + _BLANKS + "[=+\\-@]")
_NEUTRALISED = re.compile("'+" + _BLANKS + "[=+\\-@]")


def neutralise_cell(text: str) -> str:
    """`text` safe to open in a spreadsheet: a ``'`` before anything that would be a formula."""
    return "'" + text if _FORMULA.match(text) else text


def restore_cell(text: str) -> str:
    """The text as typed, from a cell :func:`neutralise_cell` (or packet.js) wrote."""
    return text[1:] if _NEUTRALISED.match(text) else text
