"""PHI scrubbing on the synthetic Safe Harbor corpus: every kind found, no trap touched."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phi_corpus import SAFE_HARBOR, STRUCTURED, generate  # noqa: E402

pytest.importorskip("presidio_analyzer")

from medeval.trainers.phi import PhiScrubber  # noqa: E402


@pytest.fixture(scope="module")
def scrubber() -> PhiScrubber:
    return PhiScrubber()  # its blank spaCy pipeline goes to the first test's MEDEVAL_CACHE


def _recall(scrubber: PhiScrubber, heldout: bool) -> tuple[dict[str, float], list[str]]:
    found: dict[str, list[bool]] = {}
    touched = []
    for note in generate(per_template=3, seed=11, heldout=heldout):
        covered = [False] * len(note.text)
        for span in scrubber.find(note.text):
            covered[span.start : span.end] = [True] * (span.end - span.start)
        for kind, start, end in note.phi:
            found.setdefault(kind, []).append(all(covered[start:end]))
        touched += [note.text[a:b] for a, b in note.traps if any(covered[a:b])]
    return {kind: sum(v) / len(v) for kind, v in found.items()}, touched


@pytest.mark.parametrize("heldout", [False, True], ids=["tuned", "heldout"])
def test_every_structured_kind_is_found_and_no_trap_is_touched(
    scrubber: PhiScrubber, heldout: bool
) -> None:
    recall, touched = _recall(scrubber, heldout)
    for kind in STRUCTURED:
        assert recall[kind] >= 0.95, (kind, recall[kind])
    assert recall["NAME"] >= 0.8
    assert touched == []


def test_corpus_covers_all_18_safe_harbor_kinds() -> None:
    kinds = {kind for note in generate(per_template=1) for kind, _, _ in note.phi}
    assert len(SAFE_HARBOR) == 18
    for harbor, corpus_kinds in SAFE_HARBOR.items():
        assert set(corpus_kinds) <= kinds, harbor


def test_typed_placeholders(scrubber: PhiScrubber) -> None:
    text = (
        "Mr. O'Brien (MRN: 00482913), DOB March 3, 1931, aged 93, of 12 Maple Street, Austin, "
        "TX 78701, phone (512) 555-0142, fax: 512-555-0199, email ob@example.com, SSN "
        "123-45-6789, Medicaid ID QX55512340, visited https://portal.example.com/u/17 from "
        "10.0.0.12. BP 120/80, HbA1c 7.2%, history of Parkinson's disease since 2008; his "
        "wife, 67 years old, takes metformin 500mg."
    )
    scrubbed, counts = scrubber.scrub(text)
    for placeholder in (
        "NAME",
        "MRN",
        "DATE",
        "AGE",
        "ADDRESS",
        "ZIP",
        "PHONE",
        "FAX",
        "EMAIL",
        "SSN",
        "HEALTH_PLAN",
        "URL",
        "IP",
    ):
        assert f"[{placeholder}]" in scrubbed, (placeholder, scrubbed)
    for kept in (
        "BP 120/80",
        "HbA1c 7.2%",
        "Parkinson's disease since 2008",
        "67 years old",
        "metformin 500mg",
    ):
        assert kept in scrubbed, (kept, scrubbed)
    for secret in ("O'Brien", "00482913", "1931", "78701", "0142", "6789", "example.com"):
        assert secret not in scrubbed
    assert counts["PHONE"] == 1 and counts["FAX"] == 1


def test_eponymous_diseases_and_title_case_headings_are_not_names(scrubber: PhiScrubber) -> None:
    text = (
        "Patients with Parkinson's disease, Alzheimer's disease or Crohn's disease; the "
        "Patient Health Questionnaire was given by a Research Nurse. Both arms improved."
    )
    assert scrubber.scrub(text) == (text, {})
