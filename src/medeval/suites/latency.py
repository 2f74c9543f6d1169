"""The ``latency`` suite: how long a user waits for the first token and for the whole answer.

Source: 50 prompts written for medeval (``latency_prompts.jsonl``, Apache-2.0 like medeval): 25
questions a patient asks (fever in a child, blood-pressure numbers, a changing mole) and 25 a
clinician asks (CURB-65, KDIGO staging, deprescribing), of everyday length. Example record::

    {"id": "latency-002", "audience": "patient", "topic": "blood_pressure",
     "prompt": "What do the two numbers in a blood pressure reading mean?"}

What is measured is what ships: the guardrails are on (input filter, safety system prompt and the
disclaimer post-processor), except in the ``latency@raw`` variant of ``--guardrails both``.
Prompts are sent one at a time, after one untimed warm-up request, with the run's generation
settings (greedy, ``--max-new-tokens``). Time to first token (TTFT) is taken when the first
piece of answer text arrives: from the Hugging Face backend's token streamer, from an endpoint's
server-sent events (``stream=true``), from vLLM's engine steps. Response time runs until the
answer is complete, post-processing included. Metrics, in seconds: ``ttft_p50_s``,
``ttft_p95_s``, ``response_p50_s``, ``response_p95_s`` (percentiles with linear interpolation,
95% intervals from a seeded bootstrap). The hardware (CPU model, GPU name, torch version) and the
backend are recorded with every answer and in the suite's results, because a latency means
nothing without them; a cached answer is only reused on the same hardware.
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from medeval.backend import ChatModel, GenerationSettings, StreamingModel
from medeval.errors import UsageError
from medeval.files import jsonl_records
from medeval.stats import bootstrap_interval
from medeval.suites.base import GenerationSuite
from medeval.types import Item, MetricValue, SuiteResult

PROMPTS_RESOURCE = "latency_prompts.jsonl"
PERCENTILES = {"p50": 0.50, "p95": 0.95}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile with linear interpolation between order statistics (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _quantile_of(sample: Sequence[float], q: float) -> float:
    return percentile(sample, q)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@functools.lru_cache(maxsize=1)
def hardware() -> dict[str, Any]:
    """The machine the answers were timed on (for an endpoint: the client's machine)."""
    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "gpu": None,
        "torch": None,
    }
    try:
        import torch
    except ImportError:
        return info
    info["torch"] = torch.__version__
    if torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name(0)
        info["gpu_count"] = torch.cuda.device_count()
    return info


def stream_answer(
    backend: ChatModel, conversation: Sequence[dict[str, str]], settings: GenerationSettings
) -> Iterator[str]:
    """Text pieces of the answer as the backend produces them."""
    if isinstance(backend, StreamingModel):
        return backend.stream(conversation, settings)
    raise UsageError(
        f"the latency suite needs a backend that streams tokens; {type(backend).__name__} does not"
    )


def timed_answer(
    model: ChatModel, conversation: Sequence[dict[str, str]], settings: GenerationSettings
) -> dict[str, Any]:
    """Answer one conversation and time it: {response, ttft_s, response_s, blocked, pieces}.

    A GuardedModel is unwrapped here so the inner model can stream: the input filter runs first
    (a blocked prompt's first token is the refusal), then the model streams with the safety
    system prompt, and the post-processor's additions count in the response time.
    """
    from medeval.safety.guardrails import (
        BLOCKED_ANSWER,
        EMERGENCY,
        SAFETY_SYSTEM_PROMPT,
        GuardedModel,
        post_process,
        screen,
    )

    began = time.perf_counter()
    first: float | None = None
    screening = None
    backend = model
    if isinstance(model, GuardedModel):
        screening = screen(conversation)
        backend = model.backend
        settings = replace(settings, system_prompt=SAFETY_SYSTEM_PROMPT)
    parts: list[str] = []
    if screening is not None and screening.blocked:
        parts.append(BLOCKED_ANSWER + ("\n\n" + EMERGENCY if screening.emergency else ""))
        first = time.perf_counter()
    else:
        for piece in stream_answer(backend, conversation, settings):
            if first is None and piece.strip():
                first = time.perf_counter()
            parts.append(piece)
    text = "".join(parts)
    if screening is not None:
        text = post_process(text, screening)
    finished = time.perf_counter()
    return {
        "response": text,
        "ttft_s": (first if first is not None else finished) - began,
        "response_s": finished - began,
        "empty_answer": first is None,
        "pieces": len(parts),
        "blocked": bool(screening is not None and screening.blocked),
    }


