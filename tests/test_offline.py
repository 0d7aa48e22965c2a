"""aims-lint never touches the network: full checks, the pre-commit hook's run and the coverage report, each in a
process whose every name lookup and connection is refused and recorded (tests/network_guard.py); the Action's
steps are run the same way in tests/test_action.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, corpus_dir, git, make_git_repo, missing_tool, unchanged, write_tree
from network_guard import attempts, guarded_env
from test_hostile_input import AIMS_LINT

FORMATS = ("text", "json", "sarif", "github", "markdown", "junit", "gitlab")
# A connection, a name lookup and a URL opened, each error caught and dropped the way a careless library would.
DELIBERATE = """
import socket, sys, urllib.request
def connect():
    with socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
attempts = {"connect": connect, "lookup": lambda: socket.getaddrinfo("example.com", 443),
            "url": lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)}
for name in sys.argv[1:]:
    try:
        attempts[name]()
    except OSError as exc:
        print("guard" in str(exc))
"""


def _run(args: list[str], cwd: Path, guard: Path,
         hook: bool = False) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    env, log = guarded_env(guard)
    env.pop("PRE_COMMIT", None)
    if hook:
        env["PRE_COMMIT"] = "1"  # as pre-commit starts its hooks
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    return proc, attempts(log)


def test_the_guard_catches_a_deliberate_connection_in_a_subprocess(tmp_path: Path) -> None:
    proc, seen = _run([sys.executable, "-c", DELIBERATE, "connect", "lookup", "url"], tmp_path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True"] * 3  # each refused by the guard
    # Recorded even though the program went on as if nothing happened: the tests read the record.
    assert [line.split()[1] for line in seen] == ["socket.connect", "socket.getaddrinfo", "urllib.Request"], seen
    # Without the guard the same connection is refused by the (closed) port, not by the guard.
    free = subprocess.run([sys.executable, "-c", DELIBERATE, "connect"], capture_output=True, text=True,
                          check=False, timeout=60)
    assert free.stdout.split() == ["False"], free.stderr


def _reports(out: Path) -> list[str]:
    return [f"{fmt}:{out / fmt}" for fmt in FORMATS]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_check_of_the_examples_makes_no_network_attempt(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [*AIMS_LINT, "check", "examples", "--jobs", jobs, *(a for r in _reports(out) for a in ("-f", r))]
    with unchanged(PROJECT / "examples"):
        proc, seen = _run(args, PROJECT, tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert seen == []
    assert json.loads((out / "json").read_text(encoding="utf-8"))["findings"]
    assert all((out / fmt).stat().st_size for fmt in FORMATS)


def test_a_check_of_the_corpus_makes_no_network_attempt(tmp_path: Path) -> None:
    corpus = corpus_dir()
    with unchanged(corpus):
        proc, seen = _run([*AIMS_LINT, "check", str(corpus), "-f", "sarif", "-o", str(tmp_path / "corpus.sarif"),
                           "--fail-on", "never"], tmp_path, tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert seen == []
    assert json.loads((tmp_path / "corpus.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_the_coverage_report_and_its_evidence_pack_make_no_network_attempt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    seen_all = []
    with unchanged(PROJECT / "examples"):
        for fmt in ("markdown", "html", "json"):
            extra = ["--soa-draft", str(out / "soa.yaml"), "--evidence-pack", str(out / "pack.zip")] \
                if fmt == "json" else []
            proc, seen = _run([*AIMS_LINT, "report", "examples", "-f", fmt, "-o", str(out / f"report.{fmt}"),
                               "--framework", "eu-ai-act", *extra], PROJECT, tmp_path)
            assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
            seen_all += seen
    assert seen_all == []
    assert (out / "pack.zip").stat().st_size and (out / "soa.yaml").stat().st_size


def test_the_hook_and_a_change_against_history_make_no_network_attempt(tmp_path: Path) -> None:
    # The pre-commit hook's command as .pre-commit-hooks.yaml gives it (the staged change, no file names) and
    # --diff-base, which reads git's history.
    repo = make_git_repo(tmp_path / "repo", {"models/m/README.md": "---\nlicense: mit\n---\n# Model card\n",
                                             "models/m/model.safetensors": "v1"})
    git(repo, "checkout", "-q", "-b", "change")
    write_tree(repo, {"models/m/model.safetensors": "v2"})
    git(repo, "add", "-A")
    for args in (["check", "--staged", "--only-new", "--"], ["check", "--diff-base", "main", "-f", "json"]):
        with unchanged(repo):
            proc, seen = _run([*AIMS_LINT, *args], repo, tmp_path, hook="--staged" in args)
        # The weights retrained without their card: one new warning, below the default fail-on.
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert "models/m/model.safetensors" in proc.stdout
        assert seen == [], args


def test_a_check_without_any_network_gives_the_same_report(tmp_path: Path) -> None:
    # A stronger proof for git and every other program aims-lint starts: in a network namespace of its own there
    # is no interface but a down loopback, and the report is byte for byte the one of a run with the network.
    if shutil.which("unshare") is None:
        missing_tool("unshare (util-linux) is not installed")
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        missing_tool(f"no network namespace for this user: {probe.stderr.decode(errors='replace').strip()}")
    args = [*AIMS_LINT, "check", "examples", "-f", "sarif", "--fail-on", "never"]
    isolated = subprocess.run(["unshare", "-rn", *args], cwd=PROJECT, capture_output=True, text=True, check=False)
    normal = subprocess.run(args, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert isolated.returncode == normal.returncode == 0, isolated.stderr
    assert isolated.stdout == normal.stdout and json.loads(normal.stdout)["runs"][0]["results"]
