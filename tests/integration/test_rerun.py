"""Re-running a finished run re-reads its records: no model is loaded, no model call is made."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medeval import run
from medeval.errors import ResumeMismatchError
from medeval.models import hf


def _refuse_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(hf.HFModel, "__init__", refuse)


def test_finished_run_reruns_without_the_model(
    tiny_model: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    out = tmp_path / "run"
    settings = {
        "suites": ["medqa", "pubmedqa"],
        "data_dir": data_dir,
        "out": out,
        "limit": 3,
        "dtype": "float32",
        "device": "cpu",
        "progress": False,
    }
    first = run(str(model), **settings)
    assert first.model_calls == 6 and first.scorecard.complete
    before = json.loads((out / "results.json").read_text())
    samples = {p.name: p.read_text() for p in (out / "samples").iterdir()}

    with monkeypatch.context() as patch:
        _refuse_loading(patch)
        again = run(str(model), **settings)
    assert again.model_calls == 0
    assert again.scored_now == {"medqa": 0, "pubmedqa": 0}
    after = json.loads((out / "results.json").read_text())
    assert after["model"] == before["model"]
    assert after["suites"] == before["suites"] and after["complete"]
    assert {p.name: p.read_text() for p in (out / "samples").iterdir()} == samples
    assert (out / "scorecard.html").is_file()

    # changed model files: the model is loaded again, and the fingerprint check refuses the run
    config = json.loads((model / "config.json").read_text())
    config["rms_norm_eps"] = 1e-5 if config.get("rms_norm_eps") != 1e-5 else 1e-6
    (model / "config.json").write_text(json.dumps(config))
    with pytest.raises(ResumeMismatchError):
        run(str(model), **settings)


def test_unfinished_run_still_loads_the_model(
    tiny_model: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "run"
    common = {
        "data_dir": data_dir,
        "out": out,
        "dtype": "float32",
        "progress": False,
        "use_cache": False,  # a cached answer would be served without a model call
    }
    run(str(tiny_model), suites=["medqa"], limit=2, render=False, **common)
    # one more item requested (another limit is another run): the same folder with limit 3 is
    # refused by the resume check; a missing sample line is what "unfinished" means here
    lines = (out / "samples" / "medqa.jsonl").read_text().splitlines()
    (out / "samples" / "medqa.jsonl").write_text(lines[0] + "\n")
    with monkeypatch.context() as patch:
        _refuse_loading(patch)
        with pytest.raises(AssertionError, match="the model was loaded"):
            run(str(tiny_model), suites=["medqa"], limit=2, render=False, **common)
    outcome = run(str(tiny_model), suites=["medqa"], limit=2, render=False, **common)
    assert outcome.model_calls == 1 and outcome.scorecard.complete
