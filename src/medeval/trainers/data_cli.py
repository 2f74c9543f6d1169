"""`medeval data`: build a training set, or run one of its steps on any JSON-lines file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from medeval.cli_options import data_dir_option, out_option, suites_option
from medeval.errors import DataError


@click.group("data")
def data_group() -> None:
    """Build training data: mix, clean, decontaminate, scrub PHI, split.

    Research and education only: the data teaches a model to give general medical information.
    """


@data_group.command("build")
@click.argument("config", type=click.Path(path_type=Path))
@out_option("Output DATA_DIR.", required=True)
@data_dir_option(
    "Folder with the benchmark files, for data_file sources and decontamination "
    "(default: $MEDEVAL_DATA_DIR, then the config's data_dir)."
)
def build_command(config: Path, out: Path, data_dir: Path | None) -> None:
    """Build train/val/test.jsonl and a dataset card from CONFIG (YAML).

    CONFIG is a data config or a recipe (its data: section is built, its train: section checked).

    Config errors (unknown keys, ratios not summing to 1, missing files) are reported before
    any work starts. Re-running after an interruption reuses the PHI-scrubbing work done.
    """
    from medeval.trainers.build import build

    result = build(config, out, data_dir=data_dir)
    card = result.card
    splits = ", ".join(
        f"{name} {card['splits'][name]['count']}" for name in ("train", "val", "test")
    )
    click.echo(f"wrote {out}: {splits} (card.json, card.md)", err=True)
    decon = card["decontamination"]
    if decon.get("enabled"):
        dropped = sum(decon["dropped_per_source"].values())
        per_suite = ", ".join(f"{k} {v}" for k, v in decon["dropped_per_suite"].items()) or "none"
        click.echo(f"decontamination dropped {dropped} sample(s); per suite: {per_suite}", err=True)
        unchecked = decon.get("panel_tasks_not_checked", [])
        if unchecked:
            click.echo(
                f"panel prompts not checked: {', '.join(unchecked)} (leave these task types out "
                "of a panel of a model trained on this data)",
                err=True,
            )


def _texts(record: dict[str, Any], field: str, path: Path, line: int) -> list[str]:
    value = record.get(field)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(
        isinstance(m, dict) and isinstance(m.get("content"), str) for m in value
    ):
        return [m["content"] for m in value]
    if value is None:
        raise DataError(path, "missing field", line=line, field=field)
    raise DataError(
        path, "expected a string or a list of {role, content} messages", line=line, field=field
    )


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    from medeval.files import read_jsonl

    return list(read_jsonl(path))


@data_group.command("scrub")
@click.argument("input_path", metavar="IN.jsonl", type=click.Path(path_type=Path))
@click.option(
    "--field",
    default="text",
    show_default=True,
    help="Field to scrub (a string, or a messages list whose contents are scrubbed).",
)
@out_option("Output JSON lines.", required=True)
def scrub_command(input_path: Path, field: str, out: Path) -> None:
    """Replace PHI in one field of every line with typed placeholders ([NAME], [DATE], ...).

    Prints the count per identifier kind on stderr.
    """
    from tqdm import tqdm

    from medeval.trainers.build import check_presidio
    from medeval.trainers.phi import PhiScrubber
    from medeval.trainers.sources import write_jsonl

    records = _records(input_path)
    for line, record in records:
        _texts(record, field, input_path, line)  # every line checked before the slow part
    check_presidio()
    scrubber = PhiScrubber()
    totals: Counter[str] = Counter()
    for _, record in tqdm(records, desc="scrubbing PHI", unit="line"):
        if isinstance(record[field], str):
            record[field], counts = scrubber.scrub(record[field])
            totals.update(counts)
        else:
            for message in record[field]:
                message["content"], counts = scrubber.scrub(message["content"])
                totals.update(counts)
    write_jsonl(out, [record for _, record in records])
    click.echo(f"scrubbed {len(records)} line(s) -> {out}", err=True)
    for kind, count in sorted(totals.items()):
        click.echo(f"  [{kind}] {count}", err=True)
    if not totals:
        click.echo("  no PHI found", err=True)


@data_group.command("decontaminate")
@click.argument("input_path", metavar="IN.jsonl", type=click.Path(path_type=Path))
@click.option(
    "--field",
    default="text",
    show_default=True,
    help="Field to check (a string, or a messages list).",
)
@data_dir_option()
@out_option("Kept lines go here.", required=True)
@suites_option("Comma-separated suites (default: every registered).")
@click.option(
    "--ngram",
    type=click.IntRange(min=5),
    default=13,
    show_default=True,
    help="Shared word n-gram length that drops a line.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.8,
    show_default=True,
    help="Word-trigram Jaccard that counts as a near-duplicate.",
)
@click.option(
    "--panel",
    default="patient_education,concept_explanation,pubmedqa_summary",
    show_default=True,
    help="Expert-panel prompt pools to check as well (comma-separated: patient_education, "
    "concept_explanation, pubmedqa_summary; 'none' for none).",
)
def decontaminate_command(
    input_path: Path,
    field: str,
    data_dir: Path | None,
    out: Path,
    suites: str | None,
    ngram: int,
    threshold: float,
    panel: str,
) -> None:
    """Drop lines that overlap an evaluation item of any registered suite or a prompt of the
    expert panel; say what and why."""
    from tqdm import tqdm

    from medeval.files import resolve_data_dir
    from medeval.trainers.decontaminate import DecontaminationReport, eval_index
    from medeval.trainers.sources import write_jsonl

    records = _records(input_path)
    texts = [
        (line, record, "\n".join(_texts(record, field, input_path, line)))
        for line, record in records
    ]
    names = [s.strip() for s in suites.split(",") if s.strip()] if suites else None
    root = resolve_data_dir(data_dir)
    tasks = [t.strip() for t in panel.split(",") if t.strip() and t.strip() != "none"]
    if root is None:
        click.echo("no --data-dir or MEDEVAL_DATA_DIR: suites will be read from the hub", err=True)
        skipped = [t for t in tasks if t != "concept_explanation"]
        tasks = [t for t in tasks if t == "concept_explanation"]
        if skipped:
            click.echo(f"panel prompts not checked (need the data folder): {', '.join(skipped)}")
    index, summary = eval_index(root, names, n=ngram, threshold=threshold, panel=tasks)
    report = DecontaminationReport()
    kept = []
    for line, record, text in tqdm(texts, desc="decontaminating", unit="line"):
        matches = index.check(text)
        if matches:
            sample_id = str(record.get("id", f"line {line}"))
            report.record(sample_id, str(record.get("source", input_path.name)), matches)
            reasons = "; ".join(f"{m.suite} item {m.item_id}: {m.reason}" for m in matches)
            click.echo(f"dropped line {line} ({sample_id}): {reasons}", err=True)
        else:
            kept.append(record)
    write_jsonl(out, kept)
    items = sum(summary["items_per_suite"].values()) + sum(
        summary["panel_prompts_per_task"].values()
    )
    per_suite = ", ".join(f"{k} {v}" for k, v in report.per_suite.items()) or "none"
    click.echo(
        f"checked {len(records)} line(s) against {items} evaluation items and panel prompts; "
        f"dropped "
        f"{len(records) - len(kept)} (per suite: {per_suite}); kept {len(kept)} -> {out}",
        err=True,
    )
