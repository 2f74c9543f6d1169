"""Run suites on one model and write a run directory (resumable, cached).

A run is four steps, each its own function: :func:`plan` checks the settings and loads every
suite's items (bad data fails in seconds, before any model is loaded); :func:`open_model` loads
the backend, or a stand-in when a finished run has nothing left to score; the one scoring loop in
:mod:`medeval.execute` answers each suite's pending items; :func:`aggregate` pools the records
into the suite's metrics. :func:`run` strings them together and writes results.json. The gate and
the HTML report read that file; they are not called from here except to render the scorecard.
"""

from __future__ import annotations

import copy
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from medeval.backend import (
    GenerationSettings,
    LanguageModel,
    ModelLoader,
    scores_loglikelihood,
)
from medeval.cache import AnswerCache
from medeval.errors import DataError, ResumeMismatchError, UsageError
from medeval.execute import (
    Executed,
    Work,
    execute,
    generation_work,
    generative_choice_work,
    loglikelihood_work,
)
from medeval.files import resolve_data_dir
from medeval.registry import MODEL_GROUP, SUITE_GROUP, Registry
from medeval.store import RunDir, utc_now
from medeval.suites.base import (
    TARGET_DELIMITER,
    GenerationSuite,
    MultipleChoiceSuite,
    Suite,
)
from medeval.types import Item, Scorecard, SuiteResult, check_suite_name

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
    "include_path",
)
GUARDRAIL_MODES = ("off", "on", "both")


@dataclass(frozen=True)
class RunConfig:
    """Everything `medeval run` is told; the Python API (`medeval.run`) builds one from keywords.

    Attributes:
        model: model folder, PEFT adapter folder, hub id, bundled name, or ``openai://`` URL.
        suites: registry names to run (None: the four knowledge suites plus `suite_files`).
        suite_files: the user's YAML multiple-choice suites.
        data_dir: folder with the original benchmark files (None: ``$MEDEVAL_DATA_DIR``, else
            the Hugging Face hub).
        out: run directory (None: ``runs/<model>-<UTC time>``); an existing one is resumed.
        limit: score only the first N items of each suite.
        num_fewshot: few-shot examples (mmlu_medical).
        batch_size: requests per model call.
        seed: seed for bootstraps and seeded sampling.
        base_model: base model of an adapter (overrides its config).
        dtype: ``auto``, ``float32``, ``float64`` (exact comparisons), ``bfloat16`` or
            ``float16``.
        device: ``auto``, ``cpu`` or ``cuda``.
        load_in_4bit: quantise weights to 4-bit NF4.
        use_cache: read and write the per-user answer cache.
        progress: show progress bars.
        render: write scorecard.html at the end.
        max_new_tokens: longest generated answer.
        guardrails: ``off``, ``on`` or ``both`` (see :func:`plan_models`).
        suite_options: per-suite attribute overrides (``{"redteam": {"prompt_files": [...]}}``).
        backend: model backend's registry name (None: chosen from `model`).
        backend_options: keyword options for the backend (``base_url``, ``api_key_env``...).
        include_path: folder of the user's own lm-eval task YAMLs (``lm-eval:<task>`` suites).
        allow_base_mismatch: evaluate a candidate adapter even when the base model resolved now
            is not the one its manifest.json names (weights fingerprints differ); results.json
            then records ``model.base_verified: false`` and the gate fails the run.
    """

    model: str
    suites: Sequence[str] | None = None
    suite_files: Sequence[str | Path] = ()
    data_dir: str | Path | None = None
    out: str | Path | None = None
    limit: int | None = None
    num_fewshot: int = 0
    batch_size: int = 8
    seed: int = 1234
    base_model: str | None = None
    dtype: str = "auto"
    device: str = "auto"
    load_in_4bit: bool = False
    use_cache: bool = True
    progress: bool = True
    render: bool = True
    max_new_tokens: int = 512
    guardrails: str = "off"
    suite_options: Mapping[str, Mapping[str, Any]] | None = None
    backend: str | None = None
    backend_options: Mapping[str, Any] | None = None
    include_path: str | Path | None = None
    allow_base_mismatch: bool = False

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise UsageError("--limit must be a positive number of items")
        if self.num_fewshot < 0:
            raise UsageError("--num-fewshot must be 0 or more")
        if self.guardrails not in GUARDRAIL_MODES:
            raise UsageError(f"--guardrails must be one of {', '.join(GUARDRAIL_MODES)}")
        if self.max_new_tokens < 1:
            raise UsageError("--max-new-tokens must be at least 1")

    @property
    def generation(self) -> GenerationSettings:
        return GenerationSettings(max_new_tokens=self.max_new_tokens)


