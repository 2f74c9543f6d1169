"""Optional LLM-judge grading of a panel's answers, HealthBench-style, through inspect-ai.

Every panel answer is checked against each criterion of its task (``builtin/judge_criteria.yaml``
or ``--criteria FILE``; a file may also key criteria by a prompt id, which then apply to that
item alone): one inspect-ai sample per (answer, criterion), the grader asked for a JSON
verdict ``{"explanation": ..., "criteria_met": true|false}``. An answer's score is the points of
the criteria met over its positive points, clipped to 0..1. The grader is any inspect-ai model: a
local model (a folder or bundled name) through medeval's own provider, or a provider string such
as ``openai/gpt-4o-mini`` (or ``openai-api/<name>`` with ``--base-url`` for any OpenAI-compatible
endpoint). Judge scores are stored beside the human ratings (``panel/judge.json``) with their
agreement with the panel, never in their place: the gate reads only human ratings.
"""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medeval.errors import DataError
from medeval.rubrics.packet import Panel

JUDGE_FILE = "judge.json"
GRADER_PROMPT = """You are grading one answer of an AI assistant against one rubric criterion.

Question asked of the assistant:
{question}
{context}
Assistant's answer:
{answer}

Criterion:
{criterion}

Decide whether the answer meets the criterion. A criterion can describe something undesirable;
it is still "met" when the answer does that thing. Reply with JSON only, in this form:
{{"explanation": "<one sentence>", "criteria_met": true}}"""


