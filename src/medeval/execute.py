"""The one cached, resumable scoring loop: a suite's pending items -> model -> sample records.

Every suite is scored through :func:`execute`, whatever the model is asked:

- ``loglikelihood``: multiple choice scored as lm-eval does (:func:`loglikelihood_work`);
- ``generate_choice``: multiple choice asked in chat and parsed, for backends without prompt
  log-probabilities (:func:`generative_choice_work`);
- ``generate``: free-text answers through a generation suite (:func:`generation_work`).

A :class:`Work` says how one kind of request is keyed, computed and turned into a record; the loop
does the rest the same way for all three: it skips the items already in ``samples/<suite>.jsonl``
(resume), serves what the answer cache holds, asks the model only for what is missing, appends the
records one chunk at a time (a killed run loses at most a chunk) and shows a progress bar.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medeval.backend import ChatModel, ChoiceModel, GenerationSettings, batch_size_of
from medeval.cache import AnswerCache, request_key, through_cache
from medeval.store import RunDir, sample_record
from medeval.suites.base import GenerationSuite, MultipleChoiceSuite
from medeval.suites.generative_choice import (
    CHOICE_MODE,
    MAX_NEW_TOKENS,
    choice_conversation,
    parse_choice,
)
from medeval.types import Item


@dataclass(frozen=True)
class Work:
    """How one kind of request is keyed, answered and recorded.

    Attributes:
        kind: the request kind in the cache key (``loglikelihood``, ``generate``...).
        request: the part of an item that determines its answer (hashed into the cache key).
        compute: answers for items the cache does not hold, in the order given (JSON values,
            as the cache stores them).
        record: the sample line for an item and its answer; the second argument is the model
            time per item of the chunk (seconds), for suites that record it.
        chunk_size: items per model call and per append.
        label: the progress bar's label.
    """

    kind: str
    request: Callable[[Item], Any]
    compute: Callable[[list[Item]], list[Any]]
    record: Callable[[Item, Any, float], dict[str, Any]]
    chunk_size: int
    label: str


@dataclass
class Executed:
    """What one suite's loop did: items scored now (not resumed) and requests the model answered."""

    scored: int = 0
    model_calls: int = 0


def execute(
    suite_name: str,
    items: Sequence[Item],
    work: Work,
    *,
    fingerprint: str,
    run_dir: RunDir,
    cache: AnswerCache | None,
    progress: bool = True,
) -> Executed:
    """Score the items of `suite_name` not yet recorded in `run_dir`; see the module docstring."""
    from tqdm.auto import tqdm

    pending = run_dir.pending(suite_name, list(items))
    outcome = Executed(scored=len(pending))
    bar = tqdm(
        total=len(items),
        initial=len(items) - len(pending),
        desc=work.label,
        unit="item",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    try:
        for start in range(0, len(pending), work.chunk_size):
            chunk = pending[start : start + work.chunk_size]
            keys = [request_key(fingerprint, work.kind, work.request(item)) for item in chunk]
            began = time.perf_counter()
            answers, computed = through_cache(cache, keys, chunk, work.compute)
            outcome.model_calls += computed
            per_item = (time.perf_counter() - began) / len(chunk)
            records = [
                work.record(item, answers[key], per_item)
                for item, key in zip(chunk, keys, strict=True)
            ]
            run_dir.append_samples(suite_name, records)
            bar.update(len(chunk))
    finally:
        bar.close()
    return outcome


def generation_chunk_size(model: object) -> int:
    """Items per chunk for generation: a few backend batches, so answers land often."""
    return max(8, 4 * batch_size_of(model))


def loglikelihood_work(suite: MultipleChoiceSuite, model: ChoiceModel) -> Work:
    """Multiple choice by log-likelihood, exactly as lm-eval's ``multiple_choice`` output type."""

    def request(item: Item) -> tuple[str, list[str]]:
        return item.input, [suite.target_delimiter + choice for choice in item.choices]

    def compute(items: list[Item]) -> list[Any]:
        return list(model.loglikelihood_choices([request(item) for item in items]))

    def record(item: Item, answer: Any, per_item_s: float) -> dict[str, Any]:
        result = suite.score(item, [float(v) for v in answer])
        return sample_record(item, result.model_copy(update={"latency_s": per_item_s}))

    return Work("loglikelihood", request, compute, record, 64, suite.name)


def generative_choice_work(suite: MultipleChoiceSuite, model: ChatModel) -> Work:
    """Multiple choice asked in chat and parsed (:mod:`medeval.suites.generative_choice`)."""
    settings = GenerationSettings(max_new_tokens=MAX_NEW_TOKENS)

    def request(item: Item) -> list[Any]:
        return [choice_conversation(item), settings.max_new_tokens]

    def compute(items: list[Item]) -> list[Any]:
        answers = model.generate([choice_conversation(item) for item in items], settings)
        return [{"response": g.text, "latency_s": g.latency_s} for g in answers]

    def record(item: Item, answer: Any, per_item_s: float) -> dict[str, Any]:
        prediction = parse_choice(str(answer["response"]), item.choices)
        line = sample_record(item, None)
        line.update(
            {
                "choice_mode": CHOICE_MODE,
                "response": answer["response"],
                "prediction": prediction,
                "correct": prediction == item.target,
                "latency_s": answer["latency_s"],
            }
        )
        return line

    return Work(
        "generate_choice",
        request,
        compute,
        record,
        generation_chunk_size(model),
        f"{suite.name} (generative)",
    )


def generation_work(
    suite: GenerationSuite,
    model: ChatModel,
    settings: GenerationSettings,
    recorded_settings: dict[str, Any],
    log_dir: Path,
) -> Work:
    """Free-text answers through the suite (inspect-ai), scored by the suite's pure scorer.

    `recorded_settings` are the generation settings as results.json records them; they are part
    of the cache key, so an answer at one length or temperature is never served for another.
    """

    def request(item: Item) -> list[Any]:
        return [suite.request(item), recorded_settings]

    def compute(items: list[Item]) -> list[Any]:
        fresh = suite.generate(items, model, settings, log_dir)
        return [fresh[item.id] for item in items]

    def record(item: Item, answer: Any, per_item_s: float) -> dict[str, Any]:
        line = sample_record(item, None)
        line.update(suite.score_response(item, answer))
        return line

    return Work("generate", request, compute, record, generation_chunk_size(model), suite.name)
