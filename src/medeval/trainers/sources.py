"""Readers that turn every supported source format into chat samples.

A sample is what the trainer reads: an id, the source name and a list of chat messages whose last
one is the assistant's answer. Local formats:

* ``alpaca``: JSON lines with ``instruction``, optional ``input``, ``output`` (and an optional
  ``system``); the user turn is the instruction, a blank line and the input.
* ``chat``: JSON lines with ``messages`` = [{role, content}, ...] (roles system/user/assistant),
  ending with an assistant message; an optional ``id``.
* ``medqa`` / ``medmcqa``: the benchmark files' original layouts (knowledge and reasoning
  samples: the question with lettered options, the answer with its letter, and MedMCQA's
  explanation when there is one).
* ``pubmedqa``: ``ori_pqal.json`` (literature samples: abstract + question -> long answer and
  the yes/no/maybe decision). Test PMIDs listed in ``test_ground_truth.json`` beside the file are
  left out, so only the non-test half is read.
* ``medsafetybench``: the training-demonstration CSVs of MedSafetyBench (a harmful request and
  the safe response), read from a folder such as ``medsafetybench/train``.
* ``medquad``: MedQuAD's original XML, a folder of ``<n>_<source>_QA/*.xml`` files (patient
  education: each ``QAPair``'s ``Question`` is the user turn, its ``Answer`` the assistant's; the
  few files in the older lower-case layout, ``pair``/``question``/``answer``, are read too). A
  pair without an answer text becomes an empty sample, which cleaning drops and counts.
* ``meddialog``: MedDialog (English) as the Hugging Face hub lays it out, in either of its two
  layouts: ``processed.en`` (``description`` and ``utterances``, strings starting "patient:" or
  "doctor:") or ``en`` (``dialogue_turns``: ``speaker`` Patient/Doctor, or its class index 0/1,
  and ``utterance``; as a list of turns or as the hub's columns of lists). A local file is a JSON
  array (``english-train.json``) or JSON lines. Patient turns become user turns and doctor turns
  assistant turns (consecutive turns of one speaker joined); a trailing patient turn is left out.

A Hugging Face dataset id is read with the same field layouts (it needs network).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.files import (
    csv_row_index,
    load_hub_rows,
    read_csv_records,
    read_json,
    read_jsonl,
)
from medeval.trainers.data_config import ResolvedSource

ROLES = ("system", "user", "assistant")
LETTERS = ("A", "B", "C", "D")


@dataclass
class Sample:
    """One training conversation; ``messages[-1]`` is the assistant's answer."""

    id: str
    source: str
    messages: list[dict[str, str]]
    origin: str = ""  # file and line, for messages about this sample
    meta: dict[str, Any] = field(default_factory=dict)

    def text(self, *, roles: tuple[str, ...] = ("user", "assistant")) -> str:
        """The contents of the messages with `roles`, joined (system prompts excluded)."""
        return "\n".join(m["content"] for m in self.messages if m["role"] in roles)

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "messages": self.messages}


def read_source(source: ResolvedSource) -> list[Sample]:
    """All samples of one source, in file order (up to the source's ``limit``)."""
    config = source.config
    readers = {
        "alpaca": _alpaca,
        "chat": _chat,
        "medqa": _medqa,
        "medmcqa": _medmcqa,
        "meddialog": _meddialog,
    }
    if source.path is None:
        rows = load_hub_rows(str(config.hf), config.hf_config, config.split)
        records: Iterator[tuple[int, dict[str, Any]]] = iter(enumerate(rows, start=1))
        if config.format == "pubmedqa":
            samples = list(_pubmedqa_hub(rows, source))
        else:
            samples = [readers[config.format](r, line, source) for line, r in records]
    elif config.format == "pubmedqa":
        samples = list(_pubmedqa_file(source.path, source))
    elif config.format == "medsafetybench":
        samples = list(_medsafetybench(source.path, source))
    elif config.format == "medquad":
        samples = list(_medquad(source.path, source))
    elif config.format == "meddialog" and source.path.suffix == ".json":
        records = _json_array(source.path)
        samples = [_meddialog(r, n, source, in_array=True) for n, r in records]
    else:
        samples = [readers[config.format](r, line, source) for line, r in read_jsonl(source.path)]
    if not samples:
        raise DataError(source.origin, f"source '{source.name}' has no samples")
    return samples[: config.limit] if config.limit else samples


