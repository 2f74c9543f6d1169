"""Start `medeval serve` as a real process on loopback, for the endpoint backend's tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_model(
    model: Path | str, *args: str, env: dict[str, str] | None = None, timeout: float = 120.0
) -> Iterator[str]:
    """Run `medeval serve --model MODEL ARGS` on a free loopback port; yield http://127.0.0.1:P."""
    port = free_port()
    command = [sys.executable, "-m", "medeval", "serve", "--model", str(model), "--port", str(port)]
    process = subprocess.Popen(
        [*command, *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"medeval serve exited: {process.stderr.read()}")  # type: ignore[union-attr]
            try:
                httpx.get(f"{url}/medeval/stats", timeout=2.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("medeval serve did not start in time") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stats(url: str, key: str | None = None) -> dict[str, int]:
    """The server's counters (`key`: the server's API key, when it wants one)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    data: dict[str, int] = httpx.get(f"{url}/medeval/stats", headers=headers, timeout=5.0).json()
    return data
