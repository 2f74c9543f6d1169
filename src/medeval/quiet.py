"""Quiet by default: the `medeval` command hides the chatter of the libraries it drives.

transformers, huggingface_hub, datasets, torch, lm_eval and inspect_ai log advisory warnings and
draw progress bars of their own (a tokenizer's "legacy behaviour" notice, GGUF de-quantisation,
dataset split generation) that say nothing about the evaluation. :func:`quiet_libraries` is
called once by the CLI group unless `medeval --verbose` is given; medeval's own progress bars over
items and every error still print. The Python API (``medeval.run`` ...) never calls it, so
importing medeval in a notebook leaves the user's logging and warning filters as they were.

This module imports nothing heavy: it works through environment variables (read by those
libraries when they are first imported, and inherited by any subprocess medeval starts), the
standard ``logging`` and ``warnings`` modules, and libraries that are already imported.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import warnings
from collections.abc import Iterator

# Python packages whose warnings and log records the quiet CLI hides.
LIBRARIES = (
    "torch",
    "transformers",
    "tokenizers",
    "huggingface_hub",
    "datasets",
    "accelerate",
    "peft",
    "bitsandbytes",
    "trl",
    "lm_eval",
    "inspect_ai",
    "evaluate",
    "sklearn",
    "presidio_analyzer",
    "spacy",
    "httpx",
    "openai",
    "vllm",
)
# Logger names that differ from the package names.
EXTRA_LOGGERS = ("lm-eval", "presidio-analyzer")
# Environment defaults that quiet libraries at import (an explicit user setting wins).
ENVIRONMENT = {
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "DATASETS_VERBOSITY": "error",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "INSPECT_LOG_LEVEL": "error",
    "TOKENIZERS_PARALLELISM": "false",
}

_quiet = False


def is_quiet() -> bool:
    """True once :func:`quiet_libraries` ran in this process (the CLI without --verbose)."""
    return _quiet


def quiet_libraries() -> None:
    """Hide library warnings, log records below ERROR and library progress bars; idempotent."""
    global _quiet
    _quiet = True
    for key, value in ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    for name in (*LIBRARIES, *EXTRA_LOGGERS):
        logging.getLogger(name).setLevel(logging.ERROR)
    pattern = "|".join(name.replace(".", r"\.") for name in LIBRARIES)
    warnings.filterwarnings("ignore", module=rf"({pattern})(\..*)?$")
    # Deprecation notices address developers, never the person running an evaluation.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    # Libraries already imported read no environment any more: tell them directly.
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
    if "datasets" in sys.modules:
        from datasets.utils import logging as datasets_logging

        datasets_logging.set_verbosity_error()


@contextlib.contextmanager
def hidden_gguf_progress() -> Iterator[None]:
    """Hide transformers' GGUF de-quantisation bar while converting, when the CLI is quiet.

    That bar is a bare ``tqdm`` in ``transformers.modeling_gguf_pytorch_utils`` that neither
    transformers' verbosity nor its progress-bar switch reaches. Outside the quiet CLI this does
    nothing, so the Python API keeps the library's behaviour.
    """
    if not _quiet:
        yield
        return
    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    original = getattr(gguf_utils, "tqdm", None)
    if original is not None:
        gguf_utils.tqdm = functools.partial(original, disable=True)
    try:
        yield
    finally:
        if original is not None:
            gguf_utils.tqdm = original
