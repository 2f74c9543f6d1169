"""The layout's rules that import-linter cannot check module by module (see README "Layout").

import-linter (``lint-imports``, contracts in pyproject.toml) holds the arrows between packages
and the absence of cycles; these tests hold the rest: nobody imports another module's private
names, only the command-line modules and the server import click, and no module grows past the
size a newcomer can read.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "medeval"
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str | None = None) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, imported names) for every import in a file, nested ones too;
    `name` is the file's module name (default: from its place under src/)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = name or _module_name(path)
    package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_the_rules_see_every_module() -> None:
    names = {_module_name(path) for path in _modules()}
    assert {"medeval.backend", "medeval.execute", "medeval.runner", "medeval.safety"} <= names


def test_no_module_imports_another_modules_private_names() -> None:
    offences = []
    for path in _modules():
        for line, module, names in _imports(path):
            if not module.startswith("medeval"):
                continue
            private_module = any(_is_private(part) for part in module.split("."))
            private_names = [name for name in names if _is_private(name)]
            if private_module or private_names:
                where = f"{path.relative_to(SRC.parent)}:{line}"
                offences.append(f"{where} imports {private_names or module} from {module}")
    assert not offences, "\n".join(offences)


def _may_import_click(path: Path) -> bool:
    return path.name in ("cli.py", "cli_options.py", "server.py") or path.name.endswith("_cli.py")


def test_only_command_line_modules_and_the_server_import_click() -> None:
    offences = [
        f"{path.relative_to(SRC.parent)}:{line}"
        for path in _modules()
        if not _may_import_click(path)
        for line, module, _ in _imports(path)
        if module == "click" or module.startswith("click.")
    ]
    assert not offences, "click imported outside the cli modules: " + ", ".join(offences)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_stays_readable(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by responsibility"


def test_private_name_check_catches_an_offence(tmp_path: Path) -> None:
    """The checker itself works: a planted private import is found."""
    planted = tmp_path / "probe.py"
    planted.write_text("from .store import _private_helper\n", encoding="utf-8")
    [(_, module, names)] = _imports(planted, "medeval.probe")
    assert module == "medeval.store" and [n for n in names if _is_private(n)]
