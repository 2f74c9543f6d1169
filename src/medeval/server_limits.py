"""What keeps one `medeval serve` request from stalling the rest (used by medeval.server).

- Request checks: every field a request may carry is type- and range-checked here, so a bad
  request is answered 400 (never a 500 with the in-flight counter left high); token ids must be
  the model's, and a prompt longer than the model's context is refused.
- Generation length: ``max_tokens`` is capped at what the model can produce (its context length
  minus the prompt).
- Cancellation: generation runs in its own thread holding the model lock, and a stopping
  criterion checks a flag between tokens; the flag is raised when the client leaves or the server
  is told to stop (SIGTERM), and the lock is released only when generation has really stopped.
- The ASGI guard in front of the application: the API key on every path (constant-time
  compare) and the request body size (413).

Heavy imports (torch, transformers, uvicorn) happen inside the functions: the command line
imports medeval.server, and with it this module, at every start.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024
MAX_LOGPROBS = 20
CHAT_ROLES = ("system", "developer", "user", "assistant", "tool")


class RequestError(Exception):
    """A request the server refuses: answered with `status` and the message (no traceback)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Cancelled(Exception):
    """Generation stopped because the client left or the server is shutting down."""


# ---------------------------------------------------------------------- request checks


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The request body as a JSON object, else RequestError (400)."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise RequestError("the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise RequestError("the request body must be a JSON object")
    return body


def int_field(
    body: Mapping[str, Any], name: str, default: int | None, minimum: int, maximum: int | None
) -> int | None:
    """An optional integer field in [minimum, maximum] (booleans and floats are refused)."""
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(f"'{name}' must be an integer")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise RequestError(f"'{name}' must be {bound}")
    return value


def number_field(
    body: Mapping[str, Any], name: str, default: float, minimum: float, maximum: float
) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RequestError(f"'{name}' must be a number")
    if not minimum <= value <= maximum:
        raise RequestError(f"'{name}' must be between {minimum:g} and {maximum:g}")
    return float(value)


def bool_field(body: Mapping[str, Any], name: str) -> bool:
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RequestError(f"'{name}' must be true or false")
    return value


def vocabulary_size(model: Any) -> int:
    """How many token ids the model knows (tokenizer and embedding table both)."""
    size = len(model.tokenizer)
    embeddings = getattr(model.model, "get_input_embeddings", None)
    if embeddings is not None:
        table = embeddings()
        if table is not None and hasattr(table, "num_embeddings"):
            size = min(size, int(table.num_embeddings))
    return size


def check_token_ids(tokens: Sequence[Any], vocabulary: int, what: str) -> list[int]:
    ids = []
    for token in tokens:
        if isinstance(token, bool) or not isinstance(token, int):
            raise RequestError(f"{what} must be integers")
        if not 0 <= token < vocabulary:
            raise RequestError(f"token id {token} in {what} is outside 0..{vocabulary - 1}")
        ids.append(token)
    return ids


def logit_bias(body: Mapping[str, Any], vocabulary: int) -> dict[int, float]:
    """OpenAI's ``logit_bias`` ({token id: -100..100}), token ids checked against the model."""
    value = body.get("logit_bias")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestError("'logit_bias' must be an object of token id: bias")
    bias: dict[int, float] = {}
    for key, amount in value.items():
        try:
            token = int(key)
        except ValueError:
            raise RequestError("'logit_bias' keys must be token ids") from None
        check_token_ids([token], vocabulary, "logit_bias")
        bias[token] = number_field({"bias": amount}, "bias", 0.0, -100.0, 100.0)
    return bias


def chat_messages(value: Any) -> list[dict[str, str]]:
    """The ``messages`` of a chat request: role and text of each turn (text parts joined)."""
    if not isinstance(value, list) or not value:
        raise RequestError("'messages' must be a non-empty list of {role, content} objects")
    messages = []
    for message in value:
        if not isinstance(message, dict):
            raise RequestError("each message must be an object with 'role' and 'content'")
        role = message.get("role")
        if role not in CHAT_ROLES:
            raise RequestError(f"a message's 'role' must be one of {', '.join(CHAT_ROLES)}")
        content = message.get("content")
        if content is None:
            content = ""
        elif isinstance(content, list):
            parts = []
            for part in content:
                text = part.get("text") if isinstance(part, dict) else None
                if (
                    not isinstance(part, dict)
                    or part.get("type") != "text"
                    or not isinstance(text, str)
                ):
                    raise RequestError("only text content parts are supported")
                parts.append(text)
            content = "".join(parts)
        elif not isinstance(content, str):
            raise RequestError("a message's 'content' must be a string or a list of text parts")
        messages.append({"role": str(role), "content": content})
    return messages


