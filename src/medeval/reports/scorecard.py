"""The scorecard page: a run's results, gate verdict and wrongly answered items in one HTML file.

The page is built from the run directory alone (results.json and samples/), so it can be rebuilt
at any time with `medeval report`. Suites are rendered by the shape of their data, not by name:
any suite shows its metrics, intervals, thresholds and breakdowns; records with per-choice
log-likelihoods show as multiple-choice items, records with a ``response`` as generated answers.
That is how later suites (refusal, rubric) plug in without changes here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import zip_longest
from pathlib import Path
from typing import Any

from medeval.reports.common import chart_row, format_number, render, shade_class
from medeval.reports.guardrail_sources import with_sources
from medeval.reports.redteam_view import (
    VERDICT_EXTRA,
    guardrail_views,
    judge_view,
    label_table,
    verdicts_view,
)
from medeval.types import GateDecision, ThresholdOutcome

MAX_ITEMS_PER_SUITE = 5000
"""Most items listed per suite; beyond it the page says how many were left out (size bound)."""

SUITE_TITLES = {
    "medqa": "MedQA (USMLE, 4 options)",
    "medmcqa": "MedMCQA",
    "pubmedqa": "PubMedQA",
    "mmlu_medical": "MMLU medical subjects",
    "redteam": "Adversarial refusal",
    "latency": "Latency",
    "rubric": "Expert panel rubric",
}

_RECORD_SKIP = {
    "item_id",
    "suite",
    "question",
    "options",
    "choices",
    "target",
    "input",
    "metadata",
    "prediction",
    "prediction_norm",
    "choice_loglikelihoods",
    "response",
    "prompt",
}


def suite_title(name: str) -> str:
    """Display title: a known suite's full name (with a `@raw` suffix kept), else the name."""
    base, _, variant = name.partition("@")
    title = SUITE_TITLES.get(base, base)
    return f"{title} ({variant})" if variant else title


def _outcome_view(outcome: ThresholdOutcome) -> dict[str, Any]:
    from medeval.gate import describe_threshold, metric_key, outcome_status

    return {
        "key": metric_key(outcome.threshold),
        "text": describe_threshold(outcome.threshold),
        "status": outcome_status(outcome),
        "reason": outcome.reason,
        "observed": outcome.observed,
        "n": outcome.n,
        "blocking": outcome.threshold.blocking,
        "bound": outcome.threshold.bound,
        "op": outcome.threshold.op,
        "on": outcome.threshold.on,
    }


def gate_view(decision: GateDecision | None, thresholds_label: str) -> dict[str, Any]:
    """The banner: verdict, the reasons that failed it, advisory warnings, and every outcome."""
    if decision is None:
        return {"present": False, "passed": False, "label": thresholds_label, "outcomes": []}
    outcomes = [_outcome_view(o) for o in decision.outcomes]
    return {
        "present": True,
        "passed": decision.passed,
        "label": thresholds_label,
        "failed": [o for o in outcomes if o["status"] == "FAIL"],
        "warnings": [o for o in outcomes if o["status"] == "WARN"],
        "outcomes": outcomes,
    }


def _metric_views(
    name: str, metrics: Mapping[str, Any], outcomes: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[Any]]:
    views, rows = [], []
    for metric_name, metric in metrics.items():
        if not isinstance(metric, Mapping):
            continue
        key = f"{name}.{metric_name}"
        mine = [o for o in outcomes if o["key"] == key]
        views.append({"name": metric_name, "key": key, "metric": dict(metric), "thresholds": mine})
        bounds = [
            (float(o["bound"]), f"{o['op']} {format_number(o['bound'], 2)}", o["status"] == "PASS")
            for o in mine
        ]
        rows.append(chart_row(metric_name, dict(metric), bounds))
    return views, rows


def _breakdown_views(breakdowns: Mapping[str, Any]) -> list[dict[str, Any]]:
    views = []
    for breakdown, groups in breakdowns.items():
        if not isinstance(groups, Mapping):
            continue
        rows: list[dict[str, Any]] = [
            {"group": str(group), "metric": dict(metric)}
            for group, metric in groups.items()
            if isinstance(metric, Mapping)
        ]
        chart = [chart_row(str(row["group"]), dict(row["metric"])) for row in rows]
        views.append({"name": str(breakdown), "rows": rows, "chart": chart})
    return views


