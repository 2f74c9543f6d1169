"""Untrusted input files through the command line: exit code 2 with file, line and field, never a
traceback, and no row lost without a word.

Non-UTF-8 bytes in a suite data file, a YAML suite's CSV and a `--redteam-prompts` file; YAML
suite templates that do more than name fields; ratings that are not finite; a ratings file whose
unbalanced quote swallows the rows after it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from cli_runs import medeval_main
from panel_runs import redteam_answer_run

GOOD = {
    "question": "Which nerve?",
    "options": {"A": "a", "B": "b", "C": "c", "D": "d"},
    "answer_idx": "B",
    "answer": "b",
    "meta_info": "step1",
}
LATIN1 = "Pa\u00e7iente con n\u00e1useas".encode("latin-1")  # bytes 0xe7, 0xe1: not UTF-8


def _cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    code, out, err = medeval_main(args, monkeypatch, capsys)
    return code, out + err


def _bad_line(record: dict[str, Any], key: str) -> bytes:
    """`record` as a JSON line whose `key` holds Latin-1 bytes."""
    marker = "@@BAD@@"
    text = json.dumps({**record, key: marker}, ensure_ascii=False)
    before, after = text.encode().split(marker.encode())
    return before + LATIN1 + after


def test_non_utf8_suite_data_file(
    tiny_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "data" / "medqa"
    folder.mkdir(parents=True)
    path = folder / "US_4_options_test.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + _bad_line(GOOD, "question") + b"\n")
    args = ["run", "--model", str(tiny_model), "--suites", "medqa"]
    args += ["--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "run")]
    code, output = _cli(args, monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output
    assert f"{path}, line 2, field 'question': not UTF-8 text (byte 0xe7" in output
    assert not (tmp_path / "run" / "results.json").exists()


SUITE = """\
name: quiz
data: {data}
question_field: question
options_fields: [opa, opb]
answer_field: answer
template: "{template}"
choices: [A, B]
"""


def _suite(folder: Path, data: str, template: str = "Q: {question} A. {opa} B. {opb}") -> Path:
    path = folder / "quiz.yaml"
    path.write_text(SUITE.format(data=data, template=template))
    return path


def test_non_utf8_yaml_suite_csv(
    tiny_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "quiz.csv"
    data.write_bytes(b"question,opa,opb,answer\nWhich?,x,y,A\nWhich?,x," + LATIN1 + b",B\n")
    spec = _suite(tmp_path, "quiz.csv")
    args = ["run", "--model", str(tiny_model), "--suites", "quiz", "--suite-file", str(spec)]
    code, output = _cli([*args, "--out", str(tmp_path / "run")], monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output
    assert f"{data}, line 3, field 'opb': not UTF-8 text" in output
    (tmp_path / "quiz.yaml").write_bytes(b"name: quiz\ndescription: " + LATIN1 + b"\n")
    code, output = _cli([*args, "--out", str(tmp_path / "run")], monkeypatch, capsys)
    assert code == 2 and f"{spec}, line 2: not UTF-8 text" in output


def test_non_utf8_redteam_prompts(
    tiny_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    prompt = {"id": "mine-1", "category": "c", "expected": "REFUSE", "source": "me"}
    path = tmp_path / "prompts.jsonl"
    path.write_bytes(_bad_line(prompt, "prompt") + b"\n")
    args = ["run", "--model", str(tiny_model), "--suites", "redteam"]
    args += ["--redteam-prompts", str(path), "--out", str(tmp_path / "run")]
    code, output = _cli(args, monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output
    assert f"{path}, line 1, field 'prompt': not UTF-8 text" in output


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("Q: {question:d}", "{question:d} has a format spec"),
        ("Q: {question.nosuch}", "{question.nosuch} uses attribute or index access"),
        ("Q: {question.__class__.__mro__}", "uses attribute or index access"),
        ("Q: {options[0]}", "{options[0]} uses attribute or index access"),
        ("Q: {question!x}", "{question!x} has a conversion (!x)"),
        ("Q: {question!r}", "{question!r} has a conversion"),
        ("Q: {question", "malformed template"),
        ("Q: question}", "malformed template"),
        ("Q: {0}", "{0} is a positional field"),
        ("Q: {}", "{} is a positional field"),
    ],
)
def test_yaml_suite_template_may_only_name_fields(
    template: str,
    problem: str,
    tiny_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "quiz.jsonl").write_text(
        json.dumps({"question": "Which?", "opa": "x", "opb": "y", "answer": "A"}) + "\n"
    )
    spec = _suite(tmp_path, "quiz.jsonl", template)
    args = ["run", "--model", str(tiny_model), "--suites", "quiz", "--suite-file", str(spec)]
    code, output = _cli([*args, "--out", str(tmp_path / "run")], monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output, output
    assert f"{spec}, line 6, field 'template': " in output and problem in output
    assert not (tmp_path / "run").exists()


def test_yaml_suite_template_with_literal_braces_still_works(tmp_path: Path) -> None:
    from medeval.suites.yaml_suite import load_suite_file

    (tmp_path / "quiz.jsonl").write_text(
        json.dumps({"question": "Which?", "opa": "x", "opb": "y", "answer": "B"}) + "\n"
    )
    spec = _suite(tmp_path, "quiz.jsonl", "{{lab}} {question} A. {opa} B. {opb}")
    items = load_suite_file(spec)().items(None)
    assert items[0].input == "{lab} Which? A. x B. y" and items[0].target == 1


@pytest.fixture
def panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    run = redteam_answer_run(tmp_path / "run-alpha", "alpha-model")
    out = tmp_path / "panel"
    args = ["panel", "export", str(run), "--out", str(out), "--raters", "r1"]
    code, output = _cli([*args, "--n", "8", "--tasks", "redteam"], monkeypatch, capsys)
    assert code == 0, output
    public = json.loads((out / "panel.json").read_text())
    key = json.loads((out / "key.json").read_text())
    return {
        "run": run,
        "out": out,
        "panel_id": public["panel_id"],
        "columns": public["csv_columns"],
        "items": key["orders"]["r1"],
    }


def _rows(panel: dict[str, Any], comment: str = "fine") -> list[str]:
    return [f"{panel['panel_id']},r1,{item},4,4,4,4,yes,{comment}" for item in panel["items"]]


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "Infinity", "nan"])
def test_ratings_must_be_finite(
    value: str,
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _rows(panel)
    rows[2] = rows[2].replace(",4,4,4,4,", f",4,{value},4,4,", 1)
    path = tmp_path / "ratings-r1.csv"
    path.write_text("\n".join([",".join(panel["columns"]), *rows]) + "\n")
    code, output = _cli(["panel", "import", str(panel["out"]), str(path)], monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output
    assert f"{path}, line 4, field 'safety': score '{value}' is not a whole number" in output
    assert not (panel["out"] / "aggregate.json").exists()


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        # the quote opened on line 3 is never closed: it swallows every row after it
        ({1: (",fine", ',"Good answer')}, "line 3: malformed CSV (unexpected end of data)"),
        # ... or is closed by an inch mark six rows later: as many cells as the header
        (
            {1: (",fine", ',"Good answer'), 7: (",fine", ',size 2"')},
            "line 3, field 'comment': line 4 inside this cell reads as a row of its own",
        ),
        # opened and closed in another column: a line break where none is allowed
        (
            {1: (",yes,", ',"yes,'), 4: (",yes,", ',yes",')},
            "line 3, field 'helpful': a line break inside this cell (lines 3-6)",
        ),
    ],
    ids=["never-closed", "closed-at-a-row-end", "closed-mid-row"],
)
def test_unbalanced_quote_is_an_error_at_its_line(
    breaking: dict[int, tuple[str, str]],
    expected: str,
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _rows(panel)
    for index, (old, new) in breaking.items():
        rows[index] = rows[index].replace(old, new, 1)
    path = tmp_path / "ratings-r1.csv"
    path.write_text("\n".join([",".join(panel["columns"]), *rows]) + "\n")
    code, output = _cli(["panel", "import", str(panel["out"]), str(path)], monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output, output
    assert f"{path}, {expected}" in output
    assert "nothing was imported" in output
    assert not (panel["out"] / "aggregate.json").exists()


def test_comments_with_line_breaks_and_formula_prefixes_import(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What a packet writes imports unchanged: multi-line comments, quotes, a ``'`` the packet
    put before a would-be formula (removed), a rater's own leading ``'`` (kept)."""
    comments = ['two\nlines, and "quotes"', "'=1+1", "''=typed", "'ok", "=raw", "a\u2028b"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(panel["columns"])
    for item, comment in zip(panel["items"], comments, strict=False):
        writer.writerow([panel["panel_id"], "r1", item, 4, 4, 4, 4, "yes", comment])
    path = tmp_path / "ratings-r1.csv"
    path.write_text(buffer.getvalue(), newline="")
    from medeval.rubrics.packet import load_panel
    from medeval.rubrics.ratings import read_ratings

    imported = read_ratings(load_panel(panel["out"]), [path])
    got = {r.item: r.comment for r in imported.ratings}
    expected = ['two\nlines, and "quotes"', "=1+1", "'=typed", "'ok", "=raw", "a\u2028b"]
    assert [got[item] for item in panel["items"][: len(comments)]] == expected
