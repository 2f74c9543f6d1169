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
@click.option(
    "--unsafe-column",
    default=None,
    help="Column saying whether the prompt must be refused: 1/0, true/false, yes/no or "
    "unsafe/safe, any case. Without it every row is judged as a must-refuse prompt.",
)
@click.option(
    "--encoder",
    type=click.Choice(["smollm2-135m", "none"]),
    default=None,
    help="The classifier's second reading: the bundled SmolLM2-135M-Instruct's hidden states "
    "(the default, $MEDEVAL_SAFETY_ENCODER overrides it) or none (the text alone).",
)
@out_option("Write the JSON lines here instead of stdout.")
def redteam_classify_command(
    table: Path,
    prompt_column: str,
    response_column: str,
    unsafe_column: str | None,
    encoder: str | None,
    out: Path | None,
) -> None:
    """Label every answer in TABLE (.csv or .jsonl) and judge it fail-closed.

    One JSON line per row: `row` (0-based data row), `label` (full_compliance |
    partial_refusal | full_refusal), `p_compliance` (calibrated probability that it is not a full
    refusal), `needs_review`, `refusal_status` (cleared | needs_review | violation), the caution
    features and the reasons. Rows marked safe by --unsafe-column get needs_review false and no
    refusal_status. A bad file, column or value exits 2 naming the file and line, and leaves no
    --out file; a count per label goes to stderr.
    """
    import json
    import os
    from collections import Counter

    from tqdm import tqdm

    from medeval.redteam.reading import judge_encoder
    from medeval.safety.classifier import LABELS
    from medeval.safety.table import classify_table, output_record

    counts: Counter[str] = Counter()
    review = 0
    partial = out.with_name(out.name + ".partial") if out is not None else None
    try:
        try:
            sink = partial.open("w", encoding="utf-8") if partial is not None else None
        except OSError as exc:
            raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
        try:
            rows = classify_table(
                table, prompt_column, response_column, unsafe_column, encoder=judge_encoder(encoder)
            )
            for row, verdict in tqdm(rows, desc="classify", unit=" answers", disable=None):
                record = output_record(row, verdict)
                counts[record["label"]] += 1
                review += record["needs_review"]
                line = json.dumps(record, ensure_ascii=False)
                if sink is not None:
                    sink.write(line + "\n")
                else:
                    click.echo(line)
        finally:
            if sink is not None:
                sink.close()
        if partial is not None and out is not None:
            os.replace(partial, out)
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)
    summary = ", ".join(f"{label} {counts[label]}" for label in LABELS)
    where = f" -> {out}" if out is not None else ""
    click.echo(
        f"classified {sum(counts.values())} answers from {table}: {summary}; "
        f"{review} need review{where}",
        err=True,
    )


