"""Checks of the twelfth held-out PHI evaluation set (tests/phi_eval_set_v12.py).

These tests look only at the set itself and at the name lists of the earlier sets (to prove that
no name is reused); they never run a scrubber. A name clash prints the clashing names only.
"""

from __future__ import annotations

import importlib
import ipaddress
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import phi_eval_set  # noqa: E402
import phi_eval_set_v12 as v12  # noqa: E402

EARLIER = ["phi_corpus", "phi_eval_set"] + [f"phi_eval_set_v{i}" for i in range(2, 12)]
NAME_ATTRS = ("FIRST", "LAST", "DEV_FIRST", "DEV_LAST")

DATE_FORMATS = [
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%d %b %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%d-%b-%Y",
    "%d.%m.%Y",
    "%d %B",
    "%b %d",
    "%d%b%y",
    "%B %Y",
]
STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Drive|Dr|Lane|Ln|Court|Ct|Boulevard|Blvd|Way|Terrace|Circle|"
    "Trail|Pike"
)
PATTERNS = {
    "PHONE": r"\([2-9]\d\d\) [2-9]\d\d-\d{4}|[2-9]\d\d-[2-9]\d\d-\d{4}|[2-9]\d\d\.[2-9]\d\d\.\d{4}"
    r"|\+1 [2-9]\d\d [2-9]\d\d \d{4}|1-[2-9]\d\d-[2-9]\d\d-\d{4}",
    "EMAIL": r"[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+",
    "ADDRESS": rf"PO Box \d{{2,4}}|\d{{1,5}} [A-Z][a-z]+( [A-Z][a-z]+)? ({STREET_TYPES})"
    r"(, Apt \d{1,2}[A-D]|, Unit \d{1,3}| #\d{1,2})?",
    "ZIP": r"\d{5}(-\d{4})?",
    "AGE": r"\d{2,3}",
    "SSN": r"(?!000|666|9)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}",
    "MRN": r"\d{8,9}|[A-Z]\d{7}|[A-Z]{2}-\d{6}",
    "HEALTH_PLAN": r"[1-9][A-Z][A-Z0-9]\d-[A-Z][A-Z0-9]\d-[A-Z]{2}\d{2}|[A-Z]{3}\d{9}"
    r"|[A-Z]\d{8}-\d{2}",
    "ACCOUNT": r"\d{9,12}|AC\d{8}|\d{4}-\d{3}-\d{4}",
    "LICENSE": r"[A-Z]\d{3}-\d{4}-\d{4}|[A-Z]{1,2}\d{7}|RN\d{6}",
    "DEVICE": r"[A-Z]{3}\d{6}[A-Z]|SN-[A-Z0-9]{4}-[A-Z0-9]{5}|\d{2}[A-Z]\d{7}",
    "URL": r"(https://[a-z0-9.-]+|www\.[a-z0-9.-]+)\.[a-z]{2,}/[a-z]+/[a-z]{2}\d{6}",
    "IP": r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}",
    "ID": r"[A-Z]{2}-20\d{2}-\d{5}|[A-Z]\d{2}-\d{6}|[A-Z]{4}\d{3}|[A-Z]{3}-\d{3}-\d{4}",
}
PATTERNS["FAX"] = PATTERNS["PHONE"]
KEEP_LISTS = {
    "EPONYM": v12.EPONYMS,
    "DRUG": v12.DRUGS,
    "BRAND": v12.BRANDS,
    "DISEASE": v12.DISEASES,
    "SIGN": v12.SIGNS,
    "SCALE": v12.SCALES,
    "ANATOMY": v12.ANATOMY,
}


def _keys(values: list[str]) -> set[str]:
    """Case-insensitive keys of `values`, as written plain, upper-case or lower-case."""
    return {form.casefold() for v in values for form in (v, v.upper(), v.lower())}


FIRST_KEYS = _keys(v12.FIRST)
LAST_KEYS = _keys(v12.LAST)
CITY_KEYS = _keys([city for city, _ in v12.CITIES])
KEEP_KEYS = {kind: _keys(terms) for kind, terms in KEEP_LISTS.items()}


@pytest.fixture(scope="module")
def notes() -> list[v12.Note]:
    return v12.generate()


def _spans(note: v12.Note) -> list[tuple[str, int, int]]:
    return sorted(note.phi + note.keep, key=lambda span: span[1])


