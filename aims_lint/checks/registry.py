"""The one registry of check functions, collected from the declarations beside them (see base.check)."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from aims_lint.checks import (
    assurance,
    changes,
    croissant,
    crossrefs,
    fields,
    freshness,
    governance,
    ids,
    ownership,
    references,
    repository,
    suppressions,
)
from aims_lint.checks.base import CheckSpec, declared

# Every module that declares checks: a check is known only when its module is listed here.
CHECK_MODULES: tuple[ModuleType, ...] = (fields, references, repository, governance, crossrefs, ids, freshness,
                                         croissant, suppressions, assurance, ownership, changes)


def collect(modules: Iterable[ModuleType]) -> dict[str, CheckSpec]:
    """The checks the modules declare, by name; a name declared twice is a programming error."""
    found: dict[str, CheckSpec] = {}
    for module in modules:
        for spec in declared(module):
            if spec.name in found:
                raise ValueError(f"check {spec.name!r} is declared in {module.__name__} and before it")
            found[spec.name] = spec
    return found


CHECKS: dict[str, CheckSpec] = collect(CHECK_MODULES)