def _text(record: dict[str, Any], name: str, source: ResolvedSource, line: int) -> str:
    value = record.get(name)
    if value is None:
        raise DataError(source.origin, "missing field", line=line, field=name)
    if not isinstance(value, str):
        raise DataError(
            source.origin, f"expected a string, got {type(value).__name__}", line=line, field=name
        )
    return value


def _sample(
    source: ResolvedSource, key: str, messages: list[dict[str, str]], line: int | str
) -> Sample:
    return Sample(
        id=f"{source.name}-{key}",
        source=source.name,
        messages=messages,
        origin=f"{source.origin}:{line}",
    )


def _alpaca(record: dict[str, Any], line: int, source: ResolvedSource) -> Sample:
    instruction = _text(record, "instruction", source, line)
    extra = record.get("input") or ""
    if not isinstance(extra, str):
        raise DataError(source.origin, "expected a string", line=line, field="input")
    user = f"{instruction}\n\n{extra}" if extra.strip() else instruction
    messages = [{"role": "user", "content": user}]
    if isinstance(record.get("system"), str) and record["system"].strip():
        messages.insert(0, {"role": "system", "content": record["system"]})
    messages.append({"role": "assistant", "content": _text(record, "output", source, line)})
    return _sample(source, str(record.get("id", line)), messages, line)


def _chat(record: dict[str, Any], line: int, source: ResolvedSource) -> Sample:
    raw = record.get("messages")
    if not isinstance(raw, list) or not raw:
        raise DataError(source.origin, "expected a non-empty list", line=line, field="messages")
    messages = []
    for index, message in enumerate(raw):
        where = f"messages.{index}"
        if not isinstance(message, dict):
            raise DataError(source.origin, "expected an object", line=line, field=where)
        role, content = message.get("role"), message.get("content")
        if role not in ROLES:
            raise DataError(
                source.origin,
                f"unknown role {role!r} (expected one of {', '.join(ROLES)})",
                line=line,
                field=f"{where}.role",
            )
        if not isinstance(content, str):
            raise DataError(source.origin, "expected a string", line=line, field=f"{where}.content")
        messages.append({"role": str(role), "content": content})
    if messages[-1]["role"] != "assistant":
        raise DataError(
            source.origin,
            "the last message must be the assistant's answer",
            line=line,
            field=f"messages.{len(messages) - 1}.role",
        )
    if not any(m["role"] == "user" for m in messages):
        raise DataError(source.origin, "no user message", line=line, field="messages")
    return _sample(source, str(record.get("id", line)), messages, line)


def _mcq(
    source: ResolvedSource, key: str, line: int, question: str, options: list[str], answer: int
) -> Sample:
    lines = "\n".join(f"{letter}. {text}" for letter, text in zip(LETTERS, options, strict=False))
    return _sample(
        source,
        key,
        [
            {"role": "user", "content": f"{question}\n{lines}"},
            {"role": "assistant", "content": f"The answer is {LETTERS[answer]}. {options[answer]}"},
        ],
        line,
    )


def _medqa(record: dict[str, Any], line: int, source: ResolvedSource) -> Sample:
    question = _text(record, "question", source, line)
    options_map = record.get("options")
    if not isinstance(options_map, dict):
        raise DataError(source.origin, "expected an object", line=line, field="options")
    options = [str(options_map.get(letter, "")) for letter in LETTERS]
    letter = str(record.get("answer_idx", "")).strip().upper()
    if letter not in LETTERS:
        raise DataError(
            source.origin, f"unknown answer label {letter!r}", line=line, field="answer_idx"
        )
    return _mcq(source, str(line), line, question, options, LETTERS.index(letter))


