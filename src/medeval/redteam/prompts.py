"""Red-team prompt sets: the built-in medical set, user prompt files, MedSafetyBench and XSTest.

Every prompt carries the behaviour a safe medical assistant should show, because a flat refusal
is the wrong target for most medical questions: REFUSE (answering would enable serious harm or
breach ethics or privacy), CAUTION (a legitimate personal question whose safe answer is general
information plus a referral to a clinician or, for emergencies, to emergency services) and COMPLY
(educational knowledge that should simply be answered, so over-refusal is measured on medical
questions and not only on general ones).

Sources and licences:

* ``prompts.jsonl`` (this package): written for medeval (source ``"medeval"``), distributed under
  medeval's Apache-2.0 licence. It holds no real patient data; every name in it is invented.
* MedSafetyBench: Han et al., "MedSafetyBench: Evaluating and Improving the Medical Safety of
  Large Language Models", NeurIPS 2024 Datasets and Benchmarks (github.com/AI4LIFE-GROUP/
  med-safety-bench), MIT licence, research use only. Harmful medical requests grouped by the nine
  principles of the AMA Code of Medical Ethics. Only its test split is read here: the train split
  is reserved for building training data, and evaluating on it would leak.
* XSTest: Röttger et al., "XSTest: A Test Suite for Identifying Exaggerated Safety Behaviours in
  Large Language Models", NAACL 2024, CC-BY-4.0 (attribution kept in every prompt's ``source``).
  Its 250 safe prompts measure over-refusal on general questions; its 200 unsafe contrasts must be
  refused.

The external files are read from a data directory in their original formats and never copied into
the repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medeval.errors import DataError
from medeval.files import csv_row_index, jsonl_records, read_csv_records, read_jsonl

Expected = Literal["REFUSE", "CAUTION", "COMPLY"]
EXPECTED_VALUES: tuple[str, ...] = get_args(Expected)

BUILTIN_SOURCE = "medeval"
MEDSAFETYBENCH_SOURCE = "MedSafetyBench"
XSTEST_SOURCE = "XSTest (CC-BY-4.0, Röttger et al. 2024)"

#: MedSafetyBench category number -> the AMA Code of Medical Ethics principle it violates
#: (short names; the category numbers follow the order of the principles).
MSB_PRINCIPLES: dict[int, str] = {
    1: "Competence, compassion and respect for human dignity",
    2: "Professionalism and honesty",
    3: "Law and responsibility to society",
    4: "Patient rights and confidentiality",
    5: "Continued study and information sharing",
    6: "Physician's freedom of choice",
    7: "Community and public health",
    8: "Responsibility to the patient",
    9: "Medical care for all",
}
MSB_MODELS: tuple[str, ...] = ("gpt4", "llama2")

_XSTEST_LABELS: dict[str, Expected] = {"safe": "COMPLY", "unsafe": "REFUSE"}


class RedTeamPrompt(BaseModel):
    """One safety prompt and the behaviour a safe medical assistant should show.

    Frozen so that a transform can never alter the prompt it was derived from; ``extra`` fields
    are rejected so a misspelt key in a user file is reported instead of silently ignored.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(
        min_length=1,
        description="Stable id across runs (`mt-<category>-NNN`, `msb-...`, `xstest-...`); "
        "a transformed variant is `<base id>+<transform>`.",
    )
    category: str = Field(
        min_length=1, description="Breakdown key, e.g. `medication_change`, `msb_category_4`."
    )
    expected: Expected = Field(
        description="REFUSE: must be declined. CAUTION: general information plus a referral to "
        "a clinician (emergency services for category `emergency`). COMPLY: should be answered."
    )
    source: str = Field(min_length=1, description="Where the prompt comes from, with licence.")
    prompt: str = Field(min_length=1, description="The (final) user message sent to the model.")
    turns: list[str] = Field(
        default_factory=list,
        description="Earlier user turns of a multi-turn conversation, oldest first; empty for "
        "a single-turn prompt.",
    )
    transform: str | None = Field(
        default=None, description="Name of the attack transform that produced it, if any."
    )
    base_id: str | None = Field(
        default=None, description="Id of the untransformed prompt a variant was derived from."
    )


def builtin_prompts() -> list[RedTeamPrompt]:
    """The prompts written for medeval, in file order (founding examples first, then mixed).

    The file interleaves categories and expected behaviours so that the first N prompts
    (``--limit N``) still cover every category and all three behaviours.
    """
    return list(_builtin())


@lru_cache(maxsize=1)
def _builtin() -> tuple[RedTeamPrompt, ...]:
    resource = resources.files("medeval.redteam").joinpath("prompts.jsonl")
    origin = f"medeval/redteam/{resource.name}"
    lines = resource.read_text(encoding="utf-8").splitlines()
    return tuple(_parse_records(jsonl_records(lines, origin), origin))


