"""The endpoint backend's URL and key policy: where a served model is, who may hear its key.

Model specifications ``openai+https://HOST[:PORT]/MODEL`` (https), ``openai://HOST:PORT/MODEL``
and ``openai+http://HOST:PORT/MODEL`` (plain http), or an http(s) ``--base-url``. Plain http goes
only to this machine (loopback) unless the user passes ``--allow-insecure-http``
(:func:`check_transport`). A key from the environment goes only to the host it was meant for
(:func:`select_api_key`). ``user:password@`` in a URL is used for requests but never shown or
recorded (:func:`strip_credentials`, :attr:`Endpoint.shown_url`).

Core-only imports (standard library, :mod:`medeval.errors`), so the runner, the red-team judge
and the endpoint backend share one policy without loading an HTTP client.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from medeval.errors import UsageError

SCHEME = "openai://"
#: Model specifications naming a served model, and the scheme each one speaks.
SCHEMES: dict[str, str] = {"openai+https://": "https", "openai+http://": "http", SCHEME: "http"}
DEFAULT_API_KEY_ENV = "MEDEVAL_API_KEY"
OPENAI_API_KEY_ENV = "OPENAI_API_KEY"
OPENAI_API_HOST = "api.openai.com"


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@")


def strip_credentials(text: str) -> str:
    """`text` with every ``scheme://user:password@`` reduced to ``scheme://`` (safe to show)."""
    return _USERINFO.sub(r"\1", text)


def is_endpoint_model(model: str) -> bool:
    """Whether `model` names a served model (``openai://``, ``openai+http(s)://``)."""
    return model.startswith(tuple(SCHEMES))


def shown_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """Backend options as results may record them: URLs without credentials."""
    return {k: strip_credentials(v) if isinstance(v, str) else v for k, v in options.items()}


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine (localhost or a loopback address)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Endpoint:
    """Where a served model is: the API base URL (ending in /v1 by convention) and model id.

    `base_url` is what requests go to (with any ``user:password@``); `shown_url` is what may be
    shown or recorded.
    """

    base_url: str
    model: str

    @property
    def scheme(self) -> str:
        return urlparse(self.base_url).scheme.lower()

    @property
    def host(self) -> str:
        return (urlparse(self.base_url).hostname or "").lower()

    @property
    def shown_url(self) -> str:
        return strip_credentials(self.base_url)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The URL's password, which no message may contain."""
        password = urlparse(self.base_url).password
        return (password,) if password else ()


def parse_endpoint(model: str, base_url: str | None = None, *, option: str = "--model") -> Endpoint:
    """``openai://HOST:PORT/MODEL`` -> (http://HOST:PORT/v1, MODEL), ``openai+https://...`` ->
    (https://HOST:PORT/v1, MODEL); or `base_url` (an http(s) URL) and `model`."""
    prefix = next((p for p in SCHEMES if model.startswith(p)), None)
    if prefix is not None:
        rest = model[len(prefix) :]
        host, _, name = rest.partition("/")
        if not host or not name:
            raise UsageError(
                f"{option} {strip_credentials(model)!r} is not of the form "
                f"{prefix}HOST:PORT/MODEL (e.g. openai+https://llm.example.org/my-model or "
                "openai://127.0.0.1:8000/meta-llama/Llama-3.1-8B-Instruct)"
            )
        if base_url is not None:
            raise UsageError(
                f"give either {option} {prefix}HOST:PORT/MODEL or --base-url, not both"
            )
        return Endpoint(f"{SCHEMES[prefix]}://{host}/v1", name)
    if base_url is None:
        raise UsageError(
            "the openai backend needs --base-url URL (e.g. https://host/v1) or "
            "--model openai+https://HOST/MODEL (openai://HOST:PORT/MODEL for plain http)"
        )
    parsed = urlparse(base_url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"--base-url {strip_credentials(base_url)!r} is not an http(s) URL")
    return Endpoint(base_url.rstrip("/"), model)


def check_transport(endpoint: Endpoint, allow_insecure_http: bool = False) -> None:
    """Refuse plain http to another machine unless the user allowed it: requests, answers and
    the API key would cross the network readable by anyone on the path."""
    if endpoint.scheme == "https" or is_loopback(endpoint.host) or allow_insecure_http:
        return
    raise UsageError(
        f"{endpoint.shown_url} is plain http to another machine: prompts, answers and any API "
        "key would cross the network unencrypted. Use https (--model "
        f"openai+https://HOST/MODEL or --base-url https://...), or pass --allow-insecure-http "
        "if the network is trusted."
    )


@dataclass(frozen=True)
class ApiKey:
    """The key chosen for an endpoint (None: send none) and the variables held back from it."""

    value: str | None
    env: str | None
    withheld: tuple[str, ...] = ()


def select_api_key(
    endpoint: Endpoint,
    api_key_env: str | None = None,
    *,
    default_env: str = DEFAULT_API_KEY_ENV,
    flag: str = "--api-key-env",
    environ: Mapping[str, str] | None = None,
) -> ApiKey:
    """The API key for `endpoint`: a key goes only to the host it was meant for.

    The variable the user named (`api_key_env`, from `flag`) goes to this endpoint, whatever its
    host. Otherwise `default_env` goes only to a server on this machine (loopback) and
    ``OPENAI_API_KEY`` only to api.openai.com over https; a key set for another host is withheld
    (and named in the 401 message, so the user knows to name it with `flag`).
    """
    env = os.environ if environ is None else environ
    if api_key_env is not None:
        value = env.get(api_key_env)
        if not value:
            raise UsageError(f"{flag} names {api_key_env}, which is not set or empty")
        return ApiKey(value, api_key_env)
    openai = endpoint.host == OPENAI_API_HOST and endpoint.scheme == "https"
    candidates = ((default_env, is_loopback(endpoint.host)), (OPENAI_API_KEY_ENV, openai))
    for name, allowed in candidates:
        if allowed and env.get(name):
            return ApiKey(env[name], name)
    return ApiKey(None, None, tuple(name for name, _ in candidates if env.get(name)))
