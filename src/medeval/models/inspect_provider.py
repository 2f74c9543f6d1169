"""medeval's loaded model as an inspect-ai model provider.

Generative suites run through inspect-ai (tasks, solvers, scorers, eval logs). Rather than let
inspect-ai load the weights a second time, the model medeval already loaded is handed to the
``medeval`` provider (``get_model("medeval/<name>", backend=model)``), so one run loads a model
once. inspect-ai calls ``generate`` once per sample, concurrently; a small batcher gathers the
calls that arrive together and answers them in one batched ``generate`` of the backend, off the
event loop. Token usage is reported from the backend's own counts (no tokenizer download).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from medeval.backend import batch_size_of

if TYPE_CHECKING:
    from medeval.backend import ChatModel, Generation, GenerationSettings

PROVIDER = "medeval"
GATHER_SECONDS = 0.02


class _Batcher:
    """Collects concurrent requests with equal settings and answers them in one backend call."""

    def __init__(self, backend: ChatModel) -> None:
        self.backend = backend
        self.pending: list[
            tuple[list[dict[str, str]], GenerationSettings, asyncio.Future[Any]]
        ] = []
        self.lock = asyncio.Lock()
        self.calls = 0

    async def submit(
        self, conversation: list[dict[str, str]], settings: GenerationSettings
    ) -> Generation:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending.append((conversation, settings, future))
        if len(self.pending) < batch_size_of(self.backend, 1):
            await asyncio.sleep(GATHER_SECONDS)
        async with self.lock:
            if not future.done():
                await self._flush()
        result: Generation = await future
        return result

    async def _flush(self) -> None:
        batch, self.pending = self.pending, []
        groups: dict[GenerationSettings, list[int]] = {}
        for index, (_, settings, _) in enumerate(batch):
            groups.setdefault(settings, []).append(index)
        for settings, indexes in groups.items():
            conversations = [batch[i][0] for i in indexes]
            try:
                self.calls += 1
                answers = await asyncio.to_thread(self.backend.generate, conversations, settings)
            except Exception as exc:  # hand the failure to every waiting sample
                for i in indexes:
                    batch[i][2].set_exception(exc)
                continue
            for i, answer in zip(indexes, answers, strict=True):
                batch[i][2].set_result(answer)


def register() -> None:
    """Register the ``medeval`` provider with inspect-ai (idempotent; imports inspect lazily)."""
    from inspect_ai.model import (
        ChatMessage,
        GenerateConfig,
        ModelAPI,
        ModelOutput,
        ModelUsage,
        modelapi,
    )
    from inspect_ai.tool import ToolChoice, ToolInfo

    from medeval.backend import GenerationSettings

    class MedevalModelAPI(ModelAPI):  # type: ignore[misc]
        """inspect-ai provider over a model medeval has loaded."""

        def __init__(
            self,
            model_name: str,
            base_url: str | None = None,
            api_key: str | None = None,
            config: GenerateConfig = GenerateConfig(),  # noqa: B008 - inspect's own signature
            **model_args: Any,
        ) -> None:
            super().__init__(
                model_name=model_name, base_url=base_url, api_key=api_key, config=config
            )
            backend = model_args.get("backend")
            if backend is None:
                raise ValueError("the medeval provider needs backend=<a loaded medeval model>")
            self.settings: GenerationSettings = model_args.get("settings") or GenerationSettings()
            self.batcher = _Batcher(backend)

        async def generate(
            self,
            input: list[ChatMessage],
            tools: list[ToolInfo],
            tool_choice: ToolChoice,
            config: GenerateConfig,
        ) -> ModelOutput:
            conversation = [{"role": m.role, "content": m.text} for m in input]
            settings = self.settings
            if config.max_tokens is not None:
                settings = replace(settings, max_new_tokens=config.max_tokens)
            if config.temperature is not None:
                settings = replace(settings, temperature=config.temperature)
            answer = await self.batcher.submit(conversation, settings)
            stop = "max_tokens" if answer.output_tokens >= settings.max_new_tokens else "stop"
            output = ModelOutput.from_content(self.model_name, answer.text, stop_reason=stop)
            output.usage = ModelUsage(
                input_tokens=answer.input_tokens,
                output_tokens=answer.output_tokens,
                total_tokens=answer.input_tokens + answer.output_tokens,
            )
            output.time = answer.latency_s
            return output

        def max_connections(self) -> int:
            return batch_size_of(self.batcher.backend, 1)

    modelapi(name=PROVIDER)(lambda: MedevalModelAPI)


def inspect_model(backend: ChatModel, name: str, settings: GenerationSettings) -> Any:
    """An inspect-ai Model answering with `backend` (one loaded model, never reloaded)."""
    from inspect_ai.model import get_model

    register()
    return get_model(f"{PROVIDER}/{name}", backend=backend, settings=settings, memoize=False)


def local_inspect_model(spec: str, *, batch_size: int, max_new_tokens: int) -> Any:
    """Load a local model (folder, hub id or bundled name) with medeval's HF backend and serve it
    to inspect-ai greedily: the local path of the LLM judges."""
    from medeval.backend import GenerationSettings
    from medeval.models.hf import HFModel

    backend = HFModel(spec, batch_size=batch_size)
    settings = GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0)
    return inspect_model(backend, backend.info.name, settings)