def confusion_view(extra: Mapping[str, Any]) -> dict[str, Any] | None:
    """Confusion matrix (rows gold, columns predicted) with row-share shading, when present."""
    confusion = extra.get("confusion_matrix")
    if not isinstance(confusion, Mapping):
        return None
    labels = [str(label) for label in confusion.get("labels") or []]
    matrix = confusion.get("matrix") or []
    rows = []
    for gold, counts in zip(labels, matrix, strict=False):
        values = [int(c) if isinstance(c, int | float) else 0 for c in counts]
        total = sum(values)
        cells = [{"count": c, "cls": shade_class(c, total)} for c in values]
        rows.append({"gold": gold, "cells": cells, "total": total})
    return {"labels": labels, "rows": rows}


def _label(choices: Sequence[Any], index: Any) -> str:
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(choices):
        return str(choices[index])
    return "-" if index is None else str(index)


def _group_values(record: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    metadata = record.get("metadata")
    if not isinstance(metadata, Mapping):
        return []
    return [str(metadata[key]) for key in keys if metadata.get(key) not in (None, "")]


def choice_item_view(record: Mapping[str, Any], group_keys: Sequence[str]) -> dict[str, Any]:
    """A multiple-choice record: question, options with the model's scores, key and answers."""
    choices = list(record.get("choices") or [])
    texts = [str(text) for text in record.get("options") or []]
    context = ""
    if choices and texts and len(texts) != len(choices):
        # Not one text per choice (PubMedQA keeps its abstract here): show it as context.
        context, texts = "\n\n".join(texts), []
    logliks = list(record.get("choice_loglikelihoods") or [])
    target = record.get("target")
    prediction = record.get("prediction")
    prediction_norm = record.get("prediction_norm")
    options = []
    for index, (choice, text, loglik) in enumerate(zip_longest(choices, texts, logliks)):
        options.append(
            {
                "label": "" if choice is None else str(choice),
                "text": "" if text is None else str(text),
                "loglik": format_number(loglik, 3) if loglik is not None else "-",
                "is_key": index == target,
                "is_pred": index == prediction,
                "is_pred_norm": index == prediction_norm,
            }
        )
    labels = choices or texts
    groups = _group_values(record, group_keys)
    return {
        "id": str(record.get("item_id", "")),
        "question": str(record.get("question") or record.get("input") or ""),
        "context": context,
        "options": options,
        "has_text": any(option["text"] for option in options),
        "key": _label(labels, target),
        "prediction": _label(labels, prediction),
        "prediction_norm": _label(labels, prediction_norm),
        "has_norm": prediction_norm is not None,  # only suites that report acc_norm record it
        "groups": groups,
        "group_attr": "|".join(groups),
    }


def _scalar_text(value: Any) -> str:
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, str | int | bool) or value is None:
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def generation_item_view(record: Mapping[str, Any], group_keys: Sequence[str]) -> dict[str, Any]:
    """A generated answer: prompt, the model's response, and its other fields (classification,
    scores, latency) as they are, so a new generation suite needs no template change."""
    fields = [(str(k), _scalar_text(v)) for k, v in record.items() if k not in _RECORD_SKIP]
    groups = _group_values(record, group_keys)
    return {
        "id": str(record.get("item_id", "")),
        "prompt": str(record.get("question") or record.get("prompt") or record.get("input") or ""),
        "response": str(record.get("response") or ""),
        "fields": fields,
        "groups": groups,
        "group_attr": "|".join(groups),
    }


def records_view(
    records: Sequence[Mapping[str, Any]], group_keys: Sequence[str]
) -> dict[str, Any] | None:
    """The browsable item list of one suite: wrongly answered items, or every generated answer
    when the suite has no per-item correctness."""
    records = [r for r in records if isinstance(r, Mapping)]
    if not records:
        return None
    is_choice = any("choice_loglikelihoods" in r for r in records)
    has_correct = any(isinstance(r.get("correct"), bool) for r in records)
    if is_choice or has_correct:
        chosen = [r for r in records if r.get("correct") is False]
        title = "Items answered wrongly"
    else:
        chosen = list(records)
        title = "Responses"
    shown = chosen[:MAX_ITEMS_PER_SUITE]
    view = choice_item_view if is_choice else generation_item_view
    items = [view(r, group_keys) for r in shown]
    groups = sorted({g for item in items for g in item["groups"]})
    return {
        "kind": "choice" if is_choice else "generation",
        "title": title,
        "total_records": len(records),
        "count": len(chosen),
        "entries": items,
        "left_out": len(chosen) - len(shown),
        "groups": groups,
    }


