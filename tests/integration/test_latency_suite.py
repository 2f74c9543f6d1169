"""The latency suite on real models: token streaming, guardrails, what results.json records."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from medeval import run
from medeval.backend import GenerationSettings
from medeval.gate import check
from medeval.models.hf import HFModel
from medeval.models.hf_stream import stream_generate
from medeval.safety.guardrails import DISCLAIMER

METRICS = {"ttft_p50_s", "ttft_p95_s", "response_p50_s", "response_p95_s"}


@pytest.fixture(scope="module")
def hf(tiny_model: Path) -> HFModel:
    return HFModel(str(tiny_model), batch_size=4)


def test_streamed_answer_equals_generated_answer(hf: HFModel) -> None:
    settings = GenerationSettings(max_new_tokens=16, system_prompt="Be careful.")
    conversations = [
        [{"role": "user", "content": "What is a normal resting heart rate?"}],
        [{"role": "user", "content": "How is asthma treated?"}],
    ]
    generated = hf.generate(conversations, settings)
    for conversation, answer in zip(conversations, generated, strict=True):
        pieces = list(stream_generate(hf, conversation, settings))
        assert len(pieces) > 1  # it really streams
        assert "".join(pieces) == answer.text


def samples(run_dir: Path, suite: str) -> list[dict[str, object]]:
    lines = (run_dir / "samples" / f"{suite}.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def test_latency_run_with_guardrails_both(hf: HFModel, tiny_model: Path, tmp_path: Path) -> None:
    outcome = run(
        str(tiny_model),
        suites=["latency"],
        limit=2,
        out=tmp_path / "run",
        progress=False,
        render=True,
        loaded_model=hf,
        max_new_tokens=8,
        guardrails="both",
    )
    card = outcome.scorecard
    guarded, raw = card.suites["latency"], card.suites["latency@raw"]
    for result in (guarded, raw):
        assert set(result.metrics) == METRICS
        assert result.metrics["response_p95_s"].n == 2
        measured = result.extra["measured_on"][0]
        assert measured["backend"] == "hf" and measured["hardware"]["cpu"]
        assert measured["hardware"]["torch"]
        for name in ("ttft", "response"):
            assert result.metrics[f"{name}_p50_s"].value <= result.metrics[f"{name}_p95_s"].value
    assert guarded.extra["guardrails"] is True and raw.extra["guardrails"] is False
    for record in samples(tmp_path / "run", "latency"):
        assert DISCLAIMER in str(record["response"])
        assert 0 < float(record["ttft_s"]) <= float(record["response_s"])  # type: ignore[arg-type]
    assert not any(
        DISCLAIMER in str(r["response"]) for r in samples(tmp_path / "run", "latency@raw")
    )
    latency = next(o for o in check(tmp_path / "run").outcomes if o.threshold.suite == "latency")
    assert not latency.passed and "50" in latency.reason  # a --limit run never passes
    assert "response_p95_s" in (tmp_path / "run" / "scorecard.html").read_text()
    # Resuming scores nothing again.
    again = run(
        str(tiny_model),
        suites=["latency"],
        limit=2,
        out=tmp_path / "run",
        progress=False,
        render=False,
        loaded_model=hf,
        max_new_tokens=8,
        guardrails="both",
    )
    assert again.model_calls == 0


@pytest.mark.slow
def test_latency_on_smollm2(
    smollm2_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDEVAL_CACHE", str(smollm2_cache))
    outcome = run(
        "smollm2-135m",
        suites=["latency"],
        limit=2,
        out=tmp_path / "run",
        progress=False,
        render=False,
        max_new_tokens=16,
        use_cache=False,
    )
    result = outcome.scorecard.suites["latency"]
    assert set(result.metrics) == METRICS and result.n_items == 2
    records = samples(tmp_path / "run", "latency")
    assert all(str(r["response"]).strip() for r in records)
    # A real model's first token arrives well before its 16th.
    ttft = result.metrics["ttft_p50_s"].value
    assert 0 < ttft < result.metrics["response_p50_s"].value
    assert os.environ["MEDEVAL_CACHE"] == str(smollm2_cache)
