"""Batched greedy generation against one-at-a-time generation, SmolLM2-135M on the CPU.

The generative suites (the red-team suite through the inspect-ai provider, panel answers) answer
through ``HFModel.generate``, which left-pads prompts of similar length into batches. This script
loads the bundled model once (float32) and answers the same red-team prompts (the first N of the
built-in set, through the model's chat template, greedy) twice: one prompt at a time
(batch size 1), then in batches of 8. Printed: wall time, answers/s and generated tokens/s of
each, the throughput ratio (target: at least 3x at batch 8) and how many answers are identical.

    .venv/bin/python benchmarks/generation_batching.py [--prompts 8] [--batch-size 8]
        [--max-new-tokens 64] [--model FOLDER] [--threads N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--model", help="model folder (default: bundled smollm2-135m)")
    parser.add_argument(
        "--threads",
        type=int,
        help="torch threads (on a machine shared with other work, 1 "
        "avoids threads waiting for each other at every operation)",
    )
    args = parser.parse_args()

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)

    from medeval.backend import GenerationSettings
    from medeval.models.bundled import BUNDLED
    from medeval.models.hf import HFModel
    from medeval.redteam.prompts import builtin_prompts

    folder = args.model or str(BUNDLED["smollm2-135m"].ensure_converted())
    model = HFModel(folder, dtype="float32", device="cpu", batch_size=args.batch_size)
    conversations = [
        [{"role": "user", "content": p.prompt}] for p in builtin_prompts()[: args.prompts]
    ]
    settings = GenerationSettings(max_new_tokens=args.max_new_tokens)

    model.batch_size = 1
    start = time.perf_counter()
    alone = model.generate(conversations, settings)
    alone_s = time.perf_counter() - start

    model.batch_size = args.batch_size
    start = time.perf_counter()
    together = model.generate(conversations, settings)
    together_s = time.perf_counter() - start

    tokens = sum(g.output_tokens for g in alone)
    same = sum(a.text == b.text for a, b in zip(alone, together, strict=True))
    print(
        f"{Path(folder).name}, {len(conversations)} red-team prompts, greedy, max_new_tokens "
        f"{args.max_new_tokens}, float32, cpu, torch threads {torch.get_num_threads()}"
    )
    for label, seconds, answers in (
        ("one at a time", alone_s, alone),
        (f"batch {args.batch_size}", together_s, together),
    ):
        generated = sum(g.output_tokens for g in answers)
        print(
            f"  {label:14s} {seconds:7.1f} s  {len(answers) / seconds:6.3f} answers/s  "
            f"{generated / seconds:6.1f} tokens/s"
        )
    print(f"  generated tokens  {tokens} (one at a time)")
    print(f"  throughput ratio  {alone_s / together_s:.2f}x (target at least 3x)")
    print(f"  identical answers {same}/{len(alone)}")
    for a, b in zip(alone, together, strict=True):
        if a.text != b.text:
            print(f"    differs: {a.text[:60]!r} vs {b.text[:60]!r}")


if __name__ == "__main__":
    main()
