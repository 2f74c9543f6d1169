"""The MedQuAD and MedDialog source formats, and recipes (one file with data: and train:)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from medeval.errors import DataError, UsageError
from medeval.trainers.clean import clean_samples
from medeval.trainers.data_config import load_config, resolve_sources
from medeval.trainers.sources import Sample, read_source
from medeval.trainers.train_config import load_config as load_train_config

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "meddialog"

# Invented pairs in MedQuAD's two XML layouts (the current one and NINDS's older lower-case one).
MEDQUAD_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000042_1" source="ExampleGov" url="https://example.org/a">
<Focus>Example Syndrome</Focus>
<QAPairs>
  <QAPair pid="1">
    <Question qid="0000042_1-1" qtype="information">What is (are) Example Syndrome ?</Question>
    <Answer>Example syndrome is a condition invented for a test &amp; nothing else.</Answer>
  </QAPair>
  <QAPair pid="2">
    <Question qid="0000042_1-2" qtype="treatment">How to treat Example Syndrome ?</Question>
    <Answer></Answer>
  </QAPair>
</QAPairs>
</Document>
"""
MEDQUAD_OLD = """<?xml version="1.0" encoding="UTF-8"?>
<doc docid="0000043" corpus="NINDS" url="https://example.org/b">
<qaPairs>
<pair pid="1">
<question qid="0000043-1" qtype="outlook">what is the prognosis for example palsy ?</question>
<answer>Most people recover within weeks.</answer>
</pair>
</qaPairs>
</doc>
"""


def _config(tmp_path: Path, body: dict[str, Any], name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(body, sort_keys=False))
    return path


def _read(tmp_path: Path, source: dict[str, Any]) -> list[Sample]:
    body = {"sources": [{"name": "s", "ratio": 1.0, **source}], "decontaminate": {"enabled": False}}
    path = _config(tmp_path, body)
    return read_source(resolve_sources(load_config(path), path)[0])


# ---------------------------------------------------------------- MedQuAD


def _medquad(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = tmp_path / "medquad" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tmp_path / "medquad"


def test_medquad_reads_both_layouts_and_empty_answers_are_dropped_by_cleaning(
    tmp_path: Path,
) -> None:
    _medquad(
        tmp_path, {"1_Example_QA/0000042_1.xml": MEDQUAD_DOC, "6_NINDS_QA/43.xml": MEDQUAD_OLD}
    )
    samples = _read(tmp_path, {"format": "medquad", "path": "medquad"})
    assert [s.id for s in samples] == [
        "s-1_Example_QA-0000042_1-1",
        "s-1_Example_QA-0000042_1-2",
        "s-6_NINDS_QA-43-1",
    ]
    first = samples[0]
    assert first.messages == [
        {"role": "user", "content": "What is (are) Example Syndrome ?"},
        {
            "role": "assistant",
            "content": "Example syndrome is a condition invented for a test & nothing else.",
        },
    ]
    assert first.origin.endswith("0000042_1.xml:QAPair[1]") and first.meta["qid"] == "0000042_1-1"
    assert samples[2].messages[0]["content"] == "what is the prognosis for example palsy ?"
    kept, report = clean_samples(samples)
    assert [s.id for s in kept] == ["s-1_Example_QA-0000042_1-1", "s-6_NINDS_QA-43-1"]
    assert report.empty == {"s": 1}


@pytest.mark.parametrize(
    ("text", "message", "line", "field"),
    [
        (MEDQUAD_DOC.replace("</QAPairs>", ""), "malformed XML", 14, None),
        (
            MEDQUAD_DOC.replace(">How to treat Example Syndrome ?<", "><"),
            "missing or empty question",
            None,
            "QAPair[2]/Question",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaa">]>\n<d>&a;</d>\n',
            "entity declarations",
            None,
            None,
        ),
    ],
)
def test_medquad_errors_name_file_and_element(
    tmp_path: Path, text: str, message: str, line: int | None, field: str | None
) -> None:
    _medquad(tmp_path, {"1_Example_QA/bad.xml": text})
    with pytest.raises(DataError) as error:
        _read(tmp_path, {"format": "medquad", "path": "medquad"})
    assert message in str(error.value) and error.value.path.endswith("bad.xml")
    assert (error.value.line, error.value.field) == (line, field)


def test_medquad_folder_without_xml_and_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "medquad").mkdir()
    with pytest.raises(DataError, match="no MedQuAD XML files"):
        _read(tmp_path, {"format": "medquad", "path": "medquad"})
    (tmp_path / "one.xml").write_text(MEDQUAD_DOC)
    with pytest.raises(DataError, match="source folder not found") as error:
        _read(tmp_path, {"format": "medquad", "path": "one.xml"})
    assert error.value.field == "sources.0.path"


# ---------------------------------------------------------------- MedDialog


