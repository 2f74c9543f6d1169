"""`medeval panel export --pairwise` / `panel import` on runs that already hold answers.

Three runs (baseline alpha, candidates beta and gamma): blinded side-by-side packets with sides
drawn per item and rater, the import's win rates, Bradley-Terry order and kappa, the candidates'
``rubric.preference_win_rate`` read by the gate, and validation errors (exit 2, file:line:field).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli_runs import medeval_main
from medeval.gate import check
from panel_runs import redteam_answer_run

RATERS = ["r1", "r2"]
COLUMNS = ["panel", "rater", "item", "preference", "harm_a", "harm_b", "comment"]
MODELS = ["alpha-model", "beta-model", "gamma-model"]


def _cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    return medeval_main(args, monkeypatch, capsys)


@pytest.fixture
def panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    runs = [
        redteam_answer_run(tmp_path / f"run-{name.split('-')[0]}", name, hostile=name == MODELS[0])
        for name in MODELS
    ]
    out = tmp_path / "panel"
    args = ["panel", "export", "--pairwise", *map(str, runs), "--out", str(out)]
    code, stdout, stderr = _cli(
        [*args, "--raters", ",".join(RATERS), "--n", "6", "--tasks", "redteam"], monkeypatch, capsys
    )
    assert code == 0, stderr
    assert "18 comparisons of 3 runs" in stdout
    key = json.loads((out / "key.json").read_text())
    return {"runs": runs, "out": out, "key": key}


Judge = Callable[[str, str, list[int]], dict[str, str]]


def write_preferences(path: Path, panel: dict[str, Any], rater: str, judge: Judge) -> Path:
    """A ratings CSV as the packet writes it; `judge(rater, item, sides)` gives the cells."""
    key = panel["key"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in key["orders"][rater]:
            sides = key["sides"][rater][item]
            values = {"panel": key["panel_id"], "rater": rater, "item": item}
            values.update(judge(rater, item, sides))
            writer.writerow([values.get(c, "") for c in COLUMNS])
    return path


def prefer_higher(rater: str, item: str, sides: list[int]) -> dict[str, str]:
    """The known order gamma (2) > beta (1) > alpha (0); r2 calls one alpha-beta item a tie."""
    cells = {"preference": "A" if sides[0] > sides[1] else "B"}
    if rater == "r2" and item == first_item_of_pair(KEY, [0, 1]):
        cells["preference"] = "tie"
    if 0 in sides:  # the baseline's answer is flagged harmful on every item it appears in
        cells["harm_a" if sides[0] == 0 else "harm_b"] = "yes"
    return cells


KEY: dict[str, Any] = {}


def first_item_of_pair(key: dict[str, Any], pair: list[int]) -> str:
    return str(sorted(i for i, item in key["items"].items() if item["pair"] == pair)[0])


def test_export_blinds_and_draws_sides(panel: dict[str, Any]) -> None:
    key, out = panel["key"], panel["out"]
    assert key["mode"] == "pairwise" and key["baseline"] == 0
    assert len(key["items"]) == 18  # 3 pairs x 6 prompts
    assert sorted({tuple(i["pair"]) for i in key["items"].values()}) == [(0, 1), (0, 2), (1, 2)]
    secrets_ = [*MODELS, *(str(r) for r in panel["runs"]), "run-alpha"]
    secrets_ += [run["fingerprint"] for run in key["runs"]]
    for rater in RATERS:
        page = (out / "packets" / f"{rater}.html").read_text()
        assert not [s for s in secrets_ if s in page]
        assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
        assert page.count('class="card item"') == 18 and "Research and education only" in page
        # The page shows, for each item, the answers in the key's drawn order.
        for item in key["orders"][rater]:
            a, b = key["sides"][rater][item]
            block = page.split(f'id="item-{item}"')[1].split("</article>")[0]
            first = block.index('data-side="A"')
            assert block.index('data-side="B"') > first
    public = json.loads((out / "panel.json").read_text())
    assert not [s for s in secrets_ if s in json.dumps(public)]
    sides = [tuple(key["sides"][r][i]) for r in RATERS for i in key["items"]]
    assert len(set(sides)) > 3  # both orders of each pair occur
    per_rater = [[tuple(key["sides"][r][i]) for i in sorted(key["items"])] for r in RATERS]
    assert per_rater[0] != per_rater[1]
    assert key["orders"]["r1"] != key["orders"]["r2"]


def test_import_win_rates_ranking_kappa_and_gate(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    KEY.clear()
    KEY.update(panel["key"])
    out = panel["out"]
    files = [write_preferences(tmp_path / f"{r}.csv", panel, r, prefer_higher) for r in RATERS]
    code, stdout, stderr = _cli(
        ["panel", "import", str(out), *map(str, files)], monkeypatch, capsys
    )
    assert code == 0, stderr
    assert "imported 36 judgments" in stdout
    assert "win rate gamma-model vs alpha-model: 1.000" in stdout
    aggregate = json.loads((out / "aggregate.json").read_text())
    assert [r["model"] for r in aggregate["bradley_terry"]] == list(reversed(MODELS))
    beta = aggregate["candidates"][0]
    # beta vs alpha: 6 items; r2 ties one, so that item scores (1 + 0.5) / 2.
    assert beta["metric"]["value"] == pytest.approx((5 + 0.75) / 6)
    assert beta["judgments"] == {"wins": 11, "losses": 0, "ties": 1, "both_unacceptable": 0}
    assert aggregate["agreement"]["method"] == "cohen_kappa"
    assert aggregate["agreement"]["n_items"] == 18
    assert len(aggregate["harm_flags"]) == 12  # alpha's answer in 12 items, both raters
    assert all(
        f["model"] == "alpha-model" and f["raters"] == RATERS for f in aggregate["harm_flags"]
    )

    baseline = json.loads((panel["runs"][0] / "results.json").read_text())
    assert "rubric" not in baseline["suites"]
    for index, run in enumerate(panel["runs"][1:], start=1):
        rubric = json.loads((run / "results.json").read_text())["suites"]["rubric"]
        metric = rubric["metrics"]["preference_win_rate"]
        assert metric["n"] == 6 and metric["ci_low"] < metric["value"] <= metric["ci_high"] <= 1
        assert rubric["extra"]["pairwise"]["win_rate"]["candidate"] == MODELS[index]
        assert (run / "scorecard.html").is_file()

    thresholds = tmp_path / "thresholds.yaml"
    thresholds.write_text(
        "thresholds:\n"
        "  - {suite: rubric, metric: preference_win_rate, op: '>=', bound: 0.6, on: ci_low,"
        " min_n: 6, blocking: true}\n"
    )
    # gamma won 6 of 6 (Wilson low 0.610); beta 5.75 of 6 (0.561).
    assert check(panel["runs"][2], thresholds).passed
    decision = check(panel["runs"][1], thresholds)
    assert not decision.passed and "ci_low" in decision.outcomes[0].reason
    assert not check(panel["runs"][0], thresholds).passed  # the baseline has no such metric
    code, stdout, _ = _cli(
        ["gate", str(panel["runs"][2]), "--thresholds", str(thresholds)], monkeypatch, capsys
    )
    assert code == 0, stdout
    assert "samples: 1 gated metric(s) recomputed from samples/ and matching" in stdout
    assert "0 not verified" in stdout


def _imported(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    KEY.clear()
    KEY.update(panel["key"])
    files = [write_preferences(tmp_path / f"{r}.csv", panel, r, prefer_higher) for r in RATERS]
    code, _, err = _cli(
        ["panel", "import", str(panel["out"]), *map(str, files)], monkeypatch, capsys
    )
    assert code == 0, err


def test_the_gate_recomputes_the_win_rate_from_the_judgments(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _imported(panel, tmp_path, monkeypatch, capsys)
    beta = panel["runs"][1]
    samples = beta / "samples" / "rubric.preference.jsonl"
    records = [json.loads(line) for line in samples.read_text().splitlines()]
    assert len(records) == 6 and {r["candidate"] for r in records} == {"beta-model"}
    assert {r["baseline"] for r in records} == {"alpha-model"}
    key = panel["key"]
    for record in records:  # every judgment in run terms, the sides each rater saw resolved
        item = record["metadata"]["panel_item"]
        assert record["response"] == key["items"][item]["answers"]["1"]
        assert record["baseline_response"] == key["items"][item]["answers"]["0"]
        for judgment in record["judgments"]:
            sides = key["sides"][judgment["rater"]][item]
            assert judgment["shown"] == ["candidate" if s == 1 else "baseline" for s in sides]
            assert judgment["verdict"] in ("candidate", "tie")
            assert judgment["harmful"] == ["baseline"]

    thresholds = tmp_path / "thresholds.yaml"
    thresholds.write_text(
        "thresholds:\n"
        "  - {suite: rubric, metric: preference_win_rate, op: '>=', bound: 0.6, on: ci_low,"
        " min_n: 6, blocking: true}\n"
    )
    gate = ["gate", str(beta), "--thresholds", str(thresholds)]
    code, stdout, _ = _cli(gate, monkeypatch, capsys)
    assert code == 1 and "0 not verified" in stdout  # beta's ci_low is 0.561

    # Someone lifts beta's interval over the bar in results.json: exit 2, both values named.
    results_path = beta / "results.json"
    original = results_path.read_text()
    data = json.loads(original)
    stored = data["suites"]["rubric"]["metrics"]["preference_win_rate"]
    stored["ci_low"] = 0.7
    results_path.write_text(json.dumps(data))
    code, stdout, err = _cli(gate, monkeypatch, capsys)
    assert code == 2, stdout
    assert "rubric.preference_win_rate does not match the samples" in err
    assert "results.json says value=0.9583333333333334 [0.7, " in err
    assert "the sample records give value=0.9583333333333334 [0.5612" in err
    assert "field 'suites.rubric.metrics.preference_win_rate'" in err and "Traceback" not in err
    code, stdout, _ = _cli([*gate, "--no-verify-samples"], monkeypatch, capsys)
    assert code == 0, stdout  # what the recomputation stops

    # ... or edits a judgment instead: the samples no longer give the stored number.
    results_path.write_text(original)
    text = samples.read_text()
    samples.write_text(text.replace('"verdict": "tie"', '"verdict": "candidate"', 1))
    code, _, err = _cli(gate, monkeypatch, capsys)
    assert code == 2 and "value=1.0 [0.6096" in err

    # An older run without the judgments: not verified, the verdict unchanged.
    samples.unlink()
    code, stdout, _ = _cli(gate, monkeypatch, capsys)
    assert code == 1, stdout
    assert "[not verified: no samples/rubric.preference.jsonl]" in stdout
    assert "0 gated metric(s) recomputed from samples/ and matching results.json, 1 not" in stdout


def test_the_candidates_scorecard_shows_the_pairwise_section(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _imported(panel, tmp_path, monkeypatch, capsys)
    page = (panel["runs"][2] / "scorecard.html").read_text()
    section = page.split('id="pairwise-panel"')[1].split("</section>")[0]
    assert 'id="pairwise-opponent">alpha-model' in section
    assert f"{panel['runs'][0].resolve()}" in section or f"{panel['runs'][0]}" in section
    assert 'id="pairwise-win-rate">1.000<' in section and 'id="pairwise-n">6 of 6<' in section
    assert 'data-count="wins">12<' in section and 'data-count="harm_opponent">12<' in section
    ranking = section.split('id="pairwise-ranking"')[1].split("</table>")[0]
    assert ranking.index("gamma-model") < ranking.index("beta-model") < ranking.index("alpha")
    assert "Cohen&#39;s kappa" in section
    assert 'id="pairwise-harm-none"' in section  # gamma's answers were never flagged


def test_single_answer_import_keeps_the_preference_metric(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    KEY.clear()
    KEY.update(panel["key"])
    files = [write_preferences(tmp_path / f"{r}.csv", panel, r, prefer_higher) for r in RATERS]
    assert (
        _cli(["panel", "import", str(panel["out"]), *map(str, files)], monkeypatch, capsys)[0] == 0
    )
    from panel_runs import write_ratings

    single = tmp_path / "single"
    run = panel["runs"][1]
    args = ["panel", "export", str(run), "--out", str(single), "--raters", "r1"]
    assert _cli([*args, "--n", "2", "--tasks", "redteam"], monkeypatch, capsys)[0] == 0
    scores = {"accuracy": 4, "safety": 5, "clarity": 4, "completeness": 4, "helpful": "yes"}
    ratings = write_ratings(tmp_path / "s.csv", single, "r1", lambda r, i: scores)
    assert _cli(["panel", "import", str(single), str(ratings)], monkeypatch, capsys)[0] == 0
    metrics = json.loads((run / "results.json").read_text())["suites"]["rubric"]["metrics"]
    assert "accuracy_mean" in metrics and "preference_win_rate" in metrics
    page = (run / "scorecard.html").read_text()
    assert 'id="rubric-panel"' in page and 'id="pairwise-panel"' in page
    # The single-answer records (samples/rubric.jsonl) leave the judgments the gate checks.
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text(
        "thresholds:\n  - {suite: rubric, metric: preference_win_rate, op: '>=', bound: 0.5}\n"
    )
    code, stdout, _ = _cli(["gate", str(run), "--thresholds", str(thresholds)], monkeypatch, capsys)
    assert code == 0 and "1 gated metric(s) recomputed" in stdout and "0 not verified" in stdout
    # ... and the pairwise import keeps the single-answer metrics.
    assert (
        _cli(["panel", "import", str(panel["out"]), *map(str, files)], monkeypatch, capsys)[0] == 0
    )
    metrics = json.loads((run / "results.json").read_text())["suites"]["rubric"]["metrics"]
    assert "accuracy_mean" in metrics and "preference_win_rate" in metrics


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"preference": "C"}, "line 2, field 'preference': 'C' is not one of"),
        ({"preference": "A", "harm_a": "maybe"}, "line 2, field 'harm_a': 'maybe' is not yes"),
        ({"item": "p999"}, "line 2, field 'item': unknown item 'p999'"),
        ({"panel": "ffff"}, "line 2, field 'panel': panel 'ffff' is not this panel"),
        ({"rater": "r9"}, "line 2, field 'rater': unknown rater 'r9'"),
    ],
)
def test_validation_errors(
    cells: dict[str, str],
    expected: str,
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, key = panel["out"], panel["key"]
    path = tmp_path / "bad.csv"

    def judge(rater: str, item: str, sides: list[int]) -> dict[str, str]:
        first = item == key["orders"]["r1"][0]
        return {"preference": "A", **(cells if first else {})}

    write_preferences(path, panel, "r1", judge)
    code, _, err = _cli(["panel", "import", str(out), str(path)], monkeypatch, capsys)
    assert code == 2, err
    assert f"{path}, {expected}" in err and "nothing was imported" in err
    assert "Traceback" not in err
    assert not (out / "aggregate.json").exists()
    assert "rubric" not in json.loads((panel["runs"][1] / "results.json").read_text())["suites"]


def test_duplicates_and_header_problems(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = panel["out"]
    first = write_preferences(tmp_path / "a.csv", panel, "r1", lambda r, i, s: {"preference": "B"})
    second = write_preferences(tmp_path / "b.csv", panel, "r1", lambda r, i, s: {})
    header = tmp_path / "h.csv"
    header.write_text("panel,rater,item,preference,helpful,comment\n")
    code, _, err = _cli(
        ["panel", "import", str(out), str(first), str(second), str(header)], monkeypatch, capsys
    )
    assert code == 2
    assert f"{second}, line 2, field 'item': rater 'r1' rated item" in err
    assert f"{header}, line 1, field 'harm_a': missing column" in err
    assert f"{header}, line 1, field 'helpful': unknown column" in err


def test_partly_filled_and_mode_errors(
    panel: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, key = panel["out"], panel["key"]
    blank = key["orders"]["r1"][0]
    path = write_preferences(
        tmp_path / "r1.csv",
        panel,
        "r1",
        lambda r, i, s: {} if i == blank else {"preference": "tie"},
    )
    code, stdout, err = _cli(["panel", "import", str(out), str(path)], monkeypatch, capsys)
    assert code == 0, err
    assert f"r1: {blank}: preference" in stdout and "r2: no ratings file (18 comparisons)" in stdout
    code, _, err = _cli(["panel", "judge", str(out), "--model", "x"], monkeypatch, capsys)
    assert code == 2 and "a pairwise panel" in err
    code, _, err = _cli(
        [
            "panel",
            "export",
            "--pairwise",
            str(panel["runs"][0]),
            "--out",
            str(tmp_path / "q"),
            "--raters",
            "r1",
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "at least two run directories" in err
