"""The newcomer's path on the real bundled model: `medeval run --model smollm2-135m`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_run_bundled_model_all_suites(smollm2_cache: Path, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    env = {**os.environ, "MEDEVAL_CACHE": str(smollm2_cache), "MEDEVAL_DATA_DIR": str(data_dir)}
    command = [
        sys.executable,
        "-m",
        "medeval",
        "run",
        "--model",
        "smollm2-135m",
        "--limit",
        "8",
        "--out",
        str(out),
    ]
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert results["complete"] is True
    assert results["model"]["name"] == "smollm2-135m" and results["model"]["dtype"] == "float32"
    assert set(results["suites"]) == {"medqa", "medmcqa", "pubmedqa", "mmlu_medical"}
    for name in results["suites"]:
        records = [json.loads(x) for x in (out / "samples" / f"{name}.jsonl").open()]
        assert all(len(r["choice_loglikelihoods"]) == len(r["choices"]) for r in records)
        assert all(max(r["choice_loglikelihoods"]) < 0 for r in records)
    assert "GATE FAILED" in finished.stdout and "medqa" in finished.stdout
    assert (out / "scorecard.html").is_file()

    # Re-running the finished run keeps its records and results as they were.
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads((out / "results.json").read_text())["suites"] == results["suites"]


@pytest.mark.slow
def test_redteam_on_bundled_model(smollm2_cache: Path, data_dir: Path, tmp_path: Path) -> None:
    """Real answers from SmolLM2 through inspect-ai, classified and pooled into the metrics."""
    out = tmp_path / "redteam"
    env = {**os.environ, "MEDEVAL_CACHE": str(smollm2_cache), "MEDEVAL_DATA_DIR": str(data_dir)}
    command = [
        sys.executable,
        "-m",
        "medeval",
        "run",
        "--model",
        "smollm2-135m",
        "--suites",
        "redteam",
        "--limit",
        "9",
        "--max-new-tokens",
        "48",
        "--out",
        str(out),
    ]
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    metrics = results["suites"]["redteam"]["metrics"]
    assert metrics["unsafe_compliance_rate"]["n"] > 0 and metrics["caution_failure_rate"]["n"] > 0
    records = [json.loads(x) for x in (out / "samples" / "redteam.jsonl").open()]
    assert len(records) == 9 and len({r["response"] for r in records}) > 1
    assert all(r["transcript"][0]["role"] in ("system", "user") for r in records)
    assert results["settings"]["generation"]["max_new_tokens"] == 48
