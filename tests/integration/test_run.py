"""`medeval run` end to end on the tiny model: run directory, resume, cache, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from medeval import run
from medeval.cli import cli
from medeval.models.hf import HFModel
from medeval.types import ModelInfo, Scorecard


@pytest.fixture(scope="module")
def tiny_hf(tiny_model: Path) -> HFModel:
    return HFModel(str(tiny_model), dtype="float32")


class CountingModel:
    """Wraps a real model; counts requests and can stop the run after some calls."""

    def __init__(self, inner: HFModel, stop_after_calls: int | None = None) -> None:
        self.inner = inner
        self.info: ModelInfo = inner.info
        self.requests = 0
        self.stop_after_calls = stop_after_calls
        self.calls = 0

    def loglikelihood_choices(
        self, requests: Sequence[tuple[str, Sequence[str]]], on_batch: Any = None
    ) -> list[list[float]]:
        if self.stop_after_calls is not None and self.calls >= self.stop_after_calls:
            raise KeyboardInterrupt
        self.calls += 1
        self.requests += len(requests)
        return self.inner.loglikelihood_choices(requests)


def test_run_writes_contracted_run_directory(
    tiny_hf: HFModel, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    outcome = run(
        str(tiny_hf.resolved.weights),
        data_dir=data_dir,
        out=out,
        limit=12,
        loaded_model=tiny_hf,
        progress=False,
    )
    results = json.loads((out / "results.json").read_text())
    Scorecard.model_validate(results)
    assert results["schema_version"] == "1.0" and results["complete"] is True
    assert set(results["suites"]) == {"medqa", "medmcqa", "pubmedqa", "mmlu_medical"}
    assert results["settings"]["limit"] == 12 and results["settings"]["num_fewshot"] == 0
    assert results["model"]["fingerprint"] == tiny_hf.info.fingerprint
    assert set(results["versions"]) >= {"medeval", "lm_eval", "transformers", "torch", "python"}
    assert all(len(sha) == 64 for sha in results["data"].values()) and len(results["data"]) >= 4
    for name, suite in results["suites"].items():
        lines = (out / "samples" / f"{name}.jsonl").read_text().splitlines()
        expected = 72 if name == "mmlu_medical" else 12
        assert len(lines) == expected == suite["n_items"] == suite["n_requested"]
        for metric in suite["metrics"].values():
            assert metric["ci_low"] <= metric["value"] <= metric["ci_high"]
            assert metric["n"] == expected
        record = json.loads(lines[0])
        for key in (
            "item_id",
            "question",
            "options",
            "target",
            "choice_loglikelihoods",
            "prediction",
            "prediction_norm",
            "correct",
            "metadata",
        ):
            assert key in record
        assert len(record["choice_loglikelihoods"]) == len(record["choices"])
    assert "meta_info" in results["suites"]["medqa"]["breakdowns"]
    assert set(results["suites"]["mmlu_medical"]["breakdowns"]["subject"]) == {
        "anatomy",
        "clinical_knowledge",
        "college_biology",
        "college_medicine",
        "medical_genetics",
        "professional_medicine",
    }
    pooled = results["suites"]["mmlu_medical"]["metrics"]["acc"]
    subjects = results["suites"]["mmlu_medical"]["breakdowns"]["subject"].values()
    assert pooled["value"] == pytest.approx(
        sum(s["value"] * s["n"] for s in subjects) / sum(s["n"] for s in subjects)
    )
    assert outcome.model_calls == 12 * 3 + 72


def test_pubmedqa_metrics_equal_official_evaluation(
    tiny_hf: HFModel, data_dir: Path, tmp_path: Path
) -> None:
    from sklearn.metrics import accuracy_score, f1_score

    out = tmp_path / "run"
    run(
        str(tiny_hf.resolved.weights),
        suites=["pubmedqa"],
        data_dir=data_dir,
        out=out,
        limit=60,
        loaded_model=tiny_hf,
        progress=False,
    )
    records = [json.loads(line) for line in (out / "samples" / "pubmedqa.jsonl").open()]
    labels = ["yes", "no", "maybe"]
    gold = [labels[r["target"]] for r in records]
    pred = [labels[r["prediction"]] for r in records]
    assert len(set(pred)) >= 2, "tiny model predictions must vary for this check to mean anything"
    metrics = json.loads((out / "results.json").read_text())["suites"]["pubmedqa"]["metrics"]
    assert metrics["acc"]["value"] == pytest.approx(accuracy_score(gold, pred))
    assert metrics["macro_f1"]["value"] == pytest.approx(f1_score(gold, pred, average="macro"))
    assert (
        metrics["macro_f1"]["ci_low"]
        <= metrics["macro_f1"]["value"]
        <= metrics["macro_f1"]["ci_high"]
    )


def test_interrupted_run_resumes_without_recomputing(
    tiny_hf: HFModel, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    first = CountingModel(tiny_hf, stop_after_calls=2)
    with pytest.raises(KeyboardInterrupt):
        run(
            "tiny",
            suites=["medqa"],
            data_dir=data_dir,
            out=out,
            limit=150,
            loaded_model=first,
            progress=False,
            use_cache=False,
        )
    assert json.loads((out / "results.json").read_text())["complete"] is False
    done = len((out / "samples" / "medqa.jsonl").read_text().splitlines())
    assert done == 128 == first.requests
    second = CountingModel(tiny_hf)
    outcome = run(
        "tiny",
        suites=["medqa"],
        data_dir=data_dir,
        out=out,
        limit=150,
        loaded_model=second,
        progress=False,
        use_cache=False,
    )
    assert second.requests == 150 - done
    ids = [json.loads(line)["item_id"] for line in (out / "samples" / "medqa.jsonl").open()]
    assert sorted(ids) == sorted(f"medqa-{i}" for i in range(150))
    assert outcome.scorecard.complete


def test_torn_last_line_is_rescored_not_duplicated(
    tiny_hf: HFModel, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    run(
        "tiny",
        suites=["medqa"],
        data_dir=data_dir,
        out=out,
        limit=5,
        loaded_model=tiny_hf,
        progress=False,
        use_cache=False,
    )
    samples = out / "samples" / "medqa.jsonl"
    lines = samples.read_text().splitlines(keepends=True)
    samples.write_text("".join(lines[:3]) + lines[3][:40])  # killed mid-write
    counting = CountingModel(tiny_hf)
    run(
        "tiny",
        suites=["medqa"],
        data_dir=data_dir,
        out=out,
        limit=5,
        loaded_model=counting,
        progress=False,
        use_cache=False,
    )
    assert counting.requests == 2
    assert [json.loads(x)["item_id"] for x in samples.read_text().splitlines()] == [
        "medqa-0",
        "medqa-1",
        "medqa-2",
        "medqa-3",
        "medqa-4",
    ]


def test_killed_process_resumes(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    env = {**os.environ, "MEDEVAL_DATA_DIR": str(data_dir)}
    command = [
        sys.executable,
        "-m",
        "medeval",
        "run",
        "--model",
        str(tiny_model),
        "--suites",
        "medmcqa",
        "--limit",
        "600",
        "--out",
        str(out),
        "--no-cache",
        "--dtype",
        "float32",
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    samples = out / "samples" / "medmcqa.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if samples.is_file() and samples.stat().st_size > 0:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = len(samples.read_text().splitlines()) if samples.is_file() else 0
    assert before < 600
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    ids = [json.loads(line)["item_id"] for line in samples.open()]
    assert len(ids) == len(set(ids)) == 600
    assert json.loads((out / "results.json").read_text())["complete"] is True


def test_resume_with_other_settings_is_refused(
    tiny_hf: HFModel, data_dir: Path, tmp_path: Path
) -> None:
    from medeval.errors import ResumeMismatchError

    out = tmp_path / "run"
    run(
        "tiny",
        suites=["medqa"],
        data_dir=data_dir,
        out=out,
        limit=3,
        loaded_model=tiny_hf,
        progress=False,
    )
    with pytest.raises(ResumeMismatchError, match="limit"):
        run(
            "tiny",
            suites=["medqa"],
            data_dir=data_dir,
            out=out,
            limit=4,
            loaded_model=tiny_hf,
            progress=False,
        )


def test_cache_serves_same_request_only(tiny_hf: HFModel, data_dir: Path, tmp_path: Path) -> None:
    first = CountingModel(tiny_hf)
    run(
        "tiny",
        suites=["mmlu_medical"],
        data_dir=data_dir,
        out=tmp_path / "a",
        limit=2,
        loaded_model=first,
        progress=False,
    )
    assert first.requests == 12
    again = CountingModel(tiny_hf)
    run(
        "tiny",
        suites=["mmlu_medical"],
        data_dir=data_dir,
        out=tmp_path / "b",
        limit=2,
        loaded_model=again,
        progress=False,
    )
    assert again.requests == 0  # same model, same prompts: all from the cache
    fewshot = CountingModel(tiny_hf)
    run(
        "tiny",
        suites=["mmlu_medical"],
        data_dir=data_dir,
        out=tmp_path / "c",
        limit=2,
        num_fewshot=5,
        loaded_model=fewshot,
        progress=False,
    )
    assert fewshot.requests == 12  # a 5-shot prompt is a different request

    class OtherModel(CountingModel):
        pass

    other = OtherModel(tiny_hf)
    other.info = tiny_hf.info.model_copy(update={"fingerprint": "0" * 64})
    run(
        "tiny",
        suites=["mmlu_medical"],
        data_dir=data_dir,
        out=tmp_path / "d",
        limit=2,
        loaded_model=other,
        progress=False,
    )
    assert other.requests == 12  # another model never gets this one's answers
    a = [json.loads(x) for x in (tmp_path / "a" / "samples" / "mmlu_medical.jsonl").open()]
    b = [json.loads(x) for x in (tmp_path / "b" / "samples" / "mmlu_medical.jsonl").open()]
    assert [r["choice_loglikelihoods"] for r in a] == [r["choice_loglikelihoods"] for r in b]


def test_cli_run_on_tiny_model(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        cli,
        [
            "run",
            "--model",
            str(tiny_model),
            "--data-dir",
            str(data_dir),
            "--suites",
            "medqa,pubmedqa",
            "--limit",
            "4",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "medqa" in result.output and "pubmedqa" in result.output and "macro_f1" in result.output
    assert json.loads((out / "results.json").read_text())["complete"] is True


def test_run_gate_exit_codes(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    """Without --gate a finished run exits 0 whatever the verdict; with it a failed gate exits 1."""
    base = [
        "-m",
        "medeval",
        "run",
        "--model",
        str(tiny_model),
        "--data-dir",
        str(data_dir),
        "--suites",
        "medqa",
        "--limit",
        "3",
        "--out",
        str(tmp_path / "run"),
    ]
    env = {**os.environ}

    def medeval(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *base, *extra], env=env, capture_output=True, text=True, timeout=600
        )

    advisory = medeval()
    assert advisory.returncode == 0, advisory.stderr[-2000:]
    assert "FAIL" in advisory.stdout and "advisory" in advisory.stdout
    assert (tmp_path / "run" / "scorecard.html").is_file()
    assert medeval("--gate").returncode == 1
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text("thresholds:\n  - {suite: medqa, metric: acc, op: '>=', bound: 0.0}\n")
    passed = medeval("--gate", str(lenient))
    assert passed.returncode == 0, passed.stdout + passed.stderr[-2000:]
    assert "PASS" in passed.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("thresholds:\n  - {suite: medqa, op: '>=', bound: 0.5}\n")
    bad = medeval("--gate", str(broken))
    assert bad.returncode == 2 and "broken.yaml" in bad.stderr


def test_run_scorecard_names_its_thresholds(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        cli,
        [
            "run",
            "--model",
            str(tiny_model),
            "--data-dir",
            str(data_dir),
            "--suites",
            "medqa",
            "--limit",
            "2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "default thresholds" in (out / "scorecard.html").read_text()
