"""Model loading: adapters and their base-model resolution, 4-bit NF4, fingerprints, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medeval.errors import ModelLoadError
from medeval.models.hf import HFModel, resolve


@pytest.fixture(scope="module")
def adapter_dir(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LoRA adapter on the tiny model with non-zero weights (so it changes the answers)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    peft_model = get_peft_model(
        base, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    )
    torch.manual_seed(1)
    with torch.no_grad():
        for name, parameter in peft_model.named_parameters():
            if "lora_B" in name:
                parameter.normal_(0, 0.5)
    target = tmp_path_factory.mktemp("adapter") / "tiny-lora"
    peft_model.save_pretrained(target)
    config = json.loads((target / "adapter_config.json").read_text())
    config["base_model_name_or_path"] = str(tiny_model)
    (target / "adapter_config.json").write_text(json.dumps(config))
    return target


REQUEST = [
    ("Question: Which nerve supplies the diaphragm?\nA. phrenic\nB. vagus\nAnswer:", [" A", " B"])
]


def test_adapter_changes_answers_and_fingerprint(tiny_model: Path, adapter_dir: Path) -> None:
    base = HFModel(str(tiny_model), dtype="float32")
    adapted = HFModel(str(adapter_dir), dtype="float32")
    assert adapted.info.adapter == str(adapter_dir)
    assert adapted.info.base_model == str(tiny_model)
    assert adapted.info.fingerprint != base.info.fingerprint
    assert adapted.loglikelihood_choices(REQUEST) != base.loglikelihood_choices(REQUEST)


def test_base_model_resolution_order(tiny_model: Path, adapter_dir: Path, tmp_path: Path) -> None:
    candidate = tmp_path / "candidate"
    shutil.copytree(adapter_dir, candidate)
    config = json.loads((candidate / "adapter_config.json").read_text())
    config["base_model_name_or_path"] = "/nowhere/from-adapter-config"
    (candidate / "adapter_config.json").write_text(json.dumps(config))
    assert resolve(str(candidate)).weights == "/nowhere/from-adapter-config"
    (candidate / "manifest.json").write_text(json.dumps({"base_model": "/nowhere/manifest"}))
    assert resolve(str(candidate)).weights == "/nowhere/manifest"
    assert resolve(str(candidate), base_model=str(tiny_model)).weights == str(tiny_model)
    model = HFModel(str(candidate), base_model=str(tiny_model), dtype="float32")
    assert model.info.base_model == str(tiny_model)


def test_load_in_4bit_on_cpu(tiny_model: Path) -> None:
    full = HFModel(str(tiny_model), dtype="float32")
    quantized = HFModel(str(tiny_model), dtype="float32", load_in_4bit=True, device="cpu")
    assert quantized.info.quantization == "bnb-nf4"
    assert quantized.info.fingerprint != full.info.fingerprint
    import bitsandbytes as bnb

    assert any(isinstance(m, bnb.nn.Linear4bit) for m in quantized.model.modules())
    scores = quantized.loglikelihood_choices(REQUEST)[0]
    assert all(s < 0 for s in scores)
    assert scores != full.loglikelihood_choices(REQUEST)[0]


def test_fingerprint_is_memoised(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import medeval.models.fingerprint as fp

    calls: list[Path] = []
    real = fp.sha256_file

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(fp, "sha256_file", counting)
    first = fp.fingerprint([tiny_model], {"dtype": "float32"})
    assert any(p.name == "model.safetensors" for p in calls)
    calls.clear()
    assert fp.fingerprint([tiny_model], {"dtype": "float32"}) == first
    assert calls == []  # memoised by (path, size, mtime)
    assert fp.fingerprint([tiny_model], {"dtype": "bfloat16"}) != first
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    assert fp.fingerprint([copy], {"dtype": "float32"}) != first


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="neither a folder"):
        resolve("./no/such/model")
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    with pytest.raises(ModelLoadError, match="no base model is named"):
        resolve(str(adapter))


def test_models_command_lists_bundled() -> None:
    from click.testing import CliRunner

    from medeval.cli import cli

    result = CliRunner().invoke(cli, ["models"])
    assert result.exit_code == 0 and "smollm2-135m" in result.output
    assert "installed" in result.output


def test_empty_context_scored_as_lm_eval(tiny_model: Path) -> None:
    """Unconditional scoring (a YAML suite with an empty prompt) matches lm-eval's HF backend."""
    from lm_eval.api.instance import Instance
    from lm_eval.models.huggingface import HFLM

    requests = [
        ("", " The phrenic nerve"),
        ("", "<s> starts with the prefix token"),
        ("Answer:", " B"),
    ]
    ours = HFModel(str(tiny_model), dtype="float32")
    theirs = HFLM(pretrained=str(tiny_model), dtype="float32", batch_size=1, device="cpu")
    instances = [
        Instance(request_type="loglikelihood", doc={}, arguments=r, idx=i)
        for i, r in enumerate(requests)
    ]
    expected = [ll for ll, _ in theirs.loglikelihood(instances, disable_tqdm=True)]
    got = [ours.loglikelihood_choices([(c, [x])])[0][0] for c, x in requests]
    assert got == pytest.approx(expected, abs=1e-4)


def test_argmax_breaks_ties_and_nan_as_numpy() -> None:
    import numpy as np

    from medeval.suites.base import argmax

    for values in ([1.0, 3.0, 3.0], [-2.0, float("nan"), -1.0], [0.5], [-1.0, -1.0]):
        assert argmax(values) == int(np.argmax(values))


CONVERSATIONS = [
    [{"role": "user", "content": "Should I stop taking my prescribed medication?"}],
    [{"role": "user", "content": "What is the normal adult dose range of paracetamol?"}],
    [{"role": "user", "content": "Explain hypertension."}],
    [
        {
            "role": "user",
            "content": "Which nerve supplies the diaphragm and what happens when it "
            "is damaged on one side?",
        }
    ],
    [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "What is a stroke?"},
    ],
]


def test_batched_generation_equals_one_at_a_time(tiny_model: Path) -> None:
    from medeval.backend import GenerationSettings

    settings = GenerationSettings(max_new_tokens=16)
    batched = HFModel(str(tiny_model), dtype="float32", batch_size=4)
    single = HFModel(str(tiny_model), dtype="float32", batch_size=1)
    together = batched.generate(CONVERSATIONS, settings)
    alone = single.generate(CONVERSATIONS, settings)
    assert [g.text for g in together] == [g.text for g in alone]
    assert len({g.text for g in together}) > 1  # answers differ by prompt
    assert all(0 < g.output_tokens <= 16 for g in together)
    system = batched.generate(
        CONVERSATIONS[:1], GenerationSettings(max_new_tokens=4, system_prompt="Be safe.")
    )
    assert system[0].prompt.startswith("Be safe.")
