"""The endpoint backend's URL and key policy: https supported, plain http only to this machine,
a key from the environment only to the host it was meant for, URL credentials never shown."""

from __future__ import annotations

import pytest

from medeval.backend_cli import split_backend_flags
from medeval.errors import UsageError
from medeval.models.openai_compat import (
    Endpoint,
    check_transport,
    is_loopback,
    parse_endpoint,
    select_api_key,
    shown_options,
    strip_credentials,
)
from medeval.runner import resolve_backend

KEYS = {"MEDEVAL_API_KEY": "medeval-key", "OPENAI_API_KEY": "sk-openai"}


def test_https_endpoints_are_supported() -> None:
    assert parse_endpoint("openai+https://llm.example.org/org/m") == Endpoint(
        "https://llm.example.org/v1", "org/m"
    )
    assert parse_endpoint("openai+https://h:8443/m").base_url == "https://h:8443/v1"
    assert parse_endpoint("openai+http://h:8000/m").base_url == "http://h:8000/v1"
    assert parse_endpoint("openai://h:8000/m").base_url == "http://h:8000/v1"
    assert resolve_backend("openai+https://h/m", None) == "openai"
    with pytest.raises(UsageError, match="openai\\+https://HOST:PORT/MODEL"):
        parse_endpoint("openai+https://host-only")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "api.localhost", "[::1]"]
)
def test_plain_http_to_this_machine_is_allowed(host: str) -> None:
    check_transport(parse_endpoint(f"openai://{host}:8000/m"))
    assert is_loopback(host)


@pytest.mark.parametrize(
    "spec",
    ["openai://evil:80/m", "openai://10.0.0.5:8000/m", "openai://localhost.evil.org/m"],
)
def test_plain_http_to_another_machine_needs_consent(spec: str) -> None:
    endpoint = parse_endpoint(spec)
    with pytest.raises(UsageError, match="--allow-insecure-http"):
        check_transport(endpoint)
    check_transport(endpoint, allow_insecure_http=True)
    with pytest.raises(UsageError, match="not an http"):
        parse_endpoint("m", "ftp://evil/v1")
    check_transport(parse_endpoint("m", "https://evil/v1"))
    with pytest.raises(UsageError, match="plain http"):
        check_transport(parse_endpoint("m", "http://evil:8000/v1"))


def test_openai_key_goes_only_to_openai() -> None:
    evil = select_api_key(parse_endpoint("openai+https://evil/m"), environ=KEYS)
    assert evil.value is None and set(evil.withheld) == set(KEYS)
    openai = select_api_key(parse_endpoint("m", "https://api.openai.com/v1"), environ=KEYS)
    assert openai.value == "sk-openai" and openai.env == "OPENAI_API_KEY"
    insecure = select_api_key(parse_endpoint("m", "http://api.openai.com/v1"), environ=KEYS)
    assert insecure.value is None  # never over plain http, even to the right host
    local = select_api_key(parse_endpoint("openai://127.0.0.1:8000/m"), environ=KEYS)
    assert local.value == "medeval-key" and local.env == "MEDEVAL_API_KEY"
    only_openai = {"OPENAI_API_KEY": "sk-openai"}
    local = select_api_key(parse_endpoint("openai://127.0.0.1:8000/m"), environ=only_openai)
    assert local.value is None and local.withheld == ("OPENAI_API_KEY",)


def test_a_named_variable_goes_to_the_endpoint_it_was_named_for() -> None:
    remote = parse_endpoint("openai+https://vllm.internal/m")
    assert select_api_key(remote, "OPENAI_API_KEY", environ=KEYS).value == "sk-openai"
    assert select_api_key(remote, "MEDEVAL_API_KEY", environ=KEYS).value == "medeval-key"
    with pytest.raises(UsageError, match="--api-key-env names NOPE, which is not set"):
        select_api_key(remote, "NOPE", environ=KEYS)


def test_credentials_in_urls_are_stripped() -> None:
    assert strip_credentials("openai://user:pw@h:80/m") == "openai://h:80/m"
    assert strip_credentials("see https://u:p%40ss@h/v1 and http://x@y/") == (
        "see https://h/v1 and http://y/"
    )
    assert strip_credentials("./local/model@v2") == "./local/model@v2"
    endpoint = parse_endpoint("openai+https://user:hunter2@h/m")
    assert endpoint.base_url == "https://user:hunter2@h/v1"  # used for the requests
    assert endpoint.shown_url == "https://h/v1" and endpoint.secrets == ("hunter2",)
    assert shown_options({"base_url": "https://u:p@h/v1", "max_retries": 2}) == {
        "base_url": "https://h/v1",
        "max_retries": 2,
    }
    with pytest.raises(UsageError) as bad:
        parse_endpoint("openai+https://user:hunter2@h")
    assert "hunter2" not in str(bad.value)


def test_allow_insecure_http_is_an_openai_flag() -> None:
    flags = {"backend": None, "allow_insecure_http": True}
    assert split_backend_flags("openai://h:1/m", flags) == (
        "openai",
        {"allow_insecure_http": True},
    )
    assert split_backend_flags("./m", {"backend": None, "allow_insecure_http": False}) == (
        "hf",
        {},
    )
    with pytest.raises(UsageError, match="--allow-insecure-http do"):
        split_backend_flags("./m", flags)


def test_judge_endpoint_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    from medeval.redteam.judge import judge_endpoint, resolve_judge

    assert judge_endpoint("inspect:openai/gpt-4o-mini") is None
    https = judge_endpoint("openai+https://judge.example.org/j")
    assert https is not None and https.base_url == "https://judge.example.org/v1"
    with pytest.raises(UsageError, match="--allow-insecure-http"):
        judge_endpoint("openai://evil:80/j")
    assert judge_endpoint("openai://evil:80/j", allow_insecure_http=True) is not None
    with pytest.raises(UsageError, match="leave user:password@ out") as bad:
        judge_endpoint("openai://user:hunter2@127.0.0.1:8000/j")
    assert "hunter2" not in str(bad.value)
    monkeypatch.setenv("MEDEVAL_JUDGE_API_KEY", "judge-key")
    remote = resolve_judge("openai+https://judge.example.org/j")
    assert remote.api.api_key == "no-key"  # the default variable stays on this machine
    named = resolve_judge("openai+https://judge.example.org/j", api_key_env="MEDEVAL_JUDGE_API_KEY")
    assert named.api.api_key == "judge-key"
    assert resolve_judge("openai://127.0.0.1:8000/j").api.api_key == "judge-key"
