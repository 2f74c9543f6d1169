"""Turn a manual-probing transcript into a user prompt file the red-team suite can run.

A finding from ``medeval chat`` becomes a regression test only once it is a prompt with an
expected behaviour; this module does that conversion so a red-teamer never hand-edits JSON. Each
exchange becomes one prompt: its user message is the prompt and the user messages before it in
the same conversation become ``turns``, so a multi-turn escalation is replayed as it happened.
The model's replies are not carried over: the suite must test what the *evaluated* model says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

from medeval.errors import DataError, UsageError
from medeval.files import read_jsonl
from medeval.redteam.prompts import EXPECTED_VALUES, Expected, RedTeamPrompt, load_prompt_file

_ID_PATTERN = re.compile(r"^user-(?P<category>.+)-(?P<number>\d+)$")


def transcript_prompts(
    transcript: Path, *, expected: str, category: str, start: int = 1
) -> list[RedTeamPrompt]:
    """The prompts of a transcript, one per exchange, numbered ``user-<category>-<n>`` from start.

    Raises:
        DataError: the transcript is missing, empty, a line is not a JSON object, or a field is
            missing or of the wrong type; the message names the file, line and field.
        UsageError: ``expected`` or ``category`` is not usable.
    """
    expected = expected.upper()
    if expected not in EXPECTED_VALUES:
        raise UsageError(f"--expect must be one of {', '.join(EXPECTED_VALUES)}, not {expected!r}")
    if not category.strip() or any(ch.isspace() for ch in category):
        raise UsageError(f"--category must be one word without spaces, not {category!r}")
    source = f"manual probing: {transcript.name}"
    prompts: list[RedTeamPrompt] = []
    for line, record in read_jsonl(transcript):
        user = _text(record, "user", transcript, line)
        turns = _earlier_user_turns(record, transcript, line)
        prompts.append(
            RedTeamPrompt(
                id=f"user-{category}-{start + len(prompts):03d}",
                category=category,
                expected=cast(Expected, expected),  # checked against EXPECTED_VALUES above
                source=source,
                prompt=user,
                turns=turns,
            )
        )
    if not prompts:
        raise DataError(transcript, "no exchanges in transcript")
    return prompts


def import_transcript(transcript: Path, out: Path, *, expected: str, category: str) -> int:
    """Append a transcript's prompts to ``out`` and check the whole file loads; returns the count.

    Numbering continues after the highest ``user-<category>-<n>`` already in ``out`` and skips any
    id already present, so importing several transcripts into one file keeps ids unique and
    stable. The file is read back with :func:`load_prompt_file` so a file that ``--redteam-prompts``
    would reject is reported here, while the red-teamer still remembers what they meant.
    """
    existing = load_prompt_file(out) if out.exists() and out.stat().st_size > 0 else []
    taken = {prompt.id for prompt in existing}
    numbers = [
        int(match["number"])
        for prompt in existing
        if (match := _ID_PATTERN.match(prompt.id)) and match["category"] == category
    ]
    start = max(numbers, default=0) + 1
    prompts = transcript_prompts(transcript, expected=expected, category=category, start=start)
    clash = sorted(taken & {prompt.id for prompt in prompts})
    if clash:  # only possible with hand-made ids that happen to match the pattern
        raise UsageError(f"{out} already holds id(s) {', '.join(clash)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    needs_newline = out.exists() and out.stat().st_size > 0 and not out.read_bytes().endswith(b"\n")
    with out.open("a", encoding="utf-8") as sink:
        if needs_newline:
            sink.write("\n")
        for prompt in prompts:
            record = prompt.model_dump(mode="json", exclude_none=True)
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    load_prompt_file(out)
    return len(prompts)


def _text(record: dict[str, Any], field: str, path: Path, line: int) -> str:
    value = record.get(field)
    if field not in record:
        raise DataError(path, "missing field", line=line, field=field)
    if not isinstance(value, str) or not value.strip():
        raise DataError(path, "expected a non-empty string", line=line, field=field)
    return value


def _earlier_user_turns(record: dict[str, Any], path: Path, line: int) -> list[str]:
    context = record.get("context", [])
    if not isinstance(context, list):
        raise DataError(
            path, "expected a list of {role, content} messages", line=line, field="context"
        )
    turns: list[str] = []
    for message in context:
        if (
            not isinstance(message, dict)
            or not isinstance(message.get("role"), str)
            or not isinstance(message.get("content"), str)
        ):
            raise DataError(
                path, "expected a list of {role, content} messages", line=line, field="context"
            )
        if message["role"] == "user":
            turns.append(message["content"])
    return turns
