"""Checks of the tenth held-out PHI evaluation set's own integrity (no scrubber is run here)."""

from __future__ import annotations

import importlib
import ipaddress
import re
import sys
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import phi_eval_set_v10 as v10  # noqa: E402

EARLIER = ["phi_corpus", "phi_eval_set"] + [f"phi_eval_set_v{n}" for n in range(2, 10)]
MONTH_WORDS = {month[:3].lower() for month in v10.MONTHS}


def _span_text(note: v10.Note, start: int, end: int) -> str:
    return note.text[start:end]


def test_generate_is_deterministic_and_large_enough() -> None:
    first, second = v10.generate(), v10.generate()
    assert [(n.text, n.phi, n.keep) for n in first] == [(n.text, n.phi, n.keep) for n in second]
    other = v10.generate(seed=7)
    assert [n.text for n in other] != [n.text for n in first]
    assert len(v10.TEMPLATES) >= 40
    assert len(first) == 10 * len(v10.TEMPLATES) >= 400
    assert len(v10.generate(per_template=2)) == 2 * len(v10.TEMPLATES)
    assert v10.FROZEN_ON == "2026-12-02"


def test_spans_are_in_range_non_empty_exact_and_disjoint() -> None:
    for note in v10.generate():
        spans = sorted(note.phi + note.keep, key=lambda span: (span[1], span[2]))
        assert note.keep, note.template
        for kind, start, end in spans:
            assert 0 <= start < end <= len(note.text), (kind, note.template)
            value = _span_text(note, start, end)
            assert value == value.strip() and value, (kind, value)
        for (_, _, end), (_, start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, note.template


def _ok_name_full(value: str) -> bool:
    lasts = {last.casefold() for last in v10.LAST}
    if "," in value:
        last, _, rest = value.partition(", ")
        return last.casefold() in lasts and rest.split(" ")[0].casefold() in {
            first.casefold() for first in v10.FIRST
        }
    return any(value.casefold().endswith(" " + last) for last in lasts)


def _identifier_ok(kind: str, value: str) -> bool:
    if kind == "AGE":
        return value.isdigit() and 90 <= int(value) <= 108
    if kind == "ZIP":
        return re.fullmatch(r"\d{5}(-\d{4})?", value) is not None
    if kind == "SSN":
        return re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", value) is not None
    if kind == "EMAIL":
        return re.fullmatch(r"[^@\s]+@[\w.-]+\.[a-z]+", value) is not None
    if kind == "IP":
        ipaddress.ip_address(value)
        return True
    if kind == "CITY":
        return value in dict(v10.CITIES)
    if kind == "URL":
        return any(host in value for host in v10.WEB_HOSTS)
    if kind in ("PHONE", "FAX"):
        return sum(c.isdigit() for c in value) >= 10 and value[-1].isdigit()
    if kind == "DATE":
        has_month = any(word in value.lower() for word in MONTH_WORDS)
        return (has_month or any(c.isdigit() for c in value)) and value[-1].isalnum()
    if kind == "ADDRESS":
        return any(c.isdigit() for c in value) and (value[-1].isalnum() or value.endswith("."))
    return value[0].isalnum() and value[-1].isalnum() and any(c.isdigit() for c in value)


def test_span_values_are_the_generated_values() -> None:
    keep_lists = {
        "EPONYM": v10.EPONYMS,
        "DRUG": v10.DRUGS,
        "BRAND": v10.BRANDS,
        "DISEASE": v10.DISEASES,
        "SIGN": v10.SIGNS,
        "SCALE": v10.SCALES,
        "ANATOMY": v10.ANATOMY,
    }
    firsts = {name.casefold() for name in v10.FIRST}
    lasts = {name.casefold() for name in v10.LAST}
    for note in v10.generate():
        for kind, start, end in note.keep:
            value = _span_text(note, start, end)
            allowed = {term for term in keep_lists[kind]}
            allowed |= {term[0].upper() + term[1:] for term in keep_lists[kind]}
            assert value in allowed, (kind, value)
        for kind, start, end in note.phi:
            value = _span_text(note, start, end)
            if kind == "NAME_FIRST":
                assert value.casefold() in firsts, value
            elif kind == "NAME_LAST":
                assert value.casefold() in lasts, value
            elif kind == "NAME_FULL":
                assert _ok_name_full(value), value
            else:
                assert kind in v10.IDENTIFIER_KINDS, kind
                assert _identifier_ok(kind, value), (kind, value)


def test_every_kind_is_well_represented() -> None:
    counts = Counter(kind for note in v10.generate() for kind, _, _ in note.phi + note.keep)
    for kind in v10.IDENTIFIER_KINDS + v10.NAME_KINDS + v10.KEEP_KINDS:
        assert counts[kind] >= 30, kind
    for kind in v10.NAME_KINDS:
        assert counts[kind] >= 150, kind
    assert sum(counts[kind] for kind in v10.NAME_KINDS) >= 600
    assert sum(counts[kind] for kind in v10.KEEP_KINDS) >= 800
    assert set(counts) <= set(v10.IDENTIFIER_KINDS + v10.NAME_KINDS + v10.KEEP_KINDS)


def test_names_are_new_and_not_shared_with_earlier_sets() -> None:
    assert len(set(v10.FIRST)) == len(v10.FIRST) >= 120
    assert len(set(v10.LAST)) == len(v10.LAST) >= 120
    taken: set[str] = set()
    for module_name in EARLIER:
        module = importlib.import_module(module_name)
        for attribute in ("FIRST", "LAST", "DEV_FIRST", "DEV_LAST"):
            taken |= {name.casefold() for name in getattr(module, attribute, [])}
    assert len(taken) > 1000
    clashes = [name for name in v10.FIRST + v10.LAST if name.casefold() in taken]
    assert not clashes, clashes


def test_module_exports() -> None:
    assert v10.__all__ == ["IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"]
    import phi_eval_set

    assert v10.Note is phi_eval_set.Note
    assert v10.IDENTIFIER_KINDS is phi_eval_set.IDENTIFIER_KINDS
