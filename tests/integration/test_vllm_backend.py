"""The vLLM backend against the Hugging Face backend on the bundled SmolLM2.

vLLM is an optional extra with its own torch, never installed in CI: without it, or without a
CUDA GPU, every test here skips. On a machine with vLLM's CPU build, set MEDEVAL_VLLM_CPU=1 to run
them on the CPU (eager mode), and MEDEVAL_VLLM_TEST_MODEL to an already converted SmolLM2 folder
when vLLM's environment cannot convert the bundled GGUF file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

vllm = pytest.importorskip("vllm")

ON_CPU = os.environ.get("MEDEVAL_VLLM_CPU") == "1"


def _has_cuda() -> bool:
    import torch

    return bool(torch.cuda.is_available())


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (_has_cuda() or ON_CPU), reason="vLLM needs a CUDA GPU (or MEDEVAL_VLLM_CPU=1)"
    ),
]

OPTIONS: dict[str, Any] = {"dtype": "float32", "max_model_len": 2048, "batch_size": 4}
if ON_CPU:
    OPTIONS["enforce_eager"] = True
else:
    OPTIONS["gpu_memory_utilization"] = 0.3


@pytest.fixture(scope="module")
def smollm2(request: pytest.FixtureRequest) -> str:
    """The converted SmolLM2 folder: the session's conversion, or MEDEVAL_VLLM_TEST_MODEL (a
    converted folder, for a vLLM environment that lacks what the GGUF conversion needs)."""
    given = os.environ.get("MEDEVAL_VLLM_TEST_MODEL")
    if given:
        return given
    cache = Path(request.getfixturevalue("smollm2_cache"))
    return str(cache / "models" / "smollm2-135m")


@pytest.fixture(scope="module")
def hf(smollm2: str) -> Any:
    from medeval.models.hf import HFModel

    return HFModel(smollm2, dtype="float32", device="cpu", batch_size=4)


@pytest.fixture(scope="module")
def served(smollm2: str) -> Any:
    from medeval.models.vllm_backend import VLLMModel

    return VLLMModel(smollm2, **OPTIONS)


def requests(data_dir: Path, n: int) -> list[tuple[str, list[str]]]:
    from medeval.suites.medqa import MedQASuite
    from medeval.suites.pubmedqa import PubMedQASuite

    items = MedQASuite().items(data_dir)[:n] + PubMedQASuite().items(data_dir)[:2]
    return [(item.input, [" " + choice for choice in item.choices]) for item in items]


def argmaxes(rows: list[list[float]]) -> list[int]:
    return [max(range(len(row)), key=row.__getitem__) for row in rows]


def test_choice_scores_equal_hf(served: Any, hf: Any, data_dir: Path) -> None:
    batch = requests(data_dir, 10)
    batch.append(("The patient has", [" a fever", " chest pain and dyspnoea", " no"]))
    remote = served.loglikelihood_choices(batch)
    local = hf.loglikelihood_choices(batch)
    for remote_row, local_row in zip(remote, local, strict=True):
        assert remote_row == pytest.approx(local_row, abs=2e-3)
    assert argmaxes(remote) == argmaxes(local)
    assert served.info.backend == "vllm" and served.info.fingerprint != hf.info.fingerprint


def test_generation_and_stream_equal_hf(served: Any, hf: Any) -> None:
    from medeval.backend import GenerationSettings

    settings = GenerationSettings(max_new_tokens=16)
    conversations = [
        [{"role": "user", "content": "What is hypertension?"}],
        [{"role": "user", "content": "Name two symptoms of anaemia."}],
    ]
    answers = served.generate(conversations, settings)
    assert [a.text for a in answers] == [a.text for a in hf.generate(conversations, settings)]
    assert "".join(served.stream(conversations[0], settings)) == answers[0].text


@pytest.mark.xfail(
    ON_CPU,
    reason="vLLM 0.32's CPU build fails inside its LoRA kernels when prompt log-probabilities "
    "are asked for (einsum shape error); the GPU path is the supported one",
    strict=False,
)
def test_lora_adapter_is_served(smollm2: str, hf: Any, tmp_path: Path, data_dir: Path) -> None:
    import torch
    from peft import LoraConfig, get_peft_model

    from medeval.models.hf import HFModel
    from medeval.models.vllm_backend import VLLMModel

    torch.manual_seed(0)
    config = LoraConfig(
        r=8, lora_alpha=32, target_modules=["q_proj", "v_proj"], init_lora_weights=False
    )
    adapted = get_peft_model(hf.model, config)
    adapter = tmp_path / "adapter"
    adapted.save_pretrained(adapter)
    adapted.unload()  # leave the shared base model as it was
    batch = requests(data_dir, 4)
    local = HFModel(str(adapter), base_model=smollm2, dtype="float32", device="cpu")
    served = VLLMModel(str(adapter), base_model=smollm2, **OPTIONS)
    assert served.info.adapter == str(adapter)
    expected = local.loglikelihood_choices(batch)
    base = [v for row in hf.loglikelihood_choices(batch) for v in row]
    assert [v for row in expected for v in row] != pytest.approx(base, abs=1e-3)  # it acts
    for remote_row, local_row in zip(served.loglikelihood_choices(batch), expected, strict=True):
        assert remote_row == pytest.approx(local_row, abs=2e-3)


@pytest.mark.skipif(
    ON_CPU or not _has_cuda() or __import__("torch").cuda.device_count() < 2,
    reason="tensor parallelism needs two GPUs",
)
def test_tensor_parallel_scores_equal(served: Any, data_dir: Path) -> None:
    from medeval.models.vllm_backend import VLLMModel

    batch = requests(data_dir, 6)
    sharded = VLLMModel(served.resolved.weights, tensor_parallel_size=2, **OPTIONS)
    expected = served.loglikelihood_choices(batch)
    for row, single in zip(sharded.loglikelihood_choices(batch), expected, strict=True):
        assert row == pytest.approx(single, abs=2e-3)
