"""The latency suite's prompt set, percentiles, pooling, gate threshold and scorecard section."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from medeval.gate import check
from medeval.safety.guardrails import screen
from medeval.suites.generative_choice import parse_choice
from medeval.suites.latency import LatencySuite, percentile
from synthetic_run import write_run


def test_percentile_matches_numpy() -> None:
    rng = random.Random(3)
    for n in (1, 2, 7, 50):
        values = [rng.uniform(0.01, 5.0) for _ in range(n)]
        for q in (0.0, 0.5, 0.95, 1.0):
            assert percentile(values, q) == pytest.approx(float(np.percentile(values, 100 * q)))
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_prompt_set() -> None:
    items = LatencySuite().items(None)
    assert len(items) == 50 == LatencySuite.full_size
    assert len({item.id for item in items}) == 50
    audiences = [item.metadata["audience"] for item in items]
    assert audiences.count("patient") == 25 and audiences.count("clinician") == 25
    # Everyday questions: the input filter lets every one through, so the model's time is
    # what gets measured, not the instant refusal of a blocked prompt.
    assert not any(screen([{"role": "user", "content": i.input}]).blocked for i in items)
    with pytest.raises(Exception, match="zero-shot"):
        LatencySuite().items(None, num_fewshot=1)


def records(n: int, slowest: float, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for index in range(n):
        response = rng.uniform(0.2, 1.2) if index else slowest
        rows.append(
            {
                "item_id": f"latency-{index + 1:03d}",
                "suite": "latency",
                "question": f"prompt {index}",
                "input": f"prompt {index}",
                "metadata": {"audience": "patient", "topic": "t"},
                "response": "An answer. This information is for education only.",
                "ttft_s": response / 10,
                "response_s": response,
                "latency_s": response,
                "blocked": False,
                "hardware": {"cpu": "Test CPU", "gpu": None, "torch": "2.x"},
                "backend": "hf",
                "server": None,
                "guardrails": True,
            }
        )
    return rows


def test_aggregate_and_gate(tmp_path: Path) -> None:
    suite = LatencySuite()
    suite.items(None)
    fast = records(50, slowest=1.0)
    result = suite.aggregate(fast, n_requested=50)
    assert set(result.metrics) == {"ttft_p50_s", "ttft_p95_s", "response_p50_s", "response_p95_s"}
    p95 = result.metrics["response_p95_s"]
    assert p95.n == 50 and p95.ci_low <= p95.value <= p95.ci_high
    assert p95.value == pytest.approx(percentile([r["response_s"] for r in fast], 0.95))
    assert result.extra["measured_on"] == [
        {"hardware": fast[0]["hardware"], "backend": "hf", "server": None}
    ]
    assert result.extra["guardrails"] is True

    def latency_outcome(rows: list[dict[str, Any]], name: str) -> Any:
        pooled = suite.aggregate(rows, n_requested=len(rows))
        run_dir = write_run(tmp_path / name, {"latency": (pooled, rows)})
        outcome = next(o for o in check(run_dir).outcomes if o.threshold.suite == "latency")
        assert outcome.threshold.metric == "response_p95_s"
        return outcome

    assert latency_outcome(fast, "fast").passed
    slow = records(50, slowest=9.0)
    for row in slow[1:5]:
        row["response_s"] = 8.0
    failed = latency_outcome(slow, "slow")
    assert not failed.passed and failed.observed is not None and failed.observed >= 2.0
    assert not latency_outcome(records(10, slowest=1.0), "smoke").passed  # min_n 50


def test_scorecard_shows_latency(tmp_path: Path) -> None:
    from medeval.reports import render_scorecard

    suite = LatencySuite()
    rows = records(50, slowest=1.0)
    rows[0]["response"] = "<script>alert(1)</script>"
    result = suite.aggregate(rows, n_requested=50)
    run_dir = write_run(tmp_path / "run", {"latency": (result, rows)})
    page = render_scorecard(run_dir).read_text(encoding="utf-8")
    assert "Latency" in page and "response_p95_s" in page and "ttft_p50_s" in page
    assert "Test CPU" in page
    assert "<script>alert(1)</script>" not in page


def test_parse_choice() -> None:
    letters = ["A", "B", "C", "D"]
    assert parse_choice("B", letters) == 1
    assert parse_choice("The answer is C. Because...", letters) == 2
    assert parse_choice("a patient with D", letters) == 3  # the article 'a' is no choice
    assert parse_choice("I am not sure", letters) is None
    assert parse_choice("Maybe, or yes", ["yes", "no", "maybe"]) == 2
    assert parse_choice("noting that", ["yes", "no", "maybe"]) is None
