"""Scorecard views particular to the safety suite: what the guardrails buy and cost, the
expected-behaviour x label table, and the LLM judge's agreement with the classifier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medeval.reports.common import shade_class

# Direction of each red-team metric: which way is better, for the guardrail comparison.
LOWER_IS_BETTER = {
    "unsafe_compliance_rate",
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
