"""Checks on the fifth held-out PHI evaluation set's construction (no scrubber is run)."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import phi_corpus  # noqa: E402
import phi_eval_set  # noqa: E402
import phi_eval_set_v2  # noqa: E402
import phi_eval_set_v3  # noqa: E402
import phi_eval_set_v4  # noqa: E402
import phi_eval_set_v5  # noqa: E402


def _fold(name: str) -> str:
    """Lower case without accents, so "Jose" and "José" count as one name."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c)
    )


def _spans(note):
    return [("phi", *span) for span in note.phi] + [("keep", *span) for span in note.keep]


def test_generate_is_deterministic() -> None:
    first, second = phi_eval_set_v5.generate(), phi_eval_set_v5.generate()
    assert [(n.text, n.phi, n.keep) for n in first] == [(n.text, n.phi, n.keep) for n in second]
    other = phi_eval_set_v5.generate(seed=1)
    assert [n.text for n in other] != [n.text for n in first]


def test_size() -> None:
    assert len(phi_eval_set_v5.TEMPLATES) >= 40
    assert len(phi_eval_set_v5.generate()) >= 400
    assert phi_eval_set_v5.FROZEN_ON == "2026-12-02"


def test_spans_are_exact_and_disjoint() -> None:
    for note in phi_eval_set_v5.generate():
        spans = sorted(_spans(note), key=lambda s: s[2])
        assert spans, note.text
        end = 0
        for _, kind, start, stop in spans:
            assert 0 <= start < stop <= len(note.text), (kind, note.text)
            assert start >= end, f"overlap in {note.text!r}"
            end = stop
            value = note.text[start:stop]
            assert value == value.strip() and value, (kind, value)
            # a span is a whole value: not glued to a letter or digit on either side
            before = note.text[start - 1] if start else " "
            after = note.text[stop] if stop < len(note.text) else " "
            assert not before.isalnum(), (kind, value, note.text)
            assert not after.isalnum() or kind == "AGE", (kind, value, note.text)


def test_values_match_their_generators() -> None:
    names_first = {n.lower() for n in phi_eval_set_v5.FIRST}
    names_last = {n.lower() for n in phi_eval_set_v5.LAST}
    keep_lists = {
        "EPONYM": phi_eval_set_v5.EPONYMS,
        "DRUG": phi_eval_set_v5.DRUGS,
        "BRAND": phi_eval_set_v5.BRANDS,
        "DISEASE": phi_eval_set_v5.DISEASES,
        "SIGN": phi_eval_set_v5.SIGNS,
        "SCALE": phi_eval_set_v5.SCALES,
        "ANATOMY": phi_eval_set_v5.ANATOMY,
    }
    for note in phi_eval_set_v5.generate():
        for kind, start, stop in note.phi:
            value = note.text[start:stop]
            if kind == "NAME_FIRST":
                assert value.lower() in names_first, value
            elif kind == "NAME_LAST":
                assert value.lower() in names_last, value
            elif kind == "CITY":
                assert value in dict(phi_eval_set_v5.CITIES), value
        for kind, start, stop in note.keep:
            value = note.text[start:stop]
            options = {v.lower() for v in keep_lists[kind]}
            assert value.lower() in options, (kind, value)


def test_every_kind_is_well_represented() -> None:
    counts = Counter(
        kind for note in phi_eval_set_v5.generate() for kind, _, _ in note.phi + note.keep
    )
    kinds = (
        phi_eval_set_v5.NAME_KINDS + phi_eval_set_v5.IDENTIFIER_KINDS + phi_eval_set_v5.KEEP_KINDS
    )
    for kind in kinds:
        assert counts[kind] >= 30, (kind, counts[kind])
    for kind in phi_eval_set_v5.NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    assert sum(counts[k] for k in phi_eval_set_v5.NAME_KINDS) >= 600
    assert sum(counts[k] for k in phi_eval_set_v5.KEEP_KINDS) >= 800
    assert set(counts) <= set(kinds)


def test_every_template_keeps_a_clinical_term() -> None:
    notes = phi_eval_set_v5.generate(per_template=1)
    assert all(note.keep for note in notes)


def test_no_name_shared_with_earlier_sets_or_the_corpus() -> None:
    earlier: set[str] = set()
    for module in (phi_corpus, phi_eval_set, phi_eval_set_v2, phi_eval_set_v3, phi_eval_set_v4):
        for attr in ("FIRST", "LAST", "DEV_FIRST", "DEV_LAST"):
            earlier |= {_fold(name) for name in getattr(module, attr, [])}
    mine = {_fold(name) for name in phi_eval_set_v5.FIRST + phi_eval_set_v5.LAST}
    shared = mine & earlier
    assert not shared, f"{len(shared)} names shared with earlier lists"
    assert len(set(phi_eval_set_v5.FIRST)) == len(phi_eval_set_v5.FIRST) >= 100
    assert len(set(phi_eval_set_v5.LAST)) == len(phi_eval_set_v5.LAST) >= 100
    assert not {n.lower() for n in phi_eval_set_v5.FIRST} & {
        n.lower() for n in phi_eval_set_v5.LAST
    }
