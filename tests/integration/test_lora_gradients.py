"""LoRA gradients through a 4-bit base on the CPU equal those through the de-quantised base.

The reference is the same tiny Llama whose linear weights are replaced by
``dequantize_4bit(quantize_4bit(W))`` in float32, with the same LoRA weights: the two models
compute the same function, so the only difference left is the path the 4-bit layers take
(bitsandbytes' kernels and their backward). Every adapter tensor, A and B of every linear layer of
every block, is compared.

Tolerance: relative norm error ``||g4 - gref|| <= 1e-4 * ||gref||`` per tensor (plus 1e-9 absolute
for tensors whose true gradient is zero, the query and key adapters of a one-token input). Both
sides run in float32 on the same de-quantised weights, so only summation order may differ: about
1e-7 relative per matmul, a few times that through three blocks; 1e-4 leaves ample room for that
while a wrong path is off by order 1 (the repacked kernel below gives a relative error above 1 and
cosines below 0). In practice the errors measured here are exactly 0: bitsandbytes' CPU
``gemm_4bit`` de-quantises and calls the same float32 ``linear``.

Inputs cover the usual training shape (batch 2 x 16 tokens) and the inference shape
(batch 1 x 1 token, where bitsandbytes has used a gemv kernel), each after an evaluation pass,
which is when bitsandbytes (0.50) repacks a layer for its CPU inference kernel.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from medeval.trainers.qlora import load_model, lora_config, train
from medeval.trainers.train_config import TrainConfig, load_config
from train_data import write_data_dir

RTOL = 1e-4
ATOL = 1e-9
NO_AUTOGRAD = "autograd kernel was not registered"
LAYERS = 3
LINEARS = 7  # q, k, v, o, gate, up, down
SENTENCES = [
    "Which vitamin deficiency causes scurvy? Vitamin C deficiency causes scurvy.",
    "Which organ produces insulin? The pancreas, in the beta cells of its islets.",
    "What does HbA1c measure? Average blood glucose over about three months.",
    "What is a normal adult resting heart rate? Between 60 and 100 beats per minute.",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-block Llama, hidden size 128 (two 64-value NF4 blocks per row), with a byte-level BPE
    tokenizer trained on a few sentences."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    target = tmp_path_factory.mktemp("grad-base") / "tiny-llama"
    tokenizer = Tokenizer(models.BPE(unk_token=None))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(
        SENTENCES * 4,
        trainer=trainers.BpeTrainer(
            vocab_size=320,
            special_tokens=["<s>", "</s>", "<pad>"],
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        ),
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(fast),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=LAYERS,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        initializer_range=0.1,
        bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id,
        pad_token_id=fast.pad_token_id,
        tie_word_embeddings=False,
    )
    LlamaForCausalLM(config).save_pretrained(target)
    fast.save_pretrained(target)
    return target


def dequantised_twin(quantised: Any, base_dir: Path, config: TrainConfig) -> Any:
    """The float32 base whose every 4-bit linear weight is replaced by its de-quantised value,
    with LoRA adapters holding the same weights as `quantised`'s."""
    import bitsandbytes as bnb
    import bitsandbytes.functional as bnbf
    import torch
    from peft import get_peft_model
    from transformers import AutoModelForCausalLM

    reference = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
    layers = dict(quantised.base_model.model.named_modules())
    replaced = 0
    for name, module in reference.named_modules():
        four_bit = getattr(layers.get(name), "base_layer", layers.get(name))
        if isinstance(four_bit, bnb.nn.Linear4bit):
            weight = bnbf.dequantize_4bit(four_bit.weight.data, four_bit.weight.quant_state)
            module.weight.data = weight.to(torch.float32).reshape(module.weight.shape)
            replaced += 1
    assert replaced == LAYERS * LINEARS
    reference = get_peft_model(reference, lora_config(config))
    ours = dict(quantised.named_parameters())
    for name, parameter in reference.named_parameters():
        if parameter.requires_grad or name.endswith(("embed_tokens.weight", "norm.weight")):
            parameter.data.copy_(ours[name].data.to(torch.float32))
    return reference


