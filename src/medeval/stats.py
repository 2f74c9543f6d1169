"""Confidence intervals and paired tests.

Proportions use the Wilson score interval (95%, two-sided) because it behaves at 0 and 1 where the
normal approximation does not; metrics without a closed form (macro-F1) use a seeded percentile
bootstrap so a re-run gives the same interval. Rates that must be zero carry a one-sided exact
(Clopper-Pearson) upper bound; paired comparisons of two runs use the exact McNemar test and a
paired bootstrap. scipy and numpy are imported lazily: the gate and report commands must stay light.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from medeval.types import MetricValue

Z95 = 1.959963984540054
T = TypeVar("T")


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; (0, 1) when n is 0.

    `successes` may be fractional (a pairwise win rate counts a tie as half a win).
    """
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(successes: int, n: int) -> MetricValue:
    """A proportion with its Wilson 95% interval."""
    low, high = wilson_interval(successes, n)
    return MetricValue(value=successes / n if n else 0.0, ci_low=low, ci_high=high, n=n)


PREFERENCE_SCORES: dict[str, float] = {
    "candidate": 1.0,
    "baseline": 0.0,
    "tie": 0.5,
    "both_unacceptable": 0.5,
}
"""A pairwise judgment's score for the candidate run, by its verdict in run terms."""


def preference_win_rate(verdicts_by_item: Sequence[Sequence[str]]) -> MetricValue:
    """``rubric.preference_win_rate`` from each item's verdicts (keys of PREFERENCE_SCORES).

    An item's score is the mean of its raters' scores, the win rate the mean of the scores of
    the items someone judged, and the interval Wilson's at that rate with n = judged items (the
    raters of one item are not independent trials). The pairwise import and the gate's
    recomputation both call this, so the stored number and the check are one definition.
    """
    scores = [
        sum(PREFERENCE_SCORES[verdict] for verdict in verdicts) / len(verdicts)
        for verdicts in verdicts_by_item
        if verdicts
    ]
    total = sum(scores)
    low, high = wilson_interval(total, len(scores))
    value = total / len(scores) if scores else 0.0
    return MetricValue(value=value, ci_low=low, ci_high=high, n=len(scores))


