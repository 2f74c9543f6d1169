"""Word n-gram hashing and MinHash, shared by de-duplication and decontamination.

Texts are compared as lower-cased alphanumeric words (after Unicode NFKC), so punctuation,
case and spacing never hide an overlap. Each word gets a stable 64-bit hash (BLAKE2b, not
Python's per-process ``hash``), and an n-gram's hash is a polynomial over its words' hashes
computed for every position at once with numpy: hashes are identical across runs and machines,
which is what lets an index be cached on disk.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

import numpy as np

WORD = re.compile(r"[^\W_]+")
_MULTIPLIER = np.uint64(1099511628211)  # an odd 64-bit multiplier (FNV prime)
MINHASH_PERMUTATIONS = 128
LSH_BANDS = 16  # 16 bands of 8 rows: pairs above ~0.7 Jaccard become candidates


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


_WORD_HASHES: dict[str, int] = {}


def _word_hash(word: str) -> int:
    value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    if len(_WORD_HASHES) < 1 << 21:  # bounded memo: a corpus vocabulary fits easily
        _WORD_HASHES[word] = value
    return value


def word_hashes(text: str) -> np.ndarray[Any, np.dtype[np.uint64]]:
    memo = _WORD_HASHES
    values = [memo.get(w) or _word_hash(w) for w in words(text)]
    return np.array(values, dtype=np.uint64)


def ngram_hashes(
    tokens: np.ndarray[Any, np.dtype[np.uint64]], n: int
) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """Hash of every contiguous `n`-gram of `tokens` (empty when there are fewer than n)."""
    count = len(tokens) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    result = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(n):
            result = result * _MULTIPLIER + tokens[offset : offset + count]
    return result


def sequence_hash(tokens: np.ndarray[Any, np.dtype[np.uint64]]) -> int:
    """The n-gram hash of a whole sequence (equal to ``ngram_hashes(tokens, len(tokens))``)."""
    return int(ngram_hashes(tokens, len(tokens))[0])


def shingles(
    text: str | np.ndarray[Any, np.dtype[np.uint64]], n: int = 3
) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The distinct word n-grams of a text or its word hashes (the whole text when it is
    shorter than n words)."""
    tokens = word_hashes(text) if isinstance(text, str) else text
    if len(tokens) == 0:
        return np.empty(0, dtype=np.uint64)
    return np.unique(ngram_hashes(tokens, min(n, len(tokens))))


def jaccard(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


class MinHasher:
    """MinHash signatures and LSH band keys over shingle sets (seeded, so deterministic)."""

    def __init__(self, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        high = np.iinfo(np.uint64).max
        self.a = rng.integers(1, high, size=MINHASH_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, high, size=MINHASH_PERMUTATIONS, dtype=np.uint64)

    def signature(self, shingle_set: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The MinHash signature (all-ones for an empty set, which then matches nothing)."""
        if len(shingle_set) == 0:
            return np.full(MINHASH_PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
        with np.errstate(over="ignore"):
            permuted = np.outer(self.a, shingle_set) + self.b[:, None]
        result: np.ndarray[Any, Any] = permuted.min(axis=1)
        return result

    def band_keys(
        self, shingle_set: np.ndarray[Any, Any], signature: np.ndarray[Any, Any] | None = None
    ) -> list[tuple[int, bytes]]:
        """(band index, band bytes) pairs; two sets sharing any pair are candidates."""
        if len(shingle_set) == 0:
            return []
        if signature is None:
            signature = self.signature(shingle_set)
        rows = MINHASH_PERMUTATIONS // LSH_BANDS
        return [
            (band, signature[band * rows : (band + 1) * rows].tobytes())
            for band in range(LSH_BANDS)
        ]
