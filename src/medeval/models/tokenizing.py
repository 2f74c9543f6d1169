"""Client-side tokenisation shared by the backends that do not run the model in-process.

The endpoint and vLLM backends must split (context, continuation) pairs and render chat prompts
exactly as the Hugging Face backend does, or their log-likelihoods would not be comparable. Rather
than re-implement those rules, :class:`TokenizerOnly` is an :class:`~medeval.models.hf.HFModel`
that holds a tokenizer and no weights: it inherits ``tok_encode``, ``encode_pair`` and
``render_chat`` unchanged, so there is one implementation of lm-eval's tokenisation in medeval.
"""

from __future__ import annotations

from typing import Any

from medeval.errors import ModelLoadError
from medeval.models.hf import DEFAULT_MAX_LENGTH, HFModel
from medeval.models.resolve import resolve


class TokenizerOnly(HFModel):
    """The tokenisation half of :class:`HFModel`, around an already loaded tokenizer."""

    def __init__(self, tokenizer: Any, max_length: int | None = None) -> None:  # noqa: D107
        # HFModel.__init__ loads weights; this object deliberately never does.
        self.tokenizer = tokenizer
        bos = tokenizer.bos_token_id
        self.prefix_token_id = bos if bos is not None else tokenizer.eos_token_id
        self._bos_text = (
            tokenizer.decode(self.prefix_token_id) if self.prefix_token_id is not None else None
        )
        self.max_length = int(max_length or DEFAULT_MAX_LENGTH)
        self.batch_size = 1


def load_tokenizer(source: str) -> Any:
    """An AutoTokenizer for a model folder, PEFT adapter, bundled name or hub id."""
    import transformers

    resolved = resolve(source)
    folder = resolved.weights
    if resolved.adapter is not None and (resolved.adapter / "tokenizer_config.json").is_file():
        folder = str(resolved.adapter)
    try:
        return transformers.AutoTokenizer.from_pretrained(folder)
    except Exception as exc:
        raise ModelLoadError(
            f"could not load a tokenizer from {folder} ({type(exc).__name__}: {exc})."
        ) from None
