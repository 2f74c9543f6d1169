"""Run suites on one model and write a run directory (resumable, cached).

Running, scoring, aggregating and rendering are separate steps: this module loads items, asks the
model, scores each item with its suite, appends the records, and finally pools them into
results.json. The gate and the HTML report read that file; they are not called from here except
to render the scorecard at the end.
"""

from __future__ import annotations

import copy
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from medeval.cache import AnswerCache, request_key
from medeval.errors import DataError, ResumeMismatchError, UsageError
from medeval.models.hf import GenerationSettings
from medeval.registry import MODEL_GROUP, SUITE_GROUP, Registry
from medeval.store import RunDir
from medeval.suites.base import (
    TARGET_DELIMITER,
    GenerationSuite,
    MultipleChoiceSuite,
    Suite,
    resolve_data_dir,
)
from medeval.types import Item, ItemResult, ModelInfo, Scorecard, SuiteResult

DEFAULT_SUITES = ("medqa", "medmcqa", "pubmedqa", "mmlu_medical")
# Settings that change what is scored: a resumed run must agree on all of them.
RESUME_KEYS = (
    "model",
    "base_model",
    "suites",
    "suite_files",
    "limit",
    "num_fewshot",
    "data_dir",
    "dtype",
    "load_in_4bit",
    "generation",
    "guardrails",
    "suite_options",
)
GUARDRAIL_MODES = ("off", "on", "both")


class ChoiceModel(Protocol):
    """What the runner needs of a backend for multiple choice."""

    info: ModelInfo

    def loglikelihood_choices(
        self, requests: Sequence[tuple[str, Sequence[str]]], on_batch: Any = None
    ) -> list[list[float]]: ...


@dataclass
class RunOutcome:
    """What `run` produced: the scorecard and where it was written."""

    scorecard: Scorecard
    run_dir: Path
    scored_now: dict[str, int] = field(default_factory=dict)
    model_calls: int = 0


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def tool_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("medeval", "lm_eval", "transformers", "torch", "inspect_ai"):
        try:
            versions[package] = metadata.version(package.replace("_", "-"))
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def sample_record(item: Item, result: ItemResult | None) -> dict[str, Any]:
    """One samples/<suite>.jsonl line: the item itself plus the model's scored output."""
    record: dict[str, Any] = {
        "item_id": item.id,
        "suite": item.suite,
        "question": item.question,
        "options": item.options,
        "choices": item.choices,
        "target": item.target,
        "input": item.input,
        "metadata": item.metadata,
    }
    if result is not None:
        record.update(result.model_dump(mode="json", exclude={"item_id"}))
    return record


def build_suite_registry(suite_files: Sequence[str | Path] = ()) -> Registry:
    """Entry-point suites plus the user's YAML suites (`--suite-file`)."""
    registry, _ = _registry_with_files(suite_files)
    return registry


def _registry_with_files(suite_files: Sequence[str | Path]) -> tuple[Registry, list[str]]:
    """The suite registry and the names of the YAML suites added to it, in file order."""
    from medeval.suites.yaml_suite import load_suite_file

    registry = Registry.from_entry_points(SUITE_GROUP)
    names = []
    for path in suite_files:
        suite_class = load_suite_file(Path(path))
        registry.add(suite_class.name, suite_class)
        names.append(suite_class.name)
    return registry, names


def load_suites(
    names: Sequence[str],
    registry: Registry,
    data_dir: Path | None,
    num_fewshot: int,
    limit: int | None,
    seed: int,
    suite_options: dict[str, dict[str, Any]] | None = None,
) -> list[tuple[Suite, list[Item]]]:
    """Instantiate and load every requested suite before any model is loaded, so bad data or a
    wrong name fails in seconds, not after minutes of model loading."""
    if len(set(names)) != len(names):
        raise UsageError(f"--suites names a suite twice: {', '.join(names)}")
    classes = [(name, registry.load(name)) for name in names]
    loaded = []
    for name, suite_class in classes:
        suite: Suite = suite_class()
        suite.name = name
        suite.seed = seed
        for option, value in (suite_options or {}).get(name, {}).items():
            if not hasattr(suite, option):
                raise UsageError(f"suite '{name}' has no option '{option}'")
            setattr(suite, option, value)
        items = suite.select(suite.items(data_dir, num_fewshot=num_fewshot), limit)
        if not items:
            raise DataError(name, "the suite has no items to score")
        loaded.append((suite, items))
    return loaded