def bootstrap_interval(
    rows: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    *,
    resamples: int = 1000,
    seed: int = 1234,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """Seeded percentile bootstrap interval of `statistic` over `rows` resampled with replacement.

    Seeded so a re-run of the same records gives the same interval.
    """
    if not rows:
        return 0.0, 1.0
    rng = random.Random(seed)
    n = len(rows)
    values = sorted(statistic([rows[rng.randrange(n)] for _ in range(n)]) for _ in range(resamples))
    low_index = int(math.floor(alpha / 2 * resamples))
    high_index = min(resamples - 1, int(math.ceil((1 - alpha / 2) * resamples)) - 1)
    return values[low_index], values[high_index]


def macro_f1(pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> float:
    """Macro-F1 over `labels` of (gold, predicted) pairs, as scikit-learn's macro f1_score.

    Classes present in neither gold nor predictions are skipped, as scikit-learn does when labels
    are inferred from the data; a class with no true and no predicted positives scores 0.
    """
    present = [label for label in labels if any(label in pair for pair in pairs)]
    if not present:
        return 0.0
    scores = []
    for label in present:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        fp = sum(1 for gold, pred in pairs if gold != label and pred == label)
        fn = sum(1 for gold, pred in pairs if gold == label and pred != label)
        denom = 2 * tp + fp + fn
        scores.append(2 * tp / denom if denom else 0.0)
    return sum(scores) / len(scores)


def clopper_pearson_upper(successes: int, n: int, confidence: float = 0.95) -> float:
    """One-sided Clopper-Pearson upper bound of a binomial proportion.

    Used for rates that must be zero (unsafe compliance, harmful answers): a point estimate of 0
    says little on its own, the bound says how large the true rate could still be (about 3/n for
    0 of n, the "rule of three"). Exact, so it never undercovers, unlike Wilson at 0.
    """
    if n <= 0:
        return 1.0
    if successes >= n:
        return 1.0
    from scipy.stats import beta

    return float(beta.ppf(confidence, successes + 1, n - successes))


def zero_rate(successes: int, n: int, confidence: float = 0.95) -> MetricValue:
    """A rate that must be zero, with the one-sided interval [0, Clopper-Pearson upper bound].

    ``ci_low`` is 0 because the interval is one-sided: the question such a rate answers is "how
    bad could it be", so all 5% of the error is put on the upper side.
    """
    return MetricValue(
        value=successes / n if n else 0.0,
        ci_low=0.0,
        ci_high=clopper_pearson_upper(successes, n, confidence),
        n=n,
    )


def mcnemar_exact(baseline_only: int, candidate_only: int) -> float:
    """Exact two-sided McNemar p-value from the discordant pair counts.

    Args:
        baseline_only: items the baseline got right and the candidate got wrong.
        candidate_only: items the candidate got right and the baseline got wrong.

    Only discordant pairs carry information about a difference in accuracy on the same items;
    under the null each is equally likely to go either way, so the test is a binomial(b + c, 1/2)
    test, exact rather than chi-squared because flips between two close models are often few.
    """
    discordant = baseline_only + candidate_only
    if discordant == 0:
        return 1.0
    from scipy.stats import binom

    p = 2.0 * float(binom.cdf(min(baseline_only, candidate_only), discordant, 0.5))
    return min(1.0, p)


@dataclass(frozen=True)
class PairedDelta:
    """Candidate minus baseline, with a paired bootstrap percentile interval."""

    baseline: float
    candidate: float
    delta: float
    ci_low: float
    ci_high: float
    n: int


def paired_bootstrap_delta(
    baseline: Sequence[Any],
    candidate: Sequence[Any],
    statistic: Callable[[Any], float] | None = None,
    *,
    resamples: int = 1000,
    seed: int = 1234,
    alpha: float = 0.05,
) -> PairedDelta:
    """Bootstrap interval of statistic(candidate) - statistic(baseline) over paired items.

    The same resampled item indices are applied to both runs, so the interval reflects only how
    the two models differ on the same items (far narrower than two independent intervals).

    Args:
        baseline: per-item values of the baseline (e.g. 0/1 correctness), aligned with
            `candidate` by item.
        candidate: per-item values of the candidate.
        statistic: maps a numpy array of resampled per-item values to the metric; the mean when
            None (accuracy from 0/1 values). Must accept numpy arrays: vectorised so 10,000 items
            x 1,000 resamples stays well under a second.
        resamples: bootstrap replicates.
        seed: seed of numpy's default generator, so a re-run gives the same interval.
        alpha: 1 - confidence level (two-sided).
    """
    import numpy as np

    if len(baseline) != len(candidate):
        raise ValueError("baseline and candidate must be aligned item by item")
    base = np.asarray(baseline)
    cand = np.asarray(candidate)
    stat: Callable[[Any], float] = statistic if statistic is not None else np.mean
    n = len(base)
    if n == 0:
        return PairedDelta(0.0, 0.0, 0.0, 0.0, 0.0, 0)
    base_value = float(stat(base))
    cand_value = float(stat(cand))
    rng = np.random.default_rng(seed)
    deltas = np.empty(resamples)
    for replicate in range(resamples):
        index = rng.integers(0, n, n)
        deltas[replicate] = float(stat(cand[index])) - float(stat(base[index]))
    deltas.sort()
    low_index = int(math.floor(alpha / 2 * resamples))
    high_index = min(resamples - 1, int(math.ceil((1 - alpha / 2) * resamples)) - 1)
    return PairedDelta(
        baseline=base_value,
        candidate=cand_value,
        delta=cand_value - base_value,
        ci_low=float(deltas[low_index]),
        ci_high=float(deltas[high_index]),
        n=n,
    )


def encoded_macro_f1(codes: Any, n_labels: int) -> float:
    """Macro-F1 of (gold, predicted) pairs encoded as ``gold * n_labels + predicted``.

    The integer encoding lets the paired bootstrap resample macro-F1 with one numpy bincount per
    replicate; the result equals :func:`macro_f1` (classes absent from gold and predictions are
    skipped).
    """
    import numpy as np

    matrix = np.bincount(np.asarray(codes), minlength=n_labels * n_labels).reshape(
        n_labels, n_labels
    )
    tp = np.diag(matrix)
    gold_total = matrix.sum(axis=1)
    pred_total = matrix.sum(axis=0)
    present = (gold_total + pred_total) > 0
    if not present.any():
        return 0.0
    denom = gold_total + pred_total
    scores = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    return float(scores[present].mean())


def _python_randrange_stream(seed: int, n: int, count: int) -> Any:
    """The first `count` values of ``random.Random(seed).randrange(n)``, as a numpy array.

    CPython's randrange(n) takes the top ``n.bit_length()`` bits of one 32-bit Mersenne Twister
    output and draws again while the value is >= n; numpy's MT19937 started from the same state
    yields the same 32-bit outputs, so keeping the accepted values in order reproduces the calls.
    """
    import numpy as np

    state = random.Random(seed).getstate()[1]
    generator = np.random.MT19937()
    generator.state = {
        "bit_generator": "MT19937",
        "state": {"key": np.array(state[:624], dtype=np.uint32), "pos": int(state[624])},
    }
    shift = 32 - n.bit_length()
    chunks, have = [], 0
    while have < count:
        raw = generator.random_raw(int((count - have) * 1.1) + 1024) >> np.uint64(shift)
        accepted = raw[raw < n]
        chunks.append(accepted)
        have += len(accepted)
    return np.concatenate(chunks)[:count].astype(np.int64)


def macro_f1_interval(
    pairs: Sequence[tuple[str, str]],
    labels: Sequence[str],
    *,
    resamples: int = 1000,
    seed: int = 1234,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """``bootstrap_interval(pairs, lambda rows: macro_f1(rows, labels), ...)``, to the last bit.

    The same resampled rows (see :func:`_python_randrange_stream`) and the same float operations
    in the same order, vectorised with numpy: PubMedQA's macro-F1 interval is what the suite
    writes and what the gate recomputes from the samples, in milliseconds instead of seconds.
    """
    import numpy as np

    n = len(pairs)
    if n == 0:
        return 0.0, 1.0
    size = len(labels)
    index = {label: i for i, label in enumerate(labels)}
    gold = np.array([index.get(g, size) for g, _ in pairs], dtype=np.int64)
    pred = np.array([index.get(p, size) for _, p in pairs], dtype=np.int64)
    hit = np.where(gold == pred, gold, size)
    bins = size + 1
    values = np.empty(resamples)
    per_chunk = max(1, 2_000_000 // n)
    for start in range(0, resamples, per_chunk):
        rows = min(per_chunk, resamples - start)
        draws = _python_randrange_stream(seed, n, (start + rows) * n)[start * n :].reshape(rows, n)
        offset = (np.arange(rows, dtype=np.int64) * bins)[:, None]

        def counts(codes: Any, rows: int = rows, offset: Any = offset, draws: Any = draws) -> Any:
            flat = (offset + codes[draws]).ravel()
            return np.bincount(flat, minlength=rows * bins).reshape(rows, bins)[:, :size]

        tp, gold_n, pred_n = counts(hit), counts(gold), counts(pred)
        denom = gold_n + pred_n  # 2tp + fp + fn
        present = denom > 0
        scores = np.where(present, 2.0 * tp / np.maximum(denom, 1), 0.0)
        total = np.zeros(rows)
        for column in range(size):  # left to right, as sum() adds the present classes
            total = total + scores[:, column]
        count = present.sum(axis=1)
        values[start : start + rows] = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    values.sort()
    low_index = int(math.floor(alpha / 2 * resamples))
    high_index = min(resamples - 1, int(math.ceil((1 - alpha / 2) * resamples)) - 1)
    return float(values[low_index]), float(values[high_index])


def _encoded_macro_f1_rows(codes: Any, n_labels: int) -> Any:
    """:func:`encoded_macro_f1` of each row of a 2-D array of codes, vectorised."""
    import numpy as np

    rows = codes.shape[0]
    cells = n_labels * n_labels
    flat = (np.arange(rows, dtype=np.int64)[:, None] * cells + codes).ravel()
    matrix = np.bincount(flat, minlength=rows * cells).reshape(rows, n_labels, n_labels)
    tp = np.diagonal(matrix, axis1=1, axis2=2)
    denom = matrix.sum(axis=2) + matrix.sum(axis=1)
    present = denom > 0
    scores = np.where(present, 2 * tp / np.maximum(denom, 1), 0.0)
    count = present.sum(axis=1)
    return np.where(count > 0, scores.sum(axis=1) / np.maximum(count, 1), 0.0)


def paired_permutation_macro_f1(
    baseline_codes: Sequence[int],
    candidate_codes: Sequence[int],
    n_labels: int,
    *,
    permutations: int = 10_000,
    seed: int = 1234,
) -> float:
    """Two-sided p-value of a paired permutation test of the macro-F1 difference.

    Items are ``gold * n_labels + predicted`` codes aligned by item. Under the null the two runs
    are exchangeable item by item, so each permutation swaps the runs' answers on a random half
    of the items (seeded); p = (1 + #{|permuted delta| >= |observed delta|}) / (1 + permutations),
    which is never 0 and is exact in the sense of a Monte Carlo permutation test.
    """
    import numpy as np

    base = np.asarray(baseline_codes, dtype=np.int64)
    cand = np.asarray(candidate_codes, dtype=np.int64)
    if len(base) != len(cand):
        raise ValueError("baseline and candidate must be aligned item by item")
    n = len(base)
    if n == 0:
        return 1.0
    observed = abs(encoded_macro_f1(cand, n_labels) - encoded_macro_f1(base, n_labels))
    rng = np.random.default_rng(seed)
    extreme = 0
    per_chunk = max(1, 2_000_000 // n)
    for start in range(0, permutations, per_chunk):
        rows = min(per_chunk, permutations - start)
        swap = rng.random((rows, n)) < 0.5
        permuted_base = np.where(swap, cand, base)
        permuted_cand = np.where(swap, base, cand)
        deltas = _encoded_macro_f1_rows(permuted_cand, n_labels) - _encoded_macro_f1_rows(
            permuted_base, n_labels
        )
        extreme += int(np.sum(np.abs(deltas) >= observed - 1e-12))
    return (1 + extreme) / (1 + permutations)


def macro_f1_metric(
    pairs: Sequence[tuple[str, str]], labels: Sequence[str], *, seed: int
) -> MetricValue:
    """Macro-F1 of (gold, predicted) pairs with its seeded bootstrap interval: the suite's metric
    and the gate's recomputation of it are this one function."""
    low, high = macro_f1_interval(pairs, labels, seed=seed)
    return MetricValue(value=macro_f1(pairs, labels), ci_low=low, ci_high=high, n=len(pairs))