@dataclass
class RunPlan:
    """What a run will do, settled before any model is loaded."""

    config: RunConfig
    suites: list[tuple[Suite, list[Item]]]
    settings: dict[str, Any]
    backend: str
    run_dir: RunDir


@dataclass
class RunOutcome:
    """What `run` produced: the scorecard and where it was written."""

    scorecard: Scorecard
    run_dir: Path
    scored_now: dict[str, int] = field(default_factory=dict)
    model_calls: int = 0


def tool_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("medeval", "lm_eval", "transformers", "torch", "inspect_ai"):
        try:
            versions[package] = metadata.version(package.replace("_", "-"))
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


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
    for name in names:  # the names become results.json keys and sample file names
        try:
            check_suite_name(name)
        except ValueError as exc:
            raise UsageError(f"--suites: {exc}") from None
    classes = [(name, registry.load(name)) for name in names]
    loaded = []
    for name, suite_class in classes:
        suite: Suite = suite_class()
        suite.name = name
        suite.seed = seed
        suite.limit = limit
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


def plan(config: RunConfig) -> RunPlan:
    """Check the settings and load every suite's items; nothing is loaded or written yet."""
    registry, yaml_names = _registry_with_files(config.suite_files)
    names = list(DEFAULT_SUITES) + yaml_names if config.suites is None else list(config.suites)
    if config.include_path is not None or any(n.startswith("lm-eval:") for n in names):
        from medeval.suites.lm_eval_task import register

        names = register(registry, names, config.include_path)  # groups expand to their tasks
    data_dir = resolve_data_dir(config.data_dir)
    suite_options = {k: dict(v) for k, v in (config.suite_options or {}).items()}
    loaded = load_suites(
        names, registry, data_dir, config.num_fewshot, config.limit, config.seed, suite_options
    )
    from medeval.models.endpoint import shown_options, strip_credentials

    settings: dict[str, Any] = {
        "model": strip_credentials(config.model),  # a URL's user:password@ is never recorded
        "base_model": config.base_model,
        "suites": names,
        "suite_files": [str(Path(p).resolve()) for p in config.suite_files],
        "limit": config.limit,
        "num_fewshot": config.num_fewshot,
        "batch_size": config.batch_size,
        "seed": config.seed,
        "data_dir": str(data_dir.resolve()) if data_dir else None,
        "dtype": config.dtype,
        "device": config.device,
        "load_in_4bit": config.load_in_4bit,
        "target_delimiter": TARGET_DELIMITER,
        "generation": config.generation.recorded(),
        "guardrails": config.guardrails,
        "suite_options": _jsonable(suite_options),
        "include_path": str(Path(config.include_path).resolve()) if config.include_path else None,
        "allow_base_mismatch": config.allow_base_mismatch,
    }
    backend_options = dict(config.backend_options or {})
    backend = resolve_backend(config.model, config.backend, backend_options)
    settings["backend"] = backend
    if backend_options:
        settings["backend_options"] = _jsonable(shown_options(backend_options))
    out = config.out
    if out is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        out = Path("runs") / f"{_display_name(settings['model'])}-{stamp}"
    return RunPlan(config, loaded, settings, backend, RunDir(out))


def open_model(
    run_plan: RunPlan, existing: dict[str, Any] | None, loaded_model: LanguageModel | None
) -> LanguageModel:
    """The model to score with: the one given, a stand-in when a finished run has nothing left to
    score, else the backend loaded from the model registry. A resumed run must find the same
    model (fingerprint) it started with."""
    config = run_plan.config
    if loaded_model is None and existing is not None:
        from medeval.models.recorded import recorded_model

        loaded_model = recorded_model(
            existing,
            config.model,
            config.base_model,
            _samples_names(run_plan.suites, config.guardrails),
            run_plan.run_dir,
        )
    if loaded_model is None:
        loader: ModelLoader = Registry.from_entry_points(MODEL_GROUP).load(run_plan.backend)
        loaded_model = loader(
            config.model,
            base_model=config.base_model,
            dtype=config.dtype,
            device=config.device,
            load_in_4bit=config.load_in_4bit,
            batch_size=config.batch_size,
            # Only when asked: a backend that never loads an adapter need not know the option.
            **({"allow_base_mismatch": True} if config.allow_base_mismatch else {}),
            **(config.backend_options or {}),
        )
    recorded = (existing or {}).get("model", {}).get("fingerprint")
    if existing is not None and recorded != loaded_model.info.fingerprint:
        raise ResumeMismatchError(
            f"{run_plan.run_dir.path} was started with a model whose fingerprint was "
            f"{recorded}; this one is {loaded_model.info.fingerprint} "
            "(its files changed). Use a new --out folder."
        )
    return loaded_model


