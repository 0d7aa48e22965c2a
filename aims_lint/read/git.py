"""Running git in a scanned folder, and telling why it gave no answer when that is more than "not a repository"."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aims_lint.errors import stop_if_out_of_descriptors

# git's messages in English whatever the user's language, so that "not a git repository" can be told apart.
_PLAIN_MESSAGES = {"LC_ALL": "C"}
_NOT_A_REPOSITORY = "not a git repository"
_DUBIOUS_OWNERSHIP = "dubious ownership"
# Longest part of git's message repeated to the user.
_MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class GitAnswer:
    """What git printed, or why it printed nothing useful."""

    stdout: bytes | None  # None: git failed
    # Why it failed, in git's words (one line, printable), or None when the folder is simply not in a work
    # tree (or git is missing where there is no work tree to read anyway).
    reason: str | None = None
    # git refused the repository as owned by someone else (safe.directory).
    dubious_ownership: bool = False
    # git could not be found.
    missing: bool = False

    def warning(self, folder: Path, instead: str) -> str:
        """The line that tells the user why git gave nothing for folder, and what is done instead. The same
        line for every folder of one repository (or without git), so that a run tells it once."""
        if self.dubious_ownership:
            return (f"git refused to read a repository ({self.reason}); {instead}. Add it to git's safe.directory "
                    "to use git's view")
        if self.missing:
            return f"{self.reason}; {instead}"
        return f"git could not read {printable(str(folder))} ({self.reason}); {instead}"


def run_git(args: Sequence[str], cwd: Path) -> GitAnswer:
    """git ARGS in cwd. Raises TooManyOpenFiles when no descriptor is left to run it with."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, env={**os.environ, **_PLAIN_MESSAGES}
        )
    except OSError as exc:
        stop_if_out_of_descriptors(exc)
        if isinstance(exc, FileNotFoundError) and not _in_work_tree(cwd):
            return GitAnswer(None)
        if isinstance(exc, NotADirectoryError):
            return GitAnswer(None)
        if isinstance(exc, FileNotFoundError) and exc.filename == "git":
            return GitAnswer(None, "git is not installed, or not on PATH", missing=True)
        return GitAnswer(None, printable(f"git could not be run: {exc.strerror or exc}"))
    if proc.returncode == 0:
        return GitAnswer(proc.stdout)
    message = proc.stderr.decode("utf-8", "replace")
    if _NOT_A_REPOSITORY in message:
        return GitAnswer(None)
    return GitAnswer(None, _reason(message, proc.returncode), dubious_ownership=_DUBIOUS_OWNERSHIP in message)


def _reason(message: str, status: int) -> str:
    """The line of git's message that says what went wrong."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal:", "error:"):
            if line.startswith(prefix):
                return printable(line[len(prefix):].strip())
    if lines:
        return printable(lines[0])
    return f"git was ended by signal {-status}" if status < 0 else f"git exited with status {status}"


def _in_work_tree(directory: Path) -> bool:
    """Whether directory or a folder above it holds .git: whether git would have had something to read."""
    current = os.path.abspath(directory)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def printable(text: str) -> str:
    """text on one line, without control characters (a folder's name may hold any), and not too long."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return shown if len(shown) <= _MAX_REASON else shown[: _MAX_REASON - 3] + "..."
