"""Checks on the ninth held-out PHI evaluation set itself; no scrubber is run here."""

from __future__ import annotations

import importlib
import re
from collections import Counter

import phi_eval_set_v9 as v9
from phi_eval_set_v9 import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, generate

EARLIER = [
    "phi_eval_set",
    "phi_eval_set_v2",
    "phi_eval_set_v3",
    "phi_eval_set_v4",
    "phi_eval_set_v5",
    "phi_eval_set_v6",
    "phi_eval_set_v7",
    "phi_eval_set_v8",
    "phi_corpus",
]
PLACEHOLDER = re.compile(r"\{([A-Za-z]+)(?::(lo))?\}")


def _spans(note: v9.Note) -> list[tuple[str, int, int]]:
    return sorted(note.phi + note.keep, key=lambda span: span[1])


def test_generate_is_deterministic() -> None:
    assert generate() == generate()
    assert generate(per_template=3, seed=5) == generate(per_template=3, seed=5)
    assert generate(per_template=3, seed=5) != generate(per_template=3, seed=6)


def test_size() -> None:
    notes = generate()
    assert len(v9.TEMPLATES) >= 40
    assert len(notes) == 10 * len(v9.TEMPLATES) >= 400


def test_spans_are_exact_and_disjoint() -> None:
    kinds = set(NAME_KINDS) | set(IDENTIFIER_KINDS) | set(KEEP_KINDS)
    for note in generate():
        previous_end = 0
        for kind, start, end in _spans(note):
            assert kind in kinds
            assert 0 <= start < end <= len(note.text), (note.text, kind, start, end)
            value = note.text[start:end]
            assert value.strip() == value and value, (note.text, kind, value)
            assert start >= previous_end, f"overlap in {note.text!r}"
            previous_end = end
        for kind, _, _ in note.phi:
            assert kind in NAME_KINDS or kind in IDENTIFIER_KINDS
        for kind, _, _ in note.keep:
            assert kind in KEEP_KINDS


def test_span_text_equals_generated_value(monkeypatch) -> None:
    """Record every generated value and compare it with the text under its span."""
    made: list[str] = []

    def recording(make):
        def wrapper(rng):
            value = make(rng)
            made.append(value)
            return value

        return wrapper

    slots = {slot: (kind, where, recording(make)) for slot, (kind, where, make) in v9.SLOTS.items()}
    monkeypatch.setattr(v9, "SLOTS", slots)
    for template in v9.TEMPLATES:
        made.clear()
        note = v9._fill(template, v9.random.Random(len(template)))
        holes = [m for m in PLACEHOLDER.finditer(template) if m.group(1) != "state"]
        spans = _spans(note)
        assert len(holes) == len(spans) == len(made), template
        for hole, value, (kind, start, end) in zip(holes, made, spans, strict=True):
            slot, mode = hole.group(1), hole.group(2)
            if mode == "lo":
                expected = value.lower()
            elif slot[0].isupper():
                expected = value[0].upper() + value[1:]
            else:
                expected = value
            assert note.text[start:end] == expected, (template, kind)
            assert kind == v9.SLOTS[slot.lower()][0]


def test_every_template_keeps_a_clinical_term() -> None:
    for note in generate(per_template=2):
        assert note.keep, note.template


def test_every_kind_is_well_represented() -> None:
    notes = generate()
    counts = Counter(kind for note in notes for kind, _, _ in note.phi + note.keep)
    for kind in NAME_KINDS + IDENTIFIER_KINDS + KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])
    for kind in NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    assert sum(counts[kind] for kind in NAME_KINDS) >= 600
    assert sum(counts[kind] for kind in KEEP_KINDS) >= 800


def test_state_follows_city() -> None:
    for note in generate():
        for kind, start, end in note.phi:
            if kind == "CITY":
                assert note.text[start:end] in v9.STATES


def test_no_name_shared_with_earlier_sets() -> None:
    used: set[str] = set()
    for name in EARLIER:
        module = importlib.import_module(name)
        for attribute in ("FIRST", "LAST", "DEV_FIRST", "DEV_LAST"):
            used.update(n.casefold() for n in getattr(module, attribute, []))
    mine = v9.FIRST + v9.LAST
    assert len(set(v9.FIRST)) == len(v9.FIRST) and len(set(v9.LAST)) == len(v9.LAST)
    assert len(v9.FIRST) >= 100 and len(v9.LAST) >= 100
    clashes = sorted(n for n in mine if n.casefold() in used)
    assert not clashes, clashes
