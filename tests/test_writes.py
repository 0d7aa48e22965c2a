"""Reports are written whole, never through a link planted in the repository, and an error leaves nothing behind."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import make_git_repo, write_tree

_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]
CARD = "---\nlibrary_name: transformers\nlicense: mit\n---\n# Model Card for demo\n\n## Uses\n\nSorting reviews.\n"
NOT_OURS = "not ours\n"


def aims_lint(cwd: Path, *args: str, preexec_fn: Callable[[], None] | None = None,
              timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AIMS_LINT, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          check=False, preexec_fn=preexec_fn)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_git_repo(tmp_path / "repo", {"models/demo/README.md": CARD, "models/demo/model.safetensors": b"\0"})


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the repository that a planted link points at: it must never change."""
    target = tmp_path / "outside" / "precious.txt"
    target.parent.mkdir()
    target.write_text(NOT_OURS, encoding="utf-8")
    return target


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") and not p.is_symlink())


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def sarif_document(path: Path) -> dict[str, object]:
    assert path.is_file() and not path.is_symlink()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == "2.1.0"
    return document


@pytest.mark.parametrize("how", [["--format", "sarif", "--output", "aims.sarif"], ["--format", "sarif:aims.sarif"]],
                         ids=["output", "format-path"])
def test_a_planted_temporary_file_link_is_not_written_through(repo: Path, outside: Path, how: list[str]) -> None:
    (repo / ".aims.sarif.tmp").symlink_to(outside)
    proc = aims_lint(repo, "check", ".", *how)
    assert proc.returncode == 1, proc.stderr
    assert outside.read_text(encoding="utf-8") == NOT_OURS
    assert (repo / ".aims.sarif.tmp").is_symlink()  # left as it was, not used
    sarif_document(repo / "aims.sarif")
    assert temporaries(repo) == []


def test_a_report_name_that_is_a_link_is_replaced_not_written_through(repo: Path, outside: Path) -> None:
    (repo / "aims.sarif").symlink_to(outside)
    proc = aims_lint(repo, "check", ".", "--format", "sarif:aims.sarif")
    assert proc.returncode == 1, proc.stderr
    assert outside.read_text(encoding="utf-8") == NOT_OURS
    sarif_document(repo / "aims.sarif")


def test_a_report_name_linked_to_a_pipe_is_not_written_into(repo: Path, tmp_path: Path) -> None:
    # A pipe or a device the user names is written into; one that a link in the repository leads to is not (the
    # write would block on a pipe; into a disk device, as root in a container, it would be worse).
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    (repo / "aims.json").symlink_to(pipe)
    proc = aims_lint(repo, "check", ".", "-f", "json", "-o", "aims.json", timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert json.loads((repo / "aims.json").read_text(encoding="utf-8"))["version"] == 1
    assert not (repo / "aims.json").is_symlink()


def test_a_report_folder_that_is_a_link_in_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / "reports").symlink_to(elsewhere, target_is_directory=True)
    for how in (["-o", "reports/aims.sarif"], ["-f", "sarif:reports/aims.sarif"],
                ["-o", str(repo / "reports" / "aims.sarif")]):
        line = one_error_line(aims_lint(repo, "check", ".", "-f", "sarif", *how))
        assert "cannot write" in line and "reports/aims.sarif" in line and "symbolic link" in line, line
        assert list(elsewhere.iterdir()) == []


def test_report_folders_are_made_when_missing(repo: Path, tmp_path: Path) -> None:
    for target in ("reports/nested/aims.json", str(tmp_path / "out" / "deep" / "aims.json")):
        proc = aims_lint(repo, "check", ".", "-f", "json", "-o", target)
        assert proc.returncode == 1, proc.stderr
        written = repo / target if not os.path.isabs(target) else Path(target)
        assert json.loads(written.read_text(encoding="utf-8"))["version"] == 1
        assert temporaries(written.parent) == []


def test_concurrent_runs_writing_one_report_all_succeed(repo: Path) -> None:
    # A report of a megabyte or two keeps each write long enough for runs sharing one temporary name to collide.
    write_tree(repo, {f"models/m{i}/README.md": "# Model Card\n\nx\n" for i in range(300)})

    def one(_: int) -> subprocess.CompletedProcess[str]:
        return aims_lint(repo, "check", ".", "-f", "json", "-o", "reports/aims.json", "--fail-on", "never",
                         "--jobs", "1")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(8)))
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    report = json.loads((repo / "reports" / "aims.json").read_text(encoding="utf-8"))
    assert report["summary"]["artifacts"] == len(report["artifacts"]) > 300
    assert temporaries(repo / "reports") == []


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_a_report_is_created_as_any_file_is(repo: Path, mask: int) -> None:
    proc = aims_lint(repo, "check", ".", "-o", "aims.txt", preexec_fn=lambda: os.umask(mask) and None)
    assert proc.returncode == 1, proc.stderr
    assert (repo / "aims.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_failed_write_is_one_line_and_leaves_no_temporary_file(repo: Path) -> None:
    # Python ignores SIGXFSZ: past the file size limit a write fails with EFBIG, after the temporary file was made.
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    line = one_error_line(aims_lint(repo, "check", ".", "-f", "sarif", "-o", "aims.sarif", preexec_fn=small_files))
    assert line.startswith("aims-lint: error: cannot write aims.sarif: "), line
    assert not (repo / "aims.sarif").exists()
    assert temporaries(repo) == []


def test_a_report_over_a_folder_is_one_line_and_leaves_no_temporary_file(repo: Path) -> None:
    (repo / "taken" / "inside").mkdir(parents=True)
    line = one_error_line(aims_lint(repo, "check", ".", "-f", "json:taken"))
    assert "cannot write taken: " in line, line
    assert temporaries(repo) == []


def test_dev_stdout_is_written_into(repo: Path) -> None:
    proc = aims_lint(repo, "check", ".", "-f", "json", "-o", "/dev/stdout")
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["version"] == 1
