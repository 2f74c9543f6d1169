"""Multiple choice by generation, for backends that cannot score log-likelihoods.

A served model without prompt log-probabilities (a chat-only endpoint, Ollama) cannot be scored
the lm-eval way. It can still be asked: the question goes out as a chat message with the choice
labels named, the answer is generated greedily, and the first choice label found in the answer is
its prediction. That is a different measurement from log-likelihood accuracy (the model may
answer off-format; its wording, not its probabilities, decides), so it is stored under its own
metric, ``acc_generative``, and never as ``acc``: a gate on ``medqa.acc`` fails closed on such a
run rather than comparing unlike numbers. Answers that name no choice count as wrong and are
counted in ``extra.unparsed``.

The questions are asked and the answers recorded by the one scoring loop
(:func:`medeval.execute.generative_choice_work`); this module holds the suite side: the question
as a chat message, the answer's parse and the metric.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from medeval.errors import ResumeMismatchError
from medeval.stats import proportion
from medeval.types import Item, SuiteResult

if TYPE_CHECKING:
    from medeval.suites.base import MultipleChoiceSuite

METRIC = "acc_generative"
CHOICE_MODE = "generative"
MAX_NEW_TOKENS = 32


def choice_conversation(item: Item) -> list[dict[str, str]]:
    """The chat message asking `item`: the suite's own prompt, preceded by the choice labels."""
    labels = ", ".join(item.choices)
    return [{"role": "user", "content": f"Reply with one of: {labels}.\n\n{item.input}"}]


def parse_choice(text: str, choices: list[str]) -> int | None:
    """Index of the choice label named first in `text` (whole words; one-letter labels must match
    case, so the article 'a' is not choice 'A'); None when no label appears."""
    best: tuple[int, int, int] | None = None  # (position, -length, index)
    for index, label in enumerate(choices):
        label = label.strip()
        if not label:
            continue
        flags = 0 if len(label) == 1 else re.IGNORECASE
        match = re.search(rf"(?<![\w]){re.escape(label)}(?![\w])", text, flags)
        if match is not None:
            key = (match.start(), -len(label), index)
            best = key if best is None or key < best else best
    return None if best is None else best[2]


def is_generative(records: list[dict[str, Any]], path: str) -> bool:
    """Whether a suite's records were scored by generation (all of them), or by log-likelihood."""
    modes = {record.get("choice_mode") == CHOICE_MODE for record in records}
    if len(modes) > 1:
        raise ResumeMismatchError(
            f"{path} mixes log-likelihood and generative multiple-choice records; "
            "use a new --out folder"
        )
    return modes == {True}


def aggregate_generative(
    suite: MultipleChoiceSuite, records: list[dict[str, Any]], n_requested: int
) -> SuiteResult:
    """``acc_generative`` with its Wilson interval, and per-group breakdowns of it."""
    correct = [bool(r["correct"]) for r in records]
    return suite.result(
        records,
        n_requested,
        {METRIC: proportion(sum(correct), len(correct))},
        breakdowns=suite.breakdowns(records),
        extra={
            "choice_mode": CHOICE_MODE,
            "max_new_tokens": MAX_NEW_TOKENS,
            "unparsed": sum(1 for r in records if r.get("prediction") is None),
        },
    )
