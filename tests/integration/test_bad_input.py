"""Bad input: a clear message naming file, line and field; exit code 2; nothing marked complete."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from medeval.cli import main

GOOD = {
    "question": "Which nerve?",
    "options": {"A": "a", "B": "b", "C": "c", "D": "d"},
    "answer_idx": "B",
    "answer": "b",
    "meta_info": "step1",
}


def _exit(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["medeval", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    return int(exc.value.code or 0), capsys.readouterr().err


def _medqa_dir(tmp_path: Path, lines: list[str]) -> Path:
    folder = tmp_path / "data" / "medqa"
    folder.mkdir(parents=True)
    (folder / "US_4_options_test.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("second_line", "expected"),
    [
        ("{not json", r"line 2: malformed JSON"),
        (
            json.dumps({**GOOD, "answer_idx": "E"}),
            r"line 2, field 'answer_idx': unknown answer label 'E'",
        ),
        (
            json.dumps({**GOOD, "options": {"A": "a", "B": "b", "C": "c"}}),
            r"line 2, field 'options': missing option D",
        ),
        (
            json.dumps({k: v for k, v in GOOD.items() if k != "question"}),
            r"line 2, field 'question': missing field",
        ),
    ],
)
def test_malformed_medqa_line(
    second_line: str,
    expected: str,
    tiny_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _medqa_dir(tmp_path, [json.dumps(GOOD), second_line])
    out = tmp_path / "run"
    code, err = _exit(
        [
            "run",
            "--model",
            str(tiny_model),
            "--suites",
            "medqa",
            "--data-dir",
            str(data),
            "--out",
            str(out),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2
    assert "US_4_options_test.jsonl" in err
    import re

    assert re.search(expected, err), err
    assert "Traceback" not in err
    assert not (out / "results.json").exists()


def test_missing_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _exit(
        ["run", "--model", "smollm2-135m", "--suites", "pubmedqa", "--data-dir", str(tmp_path)],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "test_ground_truth.json" in err and "not found" in err


def test_unknown_suite_lists_valid_names(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _exit(
        ["run", "--model", "smollm2-135m", "--suites", "medqa,nosuch"], monkeypatch, capsys
    )
    assert code == 2
    assert "nosuch" in err and "medmcqa" in err and "mmlu_medical" in err and "pubmedqa" in err


def test_medmcqa_bad_cop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "medmcqa"
    folder.mkdir()
    record = {
        "id": "x1",
        "question": "q",
        "opa": "a",
        "opb": "b",
        "opc": "c",
        "opd": "d",
        "cop": 0,
        "subject_name": "Anatomy",
    }
    (folder / "dev.json").write_text(json.dumps(record) + "\n")
    code, err = _exit(
        ["run", "--model", "smollm2-135m", "--suites", "medmcqa", "--data-dir", str(tmp_path)],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "dev.json, line 1, field 'cop'" in err


def test_mmlu_csv_missing_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mmlu" / "test"
    folder.mkdir(parents=True)
    (folder / "anatomy_test.csv").write_text("q1,a,b,c,d,A\nq2,a,b,c,B\n")
    code, err = _exit(
        ["run", "--model", "smollm2-135m", "--suites", "mmlu_medical", "--data-dir", str(tmp_path)],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "anatomy_test.csv, line 2" in err and "expected 6 columns" in err


def test_not_a_model(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
) -> None:
    (tmp_path / "empty").mkdir()
    code, err = _exit(
        [
            "run",
            "--model",
            str(tmp_path / "empty"),
            "--suites",
            "medqa",
            "--data-dir",
            str(data_dir),
            "--limit",
            "1",
            "--out",
            str(tmp_path / "run"),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "is not a model" in err and "Traceback" not in err


def test_broken_model_fails_cleanly(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "llama"}')
    code, err = _exit(
        [
            "run",
            "--model",
            str(broken),
            "--suites",
            "medqa",
            "--data-dir",
            str(data_dir),
            "--limit",
            "1",
            "--out",
            str(tmp_path / "run"),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "failed to load" in err and "Traceback" not in err
