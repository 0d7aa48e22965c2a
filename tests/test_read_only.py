"""The guard that keeps every integration run read-only (conftest.unchanged, read_only_run, used by run_cli, the
Action's and the hook's runs) sees each kind of change, allows only the writes asked for, and catches a run of
the real command line that writes where it was not asked."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import make_git_repo, read_only_run, scanned_roots, unchanged

CARD = "---\nlicense: mit\n---\n# Model card\n\n## Uses\n\nRanks reviews.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_git_repo(tmp_path / "repo", {"models/m/README.md": CARD, "models/m/model.safetensors": b"\0",
                                             "tools/run.sh": "#!/bin/sh\n"})
    (root / "link.md").symlink_to("models/m/README.md")
    return root


CHANGES: dict[str, Callable[[Path], Any]] = {
    "bytes": lambda r: (r / "models/m/README.md").write_text(CARD + "x", encoding="utf-8"),
    "same-size-bytes": lambda r: (r / "models/m/README.md").write_text(CARD.replace("Ranks", "Ranko"), "utf-8"),
    "mode": lambda r: (r / "tools/run.sh").chmod(0o755),
    "new-file": lambda r: (r / "models/m/notes.txt").write_text("", encoding="utf-8"),
    "new-folder": lambda r: (r / "cache").mkdir(),
    "removed": lambda r: (r / "models/m/model.safetensors").unlink(),
    "renamed": lambda r: (r / "tools/run.sh").rename(r / "tools/run2.sh"),
    "link-target": lambda r: ((r / "link.md").unlink(), (r / "link.md").symlink_to("tools/run.sh")),
    "fifo": lambda r: os.mkfifo(r / "models/m/pipe"),
    "git-index": lambda r: (r / ".git/index").write_bytes((r / ".git/index").read_bytes() + b"\0"),
    "git-ref": lambda r: (r / ".git/refs/heads/other").write_text("0" * 40 + "\n", encoding="utf-8"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_kind_of_change_to_the_scanned_tree_fails(repo: Path, change: str) -> None:
    with pytest.raises(AssertionError, match="changed what it was not asked to write"), unchanged(repo):
        CHANGES[change](repo)


def test_reading_everything_changes_nothing(repo: Path) -> None:
    with unchanged(repo):
        for path in repo.rglob("*"):
            if path.is_file():
                path.read_bytes()


def test_only_the_writes_asked_for_are_allowed(repo: Path) -> None:
    args = ["check", ".", "-o", "out/report.json", "--format", "sarif:code.sarif", "--write-baseline=base.json"]
    with read_only_run(args, repo):
        (repo / "out").mkdir()
        (repo / "out/report.json").write_text("{}", encoding="utf-8")
        (repo / "code.sarif").write_text("{}", encoding="utf-8")
        (repo / "base.json").write_text("{}", encoding="utf-8")
    with read_only_run(["report", "."], repo, writes=["soa.yaml"]):
        (repo / "soa.yaml").write_text("", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"\['stray.json'\]"), read_only_run(args, repo):
        (repo / "stray.json").write_text("{}", encoding="utf-8")


def test_the_folders_a_command_reads_are_the_ones_watched(repo: Path, tmp_path: Path) -> None:
    assert scanned_roots(["check", str(repo / "models"), str(repo / "models/m")], tmp_path) == [repo / "models"]
    assert scanned_roots(["check", "models/m/README.md"], repo) == [repo / "models/m"]
    assert scanned_roots(["check", "--select", "MC"], repo) == [repo]
    assert scanned_roots(["rules"], repo) == []


def test_a_run_of_the_command_line_that_writes_unasked_is_caught(repo: Path, run_cli: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from aims_lint import cli

    assert run_cli("check", ".", "-f", "json", "-o", "report.json", cwd=repo).exit_code == 1
    original = cli._report

    def leaky(*args: Any, **kwargs: Any) -> Any:  # a regression that drops a cache file into the repository
        (repo / ".aims-lint-cache").write_text("", encoding="utf-8")
        return original(*args, **kwargs)

    monkeypatch.setattr(cli, "_report", leaky)
    with pytest.raises(AssertionError, match=r"\['.aims-lint-cache'\]"):
        run_cli("check", ".", "-f", "json", "-o", "report2.json", cwd=repo)
