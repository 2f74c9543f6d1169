"""medeval against lm-eval's own HF backend on multiple choice: SmolLM2-135M, float32, CPU.

Each side runs in its own fresh process, one after the other, so a wall time includes Python
start-up, imports, model loading and data reading, and a peak memory (ru_maxrss of that process
alone, from os.wait4) belongs to one system:

* medeval: ``medeval run --model FOLDER --suites S --limit N --no-cache --batch-size B
  --dtype float32 --device D [--num-fewshot K]``; the per-choice log-likelihoods and predictions
  are read back from the run directory's samples/<suite>.jsonl.
* lm-eval: ``lm_eval.simple_evaluate`` with ``lm_eval.models.huggingface.HFLM`` on lm-eval's stock
  tasks (``medqa_4options``, ``medmcqa``, ``pubmedqa``, ``mmlu_<subject>``) over the same files
  converted to the hub layouts (the reference side of tests/integration/test_lm_eval_crosscheck.py:
  tests/integration/lm_eval_reference.py), with the same limit (per MMLU subject, as medeval's
  ``--limit`` counts MMLU), batch size and few-shot count. The conversion is done before timing.

``--suites medqa_options`` is a multi-token task: MedQA with the option texts themselves as the
choices (``Question: ...\nAnswer:`` then `` <option text>``), written as an lm-eval task YAML over
the converted MedQA file. medeval runs it as ``--suites lm-eval:medqa_options --include-path DIR``
(lm-eval's TaskManager builds its documents, medeval's engine scores them); lm-eval runs the same
YAML. Both acc and acc_norm are compared (acc_norm divides by the option text's length). lm-eval
feeds the model one sequence per (question, option); medeval packs each question once followed by
its four options (``medeval.models.packing``), so ``--batch-size B`` is B sequences per forward
pass on both sides: B (question, option) rows for lm-eval, B questions with all their options for
medeval, about the same number of tokens per pass.

Both read the same converted transformers folder of the bundled model (medeval's cache,
``medeval.models.bundled``), whose files are read once before timing so that neither side pays
for a cold disk. Printed per suite: prompt identity, per-item agreement of the acc and acc_norm
predictions (acc_norm where the task defines it: MedQA, MedMCQA and the options task, not PubMedQA
or MMLU), the largest per-choice log-likelihood difference, both accuracies; then wall times,
items/s, the ratio lm-eval time / medeval time (wall and CPU), both peak RSS values and the load
average. ``--repeat N`` runs both sides N times, alternating which goes first (on a machine shared
with other work the load changes), and prints the medians and each repeat's ratios. Exits 1 when
the two disagree beyond the cross-check's tolerance (1e-4, with near ties excused).

    .venv/bin/python benchmarks/mc_vs_lm_eval.py                       # 100 MedQA + 100 PubMedQA
    .venv/bin/python benchmarks/mc_vs_lm_eval.py --suites mmlu_medical --num-fewshot 5 --limit 20
    .venv/bin/python benchmarks/mc_vs_lm_eval.py --suites medqa_options --limit 100 --repeat 3
        [--batch-size 8] [--device cpu] [--data-dir ../shared/data] [--model FOLDER]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

import lm_eval_reference as reference  # noqa: E402

TOLERANCE = 1e-4
OPTIONS_TASK = "medqa_options"  # the multi-token task, run by medeval as an lm-eval task
OPTIONS_TEXT = "Question: {{sent1}}\nAnswer:"
OPTIONS_CHOICES = "{{[ending0, ending1, ending2, ending3]}}"


@dataclass(frozen=True)
class Timed:
    """One side's process: how long it took and how much memory it peaked at."""

    wall_s: float
    cpu_s: float  # user + system time of the process and its threads
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
    return Timed(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        process.returncode,
        log.read_text(errors="replace"),
    )


