"""Answers for a panel to rate: the prompts of each task type, and the runs' models answering them.

Task types are the project's use cases: patient-education questions (HealthSearchQA, TREC LiveQA
medical, MedicationQA from ``<data>/consumer_health``), medical concept explanations
(``concepts.jsonl``, written for medeval), plain-language summaries of PubMedQA abstracts
(the test split's 500 in ``<data>/pubmedqa/ori_pqal.json``) and red-team prompts (medeval's
built-in set). Runs of the knowledge suites hold no free text, so answers are generated with
the run's own model (reloaded from the run's settings and checked against its fingerprint),
greedy, with the model's chat template, and the settings are recorded in the panel key.
Red-team answers a run already holds (``samples/redteam.jsonl``) are reused instead of generated
again.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from medeval.backend import Backend, ChatModel, ModelLoader
from medeval.errors import DataError, UsageError
from medeval.files import jsonl_records, read_json, read_jsonl

CONSUMER_HEALTH_FILES = {
    "healthsearchqa.jsonl": "question",
    "liveqa_medical_trec2017.jsonl": "question",
    "medicationqa.jsonl": "Question",
}
CONCEPT_PROMPT = (
    "What is {concept}? Explain it in plain language for someone without medical training."
)
SUMMARY_PROMPT = (
    "Summarise the findings of this research abstract in plain language for a patient.\n\n"
    "Study question: {question}\n\nAbstract:\n{abstract}"
)


@dataclass(frozen=True)
class Prompt:
    """One thing a model is asked, as raters will see it."""

    id: str
    task: str
    question: str
    context: str = ""
    message: str = ""
    source: str = ""

    @property
    def conversation(self) -> list[dict[str, str]]:
        return [{"role": "user", "content": self.message or self.question}]


@dataclass
class Answers:
    """One run's answers: prompt id -> answer record, and how they were produced."""

    by_prompt: dict[str, dict[str, Any]] = field(default_factory=dict)
    generation: dict[str, Any] | None = None


# ---------------------------------------------------------------- prompt pools


def consumer_health_prompts(data_dir: Path) -> list[Prompt]:
    """Patient-education questions, de-duplicated by text, ids ``chq-<file>-<line>``."""
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for name, key in CONSUMER_HEALTH_FILES.items():
        path = data_dir / "consumer_health" / name
        stem = name.split(".")[0].split("_")[0]
        for line, record in read_jsonl(path):
            question = record.get(key)
            if not isinstance(question, str) or not question.strip():
                raise DataError(path, "missing or empty question", line=line, field=key)
            text = " ".join(question.split())
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            prompts.append(Prompt(f"chq-{stem}-{line}", "patient_education", text, source=name))
    return prompts


def concept_prompts() -> list[Prompt]:
    """Concept explanations from the built-in list, ids ``concept-<slug>``."""
    resource = resources.files("medeval.rubrics").joinpath("concepts.jsonl")
    origin = "medeval/rubrics/concepts.jsonl"
    prompts = []
    for line, record in jsonl_records(resource.read_text(encoding="utf-8").splitlines(), origin):
        if not isinstance(record.get("id"), str) or not isinstance(record.get("concept"), str):
            raise DataError(origin, "needs string fields id and concept", line=line)
        question = CONCEPT_PROMPT.format(concept=record["concept"])
        prompts.append(Prompt(record["id"], "concept_explanation", question, source=origin))
    return prompts


