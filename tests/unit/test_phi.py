"""PHI scrubbing on the synthetic Safe Harbor corpus: every kind found, no trap touched."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phi_corpus import SAFE_HARBOR, STRUCTURED, bare_name_notes, generate  # noqa: E402

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
    assert recall["NAME"] >= 0.95
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


def test_bare_names_leave_the_text(scrubber: PhiScrubber) -> None:
    for text, name in [
        ("Seen with her husband Robert Kline, who manages her insulin.", "Robert Kline"),
        ("Kline reports less pain since the dose was lowered.", "Kline"),
        ("Margaret says she stopped the tablets on Friday.", "Margaret"),
        ("Plan reviewed with Tobias Whitaker and his daughter.", "Tobias Whitaker"),
        ("Spoke with de Souza about the results.", "de Souza"),
        ("Per Hope, he has been confused since Sunday.", "Hope"),
        ("Left a message for Chowdhury regarding the scan.", "Chowdhury"),
        ("Wife Crystal reports he snores.", "Crystal"),
    ]:
        scrubbed, counts = scrubber.scrub(text)
        assert counts["NAME"] == 1, (text, scrubbed)
        for word in name.split():
            assert word not in scrubbed, (text, scrubbed)


def test_eponyms_and_drugs_stay(scrubber: PhiScrubber) -> None:
    text = (
        "Problems: Parkinson's disease, Crohn's, Cushing's, Hodgkin lymphoma (Hodgkin in 2009), "
        "Alzheimer's, Graves' disease and Bell's palsy. Brother has Down syndrome. Apgar 9 at "
        "birth; Glasgow coma scale 15. Continue metformin and warfarin; Warfarin held on Monday."
    )
    assert scrubber.scrub(text) == (text, {})


def test_a_name_next_to_an_eponym_still_goes(scrubber: PhiScrubber) -> None:
    scrubbed, _ = scrubber.scrub("Kline has Parkinson's disease; Kline's wife helps.")
    assert scrubbed == "[NAME] has Parkinson's disease; [NAME]'s wife helps."


def test_bare_name_development_sentences(scrubber: PhiScrubber) -> None:
    missed, touched = [], []
    for note in bare_name_notes():
        covered = [False] * len(note.text)
        for span in scrubber.find(note.text):
            covered[span.start : span.end] = [True] * (span.end - span.start)
        missed += [note.text for _, a, b in note.phi if not all(covered[a:b])]
        touched += [note.text[a:b] for a, b in note.traps if any(covered[a:b])]
    assert len(missed) <= 0.05 * sum(len(n.phi) for n in bare_name_notes()), missed
    assert touched == []


def test_name_lists_come_from_the_installed_packages_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    from medeval.trainers import phi_lists, phi_names

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the name lists tried the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for cached in (phi_lists.philter_lists, phi_lists.bare_eponyms, phi_lists.drug_names):
        cached.cache_clear()
    lists = phi_lists.philter_lists()
    assert len(lists.first) > 90_000 and len(lists.last) > 150_000 and len(lists.safe) > 190_000
    assert {"crohn", "cushing", "hodgkin", "parkinson"} <= lists.eponyms
    assert {"trulicity", "eylea", "wegovy", "metformin", "warfarin"} <= phi_lists.drug_names()
    assert "drug_named_entity_recognition" not in sys.modules  # its data file only
    finder = phi_names.NameFinder(lists)
    assert finder.find("Seen with Robert Kline.") == [(10, 22)]


def test_identifier_forms_added_with_the_name_rules(scrubber: PhiScrubber) -> None:
    text = (
        "MR# 24-823430 merged. Seen in clinic on January of 1996. Lives in Dayton, OH 45402. "
        "Mail jo@records.internal or see https://chart.hospital.internal/p/77. MR 2+ on echo. "
        "Draft an announcement for the clinic."
    )
    scrubbed, counts = scrubber.scrub(text)
    assert counts == {"MRN": 1, "DATE": 1, "ADDRESS": 1, "ZIP": 1, "EMAIL": 1, "URL": 1}, scrubbed
    assert "MR 2+ on echo" in scrubbed and "Draft an announcement" in scrubbed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Admitted Friday, October 7, 2005, discharged Aug 24 '04.", {"DATE": 2}),
        ("DOB: Jun-24-2001. Seen 13JAN2006; discharged 8/20.", {"DATE": 3}),
        ("Call +44 20 1117 3358 or 3775969551, fax 225/894-9600.", {"PHONE": 2, "FAX": 1}),
        ("A ninety-one-year-old woman; 104F BIBA; at 95, she gardens.", {"AGE": 3}),
        ("A 93 y.o. female; pt is 95y.; 97-y-o man; BP 93/60, HR 95, 2 yo.", {"AGE": 3}),
        ("Discharged to 20193 Fox Run Trail, Lot 49.", {"ADDRESS": 1}),
        ("MRN: 955 784 366. Member ID: MZC 1286 91. DL 658 545 626.", None),
        ("Specimen CLM458582841, pump GNH1NNH0DM, catheter lot 8GV3KM.", {"ID": 2, "DEVICE": 1}),
        ("Log in to mychart.example.org/myhealth?id=XJ0NFELG today.", {"URL": 1}),
        ("Lives alone in Burlington since her husband died.", {"ADDRESS": 1}),
        ("Age at death: 97. She turned 100 in May; her 101st birthday. F/92; 93/M.", None),
        ("A woman of 98; the patient, 91, was seen.", {"AGE": 2}),
        ("Ticket #441122, report number 44-1182, ref no. KX7Y2Q, implant lot 44A19.", None),
        ("Seen 2019.03.14; back Jan '19; due on the 14th; Tues 3/14 visit; 14MAR19.", {"DATE": 5}),
    ],
)
def test_identifier_forms_without_labels(
    scrubber: PhiScrubber, text: str, expected: dict[str, int] | None
) -> None:
    scrubbed, counts = scrubber.scrub(text)
    if expected is None:  # three labelled values in spaced groups, whatever their kinds
        assert not any(ch.isdigit() for ch in scrubbed), scrubbed
    else:
        assert counts == expected, scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Take 1/2 tablet; BP 120/80; range 138-312 and 251-500 mg; FY0405 budget.",
        "Outcomes in China, Denmark and Mexico from 2005-2010 (+138%, +47.60 Gy).",
        "COVID-19, SARS-CoV-2, HbA1c 7.5, HLA-B27, PHQ-9 and hepatitis C.",
        "Seen in Wilson's disease clinic; Addison disease excluded.",
        "Treatment of stage 0 may include surgery; symptoms may 2 weeks later march on.",
        "Room #412, bed no. 3, step #2; on the 3rd day; HR 92, RR 18; SpO2 94/95%; 1,091 men.",
        "Mean age 92.4 years; ages 90-99: 12 women of 95 enrolled in 1998, 2001 and 2005.",
    ],
)
def test_look_alikes_of_identifiers_stay(scrubber: PhiScrubber, text: str) -> None:
    scrubbed, counts = scrubber.scrub(text)
    assert not set(counts) - {"NAME"}, scrubbed  # country names may read as names, no identifier


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hi its akosua, my son bogdan says the naltrexone makes her dizzy", 2),
        ("PATIENT: SHARP, THÉRÈSE   MRN 059-4630-2", 1),
        ("Requested by: T.P. Ezeani. Signed out by Gentle.", 2),
        ("Pt O'Rourke, Guillermo - Lachman test suspected.", 1),
        ("Wife Crystal reports he snores; mum Åsa is at the bedside.", 2),
        ("Lwazi and I reviewed it. Oyelowo is a 67-year-old. Gay is worried.", 3),
        ("Chaplain Anthony Street visited; her partner, Hoang French, stayed.", 2),
        ("Family (Vasily, Kaimana, Ó Súilleabháin) at bedside.", 3),
        ("RADIOLOGY | TUIASOSOPO, THELMA | DOB 9/20 | MRN 2-4420-30", 1),
        ("Fortune's mother Berry, Hieu will stay. Zhiwei is doing okay.", 2),
    ],
)
def test_bare_name_contexts(scrubber: PhiScrubber, text: str, names: int) -> None:
    scrubbed, counts = scrubber.scrub(text)
    assert counts.get("NAME", 0) >= names, scrubbed
    assert "Lachman test" in scrubbed or "Lachman" not in text
