"""Command-line options that choose and configure a model backend (hf, vllm, openai).

The backend's own flags, beside the shared ones of :mod:`medeval.cli_options`: `medeval run`
gains them with one decorator, and :func:`backend_arguments` turns the values into the run
config's ``backend`` and ``backend_options`` (only the options given, so a backend never receives
settings meant for another).
"""

from __future__ import annotations

from typing import Any

import click

from medeval.cli_options import F, compose
from medeval.errors import UsageError

OPENAI_OPTIONS = (
    "base_url",
    "max_concurrency",
    "request_timeout",
    "max_retries",
    "api_key_env",
    "allow_insecure_http",
    "tokenizer",
    "choice_mode",
)
VLLM_OPTIONS = ("tensor_parallel_size",)
FLAG_NAMES = ("backend", *OPENAI_OPTIONS, *VLLM_OPTIONS)


_BACKEND_OPTIONS = [
    click.option(
        "--backend",
        type=click.Choice(["hf", "vllm", "openai"]),
        default=None,
        help="Model backend [default: openai for openai+https://..., openai://... or "
        "--base-url, else hf].",
    ),
    click.option(
        "--base-url",
        default=None,
        help="OpenAI-compatible API base URL (e.g. https://llm.example.org/v1); --model is "
        "then the served model id. Or use --model openai+https://HOST[:PORT]/MODEL (https) or "
        "openai://HOST:PORT/MODEL (plain http).",
    ),
    click.option(
        "--max-concurrency",
        type=click.IntRange(min=1),
        default=None,
        help="openai: requests in flight at once [default: 8].",
    ),
    click.option(
        "--request-timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="openai: seconds before a request is abandoned and retried [default: 300].",
    ),
    click.option(
        "--max-retries",
        type=click.IntRange(min=0),
        default=None,
        help="openai: retries of a request on 429/5xx, timeouts and dropped connections, "
        "with exponential backoff [default: 5].",
    ),
    click.option(
        "--api-key-env",
        default=None,
        help="openai: environment variable holding the API key for this endpoint, sent to "
        "whatever host it names [default: MEDEVAL_API_KEY, sent only to a server on this "
        "machine; OPENAI_API_KEY, sent only to api.openai.com].",
    ),
    click.option(
        "--allow-insecure-http",
        is_flag=True,
        default=None,
        help="openai: allow plain http to another machine (prompts, answers and the key cross "
        "the network unencrypted) [default: http only to this machine].",
    ),
    click.option(
        "--tokenizer",
        default=None,
        help="openai: local tokenizer of the served model, for log-likelihood scoring "
        "[default: the model id when it is a local folder or bundled name].",
    ),
    click.option(
        "--choice-mode",
        type=click.Choice(["auto", "loglikelihood", "generative"]),
        default=None,
        help="openai: multiple choice by prompt log-probabilities (acc) or by generation "
        "(acc_generative) [default: auto, log-probabilities when the server offers them].",
    ),
    click.option(
        "--tensor-parallel-size",
        type=click.IntRange(min=1),
        default=None,
        help="vllm: GPUs to shard the model over [default: 1].",
    ),
]


def backend_options(command: F) -> F:
    """Add the backend options to a click command (they arrive as keyword arguments)."""
    return compose(_BACKEND_OPTIONS)(command)


def split_backend_flags(model: str, flags: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(backend name, options given) from the parsed flags; options for another backend are a
    usage error rather than silently ignored."""
    from medeval.runner import resolve_backend

    given = {
        name: value for name, value in flags.items() if value is not None and value is not False
    }
    backend = resolve_backend(model, given.pop("backend", None), given)
    allowed = {"openai": OPENAI_OPTIONS, "vllm": VLLM_OPTIONS}.get(backend, ())
    stray = sorted(name for name in given if name not in allowed)
    if stray:
        names = ", ".join("--" + name.replace("_", "-") for name in stray)
        raise UsageError(f"{names} do(es) not apply to --backend {backend}")
    return backend, given


def backend_arguments(model: str, flags: dict[str, Any]) -> dict[str, Any]:
    """The run config's ``backend`` and ``backend_options`` from a command's keyword arguments
    (any other arguments among `flags` are ignored)."""
    backend, options = split_backend_flags(model, {k: flags.get(k) for k in FLAG_NAMES})
    return {"backend": backend, "backend_options": options or None}
