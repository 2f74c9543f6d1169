"""The declared dependencies match what src/medeval imports, and never pin torch exactly.

Runtime requirements (pyproject's ``[project] dependencies``) are exactly the third-party
packages that src/medeval imports at runtime: module-level imports and lazy imports inside
functions, but not ``if TYPE_CHECKING:`` blocks. An extra's packages count as declared only for
imports in that extra's modules (EXTRA_MODULES). The CPU torch pin for this project's machines
lives in constraints/cpu.txt, never in the package metadata.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "medeval"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Modules (paths under src/medeval; a trailing "/" is a whole package) that only an extra's
# users run: imports there may be declared in that extra instead of the runtime requirements.
EXTRA_MODULES = {
    "train": ("trainers/",),
    "vllm": ("models/vllm_backend.py",),
}

# Runtime requirements that medeval never imports, with the reason each is still needed.
USED_INDIRECTLY = {
    "accelerate": "transformers needs it for device_map",
    "bitsandbytes": "transformers' BitsAndBytesConfig (--load-in-4bit, QLoRA)",
    "gguf": "transformers reads the bundled SmolLM2 GGUF file with it",
    "openai": "inspect-ai's openai-api provider serves the openai:// judges",
}

# Extras read as data without an import: the check that a declared dependency is imported
# skips them, and each must be declared in an extra.
READ_AS_DATA = {
    "drug-named-entity-recognition": "phi_lists reads its drug dictionary file without importing "
    "the package (an import would also read a pickle cache from the home folder)",
}

# Import names whose distribution is not installed everywhere (vllm is never installed in
# CI) or that packages_distributions() may miss.
IMPORT_TO_DIST = {
    "yaml": "pyyaml",
    "sklearn": "scikit-learn",
    "vllm": "vllm",
    "presidio_analyzer": "presidio-analyzer",
}

# Upper bounds allowed on runtime requirements, each for a documented incompatibility (the
# comment above the requirement in pyproject.toml says which).
ALLOWED_CAPS = {"transformers"}


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return normalise(match.group(1))


def runtime_requirements() -> list[str]:
    return list(PYPROJECT["project"]["dependencies"])


def extra_requirements() -> dict[str, set[str]]:
    extras = PYPROJECT["project"]["optional-dependencies"]
    return {extra: {requirement_name(r) for r in extras[extra]} for extra in EXTRA_MODULES}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> Iterator[str]:
    """Top-level names of absolute imports anywhere under `node`, outside TYPE_CHECKING."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for statement in child.orelse:
                yield from _imports(ast.Module(body=[statement], type_ignores=[]))
            continue
        if isinstance(child, ast.Import):
            yield from (alias.name.split(".")[0] for alias in child.names)
        elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            yield child.module.split(".")[0]
        yield from _imports(child)


