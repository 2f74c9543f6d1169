"""Confidence intervals and paired tests.

Proportions use the Wilson score interval (95%, two-sided) because it behaves at 0 and 1 where the
normal approximation does not; metrics without a closed form (macro-F1) use a seeded percentile
bootstrap so a re-run gives the same interval. scipy is imported lazily: the gate and report
commands must stay light.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import TypeVar

from medeval.types import MetricValue

Z95 = 1.959963984540054
T = TypeVar("T")


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; (0, 1) when n is 0."""
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


def bootstrap_interval(
    rows: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    *,
    resamples: int = 1000,
    seed: int = 1234,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """Seeded percentile bootstrap interval of `statistic` over `rows` resampled with replacement."""
    if not rows:
        return 0.0, 1.0
    rng = random.Random(seed)
    n = len(rows)
    values = sorted(statistic([rows[rng.randrange(n)] for _ in range(n)]) for _ in range(resamples))
    low_index = int(math.floor(alpha / 2 * resamples))
    high_index = min(resamples - 1, int(math.ceil((1 - alpha / 2) * resamples)) - 1)
    return values[low_index], values[high_index]


def macro_f1(pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> float:
    """Macro-F1 over `labels` of (gold, predicted) pairs, as scikit-learn's f1_score(average='macro').

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
