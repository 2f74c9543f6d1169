"""Ratings -> per-item medians, per-criterion metrics, agreement, and the runs' `rubric` suite.

Per item, each criterion is the median across the raters who scored it (robust to one outlying
rater). Per run and criterion: the mean of item medians with a seeded bootstrap 95% interval, and
the share of items at 4 or above (Wilson). ``helpful_rate`` is the share of items a majority of
their raters found helpful (a tie is not a majority); ``harmful_count`` the number of items whose
harm criterion (Safety) median is at or below the rubric's bound (2), listed for review, with
``harmful_rate`` carrying the one-sided Clopper-Pearson bound. Agreement is computed over the
whole panel (every item, every rater) per criterion.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from medeval.rubrics.agreement import (
    alpha_interval,
    icc2k,
    krippendorff_alpha,
    pairwise_weighted_kappa,
)
from medeval.rubrics.packet import Panel
from medeval.rubrics.ratings import ImportedRatings
from medeval.stats import bootstrap_interval, proportion, zero_rate
from medeval.types import MetricValue, SuiteResult

SUITE = "rubric"
SUITE_VERSION = "1"
GOOD_SCORE = 4
PREFERENCE = "preference_win_rate"
"""Written by a pairwise panel (:mod:`medeval.rubrics.preference`); kept on re-import."""


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def item_summaries(panel: Panel, imported: ImportedRatings) -> dict[str, dict[str, Any]]:
    """Per panel item: each rater's ratings, the median per criterion, helpfulness, flags."""
    rubric = panel.rubric
    by_item: dict[str, list[Any]] = {item: [] for item in panel.items}
    for rating in imported.ratings:
        by_item[rating.item].append(rating)
    summaries = {}
    for item, ratings in by_item.items():
        medians: dict[str, float | None] = {}
        for criterion in rubric.criterion_ids:
            values = [r.scores[criterion] for r in ratings if r.scores[criterion] is not None]
            medians[criterion] = float(statistics.median(values)) if values else None
        votes = [r.helpful for r in ratings if r.helpful is not None]
        helpful_share = sum(votes) / len(votes) if votes else None
        harm = rubric.harm
        harm_median = medians.get(harm.criterion) if harm else None
        summaries[item] = {
            "medians": medians,
            "helpful_share": helpful_share,
            "helpful": None if helpful_share is None else helpful_share > 0.5,
            "flagged": harm is not None
            and harm_median is not None
            and harm_median <= harm.at_or_below,
            "fully_rated": bool(ratings)
            and all(v is not None for v in medians.values())
            and (rubric.helpful is None or bool(votes)),
            "ratings": {
                r.rater: {
                    **{c: r.scores[c] for c in rubric.criterion_ids},
                    "helpful": r.helpful,
                    "comment": r.comment,
                }
                for r in ratings
            },
        }
    return summaries


def run_metrics(
    panel: Panel, summaries: dict[str, dict[str, Any]], items: Sequence[str], seed: int
) -> dict[str, MetricValue]:
    """The rubric suite's metrics over one run's items (DESIGN's rubric.* keys)."""
    rubric = panel.rubric
    metrics: dict[str, MetricValue] = {}
    for criterion in rubric.criterion_ids:
        values = [
            float(summaries[i]["medians"][criterion])
            for i in items
            if summaries[i]["medians"][criterion] is not None
        ]
        mean = sum(values) / len(values) if values else 0.0
        low, high = bootstrap_interval(values, lambda sample: sum(sample) / len(sample), seed=seed)
        if not values:
            low, high = float(rubric.scale.min), float(rubric.scale.max)
        metrics[f"{criterion}_mean"] = MetricValue(
            value=mean, ci_low=low, ci_high=high, n=len(values)
        )
        good = sum(1 for v in values if v >= GOOD_SCORE)
        metrics[f"{criterion}_ge{GOOD_SCORE}_rate"] = proportion(good, len(values))
    if rubric.helpful is not None:
        votes = [
            bool(summaries[i]["helpful"]) for i in items if summaries[i]["helpful"] is not None
        ]
        metrics["helpful_rate"] = proportion(sum(votes), len(votes))
    if rubric.harm is not None:
        rated = [i for i in items if summaries[i]["medians"][rubric.harm.criterion] is not None]
        flagged = sum(1 for i in rated if summaries[i]["flagged"])
        metrics["harmful_count"] = MetricValue(
            value=float(flagged), ci_low=float(flagged), ci_high=float(flagged), n=len(rated)
        )
        metrics["harmful_rate"] = zero_rate(flagged, len(rated))
    return metrics


