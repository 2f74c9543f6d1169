"""QLoRA fine-tuning: a built data folder in, a candidate folder that `medeval run` scores out.

The frozen base is loaded in 4-bit NF4 with bitsandbytes (on CUDA, and on the CPU since
bitsandbytes 0.50), LoRA adapters go on every linear layer with peft, and transformers' Trainer
runs the loop, which gives checkpoints, exact resumption (optimizer, scheduler and RNG states) and
evaluation. On the CPU the 4-bit layers are kept on bitsandbytes' differentiable matmul (see
:mod:`medeval.trainers.four_bit`), so the adapters get the gradients of the de-quantised base. Loss
is computed on the answer tokens only: the system and user turns are labelled -100, so the model
learns to answer, not to predict questions.

The candidate folder holds the adapter and tokenizer at its top level (so
`medeval run --model CANDIDATE` loads it as a PEFT adapter), `manifest.json` (base model and its
fingerprint, data card checksum, full config, library versions, final losses), `loss.png` and the
Trainer's checkpoints under `checkpoints/`. manifest.json is written last: its presence means the
candidate is complete.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from medeval.errors import DataError, ModelLoadError, ResumeMismatchError, UsageError
from medeval.files import field as checked_field
from medeval.files import read_json, read_jsonl, require_file, sha256_file
from medeval.models.bundled import BUNDLED
from medeval.models.fingerprint import weights_only_fingerprint
from medeval.models.resolve import resolve
from medeval.store import utc_now, write_json_atomic
from medeval.trainers.four_bit import gradient_guard, keep_4bit_autograd
from medeval.trainers.train_config import TrainConfig

MANIFEST_SCHEMA = 1
SPLITS = ("train.jsonl", "val.jsonl")
ROLES = ("system", "user", "assistant")
IGNORE_INDEX = -100
CHECKPOINTS = "checkpoints"
RUN_CONFIG = "train_config.json"
# Prompt layout for tokenizers without a chat template.
PLAIN_HEADERS = {"system": "### System:\n", "user": "### User:\n", "assistant": "### Assistant:\n"}


@dataclass(frozen=True)
class Example:
    """One conversation of a split; its last message is the assistant answer to learn."""

    id: str
    source: str
    messages: list[dict[str, str]]


@dataclass(frozen=True)
class TrainData:
    """The validated splits and the card that describes them."""

    directory: Path
    train: list[Example]
    val: list[Example]
    card_sha256: str
    checksums: dict[str, str]


@dataclass
class TrainOutcome:
    """What a training run produced (the model is kept for inspection by callers and tests)."""

    out: Path
    manifest: dict[str, Any]
    model: Any = None
    log_history: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------- data


def read_split(path: Path) -> list[Example]:
    """Parse and check one split file; a DataError names file, line and field."""
    examples = []
    seen: dict[str, int] = {}
    for line, record in read_jsonl(path):
        sample_id = checked_field(record, "id", path, line)
        source = checked_field(record, "source", path, line)
        messages = checked_field(record, "messages", path, line, kind=list)
        if not messages:
            raise DataError(path, "needs at least a user and an assistant message", line=line,
                            field="messages")  # fmt: skip
        clean = []
        for index, message in enumerate(messages):
            name = f"messages[{index}]"
            if not isinstance(message, dict):
                raise DataError(path, "expected an object", line=line, field=name)
            role = checked_field(message, "role", path, line)
            if role not in ROLES:
                raise DataError(
                    path,
                    f"unknown role '{role}' (expected {', '.join(ROLES)})",
                    line=line,
                    field=f"{name}.role",
                )
            if role == "system" and index != 0:
                raise DataError(path, "a system message may only come first", line=line,
                                field=f"{name}.role")  # fmt: skip
            try:
                content = checked_field(message, "content", path, line)
            except DataError as exc:
                raise DataError(path, str(exc).rsplit(": ", 1)[-1], line=line,
                                field=f"{name}.content") from None  # fmt: skip
            clean.append({"role": role, "content": content})
        if clean[-1]["role"] != "assistant":
            raise DataError(path, "the last message must be the assistant answer", line=line,
                            field=f"messages[{len(clean) - 1}].role")  # fmt: skip
        if not any(m["role"] == "user" for m in clean[:-1]):
            raise DataError(path, "no user message before the answer", line=line,
                            field="messages")  # fmt: skip
        if sample_id in seen:
            raise DataError(path, f"duplicate id '{sample_id}' (first on line {seen[sample_id]})",
                            line=line, field="id")  # fmt: skip
        seen[sample_id] = line
        examples.append(Example(sample_id, source, clean))
    return examples


def load_data(directory: Path) -> TrainData:
    """Read train/val splits and check them against the checksums in card.json."""
    if not directory.is_dir():
        raise DataError(directory, "data folder not found (build one with `medeval data build`).")
    card_path = require_file(directory / "card.json", "It is written by `medeval data build`.")
    card = read_json(card_path)
    checksums = card.get("checksums") if isinstance(card, dict) else None
    if not isinstance(checksums, dict):
        raise DataError(card_path, "missing or not an object", field="checksums")
    splits = {}
    for name in SPLITS:
        path = require_file(directory / name, "It is written by `medeval data build`.")
        expected = checksums.get(name)
        if not isinstance(expected, str):
            raise DataError(card_path, f"no checksum for {name}", field=f"checksums.{name}")
        if sha256_file(path) != expected:
            raise DataError(
                path,
                "sha256 differs from the one in card.json: the split changed after it was "
                "built. Rebuild the data folder rather than editing a split by hand.",
            )
        splits[name] = read_split(path)
    if not splits["train.jsonl"]:
        raise DataError(directory / "train.jsonl", "no training samples.")
    return TrainData(
        directory=directory,
        train=splits["train.jsonl"],
        val=splits["val.jsonl"],
        card_sha256=sha256_file(card_path),
        checksums={k: str(v) for k, v in checksums.items()},
    )


def _plain_prompt(messages: Sequence[dict[str, str]]) -> str:
    return (
        "".join(PLAIN_HEADERS[m["role"]] + m["content"] + "\n\n" for m in messages)
        + PLAIN_HEADERS["assistant"]
    )


def _fold_system(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """Templates that reject a system turn (Mistral's) get it prepended to the first user turn."""
    if not messages or messages[0]["role"] != "system":
        return messages
    rest = [dict(m) for m in messages[1:]]
    for message in rest:
        if message["role"] == "user":
            message["content"] = messages[0]["content"] + "\n\n" + message["content"]
            break
    return rest


def _template_texts(tokenizer: Any, messages: list[dict[str, str]]) -> tuple[str, str]:
    prompt = tokenizer.apply_chat_template(
        messages[:-1], tokenize=False, add_generation_prompt=True
    )
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    return str(prompt), str(full)


def encode(tokenizer: Any, messages: list[dict[str, str]], cutoff: int) -> dict[str, Any]:
    """input_ids and labels for one conversation, prompt tokens labelled IGNORE_INDEX.

    With a chat template, the answer is the text the template adds after the generation prompt
    (the answer and its end-of-turn marker), so the model also learns to stop. Without one, the
    plain '### User:' layout is used and the answer ends with EOS. Over-long samples keep the end
    of the prompt (the question) and the start of the answer, at least a quarter of the cutoff.
    """
    if getattr(tokenizer, "chat_template", None):
        try:
            prompt, full = _template_texts(tokenizer, messages)
        except Exception:  # templates that raise on a system turn
            prompt, full = _template_texts(tokenizer, _fold_system(messages))
        if not full.startswith(prompt):
            raise DataError("chat template", "the rendered conversation does not start with its "
                            "rendered prompt; this template cannot mask the prompt")  # fmt: skip
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        answer_ids = tokenizer(full[len(prompt) :], add_special_tokens=False)["input_ids"]
    else:
        prompt_ids = tokenizer(_plain_prompt(messages[:-1]))["input_ids"]
        answer_ids = tokenizer(messages[-1]["content"], add_special_tokens=False)["input_ids"]
        if tokenizer.eos_token_id is not None:
            answer_ids = answer_ids + [tokenizer.eos_token_id]
    truncated = len(prompt_ids) + len(answer_ids) > cutoff
    if truncated:
        answer_room = max(cutoff - len(prompt_ids), cutoff // 4)
        answer_ids = answer_ids[:answer_room]
        keep = cutoff - len(answer_ids)
        prompt_ids = prompt_ids[len(prompt_ids) - keep :] if keep else []
    return {
        "input_ids": list(prompt_ids) + list(answer_ids),
        "labels": [IGNORE_INDEX] * len(prompt_ids) + list(answer_ids),
        "truncated": truncated,
    }


# ---------------------------------------------------------------- model


def _precision(config: TrainConfig, device: str) -> str:
    import torch

    if config.precision != "auto":
        return config.precision
    if device == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "fp32"


def _device(config: TrainConfig) -> str:
    import torch

    if config.device == "cuda" and not torch.cuda.is_available():
        raise UsageError("device: cuda was asked for, but no CUDA device is available.")
    if config.device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return config.device


def lora_config(config: TrainConfig) -> Any:
    """The LoRA adapter settings of `config` (peft ``LoraConfig``), as training applies them."""
    from peft import LoraConfig

    return LoraConfig(
        r=config.lora_r,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=config.target_modules,
        bias="none",
        task_type="CAUSAL_LM",
    )


def load_model(config: TrainConfig, weights: str, device: str, precision: str) -> tuple[Any, Any]:
    """The base model (4-bit when asked) with fresh LoRA adapters, and its tokenizer."""
    import torch
    import transformers
    from peft import get_peft_model, prepare_model_for_kbit_training

    transformers.logging.set_verbosity_error()
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[precision]
    kwargs: dict[str, Any] = {"dtype": dtype}
    if config.load_in_4bit:
        kwargs["quantization_config"] = transformers.BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type=config.quant_type,
            bnb_4bit_use_double_quant=config.double_quant,
            bnb_4bit_compute_dtype=dtype,
        )
        kwargs["device_map"] = {"": device}
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(weights)
        model = transformers.AutoModelForCausalLM.from_pretrained(weights, **kwargs)
    except Exception as exc:
        raise ModelLoadError(
            f"the base model at {weights} failed to load: {type(exc).__name__}: {exc}"
        ) from None
    if not config.load_in_4bit:
        model = model.to(device)
    else:
        keep_4bit_autograd(model)  # right gradients on the CPU
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.config.use_cache = False
    if config.load_in_4bit:
        model = prepare_model_for_kbit_training(
            model,
            use_gradient_checkpointing=config.gradient_checkpointing,
            gradient_checkpointing_kwargs={"use_reentrant": False},
        )
    try:
        model = get_peft_model(model, lora_config(config))
    except ValueError as exc:
        raise UsageError(f"target_modules: {exc}") from None
    return model, tokenizer


# ---------------------------------------------------------------- progress and plots


def _write(line: str) -> None:
    from tqdm import tqdm

    tqdm.write(line, file=sys.stderr)


def _callbacks(log: Any) -> list[Any]:
    """A tqdm bar that prints concise train-loss and eval-loss lines instead of raw dicts."""
    from transformers.trainer_callback import ProgressCallback

    class Progress(ProgressCallback):  # type: ignore[misc]
        def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kw: Any) -> None:
            if not state.is_world_process_zero or not logs:
                return
            step = f"step {state.global_step}/{state.max_steps}"
            if "eval_loss" in logs:
                line = f"{step}  eval_loss {logs['eval_loss']:.4f}"
            elif "loss" in logs:
                line = f"{step}  loss {logs['loss']:.4f}  lr {logs.get('learning_rate', 0):.3g}"
            else:
                return
            log(line)

    return [Progress()]


