"""Entry-point registry for suites and model backends.

medeval's own suites and backends are registered through the same entry points
(``medeval.suites``, ``medeval.models``) as third-party packages, so a plugin is a peer of a
built-in. The registry is an object built once per run and passed along: no module-level mutable
state, targets are imported only when used, and two plugins claiming one name are refused.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from medeval.errors import UsageError
from medeval.types import check_suite_name, is_suite_name

SUITE_GROUP = "medeval.suites"
MODEL_GROUP = "medeval.models"


@dataclass
class Registry:
    """Name -> ``module:attr`` target for one entry-point group, loaded lazily."""

    group: str
    targets: dict[str, str] = field(default_factory=dict)
    _loaded: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_entry_points(cls, group: str) -> Registry:
        registry = cls(group)
        for entry in entry_points(group=group):
            registry.add(entry.name, entry.value)
        return registry

    def add(self, name: str, target: Any) -> None:
        """Register `target` (a ``module:attr`` string or the object itself) under `name`.

        A suite's name becomes its key in results.json and its sample file's name, so it must
        follow the suite-name grammar (:data:`medeval.types.SUITE_NAME_PATTERN`).
        """
        if self.group == SUITE_GROUP and not is_suite_name(name):
            raise UsageError(f"{self.group} plugin {_describe(target)}: {_name_error(name)}")
        existing = self.targets.get(name)
        if existing is not None and existing != _describe(target):
            raise UsageError(
                f"two {self.group} plugins claim the name '{name}': {existing} and "
                f"{_describe(target)}; uninstall one of them"
            )
        self.targets[name] = _describe(target)
        if not isinstance(target, str):
            self._loaded[name] = target

    def names(self) -> list[str]:
        return sorted(self.targets)

    def load(self, name: str) -> Any:
        if name not in self.targets:
            raise UsageError(
                f"unknown {self.group.split('.')[-1][:-1]} '{name}'; valid names: "
                + ", ".join(self.names())
            )
        if name not in self._loaded:
            module_name, _, attr = self.targets[name].partition(":")
            obj: Any = importlib.import_module(module_name)
            for part in attr.split("."):
                obj = getattr(obj, part)
            self._loaded[name] = obj
        return self._loaded[name]


def _describe(target: Any) -> str:
    if isinstance(target, str):
        return target
    return f"{getattr(target, '__module__', '?')}:{getattr(target, '__qualname__', repr(target))}"


def _name_error(name: str) -> str:
    try:
        check_suite_name(name)
    except ValueError as exc:
        return str(exc)
    return ""
