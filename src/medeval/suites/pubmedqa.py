"""PubMedQA PQA-L, the official 500-item test split.

Source: Jin et al., "PubMedQA: A Dataset for Biomedical Research Question Answering", EMNLP 2019.
Licence: MIT.

Local files: ``pubmedqa/ori_pqal.json`` (1,000 labelled abstracts keyed by PMID) and
``pubmedqa/test_ground_truth.json`` (PMID -> yes/no/maybe for the 500 test PMIDs). An
``ori_pqal.json`` record::

    {"QUESTION": "Do mitochondria play a role ...?",
     "CONTEXTS": ["Programmed cell death ...", ...], "LABELS": [...], "MESHES": [...],
     "YEAR": "2011", "final_decision": "yes", "LONG_ANSWER": "..."}

Prompt as lm-eval's ``pubmedqa`` task: ``Abstract: <contexts joined by newlines>\\nQuestion: ...
\\nAnswer:`` with choices yes / no / maybe. Metrics: accuracy and macro-F1 over the three classes,
the official PubMedQA evaluation (scikit-learn accuracy_score and f1_score(average='macro')); the
interval of macro-F1 is a seeded bootstrap. No ``acc_norm``: lm-eval's task does not define one.
Item ids: the PMID; order: test_ground_truth.json. Hub fallback: ``qiaojin/PubMedQA`` (pqa_labeled)
plus the official test id list from the PubMedQA repository.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from medeval.errors import DataError
from medeval.files import read_json
from medeval.stats import macro_f1_metric
from medeval.suites.base import MultipleChoiceSuite
from medeval.types import Item, MetricValue

LABELS = ("yes", "no", "maybe")
HUB_ID = "qiaojin/PubMedQA"
TEST_IDS_URL = (
    "https://raw.githubusercontent.com/pubmedqa/pubmedqa/master/data/test_ground_truth.json"
)
PQAL_PATH = Path("pubmedqa") / "ori_pqal.json"
TRUTH_PATH = Path("pubmedqa") / "test_ground_truth.json"


def from_hub_row(row: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A ``pqa_labeled`` hub row as (PMID, record in ori_pqal.json's layout)."""
    context = row["context"]
    return str(row["pubid"]), {
        "QUESTION": row["question"],
        "CONTEXTS": list(context["contexts"]),
        "LABELS": list(context.get("labels", [])),
        "MESHES": list(context.get("meshes", [])),
        "final_decision": row["final_decision"],
        "LONG_ANSWER": row.get("long_answer", ""),
    }


def fetch_test_ids() -> dict[str, str]:  # pragma: no cover - needs network
    with urllib.request.urlopen(TEST_IDS_URL, timeout=60) as response:
        data: dict[str, str] = json.loads(response.read().decode("utf-8"))
    return data


def prompt(record: dict[str, Any]) -> str:
    contexts = "\n".join(record["CONTEXTS"])
    return f"Abstract: {contexts}\nQuestion: {record['QUESTION']}\nAnswer:"


class PubMedQASuite(MultipleChoiceSuite):
    """PubMedQA PQA-L official test split, scored as lm-eval's ``pubmedqa`` plus macro-F1."""

    name = "pubmedqa"
    description = "PubMedQA PQA-L test (Jin et al. 2019), accuracy and macro-F1"
    source = f"{PQAL_PATH} + {TRUTH_PATH} or hf://{HUB_ID}"
    full_size = 500
    metrics = ("acc",)  # lm-eval's pubmedqa lists acc alone; macro-F1 is added below

    def items(self, data_dir: Path | None, *, num_fewshot: int = 0) -> list[Item]:
        self.check_fewshot(num_fewshot)
        if data_dir is None:
            rows = self.hub_reader(HUB_ID, "pqa_labeled", "train")
            pqal = dict(from_hub_row(row) for row in rows)
            truth = fetch_test_ids()
            pqal_path, truth_path = Path(f"hf://{HUB_ID}"), Path(TEST_IDS_URL)
        else:
            pqal_path, truth_path = data_dir / PQAL_PATH, data_dir / TRUTH_PATH
            truth = read_json(truth_path)
            pqal = read_json(pqal_path)
            self._record(truth_path)
            self._record(pqal_path)
        if not isinstance(truth, dict):
            raise DataError(truth_path, "expected a JSON object PMID -> yes/no/maybe")
        if not isinstance(pqal, dict):
            raise DataError(pqal_path, "expected a JSON object keyed by PMID")
        items = []
        for pmid, label in truth.items():
            if label not in LABELS:
                raise DataError(
                    truth_path,
                    f"unknown answer label {label!r} for PMID {pmid} (expected yes, no or maybe)",
                    field=pmid,
                )
            record = pqal.get(pmid)
            if record is None:
                raise DataError(pqal_path, f"test PMID {pmid} is missing", field=pmid)
            for key in ("QUESTION", "CONTEXTS"):
                if key not in record or not record[key]:
                    raise DataError(pqal_path, f"PMID {pmid} has no {key}", field=f"{pmid}.{key}")
            items.append(
                Item(
                    id=str(pmid),
                    suite=self.name,
                    input=prompt(record),
                    choices=list(LABELS),
                    target=LABELS.index(label),
                    question=str(record["QUESTION"]),
                    options=["\n".join(record["CONTEXTS"])],
                    metadata={"year": str(record.get("YEAR", ""))},
                )
            )
        return items

    @staticmethod
    def _pairs(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(LABELS[int(r["target"])], LABELS[int(r["prediction"])]) for r in records]

    def extra_metrics(self, records: list[dict[str, Any]]) -> dict[str, MetricValue]:
        # The seeded percentile bootstrap of stats.bootstrap_interval, vectorised (bit-identical).
        return {"macro_f1": macro_f1_metric(self._pairs(records), LABELS, seed=self.seed)}

    def extra(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        matrix = [[0] * len(LABELS) for _ in LABELS]
        for gold, pred in self._pairs(records):
            matrix[LABELS.index(gold)][LABELS.index(pred)] += 1
        return {"confusion_matrix": {"labels": list(LABELS), "matrix": matrix}}
