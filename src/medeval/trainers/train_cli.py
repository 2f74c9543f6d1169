"""`medeval train CONFIG.yaml --out CANDIDATE_DIR`: QLoRA fine-tuning into a scoreable candidate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from medeval.cli_options import base_model_option, out_option
from medeval.trainers.train_config import describe_settings, load_config, parse_override


def _print_settings(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(describe_settings())
    ctx.exit(0)


@click.command("train")
@click.argument("config_file", type=click.Path(path_type=Path))
@out_option(
    "Candidate folder to write (adapter, tokenizer, manifest.json, loss.png). Run the "
    "same command again to resume from its last checkpoint.",
    required=True,
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override one config setting, e.g. --set max_steps=40 --set cutoff_len=512 "
    "(repeatable; values are read as YAML).",
)
@click.option("--data", default=None, help="Data folder (overrides the config's `data`).")
@base_model_option("Base model (overrides the config's).")
@click.option(
    "--help-config",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_settings,
    help="List every config setting with its default, and exit.",
)
def train_command(
    config_file: Path,
    out: Path,
    overrides: tuple[str, ...],
    data: str | None,
    base_model: str | None,
) -> None:
    """Fine-tune a base model with QLoRA on a folder built by `medeval data build`.

    Defaults follow the founding recipe (BioMistral-7B, 4-bit NF4, LoRA r 32 / alpha 64 on all
    linear layers, lr 5e-5 cosine, 3 epochs, cutoff 4096, batch 2 x 8); CONFIG_FILE (a training
    config, or a recipe's train: section) changes them, --set changes them again. The whole
    config is checked before any model is loaded.
    Then score the candidate with `medeval run --model CANDIDATE_DIR`.
    """
    values: dict[str, Any] = dict(parse_override(text) for text in overrides)
    if data is not None:
        values["data"] = data
    if base_model is not None:
        values["base_model"] = base_model
    config = load_config(config_file, values)

    from medeval.trainers.qlora import train  # checks the data folder before loading a model

    try:
        outcome = train(config, out)
    except KeyboardInterrupt:
        click.echo(
            f"\ninterrupted: run the same command again to resume from the newest checkpoint "
            f"in {out / 'checkpoints'}.",
            err=True,
        )
        raise
    summary = outcome.manifest["train"]

    def number(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.4f}"

    click.echo(
        f"candidate {out}: {summary['global_step']} steps, "
        f"final train loss {number(summary['final_train_loss'])}, "
        f"final eval loss {number(summary['final_eval_loss'])}, {summary['runtime_s']} s"
    )
    click.echo(f"score it: medeval run --model {out} --out runs/{out.name}")
