"""Model fingerprints: a content hash of what determines a model's answers.

A fingerprint covers the config, tokenizer and weight files (and an adapter's), plus the dtype and
quantization the weights run in, so the cache can never serve one model's answers for another.
Hashing a 15 GB model takes minutes, so each file's digest is memoised by (path, size, mtime) in
the user cache and a model is hashed once.

A *weights* fingerprint (:func:`weights_only_fingerprint`) hashes the same files without any
loading settings: it names the weights themselves, whatever dtype or quantization they later run
in. A candidate's manifest records its base model's weights fingerprint, so an adapter trained on
an NF4-quantised base is still recognised when it is evaluated in bfloat16 or float32.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from medeval.cache import cache_dir
from medeval.files import sha256_file

# Bookkeeping files that say where a model came from, not what it computes.
NOT_MODEL = frozenset({"manifest.json", "medeval-bundled.json"})
FINGERPRINT_SUFFIXES = (".json", ".safetensors", ".bin", ".gguf", ".model", ".txt", ".jinja", ".pt")


def model_files(directory: Path) -> list[Path]:
    """The files of a model folder that influence its outputs (config, tokenizer, weights)."""
    files = [
        path
        for path in sorted(directory.iterdir())
        if path.is_file() and path.suffix in FINGERPRINT_SUFFIXES and path.name not in NOT_MODEL
    ]
    return files


def _memo_path() -> Path:
    return cache_dir() / "fingerprints.json"


def file_digest(path: Path, memo: dict[str, Any]) -> str:
    stat = path.stat()
    key = str(path.resolve())
    entry = memo.get(key)
    if entry and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
        return str(entry["sha256"])
    digest = sha256_file(path)
    memo[key] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
    return digest


def _location_files(location: Path) -> list[Path]:
    """A model folder's files, or a single-file model (a GGUF file) itself."""
    return [location] if location.is_file() else model_files(location)


def fingerprint(directories: list[Path], settings: dict[str, Any]) -> str:
    """sha256 over every model file's digest (per folder, or per single-file model such as a
    GGUF file) and the loading settings."""
    memo_file = _memo_path()
    try:
        memo: dict[str, Any] = json.loads(memo_file.read_text()) if memo_file.is_file() else {}
    except ValueError:
        memo = {}
    known = dict(memo)
    summary: dict[str, Any] = {"settings": settings, "folders": []}
    for directory in directories:
        summary["folders"].append(
            {path.name: file_digest(path, memo) for path in _location_files(directory)}
        )
    if memo != known:
        memo_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(memo))
        os.replace(tmp, memo_file)
    return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()


def weights_only_fingerprint(location: Path) -> str:
    """The fingerprint of a model's weights alone: its config, tokenizer and weight files (or its
    GGUF file), with no dtype or quantization settings.

    Two loadings of the same files (float32, bfloat16, 4-bit NF4) share it, which the run
    fingerprint (:func:`fingerprint` with the settings) deliberately does not. It equals what
    candidates' manifests recorded as ``base_model_fingerprint`` before this function existed
    (the same files, hashed with empty settings), so older candidates verify too.
    """
    return fingerprint([location], {})
