"""Writing files aims-lint was asked to write (reports, templates): whole or not at all, never through a planted link.

A file is written to a temporary file of an unpredictable name, created exclusively and without following a link
in the file's real folder, then renamed over the file's name: a reader never sees half a file, runs writing the
same file at once do not share a temporary file, and a link planted at the temporary or the final name is
replaced or refused, never written through. The folders of a path are opened one at a time without following a
link (descriptors relative to the folder above) wherever the path is below a folder that may hold links aims-lint
did not make: the current directory for a report, the target folder for `init`.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path, PurePath

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
# Where a folder cannot be opened relative to another (Windows), paths are checked with lstat and used whole.
_BY_DESCRIPTOR = {os.open, os.mkdir, os.stat, os.rename, os.unlink} <= os.supports_dir_fd


class _Folder:
    """A folder to create and replace files in: a descriptor where the platform allows, else its path."""

    def __init__(self, path: str, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    def name(self, entry: str) -> str:
        """entry as the os functions take it with dir_fd=self.fd."""
        return entry if self.fd is not None else os.path.join(self.path, entry)

    def lstat(self, entry: str) -> os.stat_result | None:
        try:
            return os.stat(self.name(entry), dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None


def _link_refused(shown: str) -> OSError:
    return OSError(errno.ELOOP, f"{shown} is a symbolic link; not followed")


def _open_folder(parent: _Folder, entry: str, shown: str, *, create: bool) -> _Folder | None:
    """The folder entry of parent, never through a link; created when missing and create, else None."""
    info = parent.lstat(entry)
    if info is None and create:
        with suppress(FileExistsError):  # another run made it meanwhile: judged like any folder
            os.mkdir(parent.name(entry), dir_fd=parent.fd)
        info = parent.lstat(entry)
    if info is None:
        if create:
            raise FileNotFoundError(errno.ENOENT, f"{shown} was removed while being written to")
        return None
    if stat.S_ISLNK(info.st_mode):
        raise _link_refused(shown)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, f"{shown} is not a directory")
    path = os.path.join(parent.path, entry)
    if parent.fd is None:
        return _Folder(path, None)
    try:
        return _Folder(path, os.open(entry, _FOLDER_FLAGS, dir_fd=parent.fd))
    except NotADirectoryError:
        # O_DIRECTORY with O_NOFOLLOW fails so on a link: one put there since it was looked at.
        raise _link_refused(shown) from None


@contextmanager
def _folder_below(top: str, parts: Sequence[str], *, create: bool) -> Iterator[_Folder | None]:
    """The folder top/parts[0]/..., each part a real folder (created when missing and create), top followed as given
    (created when missing and create); None when a part is missing and not create."""
    if create:
        os.makedirs(top, exist_ok=True)
    folder = _Folder(top, os.open(top, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _BY_DESCRIPTOR else None)
    opened = [folder]
    try:
        for index, entry in enumerate(parts):
            if entry in ("", "."):
                continue
            shown = "/".join(parts[: index + 1])
            below = _open_folder(opened[-1], entry, shown, create=create)
            if below is None:
                yield None
                return
            opened.append(below)
        yield opened[-1]
    finally:
        for each in opened:
            if each.fd is not None:
                os.close(each.fd)


# A report given in pieces is written in blocks of about this many characters.
BLOCK = 1 << 18


def _write_all(fd: int, data: bytes | Iterable[str]) -> None:
    for block in _blocks(data):
        view = memoryview(block)
        while view:
            view = view[os.write(fd, view):]


def _blocks(data: str | bytes | Iterable[str]) -> Iterator[bytes]:
    """The bytes of data (UTF-8 text, or text in pieces made meanwhile) in blocks of about BLOCK characters."""
    if isinstance(data, bytes):
        yield data
        return
    if isinstance(data, str):
        yield data.encode("utf-8")
        return
    pending: list[str] = []
    size = 0
    for chunk in data:
        pending.append(chunk)
        size += len(chunk)
        if size >= BLOCK:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def _replace(folder: _Folder, name: str, data: bytes | Iterable[str]) -> None:
    """Write data to a fresh temporary file in folder, then rename it over name (a link there included)."""
    for _ in range(16):
        # What secrets.token_hex gives, without the modules importing secrets loads.
        temporary = f".{name[:200]}.{os.urandom(8).hex()}.tmp"
        try:
            # The kernel applies the umask to 0o666, as for any file a program creates.
            fd = os.open(folder.name(temporary), _CREATE_FLAGS, 0o666, dir_fd=folder.fd)
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary file name")
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.rename(folder.name(temporary), folder.name(name), src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(folder.name(temporary), dir_fd=folder.fd)
        raise


def _write_into(folder: _Folder, name: str, data: bytes | Iterable[str]) -> None:
    """Write data into an existing file that is not a regular one (a device, a pipe): replacing it would swap it
    for a regular file."""
    fd = os.open(folder.name(name), os.O_WRONLY | os.O_TRUNC | _NOFOLLOW, dir_fd=folder.fd)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def write_below(top: str | Path, rel: str, text: str | bytes | Iterable[str], *, strict: bool) -> None:
    """Write text (or bytes, or text in pieces made while it is written) to top/rel whole. top is followed as given
    and created when missing; each folder of rel must be a real folder (created when missing), never a link. The file
    itself is never written through a link: strict, anything there that is not a regular file is refused; otherwise
    a link is replaced by the file and a device or pipe is written into."""
    *folders, name = PurePath(rel).parts
    data = text.encode("utf-8") if isinstance(text, str) else text
    with _folder_below(str(top), folders, create=True) as folder:
        assert folder is not None
        info = folder.lstat(name)
        kind = stat.S_IFMT(info.st_mode) if info is not None else stat.S_IFREG
        if strict and kind == stat.S_IFLNK:
            raise _link_refused(rel)
        if strict and kind != stat.S_IFREG:
            raise OSError(errno.EEXIST, f"{rel} exists and is not a regular file; not overwritten")
        if kind in (stat.S_IFREG, stat.S_IFLNK, stat.S_IFDIR):
            _replace(folder, name, data)  # over a folder, the rename fails and says so
        else:
            _write_into(folder, name, data)


def check_folders(top: str | Path, rel: str) -> None:
    """Raise the OSError write_below(top, rel) would raise for a folder of rel that is a link or not a folder,
    without writing anything."""
    if os.path.isdir(top):
        with _folder_below(str(top), PurePath(rel).parts[:-1], create=False):
            pass


def _below_cwd(path: str) -> str | None:
    """path relative to the current directory when it is below it (as typed, '..' kept), else None."""
    if os.path.isabs(path):
        cwd = os.getcwd()
        prefix = cwd.rstrip(os.sep) + os.sep
        if cwd == os.sep or not path.startswith(prefix):
            return None
        path = path[len(prefix):]
    if not PurePath(path).parts or os.path.normpath(path).split(os.sep)[0] == os.pardir:
        return None
    return path


def write_report(path: str, text: str | Iterable[str]) -> None:
    """Write a report to the path the user named, creating its folders when missing.

    Below the current directory (the repository in CI and pre-commit), no folder of the path is followed when it
    is a link and a link at the file's name is replaced by the report. Elsewhere the path is the user's own and is
    followed as given: an existing device or pipe (/dev/null, /dev/stdout) is written into.
    """
    rel = _below_cwd(path)
    if rel is not None:
        write_below(os.getcwd(), rel, text, strict=False)
        return
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines((text,) if isinstance(text, str) else text)
        return
    parent, name = os.path.split(os.path.abspath(path))
    write_below(parent, name, text, strict=False)
