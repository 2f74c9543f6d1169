"""4-bit layers that train right on the CPU: bitsandbytes' differentiable path, kept.

medeval's trainer loads the frozen base in 4-bit with bitsandbytes and trains LoRA adapters on
top; every adapter below a 4-bit layer gets its gradient through that layer's backward. On the CPU,
bitsandbytes (0.50) has two paths: ``matmul_4bit``, whose backward multiplies by the de-quantised
weight, and a fused inference kernel (``gemv_4bit``) with no backward at all. This module keeps
training on the first and stops a run that ends up on the second.
"""

from __future__ import annotations

from typing import Any

from medeval.errors import ModelLoadError


def keep_4bit_autograd(model: Any) -> int:
    """Keep every 4-bit layer of `model` on bitsandbytes' differentiable matmul; returns how many
    4-bit layers it holds.

    On a CPU with AVX512-BF16, bitsandbytes (0.50) repacks a 4-bit layer's weight for its fused
    inference kernel (``gemv_4bit``) the first time the layer runs in eval mode without gradients,
    which the Trainer's evaluation does, and from then on sends every call through that kernel,
    training steps included. The kernel has no autograd formula: torch warns "an autograd kernel
    was not registered" and the gradient reaching the LoRA adapters below the layer is wrong, not
    merely noisy (cosines below 0 against the right one on a tiny Llama); the repacking also
    rounds the block scales to bf16. With repacking off, the layer always goes through
    ``matmul_4bit``, whose backward multiplies by the de-quantised weight, so the adapters get the
    gradients of the de-quantised float32 base (tests/integration/test_lora_gradients.py). On CUDA
    the flag has no effect.
    """
    import bitsandbytes as bnb

    layers = [m for m in model.modules() if isinstance(m, bnb.nn.Linear4bit)]
    for layer in layers:
        if cpu_packed(layer):
            raise ModelLoadError(
                "a 4-bit layer of the base model is already packed for bitsandbytes' CPU "
                "inference kernel, which has no gradient; load the base model afresh to train"
            )
        layer.support_avx512bf16_for_cpu = False
    return len(layers)


def cpu_packed(layer: Any) -> bool:
    """Whether a bitsandbytes 4-bit layer's weight is packed for the CPU inference kernel."""
    return bool(getattr(layer.weight.quant_state, "packing_format_for_cpu", False))


def gradient_guard() -> Any:
    """A Trainer callback that stops training if a 4-bit layer ends up on bitsandbytes' CPU
    inference kernel after all (a bitsandbytes release that repacks by another rule): wrong
    gradients must fail loudly, never train silently."""
    from transformers import TrainerCallback

    class GradientGuard(TrainerCallback):  # type: ignore[misc]
        def on_train_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            self.check(kw.get("model"))

        def on_evaluate(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            self.check(kw.get("model"))  # evaluation is when bitsandbytes repacks

        @staticmethod
        def check(model: Any) -> None:
            import bitsandbytes as bnb

            if model is None:
                return
            packed = [
                name
                for name, module in model.named_modules()
                if isinstance(module, bnb.nn.Linear4bit) and cpu_packed(module)
            ]
            if packed:
                raise RuntimeError(
                    f"{len(packed)} 4-bit layers (first: {packed[0]}) run on bitsandbytes' CPU "
                    "inference kernel, which has no gradient; training would be wrong. "
                    "Report this with your bitsandbytes version."
                )

    return GradientGuard()
