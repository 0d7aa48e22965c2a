"""Listing a scan's files: git's view of the tree when in a work tree, a filtered walk otherwise; the git work
tree around named files (focus mode's request); and a listing started on a thread so it overlaps start-up."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aims_lint.read.git import run_git
from aims_lint.read.paths import named_file, named_path, within

# Directories never walked outside git: version control, environments, caches, vendored packages.
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "site-packages", ".eggs", ".ipynb_checkpoints", ".dvc"}
)


@dataclass(frozen=True, slots=True)
class GitListing:
    """git's view of a folder: the files it shows, or None when the folder is to be walked instead."""

    files: list[str] | None
    # Why git showed nothing, for the user; None when the folder is simply not in a git work tree.
    warning: str | None = None
    # The files listed that git does not track yet.
    untracked: frozenset[str] = frozenset()


def git_files(root: Path) -> GitListing:
    """Tracked files plus untracked ones .gitignore does not exclude; no files when root is not in a work tree
    git will read, with the reason when it is more than that (git missing, or refusing a repository owned by
    another user). Raises TooManyOpenFiles when git cannot be started for want of file descriptors."""
    # core.fsmonitor off: the scanned repository's own config could name a program for git to run.
    # -t tags each path; with --deleted, files gone from the work tree but still in the index come again
    # tagged R, so one call tells which listed files really exist (findings must point at files that exist).
    answer = run_git(["-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "ls-files", "-z", "-t",
                      "--cached", "--deleted", "--others", "--exclude-standard"], root)
    if answer.stdout is None:
        if answer.reason is None:
            return GitListing(None)
        return GitListing(None, answer.warning(root, "listing files without .gitignore"))
    present: dict[str, None] = {}
    gone: set[str] = set()
    untracked: set[str] = set()
    for entry in answer.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) < 3:
            continue
        tag, path = entry[0], entry[2:]
        if tag == "R":
            gone.add(path)
        else:
            present[path] = None  # an unmerged file is listed once per stage
            if tag == "?":
                untracked.add(path)
    return GitListing([p for p in present if p not in gone], untracked=frozenset(untracked))


def walk_files(root: Path) -> Iterator[str]:
    """Every file under root, skipping version control, virtual environments and dependency folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            yield prefix + name


def list_files(root: Path, warnings: list[str] | None = None, untracked: set[str] | None = None) -> list[str]:
    """Paths relative to root, with '/' separators, sorted; why git did not list them is added to warnings, and the
    files git does not track to untracked."""
    listed = git_files(root)
    if untracked is not None:
        untracked |= listed.untracked
    if listed.files is None:
        if listed.warning is not None and warnings is not None:
            warnings.append(listed.warning)
        return sorted(walk_files(root))
    return sorted(listed.files)


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


def focus_request(paths: Sequence[str | Path], warnings: list[str] | None = None) -> FocusRequest | None:
    """When every path is a file inside one git work tree (as pre-commit passes them): that tree and the files.
    Why git would not read the tree, when it is not simply outside one, is added to warnings."""
    if not paths:
        return None
    files: list[Path] = []
    for path in map(Path, paths):
        if not named_file(path):
            return None
        files.append(named_path(path))
    top = git_toplevel(files[0].parent, warnings)
    if top is None or not all(within(str(top), str(f.parent)) for f in files):
        return None
    return FocusRequest(top, tuple(files))


class Listing:
    """A work tree's files (list_files), listed on a thread while the rest of aims-lint loads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Why git did not list the files, if it did not (see list_files): for the user.
        self.warnings: list[str] = []
        # The files listed that git does not track yet (known once the listing is done).
        self.untracked: set[str] = set()
        self._files: list[str] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._list, args=(root,), name="aims-lint-listing", daemon=True)
        self._thread.start()

    def _list(self, root: Path) -> None:
        try:
            self._files = list_files(root, self.warnings, self.untracked)
        except BaseException as exc:  # handed to the caller, on its own thread
            self._error = exc

    def wait(self, timeout: float = 30.0) -> None:
        """Let the listing end (git has its own time to finish), whether or not its files are wanted."""
        self._thread.join(timeout)

    def files(self) -> list[str]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._files is not None
        return self._files


def listed(root: Path, listing: Listing | None, warnings: list[str]) -> list[str]:
    """root's files: from listing when it lists root (already started), else listed now; why git did not list
    them is added to warnings."""
    if listing is not None and listing.root == root:
        files = listing.files()  # the thread's warnings are known once it is done
        warnings.extend(listing.warnings)
        return files
    return list_files(root, warnings)
