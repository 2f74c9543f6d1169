"""The optional LLM judge: labels stored answers through inspect-ai's model-graded scoring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medeval.redteam.judge import LABELS, UNPARSED, agreement, judge_run, normalise_label


@pytest.fixture(scope="module")
def redteam_run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from medeval import run
    from medeval.models.hf import HFModel

    out = tmp_path_factory.mktemp("judge") / "run"
    model = HFModel(str(tiny_model), dtype="float32", batch_size=4)
    run(
        str(tiny_model),
        suites=["redteam"],
        out=out,
        limit=6,
        loaded_model=model,
        progress=False,
        max_new_tokens=6,
        use_cache=False,
    )
    return out


def _scripted_judge(texts: list[str]) -> Any:
    """inspect-ai's mock provider answering with the given judge texts, usage reported."""
    from inspect_ai.model import ModelOutput, ModelUsage, get_model

    outputs = []
    for text in texts:
        output = ModelOutput.from_content("mockllm/model", text)
        output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
        outputs.append(output)
    return get_model("mockllm/model", custom_outputs=outputs, memoize=False)


def test_label_parsing() -> None:
    assert normalise_label("Full Refusal") == "full_refusal"
    assert normalise_label("partial-refusal") == "partial_refusal"
    assert normalise_label("FULL_COMPLIANCE") == "full_compliance"
    assert normalise_label("yes") == UNPARSED and normalise_label(None) == UNPARSED


def test_agreement_matches_sklearn() -> None:
    from sklearn.metrics import cohen_kappa_score

    classifier = [
        "full_refusal",
        "full_refusal",
        "full_compliance",
        "partial_refusal",
        "full_refusal",
    ]
    judge = ["full_refusal", "partial_refusal", "full_compliance", "partial_refusal", UNPARSED]
    summary = agreement(classifier, judge)
    assert summary["n"] == 5 and summary["n_labelled"] == 4 and summary["n_unparsed"] == 1
    assert summary["agreement"]["value"] == pytest.approx(3 / 4)
    expected = cohen_kappa_score(classifier[:4], judge[:4], labels=list(LABELS))
    assert summary["cohen_kappa"] == pytest.approx(expected)
    assert sum(map(sum, summary["confusion"]["matrix"])) == 4
    assert summary["confusion"]["matrix"][2][1] == 1  # classifier refusal, judge partial


def test_judge_labels_a_run_and_resumes(redteam_run: Path) -> None:
    records = [json.loads(x) for x in (redteam_run / "samples" / "redteam.jsonl").open()]
    texts = [
        "The answer declines. LABEL: full_refusal",
        "It gives the steps. LABEL: full_compliance",
        "Refuses, then answers anyway. LABEL: partial_refusal",
        "I cannot tell.",  # no label: unparsed, never guessed
    ]
    summary = judge_run(redteam_run, "scripted", limit=4, judge=_scripted_judge(texts))["redteam"]
    judged = [json.loads(x) for x in (redteam_run / "samples" / "redteam.judge.jsonl").open()]
    assert [j["item_id"] for j in judged] == [r["item_id"] for r in records[:4]]
    # inspect-ai runs samples concurrently: the scripted texts go out in call order.
    assert sorted(j["judge_label"] for j in judged) == sorted(
        ["full_refusal", "full_compliance", "partial_refusal", UNPARSED]
    )
    assert all(j["classifier_label"] == r["label"] for j, r in zip(judged, records, strict=False))
    assert summary["n"] == 4 and summary["n_unparsed"] == 1
    same = sum(j["judge_label"] == j["classifier_label"] for j in judged)
    assert summary["agreement"]["value"] == pytest.approx(same / 3)
    stored = json.loads((redteam_run / "results.json").read_text())
    assert stored["suites"]["redteam"]["extra"]["judge"]["n"] == 4
    # Resume: the next two answers only; the four judged ones are not sent again.
    more = _scripted_judge(["LABEL: full_refusal", "LABEL: full_refusal"])
    summary = judge_run(redteam_run, "scripted", judge=more)["redteam"]
    judged = [json.loads(x) for x in (redteam_run / "samples" / "redteam.judge.jsonl").open()]
    assert len(judged) == 6 and len({j["item_id"] for j in judged}) == 6
    assert summary["n"] == 6
    from medeval.gate import load_results

    load_results(redteam_run)  # results.json still valid for the gate


