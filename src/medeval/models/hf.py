"""The Hugging Face transformers backend: local folders, hub ids, PEFT adapters, 4-bit, GGUF.

Log-likelihood scoring follows lm-eval 0.4.x's HF backend token for token, so per-item predictions
agree with lm-eval: the same tokenisation of (context, continuation) pairs (trailing context spaces
move to the continuation; the continuation is the tail of the jointly encoded text), the same
left truncation to the model's maximum length, right padding without an attention mask (a causal
model never looks right, so padding cannot change a real position), and a log-softmax over the
vocabulary for each scored position. What differs is cost: when every choice is one token, one
forward pass serves all choices; only the positions that are scored go through the output layer
and the softmax (``logits_to_keep``), instead of every position of every sequence; a token prefix
shared by a few sequences (a question before each of its multi-token choices) appears once in one
packed sequence followed by each choice (``medeval.models.packing``: a 4D attention mask and
position ids keep the choices apart), and a prefix shared by many (a subject's few-shot examples)
goes through the model once and the sequences continue from its key/value cache
(``medeval.models.prefix`` plans which sequences share what); and texts are tokenised in batches.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medeval.backend import ChoiceRequest, Generation, GenerationSettings
from medeval.errors import ModelLoadError
from medeval.models.packing import (
    MAX_PACKED_TOKENS,
    pack,
    packed_length,
    packing_works,
    score_packed,
)
from medeval.models.prefix import plan_shared_prefixes
from medeval.models.resolve import check_base, resolve, weights_fingerprint
from medeval.types import ModelInfo

DTYPES = ("auto", "float32", "float64", "bfloat16", "float16")
DEVICES = ("auto", "cpu", "cuda")
DEFAULT_MAX_LENGTH = 2048
TOKENIZER_INFINITY = 1000000000000000019884624838656


class HFModel:
    """A causal LM loaded with transformers, scoring multiple choice as lm-eval's HF backend."""

    def __init__(
        self,
        model: str,
        *,
        base_model: str | None = None,
        dtype: str = "auto",
        device: str = "auto",
        load_in_4bit: bool = False,
        batch_size: int = 8,
        allow_base_mismatch: bool = False,
    ) -> None:
        if dtype not in DTYPES:
            raise ModelLoadError(f"--dtype must be one of {', '.join(DTYPES)}, not '{dtype}'.")
        if device not in DEVICES:
            raise ModelLoadError(f"--device must be one of {', '.join(DEVICES)}, not '{device}'.")
        self.resolved = resolve(model, base_model)
        # Before any weights are loaded: a wrong base fails in seconds, not after the load.
        self.base_check = check_base(self.resolved, allow_mismatch=allow_base_mismatch)
        self.batch_size = max(1, batch_size)
        self.requested_dtype = dtype
        self.load_in_4bit = load_in_4bit
        self._load(device)

    # ------------------------------------------------------------------ loading

    def _load(self, device: str) -> None:
        import torch
        import transformers

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda" and not torch.cuda.is_available():
            raise ModelLoadError("--device cuda was asked for, but no CUDA device is available.")
        self.device = torch.device(device)
        weights = self.resolved.weights
        kwargs: dict[str, Any] = {
            "dtype": "auto"
            if self.requested_dtype == "auto"
            else getattr(torch, self.requested_dtype)
        }
        if self.load_in_4bit:
            compute = (
                torch.float32
                if self.requested_dtype in ("auto", "float32")
                else getattr(torch, self.requested_dtype)
            )
            kwargs["quantization_config"] = transformers.BitsAndBytesConfig(
                load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=compute
            )
            kwargs["device_map"] = {"": str(self.device)}
        try:
            tokenizer_source = weights
            if (
                self.resolved.adapter is not None
                and (self.resolved.adapter / "tokenizer_config.json").is_file()
            ):
                tokenizer_source = str(self.resolved.adapter)
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(tokenizer_source)
            model = transformers.AutoModelForCausalLM.from_pretrained(weights, **kwargs)
            if self.resolved.adapter is not None:
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, str(self.resolved.adapter))
        except ModelLoadError:
            raise
        except Exception as exc:
            where = self.resolved.adapter or weights
            raise ModelLoadError(
                f"the model at {where} failed to load: {type(exc).__name__}: {exc}. Check that "
                "the folder holds a complete transformers causal-LM checkpoint (config.json, "
                "tokenizer files and weights) and that --dtype/--load-in-4bit suit it."
            ) from None
        if not self.load_in_4bit:
            model = model.to(self.device)
        model.eval()
        self.model = model
        self.dtype = str(next(model.parameters()).dtype).removeprefix("torch.")
        if self.load_in_4bit:
            self.dtype = str(kwargs["quantization_config"].bnb_4bit_compute_dtype).removeprefix(
                "torch."
            )
        base = model.get_base_model() if self.resolved.adapter is not None else model
        self._keeps_logits = "logits_to_keep" in inspect.signature(base.forward).parameters
        self._reuses_prefix = _can_reuse_prefix(base.config)
        self._packs: bool | None = None  # whether packing works: probed on first use
        self.max_length = self._max_length(base.config)
        bos = self.tokenizer.bos_token_id
        self.prefix_token_id = bos if bos is not None else self.tokenizer.eos_token_id
        self._bos_text = (
            self.tokenizer.decode(self.prefix_token_id)
            if self.prefix_token_id is not None
            else None
        )
        quantization = "bnb-nf4" if self.load_in_4bit else None
        self.info = ModelInfo(
            name=self.resolved.name,
            path=str(self.resolved.adapter or self.resolved.source),
            fingerprint=weights_fingerprint(
                self.resolved.source, self.resolved.adapter, self.dtype, quantization
            ),
            adapter=str(self.resolved.adapter) if self.resolved.adapter else None,
            base_model=str(self.resolved.source) if self.resolved.adapter else None,
            dtype=self.dtype,
            quantization=quantization,
            backend="hf",
            base_fingerprint=self.base_check.fingerprint,
            manifest_base_fingerprint=self.base_check.expected,
            base_verified=self.base_check.verified,
        )

    def _max_length(self, config: Any) -> int:
        text_config = getattr(config, "text_config", None)
        for source in (text_config, config):
            if source is None:
                continue
            for attr in ("n_positions", "max_position_embeddings", "n_ctx"):
                value = getattr(source, attr, None)
                if value:
                    return int(value)
        model_max = getattr(self.tokenizer, "model_max_length", None)
        if model_max and model_max != TOKENIZER_INFINITY:
            return int(model_max)
        return DEFAULT_MAX_LENGTH

    # ------------------------------------------------------------------ tokenisation

    def tok_encode(self, text: str, add_special_tokens: bool | None = None) -> list[int]:
        """Encode as lm-eval does: the tokenizer's special tokens, unless text starts with BOS."""
        if add_special_tokens is None:
            add_special_tokens = not (self._bos_text and text.startswith(self._bos_text))
        return list(self.tokenizer.encode(text, add_special_tokens=add_special_tokens))

    def encode_pair(self, context: str, continuation: str) -> tuple[list[int], list[int]]:
        """(context tokens, continuation tokens) exactly as lm-eval splits a request."""
        return self.encode_pairs([(context, continuation)])[0]

    def encode_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
        """`encode_pair` for many pairs, each distinct text encoded once, in batches."""
        # (text, plain): plain texts (the continuation of an empty context) are encoded without
        # special tokens, the others as `tok_encode` encodes them.
        texts: dict[tuple[str, bool], list[int]] = {}
        plans: list[tuple[str, str] | None] = []
        for context, continuation in pairs:
            if not context:
                texts[(continuation, True)] = []
                plans.append(None)
                continue
            spaces = len(context) - len(context.rstrip())
            if spaces:
                continuation = context[-spaces:] + continuation
                context = context[:-spaces]
            texts[(context, False)] = []
            texts[(context + continuation, False)] = []
            plans.append((context, context + continuation))
        self._encode_into(texts)
        encoded: list[tuple[list[int], list[int]]] = []
        for (_, continuation), plan in zip(pairs, plans, strict=True):
            if plan is None:
                # lm-eval: BOS (or EOS) stands in for the empty context, unless the continuation
                # itself starts with that token, which then becomes the context.
                tokens = texts[(continuation, True)]
                if tokens and tokens[0] == self.prefix_token_id:
                    encoded.append((tokens[:1], tokens[1:]))
                else:
                    encoded.append(([int(self.prefix_token_id)], tokens))
                continue
            context_tokens = texts[(plan[0], False)]
            encoded.append((context_tokens, texts[(plan[1], False)][len(context_tokens) :]))
        return encoded

    def _encode_into(self, texts: dict[tuple[str, bool], list[int]]) -> None:
        """Fill in the token ids of every (text, plain) key, one tokenizer call per batch."""
        by_flag: dict[bool, list[tuple[str, bool]]] = {}
        for text, plain in texts:
            flag = False if plain else not (self._bos_text and text.startswith(self._bos_text))
            by_flag.setdefault(flag, []).append((text, plain))
        for flag, keys in by_flag.items():
            for start in range(0, len(keys), 512):
                chunk = keys[start : start + 512]
                ids = self.tokenizer([text for text, _ in chunk], add_special_tokens=flag)
                for key, tokens in zip(chunk, ids["input_ids"], strict=True):
                    texts[key] = [int(t) for t in tokens]

    # ------------------------------------------------------------------ scoring

    def loglikelihood_choices(
        self,
        requests: Sequence[ChoiceRequest],
        on_batch: Callable[[int], None] | None = None,
    ) -> list[list[float]]:
        """Summed log-probability of each continuation given its context, per request.

        Sequences that share a long token prefix compute it once: a few sequences (a question
        before each of its multi-token choices) in one packed sequence, many (a few-shot
        prompt's examples) from one key/value cache; the rest are batched by length so little is
        padded.
        """
        rows = self._rows(requests)
        results = [[0.0] * len(continuations) for _, continuations in requests]
        groups = (
            plan_shared_prefixes([row.tokens for row in rows], [row.first_scored for row in rows])
            if self._reuses_prefix
            else []
        )
        grouped = {index for group in groups for index in group.members}
        work: list[tuple[int, list[_Row]]] = [
            (0, [row for index, row in enumerate(rows) if index not in grouped])
        ]
        packable = []
        for group in groups:
            members = [rows[i] for i in group.members]
            if packed_length(group.length, members) <= min(MAX_PACKED_TOKENS, self.max_length):
                packable.append((group.length, members))
            else:
                work.append((group.length, members))
        if packable and self._packing():
            self._score_packed(packable, results, on_batch)
        else:
            work += packable
        for prefix_length, members in work:
            members.sort(key=lambda row: -len(row.tokens))
            cache = None
            if prefix_length:
                cache = self._prefix_cache(members[0].tokens[:prefix_length])
                if cache is None:  # the model returned no key/value cache: score in full
                    prefix_length = 0
            for start in range(0, len(members), self.batch_size):
                batch = members[start : start + self.batch_size]
                for (request_index, choice_index), value in self._score_batch(
                    batch, prefix_length, cache
                ):
                    results[request_index][choice_index] = value
                if on_batch is not None:
                    on_batch(len(batch))
        return results

    def _packing(self) -> bool:
        if self._packs is None:
            self._packs = packing_works(self.model, self.device)
        return self._packs

    def _score_packed(
        self,
        groups: list[tuple[int, list[_Row]]],
        results: list[list[float]],
        on_batch: Callable[[int], None] | None,
    ) -> None:
        """Score groups as packed sequences, `batch_size` of similar length per forward pass."""
        sequences = sorted(
            (pack(length, members) for length, members in groups), key=lambda p: -len(p.tokens)
        )
        for start in range(0, len(sequences), self.batch_size):
            batch = sequences[start : start + self.batch_size]
            for (request_index, choice_index), value in score_packed(
                self.model, batch, self.device
            ):
                results[request_index][choice_index] = value
            if on_batch is not None:
                on_batch(sum(len(packed.targets) for packed in batch))

    def _rows(self, requests: Sequence[ChoiceRequest]) -> list[_Row]:
        """The forward-pass sequences for `requests`: one per question when every choice is a
        single token after the same context (one pass scores all choices), else one per choice,
        truncated on the left to the model's length as lm-eval truncates."""
        encoded = iter(
            self.encode_pairs(
                [(context, c) for context, continuations in requests for c in continuations]
            )
        )
        rows: list[_Row] = []
        for request_index, (_, continuations) in enumerate(requests):
            pairs = [next(encoded) for _ in continuations]
            if all(len(cont) == 1 for _, cont in pairs) and len({tuple(c) for c, _ in pairs}) == 1:
                tokens = pairs[0][0][-self.max_length :]
                targets = [
                    (request_index, i, [len(tokens) - 1], cont) for i, (_, cont) in enumerate(pairs)
                ]
                rows.append(_Row(tokens, targets))
                continue
            for choice_index, (context_tokens, cont) in enumerate(pairs):
                tokens = (context_tokens + cont)[-(self.max_length + 1) :][:-1]
                start = len(tokens) - len(cont)
                positions = list(range(start, len(tokens)))
                rows.append(_Row(tokens, [(request_index, choice_index, positions, cont)]))
        return rows

    def _prefix_cache(self, tokens: list[int]) -> Any:
        """Keys and values of a shared prefix, one per layer, for a batch of one."""
        import torch

        input_ids = torch.tensor([tokens], dtype=torch.long, device=self.device)
        with torch.inference_mode():
            kwargs: dict[str, Any] = {"use_cache": True}
            if self._keeps_logits:
                kwargs["logits_to_keep"] = 1
            past = self.model(input_ids=input_ids, **kwargs).past_key_values
        if past is None:
            return None
        legacy = past.to_legacy_cache() if hasattr(past, "to_legacy_cache") else past
        return [(keys, values) for keys, values in legacy]

    def _score_batch(
        self, batch: list[_Row], prefix_length: int = 0, prefix: Any = None
    ) -> list[tuple[tuple[int, int], float]]:
        """Score one batch of rows; with a prefix cache, only the tokens after the prefix go
        through the model (positions count from the prefix's end)."""
        import torch
        import torch.nn.functional as F

        width = max(len(row.tokens) for row in batch) - prefix_length
        pad = 0
        input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
        for index, row in enumerate(batch):
            suffix = row.tokens[prefix_length:]
            input_ids[index, : len(suffix)] = torch.tensor(suffix, dtype=torch.long)
        input_ids = input_ids.to(self.device)
        needed = sorted(
            {p - prefix_length for row in batch for target in row.targets for p in target[2]}
        )
        kwargs: dict[str, Any] = {}
        if prefix is not None:
            from transformers import DynamicCache

            size = len(batch)
            kwargs["past_key_values"] = DynamicCache.from_legacy_cache(
                tuple((k.expand(size, -1, -1, -1), v.expand(size, -1, -1, -1)) for k, v in prefix)
            )
            kwargs["use_cache"] = True
        with torch.inference_mode():
            if self._keeps_logits:
                keep = torch.tensor(needed, dtype=torch.long, device=self.device)
                logits = self.model(input_ids=input_ids, logits_to_keep=keep, **kwargs).logits
                column = {position: i for i, position in enumerate(needed)}
            else:
                logits = self.model(input_ids=input_ids, **kwargs).logits
                column = {position: position for position in needed}
            # In the model's dtype, as lm-eval's HF backend does, so half-precision runs agree.
            log_probs = F.log_softmax(logits, dim=-1)
        scored = []
        for index, row in enumerate(batch):
            for request_index, choice_index, positions, cont in row.targets:
                columns = torch.tensor(
                    [column[p - prefix_length] for p in positions], device=log_probs.device
                )
                picked = log_probs[index, columns].gather(
                    -1, torch.tensor(cont, device=log_probs.device).unsqueeze(-1)
                )
                scored.append(((request_index, choice_index), float(picked.sum())))
        return scored

    # ------------------------------------------------------------------ generation

    def render_chat(self, messages: Sequence[dict[str, str]], settings: GenerationSettings) -> str:
        """The prompt text for a conversation: the model's chat template when it has one."""
        turns = list(messages)
        if settings.system_prompt:
            turns = [{"role": "system", "content": settings.system_prompt}, *turns]
        if settings.use_chat_template and getattr(self.tokenizer, "chat_template", None):
            return str(
                self.tokenizer.apply_chat_template(
                    turns, tokenize=False, add_generation_prompt=True
                )
            )
        return "\n\n".join(turn["content"] for turn in turns) + "\n\n"

    def generate(
        self,
        conversations: Sequence[Sequence[dict[str, str]]],
        settings: GenerationSettings | None = None,
    ) -> list[Generation]:
        """Answer each conversation (a list of {role, content} turns); batched, greedy by default.

        Prompts are left-padded into batches of similar length; with greedy decoding each answer
        is the one the model gives alone (a test holds batched and single answers identical).
        """
        import torch

        settings = settings or GenerationSettings()
        prompts = [self.render_chat(conversation, settings) for conversation in conversations]
        encoded = [self.tok_encode(prompt) for prompt in prompts]
        order = sorted(range(len(prompts)), key=lambda i: -len(encoded[i]))
        pad_id = self.tokenizer.pad_token_id
        if pad_id is None:
            pad_id = self.tokenizer.eos_token_id
        outputs: list[Generation | None] = [None] * len(prompts)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(encoded[i]) for i in batch)
            input_ids = torch.full((len(batch), width), int(pad_id), dtype=torch.long)
            attention = torch.zeros((len(batch), width), dtype=torch.long)
            for row, index in enumerate(batch):
                tokens = encoded[index]
                input_ids[row, width - len(tokens) :] = torch.tensor(tokens, dtype=torch.long)
                attention[row, width - len(tokens) :] = 1
            sampling: dict[str, Any] = {"do_sample": False}
            if settings.temperature > 0:
                sampling = {"do_sample": True, "temperature": settings.temperature}
            began = time.perf_counter()
            with torch.inference_mode():
                generated = self.model.generate(
                    input_ids=input_ids.to(self.device),
                    attention_mask=attention.to(self.device),
                    max_new_tokens=settings.max_new_tokens,
                    pad_token_id=int(pad_id),
                    **sampling,
                )
            elapsed = time.perf_counter() - began
            for row, index in enumerate(batch):
                new_tokens = [int(t) for t in generated[row, width:].tolist()]
                while new_tokens and new_tokens[-1] == pad_id:
                    new_tokens.pop()
                text = self.tokenizer.decode(new_tokens, skip_special_tokens=True)
                outputs[index] = Generation(
                    text=text,
                    prompt=prompts[index],
                    input_tokens=len(encoded[index]),
                    output_tokens=len(new_tokens),
                    latency_s=elapsed,
                )
        return [output for output in outputs if output is not None]

    def stream(
        self, conversation: Sequence[dict[str, str]], settings: GenerationSettings
    ) -> Iterator[str]:
        """Yield the answer to `conversation` piece by piece (a streamer thread feeds it)."""
        from medeval.models.hf_stream import stream_generate

        return stream_generate(self, conversation, settings)


def _can_reuse_prefix(config: Any) -> bool:
    """Whether a prefix's key/value cache can be continued exactly: plain full attention only
    (no sliding window, which a cache built outside the model would not honour)."""
    text_config = getattr(config, "text_config", None) or config
    if getattr(text_config, "sliding_window", None) and getattr(
        text_config, "use_sliding_window", True
    ):
        return False
    return not getattr(config, "is_encoder_decoder", False)


@dataclass
class _Row:
    """One forward-pass sequence and the (request, choice, positions, tokens) it scores."""

    tokens: list[int]
    targets: list[tuple[int, int, list[int], list[int]]]

    @property
    def first_scored(self) -> int:
        """The first position whose logits are scored (a shared prefix must end at or before
        it, so that position goes through the model with this row)."""
        return min(target[2][0] for target in self.targets if target[2])


if TYPE_CHECKING:  # mypy holds the backend to the one model contract (medeval.backend)
    from medeval.backend import LanguageModel, StreamingModel

    def _satisfies_contract(model: HFModel) -> tuple[LanguageModel, StreamingModel]:
        return model, model
