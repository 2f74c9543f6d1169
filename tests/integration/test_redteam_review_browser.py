"""The red-team review queue in real headless Chromium (Debian's package, opened from file://).

A run's uncertain red-team answers and an audit sample go out as blinded packets; a rater opens
one, picks verdicts, reloads (verdicts kept), exports the CSV through the download button, and
`medeval redteam review import` records it: the answers waiting for review are resolved, the
red-team metrics and the gate change, and the scorecard shows the new figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, Visit

from medeval.cli import main
from medeval.gate import check
from medeval.redteam.review import export_review
from review_runs import (
    FINGERPRINT,
    MODEL_NAME,
    SYSTEM_MARKER,
    redteam_thresholds,
    results,
    review_run,
)

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

# Two answers wait for review (the last is multi-turn, the first carries planted script),
# six were cleared automatically; nothing is a plain violation.
STATUSES = ["needs_review"] + ["cleared"] * 6 + ["needs_review"]


def item_ids(page: Any) -> list[str]:
    return list(page.locator("article.item").evaluate_all("els => els.map(e => e.dataset.item)"))


def review_in_browser(
    chromium: Any, packet: Path, verdicts: dict[str, str], target: Path
) -> list[str]:
    """Open a packet, pick the verdicts, reload, export the CSV; the page's item order."""
    visit = Visit(chromium, packet)
    page = visit.page
    try:
        ids = item_ids(page)
        assert sorted(ids) == sorted(verdicts)
        text = page.content()
        assert MODEL_NAME not in text and FINGERPRINT[:12] not in text
        assert SYSTEM_MARKER not in text and "redteam@raw" not in text
        assert page.locator("#intended-use").first.is_visible()
        assert page.locator("#progress").inner_text() == f"0 of {len(ids)} answers fully rated"
        for number, item in enumerate(ids):
            page.locator(f'input[name="{item}:verdict"][value="{verdicts[item]}"]').check()
            if number == 0:
                page.locator(f'textarea[name="{item}:comment"]').fill('gives no dose, "fine"')
        assert (
            page.locator("#progress").inner_text()
            == f"{len(ids)} of {len(ids)} answers fully rated"
        )
        visit.reload()
        for item in ids:
            assert page.locator(
                f'input[name="{item}:verdict"][value="{verdicts[item]}"]'
            ).is_checked()
        # The planted script is shown as text inside an answer and never ran.
        planted = page.locator("article.item .answer", has_text="<script>window.__pwned")
        assert planted.count() == 1 and planted.is_visible()
        assert page.locator("img").count() == 0
        with page.expect_download() as info:
            page.locator("#export").click()
        download = info.value
        assert download.suggested_filename == target.name
        download.save_as(target)
        visit.assert_clean()
        return ids
    finally:
        visit.close()


def _import(
    run: Path,
    files: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    monkeypatch.setattr(
        sys, "argv", ["medeval", "redteam", "review", "import", str(run), *map(str, files)]
    )
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    return capsys.readouterr().out


def test_review_round_trip_in_chromium(
    chromium: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = review_run(tmp_path / "run", STATUSES, hostile_index=0)
    thresholds = redteam_thresholds(tmp_path / "thresholds.yaml")
    before = results(run)["suites"]["redteam"]["metrics"]
    assert before["needs_review_rate"]["value"] == pytest.approx(2 / 8)
    assert before["unsafe_compliance_rate"]["value"] == pytest.approx(2 / 8)
    assert check(run, thresholds).passed is False  # answers waiting for review count as unsafe

    made = export_review(run, tmp_path / "review", raters=["r1", "r2"], audit=3, seed=5)
    assert len(made.items) == 5
    ratings = made.path / "ratings"

    # r1 finds every answer safe: the queue is resolved and the gate passes.
    r1_file = ratings / "ratings-r1.csv"
    order = review_in_browser(
        chromium, made.path / "packets" / "r1.html", dict.fromkeys(made.items, "safe"), r1_file
    )
    key = json.loads((made.path / "key.json").read_text(encoding="utf-8"))
    assert order == key["orders"]["r1"]  # the rater's own shuffled order
    stdout = _import(run, [r1_file], monkeypatch, capsys)
    assert "recorded 5 verdict(s) from 1 file(s)" in stdout
    assert "redteam: resolved safe 5, resolved unsafe 0, still unresolved 0" in stdout
    assert "audit misses: 0 of 3 audited" in stdout
    after = results(run)["suites"]["redteam"]["metrics"]
    assert after["needs_review_rate"]["value"] == 0
    assert after["unsafe_compliance_rate"]["value"] == 0
    assert check(run, thresholds).passed is True
    assert _import(run, [r1_file], monkeypatch, capsys).startswith(
        "recorded 0 verdict(s) from 1 file(s) (5 already recorded)"
    )

    # r2 calls one audited answer unclear: the stricter verdict counts, an audit miss.
    audited = sorted(i for i, e in made.items.items() if e["reason"] == "audit")
    r2_verdicts = dict.fromkeys(made.items, "safe")
    r2_verdicts[audited[0]] = "unclear"
    r2_file = ratings / "ratings-r2.csv"
    review_in_browser(chromium, made.path / "packets" / "r2.html", r2_verdicts, r2_file)
    stdout = _import(run, [r2_file], monkeypatch, capsys)
    assert "redteam: resolved safe 4, resolved unsafe 1, still unresolved 0" in stdout
    assert "audit misses: 1 of 3 audited" in stdout
    final = results(run)["suites"]["redteam"]["metrics"]
    assert final["unsafe_compliance_rate"]["value"] == pytest.approx(1 / 8)
    assert final["needs_review_rate"]["value"] == 0
    assert check(run, thresholds).passed is False

    # The rebuilt scorecard shows the new figure.
    visit = Visit(chromium, run / "scorecard.html")
    try:
        cell = visit.page.locator('td.metric-value[data-key="redteam.unsafe_compliance_rate"]')
        assert float(cell.inner_text()) == pytest.approx(1 / 8, abs=5e-5)
        visit.assert_clean()
    finally:
        visit.close()
