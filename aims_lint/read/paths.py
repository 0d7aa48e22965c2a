"""Paths and roots of a run: whether a path is below a root, a scan target's path, the base reports are relative
to, and a path relative to it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def within(root_real: str, path: str) -> bool:
    """True when path (already resolved) is root_real or below it."""
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


def resolve_target(path: Path, cwd: str) -> Path:
    """A scan target's path: a directory's real path; a file's path as named when it is below the current
    directory (its folders are then judged like those of a listing, see files.Folders); elsewhere the file's path
    with its folder resolved. A named file that is a symbolic link stays a link, to be judged like any other."""
    absolute = Path(os.path.abspath(path))
    if absolute.is_dir():
        return absolute.resolve()
    if within(cwd, str(absolute)):
        return absolute
    return Path(os.path.realpath(absolute.parent)) / absolute.name


def display_base(paths: Sequence[Path], cwd: str | None = None) -> Path:
    """The folder paths in reports are relative to: the current directory when every target is below it, else
    the first target (or its folder)."""
    cwd = cwd or os.path.realpath(os.getcwd())
    if all(within(cwd, str(p)) for p in paths):
        return Path(cwd)
    first = paths[0]
    return first if first.is_dir() else Path(os.path.realpath(first.parent))


def relative(base: Path, target: Path) -> str:
    """target relative to base with '/' separators; '' for base itself."""
    rel = os.path.relpath(target, base).replace(os.sep, "/")
    return "" if rel == "." else rel


def named_file(path: Path) -> bool:
    """A file, or a symbolic link to nothing (read as a file, to be reported unreadable)."""
    return path.is_file() or (path.is_symlink() and not path.exists())


def named_path(path: Path) -> Path:
    """A named file's absolute path with its folder resolved: a card that is a symbolic link keeps its name."""
    return Path(os.path.realpath(path.absolute().parent)) / path.name


def shown_path(path: Path) -> str:
    """A file's path for messages: relative to the current directory, unless the absolute path is shorter."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        return absolute
    return relative if len(relative) <= len(absolute) else absolute
