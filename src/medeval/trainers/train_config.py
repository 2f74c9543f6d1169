"""The `medeval train` configuration: founding-recipe defaults, a YAML file, command-line overrides.

Every value is checked before any model is loaded, so a typo in the config (an unknown key, a
negative learning rate, a scheduler that does not exist) costs a second, not a half-loaded 7B
model. Errors name the config file, the line of the offending key and the key itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from medeval.errors import DataError, UsageError


class TrainConfig(BaseModel):
    """QLoRA settings. Defaults are the founding recipe (BioMistral-7B, r 32, 3 epochs, ...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_model: str = Field(
        "BioMistral/BioMistral-7B",
        description="Base model: a local folder, a hub id (org/name) or a bundled name.",
    )
    data: str = Field(
        description="Folder written by `medeval data build` (train/val jsonl and card.json); "
        "a relative path is taken from the current directory.",
    )
    lora_r: int = Field(32, gt=0, description="LoRA rank.")
    lora_alpha: int = Field(64, gt=0, description="LoRA scaling numerator (scale = alpha / r).")
    lora_dropout: float = Field(0.05, ge=0.0, lt=1.0, description="Dropout on the LoRA input.")
    target_modules: str | list[str] = Field(
        "all-linear", description="'all-linear' (every linear layer but the output) or names."
    )
    learning_rate: float = Field(5e-5, gt=0.0, description="Peak learning rate.")
    lr_scheduler: Literal["cosine", "linear", "constant", "constant_with_warmup"] = "cosine"
    warmup_ratio: float = Field(0.1, ge=0.0, le=1.0, description="Share of steps to warm up.")
    weight_decay: float = Field(0.0, ge=0.0)
    max_grad_norm: float = Field(1.0, gt=0.0)
    optimizer: Literal["adamw_torch", "paged_adamw_32bit", "paged_adamw_8bit", "adamw_bnb_8bit"] = (
        "adamw_torch"
    )
    epochs: float = Field(3.0, gt=0.0, description="Passes over the training split.")
    max_steps: int | None = Field(
        None, gt=0, description="Stop after this many optimizer steps (overrides epochs)."
    )
    cutoff_len: int = Field(4096, ge=16, description="Longest tokenized sample, in tokens.")
    batch_size: int = Field(2, gt=0, description="Samples per device per forward pass.")
    grad_accum: int = Field(8, gt=0, description="Forward passes per optimizer step.")
    eval_batch_size: int | None = Field(None, gt=0, description="Default: batch_size.")
    precision: Literal["auto", "bf16", "fp16", "fp32"] = Field(
        "auto", description="auto: bf16 where the GPU supports it, else fp16 on GPU, fp32 on CPU."
    )
    gradient_checkpointing: bool = True
    load_in_4bit: bool = Field(True, description="QLoRA: quantize the frozen base to 4 bits.")
    quant_type: Literal["nf4", "fp4"] = "nf4"
    double_quant: bool = Field(True, description="Quantize the 4-bit quantization constants.")
    logging_steps: int = Field(10, gt=0)
    eval_steps: int = Field(500, gt=0)
    save_steps: int = Field(500, gt=0)
    save_total_limit: int | None = Field(2, gt=0, description="Checkpoints kept (newest).")
    max_train_samples: int | None = Field(None, gt=0, description="Use only the first N.")
    max_eval_samples: int | None = Field(None, gt=0, description="Use only the first N.")
    seed: int = 42
    device: Literal["auto", "cpu", "cuda"] = "auto"

    @field_validator("target_modules")
    @classmethod
    def _modules(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, list) and (not value or not all(v.strip() for v in value)):
            raise ValueError("give 'all-linear' or a non-empty list of module names")
        if isinstance(value, str) and not value.strip():
            raise ValueError("give 'all-linear' or a list of module names")
        return value

    @field_validator("base_model", "data")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    def data_dir(self) -> Path:
        return Path(self.data).expanduser()

    def effective_batch(self) -> int:
        return self.batch_size * self.grad_accum


def parse_override(text: str) -> tuple[str, Any]:
    """`key=value` from the command line; the value is read as YAML (numbers, booleans, lists)."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise UsageError(f"--set expects KEY=VALUE, got '{text}'.")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key, value


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> TrainConfig:
    """Defaults <- YAML file <- overrides, validated; every problem is reported at once."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    within = ""  # the recipe section the settings come from
    origin = str(path) if path is not None else "command line"
    if path is not None:
        if not path.is_file():
            raise DataError(path, "config file not found.")
        text = path.read_text(encoding="utf-8")
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DataError(
                path, f"not valid YAML ({exc})", line=mark.line + 1 if mark else None
            ) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise DataError(path, "expected a mapping of settings (key: value) at the top level")
        from medeval.trainers import recipe

        if recipe.is_recipe(loaded):  # a recipe file: its train: section
            within = "train"
            loaded = recipe.section(loaded, within, path)
            if loaded is None:
                raise DataError(path, "this recipe has no train: section", field="train")
            lines = recipe.key_lines(text, within)
        else:
            lines = recipe.key_lines(text)
        values.update({str(k): v for k, v in loaded.items()})
    overridden = set(overrides or {})
    values.update(overrides or {})
    try:
        return TrainConfig(**values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"]) or "(config)"
            if within and top_level_of(error["loc"]) not in overridden:
                key = f"{within}.{key}"
            top = str(error["loc"][0]) if error["loc"] else ""
            if top in overridden:
                where = f"--set {top}"
            elif top in lines:
                where = f"{origin}, line {lines[top]}"
            else:
                where = origin
            message = error["msg"]
            if error["type"] == "extra_forbidden":
                message = "unknown setting (see `medeval train --help-config`)"
            elif error["type"] == "missing":
                message = "required setting is missing"
            problems.append(f"{where}, field '{key}': {message}")
        raise UsageError("invalid training config:\n  " + "\n  ".join(problems)) from None


def top_level_of(location: tuple[int | str, ...]) -> str:
    return str(location[0]) if location else ""


def describe_settings() -> str:
    """One line per setting with its default and meaning, for `--help-config`."""
    rows = []
    for name, info in TrainConfig.model_fields.items():
        default = "(required)" if info.is_required() else repr(info.default)
        rows.append(f"{name:<24}{default:<28}{info.description or ''}".rstrip())
    return "\n".join(rows)