class LatencySuite(GenerationSuite):
    """Time to first token and full-answer time over 50 everyday patient and clinician prompts."""

    name = "latency"
    version = "1"
    description = "Response time (TTFT and full answer, p50/p95) with the guardrails on"
    source = "medeval/suites/latency_prompts.jsonl (50 prompts written for medeval)"
    full_size = 50
    warmup = True

    def __init__(self) -> None:
        super().__init__()
        self._warmed = False

    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        if num_fewshot:
            raise UsageError("the latency suite is zero-shot; drop --num-fewshot")
        resource = resources.files("medeval.suites").joinpath(PROMPTS_RESOURCE)
        text = resource.read_text(encoding="utf-8")
        origin = f"medeval/suites/{PROMPTS_RESOURCE}"
        self.checksums[origin] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        items = []
        for line, record in jsonl_records(text.splitlines(), origin):
            for field in ("id", "prompt"):
                if not isinstance(record.get(field), str) or not record[field].strip():
                    from medeval.errors import DataError

                    raise DataError(origin, "missing or empty", line=line, field=field)
            items.append(
                Item(
                    id=record["id"],
                    suite=self.name,
                    input=record["prompt"],
                    target="",
                    question=record["prompt"],
                    metadata={
                        "audience": record.get("audience", ""),
                        "topic": record.get("topic", ""),
                    },
                )
            )
        return items

    @property
    def guarded(self) -> bool:
        """Timed with the guardrails on, unless this is the ``@raw`` run of `--guardrails both`."""
        return not self.name.endswith("@raw")

    def request(self, item: Item) -> dict[str, Any]:
        """A cached timing is reused only for the same prompt, guardrails and hardware."""
        return {"input": item.input, "guarded": self.guarded, "hardware": hardware()}

    def generate(
        self, items: list[Item], backend: ChatModel, settings: GenerationSettings, log_dir: Path
    ) -> dict[str, dict[str, Any]]:
        """Time each item's answer, one request at a time (concurrency would blur latency)."""
        from medeval.safety.guardrails import GuardedModel

        model = backend
        if self.guarded and not isinstance(backend, GuardedModel):
            model = GuardedModel(backend)
        if self.warmup and not self._warmed and items:
            timed_answer(model, [{"role": "user", "content": items[0].input}], settings)
            self._warmed = True
        machine = hardware()
        backend_name = getattr(backend.info, "backend", "unknown")
        served_from = backend.info.path if backend_name == "openai" else None
        answers = {}
        for item in items:
            answer = timed_answer(model, [{"role": "user", "content": item.input}], settings)
            answers[item.id] = {
                **answer,
                "latency_s": answer["response_s"],
                "hardware": machine,
                "backend": backend_name,
                "server": served_from,
                "guardrails": self.guarded,
            }
        return answers

    def score_response(self, item: Item, answer: dict[str, Any]) -> dict[str, Any]:
        return dict(answer)

    def aggregate(self, records: list[dict[str, Any]], n_requested: int) -> SuiteResult:
        metrics: dict[str, MetricValue] = {}
        for measure in ("ttft", "response"):
            values = [float(r[f"{measure}_s"]) for r in records]
            for label, q in PERCENTILES.items():
                if not values:
                    continue
                low, high = bootstrap_interval(
                    values, functools.partial(_quantile_of, q=q), seed=self.seed
                )
                metrics[f"{measure}_{label}_s"] = MetricValue(
                    value=percentile(values, q), ci_low=low, ci_high=high, n=len(values)
                )
        machines = []
        for record in records:
            entry = {
                "hardware": record.get("hardware"),
                "backend": record.get("backend"),
                "server": record.get("server"),
            }
            if entry not in machines:
                machines.append(entry)
        responses = [float(r["response_s"]) for r in records]
        return self.result(
            records,
            n_requested,
            metrics,
            extra={
                "measured_on": machines,
                "guardrails": self.guarded,
                "method": "sequential requests after one untimed warm-up; TTFT = first non-empty "
                "text piece; response time includes guardrail post-processing",
                "blocked": sum(1 for r in records if r.get("blocked")),
                "empty_answers": sum(1 for r in records if r.get("empty_answer")),
                "mean_response_s": sum(responses) / len(responses) if responses else None,
            },
        )
