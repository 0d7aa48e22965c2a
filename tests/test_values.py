"""Value classes (aims_lint.values.value_class) behave as `@dataclass(frozen=True, slots=True)` classes do."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import field
from typing import Any

import pytest

from aims_lint import model
from aims_lint.values import value_class


def _twins(body: dict[str, Any], annotations: dict[str, Any]) -> tuple[type, type]:
    """The same class made by value_class and by the dataclass module."""
    made = []
    for decorate in (value_class, dataclasses.dataclass(frozen=True, slots=True)):
        namespace = {**body, "__annotations__": dict(annotations), "__qualname__": "Twin", "__module__": __name__}
        made.append(decorate(type("Twin", (), namespace)))
    return made[0], made[1]


SHAPES = {
    "no fields": ({}, {}, [()], [()]),
    "one field": ({}, {"a": int}, [(1,), (2,)], [(1,)]),
    "defaults": ({"b": "x", "c": ()}, {"a": int, "b": str, "c": tuple}, [(1, "x", ()), (1, "y", (2,))], [(1,)]),
    "not compared": ({"note": field(default="", compare=False)}, {"a": int, "note": str},
                     [(1, "p"), (1, "q"), (2, "p")], [(1,)]),
    "not shown": ({"secret": field(default="s", repr=False)}, {"a": int, "secret": str}, [(1, "s"), (1, "t")], [(3,)]),
    "hash apart": ({"h": field(default=0, hash=False)}, {"a": str, "h": int}, [("a", 1), ("a", 2), ("b", 1)], [("a",)]),
    "not a number": ({}, {"a": float}, [(float("nan"),)], [(float("nan"),)]),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_equality_hash_and_repr_are_the_dataclass_modules(shape: str) -> None:
    body, annotations, values, more = SHAPES[shape]
    ours, theirs = _twins(body, annotations)
    pairs = [(ours(*args), theirs(*args)) for args in [*values, *more]]
    for one_ours, one_theirs in pairs:
        assert repr(one_ours) == repr(one_theirs)
        assert hash(one_ours) == hash(one_theirs)
        assert one_ours == one_ours and one_theirs == one_theirs  # the same object, even holding NaN
        for other_ours, other_theirs in pairs:
            assert (one_ours == other_ours) == (one_theirs == other_theirs)
            assert (one_ours != other_ours) == (one_theirs != other_theirs)
    assert ours(*values[0]) != theirs(*values[0])  # another class is never equal
    assert ours.__eq__(ours(*values[0]), object()) is NotImplemented


def test_a_value_is_frozen_slotted_and_pickles() -> None:
    ours, _ = _twins({"b": "x"}, {"a": int, "b": str})
    one = ours(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.a = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del one.b
    assert not hasattr(one, "__dict__") and ours.__slots__ == ("a", "b")
    assert dataclasses.replace(one, b="y") == ours(1, "y")
    assert dataclasses.fields(ours)[1].default == "x" and dataclasses.is_dataclass(one)


def test_the_models_values_keep_their_methods_of_their_own() -> None:
    location = model.Location("a.md", 3, 2)
    assert pickle.loads(pickle.dumps(location)) == location
    assert repr(location) == "Location(path='a.md', line=3, column=2, pointer='')"
    assert type(location).__eq__.__qualname__ == "Location.__eq__"
    assert {location, model.Location("a.md", 3, 2)} == {location}


def test_a_method_the_class_writes_itself_is_kept() -> None:
    @value_class
    class Shown:
        a: int

        def __repr__(self) -> str:
            return f"<{self.a}>"

    assert repr(Shown(1)) == "<1>" and Shown(1) == Shown(1)
