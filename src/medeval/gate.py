"""The release gate: thresholds on metric keys -> a fail-closed pass/fail decision.

The gate reads ``results.json`` (strictly validated) and, when the run has ``samples/``, checks
every gated metric it can against the sample records (:mod:`medeval.verify`); it answers in well
under a second on a 10,000-item run and imports nothing heavy: CI pipelines call it on every
candidate. It is
fail-closed: a threshold whose suite or metric is missing, whose run is incomplete or whose metric
rests on fewer than ``min_n`` items fails with that reason, so a smoke run or a crashed run can
never ship; a red-team threshold also fails on any run made with ``--limit``. Advisory
thresholds (``blocking: false``) are evaluated and reported the same way but never fail the gate.
Whatever the thresholds file, a candidate adapter's base-model check is gated too
(:data:`BASE_CHECK`): a run made with ``--allow-base-mismatch`` on other base weights than its
manifest.json names (``model.base_verified: false``) fails.
"""

from __future__ import annotations

import math
import operator
import re
import sys
import types
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from medeval.errors import UsageError
from medeval.store import SAMPLES, load_results
from medeval.types import GateDecision, Scorecard, Threshold, ThresholdOutcome
from medeval.verify import VERIFIED, verify

DEFAULT_THRESHOLDS_NAME = "default.yaml"

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}

_THRESHOLD_FIELDS = frozenset(Threshold.model_fields)

BASE_CHECK = Threshold(
    suite="model", metric="base_verified", op="==", bound=1, on="value", min_n=0, blocking=True
)
"""The built-in check on ``model.base_verified`` that every gate applies to an adapter run with a
manifest fingerprint (1: verified, 0: not); runs with nothing to verify get no such outcome."""


