"""The QLoRA trainer on the tiny Llama (4-bit on the CPU) and, marked slow, on SmolLM2."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from medeval.errors import ResumeMismatchError
from medeval.trainers.qlora import IGNORE_INDEX, encode, train
from medeval.trainers.train_config import load_config
from train_data import write_data_dir

FACTS = [
    ("Which vitamin deficiency causes scurvy?", "Vitamin C deficiency causes scurvy."),
    ("Which organ produces insulin?", "The pancreas, in the beta cells of its islets."),
    ("What does HbA1c measure?", "Average blood glucose over about three months."),
    ("What is a normal adult resting heart rate?", "Between 60 and 100 beats per minute."),
]


def conversation(index: int) -> dict[str, Any]:
    question, answer = FACTS[index % len(FACTS)]
    return {
        "id": f"fact-{index}",
        "source": "synthetic",
        "messages": [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ],
    }


@pytest.fixture(scope="module")
def facts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [conversation(i) for i in range(8)]
    return write_data_dir(
        tmp_path_factory.mktemp("facts"), {"train": rows, "val": rows[:4], "test": rows[:4]}
    )


def settings(model: Path, data: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "base_model": str(model),
        "data": str(data),
        "device": "cpu",
        "batch_size": 4,
        "grad_accum": 1,
        "learning_rate": 5e-3,
        "warmup_ratio": 0.0,
        "logging_steps": 1,
        "eval_steps": 3,
        "save_steps": 3,
        **overrides,
    }


class Snapshot:
    """Trainer callback: copies of every parameter when training starts and when it ends."""

    def __init__(self) -> None:
        self.begin: dict[str, Any] = {}
        self.end: dict[str, Any] = {}
        self.trainable: set[str] = set()

    def on_train_begin(
        self, args: Any, state: Any, control: Any, model: Any = None, **_: Any
    ) -> None:
        self.begin = {n: p.detach().clone() for n, p in model.named_parameters()}
        self.trainable = {n for n, p in model.named_parameters() if p.requires_grad}

    def on_train_end(
        self, args: Any, state: Any, control: Any, model: Any = None, **_: Any
    ) -> None:
        self.end = {n: p.detach().clone() for n, p in model.named_parameters()}

    def __getattr__(self, name: str) -> Any:  # the other Trainer events: nothing to do
        if name.startswith("on_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)


def test_answer_tokens_only(tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    messages = conversation(0)["messages"]
    row = encode(tokenizer, messages, 4096)
    answer = [t for t, label in zip(row["input_ids"], row["labels"], strict=True) if label >= 0]
    assert tokenizer.decode(answer) == FACTS[0][1] + tokenizer.eos_token
    first = row["labels"].index(answer[0])
    assert all(label == IGNORE_INDEX for label in row["labels"][:first])
    assert "### User:" in tokenizer.decode(row["input_ids"][:first])
    # with a chat template, the answer and the template's end-of-turn marker are learned
    tokenizer.chat_template = (
        "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}<|end|>{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>{% endif %}"
    )
    row = encode(tokenizer, [{"role": "system", "content": "Be brief."}, *messages], 4096)
    answer = [t for t, label in zip(row["input_ids"], row["labels"], strict=True) if label >= 0]
    assert tokenizer.decode(answer) == FACTS[0][1] + "<|end|>"
    assert tokenizer.decode(row["input_ids"]).startswith("<|system|>Be brief.<|end|><|user|>")
    # over-long samples keep the end of the prompt and the start of the answer
    row = encode(tokenizer, messages, 16)
    assert len(row["input_ids"]) == 16 and row["truncated"]
    assert sum(label >= 0 for label in row["labels"]) >= 4


def test_qlora_4bit_learns_adapter_only(tiny_model: Path, facts_dir: Path, tmp_path: Path) -> None:
    import bitsandbytes as bnb

    snapshot = Snapshot()
    out = tmp_path / "candidate"
    config = load_config(None, settings(tiny_model, facts_dir, max_steps=6))
    outcome = train(config, out, extra_callbacks=[snapshot], log=lambda line: None)
    assert any(isinstance(m, bnb.nn.Linear4bit) for m in outcome.model.modules())

    losses = [h["loss"] for h in outcome.log_history if "loss" in h]
    evals = [h["eval_loss"] for h in outcome.log_history if "eval_loss" in h]
    assert len(losses) == 6 and losses[-1] < losses[0] - 1.0
    assert len(evals) == 3 and evals[-1] < evals[0]  # before the first step, at 3 and at 6

    lora = {n for n in snapshot.begin if "lora_" in n}
    assert lora and snapshot.trainable == lora
    assert all(not snapshot.begin[n].equal(snapshot.end[n]) for n in lora if "lora_B" in n)
    base = [n for n in snapshot.begin if n not in lora]
    assert base and all(snapshot.begin[n].equal(snapshot.end[n]) for n in base)

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["base_model"] == str(tiny_model.resolve())
    assert len(manifest["base_model_fingerprint"]) == 64
    assert manifest["quantization"] == "bnb-nf4" and manifest["config"]["max_steps"] == 6
    assert manifest["data"]["card_sha256"] and manifest["versions"]["bitsandbytes"]
    assert manifest["train"]["final_train_loss"] == losses[-1]
    assert manifest["train"]["final_eval_loss"] == evals[-1]
    assert manifest["train"]["initial_eval_loss"] == evals[0]
    assert (out / "adapter_model.safetensors").is_file() and (out / "tokenizer.json").is_file()
    assert (out / "loss.png").read_bytes()[:4] == b"\x89PNG"

    # the candidate is a model `medeval run` can load: base from the manifest, adapter on top
    from medeval.models.hf import HFModel

    model = HFModel(str(out))
    assert model.info.adapter == str(out) and model.info.base_model == str(tiny_model.resolve())
    scores = model.loglikelihood_choices([("Which vitamin prevents scurvy?", [" C", " D"])])
    assert len(scores[0]) == 2


class Interrupt:
    """Stops training (as a crash would) once `after` optimizer steps are done."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.steps: list[int] = []

    def on_step_end(self, args: Any, state: Any, control: Any, **_: Any) -> None:
        self.steps.append(state.global_step)
        if state.global_step == self.after:
            raise KeyboardInterrupt

    def __getattr__(self, name: str) -> Any:
        if name.startswith("on_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)


def test_resume_continues_from_checkpoint(
    tiny_model: Path, facts_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "candidate"
    values = settings(tiny_model, facts_dir, max_steps=5, save_steps=2, load_in_4bit=False)
    config = load_config(None, values)
    first = Interrupt(after=3)
    with pytest.raises(KeyboardInterrupt):
        train(config, out, extra_callbacks=[first], log=lambda line: None)
    assert first.steps == [1, 2, 3]
    assert not (out / "manifest.json").exists()
    assert (out / "checkpoints" / "checkpoint-2").is_dir()

    with pytest.raises(ResumeMismatchError, match="max_steps"):
        train(load_config(None, {**values, "max_steps": 7}), out, log=lambda line: None)

    second = Interrupt(after=-1)
    outcome = train(config, out, extra_callbacks=[second], log=lambda line: None)
    assert second.steps == [3, 4, 5]  # continues after checkpoint-2, no restart
    assert outcome.manifest["train"]["resumed_from"] == "checkpoint-2"
    assert outcome.manifest["train"]["global_step"] == 5
    logged = [h["step"] for h in outcome.log_history if "loss" in h]
    assert logged == [1, 2, 3, 4, 5]
    # a finished candidate is not trained again
    again = train(config, out, log=lambda line: None)
    assert again.manifest == outcome.manifest


@pytest.mark.slow
def test_smollm2_candidate_runs(smollm2_cache: Path, data_dir: Path, tmp_path: Path) -> None:
    from medeval import run

    os.environ["MEDEVAL_CACHE"] = str(smollm2_cache)
    pqal = json.loads((data_dir / "pubmedqa" / "ori_pqal.json").read_text())
    test_ids = set(json.loads((data_dir / "pubmedqa" / "test_ground_truth.json").read_text()))
    rows = []
    for pmid, record in pqal.items():
        if pmid in test_ids:
            continue
        rows.append(
            {
                "id": pmid,
                "source": "pubmedqa",
                "messages": [
                    {"role": "user", "content": record["QUESTION"]},
                    {"role": "assistant", "content": record["LONG_ANSWER"]},
                ],
            }
        )
        if len(rows) == 6:
            break
    data = write_data_dir(
        tmp_path / "data", {"train": rows[:4], "val": rows[4:5], "test": rows[5:]}
    )
    out = tmp_path / "smollm2-med"
    config = load_config(
        None,
        {
            "base_model": "smollm2-135m",
            "data": str(data),
            "device": "cpu",
            "cutoff_len": 64,
            "max_steps": 2,
            "batch_size": 2,
            "grad_accum": 1,
            "learning_rate": 2e-4,
            "logging_steps": 1,
        },
    )
    outcome = train(config, out, log=lambda line: None)
    assert outcome.manifest["base_model"] == "smollm2-135m"
    assert outcome.manifest["prompt_format"] == "chat_template"
    assert outcome.manifest["train"]["final_eval_loss"] is not None
    result = run(str(out), suites=["pubmedqa"], limit=3, data_dir=data_dir, out=tmp_path / "run")
    card = result.scorecard
    assert card.complete and card.suites["pubmedqa"].metrics["acc"].n == 3
    assert card.model.adapter == str(out)
