"""The run directory: results.json, samples/<suite>.jsonl and scorecard.html.

Writes are crash-safe: results.json is replaced atomically, and sample lines are appended and
flushed one chunk at a time, so a run killed at any moment leaves at worst a torn last line. On
resume that torn line is cut off (and its item scored again), never duplicated.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.types import Scorecard

RESULTS = "results.json"
SAMPLES = "samples"
SCORECARD = "scorecard.html"


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


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