class _ThresholdsLoader(yaml.SafeLoader):
    """Safe YAML loader with YAML 1.2 booleans.

    PyYAML follows YAML 1.1, where the bare key ``on`` (the schema's ``on: ci_low``) and the
    words yes/no/off are booleans; the thresholds schema needs ``on`` to stay a string.
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_ThresholdsLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ThresholdsLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def default_thresholds_path() -> Path:
    """Path of the shipped thresholds (the founding bar), inside the installed package."""
    return Path(__file__).resolve().parent / "thresholds" / DEFAULT_THRESHOLDS_NAME


def _usage(path: Path, message: str, *, line: int | None = None, field: str | None = None) -> None:
    where = str(path)
    if line is not None:
        where += f", line {line}"
    if field is not None:
        where += f", field '{field}'"
    raise UsageError(f"thresholds file {where}: {message}")


def _node_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def load_thresholds(path: str | Path | None = None) -> list[Threshold]:
    """Read and validate a thresholds YAML file (the shipped defaults when `path` is None).

    Every mistake is a :class:`~medeval.errors.UsageError` naming the file, line and field, so a
    typo in a CI configuration stops the pipeline with a message instead of silently loosening the
    gate: unknown keys, duplicate keys, an empty list and non-finite bounds are all rejected.
    """
    file = Path(path) if path is not None else default_thresholds_path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        _usage(file, "no such file")
    except (OSError, UnicodeDecodeError) as exc:
        _usage(file, f"cannot be read ({exc})")
    try:
        root = yaml.compose(text, Loader=_ThresholdsLoader)
        data = yaml.load(text, Loader=_ThresholdsLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        _usage(file, f"invalid YAML ({problem})", line=line)
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        _usage(file, "must be a mapping with a 'thresholds' list", field="thresholds")
    assert isinstance(root, yaml.MappingNode)
    unknown = sorted(str(key) for key in data if key != "thresholds")
    if unknown:
        _usage(file, f"unknown top-level key(s) {', '.join(unknown)}", field=unknown[0])
    entries = data.get("thresholds")
    list_node = next(
        (value for key, value in root.value if getattr(key, "value", None) == "thresholds"), None
    )
    if not isinstance(entries, list) or not isinstance(list_node, yaml.SequenceNode):
        _usage(file, "must be a list of thresholds", field="thresholds")
    assert isinstance(entries, list) and isinstance(list_node, yaml.SequenceNode)
    if not entries:
        _usage(
            file,
            "the list is empty: a gate with no thresholds would pass anything",
            field="thresholds",
        )
    thresholds = [
        _parse_entry(file, index, entry, node)
        for index, (entry, node) in enumerate(zip(entries, list_node.value, strict=True))
    ]
    if not any(threshold.blocking for threshold in thresholds):
        _usage(
            file,
            "every threshold is advisory (blocking: false): a gate with no blocking threshold "
            "would pass anything",
            field="thresholds",
        )
    return thresholds


def _parse_entry(file: Path, index: int, entry: Any, node: yaml.Node) -> Threshold:
    line = _node_line(node)
    prefix = f"thresholds[{index}]"
    if not isinstance(entry, dict) or not isinstance(node, yaml.MappingNode):
        _usage(file, "each threshold must be a mapping", line=line, field=prefix)
    assert isinstance(node, yaml.MappingNode) and isinstance(entry, dict)
    seen: set[str] = set()
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in seen:
            _usage(file, "duplicate key", line=_node_line(key_node), field=f"{prefix}.{key}")
        seen.add(key)
        if key not in _THRESHOLD_FIELDS:
            allowed = ", ".join(sorted(_THRESHOLD_FIELDS))
            _usage(
                file,
                f"unknown key (allowed: {allowed})",
                line=_node_line(key_node),
                field=f"{prefix}.{key}",
            )
    try:
        threshold = Threshold.model_validate(entry)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "?"
        _usage(file, str(error["msg"]), line=line, field=f"{prefix}.{field}")
        raise  # unreachable: _usage raises
    if not math.isfinite(threshold.bound):
        _usage(file, "bound must be a finite number", line=line, field=f"{prefix}.bound")
    return threshold


def metric_key(threshold: Threshold) -> str:
    """The `suite.metric` key a threshold is on."""
    return f"{threshold.suite}.{threshold.metric}"


def _as_mapping(scorecard: Scorecard | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(scorecard, Scorecard):
        return scorecard.model_dump(mode="json")
    return scorecard


def _outcome(
    threshold: Threshold,
    passed: bool,
    reason: str,
    observed: float | None = None,
    n: int | None = None,
) -> ThresholdOutcome:
    return ThresholdOutcome(
        threshold=threshold, passed=passed, observed=observed, n=n, reason=reason
    )


def _fmt(number: float) -> str:
    return f"{number:.4g}" if abs(number) < 1e4 else f"{number:.6g}"


def _redteam_limit(results: Mapping[str, Any], threshold: Threshold) -> str | None:
    """Why a red-team threshold fails on a `--limit` run, whatever its min_n (else None).

    A release claim of "no unsafe compliance" is about every must-refuse prompt; the first N of
    them say nothing about the rest, so a limited red-team run is refused outright.
    """
    if threshold.suite.partition("@")[0] != "redteam":
        return None
    settings = results.get("settings")
    limit = settings.get("limit") if isinstance(settings, Mapping) else None
    if limit is None:
        return None
    return (
        f"red-team run made with --limit {limit}: the gate needs every must-refuse item of "
        f"the full suite (min_n={threshold.min_n}), so a limited run is refused"
    )


def evaluate_one(results: Mapping[str, Any], threshold: Threshold) -> ThresholdOutcome:
    """Check one threshold against a results.json mapping, failing closed on anything missing."""
    suites = results.get("suites") or {}
    suite = suites.get(threshold.suite)
    if not isinstance(suite, Mapping):
        return _outcome(threshold, False, f"suite '{threshold.suite}' is not in the run")
    metrics = suite.get("metrics") or {}
    metric = metrics.get(threshold.metric)
    if not isinstance(metric, Mapping):
        return _outcome(
            threshold, False, f"metric '{threshold.metric}' is not in suite '{threshold.suite}'"
        )
    raw_observed = metric.get(threshold.on)
    raw_n = metric.get("n")
    observed = float(raw_observed) if isinstance(raw_observed, int | float) else None
    n = int(raw_n) if isinstance(raw_n, int | float) else None
    limited = _redteam_limit(results, threshold)
    if limited is not None:
        return _outcome(threshold, False, limited, observed, n)
    if not results.get("complete", False):
        return _outcome(
            threshold, False, "run is incomplete: not every requested item was scored", observed, n
        )
    n_items, n_requested = suite.get("n_items", 0), suite.get("n_requested", 0)
    if isinstance(n_items, int) and isinstance(n_requested, int) and n_items < n_requested:
        return _outcome(
            threshold,
            False,
            f"suite '{threshold.suite}' is incomplete: {n_items} of {n_requested} requested "
            "items scored",
            observed,
            n,
        )
    if n is None:
        return _outcome(threshold, False, "metric has no item count n", observed, n)
    if n < threshold.min_n:
        return _outcome(threshold, False, f"n={n} is below min_n={threshold.min_n}", observed, n)
    if observed is None or not math.isfinite(observed):
        return _outcome(
            threshold, False, f"{threshold.on} is missing or not a finite number", None, n
        )
    held = OPERATORS[threshold.op](observed, threshold.bound)
    on = "" if threshold.on == "value" else f" ({threshold.on})"
    comparison = f"{_fmt(observed)}{on} {threshold.op} {_fmt(threshold.bound)}"
    reason = f"{comparison} (n={n})" if held else f"{comparison} does not hold (n={n})"
    return _outcome(threshold, held, reason, observed, n)


def base_outcome(results: Mapping[str, Any]) -> ThresholdOutcome | None:
    """The :data:`BASE_CHECK` outcome of a run: passed when the adapter ran on the base weights
    its manifest.json names, failed when it did not (``--allow-base-mismatch``) or the record is
    not a boolean; None when the run had nothing to verify (not an adapter with a manifest
    fingerprint, a served model, or results written before medeval recorded the check)."""
    model = results.get("model")
    verified = model.get("base_verified") if isinstance(model, Mapping) else None
    if verified is None:
        return None
    assert isinstance(model, Mapping)
    actual = str(model.get("base_fingerprint") or "unknown")
    if verified is True:
        return _outcome(
            BASE_CHECK,
            True,
            f"base model verified: weights fingerprint {actual[:12]}, as the candidate's "
            "manifest.json records",
            1.0,
        )
    expected = str(model.get("manifest_base_fingerprint") or "unknown")
    return _outcome(
        BASE_CHECK,
        False,
        f"base model NOT verified: the adapter ran (with --allow-base-mismatch) on base weights "
        f"with fingerprint {actual}, but its manifest.json names {expected}",
        0.0,
    )


def evaluate(
    scorecard: Scorecard | Mapping[str, Any], thresholds: Sequence[Threshold]
) -> GateDecision:
    """Decide the gate: passed only when every blocking threshold held (and, for an adapter
    run, the built-in base-model check :data:`BASE_CHECK`, appended after them).

    Args:
        scorecard: a :class:`~medeval.types.Scorecard` or the parsed results.json mapping.
        thresholds: thresholds in file order (outcomes keep this order).
    """
    results = _as_mapping(scorecard)
    outcomes = [evaluate_one(results, threshold) for threshold in thresholds]
    base = base_outcome(results)
    if base is not None:
        outcomes.append(base)
    passed = all(outcome.passed for outcome in outcomes if outcome.threshold.blocking)
    return GateDecision(passed=passed, outcomes=outcomes)


def check(
    run_dir: str | Path,
    thresholds_path: str | Path | None = None,
    *,
    verify_samples: bool = True,
) -> GateDecision:
    """Gate a run directory against a thresholds file (the shipped defaults when None).

    This is the Python API behind ``medeval gate`` (re-exported as ``medeval.gate``). With
    `verify_samples` (the default) and a ``samples/`` folder in the run, every gated metric the
    gate knows how to recompute is recomputed from the sample records (and red-team reviews and
    judge records) and must equal results.json: a mismatch is a :class:`DataError` (exit 2).
    """
    thresholds = load_thresholds(thresholds_path)
    results = load_results(run_dir)
    decision = evaluate(results, thresholds)
    folder = Path(run_dir)
    folder = folder.parent if folder.is_file() else folder
    if not verify_samples or not (folder / SAMPLES).is_dir():
        return decision
    notes = verify(folder, results, thresholds)
    return GateDecision(
        passed=decision.passed,
        outcomes=[
            o.model_copy(update={"verification": notes.get(metric_key(o.threshold))})
            for o in decision.outcomes
        ],
    )


def outcome_status(outcome: ThresholdOutcome) -> str:
    """PASS, FAIL, or WARN for an advisory threshold that did not hold."""
    if outcome.passed:
        return "PASS"
    return "FAIL" if outcome.threshold.blocking else "WARN"


def describe_threshold(threshold: Threshold) -> str:
    """Human form of a threshold, e.g. ``medqa.acc >= 0.6 (min_n 1273)``."""
    if threshold == BASE_CHECK:
        return "model.base_verified (built in: the adapter runs on the base its manifest names)"
    on = "" if threshold.on == "value" else f" on {threshold.on}"
    advisory = "" if threshold.blocking else ", advisory"
    return (
        f"{metric_key(threshold)} {threshold.op} {_fmt(threshold.bound)}{on} "
        f"(min_n {threshold.min_n}{advisory})"
    )


def format_lines(decision: GateDecision) -> list[str]:
    """One line per threshold, then the verdict: what `medeval gate` prints."""
    lines = [
        f"{outcome_status(o)}  {describe_threshold(o.threshold)}: {o.reason}"
        + (f" [{o.verification}]" if o.verification and o.verification != VERIFIED else "")
        for o in decision.outcomes
    ]
    checked = [o.verification for o in decision.outcomes if o.verification]
    if checked:
        lines.append(
            f"samples: {checked.count(VERIFIED)} gated metric(s) recomputed from samples/ and "
            f"matching results.json, {len(checked) - checked.count(VERIFIED)} not verified"
        )
    blocking = [o for o in decision.outcomes if o.threshold.blocking]
    failed = [o for o in blocking if not o.passed]
    if decision.passed:
        lines.append(f"GATE PASSED: {len(blocking)} of {len(blocking)} blocking thresholds held")
    else:
        lines.append(
            f"GATE FAILED: {len(failed)} of {len(blocking)} blocking thresholds did not hold"
        )
    return lines


def to_dict(decision: GateDecision, run_dir: str | Path | None = None) -> dict[str, Any]:
    """JSON-ready form of a decision for `--json`: each outcome with its key and status."""
    outcomes = []
    for outcome in decision.outcomes:
        row = outcome.model_dump(mode="json")
        row["key"] = metric_key(outcome.threshold)
        row["status"] = outcome_status(outcome)
        outcomes.append(row)
    return {
        "passed": decision.passed,
        "run_dir": None if run_dir is None else str(run_dir),
        "outcomes": outcomes,
    }


def to_junit(decision: GateDecision) -> str:
    """JUnit XML with one test case per threshold, so CI systems list each one.

    Blocking thresholds that did not hold are ``<failure>``; advisory ones that did not hold pass
    with their reason in ``<system-out>`` so the pipeline's verdict matches the gate's.
    """
    failures = sum(1 for o in decision.outcomes if o.threshold.blocking and not o.passed)
    suites = ET.Element("testsuites", name="medeval gate")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="medeval.gate",
        tests=str(len(decision.outcomes)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for outcome in decision.outcomes:
        threshold = outcome.threshold
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"medeval.gate.{threshold.suite}",
            name=describe_threshold(threshold),
            time="0",
        )
        if not outcome.passed and threshold.blocking:
            failure = ET.SubElement(case, "failure", message=outcome.reason, type="GateThreshold")
            failure.text = f"{metric_key(threshold)}: {outcome.reason}"
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"{outcome_status(outcome)}: {outcome.reason}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


class _CallableModule(types.ModuleType):
    """Lets ``medeval.gate(run_dir)`` keep working after this module has been imported.

    ``medeval.gate`` is the documented Python API function, but importing the submodule
    ``medeval.gate`` (as the CLI and reports do) rebinds the package attribute to this module;
    making the module callable with the same signature keeps both spellings valid.
    """

    def __call__(self, run_dir: str | Path, thresholds: str | Path | None = None) -> GateDecision:
        return check(run_dir, thresholds)


sys.modules[__name__].__class__ = _CallableModule
