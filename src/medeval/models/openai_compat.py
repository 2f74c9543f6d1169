"""The OpenAI-compatible endpoint backend: a model served by vLLM, TGI, Ollama or `medeval serve`.

``--model openai+https://HOST[:PORT]/MODEL`` (HTTPS), ``--model openai://HOST:PORT/MODEL`` (plain
HTTP; ``openai+http://`` says the same), each with ``/v1`` added, or ``--backend openai --base-url
URL --model MODEL``. Requests go out concurrently (``--max-concurrency`` threads over one HTTP
connection pool), each with a timeout; 429 and 5xx answers, timeouts and dropped connections are
retried with exponential backoff (jittered, ``Retry-After`` honoured); 401/403 and an unreachable
host stop the run with one clear message (exit code 2).

Secrets (see :func:`check_transport` and :func:`select_api_key`): plain HTTP is allowed only to
this machine (loopback) unless ``--allow-insecure-http`` is given. The API key is read from an
environment variable, never from the command line, and goes only to the host it was meant for:
``MEDEVAL_API_KEY`` to a server on this machine, ``OPENAI_API_KEY`` to api.openai.com over HTTPS,
and the variable named with ``--api-key-env`` to this endpoint. Redirects are not followed, so the
key never travels on to another host. ``user:password@`` in a URL is used for the requests but
stripped from everything shown or written (results, scorecard, messages, the fingerprint).

Multiple choice, where the server returns prompt log-probabilities (vLLM's completions API with
``echo`` and ``logprobs``), is scored as lm-eval 0.4.x's ``local-completions`` model scores it:
the (context, continuation) token ids are sent as the prompt with ``max_tokens=1``,
``logprobs=1``, ``echo=true``, ``temperature=0``, left-truncated to the model length, and the
continuation's log-likelihood is the sum of the echoed ``token_logprobs`` from the context length
on, the one generated token left out. Tokenisation is the Hugging Face backend's (the tokenizer's
own special tokens, so a BOS token where the model has one; lm-eval's ``local-completions`` needs
``add_bos_token=True`` for the same ids), so endpoint scores equal in-process scores. Where the
server gives no prompt log-probabilities (chat-only servers, Ollama), multiple choice is answered
by generation and reported as ``acc_generative`` (see :mod:`medeval.suites.generative_choice`),
never as ``acc``.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medeval.errors import MedevalError, UsageError
from medeval.models.endpoint import (  # the policy, re-exported with the backend
    DEFAULT_API_KEY_ENV,
    OPENAI_API_HOST,
    OPENAI_API_KEY_ENV,
    SCHEME,
    SCHEMES,
    ApiKey,
    Endpoint,
    check_transport,
    is_endpoint_model,
    is_loopback,
    parse_endpoint,
    select_api_key,
    shown_options,
    strip_credentials,
)
from medeval.types import ModelInfo

if TYPE_CHECKING:
    import httpx

    from medeval.backend import Generation, GenerationSettings

__all__ = [
    "DEFAULT_API_KEY_ENV",
    "OPENAI_API_HOST",
    "OPENAI_API_KEY_ENV",
    "SCHEME",
    "SCHEMES",
    "ApiKey",
    "Endpoint",
    "EndpointError",
    "OpenAIEndpointModel",
    "check_transport",
    "is_endpoint_model",
    "is_loopback",
    "parse_endpoint",
    "select_api_key",
    "shown_options",
    "strip_credentials",
]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
CHOICE_MODES = ("auto", "loglikelihood", "generative")
MAX_BACKOFF_S = 30.0


class EndpointError(MedevalError):
    """The endpoint cannot be used: unreachable, refused the key, or kept failing."""


class OpenAIEndpointModel:
    """A served model behind an OpenAI-compatible HTTP API, as a medeval backend."""

    def __init__(
        self,
        model: str,
        *,
        base_model: str | None = None,
        dtype: str = "auto",
        device: str = "auto",
        load_in_4bit: bool = False,
        batch_size: int = 8,
        base_url: str | None = None,
        max_concurrency: int = 8,
        request_timeout: float = 300.0,
        max_retries: int = 5,
        retry_base_s: float = 0.5,
        api_key_env: str | None = None,
        allow_insecure_http: bool = False,
        tokenizer: str | None = None,
        choice_mode: str = "auto",
        **unused: Any,
    ) -> None:
        import httpx

        if base_model is not None or load_in_4bit:
            raise UsageError(
                "--base-model and --load-in-4bit apply to models loaded here, not to a served "
                "model: configure them on the server"
            )
        if max_concurrency < 1 or max_retries < 0 or request_timeout <= 0:
            raise UsageError(
                "--max-concurrency must be >= 1, --max-retries >= 0, --request-timeout > 0"
            )
        if choice_mode not in CHOICE_MODES:
            raise UsageError(f"choice mode must be one of {', '.join(CHOICE_MODES)}")
        self.endpoint = parse_endpoint(model, base_url)
        check_transport(self.endpoint, allow_insecure_http)
        self.max_concurrency = max_concurrency
        self.batch_size = max_concurrency
        self.max_retries = max_retries
        self.retry_base_s = retry_base_s
        self.request_timeout = request_timeout
        self.choice_mode = choice_mode
        self.api_key_env = api_key_env
        self.retries = 0
        self._lock = threading.Lock()
        self.api_key = select_api_key(self.endpoint, api_key_env)
        key = self.api_key.value
        self._secrets = tuple(s for s in (key, *self.endpoint.secrets) if s)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(
            headers=headers,
            follow_redirects=False,  # the key goes to this host only, never on to another
            timeout=httpx.Timeout(request_timeout, connect=min(request_timeout, 10.0)),
            limits=httpx.Limits(max_connections=max_concurrency + 1),
        )
        self.server_model = self._find_model()
        self.max_length = int(self.server_model.get("max_model_len") or 0) or None
        self.tokenizer_source = tokenizer or _local_tokenizer_source(self.endpoint.model)
        self.tokens: Any = None
        if self.tokenizer_source is not None:
            from medeval.models.tokenizing import TokenizerOnly, load_tokenizer

            self.tokens = TokenizerOnly(load_tokenizer(self.tokenizer_source), self.max_length)
            self.max_length = self.tokens.max_length
        self._prompt_logprobs: bool | None = None
        self.info = ModelInfo(
            name=self.endpoint.model.rstrip("/").split("/")[-1],
            path=f"{self.endpoint.shown_url} ({self.endpoint.model})",
            fingerprint=self._fingerprint(),
            dtype="server",
            backend="openai",
        )

    # ------------------------------------------------------------------ HTTP

    def _url(self, path: str) -> str:
        return f"{self.endpoint.base_url}/{path.lstrip('/')}"

    def _shown(self, text: str) -> str:
        """`text` safe to show: no URL credentials, no API key."""
        text = strip_credentials(text)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(max(0.0, float(retry_after)), MAX_BACKOFF_S)
            except ValueError:
                pass
        delay = min(self.retry_base_s * 2.0**attempt, MAX_BACKOFF_S)
        return float(delay * (1.0 - 0.25 * random.random()))

    def _fail(self, response: httpx.Response) -> EndpointError:
        url = self._shown(str(response.request.url))
        try:
            body = response.json()
            detail = body.get("error") or body if isinstance(body, dict) else body
            message = detail.get("message") if isinstance(detail, dict) else None
            message = message or json.dumps(detail)[:300]
        except ValueError:
            message = response.text[:300]
        message = self._shown(str(message))
        if response.status_code in (401, 403):
            if self.api_key.env is not None:
                hint = f"Check the API key in {self.api_key.env}."
            else:
                hint = (
                    f"No key was sent. Set it in {DEFAULT_API_KEY_ENV} (sent only to a server on "
                    f"this machine) or {OPENAI_API_KEY_ENV} (sent only to {OPENAI_API_HOST}), or "
                    f"name the variable for this endpoint with --api-key-env NAME."
                )
            if self.api_key.withheld:
                names = " and ".join(self.api_key.withheld)
                hint += (
                    f" {names} is set but was not sent to {self.endpoint.host}, which it was not "
                    f"meant for: pass --api-key-env {self.api_key.withheld[0]} to send it there."
                )
            return EndpointError(
                f"{url} refused the request ({response.status_code}: {message}). {hint}"
            )
        if response.status_code == 404:
            return EndpointError(
                f"{url} answered 404 ({message}): check --base-url (it usually ends in /v1) "
                "and the model id"
            )
        return EndpointError(f"{url} answered {response.status_code}: {message}")

    def _send(self, method: str, path: str, payload: Any, stream: bool = False) -> Any:
        """One request with retries; for streams, the open response (caller closes it)."""
        import httpx

        url = self._url(path)
        shown = self._shown(url)
        attempt = 0
        while True:
            try:
                request = self.client.build_request(method, url, json=payload)
                response = self.client.send(request, stream=stream)
            except httpx.TimeoutException as exc:
                problem = self._shown(
                    f"{shown} did not answer within {self.request_timeout:g} s ({exc})"
                )
                retry_after = None
            except httpx.TransportError as exc:
                problem = self._shown(
                    f"cannot reach {shown} ({type(exc).__name__}: {exc}). Is the server running "
                    "and is --base-url right?"
                )
                retry_after = None
            else:
                if response.status_code < 400:
                    return response
                if stream:
                    response.read()
                    response.close()
                if response.status_code not in RETRY_STATUSES:
                    raise self._fail(response)
                problem = str(self._fail(response))
                retry_after = response.headers.get("retry-after")
            if attempt >= self.max_retries:
                tries = attempt + 1
                raise EndpointError(f"{problem} (gave up after {tries} attempt(s))")
            with self._lock:
                self.retries += 1
            time.sleep(self._backoff(attempt, retry_after))
            attempt += 1

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        response = self._send("POST", path, payload)
        data: dict[str, Any] = response.json()
        return data

    def _find_model(self) -> dict[str, Any]:
        response = self._send("GET", "models", None)
        served = response.json().get("data") or []
        for entry in served:
            if entry.get("id") == self.endpoint.model:
                return dict(entry)
        names = ", ".join(str(entry.get("id")) for entry in served) or "none"
        raise EndpointError(
            f"{self.endpoint.shown_url} does not serve '{self.endpoint.model}' "
            f"(it serves: {self._shown(names)})"
        )

    def _fingerprint(self) -> str:
        """What identifies the served model: URL, id, the server's description of it and, when
        the tokenizer is a local model folder, the content hash of that folder."""
        described = {
            key: self.server_model.get(key) for key in ("id", "root", "owned_by", "max_model_len")
        }
        summary: dict[str, Any] = {
            "backend": "openai",
            "base_url": self.endpoint.shown_url,
            "model": described,
        }
        if self.tokenizer_source is not None and Path(self.tokenizer_source).is_dir():
            from medeval.models.fingerprint import fingerprint

            summary["files"] = fingerprint([Path(self.tokenizer_source)], {})
        return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()

    def _map(self, work: Callable[[Any], Any], jobs: Sequence[Any]) -> list[Any]:
        if len(jobs) <= 1:
            return [work(job) for job in jobs]
        with ThreadPoolExecutor(max_workers=min(self.max_concurrency, len(jobs))) as pool:
            return list(pool.map(work, jobs))

    # ------------------------------------------------------------------ multiple choice

    @property
    def supports_loglikelihood(self) -> bool:
        """Whether multiple choice can be scored by prompt log-probabilities here."""
        if self._prompt_logprobs is None:
            if self.choice_mode == "generative":
                self._prompt_logprobs = False
            elif self.tokens is None:
                if self.choice_mode == "loglikelihood":
                    raise UsageError(
                        "log-likelihood scoring needs the model's tokenizer: pass --tokenizer "
                        "PATH (a local copy of the served model's tokenizer)"
                    )
                self._prompt_logprobs = False
            else:
                self._prompt_logprobs = self._probe_prompt_logprobs()
                if not self._prompt_logprobs and self.choice_mode == "loglikelihood":
                    raise UsageError(
                        f"{self.endpoint.shown_url} gives no prompt log-probabilities "
                        "(completions with echo and logprobs); use the generative choice mode"
                    )
        return self._prompt_logprobs

    def _probe_prompt_logprobs(self) -> bool:
        prompt = self.tokens.tok_encode("Question: Is water wet?\nAnswer: yes")
        try:
            data = self._post("completions", self._logprob_payload([prompt]))
            values = data["choices"][0]["logprobs"]["token_logprobs"]
        except EndpointError as exc:
            if any(f" answered {code}" in str(exc) for code in (400, 404, 405, 422, 501)):
                return False
            raise
        except (KeyError, IndexError, TypeError):
            return False
        return (
            isinstance(values, list)
            and len(values) >= len(prompt)
            and all(isinstance(v, int | float) for v in values[1 : len(prompt)])
        )

    def _logprob_payload(self, prompts: list[list[int]]) -> dict[str, Any]:
        return {
            "model": self.endpoint.model,
            "prompt": prompts,
            "max_tokens": 1,
            "logprobs": 1,
            "echo": True,
            "temperature": 0,
            "seed": 1234,
        }

    def loglikelihood_choices(
        self,
        requests: Sequence[tuple[str, Sequence[str]]],
        on_batch: Callable[[int], None] | None = None,
    ) -> list[list[float]]:
        """Summed log-probability of each continuation, one HTTP request per question."""
        if self.tokens is None or not self.supports_loglikelihood:
            raise UsageError(
                f"{self.endpoint.shown_url} cannot score log-likelihoods (no prompt "
                "log-probabilities, or no --tokenizer)"
            )
        limit = int(self.max_length or self.tokens.max_length)

        def score(request: tuple[str, Sequence[str]]) -> list[float]:
            context, continuations = request
            prompts, spans = [], []
            for continuation in continuations:
                context_tokens, continuation_tokens = self.tokens.encode_pair(context, continuation)
                whole = (context_tokens + continuation_tokens)[-limit:]
                context_length = len(context_tokens) - max(
                    0, len(context_tokens) + len(continuation_tokens) - limit
                )
                prompts.append(whole)
                spans.append((context_length, len(whole)))
            data = self._post("completions", self._logprob_payload(prompts))
            by_index = sorted(data["choices"], key=lambda choice: int(choice.get("index", 0)))
            if len(by_index) != len(prompts):
                raise EndpointError(
                    f"{self._shown(self._url('completions'))} returned {len(by_index)} choices for "
                    f"{len(prompts)} prompts"
                )
            values = []
            for choice, (start, end) in zip(by_index, spans, strict=True):
                token_logprobs = choice["logprobs"]["token_logprobs"]
                values.append(float(sum(token_logprobs[start:end])))
            if on_batch is not None:
                on_batch(1)
            return values

        return self._map(score, list(requests))

    # ------------------------------------------------------------------ generation

    def _messages(
        self, conversation: Sequence[dict[str, str]], settings: GenerationSettings
    ) -> list[dict[str, str]]:
        turns = [{"role": t["role"], "content": t["content"]} for t in conversation]
        if settings.system_prompt:
            turns = [{"role": "system", "content": settings.system_prompt}, *turns]
        return turns

    def _chat_payload(
        self, conversation: Sequence[dict[str, str]], settings: GenerationSettings
    ) -> dict[str, Any]:
        return {
            "model": self.endpoint.model,
            "messages": self._messages(conversation, settings),
            "max_tokens": settings.max_new_tokens,
            "temperature": settings.temperature,
            "seed": 1234,
        }

    def generate(
        self,
        conversations: Sequence[Sequence[dict[str, str]]],
        settings: GenerationSettings | None = None,
    ) -> list[Generation]:
        """Answer each conversation through /chat/completions, up to --max-concurrency at once."""
        from medeval.backend import Generation, GenerationSettings

        settings = settings or GenerationSettings()

        def answer(conversation: Sequence[dict[str, str]]) -> Generation:
            began = time.perf_counter()
            data = self._post("chat/completions", self._chat_payload(conversation, settings))
            elapsed = time.perf_counter() - began
            usage = data.get("usage") or {}
            message = (data.get("choices") or [{}])[0].get("message") or {}
            return Generation(
                text=str(message.get("content") or ""),
                prompt="",
                input_tokens=int(usage.get("prompt_tokens") or 0),
                output_tokens=int(usage.get("completion_tokens") or 0),
                latency_s=elapsed,
            )

        results: list[Generation] = self._map(answer, list(conversations))
        return results

    def stream(
        self, conversation: Sequence[dict[str, str]], settings: GenerationSettings
    ) -> Iterator[str]:
        """Yield the answer's text pieces as the server streams them (server-sent events)."""
        payload = {**self._chat_payload(conversation, settings), "stream": True}
        response = self._send("POST", "chat/completions", payload, stream=True)
        try:
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[len("data:") :].strip()
                if data == "[DONE]":
                    break
                event = json.loads(data)
                for choice in event.get("choices") or []:
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        yield str(piece)
        finally:
            response.close()

    def close(self) -> None:
        self.client.close()


def _local_tokenizer_source(model_id: str) -> str | None:
    """The served model id as a tokenizer source, when it names something here: a model folder
    (vLLM serves a folder under its path) or a bundled model."""
    from medeval.models.bundled import BUNDLED

    if model_id in BUNDLED:
        return model_id
    path = Path(model_id).expanduser()
    if path.is_dir() and (
        (path / "tokenizer_config.json").is_file() or (path / "config.json").is_file()
    ):
        return str(path)
    return None


if TYPE_CHECKING:  # mypy holds the backend to the one model contract (medeval.backend)
    from medeval.backend import LanguageModel, StreamingModel

    def _satisfies_contract(model: OpenAIEndpointModel) -> tuple[LanguageModel, StreamingModel]:
        return model, model
