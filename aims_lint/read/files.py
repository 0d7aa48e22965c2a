"""Safe reads of a scanned repository's files: never through a link leading outside its root, never waiting on a
pipe, never past the size limit, and a process out of file descriptors stopped rather than a file called
unreadable."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from aims_lint.errors import stop_if_out_of_descriptors
from aims_lint.model import Location, Problem
from aims_lint.read.paths import within


class Folders:
    """The real path of each folder files are read from, found with one lstat per folder (a realpath where a link
    is met) and kept for the run.

    A file is read only when the real path of its folder is inside the file's root: git lists the files of a
    tracked folder that has since been replaced by a link, and the link may lead anywhere.
    """

    def __init__(self, base: str, roots: Iterable[str]) -> None:
        self.base = base
        self._real: dict[str, str] = {root: root for root in roots}  # real paths are their own
        self._verdicts: dict[str, tuple[str, bool]] = {}  # folder relative to base -> (root, outside it)

    def _real_path(self, folder: str) -> str:
        pending: list[tuple[str, str]] = []
        while folder not in self._real:
            parent, name = os.path.split(folder)
            if parent == folder or not name:
                self._real[folder] = os.path.realpath(folder)
                break
            pending.append((folder, name))
            folder = parent
        real = self._real[folder]
        for path, name in reversed(pending):
            below = os.path.join(real, name)
            real = os.path.realpath(below) if os.path.islink(below) else below
            self._real[path] = real
        return real

    def outside(self, rel: str, root: str) -> bool:
        """True when rel's folder (rel is relative to base) leads outside root, the real path of its root."""
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        known = self._verdicts.get(folder)
        if known is not None and known[0] == root:
            return known[1]
        # A listing's names have no '.' or '..' parts; a named file's may begin with '..', from base to it.
        path = os.path.join(self.base, folder) if folder else self.base
        verdict = not within(root, self._real_path(os.path.normpath(path) if folder.startswith("..") else path))
        self._verdicts[folder] = (root, verdict)
        return verdict


def folder_outside(rel: str) -> Problem:
    """The problem of a file whose folder leads outside the scanned repository."""
    return Problem("symlink-outside", "a folder of this path is a symbolic link that points outside the scanned "
                   "repository; not read", Location(rel))



# Artifact files are opened without following a link (a link is looked at first) and without waiting on a pipe.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _open(full: str, flags: int) -> int:
    """os.open, except that a process out of file descriptors stops the run (TooManyOpenFiles, not an OSError):
    the file is not unreadable, this process is."""
    try:
        return os.open(full, flags)
    except OSError as exc:
        stop_if_out_of_descriptors(exc)
        raise


def open_inside(full: str, real_base: str) -> int | None:
    """A descriptor for full, following a symbolic link only when it leads inside real_base (None when it does
    not). Raises OSError when the file cannot be opened.

    One open call for the common plain file: it fails with ELOOP on a link, which is then resolved and checked.
    """
    try:
        return _open(full, _OPEN_FLAGS | _NOFOLLOW)
    except OSError as exc:
        if not _NOFOLLOW or exc.errno != errno.ELOOP:
            raise
    if not within(real_base, os.path.realpath(full)):
        return None
    return _open(full, _OPEN_FLAGS)


def read_bytes(base: Path, real_base: str, rel: str, max_bytes: int) -> bytes | Problem:
    """The whole of base/rel, or the problem that kept it from being read (a link leading outside real_base, not
    a regular file, over max_bytes, an error)."""
    # The file is looked at before it is opened, so that a file too large, a pipe or a link leading outside is
    # never opened at all. Plain os calls on a string path: pathlib and file objects cost more than the read.
    full = os.path.join(base, rel)
    try:
        info = os.lstat(full)
    except OSError as exc:
        return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    follow = stat.S_ISLNK(info.st_mode)
    if follow:
        if not within(real_base, os.path.realpath(full)):
            return Problem("symlink-outside", "symbolic link points outside the scanned repository; not followed",
                           Location(rel))
        try:
            info = os.stat(full)
        except OSError as exc:
            return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    if not stat.S_ISREG(info.st_mode):
        return Problem("unreadable", "not a regular file; not read", Location(rel))
    if info.st_size > max_bytes:
        return Problem(
            "too-large",
            f"file is {info.st_size / 1048576:.1f} MiB, over the {max_bytes / 1048576:.1f} MiB limit; not read",
            Location(rel),
        )
    try:
        # Not following a link that was not one a moment ago, and never waiting on a pipe that took its place.
        fd = _open(full, _OPEN_FLAGS | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    try:
        # Ask for the size stat gave, and one byte more to see a file that grew since: then read on, up to the
        # limit and one byte past it.
        data = read_up_to(fd, min(info.st_size, max_bytes) + 1)
        if len(data) > info.st_size:
            data += read_up_to(fd, max_bytes + 1 - len(data))
        return data
    except OSError as exc:
        return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    finally:
        os.close(fd)


def read_head(full: str, real_base: str, size: int, *, max_bytes: int | None = None) -> bytes | None:
    """Up to size bytes of a regular file, or None where nothing is to be read: a link leading outside, a file
    that is not regular, one over max_bytes (when given), or one that cannot be opened or read. A pipe never
    blocks."""
    try:
        fd = open_inside(full, real_base)
    except OSError:
        return None
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
            return None
        return read_up_to(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_up_to(fd: int, size: int) -> bytes:
    """size bytes from fd, or fewer at the end of the file."""
    parts: list[bytes] = []
    while size > 0:
        part = os.read(fd, size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_text_file(path: Path, real_root: str, max_bytes: int) -> str:
    """The text of a file aims-lint reads for itself (a configuration, a rule pack), read as the scanned files
    are: a link followed only inside real_root, never a pipe, at most max_bytes. Raises AimsLintError naming
    the file when it cannot be read or decoded."""
    from aims_lint.errors import AimsLintError
    from aims_lint.parse.text import decode

    data = read_bytes(path.parent, real_root, path.name, max_bytes)
    shown = str(path)
    if isinstance(data, Problem):
        raise AimsLintError(f"{shown}: {data.message}")
    decoded = decode(data)
    if decoded.text is None:
        raise AimsLintError(f"{shown}:{decoded.error_line}: {decoded.error or 'cannot be decoded'}")
    return decoded.text

