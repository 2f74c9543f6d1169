"""Refit the guardrails' input filter and write src/medeval/safety/input_filter.json.

Fitted on MedSafetyBench's train split (harmful) against the consumer-health questions outside
the seeded held-back share, MedQuAD's questions, PubMedQA's non-test questions and medeval's own
prompts that deserve an answer (red-team COMPLY and CAUTION, the latency suite's everyday
questions) (benign); the threshold is chosen on out-of-fold scores of that training data alone
(see medeval.safety.input_filter_fit for the recipe). MedSafetyBench's test split, XSTest and
medeval's REFUSE prompts are never read. Recipes 1 and 2 (`--recipe 1|2`) are the earlier
versions; benchmarks/input_filter.py says why each change was made and what it measured.
Deterministic: the same data and scikit-learn version give the same file, byte for byte.

    .venv/bin/python scripts/refit_input_filter.py [--data-dir ../shared/data] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from medeval.errors import MedevalError
from medeval.redteam.prompts import builtin_prompts
from medeval.safety.guardrails import RULES
from medeval.safety.input_filter_fit import (
    HELD_BACK_SHARE,
    SPLIT_SALT,
    SPLIT_SEED,
    Sources,
    fit_filter,
    pubmedqa_nontest_questions,
    texts_digest,
    training_sources,
)
from medeval.suites.latency import LatencySuite

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "medeval" / "safety" / "input_filter.json"


def add_recipe_3(sources: Sources, data_dir: Path, benign_builtin: list[str]) -> None:
    """medeval's own prompts that deserve an answer as one source; PubMedQA's non-test questions."""
    latency = [item.input for item in LatencySuite().items(None)]
    sources.texts["medeval_answerable"] = benign_builtin + latency
    sources.texts["pubmedqa_nontest"] = pubmedqa_nontest_questions(data_dir, sources)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--recipe",
        choices=("1", "2", "3"),
        default="3",
        help="1: data folder only; 2: + red-team COMPLY/CAUTION; 3: + latency prompts, PubMedQA.",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        sources = training_sources(args.data_dir)
    except MedevalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    held = sources.texts.pop("_held_back")
    benign_builtin = [p.prompt for p in builtin_prompts() if p.expected in ("COMPLY", "CAUTION")]
    if args.recipe == "2":
        sources.texts["medeval_comply_caution"] = benign_builtin
    if args.recipe == "3":
        try:
            add_recipe_3(sources, args.data_dir, benign_builtin)
        except MedevalError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    block_rules = [(rule.name, rule.pattern) for rule in RULES if rule.action == "block"]
    data = fit_filter(sources.texts, benign_rules=block_rules)
    data["fitted_on"] = {
        "harmful": {"medsafetybench_train": len(sources.texts["medsafetybench_train"])},
        "benign": {
            name: len(texts)
            for name, texts in sources.texts.items()
            if name != "medsafetybench_train"
        },
        "recipe_version": int(args.recipe),
        "note": "unique texts (lower-cased, whitespace collapsed); MedQuAD questions equal to "
        "a held-back consumer-health question are left out",
        "files_sha256": dict(sorted(sources.files.items())),
        "never_read": [
            "medsafetybench/test",
            "xstest",
            "medeval REFUSE prompts",
            *(["medeval COMPLY/CAUTION prompts"] if args.recipe == "1" else []),
            *(["medeval latency prompts", "pubmedqa"] if args.recipe != "3" else []),
        ],
    }
    data["held_back"] = {
        "source": "consumer_health",
        "rule": f"sha256('{SPLIT_SALT}:<seed>:<normalised question>') as a fraction of 16**15 "
        f"below the share",
        "seed": SPLIT_SEED,
        "share": HELD_BACK_SHARE,
        "n": len(held),
        "texts_sha256": texts_digest(held),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    cv = data["cross_validated_on_training"]
    size, seconds = args.out.stat().st_size / 1e6, time.perf_counter() - began
    print(f"wrote {args.out} ({size:.2f} MB) in {seconds:.0f} s")
    print(f"C {data['recipe']['c']}, threshold {data['threshold']}, or_rules {data['or_rules']}")
    for name, row in cv.items():
        print(f"  out-of-fold on training, {name}: blocked {row['blocked']}/{row['n']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
