"""The scorecard's expert-panel section: agreement, items flagged for review, model comparison.

Built from the ``extra`` that ``medeval panel import`` stores with the ``rubric`` suite, so the
page needs nothing but results.json. Metrics, intervals and thresholds of the suite are shown
by the generic suite table like any other suite's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RENDERED_EXTRA = ("agreement", "flagged", "per_model", "win_rates", "judge")
"""Extra keys this section shows; the generic 'other details' block leaves them out."""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def rubric_view(extra: Mapping[str, Any]) -> dict[str, Any] | None:
    """Everything the rubric section shows, or None when the suite has no panel extras."""
    agreement = extra.get("agreement")
    if not isinstance(agreement, Mapping):
        return None
    rows = []
    for name, figures in agreement.items():
        if not isinstance(figures, Mapping):
            continue
        kappas = [k for k in figures.get("weighted_kappa") or [] if isinstance(k, Mapping)]
        kappa_values = [v for v in (_number(k.get("kappa")) for k in kappas) if v is not None]
        rows.append(
            {
                "criterion": str(name),
                "alpha": _number(
                    figures.get(
                        "krippendorff_alpha_ordinal", figures.get("krippendorff_alpha_nominal")
                    )
                ),
                "alpha_level": "ordinal" if "krippendorff_alpha_ordinal" in figures else "nominal",
                "alpha_low": _number(figures.get("alpha_ci_low")),
                "alpha_high": _number(figures.get("alpha_ci_high")),
                "alpha_n": figures.get("alpha_n_items"),
                "icc": _number(figures.get("icc2k")),
                "icc_n": figures.get("icc_n_items"),
                "kappas": [
                    {
                        "pair": " / ".join(str(r) for r in k.get("raters") or []),
                        "kappa": _number(k.get("kappa")),
                        "n": k.get("n"),
                    }
                    for k in kappas
                ],
                "kappa_mean": sum(kappa_values) / len(kappa_values) if kappa_values else None,
                "has_icc": "icc2k" in figures,
            }
        )
    per_model = []
    criteria: list[str] = []
    for entry in extra.get("per_model") or []:
        if not isinstance(entry, Mapping):
            continue
        metrics = entry.get("metrics") or {}
        values = {
            str(key): _number(value.get("value"))
            for key, value in metrics.items()
            if isinstance(value, Mapping)
        }
        criteria = [
            k for k in values if k.endswith("_mean") or k in ("helpful_rate", "harmful_count")
        ]
        per_model.append({"model": str(entry.get("model", "")), "values": values})
    flagged = [f for f in extra.get("flagged") or [] if isinstance(f, Mapping)]
    rubric = extra.get("rubric") or {}
    return {
        "rubric": f"{rubric.get('id', '')} (version {rubric.get('version', '')})",
        "raters": [str(r) for r in extra.get("raters") or []],
        "panel_id": str(extra.get("panel_id", "")),
        "agreement": rows,
        "flagged": [
            {
                "item_id": str(f.get("item_id", "")),
                "panel_item": str(f.get("panel_item", "")),
                "task": str(f.get("task", "")),
                "question": str(f.get("question", "")),
                "answer": str(f.get("answer", "")),
                "median": _number(f.get("median")),
                "scores": ", ".join(f"{r}: {v}" for r, v in (f.get("scores") or {}).items()),
                "comments": [f"{r}: {c}" for r, c in (f.get("comments") or {}).items()],
            }
            for f in flagged
        ],
        "per_model": per_model,
        "per_model_columns": criteria,
        "win_rates": [w for w in extra.get("win_rates") or [] if isinstance(w, Mapping)],
        "judge": dict(extra["judge"]) if isinstance(extra.get("judge"), Mapping) else None,
    }
