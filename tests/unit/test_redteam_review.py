"""`medeval redteam review export / import`: which answers go into the packets, the seeded audit
sample, blinding, validation of returned files (file, line, field; exit 2; nothing recorded),
idempotent import, and the verdicts' effect on results.json (through medeval.redteam.verdicts)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from cli_runs import medeval_main
from medeval.gate import check
from medeval.redteam.review import COLUMNS, export_review, import_review
from medeval.redteam.verdicts import REVIEWS_PATH
from medeval.rubrics.ratings import RatingsError
from review_runs import (
    FINGERPRINT,
    MODEL_NAME,
    SYSTEM_MARKER,
    redteam_thresholds,
    results,
    review_run,
)
from synthetic_run import HOSTILE

# redteam: 3 waiting for review (the last a multi-turn one), 12 cleared, 1 violation
STATUSES = ["needs_review", "cleared", "needs_review"] + ["cleared"] * 11 + ["violation"]
STATUSES += ["needs_review"]
RAW = ["needs_review"] + ["cleared"] * 5


def _cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    return medeval_main(args, monkeypatch, capsys)


def returned(
    path: Path, review_id: str, rater: str, verdicts: Mapping[str, str], comment: str = ""
) -> Path:
    """A ratings file as a packet's Export button writes it."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item, verdict in verdicts.items():
            writer.writerow([review_id, rater, item, verdict, comment])
    return path


def key_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "key.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def run(tmp_path: Path) -> Path:
    return review_run(tmp_path / "run", STATUSES, raw_statuses=RAW, hostile_index=0)


# ---------------------------------------------------------------- export


def test_export_holds_every_waiting_answer_and_an_audit_sample(run: Path, tmp_path: Path) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1", "r2"], audit=4, seed=7)
    items = made.items
    reasons = [(e["suite"], e["reason"]) for e in items.values()]
    assert reasons.count(("redteam", "needs_review")) == 3
    assert reasons.count(("redteam@raw", "needs_review")) == 1
    assert sum(1 for _, reason in reasons if reason == "audit") == 4
    assert (made.n_needs_review, made.n_audit, made.n_cleared) == (4, 4, 12 + 5)
    # The violation is never in a packet (it already counts as unsafe), nor a COMPLY answer.
    samples = [json.loads(x) for x in (run / "samples" / "redteam.jsonl").read_text().splitlines()]
    violating = {r["item_id"] for r in samples if r.get("refusal_status") == "violation"}
    assert violating and not violating & {e["item_id"] for e in items.values()}
    comply = {r["item_id"] for r in samples if r["metadata"]["expected"] == "COMPLY"}
    assert not comply & {e["item_id"] for e in items.values()}
    # Opaque ids in a shuffled order: the first ids are not all the waiting answers.
    ordered = [items[i]["reason"] for i in sorted(items)]
    assert ordered != sorted(ordered) and ordered != sorted(ordered, reverse=True)
    key = key_of(made.path)
    assert key["orders"]["r1"] != key["orders"]["r2"]
    assert sorted(key["orders"]["r1"]) == sorted(items)
    assert (run / "reviews" / "redteam-packets" / f"{made.review_id}.json").is_file()
    for rater in ("r1", "r2"):
        html = (made.path / "packets" / f"{rater}.html").read_text(encoding="utf-8")
        assert all(f'data-item="{item}"' in html for item in items)
        assert html.count('<article class="card item"') == len(items)
        for choice in ("safe", "unsafe", "unclear"):
            assert html.count(f'value="{choice}"') == len(items)


def test_audit_defaults_to_fifty_and_takes_all_when_fewer(run: Path, tmp_path: Path) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1"])
    assert made.n_audit == made.n_cleared == 17
    none = export_review(run, tmp_path / "no-audit", raters=["r1"], audit=0)
    assert none.n_audit == 0 and {e["reason"] for e in none.items.values()} == {"needs_review"}


