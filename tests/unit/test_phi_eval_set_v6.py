"""The sixth held-out PHI set is well formed; no scrubber is run here."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import phi_corpus  # noqa: E402
import phi_eval_set  # noqa: E402
import phi_eval_set_v2  # noqa: E402
import phi_eval_set_v3  # noqa: E402
import phi_eval_set_v4  # noqa: E402
import phi_eval_set_v5  # noqa: E402
import phi_eval_set_v6  # noqa: E402
from phi_eval_set_v6 import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, generate  # noqa: E402


def _spans(note: phi_eval_set_v6.Note) -> list[tuple[str, int, int]]:
    return sorted(note.phi + note.keep, key=lambda span: (span[1], span[2]))


def test_generate_is_deterministic() -> None:
    first, second = generate(), generate()
    assert [(n.text, n.phi, n.keep) for n in first] == [(n.text, n.phi, n.keep) for n in second]
    other = generate(seed=1)
    assert [n.text for n in other] != [n.text for n in first]


def test_size() -> None:
    notes = generate()
    assert len(phi_eval_set_v6.TEMPLATES) >= 40
    assert len(notes) >= 400
    counts = Counter(kind for note in notes for kind, _, _ in note.phi + note.keep)
    assert sum(counts[kind] for kind in NAME_KINDS) >= 600
    assert all(counts[kind] >= 150 for kind in NAME_KINDS)
    assert sum(counts[kind] for kind in KEEP_KINDS) >= 800


def test_spans_are_exact_and_disjoint() -> None:
    for note in generate():
        previous_end = 0
        for kind, start, end in _spans(note):
            assert 0 <= start < end <= len(note.text), (kind, note.text)
            assert start >= previous_end, ("overlap", note.text)
            value = note.text[start:end]
            assert value == value.strip() and value, (kind, value, note.text)
            previous_end = end
        for kind, _, _ in note.phi:
            assert kind in NAME_KINDS or kind in IDENTIFIER_KINDS
        for kind, _, _ in note.keep:
            assert kind in KEEP_KINDS


def test_span_values_come_from_the_lists() -> None:
    firsts = {name.casefold() for name in phi_eval_set_v6.FIRST}
    lasts = {name.casefold() for name in phi_eval_set_v6.LAST}
    for note in generate(per_template=3):
        for kind, start, end in note.phi:
            value = note.text[start:end].casefold()
            if kind == "NAME_FIRST":
                assert value in firsts, value
            elif kind == "NAME_LAST":
                assert value in lasts, value
            elif kind == "NAME_FULL":
                assert any(value.endswith(" " + last) for last in lasts), value


def test_every_kind_is_well_covered() -> None:
    counts = Counter(kind for note in generate() for kind, _, _ in note.phi + note.keep)
    for kind in NAME_KINDS + IDENTIFIER_KINDS + KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])


def test_every_template_keeps_a_clinical_term() -> None:
    for note in generate(per_template=1):
        assert note.keep, note.template


def test_no_name_shared_with_earlier_sets() -> None:
    earlier = set()
    for module in (
        phi_eval_set,
        phi_eval_set_v2,
        phi_eval_set_v3,
        phi_eval_set_v4,
        phi_eval_set_v5,
        phi_corpus,
    ):
        for attribute in ("FIRST", "LAST"):
            earlier |= {name.casefold() for name in getattr(module, attribute)}
    mine = {name.casefold() for name in phi_eval_set_v6.FIRST + phi_eval_set_v6.LAST}
    assert len(phi_eval_set_v6.FIRST) >= 100 and len(phi_eval_set_v6.LAST) >= 100
    assert not mine & earlier, sorted(mine & earlier)


def test_frozen() -> None:
    assert phi_eval_set_v6.FROZEN_ON == "2026-12-02"
    assert set(phi_eval_set_v6.__all__) == {
        "IDENTIFIER_KINDS",
        "KEEP_KINDS",
        "NAME_KINDS",
        "Note",
        "generate",
    }
