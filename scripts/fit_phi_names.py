"""Fit the learned name model (medeval/trainers/phi_name_model.json) and report its
leave-one-set-out figures.

PROTOCOL (written down before the model was first fitted or run on any set, 2026-12-02):

* Fitting data: the five development sets v1-v5 (tests/phi_eval_set.py ... _v5.py), all of
  whose errors have been read. Sets v6 and v7 are never read by this script.
* Spelling table: character trigrams of Philter's name lists (first names and surnames that are
  not safe words) against its safe words (not names), each word counted once; add-one smoothed
  log-odds, trigrams seen at least 5 times in all. Fitted on those lists only.
* Examples: every word of every note that starts with a capital and has two letters or more
  (``medeval.trainers.phi_name_model.features``), whatever the rules decided; label 1 when it
  overlaps a name span, 0 when it overlaps no identifier span; words inside other identifiers
  are left out.
* Word-identity features (the two words on either side) are kept only when they occur in at
  least two of the fitting sets, so that one author's templates cannot make a feature.
* Model: scikit-learn LogisticRegression, L2, C = 1.0, lbfgs; nothing else is tuned.
* Threshold: leave-one-set-out over v1-v5 (fit on four, score the fifth with the rules plus the
  fold's model through the whole scrubber); the lowest threshold of
  0.50, 0.60, 0.70, 0.80, 0.85, 0.90, 0.95, 0.98 whose pooled share of clinical terms kept is
  at least 0.99 ships. The final model is fitted on all five sets.
* Reported: per fold and pooled, names recall and clinical terms kept, rules alone and rules
  plus model at the chosen threshold. These are DEVELOPMENT figures (the rules were tuned on
  all five sets); the held-out figures come from benchmarks/phi_scrub.py on v6 and v7.

REFIT (written down on 2026-12-02 before it was run): after v7's one held-out run, its errors
were read and the rules changed, so v7 is development data; the model is refitted by the same
protocol on v1-v5 and v7 (six sets, leave-one-set-out over the six, identity features in at
least two of the fitting sets, the same threshold rule), because the rules' kinds and the safe
words (drug names added) that its features read have changed. v6 stays out of the fitting
(it served one selection decision; its errors are unread) and v8 is never read here.

SECOND REFIT (written down on 2026-12-02 before it was run): after v8's one held-out run its
errors were read and the rules changed, so v8 is development data too; the model is refitted
by the same protocol on v1-v5, v7 and v8 (seven sets, leave-one-set-out over the seven). v6
stays out, and v9, written by an eighth author and frozen before this refit, is never read here.

THIRD REFIT (written down on 2026-12-02 before it was run): after v9's one held-out run its
errors were read and the rules changed, so v9 is development data too; the model is refitted
by the same protocol on v1-v5 and v7-v9 (eight sets, leave-one-set-out over the eight). v6
stays out, and v10, written by a ninth author and frozen before this refit, is never read here.

FOURTH REFIT (written down on 2026-12-02 before it was run): after v10's one held-out run its
errors were read and the rules changed (names in records, "Surname, First" in parentheses and
quotes, names in capitals, bed lists, common words as given names, a name repeated in a note,
chat speakers, signatures), so v10 is development data too; the model is refitted by the same
protocol on v1-v5 and v7-v10 (nine sets, leave-one-set-out over the nine). v6 stays out, and
v11, written by a tenth author and frozen before this refit (6884e97), is never read here.

FIFTH REFIT (written down on 2026-12-02 before it was run): after v11's one held-out run
(names 0.934 for learned) its errors were read and the rules changed, so v11 is development
data too; the model is refitted on v1-v5 and v7-v11 (ten sets, leave-one-set-out over the ten).
One change to the protocol, decided before this refit and not from any fold's result: the
threshold grid also holds 0.30 and 0.40, so that the same rule (the lowest threshold whose
pooled share of clinical terms kept is at least 0.99) may trade kept terms, whose target is
0.95, for names where the folds allow it. v6 stays out, and v12, written by an eleventh author
and frozen before this refit (c1d4c30), is never read here.

    .venv/bin/python scripts/fit_phi_names.py            # LOSO report, then write the JSON
    .venv/bin/python scripts/fit_phi_names.py --check    # refit and compare with the shipped
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import phi_scrub  # noqa: E402

import phi_eval_set  # noqa: E402
import phi_eval_set_v2  # noqa: E402
import phi_eval_set_v3  # noqa: E402
import phi_eval_set_v4  # noqa: E402
import phi_eval_set_v5  # noqa: E402
import phi_eval_set_v7  # noqa: E402
import phi_eval_set_v8  # noqa: E402
import phi_eval_set_v9  # noqa: E402
import phi_eval_set_v10  # noqa: E402
import phi_eval_set_v11  # noqa: E402
from medeval.stats import wilson_interval  # noqa: E402
from medeval.trainers.phi import PhiScrubber  # noqa: E402
from medeval.trainers.phi_lists import NameLists, philter_lists  # noqa: E402
from medeval.trainers.phi_name_model import (  # noqa: E402
    MODEL_FILE,
    NameModel,
    SpellingModel,
    features,
    trigrams,
)
from medeval.trainers.phi_names import NameFinder  # noqa: E402

SETS = {
    "v1": phi_eval_set,
    "v2": phi_eval_set_v2,
    "v3": phi_eval_set_v3,
    "v4": phi_eval_set_v4,
    "v5": phi_eval_set_v5,
    "v7": phi_eval_set_v7,
    "v8": phi_eval_set_v8,
    "v9": phi_eval_set_v9,
    "v10": phi_eval_set_v10,
    "v11": phi_eval_set_v11,
}
THRESHOLDS = [0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.85, 0.90, 0.95, 0.98]
KEPT_FLOOR = 0.99
C = 1.0
MIN_TRIGRAM = 5
OUT = ROOT / "src" / "medeval" / "trainers" / MODEL_FILE


def spelling_table(lists: NameLists) -> dict[str, float]:
    names = (lists.first | lists.last) - lists.safe
    common = lists.safe - lists.first - lists.last
    counts = [Counter(g for w in words for g in set(trigrams(w))) for words in (names, common)]
    vocab = set(counts[0]) | set(counts[1])
    totals = [sum(c.values()) for c in counts]
    table = {}
    for gram in vocab:
        if counts[0][gram] + counts[1][gram] < MIN_TRIGRAM:
            continue
        p_name = (counts[0][gram] + 1) / (totals[0] + len(vocab))
        p_common = (counts[1][gram] + 1) / (totals[1] + len(vocab))
        table[gram] = round(math.log(p_name / p_common), 4)
    return table


def examples(
    notes: list[Any], finder: NameFinder, spelling: SpellingModel
) -> list[tuple[dict[str, float], int]]:
    rows = []
    for note in notes:
        tokens = finder.analyse(note.text)
        for i, tok in enumerate(tokens):
            if len(tok.base) < 2 or not tok.text[:1].isupper():
                continue
            overlaps = [k for k, b, e in note.phi if b < tok.end and tok.start < e]
            if overlaps and not any(k.startswith("NAME") for k in overlaps):
                continue
            label = int(any(k.startswith("NAME") for k in overlaps))
            rows.append((features(note.text, tokens, i, spelling, finder.lists), label))
    return rows


def fit(per_set: dict[str, list[tuple[dict[str, float], int]]], spelling: SpellingModel) -> Any:
    from sklearn.linear_model import LogisticRegression

    seen: dict[str, set[str]] = {}
    for name, rows in per_set.items():
        for feats, _ in rows:
            for key in feats:
                seen.setdefault(key, set()).add(name)
    keep = {k for k, sets in seen.items() if not k.startswith("w") or len(sets) >= 2}
    keys = sorted(keep - {"bias"})
    index = {k: j for j, k in enumerate(keys)}
    from scipy.sparse import lil_matrix

    rows = [r for rs in per_set.values() for r in rs]
    x = lil_matrix((len(rows), len(keys)))
    y = []
    for n, (feats, label) in enumerate(rows):
        for key, value in feats.items():
            if key in index and value:
                x[n, index[key]] = value
        y.append(label)
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(x.tocsr(), y)
    weights = {
        k: round(float(w), 5) for k, w in zip(keys, model.coef_[0], strict=True) if abs(w) > 1e-5
    }
    return weights, round(float(model.intercept_[0]), 5)


def score(scrubber: PhiScrubber, notes: list[Any]) -> tuple[list[bool], list[bool]]:
    """Names found and clinical terms kept, as benchmarks/phi_scrub.py counts them."""
    found = phi_scrub.score_eval(scrubber, notes)["found"]
    names = [v for kind in phi_eval_set.NAME_KINDS for v in found.get(kind, [])]
    kept = [v for kind in phi_eval_set.KEEP_KINDS for v in found.get(kind, [])]
    return names, kept


def _share(values: list[bool]) -> str:
    low, high = wilson_interval(sum(values), len(values))
    return f"{sum(values) / len(values):.3f} [{low:.3f}-{high:.3f}] ({sum(values)}/{len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped JSON")
    args = parser.parse_args()
    lists = philter_lists()
    spelling = SpellingModel(spelling_table(lists))
    print(f"spelling table: {len(spelling.table)} trigrams")
    finder = NameFinder(lists)
    notes = {name: module.generate() for name, module in SETS.items()}
    per_set = {name: examples(ns, finder, spelling) for name, ns in notes.items()}
    for name, rows in per_set.items():
        print(f"  {name}: {len(rows)} capitalised words, {sum(y for _, y in rows)} in names")

    scrubber = PhiScrubber(name_model=False)  # the rules alone
    rules = {name: score(scrubber, ns) for name, ns in notes.items()}
    pooled: dict[float, tuple[list[bool], list[bool]]] = {t: ([], []) for t in THRESHOLDS}
    per_fold: dict[str, dict[float, tuple[list[bool], list[bool]]]] = {}
    for held in SETS:
        train = {k: v for k, v in per_set.items() if k != held}
        weights, bias = fit(train, spelling)
        per_fold[held] = {}
        for t in THRESHOLDS:
            assert scrubber.names is not None
            scrubber.names.model = NameModel(weights, bias, t, spelling)
            result = score(scrubber, notes[held])
            per_fold[held][t] = result
            pooled[t][0].extend(result[0])
            pooled[t][1].extend(result[1])
        scrubber.names.model = None
        print(f"fold {held}: fitted on {', '.join(train)}")
    chosen = next((t for t in THRESHOLDS if sum(pooled[t][1]) / len(pooled[t][1]) >= KEPT_FLOOR), 1)
    print(f"\nleave-one-set-out, pooled (DEVELOPMENT figures); chosen threshold {chosen}")
    print(f"{'threshold':>10} {'names recall':>34} {'clinical terms kept':>34}")
    all_rules = (
        [v for r in rules.values() for v in r[0]],
        [v for r in rules.values() for v in r[1]],
    )
    print(f"{'rules':>10} {_share(all_rules[0]):>34} {_share(all_rules[1]):>34}")
    for t in THRESHOLDS:
        mark = " <-" if t == chosen else ""
        print(f"{t:>10} {_share(pooled[t][0]):>34} {_share(pooled[t][1]):>34}{mark}")
    print("\nper fold at the chosen threshold: names recall, rules -> rules + model; kept")
    for held in SETS:
        if chosen in per_fold[held]:
            names, kept = per_fold[held][chosen]
            print(
                f"  {held}: {_share(rules[held][0])} -> {_share(names)}; kept "
                f"{_share(rules[held][1])} -> {_share(kept)}"
            )
    weights, bias = fit(per_set, spelling)
    fitted_on = "v1-v5 and v7-v11 (tests/phi_eval_set*.py)"
    model = NameModel(weights, bias, chosen, spelling, fitted_on=fitted_on)
    data = model.to_json()
    if args.check:
        shipped = json.loads(OUT.read_text(encoding="utf-8"))
        same = shipped["threshold"] == data["threshold"] and shipped["trigrams"] == data["trigrams"]
        drift = max(abs(shipped["weights"].get(k, 0.0) - v) for k, v in data["weights"].items())
        print(f"\nshipped model: same threshold and trigrams {same}; largest weight drift {drift}")
        raise SystemExit(0 if same and drift < 1e-3 else 1)
    OUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {OUT.relative_to(ROOT)}: {len(weights)} weights, threshold {chosen}")


if __name__ == "__main__":
    main()
