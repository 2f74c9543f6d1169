"""Loaders read the real benchmark files into the contracted ids, prompts and targets."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from medeval.suites.medmcqa import MedMCQASuite
from medeval.suites.medqa import MedQASuite
from medeval.suites.mmlu_medical import SUBJECTS, MMLUMedicalSuite
from medeval.suites.pubmedqa import PubMedQASuite


def test_medqa_items(data_dir: Path) -> None:
    suite = MedQASuite()
    items = suite.items(data_dir)
    assert len(items) == 1273
    first = json.loads((data_dir / "medqa" / "US_4_options_test.jsonl").open().readline())
    assert items[0].id == "medqa-0" and items[-1].id == "medqa-1272"
    assert items[0].input.startswith("Question: " + first["question"] + "\nA. ")
    assert items[0].input.endswith(f"\nD. {first['options']['D']}\nAnswer:")
    assert items[0].choices[items[0].target] == first["answer_idx"]
    assert {i.metadata["meta_info"] for i in items} == {"step1", "step2&3"}
    assert str(data_dir / "medqa" / "US_4_options_test.jsonl") in suite.checksums


def test_medmcqa_cop_is_one_based(data_dir: Path) -> None:
    items = MedMCQASuite().items(data_dir)
    assert len(items) == 4183
    first = json.loads((data_dir / "medmcqa" / "dev.json").open().readline())
    assert items[0].id == first["id"]
    assert items[0].target == first["cop"] - 1
    assert items[0].input == (
        f"Question: {first['question']}\nChoices:\nA. {first['opa']}\nB. {first['opb']}\n"
        f"C. {first['opc']}\nD. {first['opd']}\nAnswer:"
    )
    assert len({i.target for i in items}) == 4


def test_pubmedqa_official_test_split(data_dir: Path) -> None:
    items = PubMedQASuite().items(data_dir)
    truth = json.loads((data_dir / "pubmedqa" / "test_ground_truth.json").read_text())
    assert [i.id for i in items] == list(truth)
    counts = {
        label: sum(1 for i in items if i.choices[int(i.target)] == label)
        for label in ("yes", "no", "maybe")
    }
    assert counts == {"yes": 276, "no": 169, "maybe": 55}
    assert items[0].input.startswith("Abstract: ") and items[0].input.endswith("\nAnswer:")


def test_mmlu_subjects_fewshot_and_limit(data_dir: Path) -> None:
    suite = MMLUMedicalSuite()
    items = suite.items(data_dir)
    assert len(items) == 1089
    sizes = {s: sum(1 for i in items if i.metadata["subject"] == s) for s in SUBJECTS}
    assert sizes == {
        "anatomy": 135,
        "clinical_knowledge": 265,
        "college_biology": 144,
        "college_medicine": 173,
        "medical_genetics": 100,
        "professional_medicine": 272,
    }
    assert items[0].id == "anatomy-0"
    assert items[0].input.startswith(
        "The following are multiple choice questions (with answers) about anatomy.\n\n"
    )
    five = suite.items(data_dir, num_fewshot=5)
    with (data_dir / "mmlu" / "dev" / "anatomy_dev.csv").open() as handle:
        dev = list(csv.DictReader(handle))
    assert dev[0]["question"].strip() in five[0].input
    assert five[0].input.count("\nAnswer: ") == 5 and five[0].input.endswith("\nAnswer:")
    limited = suite.select(items, 3)
    assert len(limited) == 18 and [i.id for i in limited[:3]] == [
        "anatomy-0",
        "anatomy-1",
        "anatomy-2",
    ]


def test_fewshot_refused_for_zero_shot_suites(data_dir: Path) -> None:
    from medeval.errors import UsageError

    with pytest.raises(UsageError, match="zero-shot"):
        MedQASuite().items(data_dir, num_fewshot=5)
