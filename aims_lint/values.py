"""The value classes of aims-lint: frozen, slotted dataclasses whose comparison, hash and repr are shared functions.

    @value_class
    class Location:
        path: str
        line: int = 1

`@value_class` is `@dataclass(frozen=True, slots=True)` with the same equality, hash and repr, but only `__init__` (and
the frozen class's `__setattr__` and `__delattr__`) are generated for each class: the dataclass module compiles
every method it generates from source, one by one, and a run imports about 80 value classes, so that compiling
their `__eq__`, `__hash__` and `__repr__` took a sixth of a one-card run's start (benchmarks: bench_tricks).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_options: object) -> Callable[[_T], _T]:
        return lambda decorated: decorated

_T = TypeVar("_T")
_C = TypeVar("_C", bound=type)


def _values_of(names: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an instance's values of the named fields, as a tuple (the dataclass methods' own form)."""
    if not names:
        return lambda _instance: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda instance: (one(instance),)
    return operator.attrgetter(*names)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def value_class(cls: _C) -> _C:
    """cls as a frozen, slotted dataclass (see the module's docstring)."""
    own = set(vars(cls))
    made: Any = dataclasses.dataclass(frozen=True, slots=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(made)
    compared = _values_of([f.name for f in fields if f.compare])
    hashed = _values_of([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __repr__(self: Any) -> str:
        shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({shown_fields})"

    for method in (__eq__, __hash__, __repr__):
        if method.__name__ not in own:
            method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
            setattr(made, method.__name__, method)
    return made  # type: ignore[no-any-return]
