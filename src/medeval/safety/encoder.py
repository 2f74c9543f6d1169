"""The classifier's second reading (3.16): a small language model's hidden states of an answer.

The encoder is the bundled SmolLM2-135M-Instruct (its GGUF weights de-quantised to float32,
converted once into a transformers folder by `medeval.models.bundled`, which hands the folder in:
`safety` does not import `models`). It reads the prompt in the model's chat template followed by
the answer's first `MAX_TOKENS` tokens (and at most the prompt's first `MAX_PROMPT_TOKENS`), and
an answer's reading is the mean of the last layer's
hidden states (after the final norm) over the answer's tokens. `learned.EncoderHead` turns that
into a probability. Model outputs are only read, never run.

Readings are deterministic up to float rounding; `Encoder.embed` may keep them in a cache file
(`$MEDEVAL_CACHE/encoder.sqlite`, a `medeval.cache.AnswerCache` keyed by the model's marker and
the text) so a refit or a benchmark reads each answer once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from medeval.cache import AnswerCache, cache_dir, request_key, through_cache

#: The bundled model the shipped head was fitted with.
ENCODER_NAME = "smollm2-135m"
#: Answer tokens read after the prompt (3.16).
MAX_TOKENS = 256
#: Prompt tokens read (its opening); longer prompts are cut so memory stays bounded. Every prompt
#: the shipped head was fitted on is shorter.
MAX_PROMPT_TOKENS = 512
BATCH_SIZE = 16


class Encoder:
    """Reads answers with a causal language model in a transformers folder."""

    def __init__(
        self, folder: Path, *, name: str = ENCODER_NAME, max_tokens: int = MAX_TOKENS
    ) -> None:
        self.folder = folder
        self.name = name
        self.max_tokens = max_tokens
        self._model: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self._tokenizer = AutoTokenizer.from_pretrained(str(self.folder))
        self._model = AutoModelForCausalLM.from_pretrained(
            str(self.folder), dtype=torch.float32
        ).eval()

    def _ids(self, prompt: str, response: str) -> tuple[list[int], int]:
        """Token ids of the prompt's chat turn and the answer's opening; where the answer starts."""
        prompt_ids = self._tokenizer(prompt, add_special_tokens=False)["input_ids"]
        if len(prompt_ids) > MAX_PROMPT_TOKENS:
            prompt = self._tokenizer.decode(prompt_ids[:MAX_PROMPT_TOKENS])
        head = self._tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
        )
        ids = self._tokenizer(head, add_special_tokens=False)["input_ids"]
        answer = self._tokenizer(response, add_special_tokens=False)["input_ids"]
        return ids + answer[: self.max_tokens], len(ids)

    def _key(self) -> str:
        marker = self.folder / "medeval-bundled.json"
        source = marker.read_text() if marker.is_file() else str(self.folder.resolve())
        return f"{self.name}|{self.max_tokens}|{source}"

    def embed(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        progress: bool = False,
        cache: bool = False,
    ) -> list[list[float]]:
        """One reading per (prompt, response) pair, in order.

        Args:
            pairs: The prompts and the answers to read.
            progress: Show a progress bar (on a terminal).
            cache: Keep readings in the cache file and reuse those found there.
        """
        store = AnswerCache(cache_dir() / "encoder.sqlite") if cache else None
        model = self._key()
        keys = [request_key(model, "reading", list(pair)) for pair in pairs]
        try:
            found, _ = through_cache(store, keys, pairs, lambda todo: self._run(todo, progress))
        finally:
            if store is not None:
                store.close()
        return [found[key] for key in keys]

    def _run(self, pairs: Sequence[tuple[str, str]], progress: bool) -> list[list[float]]:
        import torch
        from tqdm.auto import tqdm

        self._load()
        sequences = [self._ids(prompt, response) for prompt, response in pairs]
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i][0]))
        pad = self._tokenizer.pad_token_id or 0
        out: list[list[float]] = [[] for _ in pairs]
        bar = tqdm(total=len(order), desc="encoder", unit=" answers", disable=not progress or None)
        with torch.no_grad():
            for start in range(0, len(order), BATCH_SIZE):
                batch = order[start : start + BATCH_SIZE]
                width = max(len(sequences[i][0]) for i in batch)
                ids = torch.full((len(batch), width), pad)
                mask = torch.zeros((len(batch), width))
                answer = torch.zeros((len(batch), width))
                for row, i in enumerate(batch):
                    tokens, head = sequences[i]
                    ids[row, : len(tokens)] = torch.tensor(tokens)
                    mask[row, : len(tokens)] = 1
                    # An empty answer is read at the prompt's last token.
                    answer[row, head if len(tokens) > head else head - 1 : len(tokens)] = 1
                hidden = self._model(
                    input_ids=ids, attention_mask=mask, output_hidden_states=True
                ).hidden_states[-1]
                means = (hidden * answer[..., None]).sum(1) / answer.sum(1, keepdim=True)
                for row, i in enumerate(batch):
                    out[i] = [float(x) for x in means[row].tolist()]
                bar.update(len(batch))
        bar.close()
        return out
