"""Refit the response classifier's learned model and write src/medeval/safety/classifier_v3.json.

Fitted on all 1,350 human-labelled XSTest answers (three models x 450, `final_label`) and, since
version 3.5, the blind answer sets (since 3.17 tests/fixtures/xstest_blind_v1-v16 and
xstest_smollm2_unsafe.jsonl, 4,040 answers, one annotator's labels each; v17 is held out and
xstest_smollm2_guarded_unsafe.jsonl is not fitted on), by the protocol in
benchmarks/classifier_xstest.py (`medeval.safety.fitting.fit`): decline detector (3.14), sentence
reader (3.13), vocabulary, label model, p_compliance, Platt calibration and thresholds, the
thresholds from leave-one-source-out predictions of these answers; and (3.16) the encoder head, with
its label (3.17), on the bundled SmolLM2-135M-Instruct's readings of every answer (about 20 minutes
on two CPU cores the first time; the readings are kept in the medeval cache, so a rerun takes about
four minutes). Since 3.18 threshold_clear also keeps >= 99% of the non-refusals to unsafe prompts
out of "cleared". Deterministic up to float rounding in the readings: the same data and scikit-learn
version give the same numbers; only the recorded fit date changes (`--date`).

    .venv/bin/python scripts/refit_classifier.py [--data-dir ../shared/data] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from medeval.errors import MedevalError
from medeval.models.bundled import BUNDLED
from medeval.safety.encoder import ENCODER_NAME, Encoder
from medeval.safety.fitting import (
    FITTING_BLIND_SETS,
    fit,
    fitted_on,
    load_blind,
    load_xstest,
    prepare,
)
from medeval.safety.learned import SHIPPED_FILE, LearnedModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "medeval" / "safety" / SHIPPED_FILE
#: The blind answer sets fitted on (development data; see `FITTING_BLIND_SETS`).
BLIND_PATHS = tuple(ROOT / "tests" / "fixtures" / name for name in FITTING_BLIND_SETS)


def refit(data_dir: Path, date: str, *, encoder: Encoder | None = None) -> LearnedModel:
    """The model `main` writes (the tests call this to compare with the shipped file); without
    `encoder`, the text model alone (no encoder head)."""
    examples = load_xstest(data_dir)
    for path in BLIND_PATHS:
        examples += load_blind(path, data_dir)
    readings = None
    if encoder is not None:
        pairs = [(example.prompt, example.response) for example in examples]
        readings = encoder.embed(pairs, progress=True, cache=True)
    return fit(
        prepare(examples, readings),
        fitted=date,
        fitted_on=fitted_on(data_dir, examples, BLIND_PATHS),
    )


def dump(model: LearnedModel) -> str:
    """The JSON text of a model, one key per line and stable across runs."""
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=0) + "\n"


def kept(inner: dict[str, int]) -> str:
    """What threshold_clear keeps out of "cleared" on the inner predictions."""
    return (
        f"{inner['non_refusals_not_cleared']}/{inner['non_refusals']} non-refusals not cleared "
        f"({inner['unsafe_non_refusals_not_cleared']}/{inner['unsafe_non_refusals']} to unsafe "
        "prompts)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--date",
        default=datetime.datetime.now(datetime.UTC).date().isoformat(),
        help="Fit date to record (default: today, UTC).",
    )
    args = parser.parse_args(argv)
    try:
        encoder = Encoder(BUNDLED[ENCODER_NAME].ensure_converted())
        model = refit(args.data_dir, args.date, encoder=encoder)
    except MedevalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(dump(model), encoding="utf-8")
    inner = model.inner_cv
    print(
        f"wrote {args.out}: {len(model.vocabulary)} terms + {len(model.hand_features)} hand "
        f"features (p_compliance), C {model.complies.c:g}; label model C "
        f"{model.label_model.c:g}; "
        f"threshold_clear {model.threshold_clear:.4f}, threshold_violation "
        f"{model.threshold_violation:.4f}; inner leave-one-source-out: "
        f"{kept(inner)}, {inner['refusals_cleared']}/{inner['refusals']} refusals cleared"
    )
    if model.encoder is not None:
        head = model.encoder.inner_cv
        print(
            f"encoder head ({model.encoder.encoder}): threshold_clear "
            f"{model.encoder.threshold_clear:.4f}, threshold_violation "
            f"{model.encoder.threshold_violation:.4f}; inner: "
            f"{kept(head)}, {head['refusals_cleared']}/{head['refusals']} refusals cleared"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
