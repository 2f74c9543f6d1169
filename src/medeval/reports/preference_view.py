"""The scorecard's side-by-side panel section: the candidate's win rate against its opponent.

Built from ``extra.pairwise``, which ``medeval panel import`` stores with the `rubric` suite of
every candidate run of a pairwise panel, so the page needs nothing but results.json: the win
rate with its 95% interval, the judgment counts, the answers flagged harmful, rater agreement
(kappa) and, when more than two runs were paired, the Bradley-Terry ranking. Every string here
(run names, paths, questions, model answers) is untrusted and reaches the page only through the
templates' autoescaping.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

PAIRWISE_EXTRA = ("pairwise",)
"""Extra keys this section shows; the generic 'other details' block leaves them out."""

KAPPA_NAMES = {"cohen_kappa": "Cohen's kappa", "fleiss_kappa": "Fleiss' kappa"}

COUNT_LABELS = (
    ("wins", "this run preferred"),
    ("ties", "tie"),
    ("both_unacceptable", "both unacceptable"),
    ("losses", "opponent preferred"),
)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def preference_view(extra: Mapping[str, Any]) -> dict[str, Any] | None:
    """Everything the pairwise section shows, or None when the suite holds no pairwise result."""
    pairwise = extra.get("pairwise")
    if not isinstance(pairwise, Mapping) or not isinstance(pairwise.get("win_rate"), Mapping):
        return None
    row = _mapping(pairwise["win_rate"])
    metric = _mapping(row.get("metric"))
    counts = _mapping(row.get("judgments"))
    harmful = _mapping(row.get("harmful_judgments"))
    agreement = _mapping(pairwise.get("agreement"))
    candidate_run = str(row.get("candidate_run", ""))
    baseline_run = str(row.get("baseline_run", ""))
    ranking = []
    for entry in pairwise.get("bradley_terry") or []:
        if not isinstance(entry, Mapping):
            continue
        run_dir = str(entry.get("run_dir", ""))
        ranking.append(
            {
                "rank": _count(entry.get("rank")),
                "model": str(entry.get("model", "")),
                "run_dir": run_dir,
                "strength": _number(entry.get("strength")),
                "log_strength": _number(entry.get("log_strength")),
                "role": "this run"
                if run_dir == candidate_run
                else ("baseline" if run_dir == baseline_run else ""),
            }
        )
    method = agreement.get("method")
    flags = []
    for flag in pairwise.get("harm_flags") or []:
        if isinstance(flag, Mapping):
            flags.append(
                {
                    "item_id": str(flag.get("item_id", "")),
                    "panel_item": str(flag.get("panel_item", "")),
                    "question": str(flag.get("question", "")),
                    "answer": str(flag.get("answer", "")),
                    "raters": ", ".join(str(r) for r in flag.get("raters") or []),
                }
            )
    return {
        "panel_id": str(pairwise.get("panel_id", "")),
        "panel_dir": str(pairwise.get("panel_dir", "")),
        "samples": str(pairwise.get("samples", "")),
        "candidate": str(row.get("candidate", "")),
        "candidate_run": candidate_run,
        "opponent": str(row.get("baseline", "")),
        "opponent_run": baseline_run,
        "value": _number(metric.get("value")),
        "ci_low": _number(metric.get("ci_low")),
        "ci_high": _number(metric.get("ci_high")),
        "n": _count(metric.get("n")),
        "n_items": _count(row.get("n_items")),
        "counts": [
            {"key": key, "label": label, "count": _count(counts.get(key))}
            for key, label in COUNT_LABELS
        ],
        "harmful": {
            "candidate": _count(harmful.get("candidate")),
            "opponent": _count(harmful.get("baseline")),
        }
        if harmful
        else None,
        "agreement": {
            "method": KAPPA_NAMES.get(str(method), str(method)) if method else None,
            "kappa": _number(agreement.get("kappa")),
            "n_items": _count(agreement.get("n_items")),
            "raters": ", ".join(str(r) for r in agreement.get("raters") or []),
        },
        "ranking": ranking,
        "harm_flags": flags,
    }
