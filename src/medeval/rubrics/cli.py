"""`medeval panel`: export blinded rating packets, import the ratings, check a rubric."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from medeval.cli_options import (
    batch_size_option,
    data_dir_option,
    device_option,
    max_new_tokens_option,
    out_option,
    seed_option,
)


@click.group("panel")
def panel_group() -> None:
    """Expert panel: blinded HTML rating packets, rating import, agreement and the rubric suite."""


@panel_group.command("export")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_option("Panel folder.", required=True)
@click.option(
    "--raters", required=True, help="Comma-separated rater ids, one packet each (e.g. r1,r2,r3)."
)
@click.option(
    "--n",
    "n",
    type=int,
    default=100,
    show_default=True,
    help="Prompts to rate, spread evenly over the task types; every run answers each.",
)
@seed_option("Sampling and order seed.")
@click.option(
    "--rubric",
    "rubric_source",
    default="default",
    show_default=True,
    help="Built-in rubric (default, literature_summary) or a rubric YAML file.",
)
@click.option(
    "--tasks",
    default=None,
    help="Comma-separated task types (default: the rubric's; patient_education, "
    "concept_explanation, pubmedqa_summary, redteam).",
)
@data_dir_option(
    "Data folder for consumer_health and pubmedqa (default: $MEDEVAL_DATA_DIR, else the run's)."
)
@max_new_tokens_option("Longest generated answer, for runs without free-text answers.")
@device_option()
@batch_size_option()
@click.option("--force", is_flag=True, help="Replace a panel already in --out.")
@click.option(
    "--pairwise",
    is_flag=True,
    help="Side-by-side packets: every pair of RUN_DIRS answers the same prompts; the first run "
    "is the baseline, each later run a candidate (rubric.preference_win_rate).",
)
def export_command(
    run_dirs: tuple[Path, ...],
    out: Path,
    raters: str,
    n: int,
    seed: int,
    rubric_source: str,
    tasks: str | None,
    data_dir: Path | None,
    max_new_tokens: int,
    device: str,
    batch_size: int,
    force: bool,
    pairwise: bool,
) -> None:
    """Sample answers from RUN_DIRS and write one blinded HTML packet per rater to --out."""
    from medeval.errors import UsageError
    from medeval.rubrics.packet import export_panel, parse_raters
    from medeval.rubrics.rubric import load_rubric

    if max_new_tokens < 1:
        raise UsageError("--max-new-tokens must be at least 1")
    rubric = load_rubric(rubric_source)
    task_list = [t.strip() for t in tasks.split(",") if t.strip()] if tasks else None
    options: dict[str, Any] = {
        "rubric": rubric,
        "raters": parse_raters(raters),
        "n": n,
        "seed": seed,
        "tasks": task_list,
        "data_dir": data_dir,
        "max_new_tokens": max_new_tokens,
        "device": device,
        "batch_size": batch_size,
        "force": force,
    }
    if pairwise:
        from medeval.rubrics.pairwise import export_pairwise

        paired = export_pairwise(list(run_dirs), out, **options)
        click.echo(
            f"pairwise panel {paired.panel_id}: {len(paired.items)} comparisons of "
            f"{len(paired.runs)} runs (baseline: the first run)"
        )
        _echo_packets(out, paired.raters)
        return
    panel = export_panel(list(run_dirs), out, **options)
    click.echo(
        f"panel {panel.panel_id}: {len(panel.items)} answers from {len(panel.runs)} run(s), "
        f"rubric {panel.rubric.id}"
    )
    _echo_packets(out, panel.raters)


def _echo_packets(out: Path, raters: Sequence[str]) -> None:
    """`panel export`'s closing lines (either mode): each rater's packet, the key, what's next."""
    from medeval.rubrics.packet import KEY_FILE, PACKETS

    for rater in raters:
        click.echo(f"  packet for {rater}: {out / PACKETS / f'{rater}.html'}")
    click.echo(
        f"key (keep it from raters): {out / KEY_FILE}\n"
        f"when ratings come back: medeval panel import {out} {out / 'ratings'}/*.csv"
    )


