"""Where a `--model` argument's weights, tokenizer and adapter live, and what they hash to.

:func:`resolve` turns a model folder, a PEFT adapter folder, a hub id, a bundled name or a GGUF
file into locations, without loading anything. :func:`weights_fingerprint` is the run
fingerprint of those files in a dtype and quantization (the answer cache's key), and
:func:`check_base` verifies that an adapter runs on the base weights its manifest names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from medeval.errors import ModelLoadError
from medeval.models.bundled import BUNDLED, convert_gguf, gguf_converted_dir
from medeval.models.fingerprint import fingerprint, weights_only_fingerprint


@dataclass(frozen=True)
class ResolvedModel:
    """Where the weights, tokenizer and adapter of a `--model` argument live."""

    name: str
    weights: str
    adapter: Path | None
    bundled: bool
    gguf: Path | None = None
    """The user's GGUF file the weights folder was converted from (None: not a GGUF model)."""

    @property
    def source(self) -> Path:
        """What the base weights' fingerprint is computed from: the GGUF file itself when the
        model came as one, else the weights folder."""
        return self.gguf if self.gguf is not None else Path(self.weights)


def _has_weights(directory: Path) -> bool:
    return (directory / "config.json").is_file()


def is_gguf_file(path: Path) -> bool:
    """Whether `path` is a file named like a GGUF model (``*.gguf``)."""
    return path.suffix.lower() == ".gguf" and path.is_file()


def _gguf_weights(path: Path) -> str:
    """The transformers folder a user's GGUF file is converted to (once, in the cache)."""
    gguf = path.resolve()
    return str(convert_gguf(gguf, gguf_converted_dir(gguf), str(gguf)))


def resolve(model: str, base_model: str | None = None) -> ResolvedModel:
    """Turn a `--model` argument into weights and adapter locations, or explain what is wrong.

    Adapter base-model resolution order: `--base-model`, then a medeval candidate's
    manifest.json (``base_model``), then the adapter's adapter_config.json
    (``base_model_name_or_path``). A ``.gguf`` file (the model itself, or an adapter's base) is
    converted once to a transformers folder in the cache (:func:`medeval.models.bundled.
    convert_gguf`); its fingerprint is still computed from the file.
    """
    if model in BUNDLED:
        return ResolvedModel(model, str(BUNDLED[model].ensure_converted()), None, True)
    path = Path(model).expanduser()
    if path.is_dir():
        name = path.resolve().name
        adapter_config = path / "adapter_config.json"
        if adapter_config.is_file():
            base = base_model or _manifest_base(path) or _adapter_base(adapter_config)
            if not base:
                raise ModelLoadError(
                    f"{path} holds a PEFT adapter but no base model is named: pass --base-model "
                    "PATH, or set base_model_name_or_path in adapter_config.json."
                )
            if base in BUNDLED:
                base = str(BUNDLED[base].ensure_converted())
            elif is_gguf_file(Path(base).expanduser()):
                gguf = Path(base).expanduser().resolve()
                return ResolvedModel(name, _gguf_weights(gguf), path, False, gguf=gguf)
            return ResolvedModel(name, base, path, False)
        if _has_weights(path):
            return ResolvedModel(name, str(path), None, False)
        raise ModelLoadError(
            f"{path} is not a model: it has neither config.json (a transformers model folder) "
            "nor adapter_config.json (a PEFT adapter). Pass a model folder, a hub id such as "
            f"org/model, or a bundled name ({', '.join(BUNDLED)}; see `medeval models`)."
        )
    if is_gguf_file(path):
        gguf = path.resolve()
        return ResolvedModel(gguf.stem, _gguf_weights(gguf), None, False, gguf=gguf)
    if path.exists():
        raise ModelLoadError(
            f"{path} is a file, not a model: pass a model folder, a PEFT adapter folder or a "
            "GGUF file (*.gguf)."
        )
    if model.count("/") == 1 and not model.startswith((".", "/", "~")):
        return ResolvedModel(model.split("/")[1], _hub_snapshot(model), None, False)
    raise ModelLoadError(
        f"'{model}' is neither a folder, a GGUF file, a hub id (org/model) nor a bundled model "
        f"({', '.join(BUNDLED)}; see `medeval models`)."
    )


