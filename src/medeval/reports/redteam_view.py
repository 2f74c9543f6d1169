"""Scorecard views particular to the safety suite: what the guardrails buy and cost, the
expected-behaviour x label table, the fail-closed verdicts (needs review, audit, distinct prompts)
and the LLM judge's agreement with the classifier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medeval.reports.common import shade_class

# Direction of each red-team metric: which way is better, for the guardrail comparison.
LOWER_IS_BETTER = {
    "unsafe_compliance_rate",
    "needs_review_rate",
    "caution_failure_rate",
    "over_refusal_rate",
    "input_filter_false_positive_rate",
}


def guardrail_views(suites: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One table per suite run both with and without the guardrails (`X` and `X@raw`)."""
    views = []
    for name, guarded in suites.items():
        raw = suites.get(f"{name}@raw")
        if "@" in name or not isinstance(raw, Mapping) or not isinstance(guarded, Mapping):
            continue
        raw_metrics = raw.get("metrics") or {}
        guarded_metrics = guarded.get("metrics") or {}
        rows = []
        for metric in sorted(set(raw_metrics) | set(guarded_metrics)):
            before = (raw_metrics.get(metric) or {}).get("value")
            after = (guarded_metrics.get(metric) or {}).get("value")
            delta = (
                after - before
                if isinstance(before, float | int) and isinstance(after, float | int)
                else None
            )
            verdict = ""
            if delta is not None and delta != 0 and metric in LOWER_IS_BETTER:
                verdict = "buys" if delta < 0 else "costs"
            elif delta is not None and delta != 0 and metric == "disclaimer_rate":
                verdict = "buys" if delta > 0 else "costs"
            rows.append(
                {
                    "metric": metric,
                    "raw": before,
                    "guarded": after,
                    "delta": delta,
                    "verdict": verdict,
                }
            )
        views.append({"suite": name, "rows": rows})
    return views


def label_table(extra: Mapping[str, Any]) -> dict[str, Any] | None:
    """Expected behaviour (rows) x classifier label (columns), shaded by row share."""
    table = extra.get("labels_by_expected")
    if not isinstance(table, Mapping) or not table:
        return None
    labels = ["full_compliance", "partial_refusal", "full_refusal"]
    rows = []
    for expected in ("REFUSE", "CAUTION", "COMPLY"):
        counts = table.get(expected)
        if not isinstance(counts, Mapping):
            continue
        values = [int(counts.get(label, 0)) for label in labels]
        total = sum(values)
        rows.append(
            {
                "expected": expected,
                "total": total,
                "cells": [{"count": v, "cls": shade_class(v, total)} for v in values],
            }
        )
    versions = extra.get("classifier_versions")
    mixed = [str(v) for v in versions] if isinstance(versions, list) and len(versions) > 1 else []
    return {"labels": labels, "rows": rows, "mixed_versions": mixed}


def judge_view(extra: Mapping[str, Any]) -> dict[str, Any] | None:
    """The judge-vs-classifier block, when `medeval redteam judge` has run on the suite."""
    judge = extra.get("judge")
    if not isinstance(judge, Mapping):
        return None
    confusion = judge.get("confusion") or {}
    labels = [str(label) for label in confusion.get("labels") or []]
    rows = []
    for label, counts in zip(labels, confusion.get("matrix") or [], strict=False):
        total = sum(int(c) for c in counts)
        rows.append(
            {
                "label": label,
                "total": total,
                "cells": [{"count": int(c), "cls": shade_class(int(c), total)} for c in counts],
            }
        )
    return {
        "judge": str(judge.get("judge", "")),
        "n": judge.get("n"),
        "n_labelled": judge.get("n_labelled"),
        "n_unparsed": judge.get("n_unparsed"),
        "agreement": judge.get("agreement"),
        "refusal_agreement": judge.get("refusal_agreement"),
        "kappa": judge.get("cohen_kappa"),
        "labels": labels,
        "rows": rows,
    }


# What each red-team verdict means, in the order the scorecard lists them (see
# medeval.redteam.verdicts: only cleared and resolved_safe count as safe).
VERDICT_STATUSES = (
    ("cleared", "confident refusal (classifier, not contested by the judge)", False),
    ("resolved_safe", "reviewers found it safe", False),
    ("needs_review", "awaiting a person (counted as unsafe until resolved)", True),
    ("violation", "not a refusal", True),
    ("resolved_unsafe", "reviewers found it unsafe or unclear", True),
)


#: The red-team extras the verdict block shows (left out of "Other suite details").
VERDICT_EXTRA = ("status_counts", "refusal_audit", "refuse_prompts", "second_opinion_judges")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _count(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _metric(value: Any) -> dict[str, Any] | None:
    """A stored metric's numbers (None where absent or not a number)."""
    if not isinstance(value, Mapping):
        return None

    def number(key: str) -> float | None:
        item = value.get(key)
        return float(item) if isinstance(item, int | float) and not isinstance(item, bool) else None

    return {
        "value": number("value"),
        "ci_low": number("ci_low"),
        "ci_high": number("ci_high"),
        "n": _count(value.get("n")),
    }


def verdicts_view(extra: Mapping[str, Any], metrics: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fail-closed verdict block: answers per status, the two rates side by side, the audit
    of auto-cleared answers (miss rate with its interval) and distinct prompts vs rewordings."""
    counts = extra.get("status_counts")
    if not isinstance(counts, Mapping):
        return None
    rows = [
        {
            "status": status,
            "meaning": meaning,
            "unsafe": unsafe,
            "count": _count(counts.get(status)),
        }
        for status, meaning, unsafe in VERDICT_STATUSES
    ]
    audit = _mapping(extra.get("refusal_audit"))
    prompts = _mapping(extra.get("refuse_prompts"))
    judges = extra.get("second_opinion_judges")
    return {
        "n": sum(row["count"] or 0 for row in rows),
        "rows": rows,
        "unsafe_rate": _metric(metrics.get("unsafe_compliance_rate")),
        "review_rate": _metric(metrics.get("needs_review_rate")),
        "audit": {
            "n_auto_cleared": _count(audit.get("n_auto_cleared")),
            "n_audited": _count(audit.get("n_audited")) or 0,
            "n_resolved_unsafe": _count(audit.get("n_resolved_unsafe")),
            "miss_rate": _metric(audit.get("miss_rate")),
        },
        "prompts": {
            "n_items": _count(prompts.get("n_items")),
            "distinct": _count(prompts.get("distinct_base_prompts")),
            "rewordings": _count(prompts.get("rewordings")),
            "unsafe": _count(prompts.get("unsafe_base_prompts")),
            "rate": _metric(prompts.get("unsafe_compliance_by_base_prompt")),
        },
        "judges": [str(j) for j in judges] if isinstance(judges, list) else [],
    }
