"""Self-checks of the seventh held-out PHI evaluation set; no scrubber is run here."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import phi_corpus  # noqa: E402
import phi_eval_set  # noqa: E402
import phi_eval_set_v2  # noqa: E402
import phi_eval_set_v3  # noqa: E402
import phi_eval_set_v4  # noqa: E402
import phi_eval_set_v5  # noqa: E402
import phi_eval_set_v6  # noqa: E402
import phi_eval_set_v7  # noqa: E402
from phi_eval_set_v7 import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, generate  # noqa: E402


@pytest.fixture(scope="module")
def notes() -> list:
    return generate()


_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
    }
)


def _fold(name: str) -> str:
    name = name.translate(_LETTERS)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.casefold().strip()


def _other_names() -> set[str]:
    names: set[str] = set()
    for module in (
        phi_eval_set,
        phi_eval_set_v2,
        phi_eval_set_v3,
        phi_eval_set_v4,
        phi_eval_set_v5,
        phi_eval_set_v6,
    ):
        names |= {_fold(n) for n in module.FIRST + module.LAST}
    for attr in ("FIRST", "LAST", "DEV_FIRST", "DEV_LAST"):
        names |= {_fold(n) for n in getattr(phi_corpus, attr, [])}
    return names


def test_frozen_and_exports() -> None:
    assert phi_eval_set_v7.FROZEN_ON == "2026-12-02"
    assert set(phi_eval_set_v7.__all__) == {
        "IDENTIFIER_KINDS",
        "KEEP_KINDS",
        "NAME_KINDS",
        "Note",
        "generate",
    }
    assert len(phi_eval_set_v7.TEMPLATES) >= 40


def test_deterministic() -> None:
    first, second = generate(), generate()
    assert [(n.text, n.phi, n.keep) for n in first] == [(n.text, n.phi, n.keep) for n in second]
    other = generate(seed=1)
    assert [n.text for n in other] != [n.text for n in first]
    assert len(generate(per_template=2)) == 2 * len(phi_eval_set_v7.TEMPLATES)


def test_size(notes: list) -> None:
    assert len(notes) >= 400


def test_spans_exact_and_disjoint(notes: list) -> None:
    known = set(NAME_KINDS) | set(IDENTIFIER_KINDS)
    for note in notes:
        spans = sorted(
            [(start, end, kind, "phi") for kind, start, end in note.phi]
            + [(start, end, kind, "keep") for kind, start, end in note.keep]
        )
        for start, end, kind, where in spans:
            assert kind in (known if where == "phi" else set(KEEP_KINDS)), kind
            assert 0 <= start < end <= len(note.text), (note.template, start, end)
            value = note.text[start:end]
            assert value.strip() == value and value, (note.template, value)
        for (_, end, *_), (start, *_) in zip(spans, spans[1:], strict=False):
            assert end <= start, note.text


def _pieces(template: str) -> list[str]:
    return [p for p in re.split(r"(\{[A-Za-z]+(?:\.[a-z]+)?(?::[a-z]+)?\})", template) if p]


def test_spans_match_generated_values(notes: list) -> None:
    """Each note is its template with every slot replaced by exactly its span's text."""
    fillers = {
        "state": sorted(set(phi_eval_set_v7.STATES.values()), key=len, reverse=True),
        "relation": sorted(phi_eval_set_v7.RELATIONS, key=len, reverse=True),
    }
    keep_values: dict[str, set[str]] = {}
    for name, kind in (
        ("EPONYM", phi_eval_set_v7.EPONYMS),
        ("DRUG", phi_eval_set_v7.DRUGS),
        ("BRAND", phi_eval_set_v7.BRANDS),
        ("DISEASE", phi_eval_set_v7.DISEASES),
        ("SIGN", phi_eval_set_v7.SIGNS),
        ("SCALE", phi_eval_set_v7.SCALES),
        ("ANATOMY", phi_eval_set_v7.ANATOMY),
    ):
        keep_values[name] = {v.casefold() for v in kind}
    for key, values in phi_eval_set_v7.THEMES.items():
        kind = phi_eval_set_v7.SLOTS[key.split(".")[0]][0]
        keep_values[kind] |= {v.casefold() for v in values}
    for slot, (kind, where, make) in phi_eval_set_v7.SLOTS.items():
        if where == "keep" and slot not in {"eponym", "drug", "brand", "disease", "sign"}:
            keep_values[kind] |= {make(random.Random(n)).casefold() for n in range(200)}
    for note in notes:
        spans = sorted(note.phi + note.keep, key=lambda span: span[1])
        cursor, index = 0, 0
        for piece in _pieces(note.template):
            if not piece.startswith("{"):
                assert note.text.startswith(piece, cursor), (note.template, cursor)
                cursor += len(piece)
                continue
            slot, _, mode = piece[1:-1].partition(":")
            base, _, _ = slot.partition(".")
            if base in fillers:
                match = next(v for v in fillers[base] if note.text.startswith(v, cursor))
                cursor += len(match)
                continue
            kind, start, end = spans[index]
            index += 1
            assert start == cursor, (note.template, piece)
            assert kind == phi_eval_set_v7.SLOTS[base.lower()][0], (piece, kind)
            value = note.text[start:end]
            if base[0].isupper() and not mode:
                assert value[0] == value[0].upper(), value
            if mode == "up":
                assert value == value.upper(), value
            if mode == "low":
                assert value == value.lower(), value
            if kind in keep_values:
                assert value.casefold() in keep_values[kind], (kind, value)
            cursor = end
        assert cursor == len(note.text) and index == len(spans), note.template


def test_every_kind_well_represented(notes: list) -> None:
    counts = Counter(kind for note in notes for kind, _, _ in note.phi + note.keep)
    for kind in NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    for kind in IDENTIFIER_KINDS + KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])
    assert sum(counts[k] for k in NAME_KINDS) >= 600
    assert sum(counts[k] for k in KEEP_KINDS) >= 800


def test_every_template_keeps_a_clinical_term() -> None:
    rng_notes = generate(per_template=1)
    for note in rng_notes:
        assert note.keep, note.template


def test_no_name_shared_with_earlier_sets() -> None:
    others = _other_names()
    mine = phi_eval_set_v7.FIRST + phi_eval_set_v7.LAST
    assert len(set(phi_eval_set_v7.FIRST)) >= 120
    assert len(set(phi_eval_set_v7.LAST)) >= 120
    shared = sorted(n for n in mine if _fold(n) in others)
    assert not shared, shared


def test_name_spans_use_listed_names(notes: list) -> None:
    listed = {_fold(n) for n in phi_eval_set_v7.FIRST + phi_eval_set_v7.LAST}
    for note in notes:
        for kind, start, end in note.phi:
            if kind in ("NAME_FIRST", "NAME_LAST"):
                assert _fold(note.text[start:end]) in listed, note.text[start:end]


def test_named_clinical_terms_present(notes: list) -> None:
    kept = " | ".join(note.text[start:end] for note in notes for _, start, end in note.keep)
    for term in (
        "Parkinson's",
        "Crohn's",
        "Cushing's",
        "Hodgkin",
        "Alzheimer's",
        "Graves' disease",
        "Bell's palsy",
        "Down syndrome",
        "Apgar",
        "Glasgow",
        "metformin",
        "warfarin",
    ):
        assert term.casefold() in kept.casefold(), term
