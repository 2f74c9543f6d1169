"""Several continuations of one shared prefix scored in one sequence ("packing").

lm-eval scores a question with multi-token choices as one sequence per choice, each repeating the
question. Packed, the question's tokens appear once and every choice follows them in the same
sequence: ``[question | choice 1 | choice 2 | ...]``. A 4D attention mask lets a choice's tokens
see the question and the earlier tokens of their own choice only, and its position ids continue
from the question's end, so each choice token meets exactly the keys, values and position it would
meet in its own sequence: the same log-likelihoods, from one pass over about a quarter of the
tokens, with no key/value cache to copy. Many questions are packed side by side in one batch.

Only the scored positions go through the output layer: a pre-hook on the model's output
embeddings hands it the hidden states of those positions alone (the model's own logit
post-processing, such as soft-capping, still applies). :func:`packing_works` checks once per model
that it honours the mask and position ids (a model that ignored them would score wrongly); when it
does not, the backend scores without packing.

Layout planning (:func:`pack`) is pure, so it is tested without a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# A group packs when its packed length (the prefix plus every member's own tokens) is at most
# this: attention grows with the square of a sequence's length, and a larger group (a subject's
# few-shot prompt before all its questions) is better served by one key/value cache.
MAX_PACKED_TOKENS = 1024

Target = tuple[int, int, list[int], list[int]]
"""(request index, choice index, the row positions whose logits are scored, the token ids
scored there)."""


class ScoredRow(Protocol):
    """One forward-pass sequence and what it scores (the backend's rows)."""

    @property
    def tokens(self) -> list[int]:
        """The token ids the row feeds the model."""
        ...

    @property
    def targets(self) -> list[Target]:
        """What the row scores, positions counted in the row."""
        ...


@dataclass(frozen=True)
class Packed:
    """One packed sequence: a shared prefix, then each member's own tokens.

    Attributes:
        tokens: the token ids fed to the model.
        positions: the position id of each token (the position it has in its own row).
        segments: 0 for the shared prefix, k for the k-th member's tokens (1-based); a token sees
            the earlier tokens of segment 0 and of its own segment.
        targets: each member's targets with positions counted in the packed sequence.
    """

    tokens: list[int]
    positions: list[int]
    segments: list[int]
    targets: list[Target]


def packed_length(prefix_length: int, rows: Sequence[ScoredRow]) -> int:
    """The length of the sequence :func:`pack` would build."""
    return prefix_length + sum(len(row.tokens) - prefix_length for row in rows)


def pack(prefix_length: int, rows: Sequence[ScoredRow]) -> Packed:
    """Pack rows that share their first `prefix_length` tokens (every scored position at or
    after it) into one sequence."""
    first = rows[0].tokens
    tokens = list(first[:prefix_length])
    positions = list(range(prefix_length))
    segments = [0] * prefix_length
    targets: list[Target] = []
    for segment, row in enumerate(rows, start=1):
        if row.tokens[:prefix_length] != first[:prefix_length]:
            raise ValueError("packed rows must share the prefix")
        offset = len(tokens) - prefix_length  # packed index = row position + offset
        tokens += row.tokens[prefix_length:]
        positions += range(prefix_length, len(row.tokens))
        segments += [segment] * (len(row.tokens) - prefix_length)
        for request_index, choice_index, scored, cont in row.targets:
            if any(p < prefix_length for p in scored):
                raise ValueError("a scored position lies inside the shared prefix")
            targets.append((request_index, choice_index, [p + offset for p in scored], cont))
    return Packed(tokens, positions, segments, targets)


def score_packed(
    model: Any, batch: Sequence[Packed], device: Any
) -> list[tuple[tuple[int, int], float]]:
    """Summed log-probability of every target of `batch`, from one forward pass.

    Sequences are right-padded; a padding token attends to what precedes it (its output is never
    read), so no row of the mask is empty.
    """
    import torch
    import torch.nn.functional as F

    dtype = _hidden_dtype(model)
    width = max(len(packed.tokens) for packed in batch)
    input_ids = torch.zeros((len(batch), width), dtype=torch.long)
    position_ids = torch.zeros((len(batch), width), dtype=torch.long)
    segments = torch.full((len(batch), width), -1, dtype=torch.long)
    rows: list[int] = []
    columns: list[int] = []
    tokens: list[int] = []
    lengths: list[int] = []
    keys: list[tuple[int, int]] = []
    for index, packed in enumerate(batch):
        size = len(packed.tokens)
        input_ids[index, :size] = torch.tensor(packed.tokens, dtype=torch.long)
        position_ids[index, :size] = torch.tensor(packed.positions, dtype=torch.long)
        segments[index, :size] = torch.tensor(packed.segments, dtype=torch.long)
        for request_index, choice_index, scored, cont in packed.targets:
            rows += [index] * len(scored)
            columns += scored
            tokens += cont
            lengths.append(len(scored))
            keys.append((request_index, choice_index))
    causal = torch.ones((width, width), dtype=torch.bool).tril()
    query, key = segments.unsqueeze(2), segments.unsqueeze(1)
    allowed = causal & ((key == 0) | (key == query))
    allowed |= (query == -1) & causal  # padding: anything before it, never read
    mask = torch.zeros((len(batch), 1, width, width), dtype=dtype)
    mask.masked_fill_(~allowed.unsqueeze(1), torch.finfo(dtype).min)
    picked_rows = torch.tensor(rows, dtype=torch.long, device=device)
    picked_columns = torch.tensor(columns, dtype=torch.long, device=device)

    def keep_scored(_module: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
        return (args[0][picked_rows, picked_columns].unsqueeze(0), *args[1:])

    head = model.get_output_embeddings()
    handle = head.register_forward_pre_hook(keep_scored)
    try:
        with torch.inference_mode():
            logits = model(
                input_ids=input_ids.to(device),
                position_ids=position_ids.to(device),
                attention_mask=mask.to(device),
                use_cache=False,
            ).logits
            if logits.shape[:2] != (1, len(rows)):
                raise RuntimeError(f"unexpected logits shape {tuple(logits.shape)}")
            # In the model's dtype, as lm-eval's HF backend does, so half-precision runs agree.
            log_probs = F.log_softmax(logits[0], dim=-1)
            values = log_probs.gather(
                -1, torch.tensor(tokens, dtype=torch.long, device=device).unsqueeze(-1)
            ).squeeze(-1)
    finally:
        handle.remove()
    return [
        (key, float(chunk.sum()))
        for key, chunk in zip(keys, torch.split(values, lengths), strict=True)
    ]


def _hidden_dtype(model: Any) -> Any:
    """The dtype of the model's hidden states (its input embeddings'), which the additive
    attention mask must share; 4-bit weights keep their embeddings in the compute dtype."""
    import torch

    weight = model.get_input_embeddings().weight
    return weight.dtype if weight.is_floating_point() else torch.float32


@dataclass(frozen=True)
class _ProbeRow:
    tokens: list[int]
    targets: list[Target]


def packing_works(model: Any, device: Any) -> bool:
    """Whether `model` scores packed sequences as it scores each row alone: checked once on a
    made-up prefix with two continuations (a model that ignored the 4D mask or the position ids,
    or never called its output embeddings, would fail here and is scored without packing)."""
    import torch
    import torch.nn.functional as F

    head = model.get_output_embeddings()
    vocab_size = getattr(getattr(head, "weight", None), "shape", (0,))[0]
    if vocab_size < 2:
        return False
    ids = [1 + (7 * i) % (vocab_size - 1) for i in range(24)]
    prefix = ids[:12]
    rows = [
        _ProbeRow(prefix + ids[12:16], [(0, 0, [11, 12, 13, 14], ids[13:17])]),
        _ProbeRow(prefix + ids[16:18], [(0, 1, [11, 12], ids[17:19])]),
    ]
    try:
        packed = score_packed(model, [pack(11, rows), pack(11, rows[1:])], device)
    except Exception:  # noqa: BLE001 - any failure means: do not pack with this model
        return False
    plain = []
    with torch.inference_mode():
        for row in rows:
            logits = model(input_ids=torch.tensor([row.tokens], device=device)).logits
            log_probs = F.log_softmax(logits[0], dim=-1)
            _, _, scored, cont = row.targets[0]
            plain.append(float(sum(log_probs[p, t] for p, t in zip(scored, cont, strict=True))))
    tolerance = 1e-4 if _hidden_dtype(model) in (torch.float32, torch.float64) else 5e-2
    expected = [plain[0], plain[1], plain[1]]
    return all(
        abs(value - reference) <= tolerance * max(1.0, abs(reference))
        for (_, value), reference in zip(packed, expected, strict=True)
    )
