"""Checks on the eighth held-out PHI evaluation set (tests/phi_eval_set_v8.py).

Only the set's own shape is checked here; no scrubber is run on it.
"""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import phi_eval_set_v8 as v8  # noqa: E402
from phi_eval_set_v8 import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, generate  # noqa: E402

EARLIER = [
    "phi_eval_set",
    "phi_eval_set_v2",
    "phi_eval_set_v3",
    "phi_eval_set_v4",
    "phi_eval_set_v5",
    "phi_eval_set_v6",
    "phi_eval_set_v7",
    "phi_corpus",
]


def _spans(note):
    return [("phi", *span) for span in note.phi] + [("keep", *span) for span in note.keep]


def test_generate_is_deterministic():
    first, second = generate(), generate()
    assert [(n.text, n.phi, n.keep) for n in first] == [(n.text, n.phi, n.keep) for n in second]
    other = generate(seed=1)
    assert [n.text for n in other] != [n.text for n in first]


def test_size():
    notes = generate(per_template=10)
    assert len(v8.TEMPLATES) >= 40
    assert len(notes) == 10 * len(v8.TEMPLATES) >= 400
    assert len(generate(per_template=2)) == 2 * len(v8.TEMPLATES)


def test_spans_are_exact_and_disjoint():
    for note in generate():
        spans = sorted(_spans(note), key=lambda s: (s[2], s[3]))
        for where, kind, start, end in spans:
            assert 0 <= start < end <= len(note.text), (note.text, kind)
            value = note.text[start:end]
            assert value.strip() == value and value, (note.text, kind, value)
            allowed = NAME_KINDS + IDENTIFIER_KINDS if where == "phi" else KEEP_KINDS
            assert kind in allowed, (where, kind)
            # a span neither starts nor ends inside a word
            assert start == 0 or not note.text[start - 1].isalnum(), (note.text, value)
            assert end == len(note.text) or not note.text[end].isalnum(), (note.text, value)
        for (_, _, _, end), (_, _, start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, note.text


def test_template_slots_are_all_filled():
    for note in generate(per_template=3):
        assert "{" not in note.text and "}" not in note.text, note.text


def test_every_kind_is_well_represented():
    counts = Counter(kind for note in generate() for kind, _, _ in note.phi + note.keep)
    for kind in NAME_KINDS + IDENTIFIER_KINDS + KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])
    for kind in NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    assert sum(counts[kind] for kind in NAME_KINDS) >= 600
    assert sum(counts[kind] for kind in KEEP_KINDS) >= 800


def test_every_template_keeps_a_clinical_term():
    for note in generate(per_template=1):
        assert note.keep, note.template


def test_required_terms_are_listed():
    for term in [
        "Parkinson's disease",
        "Crohn's",
        "Cushing's",
        "Hodgkin",
        "Alzheimer's",
        "Graves' disease",
        "Bell's palsy",
        "Down syndrome",
        "Apgar",
        "Glasgow coma scale",
    ]:
        assert term in v8.EPONYMS, term
    assert {"metformin", "warfarin"} <= set(v8.DRUGS)


def test_no_name_is_shared_with_earlier_sets():
    earlier: set[str] = set()
    for name in EARLIER:
        module = importlib.import_module(name)
        for attr in ("FIRST", "LAST"):
            earlier |= {value.casefold() for value in getattr(module, attr)}
    mine = {value.casefold() for value in v8.FIRST + v8.LAST}
    assert not mine & earlier, sorted(mine & earlier)
    assert len(set(v8.FIRST)) == len(v8.FIRST) and len(set(v8.LAST)) == len(v8.LAST)
    assert len(v8.FIRST) >= 120 and len(v8.LAST) >= 120
