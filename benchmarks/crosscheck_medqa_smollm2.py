"""medeval against lm-eval's own HF backend: SmolLM2-135M, the first 100 MedQA items, float32.

Each side runs in its own fresh process, one after the other, so a wall time includes Python
start-up, imports, model loading and data reading, and a peak memory (ru_maxrss of that process
alone, from os.wait4) belongs to one system:

* medeval: ``medeval run --model FOLDER --suites medqa --limit N --no-cache --batch-size B
  --dtype float32 --device D``; the per-choice log-likelihoods and predictions are read back from
  the run directory's samples/medqa.jsonl.
* lm-eval: ``lm_eval.simple_evaluate`` with ``lm_eval.models.huggingface.HFLM`` on lm-eval's stock
  ``medqa_4options`` task over the same MedQA file converted to the hub layout (the reference side
  of tests/integration/test_lm_eval_crosscheck.py: tests/integration/lm_eval_reference.py). The
  conversion is done before timing starts.

Both read the same converted transformers folder of the bundled model (medeval's cache,
``medeval.models.bundled``), whose files are read once before timing so that neither side pays
for a cold disk. Printed: prompt identity, per-item agreement of the acc and acc_norm predictions,
the largest per-choice log-likelihood difference, both accuracies, wall times, items/s, the ratio
lm-eval time / medeval time and both peak RSS values. Exits 1 when the two disagree beyond the
cross-check's tolerance (1e-4, with near ties excused).

    .venv/bin/python benchmarks/crosscheck_medqa_smollm2.py [--limit 100] [--batch-size 8]
        [--device cpu] [--data-dir ../shared/data] [--model FOLDER]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

import lm_eval_reference as reference  # noqa: E402

TOLERANCE = 1e-4


@dataclass(frozen=True)
class Timed:
    """One side's process: how long it took and how much memory it peaked at."""

    wall_s: float
    max_rss_mib: float
    returncode: int
    output: str


def run_timed(command: list[str], log: Path) -> Timed:
    """Run `command` in a fresh process; wall time and that process's own ru_maxrss."""
    with log.open("w") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Timed(wall, usage.ru_maxrss / 1024, process.returncode, log.read_text(errors="replace"))


def warm_files(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 24):
                    pass


# ---------------------------------------------------------------- the lm-eval side (child process)


def reference_side(args: argparse.Namespace) -> None:
    spec = reference.StockTask.from_json(Path(args.reference_side).read_text())
    lm = reference.load_lm(args.model, batch_size=args.batch_size, device=args.device)
    result = reference.evaluate(
        lm, [spec], limit=args.limit, cache_dir=Path(args.result).parent / "hf-datasets"
    )[spec.label]
    Path(args.result).write_text(
        json.dumps({"samples": [asdict(s) for s in result.samples], "metrics": result.metrics})
    )


# ---------------------------------------------------------------- comparison