def check_resume(existing: dict[str, Any], settings: dict[str, Any], run_dir: Path) -> None:
    previous = existing.get("settings", {})
    differences = [
        f"{key}: {previous.get(key)!r} then, {settings.get(key)!r} now"
        for key in RESUME_KEYS
        if previous.get(key) != settings.get(key)
    ]
    if differences:
        raise ResumeMismatchError(
            f"{run_dir} holds a run started with other settings ({'; '.join(differences)}). "
            "Resume with the same settings, or pass a new --out folder."
        )


def run(
    model: str,
    *,
    suites: Sequence[str] | None = None,
    suite_files: Sequence[str | Path] = (),
    data_dir: str | Path | None = None,
    out: str | Path | None = None,
    limit: int | None = None,
    num_fewshot: int = 0,
    batch_size: int = 8,
    seed: int = 1234,
    base_model: str | None = None,
    dtype: str = "auto",
    device: str = "auto",
    load_in_4bit: bool = False,
    use_cache: bool = True,
    progress: bool = True,
    render: bool = True,
    loaded_model: ChoiceModel | None = None,
    max_new_tokens: int = 512,
    guardrails: str = "off",
    suite_options: dict[str, dict[str, Any]] | None = None,
    backend: str | None = None,
    backend_options: dict[str, Any] | None = None,
) -> RunOutcome:
    """Score `suites` (default: the four knowledge suites) on `model`; write the run directory.

    Returns the scorecard; `complete` is True when every requested item was scored. A run
    directory that already holds part of the same run is resumed: finished items are kept and
    never scored twice.
    """
    if limit is not None and limit < 1:
        raise UsageError("--limit must be a positive number of items")
    if num_fewshot < 0:
        raise UsageError("--num-fewshot must be 0 or more")
    registry, yaml_names = _registry_with_files(suite_files)
    if suites is None:
        names = list(DEFAULT_SUITES) + yaml_names
    else:
        names = list(suites)
    if guardrails not in GUARDRAIL_MODES:
        raise UsageError(f"--guardrails must be one of {', '.join(GUARDRAIL_MODES)}")
    if max_new_tokens < 1:
        raise UsageError("--max-new-tokens must be at least 1")
    generation = GenerationSettings(max_new_tokens=max_new_tokens)
    resolved_data = resolve_data_dir(data_dir)
    loaded_suites = load_suites(
        names, registry, resolved_data, num_fewshot, limit, seed, suite_options
    )

    settings: dict[str, Any] = {
        "model": model,
        "base_model": base_model,
        "suites": names,
        "suite_files": [str(Path(p).resolve()) for p in suite_files],
        "limit": limit,
        "num_fewshot": num_fewshot,
        "batch_size": batch_size,
        "seed": seed,
        "data_dir": str(resolved_data.resolve()) if resolved_data else None,
        "dtype": dtype,
        "device": device,
        "load_in_4bit": load_in_4bit,
        "target_delimiter": TARGET_DELIMITER,
        "generation": generation_settings_dict(generation),
        "guardrails": guardrails,
        "suite_options": _jsonable(suite_options or {}),
    }
    backend = resolve_backend(model, backend, backend_options)
    settings["backend"] = backend
    if backend_options:
        settings["backend_options"] = _jsonable(backend_options)
    if out is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        out = Path("runs") / f"{_display_name(model)}-{stamp}"
    run_dir = RunDir(out)
    existing = run_dir.read_results()
    if existing is not None:
        check_resume(existing, settings, run_dir.path)

    if loaded_model is None and existing is not None:
        from medeval.models.recorded import recorded_model

        loaded_model = recorded_model(
            existing, model, base_model, _samples_names(loaded_suites, guardrails), run_dir
        )
    if loaded_model is None:
        models = Registry.from_entry_points(MODEL_GROUP)
        loaded_model = models.load(backend)(
            model,
            base_model=base_model,
            dtype=dtype,
            device=device,
            load_in_4bit=load_in_4bit,
            batch_size=batch_size,
            **(backend_options or {}),
        )
    info = loaded_model.info
    if existing is not None and existing.get("model", {}).get("fingerprint") != info.fingerprint:
        raise ResumeMismatchError(
            f"{run_dir.path} was started with a model whose fingerprint was "
            f"{existing.get('model', {}).get('fingerprint')}; this one is {info.fingerprint} "
            "(its files changed). Use a new --out folder."
        )
    data = {path: sha for suite, _ in loaded_suites for path, sha in suite.checksums.items()}
    started = existing["started"] if existing else utc_now()
    scorecard = Scorecard(
        model=info,
        settings=settings,
        suites={},
        data=data,
        versions=tool_versions(),
        started=started,
    )
    run_dir.write_results(scorecard)

    cache = AnswerCache() if use_cache else None
    outcome = RunOutcome(scorecard=scorecard, run_dir=run_dir.path)
    results: dict[str, SuiteResult] = {}
    try:
        for suite, items, model_for_suite in _plan(loaded_suites, loaded_model, guardrails):
            if isinstance(suite, GenerationSuite):
                scored, calls = _generate_suite(
                    suite, items, model_for_suite, run_dir, cache, progress, generation
                )
            elif isinstance(suite, MultipleChoiceSuite) and not getattr(
                model_for_suite, "supports_loglikelihood", True
            ):
                from medeval.suites.generative_choice import score_suite_by_generation

                scored, calls = score_suite_by_generation(
                    suite, items, model_for_suite, run_dir, cache, progress
                )
            elif isinstance(suite, MultipleChoiceSuite):
                scored, calls = _score_suite(
                    suite, items, model_for_suite, run_dir, cache, progress
                )
            else:
                raise UsageError(
                    f"suite '{suite.name}' is neither multiple choice nor generation; a suite "
                    "class derives from MultipleChoiceSuite or GenerationSuite"
                )
            outcome.scored_now[suite.name] = scored
            outcome.model_calls += calls
            results[suite.name] = _aggregate(suite, items, run_dir)
    finally:
        if cache is not None:
            cache.close()
    complete = all(result.n_items == result.n_requested for result in results.values())
    # The expert panel's ratings of this model (`medeval panel import`) are not run here:
    # resuming the same run (same settings and fingerprint) keeps them.
    if existing is not None and "rubric" not in results and "rubric" in existing.get("suites", {}):
        results["rubric"] = SuiteResult.model_validate(existing["suites"]["rubric"])
    scorecard = scorecard.model_copy(
        update={"suites": results, "finished": utc_now(), "complete": complete}
    )
    run_dir.write_results(scorecard)
    outcome.scorecard = scorecard
    if render:
        _render(run_dir.path)
    return outcome