def test_audit_sample_is_reproducible_with_its_seed(run: Path, tmp_path: Path) -> None:
    def sample(out: str, seed: int) -> tuple[dict[str, tuple[str, str, str]], dict[str, Any]]:
        made = export_review(run, tmp_path / out, raters=["r1", "r2"], audit=5, seed=seed)
        mapping = {i: (e["suite"], e["item_id"], e["reason"]) for i, e in made.items.items()}
        return mapping, key_of(made.path)["orders"]

    first, orders = sample("a", 11)
    again, orders_again = sample("b", 11)
    assert first == again and orders == orders_again
    audited = {v for v in first.values() if v[2] == "audit"}
    others = [
        {v for v in sample(f"c{seed}", seed)[0].values() if v[2] == "audit"} for seed in (1, 2, 3)
    ]
    assert any(o != audited for o in others)


def test_packets_are_blind_and_escaped(run: Path, tmp_path: Path) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1"], audit=50)
    html = (made.path / "packets" / "r1.html").read_text(encoding="utf-8")
    public = (made.path / "review.json").read_text(encoding="utf-8")
    for secret in (MODEL_NAME, FINGERPRINT, FINGERPRINT[:12], str(run), "redteam@raw"):
        assert secret not in html and secret not in public
    for hint in ("needs_review", "audit", "refusal_status", "full_refusal", "cleared"):
        assert hint not in html
    assert all(e["item_id"] not in html for e in made.items.values())  # prompt ids are hidden
    assert SYSTEM_MARKER not in html  # the system prompt would reveal the configuration
    assert "An earlier reply." in html and "Earlier question before this one" in html
    assert HOSTILE not in html and "&lt;script&gt;window.__pwned" in html
    assert "Research and education only." in html
    assert "script-src &#39;sha256-" in html and "default-src &#39;none&#39;" in html
    assert MODEL_NAME in json.dumps(key_of(made.path))  # the organiser's key knows


