"""JSON loading that keeps the line and column of every JSON pointer, with limits on hostile input."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aims_lint.parse.text import lone_surrogate, valid_unicode

# Nesting deeper than this is refused before the decoder sees it: the C decoder recurses and a
# document of a million '[' would otherwise exhaust the stack.
MAX_DEPTH = 200

# One token of JSON: a string (escapes included), a structural character, a bare scalar, or a stray
# quote that opens a string never closed. Whitespace between tokens is skipped by finditer.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|"', re.DOTALL)
_NEWLINE = re.compile(r"\n")
# The escape of a UTF-16 surrogate. Without its other half it decodes to a lone surrogate, which is no character
# (it cannot be written as UTF-8): such text is only looked for where an escape of one is written.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@dataclass(frozen=True, slots=True)
class JsonIssue:
    """Why a document could not be loaded: a syntax error or a limit hit; position 1-based."""

    code: str
    message: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class JsonDocument:
    """Plain Python data plus a map from JSON pointer to (line, column), both 1-based.

    A member of an object is placed at its key, an array item at the start of its value, the root at
    its first character.
    """

    data: Any
    positions: dict[str, tuple[int, int]]
    issues: tuple[JsonIssue, ...] = ()


class JsonLoadError(Exception):
    """The document could not be loaded; carries the position of the problem."""

    def __init__(self, issue: JsonIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _LineIndex:
    """Offsets to (line, column) by binary search over the offsets of newlines."""

    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._newlines, offset - 1)
        start = self._newlines[index - 1] + 1 if index else 0
        return index + 1, offset - start + 1


def _separated(frame: list[Any], separator: str) -> None:
    """A frame after ',' (the next key of an object, the next item of an array) or ':' (the member's value)."""
    if separator == ",":
        if frame[0]:
            frame[3] = True
        else:
            frame[2] += 1
    else:
        frame[3] = False


def _scan(
    text: str, lines: _LineIndex, max_depth: int, duplicates: list[JsonIssue]
) -> dict[str, tuple[int, int]]:
    """Positions of every pointer in one pass over the tokens; raises JsonLoadError past max_depth.

    A key written twice in one object is added to duplicates: the decoder silently keeps the last value.

    It tolerates malformed input (the decoder reports that afterwards); its answer is only used when
    the decoder accepts the text, in which case the tokens are well formed.
    """
    positions: dict[str, tuple[int, int]] = {}
    # Each frame: [is_object, pointer, next array index, expecting a key, pointer of the current member].
    stack: list[list[Any]] = []
    at_root = True
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        frame = stack[-1] if stack else None
        if first in ",:":
            if frame is not None:
                _separated(frame, first)
            continue
        if first in "}]":
            if stack:
                stack.pop()
            continue
        if frame is not None and frame[0] and frame[3]:
            # A key: the member's position is where its key is written.
            key = _decode_key(token)
            pointer = f"{frame[1]}/{escape_token(key)}"
            frame[4] = pointer
            line, column = lines.at(match.start())
            if pointer in positions:
                message = f"duplicate key {key!r}; the last value wins"
                duplicates.append(JsonIssue("json-duplicate-key", message, line, column))
            positions[pointer] = (line, column)
            continue
        # A value starts here.
        if frame is None:
            if not at_root:
                continue
            pointer = ""
            at_root = False
            positions[pointer] = lines.at(match.start())
        elif frame[0]:
            pointer = frame[4]
        else:
            pointer = f"{frame[1]}/{frame[2]}"
            positions[pointer] = lines.at(match.start())
        if first in "{[":
            if len(stack) >= max_depth:
                line, column = lines.at(match.start())
                raise JsonLoadError(JsonIssue(
                    "json-limit", f"JSON nests deeper than {max_depth} levels; not read", line, column))
            stack.append([first == "{", pointer, 0, True, pointer])
    return positions


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        decoded = json.loads(token)
    except ValueError:
        return token[1:-1]
    return valid_unicode(decoded) if isinstance(decoded, str) else token


def load_json(text: str, *, max_depth: int = MAX_DEPTH) -> JsonDocument:
    """Parse text with the standard decoder and attach the position of every pointer."""
    lines = _LineIndex(text)
    duplicates: list[JsonIssue] = []
    positions = _scan(text, lines, max_depth, duplicates)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        line, column = exc.lineno, exc.colno
        if exc.msg.startswith("Expecting ',' delimiter"):
            # The comma is missing after the previous value: point there, not at the next line's key.
            before = text[: exc.pos].rstrip()
            if before:
                line, column = lines.at(len(before))
        message = f"invalid JSON: {exc.msg}"
        raise JsonLoadError(JsonIssue("json-syntax", message, line, column)) from None
    except (ValueError, RecursionError) as exc:
        # Integers longer than the interpreter allows, or nesting the depth guard missed.
        raise JsonLoadError(JsonIssue("json-limit", f"JSON cannot be read: {exc}", 1, 1)) from None
    if _SURROGATE_ESCAPE.search(text):
        lone: list[tuple[str, str]] = []
        data = _without_lone_surrogates(data, "", lone)
        duplicates += [_surrogate_issue(positions, pointer, char) for pointer, char in lone]
    return JsonDocument(data, positions, tuple(duplicates))


def _without_lone_surrogates(value: Any, pointer: str, lone: list[tuple[str, str]]) -> Any:
    """value with every lone surrogate in its strings and keys replaced by U+FFFD; (pointer, surrogate) of each
    string that held one is added to lone. Keys are replaced as _decode_key replaces them, so positions match."""
    if isinstance(value, str):
        return _replaced(value, pointer, lone)
    if isinstance(value, list):
        return [_without_lone_surrogates(item, f"{pointer}/{index}", lone) for index, item in enumerate(value)]
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, item in value.items():
            clean = valid_unicode(key)
            child = f"{pointer}/{escape_token(clean)}"
            _replaced(key, child, lone)
            result[clean] = _without_lone_surrogates(item, child, lone)
        return result
    return value


def _replaced(text: str, pointer: str, lone: list[tuple[str, str]]) -> str:
    found = lone_surrogate(text)
    if found is None:
        return text
    lone.append((pointer, found))
    return valid_unicode(text)


def _surrogate_issue(positions: Mapping[str, tuple[int, int]], pointer: str, char: str) -> JsonIssue:
    line, column = nearest_position(positions, pointer)
    message = (f"JSON string holds a lone surrogate (\\u{ord(char):04x}), half of a UTF-16 pair and no character; "
               "read as U+FFFD")
    return JsonIssue("json-surrogate", message, line, column)


def nearest_position(positions: Mapping[str, tuple[int, int]], pointer: str) -> tuple[int, int]:
    """The position of a pointer, or of its closest ancestor that has one."""
    while pointer not in positions and pointer:
        pointer = pointer.rsplit("/", 1)[0]
    return positions.get(pointer, (1, 1))
