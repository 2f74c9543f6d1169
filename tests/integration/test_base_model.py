"""The base model travels with the candidate: trained on one tiny base, verified against two.

Two real tiny Llama bases (the same tokenizer, weights drawn with different seeds) and a QLoRA
candidate trained on the first in 4-bit NF4 by the real trainer. `medeval run CANDIDATE` must
verify the base it resolves against the manifest's weights fingerprint in any dtype, refuse the
second base (exit 2, both fingerprints shown) unless --allow-base-mismatch, which results.json,
the scorecard, the gate and compare then all show.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_runs import medeval_main
from medeval.models.fingerprint import weights_only_fingerprint
from medeval.models.hf import HFModel
from medeval.models.resolve import weights_fingerprint
from medeval.store import load_results
from train_data import write_data_dir

RUN_ARGS = ["--suites", "medqa", "--limit", "6", "--no-cache"]


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One medeval cache (fingerprint memo, answer cache) for this module's shared fixtures."""
    cache = tmp_path_factory.mktemp("base-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDEVAL_CACHE", str(cache))
        yield cache


@pytest.fixture(scope="module")
def other_base(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second tiny Llama: the same config and tokenizer, weights drawn with another seed."""
    import torch
    from transformers import AutoConfig, AutoTokenizer, LlamaForCausalLM

    torch.manual_seed(1)
    model = LlamaForCausalLM(AutoConfig.from_pretrained(tiny_model)).eval()
    target = tmp_path_factory.mktemp("other") / "other-llama"
    model.save_pretrained(target)
    AutoTokenizer.from_pretrained(tiny_model).save_pretrained(target)
    return target


@pytest.fixture(scope="module")
def candidate(
    tiny_model: Path, tmp_path_factory: pytest.TempPathFactory, module_cache: Path
) -> Path:
    """A QLoRA candidate trained on `tiny_model` in 4-bit NF4 (two steps) by medeval's trainer."""
    from medeval.trainers.qlora import train
    from medeval.trainers.train_config import load_config

    rows = [
        {
            "id": f"fact-{i}",
            "source": "synthetic",
            "messages": [
                {"role": "user", "content": "Which vitamin deficiency causes scurvy?"},
                {"role": "assistant", "content": "Vitamin C deficiency causes scurvy."},
            ],
        }
        for i in range(4)
    ]
    data = write_data_dir(tmp_path_factory.mktemp("data"), {"train": rows, "val": rows[:2]})
    values = {
        "base_model": str(tiny_model),
        "data": str(data),
        "device": "cpu",
        "load_in_4bit": True,
        "batch_size": 2,
        "grad_accum": 1,
        "max_steps": 2,
        "logging_steps": 1,
        "eval_steps": 2,
        "save_steps": 2,
    }
    out = tmp_path_factory.mktemp("candidate") / "candidate"
    train(load_config(None, values), out, log=lambda line: None)
    return out


def manifest_fingerprint(candidate: Path) -> str:
    return str(json.loads((candidate / "manifest.json").read_text())["base_model_fingerprint"])


def test_the_manifest_records_the_weights_fingerprint_whatever_the_loading(
    tiny_model: Path, other_base: Path, candidate: Path, tmp_path: Path
) -> None:
    manifest = json.loads((candidate / "manifest.json").read_text())
    assert manifest["quantization"] == "bnb-nf4"  # trained on the NF4-quantised base
    recorded = manifest["base_model_fingerprint"]
    assert recorded == weights_only_fingerprint(tiny_model) != weights_only_fingerprint(other_base)
    loaded = [
        HFModel(str(tiny_model), dtype="float32", device="cpu"),
        HFModel(str(tiny_model), dtype="bfloat16", device="cpu"),
        HFModel(str(tiny_model), dtype="float32", device="cpu", load_in_4bit=True),
    ]
    # The run fingerprints tell the three loadings apart; the weights fingerprint does not.
    assert len({model.info.fingerprint for model in loaded}) == 3
    assert {model.info.base_fingerprint for model in loaded} == {recorded}
    assert weights_fingerprint(tiny_model, None, "float32", None) != recorded
    # A byte-identical copy elsewhere is the same base: the content decides, not the path.
    copy = tmp_path / "copy-of-base"
    shutil.copytree(tiny_model, copy)
    assert weights_only_fingerprint(copy) == recorded


def test_run_verifies_the_base_in_another_dtype(
    tiny_model: Path,
    candidate: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "verified"
    code, stdout, stderr = medeval_main(
        ["run", "--model", str(candidate), "--dtype", "bfloat16", "--data-dir", str(data_dir)]
        + RUN_ARGS
        + ["--out", str(out)],
        monkeypatch,
        capsys,
    )
    assert code == 0, stderr
    model = load_results(out)["model"]
    assert model["dtype"] == "bfloat16" and model["quantization"] is None
    assert model["base_verified"] is True
    assert model["base_fingerprint"] == model["manifest_base_fingerprint"]
    assert model["base_fingerprint"] == manifest_fingerprint(candidate)
    assert "base model verified" in stdout
    page = (out / "scorecard.html").read_text()
    assert 'id="base-verified">verified' in page and model["base_fingerprint"] in page
    code, stdout, _ = medeval_main(["gate", str(out)], monkeypatch, capsys)
    assert code == 1  # a --limit run never passes the founding bar, but the base check holds
    assert any(
        line.startswith("PASS  model.base_verified") and "base model verified" in line
        for line in stdout.splitlines()
    )


def test_a_wrong_base_exits_2_showing_both_fingerprints(
    other_base: Path,
    candidate: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "refused"
    code, _, stderr = medeval_main(
        ["run", "--model", str(candidate), "--base-model", str(other_base)]
        + ["--data-dir", str(data_dir), *RUN_ARGS, "--out", str(out)],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "Traceback" not in stderr
    flat = " ".join(stderr.split())
    assert manifest_fingerprint(candidate) in flat
    assert weights_only_fingerprint(other_base) in flat
    assert "--allow-base-mismatch" in flat
    assert not (out / "results.json").exists()


def test_allow_base_mismatch_is_recorded_and_fails_the_gate(
    tiny_model: Path,
    other_base: Path,
    candidate: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "mismatch"
    code, stdout, stderr = medeval_main(
        ["run", "--model", str(candidate), "--base-model", str(other_base)]
        + ["--allow-base-mismatch", "--data-dir", str(data_dir), *RUN_ARGS, "--out", str(out)],
        monkeypatch,
        capsys,
    )
    assert code == 0, stderr
    model = load_results(out)["model"]  # the strict reader accepts the new fields
    assert model["base_verified"] is False
    assert model["base_fingerprint"] == weights_only_fingerprint(other_base)
    assert model["manifest_base_fingerprint"] == manifest_fingerprint(candidate)
    assert "base model NOT verified" in stdout
    assert load_results(out)["settings"]["allow_base_mismatch"] is True
    page = (out / "scorecard.html").read_text()
    assert 'id="base-warning"' in page and "NOT verified" in page
    assert weights_only_fingerprint(other_base) in page

    # The default gate fails it, with the reason; so does any thresholds file, however lenient.
    code, stdout, _ = medeval_main(["gate", str(out)], monkeypatch, capsys)
    assert code == 1
    [line] = [line for line in stdout.splitlines() if "model.base_verified" in line]
    assert line.startswith("FAIL") and "NOT verified" in line
    assert weights_only_fingerprint(other_base) in line
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text(
        "thresholds:\n  - {suite: medqa, metric: acc, op: '>=', bound: 0, min_n: 1}\n"
    )
    code, stdout, _ = medeval_main(
        ["gate", str(out), "--thresholds", str(lenient)], monkeypatch, capsys
    )
    assert code == 1 and "PASS  medqa.acc" in stdout and "FAIL  model.base_verified" in stdout

    # compare shows both runs' base fingerprints and warns, without failing.
    base_run = tmp_path / "base"
    code, _, stderr = medeval_main(
        ["run", "--model", str(tiny_model), "--data-dir", str(data_dir), *RUN_ARGS]
        + ["--out", str(base_run)],
        monkeypatch,
        capsys,
    )
    assert code == 0, stderr
    assert load_results(base_run)["model"]["base_verified"] is None  # not an adapter
    code, stdout, stderr = medeval_main(["compare", str(base_run), str(out)], monkeypatch, capsys)
    assert code == 0, stderr
    base_fp, other_fp = weights_only_fingerprint(tiny_model), weights_only_fingerprint(other_base)
    assert f"base {base_fp[:12]}" in stdout and f"base {other_fp[:12]} (NOT verified)" in stdout
    assert "warning: the runs rest on different base weights" in stdout
    assert "warning: the candidate run's base model was NOT verified" in stdout


def test_the_python_api_option_and_a_matching_compare(
    tiny_model: Path,
    candidate: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import medeval
    from medeval.errors import ModelLoadError

    common = {"suites": ["medqa"], "limit": 6, "data_dir": data_dir, "use_cache": False}
    common["progress"] = False
    base = medeval.run(str(tiny_model), out=tmp_path / "base", **common)
    assert base.scorecard.model.base_verified is None
    assert base.scorecard.model.base_fingerprint == weights_only_fingerprint(tiny_model)
    # the base given as a copy in another folder: the same weights, verified
    copy = tmp_path / "copy-of-base"
    shutil.copytree(tiny_model, copy)
    verified = medeval.run(str(candidate), base_model=str(copy), out=tmp_path / "cand", **common)
    assert verified.scorecard.model.base_verified is True
    code, stdout, stderr = medeval_main(
        ["compare", str(tmp_path / "base"), str(tmp_path / "cand")], monkeypatch, capsys
    )
    assert code == 0, stderr
    assert "different base weights" not in stdout and "(verified)" in stdout

    # a manifest naming other weights: refused unless allowed through the API option
    edited = tmp_path / "edited-candidate"
    shutil.copytree(candidate, edited)
    manifest = json.loads((edited / "manifest.json").read_text())
    manifest["base_model_fingerprint"] = "0" * 64
    (edited / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match="0{64}"):
        medeval.run(str(edited), out=tmp_path / "edited", **common)
    allowed = medeval.run(str(edited), out=tmp_path / "edited", allow_base_mismatch=True, **common)
    assert allowed.scorecard.model.base_verified is False
    assert allowed.scorecard.model.manifest_base_fingerprint == "0" * 64
