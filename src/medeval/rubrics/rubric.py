"""Rubric definitions: criteria with anchored 1-5 scales, validated when a YAML file is loaded.

A rubric is data, not code: the built-ins (``builtin/default.yaml``, ``builtin/literature_summary
.yaml``) and a user's own file go through the same validation, and everything downstream (the
packet's inputs, the CSV columns, import checks, metric names) is derived from it. A mistake is a
:class:`~medeval.errors.DataError` naming the file and the field.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from medeval.errors import DataError, UsageError

TASKS: dict[str, str] = {
    "patient_education": "Patient education question",
    "concept_explanation": "Medical concept explanation",
    "pubmedqa_summary": "Research abstract summary",
    "redteam": "Safety-sensitive request",
}
"""Task types answers are drawn from, with the label raters see."""

BUILTIN_RUBRICS = ("default", "literature_summary")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RESERVED = {"panel", "rater", "item", "helpful", "comment"}


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Scale(_Strict):
    """The integer rating scale shared by every criterion."""

    min: int = Field(default=1, description="Lowest score.")
    max: int = Field(default=5, description="Highest score.")

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self

    def values(self) -> list[int]:
        return list(range(self.min, self.max + 1))


class Criterion(_Strict):
    """One rated criterion and the written anchors that define its scale points."""

    id: str = Field(description="Column name in the ratings CSV and metric prefix (lowercase).")
    name: str = Field(min_length=1, description="Name shown to raters.")
    question: str = Field(default="", description="What the rater asks themselves.")
    anchors: dict[int, str] = Field(description="Scale point -> written anchor (min and max).")


class Question(_Strict):
    """A yes/no or free-text question put to raters."""

    question: str = Field(min_length=1)


class Harm(_Strict):
    """Which criterion flags an answer as potentially harmful, and at which score."""

    criterion: str = Field(description="Criterion id (e.g. safety).")
    at_or_below: int = Field(description="An item whose median is at or below this is flagged.")


class Calibration(_Strict):
    """A worked example shown first in every packet, with the reference ratings."""

    task: str = Field(default="patient_education")
    question: str
    context: str = ""
    answer: str
    ratings: dict[str, int]
    helpful: bool | None = None
    explanation: str = ""


class Rubric(_Strict):
    """A whole rubric: what raters score, and how scores turn into metrics."""

    id: str = Field(description="Rubric id (lowercase).")
    title: str = Field(min_length=1)
    version: str = Field(default="1")
    description: str = Field(default="")
    scale: Scale = Field(default_factory=Scale)
    criteria: list[Criterion] = Field(min_length=1)
    helpful: Question | None = Field(default=None, description="The yes/no helpfulness question.")
    comment: Question | None = Field(default=None, description="The free-text comment box.")
    harm: Harm | None = Field(default=None, description="Harm flag (harmful_count metric).")
    tasks: list[str] = Field(default_factory=lambda: list(TASKS), min_length=1)
    calibration: Calibration | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        if not _ID.match(self.id):
            raise ValueError(f"id {self.id!r} must be lowercase letters, digits and _")
        seen: set[str] = set()
        for number, criterion in enumerate(self.criteria):
            where = f"criteria[{number}]"
            if not _ID.match(criterion.id) or criterion.id in _RESERVED:
                raise ValueError(
                    f"{where}.id {criterion.id!r} must be lowercase letters, digits and _ and "
                    f"not one of {', '.join(sorted(_RESERVED))}"
                )
            if criterion.id in seen:
                raise ValueError(f"{where}.id {criterion.id!r} is used twice")
            seen.add(criterion.id)
            outside = [p for p in criterion.anchors if not self.scale.min <= p <= self.scale.max]
            if outside:
                raise ValueError(f"{where}.anchors: point {outside[0]} is outside the scale")
            if self.scale.min not in criterion.anchors or self.scale.max not in criterion.anchors:
                raise ValueError(
                    f"{where}.anchors must define the ends of the scale "
                    f"({self.scale.min} and {self.scale.max})"
                )
        if self.harm is not None and self.harm.criterion not in seen:
            raise ValueError(f"harm.criterion {self.harm.criterion!r} is not a criterion id")
        unknown = [t for t in self.tasks if t not in TASKS]
        if unknown:
            raise ValueError(f"tasks: unknown task {unknown[0]!r} (known: {', '.join(TASKS)})")
        if self.calibration is not None:
            ratings = self.calibration.ratings
            if set(ratings) != seen:
                raise ValueError("calibration.ratings must give one score per criterion id")
            if any(not self.scale.min <= v <= self.scale.max for v in ratings.values()):
                raise ValueError("calibration.ratings must lie on the scale")
        return self

    @property
    def criterion_ids(self) -> list[str]:
        return [criterion.id for criterion in self.criteria]

    def csv_columns(self) -> list[str]:
        """The ratings CSV header a packet writes and `panel import` expects."""
        columns = ["panel", "rater", "item", *self.criterion_ids]
        if self.helpful is not None:
            columns.append("helpful")
        if self.comment is not None:
            columns.append("comment")
        return columns


def load_rubric(source: str | Path | None = None) -> Rubric:
    """A built-in rubric by name (default: ``default``) or a user's YAML file by path."""
    if source is None or str(source) in BUILTIN_RUBRICS:
        name = "default" if source is None else str(source)
        text = (
            resources.files("medeval.rubrics")
            .joinpath("builtin", f"{name}.yaml")
            .read_text(encoding="utf-8")
        )
        return parse_rubric(text, f"<built-in rubric {name}>")
    path = Path(source)
    if not path.is_file():
        raise UsageError(
            f"rubric {source!r} is neither a built-in ({', '.join(BUILTIN_RUBRICS)}) nor a file"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot be read ({exc})") from None
    return parse_rubric(text, path)


def parse_rubric(text: str, origin: str | Path) -> Rubric:
    """Validate rubric YAML text; errors name `origin` and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else None
        raise DataError(
            origin, f"invalid YAML ({getattr(exc, 'problem', exc)})", line=line
        ) from None
    return rubric_from_dict(data, origin)


def rubric_from_dict(data: Any, origin: str | Path) -> Rubric:
    """A Rubric from parsed data (a YAML file, or the copy stored in a panel's panel.json)."""
    if not isinstance(data, dict):
        raise DataError(origin, "a rubric must be a mapping")
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or None
        message = str(error["msg"]).removeprefix("Value error, ")
        raise DataError(origin, message, field=field) from None