@panel_group.command("import")
@click.argument("panel_dir", type=click.Path(path_type=Path))
@click.argument("ratings", nargs=-1, required=True, type=click.Path(path_type=Path))
@seed_option("Bootstrap seed.")
@click.option(
    "--no-write-runs",
    is_flag=True,
    help="Only write PANEL_DIR/aggregate.json; leave the runs' results.json as they are.",
)
def import_command(
    panel_dir: Path, ratings: tuple[Path, ...], seed: int, no_write_runs: bool
) -> None:
    """Validate RATINGS (CSV files exported from the packets) and store the rubric suite.

    Writes PANEL_DIR/aggregate.json, then the `rubric` suite into each rated run's results.json
    (so `medeval report` and `medeval gate` read it) and rebuilds its scorecard. A pairwise panel
    (`export --pairwise`) gives win rates, a Bradley-Terry ranking and kappa, and adds
    rubric.preference_win_rate to each candidate run, with the judgments it comes from in
    samples/rubric.preference.jsonl (the gate recomputes the metric from them).
    """
    from medeval.rubrics.aggregate import aggregate_panel, write_to_runs
    from medeval.rubrics.packet import load_panel
    from medeval.rubrics.pairwise import is_pairwise
    from medeval.rubrics.ratings import read_ratings
    from medeval.store import write_json_atomic

    if is_pairwise(panel_dir):
        _import_pairwise(panel_dir, ratings, no_write_runs)
        return
    panel = load_panel(panel_dir)
    imported = read_ratings(panel, list(ratings))
    aggregate = aggregate_panel(panel, imported, seed)
    write_json_atomic(panel_dir / "aggregate.json", aggregate)
    click.echo(
        f"imported {len(imported.ratings)} ratings from {len(ratings)} file(s) "
        f"({len(panel.raters)} raters, {len(panel.items)} items)"
    )
    _echo_missing("ratings", imported.missing, imported.missing_count)
    for name, figures in aggregate["agreement"].items():
        alpha = figures.get("krippendorff_alpha_ordinal", figures.get("krippendorff_alpha_nominal"))
        icc = figures.get("icc2k")
        click.echo(
            f"agreement {name:<14} alpha {_num(alpha)}"
            + (f"  ICC(2,k) {_num(icc)}" if "icc2k" in figures else "")
        )
    for run in aggregate["runs"]:
        metrics = run["metrics"]
        shown = "  ".join(
            f"{key} {_num(value['value'])}"
            for key, value in metrics.items()
            if key.endswith("_mean") or key in ("helpful_rate", "harmful_count")
        )
        click.echo(f"{run['model']} ({run['n_fully_rated']}/{len(run['items'])} rated): {shown}")
        for flagged in run["flagged"]:
            click.echo(
                f"  review: {flagged['panel_item']} ({flagged['item_id']}) safety median "
                f"{flagged['median']}"
            )
    for row in aggregate["win_rates"]:
        click.echo(
            f"win rate {row['model_a']} vs {row['model_b']}: {_num(row['win_rate_a'])} "
            f"({row['wins_a']}-{row['ties']}-{row['wins_b']}, n={row['n']})"
        )
    click.echo(f"aggregate: {panel_dir / 'aggregate.json'}")
    if not no_write_runs:
        for page in write_to_runs(panel, aggregate):
            click.echo(f"scorecard: {page}")


def _import_pairwise(panel_dir: Path, ratings: tuple[Path, ...], no_write_runs: bool) -> None:
    """`panel import` of a side-by-side panel: win rates, Bradley-Terry, kappa."""
    from medeval.rubrics.pairwise import load_pairwise, read_preferences
    from medeval.rubrics.preference import aggregate_pairwise, write_pairwise_to_runs
    from medeval.store import write_json_atomic

    panel = load_pairwise(panel_dir)
    imported = read_preferences(panel, list(ratings))
    aggregate = aggregate_pairwise(panel, imported)
    write_json_atomic(panel_dir / "aggregate.json", aggregate)
    click.echo(
        f"imported {len(imported.ratings)} judgments from {len(ratings)} file(s) "
        f"({len(panel.raters)} raters, {len(panel.items)} comparisons)"
    )
    _echo_missing("judgments", imported.missing, imported.missing_count)
    for row in aggregate["candidates"]:
        metric = row["metric"]
        counts = row["judgments"]
        click.echo(
            f"win rate {row['candidate']} vs {row['baseline']}: {_num(metric['value'])} "
            f"[{_num(metric['ci_low'])}, {_num(metric['ci_high'])}] n={metric['n']} "
            f"({counts['wins']} won, {counts['ties']} tied, {counts['both_unacceptable']} both "
            f"unacceptable, {counts['losses']} lost)"
        )
    for row in aggregate["bradley_terry"] or []:
        click.echo(f"Bradley-Terry #{row['rank']} {row['model']}: {_num(row['log_strength'])}")
    agreement = aggregate["agreement"]
    if agreement["method"]:
        click.echo(
            f"agreement {agreement['method']} {_num(agreement['kappa'])} "
            f"(n={agreement['n_items']} items)"
        )
    for flag in aggregate["harm_flags"]:
        click.echo(
            f"  review: {flag['panel_item']} ({flag['item_id']}) answer of {flag['model']} "
            f"flagged harmful by {', '.join(flag['raters'])}"
        )
    click.echo(f"aggregate: {panel_dir / 'aggregate.json'}")
    if not no_write_runs:
        for page in write_pairwise_to_runs(panel, imported, aggregate):
            click.echo(f"scorecard: {page}")


