"""inspect-ai runs on medeval's loaded model: same answers as the backend, batched."""

from __future__ import annotations

from pathlib import Path

from medeval.backend import GenerationSettings
from medeval.models.hf import HFModel
from medeval.models.inspect_provider import inspect_model


def test_inspect_eval_uses_loaded_model(tiny_model: Path, tmp_path: Path) -> None:
    from inspect_ai import Task
    from inspect_ai import eval as inspect_eval
    from inspect_ai.dataset import Sample
    from inspect_ai.scorer import Score, Target, accuracy, scorer
    from inspect_ai.solver import TaskState, generate

    @scorer(metrics=[accuracy()])
    def answered():  # type: ignore[no-untyped-def]
        async def score(state: TaskState, target: Target) -> Score:
            return Score(value=1 if state.output.completion else 0)

        return score

    questions = [f"Question {i}: what are the signs of a stroke?" for i in range(7)]
    backend = HFModel(str(tiny_model), dtype="float32", batch_size=4)
    settings = GenerationSettings(max_new_tokens=8)
    model = inspect_model(backend, "tiny", settings)
    task = Task(
        dataset=[Sample(input=q, id=str(i)) for i, q in enumerate(questions)],
        solver=[generate()],
        scorer=answered(),
    )
    log = inspect_eval(task, model=model, log_dir=str(tmp_path / "logs"), display="none")[0]
    assert log.status == "success"
    direct = backend.generate([[{"role": "user", "content": q}] for q in questions], settings)
    samples = sorted(log.samples or [], key=lambda s: int(s.id))
    assert [s.output.completion for s in samples] == [d.text for d in direct]
    assert all(s.output.usage is not None and s.output.usage.output_tokens > 0 for s in samples)
    batcher = model.api.batcher
    assert batcher.calls < len(questions)  # concurrent samples were answered together
