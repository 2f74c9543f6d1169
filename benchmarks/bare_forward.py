"""medeval's time on single-token multiple choice against a bare forward pass over the same tokens.

When every choice is one token (MedQA's A-D, PubMedQA's yes/no/maybe, MMLU's A-D), one forward
pass over the question scores all its choices, so a forward pass per question is the least any
system can do: the limit of this machine. This script measures, in one process and with the model
already loaded (start-up is not counted on either side):

* medeval: ``medeval.runner.run(RunConfig(...), loaded_model=model)`` with the answer cache off:
  reading the suite's items, tokenisation, the forward passes, scoring, sample records, metrics
  with intervals and results.json (no scorecard.html);
* bare: the same token sequences (each question's context as medeval and lm-eval tokenise it,
  truncated the same way), in the same batches (medeval's chunks of items, longest first,
  ``--batch-size`` sequences per pass, right-padded), each pass a plain ``model(input_ids=...)``
  under ``torch.inference_mode()``, logits of every position as a plain call returns them;
* bare, last position: the same passes with ``logits_to_keep=1`` (what a single-token scorer
  needs), a tighter bound where the model supports it.

The sides alternate ``--repeat`` times (load on a shared machine changes); the medians are
printed, with the wall and CPU time of each and medeval time / bare time, and the load average.

    .venv/bin/python benchmarks/bare_forward.py --suites medqa,pubmedqa,mmlu_medical --limit 40
        [--batch-size 8] [--dtype float32] [--device cpu] [--repeat 3] [--model FOLDER]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def timed(action: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def bare_batches(model: Any, items: list[Any], delimiter: str, chunk: int) -> list[list[int]]:
    """The token sequences medeval feeds the model for single-token items, in its batches."""
    batches: list[list[int]] = []
    for start in range(0, len(items), chunk):
        rows = []
        for item in items[start : start + chunk]:
            pairs = model.encode_pairs([(item.input, delimiter + c) for c in item.choices])
            if any(len(cont) != 1 for _, cont in pairs):
                raise SystemExit(f"{item.id}: a choice is several tokens; not a single-token task")
            rows.append(pairs[0][0][-model.max_length :])
        rows.sort(key=lambda row: -len(row))
        batches += [rows[i : i + model.batch_size] for i in range(0, len(rows), model.batch_size)]
    return batches


def bare_pass(model: Any, batches: list[list[int]], keep_last: bool) -> None:
    import torch

    with torch.inference_mode():
        for batch in batches:
            width = max(len(row) for row in batch)
            input_ids = torch.zeros((len(batch), width), dtype=torch.long)
            for index, row in enumerate(batch):
                input_ids[index, : len(row)] = torch.tensor(row, dtype=torch.long)
            inputs = {"input_ids": input_ids.to(model.device)}
            if keep_last:
                inputs["logits_to_keep"] = 1
            model.model(**inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default="medqa,pubmedqa,mmlu_medical")
    parser.add_argument("--limit", type=int, default=40, help="items per suite (MMLU: subject)")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", help="model folder (default: bundled smollm2-135m)")
    args = parser.parse_args()

    import torch

    from medeval.execute import loglikelihood_work
    from medeval.models.bundled import BUNDLED
    from medeval.models.hf import HFModel
    from medeval.runner import RunConfig, plan, run

    folder = args.model or str(BUNDLED["smollm2-135m"].ensure_converted())
    model = HFModel(folder, dtype=args.dtype, device=args.device, batch_size=args.batch_size)
    load_before = os.getloadavg()
    print(
        f"{Path(folder).name}, {args.dtype}, batch size {args.batch_size}, device {args.device}, "
        f"torch threads {torch.get_num_threads()}, first {args.limit} items per suite "
        "(per MMLU subject), model loaded once (start-up not counted)"
    )
    for suite_name in [s.strip() for s in args.suites.split(",") if s.strip()]:
        config = RunConfig(
            model=folder,
            suites=[suite_name],
            limit=args.limit,
            batch_size=args.batch_size,
            dtype=args.dtype,
            device=args.device,
            data_dir=args.data_dir,
            use_cache=False,
            progress=False,
            render=False,
        )
        suite, items = plan(config).suites[0]
        chunk = loglikelihood_work(suite, model).chunk_size  # type: ignore[arg-type]
        batches = bare_batches(model, items, suite.target_delimiter, chunk)
        tokens = sum(len(row) for batch in batches for row in batch)
        bare_pass(model, batches[:1], keep_last=False)  # warm-up, not counted
        times: dict[str, list[tuple[float, float]]] = {"medeval": [], "bare": [], "last": []}
        with tempfile.TemporaryDirectory(prefix="bare-forward-") as tmp:
            for attempt in range(args.repeat):
                out = Path(tmp) / f"run{attempt}"
                settings = _with_out(config, out)
                times["medeval"].append(timed(lambda c=settings: run(c, loaded_model=model)))
                for side, keep_last in (("bare", False), ("last", True)):
                    times[side].append(
                        timed(lambda b=batches, k=keep_last: bare_pass(model, b, keep_last=k))
                    )
        wall = {side: statistics.median(t[0] for t in runs) for side, runs in times.items()}
        cpu = {side: statistics.median(t[1] for t in runs) for side, runs in times.items()}
        print(f"  {suite_name}: {len(items)} items, {len(batches)} passes, {tokens} tokens")
        for side, label in (
            ("medeval", "medeval run (in process)"),
            ("bare", "bare model(**inputs)"),
            ("last", "bare, logits_to_keep=1"),
        ):
            print(f"    {label:<28}wall {wall[side]:7.2f} s   CPU {cpu[side]:7.2f} s")
        for side, label in (("bare", "bare"), ("last", "bare, last position")):
            print(
                f"    medeval / {label:<20}wall {wall['medeval'] / wall[side]:.2f}x   "
                f"CPU {cpu['medeval'] / cpu[side]:.2f}x"
            )
    load_after = os.getloadavg()
    print(
        "  load average (1, 5, 15 min): before "
        + " ".join(f"{v:.2f}" for v in load_before)
        + ", after "
        + " ".join(f"{v:.2f}" for v in load_after)
        + f" ({os.cpu_count()} CPUs); medians of {args.repeat} alternating repeats"
    )


def _with_out(config: Any, out: Path) -> Any:
    from dataclasses import replace

    return replace(config, out=out)


if __name__ == "__main__":
    main()
