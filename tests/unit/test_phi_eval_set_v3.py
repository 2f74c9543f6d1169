"""Self-checks of the third held-out PHI evaluation set (no scrubber is run here)."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

import pytest

import phi_corpus
import phi_eval_set
import phi_eval_set_v2
import phi_eval_set_v3
from phi_eval_set_v3 import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, generate


def _key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@pytest.fixture(scope="module")
def notes() -> list[phi_eval_set.Note]:
    return generate()


def test_generate_is_deterministic(notes: list[phi_eval_set.Note]) -> None:
    again = generate()
    assert [(n.text, n.phi, n.keep) for n in notes] == [(n.text, n.phi, n.keep) for n in again]
    other = generate(seed=1)
    assert [n.text for n in notes] != [n.text for n in other]


def test_size(notes: list[phi_eval_set.Note]) -> None:
    assert len(phi_eval_set_v3.TEMPLATES) >= 40
    assert len(notes) == 10 * len(phi_eval_set_v3.TEMPLATES) >= 400
    assert len(generate(per_template=2)) == 2 * len(phi_eval_set_v3.TEMPLATES)


def test_spans_are_exact_and_disjoint(notes: list[phi_eval_set.Note]) -> None:
    known = set(IDENTIFIER_KINDS) | set(NAME_KINDS)
    for note in notes:
        for spans, kinds in ((note.phi, known), (note.keep, set(KEEP_KINDS))):
            for kind, start, end in spans:
                assert kind in kinds, (kind, note.text)
                assert 0 <= start < end <= len(note.text), note.text
                value = note.text[start:end]
                assert value == value.strip() and value, (kind, value)
        ordered = sorted((start, end) for _, start, end in note.phi + note.keep)
        for (_, end), (start, _) in zip(ordered, ordered[1:], strict=False):
            assert end <= start, note.text


def _cased(marker: str, value: str) -> str:
    slot = marker.lstrip("~")
    if marker.startswith("~"):
        return value.lower()
    if len(slot) > 1 and slot.isupper():
        return value.upper()
    if slot[0].isupper():
        return value[0].upper() + value[1:]
    return value


def test_spans_equal_generated_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every span's text is the value its slot generated; all other text is the template's."""
    produced: list[str] = []
    for slot, (kind, where, make) in list(phi_eval_set_v3.SLOTS.items()):

        def recording(rng: random.Random, make: Callable[[random.Random], str] = make) -> str:
            value = make(rng)
            produced.append(value)
            return value

        monkeypatch.setitem(phi_eval_set_v3.SLOTS, slot, (kind, where, recording))
    rng = random.Random(7)
    for template in phi_eval_set_v3.TEMPLATES:
        markers = [
            match.group(1)
            for match in phi_eval_set_v3._SLOT.finditer(template)
            if match.group(1).lstrip("~").lower() != "state"
        ]
        pattern = "".join(
            "(.+?)" if index % 2 else re.escape(piece)
            for index, piece in enumerate(phi_eval_set_v3._SLOT.split(template))
        )
        for _ in range(5):
            produced.clear()
            note = phi_eval_set_v3._fill(template, rng)
            assert re.fullmatch(pattern, note.text, flags=re.DOTALL), template
            assert len(produced) == len(markers), template
            expected = [
                (phi_eval_set_v3.SLOTS[marker.lstrip("~").lower()][0], _cased(marker, value))
                for marker, value in zip(markers, produced, strict=True)
                if phi_eval_set_v3.SLOTS[marker.lstrip("~").lower()][0] is not None
            ]
            spans = sorted(note.phi + note.keep, key=lambda span: span[1])
            assert [(kind, note.text[start:end]) for kind, start, end in spans] == expected


def test_every_kind_is_well_represented(notes: list[phi_eval_set.Note]) -> None:
    counts = Counter(kind for note in notes for kind, _, _ in note.phi + note.keep)
    for kind in IDENTIFIER_KINDS + NAME_KINDS + KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])
    for kind in NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    assert sum(counts[kind] for kind in NAME_KINDS) >= 600
    assert sum(counts[kind] for kind in KEEP_KINDS) >= 800
    assert all(note.keep for note in notes)


def test_names_are_new() -> None:
    earlier = {
        _key(name)
        for module in (phi_eval_set, phi_eval_set_v2, phi_corpus)
        for name in module.FIRST + module.LAST
    }
    mine = phi_eval_set_v3.FIRST + phi_eval_set_v3.LAST
    assert not [name for name in mine if _key(name) in earlier]
    assert len({_key(name) for name in mine}) == len(mine)
    assert len(phi_eval_set_v3.FIRST) >= 100 and len(phi_eval_set_v3.LAST) >= 100


def test_frozen() -> None:
    assert phi_eval_set_v3.FROZEN_ON == "2026-12-02"
    assert "THIRD held-out evaluation set" in (phi_eval_set_v3.__doc__ or "")