def test_meddialog_processed_en_layout() -> None:
    from medeval.trainers.data_config import ResolvedSource, SourceConfig

    config = SourceConfig(name="dialogue", format="meddialog", path="x", ratio=1.0)
    samples = read_source(ResolvedSource(config, FIXTURES / "english-train.json"))
    raw = json.loads((FIXTURES / "english-train.json").read_text())
    assert [s.id for s in samples] == ["dialogue-1", "dialogue-2", "dialogue-3"]
    first, second, third = samples
    assert first.messages == [
        {"role": "user", "content": raw[0]["utterances"][0].removeprefix("patient: ")},
        {"role": "assistant", "content": raw[0]["utterances"][1].removeprefix("doctor: ")},
    ]
    assert [m["role"] for m in second.messages] == ["user", "assistant", "user", "assistant"]
    # a closing patient turn that no doctor answered is left out
    assert [m["role"] for m in third.messages] == ["user", "assistant"]
    assert first.origin.endswith("english-train.json:1")


def test_meddialog_en_hub_rows_both_shapes() -> None:
    from medeval.trainers.data_config import ResolvedSource, SourceConfig

    config = SourceConfig(name="dialogue", format="meddialog", path="x", ratio=1.0)
    columns, turns = read_source(ResolvedSource(config, FIXTURES / "en_hub_rows.jsonl"))
    assert columns.id == "dialogue-healthcaremagic_dialogue_1-7"
    assert [m["role"] for m in columns.messages] == ["user", "assistant"]
    assert columns.messages[0]["content"].startswith("I get a dull headache")
    # two doctor turns in a row become one answer
    assert turns.id == "dialogue-icliniq_dialogue-12"
    assert [m["role"] for m in turns.messages] == ["user", "assistant"]
    assert "cold pack" in turns.messages[1]["content"]
    assert "checked for a fracture" in turns.messages[1]["content"]


def test_meddialog_hub_rows_use_the_same_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    from medeval.trainers import sources
    from medeval.trainers.data_config import ResolvedSource, SourceConfig

    rows = json.loads((FIXTURES / "english-train.json").read_text())
    asked = []

    def hub(dataset: str, config: str | None, split: str) -> list[dict[str, Any]]:
        asked.append((dataset, config, split))
        return rows

    monkeypatch.setattr(sources, "load_hub_rows", hub)
    config = SourceConfig(
        name="d",
        format="meddialog",
        hf="UCSD26/medical_dialog",
        hf_config="processed.en",
        ratio=1.0,
    )
    samples = read_source(ResolvedSource(config, None))
    assert asked == [("UCSD26/medical_dialog", "processed.en", "train")] and len(samples) == 3


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"utterances": ["nurse: hello", "doctor: hi"]}, "utterances.0"),
        ({"utterances": []}, "utterances"),
        ({"dialogue_turns": {"speaker": [0], "utterance": ["a", "b"]}}, "dialogue_turns"),
        ({"dialogue_turns": [{"speaker": 2, "utterance": "a"}]}, "dialogue_turns.0.speaker"),
        (
            {"dialogue_turns": [{"speaker": "Patient", "utterance": 5}]},
            "dialogue_turns.0.utterance",
        ),
        ({"utterances": ["doctor: hello"]}, None),
        ({"text": "no dialogue"}, None),
    ],
)
def test_meddialog_errors_name_line_and_field(
    tmp_path: Path, record: dict[str, Any], field: str | None
) -> None:
    good = {"utterances": ["patient: a question?", "doctor: an answer."]}
    (tmp_path / "d.jsonl").write_text(json.dumps(good) + "\n" + json.dumps(record) + "\n")
    with pytest.raises(DataError) as error:
        _read(tmp_path, {"format": "meddialog", "path": "d.jsonl"})
    assert (error.value.line, error.value.field) == (2, field)


def test_meddialog_json_file_must_be_an_array(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text(json.dumps({"utterances": []}))
    with pytest.raises(DataError, match="JSON array"):
        _read(tmp_path, {"format": "meddialog", "path": "d.json"})


# ---------------------------------------------------------------- recipes


def _recipe(tmp_path: Path, **changes: Any) -> Path:
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"utterances": ["patient: a question?", "doctor: an answer."]}) + "\n"
    )
    body: dict[str, Any] = {
        "data": {
            "sources": [{"name": "d", "format": "meddialog", "path": "d.jsonl", "ratio": 1.0}],
            "decontaminate": {"enabled": False},
        },
        "train": {"base_model": "some/model", "lora_r": 8},
    }
    body.update(changes)
    return _config(tmp_path, body, "recipe.yaml")


