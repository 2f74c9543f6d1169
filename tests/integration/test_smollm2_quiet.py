"""A run on the cached bundled model prints no library noise; `--verbose` lets it through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LEGACY = "You are using the default legacy behaviour"
DEQUANTISE = "de-quantizing GGUF tensors"


@pytest.mark.slow
def test_cached_bundled_model_runs_quietly(
    smollm2_cache: Path, data_dir: Path, tmp_path: Path
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TRANSFORMERS_")},
        "MEDEVAL_CACHE": str(smollm2_cache),
        "MEDEVAL_DATA_DIR": str(data_dir),
    }
    args = ["run", "--model", "smollm2-135m", "--suites", "medqa", "--limit", "1", "--no-cache"]

    def stderr(*flags: str, out: str) -> str:
        command = [sys.executable, "-m", "medeval", *flags, *args, "--out", str(tmp_path / out)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stderr

    quiet = stderr(out="quiet")
    assert DEQUANTISE not in quiet and LEGACY not in quiet and "converting" not in quiet
    assert "medqa" in quiet  # medeval's own progress bar stays

    # The converted folder loads without the legacy notice even when verbose (that notice comes
    # from the GGUF conversion only); tests/unit/test_quiet.py shows --verbose lets warnings out.
    verbose = stderr("--verbose", out="verbose")
    assert DEQUANTISE not in verbose and LEGACY not in verbose  # still a cache hit
