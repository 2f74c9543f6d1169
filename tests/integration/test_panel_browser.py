"""Rating packets in real headless Chromium (Debian's package, opened from file://).

A rater opens the packet, fills ratings, reloads (ratings kept), exports the CSV through the
download button, and the downloaded file is imported. The slow test is the whole panel on the
bundled SmolLM2: `medeval run`, `panel export`, three raters in the browser, `panel import`, the
scorecard's rubric section and the gate's expert thresholds.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, Visit

from medeval.rubrics.aggregate import aggregate_panel, write_to_runs
from medeval.rubrics.packet import export_panel, load_panel
from medeval.rubrics.ratings import read_ratings
from medeval.rubrics.rubric import load_rubric
from panel_runs import redteam_answer_run

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

CRITERIA = ["accuracy", "safety", "clarity", "completeness"]


def fill(page: Any, item: str, values: dict[str, Any]) -> None:
    """Rate one item as a person would: click the radio buttons, type the comment."""
    for field in [*CRITERIA, "helpful"]:
        value = values.get(field)
        if value not in (None, ""):
            page.locator(f'input[name="{item}:{field}"][value="{value}"]').check()
    if values.get("comment"):
        page.locator(f'textarea[name="{item}:comment"]').fill(values["comment"])


def export_download(page: Any, target: Path) -> Path:
    with page.expect_download() as info:
        page.locator("#export").click()
    download = info.value
    assert download.suggested_filename == target.name
    download.save_as(target)
    return target


def item_ids(page: Any) -> list[str]:
    return list(page.locator("article.item").evaluate_all("els => els.map(e => e.dataset.item)"))


def test_packet_fill_reload_export_import(chromium: Any, tmp_path: Path) -> None:
    runs = [
        redteam_answer_run(tmp_path / "a", "alpha-model", hostile=True),
        redteam_answer_run(tmp_path / "b", "beta-model"),
    ]
    panel = export_panel(
        runs,
        tmp_path / "panel",
        rubric=load_rubric(),
        raters=["r1", "r2"],
        n=4,
        tasks=["redteam"],
        progress=False,
    )
    visit = Visit(chromium, panel.path / "packets" / "r1.html")
    page = visit.page
    try:
        ids = item_ids(page)
        assert sorted(ids) == sorted(panel.items) and len(ids) == 8
        assert page.locator("#calibration .ref-score[data-criterion=accuracy]").inner_text() == "1"
        assert page.locator("#progress").inner_text() == "0 of 8 answers fully rated"
        entered: dict[str, dict[str, Any]] = {}
        for number, item in enumerate(ids):
            score = 1 + number % 5
            values: dict[str, Any] = {c: score for c in CRITERIA}
            values["helpful"] = "yes" if score >= 3 else "no"
            values["comment"] = f'note "{number}", with a comma\nand a second line'
            if number == 0:
                values["safety"] = None  # left blank: reported as missing, the rest imported
            fill(page, item, values)
            entered[item] = values
        assert page.locator("#progress").inner_text() == "7 of 8 answers fully rated"

        visit.reload()
        for item, values in entered.items():
            for field in CRITERIA:
                radio = page.locator(f'input[name="{item}:{field}"][value="{values[field]}"]')
                assert radio.is_checked() if values[field] else radio.count() == 0
            assert (
                page.locator(f'textarea[name="{item}:comment"]').input_value() == values["comment"]
            )
        assert page.locator("#progress").inner_text() == "7 of 8 answers fully rated"

        csv_path = export_download(page, tmp_path / "ratings-r1.csv")
        visit.assert_clean()  # no request left the page; the planted script never ran
    finally:
        visit.close()

    imported = read_ratings(load_panel(panel.path), [csv_path])
    assert len(imported.ratings) == 8
    by_item = {r.item: r for r in imported.ratings}
    for item, values in entered.items():
        rating = by_item[item]
        assert rating.comment == values["comment"]
        assert rating.helpful == (values["helpful"] == "yes")
        assert rating.scores["accuracy"] == values["accuracy"]
    assert by_item[ids[0]].scores["safety"] is None
    assert imported.missing["r1"] == [f"{ids[0]}: safety"]
    assert imported.missing["r2"] == ["no ratings file (8 items)"]
    aggregate = aggregate_panel(load_panel(panel.path), imported)
    for run in aggregate["runs"]:
        scores = [entered[item]["accuracy"] for item in run["items"]]
        assert run["metrics"]["accuracy_mean"]["value"] == pytest.approx(sum(scores) / len(scores))

    # The rated run's scorecard shows the rubric suite and its panel section, still clean.
    pages = write_to_runs(load_panel(panel.path), aggregate)
    visit = Visit(chromium, pages[0])
    try:
        page = visit.page
        assert page.locator("#rubric-agreement tr[data-criterion]").count() == 5
        value = aggregate["runs"][0]["metrics"]["accuracy_mean"]["value"]
        cell = page.locator('td.metric-value[data-key="rubric.accuracy_mean"]')
        assert float(cell.inner_text()) == pytest.approx(value, abs=5e-5)
        assert page.locator("#rubric-models tr").count() == 3  # header + two models
        visit.assert_clean()
    finally:
        visit.close()


def rater_values(rater: str, item: str, number: int) -> dict[str, Any]:
    """Three simulated raters who mostly agree: r2 is one point harsher on every third item,
    r3 one point kinder on every fourth, and every rater flags the fifth answer as unsafe."""
    base = 2 + number % 4
    shift = {"r1": 0, "r2": -1 if number % 3 == 0 else 0, "r3": 1 if number % 4 == 0 else 0}[rater]
    score = max(1, min(5, base + shift))
    values: dict[str, Any] = {c: score for c in CRITERIA}
    if number == 4:
        values["safety"] = 1 if rater != "r3" else 2
    values["helpful"] = "yes" if score >= 4 else "no"
    values["comment"] = f"{rater}: checked item {item}"
    return values


@pytest.mark.slow
def test_three_raters_on_smollm2_panel(
    chromium: Any,
    smollm2_cache: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medeval import run
    from medeval.cli import main
    from medeval.gate import check, format_lines
    from medeval.models.hf import HFModel

    monkeypatch.setenv("MEDEVAL_CACHE", str(smollm2_cache))
    run_dir, panel_dir = tmp_path / "run", tmp_path / "panel"
    # One model load for the run and the panel's answers (the Python API's `backends`).
    model = HFModel("smollm2-135m", batch_size=2)  # the two long abstracts share a batch
    run(
        "smollm2-135m",
        suites=["medqa"],
        limit=2,
        data_dir=data_dir,
        out=run_dir,
        loaded_model=model,
        progress=False,
    )
    export_panel(
        [run_dir],
        panel_dir,
        rubric=load_rubric(),
        raters=["r1", "r2", "r3"],
        n=8,
        data_dir=data_dir,
        max_new_tokens=32,
        backends={run_dir: model},
        progress=False,
    )
    key = json.loads((panel_dir / "key.json").read_text())
    assert key["tasks"] == [
        "concept_explanation",
        "patient_education",
        "pubmedqa_summary",
        "redteam",
    ]
    assert key["runs"][0]["generation"]["max_new_tokens"] == 32
    assert key["runs"][0]["generation"]["decoding"] == "greedy"
    answers = [item["answer"] for item in key["items"].values()]
    assert all(a.strip() for a in answers) and len(set(answers)) == len(answers)

    numbers = {item: number for number, item in enumerate(sorted(key["items"]))}
    files = []
    for rater in ("r1", "r2", "r3"):
        visit = Visit(chromium, panel_dir / "packets" / f"{rater}.html")
        try:
            page = visit.page
            assert "smollm2" not in page.content().lower()
            ids = item_ids(page)
            assert ids == key["orders"][rater]
            for item in ids:
                fill(page, item, rater_values(rater, item, numbers[item]))
            assert page.locator("#progress").inner_text() == "8 of 8 answers fully rated"
            visit.reload()
            assert page.locator("#progress").inner_text() == "8 of 8 answers fully rated"
            files.append(export_download(page, panel_dir / "ratings" / f"ratings-{rater}.csv"))
            visit.assert_clean()
        finally:
            visit.close()

    monkeypatch.setattr(
        sys, "argv", ["medeval", "panel", "import", str(panel_dir), *map(str, files)]
    )
    main()
    assert "imported 24 ratings from 3 file(s)" in capsys.readouterr().out
    results = json.loads((run_dir / "results.json").read_text())
    rubric = results["suites"]["rubric"]
    assert set(results["suites"]) == {"medqa", "rubric"}
    expected_accuracy = statistics.mean(
        statistics.median(rater_values(r, i, n)["accuracy"] for r in ("r1", "r2", "r3"))
        for i, n in numbers.items()
    )
    assert rubric["metrics"]["accuracy_mean"]["value"] == pytest.approx(expected_accuracy)
    assert rubric["metrics"]["harmful_count"]["value"] >= 1
    alpha = rubric["extra"]["agreement"]["accuracy"]["krippendorff_alpha_ordinal"]
    assert 0.5 < alpha < 1.0

    decision = check(run_dir)
    assert decision.passed is False
    lines = format_lines(decision)
    for metric in ("accuracy_mean", "helpful_rate", "harmful_count"):
        line = next(x for x in lines if f"rubric.{metric}" in x)
        assert line.startswith("FAIL") and "n=8 is below min_n=100" in line

    visit = Visit(chromium, run_dir / "scorecard.html")
    try:
        page = visit.page
        assert page.locator("#rubric-agreement tr[data-criterion]").count() == 5
        shown = page.locator(
            '#rubric-agreement tr[data-criterion="accuracy"] td.alpha'
        ).inner_text()
        assert float(shown.split()[0]) == pytest.approx(alpha, abs=5e-4)
        assert page.locator("#rubric-flagged article.item").count() == int(
            rubric["metrics"]["harmful_count"]["value"]
        )
        cell = page.locator('td.metric-value[data-key="rubric.accuracy_mean"]')
        assert float(cell.inner_text()) == pytest.approx(expected_accuracy, abs=5e-5)
        status = page.locator('#gate-table tr[data-key="rubric.accuracy_mean"] td.status')
        assert status.inner_text() == "FAIL"
        visit.assert_clean()
    finally:
        visit.close()
