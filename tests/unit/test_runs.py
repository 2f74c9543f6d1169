"""Runs as data: `medeval.load_run` (DataFrames), `medeval results` (every format), and the
`medeval.gate` function surviving the import of the `medeval.gate` module."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import medeval
from cli_runs import medeval_main
from medeval.errors import DataError, UsageError
from medeval.runs import load_run, lower_is_better, neutralise_cell
from medeval.types import GateDecision
from synthetic_run import choice_suite, generation_suite, pattern, standard_run, write_run

HEAVY = ("torch", "transformers", "lm_eval", "inspect_ai")


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return standard_run(tmp_path / "run", with_redteam=True)


def results(run_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((run_dir / "results.json").read_text())
    return data


# ---------------------------------------------------------------- load_run


def test_metrics_frame_matches_results_json(run_dir: Path) -> None:
    run = medeval.load_run(run_dir)
    frame = run.metrics()
    assert list(frame.columns) == ["suite", "metric", "value", "ci_low", "ci_high", "n"]
    expected = [
        (suite, metric, v["value"], v["ci_low"], v["ci_high"], v["n"])
        for suite, result in results(run_dir)["suites"].items()
        for metric, v in result["metrics"].items()
    ]
    assert [tuple(row) for row in frame.itertuples(index=False)] == expected
    assert frame["n"].dtype.kind == "i"
    acc = frame.set_index(["suite", "metric"]).loc[("medqa", "acc"), "value"]
    assert acc == pytest.approx(0.6)


def test_run_attributes(run_dir: Path) -> None:
    run = load_run(run_dir / "results.json")  # the file itself is accepted too
    assert run.path == run_dir
    assert run.complete is True
    assert run.model.name == "tiny-medical" and run.model.fingerprint == "f" * 64
    assert run.settings["seed"] == 1234
    assert run.suites == ["medqa", "medmcqa", "pubmedqa", "mmlu_medical", "redteam"]
    assert run.finished == "2025-01-01T00:10:00Z"
    assert run.scorecard.suites["medqa"].n_items == 40
    assert "tiny-medical" in repr(run)


def test_breakdowns_frame(run_dir: Path) -> None:
    frame = load_run(run_dir).breakdowns()
    assert list(frame.columns) == ["suite", "breakdown", "group", "value", "ci_low", "ci_high", "n"]
    medqa = frame[frame["suite"] == "medqa"]
    assert set(medqa["group"]) == {"step1", "step2&3"}
    assert medqa["n"].sum() == 40


def test_samples_one_row_per_item(run_dir: Path) -> None:
    run = load_run(run_dir)
    frame = run.samples("medqa")
    lines = (run_dir / "samples" / "medqa.jsonl").read_text().splitlines()
    assert len(frame) == len(lines) == 40
    assert list(frame["item_id"]) == [json.loads(line)["item_id"] for line in lines]
    assert isinstance(frame["metadata"].iloc[0], dict)  # nested values stay objects
    assert frame["correct"].sum() == 24
    flat = run.samples("medqa", flatten=True)
    assert "metadata.meta_info" in flat.columns and "metadata" not in flat.columns
    assert len(flat) == 40


def test_samples_of_an_unknown_suite_is_a_usage_error(run_dir: Path) -> None:
    with pytest.raises(UsageError, match="no suite 'medqa_x'"):
        load_run(run_dir).samples("medqa_x")


def test_bad_run_is_a_data_error(tmp_path: Path, run_dir: Path) -> None:
    with pytest.raises(DataError, match="no results.json"):
        load_run(tmp_path / "nowhere")
    data = results(run_dir)
    del data["suites"]["medqa"]["metrics"]["acc"]["n"]
    (run_dir / "results.json").write_text(json.dumps(data))
    with pytest.raises(DataError, match=r"suites\.medqa\.metrics\.acc\.n"):
        load_run(run_dir)


def test_many_runs_one_table(tmp_path: Path) -> None:
    import pandas as pd

    paths = [standard_run(tmp_path / f"ckpt-{a}", accuracy=a) for a in (0.5, 0.7, 0.6)]
    table = pd.concat([load_run(p).metrics().assign(run=p.name) for p in paths])
    wide = table[table["metric"] == "acc"].pivot(index="run", columns="suite", values="value")
    assert wide["medqa"].idxmax() == "ckpt-0.7"


# ---------------------------------------------------------------- the gate function and module


def test_gate_function_survives_the_gate_module_import(run_dir: Path) -> None:
    import medeval.gate
    from medeval.gate import evaluate  # noqa: F401

    for _ in range(2):
        decision = medeval.gate(run_dir)
        assert isinstance(decision, GateDecision)
    from medeval import gate

    assert isinstance(gate(run_dir), GateDecision)
    assert callable(medeval.load_run) and callable(medeval.run)


def test_gate_function_in_a_fresh_interpreter(run_dir: Path) -> None:
    # Every order: the function first, then the module import, then the function again.
    script = textwrap.dedent(
        f"""
        import medeval
        from medeval.types import GateDecision
        assert isinstance(medeval.gate({str(run_dir)!r}), GateDecision)
        import medeval.gate
        from medeval.gate import check, evaluate
        assert isinstance(medeval.gate({str(run_dir)!r}), GateDecision)
        assert isinstance(medeval.gate({str(run_dir)!r}, None), GateDecision)
        import medeval.runs
        assert type(medeval.load_run({str(run_dir)!r})).__name__ == "Run"
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# ---------------------------------------------------------------- medeval results


