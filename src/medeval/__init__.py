"""medeval: an evaluation-first toolkit for medical language models.

Research and education only: medeval evaluates language models; its outputs are not medical
advice. The Python API mirrors the commands; heavy libraries load only when a function needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from medeval.backend import LanguageModel
    from medeval.runner import RunOutcome
    from medeval.runs import Run
    from medeval.types import GateDecision


def run(model: str, *, loaded_model: LanguageModel | None = None, **options: Any) -> RunOutcome:
    """Score `model` on suites and write a run directory (`medeval run`).

    `options` are the fields of :class:`medeval.runner.RunConfig` (``suites``, ``limit``,
    ``out``...); `loaded_model` reuses a model already in memory.
    """
    from medeval.runner import RunConfig
    from medeval.runner import run as run_config

    return run_config(RunConfig(model=model, **options), loaded_model=loaded_model)


def gate(run_dir: Any, thresholds: Any = None) -> GateDecision:
    """Decide the release gate for a run directory (`medeval gate`)."""
    from medeval.gate import check

    return check(run_dir, thresholds)


def load_run(path: Any) -> Run:
    """Read a run directory as data (`medeval results`): ``.metrics()``, ``.samples(suite)``
    and ``.breakdowns()`` are pandas DataFrames; ``.model``, ``.settings``, ``.complete``..."""
    from medeval.runs import load_run as load

    return load(path)


__all__ = ["__version__", "gate", "load_run", "run"]
