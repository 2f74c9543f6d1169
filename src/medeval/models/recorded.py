"""A finished run re-runs without its model: nothing is left to score, so nothing is loaded.

Re-running `medeval run` on a run directory whose every requested item is already recorded only
re-reads the records, pools them again and renders the scorecard. Loading the weights for that
would take most of the time, so the runner asks :func:`recorded_model` first: when every suite's
samples file holds every requested item and the model's files still hash to the fingerprint in
results.json, it gets a stand-in carrying the recorded model description, which refuses to
answer anything. Anything else (a pending item, changed files, another backend) returns None and
the model is loaded as usual, so resume and its mismatch errors behave exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from medeval.backend import ChoiceRequest, Generation, GenerationSettings
from medeval.models.resolve import resolve, weights_fingerprint
from medeval.store import RunDir
from medeval.types import Item, ModelInfo


class RecordedModel:
    """The model of a finished run as results.json describes it; it answers nothing."""

    batch_size = 1

    def __init__(self, info: ModelInfo) -> None:
        self.info = info

    def loglikelihood_choices(
        self,
        requests: Sequence[ChoiceRequest],
        on_batch: Callable[[int], None] | None = None,
    ) -> list[list[float]]:
        raise RuntimeError("a finished run has nothing left to score; the model was not loaded")

    def generate(
        self,
        conversations: Sequence[Sequence[dict[str, str]]],
        settings: GenerationSettings | None = None,
    ) -> list[Generation]:
        raise RuntimeError("a finished run has nothing left to answer; the model was not loaded")


def recorded_model(
    existing: dict[str, Any],
    model: str,
    base_model: str | None,
    planned: Sequence[tuple[str, Sequence[Item]]],
    run_dir: RunDir,
) -> RecordedModel | None:
    """A stand-in for the model when the run in `run_dir` is finished and its model unchanged.

    `planned` lists (samples name, items) for every samples file the run writes.
    """
    try:
        info = ModelInfo.model_validate(existing.get("model", {}))
    except ValueError:
        return None
    if info.backend != "hf":
        return None
    for name, items in planned:
        done = {record.get("item_id") for record in run_dir.read_samples(name)}
        if any(item.id not in done for item in items):
            return None
    try:
        resolved = resolve(model, base_model)
        current = weights_fingerprint(
            resolved.source, resolved.adapter, info.dtype, info.quantization
        )
    except Exception:  # unreadable or remote model: load it and let loading explain
        return None
    return RecordedModel(info) if current == info.fingerprint else None


if TYPE_CHECKING:  # mypy holds the backend to the one model contract (medeval.backend)
    from medeval.backend import LanguageModel

    def _satisfies_contract(model: RecordedModel) -> LanguageModel:
        return model
