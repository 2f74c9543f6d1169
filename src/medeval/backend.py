"""The one model contract: what every backend offers and what every caller may ask of it.

A backend is anything with an ``info`` (name and fingerprint, recorded on every record), plus one
or more capabilities, each a Protocol here:

- :class:`ChoiceModel` scores multiple choice by log-likelihood (lm-eval's ``loglikelihood``);
- :class:`ChatModel` answers conversations (``generate``);
- :class:`StreamingModel` also yields an answer piece by piece (the latency suite, ``serve``).

The transformers, vLLM and OpenAI-compatible backends implement all three; the guardrails wrapper
and the recorded stand-in of a finished run implement the first two. Callers depend on these
Protocols, never on a backend class, so a plugin backend needs no import of medeval's own.

This module is core: it imports the standard library and :mod:`medeval.types` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from medeval.types import ModelInfo

# (context, continuations) -> one log-likelihood per continuation
ChoiceRequest = tuple[str, Sequence[str]]
# A conversation: {role, content} turns, oldest first.
Conversation = Sequence[dict[str, str]]


@dataclass(frozen=True)
class GenerationSettings:
    """How answers are generated; recorded in every run that generates (DESIGN defaults)."""

    max_new_tokens: int = 512
    temperature: float = 0.0
    system_prompt: str | None = None
    use_chat_template: bool = True

    def recorded(self) -> dict[str, Any]:
        """The settings as results.json records them (and as answer-cache keys include them)."""
        return {
            "max_new_tokens": self.max_new_tokens,
            "temperature": self.temperature,
            "decoding": "greedy" if self.temperature == 0 else "sampling",
            "chat_template": self.use_chat_template,
            "system_prompt": self.system_prompt,
        }


@dataclass(frozen=True)
class Generation:
    """One generated answer with its token counts and the wall time of its batch."""

    text: str
    prompt: str
    input_tokens: int
    output_tokens: int
    latency_s: float


@runtime_checkable
class Backend(Protocol):
    """What every backend carries: its identity.

    A backend may also carry ``batch_size`` (how many requests one call handles at once); callers
    read it as a hint for chunking work, with :func:`batch_size_of`.
    """

    @property
    def info(self) -> ModelInfo:
        """Name, fingerprint, dtype and quantization; recorded in results and transcripts."""
        ...


@runtime_checkable
class ChoiceModel(Backend, Protocol):
    """Scores multiple choice as lm-eval's ``loglikelihood`` requests."""

    def loglikelihood_choices(
        self,
        requests: Sequence[ChoiceRequest],
        on_batch: Callable[[int], None] | None = None,
    ) -> list[list[float]]:
        """Summed log-probability of each continuation given its context, per request."""
        ...


@runtime_checkable
class ChatModel(Backend, Protocol):
    """Answers conversations; the backend applies the model's chat template."""

    def generate(
        self,
        conversations: Sequence[Conversation],
        settings: GenerationSettings | None = None,
    ) -> list[Generation]:
        """One answer per conversation, in order."""
        ...


@runtime_checkable
class StreamingModel(ChatModel, Protocol):
    """Answers one conversation piece by piece as the model produces it."""

    def stream(self, conversation: Conversation, settings: GenerationSettings) -> Iterator[str]:
        """The answer's text pieces in order; joined they are the whole answer."""
        ...


@runtime_checkable
class LanguageModel(ChoiceModel, ChatModel, Protocol):
    """A backend that both scores choices and generates: what ``medeval run`` loads."""


class ModelLoader(Protocol):
    """How every backend is constructed: the registry entry (``medeval.models`` entry point).

    The keywords are the ones ``medeval run`` passes to any backend; a backend that cannot honour
    one (a served model has no ``--load-in-4bit``) says so with a UsageError. ``options`` are the
    backend's own flags (``base_url``, ``tensor_parallel_size``...).
    """

    def __call__(
        self,
        model: str,
        *,
        base_model: str | None = ...,
        dtype: str = ...,
        device: str = ...,
        load_in_4bit: bool = ...,
        batch_size: int = ...,
        **options: Any,
    ) -> LanguageModel: ...


def scores_loglikelihood(model: object) -> bool:
    """Whether `model` can score multiple choice by log-likelihood right now.

    A served endpoint may implement the method yet lack prompt log-probabilities; it says so with
    a ``supports_loglikelihood`` attribute, and its multiple-choice suites are then answered by
    generation instead.
    """
    return isinstance(model, ChoiceModel) and bool(getattr(model, "supports_loglikelihood", True))


def batch_size_of(model: object, default: int = 8) -> int:
    """The backend's ``batch_size`` hint, or `default` for a backend that gives none."""
    return max(1, int(getattr(model, "batch_size", default)))
