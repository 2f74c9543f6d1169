"""The run directory: results.json, samples/<suite>.jsonl and scorecard.html.

Everything that reads or writes a run goes through here: :func:`load_results` is the one reader
that validates results.json against the Scorecard record, :func:`sample_record` the one shape of a
samples line, and :meth:`RunDir.pending` the one answer to "which items are left" on resume.

Writes are crash-safe: results.json is replaced atomically, and sample lines are appended and
flushed one chunk at a time, so a run killed at any moment leaves at worst a torn last line. On
resume that torn line is cut off (and its item scored again), never duplicated.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from medeval.errors import DataError, ResumeMismatchError
from medeval.types import Item, ItemResult, Scorecard

RESULTS = "results.json"
SAMPLES = "samples"
SCORECARD = "scorecard.html"


def utc_now() -> str:
    """The current UTC time as results.json and manifests record it (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load_results(run_dir: str | Path) -> dict[str, Any]:
    """Read and validate RUN_DIR/results.json (a results.json path is accepted too).

    Validated against the Scorecard schema so a truncated or hand-edited file is an input error
    (exit 2) naming the field, not a silent pass.
    """
    path = Path(run_dir)
    if path.is_dir():
        path = path / "results.json"
    if not path.is_file():
        raise DataError(path, "no results.json here: is this a medeval run directory?")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot be read ({exc})") from None
    try:
        Scorecard.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise DataError(path, str(error["msg"]), field=field or None) from None
    assert isinstance(data, dict)
    return data


def sample_record(item: Item, result: ItemResult | None) -> dict[str, Any]:
    """One samples/<suite>.jsonl line: the item itself plus the model's scored output."""
    record: dict[str, Any] = {
        "item_id": item.id,
        "suite": item.suite,
        "question": item.question,
        "options": item.options,
        "choices": item.choices,
        "target": item.target,
        "input": item.input,
        "metadata": item.metadata,
    }
    if result is not None:
        record.update(result.model_dump(mode="json", exclude={"item_id"}))
    return record


class RunDir:
    """One run's folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @property
    def results_path(self) -> Path:
        return self.path / RESULTS

    @property
    def scorecard_path(self) -> Path:
        return self.path / SCORECARD

    def samples_path(self, suite: str) -> Path:
        return self.path / SAMPLES / f"{suite}.jsonl"

    def read_results(self) -> dict[str, Any] | None:
        """results.json as a dict, or None when the folder has none yet."""
        if not self.results_path.is_file():
            return None
        try:
            data: dict[str, Any] = json.loads(self.results_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise DataError(self.results_path, f"malformed JSON ({exc})") from None
        return data

    def write_results(self, scorecard: Scorecard) -> None:
        write_json_atomic(self.results_path, scorecard.model_dump(mode="json"))

    def read_samples(self, suite: str, *, repair: bool = False) -> list[dict[str, Any]]:
        """Complete sample lines of a suite; with `repair`, cut a torn last line off the file."""
        path = self.samples_path(suite)
        if not path.is_file():
            return []
        raw = path.read_bytes()
        records = []
        good_end = 0
        offset = 0
        for number, line in enumerate(raw.splitlines(keepends=True), start=1):
            offset += len(line)
            if not line.endswith(b"\n"):
                break  # torn write: the process died mid-line
            try:
                records.append(json.loads(line))
            except ValueError:
                raise DataError(path, "malformed sample line", line=number) from None
            good_end = offset
        if repair and good_end != len(raw):
            with path.open("r+b") as handle:
                handle.truncate(good_end)
        return records

    def append_samples(self, suite: str, records: Iterable[dict[str, Any]]) -> None:
        path = self.samples_path(suite)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    def pending(self, suite: str, items: list[Item]) -> list[Item]:
        """Items not yet in samples/<suite>.jsonl (a torn last line is cut off first).

        A samples file holding an item this run did not ask for belongs to another run: resuming
        into it would mix the two, so that is refused.
        """
        requested = {item.id for item in items}
        done = {record["item_id"] for record in self.read_samples(suite, repair=True)}
        stray = done - requested
        if stray:
            raise ResumeMismatchError(
                f"{self.samples_path(suite)} holds items this run did not ask for "
                f"(e.g. {sorted(stray)[0]}); use a new --out folder."
            )
        return [item for item in items if item.id not in done]