def pubmedqa_prompts(data_dir: Path) -> list[Prompt]:
    """Abstract summaries of PubMedQA PQA-L, ids ``pubmedqa-<PMID>``; the abstract is context.

    Only the 500 abstracts of the official test split (``pubmedqa/test_ground_truth.json``, the
    pubmedqa suite's items) are panel prompts, so a training mix may use the other half of PQA-L
    without ever touching a prompt the panel rates answers to.
    """
    path = data_dir / "pubmedqa" / "ori_pqal.json"
    data = read_json(path)
    if not isinstance(data, dict):
        raise DataError(path, "expected a JSON object keyed by PMID")
    truth_path = data_dir / "pubmedqa" / "test_ground_truth.json"
    test_ids = read_json(truth_path)
    if not isinstance(test_ids, dict):
        raise DataError(truth_path, "expected a JSON object keyed by PMID")
    prompts = []
    for pmid, record in data.items():
        if pmid not in test_ids:
            continue
        if not isinstance(record, dict) or not isinstance(record.get("CONTEXTS"), list):
            raise DataError(path, "missing CONTEXTS list", field=f"{pmid}.CONTEXTS")
        abstract = "\n".join(str(part) for part in record["CONTEXTS"])
        question = str(record.get("QUESTION", ""))
        prompts.append(
            Prompt(
                id=f"pubmedqa-{pmid}",
                task="pubmedqa_summary",
                question="Summarise the findings of this abstract in plain language "
                f"(study question: {question})",
                context=abstract,
                message=SUMMARY_PROMPT.format(question=question, abstract=abstract),
                source="pubmedqa/ori_pqal.json",
            )
        )
    return prompts


def redteam_prompts() -> list[Prompt]:
    """medeval's built-in single-turn red-team prompts (no attack transforms), in file order.

    Read through the registered `redteam` suite (as the trainers' decontamination reads every
    suite), not by importing medeval.redteam: the red-team review queue builds on this package's
    packets, and the two packages must not import each other.
    """
    from medeval.registry import SUITE_GROUP, Registry

    suite = Registry.from_entry_points(SUITE_GROUP).load("redteam")()
    suite.transforms = ()  # the written prompts only, no attacked variants
    return [
        Prompt(item.id, "redteam", item.input, source=str(item.metadata["source"]))
        for item in suite.items(None)
        if not item.metadata.get("turns")
    ]


def prompt_pools(tasks: Sequence[str], data_dir: Path | None) -> dict[str, list[Prompt]]:
    """The prompts of each task; tasks that need a data folder are skipped without one."""
    pools: dict[str, list[Prompt]] = {}
    for task in tasks:
        if task == "concept_explanation":
            pools[task] = concept_prompts()
        elif task == "redteam":
            pools[task] = redteam_prompts()
        elif data_dir is None:
            print(
                f"panel: task {task} needs a data folder (--data-dir or MEDEVAL_DATA_DIR); skipped",
                file=sys.stderr,
            )
        elif task == "patient_education":
            pools[task] = consumer_health_prompts(data_dir)
        elif task == "pubmedqa_summary":
            pools[task] = pubmedqa_prompts(data_dir)
    if not pools:
        raise UsageError("no task type has prompts: give --data-dir or choose other --tasks")
    return pools


def stratified_sample(pools: dict[str, list[Prompt]], n: int, seed: int) -> list[Prompt]:
    """`n` prompts spread evenly over the task types (earlier tasks take the remainder),
    drawn with a seeded generator per task so adding a task does not reshuffle the others."""
    if n < 1:
        raise UsageError("--n must be at least 1")
    tasks = [task for task in pools if pools[task]]
    if not tasks:
        raise UsageError("no prompts to sample from")
    chosen: list[Prompt] = []
    share, extra = divmod(n, len(tasks))
    for index, task in enumerate(tasks):
        want = share + (1 if index < extra else 0)
        pool = pools[task]
        if want > len(pool):
            raise UsageError(f"task {task} has only {len(pool)} prompts; lower --n")
        chosen.extend(random.Random(f"{seed}:{task}").sample(pool, want))
    return chosen


# ---------------------------------------------------------------- answers from runs


def run_redteam_answers(run_dir: Path) -> dict[str, dict[str, Any]]:
    """Red-team answers a run already holds (the shipped configuration, `redteam`)."""
    from medeval.store import RunDir

    answers = {}
    for record in RunDir(run_dir).read_samples("redteam"):
        if isinstance(record.get("response"), str) and not record.get("metadata", {}).get("turns"):
            answers[str(record["item_id"])] = {
                "prompt": record.get("question") or record.get("input") or "",
                "answer": record["response"],
                "origin": "run samples/redteam.jsonl",
            }
    return answers


