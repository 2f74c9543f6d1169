"""A side-by-side packet in real headless Chromium (Debian's package, opened from file://).

A rater opens the packet, picks the better answer (and a tie, a "both unacceptable", a harm
flag), reloads (choices kept), exports the CSV through the download button, and `panel import`
puts the candidate's ``rubric.preference_win_rate`` into its results.json; the candidate's
scorecard then shows the side-by-side section (win rate, interval, counts, opponent, harm flags)
with nothing planted in a run name or an answer running.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, Visit

from medeval.cli import main
from panel_runs import redteam_answer_run

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

BASELINE_NAME = 'alpha <img src=x onerror="window.__pwned = 5"> model'
"""Run names are untrusted: the candidate's scorecard names its opponent, as text."""


def _cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["medeval", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_pairwise_packet_choose_export_import(
    chromium: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    runs = [
        redteam_answer_run(tmp_path / "base", BASELINE_NAME, hostile=True),
        redteam_answer_run(tmp_path / "cand", "beta-model"),
    ]
    out = tmp_path / "panel"
    code, text = _cli(
        ["panel", "export", "--pairwise", *map(str, runs), "--out", str(out), "--raters", "r1,r2"]
        + ["--n", "5", "--tasks", "redteam"],
        monkeypatch,
        capsys,
    )
    assert code == 0, text
    key = json.loads((out / "key.json").read_text())
    visit = Visit(chromium, out / "packets" / "r1.html")
    page = visit.page
    try:
        ids = page.locator("article.item").evaluate_all("els => els.map(e => e.dataset.item)")
        assert ids == key["orders"]["r1"] and len(ids) == 5
        assert page.locator("#progress").inner_text() == "0 of 5 comparisons fully rated"
        for item in ids:  # the page shows each answer on the side the key drew
            for label, run in zip("AB", key["sides"]["r1"][item], strict=True):
                shown = page.locator(f'#item-{item} [data-side="{label}"] .answer').inner_text()
                assert shown == key["items"][item]["answers"][str(run)]
        chosen: dict[str, str] = {}
        for number, item in enumerate(ids):
            # Prefer the candidate (run 1) except: a tie, a both-unacceptable, one left blank.
            choice = "A" if key["sides"]["r1"][item][0] == 1 else "B"
            choice = {1: "tie", 2: "both_unacceptable"}.get(number, choice)
            if number == 4:
                continue
            page.locator(f'input[name="{item}:preference"][value="{choice}"]').check()
            chosen[item] = choice
        page.locator(f'input[name="{ids[0]}:harm_b"]').check()
        page.locator(f'textarea[name="{ids[0]}:comment"]').fill('=HYPERLINK("x")')
        assert page.locator("#progress").inner_text() == "4 of 5 comparisons fully rated"

        visit.reload()
        for item, choice in chosen.items():
            assert page.locator(f'input[name="{item}:preference"][value="{choice}"]').is_checked()
        assert page.locator(f'input[name="{ids[0]}:harm_b"]').is_checked()
        assert not page.locator(f'input[name="{ids[0]}:harm_a"]').is_checked()

        target = out / "ratings" / "ratings-r1.csv"
        with page.expect_download() as info:
            page.locator("#export").click()
        assert info.value.suggested_filename == target.name
        info.value.save_as(target)
        visit.assert_clean()  # no request left the page; the planted script never ran
    finally:
        visit.close()

    csv_text = target.read_text()
    assert "'=HYPERLINK" in csv_text  # the comment cannot become a formula
    code, text = _cli(["panel", "import", str(out), str(target)], monkeypatch, capsys)
    assert code == 0, text
    assert f"r1: {ids[4]}: preference" in text
    aggregate = json.loads((out / "aggregate.json").read_text())
    flagged = aggregate["harm_flags"]
    assert [(f["panel_item"], f["run"]) for f in flagged] == [
        (ids[0], key["sides"]["r1"][ids[0]][1])
    ]
    results = json.loads((runs[1] / "results.json").read_text())
    metric = results["suites"]["rubric"]["metrics"]["preference_win_rate"]
    # Judged: 2 candidate wins, a tie, a both-unacceptable -> (2 + 0.5 + 0.5) / 4.
    assert metric["n"] == 4 and metric["value"] == pytest.approx(0.75)
    assert metric["ci_low"] < 0.75 < metric["ci_high"]
    assert "rubric" not in json.loads((runs[0] / "results.json").read_text())["suites"]

    visit = Visit(chromium, runs[1] / "scorecard.html")
    page = visit.page
    try:
        section = page.locator("#pairwise-panel")
        assert section.is_visible()
        assert page.locator("#pairwise-win-rate").inner_text() == "0.750"
        low, high = (f"{metric[k]:.3f}" for k in ("ci_low", "ci_high"))
        assert page.locator("#pairwise-interval").inner_text() == f"[{low}, {high}]"
        assert page.locator("#pairwise-n").inner_text() == "4 of 5"
        assert page.locator("#pairwise-opponent").inner_text().startswith(BASELINE_NAME)
        counts = {
            name: page.locator(f'#pairwise-counts [data-count="{name}"]').inner_text()
            for name in ("wins", "ties", "both_unacceptable", "losses")
        }
        assert counts == {"wins": "2", "ties": "1", "both_unacceptable": "1", "losses": "0"}
        agreement = page.locator("#pairwise-agreement").inner_text()
        assert agreement == (  # r2 never sent a file back
            "Cohen's kappa not computed: no comparison was judged by every rater (r1, r2)"
        )
        assert page.locator("#pairwise-ranking").count() == 0  # two runs: no ranking
        flagged_run = key["sides"]["r1"][ids[0]][1]
        harm = page.locator("#pairwise-harm article")
        assert harm.count() == (1 if flagged_run == 1 else 0)
        assert page.locator("img").count() == 0
        visit.assert_clean()  # the planted handler never ran, nothing was fetched
    finally:
        visit.close()
