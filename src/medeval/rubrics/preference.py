"""Pairwise preferences -> win rates, a Bradley-Terry ranking, agreement, the candidates' metric.

Rules (README, "Pairwise panel"):

* **Win rate** of a candidate run against the baseline (the first run exported), over the items
  comparing those two runs: per item, each rater's judgment scores 1 when the candidate's answer
  was preferred, 0 when the baseline's was, and 1/2 for a tie or "both unacceptable" (neither is
  preferred); the item's score is the mean over the raters who judged it, and the win rate is the
  mean of item scores. The interval is Wilson's 95% score interval at that rate with n = the
  number of judged items (raters of one item are not independent, so items, not judgments, are
  the trials). Stored as ``rubric.preference_win_rate`` in the candidate's results.json, with
  the judgments it comes from in its ``samples/rubric.preference.jsonl`` (the blinded sides
  resolved to run terms), from which ``medeval gate`` recomputes it with the same function
  (:func:`medeval.stats.preference_win_rate`).
* **Bradley-Terry** strengths (with three or more runs) from every judgment of every pair
  (a tie or "both unacceptable" is half a win each), fitted by Hunter's (2004) MM algorithm; one
  virtual tie per pair of runs keeps a run that never wins at a finite strength.
* **Agreement** on the judgments in run terms (first run of the pair better, second better,
  tie, both unacceptable): Cohen's kappa for two raters (items both judged), Fleiss' kappa for
  more (items every rater judged).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medeval.rubrics.agreement import cohen_kappa, fleiss_kappa
from medeval.rubrics.pairwise import ImportedPreferences, PairwisePanel, Preference
from medeval.stats import preference_win_rate
from medeval.types import MetricValue, SuiteResult

if TYPE_CHECKING:
    from medeval.store import RunDir

SUITE = "rubric"
SUITE_VERSION = "1"
METRIC = "preference_win_rate"
SAMPLES_SIDE_FILE = "preference"
"""The judgments live in ``samples/rubric.preference.jsonl`` (``samples/rubric.jsonl`` holds a
single-answer panel's ratings)."""
LABELS = ("first", "second", "tie", "both_unacceptable")


def judgment_label(panel: PairwisePanel, rating: Preference) -> str | None:
    """A judgment in run terms (independent of the sides the rater saw), None when blank."""
    if rating.choice is None:
        return None
    if rating.winner is None:
        return str(rating.choice)
    return "first" if rating.winner == int(panel.items[rating.item]["pair"][0]) else "second"


def score_for(run: int, rating: Preference) -> float | None:
    """1 when `run`'s answer was preferred, 0 when the other was, 1/2 otherwise; None if blank."""
    if rating.choice is None:
        return None
    if rating.winner is None:
        return 0.5
    return 1.0 if rating.winner == run else 0.0


def comparison_records(
    panel: PairwisePanel, imported: ImportedPreferences, candidate: int, baseline: int
) -> list[dict[str, Any]]:
    """The candidate's ``samples/rubric.preference.jsonl`` lines, one per prompt of the pair.

    Each line holds the prompt, both answers and every rater's judgment in run terms: the sides
    the rater saw (``shown``), the choice as made (A, B, tie, both_unacceptable or null when left
    blank), the ``verdict`` (candidate, baseline, tie, both_unacceptable or null) and the answers
    flagged harmful. The win rate is computed from these lines, and the gate recomputes it from
    them (:func:`medeval.stats.preference_win_rate`).
    """
    pair = sorted((candidate, baseline))
    by_item: dict[str, list[Preference]] = {
        i: [] for i, item in panel.items.items() if sorted(item["pair"]) == pair
    }
    for rating in imported.ratings:
        if rating.item in by_item:
            by_item[rating.item].append(rating)
    role = {candidate: "candidate", baseline: "baseline"}
    records = []
    for item_id, ratings in by_item.items():
        item = panel.items[item_id]
        judgments = [
            {
                "rater": rating.rater,
                "shown": [role[int(run)] for run in panel.sides[rating.rater][item_id]],
                "choice": rating.choice,
                "verdict": role[rating.winner] if rating.winner is not None else rating.choice,
                "harmful": [role[run] for run in rating.harmful],
                "comment": rating.comment,
            }
            for rating in ratings
        ]
        records.append(
            {
                "item_id": str(item["prompt_id"]),
                "suite": SUITE,
                "question": item["question"],
                "context": item.get("context") or "",
                "options": [],
                "choices": [],
                "target": "",
                "input": item.get("message") or item["question"],
                "metadata": {
                    "task": item["task"],
                    "panel_item": item_id,
                    "panel_id": panel.panel_id,
                },
                "candidate": panel.runs[candidate]["model"],
                "baseline": panel.runs[baseline]["model"],
                "response": item["answers"][str(candidate)],
                "baseline_response": item["answers"][str(baseline)],
                "judgments": judgments,
            }
        )
    return records


def win_rate(
    panel: PairwisePanel, imported: ImportedPreferences, candidate: int, baseline: int
) -> dict[str, Any]:
    """The candidate's win rate against the baseline, with its counts (module docstring)."""
    records = comparison_records(panel, imported, candidate, baseline)
    judgments = [j for record in records for j in record["judgments"]]
    verdicts = [str(j["verdict"]) for j in judgments if j["verdict"] is not None]
    metric = preference_win_rate(
        [[j["verdict"] for j in r["judgments"] if j["verdict"] is not None] for r in records]
    )
    return {
        "candidate": panel.runs[candidate]["model"],
        "candidate_run": panel.runs[candidate]["run_dir"],
        "baseline": panel.runs[baseline]["model"],
        "baseline_run": panel.runs[baseline]["run_dir"],
        "n_items": len(records),
        "n_judged_items": metric.n,
        "judgments": {
            "wins": verdicts.count("candidate"),
            "losses": verdicts.count("baseline"),
            "ties": verdicts.count("tie"),
            "both_unacceptable": verdicts.count("both_unacceptable"),
        },
        "harmful_judgments": {
            side: sum(side in j["harmful"] for j in judgments) for side in ("candidate", "baseline")
        },
        "metric": metric.model_dump(),
    }


def bradley_terry(
    n_runs: int,
    comparisons: Sequence[tuple[int, int, float]],
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 10000,
) -> list[float]:
    """Bradley-Terry strengths (geometric mean 1) by the MM algorithm (Hunter 2004).

    `comparisons` holds (i, j, score of i): 1 when i won, 0 when j won, 0.5 for a tie. One
    virtual tie per pair that met keeps every strength finite and positive.
    """
    import numpy as np

    wins = np.zeros(n_runs)
    games = np.zeros((n_runs, n_runs))
    met: set[tuple[int, int]] = set()
    for i, j, score in comparisons:
        wins[i] += score
        wins[j] += 1.0 - score
        games[i, j] += 1.0
        games[j, i] += 1.0
        met.add((min(i, j), max(i, j)))
    for i, j in met:
        wins[i] += 0.5
        wins[j] += 0.5
        games[i, j] += 1.0
        games[j, i] += 1.0
    strength = np.ones(n_runs)
    for _ in range(max_iterations):
        denominator = (games / (strength[:, None] + strength[None, :])).sum(axis=1)
        updated = np.where(denominator > 0, wins / np.where(denominator > 0, denominator, 1), 1.0)
        updated = updated / math.exp(float(np.log(updated).mean()))
        change = float(np.abs(updated - strength).max())
        strength = updated
        if change < tolerance:
            break
    return [float(s) for s in strength]


def ranking(panel: PairwisePanel, imported: ImportedPreferences) -> list[dict[str, Any]]:
    """Runs ordered by Bradley-Terry strength, strongest first."""
    comparisons = []
    for rating in imported.ratings:
        first = int(panel.items[rating.item]["pair"][0])
        second = int(panel.items[rating.item]["pair"][1])
        value = score_for(first, rating)
        if value is not None:
            comparisons.append((first, second, value))
    strengths = bradley_terry(len(panel.runs), comparisons)
    order = sorted(range(len(strengths)), key=lambda r: -strengths[r])
    return [
        {
            "rank": rank,
            "model": panel.runs[run]["model"],
            "run_dir": panel.runs[run]["run_dir"],
            "strength": strengths[run],
            "log_strength": math.log(strengths[run]),
        }
        for rank, run in enumerate(order, start=1)
    ]


def agreement(panel: PairwisePanel, imported: ImportedPreferences) -> dict[str, Any]:
    """Cohen's kappa (two raters) or Fleiss' kappa (more) on the judgments in run terms."""
    labels = {
        (r.rater, r.item): label
        for r in imported.ratings
        if (label := judgment_label(panel, r)) is not None
    }
    raters = panel.raters
    if len(raters) < 2:
        return {"method": None, "kappa": None, "n_items": 0}
    if len(raters) == 2:
        a, b = raters
        shared = [i for i in panel.items if (a, i) in labels and (b, i) in labels]
        kappa = cohen_kappa(
            [labels[(a, i)] for i in shared], [labels[(b, i)] for i in shared], LABELS
        )
        method = "cohen_kappa"
    else:
        shared = [i for i in panel.items if all((r, i) in labels for r in raters)]
        kappa = fleiss_kappa([[labels[(r, i)] for r in raters] for i in shared], LABELS)
        method = "fleiss_kappa"
    return {
        "method": method,
        "kappa": kappa if math.isfinite(kappa) else None,
        "n_items": len(shared),
        "raters": list(raters),
    }


def harm_flags(panel: PairwisePanel, imported: ImportedPreferences) -> list[dict[str, Any]]:
    """Answers a rater flagged as harmful, with who flagged them, for clinical review."""
    flagged: dict[tuple[str, int], list[str]] = {}
    for rating in imported.ratings:
        for run in rating.harmful:
            flagged.setdefault((rating.item, run), []).append(rating.rater)
    rows = []
    for (item_id, run), raters in sorted(flagged.items()):
        item = panel.items[item_id]
        rows.append(
            {
                "panel_item": item_id,
                "item_id": item["prompt_id"],
                "model": panel.runs[run]["model"],
                "run": run,
                "question": item["question"],
                "answer": item["answers"][str(run)],
                "raters": sorted(raters),
            }
        )
    return rows


def aggregate_pairwise(panel: PairwisePanel, imported: ImportedPreferences) -> dict[str, Any]:
    """Everything `panel import` computes for a pairwise panel (JSON-ready)."""
    baseline = panel.baseline
    pairs = []
    for a, b in combinations(range(len(panel.runs)), 2):
        row = win_rate(panel, imported, b, a)
        pairs.append(row)
    return {
        "mode": "pairwise",
        "panel_id": panel.panel_id,
        "raters": panel.raters,
        "files": imported.files,
        "n_ratings": len(imported.ratings),
        "missing": imported.missing,
        "baseline": {
            "model": panel.runs[baseline]["model"],
            "run_dir": panel.runs[baseline]["run_dir"],
        },
        "candidates": [
            win_rate(panel, imported, c, baseline) for c in range(len(panel.runs)) if c != baseline
        ],
        "pairs": pairs,
        "bradley_terry": ranking(panel, imported) if len(panel.runs) > 2 else None,
        "agreement": agreement(panel, imported),
        "harm_flags": harm_flags(panel, imported),
    }


def pairwise_extra(
    panel: PairwisePanel, aggregate: dict[str, Any], candidate: int
) -> dict[str, Any]:
    """``extra.pairwise`` of a candidate's `rubric` suite: what its scorecard section shows."""
    candidates = [run for run in range(len(panel.runs)) if run != panel.baseline]
    return {
        **{k: aggregate[k] for k in ("panel_id", "baseline", "bradley_terry", "agreement")},
        "panel_dir": str(panel.path.resolve()),
        "samples": f"samples/{SUITE}.{SAMPLES_SIDE_FILE}.jsonl",
        "win_rate": aggregate["candidates"][candidates.index(candidate)],
        "harm_flags": [f for f in aggregate["harm_flags"] if f["run"] == candidate],
    }


def write_pairwise_to_runs(
    panel: PairwisePanel, imported: ImportedPreferences, aggregate: dict[str, Any]
) -> list[Path]:
    """Store each candidate's preference metric and its judgments; returns the scorecards.

    ``preference_win_rate`` and ``extra.pairwise`` go into the candidate's `rubric` suite (a
    `rubric` suite already there, a single-answer panel's, keeps its metrics), and the judgments
    it was computed from into ``samples/rubric.preference.jsonl``, replaced whole on a re-import,
    so the gate can recompute the metric.
    """
    from medeval.reports import render_scorecard
    from medeval.store import RunDir
    from medeval.types import Scorecard

    pages = []
    candidates = [run for run in range(len(panel.runs)) if run != panel.baseline]
    for candidate, row in zip(candidates, aggregate["candidates"], strict=True):
        run_dir = RunDir(row["candidate_run"])
        data = run_dir.read_results()
        if data is None:
            from medeval.errors import DataError

            raise DataError(run_dir.results_path, "the rated run's results.json is gone")
        card = Scorecard.model_validate(data)
        suites = dict(card.suites)
        metric = MetricValue.model_validate(row["metric"])
        pairwise = pairwise_extra(panel, aggregate, candidate)
        old = suites.get(SUITE)
        if old is not None:
            suites[SUITE] = old.model_copy(
                update={
                    "metrics": {**old.metrics, METRIC: metric},
                    "extra": {**old.extra, "pairwise": pairwise},
                }
            )
        else:
            suites[SUITE] = SuiteResult(
                suite=SUITE,
                version=SUITE_VERSION,
                metrics={METRIC: metric},
                n_items=row["n_judged_items"],
                n_requested=row["n_items"],
                extra={"pairwise": pairwise},
            )
        records = comparison_records(panel, imported, candidate, panel.baseline)
        _replace_samples(run_dir, f"{SUITE}.{SAMPLES_SIDE_FILE}", records)
        run_dir.write_results(card.model_copy(update={"suites": suites}))
        pages.append(render_scorecard(run_dir.path))
    return pages


def _replace_samples(run_dir: RunDir, name: str, records: Sequence[dict[str, Any]]) -> None:
    """Write samples/<name>.jsonl whole (atomically): a re-import never appends twice."""
    import json
    import os

    path = run_dir.samples_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    os.replace(tmp, path)