def _echo_missing(what: str, missing: Mapping[str, Sequence[str]], count: int) -> None:
    """`panel import`'s list of `what` (ratings, judgments) left blank or never returned, by
    rater, at most ten gaps each."""
    if not missing:
        return
    click.echo(f"missing {what} ({count}):")
    for rater, gaps in missing.items():
        shown = "; ".join(gaps[:10]) + (f"; ... {len(gaps) - 10} more" if len(gaps) > 10 else "")
        click.echo(f"  {rater}: {shown}")


@panel_group.command("judge")
@click.argument("panel_dir", type=click.Path(path_type=Path))
@click.option(
    "--model",
    required=True,
    help="Grader: a model folder or bundled name (run locally), or an inspect-ai model such as "
    "openai/gpt-4o-mini (openai-api/<name> with --base-url for OpenAI-compatible servers).",
)
@click.option("--base-url", default=None, help="Endpoint URL for an OpenAI-compatible grader.")
@click.option(
    "--criteria",
    "criteria_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Judge criteria YAML (task type -> [{criterion, points}]; default: the built-ins).",
)
@click.option("--max-new-tokens", type=int, default=256, show_default=True)
@batch_size_option()
def judge_command(
    panel_dir: Path,
    model: str,
    base_url: str | None,
    criteria_path: Path | None,
    max_new_tokens: int,
    batch_size: int,
) -> None:
    """Grade PANEL_DIR's answers with an LLM judge (HealthBench-style criteria with points).

    Writes PANEL_DIR/judge.json; the next `panel import` reports the judge beside the human
    ratings with judge-vs-panel agreement. Judge scores never enter the gate.
    """
    from medeval.rubrics.judge import JUDGE_FILE, judge_panel
    from medeval.rubrics.packet import load_panel

    panel = load_panel(panel_dir)
    result = judge_panel(
        panel,
        model,
        criteria_path=criteria_path,
        base_url=base_url,
        max_new_tokens=max_new_tokens,
        batch_size=batch_size,
    )
    scores = [item["score"] for item in result["items"].values()]
    click.echo(
        f"judged {len(scores)} answers ({result['n_verdicts']} verdicts, "
        f"{result['n_unparsed']} unparsed) with {model}: mean score "
        f"{_num(sum(scores) / len(scores) if scores else None)}"
    )
    click.echo(f"judge: {panel_dir / JUDGE_FILE}  (inspect logs: {panel_dir / 'judge-logs'})")


@panel_group.command("rubric")
@click.argument("rubric_source", default="default")
def rubric_command(rubric_source: str) -> None:
    """Validate and print a rubric (a built-in name or a YAML file)."""
    from medeval.rubrics.rubric import load_rubric

    rubric = load_rubric(rubric_source)
    click.echo(f"{rubric.id} (version {rubric.version}): {rubric.title}")
    for criterion in rubric.criteria:
        anchors = "; ".join(f"{p}: {t}" for p, t in sorted(criterion.anchors.items()))
        click.echo(f"  {criterion.id:<14}{criterion.name} [{anchors}]")
    click.echo(f"  tasks: {', '.join(rubric.tasks)}")
    click.echo(f"  CSV columns: {','.join(rubric.csv_columns())}")


def _num(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.3f}"
    return "-"
