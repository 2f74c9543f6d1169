"""`medeval serve`: a small OpenAI-compatible server over a transformers model.

For trying the endpoint backend without a serving engine, and for testing it on loopback: it
answers ``/v1/models``, ``/v1/completions`` (string or token-id prompts, ``echo``, ``logprobs``
with prompt log-probabilities as vLLM gives them, ``max_tokens`` 0 allowed) and
``/v1/chat/completions`` (also ``stream=true``, server-sent events). The model is medeval's own
Hugging Face backend, so scores and answers served here are the in-process ones. It serves one
request at a time on the model (CPU inference gains nothing from interleaving) while accepting
many connections; ``/medeval/stats`` says how many requests were in flight at once.

For real deployments use a serving engine (vLLM, TGI, Ollama); this server has no batching
scheduler. Fault injection (``--fail-first``) makes the first requests fail with a chosen status,
so clients' retries can be checked against a real process.
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoint functions'
# annotations at runtime, and their types are imported inside create_app.
import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import click

from medeval.cli_options import device_option, dtype_option

RETRYABLE_TEST_STATUSES = (429, 500, 502, 503, 504)


@dataclass
class ServerState:
    """Counters the server exposes at /medeval/stats, and its fault-injection budget."""

    fail_first: int = 0
    fail_statuses: tuple[int, ...] = (503,)
    requests: int = 0
    failed: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self) -> int | None:
        """Count a request in; the HTTP status it must fail with (injected fault), or None."""
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.failed < self.fail_first:
                status = self.fail_statuses[self.failed % len(self.fail_statuses)]
                self.failed += 1
                return status
            return None

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


def _error(status: int, message: str, kind: str, code: str | None = None) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse(
        status_code=status,
        content={"error": {"message": message, "type": kind, "code": code}},
    )


def _prompt_token_lists(model: Any, prompt: Any) -> list[list[int]]:
    """The completions API's prompt forms: text, token ids, or a list of either."""
    if isinstance(prompt, str):
        return [model.tokenizer.encode(prompt)]
    if isinstance(prompt, list) and prompt and all(isinstance(t, int) for t in prompt):
        return [list(prompt)]
    if isinstance(prompt, list) and prompt:
        return [p for entry in prompt for p in _prompt_token_lists(model, entry)]
    raise ValueError("prompt must be a string, a list of token ids, or a list of those")


def _top(model: Any, row: Any, chosen: int, k: int) -> dict[str, float]:
    """Top-k alternatives of one position plus the chosen token, as vLLM reports them."""
    import torch

    tokens = {chosen: float(row[chosen])}
    if k > 0:
        values, indexes = torch.topk(row, k)
        for value, index in zip(values.tolist(), indexes.tolist(), strict=True):
            tokens.setdefault(int(index), float(value))
    return {model.tokenizer.convert_ids_to_tokens(t): v for t, v in tokens.items()}


def complete_tokens(
    model: Any, prompt: list[int], max_tokens: int, echo: bool, logprobs: int | None
) -> dict[str, Any]:
    """One completions choice: greedy continuation and (prompt) token log-probabilities."""
    import torch
    import torch.nn.functional as F

    if not prompt:
        raise ValueError("the prompt is empty")
    generated: list[int] = []
    device = model.device
    with torch.inference_mode():
        if max_tokens > 0:
            out = model.model.generate(
                input_ids=torch.tensor([prompt], device=device),
                attention_mask=torch.ones((1, len(prompt)), dtype=torch.long, device=device),
                max_new_tokens=max_tokens,
                do_sample=False,
                pad_token_id=int(model.tokenizer.eos_token_id or 0),
            )
            generated = [int(t) for t in out[0, len(prompt) :].tolist()]
        sequence = prompt + generated
        rows = None
        if logprobs is not None and len(sequence) > 1:
            logits = model.model(input_ids=torch.tensor([sequence[:-1]], device=device)).logits
            rows = F.log_softmax(logits[0].float(), dim=-1)
    shown = sequence if echo else generated
    start = 0 if echo else len(prompt)
    text = model.tokenizer.decode(shown) if shown else ""
    eos = model.tokenizer.eos_token_id
    finish = "stop" if generated and generated[-1] == eos else "length"
    choice: dict[str, Any] = {"text": text, "finish_reason": finish, "logprobs": None}
    if logprobs is not None:
        token_logprobs: list[float | None] = []
        top_logprobs: list[dict[str, float] | None] = []
        for position in range(start, len(sequence)):
            if position == 0 or rows is None:
                token_logprobs.append(None)
                top_logprobs.append(None)
                continue
            row = rows[position - 1]
            token_logprobs.append(float(row[sequence[position]]))
            top_logprobs.append(_top(model, row, sequence[position], logprobs))
        choice["logprobs"] = {
            "tokens": model.tokenizer.convert_ids_to_tokens(sequence[start:]),
            "token_logprobs": token_logprobs,
            "top_logprobs": top_logprobs,
            "text_offset": [0] * (len(sequence) - start),
        }
    choice["_usage"] = (len(prompt), len(generated))
    return choice


