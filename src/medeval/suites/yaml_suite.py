"""A user's own multiple-choice suite, described in a YAML file (`--suite-file FILE`).

A suite is data, not code: the file names a data file (JSON lines, a JSON list or a CSV with a
header; relative paths are relative to the YAML file), how to read the question, options and
answer from a record, a prompt template, and the choices. Example::

    name: cardiology_quiz
    data: cardiology.jsonl
    question_field: question
    options_fields: [opa, opb, opc, opd]
    answer_field: answer
    answer_format: letter        # letter (A-D) | index (0-based) | index1 (1-based) | text
    id_field: id                 # optional; default "<name>-<0-based row index>"
    template: "Question: {question}\\nA. {opa}\\nB. {opb}\\nC. {opc}\\nD. {opd}\\nAnswer:"
    choices: [A, B, C, D]        # scored continuations (after a space), one per option
    breakdown_fields: [topic]    # optional: accuracy per value of these fields
    description: "Cardiology board questions"

The template is filled with Python ``str.format`` from the record's fields. It may only name
fields (``{question}``): attribute or index access (``{question.upper}``, ``{options[0]}``),
conversions (``{question!r}``), format specs (``{question:>10}``) and positional fields (``{}``)
are refused when the suite file is loaded, since a data file's values are untrusted. Write ``{{``
and ``}}`` for literal braces.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medeval.errors import DataError, UsageError
from medeval.files import not_utf8, read_csv_rows, read_json, read_jsonl
from medeval.suites.base import MultipleChoiceSuite
from medeval.types import Item

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class SuiteSpec(BaseModel):
    """The schema of a suite YAML file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=NAME_PATTERN.pattern)
    data: str
    question_field: str
    options_fields: list[str] = Field(min_length=2)
    answer_field: str
    answer_format: str = Field(default="letter", pattern="^(letter|index|index1|text)$")
    template: str
    choices: list[str] = Field(min_length=2)
    id_field: str | None = None
    breakdown_fields: list[str] = Field(default_factory=list)
    description: str = ""
    version: str = "1"


def load_suite_file(path: Path) -> type[MultipleChoiceSuite]:
    """Read and validate a suite YAML file into a suite class."""
    if not path.is_file():
        raise UsageError(f"{path}: suite file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataError(
            path, f"malformed YAML ({exc})", line=None if line is None else line + 1
        ) from None
    if not isinstance(raw, dict):
        raise DataError(path, "expected a mapping of suite settings")
    try:
        spec = SuiteSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(
            path, first["msg"], field=".".join(str(p) for p in first["loc"]) or None
        ) from None
    if len(spec.choices) != len(spec.options_fields):
        raise DataError(path, "needs one choice per options field", field="choices")
    check_template(spec.template, path, _key_line(text, "template"))
    data_path = (path.parent / spec.data).resolve()

    class YamlSuite(MultipleChoiceSuite):
        name = spec.name
        description = spec.description or f"user suite from {path}"
        source = str(data_path)
        version = spec.version
        breakdown_keys: ClassVar[tuple[str, ...]] = tuple(spec.breakdown_fields)

        def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
            self.check_fewshot(num_fewshot)
            records = _read_records(data_path)
            self._record(data_path)
            return [
                _to_item(spec, self.name, data_path, i, line, r)
                for i, (line, r) in enumerate(records)
            ]

    YamlSuite.__name__ = YamlSuite.__qualname__ = f"YamlSuite_{spec.name}"
    return YamlSuite


def check_template(template: str, path: Path, line: int | None = None) -> list[str]:
    """The field names `template` uses; a DataError (field ``template``) unless it only names
    fields: no attribute or index access, conversion, format spec or positional field."""

    def refuse(problem: str) -> DataError:
        return DataError(
            path,
            f"{problem}; a template may only name record fields, as in {{question}} (write {{{{ "
            "and }} for literal braces)",
            line=line,
            field="template",
        )

    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:  # an unclosed '{' or a lone '}'
        raise refuse(f"malformed template ({exc})") from None
    names = []
    for _, name, format_spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + ("!" + conversion if conversion else "")
        shown += (":" + format_spec if format_spec else "") + "}"
        if not name.strip() or name.isdigit():
            raise refuse(f"{shown} is a positional field")
        if "." in name or "[" in name:
            raise refuse(f"{shown} uses attribute or index access")
        if conversion is not None:
            raise refuse(f"{shown} has a conversion (!{conversion})")
        if format_spec:
            raise refuse(f"{shown} has a format spec (:{format_spec})")
        names.append(name)
    return names


def _key_line(text: str, key: str) -> int | None:
    """The 1-based line of a top-level key's value in a YAML document (None if not found)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # pragma: no cover - the document was loaded already
        return None
    for key_node, value_node in getattr(node, "value", []):
        if getattr(key_node, "value", None) == key:
            return int(value_node.start_mark.line) + 1
    return None


def _read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if path.suffix == ".csv":
        rows = list(read_csv_rows(path, header=False, named=True))
        if not rows:
            raise DataError(path, "empty CSV file")
        header = rows[0][1]
        return [(line, dict(zip(header, cells, strict=False))) for line, cells in rows[1:]]
    if path.suffix == ".json":
        data = read_json(path)
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise DataError(path, "expected a JSON list of objects")
        return [(index + 1, record) for index, record in enumerate(data)]
    return list(read_jsonl(path))


def _to_item(
    spec: SuiteSpec, name: str, path: Path, index: int, line: int, record: dict[str, Any]
) -> Item:
    for key in [spec.question_field, spec.answer_field, *spec.options_fields]:
        if record.get(key) in (None, ""):
            raise DataError(path, "missing field", line=line, field=key)
    options = [str(record[key]) for key in spec.options_fields]
    answer = record[spec.answer_field]
    target = _target(spec, options, answer)
    if target is None:
        raise DataError(
            path,
            f"unknown answer label {answer!r} for answer_format '{spec.answer_format}'",
            line=line,
            field=spec.answer_field,
        )
    try:
        prompt = spec.template.format(**record)
    except (KeyError, IndexError) as exc:
        name = str(exc.args[0]) if exc.args else "?"
        raise DataError(
            path, "a field the template names is not in the record", line=line, field=name
        ) from None
    item_id = str(record[spec.id_field]) if spec.id_field else f"{name}-{index}"
    return Item(
        id=item_id,
        suite=name,
        input=prompt,
        choices=list(spec.choices),
        target=target,
        question=str(record[spec.question_field]),
        options=options,
        metadata={key: str(record.get(key, "unknown")) for key in spec.breakdown_fields}
        | {"source_line": line},
    )


def _target(spec: SuiteSpec, options: list[str], answer: Any) -> int | None:
    count = len(options)
    text = str(answer).strip()
    if spec.answer_format == "letter":
        letters = [chr(ord("A") + i) for i in range(count)]
        return letters.index(text.upper()) if text.upper() in letters else None
    if spec.answer_format in ("index", "index1"):
        if not re.fullmatch(r"-?\d+", text):
            return None
        value = int(text) - (1 if spec.answer_format == "index1" else 0)
        return value if 0 <= value < count else None
    return options.index(text) if text in options else None
