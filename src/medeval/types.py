"""Core records shared by every part of medeval.

These are the shapes other parts, CI pipelines and users depend on (see the Contracts section of
the design). They are frozen pydantic models so a record cannot be changed after it was written,
and ``SCHEMA_VERSION`` is bumped whenever a field changes meaning.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0"

SUITE_NAME_PATTERN = r"(?:lm-eval:)?[a-z0-9][a-z0-9_.-]*(?:@raw)?"
"""The one grammar of suite names: lower-case letters, digits, ``_``, ``.`` and ``-`` (starting
with a letter or digit), an optional ``@raw`` suffix (the unguarded model of a ``--guardrails both``
run) and the ``lm-eval:`` prefix for lm-eval tasks. Names become sample file names, so nothing
else (no ``/``, no ``..`` path, no upper case) is ever accepted."""
_SUITE_NAME = re.compile(SUITE_NAME_PATTERN)


def is_suite_name(name: object) -> bool:
    """Whether `name` follows the suite-name grammar (:data:`SUITE_NAME_PATTERN`)."""
    return isinstance(name, str) and _SUITE_NAME.fullmatch(name) is not None


def check_suite_name(name: object) -> str:
    """`name` itself when it follows the suite-name grammar; a ValueError saying why otherwise."""
    if not is_suite_name(name):
        raise ValueError(
            f"invalid suite name {name!r}: use lower-case letters, digits, '_', '.' and '-' "
            "(starting with a letter or digit), an optional '@raw' suffix, or 'lm-eval:<task>'"
        )
    assert isinstance(name, str)
    return name


INTENDED_USE = (
    "Research and education only. medeval evaluates language models; its outputs are not medical "
    "advice, diagnosis or treatment. Always consult a qualified healthcare provider."
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(_Frozen):
    """One evaluation item, as a suite hands it to a model."""

    id: str = Field(description="Stable id across runs (see the item-id contract).")
    suite: str = Field(description="Registry name of the suite the item belongs to.")
    input: str = Field(description="Full prompt text given to the model (few-shot included).")
    choices: list[str] = Field(
        default_factory=list,
        description="Answer continuations in choice order (multiple choice); empty for generation.",
    )
    target: int | str = Field(description="Index of the right choice, or a reference text.")
    question: str = Field(default="", description="The question alone, for reports.")
    options: list[str] = Field(
        default_factory=list, description="Human-readable option texts, for reports."
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="Breakdown keys (subject, step) and source details."
    )


class ItemResult(_Frozen):
    """The model's answer to one item and how it was scored."""

    item_id: str = Field(description="Id of the scored item.")
    prediction: int | str | None = Field(description="acc choice index, or the generated text.")
    prediction_norm: int | None = Field(
        default=None,
        description="acc_norm choice index (log-likelihood / choice length); null where the "
        "suite does not report acc_norm.",
    )
    choice_loglikelihoods: list[float] = Field(
        default_factory=list, description="Sum log-probability of each choice, in choice order."
    )
    correct: bool | None = Field(default=None, description="Whether `prediction` is the target.")
    correct_norm: bool | None = Field(
        default=None, description="Whether `prediction_norm` is the target."
    )
    score: float | None = Field(default=None, description="A graded score, where not binary.")
    latency_s: float | None = Field(default=None, description="Wall seconds spent on this item.")


class MetricValue(_Frozen):
    """A metric with its 95% interval and the number of items behind it."""

    value: float = Field(description="Point estimate.")
    ci_low: float = Field(description="Lower bound of the 95% interval.")
    ci_high: float = Field(description="Upper bound of the 95% interval.")
    n: int = Field(ge=0, description="Number of items the metric was computed over.")


class SuiteResult(_Frozen):
    """Aggregated metrics of one suite in one run."""

    suite: str = Field(description="Registry name of the suite.")
    version: str = Field(description="Suite version: bumped when prompts or scoring change.")
    metrics: dict[str, MetricValue] = Field(description="Metric name -> value with interval.")
    breakdowns: dict[str, dict[str, MetricValue]] = Field(
        default_factory=dict,
        description="Breakdown name (e.g. subject) -> group -> metric (accuracy of the group).",
    )
    data_checksums: dict[str, str] = Field(
        default_factory=dict, description="Data file -> SHA-256 of every file read."
    )
    n_items: int = Field(default=0, ge=0, description="Items scored.")
    n_requested: int = Field(default=0, ge=0, description="Items requested (after --limit).")
    extra: dict[str, Any] = Field(
        default_factory=dict, description="Suite-specific extras (e.g. a confusion matrix)."
    )


