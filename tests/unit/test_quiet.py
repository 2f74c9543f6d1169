"""Quiet by default: the CLI hides library chatter unless `medeval --verbose`; a cached bundled
conversion is loaded from its folder alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from medeval.models.bundled import BundledModel

LEGACY = "You are using the default legacy behaviour"

SCRIPT = textwrap.dedent(
    """
    import sys, warnings
    from medeval.cli import main

    sys.argv = ["medeval", *sys.argv[2:], "models"]
    try:
        main()
    except SystemExit:
        pass
    import transformers

    transformers.AutoTokenizer.from_pretrained(FOLDER)
    warnings.warn_explicit("torch says hello", UserWarning, "torch/fake.py", 1, module="torch.fake")
    print("medeval-error-line", file=sys.stderr)
    """
)


def _llama_tokenizer_folder(tiny_model: Path, tmp_path: Path) -> Path:
    """The tiny model's tokenizer declared as LlamaTokenizerFast, which warns about `legacy`."""
    folder = tmp_path / "llama-tok"
    folder.mkdir()
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (tiny_model / name).is_file():
            shutil.copy(tiny_model / name, folder / name)
    config = json.loads((folder / "tokenizer_config.json").read_text())
    config["tokenizer_class"] = "LlamaTokenizerFast"
    config.pop("legacy", None)
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    return folder


def _stderr(folder: Path, *flags: str) -> str:
    script = SCRIPT.replace("FOLDER", repr(str(folder)))
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TRANSFORMERS_", "PYTHONWARNINGS"))
    }
    done = subprocess.run(
        [sys.executable, "-c", script, "-", *flags],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def test_cli_is_quiet_by_default_and_verbose_lets_warnings_through(
    tiny_model: Path, tmp_path: Path
) -> None:
    folder = _llama_tokenizer_folder(tiny_model, tmp_path)
    quiet = _stderr(folder)
    assert LEGACY not in quiet
    assert "torch says hello" not in quiet
    assert "medeval-error-line" in quiet  # stderr itself is not swallowed

    verbose = _stderr(folder, "--verbose")
    assert LEGACY in verbose
    assert "torch says hello" in verbose


def test_python_api_import_leaves_logging_alone() -> None:
    code = (
        "import logging, warnings, medeval, medeval.runner, medeval.models.hf;"
        "assert logging.getLogger('transformers').level == logging.NOTSET;"
        "assert not any(f[0] == 'ignore' for f in warnings.filters if f[2] is FutureWarning)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONWARNINGS")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]


def test_bundled_cache_hit_loads_only_the_converted_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site" / "fake_bundle_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "model.gguf").write_bytes(b"GGUF not really")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("MEDEVAL_CACHE", str(tmp_path / "cache"))
    bundled = BundledModel("fake", "fake_bundle_pkg", "model.gguf", "fake==1", "a fake")
    gguf = bundled.gguf_path()
    assert gguf is not None
    target = bundled.converted_dir()
    target.mkdir(parents=True)
    stat = gguf.stat()
    source = {"gguf": str(gguf), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    (target / "medeval-bundled.json").write_text(json.dumps({"name": "fake", "source": source}))

    import transformers

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cache hit must not read the GGUF file")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", refuse)
    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", refuse)
    assert bundled.ensure_converted() == target
