"""Shared test helpers: real git repositories in temp dirs, the CLI run in-process, the shared corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
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

    def _run(*args: str, cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        else:  # pragma: no cover - main always exits
            code = 0
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    yield _run