def _display_name(model: str) -> str:
    path = Path(model)
    return path.resolve().name if path.exists() else model.replace("/", "_")


def _score_suite(
    suite: MultipleChoiceSuite,
    items: list[Item],
    model: ChoiceModel,
    run_dir: RunDir,
    cache: AnswerCache | None,
    progress: bool,
) -> tuple[int, int]:
    """Score the items not yet in samples/<suite>.jsonl; return (items scored, model calls)."""
    from tqdm.auto import tqdm

    pending = _pending(suite, items, run_dir)
    fingerprint = model.info.fingerprint
    bar = tqdm(
        total=len(items),
        initial=len(items) - len(pending),
        desc=suite.name,
        unit="item",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    calls = 0
    chunk_size = 64
    try:
        for start in range(0, len(pending), chunk_size):
            chunk = pending[start : start + chunk_size]
            requests = [
                (item.input, [TARGET_DELIMITER + c for c in item.choices]) for item in chunk
            ]
            keys = [request_key(fingerprint, "loglikelihood", request) for request in requests]
            cached = cache.get_many(keys) if cache is not None else {}
            missing = [i for i, key in enumerate(keys) if key not in cached]
            began = time.perf_counter()
            if missing:
                fresh = model.loglikelihood_choices([requests[i] for i in missing])
                calls += len(missing)
                computed = {keys[i]: value for i, value in zip(missing, fresh, strict=True)}
                if cache is not None:
                    cache.put_many(computed)
                cached.update(computed)
            per_item = (time.perf_counter() - began) / len(chunk)
            records = []
            for item, key in zip(chunk, keys, strict=True):
                result = suite.score(item, [float(v) for v in cached[key]])
                result = result.model_copy(update={"latency_s": per_item})
                records.append(sample_record(item, result))
            run_dir.append_samples(suite.name, records)
            bar.update(len(chunk))
    finally:
        bar.close()
    return len(pending), calls


def _jsonable(value: Any) -> Any:
    """Suite options as results.json records them (paths as absolute strings)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value.resolve())
    return value


def _plan(
    loaded_suites: list[tuple[Suite, list[Item]]], model: Any, guardrails: str
) -> list[tuple[Suite, list[Item], Any]]:
    """(suite, items, model) to run. Guardrails act on generated text, so they wrap the model
    for generation suites only; with "both", the guarded run keeps the suite name (what ships)
    and the model alone is stored as `<suite>@raw`."""
    plan: list[tuple[Suite, list[Item], Any]] = []
    for suite, items in loaded_suites:
        if not isinstance(suite, GenerationSuite) or guardrails == "off":
            plan.append((suite, items, model))
            continue
        from medeval.redteam.guardrails import GuardedModel

        suite.guardrails = True
        plan.append((suite, items, GuardedModel(model)))
        if guardrails == "both":
            raw = copy.copy(suite)
            raw.name = f"{suite.name}@raw"
            raw.guardrails = False
            plan.append((raw, [i.model_copy(update={"suite": raw.name}) for i in items], model))
    return plan


def generation_settings_dict(settings: GenerationSettings) -> dict[str, Any]:
    """The generation settings as recorded in results.json (DESIGN's generation defaults)."""
    return {
        "max_new_tokens": settings.max_new_tokens,
        "temperature": settings.temperature,
        "decoding": "greedy" if settings.temperature == 0 else "sampling",
        "chat_template": settings.use_chat_template,
        "system_prompt": settings.system_prompt,
    }


def _pending(suite: Suite, items: list[Item], run_dir: RunDir) -> list[Item]:
    """Items not yet in samples/<suite>.jsonl (a torn last line is cut off first)."""
    requested = {item.id for item in items}
    done = {record["item_id"] for record in run_dir.read_samples(suite.name, repair=True)}
    stray = done - requested
    if stray:
        raise ResumeMismatchError(
            f"{run_dir.samples_path(suite.name)} holds items this run did not ask for "
            f"(e.g. {sorted(stray)[0]}); use a new --out folder."
        )
    return [item for item in items if item.id not in done]


def _generate_suite(
    suite: GenerationSuite,
    items: list[Item],
    model: Any,
    run_dir: RunDir,
    cache: AnswerCache | None,
    progress: bool,
    settings: GenerationSettings,
) -> tuple[int, int]:
    """Answer the pending items through the suite (inspect-ai), cache, score, append."""
    from tqdm.auto import tqdm

    pending = _pending(suite, items, run_dir)
    fingerprint = model.info.fingerprint
    recorded = generation_settings_dict(settings)
    bar = tqdm(
        total=len(items),
        initial=len(items) - len(pending),
        desc=suite.name,
        unit="item",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    calls = 0
    chunk_size = max(8, 4 * int(getattr(model, "batch_size", 8)))
    try:
        for start in range(0, len(pending), chunk_size):
            chunk = pending[start : start + chunk_size]
            keys = [
                request_key(fingerprint, "generate", [suite.request(item), recorded])
                for item in chunk
            ]
            answers = cache.get_many(keys) if cache is not None else {}
            missing = [item for item, key in zip(chunk, keys, strict=True) if key not in answers]
            if missing:
                fresh = suite.generate(missing, model, settings, run_dir.path / "inspect-logs")
                calls += len(missing)
                computed = {
                    key: fresh[item.id]
                    for item, key in zip(chunk, keys, strict=True)
                    if item.id in fresh
                }
                if cache is not None:
                    cache.put_many(computed)
                answers.update(computed)
            records = []
            for item, key in zip(chunk, keys, strict=True):
                record = sample_record(item, None)
                record.update(suite.score_response(item, answers[key]))
                records.append(record)
            run_dir.append_samples(suite.name, records)
            bar.update(len(chunk))
    finally:
        bar.close()
    return len(pending), calls


def _aggregate(suite: Suite, items: list[Item], run_dir: RunDir) -> SuiteResult:
    by_id = {record["item_id"]: record for record in run_dir.read_samples(suite.name)}
    records = [by_id[item.id] for item in items if item.id in by_id]
    if isinstance(suite, MultipleChoiceSuite):
        from medeval.suites.generative_choice import aggregate_generative, is_generative

        if is_generative(records, str(run_dir.samples_path(suite.name))):
            return aggregate_generative(suite, records, n_requested=len(items))
    return suite.aggregate(records, n_requested=len(items))


def _render(run_dir: Path) -> None:
    """Write scorecard.html when the report package is available."""
    try:
        from medeval.reports import render_scorecard
    except ImportError:
        return
    render_scorecard(run_dir)


def resolve_backend(
    model: str, backend: str | None, backend_options: dict[str, Any] | None = None
) -> str:
    """The model backend's registry name: as given, else `openai` for ``openai://`` models and
    `--base-url`, else `hf`."""
    from medeval.models.openai_compat import SCHEME

    served = model.startswith(SCHEME) or bool((backend_options or {}).get("base_url"))
    if backend is None:
        return "openai" if served else "hf"
    if served and backend != "openai":
        raise UsageError(
            f"--backend {backend} loads a model here; openai://... and --base-url need "
            "--backend openai"
        )
    return backend


def _samples_names(
    loaded_suites: list[tuple[Suite, list[Item]]], guardrails: str
) -> list[tuple[str, list[Item]]]:
    """(samples file name, items) of every suite the run writes (`<suite>@raw` included)."""
    names = [(suite.name, items) for suite, items in loaded_suites]
    if guardrails == "both":
        names += [
            (f"{suite.name}@raw", items)
            for suite, items in loaded_suites
            if isinstance(suite, GenerationSuite)
        ]
    return names
