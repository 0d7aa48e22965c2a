"""The git work tree around named files, and its listing started early so it overlaps start-up."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aims_lint.read.catalogue import list_files, within
from aims_lint.read.git import run_git


@dataclass(frozen=True, slots=True)
class FocusRequest:
    """Files to report on and the git work tree that gives them context."""

    root: Path
    files: tuple[Path, ...]


def git_toplevel(directory: Path, warnings: list[str] | None = None) -> Path | None:
    """The top directory of the git work tree holding directory, or None outside one (or one git will not
    read: then why is added to warnings)."""
    answer = run_git(["rev-parse", "--show-toplevel"], directory)
    top = "" if answer.stdout is None else answer.stdout.decode("utf-8", "surrogateescape").strip()
    if not top:
        if answer.reason is not None and warnings is not None:
            warnings.append(answer.warning(directory, "reading the named files alone, without the work tree"))
        return None
    return Path(os.path.realpath(top))


def _named_file(path: Path) -> bool:
    """A file, or a symbolic link to nothing (read as a file, to be reported unreadable)."""
    return path.is_file() or (path.is_symlink() and not path.exists())


def focus_request(paths: Sequence[str | Path], warnings: list[str] | None = None) -> FocusRequest | None:
    """When every path is a file inside one git work tree (as pre-commit passes them): that tree and the files.
    Why git would not read the tree, when it is not simply outside one, is added to warnings."""
    if not paths:
        return None
    files: list[Path] = []
    for path in map(Path, paths):
        if not _named_file(path):
            return None
        # Resolve the folder only: a card that is a symbolic link is reported under its own name.
        files.append(Path(os.path.realpath(path.absolute().parent)) / path.name)
    top = git_toplevel(files[0].parent, warnings)
    if top is None or not all(within(str(top), str(f.parent)) for f in files):
        return None
    return FocusRequest(top, tuple(files))


class Listing:
    """A work tree's files (discover.list_files), listed on a thread while the rest of aims-lint loads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Why git did not list the files, if it did not (see discover.list_files): for the user.
        self.warnings: list[str] = []
        self._files: list[str] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._list, args=(root,), name="aims-lint-listing", daemon=True)
        self._thread.start()

    def _list(self, root: Path) -> None:
        try:
            self._files = list_files(root, self.warnings)
        except BaseException as exc:  # handed to the caller, on its own thread
            self._error = exc

    def files(self) -> list[str]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._files is not None
        return self._files
