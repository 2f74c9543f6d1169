"""The vLLM backend (``--backend vllm``, extra ``vllm``): one process, one or more GPUs.

vLLM runs the model with paged attention and continuous batching; ``--tensor-parallel-size N``
shards it over N GPUs of the machine. medeval hands it token ids it tokenised itself, with the
Hugging Face backend's rules (:class:`~medeval.models.tokenizing.TokenizerOnly`), so the same
(context, continuation) split and the same chat prompts are scored:

* multiple choice through prompt log-probabilities: each (context + continuation) sequence goes
  in as a ``TokensPrompt`` with ``prompt_logprobs``, and the log-probabilities vLLM reports for
  the continuation's own tokens are summed;
* generation greedy by default, the prompt rendered by the model's chat template;
* a PEFT LoRA adapter (``--model ADAPTER_FOLDER``) is served through vLLM's LoRA support on the
  base weights (``enable_lora``), not merged;
* ``stream`` steps the engine and yields text as it grows, for the latency suite.

vLLM brings its own torch build, so it is never installed in medeval's CI environment; install
it in a separate environment (``pip install 'medeval[vllm]'``).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medeval.errors import ModelLoadError, UsageError
from medeval.models.resolve import check_base, resolve
from medeval.types import ModelInfo

if TYPE_CHECKING:
    from medeval.backend import Generation, GenerationSettings

ADAPTER_NAME = "medeval-adapter"


def _adapter_rank(adapter: Path) -> int:
    path = adapter / "adapter_config.json"
    try:
        config = json.loads(path.read_text())
    except ValueError as exc:
        raise ModelLoadError(f"{path} is not valid JSON ({exc})") from None
    if str(config.get("peft_type", "LORA")).upper() != "LORA":
        raise ModelLoadError(f"{adapter} is a {config.get('peft_type')} adapter; vLLM serves LoRA")
    return int(config.get("r") or 8)


class VLLMModel:
    """A causal LM served in-process by vLLM, scoring multiple choice as the HF backend does."""

    def __init__(
        self,
        model: str,
        *,
        base_model: str | None = None,
        dtype: str = "auto",
        device: str = "auto",
        load_in_4bit: bool = False,
        batch_size: int = 8,
        tensor_parallel_size: int = 1,
        gpu_memory_utilization: float = 0.85,
        max_model_len: int | None = None,
        seed: int = 1234,
        enforce_eager: bool | None = None,
        allow_base_mismatch: bool = False,
        **unused: Any,
    ) -> None:
        if load_in_4bit:
            raise UsageError(
                "--load-in-4bit is bitsandbytes on the hf backend; with vLLM, serve a quantized "
                "checkpoint (AWQ, GPTQ) instead"
            )
        if tensor_parallel_size < 1:
            raise UsageError("--tensor-parallel-size must be at least 1")
        try:
            from vllm import LLM
        except ImportError:
            raise ModelLoadError(
                "--backend vllm needs vLLM: pip install 'medeval[vllm]' (in its own environment: "
                "vLLM brings its own torch)"
            ) from None
        self.resolved = resolve(model, base_model)
        base_check = check_base(self.resolved, allow_mismatch=allow_base_mismatch)
        self.batch_size = max(1, batch_size)
        self.tensor_parallel_size = tensor_parallel_size
        adapter = self.resolved.adapter
        options: dict[str, Any] = {
            "model": self.resolved.weights,
            "dtype": dtype,
            "tensor_parallel_size": tensor_parallel_size,
            "gpu_memory_utilization": gpu_memory_utilization,
            "seed": seed,
        }
        if max_model_len is not None:
            options["max_model_len"] = max_model_len
        if enforce_eager is not None:
            options["enforce_eager"] = enforce_eager
        if adapter is not None:
            options.update(enable_lora=True, max_lora_rank=max(8, _adapter_rank(adapter)))
            if (adapter / "tokenizer_config.json").is_file():
                options["tokenizer"] = str(adapter)
        try:
            self.llm = LLM(**options)
        except Exception as exc:
            raise ModelLoadError(
                f"vLLM could not load {self.resolved.weights} ({type(exc).__name__}: {exc})"
            ) from None
        self.lora_request: Any = None
        if adapter is not None:
            from vllm.lora.request import LoRARequest

            self.lora_request = LoRARequest(ADAPTER_NAME, 1, str(adapter))
        from medeval.models.tokenizing import TokenizerOnly

        config = self.llm.llm_engine.model_config
        self.max_length = int(config.max_model_len)
        self.tokens = TokenizerOnly(self.llm.get_tokenizer(), self.max_length)
        self.dtype = str(config.dtype).removeprefix("torch.")
        from medeval.models.fingerprint import fingerprint

        folders = [Path(self.resolved.weights)] + ([adapter] if adapter else [])
        self.info = ModelInfo(
            name=self.resolved.name,
            path=str(adapter or self.resolved.weights),
            fingerprint=fingerprint(
                [f for f in folders if f.is_dir()],
                {"dtype": self.dtype, "quantization": None, "backend": "vllm"},
            ),
            adapter=str(adapter) if adapter else None,
            base_model=self.resolved.weights if adapter else None,
            dtype=self.dtype,
            backend="vllm",
            base_fingerprint=base_check.fingerprint,
            manifest_base_fingerprint=base_check.expected,
            base_verified=base_check.verified,
        )

    # ------------------------------------------------------------------ scoring

    def loglikelihood_choices(
        self,
        requests: Sequence[tuple[str, Sequence[str]]],
        on_batch: Callable[[int], None] | None = None,
    ) -> list[list[float]]:
        """Summed prompt log-probability of each continuation given its context."""
        from vllm import SamplingParams
        from vllm.inputs import TokensPrompt

        prompts: list[Any] = []
        spans: list[tuple[int, int, int, int]] = []  # request, choice, first scored, end
        for request_index, (context, continuations) in enumerate(requests):
            for choice_index, continuation in enumerate(continuations):
                context_tokens, continuation_tokens = self.tokens.encode_pair(context, continuation)
                whole = (context_tokens + continuation_tokens)[-self.max_length :]
                start = len(whole) - len(continuation_tokens)
                prompts.append(TokensPrompt(prompt_token_ids=whole))
                spans.append((request_index, choice_index, max(1, start), len(whole)))
        params = SamplingParams(max_tokens=1, temperature=0.0, prompt_logprobs=1)
        outputs = self.llm.generate(prompts, params, use_tqdm=False, lora_request=self.lora_request)
        results = [[0.0] * len(continuations) for _, continuations in requests]
        for output, (request_index, choice_index, start, end) in zip(outputs, spans, strict=True):
            ids = list(output.prompt_token_ids)
            values = output.prompt_logprobs
            total = 0.0
            for position in range(start, end):
                total += float(values[position][ids[position]].logprob)
            results[request_index][choice_index] = total
        if on_batch is not None:
            on_batch(len(requests))
        return results

    # ------------------------------------------------------------------ generation

    def _sampling(self, settings: GenerationSettings) -> Any:
        from vllm import SamplingParams

        return SamplingParams(
            max_tokens=settings.max_new_tokens, temperature=settings.temperature, seed=1234
        )

    def _prompt(self, conversation: Sequence[dict[str, str]], settings: GenerationSettings) -> Any:
        from vllm.inputs import TokensPrompt

        text = self.tokens.render_chat(conversation, settings)
        return TokensPrompt(prompt_token_ids=self.tokens.tok_encode(text))

    def generate(
        self,
        conversations: Sequence[Sequence[dict[str, str]]],
        settings: GenerationSettings | None = None,
    ) -> list[Generation]:
        """Answer every conversation in one vLLM call (vLLM schedules the batch itself)."""
        from medeval.backend import Generation, GenerationSettings

        settings = settings or GenerationSettings()
        prompts = [self._prompt(conversation, settings) for conversation in conversations]
        began = time.perf_counter()
        outputs = self.llm.generate(
            prompts, self._sampling(settings), use_tqdm=False, lora_request=self.lora_request
        )
        elapsed = time.perf_counter() - began
        return [
            Generation(
                text=output.outputs[0].text,
                prompt="",
                input_tokens=len(output.prompt_token_ids),
                output_tokens=len(output.outputs[0].token_ids),
                latency_s=elapsed,
            )
            for output in outputs
        ]

    def stream(
        self, conversation: Sequence[dict[str, str]], settings: GenerationSettings
    ) -> Iterator[str]:
        """Yield the answer's new text after every engine step (one token per step)."""
        engine = self.llm.llm_engine
        request_id = f"medeval-{uuid.uuid4().hex}"
        engine.add_request(
            request_id,
            self._prompt(conversation, settings),
            self._sampling(settings),
            lora_request=self.lora_request,
        )
        shown = 0
        while engine.has_unfinished_requests():
            for output in engine.step():
                if getattr(output, "request_id", None) != request_id:
                    continue
                text = output.outputs[0].text
                if len(text) > shown:
                    yield text[shown:]
                    shown = len(text)


if TYPE_CHECKING:  # mypy holds the backend to the one model contract (medeval.backend)
    from medeval.backend import LanguageModel, StreamingModel

    def _satisfies_contract(model: VLLMModel) -> tuple[LanguageModel, StreamingModel]:
        return model, model
