"""A recipe: one YAML file holding a data build (``data:``) and a training run (``train:``).

``medeval data build RECIPE.yaml`` reads the ``data:`` section (the settings of a data config)
and checks the ``train:`` section as well, so a typo in the training half stops the build before
any sample is read; ``medeval train RECIPE.yaml`` reads the ``train:`` section (the settings of
a training config). A file whose top-level ``data`` is a mapping is a recipe; a training
config's own ``data`` is a folder name, and a data config has no ``data`` key, so the two kinds
of file never look alike. A recipe holds nothing else: any other top-level key is an error that
names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from medeval.errors import DataError

SECTIONS = ("data", "train")


def read_yaml(path: Path) -> Any:
    """The parsed YAML of `path`; a DataError names the file and line of a syntax error."""
    if not path.is_file():
        raise DataError(path, "config file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(
            path, f"malformed YAML ({getattr(exc, 'problem', exc)})", line=line
        ) from None


def is_recipe(raw: object) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("data"), dict)


def section(raw: dict[str, Any], name: str, origin: str | Path) -> dict[str, Any] | None:
    """The `name` section of a recipe (None when it has none), after checking its top level."""
    for key in raw:
        if key not in SECTIONS:
            raise DataError(
                origin,
                f"unknown key in a recipe (a recipe holds only {' and '.join(SECTIONS)} sections)",
                line=key_line(origin, None, str(key)),
                field=str(key),
            )
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DataError(
            origin, "expected a mapping of settings", line=key_line(origin, None, name), field=name
        )
    return value


def key_lines(text: str, within: str | None = None) -> dict[str, int]:
    """Line (1-based) of each top-level key, or of each key inside the `within` section."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if within is not None and isinstance(node, yaml.MappingNode):
        node = next(
            (value for key, value in node.value if getattr(key, "value", None) == within), None
        )
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def key_line(origin: str | Path, within: str | None, key: str) -> int | None:
    """The line of `key` in the file `origin` (inside section `within`), when it can be found."""
    path = Path(origin)
    if not path.is_file():
        return None
    return key_lines(path.read_text(encoding="utf-8"), within).get(key)
