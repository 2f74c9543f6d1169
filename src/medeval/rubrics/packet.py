"""`medeval panel export`: sample answers, blind them, and write one HTML packet per rater.

A panel folder holds:

* ``panel.json``: what raters may know (panel id, the rubric, raters, item count). No model names.
* ``key.json``: what they must not (which run and model wrote each item, the source prompt id,
  the generation settings). Kept out of the packets; ``panel import`` needs it.
* ``packets/<rater>.html``: self-contained pages (inline CSS and script, a Content-Security-Policy
  that allows only that script and no network), one per rater, items in a random order per
  rater, with opaque item ids shared across raters so their ratings can be compared.

Item ids are assigned after shuffling all (run, prompt) pairs, so neither the id nor the order
reveals which model wrote an answer; with several runs, answers of every model are mixed.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from medeval.errors import DataError, UsageError
from medeval.rubrics.answers import (
    Answers,
    Prompt,
    generate_answers,
    prompt_pools,
    read_results,
    run_redteam_answers,
    stratified_sample,
)
from medeval.rubrics.rubric import TASKS, Rubric, rubric_from_dict
from medeval.store import write_json_atomic
from medeval.types import INTENDED_USE

PANEL_FILE = "panel.json"
KEY_FILE = "key.json"
PACKETS = "packets"
TEMPLATES = Path(__file__).resolve().parent / "templates"
_RATER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Panel:
    """A panel folder read back: the public part, the key, and the rubric."""

    path: Path
    panel_id: str
    rubric: Rubric
    raters: list[str]
    runs: list[dict[str, Any]]
    items: dict[str, dict[str, Any]]
    seed: int

    def items_of_run(self, run: int) -> list[str]:
        return [item_id for item_id, item in self.items.items() if item["run"] == run]


def parse_raters(text: str) -> list[str]:
    raters = [part.strip() for part in text.split(",") if part.strip()]
    if not raters:
        raise UsageError("--raters needs at least one rater id, e.g. --raters r1,r2,r3")
    bad = [r for r in raters if not _RATER.match(r)]
    if bad:
        raise UsageError(
            f"rater id {bad[0]!r}: use letters, digits, '.', '_' or '-' (it names a file)"
        )
    if len(set(raters)) != len(raters):
        raise UsageError("--raters names a rater twice")
    return raters


def export_panel(
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
) -> Panel:
    """Build a panel folder from runs: sample prompts, get answers, write key and packets.

    `backends` maps a run directory to its model already loaded (Python API), so a process that
    has just run the model does not load it again; other runs' models are loaded from their
    settings.
    """
    if not run_dirs:
        raise UsageError("give at least one run directory")
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

    pairs = [(index, prompt) for index in range(len(resolved)) for prompt in prompts]
    random.Random(f"{seed}:ids").shuffle(pairs)
    width = len(str(len(pairs)))
    items: dict[str, dict[str, Any]] = {}
    for number, (run_index, prompt) in enumerate(pairs, start=1):
        answer = run_answers[run_index].by_prompt[prompt.id]
        items[f"a{number:0{width}d}"] = {
            "run": run_index,
            "prompt_id": prompt.id,
            "task": prompt.task,
            "question": prompt.question,
            "context": prompt.context,
            "message": prompt.message or prompt.question,
            "answer": str(answer["answer"]),
            "origin": answer.get("origin", "generated"),
        }
    panel_id = secrets.token_hex(8)
    runs = describe_runs(resolved, results, run_answers)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    orders = rater_orders(items, raters, seed)
    key = {
        "panel_id": panel_id,
        "created": created,
        "seed": seed,
        "n_prompts": len(prompts),
        "tasks": sorted({p.task for p in prompts}),
        "runs": runs,
        "items": items,
        "orders": orders,
    }
    public = {
        "panel_id": panel_id,
        "created": created,
        "rubric": rubric.model_dump(mode="json"),
        "raters": list(raters),
        "n_items": len(items),
        "csv_columns": rubric.csv_columns(),
        "intended_use": INTENDED_USE,
    }
    packets = write_panel_files(out, key, public)
    for rater in raters:
        page = render_packet(rubric, panel_id, rater, [dict(items[i], id=i) for i in orders[rater]])
        (packets / f"{rater}.html").write_text(page, encoding="utf-8")
    return load_panel(out)


def collect_answers(
    run_dirs: Sequence[Path],
    *,
    rubric: Rubric,
    n: int,
    seed: int,
    tasks: Sequence[str] | None,
    data_dir: Path | None,
    max_new_tokens: int,
    device: str,
    batch_size: int,
    progress: bool,
    backends: Mapping[Path, Any] | None,
) -> tuple[list[Path], list[dict[str, Any]], list[Prompt], list[Answers]]:
    """Sample `n` prompts over the rubric's task types and every run's answer to each.

    Shared by the single-answer panel and the pairwise panel (:mod:`medeval.rubrics.pairwise`):
    red-team answers a run holds are reused, the rest generated with the run's own model.
    Returns the resolved run directories, their results.json, the prompts and the answers.
    """
    resolved = [Path(r).resolve() for r in run_dirs]
    if len(set(resolved)) != len(resolved):
        raise UsageError("a run directory is given twice")
    results = [read_results(run) for run in resolved]
    chosen_tasks = list(tasks) if tasks else list(rubric.tasks)
    unknown = [t for t in chosen_tasks if t not in rubric.tasks]
    if unknown:
        raise UsageError(
            f"task {unknown[0]!r} is not one rubric '{rubric.id}' rates ({', '.join(rubric.tasks)})"
        )
    if data_dir is None:
        from medeval.files import resolve_data_dir

        data_dir = resolve_data_dir(None)
        recorded = (results[0].get("settings") or {}).get("data_dir")
        if data_dir is None and recorded and Path(recorded).is_dir():
            data_dir = Path(recorded)
    pools = prompt_pools(chosen_tasks, data_dir)
    held = [run_redteam_answers(run) for run in resolved]
    if "redteam" in pools and all(held):
        # Every run already answered red-team prompts: rate those answers, generate none.
        shared = set.intersection(*(set(h) for h in held))
        pools["redteam"] = [p for p in pools["redteam"] if p.id in shared]
    prompts = stratified_sample(pools, n, seed)

    loaded = {Path(k).resolve(): v for k, v in (backends or {}).items()}
    run_answers: list[Answers] = []
    for run, result, existing in zip(resolved, results, held, strict=True):
        needed = [p for p in prompts if p.id not in existing]
        answers = Answers()
        if needed:
            answers = generate_answers(
                run,
                result,
                needed,
                max_new_tokens=max_new_tokens,
                device=device,
                batch_size=batch_size,
                progress=progress,
                backend=loaded.get(run),
            )
        for prompt in prompts:
            if prompt.id in existing:
                answers.by_prompt[prompt.id] = existing[prompt.id]
        run_answers.append(answers)
    return resolved, results, prompts, run_answers


def describe_runs(
    resolved: Sequence[Path], results: Sequence[dict[str, Any]], run_answers: Sequence[Answers]
) -> list[dict[str, Any]]:
    """The key's ``runs`` entries: directory, model name and fingerprint, generation settings."""
    return [
        {
            "index": index,
            "run_dir": str(run),
            "model": (result.get("model") or {}).get("name", run.name),
            "fingerprint": (result.get("model") or {}).get("fingerprint", ""),
            "generation": run_answers[index].generation,
        }
        for index, (run, result) in enumerate(zip(resolved, results, strict=True))
    ]


