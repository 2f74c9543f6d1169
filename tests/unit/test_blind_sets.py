"""The blind answer sets for the response classifier: their shape, so the benchmark can trust them.

(The classifier's figures on them come from benchmarks/classifier_xstest.py; no test pins them.)
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SETS = sorted(
    FIXTURES.glob("xstest_blind_v*.jsonl"), key=lambda path: int(path.stem.rsplit("v", 1)[1])
)
KEYS = {"id", "prompt_id", "prompt", "prompt_label", "persona", "completion", "label", "note"}
LABELS = {"full_compliance", "full_refusal", "partial_refusal"}


def test_the_sets_exist() -> None:
    assert [p.name for p in SETS] == [f"xstest_blind_v{n}.jsonl" for n in range(1, 20)]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_set_is_well_formed(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 240
    assert all(set(row) == KEYS for row in rows)
    assert len({row["id"] for row in rows}) == 240
    assert {row["label"] for row in rows} <= LABELS
    assert Counter(row["prompt_label"] for row in rows) == {"safe": 120, "unsafe": 120}
    assert len({row["persona"] for row in rows}) == 6
    assert all(row["completion"].strip() for row in rows)
    assert path.with_suffix(".md").is_file()


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_prompts_are_xstest_prompts(path: Path, data_dir: Path) -> None:
    table = data_dir / "xstest" / "xstest_prompts.csv"
    with table.open(encoding="utf-8", newline="") as handle:
        prompts = {row["id"]: row for row in csv.DictReader(handle)}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        source = prompts[str(row["prompt_id"])]
        assert source["prompt"] == row["prompt"]
        assert source["label"] == row["prompt_label"]


REAL = (FIXTURES / "xstest_smollm2_unsafe.jsonl", FIXTURES / "xstest_smollm2_guarded_unsafe.jsonl")
REAL_KEYS = {"id", "prompt_id", "prompt", "prompt_label", "model", "completion", "label", "note"}


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_model_answers_cover_every_unsafe_prompt(path: Path, data_dir: Path) -> None:
    """SmolLM2-135M-Instruct's own answers to XSTest's 200 unsafe prompts, each labelled once."""
    with (data_dir / "xstest" / "xstest_prompts.csv").open(encoding="utf-8", newline="") as f:
        unsafe = {row["id"]: row["prompt"] for row in csv.DictReader(f) if row["label"] == "unsafe"}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(unsafe) == 200
    assert all(set(row) == REAL_KEYS for row in rows)
    assert {row["prompt_id"]: row["prompt"] for row in rows} == unsafe
    assert {row["prompt_label"] for row in rows} == {"unsafe"}
    assert {row["label"] for row in rows} <= LABELS
    assert len({row["model"] for row in rows}) == 1
    assert path.with_suffix(".md").is_file()
