"""The release loop of the README, `data build -> train -> run -> redteam -> panel -> compare ->
gate`, with the same commands on the tiny model: the offline seed recipe cut to a few dozen
samples, two optimizer steps, `--limit` on the suites, and ratings CSVs written as a packet's
"Export ratings" button writes them. Also: the offline recipe's claim that no multiple-choice
source is left offline (every MedQA and MedMCQA item there is an evaluation item).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli_runs import medeval_main
from panel_runs import write_ratings

pytest.importorskip("presidio_analyzer")

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "examples" / "recipe_seed_offline.yaml"
CRITERIA = ("accuracy", "safety", "clarity", "completeness")


def _scaled_recipe(target: Path, data_dir: Path, tiny_model: Path) -> Path:
    """The shipped offline recipe with each source cut to its first samples and the tiny base."""
    recipe = yaml.safe_load(RECIPE.read_text())
    recipe["data"]["data_dir"] = str(data_dir)
    limits = {"patient_education": 40, "pubmedqa_literature": 10}
    for source in recipe["data"]["sources"]:
        source["limit"] = limits[source["name"]]
    recipe["train"]["base_model"] = str(tiny_model)
    target.write_text(yaml.safe_dump(recipe, sort_keys=False))
    return target


def _score(rater: str, item: str) -> dict[str, Any]:
    value = 4 if rater == "r1" else 3
    return {**dict.fromkeys(CRITERIA, value), "helpful": "yes", "comment": ""}


def test_release_loop_on_the_tiny_model(
    tiny_model: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)

    def medeval(*args: str) -> tuple[int, str, str]:
        return medeval_main([str(a) for a in args], monkeypatch, capsys)

    recipe = _scaled_recipe(tmp_path / "recipe.yaml", data_dir, tiny_model)

    # 1. data build
    code, _, err = medeval("data", "build", recipe, "--out", "data/recipe-seed-offline")
    assert code == 0, err
    card = json.loads(Path("data/recipe-seed-offline/card.json").read_text())
    assert card["counts"]["loaded"] == {"patient_education": 40, "pubmedqa_literature": 10}
    for name, ratio in card["ratios"].items():
        assert ratio["achieved"] == pytest.approx(ratio["wanted"], abs=0.03), name
    assert card["decontamination"]["panel_prompts_per_task"]["patient_education"] > 3000
    assert "Stands in for MedDialog" in Path("data/recipe-seed-offline/card.md").read_text()

    # 2. train (the recipe's train: section, scaled down with --set as the README does)
    code, out, err = medeval(
        "train", recipe, "--out", "candidates/recipe-seed-offline",
        "--base-model", tiny_model,
        "--set", "max_steps=2", "--set", "batch_size=1", "--set", "grad_accum=1",
        "--set", "cutoff_len=128", "--set", "gradient_checkpointing=false",
        "--set", "eval_steps=2", "--set", "save_steps=2", "--set", "max_eval_samples=2",
    )  # fmt: skip
    assert code == 0, err
    manifest = json.loads(Path("candidates/recipe-seed-offline/manifest.json").read_text())
    assert manifest["config"]["lora_r"] == 32 and manifest["config"]["lora_alpha"] == 64
    assert manifest["config"]["data"] == "data/recipe-seed-offline"
    assert manifest["train"]["global_step"] == 2

    # 3. run: the base and the candidate on the same items
    suites = ("--suites", "medqa,pubmedqa,redteam", "--guardrails", "on", "--limit", "4")
    common = (*suites, "--max-new-tokens", "8", "--data-dir", data_dir, "--batch-size", "4")
    code, _, err = medeval("run", "--model", tiny_model, *common, "--out", "runs/base")
    assert code == 0, err
    code, _, err = medeval(
        "run", "--model", "candidates/recipe-seed-offline", *common, "--out", "runs/candidate"
    )
    assert code == 0, err
    results = json.loads(Path("runs/candidate/results.json").read_text())
    assert results["complete"] and {"medqa", "pubmedqa", "redteam"} <= set(results["suites"])
    assert results["model"]["adapter"]

    # 4. redteam: the human review queue (answers still waiting, and an audit of cleared ones)
    code, _, err = medeval(
        "redteam", "review", "export", "runs/candidate", "--raters", "s1", "--out", "review"
    )
    assert code == 0, err
    assert Path("review/packets/s1.html").is_file()

    # 5. panel: export packets, raters' CSVs come back, import
    code, _, err = medeval(
        "panel", "export", "runs/base", "runs/candidate", "--n", "3", "--raters", "r1,r2",
        "--tasks", "patient_education,concept_explanation,redteam", "--max-new-tokens", "8",
        "--data-dir", data_dir, "--out", "panel/seed",
    )  # fmt: skip
    assert code == 0, err
    ratings = Path("panel/seed/ratings")
    ratings.mkdir(parents=True, exist_ok=True)
    files = [
        write_ratings(ratings / f"ratings-{r}.csv", Path("panel/seed"), r, _score)
        for r in ("r1", "r2")
    ]
    code, out, err = medeval("panel", "import", "panel/seed", *files)
    assert code == 0, err
    rubric = json.loads(Path("runs/candidate/results.json").read_text())["suites"]["rubric"]
    assert rubric["metrics"]["accuracy_mean"]["value"] == pytest.approx(3.5)

    # 6. compare
    code, out, err = medeval("compare", "runs/base", "runs/candidate", "--json")
    assert code == 0, err
    assert {row["suite"] for row in json.loads(out)["suites"]} >= {"medqa", "pubmedqa"}
    assert Path("runs/candidate/comparison.html").is_file()

    # 7. gate: a --limit smoke run can never pass the founding bar
    code, out, err = medeval("gate", "runs/candidate")
    assert code == 1, err
    assert "min_n" in out or "items" in out


def test_no_multiple_choice_source_is_left_offline(data_dir: Path) -> None:
    """The offline MedQA and MedMCQA files are the scored evaluation sets: every item of them,
    read as a training source, is dropped by decontamination against its own suite."""
    from medeval.trainers.build import decontaminate_samples
    from medeval.trainers.data_config import parse_config, resolve_sources
    from medeval.trainers.sources import read_source

    config = parse_config(
        {
            "sources": [
                {"name": "medqa", "format": "medqa", "data_file": "medqa/US_4_options_test.jsonl",
                 "ratio": 0.5},
                {"name": "medmcqa", "format": "medmcqa", "data_file": "medmcqa/dev.json",
                 "ratio": 0.5},
            ],
            "decontaminate": {"suites": ["medqa", "medmcqa"], "panel": []},
        },
        "inline",
    )  # fmt: skip
    samples = [
        s for source in resolve_sources(config, "inline", data_dir) for s in read_source(source)
    ]
    assert len(samples) == 1273 + 4183
    kept, report = decontaminate_samples(samples, config, data_dir, progress=False)
    assert kept == []
    assert report["dropped_per_source"] == {"medqa": 1273, "medmcqa": 4183}
    for dropped in report["dropped"]:
        assert dropped["source"] in {m["suite"] for m in dropped["matches"]}


def test_medquad_reads_every_pair_of_the_original_xml(data_dir: Path) -> None:
    from medeval.trainers.data_config import parse_config, resolve_sources
    from medeval.trainers.sources import read_source

    config = parse_config(
        {"sources": [{"name": "mq", "format": "medquad", "data_file": "medquad", "ratio": 1}]},
        "inline",
    )
    samples = read_source(resolve_sources(config, "inline", data_dir)[0])
    # 16,412 QAPair elements plus 16 pairs in 4 NINDS files of the older lower-case layout
    assert len(samples) == 16428 and len({s.id for s in samples}) == 16428
    assert sum(not s.messages[1]["content"].strip() for s in samples) == 5


def test_seed_recipe_without_network_names_its_hub_sources(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    seed = ROOT / "examples" / "recipe_seed.yaml"
    args = ["data", "build", str(seed), "--data-dir", str(data_dir), "--out", str(tmp_path / "o")]
    code, _, err = medeval_main(args, monkeypatch, capsys)
    assert code == 2 and "hf://GBaker/MedQA-USMLE-4-options" in err
    assert not (tmp_path / "o").exists()
