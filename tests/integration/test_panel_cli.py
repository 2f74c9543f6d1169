"""`medeval panel export / import` on runs that already hold answers (no model is loaded).

Covers blinding, every validation error of a ratings file (file, line, field; exit 2; nothing
imported), partly filled files, the aggregate against hand-computed values, the rubric suite in
results.json read by the gate, and the scorecard's rubric section.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from cli_runs import medeval_main
from medeval.gate import check
from panel_runs import redteam_answer_run, write_ratings

RATERS = ["r1", "r2", "r3"]
CRITERIA = ["accuracy", "safety", "clarity", "completeness"]


def _cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    return medeval_main(args, monkeypatch, capsys)


@pytest.fixture
def panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    runs = [
        redteam_answer_run(tmp_path / "run-alpha", "alpha-model", hostile=True),
        redteam_answer_run(tmp_path / "run-beta", "beta-model"),
    ]
    out = tmp_path / "panel"
    args = ["panel", "export", *map(str, runs), "--out", str(out), "--raters", ",".join(RATERS)]
    code, stdout, stderr = _cli([*args, "--n", "6", "--tasks", "redteam"], monkeypatch, capsys)
    assert code == 0, stderr
    key = json.loads((out / "key.json").read_text())
    return {"runs": runs, "out": out, "key": key, "stdout": stdout, "args": args}


def score(rater: str, item: str, key: dict[str, Any]) -> dict[str, Any]:
    """Deterministic ratings: run 0 (alpha) worse than run 1, raters offset a little."""
    run = key["items"][item]["run"]
    number = int(item[1:])
    base = 2 + 2 * run + (number % 2)  # alpha 2-3, beta 4-5
    offset = {"r1": 0, "r2": 0 if number % 3 else -1, "r3": 1 if number % 4 == 0 else 0}[rater]
    value = max(1, min(5, base + offset))
    return {
        **{c: value for c in CRITERIA},
        "helpful": "yes" if value >= 4 else "no",
        "comment": f"{rater} on {item}, with, comma",
    }


def test_export_blinds_and_orders_per_rater(panel: dict[str, Any]) -> None:
    key, out = panel["key"], panel["out"]
    assert len(key["items"]) == 12 and key["tasks"] == ["redteam"]
    assert {item["run"] for item in key["items"].values()} == {0, 1}
    pages = {r: (out / "packets" / f"{r}.html").read_text() for r in RATERS}
    for page in pages.values():
        assert "alpha-model" not in page and "beta-model" not in page and "run-alpha" not in page
        assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
        assert "Calibration example" in page and "Research and education only" in page
    public = json.loads((out / "panel.json").read_text())
    assert "alpha-model" not in json.dumps(public)
    orders = [key["orders"][r] for r in RATERS]
    assert all(sorted(o) == sorted(key["items"]) for o in orders)
    assert len({tuple(o) for o in orders}) == 3  # a different order per rater
    # Answers already in the runs are rated as they are; none is generated.
    assert all(item["origin"] == "run samples/redteam.jsonl" for item in key["items"].values())
    assert [r["generation"] for r in key["runs"]] == [None, None]


def test_export_refuses_to_overwrite_a_panel(
    panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli([*panel["args"], "--tasks", "redteam"], monkeypatch, capsys)
    assert code == 2 and "already holds a panel" in err


def test_import_aggregates_and_feeds_gate_and_scorecard(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key, out = panel["key"], panel["out"]
    files = [
        write_ratings(tmp_path / f"{r}.csv", out, r, lambda rater, item: score(rater, item, key))
        for r in RATERS
    ]
    code, stdout, stderr = _cli(
        ["panel", "import", str(out), *map(str, files)], monkeypatch, capsys
    )
    assert code == 0, stderr
    assert "imported 36 ratings" in stdout and "missing ratings" not in stdout
    assert "win rate alpha-model vs beta-model: 0.000" in stdout

    for index, run in enumerate(panel["runs"]):
        items = [i for i, item in key["items"].items() if item["run"] == index]
        medians = [statistics.median(score(r, i, key)["accuracy"] for r in RATERS) for i in items]
        results = json.loads((run / "results.json").read_text())
        rubric = results["suites"]["rubric"]
        assert rubric["n_items"] == rubric["n_requested"] == 6
        metrics = rubric["metrics"]
        assert metrics["accuracy_mean"]["value"] == pytest.approx(sum(medians) / 6)
        assert metrics["accuracy_mean"]["ci_low"] <= metrics["accuracy_mean"]["value"]
        assert metrics["accuracy_ge4_rate"]["value"] == pytest.approx(
            sum(m >= 4 for m in medians) / 6
        )
        helpful = [sum(score(r, i, key)["helpful"] == "yes" for r in RATERS) >= 2 for i in items]
        assert metrics["helpful_rate"]["value"] == pytest.approx(sum(helpful) / 6)
        harmful = sum(m <= 2 for m in medians)  # every criterion gets the same score here
        assert metrics["harmful_count"]["value"] == harmful
        assert len(rubric["extra"]["flagged"]) == harmful
        assert metrics["harmful_count"]["n"] == 6
        samples = [json.loads(x) for x in (run / "samples" / "rubric.jsonl").open()]
        assert sorted(s["metadata"]["panel_item"] for s in samples) == sorted(items)
        assert all(set(s["ratings"]) == set(RATERS) for s in samples)
        assert [row["model"] for row in rubric["extra"]["per_model"]] == [
            "alpha-model",
            "beta-model",
        ]

        decision = check(run)
        outcomes = {
            o.threshold.metric: o for o in decision.outcomes if o.threshold.suite == "rubric"
        }
        assert set(outcomes) == {"accuracy_mean", "helpful_rate", "harmful_count"}
        assert all("n=6 is below min_n=100" in o.reason for o in outcomes.values())
        page = (run / "scorecard.html").read_text()
        assert 'id="rubric-agreement"' in page and 'id="rubric-win-rates"' in page
        assert "Sure: &lt;script&gt;" in page or index == 1

    aggregate = json.loads((out / "aggregate.json").read_text())
    agreement = aggregate["agreement"]["accuracy"]
    assert 0.5 < agreement["krippendorff_alpha_ordinal"] <= 1
    assert agreement["icc_n_items"] == 12 and agreement["icc2k"] > 0.5
    assert len(agreement["weighted_kappa"]) == 3
    assert aggregate["win_rates"][0]["wins_b"] == 6

    # Importing again replaces the rubric suite and its records; nothing is duplicated.
    code, _, _ = _cli(["panel", "import", str(out), *map(str, files)], monkeypatch, capsys)
    assert code == 0
    assert len((panel["runs"][0] / "samples" / "rubric.jsonl").read_text().splitlines()) == 6


def test_partly_filled_file_imports_what_is_valid(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key, out = panel["key"], panel["out"]
    order = key["orders"]["r1"]

    def partial(rater: str, item: str) -> dict[str, Any]:
        values = score(rater, item, key)
        if item == order[0]:
            values["safety"] = ""
            values["helpful"] = ""
        return values

    files = [
        write_ratings(tmp_path / "r1.csv", out, "r1", partial, items=order[:-2]),
        write_ratings(tmp_path / "r2.csv", out, "r2", lambda r, i: score(r, i, key)),
    ]
    code, stdout, stderr = _cli(
        ["panel", "import", str(out), *map(str, files)], monkeypatch, capsys
    )
    assert code == 0, stderr
    assert "imported 22 ratings" in stdout
    r1_line = next(line for line in stdout.splitlines() if line.startswith("  r1: "))
    assert f"{order[0]}: safety, helpful" in r1_line
    assert f"{order[-2]}: not in the file" in r1_line and f"{order[-1]}: not in the file" in r1_line
    assert "r3: no ratings file (12 items)" in stdout
    results = json.loads((panel["runs"][0] / "results.json").read_text())
    rubric = results["suites"]["rubric"]
    assert rubric["n_requested"] == 6 and rubric["n_items"] == 6  # r2 rated everything
    assert check(panel["runs"][0]).passed is False


HEADER = "panel,rater,item,accuracy,safety,clarity,completeness,helpful,comment"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda rows, p, i: [HEADER.replace(",clarity", "")] + rows[1:],
            "line 1, field 'clarity': missing column",
        ),
        (
            lambda rows, p, i: [HEADER + ",mood"] + [r + ",x" for r in rows[1:]],
            "line 1, field 'mood': unknown column",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"0000,r1,{i},4,4,4,4,yes,"],
            "line 2, field 'panel': panel '0000' is not this panel",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r9,{i},4,4,4,4,yes,"],
            "line 2, field 'rater': unknown rater 'r9'",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r1,zz99,4,4,4,4,yes,"],
            "line 2, field 'item': unknown item 'zz99'",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r1,{i},4,6,4,4,yes,"],
            "line 2, field 'safety': score '6' is not a whole number from 1 to 5",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r1,{i},4,4,2.5,4,yes,"],
            "line 2, field 'clarity': score '2.5'",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r1,{i},four,4,4,4,yes,"],
            "line 2, field 'accuracy': score 'four'",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r1,{i},4,4,4,4,maybe,"],
            "line 2, field 'helpful': 'maybe' is not yes or no",
        ),
        (
            lambda rows, p, i: rows[:1] + [f"{p},r1,{i},4,4,4,4,yes,", f"{p},r1,{i},3,3,3,3,no,"],
            "line 3, field 'item': rater 'r1' rated item",
        ),
        (lambda rows, p, i: rows[:1] + [f"{p},r1,{i},4,4,4"], "line 2: 6 cells, the header has 9"),
        (lambda rows, p, i: [], "empty file"),
    ],
    ids=[
        "missing-column",
        "unknown-column",
        "panel-key",
        "rater",
        "item",
        "range",
        "fraction",
        "not-a-number",
        "helpful",
        "duplicate",
        "short-row",
        "empty",
    ],
)
def test_validation_errors(
    mutate: Any,
    expected: str,
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, key = panel["out"], panel["key"]
    item = key["orders"]["r1"][0]
    path = tmp_path / "bad.csv"
    rows = mutate([HEADER], key["panel_id"], item)
    path.write_text("".join(row + "\n" for row in rows))
    code, _, err = _cli(["panel", "import", str(out), str(path)], monkeypatch, capsys)
    assert code == 2
    assert f"{path}, {expected}" in err or (
        expected == "empty file" and f"{path}, line 1: empty" in err
    )
    assert "Traceback" not in err and "nothing was imported" in err
    assert "rubric" not in json.loads((panel["runs"][0] / "results.json").read_text())["suites"]
    assert not (out / "aggregate.json").exists()


def test_duplicate_across_files_and_all_problems_listed(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, key = panel["out"], panel["key"]
    first = write_ratings(tmp_path / "a.csv", out, "r1", lambda r, i: score(r, i, key))
    second = write_ratings(tmp_path / "b.csv", out, "r1", lambda r, i: score(r, i, key))
    code, _, err = _cli(
        ["panel", "import", str(out), str(first), str(second), str(tmp_path / "none.csv")],
        monkeypatch,
        capsys,
    )
    assert code == 2
    assert "13 problem(s)" in err and f"{tmp_path / 'none.csv'}: no such file" in err
    assert f"{second}, line 2, field 'item': rater 'r1' rated item" in err
    assert f"(first at {first}, line 2)" in err


def test_panel_files_are_checked(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = panel["out"]
    public = json.loads((out / "panel.json").read_text())
    public["panel_id"] = "ffff"
    (out / "panel.json").write_text(json.dumps(public))
    code, _, err = _cli(["panel", "import", str(out), str(tmp_path / "x.csv")], monkeypatch, capsys)
    assert code == 2 and "key.json, field 'panel_id': panel id" in err
    code, _, err = _cli(
        ["panel", "import", str(tmp_path), str(tmp_path / "x.csv")], monkeypatch, capsys
    )
    assert code == 2 and "panel.json: data file not found" in err


def test_export_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = redteam_answer_run(tmp_path / "run", "alpha-model")
    base = ["panel", "export", str(run), "--out", str(tmp_path / "p")]
    cases = [
        (["--raters", "r1,r1"], "names a rater twice"),
        (["--raters", "../x"], "rater id '../x'"),
        (["--raters", "r1", "--tasks", "poetry"], "task 'poetry' is not one rubric"),
        (["--raters", "r1", "--tasks", "redteam", "--n", "0"], "--n must be at least 1"),
        (["--raters", "r1", "--rubric", "nope"], "neither a built-in"),
        (
            ["--raters", "r1", "--rubric", "literature_summary", "--tasks", "redteam"],
            "not one rubric 'literature_summary' rates",
        ),
    ]
    for extra, expected in cases:
        code, _, err = _cli([*base, *extra], monkeypatch, capsys)
        assert code == 2 and expected in err, (extra, err)
    code, _, err = _cli(
        [
            "panel",
            "export",
            str(tmp_path / "absent"),
            "--out",
            str(tmp_path / "p"),
            "--raters",
            "r1",
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "no results.json here" in err


def test_export_generates_answers_with_the_runs_model(
    tiny_model: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medeval import run

    run_dir = tmp_path / "run"
    run(
        str(tiny_model),
        suites=["medqa"],
        limit=2,
        data_dir=data_dir,
        out=run_dir,
        render=False,
        progress=False,
    )
    out = tmp_path / "panel"
    args = [
        "panel",
        "export",
        str(run_dir),
        "--out",
        str(out),
        "--raters",
        "r1,r2",
        "--n",
        "5",
        "--max-new-tokens",
        "6",
        "--data-dir",
        str(data_dir),
    ]
    code, stdout, stderr = _cli(args, monkeypatch, capsys)
    assert code == 0, stderr
    key = json.loads((out / "key.json").read_text())
    assert key["tasks"] == [
        "concept_explanation",
        "patient_education",
        "pubmedqa_summary",
        "redteam",
    ]
    assert [i["task"] for i in key["items"].values()].count("patient_education") == 2
    generation = key["runs"][0]["generation"]
    assert generation == {
        "max_new_tokens": 6,
        "temperature": 0.0,
        "decoding": "greedy",
        "chat_template": True,
        "system_prompt": None,
        "guardrails": False,
    }
    assert all(item["origin"] == "generated" for item in key["items"].values())
    assert len({item["answer"] for item in key["items"].values()}) > 1  # answers vary
    pubmed = next(i for i in key["items"].values() if i["task"] == "pubmedqa_summary")
    assert pubmed["context"] and pubmed["context"] in pubmed["message"]

    # The same export again (forced) is served from the answer cache: identical answers.
    code, _, stderr = _cli([*args, "--force"], monkeypatch, capsys)
    assert code == 0, stderr
    again = json.loads((out / "key.json").read_text())
    assert sorted(i["answer"] for i in again["items"].values()) == sorted(
        i["answer"] for i in key["items"].values()
    )
    assert again["panel_id"] != key["panel_id"]

    # Rate it, then resume the run: the rubric suite stays in results.json.
    files = [
        write_ratings(tmp_path / f"{r}.csv", out, r, lambda rater, item: score(rater, item, again))
        for r in ("r1", "r2")
    ]
    assert _cli(["panel", "import", str(out), *map(str, files)], monkeypatch, capsys)[0] == 0
    rated = json.loads((run_dir / "results.json").read_text())["suites"]["rubric"]
    run(
        str(tiny_model),
        suites=["medqa"],
        limit=2,
        data_dir=data_dir,
        out=run_dir,
        render=False,
        progress=False,
    )
    assert json.loads((run_dir / "results.json").read_text())["suites"]["rubric"] == rated

    # A model whose files changed since the run is refused.
    results = json.loads((run_dir / "results.json").read_text())
    results["model"]["fingerprint"] = "0" * 64
    (run_dir / "results.json").write_text(json.dumps(results))
    code, _, err = _cli([*args, "--force"], monkeypatch, capsys)
    assert code == 2 and "its files changed" in err


def test_llm_judge_with_the_tiny_model(
    tiny_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The judge's plumbing for real (inspect-ai, medeval's provider, a loaded model); a random
    tiny model's verdicts are noise, so only their bookkeeping is checked."""
    run = redteam_answer_run(tmp_path / "run", "alpha-model")
    out = tmp_path / "panel"
    args = ["panel", "export", str(run), "--out", str(out), "--raters", "r1,r2"]
    assert _cli([*args, "--n", "3", "--tasks", "redteam"], monkeypatch, capsys)[0] == 0
    code, stdout, stderr = _cli(
        ["panel", "judge", str(out), "--model", str(tiny_model), "--max-new-tokens", "8"],
        monkeypatch,
        capsys,
    )
    assert code == 0, stderr
    judge = json.loads((out / "judge.json").read_text())
    assert judge["n_verdicts"] == 3 * 3  # three answers x three redteam criteria
    assert "judged 3 answers (9 verdicts" in stdout
    for item in judge["items"].values():
        assert 0.0 <= item["score"] <= 1.0 and len(item["verdicts"]) == 3
        assert all(isinstance(v["completion"], str) for v in item["verdicts"])
    assert list((out / "judge-logs").glob("*.eval")) or list((out / "judge-logs").glob("*.json"))

    key = json.loads((out / "key.json").read_text())
    files = [
        write_ratings(tmp_path / f"{r}.csv", out, r, lambda rater, item: score(rater, item, key))
        for r in ("r1", "r2")
    ]
    assert _cli(["panel", "import", str(out), *map(str, files)], monkeypatch, capsys)[0] == 0
    rubric = json.loads((run / "results.json").read_text())["suites"]["rubric"]
    judged = rubric["extra"]["judge"]
    assert judged["judge_model"] == str(tiny_model) and judged["n_items"] == 3
    assert judged["per_run"][0]["n"] == 3
    assert not any(key.startswith("judge") for key in rubric["metrics"])  # never a gate metric
    assert 'id="rubric-judge"' in (run / "scorecard.html").read_text()