@redteam_group.command("judge")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--judge",
    "spec",
    required=True,
    help="openai+https://HOST[:PORT]/MODEL, openai://HOST:PORT/MODEL (plain http), "
    "inspect:PROVIDER/MODEL, or a local model or bundled name.",
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
@click.option(
    "--judge-api-key-env",
    default=None,
    help="Environment variable holding the judge endpoint's API key, sent to whatever host "
    "--judge names [default: MEDEVAL_JUDGE_API_KEY, sent only to a server on this machine].",
)
@click.option(
    "--allow-insecure-http",
    is_flag=True,
    help="Allow a judge over plain http on another machine (unencrypted).",
)
def redteam_judge_command(
    run_dir: Path,
    spec: str,
    suites: tuple[str, ...],
    limit: int | None,
    max_new_tokens: int,
    batch_size: int,
    judge_api_key_env: str | None,
    allow_insecure_http: bool,
) -> None:
    """Have an LLM judge label RUN_DIR's red-team answers and compare it with the classifier.

    The judge's labels go to samples/<suite>.judge.jsonl and its agreement with the classifier
    (share of equal labels, Cohen's kappa, confusion) to results.json and the scorecard; a
    must-refuse answer on which the two disagree (refusal or not) becomes needs_review, which
    counts as unsafe until reviewed, and the suite's metrics are recomputed. An interrupted
    judging run resumes with the answers not yet judged. A key for an endpoint is read from
    $MEDEVAL_JUDGE_API_KEY (sent only to a server on this machine) or the variable named with
    --judge-api-key-env (sent to the --judge host).
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
        api_key_env=judge_api_key_env,
        allow_insecure_http=allow_insecure_http,
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


# ---------------------------------------------------------------- input filter


@redteam_group.command("screen")
@click.argument("table", type=click.Path(path_type=Path))
@click.option(
    "--prompt-column", default="prompt", show_default=True, help="Column with the user prompt."
)
@out_option("Write the JSON lines here instead of stdout.")
def redteam_screen_command(table: Path, prompt_column: str, out: Path | None) -> None:
    """Run the guardrails' input filter alone on every prompt of TABLE (.csv or .jsonl).

    One JSON line per row: its 0-based data row index, whether the prompt is blocked, the learned
    filter's score (P(harmful request)) and threshold, what blocked it and the phrase rules that
    matched. The whole table is read before anything is written, so a bad row (exit 2, naming
    the file and line) leaves no partial output.
    """
    import json

    from tqdm import tqdm

    from medeval.files import field, read_table
    from medeval.safety.guardrails import screen

    lines = []
    blocked = 0
    rows = read_table(table, required=(prompt_column,))
    for index, line, record in tqdm(rows, desc="screen", unit=" prompts", disable=None):
        prompt = field(record, prompt_column, table, line)
        screening = screen([{"role": "user", "content": prompt}])
        blocked += screening.blocked
        row = {
            "row": index,
            "blocked": screening.blocked,
            "score": screening.score,
            "threshold": screening.threshold,
            "blocked_by": list(screening.blocked_by),
            "rules": list(screening.rules),
        }
        lines.append(json.dumps(row))
    if out is not None:
        out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    else:
        for text in lines:
            click.echo(text)
    where = f" -> {out}" if out is not None else ""
    click.echo(f"screened {len(lines)} prompts from {table}: {blocked} blocked{where}", err=True)


# ---------------------------------------------------------------- human review queue


@redteam_group.group("review")
def review_group() -> None:
    """Human review queue: blinded packets of the red-team answers judging could not clear."""


@review_group.command("export")
@click.argument("run_dir", type=click.Path(path_type=Path))
@out_option("Folder for the packets, the key and returned ratings.", required=True)
@click.option(
    "--raters", required=True, help="Comma-separated rater ids, one packet each (e.g. r1,r2)."
)
@click.option(
    "--audit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Auto-cleared answers to audit, sampled at random (fewer if fewer exist).",
)
@click.option("--seed", type=int, default=1234, show_default=True, help="Audit sample and order.")
@click.option("--force", is_flag=True, help="Replace a review export already in --out.")
def review_export_command(
    run_dir: Path, out: Path, raters: str, audit: int, seed: int, force: bool
) -> None:
    """Write blinded review packets of RUN_DIR's red-team answers, one per rater, to --out.

    A packet holds every answer to a must-refuse prompt that waits for review (needs_review)
    and a seeded random audit sample of answers the judging cleared, shuffled together; it shows
    the request and the answer and names no model. Raters pick safe, unsafe or unclear for each
    and export a CSV; `medeval redteam review import` records their verdicts.
    """
    from medeval.redteam.review import KEY_FILE, PACKETS, RATINGS, export_review
    from medeval.rubrics.packet import parse_raters

    made = export_review(
        run_dir, out, raters=parse_raters(raters), audit=audit, seed=seed, force=force
    )
    click.echo(
        f"review {made.review_id}: {len(made.items)} answers ({made.n_needs_review} waiting for "
        f"review, {made.n_audit} of {made.n_cleared} auto-cleared audited)"
    )
    for rater in made.raters:
        click.echo(f"  packet for {rater}: {out / PACKETS / f'{rater}.html'}")
    click.echo(
        f"key (keep it from raters): {out / KEY_FILE} (copy: {made.run_key})\n"
        f"when ratings come back: medeval redteam review import {run_dir} {out / RATINGS}/*.csv"
    )


@review_group.command("import")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.argument("ratings", nargs=-1, required=True, type=click.Path(path_type=Path))
def review_import_command(run_dir: Path, ratings: tuple[Path, ...]) -> None:
    """Record the verdicts in RATINGS (CSV files saved from review packets) for RUN_DIR.

    Every file is checked first (a problem names file, line and field; nothing is recorded
    while any remains); verdicts go to RUN_DIR/reviews/redteam.jsonl (importing a file twice
    adds nothing), then the red-team suites are re-aggregated and the scorecard rebuilt. An
    unclear verdict counts as unsafe, and where reviewers disagree the stricter verdict counts.
    """
    from medeval.redteam.review import import_review
    from medeval.reports import render_scorecard

    summary, _ = import_review(run_dir, list(ratings))
    click.echo(
        f"recorded {summary.added} verdict(s) from {len(summary.files)} file(s)"
        f" ({summary.already_recorded} already recorded)"
    )
    for who, count in summary.unrated.items():
        click.echo(f"  {who}: {count} answer(s) without a verdict")
    for suite, counts in summary.statuses.items():
        click.echo(
            f"{suite}: resolved safe {counts['resolved_safe']}, resolved unsafe "
            f"{counts['resolved_unsafe']}, still unresolved {counts['needs_review']} "
            f"(cleared {counts['cleared']}, violations {counts['violation']})"
        )
        for name, metric in summary.metrics.get(suite, {}).items():
            click.echo(
                f"  {name} {metric.value:.4f} [{metric.ci_low:.4f}, {metric.ci_high:.4f}] "
                f"(n={metric.n})"
            )
    if summary.audited:
        rate = summary.audit_miss_rate
        click.echo(
            f"audit misses: {summary.audit_misses} of {summary.audited} audited auto-cleared "
            f"answers judged unsafe ({rate.value:.1%} [{rate.ci_low:.1%}, {rate.ci_high:.1%}])"
        )
    else:
        click.echo("audit misses: no audited answer reviewed yet")
    click.echo(f"scorecard: {render_scorecard(run_dir)}")


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
