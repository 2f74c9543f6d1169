"""`medeval serve` cannot be stalled or crashed by one request, and guards what a key guards.

A real server process on loopback (the tiny model, whose context is 4096 tokens): generation
length is capped at the context, oversized bodies and prompts are refused, a client that leaves
stops its generation (and the model lock is held until it has stopped), SIGTERM ends the process
within seconds even mid-generation, malformed fields are answered 400 with the in-flight counter
back at 0, and with --api-key-env every path wants the key and no filesystem path is shown.
Long generations are asked for with ``min_tokens`` so the model cannot end them early.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from served import free_port

CONTEXT = 4096  # the tiny model's max_position_embeddings
KEY = "s3cret-serve-key"
LONG = {"max_tokens": 100000, "min_tokens": 100000}
HELLO = [{"role": "user", "content": "What is hypertension?"}]


@contextmanager
def serve(model: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Any]:
    """`medeval serve` on a free loopback port; yields (url, process)."""
    port = free_port()
    command = [sys.executable, "-m", "medeval", "serve", "--model", str(model), "--port", str(port)]
    process = subprocess.Popen(
        [*command, *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError("medeval serve exited while starting")
            try:
                httpx.get(f"{url}/v1/models", timeout=2.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("medeval serve did not start in time") from None
                time.sleep(0.3)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


@pytest.fixture(scope="module")
def server(tiny_model: Path) -> Iterator[Any]:
    with serve(tiny_model) as running:
        yield running


def counters(url: str, key: str | None = None) -> dict[str, int]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = httpx.get(f"{url}/medeval/stats", headers=headers, timeout=5.0)
    assert response.status_code == 200, response.text
    data: dict[str, int] = response.json()
    return data


def settles(url: str, seconds: float = 20.0) -> dict[str, int]:
    """The counters once no request is in flight and no generation runs (or the last seen)."""
    deadline = time.monotonic() + seconds
    while True:
        seen = counters(url)
        if seen.get("in_flight") == 0 and seen.get("generating") == 0:
            return seen
        if time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def assert_idle(pid: int) -> None:
    """The server process burns (almost) no CPU: no generation is left running."""
    if not Path(f"/proc/{pid}/stat").is_file():
        return
    before = cpu_seconds(pid)
    time.sleep(3.0)
    used = cpu_seconds(pid) - before
    assert used < 1.0, f"the server used {used:.1f} s of CPU in 3 s while idle"


def first_content(lines: Iterator[str]) -> str:
    """Read a chat stream until the first non-empty piece of content."""
    for line in lines:
        if line.startswith("data: ") and '"content": "' in line and '"content": ""' not in line:
            return line
    raise AssertionError("the stream ended before any content")


# ---------------------------------------------------------------------- item 7: limits


def test_max_tokens_is_capped_at_the_context(server: Any) -> None:
    url, _ = server
    prompt = [5] * (CONTEXT - 3)
    body = {"prompt": prompt, "max_tokens": 100000}
    response = httpx.post(f"{url}/v1/completions", json=body, timeout=60.0)
    assert response.status_code == 200, response.text
    usage = response.json()["usage"]
    assert usage["prompt_tokens"] == CONTEXT - 3
    assert usage["completion_tokens"] <= 3 and usage["total_tokens"] <= CONTEXT
    assert response.json()["choices"][0]["finish_reason"] in ("length", "stop")


def test_a_prompt_longer_than_the_context_is_refused(server: Any) -> None:
    url, _ = server
    body = {"prompt": [5] * (CONTEXT + 1), "max_tokens": 1}
    response = httpx.post(f"{url}/v1/completions", json=body, timeout=60.0)
    assert response.status_code == 400
    assert "context" in response.json()["error"]["message"]
    words = " ".join(["hypertension"] * (CONTEXT + 10))
    chat = {"messages": [{"role": "user", "content": words}], "max_tokens": 1}
    response = httpx.post(f"{url}/v1/chat/completions", json=chat, timeout=60.0)
    assert response.status_code == 400
    assert settles(url)["in_flight"] == 0


def test_request_body_size_is_bounded(server: Any) -> None:
    url, _ = server
    big = {"messages": HELLO, "max_tokens": 1, "padding": "x" * (3 * 1024 * 1024)}
    response = httpx.post(f"{url}/v1/chat/completions", json=big, timeout=60.0)
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts what arrives
        yield b'{"messages": [{"role": "user", "content": "hi"}], "padding": "'
        for _ in range(64):
            yield b"x" * 65536
        yield b'"}'

    response = httpx.post(f"{url}/v1/chat/completions", content=chunks(), timeout=60.0)
    assert response.status_code == 413
    small = httpx.post(f"{url}/v1/chat/completions", json={"messages": HELLO, "max_tokens": 2})
    assert small.status_code == 200


def test_a_streaming_client_that_leaves_stops_its_generation(server: Any) -> None:
    url, process = server
    before = counters(url).get("cancelled", 0)
    body = {"messages": HELLO, "stream": True, **LONG}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=30.0) as response:
        assert response.status_code == 200
        first_content(response.iter_lines())
    seen = settles(url)
    assert_idle(process.pid)  # no generation left running once its client has gone
    assert seen.get("generating") == 0 and seen.get("in_flight") == 0, seen
    assert seen.get("cancelled", 0) > before


def test_a_client_that_leaves_a_plain_request_stops_its_generation(server: Any) -> None:
    url, process = server
    body = {"messages": HELLO, **LONG}
    with pytest.raises(httpx.ReadTimeout):  # the client gives up and closes its connection
        httpx.post(f"{url}/v1/chat/completions", json=body, timeout=httpx.Timeout(5.0, read=2.0))
    # The model is free again: the next client is answered, not queued behind 100000 tokens.
    answer = httpx.post(
        f"{url}/v1/chat/completions", json={"messages": HELLO, "max_tokens": 2}, timeout=30.0
    )
    assert answer.status_code == 200
    seen = settles(url)
    assert_idle(process.pid)
    assert seen.get("generating") == 0 and seen.get("in_flight") == 0, seen


def test_sigterm_stops_the_server_mid_generation(tiny_model: Path) -> None:
    with serve(tiny_model) as (url, process):
        body = {"messages": HELLO, "stream": True, **LONG}
        with httpx.stream(
            "POST", f"{url}/v1/chat/completions", json=body, timeout=30.0
        ) as response:
            lines = response.iter_lines()
            first_content(lines)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pytest.fail("medeval serve was still running 10 s after SIGTERM")
            rest = "\n".join(lines)  # the stream ends (with an error event, no [DONE])
        assert "[DONE]" not in rest


# ---------------------------------------------------------------------- item 8: bad fields

BAD_CHAT: list[dict[str, Any]] = [
    {"messages": ["hi"]},
    {"messages": "hi"},
    {"messages": []},
    {},
    {"messages": [{"role": "user", "content": 5}]},
    {"messages": [{"role": "wizard", "content": "hi"}]},
    {"messages": HELLO, "max_tokens": "abc"},
    {"messages": HELLO, "max_tokens": -5},
    {"messages": HELLO, "max_tokens": 2.5},
    {"messages": HELLO, "max_completion_tokens": "many"},
    {"messages": HELLO, "temperature": "hot"},
    {"messages": HELLO, "temperature": -1},
    {"messages": HELLO, "stream": "yes"},
    {"messages": HELLO, "stream": True, "stream_options": "usage"},
    {"messages": HELLO, "logit_bias": {"99999999": 5}},
    {"messages": HELLO, "logit_bias": {"-1": 5}},
    {"messages": HELLO, "logit_bias": {"abc": 5}},
]
BAD_COMPLETIONS: list[dict[str, Any]] = [
    {"prompt": [99999999]},
    {"prompt": [-1]},
    {"prompt": [[1, 2], [3, 99999999]]},
    {"prompt": [1, "x"]},
    {"prompt": 5},
    {"prompt": []},
    {"prompt": "hi", "max_tokens": "abc"},
    {"prompt": "hi", "max_tokens": -1},
    {"prompt": "hi", "logprobs": "many"},
    {"prompt": "hi", "logprobs": 21},
    {"prompt": "hi", "echo": "yes"},
    {"prompt": "hi", "logit_bias": {"99999999": 5}},
]


def test_malformed_fields_are_400_and_the_in_flight_counter_returns_to_zero(server: Any) -> None:
    url, _ = server
    answers: list[tuple[Any, httpx.Response]] = []
    for body in BAD_CHAT:
        answers.append((body, httpx.post(f"{url}/v1/chat/completions", json=body, timeout=30.0)))
    for body in BAD_COMPLETIONS:
        answers.append((body, httpx.post(f"{url}/v1/completions", json=body, timeout=30.0)))
    for raw in (b"[1, 2]", b"not json", b'"hi"'):
        response = httpx.post(f"{url}/v1/chat/completions", content=raw, timeout=30.0)
        answers.append((raw, response))
    for body, response in answers:
        assert response.status_code in (400, 422), (body, response.status_code, response.text)
        assert response.json()["error"]["message"], body
    assert settles(url)["in_flight"] == 0
    ok = httpx.post(
        f"{url}/v1/chat/completions", json={"messages": HELLO, "max_tokens": 2}, timeout=30.0
    )
    assert ok.status_code == 200 and ok.json()["usage"]["completion_tokens"] <= 2
    assert settles(url)["in_flight"] == 0


# ---------------------------------------------------------------------- item 9: auth


def test_with_a_key_every_path_wants_it_and_no_path_is_shown(tiny_model: Path) -> None:
    env = {"SERVE_HARDENING_KEY": KEY}
    with serve(tiny_model, "--api-key-env", "SERVE_HARDENING_KEY", env=env) as (url, _):
        for path in ("/medeval/stats", "/docs", "/openapi.json", "/redoc", "/v1/models"):
            assert httpx.get(f"{url}{path}", timeout=5.0).status_code == 401, path
            wrong = {"Authorization": "Bearer wrong"}
            assert httpx.get(f"{url}{path}", headers=wrong, timeout=5.0).status_code == 401
        good = {"Authorization": f"Bearer {KEY}"}
        for path in ("/docs", "/openapi.json", "/redoc"):  # no API description with a key
            assert httpx.get(f"{url}{path}", headers=good, timeout=5.0).status_code == 404
        assert counters(url, KEY)["in_flight"] == 0
        listing = httpx.get(f"{url}/v1/models", headers=good, timeout=5.0)
        assert listing.status_code == 200
        assert str(tiny_model) not in listing.text and str(tiny_model.parent) not in listing.text
        entry = listing.json()["data"][0]
        assert entry["id"] == tiny_model.name and "/" not in entry["root"]
        asked = {"model": tiny_model.name, "messages": HELLO, "max_tokens": 2}
        answer = httpx.post(f"{url}/v1/chat/completions", json=asked, headers=good, timeout=30)
        assert answer.status_code == 200


def test_the_key_is_compared_in_constant_time(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hmac

    from fastapi.testclient import TestClient

    from medeval.models.hf import HFModel
    from medeval.server import create_app

    compared: list[Any] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    app = create_app(HFModel(str(tiny_model), batch_size=1), "tiny", api_key=KEY)
    client = TestClient(app)
    assert client.get("/v1/models", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/v1/models", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert len(compared) == 2


def test_a_host_beyond_loopback_without_a_key_warns(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from medeval.server import serve_command

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    monkeypatch.setattr(uvicorn.Server, "run", lambda *a, **k: None)
    monkeypatch.setenv("SERVE_HARDENING_KEY", KEY)
    runner = CliRunner()
    warned = {}
    for host, key in (("0.0.0.0", None), ("127.0.0.1", None), ("0.0.0.0", "SERVE_HARDENING_KEY")):
        args = ["--model", str(tiny_model), "--host", host]
        args += ["--api-key-env", key] if key else []
        result = runner.invoke(serve_command, args)
        assert result.exit_code == 0, result.output
        warned[(host, key)] = "without --api-key-env" in result.stderr
    assert warned == {
        ("0.0.0.0", None): True,
        ("127.0.0.1", None): False,
        ("0.0.0.0", "SERVE_HARDENING_KEY"): False,
    }
