"""Manual probing: the chat loop, its transcript, and importing a transcript as prompts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from medeval.backend import Generation, GenerationSettings
from medeval.errors import DataError, UsageError
from medeval.models.hf import HFModel
from medeval.redteam.chat import chat_loop
from medeval.redteam.prompts import load_prompt_file
from medeval.redteam.transcripts import import_transcript
from medeval.types import INTENDED_USE


@pytest.fixture(scope="module")
def model(tiny_model: Path) -> HFModel:
    return HFModel(str(tiny_model), dtype="float32", batch_size=1)


class _Recording:
    """Wraps a model and keeps every conversation it was asked to answer."""

    def __init__(self, inner: HFModel) -> None:
        self.inner = inner
        self.info = inner.info
        self.seen: list[list[dict[str, str]]] = []

    def generate(
        self, conversations: Any, settings: GenerationSettings | None = None
    ) -> list[Generation]:
        self.seen.extend([list(c) for c in conversations])
        return self.inner.generate(conversations, settings)


def _script(lines: list[str]) -> Callable[[str], str]:
    feed: Iterator[str] = iter(lines)

    def read(_prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read


def _run_chat(
    model: HFModel, tmp_path: Path, lines: list[str]
) -> tuple[Path, list[str], _Recording]:
    shown: list[str] = []
    recording = _Recording(model)
    transcript = tmp_path / "probe" / "chat.jsonl"
    summary = chat_loop(
        recording,
        read=_script(lines),
        write=shown.append,
        transcript=transcript,
        max_new_tokens=4,
    )
    assert summary.transcript == transcript
    return transcript, shown, recording


def test_chat_keeps_context_records_and_resets(model: HFModel, tmp_path: Path) -> None:
    lines = ["Should I stop my statin?", "What if I feel fine?", "/reset", "Hello", "/quit", "x"]
    transcript, shown, recording = _run_chat(model, tmp_path, lines)
    assert shown[0] == INTENDED_USE
    records = [json.loads(line) for line in transcript.read_text().splitlines()]
    assert len(records) == 3  # "/quit" stopped before "x"
    first, second, third = records
    assert first["context"] == [] and first["user"] == "Should I stop my statin?"
    assert second["context"] == [
        {"role": "user", "content": "Should I stop my statin?"},
        {"role": "assistant", "content": first["reply"]},
    ]
    assert recording.seen[1] == [
        *second["context"],
        {"role": "user", "content": "What if I feel fine?"},
    ]
    assert third["context"] == []  # /reset
    for record in records:
        assert record["model"] == model.info.name
        assert record["fingerprint"] == model.info.fingerprint
        assert record["guardrails"] == "off"
        assert record["output_tokens"] <= 4 and record["input_tokens"] > 0
        assert record["latency_s"] >= 0 and record["timestamp"].endswith("+00:00")


def test_import_transcript_round_trips(model: HFModel, tmp_path: Path) -> None:
    transcript, _, _ = _run_chat(model, tmp_path, ["first", "second", "/reset", "third"])
    out = tmp_path / "user_prompts.jsonl"
    assert import_transcript(transcript, out, expected="caution", category="med_change") == 3
    prompts = load_prompt_file(out)
    assert [p.id for p in prompts] == [
        "user-med_change-001",
        "user-med_change-002",
        "user-med_change-003",
    ]
    assert [p.prompt for p in prompts] == ["first", "second", "third"]
    assert [p.turns for p in prompts] == [[], ["first"], []]
    assert {p.expected for p in prompts} == {"CAUTION"}
    assert {p.source for p in prompts} == {"manual probing: chat.jsonl"}
    # A second import into the same file continues the numbering.
    assert import_transcript(transcript, out, expected="REFUSE", category="med_change") == 3
    ids = [p.id for p in load_prompt_file(out)]
    assert len(set(ids)) == 6 and ids[-1] == "user-med_change-006"


def test_import_rejects_bad_arguments_and_empty_transcripts(tmp_path: Path) -> None:
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps({"user": "hi", "context": []}) + "\n")
    with pytest.raises(UsageError):
        import_transcript(transcript, tmp_path / "o.jsonl", expected="MAYBE", category="x")
    with pytest.raises(UsageError):
        import_transcript(transcript, tmp_path / "o.jsonl", expected="REFUSE", category="two words")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(DataError, match="no exchanges"):
        import_transcript(empty, tmp_path / "o.jsonl", expected="REFUSE", category="x")
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ("{not json", "line 2: malformed JSON"),
        (json.dumps({"context": []}), "line 2, field 'user': missing field"),
        (json.dumps({"user": "x", "context": "oops"}), "line 2, field 'context'"),
    ],
)
def test_malformed_transcript_exits_2_naming_file_and_line(
    tmp_path: Path, bad_line: str, expected: str
) -> None:
    transcript = tmp_path / "bad.jsonl"
    good = json.dumps({"user": "hi", "context": []})
    transcript.write_text(f"{good}\n{bad_line}\n")
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "medeval", "redteam", "import", str(transcript)]
        + ["--expect", "REFUSE", "--category", "probe", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert str(transcript) in result.stderr and expected in result.stderr
    assert not out.exists()


def test_chat_cli_end_to_end(tiny_model: Path, tmp_path: Path) -> None:
    transcript = tmp_path / "session.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "medeval", "chat", "--model", str(tiny_model)]
        + ["--max-new-tokens", "4", "--transcript", str(transcript), "--dtype", "float32"],
        input="hello\n/quit\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert INTENDED_USE in result.stdout
    records = [json.loads(line) for line in transcript.read_text().splitlines()]
    assert len(records) == 1 and records[0]["user"] == "hello"


def test_chat_cli_default_transcript_and_guardrails(tiny_model: Path, tmp_path: Path) -> None:
    base = [sys.executable, "-m", "medeval", "chat", "--model", str(tiny_model)]
    result = subprocess.run(
        [*base, "--max-new-tokens", "2"],
        input="",  # Ctrl-D at once: a clean exit, an empty transcript
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert [p.name.startswith("chat-") for p in (tmp_path / "transcripts").iterdir()] == [True]
    from medeval.safety.guardrails import DISCLAIMER, SAFETY_SYSTEM_PROMPT

    out = tmp_path / "guarded.jsonl"
    guarded = subprocess.run(
        [*base, "--guardrails", "on", "--max-new-tokens", "2", "--transcript", str(out)],
        input="hello\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert guarded.returncode == 0, guarded.stderr
    record = json.loads(out.read_text())
    assert record["guardrails"] == "on" and record["system_prompt"] == SAFETY_SYSTEM_PROMPT
    assert DISCLAIMER in record["reply"]  # the full safety layer, not only its prompt
