"""Gitignore-style globs over repository paths, as the configuration writes them (exclude, discovery,
per-path-ignores, waivers): translated once into one regular expression each.

    docs/**        everything under docs/              *.md         any Markdown file, at any depth
    /README.md     README.md at the root only          models/*/    everything under a folder of models/
    legacy         a file or folder named legacy, at any depth, and everything under it

A glob without a '/' but at its end matches a name at any depth; with one it is anchored at the repository root.
`*` and `?` never cross a '/', `**` does; `[abc]` and `[!abc]` are classes; `\\` escapes the next character. A
glob that matches a folder matches every path under it. Negation (a leading '!') is not taken: the configuration
schema refuses it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


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


class GlobSet:
    """Globs matched together, compiled into one expression: whether any of them matches a path."""

    __slots__ = ("_regex", "globs")

    def __init__(self, globs: Iterable[str] = ()) -> None:
        self.globs = tuple(dict.fromkeys(globs))
        self._regex = re.compile("|".join(f"(?:{glob_pattern(g)})" for g in self.globs)) if self.globs else None

    def matches(self, path: str) -> bool:
        return self._regex is not None and self._regex.fullmatch(path) is not None

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
    return _compiled(glob).fullmatch(path) is not None


@functools.cache
def _compiled(glob: str) -> re.Pattern[str]:
    return re.compile(glob_pattern(glob))