def _medmcqa(record: dict[str, Any], line: int, source: ResolvedSource) -> Sample:
    question = _text(record, "question", source, line)
    options = [_text(record, name, source, line) for name in ("opa", "opb", "opc", "opd")]
    cop = record.get("cop")
    if not isinstance(cop, int) or not 1 <= cop <= 4:
        raise DataError(source.origin, f"expected 1-4, got {cop!r}", line=line, field="cop")
    sample = _mcq(source, str(record.get("id", line)), line, question, options, cop - 1)
    explanation = record.get("exp")
    if isinstance(explanation, str) and explanation.strip():
        sample.messages[-1]["content"] += f"\n\nExplanation: {explanation}"
    return sample


def _pubmedqa_sample(source: ResolvedSource, pmid: str, record: dict[str, Any]) -> Sample | None:
    contexts, question = record.get("CONTEXTS"), record.get("QUESTION")
    long_answer, decision = record.get("LONG_ANSWER"), record.get("final_decision")
    if not (contexts and question and long_answer and decision):
        return None  # the cleaning step counts it as empty
    abstract = "\n".join(str(part) for part in contexts)
    return _sample(
        source,
        pmid,
        [
            {"role": "user", "content": f"Abstract: {abstract}\n\nQuestion: {question}"},
            {"role": "assistant", "content": f"{long_answer}\n\nAnswer: {decision}."},
        ],
        pmid,
    )


def _pubmedqa_file(path: Path, source: ResolvedSource) -> Iterator[Sample]:
    data = read_json(path)
    if not isinstance(data, dict):
        raise DataError(path, "expected a JSON object keyed by PMID")
    truth_path = path.parent / "test_ground_truth.json"
    test_ids = set(read_json(truth_path)) if truth_path.is_file() else set()
    for pmid, record in data.items():
        if pmid in test_ids or not isinstance(record, dict):
            continue
        sample = _pubmedqa_sample(source, str(pmid), record)
        if sample is not None:
            yield sample


def _pubmedqa_hub(rows: list[dict[str, Any]], source: ResolvedSource) -> Iterator[Sample]:
    from medeval.suites.pubmedqa import from_hub_row

    for row in rows:
        pmid, record = from_hub_row(row)
        sample = _pubmedqa_sample(source, pmid, record)
        if sample is not None:
            yield sample


def _medsafetybench(folder: Path, source: ResolvedSource) -> Iterator[Sample]:
    files = sorted(folder.rglob("*.csv"))
    if not files:
        raise DataError(folder, "no CSV files in the MedSafetyBench folder")
    for path in files:
        relative = path.relative_to(folder).with_suffix("").as_posix()
        key = relative.replace("/", "-").replace("med_safety_demonstrations_category_", "")
        required = ("harmful_medical_request", "safe_response")
        for line, row in read_csv_records(path, required=required):
            index = csv_row_index(row, path, line)
            sample = Sample(
                id=f"{source.name}-{key}-{index}",
                source=source.name,
                messages=[
                    {"role": "user", "content": row["harmful_medical_request"]},
                    {"role": "assistant", "content": row["safe_response"]},
                ],
                origin=f"{path}:{line}",
            )
            yield sample


def _medquad(folder: Path, source: ResolvedSource) -> Iterator[Sample]:
    from xml.etree import ElementTree

    files = sorted(folder.rglob("*.xml"))
    if not files:
        raise DataError(folder, "no MedQuAD XML files (expected <n>_<source>_QA/*.xml)")
    for path in files:
        data = path.read_bytes()
        if b"<!ENTITY" in data:  # no entity expansion bombs: MedQuAD declares no entities
            raise DataError(path, "XML entity declarations are not read")
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError as exc:
            raise DataError(path, f"malformed XML ({exc})", line=exc.position[0]) from None
        for index, pair in enumerate(e for e in root.iter() if _tag(e) in ("qapair", "pair")):
            where = f"{pair.tag}[{pair.get('pid', index + 1)}]"
            question = next((e for e in pair if _tag(e) == "question"), None)
            if question is None or not (question.text or "").strip():
                raise DataError(path, "missing or empty question", field=f"{where}/Question")
            answer = next((e for e in pair if _tag(e) == "answer"), None)
            # qids repeat across subsets and even files: the file's path and the pair number
            # make the id (the qid is kept in meta)
            stem = path.relative_to(folder).with_suffix("").as_posix().replace("/", "-")
            key = f"{stem}-{pair.get('pid', index + 1)}"
            sample = Sample(
                id=f"{source.name}-{key}",
                source=source.name,
                messages=[
                    {"role": "user", "content": question.text or ""},
                    # An answer removed for copyright stays empty: cleaning drops and counts it.
                    {"role": "assistant", "content": "" if answer is None else answer.text or ""},
                ],
                origin=f"{path}:{where}",
                meta={"qid": question.get("qid", ""), "qtype": question.get("qtype", "")},
            )
            yield sample