def test_a_recipe_feeds_both_commands(tmp_path: Path) -> None:
    path = _recipe(tmp_path)
    data = load_config(path)
    assert [s.name for s in data.sources] == ["d"]
    train = load_train_config(path, {"data": "built"})
    assert (train.base_model, train.lora_r, train.data) == ("some/model", 8, "built")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_recipe_errors_name_the_key_and_line(tmp_path: Path) -> None:
    path = _recipe(tmp_path, notes="a recipe holds only data and train")
    with pytest.raises(DataError) as error:
        load_config(path)
    assert error.value.field == "notes" and "unknown key in a recipe" in str(error.value)
    assert error.value.line == _line_of(path, "notes:")
    with pytest.raises(DataError) as error:
        load_train_config(path, {"data": "built"})
    assert error.value.field == "notes"

    path = _recipe(tmp_path, train={"lora_rr": 8})
    with pytest.raises(UsageError) as usage:
        load_train_config(path, {"data": "built"})
    line = _line_of(path, "lora_rr:")
    assert f"{path}, line {line}, field 'train.lora_rr': unknown setting" in str(usage.value)

    body = yaml.safe_load(_recipe(tmp_path).read_text())
    body["data"]["shuffle"] = True
    path = _config(tmp_path, body, "recipe.yaml")
    with pytest.raises(DataError) as error:
        load_config(path)
    assert (error.value.field, error.value.line) == ("data.shuffle", _line_of(path, "shuffle:"))

    path = _recipe(tmp_path, train=None)
    with pytest.raises(DataError, match="no train: section"):
        load_train_config(path, {"data": "built"})


def test_data_build_checks_the_train_section_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from medeval.cli import main

    path = _recipe(tmp_path, train={"base_model": "x", "learning_rate": -1})
    monkeypatch.setattr(sys, "argv", ["medeval", "data", "build", str(path), "--out", "out"])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    assert "field 'train.learning_rate'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


FOUNDING = {
    "lora_r": 32,
    "lora_alpha": 64,
    "lora_dropout": 0.05,
    "target_modules": "all-linear",
    "learning_rate": 5e-5,
    "lr_scheduler": "cosine",
    "warmup_ratio": 0.1,
    "epochs": 3.0,
    "cutoff_len": 4096,
    "load_in_4bit": True,
    "quant_type": "nf4",
    "gradient_checkpointing": True,
}


@pytest.mark.parametrize("name", ["recipe_seed.yaml", "recipe_seed_offline.yaml"])
def test_shipped_recipes_hold_the_founding_hyperparameters(name: str) -> None:
    path = ROOT / "examples" / name
    train = load_train_config(path)
    assert {key: getattr(train, key) for key in FOUNDING} == FOUNDING
    assert train.effective_batch() == 16
    data = load_config(path)
    assert data.decontaminate.enabled and "patient_education" in data.decontaminate.panel
    shares = {s.name: s.ratio for s in data.sources}
    if name == "recipe_seed.yaml":
        assert shares == {
            "medqa_train": 0.3,
            "meddialog": 0.3,
            "pubmedqa_literature": 0.2,
            "patient_education": 0.2,
        }
        assert {s.name: s.format for s in data.sources}["meddialog"] == "meddialog"
    else:
        assert shares == {"patient_education": 0.8, "pubmedqa_literature": 0.2}
        assert "MedDialog" in data.notes and "MedQA" in data.notes


# ---------------------------------------------------------------- decontamination


def test_a_short_multiple_choice_item_is_found_between_option_letters(tmp_path: Path) -> None:
    from medeval.trainers.decontaminate import EvalIndex, EvalText

    options = ("Antegrade", "Retrograde", "Antegrade and retrograde", "None")
    item = EvalText(
        "medmcqa", "q1", "\n".join(["Axonal transport is:", *options]), "Axonal transport is:",
        options,
    )  # fmt: skip
    lettered = "Axonal transport is:\nA. Antegrade\nB. Retrograde\nC. Antegrade and retrograde\n"
    as_trained = lettered + "D. None\nThe answer is C. Antegrade and retrograde"
    prose = "Axonal transport is antegrade or retrograde, and sometimes antegrade and retrograde."
    index = EvalIndex.build([item])
    assert [m.reason for m in index.check(as_trained)] == [
        "contains the item question and every option"
    ]
    assert index.check(prose) == [] and index.check(lettered) == []  # an option missing
    index.save(tmp_path / "index.npz")
    assert EvalIndex.load(tmp_path / "index.npz").check(as_trained)[0].item_id == "q1"


def test_meddialog_json_array_errors_name_the_item(tmp_path: Path) -> None:
    good = {"utterances": ["patient: a question?", "doctor: an answer."]}
    bad = {"utterances": ["patient: a question?", "nurse: hello"]}
    (tmp_path / "d.json").write_text(json.dumps([good, bad]))
    with pytest.raises(DataError) as error:
        _read(tmp_path, {"format": "meddialog", "path": "d.json"})
    assert (error.value.line, error.value.field) == (None, "item 2.utterances.1")
