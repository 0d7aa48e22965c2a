"""The one exception family the command line turns into exit code 2 with a one-line message."""

from __future__ import annotations

import errno
import os


class AimsLintError(Exception):
    """A usage, configuration or rule-pack error: reported on one line, exit code 2."""


class RulePackError(AimsLintError):
    """A rule pack that cannot be loaded or does not match the rule-pack schema."""


class TooManyOpenFiles(AimsLintError):
    """No file descriptor left (the process's limit, ulimit -n, or the system's): no file can be opened, so the
    run stops instead of reporting files it could not open as unreadable."""

    def __init__(self, code: int) -> None:
        if code == errno.ENFILE:
            super().__init__("too many open files in the system; close some programs and run again")
            return
        limit = open_files_limit()
        most = f"at most {limit}" if limit is not None else "the limit"
        super().__init__(f"too many open files ({most} per process); raise the limit with 'ulimit -n' and run again")


def descriptor_shortage(exc: BaseException) -> int | None:
    """EMFILE or ENFILE when exc says no file descriptor was left, else None. An extension module that could not
    be loaded says so only in its message."""
    if isinstance(exc, OSError):
        return exc.errno if exc.errno in (errno.EMFILE, errno.ENFILE) else None
    if isinstance(exc, ImportError):
        for code in (errno.ENFILE, errno.EMFILE):  # the first message holds the second
            if os.strerror(code) in str(exc):
                return code
    return None


def stop_if_out_of_descriptors(exc: BaseException) -> None:
    """Raise TooManyOpenFiles when exc says no file descriptor was left."""
    code = descriptor_shortage(exc)
    if code is not None:
        raise TooManyOpenFiles(code) from None


def open_files_limit() -> int | None:
    """The most file descriptors this process may have open, where the system tells. From sysconf, not the
    resource module: importing a module may need a descriptor there is not."""
    limit = os.sysconf("SC_OPEN_MAX") if "SC_OPEN_MAX" in os.sysconf_names else -1
    return limit if limit > 0 else None