def plot_loss(history: list[dict[str, Any]], path: Path) -> None:
    """Train and eval loss against the optimizer step, as a PNG (matplotlib's Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    train = [(h["step"], h["loss"]) for h in history if "loss" in h]
    evals = [(h["step"], h["eval_loss"]) for h in history if "eval_loss" in h]
    figure, axes = plt.subplots(figsize=(7, 4))
    if train:
        axes.plot(
            *zip(*train, strict=True), label="train loss", marker="." if len(train) < 30 else ""
        )
    if evals:
        axes.plot(*zip(*evals, strict=True), label="eval loss", marker="o")
    axes.set_xlabel("optimizer step")
    axes.set_ylabel("loss (answer tokens)")
    axes.set_title(path.parent.name)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


# ---------------------------------------------------------------- training


def library_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for package in ("medeval", "torch", "transformers", "peft", "bitsandbytes", "accelerate"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _manifest_base(base_model: str) -> str:
    """What the manifest records as base_model: bundled names and hub ids as given, folders
    as absolute paths (so the candidate can be scored from any working directory)."""
    path = Path(base_model).expanduser()
    if base_model in BUNDLED or not path.exists():
        return base_model
    return str(path.resolve())


def _check_resume(out: Path, config: TrainConfig) -> None:
    """A candidate folder resumes only under the same config; a finished one is not retrained."""
    saved = out / CHECKPOINTS / RUN_CONFIG
    if saved.is_file():
        previous = json.loads(saved.read_text())
        current = config.model_dump(mode="json")
        if previous != current:
            changed = sorted(k for k in previous.keys() | current.keys()
                             if previous.get(k) != current.get(k))  # fmt: skip
            raise ResumeMismatchError(
                f"{out} holds a training run started with other settings ({', '.join(changed)}). "
                "Use the same config to resume, or a new --out folder."
            )
    elif out.exists() and any(out.iterdir()):
        raise UsageError(f"{out} exists and is not a medeval training folder; pick a new --out.")


def train(
    config: TrainConfig,
    out: Path,
    *,
    extra_callbacks: Sequence[Any] = (),
    log: Any = None,
) -> TrainOutcome:
    """Fine-tune `config.base_model` on `config.data`, writing the candidate folder `out`.

    Resumes from the newest checkpoint in `out/checkpoints` when there is one.
    """
    say = log or _write
    data = load_data(config.data_dir())
    manifest_path = out / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("config") == config.model_dump(mode="json"):
            say(f"{out} is already a finished candidate with this config; nothing to do.")
            return TrainOutcome(out, manifest)
        raise ResumeMismatchError(f"{out} is a finished candidate trained with other settings; "
                                  "pick a new --out.")  # fmt: skip
    _check_resume(out, config)
    resolved = resolve(config.base_model)
    if resolved.adapter is not None:
        raise UsageError(f"base_model {config.base_model} is an adapter; give the full base model.")
    device = _device(config)
    precision = _precision(config, device)

    import torch
    import transformers
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    from transformers.trainer_utils import get_last_checkpoint

    transformers.set_seed(config.seed)
    model, tokenizer = load_model(config, resolved.weights, device, precision)
    train_rows = [encode(tokenizer, e.messages, config.cutoff_len) for e in data.train]
    val_rows = [encode(tokenizer, e.messages, config.cutoff_len) for e in data.val]
    train_rows = train_rows[: config.max_train_samples]
    val_rows = val_rows[: config.max_eval_samples]
    truncated = sum(r.pop("truncated") for r in train_rows + val_rows)
    trainable, total = model.get_nb_trainable_parameters()
    say(
        f"base {config.base_model} ({device}, {precision}"
        + (f", 4-bit {config.quant_type}" if config.load_in_4bit else "")
        + f"); LoRA r {config.lora_r}: {trainable:,} trainable of {total:,} parameters; "
        f"{len(train_rows)} train / {len(val_rows)} val samples ({truncated} cut to "
        f"{config.cutoff_len} tokens)"
    )
    checkpoints = out / CHECKPOINTS
    checkpoints.mkdir(parents=True, exist_ok=True)
    write_json_atomic(checkpoints / RUN_CONFIG, config.model_dump(mode="json"))
    has_eval = bool(val_rows)
    resume_from = get_last_checkpoint(str(checkpoints))
    args = transformers.TrainingArguments(
        output_dir=str(checkpoints),
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.eval_batch_size or config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        learning_rate=config.learning_rate,
        lr_scheduler_type=config.lr_scheduler,
        warmup_ratio=config.warmup_ratio,
        weight_decay=config.weight_decay,
        max_grad_norm=config.max_grad_norm,
        optim=config.optimizer,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps or -1,
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        gradient_checkpointing=config.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False},
        logging_steps=config.logging_steps,
        eval_strategy="steps" if has_eval else "no",
        eval_steps=config.eval_steps,
        eval_on_start=has_eval and resume_from is None,  # the base model's eval loss, step 0
        save_strategy="steps",
        save_steps=config.save_steps,
        save_total_limit=config.save_total_limit,
        seed=config.seed,
        data_seed=config.seed,
        use_cpu=device == "cpu",
        report_to=[],
        remove_unused_columns=False,
        dataloader_num_workers=0,
        disable_tqdm=False,
    )
    guard = [gradient_guard()] if config.load_in_4bit else []
    trainer = transformers.Trainer(
        model=model,
        args=args,
        train_dataset=train_rows,
        eval_dataset=val_rows or None,
        data_collator=transformers.DataCollatorForSeq2Seq(
            tokenizer, label_pad_token_id=IGNORE_INDEX, padding=True
        ),
        callbacks=[*_callbacks(say), *guard, *extra_callbacks],
    )
    trainer.remove_callback(PrinterCallback)
    for callback in list(trainer.callback_handler.callbacks):
        if type(callback) is ProgressCallback:
            trainer.remove_callback(callback)
    if resume_from:
        say(f"resuming from {Path(resume_from).name}")
    started = time.monotonic()
    result = trainer.train(resume_from_checkpoint=resume_from)
    history = list(trainer.state.log_history)
    eval_steps = [h["step"] for h in history if "eval_loss" in h]
    if has_eval and (not eval_steps or eval_steps[-1] != trainer.state.global_step):
        trainer.evaluate()  # the final eval loss, when the last step was not an eval step
        history = list(trainer.state.log_history)
    runtime = time.monotonic() - started

    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    plot_loss(history, out / "loss.png")
    losses = [h["loss"] for h in history if "loss" in h]
    evals = [h["eval_loss"] for h in history if "eval_loss" in h]
    base_source = resolved.source  # the GGUF file itself for a GGUF base
    manifest = {
        "schema_version": MANIFEST_SCHEMA,
        "kind": "medeval-qlora-candidate",
        "base_model": _manifest_base(config.base_model),
        "base_model_weights": str(base_source),
        # The weights alone, no dtype or quantization: `medeval run CANDIDATE` verifies the base
        # it resolves against this, in whatever dtype the candidate is evaluated.
        "base_model_fingerprint": weights_only_fingerprint(base_source)
        if base_source.exists()
        else None,
        "data": {
            "dir": str(data.directory.resolve()),
            "card_sha256": data.card_sha256,
            "checksums": data.checksums,
            "train_samples": len(train_rows),
            "val_samples": len(val_rows),
            "truncated_samples": truncated,
            "sources": sorted({e.source for e in data.train}),
        },
        "config": config.model_dump(mode="json"),
        "device": device,
        "precision": precision,
        "quantization": f"bnb-{config.quant_type}" if config.load_in_4bit else None,
        "prompt_format": "chat_template" if getattr(tokenizer, "chat_template", None) else "plain",
        "trainable_parameters": trainable,
        "total_parameters": total,
        "versions": library_versions(),
        "train": {
            "global_step": trainer.state.global_step,
            "epochs": trainer.state.epoch,
            "final_train_loss": losses[-1] if losses else None,
            "mean_train_loss": result.training_loss,
            "initial_eval_loss": next(
                (h["eval_loss"] for h in history if "eval_loss" in h and h["step"] == 0), None
            ),  # fmt: skip
            "final_eval_loss": evals[-1] if evals else None,
            "eval_perplexity": math.exp(evals[-1]) if evals and evals[-1] < 50 else None,
            "runtime_s": round(runtime, 1),
            "resumed_from": Path(resume_from).name if resume_from else None,
        },
        "finished": utc_now(),
    }
    (out / "log_history.json").write_text(json.dumps(history, indent=2) + "\n")
    write_json_atomic(manifest_path, manifest)
    if device == "cuda":
        torch.cuda.empty_cache()
    return TrainOutcome(out, manifest, model=model, log_history=history)
