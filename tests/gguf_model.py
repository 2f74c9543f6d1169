"""A tiny llama-architecture GGUF file, written here with the ``gguf`` package from a tiny Llama.

The writer does what llama.cpp's ``convert_hf_to_gguf.py`` does for a Llama with a byte-level BPE
tokenizer: the model's hyper-parameters as ``llama.*`` keys, the tokenizer as a ``gpt2``-model
token list with merges and token types, the tensors under GGUF names with the query and key
projections permuted into GGUF's rotary layout (transformers' GGUF loader undoes it). Weights are
F32 by default (loading them back must give the same logits) or quantised with ``gguf.quants``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _permute(weights: Any, n_head: int) -> Any:
    """llama.cpp's rotary re-ordering of a query/key projection (rows grouped per head)."""
    rows = weights.shape[0]
    return (
        weights.reshape(n_head, 2, rows // n_head // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def write_llama_gguf(hf_dir: Path, out: Path, quant: str = "F32") -> Path:
    """Write the transformers Llama folder `hf_dir` as the GGUF file `out`; return `out`."""
    import gguf
    import numpy as np
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(hf_dir, dtype=torch.float32)
    config = model.config
    n_head, n_kv = config.num_attention_heads, config.num_key_value_heads
    qtype = getattr(gguf.GGMLQuantizationType, quant)

    writer = gguf.GGUFWriter(str(out), "llama")
    writer.add_name(hf_dir.name)
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_rope_dimension_count(config.hidden_size // n_head)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_kv)
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    writer.add_rope_freq_base(config.rope_theta)
    writer.add_vocab_size(config.vocab_size)
    writer.add_file_type(int(gguf.LlamaFileType.ALL_F32 if quant == "F32" else 7))

    tokenizer = json.loads((hf_dir / "tokenizer.json").read_text())
    vocab: dict[str, int] = tokenizer["model"]["vocab"]
    tokens = sorted(vocab, key=vocab.__getitem__)
    special = {t["content"]: t["id"] for t in tokenizer["added_tokens"] if t.get("special")}
    merges = [m if isinstance(m, str) else " ".join(m) for m in tokenizer["model"]["merges"]]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(
        [
            int(gguf.TokenType.CONTROL if token in special else gguf.TokenType.NORMAL)
            for token in tokens
        ]
    )
    writer.add_token_merges(merges)
    writer.add_bos_token_id(special["<s>"])
    writer.add_eos_token_id(special["</s>"])
    writer.add_pad_token_id(special["<pad>"])
    writer.add_add_bos_token(True)

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, config.num_hidden_layers)
    for name, tensor in model.state_dict().items():
        data = tensor.numpy().astype(np.float32)
        if name.endswith("q_proj.weight"):
            data = _permute(data, n_head)
        elif name.endswith("k_proj.weight"):
            data = _permute(data, n_kv)
        gguf_name = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if gguf_name is None:
            raise ValueError(f"no GGUF name for tensor {name}")
        if qtype == gguf.GGMLQuantizationType.F32 or data.ndim == 1:
            writer.add_tensor(gguf_name, data)
        else:
            packed = gguf.quants.quantize(data, qtype)
            writer.add_tensor(gguf_name, packed, raw_shape=packed.shape, raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out