def run(config: RunConfig, *, loaded_model: LanguageModel | None = None) -> RunOutcome:
    """Score the configured suites on the configured model; write the run directory.

    Returns the scorecard; `complete` is True when every requested item was scored. A run
    directory that already holds part of the same run is resumed: finished items are kept and
    never scored twice. `loaded_model` reuses a model already in memory.
    """
    run_plan = plan(config)
    run_dir = run_plan.run_dir
    existing = run_dir.read_results()
    if existing is not None:
        check_resume(existing, run_plan.settings, run_dir.path)
    model = open_model(run_plan, existing, loaded_model)
    data = {path: sha for suite, _ in run_plan.suites for path, sha in suite.checksums.items()}
    scorecard = Scorecard(
        model=model.info,
        settings=run_plan.settings,
        suites={},
        data=data,
        versions=tool_versions(),
        started=existing["started"] if existing else utc_now(),
    )
    run_dir.write_results(scorecard)

    cache = AnswerCache() if config.use_cache else None
    outcome = RunOutcome(scorecard=scorecard, run_dir=run_dir.path)
    results: dict[str, SuiteResult] = {}
    try:
        for suite, items, model_for_suite in plan_models(run_plan.suites, model, config.guardrails):
            work = suite_work(suite, model_for_suite, config.generation, run_dir)
            done: Executed = execute(
                suite.name,
                items,
                work,
                fingerprint=model_for_suite.info.fingerprint,
                run_dir=run_dir,
                cache=cache,
                progress=config.progress,
            )
            outcome.scored_now[suite.name] = done.scored
            outcome.model_calls += done.model_calls
            results[suite.name] = aggregate(suite, items, run_dir)
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
    if config.render:
        _render(run_dir.path)
    return outcome


def suite_work(
    suite: Suite, model: LanguageModel, generation: GenerationSettings, run_dir: RunDir
) -> Work:
    """How `suite` is answered by `model`: by generation, by log-likelihood, or (a backend that
    cannot score log-likelihoods) multiple choice asked in chat."""
    if isinstance(suite, GenerationSuite):
        return generation_work(
            suite, model, generation, generation.recorded(), run_dir.path / "inspect-logs"
        )
    if isinstance(suite, MultipleChoiceSuite):
        if scores_loglikelihood(model):
            return loglikelihood_work(suite, model)
        return generative_choice_work(suite, model)
    raise UsageError(
        f"suite '{suite.name}' is neither multiple choice nor generation; a suite "
        "class derives from MultipleChoiceSuite or GenerationSuite"
    )


def _display_name(model: str) -> str:
    path = Path(model)
    return path.resolve().name if path.exists() else model.replace("/", "_")


def _jsonable(value: Any) -> Any:
    """Suite options as results.json records them (paths as absolute strings)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value.resolve())
    return value


def plan_models(
    loaded_suites: list[tuple[Suite, list[Item]]], model: LanguageModel, guardrails: str
) -> list[tuple[Suite, list[Item], LanguageModel]]:
    """(suite, items, model) to run. Guardrails act on generated text, so they wrap the model
    for generation suites only; with "both", the guarded run keeps the suite name (what ships)
    and the model alone is stored as `<suite>@raw`."""
    plan: list[tuple[Suite, list[Item], LanguageModel]] = []
    for suite, items in loaded_suites:
        if not isinstance(suite, GenerationSuite) or guardrails == "off":
            plan.append((suite, items, model))
            continue
        from medeval.safety.guardrails import GuardedModel

        suite.guardrails = True
        plan.append((suite, items, GuardedModel(model)))
        if guardrails == "both":
            raw = copy.copy(suite)
            raw.name = f"{suite.name}@raw"
            raw.guardrails = False
            plan.append((raw, [i.model_copy(update={"suite": raw.name}) for i in items], model))
    return plan


def aggregate(suite: Suite, items: list[Item], run_dir: RunDir) -> SuiteResult:
    """Pool the suite's records, in item order, into its metrics (with what the run directory
    adds to them after scoring: a red-team answer's judge labels and reviews)."""
    by_id = {record["item_id"]: record for record in run_dir.read_samples(suite.name)}
    records = suite.annotate([by_id[item.id] for item in items if item.id in by_id], run_dir)
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
    from medeval.models.endpoint import is_endpoint_model

    served = is_endpoint_model(model) or bool((backend_options or {}).get("base_url"))
    if backend is None:
        return "openai" if served else "hf"
    if served and backend != "openai":
        raise UsageError(
            f"--backend {backend} loads a model here; openai://..., openai+https://... and "
            "--base-url need --backend openai"
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
