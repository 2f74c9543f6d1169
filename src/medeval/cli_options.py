"""Shared command-line options, so a flag means the same in every `medeval` command.

Each function returns a click option decorator with the flag's name, type and default fixed here;
a command may pass its own ``help`` where its context adds something (``--seed`` seeds bootstraps
in one command and sampling in another). An option whose type or default differs in a command
(``--max-new-tokens`` of the judges, for example) stays defined in that command. The backend
flags of ``medeval run`` are in :mod:`medeval.backend_cli`, built with :func:`compose`.

This module imports click and the standard library only: ``medeval --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DTYPES = ("auto", "float32", "float64", "bfloat16", "float16")
DEVICES = ("auto", "cpu", "cuda")


def compose(decorators: Sequence[Callable[[F], F]]) -> Callable[[F], F]:
    """One decorator applying `decorators` so their options list in the order given."""

    def apply(command: F) -> F:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


def out_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """``--out PATH``: where the command writes its result (each command says what that is)."""
    if required:
        return click.option("--out", required=True, type=click.Path(path_type=Path), help=help)
    return click.option("--out", type=click.Path(path_type=Path), default=None, help=help)


def data_dir_option(
    help: str = "Folder with the benchmark files (default: $MEDEVAL_DATA_DIR).",
) -> Callable[[F], F]:
    """``--data-dir PATH``: the folder with the original benchmark files."""
    return click.option("--data-dir", type=click.Path(path_type=Path), default=None, help=help)


def suites_option(help: str = "Comma-separated suite names.") -> Callable[[F], F]:
    """``--suites A,B``: comma-separated suite names (each command says its default)."""
    return click.option("--suites", default=None, help=help)


def suite_file_option(
    help: str = "A YAML multiple-choice suite of your own (repeatable).",
) -> Callable[[F], F]:
    """``--suite-file PATH`` (repeatable): user YAML suites, arriving as ``suite_files``."""
    return click.option(
        "--suite-file", "suite_files", multiple=True, type=click.Path(path_type=Path), help=help
    )


def base_model_option(help: str = "Base model of an adapter.") -> Callable[[F], F]:
    """``--base-model NAME``: the base model, overriding what a config or adapter names."""
    return click.option("--base-model", default=None, help=help)


def batch_size_option(help: str = "Requests per model call.") -> Callable[[F], F]:
    """``--batch-size N`` (default 8): requests per model call."""
    return click.option("--batch-size", type=int, default=8, show_default=True, help=help)


def max_new_tokens_option(
    help: str = "Longest generated answer, in tokens.",
) -> Callable[[F], F]:
    """``--max-new-tokens N`` (default 512): the generation budget of one answer."""
    return click.option("--max-new-tokens", type=int, default=512, show_default=True, help=help)


def dtype_option(
    help: str = "Weight dtype (auto: the checkpoint's own).",
) -> Callable[[F], F]:
    """``--dtype``: the dtype a local model is loaded in."""
    return click.option(
        "--dtype", type=click.Choice(DTYPES), default="auto", show_default=True, help=help
    )


def device_option(
    help: str = "Device to run on (auto: cuda if available, else cpu).",
) -> Callable[[F], F]:
    """``--device``: where a local model runs."""
    return click.option(
        "--device", type=click.Choice(DEVICES), default="auto", show_default=True, help=help
    )


def seed_option(help: str = "Random seed.") -> Callable[[F], F]:
    """``--seed N`` (default 1234): the seed of bootstraps and sampling, for reproducible runs."""
    return click.option("--seed", type=int, default=1234, show_default=True, help=help)


def thresholds_option(
    help: str = "Thresholds YAML file (default: the shipped founding bar).",
) -> Callable[[F], F]:
    """``--thresholds PATH``: the release-gate thresholds, arriving as ``thresholds_path``."""
    return click.option(
        "--thresholds",
        "thresholds_path",
        type=click.Path(path_type=Path),
        default=None,
        help=help,
    )


def json_option(help: str) -> Callable[[F], F]:
    """``--json``: print the result as JSON instead of text, arriving as ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help)