def completion_prompts(prompt: Any, tokenize: Callable[[str], list[int]], vocabulary: int) -> Any:
    """The completions API's prompt forms (text, token ids, or a list of either) as id lists."""
    if isinstance(prompt, str):
        return [tokenize(prompt)]
    if isinstance(prompt, list) and prompt and all(isinstance(t, int) for t in prompt):
        return [check_token_ids(prompt, vocabulary, "the prompt")]
    if isinstance(prompt, list) and prompt and all(isinstance(p, str | list) for p in prompt):
        lists = []
        for entry in prompt:
            if isinstance(entry, list) and not entry:
                raise RequestError("the prompt is empty")
            lists.extend(completion_prompts(entry, tokenize, vocabulary))
        return lists
    raise RequestError("prompt must be a string, a list of token ids, or a list of those")


def room(prompt_length: int, context: int, asked: int, *, need_one: bool) -> int:
    """Tokens this prompt may generate: `asked`, capped at what the context leaves."""
    if prompt_length == 0:
        raise RequestError("the prompt is empty")
    if prompt_length > context or (need_one and prompt_length >= context):
        raise RequestError(
            f"the prompt is {prompt_length} tokens; this model's context is {context} tokens"
        )
    return max(0, min(asked, context - prompt_length))


# ---------------------------------------------------------------------- cancellable generation


@dataclass
class Job:
    """One request's generation: its cancel flag, the server's stop flag, and its lock."""

    lock: threading.Lock
    shutdown: threading.Event
    cancel: threading.Event = field(default_factory=threading.Event)
    on_start: Callable[[], None] | None = None
    on_end: Callable[[], None] | None = None
    on_cancel: Callable[[], None] | None = None

    def stopped(self) -> bool:
        return self.cancel.is_set() or self.shutdown.is_set()

    def run(self, work: Callable[[Job], Any]) -> Any:
        """Run `work` holding the model lock (waiting for it while not cancelled)."""
        try:
            return self._run_locked(work)
        except Cancelled:
            if self.on_cancel is not None and not self.shutdown.is_set():
                self.on_cancel()
            raise

    def _run_locked(self, work: Callable[[Job], Any]) -> Any:
        while not self.lock.acquire(timeout=0.1):
            if self.stopped():
                raise Cancelled
        try:
            if self.stopped():
                raise Cancelled
            if self.on_start is not None:
                self.on_start()
            try:
                return work(self)
            finally:
                if self.on_end is not None:
                    self.on_end()
        finally:
            self.lock.release()


