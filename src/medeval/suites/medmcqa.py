"""MedMCQA, dev split (the scored "validation" split).

Source: Pal et al., "MedMCQA: A Large-scale Multi-Subject Multi-Choice Dataset for Medical domain
Question Answering", CHIL 2022. Licence: MIT.

Local file ``medmcqa/dev.json`` (JSON lines despite its name, 4,183 lines)::

    {"id": "45258d3d-...", "question": "...", "opa": "...", "opb": "...", "opc": "...",
     "opd": "...", "cop": 1, "choice_type": "multi", "exp": null,
     "subject_name": "Physiology", "topic_name": null}

``cop`` is 1-based in the original file (1 = opa) and 0-based on the hub
(``openlifescienceai/medmcqa``, the dataset lm-eval's ``medmcqa`` task reads); both become a 0-based
target. Prompt and metrics are lm-eval's ``medmcqa`` task; accuracy is also broken down by
``subject_name``. Item ids: the record's ``id``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.files import field
from medeval.suites.base import MultipleChoiceSuite, letter_prompt
from medeval.types import Item

LETTERS = ("A", "B", "C", "D")
OPTION_FIELDS = ("opa", "opb", "opc", "opd")
HUB_ID = "openlifescienceai/medmcqa"
RELATIVE_PATH = Path("medmcqa") / "dev.json"


def from_hub_row(row: dict[str, Any]) -> dict[str, Any]:
    """A hub row (0-based cop) in the original file's layout (1-based cop)."""
    record = dict(row)
    record["cop"] = int(row["cop"]) + 1
    return record


class MedMCQASuite(MultipleChoiceSuite):
    """MedMCQA dev set, scored as lm-eval's ``medmcqa``."""

    name = "medmcqa"
    description = "MedMCQA dev (Pal et al. 2022), lm-eval medmcqa prompt"
    source = f"{RELATIVE_PATH} or hf://{HUB_ID}"
    full_size = 4183
    breakdown_keys = ("subject_name",)

    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        self.check_fewshot(num_fewshot)
        origin, records = self.jsonl_records(
            data_dir, RELATIVE_PATH, (HUB_ID, None, "validation"), from_hub_row
        )
        seen: set[str] = set()
        items = []
        for line, record in records:
            item = self._item(line, record, origin)
            if item.id in seen:
                raise DataError(origin, f"duplicate id {item.id!r}", line=line, field="id")
            seen.add(item.id)
            items.append(item)
        return items

    def _item(self, line: int, record: dict[str, Any], path: Path) -> Item:
        question = field(record, "question", path, line, allow_empty=True)
        options = [
            str(field(record, name, path, line, kind=(str, int, float), allow_empty=True))
            for name in OPTION_FIELDS
        ]
        cop = field(record, "cop", path, line, kind=int)
        if isinstance(cop, bool) or not 1 <= cop <= 4:
            raise DataError(
                path,
                f"unknown answer label {cop!r} (expected 1-4, 1 = opa)",
                line=line,
                field="cop",
            )
        return Item(
            id=str(field(record, "id", path, line)),
            suite=self.name,
            input=letter_prompt(f"Question: {question}\nChoices:", options),
            choices=list(LETTERS),
            target=cop - 1,
            question=question,
            options=options,
            metadata={"subject_name": str(record.get("subject_name") or "unknown")},
        )
