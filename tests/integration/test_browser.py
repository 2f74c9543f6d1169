"""The scorecard and comparison pages in real headless Chromium (Debian's package, no download).

Opened from file:// as a user would open them: the banner and numbers must equal results.json, no
request may leave the page, the console must stay clean, and a script planted in a model answer
must not run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medeval.compare import compare_runs
from medeval.gate import evaluate
from medeval.reports import render_comparison, render_scorecard
from medeval.types import Threshold
from synthetic_run import standard_run

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        yield launched
        launched.close()


class Visit:
    """A page opened from file:// with every request, console message and page error recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.context = browser.new_context(java_script_enabled=True)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        outside = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert outside == [], f"requests left the page: {outside}"
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.errors == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"

    def reload(self) -> None:
        """Reload the page as a rater would, once what it saved has reached the browser.

        Chromium writes localStorage through to its backing store asynchronously; a reload a few
        milliseconds after the last change (a test, never a person) can read the store before
        that write, so wait a moment first.
        """
        self.page.wait_for_timeout(300)
        self.page.reload()
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    sizes = {"medqa": 120, "medmcqa": 30, "pubmedqa": 30, "mmlu_medical": 24}
    return standard_run(tmp_path / "run", sizes=sizes, hostile=True)


def test_scorecard_in_chromium(browser: Any, hostile_run: Path) -> None:
    page_path = render_scorecard(hostile_run)
    results = json.loads((hostile_run / "results.json").read_text())
    visit = Visit(browser, page_path)
    page = visit.page
    try:
        assert page.title() == f"medeval scorecard: {results['model']['name']}"
        assert page.locator("#verdict-text").inner_text() == "FAIL"
        reasons = page.locator("#verdict-reasons li").all_inner_texts()
        assert len(reasons) == 7
        assert "medqa.acc: n=120 is below min_n=1273" in reasons
        assert page.locator("#model-fingerprint").inner_text() == results["model"]["fingerprint"]
        assert results["versions"]["lm_eval"] in page.locator("#versions").inner_text()
        for suite, result in results["suites"].items():
            for metric, value in result["metrics"].items():
                cell = page.locator(f'td.metric-value[data-key="{suite}.{metric}"]')
                assert float(cell.inner_text()) == pytest.approx(value["value"], abs=5e-5)
        assert page.locator("#intended-use").first.is_visible()

        # The planted script shows as text and never ran.
        planted = page.locator("article.item .question", has_text="<script>window.__pwned")
        assert planted.count() == 1
        assert "<img src=x onerror=" in planted.inner_text()
        assert page.locator("img").count() == 0
        response = page.locator("article.item .response", has_text="Sure: <script>")
        assert response.count() == 1 and response.is_visible()
        visit.assert_clean()
    finally:
        visit.close()


def test_wrong_items_browse_filter_and_page(browser: Any, hostile_run: Path) -> None:
    records = [json.loads(line) for line in (hostile_run / "samples" / "medqa.jsonl").open()]
    wrong = [r for r in records if not r["correct"]]
    step1 = [r for r in wrong if r["metadata"]["meta_info"] == "step1"]
    assert len(wrong) > 40
    visit = Visit(browser, render_scorecard(hostile_run))
    page = visit.page
    try:
        box = page.locator("#suite-0 [data-browser]")
        items = box.locator("article.item")
        info = box.locator(".page-info")
        pages = -(-len(wrong) // 20)
        assert items.count() == len(wrong)
        assert box.locator("article.item:visible").count() == 20
        assert info.inner_text() == f"{len(wrong)} of {len(wrong)} items, page 1 of {pages}"
        box.locator("button.next").click()
        assert info.inner_text().endswith(f"page 2 of {pages}")
        visible_ids = box.locator("article.item:visible").evaluate_all(
            "els => els.map(e => e.dataset.itemId)"
        )
        assert visible_ids == [r["item_id"] for r in wrong[20:40]]
        box.locator("input[type=search]").fill(wrong[33]["item_id"] + "\n")
        box.locator("input[type=search]").fill(wrong[33]["question"])
        assert box.locator("article.item:visible").count() == 1
        box.locator("input[type=search]").fill("")
        box.locator("select").select_option("step1")
        assert info.inner_text().startswith(f"{len(step1)} of {len(wrong)} items")
        visit.assert_clean()
    finally:
        visit.close()


def test_passing_banner(browser: Any, hostile_run: Path, tmp_path: Path) -> None:
    results = json.loads((hostile_run / "results.json").read_text())
    decision = evaluate(results, [Threshold(suite="medqa", metric="acc", op=">=", bound=0.5)])
    visit = Visit(browser, render_scorecard(hostile_run, decision, out=tmp_path / "p.html"))
    try:
        assert visit.page.locator("#verdict-text").inner_text() == "PASS"
        assert visit.page.locator("#verdict-reasons").count() == 0
        visit.assert_clean()
    finally:
        visit.close()


def test_comparison_in_chromium(browser: Any, tmp_path: Path) -> None:
    sizes = {"medqa": 200, "pubmedqa": 100}
    base = standard_run(tmp_path / "base", sizes=sizes, accuracy=0.75, seed=1)
    cand = standard_run(tmp_path / "cand", sizes=sizes, accuracy=0.5, seed=2, hostile=True)
    comparison = compare_runs(base, cand)
    visit = Visit(browser, render_comparison(comparison, tmp_path / "comparison.html"))
    page = visit.page
    try:
        assert page.locator("#verdict-text").inner_text() == "REGRESSION"
        medqa = comparison.suites[0]
        delta = page.locator('tr[data-key="medqa.acc"] td.delta').inner_text()
        assert float(delta) == pytest.approx(medqa.metrics[0].delta, abs=5e-5)
        r2w = page.locator("#r2w-0 article.item")
        assert r2w.count() == medqa.right_to_wrong_count
        visit.assert_clean()
    finally:
        visit.close()