def refuse_existing_panel(out: Path, force: bool) -> None:
    """Refuse to export over a panel already in `out` (its key.json) unless `force`.

    Shared by the single-answer and the pairwise export: packets of the old panel may be out with
    raters, and their ratings would no longer match the key.
    """
    if (out / KEY_FILE).exists() and not force:
        raise UsageError(
            f"{out} already holds a panel (key.json): packets may be out with raters. Choose "
            "another --out, or pass --force to replace it."
        )


def rater_orders(
    items: Mapping[str, Any], raters: Sequence[str], seed: int
) -> dict[str, list[str]]:
    """Each rater's own order of the item ids (seeded per rater); the key's ``orders``."""
    orders: dict[str, list[str]] = {}
    for rater in raters:
        order = list(items)
        random.Random(f"{seed}:order:{rater}").shuffle(order)
        orders[rater] = order
    return orders


def write_panel_files(out: Path, key: Mapping[str, Any], public: Mapping[str, Any]) -> Path:
    """Write a panel folder's key.json and panel.json, make its ``ratings`` and ``packets``
    folders, and return the packets folder (either kind of panel)."""
    out.mkdir(parents=True, exist_ok=True)
    write_json_atomic(out / KEY_FILE, key)
    write_json_atomic(out / PANEL_FILE, public)
    (out / "ratings").mkdir(exist_ok=True)
    packets = out / PACKETS
    packets.mkdir(exist_ok=True)
    return packets