def randomise_adapters(model: Any, seed: int) -> None:
    """Non-zero A and B (a fresh adapter has B = 0, so every A gradient would be zero)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    for name, parameter in model.named_parameters():
        if "lora_" in name:
            parameter.data.copy_(torch.randn(parameter.shape, generator=generator) * 0.05)


def adapter_gradients(model: Any, input_ids: Any, targets: Any) -> dict[str, Any]:
    """Gradients of every LoRA tensor for the next-token loss of `targets` (one per position,
    so that a one-token input has a loss too)."""
    model.train()
    model.zero_grad(set_to_none=True)
    logits = model(input_ids=input_ids).logits.float()
    loss = -logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).mean()
    loss.backward()
    grads = {}
    for name, parameter in model.named_parameters():
        if "lora_" in name:
            assert parameter.grad is not None, f"{name} got no gradient"
            grads[name] = parameter.grad.detach().clone()
    return grads


def disagreements(ours: dict[str, Any], reference: dict[str, Any]) -> tuple[list[str], float]:
    """Tensors outside the tolerance, and the largest relative norm error among the others."""
    assert ours.keys() == reference.keys()
    assert len(reference) == LAYERS * LINEARS * 2  # A and B of every linear of every block
    bad, worst = [], 0.0
    for name, expected in reference.items():
        error = float((ours[name] - expected).norm())
        scale = float(expected.norm())
        if error > RTOL * scale + ATOL:
            bad.append(f"{name}: |diff| {error:.3e} vs |grad| {scale:.3e}")
        elif scale > 0:
            worst = max(worst, error / scale)
    return bad, worst


def evaluation_pass(model: Any, input_ids: Any) -> None:
    """What the Trainer's evaluation does: eval mode, no gradients."""
    import torch

    model.eval()
    with torch.no_grad():
        model(input_ids=input_ids)


@pytest.fixture(scope="module")
def models(base: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, TrainConfig]:
    config = TrainConfig(
        data=str(tmp_path_factory.mktemp("unused")),
        base_model=str(base),
        lora_r=8,
        lora_alpha=16,
        lora_dropout=0.0,
    )
    quantised, _ = load_model(config, str(base), "cpu", "fp32")
    randomise_adapters(quantised, seed=1)
    return quantised, dequantised_twin(quantised, base, config), config


SHAPES = {"batch_2x16": (2, 16), "one_token_1x1": (1, 1)}


@pytest.mark.parametrize("shape", list(SHAPES), ids=list(SHAPES))
def test_4bit_lora_gradients_match_dequantised_base(
    shape: str, models: tuple[Any, Any, TrainConfig]
) -> None:
    import torch

    quantised, reference, _ = models
    generator = torch.Generator().manual_seed(3)
    batch, length = SHAPES[shape]
    vocab = quantised.config.vocab_size
    input_ids = torch.randint(0, vocab, (batch, length), generator=generator)
    targets = torch.randint(0, vocab, (batch, length), generator=generator)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evaluation_pass(quantised, input_ids)
        ours = adapter_gradients(quantised, input_ids, targets)
    expected = adapter_gradients(reference, input_ids, targets)
    bad, worst = disagreements(ours, expected)
    assert not bad, f"{len(bad)} of {len(expected)} adapter gradients differ:\n" + "\n".join(bad)
    assert not [w for w in caught if NO_AUTOGRAD in str(w.message)]
    nonzero = [name for name, grad in expected.items() if float(grad.norm()) > 1e-6]
    # one token: the query and key adapters' true gradient is zero (softmax over one key)
    assert len(nonzero) >= (len(expected) if length > 1 else len(expected) - 4 * LAYERS)
    print(f"\n{shape}: {len(expected)} adapter tensors, largest relative error {worst:.2e}")


def test_comparison_detects_the_repacked_kernel(base: Path, tmp_path: Path) -> None:
    """The same comparison with bitsandbytes left free to repack for its CPU inference kernel
    (what medeval's trainer turns off) fails by far: the check above can tell a wrong path."""
    import bitsandbytes as bnb
    import torch
    from bitsandbytes.functional import has_avx512bf16

    if not has_avx512bf16():
        pytest.skip("bitsandbytes repacks 4-bit layers only on CPUs with AVX512-BF16")
    config = TrainConfig(
        data=str(tmp_path), base_model=str(base), lora_r=8, lora_alpha=16, lora_dropout=0.0
    )
    quantised, _ = load_model(config, str(base), "cpu", "fp32")
    randomise_adapters(quantised, seed=1)
    reference = dequantised_twin(quantised, base, config)
    for module in quantised.modules():
        if isinstance(module, bnb.nn.Linear4bit):
            module.support_avx512bf16_for_cpu = True  # bitsandbytes' own default here
    generator = torch.Generator().manual_seed(3)
    input_ids = torch.randint(0, quantised.config.vocab_size, (2, 16), generator=generator)
    targets = torch.randint(0, quantised.config.vocab_size, (2, 16), generator=generator)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        evaluation_pass(quantised, input_ids)
        ours = adapter_gradients(quantised, input_ids, targets)
    if not [w for w in caught if NO_AUTOGRAD in str(w.message)]:
        pytest.skip("this bitsandbytes differentiates its CPU inference kernel")
    bad, _ = disagreements(ours, adapter_gradients(reference, input_ids, targets))
    assert len(bad) >= LAYERS * LINEARS  # most of the 42 tensors are wrong, not one or two


