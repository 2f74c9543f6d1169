"""Candidate vs baseline: paired per-item comparison of two run directories.

Two runs of models on the same benchmark are compared on the same items (paired by item id), not
as two independent accuracies: the question is whether the candidate answers *these* items worse,
and pairing removes the item-difficulty noise both runs share. A regression needs paired evidence:
accuracy is tested with the exact McNemar test on the items that flipped, PubMedQA's macro-F1
with a paired permutation test (10,000 seeded permutations, swapping the two runs' answers item
by item). The p-values of every test made are corrected with Holm's step-down method across the
suites compared (by default), and a metric is significantly worse only when its corrected p is
below alpha and it dropped. The paired bootstrap 95% interval of each delta is the effect-size
estimate; it never decides significance on its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medeval import stats

ALPHA = 0.05
PERMUTATIONS = 10_000
"""Seeded permutations of the paired permutation test (macro-F1)."""
MAX_FLIPS_LISTED = 5000
"""Most flipped items per direction and suite kept for the HTML page (counts are always exact)."""


@dataclass(frozen=True)
class FlippedItem:
    """An item one run answered right and the other wrong."""

    item_id: str
    question: str
    options: list[tuple[str, str]]
    key: str
    baseline_answer: str
    candidate_answer: str


@dataclass(frozen=True)
class MetricComparison:
    """One metric of one suite: both values, the paired delta and its significance."""

    metric: str
    baseline: float
    candidate: float
    delta: float
    ci_low: float
    ci_high: float
    p_value: float | None
    test: str
    significance: str
    """'worse', 'better' or '' (not significant at alpha, after Holm's correction by default)."""
    p_adjusted: float | None = None
    """The p-value after Holm's correction across every test of the comparison (None: no test,
    or the correction turned off)."""


@dataclass(frozen=True)
class SuiteComparison:
    """Paired comparison of one suite present in both runs."""

    suite: str
    n_paired: int
    only_in_baseline: int
    only_in_candidate: int
    key_mismatches: int
    both_right: int
    both_wrong: int
    right_to_wrong_count: int
    wrong_to_right_count: int
    checksums_differ: bool
    metrics: list[MetricComparison]
    right_to_wrong: list[FlippedItem] = field(default_factory=list)
    wrong_to_right: list[FlippedItem] = field(default_factory=list)

    @property
    def regressed(self) -> bool:
        """True when any metric of the suite is significantly worse."""
        return any(metric.significance == "worse" for metric in self.metrics)


@dataclass(frozen=True)
class Comparison:
    """Everything `medeval compare` prints and renders."""

    baseline_dir: str
    candidate_dir: str
    baseline_model: dict[str, Any]
    candidate_model: dict[str, Any]
    suites: list[SuiteComparison]
    suites_only_in_baseline: list[str]
    suites_only_in_candidate: list[str]
    warnings: list[str]
    alpha: float
    resamples: int
    seed: int
    holm: bool = True
    candidate_complete: bool = True

    @property
    def regressed(self) -> bool:
        """True when any suite is significantly worse: what --fail-on-regression acts on."""
        return any(suite.regressed for suite in self.suites)

    @property
    def nothing_compared(self) -> str | None:
        """Why the comparison cannot support a verdict (None when it can): no suite in common,
        no paired items with per-item correctness, or an incomplete candidate run."""
        if not self.candidate_complete:
            return "the candidate run is incomplete: not every requested item was scored"
        if not any(suite.metrics for suite in self.suites):
            return "nothing was compared: no suite with paired, scored items in both runs"
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: flipped items by id only, so the output stays small."""
        suites = []
        for suite in self.suites:
            row = {
                f.name: getattr(suite, f.name)
                for f in dataclasses.fields(suite)
                if f.name not in ("metrics", "right_to_wrong", "wrong_to_right")
            }
            row["metrics"] = [dataclasses.asdict(metric) for metric in suite.metrics]
            row["right_to_wrong_ids"] = [item.item_id for item in suite.right_to_wrong]
            row["wrong_to_right_ids"] = [item.item_id for item in suite.wrong_to_right]
            row["regressed"] = suite.regressed
            suites.append(row)
        return {
            "baseline": {"run_dir": self.baseline_dir, "model": self.baseline_model},
            "candidate": {"run_dir": self.candidate_dir, "model": self.candidate_model},
            "alpha": self.alpha,
            "resamples": self.resamples,
            "seed": self.seed,
            "holm": self.holm,
            "permutations": PERMUTATIONS,
            "regressed": self.regressed,
            "nothing_compared": self.nothing_compared,
            "suites": suites,
            "suites_only_in_baseline": self.suites_only_in_baseline,
            "suites_only_in_candidate": self.suites_only_in_candidate,
            "warnings": self.warnings,
        }


def _label(choices: Sequence[Any], index: Any) -> str:
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(choices):
        return str(choices[index])
    return "-" if index is None else str(index)


def _flipped(baseline: Mapping[str, Any], candidate: Mapping[str, Any]) -> FlippedItem:
    choices = list(candidate.get("choices") or [])
    texts = [str(t) for t in candidate.get("options") or []]
    if choices and len(texts) != len(choices):
        texts = []  # not one text per choice (PubMedQA keeps its abstract there)
    labels = [str(c) for c in choices] or [str(i) for i in range(len(texts))]
    options = list(zip(labels, texts, strict=False)) if texts else [(c, "") for c in labels]

    def answer(record: Mapping[str, Any]) -> str:
        if "response" in record and not choices:
            return str(record.get("response") or "")
        return _label(choices, record.get("prediction"))

    return FlippedItem(
        item_id=str(candidate.get("item_id", "")),
        question=str(
            candidate.get("question") or candidate.get("prompt") or candidate.get("input") or ""
        ),
        options=options,
        key=_label(choices, candidate.get("target"))
        if choices
        else str(candidate.get("target", "")),
        baseline_answer=answer(baseline),
        candidate_answer=answer(candidate),
    )


def _checksums(result: Mapping[str, Any]) -> list[str]:
    return sorted(str(v) for v in (result.get("data_checksums") or {}).values())


def _macro_f1_comparison(
    pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    *,
    resamples: int,
    seed: int,
    alpha: float,
) -> MetricComparison | None:
    """PubMedQA's headline metric; items are encoded gold*L+pred so the bootstrap is vectorised."""
    labels = list(pairs[0][1].get("choices") or []) if pairs else []
    size = len(labels)
    if size == 0:
        return None
    base_codes, cand_codes = [], []
    for base, cand in pairs:
        target, p_base, p_cand = cand.get("target"), base.get("prediction"), cand.get("prediction")
        if not all(isinstance(v, int) and 0 <= v < size for v in (target, p_base, p_cand)):
            return None
        assert isinstance(target, int) and isinstance(p_base, int) and isinstance(p_cand, int)
        base_codes.append(target * size + p_base)
        cand_codes.append(target * size + p_cand)

    def statistic(codes: Any) -> float:
        return stats.encoded_macro_f1(codes, size)

    delta = stats.paired_bootstrap_delta(
        base_codes, cand_codes, statistic, resamples=resamples, seed=seed, alpha=alpha
    )
    p_value = stats.paired_permutation_macro_f1(
        base_codes, cand_codes, size, permutations=PERMUTATIONS, seed=seed
    )
    return MetricComparison(
        metric="macro_f1",
        baseline=delta.baseline,
        candidate=delta.candidate,
        delta=delta.delta,
        ci_low=delta.ci_low,
        ci_high=delta.ci_high,
        p_value=p_value,
        test=f"paired permutation ({PERMUTATIONS:,})",
        significance=_significance(p_value, delta.delta, alpha),
    )


def _significance(p_value: float | None, delta: float, alpha: float) -> str:
    if p_value is None or p_value >= alpha or delta == 0:
        return ""
    return "worse" if delta < 0 else "better"


def holm_adjust(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (same order as given): with m tests, the i-th smallest
    p is multiplied by m - i (i from 0), made monotone and capped at 1; strong family-wise error
    control at alpha without assuming independence."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def apply_holm(suites: Sequence[SuiteComparison], alpha: float) -> list[SuiteComparison]:
    """The suites with each metric's significance decided on Holm-adjusted p-values, the family
    being every test made in this comparison (all suites, all metrics)."""
    tested = [(s, m) for s, suite in enumerate(suites) for m in range(len(suite.metrics))]
    tested = [(s, m) for s, m in tested if suites[s].metrics[m].p_value is not None]
    adjusted = holm_adjust([suites[s].metrics[m].p_value or 0.0 for s, m in tested])
    by_position = dict(zip(tested, adjusted, strict=True))
    out = []
    for s, suite in enumerate(suites):
        metrics = []
        for m, metric in enumerate(suite.metrics):
            p_adjusted = by_position.get((s, m))
            metrics.append(
                dataclasses.replace(
                    metric,
                    p_adjusted=p_adjusted,
                    significance=_significance(p_adjusted, metric.delta, alpha),
                )
            )
        out.append(dataclasses.replace(suite, metrics=metrics))
    return out


def compare_suite(
    suite: str,
    baseline_records: Sequence[Mapping[str, Any]],
    candidate_records: Sequence[Mapping[str, Any]],
    *,
    checksums_differ: bool = False,
    resamples: int = 1000,
    seed: int = 1234,
    alpha: float = ALPHA,
) -> SuiteComparison:
    """Pair one suite's records by item id and compare accuracy (and macro-F1 for PubMedQA).

    Items whose answer key differs between the runs are not the same item (different data) and
    are left out of the pairing; they are counted in `key_mismatches`.
    """
    base_by_id = {str(r.get("item_id")): r for r in baseline_records}
    cand_by_id = {str(r.get("item_id")): r for r in candidate_records}
    shared = [item_id for item_id in cand_by_id if item_id in base_by_id]
    pairs, mismatches = [], 0
    for item_id in shared:
        base, cand = base_by_id[item_id], cand_by_id[item_id]
        if base.get("target") != cand.get("target"):
            mismatches += 1
            continue
        if isinstance(base.get("correct"), bool) and isinstance(cand.get("correct"), bool):
            pairs.append((base, cand))
    base_flags = [int(bool(base["correct"])) for base, _ in pairs]
    cand_flags = [int(bool(cand["correct"])) for _, cand in pairs]
    right_to_wrong = [(b, c) for b, c in pairs if b["correct"] and not c["correct"]]
    wrong_to_right = [(b, c) for b, c in pairs if not b["correct"] and c["correct"]]
    metrics: list[MetricComparison] = []
    if pairs:
        delta = stats.paired_bootstrap_delta(
            base_flags, cand_flags, resamples=resamples, seed=seed, alpha=alpha
        )
        p_value = stats.mcnemar_exact(len(right_to_wrong), len(wrong_to_right))
        metrics.append(
            MetricComparison(
                metric="acc",
                baseline=delta.baseline,
                candidate=delta.candidate,
                delta=delta.delta,
                ci_low=delta.ci_low,
                ci_high=delta.ci_high,
                p_value=p_value,
                test="exact McNemar",
                significance=_significance(p_value, delta.delta, alpha),
            )
        )
        if suite.split("@")[0] == "pubmedqa":
            f1 = _macro_f1_comparison(pairs, resamples=resamples, seed=seed, alpha=alpha)
            if f1 is not None:
                metrics.append(f1)
    return SuiteComparison(
        suite=suite,
        n_paired=len(pairs),
        only_in_baseline=sum(1 for item_id in base_by_id if item_id not in cand_by_id),
        only_in_candidate=sum(1 for item_id in cand_by_id if item_id not in base_by_id),
        key_mismatches=mismatches,
        both_right=sum(1 for b, c in zip(base_flags, cand_flags, strict=True) if b and c),
        both_wrong=sum(1 for b, c in zip(base_flags, cand_flags, strict=True) if not b and not c),
        right_to_wrong_count=len(right_to_wrong),
        wrong_to_right_count=len(wrong_to_right),
        checksums_differ=checksums_differ,
        metrics=metrics,
        right_to_wrong=[_flipped(b, c) for b, c in right_to_wrong[:MAX_FLIPS_LISTED]],
        wrong_to_right=[_flipped(b, c) for b, c in wrong_to_right[:MAX_FLIPS_LISTED]],
    )


def compare_runs(
    baseline_dir: str | Path,
    candidate_dir: str | Path,
    *,
    resamples: int = 1000,
    seed: int = 1234,
    alpha: float = ALPHA,
    holm: bool = True,
) -> Comparison:
    """Compare every suite both run directories have, from their samples/<suite>.jsonl.

    With `holm` (the default) significance is decided on Holm-adjusted p-values across every
    test of the comparison; without it, on each test's own p-value.
    """
    from medeval.store import RunDir, load_results

    base_results, cand_results = load_results(baseline_dir), load_results(candidate_dir)
    base_run, cand_run = RunDir(baseline_dir), RunDir(candidate_dir)
    base_suites = dict(base_results.get("suites") or {})
    cand_suites = dict(cand_results.get("suites") or {})
    warnings: list[str] = []
    if base_results.get("settings", {}).get("num_fewshot") != cand_results.get("settings", {}).get(
        "num_fewshot"
    ):
        warnings.append("the runs used different num_fewshot: prompts differ between them")
    for label, results in (("baseline", base_results), ("candidate", cand_results)):
        if not results.get("complete", False):
            warnings.append(f"the {label} run is incomplete")
    warnings.extend(base_model_warnings(base_results.get("model"), cand_results.get("model")))
    suites: list[SuiteComparison] = []
    for name in [n for n in cand_suites if n in base_suites]:
        missing = [
            label
            for label, run in (("baseline", base_run), ("candidate", cand_run))
            if not run.samples_path(name).is_file()
        ]
        if missing:
            warnings.append(f"{name}: no samples/{name}.jsonl in the {' and '.join(missing)} run")
            continue
        differ = _checksums(base_suites[name]) != _checksums(cand_suites[name])
        if differ:
            warnings.append(f"{name}: the runs used different data files (checksums differ)")
        result = compare_suite(
            name,
            base_run.read_samples(name),
            cand_run.read_samples(name),
            checksums_differ=differ,
            resamples=resamples,
            seed=seed,
            alpha=alpha,
        )
        if result.key_mismatches:
            warnings.append(
                f"{name}: {result.key_mismatches} shared item ids have a different answer key "
                "and were left out"
            )
        if not result.metrics:
            warnings.append(f"{name}: no paired items with per-item correctness to compare")
        suites.append(result)
    if holm:
        suites = apply_holm(suites, alpha)
    return Comparison(
        baseline_dir=str(baseline_dir),
        candidate_dir=str(candidate_dir),
        baseline_model=dict(base_results.get("model") or {}),
        candidate_model=dict(cand_results.get("model") or {}),
        suites=suites,
        suites_only_in_baseline=[n for n in base_suites if n not in cand_suites],
        suites_only_in_candidate=[n for n in cand_suites if n not in base_suites],
        warnings=warnings,
        alpha=alpha,
        resamples=resamples,
        seed=seed,
        holm=holm,
        candidate_complete=cand_results.get("complete") is True,
    )


def base_model_warnings(baseline: Any, candidate: Any) -> list[str]:
    """Warnings about the base weights under the two runs: different base weights fingerprints
    (each run's adapter base, or the model itself), and a base that was not verified against
    its candidate's manifest. They inform; they never make a comparison fail."""
    models = {
        "baseline": baseline if isinstance(baseline, Mapping) else {},
        "candidate": candidate if isinstance(candidate, Mapping) else {},
    }
    warnings = []
    base, cand = (models[label].get("base_fingerprint") for label in ("baseline", "candidate"))
    if base and cand and base != cand:
        warnings.append(
            f"the runs rest on different base weights (weights fingerprint {str(base)[:12]} in "
            f"the baseline, {str(cand)[:12]} in the candidate): the candidate is not built on "
            "the baseline's base model"
        )
    for label, model in models.items():
        if model.get("base_verified") is False:
            warnings.append(
                f"the {label} run's base model was NOT verified (--allow-base-mismatch): the "
                "adapter ran on other base weights than its manifest.json names"
            )
    return warnings


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.0001" if value < 1e-4 else f"{value:.4f}"


def _describe(model: Mapping[str, Any]) -> str:
    parts = [str(model.get("name", "?")), str(model.get("dtype", ""))]
    if model.get("quantization"):
        parts.append(str(model["quantization"]))
    if model.get("adapter"):
        parts.append(f"adapter {model['adapter']}")
    parts.append(f"fingerprint {str(model.get('fingerprint', ''))[:12]}")
    if model.get("base_fingerprint"):
        state = model.get("base_verified")
        verified = " (verified)" if state is True else " (NOT verified)" if state is False else ""
        parts.append(f"base {str(model['base_fingerprint'])[:12]}{verified}")
    return " ".join(part for part in parts if part)


def format_table(comparison: Comparison) -> list[str]:
    """The printed table: one line per suite metric, then pairing counts and warnings."""
    marks = {"worse": "WORSE *", "better": "better *", "": ""}
    header = (
        f"{'suite':<16}{'metric':<10}{'baseline':>9}{'candidate':>10}{'delta':>9}  "
        f"{'95% CI (paired bootstrap)':<26}{'p':>9}{'Holm p':>9}{'n':>7}  significance"
    )
    lines = [
        f"baseline:  {_describe(comparison.baseline_model)}  ({comparison.baseline_dir})",
        f"candidate: {_describe(comparison.candidate_model)}  ({comparison.candidate_dir})",
        header,
    ]
    for suite in comparison.suites:
        for metric in suite.metrics:
            interval = f"[{metric.ci_low:+.4f}, {metric.ci_high:+.4f}]"
            lines.append(
                f"{suite.suite:<16}{metric.metric:<10}{metric.baseline:>9.4f}{metric.candidate:>10.4f}"
                f"{metric.delta:>+9.4f}  {interval:<26}{_p(metric.p_value):>9}"
                f"{_p(metric.p_adjusted):>9}{suite.n_paired:>7}"
                f"  {marks[metric.significance]}".rstrip()
            )
    correction = "Holm-adjusted p" if comparison.holm else "p (no multiple-test correction)"
    lines.append(
        f"* significant at alpha={comparison.alpha} on the {correction}; p: exact McNemar (acc), "
        f"paired permutation (macro_f1, {PERMUTATIONS:,} permutations)"
    )
    for suite in comparison.suites:
        lines.append(
            f"{suite.suite}: {suite.n_paired} paired items; unmatched: "
            f"{suite.only_in_baseline} only in baseline, {suite.only_in_candidate} only in "
            f"candidate; {suite.right_to_wrong_count} right->wrong, "
            f"{suite.wrong_to_right_count} wrong->right"
        )
    for name in comparison.suites_only_in_baseline:
        lines.append(f"{name}: only in the baseline run, not compared")
    for name in comparison.suites_only_in_candidate:
        lines.append(f"{name}: only in the candidate run, not compared")
    lines.extend(f"warning: {warning}" for warning in comparison.warnings)
    return lines
