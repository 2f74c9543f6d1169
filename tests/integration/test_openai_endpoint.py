"""The OpenAI-compatible endpoint backend against a real server process on loopback.

The server is `medeval serve` (transformers, the tiny model) started as a subprocess on
127.0.0.1: log-likelihoods, predictions and answers scored over HTTP must equal the in-process
Hugging Face backend's; retries, auth errors, unreachable hosts and concurrency are exercised on
the real process (its fault injection answers the first requests with 503/429).
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from served import free_port, served_model, stats

from medeval import run
from medeval.backend import GenerationSettings
from medeval.errors import UsageError
from medeval.models.hf import HFModel
from medeval.models.openai_compat import (
    Endpoint,
    EndpointError,
    OpenAIEndpointModel,
    parse_endpoint,
)
from medeval.suites.medqa import MedQASuite

CONVERSATIONS = [
    [{"role": "user", "content": "What is hypertension?"}],
    [{"role": "user", "content": "Name a common cause of anaemia."}],
    [
        {"role": "user", "content": "I have a headache."},
        {"role": "assistant", "content": "How long has it lasted?"},
        {"role": "user", "content": "Two days."},
    ],
    [{"role": "user", "content": "Question: Is aspirin an NSAID?\nAnswer:"}],
    [{"role": "user", "content": "Explain the ABCDE rule."}],
    [{"role": "user", "content": "What does HbA1c measure?"}],
]


KEY_ENV = {"SERVE_TEST_KEY": "s3cret"}
KEY = KEY_ENV["SERVE_TEST_KEY"]
# The server shows a local folder by its name, never its path; clients name the tokenizer.
SERVED = "tiny-llama"


@pytest.fixture(scope="module")
def server(tiny_model: Path) -> Iterator[str]:
    """One server process for the whole module (starting one costs seconds): it wants an API
    key and accepts fault injection."""
    args = ("--api-key-env", "SERVE_TEST_KEY", "--fault-injection")
    with served_model(tiny_model, *args, env=KEY_ENV) as url:
        yield url


@pytest.fixture(autouse=True)
def _api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDEVAL_API_KEY", KEY_ENV["SERVE_TEST_KEY"])


@pytest.fixture(scope="module")
def hf(tiny_model: Path) -> HFModel:
    return HFModel(str(tiny_model), batch_size=4)


def endpoint(url: str, tiny_model: Path, **options: Any) -> OpenAIEndpointModel:
    host = url.removeprefix("http://")
    return OpenAIEndpointModel(f"openai://{host}/{SERVED}", tokenizer=str(tiny_model), **options)


def inject(url: str, fail_next: int, *statuses: int) -> None:
    body = {"fail_next": fail_next, "statuses": list(statuses)}
    headers = {"Authorization": f"Bearer {KEY}"}
    httpx.post(f"{url}/medeval/faults", json=body, headers=headers, timeout=5.0).raise_for_status()


def test_parse_endpoint() -> None:
    assert parse_endpoint("openai://gpu:8000/org/name") == Endpoint(
        "http://gpu:8000/v1", "org/name"
    )
    parsed = parse_endpoint("org/name", "https://api.example.org/v1/")
    assert parsed.base_url == "https://api.example.org/v1" and parsed.model == "org/name"
    for bad in ("openai://host-only", "org/name"):
        with pytest.raises(UsageError):
            parse_endpoint(bad)
    with pytest.raises(UsageError):
        parse_endpoint("x", "ftp://host/v1")


def test_loglikelihoods_and_predictions_equal_in_process(
    server: str, hf: HFModel, tiny_model: Path, data_dir: Path
) -> None:
    items = MedQASuite().items(data_dir)[:12]
    requests = [(item.input, [" " + c for c in item.choices]) for item in items]
    requests.append(("The patient has", [" a fever", " chest pain and dyspnoea", " no"]))
    model = endpoint(server, tiny_model, max_concurrency=4)
    assert model.supports_loglikelihood
    served = model.loglikelihood_choices(requests)
    local = hf.loglikelihood_choices(requests)
    for remote_row, local_row in zip(served, local, strict=True):
        assert remote_row == pytest.approx(local_row, abs=1e-4)
    predictions = [max(range(len(row)), key=row.__getitem__) for row in served]
    assert predictions == [max(range(len(row)), key=row.__getitem__) for row in local]
    assert len(set(predictions[:12])) > 1, "a constant model proves nothing"
    assert all(math.isfinite(v) and v < 0 for row in served for v in row)


def test_run_through_endpoint_equals_hf_run(
    server: str, hf: HFModel, tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    host = server.removeprefix("http://")
    served = run(
        f"openai://{host}/{SERVED}",
        suites=["medqa"],
        data_dir=data_dir,
        limit=8,
        out=tmp_path / "served",
        progress=False,
        render=False,
        backend_options={"max_concurrency": 3, "tokenizer": str(tiny_model)},
    )
    local = run(
        str(tiny_model),
        suites=["medqa"],
        data_dir=data_dir,
        limit=8,
        out=tmp_path / "local",
        progress=False,
        render=False,
        loaded_model=hf,
    )
    assert served.scorecard.model.backend == "openai"
    assert served.scorecard.settings["backend"] == "openai"
    served_metrics = served.scorecard.suites["medqa"].metrics
    assert set(served_metrics) == {"acc", "acc_norm"}
    assert served_metrics == local.scorecard.suites["medqa"].metrics

    def predictions(path: Path) -> list[tuple[str, int, int]]:
        lines = (path / "samples" / "medqa.jsonl").read_text().splitlines()
        records = [json.loads(line) for line in lines]
        return [(r["item_id"], r["prediction"], r["prediction_norm"]) for r in records]

    assert predictions(tmp_path / "served") == predictions(tmp_path / "local")


def test_generation_and_stream_match_in_process(server: str, hf: HFModel, tiny_model: Path) -> None:
    settings = GenerationSettings(max_new_tokens=12, system_prompt="Be brief.")
    model = endpoint(server, tiny_model, max_concurrency=4)
    before = stats(server, KEY)["max_in_flight"]
    served = model.generate(CONVERSATIONS, settings)
    local = hf.generate(CONVERSATIONS, settings)
    assert [g.text for g in served] == [g.text for g in local]
    assert len({g.text for g in served}) > 1
    assert [g.output_tokens for g in served] == [g.output_tokens for g in local]
    # Concurrency: the server saw several of these requests in flight at once.
    assert max(before, 2) <= stats(server, KEY)["max_in_flight"] <= 4
    streamed = "".join(model.stream(CONVERSATIONS[0], settings))
    assert streamed == local[0].text


def test_retries_on_503_and_429(server: str, tiny_model: Path) -> None:
    model = endpoint(server, tiny_model, retry_base_s=0.05)
    failed = stats(server, KEY)["failed"]
    inject(server, 2, 503, 429)
    answers = model.generate(CONVERSATIONS[:1], GenerationSettings(max_new_tokens=4))
    assert model.retries == 2 and stats(server, KEY)["failed"] == failed + 2
    assert answers[0].output_tokens > 0
    inject(server, 50, 503)
    try:
        with pytest.raises(EndpointError, match=r"503.*gave up after 3 attempt"):
            endpoint(server, tiny_model, max_retries=2, retry_base_s=0.01).generate(
                CONVERSATIONS[:1], GenerationSettings(max_new_tokens=2)
            )
    finally:
        inject(server, 0)
    assert stats(server, KEY)["failed"] == failed + 5


def test_auth_errors_are_clear(
    server: str, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDEVAL_API_KEY")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(EndpointError, match=r"401.*MEDEVAL_API_KEY"):
        endpoint(server, tiny_model)
    monkeypatch.setenv("MEDEVAL_API_KEY", "wrong")
    with pytest.raises(EndpointError, match="refused"):
        endpoint(server, tiny_model)
    monkeypatch.setenv("OTHER_KEY", KEY_ENV["SERVE_TEST_KEY"])
    assert endpoint(server, tiny_model, api_key_env="OTHER_KEY").supports_loglikelihood
    host = server.removeprefix("http://")
    with pytest.raises(EndpointError, match="does not serve 'nope'"):
        OpenAIEndpointModel(f"openai://{host}/nope", api_key_env="OTHER_KEY")


def test_no_local_tokenizer_means_generative_choice(tmp_path: Path) -> None:
    from medeval.models.openai_compat import _local_tokenizer_source

    assert _local_tokenizer_source("org/served-model") is None
    assert _local_tokenizer_source(str(tmp_path)) is None
    (tmp_path / "tokenizer_config.json").write_text("{}")
    assert _local_tokenizer_source(str(tmp_path)) == str(tmp_path)


def test_unreachable_host_is_a_clear_usage_error(
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(EndpointError, match="cannot reach"):
        OpenAIEndpointModel(f"openai://127.0.0.1:{port}/m", max_retries=1, retry_base_s=0.01)
    from medeval.cli import main

    argv = ["medeval", "run", "--model", f"openai://127.0.0.1:{port}/m", "--suites", "medqa"]
    argv += ["--max-retries", "0", "--out", str(tmp_path / "run"), "--data-dir", str(data_dir)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and "Traceback" not in err
    monkeypatch.setattr(sys, "argv", [*argv, "--tensor-parallel-size", "2"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "--tensor-parallel-size do(es) not apply to --backend openai" in capsys.readouterr().err


def test_generative_choice_mode_reports_acc_generative(
    server: str, tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    from medeval.gate import check

    host = server.removeprefix("http://")
    outcome = run(
        f"openai://{host}/{SERVED}",
        suites=["medqa"],
        data_dir=data_dir,
        limit=4,
        out=tmp_path / "gen",
        progress=False,
        render=True,
        backend_options={"choice_mode": "generative"},
    )
    result = outcome.scorecard.suites["medqa"]
    assert set(result.metrics) == {"acc_generative"}
    assert result.metrics["acc_generative"].n == 4
    assert result.extra["choice_mode"] == "generative"
    records = [
        json.loads(line)
        for line in (tmp_path / "gen" / "samples" / "medqa.jsonl").read_text().splitlines()
    ]
    assert all(r["choice_mode"] == "generative" and "response" in r for r in records)
    decision = check(tmp_path / "gen")
    medqa = next(o for o in decision.outcomes if o.threshold.suite == "medqa")
    assert not medqa.passed and "acc" in medqa.reason  # never compared as acc


def test_latency_suite_over_endpoint_streams(server: str, tiny_model: Path, tmp_path: Path) -> None:
    host = server.removeprefix("http://")
    outcome = run(
        f"openai://{host}/{SERVED}",
        suites=["latency"],
        limit=2,
        out=tmp_path / "lat",
        progress=False,
        render=False,
        max_new_tokens=6,
    )
    result = outcome.scorecard.suites["latency"]
    assert set(result.metrics) == {
        "ttft_p50_s",
        "ttft_p95_s",
        "response_p50_s",
        "response_p95_s",
    }
    measured = result.extra["measured_on"][0]
    assert measured["backend"] == "openai" and measured["server"].startswith(server)
    assert 0 < result.metrics["ttft_p50_s"].value <= result.metrics["response_p50_s"].value


def test_redteam_generates_through_inspect_over_endpoint(
    server: str, hf: HFModel, tiny_model: Path, tmp_path: Path
) -> None:
    host = server.removeprefix("http://")
    common: dict[str, Any] = {
        "suites": ["redteam"],
        "limit": 3,
        "progress": False,
        "render": False,
        "max_new_tokens": 6,
        "guardrails": "on",
    }
    served = run(f"openai://{host}/{SERVED}", out=tmp_path / "served", **common)
    local = run(str(tiny_model), out=tmp_path / "local", loaded_model=hf, **common)
    assert served.scorecard.complete and local.scorecard.complete
    assert served.model_calls == 3

    def responses(path: Path) -> list[str]:
        lines = (path / "samples" / "redteam.jsonl").read_text().splitlines()
        return [json.loads(line)["response"] for line in lines]

    assert responses(tmp_path / "served") == responses(tmp_path / "local")


@pytest.mark.skipif(
    not os.environ.get("MEDEVAL_TEST_ENDPOINT"),
    reason="set MEDEVAL_TEST_ENDPOINT=openai://HOST:PORT/MODEL (a local model folder) to check "
    "an external server such as `vllm serve`",
)
def test_external_server_scores_equal_in_process(data_dir: Path) -> None:
    model = OpenAIEndpointModel(os.environ["MEDEVAL_TEST_ENDPOINT"], max_concurrency=4)
    assert model.supports_loglikelihood
    local = HFModel(str(model.tokenizer_source), dtype="float32", batch_size=4)
    items = MedQASuite().items(data_dir)[:8]
    batch = [(item.input, [" " + c for c in item.choices]) for item in items]
    served_rows = model.loglikelihood_choices(batch)
    local_rows = local.loglikelihood_choices(batch)
    for remote_row, local_row in zip(served_rows, local_rows, strict=True):
        assert remote_row == pytest.approx(local_row, abs=2e-3)
    settings = GenerationSettings(max_new_tokens=12)
    answer = model.generate(CONVERSATIONS[:1], settings)[0].text
    assert "".join(model.stream(CONVERSATIONS[0], settings)) == answer
