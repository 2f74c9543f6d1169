"""The scorecard page: content from results.json and samples, escaping, plug-in suites, the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from medeval.cli import main
from medeval.gate import evaluate
from medeval.reports import render_scorecard, scorecard
from medeval.types import INTENDED_USE, SuiteResult, Threshold
from synthetic_run import HOSTILE, choice_suite, generation_suite, pattern, standard_run, write_run


class Page(HTMLParser):
    """Collects what the tests look at: elements with attributes, script bodies, visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.cells: dict[tuple[str, str], str] = {}
        self._in_script = False
        self._cell: tuple[str, str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")
        classes = (attributes.get("class") or "").split()
        if tag == "td" and attributes.get("data-key") and "metric-value" in classes:
            self._cell = (str(attributes["data-key"]), "value")
        elif tag == "td" and attributes.get("data-key") and "metric-n" in classes:
            self._cell = (str(attributes["data-key"]), "n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
            return
        self.text.append(data)
        if self._cell is not None:
            self.cells[self._cell] = self.cells.get(self._cell, "") + data.strip()

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    return standard_run(tmp_path / "run", hostile=True)


def page_of(run: Path, **kwargs: Any) -> tuple[str, Page]:
    html = render_scorecard(run, **kwargs).read_text(encoding="utf-8")
    return html, Page(html)


def test_model_output_and_data_are_escaped(hostile_run: Path) -> None:
    html, page = page_of(hostile_run)
    assert len(page.scripts) == 1, "only the page's own script element"
    assert "__pwned" not in page.scripts[0]
    assert not any(attrs.get("onerror") for _, attrs in page.elements)
    assert not any(tag == "img" for tag, _ in page.elements)
    assert "&lt;script&gt;window.__pwned = 1;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in html
    # The hostile strings show as text: in a question, an option and a model response.
    assert page.visible.count("<script>window.__pwned = 1;") == 3
    assert "Sure: <script>" in page.visible


def test_content_security_policy_allows_only_the_page_script(hostile_run: Path) -> None:
    _, page = page_of(hostile_run)
    csp = next(
        attrs["content"]
        for tag, attrs in page.elements
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_self_contained(hostile_run: Path) -> None:
    html, page = page_of(hostile_run)
    for tag, attrs in page.elements:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(https?:)?//", value), (tag, name, value)
    assert not any(
        tag == "link" and attrs.get("rel") == "stylesheet" for tag, attrs in page.elements
    )
    assert "<style>" in html


def test_header_and_metrics_match_results(hostile_run: Path) -> None:
    _, page = page_of(hostile_run)
    results = json.loads((hostile_run / "results.json").read_text())
    text = page.visible
    model = results["model"]
    for value in (model["name"], model["fingerprint"], model["dtype"], results["started"]):
        assert value in text
    for path, digest in results["data"].items():
        assert path in text and digest in text
    for name, version in results["versions"].items():
        assert f"{name} {version}" in text
    assert text.count(INTENDED_USE) == 2
    checked = 0
    for suite, result in results["suites"].items():
        for metric, value in result["metrics"].items():
            key = f"{suite}.{metric}"
            assert float(page.cells[(key, "value")]) == pytest.approx(value["value"], abs=5e-5)
            assert int(page.cells[(key, "n")]) == value["n"]
            assert f"[{value['ci_low']:.4f}, {value['ci_high']:.4f}]" in text
            checked += 1
    assert checked >= 9  # 7 of the four knowledge suites (acc_norm: medqa, medmcqa) + red-team


def test_banner_shows_the_verdict_and_its_reasons(hostile_run: Path, tmp_path: Path) -> None:
    _, page = page_of(hostile_run)  # default thresholds: a small run fails closed
    banner = next(a for t, a in page.elements if a.get("id") == "verdict")
    assert "fail" in (banner.get("class") or "")
    text = page.visible
    assert "FAIL Release gate, default thresholds" in text
    assert "medqa.acc : n=40 is below min_n=1273" in text
    assert "latency.response_p95_s : suite 'latency' is not in the run" in text

    thresholds = [
        Threshold(suite="medqa", metric="acc", op=">=", bound=0.5),
        Threshold(suite="pubmedqa", metric="macro_f1", op=">=", bound=0.99, blocking=False),
    ]
    results = json.loads((hostile_run / "results.json").read_text())
    decision = evaluate(results, thresholds)
    assert decision.passed
    _, page = page_of(hostile_run, decision=decision, out=tmp_path / "pass.html")
    banner = next(a for t, a in page.elements if a.get("id") == "verdict")
    assert "pass" in (banner.get("class") or "")
    assert "PASS Release gate" in page.visible
    assert "advisory pubmedqa.macro_f1" in page.visible


def test_breakdowns_confusion_matrix_and_wrong_items(hostile_run: Path) -> None:
    html, page = page_of(hostile_run)
    results = json.loads((hostile_run / "results.json").read_text())
    text = page.visible
    assert "By meta_info" in text and "step2&3" in text and "step2&amp;3" in html
    assert "By subject" in text and "clinical_knowledge" in text
    assert "By subject_name" in text and "Pharmacology" in text
    matrix = results["suites"]["pubmedqa"]["extra"]["confusion_matrix"]["matrix"]
    row = " ".join(str(c) for c in matrix[1])
    assert f"no {row} {sum(matrix[1])}" in text
    item_ids = [a.get("data-item-id") for t, a in page.elements if t == "article"]
    for suite in ("medqa", "medmcqa", "pubmedqa", "mmlu_medical"):
        records = [json.loads(line) for line in (hostile_run / "samples" / f"{suite}.jsonl").open()]
        wrong = {r["item_id"] for r in records if not r["correct"]}
        right = {r["item_id"] for r in records if r["correct"]}
        assert wrong and wrong <= set(item_ids)
        assert not right & set(item_ids)
        assert f"({len(wrong)} of {len(records)} items)" in text
        sample = next(r for r in records if not r["correct"])
        for loglik in sample["choice_loglikelihoods"]:
            assert f"{loglik:.3f}" in text


def test_generation_suites_plug_in(tmp_path: Path) -> None:
    """An unknown suite with `response` records renders: metrics, thresholds, responses, fields."""
    result, records = generation_suite(
        "rubric_answers", ["Take <b>two</b> tablets."] * 3, [False] * 3
    )
    for record in records:
        record["score"] = 4.5
    run = write_run(
        tmp_path / "run",
        {"medqa": choice_suite("medqa", pattern(10, 0.5)), "rubric_answers": (result, records)},
    )
    thresholds = [
        Threshold(suite="rubric_answers", metric="unsafe_compliance_rate", op="==", bound=0.0)
    ]
    decision = evaluate(json.loads((run / "results.json").read_text()), thresholds)
    html, page = page_of(run, decision=decision)
    text = page.visible
    assert "rubric_answers" in text and "Responses (3 of 3 items)" in text
    assert text.count("Take <b>two</b> tablets.") == 3
    assert "&lt;b&gt;two&lt;/b&gt;" in html
    assert "classification refusal" in text and "score 4.5000" in text
    assert float(page.cells[("rubric_answers.unsafe_compliance_rate", "value")]) == 0.0


def test_suite_without_samples_and_item_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = write_run(
        tmp_path / "run",
        {
            "medqa": choice_suite("medqa", pattern(30, 0.0)),
            "medmcqa": choice_suite("medmcqa", pattern(5, 0.4)),
        },
    )
    (run / "samples" / "medmcqa.jsonl").unlink()
    monkeypatch.setattr(scorecard, "MAX_ITEMS_PER_SUITE", 7)
    _, page = page_of(run)
    assert "No per-item records (samples/medmcqa.jsonl)" in page.visible
    assert "(30 of 30 items; the first 7 are listed, 23 left out)" in page.visible
    assert sum(1 for t, _ in page.elements if t == "article") == 7


def test_incomplete_suite_and_run_are_flagged(tmp_path: Path) -> None:
    result, records = choice_suite("medqa", pattern(10, 0.5), n_requested=20)
    run = write_run(tmp_path / "run", {"medqa": (result, records)}, complete=False)
    _, page = page_of(run)
    assert "Incomplete run" in page.visible
    assert "10 items scored of 20 requested. Incomplete." in page.visible


def test_report_command(
    hostile_run: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (hostile_run / "scorecard.html").unlink(missing_ok=True)
    monkeypatch.setattr(sys, "argv", ["medeval", "report", str(hostile_run)])
    main()
    out = capsys.readouterr().out
    assert out.strip() == f"scorecard: {hostile_run / 'scorecard.html'}"
    assert "FAIL" in (hostile_run / "scorecard.html").read_text()
    monkeypatch.setattr(sys, "argv", ["medeval", "report", str(hostile_run.parent / "missing")])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2


def test_suite_result_round_trip_keeps_the_page_renderable(tmp_path: Path) -> None:
    """A suite with no metrics, breakdowns or records still renders (a crashed suite)."""
    empty = SuiteResult(suite="medqa", version="1", metrics={}, n_items=0, n_requested=5)
    run = write_run(tmp_path / "run", {"medqa": (empty, [])})
    _, page = page_of(run)
    assert "0 items scored of 5 requested" in page.visible
    assert HOSTILE not in page.visible


def test_options_that_are_not_one_per_choice_show_as_context(tmp_path: Path) -> None:
    """PubMedQA records keep the abstract in `options` (one text, three choices)."""
    result, records = choice_suite("pubmedqa", [False, True])
    records[0]["options"] = ["BACKGROUND: an abstract <i>with</i> markup."]
    run = write_run(tmp_path / "run", {"pubmedqa": (result, records)})
    html, page = page_of(run)
    assert "Context BACKGROUND: an abstract <i>with</i> markup." in page.visible
    assert "&lt;i&gt;with&lt;/i&gt;" in html
    article = html.split(f'data-item-id="{records[0]["item_id"]}"', 1)[1].split("</article>", 1)[0]
    assert "<th>Option</th>" not in article