class JudgeCriterion(BaseModel):
    """One gradable statement about an answer and the points it carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    criterion: str = Field(min_length=1)
    points: int = Field(description="Positive: desirable; negative: undesirable when met.")


def load_criteria(path: str | Path | None = None) -> dict[str, list[JudgeCriterion]]:
    """Task type (or prompt id) -> criteria, from the built-in file or a user's YAML file."""
    if path is None:
        origin: str | Path = "<built-in judge criteria>"
        text = (
            resources.files("medeval.rubrics")
            .joinpath("builtin", "judge_criteria.yaml")
            .read_text(encoding="utf-8")
        )
    else:
        origin = Path(path)
        if not origin.is_file():
            raise DataError(origin, "no such file")
        text = origin.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(origin, f"invalid YAML ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise DataError(origin, "expected a mapping of task type -> list of criteria")
    criteria: dict[str, list[JudgeCriterion]] = {}
    for task, entries in data.items():
        if not isinstance(entries, list) or not entries:
            raise DataError(origin, "expected a non-empty list", field=str(task))
        parsed = []
        for index, entry in enumerate(entries):
            try:
                parsed.append(JudgeCriterion.model_validate(entry))
            except ValidationError as exc:
                error = exc.errors()[0]
                where = ".".join(str(p) for p in error["loc"])
                raise DataError(
                    origin, str(error["msg"]), field=f"{task}[{index}].{where}"
                ) from None
        if not any(c.points > 0 for c in parsed):
            raise DataError(origin, "needs at least one criterion with positive points", field=task)
        criteria[str(task)] = parsed
    return criteria


_MET = re.compile(r'"?criteria_met"?\s*[:=]\s*"?(true|false)', re.IGNORECASE)


def parse_verdict(completion: str) -> bool | None:
    """The grader's verdict: ``criteria_met`` from its JSON (or a JSON-like fragment); None
    when the reply holds no verdict (counted as not met, and reported as unparsed)."""
    start, end = completion.find("{"), completion.rfind("}")
    if 0 <= start < end:
        try:
            value = json.loads(completion[start : end + 1]).get("criteria_met")
            if isinstance(value, bool):
                return value
        except (ValueError, AttributeError):
            pass
    match = _MET.search(completion)
    return None if match is None else match.group(1).lower() == "true"


def item_score(verdicts: list[tuple[int, bool | None]]) -> float:
    """Points of the criteria met over the positive points available, clipped to 0..1."""
    possible = sum(points for points, _ in verdicts if points > 0)
    earned = sum(points for points, met in verdicts if met)
    return min(1.0, max(0.0, earned / possible)) if possible else 0.0


def _criteria_for(
    item: dict[str, Any], criteria: dict[str, list[JudgeCriterion]]
) -> list[JudgeCriterion]:
    """An item's own criteria (keyed by its prompt id) when the file has them, else its task's."""
    return criteria.get(str(item["prompt_id"])) or criteria.get(str(item["task"])) or []


def _grader_model(spec: str, base_url: str | None, max_new_tokens: int, batch_size: int) -> Any:
    """An inspect-ai model: medeval's provider over a local model, or an inspect provider."""
    from medeval.models.bundled import BUNDLED

    if spec in BUNDLED or Path(spec).expanduser().is_dir():
        from medeval.models.inspect_provider import local_inspect_model

        return local_inspect_model(spec, batch_size=batch_size, max_new_tokens=max_new_tokens)
    from inspect_ai.model import get_model

    return get_model(spec, base_url=base_url)


def judge_panel(
    panel: Panel,
    model: str,
    *,
    criteria_path: str | Path | None = None,
    base_url: str | None = None,
    max_new_tokens: int = 256,
    batch_size: int = 8,
) -> dict[str, Any]:
    """Grade every answer of the panel; write and return ``panel/judge.json``."""
    from inspect_ai import Task
    from inspect_ai import eval as inspect_eval
    from inspect_ai.dataset import Sample
    from inspect_ai.scorer import Score, Target, scorer
    from inspect_ai.solver import TaskState, generate

    from medeval.store import write_json_atomic

    criteria = load_criteria(criteria_path)
    samples = []
    for item_id, item in panel.items.items():
        for index, criterion in enumerate(_criteria_for(item, criteria)):
            context = (
                f"\nContext given with the question:\n{item['context']}\n"
                if item.get("context")
                else ""
            )
            prompt = GRADER_PROMPT.format(
                question=item["question"],
                context=context,
                answer=item["answer"],
                criterion=criterion.criterion,
            )
            samples.append(
                Sample(
                    id=f"{item_id}:{index}",
                    input=prompt,
                    metadata={"item": item_id, "criterion": index, "points": criterion.points},
                )
            )
    if not samples:
        raise DataError(panel.path, "no judge criteria match the panel's task types")

    @scorer(metrics=[])  # type: ignore[untyped-decorator]
    def verdict() -> Any:
        async def score(state: TaskState, target: Target) -> Score:
            met = parse_verdict(state.output.completion)
            value = "unparsed" if met is None else ("met" if met else "not_met")
            return Score(value=value, answer=state.output.completion)

        return score

    grader = _grader_model(model, base_url, max_new_tokens, batch_size)
    task = Task(dataset=samples, solver=generate(), scorer=verdict(), name="medeval_panel_judge")
    log = inspect_eval(
        task,
        model=grader,
        log_dir=str(panel.path / "judge-logs"),
        display="none",
        max_tokens=max_new_tokens,
        temperature=0.0,
    )[0]
    if log.status != "success":
        raise RuntimeError(
            f"inspect-ai judge run failed: {getattr(log.error, 'message', log.error)}"
        )
    verdicts: dict[str, list[dict[str, Any]]] = {item: [] for item in panel.items}
    for sample in log.samples or []:
        meta = sample.metadata
        completion = sample.output.completion
        met = parse_verdict(completion)
        task_criteria = _criteria_for(panel.items[meta["item"]], criteria)
        verdicts[meta["item"]].append(
            {
                "criterion": task_criteria[int(meta["criterion"])].criterion,
                "points": int(meta["points"]),
                "met": met,
                "completion": completion,
            }
        )
    items: dict[str, dict[str, Any]] = {
        item: {
            "score": item_score([(v["points"], v["met"]) for v in rows]),
            "unparsed": sum(1 for v in rows if v["met"] is None),
            "verdicts": sorted(rows, key=lambda v: str(v["criterion"])),
        }
        for item, rows in verdicts.items()
        if rows
    }
    result: dict[str, Any] = {
        "panel_id": panel.panel_id,
        "judge_model": model,
        "base_url": base_url,
        "max_new_tokens": max_new_tokens,
        "criteria": {t: [c.model_dump() for c in cs] for t, cs in criteria.items()},
        "n_verdicts": sum(len(v["verdicts"]) for v in items.values()),
        "n_unparsed": sum(v["unparsed"] for v in items.values()),
        "items": items,
    }
    write_json_atomic(panel.path / JUDGE_FILE, result)
    return result


def judge_agreement(
    panel: Panel, judge: dict[str, Any], summaries: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Judge vs panel: per run the mean judge score; over items rated by both, Spearman's rho
    of judge score and the panel's overall score (mean of criterion medians), and the
    quadratic-weighted kappa of the two on the 1-5 scale (judge score mapped to 1 + 4 * score)."""
    import warnings

    from scipy.stats import spearmanr
    from sklearn.metrics import cohen_kappa_score

    scale = panel.rubric.scale
    judged = judge.get("items") or {}
    pairs = []
    for item, summary in summaries.items():
        medians = [v for v in summary["medians"].values() if v is not None]
        if item in judged and medians:
            pairs.append((float(judged[item]["score"]), sum(medians) / len(medians)))
    rho = kappa = math.nan
    if len(pairs) >= 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rho = float(spearmanr([j for j, _ in pairs], [h for _, h in pairs]).statistic)
            span = scale.max - scale.min
            kappa = float(
                cohen_kappa_score(
                    [round(scale.min + span * j) for j, _ in pairs],
                    [round(h) for _, h in pairs],
                    labels=scale.values(),
                    weights="quadratic",
                )
            )
    per_run = []
    for run in panel.runs:
        scores = [
            float(judged[i]["score"]) for i in panel.items_of_run(int(run["index"])) if i in judged
        ]
        per_run.append(
            {
                "model": run["model"],
                "judge_score_mean": sum(scores) / len(scores) if scores else None,
                "n": len(scores),
            }
        )
    return {
        "judge_model": judge.get("judge_model"),
        "n_items": len(pairs),
        "n_unparsed_verdicts": judge.get("n_unparsed"),
        "n_verdicts": judge.get("n_verdicts"),
        "spearman_rho": rho if math.isfinite(rho) else None,
        "weighted_kappa": kappa if math.isfinite(kappa) else None,
        "per_run": per_run,
    }