class GradientProbe:
    """Trainer callback: the adapters' weights at the start of step `step` (1-based) and their
    gradients just before that step's optimizer update."""

    def __init__(self, step: int) -> None:
        self.step = step
        self.weights: dict[str, Any] = {}
        self.grads: dict[str, Any] = {}

    def on_step_begin(
        self, args: Any, state: Any, control: Any, model: Any = None, **_: Any
    ) -> None:
        if state.global_step == self.step - 1:
            self.weights = {
                n: p.detach().clone() for n, p in model.named_parameters() if "lora_" in n
            }

    def on_pre_optimizer_step(
        self, args: Any, state: Any, control: Any, model: Any = None, **_: Any
    ) -> None:
        if state.global_step == self.step - 1:
            self.grads = {
                n: p.grad.detach().clone() for n, p in model.named_parameters() if "lora_" in n
            }

    def __getattr__(self, name: str) -> Any:  # the other Trainer events: nothing to do
        if name.startswith("on_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)


def test_trainer_step_gradients_match_dequantised_base(base: Path, tmp_path: Path) -> None:
    """Inside medeval's trainer: after its evaluation at step 0, the gradients of a training step
    (the whole training split as one batch) equal those of the de-quantised base on that batch."""
    import torch
    from transformers import AutoTokenizer, DataCollatorForSeq2Seq

    from medeval.trainers.qlora import IGNORE_INDEX, encode

    rows = [
        {
            "id": f"fact-{i}",
            "source": "synthetic",
            "messages": [
                {"role": "user", "content": text.split("? ")[0] + "?"},
                {"role": "assistant", "content": text.split("? ")[1]},
            ],
        }
        for i, text in enumerate(SENTENCES)
    ]
    data = write_data_dir(tmp_path / "data", {"train": rows, "val": rows[:2], "test": rows[:1]})
    config = load_config(
        None,
        {
            "base_model": str(base),
            "data": str(data),
            "device": "cpu",
            "batch_size": len(rows),
            "grad_accum": 1,
            "max_steps": 2,
            "lora_r": 8,
            "lora_alpha": 16,
            "lora_dropout": 0.0,
            "learning_rate": 1e-2,
            "warmup_ratio": 0.0,
            "max_grad_norm": 1e9,  # no clipping: the captured gradients are the raw ones
            "logging_steps": 1,
            "eval_steps": 10,
            "save_steps": 10,
        },
    )
    probe = GradientProbe(step=2)  # B is zero at step 1, so every A gradient would be zero
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = train(config, tmp_path / "candidate", extra_callbacks=[probe], log=lambda _: None)
    assert [h["step"] for h in outcome.log_history if "eval_loss" in h][0] == 0
    assert probe.grads and probe.weights.keys() == probe.grads.keys()

    reference = dequantised_twin(outcome.model, base, config)
    current = dict(reference.named_parameters())
    for name, value in probe.weights.items():
        current[name].data.copy_(value)
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoded = [encode(tokenizer, row["messages"], config.cutoff_len) for row in rows]
    for row in encoded:
        row.pop("truncated")
    collate = DataCollatorForSeq2Seq(tokenizer, label_pad_token_id=IGNORE_INDEX, padding=True)
    batch = collate(encoded)
    reference.train()
    reference.zero_grad(set_to_none=True)
    reference(**batch).loss.backward()
    expected = {n: p.grad.detach().clone() for n, p in reference.named_parameters() if "lora_" in n}
    bad, worst = disagreements(probe.grads, expected)
    assert not bad, f"{len(bad)} of {len(expected)} adapter gradients differ:\n" + "\n".join(bad)
    assert all(float(grad.norm()) > 0 for grad in expected.values())
    assert not [w for w in caught if NO_AUTOGRAD in str(w.message)]
    assert torch.isfinite(torch.stack([g.norm() for g in expected.values()])).all()
    print(f"\ntrainer step 2: {len(expected)} adapter tensors, largest relative error {worst:.2e}")


def test_trainer_stops_when_a_layer_is_repacked(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should bitsandbytes repack a layer all the same (here: medeval's switch undone), training
    stops at the evaluation that did it instead of stepping on wrong gradients."""
    from bitsandbytes.functional import has_avx512bf16

    import medeval.trainers.qlora as qlora

    if not has_avx512bf16():
        pytest.skip("bitsandbytes repacks 4-bit layers only on CPUs with AVX512-BF16")
    monkeypatch.setattr(qlora, "keep_4bit_autograd", lambda model: 0)
    rows = [
        {
            "id": f"fact-{i}",
            "source": "synthetic",
            "messages": [
                {"role": "user", "content": "Which organ produces insulin?"},
                {"role": "assistant", "content": "The pancreas."},
            ],
        }
        for i in range(2)
    ]
    data = write_data_dir(tmp_path / "data", {"train": rows, "val": rows[:1], "test": rows[:1]})
    values = {"base_model": str(base), "data": str(data), "device": "cpu", "max_steps": 1}
    with pytest.raises(RuntimeError, match="inference kernel, which has no gradient"):
        train(load_config(None, values), tmp_path / "candidate", log=lambda _: None)
