"""Shared test helpers: real git repositories in temp dirs, the CLI run in-process (the scanned tree proven
unchanged by each run), the shared corpus."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import subprocess
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from aims_lint.cli import main

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"


def missing_tool(reason: str) -> None:
    """Skip for a missing external tool or corpus; in CI (AIMS_LINT_REQUIRE_TOOLS=1) fail instead."""
    if os.environ.get("AIMS_LINT_REQUIRE_TOOLS"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def corpus_dir(*parts: str) -> Path:
    """A folder of the shared corpus, or skip the test with the reason when it is not beside the project."""
    path = CORPUS.joinpath(*parts)
    if not path.is_dir():
        missing_tool(f"shared corpus not found at {path} (clone the project with ../shared beside it)")
    return path


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def git(root: Path, *args: str, date: str | None = None) -> str:
    """git ARGS in root as a test user, with commits dated `date` (an ISO date) when given."""
    stamp = f"{date}T12:00:00+00:00"
    dated = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp} if date else {}
    env = {
        **dated,
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root),
    }
    proc = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def make_git_repo(root: Path, files: Mapping[str, str | bytes], *, commit: bool = True) -> Path:
    """A real git repository holding files, committed unless commit is False."""
    write_tree(root, files)
    git(root, "init", "-q", "-b", "main")
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "fixture")
    return root


def commit_all(root: Path, message: str, *, date: str | None = None) -> str:
    """Stage everything in root's work tree (deletions too) and commit it; the new commit's id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD").strip()


def replace_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """root's work tree made to hold exactly files (everything but .git removed first)."""
    for child in root.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    return write_tree(root, files)


def tree_state(root: Path) -> dict[str, str]:
    """Every name under root, .git included, with its type and permission bits and its bytes' hash, a link's target
    (never followed), or the type of anything else (a FIFO is never opened)."""
    state: dict[str, str] = {}
    digests: dict[tuple[int, ...], str] = {}  # hard links to one file are read once
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            info = os.lstat(path)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            mode = f"{stat.filemode(info.st_mode)} "
            if stat.S_ISLNK(info.st_mode):
                state[rel] = mode + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
                if key not in digests:
                    with open(path, "rb") as handle:
                        digests[key] = hashlib.file_digest(handle, "sha256").hexdigest()
                state[rel] = mode + digests[key]
            else:
                state[rel] = mode
    return state


def _covered(name: str, writes: Collection[str]) -> bool:
    """name is a write that was asked for, is inside one (a folder written), or is a folder above one."""
    return any(w in ("", name) or name.startswith(w + "/") or w.startswith(name + "/") for w in writes)


@contextlib.contextmanager
def unchanged(root: Path, *, writes: Collection[str] = ()) -> Iterator[None]:
    """Fail when the code run inside changes anything under root (bytes, modes, names, links, .git) but the paths
    named in writes (relative to root, a folder standing for all it holds): the writes the test asked for."""
    before = tree_state(root)
    yield
    after = tree_state(root)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    unasked = [n for n in changed if not _covered(n, writes)]
    assert not unasked, f"the run changed what it was not asked to write under {root}: {unasked[:20]}"


# Options whose value is a file or folder the command was asked to write; --format FORMAT:PATH writes PATH.
WRITE_OPTIONS = frozenset({"-o", "--output", "--write-baseline", "--soa-draft", "--evidence-pack"})
# The commands that read a repository; the others (rules, explain, --version) read only aims-lint's own files.
READING_COMMANDS = frozenset({"check", "inventory", "report", "init", "config", "test"})


def asked_writes(args: Sequence[str], cwd: Path) -> list[Path]:
    """The paths a command line of aims-lint asks it to write (`init` writes its folder)."""
    named: list[str] = []
    for index, arg in enumerate(args):
        option, equals, value = arg.partition("=")
        if option in WRITE_OPTIONS or option in ("-f", "--format"):
            value = value if equals else (args[index + 1] if index + 1 < len(args) else "")
            named.append(value.partition(":")[2] if option in ("-f", "--format") else value)
    if args and args[0] == "init":
        named += [a for a in args[1:] if not a.startswith("-")] or ["."]
    return [Path(os.path.abspath(cwd / value)) for value in named if value]


def scanned_roots(args: Sequence[str], cwd: Path) -> list[Path]:
    """The folders a command line of aims-lint reads: each folder it names, the folder of each file it names, else
    the working directory; none for a command that reads no repository."""
    if not args or args[0] not in READING_COMMANDS:
        return []
    named = [Path(os.path.abspath(cwd / a)) for a in args[1:] if not a.startswith("-")]
    roots = {p if p.is_dir() else p.parent for p in named if p.exists()} or {cwd.absolute()}
    return sorted(r for r in roots if not any(o != r and r.is_relative_to(o) for o in roots))


@contextlib.contextmanager
def read_only_run(args: Sequence[str], cwd: Path, writes: Collection[str] = ()) -> Iterator[None]:
    """Fail when the command changes the folders it reads but for the writes its command line asks for (-o,
    --format FORMAT:PATH, --write-baseline, --soa-draft, --evidence-pack, init's folder) and those named in writes
    (relative to cwd)."""
    allowed = [*asked_writes(args, cwd), *(Path(os.path.abspath(cwd / w)) for w in writes)]
    with contextlib.ExitStack() as stack:
        for root in scanned_roots(args, cwd):
            inside = [w.relative_to(root).as_posix() for w in allowed if w.is_relative_to(root)]
            stack.enter_context(unchanged(root, writes=["" if w == "." else w for w in inside]))
        yield


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Run the real entry point in-process (with its error handling) from a given directory."""

    # A suite run from a pre-commit hook inherits PRE_COMMIT=1, under which check refuses options not ended by '--'.
    monkeypatch.delenv("PRE_COMMIT", raising=False)

    def _run(*args: str, cwd: Path | None = None, writes: Collection[str] = ()) -> CliResult:
        """The command run in cwd; what it reads must come out unchanged but for the writes asked for
        (read_only_run)."""
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        with read_only_run(args, Path.cwd(), writes):
            try:
                main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
            else:  # pragma: no cover - main always exits
                code = 0
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    yield _run
