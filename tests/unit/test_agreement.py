"""Agreement statistics against published worked examples and the GPL reference packages
(krippendorff, pingouin: test oracles only, never imported by medeval)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from medeval.rubrics.agreement import (
    alpha_interval,
    icc2k,
    krippendorff_alpha,
    pairwise_weighted_kappa,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 observers,
# 12 units, missing values; published alpha nominal 0.743, ordinal 0.815, interval 0.849.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
# Shrout & Fleiss (1979), table 2: 6 targets rated by 4 judges; published ICC(2,1) 0.29 and
# ICC(2,4) 0.62.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_published_example(level: str, published: float) -> None:
    assert krippendorff_alpha(K2011, level) == pytest.approx(published, abs=5e-4)  # type: ignore[arg-type]


def test_icc2k_published_example() -> None:
    raters = [list(column) for column in zip(*SHROUT_FLEISS, strict=True)]
    assert icc2k(raters) == pytest.approx(0.62, abs=5e-3)


def _random_ratings(seed: int, raters: int, units: int, missing: float) -> list[list[int | None]]:
    rng = random.Random(seed)
    truth = [rng.randint(1, 5) for _ in range(units)]
    matrix: list[list[int | None]] = []
    for _ in range(raters):
        row: list[int | None] = []
        for value in truth:
            noisy = min(5, max(1, value + rng.choice([-1, 0, 0, 0, 1, 2])))
            row.append(None if rng.random() < missing else noisy)
        matrix.append(row)
    return matrix


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_alpha_matches_krippendorff_package(seed: int, level: str) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    matrix = _random_ratings(seed, raters=2 + seed % 3, units=15 + 7 * seed, missing=0.25)
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(matrix, level) == pytest.approx(expected, abs=1e-9)  # type: ignore[arg-type]


@pytest.mark.filterwarnings("ignore:The inplace keyword")
@pytest.mark.parametrize("seed", range(5))
def test_icc2k_matches_pingouin(seed: int) -> None:
    pingouin = pytest.importorskip("pingouin")
    import pandas as pd

    matrix = _random_ratings(100 + seed, raters=3 + seed % 2, units=12 + 3 * seed, missing=0.0)
    rows = [(u, r, v) for r, row in enumerate(matrix) for u, v in enumerate(row)]
    table = pingouin.intraclass_corr(
        pd.DataFrame(rows, columns=["item", "rater", "score"]), "item", "rater", "score"
    )
    reference = float(table.set_index("Type").loc["ICC(A,k)", "ICC"])  # ICC2k in pingouin < 0.6
    assert icc2k(matrix) == pytest.approx(reference, abs=1e-9)


def test_icc2k_uses_complete_items_only() -> None:
    raters = [list(column) for column in zip(*SHROUT_FLEISS, strict=True)]
    with_gap = [row + [None] for row in raters]
    with_gap[0][-1] = 3
    assert icc2k(with_gap) == pytest.approx(icc2k(raters), abs=1e-12)


def test_undefined_cases_are_nan() -> None:
    assert math.isnan(krippendorff_alpha([[3, 3, 3], [3, 3, 3]]))
    assert math.isnan(krippendorff_alpha([[1, None], [None, 2]]))  # nothing pairable
    assert math.isnan(icc2k([[1, 2], [None, 2]]))
    assert krippendorff_alpha([[1, 2, 3, 4], [1, 2, 3, 4]]) == 1.0


def test_weighted_kappa_matches_sklearn_and_skips_missing() -> None:
    from sklearn.metrics import cohen_kappa_score

    a = [1, 2, 3, 4, 5, 3, None, 2]
    b = [1, 3, 3, 5, 4, None, 2, 2]
    kept = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    (pair,) = pairwise_weighted_kappa([a, b], ["r1", "r2"], [1, 2, 3, 4, 5])
    expected = cohen_kappa_score(
        [x for x, _ in kept], [y for _, y in kept], labels=[1, 2, 3, 4, 5], weights="quadratic"
    )
    assert (pair.rater_a, pair.rater_b, pair.n) == ("r1", "r2", 6)
    assert pair.kappa == pytest.approx(expected)
    # Hand check: perfect agreement is 1; quadratic weights penalise a 1-vs-5 more than 1-vs-2.
    (same,) = pairwise_weighted_kappa([[1, 2, 5], [1, 2, 5]], ["a", "b"], [1, 2, 3, 4, 5])
    assert same.kappa == pytest.approx(1.0)
    (near,) = pairwise_weighted_kappa([[1, 3, 5, 2], [2, 3, 5, 2]], ["a", "b"], [1, 2, 3, 4, 5])
    (far,) = pairwise_weighted_kappa([[1, 3, 5, 2], [5, 3, 5, 2]], ["a", "b"], [1, 2, 3, 4, 5])
    assert near.kappa > far.kappa


def test_alpha_interval_is_seeded_and_brackets_the_estimate() -> None:
    first = alpha_interval(K2011, "ordinal", resamples=200, seed=7)
    assert first == alpha_interval(K2011, "ordinal", resamples=200, seed=7)
    assert first[0] <= krippendorff_alpha(K2011, "ordinal") <= first[1]