def create_app(
    model: Any,
    served_name: str,
    *,
    api_key: str | None = None,
    fail_first: int = 0,
    fail_statuses: tuple[int, ...] = (503,),
    fault_injection: bool = False,
) -> Any:
    """The FastAPI application serving `model` (a loaded HFModel) as `served_name`."""
    from fastapi import FastAPI, Request
    from fastapi.responses import StreamingResponse

    from medeval.backend import GenerationSettings
    from medeval.models.hf_stream import stream_generate

    app = FastAPI(title="medeval serve")
    state = ServerState(fail_first=fail_first, fail_statuses=fail_statuses or (503,))
    model_lock = threading.Lock()
    created = int(time.time())

    def check(request: Request, body: dict[str, Any] | None) -> Any:
        if api_key is not None:
            header = request.headers.get("authorization", "")
            if header != f"Bearer {api_key}":
                return _error(401, "invalid or missing API key", "authentication_error", "401")
        if body is not None and body.get("model") not in (None, served_name):
            return _error(404, f"model '{body.get('model')}' is not served here", "not_found")
        return None

    @app.get("/v1/models")
    def models(request: Request) -> Any:
        failure = check(request, None)
        if failure is not None:
            return failure
        entry = {
            "id": served_name,
            "object": "model",
            "created": created,
            "owned_by": "medeval",
            "root": str(model.info.path),
            "max_model_len": int(model.max_length),
        }
        return {"object": "list", "data": [entry]}

    @app.get("/medeval/stats")
    def stats() -> dict[str, int]:
        return {
            "requests": state.requests,
            "failed": state.failed,
            "max_in_flight": state.max_in_flight,
        }

    if fault_injection:

        @app.post("/medeval/faults")
        def faults(body: dict[str, Any]) -> dict[str, int]:
            """Testing: fail the next `fail_next` POST requests with `statuses` in turn."""
            with state.lock:
                state.fail_first = state.failed + int(body.get("fail_next", 0))
                statuses = tuple(int(s) for s in body.get("statuses") or (503,))
                state.fail_statuses = statuses
            return {"failed": state.failed, "fail_first": state.fail_first}

    @app.post("/v1/completions")
    def completions(request: Request, body: dict[str, Any]) -> Any:
        failure = check(request, body)
        if failure is not None:
            return failure
        injected = state.enter()
        if injected is not None:
            state.leave()
            return _error(injected, "injected failure", "server_error")
        try:
            if body.get("stream"):
                return _error(400, "stream is not supported on /v1/completions", "invalid_request")
            max_tokens = int(body.get("max_tokens", 16))
            logprobs = body.get("logprobs")
            if max_tokens < 0 or (logprobs is not None and not 0 <= int(logprobs) <= 20):
                return _error(400, "max_tokens >= 0 and 0 <= logprobs <= 20", "invalid_request")
            try:
                prompts = _prompt_token_lists(model, body.get("prompt"))
            except ValueError as exc:
                return _error(400, str(exc), "invalid_request")
            with model_lock:
                choices = [
                    complete_tokens(
                        model,
                        prompt,
                        max_tokens,
                        bool(body.get("echo")),
                        None if logprobs is None else int(logprobs),
                    )
                    for prompt in prompts
                ]
            usage = [choice.pop("_usage") for choice in choices]
            for index, choice in enumerate(choices):
                choice["index"] = index
            prompt_tokens = sum(u[0] for u in usage)
            completion_tokens = sum(u[1] for u in usage)
            return {
                "id": f"cmpl-{uuid.uuid4().hex}",
                "object": "text_completion",
                "created": int(time.time()),
                "model": served_name,
                "choices": choices,
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
        finally:
            state.leave()

    @app.post("/v1/chat/completions")
    def chat(request: Request, body: dict[str, Any]) -> Any:
        failure = check(request, body)
        if failure is not None:
            return failure
        injected = state.enter()
        if injected is not None:
            state.leave()
            return _error(injected, "injected failure", "server_error")
        messages = [
            {"role": str(m.get("role")), "content": str(m.get("content") or "")}
            for m in body.get("messages") or []
        ]
        limit = body.get("max_completion_tokens") or body.get("max_tokens") or 512
        settings = GenerationSettings(
            max_new_tokens=int(limit), temperature=float(body.get("temperature") or 0.0)
        )
        answer_id = f"chatcmpl-{uuid.uuid4().hex}"
        if not body.get("stream"):
            try:
                with model_lock:
                    answer = model.generate([messages], settings)[0]
            finally:
                state.leave()
            finish = "length" if answer.output_tokens >= settings.max_new_tokens else "stop"
            return {
                "id": answer_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": served_name,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer.text},
                        "finish_reason": finish,
                    }
                ],
                "usage": {
                    "prompt_tokens": answer.input_tokens,
                    "completion_tokens": answer.output_tokens,
                    "total_tokens": answer.input_tokens + answer.output_tokens,
                },
            }
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def events() -> Iterator[str]:
            def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
                payload = {
                    "id": answer_id,
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": served_name,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
                return f"data: {json.dumps(payload)}\n\n"

            try:
                yield chunk({"role": "assistant", "content": ""})
                pieces = 0
                with model_lock:
                    for piece in stream_generate(model, messages, settings):
                        pieces += 1
                        yield chunk({"content": piece})
                yield chunk({}, "stop")
                if include_usage:
                    usage = {"id": answer_id, "choices": [], "usage": {"completion_tokens": pieces}}
                    yield f"data: {json.dumps(usage)}\n\n"
                yield "data: [DONE]\n\n"
            finally:
                state.leave()

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


@click.command("serve")
@click.option("--model", required=True, help="Model folder, PEFT adapter, hub id or bundled name.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--served-model-name",
    default=None,
    help="Model id clients ask for (default: the --model argument, as vLLM does).",
)
@click.option(
    "--api-key-env",
    default=None,
    help="Require 'Authorization: Bearer <key>' with the key read from this environment variable.",
)
@dtype_option()
@device_option()
@click.option(
    "--fail-first",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Testing: answer the first N POST requests with --fail-status (retry checks).",
)
@click.option(
    "--fail-status",
    "fail_statuses",
    type=click.Choice([str(s) for s in RETRYABLE_TEST_STATUSES]),
    multiple=True,
    help="Testing: HTTP status of injected failures, repeatable (used in turn) [default: 503].",
)
@click.option(
    "--fault-injection",
    is_flag=True,
    help="Testing: accept POST /medeval/faults {fail_next, statuses} to inject failures.",
)
def serve_command(
    model: str,
    host: str,
    port: int,
    served_model_name: str | None,
    api_key_env: str | None,
    dtype: str,
    device: str,
    fail_first: int,
    fail_statuses: tuple[str, ...],
    fault_injection: bool,
) -> None:
    """Serve a model over an OpenAI-compatible HTTP API (for trying the endpoint backend).

    Example: medeval serve --model smollm2-135m --port 8000, then
    medeval run --model openai://127.0.0.1:8000/smollm2-135m --suites medqa --limit 20
    """
    import uvicorn

    from medeval.errors import UsageError
    from medeval.models.hf import HFModel

    api_key = None
    if api_key_env is not None:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise UsageError(f"--api-key-env names {api_key_env}, which is not set or empty")
    loaded = HFModel(model, dtype=dtype, device=device, batch_size=1)
    app = create_app(
        loaded,
        served_model_name or model,
        api_key=api_key,
        fail_first=fail_first,
        fail_statuses=tuple(int(s) for s in fail_statuses) or (503,),
        fault_injection=fault_injection,
    )
    click.echo(f"serving {served_model_name or model} on http://{host}:{port}/v1", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