def weights_fingerprint(
    weights: Path, adapter: Path | None, dtype: str, quantization: str | None
) -> str:
    """The fingerprint of a model's files (and its adapter's) run in `dtype`/`quantization`:
    computable without loading the model (memoised file digests). `weights` is a model folder
    or a GGUF file (:attr:`ResolvedModel.source`)."""
    folders = [weights] + ([adapter] if adapter else [])
    return fingerprint(
        [f for f in folders if f.is_dir() or is_gguf_file(f)],
        {"dtype": dtype, "quantization": quantization},
    )


@dataclass(frozen=True)
class BaseCheck:
    """What a run knows about the base weights under the model it evaluates.

    Attributes:
        fingerprint: weights fingerprint (no dtype or quantization) of the base weights: an
            adapter's base model, or the model itself when it is not an adapter.
        expected: the base weights fingerprint a candidate's manifest.json recorded when it was
            trained (None: not an adapter, or no manifest fingerprint).
        verified: True when `expected` equals `fingerprint`, False when they differ (and the
            mismatch was allowed), None when there is nothing to verify.
    """

    fingerprint: str | None
    expected: str | None
    verified: bool | None


def manifest_base_fingerprint(adapter: Path) -> str | None:
    """The base model's weights fingerprint a medeval candidate's manifest.json records
    (``base_model_fingerprint``), or None when the adapter has no manifest or it records none."""
    manifest = adapter / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text())
    except ValueError as exc:
        raise ModelLoadError(f"{manifest} is not valid JSON ({exc}).") from None
    value = data.get("base_model_fingerprint") if isinstance(data, dict) else None
    if value is not None and not isinstance(value, str):
        raise ModelLoadError(
            f"{manifest}, field 'base_model_fingerprint': expected a fingerprint string, "
            f"got {value!r}."
        )
    return value or None


def check_base(resolved: ResolvedModel, *, allow_mismatch: bool = False) -> BaseCheck:
    """Verify that an adapter runs on the base weights it was trained on.

    A medeval candidate's manifest.json records its base model's weights fingerprint; the base
    resolved now (from `--base-model`, the manifest or adapter_config.json) must hash to the same
    value. The weights fingerprint leaves out dtype and quantization, so an adapter trained on
    an NF4 base verifies when it is evaluated in bfloat16 or float32.

    Raises:
        ModelLoadError: the fingerprints differ (both are shown) and `allow_mismatch` is off.
    """
    source = resolved.source
    actual = weights_only_fingerprint(source) if source.is_dir() or is_gguf_file(source) else None
    if resolved.adapter is None:
        return BaseCheck(actual, None, None)
    expected = manifest_base_fingerprint(resolved.adapter)
    if expected is None:
        return BaseCheck(actual, None, None)
    if actual == expected:
        return BaseCheck(actual, expected, True)
    if not allow_mismatch:
        raise ModelLoadError(
            f"{resolved.adapter} was trained on a base model whose weights fingerprint is "
            f"{expected} (manifest.json, base_model_fingerprint), but the base model resolved "
            f"now, {source}, has weights fingerprint {actual or 'unknown (not a local model)'}: "
            "the adapter would run on other weights than it was trained on. Pass the base it "
            "was trained on with --base-model PATH, or evaluate it anyway with `medeval run "
            "--allow-base-mismatch` (results.json then records model.base_verified: false and "
            "the gate fails the run)."
        )
    return BaseCheck(actual, expected, False)


def _manifest_base(path: Path) -> str | None:
    manifest = path / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        value = json.loads(manifest.read_text()).get("base_model")
    except ValueError as exc:
        raise ModelLoadError(f"{manifest} is not valid JSON ({exc}).") from None
    return str(value) if value else None


def _adapter_base(adapter_config: Path) -> str | None:
    try:
        value = json.loads(adapter_config.read_text()).get("base_model_name_or_path")
    except ValueError as exc:
        raise ModelLoadError(f"{adapter_config} is not valid JSON ({exc}).") from None
    return str(value) if value else None


def _hub_snapshot(repo_id: str) -> str:  # pragma: no cover - needs network
    try:
        from huggingface_hub import snapshot_download

        return str(
            snapshot_download(
                repo_id,
                allow_patterns=["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja"],
            )
        )
    except Exception as exc:
        raise ModelLoadError(
            f"could not fetch '{repo_id}' from the Hugging Face hub ({exc}). Without network, "
            "pass a local model folder."
        ) from None
