"""Inter-rater agreement: Krippendorff's alpha, ICC(2,k), Cohen's and Fleiss' kappa.

Panel ratings are ordinal (1-5 anchors), raters skip items, and a panel is small, so the figures
reported are the ones clinical-rating studies use for exactly that situation:

* Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") with the
  ordinal difference function, computed from the coincidence matrix so missing ratings are
  simply left out of the pairs (a unit with fewer than two ratings carries no information).
* ICC(2,k) (Shrout & Fleiss 1979, case 2: two-way random effects, absolute agreement, the
  reliability of the mean of k raters), from the two-way ANOVA mean squares on the items every
  rater rated.
* Quadratic-weighted Cohen's kappa for each pair of raters on the items both rated, through
  scikit-learn.
* For categorical judgments (the pairwise panel's preferences): unweighted Cohen's kappa for two
  raters (scikit-learn) and Fleiss' kappa (Fleiss 1971) for more, on items every rater judged.

Alpha and ICC are implemented here (the reference packages are GPL, usable only as test oracles);
they take a ratings matrix as a list of rows, one row per rater, ``None`` for a missing rating.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

Ratings = Sequence[Sequence[float | None]]
"""Raters x units: ``ratings[r][u]`` is rater r's value for unit u, or None when missing."""

Level = Literal["nominal", "ordinal", "interval"]


def _units(ratings: Ratings) -> list[list[float]]:
    """Per unit, the values given (missing ones dropped)."""
    if not ratings:
        return []
    width = len(ratings[0])
    if any(len(row) != width for row in ratings):
        raise ValueError("every rater's row must have one entry per unit")
    units = []
    for unit in range(width):
        values = [float(v) for v in (row[unit] for row in ratings) if v is not None]
        if any(not math.isfinite(v) for v in values):
            raise ValueError("ratings must be finite numbers or None")
        units.append(values)
    return units


def krippendorff_alpha(ratings: Ratings, level: Level = "ordinal") -> float:
    """Krippendorff's alpha for a raters x units matrix with missing values.

    Returns NaN when it is undefined: fewer than two pairable values, or no disagreement
    possible (every pairable value is the same, so expected disagreement is zero).
    """
    pairable = [values for values in _units(ratings) if len(values) >= 2]
    domain = sorted({v for values in pairable for v in values})
    if len(domain) < 2:
        return math.nan
    index = {value: i for i, value in enumerate(domain)}
    size = len(domain)
    coincidence = [[0.0] * size for _ in range(size)]
    for values in pairable:
        weight = 1.0 / (len(values) - 1)
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidence[index[first]][index[second]] += weight
    marginals = [sum(row) for row in coincidence]
    total = sum(marginals)
    delta = _difference_matrix(domain, marginals, level)
    observed = sum(
        coincidence[c][k] * delta[c][k] for c in range(size) for k in range(size) if c != k
    )
    expected = sum(
        marginals[c] * marginals[k] * delta[c][k]
        for c in range(size)
        for k in range(size)
        if c != k
    )
    if expected == 0:
        return math.nan
    return 1.0 - (total - 1.0) * observed / expected


def _difference_matrix(
    domain: Sequence[float], marginals: Sequence[float], level: Level
) -> list[list[float]]:
    """Squared difference delta^2(c, k) between values of the domain for the chosen level."""
    size = len(domain)
    if level == "nominal":
        return [[0.0 if c == k else 1.0 for k in range(size)] for c in range(size)]
    if level == "interval":
        return [[(domain[c] - domain[k]) ** 2 for k in range(size)] for c in range(size)]
    if level == "ordinal":
        # The distance between two ranks is the number of pairable values lying between them,
        # counting each end half (Krippendorff 2011, section E).
        matrix = [[0.0] * size for _ in range(size)]
        for c in range(size):
            for k in range(c + 1, size):
                between = sum(marginals[c : k + 1]) - (marginals[c] + marginals[k]) / 2.0
                matrix[c][k] = matrix[k][c] = between**2
        return matrix
    raise ValueError(f"unknown level of measurement {level!r}")


