"""`medeval train` config and data-folder checks: every mistake is reported before work starts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from medeval.cli import main
from medeval.errors import DataError, UsageError
from medeval.trainers.qlora import load_data, read_split
from medeval.trainers.train_config import TrainConfig, load_config, parse_override
from train_data import write_data_dir

ROOT = Path(__file__).resolve().parents[2]


def sample(index: int, answer: str = "Vitamin C.") -> dict[str, Any]:
    return {
        "id": f"s{index}",
        "source": "synthetic",
        "messages": [
            {"role": "system", "content": "Answer briefly."},
            {"role": "user", "content": f"Question {index}: which vitamin prevents scurvy?"},
            {"role": "assistant", "content": answer},
        ],
    }


def test_defaults_are_the_founding_recipe() -> None:
    config = TrainConfig(data="d")
    assert config.base_model == "BioMistral/BioMistral-7B"
    assert (config.lora_r, config.lora_alpha, config.lora_dropout) == (32, 64, 0.05)
    assert config.target_modules == "all-linear"
    assert (config.learning_rate, config.lr_scheduler, config.warmup_ratio) == (5e-5, "cosine", 0.1)
    assert (config.epochs, config.cutoff_len, config.effective_batch()) == (3, 4096, 16)
    assert config.load_in_4bit and config.quant_type == "nf4" and config.gradient_checkpointing
    assert (config.logging_steps, config.eval_steps, config.save_steps) == (10, 500, 500)


def test_file_then_overrides(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("data: d\nlora_r: 8\nlearning_rate: 2e-4\ntarget_modules: [q_proj, v_proj]\n")
    config = load_config(path, dict([parse_override("lora_r=4")]))
    assert config.lora_r == 4 and config.learning_rate == 2e-4
    assert config.target_modules == ["q_proj", "v_proj"]
    assert parse_override("load_in_4bit=false") == ("load_in_4bit", False)
    with pytest.raises(UsageError, match="KEY=VALUE"):
        parse_override("lora_r")


def test_every_problem_reported_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("data: d\nlora_rank: 8\nwarmup_ratio: 1.5\nlr_scheduler: cosin\n")
    with pytest.raises(UsageError) as exc:
        load_config(path, {"batch_size": 0})
    message = str(exc.value)
    assert f"{path}, line 2, field 'lora_rank': unknown setting" in message
    assert f"{path}, line 3, field 'warmup_ratio'" in message
    assert f"{path}, line 4, field 'lr_scheduler'" in message
    assert "--set batch_size, field 'batch_size'" in message


def test_missing_data_and_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("base_model: x\n")
    with pytest.raises(UsageError, match="field 'data': required setting is missing"):
        load_config(path)
    path.write_text("data: [unclosed\n")
    with pytest.raises(DataError, match="not valid YAML"):
        load_config(path)
    path.write_text("- a list\n")
    with pytest.raises(DataError, match="mapping"):
        load_config(path)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: r.pop("source"), r"line 2, field 'source': missing field"),
        (lambda r: r["messages"][1].update(role="doctor"), r"field 'messages\[1\].role'"),
        (lambda r: r["messages"].pop(), r"field 'messages\[1\].role': the last message must"),
        (lambda r: r["messages"][2].update(content=""), r"field 'messages\[2\].content'"),
        (lambda r: r.update(messages="hi"), r"field 'messages': expected list"),
        (lambda r: r.update(id="s0"), r"line 2, field 'id': duplicate id 's0'"),
    ],
)
def test_bad_split_line_named(tmp_path: Path, mutate: Any, expected: str) -> None:
    bad = sample(1)
    mutate(bad)
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(sample(0)) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(DataError, match=expected) as exc:
        read_split(path)
    assert str(path) in str(exc.value)


def test_data_folder_checked_against_card(tmp_path: Path) -> None:
    folder = write_data_dir(tmp_path / "d", {"train": [sample(0)], "val": [sample(1)]})
    data = load_data(folder)
    assert len(data.train) == 1 and data.val[0].messages[-1]["content"] == "Vitamin C."
    (folder / "train.jsonl").write_text(json.dumps(sample(0, "Vitamin D.")) + "\n")
    with pytest.raises(DataError, match="sha256 differs from the one in card.json"):
        load_data(folder)
    (folder / "card.json").unlink()
    with pytest.raises(DataError, match="card.json: data file not found"):
        load_data(folder)


def test_cli_reports_config_errors_before_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(f"data: {tmp_path / 'nowhere'}\nbase_model: {tmp_path / 'no-model'}\n")
    out = tmp_path / "cand"
    monkeypatch.setattr(sys, "argv", ["medeval", "train", str(path), "--out", str(out)])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    assert "data folder not found" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setattr(
        sys, "argv", ["medeval", "train", str(path), "--out", str(out), "--set", "epochs=0"]
    )
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2 and "--set epochs, field 'epochs'" in capsys.readouterr().err


def test_example_config_is_valid() -> None:
    config = load_config(ROOT / "examples" / "train_smollm2_cpu.yaml")
    assert config.base_model == "smollm2-135m" and config.cutoff_len == 512
