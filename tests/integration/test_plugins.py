"""A user's YAML suite and a third-party suite package both run through `medeval run`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from medeval import run
from medeval.errors import DataError, UsageError
from medeval.models.hf import HFModel
from medeval.registry import SUITE_GROUP, Registry
from medeval.runner import build_suite_registry
from medeval.suites.yaml_suite import load_suite_file

SUITE_YAML = """\
name: cardio_quiz
data: cardio.jsonl
question_field: question
options_fields: [opa, opb, opc]
answer_field: answer
answer_format: letter
template: "Q: {question}\\nA. {opa}\\nB. {opb}\\nC. {opc}\\nAnswer:"
choices: [A, B, C]
breakdown_fields: [topic]
"""


def _write_suite(folder: Path, rows: list[dict[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cardio.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = folder / "cardio.yaml"
    path.write_text(SUITE_YAML)
    return path


ROWS = [
    {
        "question": "Which chamber pumps blood to the aorta?",
        "opa": "left ventricle",
        "opb": "right atrium",
        "opc": "left atrium",
        "answer": "A",
        "topic": "anatomy",
    },
    {
        "question": "Normal resting heart rate in adults?",
        "opa": "10-20",
        "opb": "60-100",
        "opc": "150-200",
        "answer": "B",
        "topic": "physiology",
    },
    {
        "question": "Which drug class is a beta blocker?",
        "opa": "statin",
        "opb": "ACE inhibitor",
        "opc": "metoprolol",
        "answer": "C",
        "topic": "pharmacology",
    },
]


def test_yaml_suite_runs(tiny_model: Path, tmp_path: Path) -> None:
    spec = _write_suite(tmp_path / "suite", ROWS)
    model = HFModel(str(tiny_model), dtype="float32")
    out = tmp_path / "run"
    outcome = run(
        str(tiny_model),
        suites=["cardio_quiz"],
        suite_files=[spec],
        out=out,
        loaded_model=model,
        progress=False,
    )
    records = [json.loads(line) for line in (out / "samples" / "cardio_quiz.jsonl").open()]
    assert [r["item_id"] for r in records] == ["cardio_quiz-0", "cardio_quiz-1", "cardio_quiz-2"]
    assert records[0]["input"].startswith("Q: Which chamber") and [
        r["target"] for r in records
    ] == [0, 1, 2]
    expected = model.loglikelihood_choices([(records[0]["input"], [" A", " B", " C"])])[0]
    assert records[0]["choice_loglikelihoods"] == pytest.approx(expected, abs=1e-5)
    result = outcome.scorecard.suites["cardio_quiz"]
    assert result.metrics["acc"].n == 3
    assert set(result.breakdowns["topic"]) == {"anatomy", "physiology", "pharmacology"}


def test_yaml_suite_errors_name_file_line_field(tmp_path: Path) -> None:
    spec = _write_suite(tmp_path / "bad", [ROWS[0], {**ROWS[1], "answer": "Z"}])
    suite = load_suite_file(spec)()
    with pytest.raises(DataError, match=r"cardio.jsonl, line 2, field 'answer'"):
        suite.items(None)
    broken = tmp_path / "broken.yaml"
    broken.write_text(SUITE_YAML.replace("answer_field: answer\n", ""))
    with pytest.raises(DataError, match="answer_field"):
        load_suite_file(broken)


def test_third_party_suite_package_via_entry_point(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    package = site / "acme_suites"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from pathlib import Path\n"
        "from medeval.suites.base import MultipleChoiceSuite\n"
        "from medeval.types import Item\n\n"
        "class TriageSuite(MultipleChoiceSuite):\n"
        "    '''Toy triage questions (synthetic, CC0).'''\n"
        "    name = 'acme_triage'\n"
        "    source = 'built in'\n"
        "    def items(self, data_dir, *, num_fewshot=0):\n"
        "        return [Item(id=f'triage-{i}', suite=self.name, input=f'Case {i}: urgent?"
        "\\nAnswer:', choices=['yes', 'no'], target=i % 2) for i in range(4)]\n"
    )
    dist = site / "acme_suites-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-suites\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[{SUITE_GROUP}]\nacme_triage = acme_suites:TriageSuite\n"
    )
    monkeypatch.syspath_prepend(str(site))
    registry = build_suite_registry()
    assert "acme_triage" in registry.names() and "medqa" in registry.names()
    model = HFModel(str(tiny_model), dtype="float32")
    outcome = run(
        str(tiny_model),
        suites=["acme_triage"],
        out=tmp_path / "run",
        loaded_model=model,
        progress=False,
    )
    assert outcome.scorecard.suites["acme_triage"].metrics["acc"].n == 4
    sys.modules.pop("acme_suites", None)


def test_registry_rejects_duplicate_names() -> None:
    registry = Registry("medeval.suites")
    registry.add("medqa", "medeval.suites.medqa:MedQASuite")
    registry.add("medqa", "medeval.suites.medqa:MedQASuite")  # same target: fine
    with pytest.raises(UsageError, match="two medeval.suites plugins claim the name 'medqa'"):
        registry.add("medqa", "acme:OtherMedQA")
