"""The comparison page: candidate vs baseline, per-suite deltas and the items that flipped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medeval.reports.common import CHART_WIDTH, format_number, render

if TYPE_CHECKING:
    from medeval.compare import Comparison


def forest_rows(comparison: Comparison, width: float = CHART_WIDTH) -> dict[str, Any]:
    """Geometry of the delta chart: every delta and interval on one axis centred on zero, so
    regressions (left of the line) and improvements (right) read at a glance."""
    metrics = [(suite.suite, metric) for suite in comparison.suites for metric in suite.metrics]
    extent = (
        max([0.05, *(abs(v) for _, m in metrics for v in (m.ci_low, m.ci_high, m.delta))]) * 1.1
    )

    def x(value: float) -> float:
        return round((value + extent) / (2 * extent) * width, 2)

    rows = [
        {
            "label": f"{suite}.{metric.metric}",
            "x_delta": x(metric.delta),
            "x_low": x(metric.ci_low),
            "x_high": x(metric.ci_high),
            "text": f"{metric.delta:+.4f}",
            "significance": metric.significance,
        }
        for suite, metric in metrics
    ]
    return {"rows": rows, "x_zero": x(0.0), "extent": format_number(extent, 3)}


def render_comparison_html(comparison: Comparison) -> str:
    """The comparison page as a string."""
    return render(
        "comparison.html",
        comparison=comparison,
        forest=forest_rows(comparison),
        title=(
            f"medeval comparison: {comparison.candidate_model.get('name', 'candidate')} vs "
            f"{comparison.baseline_model.get('name', 'baseline')}"
        ),
    )
