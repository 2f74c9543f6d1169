"""Pairwise panel arithmetic: Bradley-Terry, win rate with ties, Cohen's and Fleiss' kappa."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from medeval.rubrics.agreement import cohen_kappa, fleiss_kappa
from medeval.rubrics.pairwise import (
    ImportedPreferences,
    PairwisePanel,
    Preference,
    draw_sides,
)
from medeval.rubrics.preference import (
    aggregate_pairwise,
    agreement,
    bradley_terry,
    ranking,
    win_rate,
)
from medeval.stats import wilson_interval


def test_bradley_terry_two_runs_is_the_closed_form() -> None:
    # 0 beats 1 three times of four; with the virtual tie: 3.5 wins of 5 -> p0 / (p0 + p1) = 0.7.
    strengths = bradley_terry(2, [(0, 1, 1.0)] * 3 + [(0, 1, 0.0)])
    assert strengths[0] / (strengths[0] + strengths[1]) == pytest.approx(0.7, abs=1e-8)
    assert math.prod(strengths) == pytest.approx(1.0)


def test_bradley_terry_three_runs_known_order_and_likelihood() -> None:
    # Hand-made: C (2) beats B (1) 4-1, B beats A (0) 4-1, C beats A 5-0, one tie B-C.
    games = (
        [(2, 1, 1.0)] * 4
        + [(2, 1, 0.0)]
        + [(1, 0, 1.0)] * 4
        + [(1, 0, 0.0)]
        + [(2, 0, 1.0)] * 5
        + [(1, 2, 0.5)]
    )
    p = bradley_terry(3, games)
    assert p[2] > p[1] > p[0]
    # The MM fixed point: each run's expected wins equal its observed (virtual ties included).
    wins = [0.0, 0.0, 0.0]
    expected = [0.0, 0.0, 0.0]
    for i, j, s in [*games, (0, 1, 0.5), (0, 2, 0.5), (1, 2, 0.5)]:
        wins[i] += s
        wins[j] += 1 - s
        expected[i] += p[i] / (p[i] + p[j])
        expected[j] += p[j] / (p[i] + p[j])
    assert expected == pytest.approx(wins, abs=1e-6)


def test_fleiss_kappa_matches_fleiss_1971_worked_example() -> None:
    # Wikipedia's worked example (10 subjects, 14 raters, 5 categories): kappa = 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    labels = ["1", "2", "3", "4", "5"]
    units = [[labels[j] for j, count in enumerate(row) for _ in range(count)] for row in table]
    assert fleiss_kappa(units, labels) == pytest.approx(0.20993, abs=1e-4)
    assert math.isnan(fleiss_kappa([["a", "a"], ["a", "a"]], ["a", "b"]))
    assert math.isnan(fleiss_kappa([], labels))


def test_cohen_kappa_hand_computed() -> None:
    first = ["first", "first", "second", "tie"]
    second = ["first", "second", "second", "tie"]
    # p_o = 3/4; p_e = (2*1 + 1*2 + 1*1) / 16 = 5/16 -> kappa = (12/16 - 5/16) / (11/16) = 7/11.
    labels = ["first", "second", "tie", "both_unacceptable"]
    assert cohen_kappa(first, second, labels) == pytest.approx(7 / 11)
    assert math.isnan(cohen_kappa([], [], labels))


def _panel(raters: list[str], pairs: dict[str, list[int]], n_runs: int = 2) -> PairwisePanel:
    items = {
        item: {
            "pair": pair,
            "prompt_id": f"q-{item}",
            "task": "redteam",
            "question": "?",
            "context": "",
            "answers": {str(r): f"answer {r}" for r in pair},
        }
        for item, pair in pairs.items()
    }
    return PairwisePanel(
        path=Path("."),
        panel_id="0" * 16,
        raters=raters,
        runs=[{"index": i, "model": f"m{i}", "run_dir": f"/runs/{i}"} for i in range(n_runs)],
        items=items,
        sides={r: {i: list(p) for i, p in pairs.items()} for r in raters},
        seed=1,
    )


def _pref(rater: str, item: str, choice: str | None, winner: int | None) -> Preference:
    return Preference(rater, item, choice, winner, (), "", "x")


def test_win_rate_counts_ties_and_both_unacceptable_half() -> None:
    panel = _panel(["r1", "r2"], {f"i{n}": [0, 1] for n in range(5)})
    ratings = [
        _pref("r1", "i0", "B", 1),  # candidate (1) wins
        _pref("r2", "i0", "B", 1),
        _pref("r1", "i1", "A", 0),  # baseline wins
        _pref("r2", "i1", "A", 0),
        _pref("r1", "i2", "tie", None),
        _pref("r2", "i2", "both_unacceptable", None),
        _pref("r1", "i3", "B", 1),  # raters split: item score 1/2
        _pref("r2", "i3", "A", 0),
        _pref("r1", "i4", None, None),  # blank: the item is not judged
    ]
    imported = ImportedPreferences(ratings=ratings)
    row = win_rate(panel, imported, candidate=1, baseline=0)
    metric = row["metric"]
    assert metric["n"] == 4 and row["n_items"] == 5
    assert metric["value"] == pytest.approx((1 + 0 + 0.5 + 0.5) / 4)
    assert (metric["ci_low"], metric["ci_high"]) == pytest.approx(wilson_interval(2.0, 4))
    assert row["judgments"] == {"wins": 3, "losses": 3, "ties": 1, "both_unacceptable": 1}
    kappa = agreement(panel, imported)
    assert kappa["method"] == "cohen_kappa" and kappa["n_items"] == 4


def test_ranking_and_fleiss_on_three_runs() -> None:
    pairs = {}
    for n in range(4):
        pairs[f"a{n}"] = [0, 1]
        pairs[f"b{n}"] = [0, 2]
        pairs[f"c{n}"] = [1, 2]
    panel = _panel(["r1", "r2", "r3"], pairs, n_runs=3)
    ratings = []
    for rater in panel.raters:
        for item, pair in pairs.items():
            better = max(pair)  # the known order: run 2 > run 1 > run 0
            if item.endswith("3"):
                ratings.append(_pref(rater, item, "tie", None))  # every rater: a tie
                continue
            upset = rater == "r3" and item == "c0"
            winner = min(pair) if upset else better
            ratings.append(_pref(rater, item, "A" if winner == pair[0] else "B", winner))
    imported = ImportedPreferences(ratings=ratings)
    assert [row["model"] for row in ranking(panel, imported)] == ["m2", "m1", "m0"]
    aggregate = aggregate_pairwise(panel, imported)
    assert [c["candidate"] for c in aggregate["candidates"]] == ["m1", "m2"]
    assert aggregate["candidates"][1]["metric"]["value"] == 0.875  # 3 wins, 1 tie
    assert aggregate["agreement"]["method"] == "fleiss_kappa"
    assert aggregate["agreement"]["n_items"] == 12
    # 9 items "second" by all, 3 "tie" by all, one upset: p_o = 34/36, p_e = (26^2+9^2+1)/36^2.
    p_o, p_e = 34 / 36, (26**2 + 9**2 + 1) / 36**2
    assert aggregate["agreement"]["kappa"] == pytest.approx((p_o - p_e) / (1 - p_e))


def test_sides_are_seeded_per_rater_and_item() -> None:
    drawn: dict[tuple[str, str], Any] = {
        (r, f"p{i}"): draw_sides(7, r, f"p{i}", [0, 1]) for r in ("r1", "r2") for i in range(40)
    }
    assert drawn == {key: draw_sides(7, key[0], key[1], [0, 1]) for key in drawn}
    assert {tuple(v) for v in drawn.values()} == {(0, 1), (1, 0)}
    assert [drawn[("r1", f"p{i}")] for i in range(40)] != [
        drawn[("r2", f"p{i}")] for i in range(40)
    ]