def suite_view(
    index: int,
    name: str,
    result: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]] | None,
    outcomes: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """Everything the page shows about one suite."""
    metrics, chart = _metric_views(name, result.get("metrics") or {}, outcomes)
    breakdowns_data = result.get("breakdowns") or {}
    extra = result.get("extra") or {}
    from medeval.reports.preference_view import PAIRWISE_EXTRA, preference_view
    from medeval.reports.rubric import RENDERED_EXTRA, rubric_view

    panel = rubric_view(extra)
    pairwise = preference_view(extra)
    is_redteam = name.partition("@")[0] == "redteam"
    shown = {"confusion_matrix", *(RENDERED_EXTRA if panel else ())}
    if pairwise:
        shown |= set(PAIRWISE_EXTRA)
    if is_redteam:
        shown |= {"labels_by_expected", "judge", *VERDICT_EXTRA}
    other_extra = {k: v for k, v in extra.items() if k not in shown}
    n_items, n_requested = result.get("n_items", 0), result.get("n_requested", 0)
    return {
        "anchor": f"suite-{index}",
        "name": name,
        "title": suite_title(name),
        "version": str(result.get("version", "")),
        "n_items": n_items,
        "n_requested": n_requested,
        "incomplete": isinstance(n_requested, int) and n_items < n_requested,
        "metrics": metrics,
        "chart": chart,
        "breakdowns": _breakdown_views(breakdowns_data),
        "confusion": confusion_view(extra),
        "label_table": label_table(extra) if is_redteam else None,
        "judge": judge_view(extra) if is_redteam else None,
        "verdicts": verdicts_view(extra, result.get("metrics") or {}) if is_redteam else None,
        "extra_json": json.dumps(other_extra, indent=2, ensure_ascii=False, default=str)
        if other_extra
        else "",
        "checksums": dict(result.get("data_checksums") or {}),
        "records": records_view(records, list(breakdowns_data)) if records is not None else None,
        # A pairwise panel alone keeps its judgments in samples/<suite>.preference.jsonl.
        "samples_missing": records is None and not (pairwise and panel is None),
        "rubric": panel,
        "pairwise": pairwise,
    }


def base_check_view(model: Mapping[str, Any]) -> dict[str, Any] | None:
    """The adapter's base-model check for the page: verified or not, with both fingerprints
    (None when the run had nothing to verify)."""
    verified = model.get("base_verified")
    if verified is None:
        return None
    return {
        "verified": verified is True,
        "text": "verified" if verified is True else "NOT verified",
        "fingerprint": str(model.get("base_fingerprint") or "unknown"),
        "expected": str(model.get("manifest_base_fingerprint") or "unknown"),
    }


def _settings_rows(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(str(k), _scalar_text(v)) for k, v in settings.items()]


def scorecard_context(
    results: Mapping[str, Any],
    samples: Mapping[str, Sequence[Mapping[str, Any]] | None],
    decision: GateDecision | None,
    thresholds_label: str,
) -> dict[str, Any]:
    """The template's whole input, from results.json, the sample records and the decision."""
    gate = gate_view(decision, thresholds_label)
    suites = [
        suite_view(index, name, result, samples.get(name), gate["outcomes"])
        for index, (name, result) in enumerate((results.get("suites") or {}).items())
        if isinstance(result, Mapping)
    ]
    checksums: dict[str, str] = dict(results.get("data") or {})
    for suite in suites:
        checksums.update(suite["checksums"])
    model = dict(results.get("model") or {})
    return {
        "model": model,
        "base_check": base_check_view(model),
        "title": f"medeval scorecard: {model.get('name', 'model')}",
        "gate": gate,
        "suites": suites,
        "guardrails": with_sources(guardrail_views(results.get("suites") or {}), samples),
        "checksums": sorted(checksums.items()),
        "versions": sorted((str(k), str(v)) for k, v in (results.get("versions") or {}).items()),
        "settings": _settings_rows(results.get("settings") or {}),
        "started": results.get("started") or "",
        "finished": results.get("finished") or "",
        "complete": bool(results.get("complete", False)),
        "schema_version": str(results.get("schema_version", "")),
    }


def render_scorecard_html(
    results: Mapping[str, Any],
    samples: Mapping[str, Sequence[Mapping[str, Any]] | None],
    decision: GateDecision | None,
    thresholds_label: str = "default thresholds",
) -> str:
    """The scorecard page as a string."""
    return render(
        "scorecard.html", **scorecard_context(results, samples, decision, thresholds_label)
    )


def read_run(run_dir: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]] | None]]:
    """results.json (validated) and each suite's sample records (None where the file is absent)."""
    from medeval.store import RunDir, load_results

    results = load_results(run_dir)
    run = RunDir(run_dir)
    samples: dict[str, list[dict[str, Any]] | None] = {}
    for name in results.get("suites") or {}:
        path = run.samples_path(name)
        samples[name] = run.read_samples(name) if path.is_file() else None
    return results, samples