def median_run(runs: list[Timed]) -> Timed:
    """The run of median wall time, with the median CPU time and the largest peak RSS."""
    ordered = sorted(runs, key=lambda run: run.wall_s)
    middle = ordered[(len(ordered) - 1) // 2]
    cpu = sorted(run.cpu_s for run in runs)[(len(runs) - 1) // 2]
    rss = max(run.max_rss_mib for run in runs)
    return Timed(middle.wall_s, cpu, rss, middle.returncode, middle.output)


def warm_files(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 24):
                    pass


# ---------------------------------------------------------------- the lm-eval side (child process)


def reference_side(args: argparse.Namespace) -> None:
    specs = [
        reference.StockTask.from_json(json.dumps(spec))
        for spec in json.loads(Path(args.reference_side).read_text())
    ]
    lm = reference.load_lm(args.model, batch_size=args.batch_size, device=args.device)
    results = reference.evaluate(
        lm, specs, limit=args.limit, cache_dir=Path(args.result).parent / "hf-datasets"
    )
    Path(args.result).write_text(
        json.dumps(
            {
                label: {"samples": [asdict(s) for s in result.samples], "metrics": result.metrics}
                for label, result in results.items()
            }
        )
    )


def stock_tasks(
    suites: list[str], data_dir: Path, work: Path, num_fewshot: int
) -> dict[str, list[reference.StockTask]]:
    """The stock lm-eval tasks behind each medeval suite (one per subject for MMLU)."""
    tasks: dict[str, list[reference.StockTask]] = {}
    for suite in suites:
        if suite == OPTIONS_TASK:
            tasks[suite] = [options_task(data_dir, work)]
        elif suite == "mmlu_medical":
            tasks[suite] = [
                reference.stock_task(suite, data_dir, work, subject=s, num_fewshot=num_fewshot)
                for s in reference.MMLU_SUBJECTS
            ]
        else:
            tasks[suite] = [reference.stock_task(suite, data_dir, work)]
    return tasks


def options_task(data_dir: Path, work: Path) -> reference.StockTask:
    """MedQA with the option texts as choices, as an lm-eval task YAML in `work`/tasks (the folder
    medeval is given as --include-path)."""
    import yaml

    data_files = reference.convert_medqa(data_dir, work / "converted")
    config = {
        "task": OPTIONS_TASK,
        "dataset_path": "parquet",
        "dataset_kwargs": {"data_files": data_files, "cache_dir": str(work / "hf-datasets")},
        "test_split": "test",
        "output_type": "multiple_choice",
        "doc_to_text": OPTIONS_TEXT,
        "doc_to_choice": OPTIONS_CHOICES,
        "doc_to_target": "label",
        "metric_list": reference.ACC_AND_ACC_NORM,
        "metadata": {"version": 1.0},
    }
    path = work / "tasks" / f"{OPTIONS_TASK}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return reference.StockTask(OPTIONS_TASK, OPTIONS_TASK, path, data_files)


def medeval_name(suite: str) -> str:
    """The medeval suite name of a benchmark suite (the options task is an lm-eval task)."""
    return f"lm-eval:{suite}" if suite == OPTIONS_TASK else suite


# ---------------------------------------------------------------- comparison


@dataclass
class Agreement:
    """Item-by-item agreement of the two sides (lm-eval's predictions as lm-eval computes them)."""

    n: int = 0
    same_prompt: int = 0
    same_acc: int = 0
    same_norm: int = 0
    n_norm: int = 0  # items with an acc_norm prediction (suites whose task defines acc_norm)
    max_diff: float = 0.0
    excused: list[str] = field(default_factory=list)
    predicted: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.same_prompt == self.n and self.max_diff <= TOLERANCE


def compare(
    medeval_records: list[dict[str, Any]], lm_eval_samples: list[dict[str, Any]], found: Agreement
) -> None:
    """Add one stock task's items to `found`."""
    if len(medeval_records) != len(lm_eval_samples):
        found.problems.append(
            f"medeval scored {len(medeval_records)} items, lm-eval {len(lm_eval_samples)}"
        )
    for record, raw in zip(medeval_records, lm_eval_samples, strict=False):
        sample = reference.ReferenceSample(**raw)
        found.n += 1
        found.same_prompt += sample.context == record["input"]
        if sample.continuations != [" " + c for c in record["choices"]]:
            found.problems.append(f"{record['item_id']}: continuations {sample.continuations}")
        if sample.target != record["target"]:
            found.problems.append(
                f"{record['item_id']}: target {sample.target} vs {record['target']}"
            )
        ours = [float(v) for v in record["choice_loglikelihoods"]]
        diff = max(abs(a - b) for a, b in zip(ours, sample.loglikelihoods, strict=True))
        found.max_diff = max(found.max_diff, diff)
        pred, pred_norm = reference.predictions(sample)
        found.predicted.add(pred)
        found.same_acc += record["prediction"] == pred
        lengths = [float(len(c)) for c in record["choices"]]
        normalised = [ll / k for ll, k in zip(sample.loglikelihoods, lengths, strict=True)]
        checks = [(record["prediction"], pred, sample.loglikelihoods)]
        if record["prediction_norm"] is not None:
            found.n_norm += 1
            found.same_norm += record["prediction_norm"] == pred_norm
            checks.append((record["prediction_norm"], pred_norm, normalised))
        elif sample.acc_norm is not None:
            found.problems.append(f"{record['item_id']}: lm-eval reports acc_norm, medeval not")
        for ours_pred, theirs_pred, scores in checks:
            if ours_pred == theirs_pred:
                continue
            top = sorted(scores, reverse=True)
            if top[0] - top[1] <= TOLERANCE:
                found.excused.append(record["item_id"])
            else:
                found.problems.append(
                    f"{record['item_id']}: prediction {ours_pred} vs {theirs_pred}"
                )


def suite_agreement(
    suite: str,
    records: list[dict[str, Any]],
    specs: list[reference.StockTask],
    theirs: dict[str, Any],
) -> Agreement:
    found = Agreement()
    for spec in specs:
        subject = spec.task_name.removeprefix("mmlu_") if suite == "mmlu_medical" else None
        mine = [r for r in records if subject is None or r["metadata"].get("subject") == subject]
        compare(mine, theirs[spec.label]["samples"], found)
    return found


def pooled_accuracy(
    specs: list[reference.StockTask], theirs: dict[str, Any], metric: str = "acc"
) -> float:
    sizes = [len(theirs[spec.label]["samples"]) for spec in specs]
    accs = [theirs[spec.label]["metrics"].get(metric, float("nan")) for spec in specs]
    return sum(a * n for a, n in zip(accs, sizes, strict=True)) / sum(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default="medqa,pubmedqa", help="comma-separated suites")
    parser.add_argument("--limit", type=int, default=100, help="items per suite (MMLU: subject)")
    parser.add_argument("--num-fewshot", type=int, default=0, help="MMLU only, as in medeval")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", help="converted model folder (default: bundled smollm2-135m)")
    parser.add_argument(
        "--threads",
        type=int,
        help="torch threads of both sides (OMP_NUM_THREADS; on a machine "
        "shared with other work, 1 avoids threads waiting for each other at every operation)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run both sides this many times, alternating which goes first; medians are shown",
    )
    parser.add_argument("--reference-side", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_side:
        reference_side(args)
        return

    import datasets

    suites = [s.strip() for s in args.suites.split(",") if s.strip()]
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # inherited by both sides
    if args.model:
        folder = Path(args.model)
    else:
        from medeval.models.bundled import BUNDLED

        folder = BUNDLED["smollm2-135m"].ensure_converted()
    medeval = Path(sys.executable).with_name("medeval")
    medeval_command = [str(medeval)] if medeval.is_file() else [sys.executable, "-m", "medeval"]
    with tempfile.TemporaryDirectory(prefix="mc-vs-lm-eval-") as tmp:
        work = Path(tmp)
        datasets.disable_progress_bars()
        specs = stock_tasks(suites, args.data_dir, work, args.num_fewshot)
        (work / "specs.json").write_text(
            json.dumps([json.loads(s.to_json()) for group in specs.values() for s in group])
        )
        warm_files(folder)
        common = ["--batch-size", str(args.batch_size), "--device", args.device]
        names = [medeval_name(suite) for suite in suites]
        include = ["--include-path", str(work / "tasks")] if OPTIONS_TASK in suites else []
        load_before = os.getloadavg()
        runs: dict[str, list[Timed]] = {"medeval": [], "lm-eval": []}
        for attempt in range(args.repeat):
            tag = "" if attempt == 0 else f"-{attempt}"
            commands = {
                "medeval": medeval_command
                + ["run", "--model", str(folder), "--suites", ",".join(names), *include]
                + ["--limit", str(args.limit), "--num-fewshot", str(args.num_fewshot)]
                + ["--no-cache", "--dtype", "float32", "--data-dir", str(args.data_dir)]
                + ["--out", str(work / f"medeval-run{tag}"), *common],
                "lm-eval": [sys.executable, __file__, "--reference-side", str(work / "specs.json")]
                + ["--model", str(folder), "--limit", str(args.limit), *common]
                + ["--result", str(work / f"lm_eval{tag}.json")],
            }
            # Alternate which side goes first, so a change in the machine's load falls on both.
            for name in ("medeval", "lm-eval") if attempt % 2 == 0 else ("lm-eval", "medeval"):
                timed = run_timed(commands[name], work / f"{name}{tag}.log")
                if timed.returncode != 0:
                    print(timed.output[-4000:])
                    raise SystemExit(f"the {name} side failed (exit {timed.returncode})")
                runs[name].append(timed)
        load_after = os.getloadavg()
        medeval_run, lm_eval_run = median_run(runs["medeval"]), median_run(runs["lm-eval"])
        records = {
            suite: [
                json.loads(line)
                for line in (
                    work
                    / "medeval-run"
                    / "samples"
                    / f"{medeval_name(suite).replace(':', '__')}.jsonl"
                )
                .read_text()
                .splitlines()
            ]
            for suite in suites
        }
        ours = json.loads((work / "medeval-run" / "results.json").read_text())
        theirs = json.loads((work / "lm_eval.json").read_text())

    print(
        f"{folder.name}, {', '.join(suites)}: first {args.limit} items each"
        + (" (per MMLU subject)" if "mmlu_medical" in suites else "")
        + f", {args.num_fewshot}-shot, float32, batch size {args.batch_size}, device "
        f"{args.device}, torch threads {_threads()}"
    )
    total = 0
    ok = True
    for suite in suites:
        found = suite_agreement(suite, records[suite], specs[suite], theirs)
        total += found.n
        ok = ok and found.ok
        n = max(found.n, 1)
        print(f"  {suite}: {found.n} items")
        print(f"    prompts identical          {found.same_prompt}/{found.n}")
        print(
            f"    acc predictions identical  {found.same_acc}/{found.n} "
            f"({100 * found.same_acc / n:.1f}%)"
        )
        if found.n_norm:
            print(
                f"    acc_norm preds identical   {found.same_norm}/{found.n_norm} "
                f"({100 * found.same_norm / found.n_norm:.1f}%)"
            )
        else:
            print("    acc_norm                   not defined by the task (neither side has it)")
        print(f"    near ties excused          {found.excused or 'none'}")
        print(f"    distinct predictions       {sorted(found.predicted)} (lm-eval's acc choices)")
        print(f"    max |loglik diff|          {found.max_diff:.3e} (tolerance {TOLERANCE:g})")
        mine = ours["suites"][medeval_name(suite)]["metrics"]
        for metric in [m for m in ("acc", "acc_norm") if m in mine]:
            print(
                f"    {metric:<27}medeval {mine[metric]['value']:.4f}  "
                f"lm-eval {pooled_accuracy(specs[suite], theirs, metric):.4f}"
            )
        for problem in found.problems[:10]:
            print(f"    PROBLEM {problem}")
    print(f"  all suites: {total} items")
    print(
        f"    wall time (process)        medeval {medeval_run.wall_s:.1f} s  "
        f"lm-eval {lm_eval_run.wall_s:.1f} s"
    )
    print(
        f"    items/s                    medeval {total / medeval_run.wall_s:.3f}  "
        f"lm-eval {total / lm_eval_run.wall_s:.3f}"
    )
    print(f"    speed-up lm-eval / medeval {lm_eval_run.wall_s / medeval_run.wall_s:.2f}x")
    if args.repeat > 1:
        print(
            "    per repeat (wall, CPU)     "
            + "  ".join(
                f"{theirs.wall_s / mine.wall_s:.2f}x {theirs.cpu_s / mine.cpu_s:.2f}x"
                for mine, theirs in zip(runs["medeval"], runs["lm-eval"], strict=True)
            )
            + f"  (medians of {args.repeat} alternating repeats above)"
        )
    print(
        f"    CPU time (user + sys)      medeval {medeval_run.cpu_s:.1f} s  "
        f"lm-eval {lm_eval_run.cpu_s:.1f} s  ({lm_eval_run.cpu_s / medeval_run.cpu_s:.2f}x; "
        "less sensitive to other load on a shared machine)"
    )
    print(
        f"    peak RSS (ru_maxrss)       medeval {medeval_run.max_rss_mib:.0f} MiB  "
        f"lm-eval {lm_eval_run.max_rss_mib:.0f} MiB "
        f"({100 * medeval_run.max_rss_mib / lm_eval_run.max_rss_mib:.0f}% of lm-eval)"
    )
    print(
        "    load average (1/5/15 min)  before "
        + " ".join(f"{v:.2f}" for v in load_before)
        + ", after "
        + " ".join(f"{v:.2f}" for v in load_after)
        + f" ({os.cpu_count()} CPUs)"
    )
    print("    verdict                    " + ("agree" if ok else "DISAGREE"))
    if not ok:
        raise SystemExit(1)


def _threads() -> int:
    import torch

    return int(os.environ.get("OMP_NUM_THREADS") or torch.get_num_threads())


if __name__ == "__main__":
    main()
