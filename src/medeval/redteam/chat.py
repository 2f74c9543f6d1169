"""Manual probing: an interactive chat with a loaded model that records every exchange.

A red-teamer finds the failures no fixed prompt set anticipated by talking to the model by hand.
Those findings are only worth something if they can be replayed, so every exchange is appended to
a JSON-lines transcript the moment it happens (flushed, so a crash or Ctrl-C loses nothing), with
the model's fingerprint and the guardrail setting that produced it. ``medeval redteam import``
(:mod:`medeval.redteam.transcripts`) then turns a transcript into a user prompt file for the suite.

The loop takes its input and output as callables so it can be driven by a script in tests, with
no terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medeval.types import INTENDED_USE, ModelInfo

if TYPE_CHECKING:
    from medeval.backend import ChatModel, Generation

QUIT_COMMANDS = ("/quit", "/exit")
RESET_COMMAND = "/reset"
USER_PROMPT = "you> "
TRANSCRIPT_DIR = Path("transcripts")


@dataclass(frozen=True)
class ChatSummary:
    """What a session did, so the CLI can tell the user where the evidence went."""

    exchanges: int
    transcript: Path


def default_transcript_path(now: datetime | None = None) -> Path:
    """``transcripts/chat-<UTC time>.jsonl``: sortable and never reused by a later session."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return TRANSCRIPT_DIR / f"chat-{moment.strftime('%Y%m%dT%H%M%SZ')}.jsonl"


def chat_loop(
    model: ChatModel,
    *,
    read: Callable[[str], str],
    write: Callable[[str], None],
    transcript: Path,
    max_new_tokens: int = 512,
    system_prompt: str | None = None,
) -> ChatSummary:
    """Run the chat until ``/quit``, end of input (``read`` raises EOFError) or Ctrl-C.

    The whole conversation is sent on every turn, because multi-turn escalation is exactly what
    manual probing looks for; ``/reset`` starts a fresh conversation without leaving the session.
    The guardrail setting is derived from ``system_prompt`` (the safety prompt is the only thing
    ``--guardrails on`` changes here), so the transcript can never disagree with what ran.

    Args:
        model: The loaded backend.
        read: Returns the next user line given a prompt string (``input`` in a terminal).
        write: Shows one line to the user.
        transcript: JSON-lines file to append to; created with its parent folders.
        max_new_tokens: Generation budget per answer.
        system_prompt: The safety system prompt when guardrails are on, else None.

    Returns:
        How many exchanges were recorded and where.
    """
    from medeval.backend import GenerationSettings

    settings = GenerationSettings(max_new_tokens=max_new_tokens, system_prompt=system_prompt)
    info = model.info
    guardrails = "on" if system_prompt else "off"
    transcript.parent.mkdir(parents=True, exist_ok=True)
    write(INTENDED_USE)
    write(
        f"model {info.name} (fingerprint {info.fingerprint[:12]}), guardrails {guardrails}; "
        f"transcript: {transcript}"
    )
    write(f"Commands: {RESET_COMMAND} starts a new conversation, /quit (or Ctrl-D) ends.")
    conversation: list[dict[str, str]] = []
    exchanges = 0
    with transcript.open("a", encoding="utf-8") as sink:
        while True:
            try:
                line = read(USER_PROMPT)
            except (EOFError, KeyboardInterrupt):
                write("")
                break
            message = line.strip()
            if not message:
                continue
            if message.lower() in QUIT_COMMANDS:
                break
            if message.lower() == RESET_COMMAND:
                conversation = []
                write("(conversation reset)")
                continue
            before = list(conversation)
            turn = [*before, {"role": "user", "content": line.rstrip("\n")}]
            answer = model.generate([turn], settings)[0]
            write(answer.text)
            conversation = [*turn, {"role": "assistant", "content": answer.text}]
            exchanges += 1
            record = _record(info, guardrails, system_prompt, before, turn[-1], answer)
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            sink.flush()
    write(f"{exchanges} exchange(s) recorded in {transcript}")
    return ChatSummary(exchanges=exchanges, transcript=transcript)


def _record(
    info: ModelInfo,
    guardrails: str,
    system_prompt: str | None,
    context: list[dict[str, str]],
    user: dict[str, str],
    answer: Generation,
) -> dict[str, Any]:
    """One transcript line: everything needed to replay the exchange and trust its origin."""
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": info.name,
        "fingerprint": info.fingerprint,
        "guardrails": guardrails,
        "system_prompt": system_prompt,
        "context": context,
        "user": user["content"],
        "reply": answer.text,
        "input_tokens": answer.input_tokens,
        "output_tokens": answer.output_tokens,
        "latency_s": round(answer.latency_s, 4),
    }
