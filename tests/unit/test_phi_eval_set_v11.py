"""Checks of the eleventh held-out PHI evaluation set (tests/phi_eval_set_v11.py).

These tests look only at the set itself and at the *name lists* of the earlier sets (to make
sure no name is shared); they print nothing from the earlier sets but the clashing names.
"""

from __future__ import annotations

import datetime
import importlib
import ipaddress
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import phi_eval_set  # noqa: E402
import phi_eval_set_v11 as v11  # noqa: E402

EARLIER = ["phi_corpus", "phi_eval_set"] + [f"phi_eval_set_v{i}" for i in range(2, 11)]
NAME_ATTRS = ["FIRST", "LAST", "DEV_FIRST", "DEV_LAST"]

DATE_FORMATS = [
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d-%b-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%A, %B %d, %Y",
    "%Y%m%d",
]
PHONE = (
    r"\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\+1 \d{3} \d{3} \d{4}"
    r"|1-\d{3}-\d{3}-\d{4}"
)
PATTERNS = {
    "PHONE": PHONE,
    "FAX": PHONE,
    "EMAIL": r"[a-z0-9._]+@[a-z0-9-]+(\.[a-z0-9-]+)+",
    "ADDRESS": (
        r"\d{1,5} [A-Z][a-z]+( [A-Z][a-z]+)* [A-Z][a-z]*"
        r"( (Apt|Unit|Suite|Lot) \d{1,2}[AB]?| #\d{1,2}[AB]?)?"
    ),
    "ZIP": r"\d{5}(-\d{4})?",
    "SSN": r"\d{3}-\d{2}-\d{4}",
    "MRN": r"\d{8}|E\d{7}|\d{2}-\d{6}",
    "HEALTH_PLAN": r"[A-Z]{3}\d{9}|\d{9}[A-Z]|\d[A-Z][A-Z0-9]\d-[A-Z][A-Z0-9]\d-[A-Z]{2}\d{2}",
    "ACCOUNT": r"\d{10}|AC-\d{7}|\d{4}-\d{4}-\d{2}",
    "LICENSE": r"[A-Z]\d{5}|[A-Z]\d{3}-\d{4}-\d{4}|\d{2}\.\d{6}|[A-Z]{2}\d{7}",
    "DEVICE": r"[A-Z]{3}\d{6}[A-Z]|\d{2}-[A-Z0-9]{4}-[A-Z0-9]{4}|\(01\)\d{14}\(21\)[A-Z0-9]{6}",
    "URL": r"(https://|www\.)[a-z0-9-]+(\.[a-z0-9-]+)+/[A-Za-z0-9/_?=.-]*",
    "IP": r"\d{1,3}(\.\d{1,3}){3}",
    "ID": r"[A-Z]{2,4}-\d{4,7}|\d{5}-\d{3}|\d{2}-[A-Z]\d{5}",
    "AGE": r"\d{2,3}",
}
KEEP_LISTS = {
    "EPONYM": v11.EPONYMS,
    "DRUG": v11.DRUGS,
    "BRAND": v11.BRANDS,
    "DISEASE": v11.DISEASES,
    "SIGN": v11.SIGNS,
    "SCALE": v11.SCALES,
    "ANATOMY": v11.ANATOMY,
}
FIRSTS = {name.casefold() for name in v11.FIRST}
LASTS = {name.casefold() for name in v11.LAST}
NAMES = v11.NAME_KINDS


def _is_date(text: str) -> bool:
    for fmt in DATE_FORMATS:
        try:
            datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return True
    return False


def _first_initial(text: str) -> bool:
    """`text` is a first name, perhaps followed by a middle initial."""
    if text in FIRSTS:
        return True
    return re.fullmatch(r".+ [a-z]\.", text) is not None and text[:-3] in FIRSTS


def _is_full(text: str) -> bool:
    if ", " in text:
        last, rest = text.split(", ", 1)
        return last in LASTS and _first_initial(rest)
    for first in FIRSTS:
        if text.startswith(first + " "):
            rest = text[len(first) + 1 :]
            if rest in LASTS:
                return True
            if re.fullmatch(r"[a-z]\. .+", rest) and rest[3:] in LASTS:
                return True
    return False


def _valid(kind: str, text: str) -> bool:
    folded = text.casefold()
    if kind == "NAME_FIRST":
        return folded in FIRSTS
    if kind == "NAME_LAST":
        return folded in LASTS
    if kind == "NAME_FULL":
        return _is_full(folded)
    if kind in KEEP_LISTS:
        return folded in {term.casefold() for term in KEEP_LISTS[kind]}
    if kind == "DATE":
        return _is_date(text)
    if kind == "CITY":
        return folded in {city.casefold() for city, _ in v11.CITIES}
    if re.fullmatch(PATTERNS[kind], text) is None:
        return False
    if kind == "AGE":
        return 90 <= int(text) <= 110
    if kind == "IP":
        ipaddress.IPv4Address(text)
    return True


