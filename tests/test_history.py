"""Judging a change (--diff-base, --staged) in real git repositories built commit by commit: which findings are new,
unchanged or fixed, the co-change rules, renames, deletions, merges, shallow clones and odd states."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, commit_all, git, write_tree

from aims_lint.pipeline import LintOutcome, LintRequest, lint

CARD = """---
license: mit
version: 1.0.0
---
# Model card

## Intended use
Scores card transactions for analysts.
"""
# A card with a finding the first one lacks (no version), and one with a finding fewer.
CARD_NO_VERSION = CARD.replace("version: 1.0.0\n", "")
TODAY = "2026-01-31"


def _repo(tmp_path: Path, files: dict[str, str | bytes], name: str = "repo") -> Path:
    root = tmp_path / name
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_tree(root, files)
    commit_all(root, "first", date="2025-01-01")
    git(root, "checkout", "-q", "-b", "change")
    return root


def _judge(root: Path, **kwargs: object) -> LintOutcome:
    import datetime

    today = datetime.date.fromisoformat(TODAY)
    request = LintRequest(paths=(str(root),), today=today, **kwargs)  # type: ignore[arg-type]
    return lint(request)


def _rules_of(outcome: LintOutcome, state: str | None = None) -> list[tuple[str, str]]:
    comparison = outcome.comparison
    assert comparison is not None
    return sorted((f.rule_id, f.location.path) for f in outcome.report.findings
                  if state is None or comparison.state_of(f) == state)


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def _cli(run_cli: Callable[..., CliResult]) -> Cli:
    """The real entry point (with its error handling): exit code, standard output and standard error."""

    def invoke(root: Path, *args: str) -> tuple[int, str, str]:
        result = run_cli("check", "--today", TODAY, *args, str(root))
        return result.exit_code, result.stdout, result.stderr

    return invoke


BASE = {"models/m/README.md": CARD, "models/m/model.safetensors": b"weights v1"}


def test_a_change_of_the_card_only_reports_what_it_introduced_and_what_it_fixed(tmp_path: Path) -> None:
    root = _repo(tmp_path, {**BASE, "models/other/README.md": CARD, "models/other/model.bin": b"x"})
    write_tree(root, {"models/m/README.md": CARD_NO_VERSION})
    commit_all(root, "drop the version")
    outcome = _judge(root, diff_base="main")
    assert ("MC108", "models/m/README.md") in _rules_of(outcome, "new")
    assert ("MC108", "models/m/README.md") not in _rules_of(outcome, "unchanged")
    # The other model's card did not change: not judged twice, and none of its findings is new.
    assert all(path != "models/other/README.md" for _, path in _rules_of(outcome, "new"))
    assert outcome.comparison is not None and not outcome.comparison.fixed
    # And back: the version restored is one fixed finding, nothing new.
    write_tree(root, {"models/m/README.md": CARD})
    commit_all(root, "restore it")
    git(root, "branch", "-f", "base", "HEAD~1")
    back = _judge(root, diff_base="base")
    assert back.comparison is not None
    assert [f.rule_id for f in back.comparison.fixed] == ["MC108"]
    assert back.comparison.new == 0


def test_weights_changed_without_their_card_is_a_new_finding_on_the_weights(tmp_path: Path, _cli: Cli) -> None:
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/m/model.safetensors": b"weights v2"})
    commit_all(root, "retrain")
    code, out, _ = _cli(root, "--diff-base", "main", "--fail-on", "warning", "--select", "CH")
    assert code == 1
    assert "models/m/model.safetensors:1:1: CH101 warning" in out
    assert "models/m/README.md did not" in out
    assert "1 new, 0 unchanged, 0 fixed" in out


def test_weights_changed_with_their_card_passes(tmp_path: Path, _cli: Cli) -> None:
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/m/model.safetensors": b"weights v2",
                      "models/m/README.md": CARD.replace("1.0.0", "1.1.0")})
    commit_all(root, "retrain and document")
    code, out, _ = _cli(root, "--diff-base", "main", "--fail-on", "warning", "--select", "CH")
    assert code == 0, out
    assert "0 new" in out


def test_only_new_findings_decide_the_exit_code(tmp_path: Path, _cli: Cli) -> None:
    root = _repo(tmp_path, BASE)  # the card has errors (no limitations, no training data, ...) from the start
    write_tree(root, {"notes.txt": "unrelated\n"})
    commit_all(root, "unrelated")
    assert _cli(root)[0] == 1  # the whole backlog fails a plain run
    code, out, _ = _cli(root, "--diff-base", "main")
    assert code == 0, out
    assert " 0 new," in out


def test_a_renamed_card_keeps_the_identity_of_its_findings(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    git(root, "mv", "models/m/README.md", "models/m/MODEL_CARD.md")
    commit_all(root, "rename")
    outcome = _judge(root, diff_base="main")
    comparison = outcome.comparison
    assert comparison is not None
    card_findings = [f for f in outcome.report.findings if f.location.path == "models/m/MODEL_CARD.md"]
    assert card_findings and all(comparison.state_of(f) == "unchanged" for f in card_findings)
    assert comparison.new == 0 and not comparison.fixed


def test_deleting_a_card_while_its_weights_stay_is_a_finding(tmp_path: Path, _cli: Cli) -> None:
    root = _repo(tmp_path, BASE)
    git(root, "rm", "-q", "models/m/README.md")
    commit_all(root, "delete the card")
    outcome = _judge(root, diff_base="main")
    assert ("CH104", "models/m/model.safetensors") in _rules_of(outcome, "new")
    comparison = outcome.comparison
    assert comparison is not None
    # The deleted card's own findings are gone: counted as fixed, reported as absent in SARIF.
    assert comparison.fixed and all(f.location.path == "models/m/README.md" for f in comparison.fixed)
    _, out, _ = _cli(root, "--diff-base", "main", "--format", "sarif")
    states = [r.get("baselineState") for r in json.loads(out)["runs"][0]["results"]]
    assert "new" in states and "absent" in states and set(states) <= {"new", "unchanged", "absent"}


def test_a_merge_commit_is_judged_against_the_merge_base(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/m/model.safetensors": b"weights v2"})
    commit_all(root, "retrain on the branch")
    git(root, "checkout", "-q", "main")
    write_tree(root, {"docs.txt": "main moves on\n", "models/n/README.md": CARD_NO_VERSION,
                      "models/n/model.bin": b"n"})
    commit_all(root, "main moves on")
    git(root, "checkout", "-q", "change")
    git(root, "merge", "-q", "--no-edit", "main", date="2025-02-01")
    outcome = _judge(root, diff_base="main")
    new = _rules_of(outcome, "new")
    assert ("CH101", "models/m/model.safetensors") in new
    # What main brought in through the merge is not the branch's change.
    assert not [rule for rule, path in new if path.startswith("models/n/")]


def test_untracked_files_count_as_added(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/new/README.md": CARD_NO_VERSION, "models/new/model.bin": b"n"})
    outcome = _judge(root, diff_base="main")
    assert ("MC108", "models/new/README.md") in _rules_of(outcome, "new")


def test_a_ref_that_does_not_exist_is_a_usage_error(tmp_path: Path, _cli: Cli) -> None:
    root = _repo(tmp_path, BASE)
    code, _, err = _cli(root, "--diff-base", "no-such-branch")
    assert code == 2
    assert "no commit 'no-such-branch'" in err and "Traceback" not in err


def test_outside_a_git_repository_the_comparison_is_refused_in_one_line(tmp_path: Path, _cli: Cli) -> None:
    write_tree(tmp_path / "plain", BASE)
    code, _, err = _cli(tmp_path / "plain", "--diff-base", "main")
    assert code == 2
    assert "need a git work tree" in err
    assert len(err.strip().splitlines()) == 1


def test_a_detached_head_is_judged_like_a_branch(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/m/model.safetensors": b"weights v2"})
    commit_all(root, "retrain")
    git(root, "checkout", "-q", "--detach", "HEAD")
    assert ("CH101", "models/m/model.safetensors") in _rules_of(_judge(root, diff_base="main"), "new")


def test_a_shallow_clone_says_how_to_fetch_the_history_it_lacks(tmp_path: Path, _cli: Cli) -> None:
    origin = _repo(tmp_path, BASE, name="origin")
    write_tree(origin, {"models/m/model.safetensors": b"weights v2"})
    commit_all(origin, "retrain")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "change", f"file://{origin}", str(clone)],
                   check=True, capture_output=True)
    code, _, err = _cli(clone, "--diff-base", "main")
    assert code == 2
    assert "fetch-depth: 0" in err and "Traceback" not in err
    # The rules that need commit dates are skipped with the same advice; the others still run.
    write_tree(clone, {"risk/register.yaml": "schema_version: 1\nrisks: []\n"})
    _, out, err = _cli(clone, "--select", "CH105,MC")
    assert "CH105 skipped" in err and "fetch-depth: 0" in err
    assert "MC1" in out


def test_paths_with_spaces_and_non_ascii_names(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"models/modèle un/README.md": CARD, "models/modèle un/model.safetensors": b"v1"})
    write_tree(root, {"models/modèle un/model.safetensors": b"v2"})
    commit_all(root, "retrain")
    assert ("CH101", "models/modèle un/model.safetensors") in _rules_of(_judge(root, diff_base="main"), "new")


def test_submodules_are_not_entered(tmp_path: Path) -> None:
    inner = _repo(tmp_path, {"README.md": CARD_NO_VERSION, "model.bin": b"x"}, name="inner")
    root = _repo(tmp_path, BASE)
    git(root, "-c", "protocol.file.allow=always", "submodule", "-q", "add", f"file://{inner}", "vendor/inner")
    commit_all(root, "add a submodule")
    outcome = _judge(root, diff_base="main")
    assert not [p for _, p in _rules_of(outcome) if p.startswith("vendor/")]


def test_staged_judges_the_index_not_the_work_tree(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    # Staged: a card without a version. Not staged: the version put back in the work tree, and an untracked card.
    write_tree(root, {"models/m/README.md": CARD_NO_VERSION})
    git(root, "add", "models/m/README.md")
    write_tree(root, {"models/m/README.md": CARD, "models/u/README.md": CARD_NO_VERSION, "models/u/model.bin": b"u"})
    outcome = _judge(root, staged=True)
    new = _rules_of(outcome, "new")
    assert ("MC108", "models/m/README.md") in new
    assert not [p for _, p in _rules_of(outcome) if p.startswith("models/u/")]
    # The work tree was not touched by reading the index.
    assert (root / "models/m/README.md").read_text(encoding="utf-8") == CARD


def test_staged_deletion_of_a_card_is_a_finding(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    git(root, "rm", "-q", "models/m/README.md")
    assert ("CH104", "models/m/model.safetensors") in _rules_of(_judge(root, staged=True), "new")


def test_staged_in_a_repository_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_tree(root, BASE)
    git(root, "add", "-A")
    outcome = _judge(root, staged=True)
    assert outcome.comparison is not None and outcome.comparison.unchanged == 0
    assert _rules_of(outcome, "new")


def test_a_pull_request_event_defaults_to_its_base_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _cli: Cli
) -> None:
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/m/model.safetensors": b"weights v2"})
    commit_all(root, "retrain")
    event = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"}
    for name, value in event.items():
        monkeypatch.setenv(name, value)
    _, out, _ = _cli(root, "--select", "CH,MC")
    assert "Against main (merge base" in out
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    _, out, _ = _cli(root, "--select", "CH,MC")
    assert "Against" not in out


def test_a_plain_run_never_imports_gitpython(tmp_path: Path) -> None:
    root = _repo(tmp_path, BASE)
    probe = ("import sys\nfrom aims_lint.cli import main\ntry:\n    main(['check', '.'])\nexcept SystemExit:\n"
             "    pass\nprint('git' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "False"


def test_the_base_contents_of_several_changed_cards_are_read_at_once(tmp_path: Path) -> None:
    """Two cards with the same base contents (one git object) and a third: each judged in the base as it was."""
    root = _repo(tmp_path, {"models/a/README.md": CARD_NO_VERSION, "models/b/README.md": CARD_NO_VERSION,
                            "models/c/README.md": CARD})
    write_tree(root, {"models/a/README.md": CARD, "models/b/README.md": CARD, "models/c/README.md": CARD_NO_VERSION})
    commit_all(root, "version two cards, drop the third's")
    outcome = _judge(root, diff_base="main")
    comparison = outcome.comparison
    assert comparison is not None
    fixed = {(f.rule_id, f.location.path) for f in comparison.fixed}
    new = set(_rules_of(outcome, "new"))
    version_rules = {rule for rule, path in new if path == "models/c/README.md"}
    assert version_rules, new
    assert {(rule, f"models/{m}/README.md") for rule in version_rules for m in "ab"} <= fixed
    assert not [path for _, path in new if path != "models/c/README.md"]


def test_a_change_run_reads_git_without_gitpython(tmp_path: Path) -> None:
    """The change is read with git's plumbing: GitPython loads only for a check that asks a commit's date."""
    root = _repo(tmp_path, BASE)
    write_tree(root, {"models/m/model.safetensors": b"weights v2"})
    commit_all(root, "retrain")
    probe = ("import sys\nfrom aims_lint.cli import main\ntry:\n    main(['check', '--diff-base', 'main', "
             "'--select', 'CH,MC'])\nexcept SystemExit:\n    pass\nprint('git' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert "CH101" in proc.stdout and "Against main (merge base" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "False"