def test_export_refuses_to_overwrite_and_needs_something_to_review(
    run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review"
    args = ["redteam", "review", "export", str(run), "--out", str(out), "--raters", "r1,r2"]
    code, stdout, stderr = _cli([*args, "--audit", "3"], monkeypatch, capsys)
    assert code == 0, stderr
    assert "7 answers (4 waiting for review, 3 of 17 auto-cleared audited)" in stdout
    assert "packet for r2" in stdout and "medeval redteam review import" in stdout
    code, _, stderr = _cli(args, monkeypatch, capsys)
    assert code == 2 and "--force" in stderr
    code, _, stderr = _cli([*args[:-1], "r1,r1"], monkeypatch, capsys)
    assert code == 2 and "twice" in stderr
    clean = review_run(tmp_path / "clean", ["violation", "violation"])
    code, _, stderr = _cli(
        ["redteam", "review", "export", str(clean), "--out", str(tmp_path / "x"), "--raters", "r1"],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "nothing to review" in stderr


# ---------------------------------------------------------------- import


def test_import_validation_names_file_line_and_field(
    run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1", "r2"], audit=2)
    items = sorted(made.items)
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow([made.review_id, "r1", items[0], "safe", ""])  # line 2: fine
        writer.writerow([made.review_id, "r1", "v999", "safe", ""])  # 3: unknown item
        writer.writerow([made.review_id, "r1", items[1], "maybe", ""])  # 4: bad verdict
        writer.writerow([made.review_id, "", items[2], "unsafe", ""])  # 5: missing rater
        writer.writerow([made.review_id, "r9", items[2], "unsafe", ""])  # 6: unknown rater
        writer.writerow(["0123456789abcdef", "r1", items[2], "safe", ""])  # 7: other review
        writer.writerow([made.review_id, "r1", items[0], "unsafe", ""])  # 8: rated twice
    bad_header = tmp_path / "header.csv"
    bad_header.write_text("panel,rater,item,score\n", encoding="utf-8")
    before = results(run)
    code, stdout, stderr = _cli(
        ["redteam", "review", "import", str(run), str(path), str(bad_header)], monkeypatch, capsys
    )
    assert code == 2
    for line, field in (
        (3, "item"),
        (4, "verdict"),
        (5, "rater"),
        (6, "rater"),
        (7, "panel"),
        (8, "item"),
    ):
        assert f"{path}, line {line}, field '{field}'" in stderr, (line, field, stderr)
    assert f"{path}, line 2," not in stderr
    assert "missing rater" in stderr and "'maybe' is not a verdict" in stderr
    assert f"{bad_header}, line 1, field 'verdict': missing column" in stderr
    assert f"{bad_header}, line 1, field 'score': unknown column" in stderr
    assert "nothing was imported" in stderr and "Traceback" not in stderr
    assert not (run / REVIEWS_PATH).exists()
    assert results(run) == before


def test_import_rejects_an_answer_changed_since_export(run: Path, tmp_path: Path) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1"], audit=0)
    item, entry = next(iter(made.items.items()))
    suite_file = run / "samples" / f"{entry['suite']}.jsonl"
    lines = suite_file.read_text(encoding="utf-8").splitlines()
    records = [json.loads(x) for x in lines]
    for record in records:
        if record["item_id"] == entry["item_id"]:
            record["response"] = "A different answer, from a re-run."
    suite_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    path = returned(tmp_path / "r1.csv", made.review_id, "r1", {item: "safe"})
    with pytest.raises(RatingsError) as error:
        import_review(run, [path])
    assert "line 2, field 'item'" in str(error.value) and "export new packets" in str(error.value)


def test_import_records_verdicts_once_and_resolves_the_queue(
    run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1", "r2"], audit=3, seed=3)
    waiting = sorted(i for i, e in made.items.items() if e["reason"] == "needs_review")
    audit = sorted(i for i, e in made.items.items() if e["reason"] == "audit")
    before = results(run)["suites"]["redteam"]["metrics"]
    assert before["needs_review_rate"]["value"] > 0
    assert before["unsafe_compliance_rate"]["value"] > 0

    # r1: everything safe except one audited answer; r2: one waiting answer unclear.
    r1 = {i: "safe" for i in made.items}
    r1[audit[0]] = "unsafe"
    r2 = {i: "safe" for i in made.items}
    r2[waiting[0]] = "unclear"
    files = [
        returned(tmp_path / "ratings-r1.csv", made.review_id, "r1", r1, comment='a "quoted", note'),
        returned(tmp_path / "ratings-r2.csv", made.review_id, "r2", r2),
    ]
    code, stdout, stderr = _cli(
        ["redteam", "review", "import", str(run), *map(str, files)], monkeypatch, capsys
    )
    assert code == 0, stderr
    assert f"recorded {2 * len(made.items)} verdict(s) from 2 file(s) (0 already recorded)" in (
        stdout
    )
    assert "audit misses: 1 of 3 audited" in stdout
    assert "scorecard:" in stdout and (run / "scorecard.html").is_file()
    lines = (run / REVIEWS_PATH).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * len(made.items)
    first = json.loads(lines[0])
    assert set(first) >= {"item_id", "suite", "rater", "verdict", "time", "reason"}
    assert first["comment"] == 'a "quoted", note' and first["packet"] == made.review_id

    # The stricter verdict counts: the unclear answer and the unsafe audit are unsafe.
    by_item = {(e["suite"], e["item_id"]): i for i, e in made.items.items()}
    samples = {
        s: [json.loads(x) for x in (run / "samples" / f"{s}.jsonl").read_text().splitlines()]
        for s in ("redteam", "redteam@raw")
    }
    expected_unsafe = {"redteam": 0, "redteam@raw": 0}
    expected_waiting = {"redteam": 0, "redteam@raw": 0}
    refuse = {"redteam": 0, "redteam@raw": 0}
    for suite, records in samples.items():
        for record in records:
            if record["metadata"]["expected"] != "REFUSE":
                continue
            refuse[suite] += 1
            item = by_item.get((suite, record["item_id"]))
            status = record["refusal_status"]
            if item in (waiting[0], audit[0]) or status == "violation":
                expected_unsafe[suite] += 1
            elif item is None and status == "needs_review":
                expected_waiting[suite] += 1  # not in this packet: still waiting
    after = results(run)["suites"]
    for suite in ("redteam", "redteam@raw"):
        metrics = after[suite]["metrics"]
        assert metrics["needs_review_rate"]["value"] == pytest.approx(
            expected_waiting[suite] / refuse[suite]
        )
        assert metrics["unsafe_compliance_rate"]["value"] == pytest.approx(
            (expected_unsafe[suite] + expected_waiting[suite]) / refuse[suite]
        )
    assert after["redteam"]["metrics"]["needs_review_rate"]["value"] == 0

    # Importing the same files again records nothing new and changes nothing.
    snapshot = results(run)
    code, stdout, _ = _cli(
        ["redteam", "review", "import", str(run), *map(str, files)], monkeypatch, capsys
    )
    assert code == 0
    assert f"recorded 0 verdict(s) from 2 file(s) ({2 * len(made.items)} already recorded)" in (
        stdout
    )
    assert (run / REVIEWS_PATH).read_text(encoding="utf-8").splitlines() == lines
    assert results(run)["suites"] == snapshot["suites"]


def test_a_revised_verdict_counts_and_an_old_file_cannot_undo_it(run: Path, tmp_path: Path) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1"], audit=0)
    first = returned(tmp_path / "a.csv", made.review_id, "r1", dict.fromkeys(made.items, "safe"))
    import_review(run, [first])
    thresholds = redteam_thresholds(tmp_path / "thresholds.yaml")
    assert check(run, thresholds).passed is False  # the violation still counts
    item = sorted(made.items)[0]
    revised = returned(tmp_path / "b.csv", made.review_id, "r1", {item: "unsafe"})
    summary, _ = import_review(run, [revised])
    assert summary.added == 1
    summary, _ = import_review(run, [first])  # the old file again: nothing new
    assert summary.added == 0 and summary.already_recorded == len(made.items)
    suite = made.items[item]["suite"]
    assert summary.statuses[suite]["resolved_unsafe"] == 1


def test_blank_verdicts_are_not_recorded_and_are_reported(run: Path, tmp_path: Path) -> None:
    made = export_review(run, tmp_path / "review", raters=["r1", "r2"], audit=0)
    items = sorted(made.items)
    path = returned(
        tmp_path / "r1.csv", made.review_id, "r1", {items[0]: "SAFE", items[1]: "", items[2]: ""}
    )
    summary, _ = import_review(run, [path])
    assert summary.added == 1
    assert summary.unrated == {
        f"{made.review_id}/r1": len(items) - 1,
        f"{made.review_id}/r2": len(items),
    }
    line = json.loads((run / REVIEWS_PATH).read_text(encoding="utf-8"))
    assert line["verdict"] == "safe" and line["reason"] == "needs_review"


def test_gate_fails_while_answers_wait_and_passes_once_resolved_safe(tmp_path: Path) -> None:
    run = review_run(tmp_path / "run", ["needs_review", "cleared", "cleared", "needs_review"])
    thresholds = redteam_thresholds(tmp_path / "thresholds.yaml")
    assert check(run, thresholds).passed is False
    made = export_review(run, tmp_path / "review", raters=["r1", "r2"], audit=1)
    for rater in ("r1", "r2"):
        path = returned(
            tmp_path / f"{rater}.csv", made.review_id, rater, dict.fromkeys(made.items, "safe")
        )
        import_review(run, [path])
    assert check(run, thresholds).passed is True
    metrics = results(run)["suites"]["redteam"]["metrics"]
    assert metrics["unsafe_compliance_rate"]["value"] == 0
    assert metrics["needs_review_rate"]["value"] == 0
