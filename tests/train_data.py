"""Data folders in the `medeval data build` layout, written by tests of the trainer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def write_data_dir(directory: Path, splits: dict[str, list[dict[str, Any]]]) -> Path:
    """<split>.jsonl files plus a card.json holding their sha256 checksums."""
    directory.mkdir(parents=True, exist_ok=True)
    checksums = {}
    for name, rows in splits.items():
        path = directory / f"{name}.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows))
        checksums[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    (directory / "card.json").write_text(json.dumps({"checksums": checksums}))
    return directory