def two_runs(tmp_path: Path) -> tuple[Path, Path]:
    """`good` is more accurate; `bad` has the lower (better) unsafe compliance."""
    safe = ["I can't help with that."] * 6
    good = write_run(
        tmp_path / "good",
        {
            "medqa": choice_suite("medqa", pattern(20, 0.8)),
            "redteam": generation_suite("redteam", safe, [False] * 4 + [True] * 2),
        },
        model_name="good-model",
    )
    bad = write_run(
        tmp_path / "bad",
        {
            "medqa": choice_suite("medqa", pattern(20, 0.5)),
            "redteam": generation_suite("redteam", safe, [False] * 6),
        },
        model_name="bad-model",
    )
    return good, bad


def test_results_text_marks_the_best(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = two_runs(tmp_path)
    code, out, _ = medeval_main(["results", str(good), str(bad)], monkeypatch, capsys)
    assert code == 0
    header, first, second, legend = out.splitlines()
    assert header.split()[:4] == ["run", "model", "complete", "medqa.acc"]
    assert "redteam.unsafe_compliance_rate" in header
    assert first.split()[3] == "0.8000*" and second.split()[3] == "0.5000"
    # lower is better: bad's 0.0000 unsafe compliance is the best of that column
    column = header.split().index("redteam.unsafe_compliance_rate")
    assert first.split()[column] == "0.3333" and second.split()[column] == "0.0000*"
    assert "lower is better for redteam.unsafe_compliance_rate" in legend


def test_results_markdown_bolds_the_best(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = two_runs(tmp_path)
    code, out, _ = medeval_main(
        ["results", str(good), str(bad), "--format", "markdown"], monkeypatch, capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("| run | model | complete | medqa.acc |")
    assert lines[1].startswith("| --- |")
    good_cells = [c.strip() for c in lines[2].strip("|").split("|")]
    bad_cells = [c.strip() for c in lines[3].strip("|").split("|")]
    assert good_cells[1] == "good-model" and good_cells[3] == "**0.8000**"
    assert bad_cells[3] == "0.5000"
    assert bad_cells[5] == "**0.0000**"  # redteam.unsafe_compliance_rate


def test_results_csv_has_intervals_and_neutralises_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, _ = two_runs(tmp_path)
    evil = write_run(
        tmp_path / "=cmd",
        {"medqa": choice_suite("medqa", pattern(10, 0.5))},
        model_name=' \t@SUM(1+1)*cmd|"/c calc"!A0',
    )
    code, out, _ = medeval_main(
        ["results", str(good), str(evil), "--format", "csv"], monkeypatch, capsys
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"medqa.acc", "medqa.acc_ci_low", "medqa.acc_ci_high", "medqa.acc_n"} <= set(rows[0])
    data = results(good)["suites"]["medqa"]["metrics"]["acc"]
    assert float(rows[0]["medqa.acc"]) == data["value"]
    assert float(rows[0]["medqa.acc_ci_low"]) == data["ci_low"]
    assert int(rows[0]["medqa.acc_n"]) == 20
    assert rows[0]["redteam.unsafe_compliance_rate"] != ""
    assert rows[1]["redteam.unsafe_compliance_rate"] == ""  # the run lacks that suite
    assert rows[1]["model"] == '\' \t@SUM(1+1)*cmd|"/c calc"!A0'
    assert rows[1]["run"] == str(evil)  # a path does not start with a formula character
    assert neutralise_cell("=cmd") == "'=cmd" and neutralise_cell("'-1") == "''-1"
    assert neutralise_cell("plain") == "plain" and neutralise_cell("a=b") == "a=b"


def test_csv_neutralisation_round_trips_through_the_panel_importer() -> None:
    """`medeval results` and the packets share one neutraliser (medeval.files); what it writes,
    the ratings importer reads back as typed."""
    from medeval.files import restore_cell

    for text in ("=1", " +1", "\u00a0-1", "@x", "'=x", "ok", "", "1-2", "\u3000=x"):
        assert restore_cell(neutralise_cell(text)) == text


def test_results_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = two_runs(tmp_path)
    code, out, _ = medeval_main(
        ["results", str(good), str(bad), "--format", "json"], monkeypatch, capsys
    )
    assert code == 0
    rows = json.loads(out)
    assert [row["model"] for row in rows] == ["good-model", "bad-model"]
    assert rows[0]["complete"] is True
    metric = results(bad)["suites"]["redteam"]["metrics"]["unsafe_compliance_rate"]
    assert rows[1]["redteam.unsafe_compliance_rate"] == metric["value"]
    assert rows[1]["redteam.unsafe_compliance_rate_ci_high"] == metric["ci_high"]
    assert rows[1]["redteam.unsafe_compliance_rate_n"] == 6


def test_results_bad_run_exits_2_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, _ = two_runs(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "results.json").write_text('{"suites": ')
    code, out, err = medeval_main(["results", str(good), str(broken)], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert str(broken / "results.json") in err and "not valid JSON" in err
    code, _, err = medeval_main(["results", str(tmp_path / "missing")], monkeypatch, capsys)
    assert code == 2 and "no results.json" in err


def test_one_run_marks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good, _ = two_runs(tmp_path)
    code, out, _ = medeval_main(["results", str(good)], monkeypatch, capsys)
    assert code == 0 and "*" not in out.splitlines()[1]


@pytest.mark.parametrize(
    ("suite", "metric", "lower"),
    [
        ("redteam", "unsafe_compliance_rate", True),
        ("redteam", "caution_failure_rate", True),
        ("redteam", "over_refusal_rate", True),
        ("redteam", "needs_review_rate", True),
        ("redteam", "disclaimer_rate", False),
        ("rubric", "harmful_count", True),
        ("rubric", "helpful_rate", False),
        ("latency", "ttft_p50_s", True),
        ("latency@raw", "response_p95_s", True),
        ("medqa", "acc", False),
        ("pubmedqa", "macro_f1", False),
    ],
)
def test_direction_of_each_metric(suite: str, metric: str, lower: bool) -> None:
    assert lower_is_better(suite, metric) is lower


def test_results_never_imports_heavy_libraries(tmp_path: Path) -> None:
    good, bad = two_runs(tmp_path)
    script = textwrap.dedent(
        f"""
        import json, sys
        from medeval.cli import main
        codes = []
        for fmt in ("text", "csv", "json", "markdown"):
            sys.argv = ["medeval", "results", {str(good)!r}, {str(bad)!r}, "--format", fmt]
            try:
                main()
                codes.append(0)
            except SystemExit as exc:
                codes.append(exc.code)
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r} + ("pandas",))
        print(json.dumps({{"codes": codes, "heavy": heavy}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["codes"] == [0, 0, 0, 0]
    assert result["heavy"] == []
