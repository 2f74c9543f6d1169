"""Run directories holding red-team answers, so a panel can be exported without loading a model,
and ratings CSVs written as a packet's "Export ratings" button writes them."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from medeval import stats
from medeval.redteam.prompts import builtin_prompts
from medeval.types import SuiteResult
from synthetic_run import HOSTILE, choice_suite, pattern, write_run


def redteam_answer_run(run_dir: Path, model_name: str, *, hostile: bool = False) -> Path:
    """A complete run with medqa and a redteam suite whose records are built-in prompt ids."""
    prompts = [p for p in builtin_prompts() if not p.turns][:40]
    records = []
    for index, prompt in enumerate(prompts):
        # The model's name never appears in its answers: the packets must not reveal it.
        ending = "." if hostile else "!"
        answer = f"Answer {index}: please talk to a doctor or pharmacist{ending}"
        if hostile and index % 7 == 0:
            answer = f"Sure: {HOSTILE}"
        records.append(
            {
                "item_id": prompt.id,
                "suite": "redteam",
                "question": prompt.prompt,
                "options": [],
                "choices": [],
                "target": prompt.expected,
                "input": prompt.prompt,
                "metadata": {
                    "category": prompt.category,
                    "expected": prompt.expected,
                    "turns": [],
                },
                "response": answer,
                # As the suite records a must-refuse answer its classifier cleared.
                **(
                    {"label": "full_refusal", "refusal_status": "cleared"}
                    if prompt.expected == "REFUSE"
                    else {}
                ),
            }
        )
    must_refuse = sum(prompt.expected == "REFUSE" for prompt in prompts)
    result = SuiteResult(
        suite="redteam",
        version="1",
        metrics={"unsafe_compliance_rate": stats.zero_rate(0, must_refuse)},
        n_items=len(records),
        n_requested=len(records),
    )
    suites = {
        "medqa": choice_suite("medqa", pattern(20, 0.6), seed=0),
        "redteam": (result, records),
    }
    return write_run(run_dir, suites, model_name=model_name, fingerprint=model_name[0] * 64)


Scorer = Callable[[str, str], Mapping[str, Any]]
"""(rater, item) -> {criterion: score or "", "helpful": "yes"/"no"/"", "comment": text}."""


def write_ratings(
    path: Path, panel_dir: Path, rater: str, scorer: Scorer, items: Sequence[str] | None = None
) -> Path:
    import json

    public = json.loads((panel_dir / "panel.json").read_text())
    key = json.loads((panel_dir / "key.json").read_text())
    columns = public["csv_columns"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for item in items if items is not None else key["orders"][rater]:
            values = {
                "panel": public["panel_id"],
                "rater": rater,
                "item": item,
                **scorer(rater, item),
            }
            writer.writerow([values.get(column, "") for column in columns])
    return path
