"""Errors a user can act on.

Every error here is caught by the CLI and printed as one paragraph (no traceback) with exit code 2:
they are mistakes in input or usage, not bugs in medeval.
"""

from __future__ import annotations

from pathlib import Path


class MedevalError(Exception):
    """Base of user-facing errors; `exit_code` is what the CLI returns."""

    exit_code = 2


class UsageError(MedevalError):
    """Bad options or arguments (unknown suite name, conflicting settings)."""


class DataError(MedevalError):
    """A data file is missing or malformed; names the file, line and field."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        where = self.path
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


class ModelLoadError(MedevalError):
    """The --model path is not a model, or the model failed to load."""


class ResumeMismatchError(UsageError):
    """An existing run directory was started with other settings."""
