"""lm-eval tasks run as medeval suites (`--suites lm-eval:TASK --include-path DIR`), offline.

The tasks are the user's own lm-eval YAMLs over local JSON-lines files (``dataset_path: json`` with
``data_files``), built from the first MedQA questions of ../shared/data so the tiny Llama's answers
vary: one with letter choices, one whose choices are the option texts (several tokens each) with
its own description and target delimiter, and one with two few-shot examples drawn by lm-eval's
sampler. The reference is lm-eval's own HF backend (``HFLM``) on the same model and the same YAMLs:
per-document predictions (acc and acc_norm) must be identical and log-likelihoods within 1e-5.

Both sides run twice: in float64, where the log-likelihoods must agree within 1e-5 absolute (the
two systems compute the same sums in different orders and batch shapes, and float64 leaves that
ordering about 1e-12 to move them); and in float32, the dtype users run, within 1e-5 relative to
the log-likelihood's size (absolute below 1 nat). The option-text task's sums reach several
hundred nats on the random tiny model, where one float32 step is 3e-5 to 6e-5, so no two float32
computations of them that add in a different order can agree closer than that in absolute terms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import lm_eval_reference as reference
import pytest

from cli_runs import medeval_main

N_DOCS = 24
LIMIT = 20
TASKS = ("tiny_letters", "tiny_options", "tiny_fewshot")
TOLERANCE = 1e-5  # float64: absolute; float32: relative to the size, absolute below 1 nat

LETTERS_TEXT = (
    "Question: {{question}}\nA. {{options[0]}}\nB. {{options[1]}}\nC. {{options[2]}}\n"
    "D. {{options[3]}}\nAnswer:"
)


def _task_yaml(name: str, data: dict[str, str], cache: Path, **fields: Any) -> dict[str, Any]:
    return {
        "task": name,
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": data, "cache_dir": str(cache)},
        "test_split": "test",
        "output_type": "multiple_choice",
        "doc_to_target": "answer",
        "metric_list": [
            {"metric": "acc", "aggregation": "mean", "higher_is_better": True},
            {"metric": "acc_norm", "aggregation": "mean", "higher_is_better": True},
        ],
        "metadata": {"version": 1.0},
        **fields,
    }


@pytest.fixture(scope="module")
def task_dir(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    import yaml

    folder = tmp_path_factory.mktemp("lm-eval-tasks")
    rows = []
    with (data_dir / "medqa" / "US_4_options_test.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            options = [record["options"][letter] for letter in "ABCD"]
            rows.append(
                {
                    "question": record["question"],
                    "options": options,
                    "answer": "ABCD".index(record["answer_idx"]),
                }
            )
            if len(rows) == N_DOCS + 8:
                break
    test, train = folder / "test.jsonl", folder / "train.jsonl"
    test.write_text("".join(json.dumps(r) + "\n" for r in rows[:N_DOCS]), encoding="utf-8")
    train.write_text("".join(json.dumps(r) + "\n" for r in rows[N_DOCS:]), encoding="utf-8")
    cache = folder / "hf-cache"
    configs = {
        "tiny_letters": _task_yaml(
            "tiny_letters",
            {"test": str(test)},
            cache,
            doc_to_text=LETTERS_TEXT,
            doc_to_choice=["A", "B", "C", "D"],
        ),
        "tiny_options": _task_yaml(
            "tiny_options",
            {"test": str(test)},
            cache,
            description="Medical board questions.\n\n",
            doc_to_text="Question: {{question}}\nAnswer:",
            doc_to_choice="{{options}}",
            target_delimiter="\n",
        ),
        "tiny_fewshot": _task_yaml(
            "tiny_fewshot",
            {"test": str(test), "train": str(train)},
            cache,
            training_split="train",
            fewshot_split="train",
            num_fewshot=2,
            doc_to_text=LETTERS_TEXT,
            doc_to_choice=["A", "B", "C", "D"],
        ),
        "tiny_generate": {
            **_task_yaml("tiny_generate", {"test": str(test)}, cache, doc_to_text=LETTERS_TEXT),
            "output_type": "generate_until",
            "doc_to_target": "{{answer}}",
            "metric_list": [{"metric": "exact_match"}],
        },
    }
    for name, config in configs.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    group = {"group": "tiny_group", "task": ["tiny_letters", "tiny_options"]}
    (folder / "tiny_group.yaml").write_text(yaml.safe_dump(group), encoding="utf-8")
    return folder


def _run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    return medeval_main(args, monkeypatch, capsys)


def _samples(run_dir: Path, task: str) -> list[dict[str, Any]]:
    path = run_dir / "samples" / f"lm-eval__{task}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _lm_eval_reference(model: Path, task_dir: Path, dtype: str) -> dict[str, list[dict[str, Any]]]:
    import lm_eval
    from lm_eval.tasks import TaskManager

    manager = TaskManager(include_path=str(task_dir), include_defaults=False)
    output = lm_eval.simple_evaluate(
        model=reference.load_lm(model, batch_size=8, dtype=dtype),
        tasks=list(TASKS),
        limit=LIMIT,
        log_samples=True,
        bootstrap_iters=0,
        task_manager=manager,
    )
    assert output is not None
    return {task: sorted(output["samples"][task], key=lambda s: int(s["doc_id"])) for task in TASKS}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_lm_eval_tasks_match_lm_eval_hf_backend(
    dtype: str,
    tiny_model: Path,
    task_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "run"
    args = [
        "run",
        "--model",
        str(tiny_model),
        "--suites",
        ",".join(f"lm-eval:{task}" for task in TASKS),
        "--include-path",
        str(task_dir),
        "--limit",
        str(LIMIT),
        "--dtype",
        dtype,
        "--device",
        "cpu",
        "--out",
        str(out),
    ]
    code, stdout, stderr = _run(args, monkeypatch, capsys)
    assert code == 0, stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert list(results["suites"]) == [f"lm-eval:{task}" for task in TASKS]
    assert results["settings"]["include_path"] == str(task_dir.resolve())
    assert results["suites"]["lm-eval:tiny_fewshot"]["extra"]["num_fewshot"] == 2

    assert results["model"]["dtype"] == dtype
    expected = _lm_eval_reference(tiny_model, task_dir, dtype)
    for task in TASKS:
        ours = _samples(out, task)
        theirs = expected[task]
        assert [s["item_id"] for s in ours] == [f"{task}-{i}" for i in range(LIMIT)]
        assert len(theirs) == LIMIT
        predictions = set()
        for mine, ref in zip(ours, theirs, strict=True):
            contexts = {argument[0] for argument in ref["arguments"]}
            assert contexts == {mine["input"]}, task
            delimiter = "\n" if task == "tiny_options" else " "
            assert [a[1] for a in ref["arguments"]] == [delimiter + c for c in mine["choices"]]
            lls = [float(resp[0]) for resp in ref["filtered_resps"]]
            ll_diff = max(
                abs(a - b) for a, b in zip(lls, mine["choice_loglikelihoods"], strict=True)
            )
            scale = max(1.0, max(abs(v) for v in lls)) if dtype == "float32" else 1.0
            assert ll_diff <= TOLERANCE * scale, (task, mine["item_id"], ll_diff, scale)
            pred, pred_norm = _predictions(lls, mine["choices"])
            assert (mine["prediction"], mine["prediction_norm"]) == (pred, pred_norm)
            assert bool(mine["correct"]) == bool(ref["acc"])
            assert bool(mine["correct_norm"]) == bool(ref["acc_norm"])
            predictions.add(pred)
        assert len(predictions) >= 2, f"{task}: the tiny model's answers must vary"
    options = _samples(out, "tiny_options")
    assert max(len(c.split()) for s in options for c in s["choices"]) > 1  # multi-token choices
    # the option texts' sums are long: float32 needs the relative rule, float64 does not
    assert max(abs(v) for s in options for v in s["choice_loglikelihoods"]) > 100

    # Resuming the same run scores nothing new.
    code, stdout, stderr = _run(args, monkeypatch, capsys)
    assert code == 0, stderr
    again = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for task in TASKS:
        assert len(_samples(out, task)) == LIMIT
        assert (
            again["suites"][f"lm-eval:{task}"]["metrics"]
            == results["suites"][f"lm-eval:{task}"]["metrics"]
        )


def _predictions(lls: list[float], choices: list[str]) -> tuple[int, int]:
    normalised = [ll / len(choice) for ll, choice in zip(lls, choices, strict=True)]
    return reference.first_argmax(lls), reference.first_argmax(normalised)


def test_group_expands_to_member_suites(
    tiny_model: Path,
    task_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "run"
    code, _, stderr = _run(
        [
            "run",
            "--model",
            str(tiny_model),
            "--suites",
            "lm-eval:tiny_group",
            "--include-path",
            str(task_dir),
            "--limit",
            "3",
            "--device",
            "cpu",
            "--out",
            str(out),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0, stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(results["suites"]) == ["lm-eval:tiny_letters", "lm-eval:tiny_options"]
    assert sorted(p.name for p in (out / "samples").iterdir()) == [
        "lm-eval__tiny_letters.jsonl",
        "lm-eval__tiny_options.jsonl",
    ]


def test_other_output_types_are_refused(
    tiny_model: Path,
    task_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, stderr = _run(
        [
            "run",
            "--model",
            str(tiny_model),
            "--suites",
            "lm-eval:tiny_generate",
            "--include-path",
            str(task_dir),
            "--out",
            str(tmp_path / "run"),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2
    assert "generate_until" in stderr and "multiple_choice" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "run" / "results.json").exists()


def test_unknown_lm_eval_task_is_a_usage_error(
    task_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medeval.errors import UsageError
    from medeval.runner import RunConfig, plan

    with pytest.raises(UsageError, match="no_such_task"):
        plan(RunConfig(model="x", suites=["lm-eval:no_such_task"], include_path=task_dir))