def check_panel_files(
    path: Path,
    public: Any,
    public_fields: Sequence[str],
    key: Any,
    key_fields: Sequence[str],
    mode: str | None = None,
) -> None:
    """Check a panel folder's panel.json (`public`) and key.json (`key`) as read from `path`.

    Each must be a JSON object holding its `*_fields` (and, when `mode` is given, a ``mode`` of
    that value), and the two must carry the same panel id; raise DataError naming the file
    otherwise. Shared by :func:`load_panel` and :func:`medeval.rubrics.pairwise.load_pairwise`.
    """
    for origin, data, fields in (
        (path / PANEL_FILE, public, public_fields),
        (path / KEY_FILE, key, key_fields),
    ):
        if not isinstance(data, dict):
            raise DataError(origin, "expected a JSON object")
        for name in fields:
            if name not in data:
                raise DataError(origin, "missing field", field=name)
        if mode is not None and data["mode"] != mode:
            raise DataError(origin, f"not a {mode} panel (mode {data['mode']!r})", field="mode")
    if public["panel_id"] != key["panel_id"]:
        raise DataError(
            path / KEY_FILE,
            f"panel id {key['panel_id']} differs from panel.json's {public['panel_id']}",
            field="panel_id",
        )


def load_panel(path: Path) -> Panel:
    """Read a panel folder (panel.json and key.json), checking they belong together."""
    from medeval.files import read_json

    public = read_json(path / PANEL_FILE)
    if isinstance(public, dict) and public.get("mode") == "pairwise":
        raise DataError(
            path / PANEL_FILE,
            "a pairwise panel (side-by-side preferences): this command takes a single-answer panel",
            field="mode",
        )
    key = read_json(path / KEY_FILE)
    check_panel_files(
        path, public, ("panel_id", "rubric", "raters"), key, ("panel_id", "runs", "items")
    )
    return Panel(
        path=path,
        panel_id=str(key["panel_id"]),
        rubric=rubric_from_dict(public["rubric"], path / PANEL_FILE),
        raters=[str(r) for r in public["raters"]],
        runs=list(key["runs"]),
        items=dict(key["items"]),
        seed=int(key.get("seed", 1234)),
    )


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    css = (TEMPLATES / "packet.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "packet.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return css, script, csp


def render_page(
    template: str,
    *,
    panel_id: str,
    rater: str,
    columns: Sequence[str],
    criterion_ids: Sequence[str],
    has_helpful: bool = False,
    has_comment: bool = False,
    **context: Any,
) -> str:
    """A rating packet page: `template` extends ``packet_base.html`` (templates/).

    The page is self-contained (inline CSS and packet.js, a Content-Security-Policy allowing only
    that script and no network) and carries the intended-use statement; packet.js keeps the
    rater's inputs in the browser and exports one CSV row per item with exactly `columns` (the
    first three ``panel, rater, item``). Every text from data or a model is autoescaped. Shared by
    the expert panel and the red-team review queue (:mod:`medeval.redteam.review`).
    """
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css, script, csp = _assets()
    return env.get_template(template).render(
        css=Markup(css),
        script=Markup(script),
        csp=csp,
        intended_use=INTENDED_USE,
        panel_id=panel_id,
        rater=rater,
        columns=list(columns),
        criterion_ids=list(criterion_ids),
        has_helpful=has_helpful,
        has_comment=has_comment,
        **context,
    )


def render_packet(
    rubric: Rubric, panel_id: str, rater: str, items: Sequence[dict[str, Any]]
) -> str:
    """One rater's packet page; every text from data or a model is autoescaped."""
    calibration = None
    if rubric.calibration is not None:
        calibration = {
            **rubric.calibration.model_dump(),
            "task_label": TASKS.get(rubric.calibration.task, rubric.calibration.task),
        }
    views = [dict(item, task_label=TASKS.get(str(item["task"]), item["task"])) for item in items]
    return render_page(
        "packet.html",
        panel_id=panel_id,
        rater=rater,
        columns=rubric.csv_columns(),
        criterion_ids=rubric.criterion_ids,
        has_helpful=rubric.helpful is not None,
        has_comment=rubric.comment is not None,
        title=f"medeval expert panel: packet for {rater}",
        criteria=rubric.criteria,
        scale=rubric.scale,
        scale_points=rubric.scale.values(),
        helpful=rubric.helpful,
        comment=rubric.comment,
        description=rubric.description,
        rubric_title=rubric.title,
        rubric_version=rubric.version,
        calibration=calibration,
        items=views,
    )
