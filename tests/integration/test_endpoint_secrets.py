"""Secrets and the endpoint backend, against real servers on loopback (offline).

A small recording OpenAI-compatible server (plain http, and https with a throwaway self-signed
certificate the client is told to trust) shows which Authorization header arrives; `medeval
serve` runs a whole `medeval run` whose URL carries ``user:password@``, and nothing the run
writes or prints may hold the password.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from served import free_port, served_model

from cli_runs import medeval_main
from medeval import run
from medeval.backend import GenerationSettings
from medeval.models.openai_compat import OpenAIEndpointModel

SECRET = "hunter2-pw-7f3a"


class _Recorder(BaseHTTPRequestHandler):
    """Answers /v1/models and /v1/chat/completions; records each request's Authorization."""

    seen: list[str | None]

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _reply(self, body: dict[str, Any]) -> None:
        self.server.seen.append(self.headers.get("Authorization"))  # type: ignore[attr-defined]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._reply({"data": [{"id": "m", "object": "model"}]})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        message = {"role": "assistant", "content": "hello"}
        self._reply({"choices": [{"index": 0, "message": message}], "usage": {}})


@contextmanager
def recording_server(context: ssl.SSLContext | None = None) -> Iterator[tuple[int, list[Any]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen = []  # type: ignore[attr-defined]
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.seen  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEDEVAL_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")


def _ask(model: OpenAIEndpointModel) -> str:
    return model.generate([[{"role": "user", "content": "hi"}]], GenerationSettings())[0].text


def test_openai_key_is_not_sent_to_another_host(monkeypatch: pytest.MonkeyPatch) -> None:
    with recording_server() as (port, seen):
        assert _ask(OpenAIEndpointModel(f"openai://127.0.0.1:{port}/m")) == "hello"
        assert seen and all(header is None for header in seen)  # OPENAI_API_KEY withheld
        seen.clear()
        _ask(OpenAIEndpointModel(f"openai://127.0.0.1:{port}/m", api_key_env="OPENAI_API_KEY"))
        assert set(seen) == {"Bearer sk-openai-secret"}  # named for this endpoint: sent
        seen.clear()
        monkeypatch.setenv("MEDEVAL_API_KEY", "local-key")
        _ask(OpenAIEndpointModel(f"openai://localhost:{port}/m"))
        assert set(seen) == {"Bearer local-key"}  # medeval's own key, to this machine


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the throwaway certificate
    monkeypatch.setenv("ENDPOINT_KEY", "remote-key")
    with recording_server(context) as (port, seen):
        model = OpenAIEndpointModel(
            f"openai+https://localhost:{port}/m", api_key_env="ENDPOINT_KEY"
        )
        assert model.endpoint.base_url == f"https://localhost:{port}/v1"
        assert _ask(model) == "hello" and set(seen) == {"Bearer remote-key"}
        seen.clear()
        backend = {"base_url": f"https://127.0.0.1:{port}/v1", "api_key_env": "ENDPOINT_KEY"}
        assert _ask(OpenAIEndpointModel("m", **backend)) == "hello"
        assert set(seen) == {"Bearer remote-key"}


def _cli(argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[int, str]:
    code, out, err = medeval_main(argv, monkeypatch, capsys)
    return code, out + err


def test_plain_http_to_another_host_is_refused_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "--model", "openai://evil.invalid:80/m", "--suites", "latency", "--limit", "1"]
    code, output = _cli([*argv, "--out", str(tmp_path / "run")], monkeypatch, capsys)
    assert code == 2 and "Traceback" not in output
    assert "plain http" in output and "--allow-insecure-http" in output
    assert "cannot reach" not in output  # refused here, not after trying the network
    assert not (tmp_path / "run").exists()
    argv += ["--allow-insecure-http", "--max-retries", "0", "--out", str(tmp_path / "run2")]
    code, output = _cli(argv, monkeypatch, capsys)
    assert code == 2 and "cannot reach http://evil.invalid:80/v1/models" in output


def test_url_credentials_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()  # nothing listens: the error message names the URL
    argv = ["run", "--model", f"openai://user:{SECRET}@127.0.0.1:{port}/m", "--suites", "latency"]
    code, output = _cli([*argv, "--max-retries", "0"], monkeypatch, capsys)
    assert code == 2 and f"cannot reach http://127.0.0.1:{port}/v1/models" in output
    assert SECRET not in output
    argv = ["run", "--model", "m", "--base-url", f"ftp://user:{SECRET}@h/v1", "--suites", "latency"]
    code, output = _cli(argv, monkeypatch, capsys)
    assert code == 2 and "is not an http(s) URL" in output and SECRET not in output


def test_run_with_url_credentials_records_none(tiny_model: Path, tmp_path: Path) -> None:
    with served_model(tiny_model, "--served-model-name", "tiny") as url:
        host = url.removeprefix("http://")
        outcome = run(
            f"openai://user:{SECRET}@{host}/tiny",
            suites=["latency"],
            limit=1,
            out=tmp_path / "run",
            progress=False,
            render=True,
            max_new_tokens=4,
            backend_options={"max_retries": 0},
        )
        other = run(
            "tiny",
            backend="openai",
            suites=["latency"],
            limit=1,
            out=tmp_path / "base-url",
            progress=False,
            render=True,
            max_new_tokens=4,
            backend_options={"base_url": f"http://user:{SECRET}@{host}/v1"},
        )
    card = outcome.scorecard
    assert card.settings["model"] == f"openai://{host}/tiny"
    assert card.model.path.startswith(f"{url}/v1 (")
    assert other.scorecard.settings["backend_options"]["base_url"] == f"{url}/v1"
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "scorecard.html" for p in written)
    for path in written:
        assert SECRET not in path.read_text(errors="replace"), path
