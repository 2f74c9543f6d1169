"""`medeval compare`: pairing by item id, paired statistics, flips, warnings, exit codes, page."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sklearn.metrics import f1_score
from statsmodels.stats.contingency_tables import mcnemar

from medeval.cli import main
from medeval.compare import compare_runs, format_table
from synthetic_run import HOSTILE, PUBMEDQA_LABELS, choice_suite, pattern, write_run


def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["medeval", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def flipped(flags: list[bool], right_to_wrong: int, wrong_to_right: int) -> list[bool]:
    """Copy of `flags` with the first k right items made wrong and the first k wrong made right."""
    out = list(flags)
    rights = [i for i, f in enumerate(flags) if f][:right_to_wrong]
    wrongs = [i for i, f in enumerate(flags) if not f][:wrong_to_right]
    for i in rights:
        out[i] = False
    for i in wrongs:
        out[i] = True
    return out


@pytest.fixture
def base_flags() -> list[bool]:
    return pattern(200, 0.7, seed=3)


def test_regression_is_detected_with_exact_mcnemar(
    tmp_path: Path,
    base_flags: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cand_flags = flipped(base_flags, right_to_wrong=25, wrong_to_right=5)
    base = write_run(
        tmp_path / "base", {"medqa": choice_suite("medqa", base_flags)}, model_name="base"
    )
    cand = write_run(
        tmp_path / "cand", {"medqa": choice_suite("medqa", cand_flags, seed=1)}, model_name="cand"
    )
    comparison = compare_runs(base, cand)
    (suite,) = comparison.suites
    assert suite.n_paired == 200
    assert (suite.right_to_wrong_count, suite.wrong_to_right_count) == (25, 5)
    assert suite.both_right == 140 - 25 and suite.both_wrong == 60 - 5
    (acc,) = suite.metrics
    assert acc.delta == pytest.approx(-20 / 200)
    assert acc.baseline == pytest.approx(0.7) and acc.candidate == pytest.approx(0.6)
    reference = mcnemar([[115, 25], [5, 55]], exact=True).pvalue
    assert acc.p_value == pytest.approx(reference)
    assert acc.p_value < 0.05
    assert acc.significance == "worse"
    assert acc.ci_low < acc.delta < acc.ci_high < 0
    assert comparison.regressed
    assert {item.item_id for item in suite.right_to_wrong} == {
        f"medqa-{i}"
        for i, (b, c) in enumerate(zip(base_flags, cand_flags, strict=True))
        if b and not c
    }

    code, out, _ = cli(monkeypatch, capsys, "compare", str(base), str(cand), "--fail-on-regression")
    assert code == 1
    assert "WORSE *" in out and "medqa" in out
    assert "200 paired items" in out
    code, _, _ = cli(monkeypatch, capsys, "compare", str(base), str(cand))
    assert code == 0, "without --fail-on-regression a regression still exits 0"


def test_small_changes_are_not_significant(
    tmp_path: Path,
    base_flags: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cand_flags = flipped(base_flags, right_to_wrong=6, wrong_to_right=3)
    base = write_run(tmp_path / "base", {"medqa": choice_suite("medqa", base_flags)})
    cand = write_run(tmp_path / "cand", {"medqa": choice_suite("medqa", cand_flags)})
    comparison = compare_runs(base, cand)
    acc = comparison.suites[0].metrics[0]
    assert acc.p_value == pytest.approx(mcnemar([[134, 6], [3, 57]], exact=True).pvalue)
    assert acc.p_value > 0.05 and acc.significance == ""
    assert acc.ci_low < 0 < acc.ci_high or acc.ci_high == 0
    assert not comparison.regressed
    code, _, _ = cli(monkeypatch, capsys, "compare", str(base), str(cand), "--fail-on-regression")
    assert code == 0


def test_improvement_is_marked_better_and_identical_runs_tie(
    tmp_path: Path, base_flags: list[bool]
) -> None:
    better = flipped(base_flags, right_to_wrong=0, wrong_to_right=30)
    base = write_run(tmp_path / "base", {"medqa": choice_suite("medqa", base_flags)})
    cand = write_run(tmp_path / "cand", {"medqa": choice_suite("medqa", better)})
    comparison = compare_runs(base, cand)
    assert comparison.suites[0].metrics[0].significance == "better"
    assert not comparison.regressed
    same = compare_runs(base, base)
    acc = same.suites[0].metrics[0]
    assert (acc.delta, acc.ci_low, acc.ci_high, acc.p_value) == (0.0, 0.0, 0.0, 1.0)


def test_only_shared_items_are_paired(tmp_path: Path) -> None:
    base = write_run(tmp_path / "base", {"medqa": choice_suite("medqa", pattern(50, 0.6))})
    cand = write_run(tmp_path / "cand", {"medqa": choice_suite("medqa", pattern(60, 0.6, seed=9))})
    # Drop five baseline items so some ids exist only in the candidate, and vice versa.
    lines = (base / "samples" / "medqa.jsonl").read_text().splitlines()
    extra = json.loads(lines[0])
    extra["item_id"] = "medqa-only-in-baseline"
    (base / "samples" / "medqa.jsonl").write_text("\n".join([*lines[5:], json.dumps(extra)]) + "\n")
    suite = compare_runs(base, cand).suites[0]
    assert suite.n_paired == 45
    assert suite.only_in_baseline == 1
    assert suite.only_in_candidate == 15
    text = "\n".join(format_table(compare_runs(base, cand)))
    assert "1 only in baseline, 15 only in candidate" in text


def test_warnings_for_different_data_and_keys(tmp_path: Path) -> None:
    flags = pattern(40, 0.5)
    base = write_run(tmp_path / "base", {"medqa": choice_suite("medqa", flags, checksum="aaa")})
    cand = write_run(tmp_path / "cand", {"medqa": choice_suite("medqa", flags, checksum="bbb")})
    path = cand / "samples" / "medqa.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    records[0]["target"] = (records[0]["target"] + 1) % 4
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    comparison = compare_runs(base, cand)
    suite = comparison.suites[0]
    assert suite.checksums_differ
    assert suite.key_mismatches == 1 and suite.n_paired == 39
    assert any("checksums differ" in w for w in comparison.warnings)
    assert any("different answer key" in w for w in comparison.warnings)
    same = compare_runs(base, base)
    assert same.warnings == [] and not same.suites[0].checksums_differ


def test_pubmedqa_macro_f1_delta(tmp_path: Path) -> None:
    base_flags = pattern(150, 0.7, seed=1)
    cand_flags = pattern(150, 0.5, seed=2)
    base = write_run(tmp_path / "base", {"pubmedqa": choice_suite("pubmedqa", base_flags)})
    cand = write_run(tmp_path / "cand", {"pubmedqa": choice_suite("pubmedqa", cand_flags, seed=4)})
    suite = compare_runs(base, cand).suites[0]
    assert [m.metric for m in suite.metrics] == ["acc", "macro_f1"]

    def f1(run: Path) -> float:
        rows = [
            json.loads(line)
            for line in (run / "samples" / "pubmedqa.jsonl").read_text().splitlines()
        ]
        gold = [PUBMEDQA_LABELS[r["target"]] for r in rows]
        pred = [PUBMEDQA_LABELS[r["prediction"]] for r in rows]
        return float(f1_score(gold, pred, average="macro"))

    macro = suite.metrics[1]
    assert macro.baseline == pytest.approx(f1(base))
    assert macro.candidate == pytest.approx(f1(cand))
    assert macro.delta == pytest.approx(f1(cand) - f1(base))
    assert macro.ci_low < macro.delta < macro.ci_high
    assert macro.test == "paired permutation (10,000)"
    assert macro.p_value is not None and macro.p_value < 0.01
    assert macro.significance == "worse"


def test_json_and_page(
    tmp_path: Path,
    base_flags: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cand_flags = flipped(base_flags, right_to_wrong=25, wrong_to_right=5)
    base = write_run(tmp_path / "base", {"medqa": choice_suite("medqa", base_flags)})
    cand_suite = choice_suite("medqa", cand_flags)
    victim = next(
        r for r, b in zip(cand_suite[1], base_flags, strict=True) if b and not r["correct"]
    )
    victim["question"] = f"Flipped question {HOSTILE}"
    cand = write_run(tmp_path / "cand", {"medqa": cand_suite})
    out_dir = tmp_path / "out"
    code, out, _ = cli(
        monkeypatch, capsys, "compare", str(base), str(cand), "--json", "--out", str(out_dir)
    )
    assert code == 0
    data = json.loads(out)
    assert data["regressed"] is True
    (suite,) = data["suites"]
    assert suite["suite"] == "medqa" and suite["regressed"] is True
    assert suite["metrics"][0]["metric"] == "acc"
    assert victim["item_id"] in suite["right_to_wrong_ids"]
    assert len(suite["wrong_to_right_ids"]) == 5
    html = (out_dir / "comparison.html").read_text()
    assert data["html"] == str(out_dir / "comparison.html")
    assert "REGRESSION" in html
    assert html.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;window.__pwned" in html
    assert 'onerror="window' not in html
    assert victim["item_id"] in html
    assert "Research and education only" in html


# ---------------------------------------------------------------- paired evidence, Holm, nothing


def test_seven_against_one_flip_is_not_a_regression(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """7 right->wrong, 1 wrong->right: exact McNemar p = 0.070; the bootstrap interval of the
    macro-F1 delta lies below zero, but an interval alone is no evidence of a regression."""
    base_flags = pattern(200, 0.7, seed=3)
    cand_flags = flipped(base_flags, right_to_wrong=7, wrong_to_right=1)
    base = write_run(tmp_path / "base", {"pubmedqa": choice_suite("pubmedqa", base_flags)})
    cand = write_run(tmp_path / "cand", {"pubmedqa": choice_suite("pubmedqa", cand_flags)})
    comparison = compare_runs(base, cand)
    acc, macro = comparison.suites[0].metrics
    assert acc.p_value == pytest.approx(0.0703125)
    assert acc.p_value == pytest.approx(mcnemar([[133, 7], [1, 59]], exact=True).pvalue)
    assert macro.ci_high < 0, "the percentile bootstrap alone would call this a regression"
    # The permutation test of macro-F1 sees the flips' classes too (p about 0.03 on its own);
    # Holm's correction over the comparison's two tests leaves neither significant.
    assert macro.p_value is not None and macro.p_adjusted is not None
    assert acc.p_adjusted is not None and acc.p_adjusted > 0.05 and macro.p_adjusted > 0.05
    assert acc.significance == macro.significance == ""
    assert not comparison.regressed
    code, out, _ = cli(monkeypatch, capsys, "compare", str(base), str(cand), "--fail-on-regression")
    assert code == 0, out


def test_holm_correction_across_suites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two suites each with McNemar p = 0.035 (12 against 3 flips): each alone is significant,
    but not after Holm's correction for testing two suites."""
    suites_base, suites_cand = {}, {}
    for i, name in enumerate(("medqa", "medmcqa")):
        flags = pattern(200, 0.7, seed=10 + i)
        suites_base[name] = choice_suite(name, flags)
        suites_cand[name] = choice_suite(name, flipped(flags, right_to_wrong=12, wrong_to_right=3))
    base = write_run(tmp_path / "base", suites_base)
    cand = write_run(tmp_path / "cand", suites_cand)
    comparison = compare_runs(base, cand)
    for suite in comparison.suites:
        (acc,) = suite.metrics
        assert acc.p_value == pytest.approx(0.03515625)
        assert acc.p_adjusted == pytest.approx(2 * 0.03515625)
        assert acc.significance == ""
    assert not comparison.regressed
    code, _, _ = cli(monkeypatch, capsys, "compare", str(base), str(cand), "--fail-on-regression")
    assert code == 0
    assert compare_runs(base, cand, holm=False).regressed
    code, _, _ = cli(
        monkeypatch, capsys, "compare", str(base), str(cand), "--fail-on-regression", "--no-holm"
    )
    assert code == 1