class ModelInfo(_Frozen):
    """What was evaluated: enough to tell two models apart and to reload the same one."""

    name: str = Field(description="Display name (directory name or bundled name).")
    path: str = Field(description="Path or hub id the model was loaded from.")
    fingerprint: str = Field(description="Content hash of config, tokenizer, weights and settings.")
    adapter: str | None = Field(default=None, description="PEFT adapter path, if any.")
    base_model: str | None = Field(default=None, description="Base model of the adapter.")
    dtype: str = Field(default="float32", description="Torch dtype the weights ran in.")
    quantization: str | None = Field(default=None, description="e.g. 'bnb-nf4', or None.")
    backend: str = Field(default="hf", description="Model backend registry name.")
    base_fingerprint: str | None = Field(
        default=None,
        description="Weights fingerprint (config, tokenizer and weight files, or the GGUF file;"
        " no dtype or quantization) of the base weights: an adapter's base model, or the model"
        " itself when it is not an adapter. None for served models and older results.",
    )
    manifest_base_fingerprint: str | None = Field(
        default=None,
        description="The base weights fingerprint a candidate's manifest.json recorded when the"
        " adapter was trained (None: not an adapter, or no manifest fingerprint).",
    )
    base_verified: bool | None = Field(
        default=None,
        description="True when the adapter ran on the base its manifest names (fingerprints"
        " equal); False when they differed and the run was made with --allow-base-mismatch (the"
        " default gate fails it); None when there was nothing to verify.",
    )


class Scorecard(_Frozen):
    """The content of results.json."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Shape version of this file.")
    model: ModelInfo = Field(description="The evaluated model.")
    settings: dict[str, Any] = Field(description="Run settings (suites, limit, num_fewshot...).")
    suites: dict[str, SuiteResult] = Field(description="Suite name -> result.")
    data: dict[str, str] = Field(default_factory=dict, description="Data file -> SHA-256.")
    versions: dict[str, str] = Field(default_factory=dict, description="Tool versions used.")
    started: str = Field(description="UTC ISO-8601 start time.")
    finished: str | None = Field(default=None, description="UTC ISO-8601 end time.")
    complete: bool = Field(default=False, description="True when every requested item was scored.")
    intended_use: str = Field(default=INTENDED_USE, description="The intended-use statement.")

    @field_validator("suites")
    @classmethod
    def _suite_names(cls, suites: dict[str, SuiteResult]) -> dict[str, SuiteResult]:
        # Suite names become file names under samples/: a name outside the grammar could lead
        # a reader out of the run directory, so it is refused where results.json is read.
        for name in suites:
            check_suite_name(name)
        return suites


Op = Literal[">=", ">", "<=", "<", "=="]


class Threshold(_Frozen):
    """One release-gate condition on a metric key `suite.metric`."""

    suite: str = Field(description="Suite name as stored in results.json.")
    metric: str = Field(description="Metric name within the suite.")
    op: Op = Field(description="Comparison operator.")
    bound: float = Field(description="Value compared against.")
    on: Literal["value", "ci_low", "ci_high"] = Field(
        default="value", description="Which part of the MetricValue is compared."
    )
    min_n: int = Field(default=1, ge=0, description="Fewest items the metric must rest on.")
    blocking: bool = Field(default=True, description="False makes the threshold advisory.")


class ThresholdOutcome(_Frozen):
    """How one threshold fared."""

    threshold: Threshold = Field(description="The threshold checked.")
    passed: bool = Field(description="Whether it held.")
    observed: float | None = Field(default=None, description="The compared number, if present.")
    n: int | None = Field(default=None, description="Items behind the metric, if present.")
    reason: str = Field(description="One-line human explanation.")
    verification: str | None = Field(
        default=None,
        description="How the gate checked the metric against samples/: 'verified from samples',"
        " 'not verified: <why>', or None when it did not look (no samples/, or turned off).",
    )


class GateDecision(_Frozen):
    """The release-gate verdict: passed only when every blocking threshold passed."""

    passed: bool = Field(description="True when every blocking threshold held.")
    outcomes: list[ThresholdOutcome] = Field(description="Per-threshold outcomes, in file order.")
