"""Choosing a backend: names, URLs, options that belong to another backend, a missing vLLM."""

from __future__ import annotations

import importlib.util

import pytest

from medeval.backend_cli import split_backend_flags
from medeval.errors import ModelLoadError, UsageError
from medeval.registry import MODEL_GROUP, Registry
from medeval.runner import resolve_backend


def test_resolve_backend() -> None:
    assert resolve_backend("./model", None) == "hf"
    assert resolve_backend("openai://h:1/m", None) == "openai"
    assert resolve_backend("m", None, {"base_url": "http://h/v1"}) == "openai"
    assert resolve_backend("./model", "vllm") == "vllm"
    with pytest.raises(UsageError, match="need --backend openai"):
        resolve_backend("openai://h:1/m", "hf")


def test_backend_flags_must_fit_the_backend() -> None:
    flags = {"backend": None, "max_concurrency": 4, "tensor_parallel_size": None}
    assert split_backend_flags("openai://h:1/m", flags) == ("openai", {"max_concurrency": 4})
    assert split_backend_flags("./m", {"backend": None}) == ("hf", {})
    with pytest.raises(UsageError, match="--max-concurrency do"):
        split_backend_flags("./m", flags)
    with pytest.raises(UsageError, match="--tensor-parallel-size"):
        split_backend_flags("openai://h:1/m", {"tensor_parallel_size": 2})
    assert split_backend_flags("./m", {"backend": "vllm", "tensor_parallel_size": 2}) == (
        "vllm",
        {"tensor_parallel_size": 2},
    )


def test_backends_are_registered() -> None:
    registry = Registry.from_entry_points(MODEL_GROUP)
    assert {"hf", "openai", "vllm"} <= set(registry.names())
    assert registry.load("openai").__name__ == "OpenAIEndpointModel"


@pytest.mark.skipif(importlib.util.find_spec("vllm") is not None, reason="vLLM is installed")
def test_missing_vllm_is_a_clear_error() -> None:
    from medeval.models.vllm_backend import VLLMModel

    with pytest.raises(ModelLoadError, match=r"pip install 'medeval\[vllm\]'"):
        VLLMModel("./model", tensor_parallel_size=2)
