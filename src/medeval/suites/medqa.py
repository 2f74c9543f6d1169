"""MedQA (USMLE, 4 options), test split.

Source: Jin et al., "What Disease does this Patient Have? A Large-scale Open Domain Question
Answering Dataset from Medical Exams", Applied Sciences 2021. Licence: MIT.

Local file ``medqa/US_4_options_test.jsonl`` (1,273 lines), one record per line::

    {"question": "A 23-year-old ...", "options": {"A": "...", "B": "...", "C": "...", "D": "..."},
     "answer_idx": "B", "answer": "...", "meta_info": "step1", "metamap_phrases": [...]}

Hub fallback: ``GBaker/MedQA-USMLE-4-options-hf`` (sent1, ending0-3, label), the dataset lm-eval's
``medqa_4options`` task reads. The prompt, choices and metrics are that task's: ``Question: ...``,
options ``A. ...`` to ``D. ...``, ``Answer:``, choices ``A``-``D``; accuracy is also broken down by
``meta_info`` (step1 vs step2&3). Item ids: ``medqa-<0-based line index>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.files import field, letter_index
from medeval.suites.base import MultipleChoiceSuite, letter_prompt
from medeval.types import Item

LETTERS = ("A", "B", "C", "D")
HUB_ID = "GBaker/MedQA-USMLE-4-options-hf"
RELATIVE_PATH = Path("medqa") / "US_4_options_test.jsonl"


def from_hub_row(row: dict[str, Any]) -> dict[str, Any]:
    """A hub row (sent1, ending0-3, label) in the original file's record layout."""
    return {
        "question": row["sent1"],
        "options": {letter: row[f"ending{i}"] for i, letter in enumerate(LETTERS)},
        "answer_idx": LETTERS[int(row["label"])],
        "meta_info": row.get("meta_info", "unknown"),
    }


class MedQASuite(MultipleChoiceSuite):
    """MedQA USMLE 4-option test set, scored as lm-eval's ``medqa_4options``."""

    name = "medqa"
    description = "MedQA USMLE 4-option test (Jin et al. 2021), lm-eval medqa_4options prompt"
    source = f"{RELATIVE_PATH} or hf://{HUB_ID}"
    full_size = 1273
    breakdown_keys = ("meta_info",)

    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        self.check_fewshot(num_fewshot)
        origin, records = self.jsonl_records(
            data_dir, RELATIVE_PATH, (HUB_ID, None, "test"), from_hub_row
        )
        return [
            self._item(index, line, record, origin) for index, (line, record) in enumerate(records)
        ]

    def _item(self, index: int, line: int, record: dict[str, Any], path: Path) -> Item:
        question = field(record, "question", path, line)
        options_map = field(record, "options", path, line, kind=dict)
        options = []
        for letter in LETTERS:
            if letter not in options_map or not str(options_map[letter]).strip():
                raise DataError(path, f"missing option {letter}", line=line, field="options")
            options.append(str(options_map[letter]))
        target = letter_index(
            field(record, "answer_idx", path, line), LETTERS, path, line, "answer_idx"
        )
        return Item(
            id=f"medqa-{index}",
            suite=self.name,
            input=letter_prompt(f"Question: {question}", options),
            choices=list(LETTERS),
            target=target,
            question=question,
            options=options,
            metadata={"meta_info": str(record.get("meta_info") or "unknown")},
        )
