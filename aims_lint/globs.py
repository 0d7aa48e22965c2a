"""Gitignore-style globs over repository paths, as the configuration writes them (exclude, discovery,
per-path-ignores, waivers), matched in time bounded by the lengths of the glob and the path whatever either holds.

    docs/**        everything under docs/              *.md         any Markdown file, at any depth
    /README.md     README.md at the root only          models/*/    everything under a folder of models/
    legacy         a file or folder named legacy, at any depth, and everything under it

A glob without a '/' but at its end matches a name at any depth; with one it is anchored at the repository root.
`*` and `?` never cross a '/', `**` does; `[abc]` and `[!abc]` are classes; `\\` escapes the next character. A
glob that matches a folder matches every path under it. Negation (a leading '!') is not taken: the configuration
schema refuses it.

Globs come from the configuration, which a pull request may change: a glob of many stars in one name, or many
`**`, would make a regular expression backtrack for ever. Such a glob is matched segment by segment by a wildcard
matcher that never backtracks further than its last star; the others, nearly all, are one regular expression
each, whose backtracking is bounded by the few places they can split a path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any


def _class(glob: str, start: int) -> tuple[str, int] | None:
    """The regular expression of the class opening at glob[start] ('['), and the index after it; None when the
    class never closes (the '[' is then a plain character)."""
    end = start + 1
    if end < len(glob) and glob[end] in "!^":
        end += 1
    if end < len(glob) and glob[end] == "]":
        end += 1
    end = glob.find("]", end)
    if end < 0:
        return None
    body = glob[start + 1 : end]
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    # Every character of the class literal but '-' between two others (a range); a doubled '-' is escaped, as are
    # '[', '&', '~' and '|', which Python's expressions may one day read as set operations.
    escaped = "".join(c if c == "-" else re.escape(c) for c in body.replace("/", "")).replace("--", "-\\-")
    return ("[^/" if negated else "[") + escaped + "]", end + 1


def _body(glob: str) -> str:
    """The regular expression of a glob's characters, '**' segments included."""
    out: list[str] = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index) and (index == 0 or glob[index - 1] == "/"):
            out.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index) and index + 2 == len(glob) and (index == 0 or glob[index - 1] == "/"):
            out.append(".*")
            index += 2
        elif char == "*":
            while index < len(glob) and glob[index] == "*":
                index += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[" and (found := _class(glob, index)) is not None:
            out.append(found[0])
            index = found[1]
        elif char == "\\" and index + 1 < len(glob):
            out.append(re.escape(glob[index + 1]))
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


@functools.cache
def glob_pattern(glob: str) -> str:
    """The regular expression (without anchors) a path relative to the repository root matches in full when the
    glob matches it or one of the folders above it."""
    folder_only = glob.endswith("/")
    stripped = glob.strip("/") if folder_only else glob.lstrip("/")
    anchored = glob.startswith("/") or "/" in stripped
    body = _body(stripped)
    head = "" if anchored else "(?:.*/)?"
    tail = "/.*" if folder_only else "(?:/.*)?"
    return f"{head}{body}{tail}"


# A glob is one regular expression when it holds at most this many `**` (counting the one a glob without a '/'
# implies at its head) and at most this many runs of stars in one name; else it is matched segment by segment.
_MOST_DOUBLE_STARS = 1
_MOST_STARS_IN_A_NAME = 1


def _simple(glob: str) -> bool:
    stripped = glob.strip("/")
    names = stripped.split("/")
    doubles = names.count("**") + (0 if glob.startswith("/") or "/" in glob.rstrip("/") else 1)
    return doubles <= _MOST_DOUBLE_STARS and all(
        len(re.findall(r"\*+", name)) <= _MOST_STARS_IN_A_NAME for name in names if name != "**")


_STAR, _DOUBLE = "*", "**"


def _name_tokens(name: str) -> list[str | re.Pattern[str]]:
    """A name of a glob as tokens: _STAR, or a pattern one character must match."""
    tokens: list[str | re.Pattern[str]] = []
    index = 0
    while index < len(name):
        if name[index] == "*":
            while index < len(name) and name[index] == "*":
                index += 1
            tokens.append(_STAR)
            continue
        found = _class(name, index) if name[index] == "[" else None
        if found is not None:
            tokens.append(re.compile(found[0]))
            index = found[1]
        elif name[index] == "\\" and index + 1 < len(name):
            tokens.append(re.compile(re.escape(name[index + 1])))
            index += 2
        else:
            tokens.append(re.compile("[^/]" if name[index] == "?" else re.escape(name[index])))
            index += 1
    return tokens


def _wildcard(pattern: list[Any], items: list[Any], same: Any, star: Any) -> bool:
    """Whether items match pattern, where star matches any run of items and every other token matches one item
    that same(token, item) says it matches: the greedy matcher that returns to the last star only, in time at most
    the product of the two lengths."""
    p = i = 0
    last_star, mark = -1, 0
    while i < len(items):
        if p < len(pattern) and pattern[p] is not star and same(pattern[p], items[i]):
            p, i = p + 1, i + 1
        elif p < len(pattern) and pattern[p] is star:
            last_star, mark, p = p, i, p + 1
        elif last_star >= 0:
            mark += 1
            p, i = last_star + 1, mark
        else:
            return False
    return all(token is star for token in pattern[p:])


@functools.cache
def _segments(glob: str) -> list[Any]:
    """A glob as names for the segment matcher: _DOUBLE for `**`, else a name's tokens; with the head a glob
    without a '/' implies, and the tail that makes it match what is under a folder it matches."""
    folder_only = glob.endswith("/")
    stripped = glob.strip("/") if folder_only else glob.lstrip("/")
    anchored = glob.startswith("/") or "/" in stripped
    names: list[Any] = [] if anchored else [_DOUBLE]
    for name in stripped.split("/"):
        if name != _DOUBLE or not names or names[-1] is not _DOUBLE:
            names.append(_DOUBLE if name == _DOUBLE else _name_tokens(name))
    return [*names, *([[_STAR]] if folder_only else []), _DOUBLE]


def _segment_match(glob: str, path: str) -> bool:
    def name_matches(tokens: list[Any], name: str) -> bool:
        return _wildcard(tokens, list(name), lambda token, char: token.fullmatch(char) is not None, _STAR)

    return _wildcard(_segments(glob), path.split("/"), name_matches, _DOUBLE)


class GlobSet:
    """Globs matched together: the simple ones as one expression, the others segment by segment."""

    __slots__ = ("_complex", "_regex", "globs")

    def __init__(self, globs: Iterable[str] = ()) -> None:
        self.globs = tuple(dict.fromkeys(globs))
        simple = [g for g in self.globs if _simple(g)]
        self._complex = tuple(g for g in self.globs if not _simple(g))
        self._regex = re.compile("|".join(f"(?:{glob_pattern(g)})" for g in simple)) if simple else None

    def matches(self, path: str) -> bool:
        if self._regex is not None and self._regex.fullmatch(path) is not None:
            return True
        return any(_segment_match(g, path) for g in self._complex)

    def __bool__(self) -> bool:
        return bool(self.globs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GlobSet) and other.globs == self.globs

    def __hash__(self) -> int:
        return hash(self.globs)

    def __repr__(self) -> str:
        return f"GlobSet({list(self.globs)!r})"


def matches(glob: str, path: str) -> bool:
    """Whether one glob matches a path relative to the repository root."""
    return GlobSet((glob,)).matches(path)
