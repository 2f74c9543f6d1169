"""The dataset card: what went in, what each step removed or changed, and checksums.

``card.json`` is for machines (the trainer records its checksum in the candidate's manifest);
``card.md`` says the same for people, escaped nowhere because it holds only counts, names and
hashes that medeval wrote itself and the config author's own notes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medeval.store import write_json_atomic

#: Counts per source after each step (PHI scrubbing, after mixing, changes text, not counts).
STEPS = ("loaded", "after_clean", "after_decontaminate", "mixed")


def write_card(out_dir: Path, card: dict[str, Any]) -> None:
    write_json_atomic(out_dir / "card.json", card)
    tmp = out_dir / ".card.md.tmp"
    tmp.write_text(render_markdown(card), encoding="utf-8")
    tmp.replace(out_dir / "card.md")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def render_markdown(card: dict[str, Any]) -> str:
    sources = card["sources"]
    lines = [
        f"# Dataset card: {card['name']}",
        "",
        f"Built by medeval {card['versions']['medeval']} on {card['built']} from "
        f"`{card['config_path']}` (seed {card['seed']}). Research and education only: the "
        "samples teach a model to give general medical information, never medical advice.",
        "",
    ]
    config = card.get("config", {})
    notes = [str(config.get("notes") or "").strip()]
    notes += [
        f"**{source['name']}**: {source['note'].strip()}"
        for source in config.get("sources", [])
        if str(source.get("note") or "").strip()
    ]
    if any(notes):
        lines += ["## About this mix", ""]
        for note in notes:
            lines += [note, ""] if note else []
    lines += [
        "## Sources and counts per step",
        "",
    ]
    lines += _table(
        ["source", "format", "category", "origin", *STEPS, "train", "val", "test"],
        [
            [
                name,
                info["format"],
                info["category"] or "-",
                f"`{info['origin']}`",
                *[card["counts"][step].get(name, 0) for step in STEPS],
                *[
                    card["splits"][part]["per_source"].get(name, 0)
                    for part in ("train", "val", "test")
                ],
            ]
            for name, info in sources.items()
        ],
    )
    lines += ["", "## Mixing ratios", ""]
    lines += _table(
        ["source", "wanted", "achieved", "samples"],
        [
            [
                name,
                f"{r['wanted']:.3f}",
                f"{r['achieved']:.3f}",
                card["counts"]["mixed"].get(name, 0),
            ]
            for name, r in card["ratios"].items()
        ],
    )
    clean = card["cleaning"]
    lines += ["", "## Cleaning", ""]
    lines += _table(
        ["source", "empty", "exact duplicates", "near duplicates"],
        [
            [
                name,
                clean["empty"].get(name, 0),
                clean["exact_duplicates"].get(name, 0),
                clean["near_duplicates"].get(name, 0),
            ]
            for name in sources
        ],
    )
    decon = card["decontamination"]
    lines += ["", "## Decontamination", ""]
    if not decon.get("enabled", True):
        lines.append("Disabled in the config.")
    else:
        panel = decon.get("panel_prompts_per_task", {})
        lines.append(
            f"Checked against {sum(decon['items_per_suite'].values())} evaluation items "
            f"({', '.join(f'{k} {v}' for k, v in decon['items_per_suite'].items())})"
            + (
                f" and {sum(panel.values())} expert-panel prompts "
                f"({', '.join(f'{k} {v}' for k, v in panel.items())})"
                if panel
                else ""
            )
            + f": a shared {decon['ngram']}-gram, a whole short item question, or word-trigram "
            f"Jaccard >= {decon['near_duplicate_threshold']} drops a sample."
        )
        unchecked = decon.get("panel_tasks_not_checked", [])
        if unchecked:
            lines += [
                "",
                f"Panel prompts **not** checked: {', '.join(unchecked)}. A panel of a model "
                "trained on this data should leave those task types out (`medeval panel export "
                "--tasks ...`).",
            ]
        lines += [""]
        lines += _table(
            ["dropped per source", "samples"],
            [[k, v] for k, v in decon["dropped_per_source"].items()],
        )
        lines += [""]
        lines += _table(
            ["dropped per suite", "samples"],
            [[k, v] for k, v in decon["dropped_per_suite"].items()],
        )
    phi = card["phi"]
    lines += ["", "## PHI scrubbing", ""]
    if not phi.get("enabled", True):
        lines.append("Disabled in the config.")
    else:
        totals: dict[str, int] = {}
        for per_kind in phi["per_source"].values():
            for kind, count in per_kind.items():
                totals[kind] = totals.get(kind, 0) + count
        lines.append(
            "Identifiers replaced with typed placeholders (presidio-analyzer pattern recognizers "
            "plus medeval's): "
            + (", ".join(f"[{k}] {v}" for k, v in sorted(totals.items())) or "none")
            + "."
        )
    safety = card["safety"]
    lines += [
        "",
        "## Safety layer",
        "",
        f"Safety system prompt: {'yes' if safety['system_prompt'] else 'no'}; educational "
        f"disclaimer appended to answers: {'yes' if safety['disclaimer'] else 'no'}.",
        "",
        "## Files",
        "",
    ]
    lines += _table(
        ["file", "samples", "sha256"],
        [
            [name, card["splits"][name.split(".")[0]]["count"], f"`{digest}`"]
            for name, digest in card["checksums"].items()
        ],
    )
    return "\n".join(lines) + "\n"
