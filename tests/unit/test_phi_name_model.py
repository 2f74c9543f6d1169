"""The learned second opinion on bare names (medeval.trainers.phi_name_model)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("philter_lite")

from medeval.trainers import phi_name_model  # noqa: E402
from medeval.trainers.phi_name_model import NameModel, SpellingModel, shipped_model  # noqa: E402
from medeval.trainers.phi_names import NameFinder, philter_lists  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def finders() -> tuple[NameFinder, NameFinder]:
    lists = philter_lists()
    return NameFinder(lists), NameFinder(lists, model=shipped_model())


def test_shipped_model_is_plain_data_with_its_provenance() -> None:
    model = shipped_model()
    assert 0.3 <= model.threshold < 1.0  # the grid of scripts/fit_phi_names.py
    assert model.fitted_on.startswith("v1-v5 and v7-v")  # v6 never fitted on
    assert len(model.weights) > 100 and len(model.spelling.table) > 5_000
    again = NameModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model


def test_a_model_of_another_version_is_refused() -> None:
    data = shipped_model().to_json() | {"version": 99}
    with pytest.raises(ValueError, match=r"phi_name_model\.json: version 99"):
        NameModel.from_json(data)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wafula held retraction while the camera ran.", "Wafula"),
        ("0300 - Jankowska awake, pulling at lines.", "Jankowska"),
        ("Referral to Hrytsenko for a cough.", "Hrytsenko"),
        ("Eyvind at Walgreens asking re: Tylenol.", "Eyvind"),
        ("copy to Thabo Hrytsenko at the clinic.", "Thabo Hrytsenko"),
    ],
)
def test_it_finds_names_in_contexts_the_rules_do_not_know(
    finders: tuple[NameFinder, NameFinder], text: str, name: str
) -> None:
    rules, learned = finders
    assert rules.find(text) == []
    assert [text[a:b] for a, b in learned.find(text)] == [name]


def test_it_never_removes_a_rule_name_or_overrules_an_eponym(
    finders: tuple[NameFinder, NameFinder],
) -> None:
    rules, learned = finders
    text = (
        "Seen with her husband Robert Kline for Cushing's, Crohn's and Hashimoto's; "
        "Parkinson's disease, Bell's palsy, Apgar 9, metformin and warfarin continue."
    )
    assert rules.find(text) == learned.find(text) == [(22, 34)]


def test_spelling_scores_names_above_clinical_words() -> None:
    spelling = shipped_model().spelling
    for name in ("oyelowo", "hrytsenko", "nakamura"):
        for word in ("fracture", "hypertension", "abdomen"):
            assert spelling.score(name) > spelling.score(word), (name, word)
    assert SpellingModel({}).score("") == 0.0


def test_the_spelling_table_is_refitted_from_philters_lists() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fit_phi_names
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert fit_phi_names.spelling_table(philter_lists()) == shipped_model().spelling.table


def test_the_model_file_ships_inside_the_package() -> None:
    path = Path(phi_name_model.__file__).with_name(phi_name_model.MODEL_FILE)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == phi_name_model.MODEL_VERSION