def test_holm_adjusted_p_values() -> None:
    from medeval.compare import holm_adjust

    assert holm_adjust([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm_adjust([]) == []
    assert holm_adjust([0.9, 0.8]) == pytest.approx([1.0, 1.0])


def test_permutation_p_value_of_macro_f1_is_seeded_and_calibrated() -> None:
    from medeval import stats

    codes = [t * 3 + p for t, p in zip([0, 1, 2] * 50, [0, 1, 2] * 50, strict=True)]
    same = stats.paired_permutation_macro_f1(codes, codes, 3, permutations=1000)
    assert same == 1.0
    worse = [t * 3 + (t + 1) % 3 for t in [0, 1, 2] * 50]
    p = stats.paired_permutation_macro_f1(codes, worse, 3, permutations=1000, seed=7)
    assert p == pytest.approx(1 / 1001)
    assert p == stats.paired_permutation_macro_f1(codes, worse, 3, permutations=1000, seed=7)


@pytest.mark.parametrize("case", ["disjoint", "empty", "incomplete"])
def test_fail_on_regression_with_nothing_compared_exits_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    flags = pattern(50, 0.6)
    base = write_run(tmp_path / "base", {"medqa": choice_suite("medqa", flags)})
    if case == "disjoint":
        cand = write_run(tmp_path / "cand", {"medmcqa": choice_suite("medmcqa", flags)})
    elif case == "empty":
        cand = write_run(tmp_path / "cand", {"medqa": choice_suite("medqa", [])})
    else:
        cand = write_run(tmp_path / "cand", {"medqa": choice_suite("medqa", flags)}, complete=False)
    code, out, err = cli(
        monkeypatch, capsys, "compare", str(base), str(cand), "--fail-on-regression"
    )
    assert code == 2, out
    assert "--fail-on-regression cannot decide" in err
    code, _, _ = cli(monkeypatch, capsys, "compare", str(base), str(cand))
    assert code == 0, "without --fail-on-regression the comparison is only printed"
