"""The hub path converts hub layouts to the original records: checked on local stand-in files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medeval.suites.medmcqa import MedMCQASuite
from medeval.suites.medqa import MedQASuite
from medeval.suites.mmlu_medical import MMLUMedicalSuite
from medeval.suites.pubmedqa import PubMedQASuite


def _parquet_reader(files: dict[tuple[str, str | None, str], list[dict[str, Any]]], tmp: Path):
    """A hub reader that serves local parquet stand-ins through `datasets`, as the hub would."""
    import datasets

    def read(dataset_id: str, config: str | None, split: str) -> list[dict[str, Any]]:
        rows = files[(dataset_id, config, split)]
        path = tmp / f"{dataset_id.replace('/', '_')}-{config}-{split}.parquet"
        datasets.Dataset.from_list(rows).to_parquet(str(path))
        return [
            dict(r) for r in datasets.load_dataset("parquet", data_files=str(path), split="train")
        ]

    return read


def test_medqa_hub_rows_match_local_file(data_dir: Path, tmp_path: Path) -> None:
    local = MedQASuite().items(data_dir)[:5]
    rows = []
    with (data_dir / "medqa" / "US_4_options_test.jsonl").open() as handle:
        for _, line in zip(range(5), handle, strict=False):
            r = json.loads(line)
            rows.append(
                {
                    "id": "x",
                    "sent1": r["question"],
                    "sent2": "",
                    **{f"ending{i}": r["options"][k] for i, k in enumerate("ABCD")},
                    "label": "ABCD".index(r["answer_idx"]),
                }
            )
    suite = MedQASuite()
    suite.hub_reader = _parquet_reader(
        {("GBaker/MedQA-USMLE-4-options-hf", None, "test"): rows}, tmp_path
    )
    hub = suite.items(None)
    assert [(i.id, i.input, i.target) for i in hub] == [(i.id, i.input, i.target) for i in local]


def test_medmcqa_hub_cop_zero_based(data_dir: Path, tmp_path: Path) -> None:
    local = MedMCQASuite().items(data_dir)[:5]
    rows = []
    with (data_dir / "medmcqa" / "dev.json").open() as handle:
        for _, line in zip(range(5), handle, strict=False):
            r = json.loads(line)
            rows.append({**r, "cop": r["cop"] - 1})
    suite = MedMCQASuite()
    suite.hub_reader = _parquet_reader(
        {("openlifescienceai/medmcqa", None, "validation"): rows}, tmp_path
    )
    assert [(i.id, i.input, i.target) for i in suite.items(None)] == [
        (i.id, i.input, i.target) for i in local
    ]


def test_mmlu_hub_rows(data_dir: Path, tmp_path: Path) -> None:
    import csv

    from medeval.suites.mmlu_medical import SUBJECTS

    files = {}
    for subject in SUBJECTS:
        with (data_dir / "mmlu" / "test" / f"{subject}_test.csv").open() as handle:
            test = [
                {
                    "question": r[0],
                    "subject": subject,
                    "choices": r[1:5],
                    "answer": "ABCD".index(r[5]),
                }
                for r in csv.reader(handle)
            ]
        with (data_dir / "mmlu" / "dev" / f"{subject}_dev.csv").open() as handle:
            dev = [
                {
                    "question": r["question"],
                    "subject": subject,
                    "choices": [r[f"choice{i}"] for i in range(4)],
                    "answer": int(r["answer"]),
                }
                for r in csv.DictReader(handle)
            ]
        files[("cais/mmlu", subject, "test")] = test
        files[("cais/mmlu", subject, "dev")] = dev
    suite = MMLUMedicalSuite()
    suite.hub_reader = _parquet_reader(files, tmp_path)
    local = MMLUMedicalSuite().items(data_dir, num_fewshot=5)
    assert [(i.id, i.input, i.target) for i in suite.items(None, num_fewshot=5)] == [
        (i.id, i.input, i.target) for i in local
    ]


def test_pubmedqa_hub_rows(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import medeval.suites.pubmedqa as pubmedqa

    pqal = json.loads((data_dir / "pubmedqa" / "ori_pqal.json").read_text())
    truth = json.loads((data_dir / "pubmedqa" / "test_ground_truth.json").read_text())
    rows = [
        {
            "pubid": int(pmid),
            "question": r["QUESTION"],
            "context": {
                "contexts": r["CONTEXTS"],
                "labels": r["LABELS"],
                "meshes": r["MESHES"],
                "reasoning_required_pred": [],
                "reasoning_free_pred": [],
            },
            "long_answer": r["LONG_ANSWER"],
            "final_decision": r["final_decision"],
        }
        for pmid, r in pqal.items()
    ]
    monkeypatch.setattr(pubmedqa, "fetch_test_ids", lambda: truth)
    suite = PubMedQASuite()
    suite.hub_reader = _parquet_reader(
        {("qiaojin/PubMedQA", "pqa_labeled", "train"): rows}, tmp_path
    )
    local = PubMedQASuite().items(data_dir)
    assert [(i.id, i.input, i.target) for i in suite.items(None)] == [
        (i.id, i.input, i.target) for i in local
    ]
