"""Mixing sources to their ratios, the safety layer, and the seeded train/val/test split."""

from __future__ import annotations

import math
import random

from medeval.safety.guardrails import DISCLAIMER, SAFETY_SYSTEM_PROMPT
from medeval.trainers.data_config import DataConfig
from medeval.trainers.sources import Sample


def mix_counts(
    available: dict[str, int], ratios: dict[str, float], total: int | None
) -> dict[str, int]:
    """Samples to take from each source.

    With `total`, each source gives ``round(total * ratio)`` or all it has (the card reports the
    shortfall and the ratios achieved). Without it, the largest mix whose ratios are exact: the
    source that runs out first sets the size.
    """
    if total is None:
        feasible = [available[name] / ratio for name, ratio in ratios.items()]
        total = int(math.floor(min(feasible) + 1e-9)) if feasible else 0
    return {name: min(available[name], round(total * ratio)) for name, ratio in ratios.items()}


def mix(samples: list[Sample], config: DataConfig) -> tuple[list[Sample], dict[str, int]]:
    """A seeded random subset of each source, sized by `mix_counts`, in source order."""
    by_source: dict[str, list[Sample]] = {s.name: [] for s in config.sources}
    for sample in samples:
        by_source[sample.source].append(sample)
    wanted = mix_counts(
        {name: len(items) for name, items in by_source.items()},
        {s.name: s.ratio for s in config.sources},
        config.total,
    )
    chosen: list[Sample] = []
    for name, items in by_source.items():
        rng = random.Random(f"{config.seed}-mix-{name}")
        picked = sorted(rng.sample(range(len(items)), wanted[name]))
        chosen.extend(items[i] for i in picked)
    return chosen, wanted


def apply_safety(sample: Sample, *, system_prompt: bool, disclaimer: bool) -> Sample:
    """The safety system prompt first (an existing system message follows it) and the
    educational disclaimer at the end of the answer, each when enabled."""
    messages = [dict(m) for m in sample.messages]
    if system_prompt:
        own = [
            m["content"].removeprefix(SAFETY_SYSTEM_PROMPT).strip()
            for m in messages
            if m["role"] == "system"
        ]
        own = [content for content in own if content]
        messages = [m for m in messages if m["role"] != "system"]
        content = "\n\n".join([SAFETY_SYSTEM_PROMPT, *own])
        messages.insert(0, {"role": "system", "content": content})
    if disclaimer and DISCLAIMER not in messages[-1]["content"]:
        messages[-1]["content"] = f"{messages[-1]['content'].rstrip()}\n\n{DISCLAIMER}"
    return Sample(sample.id, sample.source, messages, sample.origin, sample.meta)


def split(samples: list[Sample], config: DataConfig) -> dict[str, list[Sample]]:
    """Stratified by source: each source's samples are shuffled (seeded) and cut 80/10/10
    (the configured shares), so every split holds every source in the mix's proportions."""
    parts: dict[str, list[Sample]] = {"train": [], "val": [], "test": []}
    sources = list(dict.fromkeys(s.source for s in samples))
    for name in sources:
        items = [s for s in samples if s.source == name]
        random.Random(f"{config.seed}-split-{name}").shuffle(items)
        n_val = round(len(items) * config.split.val)
        n_test = round(len(items) * config.split.test)
        parts["val"].extend(items[:n_val])
        parts["test"].extend(items[n_val : n_val + n_test])
        parts["train"].extend(items[n_val + n_test :])
    for name, items in parts.items():
        random.Random(f"{config.seed}-order-{name}").shuffle(items)
    return parts
