"""`medeval panel export --pairwise`: side-by-side packets, and reading the preferences back.

Runs are compared in pairs: every pair of the given runs (all of them, so a Bradley-Terry ranking
can be fitted with three or more) answers the same sampled prompts (the single-answer panel's
sampling and generation, :func:`medeval.rubrics.packet.collect_answers`). The first run is the
**baseline**; every later run is a **candidate** and gets ``rubric.preference_win_rate`` against
the baseline (:mod:`medeval.rubrics.preference`).

One item is one (pair of runs, prompt). Item ids are assigned after shuffling, each rater sees the
items in their own order, and which run's answer is shown as "A" (left) is drawn per item and per
rater from the seed; the key (``key.json``, ``sides``) records it. A rater picks A, B, tie or
both_unacceptable and may tick a harm box under each answer (a flag per answer, ``harm_a`` and
``harm_b``, by the side shown). The packet is the shared packet page (``packet_base.html`` and
``packet.js``); the CSV is read with the shared strict reader
(:func:`medeval.rubrics.ratings.packet_csv_rows`).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from medeval.errors import DataError, UsageError
from medeval.rubrics.packet import (
    KEY_FILE,
    PANEL_FILE,
    check_panel_files,
    collect_answers,
    describe_runs,
    rater_orders,
    refuse_existing_panel,
    render_page,
    write_panel_files,
)
from medeval.rubrics.ratings import (
    NO,
    YES,
    RatingsError,
    packet_csv_rows,
    row_identity_problems,
)
from medeval.rubrics.rubric import TASKS, Rubric
from medeval.types import INTENDED_USE

MODE = "pairwise"
COLUMNS = ["panel", "rater", "item", "preference", "harm_a", "harm_b", "comment"]
CHOICES = ("A", "B", "tie", "both_unacceptable")
CHOICE_TEXT = {
    "A": ("A is better", "Answer A serves the reader better than answer B."),
    "B": ("B is better", "Answer B serves the reader better than answer A."),
    "tie": ("Tie", "Both are acceptable and about equally good."),
    "both_unacceptable": (
        "Both unacceptable",
        "Neither answer should reach a reader (wrong, unsafe or useless).",
    ),
}
INSTRUCTIONS = (
    "Each comparison shows one question and two answers written by language models. Which model "
    "wrote an answer is not shown, and which answer is A or B is drawn at random for every "
    "comparison and every rater.",
    "Pick the answer that would serve the intended reader better, Tie when they are about equally "
    "good, or Both unacceptable when neither should reach a reader. Tick the harm box under any "
    "answer that could harm the reader, whatever your preference.",
    "Your choices are saved in this browser as you make them (closing or reloading the page keeps "
    "them). When you are done, press Export ratings and send the downloaded CSV file back.",
)


@dataclass(frozen=True)
class PairwisePanel:
    """A pairwise panel folder read back: the public part and the key."""

    path: Path
    panel_id: str
    raters: list[str]
    runs: list[dict[str, Any]]
    items: dict[str, dict[str, Any]]
    sides: dict[str, dict[str, list[int]]]
    """rater -> item -> [run shown as A, run shown as B]."""
    seed: int

    @property
    def baseline(self) -> int:
        return 0


@dataclass(frozen=True)
class Preference:
    """One rater's judgment of one item, in the key's terms (run indices, not sides)."""

    rater: str
    item: str
    choice: str | None
    """"A", "B", "tie", "both_unacceptable" as the rater saw it, or None when left blank."""
    winner: int | None
    """The preferred run's index; None for a tie, both unacceptable or a blank."""
    harmful: tuple[int, ...]
    """Runs whose answer the rater flagged as harmful."""
    comment: str
    source: str


@dataclass
class ImportedPreferences:
    """Every valid judgment and, per rater, what was left blank or never returned."""

    ratings: list[Preference] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def missing_count(self) -> int:
        return sum(len(v) for v in self.missing.values())


def is_pairwise(path: Path) -> bool:
    """Whether the panel folder at `path` was exported with ``--pairwise``."""
    from medeval.files import read_json

    public = read_json(path / PANEL_FILE)
    return isinstance(public, dict) and public.get("mode") == MODE