def _is_full_name(value: str) -> bool:
    if ", " in value:
        last, first = value.split(", ", 1)
        return last.casefold() in LAST_KEYS and first.casefold() in FIRST_KEYS
    words = value.split(" ")
    for cut in range(1, len(words)):
        first, rest = " ".join(words[:cut]), words[cut:]
        if len(rest) > 1 and re.fullmatch(r"[A-Za-z]\.", rest[0]):
            rest = rest[1:]
        if first.casefold() in FIRST_KEYS and " ".join(rest).casefold() in LAST_KEYS:
            return True
    return False


def _is_date(value: str) -> bool:
    for fmt in DATE_FORMATS:
        try:
            datetime.strptime(value, fmt)
        except ValueError:
            continue
        return True
    return False


def _valid(kind: str, value: str) -> bool:
    if kind == "NAME_FIRST":
        return value.casefold() in FIRST_KEYS
    if kind == "NAME_LAST":
        return value.casefold() in LAST_KEYS
    if kind == "NAME_FULL":
        return _is_full_name(value)
    if kind in KEEP_KEYS:
        return value.casefold() in KEEP_KEYS[kind]
    if kind == "DATE":
        return _is_date(value)
    if kind == "CITY":
        return value.casefold() in CITY_KEYS
    if not re.fullmatch(PATTERNS[kind], value):
        return False
    if kind == "AGE":
        return 90 <= int(value) <= 115
    if kind == "IP":
        ipaddress.IPv4Address(value)
    return True


def test_module_contract() -> None:
    assert v12.Note is phi_eval_set.Note
    assert v12.FROZEN_ON == "2026-12-02"
    assert v12.__all__ == ["IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"]
    assert v12.NAME_KINDS == phi_eval_set.NAME_KINDS
    assert v12.IDENTIFIER_KINDS == phi_eval_set.IDENTIFIER_KINDS
    assert v12.KEEP_KINDS == phi_eval_set.KEEP_KINDS
    assert "TWELFTH held-out" in (v12.__doc__ or "")


def test_templates_are_many_and_named_uniquely() -> None:
    ids = [template_id for template_id, _ in v12.TEMPLATES]
    assert len(ids) >= 45
    assert len(set(ids)) == len(ids)


def test_deterministic_and_sized(notes: list[v12.Note]) -> None:
    assert len(notes) == 10 * len(v12.TEMPLATES)
    assert len(notes) >= 450
    again = v12.generate()
    assert [n.text for n in again] == [n.text for n in notes]
    assert [(n.phi, n.keep, n.template) for n in again] == [
        (n.phi, n.keep, n.template) for n in notes
    ]
    other = v12.generate(seed=13)
    assert [n.text for n in other] != [n.text for n in notes]
    assert len(v12.generate(per_template=2)) == 2 * len(v12.TEMPLATES)


def test_every_note_names_its_template(notes: list[v12.Note]) -> None:
    ids = [template_id for template_id, _ in v12.TEMPLATES]
    assert [n.template for n in notes] == [tid for tid in ids for _ in range(10)]
    assert all("{" not in n.text and "}" not in n.text for n in notes)


def test_spans_in_range_nonempty_stripped_disjoint(notes: list[v12.Note]) -> None:
    for note in notes:
        end_before = 0
        for kind, start, end in _spans(note):
            assert 0 <= start < end <= len(note.text), (note.template, kind)
            value = note.text[start:end]
            assert value == value.strip(), (note.template, kind)
            assert start >= end_before, (note.template, kind)
            end_before = end


def test_span_kinds_are_known(notes: list[v12.Note]) -> None:
    identifiers = set(v12.NAME_KINDS) | set(v12.IDENTIFIER_KINDS)
    for note in notes:
        assert {kind for kind, _, _ in note.phi} <= identifiers
        assert {kind for kind, _, _ in note.keep} <= set(v12.KEEP_KINDS)


def test_each_span_is_a_value_of_its_kind(notes: list[v12.Note]) -> None:
    bad = [
        (note.template, kind, note.text[start:end])
        for note in notes
        for kind, start, end in _spans(note)
        if not _valid(kind, note.text[start:end])
    ]
    assert not bad, bad[:10]


def test_names_stand_alone(notes: list[v12.Note]) -> None:
    """A name span never starts or ends inside a word (possessive 's stays outside)."""
    for note in notes:
        for kind, start, end in note.phi:
            if kind not in v12.NAME_KINDS:
                continue
            before = note.text[start - 1] if start else " "
            after = note.text[end] if end < len(note.text) else " "
            assert not before.isalnum() and not after.isalnum(), (note.template, kind)
            assert not re.match(r"(Dr|Mrs?|Ms|Pt|Nurse|Fr)\b", note.text[start:end])


