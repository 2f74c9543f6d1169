"""The HF backend's shortcuts give the same numbers as scoring every sequence in full.

Shared prefixes are computed once: a question before its multi-token choices in one packed
sequence (a 4D attention mask and position ids keep the choices apart), a few-shot prompt before
many questions from its key/value cache; texts are tokenised in batches. Each shortcut is checked
here against the plain path on the tiny model (lm-eval agreement itself is
test_lm_eval_crosscheck.py's and test_lm_eval_tasks.py's job).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from medeval.models.hf import HFModel
from medeval.models.packing import Target, pack, packed_length, packing_works
from medeval.models.prefix import PrefixGroup, common_prefix_length, plan_shared_prefixes
from medeval.suites.mmlu_medical import MMLUMedicalSuite


def test_common_prefix_length() -> None:
    assert common_prefix_length([1, 2, 3], [1, 2, 4]) == 2
    assert common_prefix_length([1, 2], [1, 2, 3]) == 2
    assert common_prefix_length([], [1]) == 0


def test_plan_groups_few_shot_subjects_not_their_common_words() -> None:
    """Two subjects of 3 questions each: every question shares its subject's 20-token prefix
    (and a 4-token description start with the other subject); two questions also share a
    first word. The plan takes one group per subject, at the subject prefix."""
    header = [9, 9, 9, 9]
    subject_a = header + list(range(100, 116))
    subject_b = header + list(range(200, 216))
    sequences = [
        subject_a + [1, 50, 51],
        subject_a + [1, 60],
        subject_a + [2, 70, 71, 72],
        subject_b + [3],
        subject_b + [4, 5],
        subject_b + [6, 7],
    ]
    limits = [len(s) - 1 for s in sequences]
    groups = plan_shared_prefixes(sequences, limits, min_shared=16)
    assert sorted((g.length, sorted(g.members)) for g in groups) == [
        (20, [0, 1, 2]),
        (20, [3, 4, 5]),
    ]


def test_plan_respects_limits_and_minimum() -> None:
    sequences = [[1] * 30 + [2], [1] * 30 + [3], [5] * 10 + [6], [5] * 10 + [7]]
    # the scored positions cap the first two at 25; the last two share only 10 tokens
    groups = plan_shared_prefixes(sequences, [25, 28, 10, 10], min_shared=16)
    assert groups == [PrefixGroup(25, [0, 1])]
    assert plan_shared_prefixes([[1] * 40], [39]) == []
    with pytest.raises(ValueError):
        plan_shared_prefixes([[1]], [])


def test_plan_prefers_longer_prefixes_for_larger_groups() -> None:
    """Nested sharing: all share 20 tokens, two of them share 200. Two groups save more."""
    base = list(range(20))
    sequences = [
        base + [1] * 180 + [7],
        base + [1] * 180 + [8],
        base + [2, 3],
        base + [4, 5],
    ]
    groups = plan_shared_prefixes(sequences, [len(s) - 1 for s in sequences])
    assert [(g.length, sorted(g.members)) for g in groups] == [(200, [0, 1])]


@dataclass(frozen=True)
class Row:
    tokens: list[int]
    targets: list[Target]


def test_pack_lays_out_prefix_then_each_member() -> None:
    rows = [
        Row([5, 6, 7, 8, 9], [(0, 0, [2, 3, 4], [8, 9, 10])]),
        Row([5, 6, 7, 1], [(0, 1, [2, 3], [1, 11])]),
    ]
    packed = pack(2, rows)
    assert packed.tokens == [5, 6, 7, 8, 9, 7, 1]
    assert packed.positions == [0, 1, 2, 3, 4, 2, 3]  # each member continues from the prefix
    assert packed.segments == [0, 0, 1, 1, 1, 2, 2]
    # scored positions move to the member's place in the packed sequence
    assert packed.targets == [(0, 0, [2, 3, 4], [8, 9, 10]), (0, 1, [5, 6], [1, 11])]
    assert packed_length(2, rows) == len(packed.tokens)
    with pytest.raises(ValueError, match="share the prefix"):
        pack(2, [rows[0], Row([4, 6, 7], [(1, 0, [2], [3])])])
    with pytest.raises(ValueError, match="inside the shared prefix"):
        pack(3, rows)


@pytest.fixture(scope="module")
def tiny(tiny_model: Path) -> HFModel:
    return HFModel(str(tiny_model), dtype="float32", device="cpu", batch_size=4)


def _score_both(model: HFModel, requests: list[tuple[str, list[str]]]) -> tuple[list, list]:
    """(packed where it applies, plain) scores; the key/value-cache path is checked against the
    plain one as well, with packing switched off."""
    assert model._reuses_prefix and model._packing()
    shared = model.loglikelihood_choices(requests)
    model._packs = False
    try:
        cached = model.loglikelihood_choices(requests)
        model._reuses_prefix = False
        plain = model.loglikelihood_choices(requests)
    finally:
        model._reuses_prefix = True
        model._packs = True
    for ours, full in zip(cached, plain, strict=True):
        assert ours == pytest.approx(full, abs=1e-5)
    return shared, plain


def test_five_shot_prefix_cache_scores_as_full_sequences(tiny: HFModel, data_dir: Path) -> None:
    suite = MMLUMedicalSuite()
    items = suite.select(suite.items(data_dir, num_fewshot=5), 6)
    requests = [(item.input, [" " + c for c in item.choices]) for item in items]
    pairs = [tiny.encode_pair(context, continuations[0]) for context, continuations in requests]
    rows = [context for context, _ in pairs]
    assert plan_shared_prefixes(rows, [len(r) - 1 for r in rows])  # the cache is really used
    shared, plain = _score_both(tiny, requests)
    for ours, full in zip(shared, plain, strict=True):
        assert ours == pytest.approx(full, abs=1e-5)
    assert len({max(range(4), key=lambda i: s[i]) for s in plain}) > 1  # predictions vary


def test_multi_token_choices_share_their_question(tiny: HFModel, data_dir: Path) -> None:
    question = (
        "Question: A 45-year-old man presents with crushing chest pain radiating to the left "
        "arm, sweating and nausea for the past hour. What is the most likely diagnosis?\nAnswer:"
    )
    choices = [" acute myocardial infarction", " pulmonary embolism", " gastritis", " anxiety"]
    requests = [(question, choices), ("Short context:", [" a b c", " d"])]
    shared, plain = _score_both(tiny, requests)
    for ours, full in zip(shared, plain, strict=True):
        assert ours == pytest.approx(full, abs=1e-5)
    assert len(set(plain[0])) == 4


def _option_requests(data_dir: Path, n: int) -> list[tuple[str, list[str]]]:
    """MedQA questions with their option texts as choices (several tokens each)."""
    import json

    requests = []
    with (data_dir / "medqa" / "US_4_options_test.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            options = [" " + record["options"][letter] for letter in "ABCD"]
            requests.append((f"Question: {record['question']}\nAnswer:", options))
            if len(requests) == n:
                break
    return requests


def test_packed_batches_of_questions_score_as_full_sequences(
    tiny_model: Path, data_dir: Path
) -> None:
    """Many questions packed side by side, padded to the longest: the same sums as one plain
    sequence per choice (exactly so in float64), and several questions per forward pass."""
    model = HFModel(str(tiny_model), dtype="float64", device="cpu", batch_size=3)
    requests = _option_requests(data_dir, 7)
    passes: list[int] = []
    shared = model.loglikelihood_choices(requests, on_batch=passes.append)
    assert model._packs
    assert len(passes) == 3 and sum(passes) == 28  # 7 questions, 3 per pass, 4 choices each
    model._reuses_prefix = False
    plain = model.loglikelihood_choices(requests)
    for ours, full in zip(shared, plain, strict=True):
        assert ours == pytest.approx(full, abs=1e-9)
    assert len({max(range(4), key=lambda i: s[i]) for s in plain}) > 1  # predictions vary


class _IgnoresMask:
    """A model that drops the attention mask and position ids it is given."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, **kwargs: Any) -> Any:
        kwargs.pop("attention_mask", None)
        kwargs.pop("position_ids", None)
        return self.model(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


def test_a_model_that_ignores_the_mask_is_not_packed(tiny: HFModel) -> None:
    assert packing_works(tiny.model, tiny.device)
    assert not packing_works(_IgnoresMask(tiny.model), tiny.device)


def test_batched_tokenisation_equals_one_at_a_time(tiny: HFModel) -> None:
    pairs = [
        ("Question: which nerve?\nAnswer:", " phrenic"),
        ("Trailing space ", "B"),
        ("", " unconditional"),
        ("Question: which nerve?\nAnswer:", " vagus"),
    ]
    for (context, continuation), got in zip(pairs, tiny.encode_pairs(pairs), strict=True):
        if not context:
            tokens = tiny.tok_encode(continuation, add_special_tokens=False)
            assert got == ([tiny.prefix_token_id], tokens)
            continue
        spaces = len(context) - len(context.rstrip())
        moved = context[len(context) - spaces :] + continuation
        stem = context[: len(context) - spaces]
        whole = tiny.tok_encode(stem + moved)
        head = tiny.tok_encode(stem)
        assert got == (head, whole[len(head) :])