def agreement(
    panel: Panel, imported: ImportedRatings, seed: int = 1234
) -> dict[str, dict[str, Any]]:
    """Per criterion (and helpfulness): alpha with interval, ICC(2,k), pairwise weighted kappa."""
    rubric = panel.rubric
    got = imported.by_rater_item()
    items = list(panel.items)
    raters = list(panel.raters)
    result: dict[str, dict[str, Any]] = {}
    for criterion in rubric.criterion_ids:
        matrix: list[list[float | None]] = []
        for rater in raters:
            row: list[float | None] = []
            for item in items:
                rating = got.get((rater, item))
                value = rating.scores[criterion] if rating is not None else None
                row.append(None if value is None else float(value))
            matrix.append(row)
        pairable = sum(1 for u in range(len(items)) if sum(r[u] is not None for r in matrix) >= 2)
        complete = sum(1 for u in range(len(items)) if all(r[u] is not None for r in matrix))
        low, high = alpha_interval(matrix, "ordinal", seed=seed)
        kappas = pairwise_weighted_kappa(matrix, raters, rubric.scale.values())
        result[criterion] = {
            "krippendorff_alpha_ordinal": _finite(krippendorff_alpha(matrix, "ordinal")),
            "alpha_ci_low": _finite(low),
            "alpha_ci_high": _finite(high),
            "alpha_n_items": pairable,
            "icc2k": _finite(icc2k(matrix)),
            "icc_n_items": complete,
            "weighted_kappa": [
                {"raters": [k.rater_a, k.rater_b], "kappa": _finite(k.kappa), "n": k.n}
                for k in kappas
            ],
        }
    if rubric.helpful is not None:
        votes: list[list[float | None]] = []
        for rater in raters:
            row = []
            for item in items:
                rating = got.get((rater, item))
                row.append(
                    None if rating is None or rating.helpful is None else float(rating.helpful)
                )
            votes.append(row)
        result["helpful"] = {
            "krippendorff_alpha_nominal": _finite(krippendorff_alpha(votes, "nominal")),
            "alpha_n_items": sum(
                1 for u in range(len(items)) if sum(r[u] is not None for r in votes) >= 2
            ),
        }
    return result


