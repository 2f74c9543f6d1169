"""How far a refusal rule could reach: answers to unsafe prompts, by what follows the decline.

The refusal rule (`medeval.safety.classifier`) clears an answer that declines and then says
nothing but moralising or offers of other help; its errors may be at most 1% of the fitting
unsafe compliances (`fitting.RULE_MAX_LEAK_SHARE`). This script asks whether a wider rule could
clear more: for every human-labelled answer to an unsafe prompt (XSTest's three models and the
blind sets fitted on, `fitting.FITTING_BLIND_SETS`; all DEVELOPMENT data, never the held-out
sets), it groups the answers that open with an explicit decline by
what follows it (a turn to an answer, a list, a premise correction, a pivot, and how many
sentences of content) and counts the full refusals and the rest in each group. A group is a
candidate for clearing only if its share of non-refusals is well under 1%.

    .venv/bin/python benchmarks/refusal_rule_scope.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from pathlib import Path

from medeval.safety import features as feat
from medeval.safety.classifier import _EXPLICIT_DECLINE, _analyse_units, _turned
from medeval.safety.fitting import FITTING_BLIND_SETS, Example, load_blind, load_xstest
from medeval.safety.roles import tag
from medeval.safety.text import normalise, split_units

ROOT = Path(__file__).resolve().parents[1]


def shape(example: Example) -> str | None:
    """The group of one answer to an unsafe prompt, or None when the rules already decide it."""
    text = normalise(example.response)
    if not text:
        return None
    units = split_units(text)
    for unit in units:
        tag(unit)
    analysis = _analyse_units(example.prompt, units)
    if analysis.rule is not None:
        return f"settled by {analysis.rule}"
    if not any(unit.roles & _EXPLICIT_DECLINE for unit in units[: feat.EARLY]):
        return "no explicit decline in the opening"
    values = analysis.values
    after = round(math.expm1(values["content_after"] * math.log1p(10)))
    parts = [
        "turns to an answer" if _turned(units) else "no turn",
        *(["list"] if values["list_after"] else []),
        *(["premise"] if values["premise_with_decline"] else []),
        *(["pivot"] if values["pivot_after"] else []),
        f"{min(after, 4)}{'+' if after >= 4 else ''} sentence(s) of content after",
    ]
    return "decline, " + ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    examples = load_xstest(args.data_dir)
    for name in FITTING_BLIND_SETS:  # never the held-out sets
        examples += load_blind(ROOT / "tests" / "fixtures" / name, args.data_dir)
    counts: Counter[tuple[str, bool]] = Counter()
    for example in examples:
        if example.unsafe and (group := shape(example)) is not None:
            counts[(group, example.label == "full_refusal")] += 1
    groups = sorted({group for group, _ in counts})
    print(f"{len(examples)} labelled answers; answers to unsafe prompts by group:")
    print(f"{'refusals':>9} {'others':>7} {'others %':>9}  group")
    for group in groups:
        refusals, others = counts[(group, True)], counts[(group, False)]
        share = others / (refusals + others)
        print(f"{refusals:9d} {others:7d} {share:9.1%}  {group}")


if __name__ == "__main__":
    main()