def _spans(note: phi_eval_set.Note) -> list[tuple[str, int, int]]:
    return sorted(note.phi + note.keep, key=lambda span: (span[1], span[2]))


def test_same_note_class() -> None:
    assert v11.Note is phi_eval_set.Note
    assert v11.FROZEN_ON == "2026-12-02"
    assert set(v11.__all__) == {"IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"}


def test_deterministic_and_size() -> None:
    notes = v11.generate()
    again = v11.generate()
    assert [(n.text, n.phi, n.keep, n.template) for n in notes] == [
        (n.text, n.phi, n.keep, n.template) for n in again
    ]
    assert len(v11.TEMPLATES) >= 45
    assert len(notes) == 10 * len(v11.TEMPLATES) >= 450
    other = v11.generate(seed=12, per_template=2)
    assert len(other) == 2 * len(v11.TEMPLATES)
    assert [n.text for n in other] != [n.text for n in notes[: len(other)]]


def test_template_ids() -> None:
    ids = [template_id for template_id, _ in v11.TEMPLATES]
    assert len(ids) == len(set(ids))
    notes = v11.generate()
    assert {note.template for note in notes} == set(ids)
    for template_id in ids:
        kinds = {k for note in notes if note.template == template_id for k, _, _ in note.phi}
        keep = [k for note in notes if note.template == template_id for k, _, _ in note.keep]
        assert kinds & set(NAMES), template_id
        assert kinds - set(NAMES), template_id
        assert keep, template_id


def test_spans_in_range_stripped_disjoint_and_known() -> None:
    known_phi = set(NAMES) | set(v11.IDENTIFIER_KINDS)
    for note in v11.generate():
        assert all(kind in known_phi for kind, _, _ in note.phi)
        assert all(kind in v11.KEEP_KINDS for kind, _, _ in note.keep)
        end = 0
        for kind, start, stop in _spans(note):
            assert 0 <= start < stop <= len(note.text), (kind, note.template)
            value = note.text[start:stop]
            assert value == value.strip() and value, (kind, value)
            assert start >= end, (note.template, kind, value)
            end = stop


def test_each_span_is_a_generated_value_of_its_kind() -> None:
    bad = [
        (kind, note.text[start:stop], note.template)
        for note in v11.generate()
        for kind, start, stop in note.phi + note.keep
        if not _valid(kind, note.text[start:stop])
    ]
    assert not bad, bad[:10]


def test_counts() -> None:
    counts = Counter(kind for note in v11.generate() for kind, _, _ in note.phi + note.keep)
    for kind in list(NAMES) + list(v11.IDENTIFIER_KINDS) + list(v11.KEEP_KINDS):
        assert counts[kind] >= 30, kind
    for kind in NAMES:
        assert counts[kind] >= 150, kind
    assert sum(counts[kind] for kind in NAMES) >= 650
    assert sum(counts[kind] for kind in v11.KEEP_KINDS) >= 800


def test_name_casing_variety() -> None:
    notes = v11.generate()
    names = [n.text[s:e] for n in notes for k, s, e in n.phi if k in NAMES]
    assert sum(name.islower() for name in names) >= 30
    assert sum(name.isupper() for name in names) >= 30
    possessive = sum(n.text[e : e + 2] == "'s" for n in notes for k, s, e in n.phi if k in NAMES)
    assert possessive >= 30


def test_lists() -> None:
    for names in (v11.FIRST, v11.LAST):
        assert len(names) >= 130
        assert len({name.casefold() for name in names}) == len(names)
    assert not FIRSTS & LASTS
    assert not LASTS & {city.casefold() for city, _ in v11.CITIES}
    keep_words = {
        word.casefold()
        for terms in KEEP_LISTS.values()
        for term in terms
        for word in re.findall(r"[^\W\d_]+", term)
    }
    assert not keep_words & LASTS, sorted(keep_words & LASTS)
    assert not keep_words & FIRSTS, sorted(keep_words & FIRSTS)
    for term in ("metformin", "warfarin"):
        assert term in v11.DRUGS
    for term in (
        "Parkinson's disease",
        "Crohn's",
        "Cushing's",
        "Hodgkin lymphoma",
        "Alzheimer's",
        "Graves' disease",
        "Bell's palsy",
        "Down syndrome",
        "Apgar",
        "Glasgow coma scale",
    ):
        assert term in v11.EPONYMS, term
    assert len(v11.BRANDS) >= 20


def _earlier(name: str) -> ModuleType:
    return importlib.import_module(name)


def test_no_name_shared_with_earlier_sets() -> None:
    taken: set[str] = set()
    for module_name in EARLIER:
        module = _earlier(module_name)
        for attr in NAME_ATTRS:
            taken |= {str(name).casefold() for name in getattr(module, attr, [])}
    assert len(taken) > 1000
    clashes = sorted((FIRSTS | LASTS) & taken)
    if clashes:
        print("names shared with earlier sets:", clashes)
    assert not clashes
