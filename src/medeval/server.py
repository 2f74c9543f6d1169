"""`medeval serve`: a small OpenAI-compatible server over a transformers model.

For trying the endpoint backend without a serving engine, and for testing it on loopback: it
answers ``/v1/models``, ``/v1/completions`` (string or token-id prompts, ``echo``, ``logprobs``
with prompt log-probabilities as vLLM gives them, ``max_tokens`` 0 allowed) and
``/v1/chat/completions`` (also ``stream=true``, server-sent events). The model is medeval's own
Hugging Face backend, so scores and answers served here are the in-process ones. It serves one
request at a time on the model (CPU inference gains nothing from interleaving) while accepting
many connections; ``/medeval/stats`` says how many requests are and were in flight at once.

One request cannot stall the rest for long (medeval.server_limits): the body size is bounded,
``max_tokens`` is capped at the model's context minus the prompt, bad fields are answered 400,
generation stops between tokens when its client leaves or the server gets SIGTERM, and with
``--api-key-env`` every path wants the key. It binds to loopback unless told otherwise.

For real deployments use a serving engine (vLLM, TGI, Ollama); this server has no batching
scheduler. Fault injection (``--fail-first``) makes the first requests fail with a chosen status,
so clients' retries can be checked against a real process.
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoint functions'
# annotations at runtime, and their types are imported inside create_app.
import asyncio
import json
import os
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from medeval.cli_options import device_option, dtype_option
from medeval.server_limits import (
    DEFAULT_MAX_REQUEST_BYTES,
    MAX_LOGPROBS,
    Cancelled,
    Guard,
    Job,
    RequestError,
    bool_field,
    chat_messages,
    complete_tokens,
    completion_prompts,
    generate_ids,
    int_field,
    is_loopback,
    logit_bias,
    number_field,
    parse_json_object,
    room,
    run_job,
    stoppable_server,
    vocabulary_size,
)

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
    generating: int = 0
    cancelled: int = 0
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

    def count(self, name: str, step: int) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + step)

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            names = ("requests", "failed", "in_flight", "max_in_flight", "generating", "cancelled")
            return {name: int(getattr(self, name)) for name in names}


def _error(status: int, message: str, kind: str, code: str | None = None) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse(
        status_code=status,
        content={"error": {"message": message, "type": kind, "code": code}},
    )


def default_served_name(model: str) -> str:
    """The model id clients ask for: the --model argument, or a local folder's name (the
    server never shows a filesystem path)."""
    path = Path(model).expanduser()
    return path.resolve().name if path.exists() else model


def create_app(
    model: Any,
    served_name: str,
    *,
    api_key: str | None = None,
    fail_first: int = 0,
    fail_statuses: tuple[int, ...] = (503,),
    fault_injection: bool = False,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    shutdown: threading.Event | None = None,
) -> Any:
    """The FastAPI application serving `model` (a loaded HFModel) as `served_name`.

    `shutdown`, once set (SIGTERM), stops running generations at their next token."""
    from fastapi import FastAPI, Request
    from fastapi.responses import StreamingResponse
    from starlette.concurrency import run_in_threadpool

    from medeval.backend import GenerationSettings
    from medeval.models.hf_stream import incremental_text

    # With a key, no unauthenticated page describes the API (the guard wants the key anyway).
    app = FastAPI(
        title="medeval serve",
        docs_url=None if api_key else "/docs",
        redoc_url=None if api_key else "/redoc",
        openapi_url=None if api_key else "/openapi.json",
    )
    app.add_middleware(Guard, api_key=api_key, max_request_bytes=max_request_bytes)
    stop = shutdown if shutdown is not None else threading.Event()
    app.state.shutdown = stop
    state = ServerState(fail_first=fail_first, fail_statuses=fail_statuses or (503,))
    model_lock = threading.Lock()
    created = int(time.time())
    context = int(model.max_length)
    vocabulary = vocabulary_size(model)
    chat_pad = model.tokenizer.pad_token_id
    chat_pad = int(model.tokenizer.eos_token_id if chat_pad is None else chat_pad)

    def new_job() -> Job:
        return Job(
            model_lock,
            stop,
            on_start=lambda: state.count("generating", 1),
            on_end=lambda: state.count("generating", -1),
            on_cancel=lambda: state.count("cancelled", 1),
        )

    def stopped(job: Job) -> Any:
        if stop.is_set():
            return _error(503, "the server is shutting down", "server_error")
        return _error(499, "the client closed the request", "cancelled")

    async def read(request: Request) -> dict[str, Any]:
        body = parse_json_object(await request.body())
        asked = body.get("model")
        if asked is not None and asked != served_name:
            raise RequestError(f"model '{str(asked)[:200]}' is not served here", 404)
        return body

    def refused(exc: RequestError) -> Any:
        kind = "not_found" if exc.status == 404 else "invalid_request"
        return _error(exc.status, exc.message, kind)

    @app.get("/v1/models")
    def models() -> Any:
        entry = {
            "id": served_name,
            "object": "model",
            "created": created,
            "owned_by": "medeval",
            "root": served_name,
            "max_model_len": context,
        }
        return {"object": "list", "data": [entry]}

    @app.get("/medeval/stats")
    def stats() -> dict[str, int]:
        return state.snapshot()

    if fault_injection:

        @app.post("/medeval/faults")
        async def faults(request: Request) -> Any:
            """Testing: fail the next `fail_next` POST requests with `statuses` in turn."""
            try:
                body = parse_json_object(await request.body())
                fail_next = int_field(body, "fail_next", 0, 0, None) or 0
                statuses = body.get("statuses") or [503]
                if not isinstance(statuses, list) or not all(
                    s in RETRYABLE_TEST_STATUSES for s in statuses
                ):
                    raise RequestError(f"statuses must be among {RETRYABLE_TEST_STATUSES}")
            except RequestError as exc:
                return refused(exc)
            with state.lock:
                state.fail_first = state.failed + fail_next
                state.fail_statuses = tuple(int(s) for s in statuses)
            return {"failed": state.failed, "fail_first": state.fail_first}

    def parse_completion(body: dict[str, Any]) -> dict[str, Any]:
        if bool_field(body, "stream"):
            raise RequestError("stream is not supported on /v1/completions")
        asked = int_field(body, "max_tokens", 16, 0, None) or 0
        number_field(body, "temperature", 0.0, 0.0, 2.0)  # checked; completions are greedy
        prompts = completion_prompts(body.get("prompt"), model.tokenizer.encode, vocabulary)
        return {
            "prompts": prompts,
            "limits": [room(len(p), context, asked, need_one=False) for p in prompts],
            "echo": bool_field(body, "echo"),
            "logprobs": int_field(body, "logprobs", None, 0, MAX_LOGPROBS),
            "bias": logit_bias(body, vocabulary),
        }

    @app.post("/v1/completions")
    async def completions(request: Request) -> Any:
        try:
            parsed = await run_in_threadpool(parse_completion, await read(request))
        except RequestError as exc:
            return refused(exc)
        injected = state.enter()
        try:
            if injected is not None:
                return _error(injected, "injected failure", "server_error")

            def work(job: Job) -> list[dict[str, Any]]:
                return [
                    complete_tokens(
                        model,
                        prompt,
                        limit,
                        parsed["echo"],
                        parsed["logprobs"],
                        job,
                        parsed["bias"],
                    )
                    for prompt, limit in zip(parsed["prompts"], parsed["limits"], strict=True)
                ]

            job = new_job()
            try:
                choices = await run_job(job, work, request.is_disconnected)
            except Cancelled:
                return stopped(job)
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

    def parse_chat(body: dict[str, Any]) -> dict[str, Any]:
        messages = chat_messages(body.get("messages"))
        asked = int_field(body, "max_completion_tokens", None, 1, None)
        if asked is None:
            asked = int_field(body, "max_tokens", 512, 1, None) or 512
        settings = GenerationSettings(
            max_new_tokens=asked, temperature=number_field(body, "temperature", 0.0, 0.0, 2.0)
        )
        options = body.get("stream_options") or {}
        if not isinstance(options, dict):
            raise RequestError("'stream_options' must be an object")
        try:
            prompt = model.tok_encode(model.render_chat(messages, settings))
        except Exception as exc:  # the chat template refuses these turns
            raise RequestError(f"the chat template refused the messages: {exc}"[:300]) from None
        return {
            "prompt": prompt,
            "max_new": room(len(prompt), context, asked, need_one=True),
            "min_new": int_field(body, "min_tokens", 0, 0, None) or 0,
            "temperature": settings.temperature,
            "bias": logit_bias(body, vocabulary),
            "stream": bool_field(body, "stream"),
            "include_usage": bool_field(options, "include_usage"),
        }

    def chat_ids(parsed: dict[str, Any], job: Job, on_tokens: Any = None) -> list[int]:
        ids = generate_ids(
            model,
            parsed["prompt"],
            job,
            max_new_tokens=parsed["max_new"],
            min_new_tokens=parsed["min_new"],
            temperature=parsed["temperature"],
            bias=parsed["bias"],
            pad_id=chat_pad,
            on_tokens=on_tokens,
        )
        while ids and ids[-1] == chat_pad:
            ids.pop()
        return ids

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        try:
            parsed = await run_in_threadpool(parse_chat, await read(request))
        except RequestError as exc:
            return refused(exc)
        injected = state.enter()
        if injected is not None:
            state.leave()
            return _error(injected, "injected failure", "server_error")
        answer_id = f"chatcmpl-{uuid.uuid4().hex}"
        prompt_tokens = len(parsed["prompt"])
        if not parsed["stream"]:
            job = new_job()
            try:
                ids = await run_job(job, lambda j: chat_ids(parsed, j), request.is_disconnected)
            except Cancelled:
                return stopped(job)
            finally:
                state.leave()
            finish = "length" if len(ids) >= parsed["max_new"] else "stop"
            text = model.tokenizer.decode(ids, skip_special_tokens=True)
            return {
                "id": answer_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": served_name,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": finish,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": len(ids),
                    "total_tokens": prompt_tokens + len(ids),
                },
            }
        job = new_job()
        left = threading.Event()

        def leave_once() -> None:
            job.cancel.set()  # no-op once generation has finished
            if not left.is_set():
                left.set()
                state.leave()

        def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
            payload = {
                "id": answer_id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": served_name,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return f"data: {json.dumps(payload)}\n\n"

        async def events() -> AsyncIterator[str]:
            loop = asyncio.get_running_loop()
            pieces: asyncio.Queue[list[int] | None] = asyncio.Queue()

            def push(tokens: list[int]) -> None:
                try:
                    loop.call_soon_threadsafe(pieces.put_nowait, tokens)
                except RuntimeError:  # the event loop is gone
                    pass

            try:
                yield chunk({"role": "assistant", "content": ""})
                task = asyncio.ensure_future(
                    run_job(job, lambda j: chat_ids(parsed, j, push), request.is_disconnected)
                )
                task.add_done_callback(lambda _: pieces.put_nowait(None))
                generated: list[int] = []
                shown = 0
                while (tokens := await pieces.get()) is not None:
                    generated.extend(tokens)
                    text, shown = incremental_text(model.tokenizer, generated, shown)
                    if text:
                        yield chunk({"content": text})
                try:
                    ids = task.result()
                except Cancelled:
                    if stop.is_set():
                        error = {"message": "the server is shutting down", "type": "server_error"}
                        yield f"data: {json.dumps({'error': error})}\n\n"
                    return
                yield chunk({}, "length" if len(ids) >= parsed["max_new"] else "stop")
                if parsed["include_usage"]:
                    usage = {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": len(ids),
                        "total_tokens": prompt_tokens + len(ids),
                    }
                    final = {"id": answer_id, "choices": [], "usage": usage}
                    yield f"data: {json.dumps(final)}\n\n"
                yield "data: [DONE]\n\n"
            finally:
                leave_once()

        return _ClosingStream(events(), leave_once, StreamingResponse)

    return app


def _ClosingStream(body: Any, on_close: Callable[[], None], base: type) -> Any:  # noqa: N802
    """A streaming response that cancels its generation and counts its request out however
    the response ends (finished, client gone, or never started)."""

    class ClosingStream(base):  # type: ignore[misc]
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            try:
                await super().__call__(scope, receive, send)
            finally:
                on_close()
                await body.aclose()

    return ClosingStream(body, media_type="text/event-stream")


@click.command("serve")
@click.option("--model", required=True, help="Model folder, PEFT adapter, hub id or bundled name.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (another than loopback needs --api-key-env, else a warning).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--served-model-name",
    default=None,
    help="Model id clients ask for (default: the --model argument, or a local folder's name).",
)
@click.option(
    "--api-key-env",
    default=None,
    help="Require 'Authorization: Bearer <key>' on every path, with the key read from this "
    "environment variable.",
)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_REQUEST_BYTES,
    show_default=True,
    help="Larger request bodies are answered 413.",
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
    max_request_bytes: int,
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
    if api_key is None and not is_loopback(host):
        click.echo(
            f"warning: serving on {host} without --api-key-env: anyone who can reach this "
            "address can use the model. Bind to 127.0.0.1 or set --api-key-env.",
            err=True,
        )
    loaded = HFModel(model, dtype=dtype, device=device, batch_size=1)
    name = served_model_name or default_served_name(model)
    shutdown = threading.Event()
    app = create_app(
        loaded,
        name,
        api_key=api_key,
        fail_first=fail_first,
        fail_statuses=tuple(int(s) for s in fail_statuses) or (503,),
        fault_injection=fault_injection,
        max_request_bytes=max_request_bytes,
        shutdown=shutdown,
    )
    click.echo(f"serving {name} on http://{host}:{port}/v1", err=True)
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5
    )
    stoppable_server(config, shutdown).run()
