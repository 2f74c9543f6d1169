"""The base-model check without a model: resolution, the gate, compare, the scorecard, the schema.

Model folders here are plain files (config.json, a weights file) because the check hashes files
and never loads them; the integration test (tests/integration/test_base_model.py) does the same
with two real tiny Llama bases and a trained candidate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medeval.compare import base_model_warnings, compare_runs, format_table
from medeval.errors import DataError, ModelLoadError
from medeval.gate import BASE_CHECK, evaluate, load_thresholds
from medeval.models.fingerprint import fingerprint, weights_only_fingerprint
from medeval.models.resolve import check_base, resolve, weights_fingerprint
from medeval.reports.scorecard import render_scorecard_html
from medeval.store import load_results
from medeval.types import Threshold
from synthetic_run import choice_suite, pattern, write_run


def fake_model(folder: Path, weights: bytes) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "llama"}')
    (folder / "tokenizer.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(weights)
    return folder


def fake_adapter(folder: Path, base: Path, expected: Any) -> Path:
    folder.mkdir(parents=True)
    (folder / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "x"}))
    (folder / "adapter_model.safetensors").write_bytes(b"lora")
    manifest = {"base_model": str(base), "base_model_fingerprint": expected}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_weights_fingerprint_has_no_settings(tmp_path: Path) -> None:
    base = fake_model(tmp_path / "base", b"weights")
    plain = weights_only_fingerprint(base)
    # What manifests recorded before (empty settings) stays valid; any loading setting differs.
    assert plain == fingerprint([base], {})
    settings = [(d, q) for d in ("float32", "bfloat16") for q in (None, "bnb-nf4")]
    runs = {weights_fingerprint(base, None, d, q) for d, q in settings}
    assert len(runs) == 4 and plain not in runs
    # A GGUF file is fingerprinted from its own bytes.
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF-bytes")
    other = tmp_path / "n.gguf"
    other.write_bytes(b"GGUF-other")
    assert weights_only_fingerprint(gguf) != weights_only_fingerprint(other)
    assert weights_fingerprint(gguf, None, "float32", None) != weights_only_fingerprint(gguf)


def test_check_base(tmp_path: Path) -> None:
    base = fake_model(tmp_path / "base", b"weights A")
    other = fake_model(tmp_path / "other", b"weights B")
    expected = weights_only_fingerprint(base)
    adapter = fake_adapter(tmp_path / "cand", base, expected)

    verified = check_base(resolve(str(adapter)))
    assert (verified.verified, verified.fingerprint, verified.expected) == (
        True,
        expected,
        expected,
    )
    with pytest.raises(ModelLoadError) as raised:
        check_base(resolve(str(adapter), base_model=str(other)))
    message = str(raised.value)
    assert expected in message and weights_only_fingerprint(other) in message
    assert "--allow-base-mismatch" in message
    allowed = check_base(resolve(str(adapter), base_model=str(other)), allow_mismatch=True)
    assert allowed.verified is False and allowed.fingerprint == weights_only_fingerprint(other)

    # Nothing to verify: a plain model, an adapter without a manifest fingerprint.
    plain = check_base(resolve(str(base)))
    assert plain.verified is None and plain.fingerprint == expected
    (adapter / "manifest.json").write_text(json.dumps({"base_model": str(base)}))
    assert check_base(resolve(str(adapter))).verified is None
    (adapter / "manifest.json").write_text(json.dumps({"base_model_fingerprint": 7}))
    with pytest.raises(ModelLoadError, match="base_model_fingerprint"):
        check_base(resolve(str(adapter), base_model=str(base)))


def _run(tmp_path: Path, name: str, **model: Any) -> Path:
    """A synthetic run whose results.json model record has `model`'s fields; without any, the
    record is as medeval wrote it before the base check existed (no base fields at all)."""
    run = write_run(tmp_path / name, {"medqa": choice_suite("medqa", pattern(40, 0.7))})
    results = json.loads((run / "results.json").read_text())
    for key in ("base_fingerprint", "manifest_base_fingerprint", "base_verified"):
        results["model"].pop(key)
    results["model"].update(model)
    (run / "results.json").write_text(json.dumps(results))
    return run


LENIENT = [Threshold(suite="medqa", metric="acc", op=">=", bound=0.5)]
A, B = "a" * 64, "b" * 64
EXPECTS_A = {"manifest_base_fingerprint": A}


def test_the_gate_checks_the_base_whatever_the_thresholds(tmp_path: Path) -> None:
    plain = load_results(_run(tmp_path, "plain"))  # an older results.json still loads
    assert "base_verified" not in plain["model"]
    decision = evaluate(plain, LENIENT)
    assert decision.passed and len(decision.outcomes) == 1  # nothing to verify, no outcome

    good = load_results(_run(tmp_path, "good", base_verified=True, base_fingerprint=A))
    decision = evaluate(good, LENIENT)
    assert decision.passed and decision.outcomes[-1].threshold == BASE_CHECK
    assert decision.outcomes[-1].passed and decision.outcomes[-1].observed == 1.0

    bad = load_results(
        _run(tmp_path, "bad", base_verified=False, base_fingerprint=B, manifest_base_fingerprint=A)
    )
    for thresholds in (LENIENT, load_thresholds()):
        decision = evaluate(bad, thresholds)
        assert not decision.passed
        outcome = decision.outcomes[-1]
        assert outcome.threshold == BASE_CHECK and not outcome.passed
        assert A in outcome.reason and B in outcome.reason and "NOT verified" in outcome.reason
    # An unvalidated mapping with anything but true fails closed.
    odd = {**good, "model": {**good["model"], "base_verified": "yes"}}
    assert not evaluate(odd, LENIENT).passed


def test_strict_reader_refuses_a_base_verified_string(tmp_path: Path) -> None:
    run = _run(tmp_path, "run", base_verified="false")
    with pytest.raises(DataError, match="model.base_verified"):
        load_results(run)


def test_compare_shows_base_fingerprints_and_warns_without_failing(tmp_path: Path) -> None:
    base = _run(tmp_path, "base", base_fingerprint=A)
    same = _run(tmp_path, "same", base_fingerprint=A, base_verified=True, **EXPECTS_A)
    other = _run(tmp_path, "other", base_fingerprint=B, base_verified=False, **EXPECTS_A)
    assert base_model_warnings({"base_fingerprint": A}, {"base_fingerprint": A}) == []
    assert base_model_warnings({}, {"base_fingerprint": B}) == []  # unknown: no claim made
    matching = compare_runs(base, same, resamples=100)
    assert not any("base" in warning for warning in matching.warnings)
    lines = format_table(matching)
    assert f"base {A[:12]}" in lines[0] and f"base {A[:12]} (verified)" in lines[1]
    differing = compare_runs(base, other, resamples=100)
    warnings = [w for w in differing.warnings if "base" in w]
    assert len(warnings) == 2 and A[:12] in warnings[0] and B[:12] in warnings[0]
    assert not differing.regressed and differing.nothing_compared is None  # warns, never fails
    assert differing.to_dict()["candidate"]["model"]["base_fingerprint"] == B


def test_scorecard_shows_the_base_check(tmp_path: Path) -> None:
    for verified, shown in ((True, "verified: matches"), (False, "NOT verified")):
        run = _run(
            tmp_path, f"run-{verified}", base_verified=verified, base_fingerprint=B, **EXPECTS_A
        )
        page = render_scorecard_html(load_results(run), {}, None)
        assert shown in page and B in page
        assert ('id="base-warning"' in page) is (not verified)
    page = render_scorecard_html(load_results(_run(tmp_path, "plain")), {}, None)
    assert 'id="base-verified"' not in page
