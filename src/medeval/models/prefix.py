"""Which scoring sequences share a token prefix worth computing once.

A five-shot MMLU prompt repeats the same description and five worked examples before every
question of a subject; a multi-token answer repeats the question before every choice. A causal
model's keys and values for a prefix do not depend on what follows it, so the prefix can go
through the model once and every sequence that starts with it continues from its key/value cache.

Planning is pure (token lists in, groups out), so it is tested without a model: sequences are
sorted, neighbours' common prefixes computed, and the sorted run is split where splitting keeps
more tokens out of the model than sharing one shorter prefix among all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A shared prefix shorter than this is recomputed per sequence: below it, the extra forward pass
# for the prefix and the smaller batches cost more than the tokens saved.
MIN_SHARED_TOKENS = 16
# How deep the planner splits nested prefixes (each level is a strictly longer prefix).
MAX_SPLIT_DEPTH = 64


@dataclass(frozen=True)
class PrefixGroup:
    """Sequences (indexes into the planner's input) whose first `length` tokens are equal."""

    length: int
    members: list[int]


def common_prefix_length(first: Sequence[int], second: Sequence[int]) -> int:
    """How many leading tokens two sequences share."""
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


def plan_shared_prefixes(
    sequences: Sequence[Sequence[int]],
    limits: Sequence[int],
    min_shared: int = MIN_SHARED_TOKENS,
) -> list[PrefixGroup]:
    """Groups of at least two sequences that share a prefix of at least `min_shared` tokens.

    `limits[i]` caps the prefix of sequence i (its first scored position: the logits there must
    come from the sequence's own forward pass). A sequence is in at most one group; sequences in
    no group are scored on their own. Among nested choices (all of a subject's questions share
    the few-shot examples; some also share their first words) the plan keeps the most tokens out
    of the model.
    """
    if len(sequences) != len(limits):
        raise ValueError("one limit per sequence")
    order = sorted(range(len(sequences)), key=lambda i: list(sequences[i]))
    shared = [
        min(common_prefix_length(sequences[a], sequences[b]), limits[a], limits[b])
        for a, b in zip(order, order[1:], strict=False)
    ]
    groups: list[PrefixGroup] = []
    _split(order, shared, 0, len(order), min_shared, groups, 0)
    return groups


def _split(
    order: list[int],
    shared: list[int],
    low: int,
    high: int,
    min_shared: int,
    groups: list[PrefixGroup],
    depth: int,
) -> int:
    """Plan order[low:high] (shared[k] is the common prefix of order[k] and order[k + 1]);
    append the chosen groups and return the number of tokens they save."""
    if high - low < 2:
        return 0
    common = min(shared[low : high - 1])
    together = (high - low - 1) * common if common >= min_shared else 0
    if depth >= MAX_SPLIT_DEPTH:
        if together:
            groups.append(PrefixGroup(common, order[low:high]))
        return together
    parts: list[PrefixGroup] = []
    split = 0
    start = low
    for k in range(low, high):
        if k == high - 1 or shared[k] == common:
            split += _split(order, shared, start, k + 1, min_shared, parts, depth + 1)
            start = k + 1
    if together and together >= split:
        groups.append(PrefixGroup(common, order[low:high]))
        return together
    groups.extend(parts)
    return split
