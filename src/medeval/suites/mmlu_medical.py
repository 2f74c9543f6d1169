"""MMLU, the six medical subjects.

Source: Hendrycks et al., "Measuring Massive Multitask Language Understanding", ICLR 2021.
Licence: MIT.

Local files: ``mmlu/test/<subject>_test.csv`` with NO header (question, A, B, C, D, answer letter)
and ``mmlu/dev/<subject>_dev.csv`` WITH a header (question, choice0-3, answer as an integer 0-3):
the five few-shot examples of each subject. A test row::

    "A lesion causing compression of the facial nerve at ...",paralysis of ...,...,...,...,A

Subjects: anatomy 135, clinical_knowledge 265, college_biology 144, college_medicine 173,
medical_genetics 100, professional_medicine 272. Prompt as lm-eval's ``mmlu_<subject>`` tasks: the
description "The following are multiple choice questions (with answers) about <subject>.", then
(with ``--num-fewshot k``) the first k dev examples each followed by its answer letter, then the
question. ``--limit N`` takes the first N items of each subject, as lm-eval limits each
``mmlu_<subject>`` task. Metrics: per-subject accuracy and the pooled (size-weighted) accuracy,
no ``acc_norm`` (lm-eval's mmlu tasks define none). Item ids: ``<subject>-<0-based row index>``.
Hub fallback: ``cais/mmlu``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medeval.errors import DataError, UsageError
from medeval.files import letter_index, read_csv_rows
from medeval.suites.base import FEWSHOT_DELIMITER, TARGET_DELIMITER, MultipleChoiceSuite
from medeval.types import Item

SUBJECTS = (
    "anatomy",
    "clinical_knowledge",
    "college_biology",
    "college_medicine",
    "medical_genetics",
    "professional_medicine",
)
LETTERS = ("A", "B", "C", "D")
HUB_ID = "cais/mmlu"
MAX_FEWSHOT = 5


def question_text(question: str, options: list[str]) -> str:
    lines = "".join(
        f"\n{letter}. {option}" for letter, option in zip(LETTERS, options, strict=True)
    )
    return f"{question.strip()}{lines}\nAnswer:"


def description(subject: str) -> str:
    return (
        "The following are multiple choice questions (with answers) about "
        f"{subject.replace('_', ' ')}.\n\n"
    )


def from_hub_row(row: dict[str, Any]) -> tuple[str, list[str], int]:
    """A ``cais/mmlu`` row (question, choices, answer index) as (question, options, target)."""
    return str(row["question"]), [str(c) for c in row["choices"]], int(row["answer"])


class MMLUMedicalSuite(MultipleChoiceSuite):
    """The six medical MMLU subjects, scored as lm-eval's ``mmlu_<subject>`` tasks."""

    name = "mmlu_medical"
    description = "MMLU medical subjects (Hendrycks et al. 2021), lm-eval mmlu prompt"
    source = "mmlu/test/<subject>_test.csv (+ mmlu/dev for few-shot) or hf://cais/mmlu"
    full_size = 1089
    breakdown_keys = ("subject",)
    metrics = ("acc",)  # the metric_list of lm-eval's mmlu tasks: acc alone

    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        if not 0 <= num_fewshot <= MAX_FEWSHOT:
            raise UsageError(f"--num-fewshot for mmlu_medical must be 0-{MAX_FEWSHOT} (dev has 5)")
        items: list[Item] = []
        for subject in SUBJECTS:
            shots = self._dev(data_dir, subject)[:num_fewshot] if num_fewshot else []
            prefix = description(subject) + "".join(
                question_text(q, opts) + TARGET_DELIMITER + LETTERS[target] + FEWSHOT_DELIMITER
                for q, opts, target in shots
            )
            for index, (question, options, target) in enumerate(self._test(data_dir, subject)):
                items.append(
                    Item(
                        id=f"{subject}-{index}",
                        suite=self.name,
                        input=prefix + question_text(question, options),
                        choices=list(LETTERS),
                        target=target,
                        question=question,
                        options=options,
                        metadata={"subject": subject},
                    )
                )
        return items

    def select(self, items: list[Item], limit: int | None) -> list[Item]:
        if limit is None:
            return items
        taken: dict[str, int] = {}
        chosen = []
        for item in items:
            subject = str(item.metadata["subject"])
            if taken.get(subject, 0) < limit:
                taken[subject] = taken.get(subject, 0) + 1
                chosen.append(item)
        return chosen

    def _test(self, data_dir: Path | None, subject: str) -> list[tuple[str, list[str], int]]:
        if data_dir is None:
            return [from_hub_row(row) for row in self.hub_reader(HUB_ID, subject, "test")]
        path = data_dir / "mmlu" / "test" / f"{subject}_test.csv"
        rows = []
        for line, cells in read_csv_rows(path, header=False):
            if len(cells) != 6:
                raise DataError(
                    path,
                    f"expected 6 columns, got {len(cells)}",
                    line=line,
                    field="options" if len(cells) < 6 else None,
                )
            target = letter_index(cells[5], LETTERS, path, line, "answer")
            rows.append((cells[0], cells[1:5], target))
        self._record(path)
        return rows

    def _dev(self, data_dir: Path | None, subject: str) -> list[tuple[str, list[str], int]]:
        if data_dir is None:
            return [from_hub_row(row) for row in self.hub_reader(HUB_ID, subject, "dev")]
        path = data_dir / "mmlu" / "dev" / f"{subject}_dev.csv"
        rows = []
        for line, cells in read_csv_rows(path, header=True):
            if len(cells) != 6:
                raise DataError(path, f"expected 6 columns, got {len(cells)}", line=line)
            if cells[5].strip() not in ("0", "1", "2", "3"):
                raise DataError(
                    path,
                    f"unknown answer label {cells[5]!r} (expected 0-3)",
                    line=line,
                    field="answer",
                )
            rows.append((cells[0], cells[1:5], int(cells[5])))
        self._record(path)
        return rows
