"""Running the real `medeval` console entry point in process, as a user's shell would."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pytest

from medeval.cli import main


def medeval_main(
    args: Sequence[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `medeval ARGS`, with the CLI's exit-code mapping."""
    monkeypatch.setattr(sys, "argv", ["medeval", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
