"""Data-build steps on their own: config checks, source readers, cleaning, mixing, safety, split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from medeval.errors import DataError
from medeval.safety.guardrails import DISCLAIMER, SAFETY_SYSTEM_PROMPT
from medeval.trainers.clean import clean_samples, clean_text, space_dosages
from medeval.trainers.data_config import load_config, parse_config, resolve_sources
from medeval.trainers.sources import Sample, read_source
from medeval.trainers.split import apply_safety, mix, mix_counts, split


def _config(tmp_path: Path, body: dict[str, object]) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump(body))
    return path


def _chat_file(tmp_path: Path, name: str, records: list[dict[str, object]]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _source(name: str = "a", **extra: object) -> dict[str, object]:
    return {"name": name, "format": "chat", "path": f"{name}.jsonl", "ratio": 1.0, **extra}


# ---------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("body", "message", "field"),
    [
        ({"sources": [_source()], "shuffle": True}, "unknown key", "shuffle"),
        ({"sources": [_source(ratio=0.6), _source("b", ratio=0.3)]}, "sum to 1", None),
        ({"sources": [_source(colour="red")]}, "unknown key", "sources.0.colour"),
        ({"sources": [_source(), _source()]}, "unique", None),
        (
            {"sources": [_source(hf="org/x", path=None, format="medsafetybench")]},
            "local files",
            None,
        ),
        ({"sources": [_source(data_file="x.jsonl")]}, "exactly one of", None),
        (
            {"sources": [_source()], "split": {"train": 0.8, "val": 0.1, "test": 0.2}},
            "sum to 1",
            None,
        ),
    ],
)
def test_config_errors_name_the_key(
    tmp_path: Path, body: dict[str, object], message: str, field: str | None
) -> None:
    with pytest.raises(DataError) as error:
        load_config(_config(tmp_path, body))
    assert message in str(error.value)
    assert str(tmp_path / "data.yaml") in str(error.value)
    if field:
        assert error.value.field == field


def test_missing_source_file_is_reported_before_work(tmp_path: Path) -> None:
    path = _config(tmp_path, {"sources": [_source()], "decontaminate": {"enabled": False}})
    with pytest.raises(DataError, match="source file not found") as error:
        resolve_sources(load_config(path), path)
    assert error.value.field == "sources.0.path"


def test_data_file_needs_a_data_directory(tmp_path: Path) -> None:
    body = {"sources": [{"name": "p", "format": "pubmedqa", "data_file": "x.json", "ratio": 1}]}
    path = _config(tmp_path, body)
    with pytest.raises(DataError, match="needs a data directory"):
        resolve_sources(load_config(path), path)


# ---------------------------------------------------------------- readers


def test_alpaca_and_chat_readers(tmp_path: Path) -> None:
    _chat_file(
        tmp_path,
        "al.jsonl",
        [
            {
                "instruction": "Explain anaemia.",
                "input": "Short answer.",
                "output": "Low haemoglobin.",
            },
        ],
    )
    _chat_file(
        tmp_path,
        "ch.jsonl",
        [
            {
                "id": "x1",
                "messages": [
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": "Hi"},
                    {"role": "assistant", "content": "Hello."},
                ],
            },
        ],
    )
    body = {
        "sources": [
            {"name": "al", "format": "alpaca", "path": "al.jsonl", "ratio": 0.5},
            {"name": "ch", "format": "chat", "path": "ch.jsonl", "ratio": 0.5},
        ],
        "decontaminate": {"enabled": False},
    }
    path = _config(tmp_path, body)
    al, ch = (read_source(s) for s in resolve_sources(load_config(path), path))
    assert al[0].messages == [
        {"role": "user", "content": "Explain anaemia.\n\nShort answer."},
        {"role": "assistant", "content": "Low haemoglobin."},
    ]
    assert ch[0].id == "ch-x1" and ch[0].messages[0]["role"] == "system"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"messages": [{"role": "user", "content": "Hi"}]}, "messages.0.role"),
        ({"messages": [{"role": "doctor", "content": "Hi"}]}, "messages.0.role"),
        ({"messages": [{"role": "user", "content": 3}]}, "messages.0.content"),
        ({"text": "no messages"}, "messages"),
    ],
)
def test_chat_reader_errors_name_line_and_field(
    tmp_path: Path, record: dict[str, object], field: str
) -> None:
    good = {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}
    _chat_file(tmp_path, "a.jsonl", [good, record])
    path = _config(tmp_path, {"sources": [_source()], "decontaminate": {"enabled": False}})
    with pytest.raises(DataError) as error:
        read_source(resolve_sources(load_config(path), path)[0])
    assert (error.value.line, error.value.field) == (2, field)


# ---------------------------------------------------------------- cleaning


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Take 5mg daily", "Take 5 mg daily"),
        ("0.5mcg/kg then 10mL", "0.5 mcg/kg then 10 mL"),
        ("MgSO4 2g IV; mgso4 and 5mgmt stay", "MgSO4 2 g IV; mgso4 and 5mgmt stay"),
        ("B12mg is not a dose; 1.5mg is", "B12mg is not a dose; 1.5 mg is"),
        ("a\u0000b\u200bc\x1b[0m  d\t\te", "abc[0m d e"),
        ("line one   \n\n\n\nline two", "line one\n\nline two"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_dosage_spacing_never_touches_words() -> None:
    for word in ("smgl", "mgmt", "Mg2+", "imgur", "5-HT", "CD4 count", "H2O"):
        assert space_dosages(word) == word


def _sample(index: int, user: str, answer: str, source: str = "s") -> Sample:
    return Sample(
        f"{source}-{index}",
        source,
        [
            {"role": "user", "content": user},
            {"role": "assistant", "content": answer},
        ],
    )


def test_clean_drops_empty_exact_and_near_duplicates() -> None:
    long_answer = (
        "Iron deficiency anaemia is treated by replacing iron, finding the cause of the loss, "
        "and checking the blood count again after a few weeks of treatment. Tablets are taken "
        "once a day, with food if they upset the stomach, for about three months."
    )
    samples = [
        _sample(0, "How is iron deficiency anaemia treated?", long_answer),
        _sample(1, "How is iron  deficiency anaemia treated?", long_answer),  # exact (spacing)
        _sample(2, "How is iron deficiency anaemia usually treated?", long_answer),  # near
        _sample(3, "What is asthma?", "   "),  # empty
        _sample(4, "What is asthma?", "A chronic disease of the airways.", "t"),
    ]
    kept, report = clean_samples(samples)
    assert [s.id for s in kept] == ["s-0", "t-4"]
    assert report.as_dict() == {
        "empty": {"s": 1},
        "exact_duplicates": {"s": 1},
        "near_duplicates": {"s": 1},
    }


# ---------------------------------------------------------------- mix, safety, split


def test_mix_counts() -> None:
    assert mix_counts({"a": 100, "b": 30}, {"a": 0.5, "b": 0.5}, None) == {"a": 30, "b": 30}
    assert mix_counts({"a": 100, "b": 30}, {"a": 0.7, "b": 0.3}, None) == {"a": 70, "b": 30}
    assert mix_counts({"a": 100, "b": 30}, {"a": 0.5, "b": 0.5}, 100) == {"a": 50, "b": 30}


def test_safety_layer_is_configurable() -> None:
    sample = Sample(
        "x",
        "s",
        [
            {"role": "system", "content": "Answer in English."},
            {"role": "user", "content": "What is a fever?"},
            {"role": "assistant", "content": "A raised body temperature."},
        ],
    )
    safe = apply_safety(sample, system_prompt=True, disclaimer=True)
    assert safe.messages[0] == {
        "role": "system",
        "content": SAFETY_SYSTEM_PROMPT + "\n\nAnswer in English.",
    }
    assert [m["role"] for m in safe.messages] == ["system", "user", "assistant"]
    assert safe.messages[-1]["content"] == f"A raised body temperature.\n\n{DISCLAIMER}"
    assert apply_safety(safe, system_prompt=True, disclaimer=True).messages == safe.messages
    plain = apply_safety(sample, system_prompt=False, disclaimer=False)
    assert plain.messages == sample.messages


def test_split_is_seeded_and_stratified_by_source() -> None:
    config = parse_config({"sources": [_source("a", ratio=0.5), _source("b", ratio=0.5)]}, "cfg")
    samples = [_sample(i, f"q{i}", f"a{i}", "a") for i in range(100)]
    samples += [_sample(i, f"q{i}", f"a{i}", "b") for i in range(20)]
    parts = split(samples, config)
    assert {k: len(v) for k, v in parts.items()} == {"train": 96, "val": 12, "test": 12}
    assert sum(s.source == "b" for s in parts["val"]) == 2
    assert sum(s.source == "b" for s in parts["test"]) == 2
    ids = [s.id for part in parts.values() for s in part]
    assert len(set(ids)) == 120
    again = split(samples, config)
    assert [s.id for s in again["test"]] == [s.id for s in parts["test"]]
    other = split(samples, parse_config({**config.model_dump(), "seed": 7}, "cfg"))
    assert [s.id for s in other["test"]] != [s.id for s in parts["test"]]
    mixed, wanted = mix(samples, config)
    assert wanted == {"a": 20, "b": 20} and len(mixed) == 40