def load_prompt_file(path: str | Path) -> list[RedTeamPrompt]:
    """Read a user prompt file: JSON lines with the fields of :class:`RedTeamPrompt`.

    Raises:
        DataError: the file is missing or empty, a line is not a JSON object, a field is missing,
            of the wrong type, empty or unknown, ``expected`` is not REFUSE/CAUTION/COMPLY, or an
            id repeats; the message names the file, line and field.
    """
    path = Path(path)
    prompts = _parse_records(read_jsonl(path), str(path))
    if not prompts:
        raise DataError(path, "no prompts in file")
    return prompts


def medsafetybench_prompts(data_dir: str | Path) -> list[RedTeamPrompt]:
    """MedSafetyBench's TEST split as REFUSE prompts, in file order (gpt4 then llama2, 1..9).

    Reads ``<data_dir>/medsafetybench/test/<model>/med_safety_demonstrations_category_<k>.csv``
    only; the train split is never opened. Ids are ``msb-<model>-<k>-<row index>``, the row index
    being the file's unnamed index column (stable across runs, as the id contract requires).
    """
    root = Path(data_dir) / "medsafetybench" / "test"
    prompts: list[RedTeamPrompt] = []
    seen: dict[str, int] = {}
    for model in MSB_MODELS:
        for category in sorted(MSB_PRINCIPLES):
            path = root / model / f"med_safety_demonstrations_category_{category}.csv"
            for line, row in read_csv_records(path, required=("harmful_medical_request",)):
                index = csv_row_index(row, path, line)
                request = _csv_value(row, "harmful_medical_request", path, line)
                prompt_id = _new_id(f"msb-{model}-{category}-{index}", seen, path, line, "(index)")
                prompts.append(
                    RedTeamPrompt(
                        id=prompt_id,
                        category=f"msb_category_{category}",
                        expected="REFUSE",
                        source=MEDSAFETYBENCH_SOURCE,
                        prompt=request,
                    )
                )
    return prompts


def xstest_prompts(data_dir: str | Path) -> list[RedTeamPrompt]:
    """XSTest's 450 prompts from ``<data_dir>/xstest/xstest_prompts.csv``, in file order.

    ``label`` safe becomes COMPLY and unsafe becomes REFUSE; the category is ``xstest_<type>``
    so over-refusal can be broken down by XSTest's prompt types.
    """
    path = Path(data_dir) / "xstest" / "xstest_prompts.csv"
    prompts: list[RedTeamPrompt] = []
    seen: dict[str, int] = {}
    for line, row in read_csv_records(path, required=("id", "prompt", "type", "label")):
        label = _csv_value(row, "label", path, line).strip().lower()
        if label not in _XSTEST_LABELS:
            raise DataError(
                path,
                f"unknown label {row['label']!r} (expected safe or unsafe)",
                line=line,
                field="label",
            )
        prompt_id = _new_id(f"xstest-{_csv_value(row, 'id', path, line).strip()}", seen, path, line)
        prompts.append(
            RedTeamPrompt(
                id=prompt_id,
                category=f"xstest_{_csv_value(row, 'type', path, line).strip()}",
                expected=_XSTEST_LABELS[label],
                source=XSTEST_SOURCE,
                prompt=_csv_value(row, "prompt", path, line),
            )
        )
    return prompts


def _parse_records(
    records: Iterable[tuple[int, dict[str, Any]]], origin: str
) -> list[RedTeamPrompt]:
    prompts: list[RedTeamPrompt] = []
    seen: dict[str, int] = {}
    for line, record in records:
        prompt = _validate(record, origin, line)
        if prompt.id in seen:
            raise DataError(
                origin,
                f"duplicate id {prompt.id!r} (first on line {seen[prompt.id]})",
                line=line,
                field="id",
            )
        seen[prompt.id] = line
        prompts.append(prompt)
    return prompts


def _validate(record: dict[str, Any], origin: str, line: int) -> RedTeamPrompt:
    """Build a prompt, turning pydantic's first complaint into a file/line/field DataError."""
    try:
        return RedTeamPrompt.model_validate(record)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = error["loc"]
        field = ".".join(str(part) for part in location) if location else None
        kind = error["type"]
        value = record.get(str(location[0])) if location else None
        if kind == "missing":
            message = "missing field"
        elif kind == "extra_forbidden":
            message = f"unknown field (known: {', '.join(RedTeamPrompt.model_fields)})"
        elif location and location[0] == "expected":
            message = (
                f"unknown expected value {value!r} (expected one of {', '.join(EXPECTED_VALUES)})"
            )
        else:
            message = error["msg"]
        raise DataError(origin, message, line=line, field=field) from None


def _csv_value(row: dict[str, str], name: str, path: Path, line: int) -> str:
    value = row[name]
    if not value.strip():
        raise DataError(path, "empty value", line=line, field=name)
    return value


def _new_id(prompt_id: str, seen: dict[str, int], path: Path, line: int, field: str = "id") -> str:
    """Record an id, refusing a repeat: ids key the cache and the per-item records."""
    if prompt_id in seen:
        raise DataError(
            path,
            f"duplicate id {prompt_id!r} (first on line {seen[prompt_id]})",
            line=line,
            field=field,
        )
    seen[prompt_id] = line
    return prompt_id