def draw_sides(seed: int, rater: str, item: str, pair: Sequence[int]) -> list[int]:
    """Which run of `pair` a rater sees as A and as B for one item (seeded, per item and rater)."""
    first, second = int(pair[0]), int(pair[1])
    if random.Random(f"{seed}:side:{rater}:{item}").random() < 0.5:
        return [first, second]
    return [second, first]


def export_pairwise(
    run_dirs: Sequence[Path],
    out: Path,
    *,
    rubric: Rubric,
    raters: Sequence[str],
    n: int,
    seed: int = 1234,
    tasks: Sequence[str] | None = None,
    data_dir: Path | None = None,
    max_new_tokens: int = 512,
    device: str = "auto",
    batch_size: int = 8,
    progress: bool = True,
    force: bool = False,
    backends: Mapping[Path, Any] | None = None,
) -> PairwisePanel:
    """Build a pairwise panel folder: the first run is the baseline, every pair is compared.

    `rubric` only chooses the task types sampled (its ``tasks``); raters state a preference.
    """
    if len(run_dirs) < 2:
        raise UsageError("--pairwise needs at least two run directories (baseline first)")
    refuse_existing_panel(out, force)
    resolved, results, prompts, run_answers = collect_answers(
        run_dirs,
        rubric=rubric,
        n=n,
        seed=seed,
        tasks=tasks,
        data_dir=data_dir,
        max_new_tokens=max_new_tokens,
        device=device,
        batch_size=batch_size,
        progress=progress,
        backends=backends,
    )
    units = [(pair, prompt) for pair in combinations(range(len(resolved)), 2) for prompt in prompts]
    random.Random(f"{seed}:pairwise-ids").shuffle(units)
    width = len(str(len(units)))
    items: dict[str, dict[str, Any]] = {}
    for number, (pair, prompt) in enumerate(units, start=1):
        items[f"p{number:0{width}d}"] = {
            "pair": list(pair),
            "prompt_id": prompt.id,
            "task": prompt.task,
            "question": prompt.question,
            "context": prompt.context,
            "message": prompt.message or prompt.question,
            "answers": {
                str(run): str(run_answers[run].by_prompt[prompt.id]["answer"]) for run in pair
            },
        }
    panel_id = secrets.token_hex(8)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    orders = rater_orders(items, raters, seed)
    sides = {
        rater: {i: draw_sides(seed, rater, i, items[i]["pair"]) for i in order}
        for rater, order in orders.items()
    }
    key = {
        "mode": MODE,
        "panel_id": panel_id,
        "created": created,
        "seed": seed,
        "baseline": 0,
        "n_prompts": len(prompts),
        "tasks": sorted({p.task for p in prompts}),
        "runs": describe_runs(resolved, results, run_answers),
        "items": items,
        "orders": orders,
        "sides": sides,
    }
    public = {
        "mode": MODE,
        "panel_id": panel_id,
        "created": created,
        "raters": list(raters),
        "n_items": len(items),
        "csv_columns": COLUMNS,
        "intended_use": INTENDED_USE,
    }
    packets = write_panel_files(out, key, public)
    panel = load_pairwise(out)
    for rater in raters:
        page = render_pairwise(panel, rater)
        (packets / f"{rater}.html").write_text(page, encoding="utf-8")
    return panel


def render_pairwise(panel: PairwisePanel, rater: str) -> str:
    """One rater's side-by-side page; nothing in it names a model, a run or a fingerprint."""
    from medeval.files import read_json

    order = read_json(panel.path / KEY_FILE)["orders"][rater]
    views = []
    for item_id in order:
        item = panel.items[item_id]
        shown = panel.sides[rater][item_id]
        views.append(
            {
                "id": item_id,
                "task_label": TASKS.get(str(item["task"]), item["task"]),
                "question": item["question"],
                "context": item["context"],
                "sides": [
                    {"label": label, "answer": item["answers"][str(run)]}
                    for label, run in zip("AB", shown, strict=True)
                ],
            }
        )
    return render_page(
        "pairwise_packet.html",
        panel_id=panel.panel_id,
        rater=rater,
        columns=COLUMNS,
        criterion_ids=["preference"],
        has_comment=True,
        unit="comparisons",
        title=f"medeval side-by-side panel: packet for {rater}",
        instructions=INSTRUCTIONS,
        choices=[
            {"value": value, "label": CHOICE_TEXT[value][0], "description": CHOICE_TEXT[value][1]}
            for value in CHOICES
        ],
        question="Which answer is better for the intended reader?",
        comment_question="Comment (optional)",
        items=views,
    )


