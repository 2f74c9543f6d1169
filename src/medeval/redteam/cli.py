"""`medeval redteam` (label, judge and import red-team answers) and `medeval chat` (manual probing).

Attached to the main group in :mod:`medeval.cli`. Heavy libraries and the safety classifier are
imported inside the commands, so `medeval --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from medeval.cli_options import dtype_option, out_option

if TYPE_CHECKING:
    from medeval.backend import LanguageModel


@click.group("redteam")
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
@out_option("Write the JSON lines here instead of stdout.")
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

    from medeval.safety.classifier import LABELS, classify_table

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
@out_option("User prompt file to append to (created if missing).", required=True)
def redteam_import_command(transcript: Path, expected: str, category: str, out: Path) -> None:
    """Turn a `medeval chat` TRANSCRIPT into prompts for `--redteam-prompts`.

    One prompt per exchange (earlier user messages of the conversation become its turns), with
    ids `user-<category>-<n>` that stay unique when several transcripts go into one file.
    """
    from medeval.redteam.transcripts import import_transcript

    count = import_transcript(transcript, out, expected=expected, category=category)
    click.echo(f"imported {count} prompt(s) from {transcript} -> {out}", err=True)


# ---------------------------------------------------------------- manual probing


@click.command("chat")
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
@dtype_option()
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

    loaded: LanguageModel = HFModel(model, dtype=dtype, batch_size=1)
    system_prompt: str | None = None
    if guardrails == "on":  # what ships: input filter, safety prompt, disclaimer
        from medeval.safety.guardrails import SAFETY_SYSTEM_PROMPT, GuardedModel

        loaded, system_prompt = GuardedModel(loaded), SAFETY_SYSTEM_PROMPT
    chat_loop(
        loaded,
        read=input,
        write=click.echo,
        transcript=transcript or default_transcript_path(),
        max_new_tokens=max_new_tokens,
        system_prompt=system_prompt,
    )
