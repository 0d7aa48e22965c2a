"""JSON written piece by piece, byte for byte as json.dumps(value, indent=..., ensure_ascii=False) writes it.

A large report's results are made and written one at a time (a `Streamed` list in the document), so that the
whole document is never held as dicts nor as one string. Indented output comes from this module's own walk, not
from json's pure-Python indenting encoder (several times slower); strings, numbers and compact output go through
json's C encoder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

# The separators of compact output (indent None): no space at all.
COMPACT = (",", ":")


class Streamed:
    """A list in a document whose items are made while the document is written (a report's results)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def dump_chunks(value: Any, indent: int | None) -> Iterator[str]:
    """The JSON text of value in pieces: json.dumps(value, indent=indent, ensure_ascii=False) with a Streamed list
    written as the list of its items; indent None writes compact JSON (COMPACT separators)."""
    if indent is None:
        yield from _compact_chunks(value)
    else:
        yield from _indented_chunks(value, " " * indent, "\n")


def _compact_chunks(value: Any) -> Iterator[str]:
    if isinstance(value, Streamed):
        yield "["
        for position, item in enumerate(value.items):
            yield ("," if position else "") + _compact(item)
        yield "]"
    elif isinstance(value, dict) and _holds_streamed(value.values()):
        yield "{"
        for position, (key, item) in enumerate(value.items()):
            yield ("," if position else "") + _key(key) + ":"
            yield from _compact_chunks(item)
        yield "}"
    elif isinstance(value, list) and _holds_streamed(value):
        yield "["
        for position, item in enumerate(value):
            if position:
                yield ","
            yield from _compact_chunks(item)
        yield "]"
    else:
        yield _compact(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=COMPACT)


def _indented_chunks(value: Any, step: str, newline: str) -> Iterator[str]:
    """Like indented(), with a Streamed list (at any depth) written one item at a time."""
    if isinstance(value, Streamed):
        inner = newline + step
        first = True
        for item in value.items:
            yield ("[" if first else ",") + inner + indented(item, step, inner)
            first = False
        yield "[]" if first else newline + "]"
    elif isinstance(value, dict) and value and _holds_streamed(value.values()):
        inner = newline + step
        for position, (key, item) in enumerate(value.items()):
            yield ("{" if position == 0 else ",") + inner + _key(key) + ": "
            yield from _indented_chunks(item, step, inner)
        yield newline + "}"
    elif isinstance(value, list) and value and _holds_streamed(value):
        inner = newline + step
        for position, item in enumerate(value):
            yield ("[" if position == 0 else ",") + inner
            yield from _indented_chunks(item, step, inner)
        yield newline + "]"
    else:
        yield indented(value, step, newline)


def _holds_streamed(values: Iterable[Any]) -> bool:
    for value in values:
        if isinstance(value, Streamed):
            return True
        if isinstance(value, dict) and _holds_streamed(value.values()):
            return True
        if isinstance(value, list) and _holds_streamed(value):
            return True
    return False


def _key(key: Any) -> str:
    """A mapping's key as json writes it: a string as it is, a number, true, false or null as its JSON text."""
    return str(encode_basestring(key if isinstance(key, str) else json.dumps(key)))


def indented(value: Any, step: str, newline: str = "\n") -> str:
    """json.dumps(value, indent=len(step), ensure_ascii=False) for a value nested where newline (a line break and
    the indentation of the value's own line) starts its lines."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + step
        body = ("," + inner).join(f"{_key(k)}: {indented(v, step, inner)}" for k, v in value.items())
        return "{" + inner + body + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + step
        return "[" + inner + ("," + inner).join(indented(v, step, inner) for v in value) + newline + "]"
    return json.dumps(value)
