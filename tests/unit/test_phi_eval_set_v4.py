"""Checks on the fourth held-out PHI evaluation set's construction; no scrubber is run here."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import phi_corpus  # noqa: E402
import phi_eval_set  # noqa: E402
import phi_eval_set_v2  # noqa: E402
import phi_eval_set_v3  # noqa: E402
import phi_eval_set_v4  # noqa: E402
from phi_eval_set_v4 import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, generate  # noqa: E402


@pytest.fixture(scope="module")
def notes() -> list:
    return generate()


def test_frozen_and_exports() -> None:
    assert phi_eval_set_v4.FROZEN_ON == "2026-12-02"
    assert set(phi_eval_set_v4.__all__) == {
        "IDENTIFIER_KINDS",
        "KEEP_KINDS",
        "NAME_KINDS",
        "Note",
        "generate",
    }


def test_deterministic(notes: list) -> None:
    again = generate()
    assert [(n.text, n.phi, n.keep, n.template) for n in notes] == [
        (n.text, n.phi, n.keep, n.template) for n in again
    ]
    other = generate(seed=1)
    assert [n.text for n in other] != [n.text for n in notes]


def test_size(notes: list) -> None:
    assert len(phi_eval_set_v4.TEMPLATES) >= 40
    assert len(notes) >= 400
    assert len(generate(per_template=2)) == 2 * len(phi_eval_set_v4.TEMPLATES)


def test_spans_exact_and_disjoint(notes: list) -> None:
    known = set(NAME_KINDS) | set(IDENTIFIER_KINDS) | set(KEEP_KINDS)
    for note in notes:
        spans = sorted(note.phi + note.keep, key=lambda span: (span[1], span[2]))
        for kind, start, end in spans:
            assert kind in known, kind
            assert 0 <= start < end <= len(note.text), (kind, start, end, note.text)
            value = note.text[start:end]
            assert value == value.strip() and value, (kind, value, note.text)
        for (_, _, end), (_, start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, note.text
        for kind, start, _ in note.phi + note.keep:
            if kind in NAME_KINDS:
                assert start == 0 or not note.text[start - 1].isalnum(), note.text


def test_names_come_from_lists(notes: list) -> None:
    names = set(phi_eval_set_v4.FIRST) | set(phi_eval_set_v4.LAST)
    lowered = {name.lower() for name in names}
    for note in notes:
        for kind, start, end in note.phi:
            value = note.text[start:end]
            if kind == "NAME_FIRST":
                assert value in phi_eval_set_v4.FIRST or value in lowered, value
            elif kind == "NAME_LAST":
                assert value in phi_eval_set_v4.LAST or value in lowered, value


def test_every_kind_well_represented(notes: list) -> None:
    counts = Counter(kind for note in notes for kind, _, _ in note.phi + note.keep)
    for kind in NAME_KINDS + IDENTIFIER_KINDS + KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])
    for kind in NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    assert sum(counts[kind] for kind in NAME_KINDS) >= 600
    assert sum(counts[kind] for kind in KEEP_KINDS) >= 800


def test_every_template_keeps_a_clinical_term(notes: list) -> None:
    for note in notes:
        assert note.keep, note.template


def test_no_name_shared_with_earlier_sets() -> None:
    mine = set(phi_eval_set_v4.FIRST) | set(phi_eval_set_v4.LAST)
    for module in (phi_eval_set, phi_eval_set_v2, phi_eval_set_v3, phi_corpus):
        theirs = set(module.FIRST) | set(module.LAST)
        assert not mine & theirs, module.__name__
    assert len(phi_eval_set_v4.FIRST) == len(set(phi_eval_set_v4.FIRST)) >= 120
    assert len(phi_eval_set_v4.LAST) == len(set(phi_eval_set_v4.LAST)) >= 120
