"""What the scorecard and comparison pages share: the jinja2 environment, assets, chart geometry.

Pages are self-contained (opened from file://, mailed, attached to CI runs), so CSS and script
are inlined and charts are inline SVG whose geometry is computed here. Every value from data or
model output goes through jinja2's autoescaping; the page's Content-Security-Policy only allows
the one inline script by its hash, so even a rendering mistake could not run injected script or
fetch anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from medeval.types import INTENDED_USE

TEMPLATES = Path(__file__).resolve().parent / "templates"

CHART_WIDTH = 420
"""Width in px of the plotting area of a bar chart (labels sit left of it)."""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The jinja2 environment: autoescape on for every template, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["pct"] = format_percent
    return env


@dataclass(frozen=True)
class Assets:
    """Inline CSS and script, with the CSP header value that allows exactly that script."""

    css: Markup
    script: Markup
    csp: str


@lru_cache(maxsize=1)
def assets() -> Assets:
    """Read the shared CSS and script once and hash the script for the CSP."""
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "browse.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return Assets(css=Markup(css), script=Markup(script), csp=csp)


def render(template: str, **context: Any) -> str:
    """Render a page template with the shared assets and the intended-use statement."""
    shared = assets()
    return (
        environment()
        .get_template(template)
        .render(
            css=shared.css,
            script=shared.script,
            csp=shared.csp,
            intended_use=INTENDED_USE,
            **context,
        )
    )


def format_number(value: Any, digits: int = 4) -> str:
    """Metric numbers: fixed decimals, whole numbers without, '-' when absent or not finite."""
    if value is None or isinstance(value, bool):
        return "-"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, float):
        return str(value)
    if not math.isfinite(value):
        return "-"
    return f"{value:.{digits}f}"


def format_percent(value: Any) -> str:
    """A share in [0, 1] as a percentage with one decimal."""
    if not isinstance(value, int | float) or not math.isfinite(value):
        return "-"
    return f"{100 * value:.1f}%"


@dataclass(frozen=True)
class ChartMark:
    """A threshold line on one chart row."""

    x: float
    label: str
    passed: bool | None


@dataclass(frozen=True)
class ChartRow:
    """One bar with its interval whisker, in px within the plotting area."""

    label: str
    value_text: str
    x0: float
    x_value: float
    x_low: float
    x_high: float
    axis_max: str
    marks: list[ChartMark] = field(default_factory=list)


def _finite(values: list[Any]) -> list[float]:
    return [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]


def chart_row(
    label: str,
    metric: dict[str, Any],
    bounds: list[tuple[float, str, bool | None]] | None = None,
    *,
    width: float = CHART_WIDTH,
) -> ChartRow:
    """Geometry of one metric bar: shares use a 0-1 axis, other metrics (seconds, 1-5 scores,
    counts) an axis up to the largest of value, interval and thresholds, so every row reads on
    its own scale without a plotting library.
    """
    bounds = bounds or []
    numbers = _finite([metric.get("value"), metric.get("ci_low"), metric.get("ci_high")])
    numbers += _finite([bound for bound, _, _ in bounds])
    low_edge = min([0.0, *numbers])
    high_edge = max([0.0, *numbers])
    if low_edge >= 0.0 and high_edge <= 1.0:
        low_edge, high_edge = 0.0, 1.0
    else:
        high_edge = high_edge * 1.1 if high_edge > 0 else 1.0
    span = (high_edge - low_edge) or 1.0

    def x(value: Any, default: float = 0.0) -> float:
        number = (
            float(value) if isinstance(value, int | float) and math.isfinite(value) else default
        )
        return round((number - low_edge) / span * width, 2)

    value = metric.get("value")
    return ChartRow(
        label=label,
        value_text=format_number(value),
        x0=x(0.0),
        x_value=x(value),
        x_low=x(metric.get("ci_low"), float(value) if isinstance(value, int | float) else 0.0),
        x_high=x(metric.get("ci_high"), float(value) if isinstance(value, int | float) else 0.0),
        axis_max=format_number(high_edge, 2),
        marks=[ChartMark(x=x(bound), label=text, passed=ok) for bound, text, ok in bounds],
    )


def shade_class(count: int, row_total: int) -> str:
    """CSS class s0..s9 for a confusion-matrix cell: its share of the gold row."""
    if row_total <= 0:
        return "s0"
    return f"s{min(9, int(10 * count / row_total))}"
