"""HTML reports: the run scorecard and the candidate-vs-baseline comparison.

Renderers take what is already on disk (a run directory, a computed comparison) and write one
self-contained page; they never run a model or decide a gate themselves, so a report can be
rebuilt at any time and stays cheap (no torch, transformers, lm_eval or inspect_ai imports).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from medeval.reports.scorecard import read_run, render_scorecard_html

if TYPE_CHECKING:
    from medeval.compare import Comparison
    from medeval.types import GateDecision

SCORECARD_NAME = "scorecard.html"
COMPARISON_NAME = "comparison.html"


def render_scorecard(
    run_dir: str | Path,
    decision: GateDecision | None = None,
    *,
    thresholds_path: str | Path | None = None,
    out: str | Path | None = None,
) -> Path:
    """Write RUN_DIR/scorecard.html (or `out`) and return its path.

    Args:
        run_dir: a run directory (results.json + samples/).
        decision: the gate decision to show in the banner; when None it is decided here from
            `thresholds_path` (the shipped defaults when that is None too), so every scorecard
            carries a verdict.
        thresholds_path: thresholds file used when `decision` is None.
        out: where to write the page instead of RUN_DIR/scorecard.html.
    """
    from medeval.gate import evaluate, load_thresholds

    run = Path(run_dir)
    results, samples = read_run(run)
    label = "default thresholds" if thresholds_path is None else f"thresholds {thresholds_path}"
    if decision is None:
        decision = evaluate(results, load_thresholds(thresholds_path))
    elif thresholds_path is None:
        label = "thresholds given by the caller"
    html = render_scorecard_html(results, samples, decision, label)
    target = Path(out) if out is not None else run / SCORECARD_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target


def render_comparison(comparison: Comparison, out: str | Path) -> Path:
    """Write the comparison page to `out` (a file path) and return it."""
    from medeval.reports.comparison import render_comparison_html

    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_comparison_html(comparison), encoding="utf-8")
    return target


__all__ = ["render_comparison", "render_scorecard", "render_scorecard_html"]
