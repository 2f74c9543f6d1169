"""The per-user answer cache, keyed by model fingerprint and the exact request.

A key hashes the fingerprint, the request kind and the full request (prompt text and choices, or
generation settings), so a 0-shot answer is never served for a 5-shot prompt and one model's answer
never for another. SQLite gives safe concurrent use by several runs without a server.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """The per-user medeval cache (`$MEDEVAL_CACHE`, default ~/.cache/medeval)."""
    return Path(os.environ.get("MEDEVAL_CACHE", Path.home() / ".cache" / "medeval"))


def request_key(fingerprint: str, kind: str, request: Any) -> str:
    payload = json.dumps([fingerprint, kind, request], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache:
    """key -> JSON value store in `$MEDEVAL_CACHE/answers.sqlite`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "answers.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT)")
        self._db.commit()

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM answers WHERE key IN ({marks})"
            for key, value in self._db.execute(query, chunk):
                found[key] = json.loads(value)
        return found

    def put_many(self, values: dict[str, Any]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO answers (key, value) VALUES (?, ?)",
            [(key, json.dumps(value)) for key, value in values.items()],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def through_cache(
    cache: AnswerCache | None,
    keys: Sequence[str],
    requests: Sequence[T],
    compute: Callable[[list[T]], Sequence[Any]],
) -> tuple[dict[str, Any], int]:
    """The answers for `keys` (one per request): what the cache holds, `compute` for the rest.

    `compute` gets the requests whose answers are missing and returns their answers in that
    order; they are stored before returning. Returns (key -> answer, answers computed now).
    """
    answers = cache.get_many(keys) if cache is not None else {}
    missing = [i for i, key in enumerate(keys) if key not in answers]
    if not missing:
        return answers, 0
    fresh = compute([requests[i] for i in missing])
    computed = {keys[i]: value for i, value in zip(missing, fresh, strict=True)}
    if cache is not None:
        cache.put_many(computed)
    answers.update(computed)
    return answers, len(missing)
