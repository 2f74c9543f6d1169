"""Statistics checked against scipy / statsmodels on fixed inputs."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.stats import beta
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from medeval import stats

PROPORTION_CASES = [(0, 10), (1, 10), (5, 10), (10, 10), (0, 1000), (3, 1000), (812, 1273), (1, 1)]


@pytest.mark.parametrize(("successes", "n"), PROPORTION_CASES)
def test_wilson_matches_statsmodels(successes: int, n: int) -> None:
    low, high = stats.wilson_interval(successes, n)
    ref_low, ref_high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref_low, abs=1e-12)
    assert high == pytest.approx(ref_high, abs=1e-12)


@pytest.mark.parametrize(("successes", "n"), PROPORTION_CASES)
def test_clopper_pearson_upper_matches_statsmodels_beta(successes: int, n: int) -> None:
    # A one-sided 95% bound is the upper end of a two-sided 90% exact interval.
    _, ref_high = proportion_confint(successes, n, alpha=0.10, method="beta")
    assert stats.clopper_pearson_upper(successes, n) == pytest.approx(ref_high, abs=1e-12)
    if successes < n:
        direct = beta.ppf(0.95, successes + 1, n - successes)
        assert stats.clopper_pearson_upper(successes, n) == pytest.approx(direct, rel=1e-12)


def test_zero_rate_rule_of_three() -> None:
    metric = stats.zero_rate(0, 1000)
    assert metric.value == 0.0
    assert metric.ci_low == 0.0
    assert metric.n == 1000
    # 1 - 0.05 ** (1 / n) exactly; about 3 / n.
    assert metric.ci_high == pytest.approx(1 - 0.05 ** (1 / 1000), rel=1e-12)
    assert 2.9 / 1000 < metric.ci_high < 3.1 / 1000
    assert stats.zero_rate(2, 100).value == 0.02


@pytest.mark.parametrize(
    ("b", "c"), [(0, 0), (0, 5), (5, 0), (3, 9), (10, 10), (25, 12), (1, 40), (120, 95)]
)
def test_mcnemar_exact_matches_statsmodels(b: int, c: int) -> None:
    table = [[50, b], [c, 30]]
    reference = mcnemar(table, exact=True).pvalue
    assert stats.mcnemar_exact(b, c) == pytest.approx(reference, rel=1e-12, abs=1e-15)


def test_mcnemar_is_symmetric_and_bounded() -> None:
    assert stats.mcnemar_exact(3, 9) == stats.mcnemar_exact(9, 3)
    assert stats.mcnemar_exact(7, 7) == 1.0
    assert stats.mcnemar_exact(0, 12) < 0.001


def _paired_rows(n: int, p_base: float, p_cand: float, seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    base = [int(rng.random() < p_base) for _ in range(n)]
    cand = [int(rng.random() < p_cand) for _ in range(n)]
    return base, cand


def test_paired_bootstrap_is_deterministic_and_seeded() -> None:
    base, cand = _paired_rows(400, 0.6, 0.7, seed=1)
    first = stats.paired_bootstrap_delta(base, cand, seed=7)
    again = stats.paired_bootstrap_delta(base, cand, seed=7)
    other = stats.paired_bootstrap_delta(base, cand, seed=8)
    assert first == again
    assert (first.ci_low, first.ci_high) != (other.ci_low, other.ci_high)
    assert first.delta == pytest.approx(np.mean(cand) - np.mean(base))
    assert first.ci_low < first.delta < first.ci_high


def test_paired_bootstrap_matches_independent_computation() -> None:
    """The interval is the percentile interval of deltas on jointly resampled indices."""
    base, cand = _paired_rows(300, 0.5, 0.55, seed=3)
    result = stats.paired_bootstrap_delta(base, cand, resamples=500, seed=11)
    rng = np.random.default_rng(11)
    b, c = np.asarray(base), np.asarray(cand)
    indices = [rng.integers(0, 300, 300) for _ in range(500)]
    deltas = sorted(float(c[idx].mean() - b[idx].mean()) for idx in indices)
    assert result.ci_low == pytest.approx(deltas[12])
    assert result.ci_high == pytest.approx(deltas[486])
    # The percentile interval agrees with numpy's percentile to within one replicate.
    assert result.ci_low == pytest.approx(np.percentile(deltas, 2.5), abs=0.01)


def test_paired_bootstrap_is_narrower_than_unpaired_when_runs_agree() -> None:
    base, _ = _paired_rows(1000, 0.6, 0.6, seed=5)
    cand = list(base)
    for i in range(0, 1000, 50):  # 20 flips wrong -> right
        cand[i] = 1
    result = stats.paired_bootstrap_delta(base, cand)
    assert result.ci_high - result.ci_low < 0.03
    assert result.delta >= 0


def test_paired_bootstrap_rejects_unaligned_and_handles_empty() -> None:
    with pytest.raises(ValueError):
        stats.paired_bootstrap_delta([1, 0], [1])
    assert stats.paired_bootstrap_delta([], []).n == 0


def test_encoded_macro_f1_matches_sklearn_and_reference() -> None:
    from sklearn.metrics import f1_score

    labels = ["yes", "no", "maybe"]
    rng = random.Random(2)
    gold = [rng.choice(labels) for _ in range(200)]
    pred = [g if rng.random() < 0.6 else rng.choice(labels[:2]) for g in gold]
    codes = [labels.index(g) * 3 + labels.index(p) for g, p in zip(gold, pred, strict=True)]
    expected = f1_score(gold, pred, average="macro")
    assert stats.encoded_macro_f1(codes, 3) == pytest.approx(expected)
    assert stats.macro_f1(list(zip(gold, pred, strict=True)), labels) == pytest.approx(expected)


def test_bootstrap_interval_is_deterministic() -> None:
    rows = [1, 0, 1, 1, 0, 1, 0, 1, 1, 1] * 10
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    assert stats.bootstrap_interval(rows, mean) == stats.bootstrap_interval(rows, mean)
    low, high = stats.bootstrap_interval(rows, mean)
    assert low < 0.7 < high