def third_party_imports() -> dict[str, set[str]]:
    """Import name -> the modules (paths relative to src/medeval) that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if name in sys.stdlib_module_names or name in ("medeval", "__future__"):
                continue
            found.setdefault(name, set()).add(module)
    return found


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def distributions(import_name: str) -> set[str]:
    installed = _packages_distributions().get(import_name, [])
    names = {normalise(d) for d in installed}
    names.add(normalise(IMPORT_TO_DIST.get(import_name, import_name)))
    return names


def extra_of(module: str) -> str | None:
    for extra, prefixes in EXTRA_MODULES.items():
        if any(module == p or (p.endswith("/") and module.startswith(p)) for p in prefixes):
            return extra
    return None


def test_every_import_is_declared() -> None:
    runtime = {requirement_name(r) for r in runtime_requirements()}
    extras = extra_requirements()
    missing = []
    for name, modules in sorted(third_party_imports().items()):
        dists = distributions(name)
        for module in sorted(modules):
            extra = extra_of(module)
            declared = runtime | (extras[extra] if extra else set())
            if not dists & declared:
                where = f"the {extra!r} extra" if extra else "[project] dependencies"
                missing.append(
                    f"{module} imports {name} ({'/'.join(sorted(dists))}): add to {where}"
                )
    assert not missing, "\n".join(missing)


def test_every_declared_dependency_is_imported() -> None:
    imported: set[str] = set()
    for name in third_party_imports():
        imported |= distributions(name)
    unused = []
    for requirement in runtime_requirements():
        name = requirement_name(requirement)
        if name in USED_INDIRECTLY:
            continue
        if name not in imported:
            unused.append(requirement)
    for extra, names in extra_requirements().items():
        unused += [
            f"{n} (extra {extra!r})"
            for n in sorted(names)
            if n not in imported and n not in READ_AS_DATA
        ]
    assert not unused, f"declared but never imported by src/medeval: {unused}"
    declared = {n for names in extra_requirements().values() for n in names}
    assert set(READ_AS_DATA) <= declared, "READ_AS_DATA names a package no extra declares"


def test_allowlists_name_declared_requirements() -> None:
    runtime = {requirement_name(r) for r in runtime_requirements()}
    assert set(USED_INDIRECTLY) | ALLOWED_CAPS <= runtime


@pytest.mark.parametrize("requirement", runtime_requirements())
def test_runtime_requirement_has_a_lower_bound_and_no_pin(requirement: str) -> None:
    specifier = requirement.split(";")[0]
    assert "==" not in specifier and "~=" not in specifier, f"exact pin: {requirement}"
    assert ">=" in specifier, f"no lower bound: {requirement}"
    if "<" in specifier.replace("<=", "<"):
        assert requirement_name(requirement) in ALLOWED_CAPS, f"upper cap: {requirement}"


def test_cpu_pin_lives_in_the_constraints_file_only() -> None:
    constraints = (ROOT / "constraints" / "cpu.txt").read_text(encoding="utf-8")
    assert re.search(r"^torch==\S+", constraints, re.M)
    for path in ("scripts/setup.sh", "tox.ini"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "constraints/cpu.txt" in text, path
        assert "torch==" not in text, path
    assert "scripts/setup.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# --- pip keeps the user's torch ---------------------------------------------------------------

OLD_EXACT_PIN = [
    "torch==2.13.0" if requirement_name(r) == "torch" else r for r in runtime_requirements()
]


def _stub_environment(root: Path, versions: dict[str, str]) -> Path:
    """A venv without pip whose site-packages holds only metadata stubs (Name and Version,
    no requirements) for `versions`; returns its python."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(root)
    python = root / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    for name, version in versions.items():
        info = Path(site) / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir(parents=True)
        info.joinpath("METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
        )
        info.joinpath("INSTALLER").write_text("pip\n", encoding="utf-8")
    return python


@pytest.mark.parametrize(
    ("requirements", "keeps_torch"),
    [(runtime_requirements(), True), (OLD_EXACT_PIN, False)],
    ids=["declared", "old-exact-pin"],
)
def test_pip_install_keeps_an_installed_torch(
    tmp_path: Path, requirements: list[str], keeps_torch: bool
) -> None:
    """`pip install medeval` into an environment with torch 2.9.0 keeps that torch.

    Offline and quick: a venv (no pip) holds metadata stubs of every runtime requirement, at
    the versions this test environment has, except torch at 2.9.0 (another build than the
    CPU pin). This venv's pip resolves medeval's runtime requirements against it (`pip
    --python`, `--dry-run --no-index --report`, no config files, no PIP_* variables, so no
    constraints file applies): with lower bounds everything is already satisfied and nothing
    is to be installed; the old exact pin `torch==2.13.0` makes pip want another torch (with no
    index it cannot find one and fails, which is the same verdict). The "old-exact-pin" case
    shows that the check would catch such a pin.
    """
    versions = {}
    for requirement in requirements:
        name = requirement_name(requirement)
        versions[name] = "2.9.0" if name == "torch" else importlib.metadata.version(name)
    python = _stub_environment(tmp_path / "env", versions)
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--dry-run",
         "--no-index", "--quiet", "--report", str(report), *requirements],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    if not keeps_torch and done.returncode != 0:
        assert "torch" in done.stderr, done.stderr  # no index: pip cannot find another torch
        return
    assert done.returncode == 0, done.stderr
    to_install = [item["metadata"]["name"] for item in json.loads(report.read_text())["install"]]
    if keeps_torch:
        assert to_install == [], f"pip would install {to_install} over the existing environment"
    else:
        assert "torch" in to_install


def test_import_walker_sees_lazy_imports_and_skips_type_checking() -> None:
    code = """
import typing
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import pandas
if typing.TYPE_CHECKING:
    import numpy
else:
    import scipy.stats
def f():
    from torch.nn import functional
    from . import sibling
"""
    assert set(_imports(ast.parse(code))) == {"typing", "scipy", "torch"}
