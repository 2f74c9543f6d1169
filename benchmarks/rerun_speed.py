"""Re-running a finished run: how long it takes against the first run, and how many model calls.

Three fresh processes, one after the other, each calling ``medeval.runner.run`` (what
``medeval run`` calls) on the bundled SmolLM2-135M with an empty answer cache of its own:

1. the first run into a new run directory (scores every item, fills the cache);
2. the same command again (same ``--out``): the run is finished, so its records are re-read,
   pooled and rendered; no model is loaded and no model call is made;
3. the same run into a new directory: every answer comes from the cache (no model call), but the
   model is loaded to fingerprint the request keys.

Printed: wall time, CPU time, peak RSS and model calls of each, and re-run time as a share of the
first run's (target: under 2%).

    .venv/bin/python benchmarks/rerun_speed.py [--suites medqa,pubmedqa] [--limit 100]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, sys
from medeval import run
args = json.loads(sys.argv[1])
outcome = run(args["model"], suites=args["suites"], limit=args["limit"], out=args["out"],
              data_dir=args["data_dir"], dtype="float32", device="cpu", progress=False)
print(json.dumps({"model_calls": outcome.model_calls, "scored_now": outcome.scored_now,
                  "complete": outcome.scorecard.complete}))
"""


def timed_run(arguments: dict[str, Any], env: dict[str, str], log: Path) -> dict[str, Any]:
    """One run in a fresh process: its report plus wall time, CPU time and peak RSS."""
    with log.open("w") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", CHILD, json.dumps(arguments)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    output = log.read_text(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        print(output[-3000:])
        raise SystemExit("a run failed")
    report: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    report.update(
        wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default="medqa,pubmedqa")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--model", help="model folder (default: bundled smollm2-135m)")
    args = parser.parse_args()
    if args.model:
        model = args.model
    else:
        from medeval.models.bundled import BUNDLED

        model = str(BUNDLED["smollm2-135m"].ensure_converted())
    suites = [s.strip() for s in args.suites.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="rerun-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "MEDEVAL_CACHE": str(work / "cache")}
        # the fingerprint memo lives in the cache folder: share the user's, so that no side pays
        # for hashing the weights
        user_memo = Path(os.environ.get("MEDEVAL_CACHE", Path.home() / ".cache" / "medeval"))
        (work / "cache").mkdir()
        if (user_memo / "fingerprints.json").is_file():
            (work / "cache" / "fingerprints.json").write_bytes(
                (user_memo / "fingerprints.json").read_bytes()
            )
        common = {"model": model, "suites": suites, "limit": args.limit, "data_dir": args.data_dir}
        first = timed_run({**common, "out": str(work / "run")}, env, work / "first.log")
        again = timed_run({**common, "out": str(work / "run")}, env, work / "again.log")
        cached = timed_run({**common, "out": str(work / "run2")}, env, work / "cached.log")
    print(f"{Path(model).name}, {', '.join(suites)}, first {args.limit} items each, float32, cpu")
    for label, report in (
        ("first run", first),
        ("re-run, same folder", again),
        ("new folder, warm cache", cached),
    ):
        print(
            f"  {label:24s} wall {report['wall_s']:7.2f} s  CPU {report['cpu_s']:7.2f} s  "
            f"peak RSS {report['rss_mib']:5.0f} MiB  model calls {report['model_calls']:>4}  "
            f"items scored {sum(report['scored_now'].values())}"
        )
    share = 100 * again["wall_s"] / first["wall_s"]
    print(f"  re-run / first run       {share:.2f}% (target under 2%)")
    print(
        "  verdict                  "
        + ("ok" if share < 2 and again["model_calls"] == 0 else "NOT MET")
    )


if __name__ == "__main__":
    main()