def stopping_criteria(job: Job) -> Any:
    """A transformers stopping criterion that ends generation once the job is stopped."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class StopFlag(StoppingCriteria):  # type: ignore[misc]
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            return torch.full(
                (input_ids.shape[0],), job.stopped(), dtype=torch.bool, device=input_ids.device
            )

    return StoppingCriteriaList([StopFlag()])


class TokenSink:
    """A transformers streamer (``put`` / ``end``) handing each new token id to a callback."""

    def __init__(self, on_tokens: Callable[[list[int]], None]) -> None:
        self.on_tokens = on_tokens
        self._prompt_seen = False

    def put(self, value: Any) -> None:
        if not self._prompt_seen:  # generate() first puts the whole prompt
            self._prompt_seen = True
            return
        self.on_tokens([int(t) for t in value.reshape(-1).tolist()])

    def end(self) -> None:
        return None


def generate_ids(
    model: Any,
    prompt: list[int],
    job: Job,
    *,
    max_new_tokens: int,
    min_new_tokens: int = 0,
    temperature: float = 0.0,
    bias: Mapping[int, float] | None = None,
    pad_id: int,
    on_tokens: Callable[[list[int]], None] | None = None,
) -> list[int]:
    """The new token ids for `prompt` (greedy unless temperature > 0); stops between tokens
    once the job is stopped (raising Cancelled)."""
    import torch

    options: dict[str, Any] = {"do_sample": False}
    if temperature > 0:
        options = {"do_sample": True, "temperature": temperature}
    if min_new_tokens:
        options["min_new_tokens"] = min(min_new_tokens, max_new_tokens)
    if bias:
        options["sequence_bias"] = {(token,): amount for token, amount in bias.items()}
    if on_tokens is not None:
        options["streamer"] = TokenSink(on_tokens)
    device = model.device
    with torch.inference_mode():
        out = model.model.generate(
            input_ids=torch.tensor([prompt], dtype=torch.long, device=device),
            attention_mask=torch.ones((1, len(prompt)), dtype=torch.long, device=device),
            max_new_tokens=max_new_tokens,
            pad_token_id=pad_id,
            stopping_criteria=stopping_criteria(job),
            **options,
        )
    if job.stopped():
        raise Cancelled
    return [int(t) for t in out[0, len(prompt) :].tolist()]


async def run_job(job: Job, work: Callable[[Job], Any], disconnected: Callable[[], Any]) -> Any:
    """Run `work` in its own thread, cancelling it when `disconnected()` turns true; returns
    only when the thread has finished (so the lock is free again only then)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def settle(result: Any, failure: BaseException | None) -> None:
        if future.done():
            return
        if failure is not None:
            future.set_exception(failure)
        else:
            future.set_result(result)

    def target() -> None:
        try:
            result, failure = job.run(work), None
        except BaseException as exc:  # re-raised in the request's task
            result, failure = None, exc
        try:
            loop.call_soon_threadsafe(settle, result, failure)
        except RuntimeError:  # the event loop is gone (the server stopped)
            pass

    threading.Thread(target=target, name="medeval-serve", daemon=True).start()
    try:
        while True:
            done, _ = await asyncio.wait({future}, timeout=0.25)
            if done:
                return future.result()
            if not job.cancel.is_set() and await disconnected():
                job.cancel.set()
    except asyncio.CancelledError:
        job.cancel.set()
        raise


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
    model: Any,
    prompt: list[int],
    max_tokens: int,
    echo: bool,
    logprobs: int | None,
    job: Job,
    bias: dict[int, float] | None = None,
) -> dict[str, Any]:
    """One completions choice: greedy continuation and (prompt) token log-probabilities.

    `max_tokens` is already capped at the room the context leaves; generation stops between
    tokens (Cancelled) once `job` is stopped."""
    import torch
    import torch.nn.functional as F

    if not prompt:
        raise RequestError("the prompt is empty")
    generated: list[int] = []
    pad_id = int(model.tokenizer.eos_token_id or 0)
    if max_tokens > 0:
        generated = generate_ids(
            model, prompt, job, max_new_tokens=max_tokens, bias=bias, pad_id=pad_id
        )
    sequence = prompt + generated
    rows = None
    if logprobs is not None and len(sequence) > 1:
        if job.stopped():
            raise Cancelled
        with torch.inference_mode():
            inputs = torch.tensor([sequence[:-1]], device=model.device)
            rows = F.log_softmax(model.model(input_ids=inputs).logits[0].float(), dim=-1)
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


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------------- ASGI guard


class Guard:
    """ASGI middleware: the API key on every path, then the body size (413)."""

    def __init__(self, app: Any, api_key: str | None, max_request_bytes: int) -> None:
        self.app = app
        self.expected = f"Bearer {api_key}".encode() if api_key is not None else None
        self.max_request_bytes = max_request_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.expected is not None and not hmac.compare_digest(
            headers.get(b"authorization", b""), self.expected
        ):
            message = "invalid or missing API key"
            await _respond(send, 401, message, "authentication_error", "401")
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_request_bytes):
            await _respond(send, 413, self._too_large(), "invalid_request")
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before sending its request
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_request_bytes:
                await _respond(send, 413, self._too_large(), "invalid_request")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_request_bytes} bytes"


async def _respond(
    send: Any, status: int, message: str, kind: str, code: str | None = None
) -> None:
    body = json.dumps({"error": {"message": message, "type": kind, "code": code}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def stoppable_server(config: Any, shutdown: threading.Event) -> Any:
    """A uvicorn server that, on SIGTERM/SIGINT, also raises the generation stop flag (so a
    running generation ends at its next token instead of holding the shutdown up)."""
    import uvicorn

    class StoppableServer(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            shutdown.set()
            super().handle_exit(sig, frame)

    return StoppableServer(config)