def _tag(element: Any) -> str:
    return str(element.tag).lower()


def _json_array(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records of a file holding one JSON array of objects; numbered from 1."""
    data = read_json(path)
    if not isinstance(data, list):
        raise DataError(path, "expected a JSON array of dialogue objects")
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise DataError(path, "expected a JSON object", field=f"item {number}")
        yield number, record


SPEAKERS = {"patient": "user", "doctor": "assistant", "0": "user", "1": "assistant"}


def _meddialog(
    record: dict[str, Any], line: int, source: ResolvedSource, *, in_array: bool = False
) -> Sample:
    """One dialogue; `line` is the line of a JSON-lines file or hub row, or (`in_array`) the
    1-based position in a JSON array, which errors then name as ``item N``."""

    def fail(message: str, field: str | None = None) -> DataError:
        if in_array:
            where = f"item {line}" + (f".{field}" if field else "")
            return DataError(source.origin, message, field=where)
        return DataError(source.origin, message, line=line, field=field)

    turns: list[tuple[str, str]] = []
    if "utterances" in record:  # processed.en
        raw = record["utterances"]
        if not isinstance(raw, list) or not raw:
            raise fail("expected a non-empty list", "utterances")
        for index, text in enumerate(raw):
            speaker, sep, said = str(text).partition(":")
            role = SPEAKERS.get(speaker.strip().lower())
            if not isinstance(text, str) or not sep or role is None:
                raise fail('expected "patient: ..." or "doctor: ..."', f"utterances.{index}")
            turns.append((role, said.strip()))
    elif "dialogue_turns" in record:  # en: a list of turns, or the hub's columns of lists
        raw = record["dialogue_turns"]
        if isinstance(raw, dict):
            speakers, texts = raw.get("speaker"), raw.get("utterance")
            if not (isinstance(speakers, list) and isinstance(texts, list)) or len(speakers) != len(
                texts
            ):
                raise fail(
                    "expected lists 'speaker' and 'utterance' of one length", "dialogue_turns"
                )
            raw = [{"speaker": s, "utterance": t} for s, t in zip(speakers, texts, strict=True)]
        if not isinstance(raw, list) or not raw:
            raise fail("expected a non-empty list", "dialogue_turns")
        for index, turn in enumerate(raw):
            where = f"dialogue_turns.{index}"
            who = turn.get("speaker", "") if isinstance(turn, dict) else None
            role = SPEAKERS.get(str(who).strip().lower())
            if role is None:
                raise fail("expected speaker Patient or Doctor (or 0 / 1)", f"{where}.speaker")
            text = turn.get("utterance")
            if not isinstance(text, str):
                raise fail("expected a string", f"{where}.utterance")
            turns.append((role, text.strip()))
    else:
        raise fail("a MedDialog record needs 'utterances' (processed.en) or 'dialogue_turns' (en)")
    messages: list[dict[str, str]] = []
    for role, text in turns:
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"] += f"\n{text}"
        else:
            messages.append({"role": role, "content": text})
    while messages and messages[-1]["role"] != "assistant":
        messages.pop()  # a question the doctor never answered teaches nothing
    while messages and messages[0]["role"] != "user":
        messages.pop(0)
    if not messages:
        raise fail("no patient turn followed by a doctor's answer")
    key = record.get("dialogue_id", line)
    if record.get("file_name"):
        key = f"{Path(str(record['file_name'])).stem}-{key}"
    return _sample(source, str(key), messages, line)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    """Write JSON lines atomically (a temp file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