def compare(
    medeval_records: list[dict[str, Any]], lm_eval_samples: list[dict[str, Any]]
) -> dict[str, Any]:
    """Item-by-item agreement of the two sides (lm-eval's predictions as lm-eval computes them)."""
    if len(medeval_records) != len(lm_eval_samples):
        raise SystemExit(
            f"medeval scored {len(medeval_records)} items, lm-eval {len(lm_eval_samples)}"
        )
    same_prompt = same_acc = same_norm = 0
    excused: list[str] = []
    max_diff = 0.0
    predicted: set[int] = set()
    problems: list[str] = []
    for record, raw in zip(medeval_records, lm_eval_samples, strict=True):
        sample = reference.ReferenceSample(**raw)
        same_prompt += sample.context == record["input"]
        if sample.continuations != [" " + c for c in record["choices"]]:
            problems.append(f"{record['item_id']}: continuations {sample.continuations}")
        if sample.target != record["target"]:
            problems.append(f"{record['item_id']}: target {sample.target} vs {record['target']}")
        ours = [float(v) for v in record["choice_loglikelihoods"]]
        diff = max(abs(a - b) for a, b in zip(ours, sample.loglikelihoods, strict=True))
        max_diff = max(max_diff, diff)
        pred, pred_norm = reference.predictions(sample)
        predicted.add(pred)
        same_acc += record["prediction"] == pred
        same_norm += record["prediction_norm"] == pred_norm
        lengths = [float(len(c)) for c in record["choices"]]
        normalised = [ll / k for ll, k in zip(sample.loglikelihoods, lengths, strict=True)]
        for ours_pred, theirs_pred, scores in (
            (record["prediction"], pred, sample.loglikelihoods),
            (record["prediction_norm"], pred_norm, normalised),
        ):
            if ours_pred == theirs_pred:
                continue
            top = sorted(scores, reverse=True)
            if top[0] - top[1] <= TOLERANCE:
                excused.append(record["item_id"])
            else:
                problems.append(f"{record['item_id']}: prediction {ours_pred} vs {theirs_pred}")
    n = len(medeval_records)
    return {
        "n": n,
        "same_prompt": same_prompt,
        "same_acc": same_acc,
        "same_norm": same_norm,
        "excused": excused,
        "max_diff": max_diff,
        "predicted": sorted(predicted),
        "problems": problems,
        "ok": not problems and same_prompt == n and max_diff <= TOLERANCE,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", help="converted model folder (default: bundled smollm2-135m)")
    parser.add_argument("--reference-side", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_side:
        reference_side(args)
        return

    import datasets

    if args.model:
        folder = Path(args.model)
    else:
        from medeval.models.bundled import BUNDLED

        folder = BUNDLED["smollm2-135m"].ensure_converted()
    medeval = Path(sys.executable).with_name("medeval")
    medeval_command = [str(medeval)] if medeval.is_file() else [sys.executable, "-m", "medeval"]
    with tempfile.TemporaryDirectory(prefix="crosscheck-") as tmp:
        work = Path(tmp)
        datasets.disable_progress_bars()
        spec = reference.stock_task("medqa", args.data_dir, work)
        (work / "spec.json").write_text(spec.to_json())
        warm_files(folder)
        common = ["--batch-size", str(args.batch_size), "--device", args.device]
        medeval_run = run_timed(
            medeval_command
            + ["run", "--model", str(folder), "--suites", "medqa", "--limit", str(args.limit)]
            + ["--no-cache", "--dtype", "float32", "--data-dir", str(args.data_dir)]
            + ["--out", str(work / "medeval-run"), *common],
            work / "medeval.log",
        )
        lm_eval_run = run_timed(
            [sys.executable, __file__, "--reference-side", str(work / "spec.json")]
            + ["--model", str(folder), "--limit", str(args.limit), *common]
            + ["--result", str(work / "lm_eval.json")],
            work / "lm_eval.log",
        )
        for name, timed in (("medeval", medeval_run), ("lm-eval", lm_eval_run)):
            if timed.returncode != 0:
                print(timed.output[-4000:])
                raise SystemExit(f"the {name} side failed (exit {timed.returncode})")
        samples_path = work / "medeval-run" / "samples" / "medqa.jsonl"
        records = [json.loads(line) for line in samples_path.read_text().splitlines()]
        ours = json.loads((work / "medeval-run" / "results.json").read_text())
        theirs = json.loads((work / "lm_eval.json").read_text())

    found = compare(records, theirs["samples"])
    n = found["n"]
    acc_medeval = ours["suites"]["medqa"]["metrics"]["acc"]["value"]
    print(
        f"crosscheck: {folder.name}, MedQA first {n} items, float32, batch size "
        f"{args.batch_size}, device {args.device}, torch threads {_threads()}"
    )
    print(f"  prompts identical          {found['same_prompt']}/{n}")
    print(
        f"  acc predictions identical  {found['same_acc']}/{n} ({100 * found['same_acc'] / n:.1f}%)"
    )
    print(
        f"  acc_norm preds identical   {found['same_norm']}/{n} "
        f"({100 * found['same_norm'] / n:.1f}%)"
    )
    print(f"  near ties excused          {found['excused'] or 'none'}")
    print(f"  distinct predictions       {found['predicted']} (lm-eval's acc choices)")
    if len(found["predicted"]) < 2:
        print("    note: the model gives one answer to every item, so prediction agreement is")
        print("    trivial here; the per-choice log-likelihoods carry the comparison")
    print(f"  max |loglik diff|          {found['max_diff']:.3e} (tolerance {TOLERANCE:g})")
    print(
        f"  accuracy                   medeval {acc_medeval:.4f}  "
        f"lm-eval {theirs['metrics']['acc']:.4f}"
    )
    print(
        f"  wall time (process)        medeval {medeval_run.wall_s:.1f} s  "
        f"lm-eval {lm_eval_run.wall_s:.1f} s"
    )
    print(
        f"  items/s                    medeval {n / medeval_run.wall_s:.3f}  "
        f"lm-eval {n / lm_eval_run.wall_s:.3f}"
    )
    print(f"  ratio lm-eval / medeval    {lm_eval_run.wall_s / medeval_run.wall_s:.2f}x")
    print(
        f"  peak RSS (ru_maxrss)       medeval {medeval_run.max_rss_mib:.0f} MiB  "
        f"lm-eval {lm_eval_run.max_rss_mib:.0f} MiB"
    )
    for problem in found["problems"][:10]:
        print(f"  PROBLEM {problem}")
    print("  verdict                    " + ("agree" if found["ok"] else "DISAGREE"))
    if not found["ok"]:
        raise SystemExit(1)


def _threads() -> int:
    import torch

    return int(torch.get_num_threads())


if __name__ == "__main__":
    main()