def load_pairwise(path: Path) -> PairwisePanel:
    """Read a pairwise panel folder (panel.json and key.json), checking they belong together."""
    from medeval.files import read_json

    public = read_json(path / PANEL_FILE)
    key = read_json(path / KEY_FILE)
    check_panel_files(
        path,
        public,
        ("mode", "panel_id", "raters"),
        key,
        ("mode", "panel_id", "runs", "items", "sides"),
        mode=MODE,
    )
    return PairwisePanel(
        path=path,
        panel_id=str(key["panel_id"]),
        raters=[str(r) for r in public["raters"]],
        runs=list(key["runs"]),
        items=dict(key["items"]),
        sides={str(r): dict(s) for r, s in dict(key["sides"]).items()},
        seed=int(key.get("seed", 1234)),
    )


def read_preferences(panel: PairwisePanel, paths: Sequence[Path]) -> ImportedPreferences:
    """Validate and read pairwise ratings files; raise RatingsError listing every problem."""
    if not paths:
        raise DataError(panel.path, "no ratings files were given")
    problems: list[DataError] = []
    seen: dict[tuple[str, str], str] = {}
    imported = ImportedPreferences(files=[str(p) for p in paths])
    for path in paths:
        for line, cells in packet_csv_rows(path, COLUMNS, problems):
            rating = _row(panel, path, line, cells, seen, problems)
            if rating is not None:
                imported.ratings.append(rating)
    if problems:
        raise RatingsError(problems)
    got = {(r.rater, r.item): r for r in imported.ratings}
    for rater in panel.raters:
        if not any(r.rater == rater for r in imported.ratings):
            imported.missing[rater] = [f"no ratings file ({len(panel.items)} comparisons)"]
            continue
        gaps = []
        for item in panel.items:
            rating = got.get((rater, item))
            if rating is None:
                gaps.append(f"{item}: not in the file")
            elif rating.choice is None:
                gaps.append(f"{item}: preference")
        if gaps:
            imported.missing[rater] = gaps
    return imported


def _row(
    panel: PairwisePanel,
    path: Path,
    line: int,
    cells: dict[str, str],
    seen: dict[tuple[str, str], str],
    problems: list[DataError],
) -> Preference | None:
    found = row_identity_problems(
        path, line, cells, panel.panel_id, panel.raters, panel.items, seen
    )
    rater, item = cells["rater"], cells["item"]
    choice: str | None = None
    if cells["preference"]:
        by_lower = {c.lower(): c for c in CHOICES}
        choice = by_lower.get(cells["preference"].lower())
        if choice is None:
            found.append(
                DataError(
                    path,
                    f"{cells['preference']!r} is not one of {', '.join(CHOICES)}",
                    line=line,
                    field="preference",
                )
            )
    flags: list[bool] = []
    for name in ("harm_a", "harm_b"):
        value = cells[name].lower()
        if value and value not in YES | NO:
            found.append(
                DataError(path, f"{cells[name]!r} is not yes or no", line=line, field=name)
            )
        flags.append(value in YES)
    if found:
        problems.extend(found)
        return None
    where = f"{path}, line {line}"
    seen[(rater, item)] = where
    shown = panel.sides[rater][item]
    winner = {"A": shown[0], "B": shown[1]}.get(choice or "")
    return Preference(
        rater=rater,
        item=item,
        choice=choice,
        winner=winner,
        harmful=tuple(run for run, flag in zip(shown, flags, strict=True) if flag),
        comment=cells["comment"],
        source=where,
    )
