"""Token-by-token generation for the transformers backend (``HFModel.stream``).

Time to first token needs the moment the first new token exists, which a batched ``generate``
cannot tell. Here one conversation is generated in a worker thread with a streamer that receives
every token as transformers produces it; the caller iterates over text pieces as they are
decoded. Greedy decoding gives the same tokens as :meth:`HFModel.generate` on one conversation
(the prompt is rendered and encoded by the same methods), a test holds the two equal.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from medeval.backend import GenerationSettings


class LoadedCausalLM(Protocol):
    """What streaming needs of the transformers backend (its loaded model and tokenizer)."""

    model: Any
    tokenizer: Any
    device: Any

    def render_chat(
        self, messages: Sequence[dict[str, str]], settings: GenerationSettings
    ) -> str: ...

    def tok_encode(self, text: str, add_special_tokens: bool | None = None) -> list[int]: ...


_DONE = object()


class _TokenQueue:
    """A transformers streamer (``put`` / ``end``) that hands new token ids to another thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Any] = queue.Queue()
        self._prompt_seen = False

    def put(self, value: Any) -> None:
        if not self._prompt_seen:  # generate() first puts the whole prompt
            self._prompt_seen = True
            return
        self.queue.put([int(t) for t in value.reshape(-1).tolist()])

    def end(self) -> None:
        self.queue.put(_DONE)


def incremental_text(tokenizer: Any, tokens: list[int], shown: int) -> tuple[str, int]:
    """The text decoded from `tokens` past the first `shown` characters, held back while it ends
    in an incomplete multi-byte character; returns (new text, characters shown now)."""
    text = tokenizer.decode(tokens, skip_special_tokens=True)
    if text.endswith("\ufffd"):
        return "", shown
    return text[shown:], max(shown, len(text))


def stream_generate(
    model: LoadedCausalLM,
    conversation: Sequence[dict[str, str]],
    settings: GenerationSettings,
) -> Iterator[str]:
    """Yield the answer to `conversation` piece by piece as the model produces it."""
    import torch

    prompt = model.render_chat(conversation, settings)
    tokens = model.tok_encode(prompt)
    pad_id = model.tokenizer.pad_token_id
    if pad_id is None:
        pad_id = model.tokenizer.eos_token_id
    sampling: dict[str, Any] = {"do_sample": False}
    if settings.temperature > 0:
        sampling = {"do_sample": True, "temperature": settings.temperature}
    streamer = _TokenQueue()
    failure: list[BaseException] = []

    def work() -> None:
        device = model.device
        try:
            with torch.inference_mode():
                model.model.generate(
                    input_ids=torch.tensor([tokens], dtype=torch.long, device=device),
                    attention_mask=torch.ones((1, len(tokens)), dtype=torch.long, device=device),
                    max_new_tokens=settings.max_new_tokens,
                    pad_token_id=int(pad_id),
                    streamer=streamer,
                    **sampling,
                )
        except BaseException as exc:  # re-raised in the consumer's thread
            failure.append(exc)
        finally:
            streamer.end()

    thread = threading.Thread(target=work, name="medeval-stream", daemon=True)
    thread.start()
    generated: list[int] = []
    shown = 0
    while True:
        piece = streamer.queue.get()
        if piece is _DONE:
            break
        generated.extend(piece)
        text, shown = incremental_text(model.tokenizer, generated, shown)
        if text:
            yield text
    thread.join()
    if failure:
        raise failure[0]