def load_run_model(
    results: dict[str, Any], run_dir: Path, device: str, batch_size: int
) -> ChatModel:
    """The run's model, loaded as the run loaded it, refused if its files changed since."""
    from medeval.models.bundled import BUNDLED
    from medeval.registry import MODEL_GROUP, Registry

    settings = results.get("settings") or {}
    info = results.get("model") or {}
    model = str(settings.get("model") or info.get("path") or "")
    if model not in BUNDLED and not Path(model).exists() and info.get("path"):
        model = str(info["path"])
    loader: ModelLoader = Registry.from_entry_points(MODEL_GROUP).load("hf")
    backend = loader(
        model,
        base_model=settings.get("base_model"),
        dtype=str(settings.get("dtype") or "auto"),
        device=device,
        load_in_4bit=bool(settings.get("load_in_4bit", False)),
        batch_size=batch_size,
    )
    check_fingerprint(backend, info, run_dir, model)
    if settings.get("guardrails") in ("on", "both"):
        from medeval.safety.guardrails import GuardedModel

        return GuardedModel(backend)  # what ships when the run had guardrails on
    return backend


def check_fingerprint(backend: Backend, info: dict[str, Any], run_dir: Path, model: str) -> None:
    """Refuse a model whose files differ from the run's: its answers would not be the run's."""
    if backend.info.fingerprint != info.get("fingerprint"):
        raise UsageError(
            f"the model of {run_dir} ({model}) has fingerprint {backend.info.fingerprint[:12]} "
            f"now but {str(info.get('fingerprint'))[:12]} in the run: its files changed, so its "
            "answers would not be the evaluated model's"
        )


def generate_answers(
    run_dir: Path,
    results: dict[str, Any],
    prompts: Sequence[Prompt],
    *,
    max_new_tokens: int,
    device: str = "auto",
    batch_size: int = 8,
    progress: bool = True,
    backend: ChatModel | None = None,
) -> Answers:
    """Answer `prompts` with the run's model (cached per user, so an interrupted export resumes).

    `backend` is the run's model already loaded (Python API: one load per process); it must have
    the run's fingerprint. Without it the model is loaded from the run's settings.
    """
    from tqdm.auto import tqdm

    from medeval.backend import GenerationSettings
    from medeval.cache import AnswerCache, request_key, through_cache

    settings = GenerationSettings(max_new_tokens=max_new_tokens)
    recorded = settings.recorded()
    if backend is None:
        model = load_run_model(results, run_dir, device, batch_size)
    else:
        model = backend
        check_fingerprint(backend, results.get("model") or {}, run_dir, backend.info.name)
    recorded["guardrails"] = type(model).__name__ == "GuardedModel"
    fingerprint = model.info.fingerprint
    cache = AnswerCache()
    answers = Answers(generation=recorded)

    def answer(missing: list[Prompt]) -> list[dict[str, Any]]:
        generated = model.generate([prompt.conversation for prompt in missing], settings)
        return [
            {"answer": g.text, "output_tokens": g.output_tokens, "latency_s": g.latency_s}
            for g in generated
        ]

    bar = tqdm(
        total=len(prompts),
        desc=f"answers {results.get('model', {}).get('name', run_dir.name)}",
        unit="answer",
        disable=not progress,
        file=sys.stderr,
    )
    try:
        chunk = max(1, 4 * batch_size)
        for start in range(0, len(prompts), chunk):
            part = list(prompts[start : start + chunk])
            keys = [request_key(fingerprint, "generate", [p.conversation, recorded]) for p in part]
            found, _ = through_cache(cache, keys, part, answer)
            for prompt, key in zip(part, keys, strict=True):
                answers.by_prompt[prompt.id] = {**found[key], "origin": "generated"}
            bar.update(len(part))
    finally:
        bar.close()
        cache.close()
    return answers


def read_results(run_dir: Path) -> dict[str, Any]:
    """results.json of a run, validated (the gate's reader)."""
    from medeval.store import load_results

    return load_results(run_dir)
