"""A user's own GGUF file as `--model`: converted once, fingerprinted from the file, scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runs import medeval_main
from gguf_model import write_llama_gguf
from medeval.errors import ModelLoadError
from medeval.models.fingerprint import weights_only_fingerprint
from medeval.models.hf import HFModel
from medeval.models.resolve import resolve, weights_fingerprint


@pytest.fixture(scope="module")
def gguf_file(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny Llama written as an F32 GGUF file (tokenizer in its metadata)."""
    return write_llama_gguf(tiny_model, tmp_path_factory.mktemp("gguf") / "tiny-llama.gguf")


def medqa_requests(data_dir: Path, count: int) -> list[tuple[str, list[str]]]:
    from medeval.suites.medqa import MedQASuite

    items = MedQASuite().items(data_dir)[:count]
    return [(item.input, list(item.choices)) for item in items]


def test_gguf_file_loads_and_scores_as_the_model_it_was_written_from(
    tiny_model: Path, gguf_file: Path, data_dir: Path
) -> None:
    requests = medqa_requests(data_dir, 12)
    from_gguf = HFModel(str(gguf_file), dtype="float32", device="cpu")
    from_folder = HFModel(str(tiny_model), dtype="float32", device="cpu")
    gguf_scores = from_gguf.loglikelihood_choices(requests)
    folder_scores = from_folder.loglikelihood_choices(requests)
    # F32 tensors, the same tokenizer: the same log-likelihoods, to float rounding.
    for got, want in zip(gguf_scores, folder_scores, strict=True):
        assert got == pytest.approx(want, rel=1e-5, abs=1e-4)
    picks = [max(range(len(s)), key=s.__getitem__) for s in gguf_scores]
    assert len(set(picks)) > 1  # the answers vary: the comparison is not of a constant model
    info = from_gguf.info
    assert info.name == "tiny-llama" and info.path == str(gguf_file.resolve())
    # Fingerprinted from the GGUF file itself (with the settings), not from the converted copy.
    assert info.fingerprint == weights_fingerprint(gguf_file.resolve(), None, "float32", None)
    assert info.fingerprint != from_folder.info.fingerprint
    assert info.base_fingerprint == weights_only_fingerprint(gguf_file.resolve())
    assert info.base_verified is None and info.adapter is None


def test_medeval_run_on_a_gguf_file(
    tiny_model: Path,
    gguf_file: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    runs = {}
    for label, model in (("gguf", gguf_file), ("folder", tiny_model)):
        out = tmp_path / label
        code, stdout, stderr = medeval_main(
            ["run", "--model", str(model), "--suites", "medqa,pubmedqa", "--limit", "10"]
            + ["--data-dir", str(data_dir), "--dtype", "float32", "--out", str(out)],
            monkeypatch,
            capsys,
        )
        assert code == 0, stderr
        runs[label] = out
    results = json.loads((runs["gguf"] / "results.json").read_text())
    assert results["complete"] is True and results["model"]["path"] == str(gguf_file.resolve())
    for suite in ("medqa", "pubmedqa"):
        assert results["suites"][suite]["n_items"] == 10
        gguf_records, folder_records = (
            [json.loads(line) for line in (runs[k] / "samples" / f"{suite}.jsonl").open()]
            for k in ("gguf", "folder")
        )
        assert [r["prediction"] for r in gguf_records] == [r["prediction"] for r in folder_records]
    assert (runs["gguf"] / "scorecard.html").is_file()


def test_a_changed_gguf_file_is_converted_and_fingerprinted_again(
    tiny_model: Path, tmp_path: Path
) -> None:
    path = write_llama_gguf(tiny_model, tmp_path / "model.gguf")
    first = resolve(str(path))
    assert first.gguf == path.resolve() and (Path(first.weights) / "config.json").is_file()
    before = weights_only_fingerprint(path)
    write_llama_gguf(tiny_model, path, quant="Q8_0")  # the same path, other content
    second = resolve(str(path))
    assert second.weights == first.weights  # one cache folder per path, refreshed
    assert weights_only_fingerprint(path) != before
    marker = json.loads((Path(second.weights) / "medeval-bundled.json").read_text())
    assert marker["source"]["size"] == path.stat().st_size
    quantised = HFModel(str(path), dtype="float32", device="cpu")
    assert quantised.info.base_fingerprint == weights_only_fingerprint(path) != before


def test_bad_gguf_and_other_files_are_clear_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
) -> None:
    fake = tmp_path / "broken.gguf"
    fake.write_bytes(b"not a gguf file at all")
    with pytest.raises(ModelLoadError, match="could not be read as a GGUF model"):
        resolve(str(fake))
    code, _, err = medeval_main(
        ["run", "--model", str(fake), "--suites", "medqa", "--limit", "1"]
        + ["--data-dir", str(data_dir), "--out", str(tmp_path / "run")],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "broken.gguf" in err and "Traceback" not in err
    other = tmp_path / "weights.bin"
    other.write_bytes(b"\0" * 16)
    with pytest.raises(ModelLoadError, match="GGUF file"):
        resolve(str(other))


def test_a_candidate_trained_on_a_gguf_base_verifies_against_the_file(
    gguf_file: Path, tmp_path: Path
) -> None:
    from medeval.trainers.qlora import train
    from medeval.trainers.train_config import load_config
    from train_data import write_data_dir

    rows = [
        {
            "id": f"fact-{i}",
            "source": "synthetic",
            "messages": [
                {"role": "user", "content": "Which organ produces insulin?"},
                {"role": "assistant", "content": "The pancreas."},
            ],
        }
        for i in range(2)
    ]
    data = write_data_dir(tmp_path / "data", {"train": rows, "val": rows})
    values = {"base_model": str(gguf_file), "data": str(data), "device": "cpu"}
    values |= {"load_in_4bit": False, "batch_size": 2, "max_steps": 1, "save_steps": 1}
    out = tmp_path / "candidate"
    train(load_config(None, values), out, log=lambda line: None)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["base_model"] == str(gguf_file.resolve())
    assert manifest["base_model_fingerprint"] == weights_only_fingerprint(gguf_file)
    model = HFModel(str(out), dtype="float32", device="cpu")
    assert model.info.base_verified is True and model.info.base_model == str(gguf_file.resolve())
    assert (
        len(model.loglikelihood_choices([("Which organ produces insulin?", [" A", " B"])])[0]) == 2
    )