def win_rates(panel: Panel, summaries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Pairwise win rates between runs on the prompts both answered.

    An answer's overall score is the mean of its criterion medians; model A wins a prompt when
    its answer scores higher than B's; ties count half. Only prompts rated for both answers count.
    """
    by_run_prompt: dict[tuple[int, str], float] = {}
    for item_id, item in panel.items.items():
        medians = [v for v in summaries[item_id]["medians"].values() if v is not None]
        if len(medians) == len(panel.rubric.criterion_ids):
            by_run_prompt[(int(item["run"]), str(item["prompt_id"]))] = sum(medians) / len(medians)
    rows = []
    for a, b in combinations(range(len(panel.runs)), 2):
        prompts = sorted(
            {p for run, p in by_run_prompt if run == a}
            & {p for run, p in by_run_prompt if run == b}
        )
        wins = sum(1 for p in prompts if by_run_prompt[(a, p)] > by_run_prompt[(b, p)])
        losses = sum(1 for p in prompts if by_run_prompt[(a, p)] < by_run_prompt[(b, p)])
        ties = len(prompts) - wins - losses
        rows.append(
            {
                "model_a": panel.runs[a]["model"],
                "model_b": panel.runs[b]["model"],
                "run_a": panel.runs[a]["run_dir"],
                "run_b": panel.runs[b]["run_dir"],
                "wins_a": wins,
                "wins_b": losses,
                "ties": ties,
                "n": len(prompts),
                "win_rate_a": (wins + ties / 2) / len(prompts) if prompts else None,
            }
        )
    return rows


def flagged_items(
    panel: Panel, summaries: dict[str, dict[str, Any]], items: Sequence[str]
) -> list[dict[str, Any]]:
    """Items whose harm criterion median is at or below the bound, for clinical review."""
    harm = panel.rubric.harm
    if harm is None:
        return []
    rows = []
    for item_id in items:
        summary = summaries[item_id]
        if not summary["flagged"]:
            continue
        item = panel.items[item_id]
        rows.append(
            {
                "panel_item": item_id,
                "item_id": item["prompt_id"],
                "task": item["task"],
                "question": item["question"],
                "answer": item["answer"],
                "median": summary["medians"][harm.criterion],
                "scores": {r: v.get(harm.criterion) for r, v in summary["ratings"].items()},
                "comments": {
                    r: v["comment"] for r, v in summary["ratings"].items() if v["comment"]
                },
            }
        )
    return rows


def aggregate_panel(panel: Panel, imported: ImportedRatings, seed: int = 1234) -> dict[str, Any]:
    """Everything `panel import` computes, per run and panel-wide (JSON-ready)."""
    summaries = item_summaries(panel, imported)
    runs = []
    for run in panel.runs:
        items = panel.items_of_run(int(run["index"]))
        metrics = run_metrics(panel, summaries, items, seed)
        runs.append(
            {
                "index": run["index"],
                "run_dir": run["run_dir"],
                "model": run["model"],
                "items": items,
                "n_fully_rated": sum(1 for i in items if summaries[i]["fully_rated"]),
                "metrics": {k: v.model_dump() for k, v in metrics.items()},
                "flagged": flagged_items(panel, summaries, items),
            }
        )
    return {
        "panel_id": panel.panel_id,
        "judge": _judge(panel, summaries),
        "rubric": {"id": panel.rubric.id, "version": panel.rubric.version},
        "raters": panel.raters,
        "files": imported.files,
        "n_ratings": len(imported.ratings),
        "missing": imported.missing,
        "agreement": agreement(panel, imported, seed),
        "runs": runs,
        "win_rates": win_rates(panel, summaries) if len(panel.runs) > 1 else [],
        "items": summaries,
    }


def _judge(panel: Panel, summaries: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Judge-vs-panel agreement when `panel judge` has graded this panel (never a metric)."""
    import json

    from medeval.rubrics.judge import JUDGE_FILE, judge_agreement

    path = panel.path / JUDGE_FILE
    if not path.is_file():
        return None
    judge = json.loads(path.read_text(encoding="utf-8"))
    if judge.get("panel_id") != panel.panel_id:
        from medeval.errors import DataError

        raise DataError(path, "graded another panel", field="panel_id")
    return judge_agreement(panel, judge, summaries)


def suite_result(panel: Panel, aggregate: dict[str, Any], run_index: int) -> SuiteResult:
    """The `rubric` SuiteResult stored in one run's results.json."""
    run = aggregate["runs"][run_index]
    per_model = [
        {"model": r["model"], "run_dir": r["run_dir"], "metrics": r["metrics"]}
        for r in aggregate["runs"]
    ]
    return SuiteResult(
        suite=SUITE,
        version=SUITE_VERSION,
        metrics={k: MetricValue.model_validate(v) for k, v in run["metrics"].items()},
        n_items=run["n_fully_rated"],
        n_requested=len(run["items"]),
        extra={
            "panel_id": panel.panel_id,
            "panel_dir": str(panel.path.resolve()),
            "rubric": aggregate["rubric"],
            "raters": panel.raters,
            "generation": panel.runs[run_index].get("generation"),
            "agreement": aggregate["agreement"],
            "flagged": run["flagged"],
            "per_model": per_model if len(per_model) > 1 else [],
            "win_rates": aggregate["win_rates"],
            "missing_ratings": aggregate["missing"],
            "judge": aggregate["judge"],
        },
    )


def sample_records(panel: Panel, aggregate: dict[str, Any], run_index: int) -> list[dict[str, Any]]:
    """samples/rubric.jsonl lines: the rated answer, every rater's ratings and the medians."""
    records = []
    for item_id in aggregate["runs"][run_index]["items"]:
        item = panel.items[item_id]
        summary = aggregate["items"][item_id]
        records.append(
            {
                "item_id": item["prompt_id"],
                "suite": SUITE,
                "question": item["question"],
                "options": [],
                "choices": [],
                "target": "",
                "input": item["message"],
                "metadata": {"task": item["task"], "panel_item": item_id},
                "response": item["answer"],
                "medians": summary["medians"],
                "helpful_share": summary["helpful_share"],
                "flagged": summary["flagged"],
                "ratings": summary["ratings"],
            }
        )
    return records


def write_to_runs(panel: Panel, aggregate: dict[str, Any]) -> list[Path]:
    """Store the rubric suite in every rated run and rebuild its scorecard; returns the pages."""
    import json
    import os

    from medeval.reports import render_scorecard
    from medeval.store import RunDir
    from medeval.types import Scorecard

    pages = []
    for index, run in enumerate(panel.runs):
        run_dir = RunDir(run["run_dir"])
        data = run_dir.read_results()
        if data is None:
            from medeval.errors import DataError

            raise DataError(run_dir.results_path, "the rated run's results.json is gone")
        card = Scorecard.model_validate(data)
        suites = dict(card.suites)
        fresh = suite_result(panel, aggregate, index)
        old = suites.get(SUITE)
        kept = {k: v for k, v in (old.metrics if old else {}).items() if k == PREFERENCE}
        if kept and old is not None:
            # A pairwise panel's preference metric stays until that panel is imported again.
            fresh = fresh.model_copy(
                update={
                    "metrics": {**fresh.metrics, **kept},
                    "extra": {**fresh.extra, "pairwise": old.extra.get("pairwise")},
                }
            )
        suites[SUITE] = fresh
        run_dir.write_results(card.model_copy(update={"suites": suites}))
        path = run_dir.samples_path(SUITE)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        lines = [
            json.dumps(r, ensure_ascii=False) + "\n"
            for r in sample_records(panel, aggregate, index)
        ]
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, path)  # a re-import replaces the records, never appends twice
        pages.append(render_scorecard(run_dir.path))
    return pages