def test_local_model_as_judge(redteam_run: Path, tiny_model: Path, tmp_path: Path) -> None:
    """A real local model judges through medeval's inspect-ai provider (random weights: the
    tiny model never writes a label, so every verdict is honestly 'unparsed')."""
    import shutil

    run = tmp_path / "copy"
    shutil.copytree(redteam_run, run)
    (run / "samples" / "redteam.judge.jsonl").unlink(missing_ok=True)
    from click.testing import CliRunner

    from medeval.cli import cli

    args = [
        "redteam",
        "judge",
        str(run),
        "--judge",
        str(tiny_model),
        "--limit",
        "3",
        "--max-new-tokens",
        "8",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "judge agrees with the classifier" in result.output
    summary = json.loads((run / "results.json").read_text())["suites"]["redteam"]["extra"]["judge"]
    judged = [json.loads(x) for x in (run / "samples" / "redteam.judge.jsonl").open()]
    assert len(judged) == 3 and all(j["judge"] == str(tiny_model) for j in judged)
    assert summary["n"] == 3
    assert summary["n_unparsed"] == sum(j["judge_label"] == UNPARSED for j in judged)


def test_unknown_suite_is_a_usage_error(redteam_run: Path) -> None:
    from medeval.errors import UsageError

    with pytest.raises(UsageError, match="no red-team suite"):
        judge_run(redteam_run, "scripted", suites=["medqa"], judge=_scripted_judge([]))


def test_scorecard_shows_judge_and_guardrails(redteam_run: Path, tmp_path: Path) -> None:
    import shutil

    from medeval.reports import render_scorecard
    from medeval.reports.redteam_view import guardrail_views

    run = tmp_path / "card"
    shutil.copytree(redteam_run, run)
    (run / "samples" / "redteam.judge.jsonl").unlink(missing_ok=True)
    judge_run(run, "scripted", limit=2, judge=_scripted_judge(["<b>x</b> LABEL: full_refusal"] * 2))
    page = render_scorecard(run).read_text()
    assert "LLM judge beside the classifier" in page and "judge: scripted" in page
    assert "Answers by expected behaviour" in page
    results = json.loads((run / "results.json").read_text())["suites"]
    raw = json.loads(json.dumps(results["redteam"]))
    raw["metrics"]["unsafe_compliance_rate"]["value"] = 0.5
    raw["metrics"]["over_refusal_rate"]["value"] = 0.0
    guarded = results["redteam"]
    guarded["metrics"]["unsafe_compliance_rate"]["value"] = 0.25
    guarded["metrics"]["over_refusal_rate"]["value"] = 0.125
    views = guardrail_views({"redteam": guarded, "redteam@raw": raw})
    rows = {row["metric"]: row for row in views[0]["rows"]}
    assert rows["unsafe_compliance_rate"]["delta"] == pytest.approx(-0.25)
    assert rows["unsafe_compliance_rate"]["verdict"] == "buys"
    assert rows["over_refusal_rate"]["verdict"] == "costs"
    assert guardrail_views({"redteam": guarded}) == []
    assert "different classifier versions" not in page
    card = json.loads((run / "results.json").read_text())
    card["suites"]["redteam"]["extra"]["classifier_versions"] = ["1", "2"]
    (run / "results.json").write_text(json.dumps(card))
    assert "different classifier versions (1, 2)" in render_scorecard(run).read_text()


def test_judge_over_an_openai_compatible_endpoint(redteam_run: Path, tiny_model: Path) -> None:
    """The judge through inspect-ai's OpenAI-compatible provider against a real server process
    on loopback (`medeval serve` with the tiny model): requests reach the server and every
    answer gets a verdict record (the random-weight judge writes no label: 'unparsed')."""
    import shutil
    import tempfile

    from served import served_model, stats

    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        shutil.copytree(redteam_run, run)
        (run / "samples" / "redteam.judge.jsonl").unlink(missing_ok=True)
        with served_model(tiny_model, "--served-model-name", "judge") as url:
            spec = f"openai://{url.removeprefix('http://')}/judge"
            summary = judge_run(run, spec, limit=2, max_new_tokens=8)["redteam"]
            assert stats(url)["requests"] >= 2
        judged = [json.loads(x) for x in (run / "samples" / "redteam.judge.jsonl").open()]
        assert len(judged) == 2 and all(j["judge"] == spec for j in judged)
        assert summary["n"] == 2


def build_text_writer(tiny_model: Path, target: Path, spellings: list[str]) -> Path:
    """A real Llama checkpoint (the tiny model's tokenizer and shape, one layer) whose greedy
    answer to any prompt is the first of `spellings` that tokenizes into distinct tokens: a
    bigram chain wired into its weights.

    Attention and MLP write nothing, so the last hidden state is the last token's embedding;
    each token of the text gets its own direction, every other token a shared "start" one, and
    the output head maps each direction to the next token (the last one to end of text). A
    test can then rely on what a model answers, through the real loading and serving code.
    """
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    for text in spellings:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        if len(set(ids)) == len(ids) and tokenizer.decode(ids) == text and "\n" not in text:
            break
    else:
        raise AssertionError(f"no spelling among {spellings} tokenizes into distinct tokens")
    config = LlamaConfig.from_pretrained(tiny_model)
    config.num_hidden_layers = 1
    assert config.hidden_size > len(ids)
    model = LlamaForCausalLM(config).eval()
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.zero_()
        for name, parameter in model.named_parameters():
            if name.endswith("norm.weight"):
                parameter.fill_(1.0)
        embedding = model.model.embed_tokens.weight
        head = model.lm_head.weight
        embedding[:, 0] = 1.0  # start: any token outside the text
        for state, token in enumerate(ids, start=1):
            embedding[token].zero_()
            embedding[token, state] = 1.0
        for state, token in enumerate([*ids, tokenizer.eos_token_id]):
            head[token, state] = 10.0
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target


def label_spellings(label: str) -> list[str]:
    """Ways of writing `label` that the judge's LABEL pattern accepts."""
    words = label.replace("_", " ")
    return [
        f"{head}:{space}{body}"
        for head in ("Label", "LABEL", "label")
        for space in (" ", "")
        for body in (words, words.title(), label)
    ]


REFUSALS = ["Sorry, I can't help with this.", "I cannot help with that.", "I won't help with that."]


def test_text_writers_write_their_text(tiny_model: Path, tmp_path: Path) -> None:
    import re

    from medeval.models.hf import HFModel
    from medeval.redteam.judge import LABEL_PATTERN

    prompts = [[{"role": "user", "content": text}] for text in ("Is this safe?", "x " * 50)]
    judge = build_text_writer(tiny_model, tmp_path / "j", label_spellings("full_compliance"))
    for answer in HFModel(str(judge), dtype="float32").generate(prompts):
        match = re.match(LABEL_PATTERN, answer.text)
        assert match and normalise_label(match.group(1)) == "full_compliance", answer.text
    refuser = build_text_writer(tiny_model, tmp_path / "r", REFUSALS)
    answers = HFModel(str(refuser), dtype="float32").generate(prompts)
    assert {answer.text for answer in answers} <= set(REFUSALS)


def test_a_served_judge_that_disagrees_sends_answers_to_review(
    tiny_model: Path, tmp_path: Path
) -> None:
    """`medeval redteam judge` end to end over the OpenAI-compatible backend against `medeval
    serve` on loopback. The evaluated model refuses everything, so the classifier clears every
    must-refuse answer; the served judge calls every answer full compliance, so each of those
    becomes needs_review in the recomputed results (and counts as unsafe until reviewed)."""
    from click.testing import CliRunner
    from served import served_model, stats

    from medeval import run
    from medeval.cli import cli
    from medeval.models.hf import HFModel

    refuser = build_text_writer(tiny_model, tmp_path / "refuser", REFUSALS)
    out = tmp_path / "run"
    run(
        str(refuser),
        suites=["redteam"],
        out=out,
        limit=6,
        loaded_model=HFModel(str(refuser), dtype="float32", batch_size=4),
        progress=False,
        max_new_tokens=16,
        use_cache=False,
    )
    records = [json.loads(x) for x in (out / "samples" / "redteam.jsonl").open()]
    refuse = [r["item_id"] for r in records if r["metadata"]["expected"] == "REFUSE"]
    before = json.loads((out / "results.json").read_text())["suites"]["redteam"]
    assert refuse and before["extra"]["status_counts"]["cleared"] == len(refuse)
    assert before["metrics"]["unsafe_compliance_rate"]["value"] == 0.0
    judge = build_text_writer(tiny_model, tmp_path / "judge", label_spellings("full_compliance"))
    with served_model(judge, "--served-model-name", "judge") as url:
        spec = f"openai://{url.removeprefix('http://')}/judge"
        args = ["redteam", "judge", str(out), "--judge", spec, "--max-new-tokens", "24"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert stats(url)["requests"] >= len(records)
    judged = [json.loads(x) for x in (out / "samples" / "redteam.judge.jsonl").open()]
    assert len(judged) == len(records)
    assert {j["judge_label"] for j in judged} == {"full_compliance"}
    after = json.loads((out / "results.json").read_text())["suites"]["redteam"]
    counts = after["extra"]["status_counts"]
    assert counts["needs_review"] == len(refuse) and counts["cleared"] == 0
    assert after["metrics"]["needs_review_rate"]["value"] == 1.0
    assert after["metrics"]["unsafe_compliance_rate"]["value"] == 1.0
    assert after["metrics"]["needs_review_rate"]["n"] == len(refuse)
    assert after["extra"]["judge"]["judge"] == spec  # the agreement summary is kept
    assert after["extra"]["second_opinion_judges"] == [spec]
    page = (out / "scorecard.html").read_text()
    assert 'data-key="redteam.needs_review_rate"' in page
