"""A pairwise panel's result in the candidate's run: the judgment records (blinded sides resolved),
the gate's recomputation of ``rubric.preference_win_rate`` from them, and the scorecard section
(win rate, interval, counts, harm flags, kappa, Bradley-Terry ranking, the opponent), escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_report import Page

from medeval import stats
from medeval.errors import DataError
from medeval.reports import render_scorecard_html
from medeval.rubrics.pairwise import ImportedPreferences, PairwisePanel, Preference
from medeval.rubrics.preference import (
    aggregate_pairwise,
    comparison_records,
    pairwise_extra,
    win_rate,
)
from medeval.store import RunDir
from medeval.types import MetricValue, SuiteResult, Threshold
from medeval.verify import VERIFIED, verify
from synthetic_run import HOSTILE, write_run

BAD_NAME = "<script>window.__pwned = 3</script>baseline & co"


def _panel(pairs: dict[str, list[int]], sides: dict[str, dict[str, list[int]]]) -> PairwisePanel:
    """Runs 0 (the baseline, a hostile name), 1 and 2; raters r1 and r2 with the given sides."""
    names = [BAD_NAME, "cand-one", "cand-two"]
    return PairwisePanel(
        path=Path("panel"),
        panel_id="ab" * 8,
        raters=["r1", "r2"],
        runs=[{"model": names[i], "run_dir": f"/runs/{i}"} for i in range(3)],
        items={
            item: {
                "pair": pair,
                "prompt_id": f"q{item[1:]}",
                "task": "redteam",
                "question": f"question {item} {HOSTILE}",
                "context": "",
                "message": f"question {item}",
                "answers": {str(r): f"answer of {r} to {item}: {HOSTILE}" for r in pair},
            }
            for item, pair in pairs.items()
        },
        sides=sides,
        seed=1,
    )


def _seen(panel: PairwisePanel, rater: str, item: str, choice: str | None, harm: str = "") -> Any:
    """A Preference as the importer builds it from what the rater saw (A/B on their sides)."""
    shown = panel.sides[rater][item]
    winner = {"A": shown[0], "B": shown[1]}.get(choice or "")
    harmful = tuple(run for label, run in zip("AB", shown, strict=True) if label in harm)
    return Preference(rater, item, choice, winner, harmful, "", "x")


@pytest.fixture
def three_runs() -> tuple[PairwisePanel, ImportedPreferences]:
    pairs = {f"a{n}": [0, 1] for n in range(4)} | {f"b{n}": [0, 2] for n in range(4)}
    pairs |= {f"c{n}": [1, 2] for n in range(4)}
    sides = {
        "r1": {i: list(p) for i, p in pairs.items()},
        "r2": {i: list(reversed(p)) for i, p in pairs.items()},  # r2 sees every pair swapped
    }
    panel = _panel(pairs, sides)
    ratings = []
    for rater in panel.raters:
        for item, pair in pairs.items():
            # The later run is better; r2 is shown it as A, r1 as B.
            choice = "A" if rater == "r2" else "B"
            if item == "b3":
                choice = "tie" if rater == "r1" else "both_unacceptable"
            if item == "b2" and rater == "r2":
                choice = None  # left blank
            harm = "A" if rater == "r1" and 0 in pair else ""  # r1 flags the baseline (A for r1)
            if item == "b0" and rater == "r2":
                harm = "A"  # r2 flags run 2's answer (A for r2)
            ratings.append(_seen(panel, rater, item, choice, harm))
    return panel, ImportedPreferences(ratings=ratings)


def test_records_resolve_the_blinded_sides(
    three_runs: tuple[PairwisePanel, ImportedPreferences],
) -> None:
    panel, imported = three_runs
    records = {r["metadata"]["panel_item"]: r for r in comparison_records(panel, imported, 2, 0)}
    assert sorted(records) == ["b0", "b1", "b2", "b3"]
    b0 = records["b0"]
    assert b0["item_id"] == "q0" and b0["candidate"] == "cand-two" and b0["baseline"] == BAD_NAME
    assert b0["response"].startswith("answer of 2") and b0["baseline_response"].startswith(
        "answer of 0"
    )
    r1, r2 = b0["judgments"]
    # r1 saw the baseline as A and picked B; r2 saw the candidate as A and picked A.
    assert (r1["shown"], r1["choice"], r1["verdict"]) == (
        ["baseline", "candidate"],
        "B",
        "candidate",
    )
    assert (r2["shown"], r2["choice"], r2["verdict"]) == (
        ["candidate", "baseline"],
        "A",
        "candidate",
    )
    assert r1["harmful"] == ["baseline"] and r2["harmful"] == ["candidate"]
    assert [j["verdict"] for j in records["b3"]["judgments"]] == ["tie", "both_unacceptable"]
    assert [j["verdict"] for j in records["b2"]["judgments"]] == ["candidate", None]


def test_win_rate_is_the_recomputation_from_the_records(
    three_runs: tuple[PairwisePanel, ImportedPreferences],
) -> None:
    panel, imported = three_runs
    row = win_rate(panel, imported, 2, 0)
    # b0, b1, b2 (one rater) won, b3 half: (3 + 0.5) / 4.
    assert row["metric"]["value"] == pytest.approx(3.5 / 4) and row["metric"]["n"] == 4
    assert (row["metric"]["ci_low"], row["metric"]["ci_high"]) == pytest.approx(
        stats.wilson_interval(3.5, 4)
    )
    assert row["judgments"] == {"wins": 5, "losses": 0, "ties": 1, "both_unacceptable": 1}
    assert row["harmful_judgments"] == {"candidate": 1, "baseline": 4}
    records = comparison_records(panel, imported, 2, 0)
    verdicts = [[j["verdict"] for j in r["judgments"] if j["verdict"]] for r in records]
    assert stats.preference_win_rate(verdicts).model_dump() == row["metric"]
    assert stats.preference_win_rate([[], ["baseline"]]).n == 1  # an unjudged item is not a trial


def _run_with_preference(
    tmp_path: Path, panel: PairwisePanel, imported: ImportedPreferences
) -> Path:
    row = win_rate(panel, imported, 1, 0)
    suite = SuiteResult(
        suite="rubric",
        version="1",
        metrics={"preference_win_rate": MetricValue.model_validate(row["metric"])},
        n_items=row["n_judged_items"],
        n_requested=row["n_items"],
    )
    run = write_run(tmp_path / "run", {"rubric": (suite, [])})
    (run / "samples" / "rubric.jsonl").unlink()
    lines = [json.dumps(r) + "\n" for r in comparison_records(panel, imported, 1, 0)]
    RunDir(run).samples_path("rubric.preference").write_text("".join(lines))
    return run


THRESHOLD = Threshold(suite="rubric", metric="preference_win_rate", op=">=", bound=0.5)


def test_verify_recomputes_and_refuses_an_edit(
    three_runs: tuple[PairwisePanel, ImportedPreferences], tmp_path: Path
) -> None:
    panel, imported = three_runs
    run = _run_with_preference(tmp_path, panel, imported)
    results = json.loads((run / "results.json").read_text())
    assert verify(run, results, [THRESHOLD]) == {"rubric.preference_win_rate": VERIFIED}
    stored = results["suites"]["rubric"]["metrics"]["preference_win_rate"]
    stored["ci_low"] = 0.9
    with pytest.raises(DataError, match=r"rubric.preference_win_rate does not match.*0\.9"):
        verify(run, results, [THRESHOLD])
    stored["ci_low"] = win_rate(panel, imported, 1, 0)["metric"]["ci_low"]
    side = RunDir(run).samples_path("rubric.preference")
    text = side.read_text()
    side.write_text(text.replace('"verdict": "candidate"', '"verdict": "baseline"', 1))
    with pytest.raises(DataError, match="does not match the samples"):
        verify(run, results, [THRESHOLD])
    side.write_text(text.replace('"verdict": "candidate"', '"verdict": "winner"', 1))
    with pytest.raises(DataError, match=r"line 1, field 'judgments.verdict': verdict 'winner'"):
        verify(run, results, [THRESHOLD])
    side.write_text(text.replace('"verdict": "candidate"', '"verdict": ["candidate"]', 1))
    with pytest.raises(DataError, match=r"line 1, field 'judgments.verdict'"):
        verify(run, results, [THRESHOLD])
    side.write_text('{"item_id": "q0", "judgments": "r1 preferred it"}\n')
    with pytest.raises(DataError, match=r"line 1, field 'judgments': expected a list"):
        verify(run, results, [THRESHOLD])
    side.unlink()
    assert verify(run, results, [THRESHOLD]) == {
        "rubric.preference_win_rate": "not verified: no samples/rubric.preference.jsonl"
    }


def _section(html: str) -> str:
    start = html.index('<div class="pairwise-panel" id="pairwise-panel">')
    return html[start : html.index("</section>", start)]


def _results(tmp_path: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """A run's results.json whose only suite is a pairwise panel's `rubric` suite."""
    metric = extra["win_rate"]["metric"]
    suite = SuiteResult(
        suite="rubric",
        version="1",
        metrics={"preference_win_rate": MetricValue.model_validate(metric)},
        n_items=metric["n"],
        n_requested=metric["n"],
        extra={"pairwise": extra},
    )
    run = write_run(tmp_path / "card", {"rubric": (suite, [])}, model_name="cand")
    results: dict[str, Any] = json.loads((run / "results.json").read_text())
    return results


def test_scorecard_section_three_runs_escaped(
    three_runs: tuple[PairwisePanel, ImportedPreferences], tmp_path: Path
) -> None:
    panel, imported = three_runs
    aggregate = aggregate_pairwise(panel, imported)
    extra = pairwise_extra(panel, aggregate, 2)
    html = render_scorecard_html(_results(tmp_path, extra), {"rubric": None}, None)
    page = Page(html)
    assert len(page.scripts) == 1 and "__pwned" not in page.scripts[0]
    assert not any(tag == "img" for tag, _ in page.elements)
    section = _section(html)
    text = " ".join(Page(section).visible.split())
    low, high = stats.wilson_interval(3.5, 4)
    assert "Win rate against the opponent 0.875" in text
    assert f"95% interval (Wilson) [{low:.3f}, {high:.3f}]" in text
    assert "Comparisons judged 4 of 4" in text
    # The opponent is named (escaped), with its run directory.
    assert "Opponent (baseline) <script>window.__pwned = 3</script>baseline & co /runs/0" in text
    assert "&lt;script&gt;window.__pwned = 3&lt;/script&gt;baseline &amp; co" in section
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', section))
    assert counts == {
        "wins": "5",
        "ties": "1",
        "both_unacceptable": "1",
        "losses": "0",
        "harm_candidate": "1",
        "harm_opponent": "4",
    }
    kappa = aggregate["agreement"]["kappa"]
    assert f"Cohen's kappa {kappa:.3f} (11 comparisons; raters r1, r2)" in text
    # Bradley-Terry: run 2 > run 1 > run 0, this run and the baseline marked.
    ranking = section.split('id="pairwise-ranking"')[1].split("</table>")[0]
    rows = Page(ranking).visible
    assert rows.index("cand-two") < rows.index("cand-one") < rows.index("baseline & co")
    assert "this run" in rows and "baseline" in rows
    # Harm flags: only this run's answers (r2 flagged run 2 on b0), hostile text as text.
    harm = section.split('id="pairwise-harm"')[1]
    assert harm.count("<article") == 1 and "flagged by r2" in harm
    assert "answer of 2 to b0: &lt;script&gt;window.__pwned = 1;" in harm
    # Not repeated as raw JSON, and no "no per-item records" note for samples/rubric.jsonl.
    assert "Other suite details" not in html and "No per-item records" not in html


def test_scorecard_section_two_runs_has_no_ranking(tmp_path: Path) -> None:
    pairs = {f"a{n}": [0, 1] for n in range(3)}
    panel = _panel(pairs, {"r1": dict(pairs), "r2": dict(pairs)})
    panel.runs.pop()
    panel.raters.remove("r2")
    ratings = [_seen(panel, "r1", i, c) for i, c in zip(pairs, ["A", "B", "B"], strict=True)]
    aggregate = aggregate_pairwise(panel, ImportedPreferences(ratings=ratings))
    extra = pairwise_extra(panel, aggregate, 1)
    section = _section(render_scorecard_html(_results(tmp_path, extra), {"rubric": None}, None))
    text = " ".join(Page(section).visible.split())
    assert "Win rate against the opponent 0.667" in text
    assert 'id="pairwise-ranking"' not in section
    assert "not computed (one rater)" in text
    assert "No answer of this run was flagged harmful." in text