def test_counts(notes: list[v12.Note]) -> None:
    counts = Counter(kind for note in notes for kind, _, _ in note.phi + note.keep)
    for kind in v12.IDENTIFIER_KINDS + v12.KEEP_KINDS:
        assert counts[kind] >= 30, (kind, counts[kind])
    for kind in v12.NAME_KINDS:
        assert counts[kind] >= 150, (kind, counts[kind])
    assert sum(counts[kind] for kind in v12.NAME_KINDS) >= 650
    assert sum(counts[kind] for kind in v12.KEEP_KINDS) >= 800


def test_names_vary_in_case_and_form(notes: list[v12.Note]) -> None:
    values = [
        note.text[start:end]
        for note in notes
        for kind, start, end in note.phi
        if kind in v12.NAME_KINDS
    ]
    lower = sum(1 for v in values if v == v.lower() and v != v.upper())
    upper = sum(1 for v in values if v == v.upper() and v != v.lower())
    reversed_full = sum(1 for v in values if ", " in v)
    with_initial = sum(1 for v in values if re.search(r" [A-Z]\. ", v))
    assert min(lower, upper, reversed_full, with_initial) >= 50
    possessive = sum(
        1
        for note in notes
        for kind, _, end in note.phi
        if kind in v12.NAME_KINDS and note.text.startswith("'s", end)
    )
    assert possessive >= 30


def test_name_lists() -> None:
    for names in (v12.FIRST, v12.LAST):
        assert len(names) >= 130
        assert len({n.casefold() for n in names}) == len(names)
        assert all(n == n.strip() and n for n in names)
    assert not {n.casefold() for n in v12.FIRST} & {n.casefold() for n in v12.LAST}
    assert not (FIRST_KEYS | LAST_KEYS) & CITY_KEYS


def test_names_are_not_eponyms_or_clinical_words() -> None:
    words = {
        word.casefold()
        for terms in KEEP_LISTS.values()
        for term in terms
        for word in re.split(r"[\s/-]+", term.replace("'s", "").replace("'", ""))
        if word[:1].isupper()
    }
    clashes = sorted(n for n in v12.FIRST + v12.LAST if n.casefold() in words)
    assert not clashes, clashes
    terms = {t.casefold() for ts in KEEP_LISTS.values() for t in ts}
    assert not terms & (FIRST_KEYS | LAST_KEYS)


def test_keep_lists() -> None:
    for terms in KEEP_LISTS.values():
        assert len({t.casefold() for t in terms}) == len(terms)
    eponyms = set(v12.EPONYMS)
    for needed in (
        "Parkinson's disease",
        "Crohn's",
        "Cushing's syndrome",
        "Hodgkin lymphoma",
        "Alzheimer's disease",
        "Graves' disease",
        "Bell's palsy",
        "Down syndrome",
        "Apgar score",
        "Glasgow coma scale",
    ):
        assert needed in eponyms, needed
    assert any("'s" in t for t in v12.EPONYMS) and any("'" not in t for t in v12.EPONYMS)
    assert {"metformin", "warfarin"} <= set(v12.DRUGS)


def test_template_text_has_no_capitalised_name() -> None:
    """Words written into the templates themselves are never list names."""
    hits = []
    for template_id, template in v12.TEMPLATES:
        literal = re.sub(r"\{[^}]*\}", " ", template)
        for word in re.findall(r"[A-Z][\w'-]*", literal):
            if word.casefold() in FIRST_KEYS | LAST_KEYS:
                hits.append((template_id, word))
    assert not hits, hits


def _names_of(module: ModuleType) -> set[str]:
    names: set[str] = set()
    for attr in NAME_ATTRS:
        for item in getattr(module, attr, None) or []:
            if isinstance(item, str):
                names.add(item.casefold())
            else:
                names.update(x.casefold() for x in item if isinstance(x, str))
    return names


def test_no_name_shared_with_earlier_sets() -> None:
    taken: set[str] = set()
    for module_name in EARLIER:
        taken |= _names_of(importlib.import_module(module_name))
    n_taken = len(taken)
    assert n_taken > 1000, n_taken
    clashes = sorted(n for n in v12.FIRST + v12.LAST if n.casefold() in taken)
    if clashes:
        print("names shared with earlier sets:", clashes)
    assert not clashes, clashes