def icc2k(ratings: Ratings) -> float:
    """ICC(2,k): two-way random effects, absolute agreement, mean of k raters.

    Computed on the units every rater rated (the two-way ANOVA needs a complete table); NaN when
    fewer than two such units or fewer than two raters remain, or when there is no variance.
    """
    complete = [values for values in _units(ratings) if len(values) == len(ratings)]
    n, k = len(complete), len(ratings)
    if n < 2 or k < 2:
        return math.nan
    grand = sum(sum(values) for values in complete) / (n * k)
    unit_means = [sum(values) / k for values in complete]
    rater_means = [sum(values[r] for values in complete) / n for r in range(k)]
    ss_units = k * sum((m - grand) ** 2 for m in unit_means)
    ss_raters = n * sum((m - grand) ** 2 for m in rater_means)
    ss_total = sum((v - grand) ** 2 for values in complete for v in values)
    ss_error = ss_total - ss_units - ss_raters
    ms_units = ss_units / (n - 1)
    ms_raters = ss_raters / (k - 1)
    ms_error = ss_error / ((n - 1) * (k - 1))
    denominator = ms_units + (ms_raters - ms_error) / n
    if denominator == 0:
        return math.nan
    return (ms_units - ms_error) / denominator


@dataclass(frozen=True)
class PairKappa:
    """Quadratic-weighted Cohen's kappa of two raters on the items both rated."""

    rater_a: str
    rater_b: str
    kappa: float
    n: int


def pairwise_weighted_kappa(
    ratings: Ratings, raters: Sequence[str], labels: Sequence[int]
) -> list[PairKappa]:
    """Quadratic-weighted kappa (scikit-learn) for every pair of raters.

    `labels` is the full scale (e.g. 1..5) so the weights span the scale, not just the values a
    pair happened to use. NaN when a pair shares no item or both gave one constant value.
    """
    import warnings

    from sklearn.metrics import cohen_kappa_score

    result = []
    for a, b in combinations(range(len(raters)), 2):
        pairs = [
            (int(x), int(y))
            for x, y in zip(ratings[a], ratings[b], strict=True)
            if x is not None and y is not None
        ]
        kappa = math.nan
        if pairs:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                kappa = float(
                    cohen_kappa_score(
                        [x for x, _ in pairs],
                        [y for _, y in pairs],
                        labels=list(labels),
                        weights="quadratic",
                    )
                )
        result.append(PairKappa(raters[a], raters[b], kappa, len(pairs)))
    return result


def alpha_interval(
    ratings: Ratings,
    level: Level = "ordinal",
    *,
    resamples: int = 500,
    seed: int = 1234,
) -> tuple[float, float]:
    """Seeded percentile bootstrap 95% interval of alpha, resampling units (items)."""
    from medeval.stats import bootstrap_interval

    columns = list(range(len(ratings[0]))) if ratings else []
    if len(columns) < 2:
        return math.nan, math.nan

    def statistic(sample: Sequence[int]) -> float:
        value = krippendorff_alpha([[row[u] for u in sample] for row in ratings], level)
        # A resample without possible disagreement has no alpha; count it as chance level.
        return 0.0 if math.isnan(value) else value

    return bootstrap_interval(columns, statistic, resamples=resamples, seed=seed)


def cohen_kappa(first: Sequence[str], second: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted Cohen's kappa of two raters' category labels (scikit-learn); NaN if undefined.

    `labels` is every category, so one a pair never used still counts in the chance agreement.
    """
    import warnings

    from sklearn.metrics import cohen_kappa_score

    if not first:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(list(first), list(second), labels=list(labels)))


def fleiss_kappa(units: Sequence[Sequence[str]], labels: Sequence[str]) -> float:
    """Fleiss' kappa (Fleiss 1971) for units each rated by the same number (>= 2) of raters.

    `units[u]` holds every rater's category for unit u. NaN when undefined: no unit, fewer than
    two ratings per unit, unequal counts, or chance agreement of 1 (one category used throughout).
    """
    if not units:
        return math.nan
    k = len(units[0])
    if k < 2 or any(len(unit) != k for unit in units):
        return math.nan
    n = len(units)
    counts = [[sum(1 for value in unit if value == label) for label in labels] for unit in units]
    if any(sum(row) != k for row in counts):
        raise ValueError("a rating is not one of the labels")
    shares = [sum(row[j] for row in counts) / (n * k) for j in range(len(labels))]
    observed = sum((sum(c * c for c in row) - k) / (k * (k - 1)) for row in counts) / n
    chance = sum(p * p for p in shares)
    if chance == 1:
        return math.nan
    return (observed - chance) / (1 - chance)
