"""How long `medeval gate` and `medeval report` take on a run with 10,000 item records.

The gate reads only results.json, so its time must not grow with the number of records (target:
under a second for the whole command, Python start-up included); the report reads every sample
line and lists the wrongly answered items. Builds a synthetic run directory in the same format
`medeval run` writes (tests/synthetic_run.py), then times each command in a fresh process, as CI
runs it, and the library calls in process.

    .venv/bin/python benchmarks/gate_report_speed.py [--records 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "lm_eval", "inspect_ai")


def build(run_dir: Path, records: int) -> None:
    """Four knowledge suites sharing `records` items: 40% MedQA, 40% MedMCQA, 10% each other."""
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic_run import choice_suite, pattern, write_run

    shares = {"medqa": 0.4, "medmcqa": 0.4, "pubmedqa": 0.1, "mmlu_medical": 0.1}
    sizes = {name: int(records * share) for name, share in shares.items()}
    sizes["medqa"] += records - sum(sizes.values())
    suites = {
        name: choice_suite(name, pattern(n, 0.6, seed=i), seed=i)
        for i, (name, n) in enumerate(sizes.items())
    }
    write_run(run_dir, suites, model_name="synthetic-10k")


def best_of(repeat: int, command: list[str]) -> float:
    """Fastest wall time of `repeat` runs of a command in a fresh process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    medeval = str(Path(sys.executable).with_name("medeval"))
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        start = time.perf_counter()
        build(run_dir, args.records)
        lines = sum(1 for path in (run_dir / "samples").glob("*.jsonl") for _ in path.open())
        print(f"built {run_dir} with {lines} item records in {time.perf_counter() - start:.2f} s")

        gate_cli = best_of(args.repeat, [medeval, "gate", str(run_dir)])
        report_cli = best_of(args.repeat, [medeval, "report", str(run_dir)])
        python_start = best_of(args.repeat, [sys.executable, "-c", "pass"])

        from medeval.gate import check
        from medeval.reports import render_scorecard

        start = time.perf_counter()
        decision = check(run_dir)
        gate_call = time.perf_counter() - start
        start = time.perf_counter()
        page = render_scorecard(run_dir, decision)
        report_call = time.perf_counter() - start
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)

        print(f"medeval gate   (fresh process, best of {args.repeat}): {gate_cli:.3f} s")
        print(f"medeval report (fresh process, best of {args.repeat}): {report_cli:.3f} s")
        print(f"python start-up alone:                     {python_start:.3f} s")
        print(f"gate.check() in process:                   {gate_call:.4f} s")
        print(
            f"render_scorecard() in process:             {report_call:.3f} s "
            f"({page.stat().st_size / 1e6:.1f} MB page)"
        )
        print(f"heavy modules imported: {heavy or 'none'}")
        print("gate under 1 s:", "yes" if gate_cli < 1.0 else "NO")


if __name__ == "__main__":
    main()
