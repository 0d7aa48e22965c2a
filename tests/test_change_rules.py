"""A change is judged only by the rules that can find anything different in its two states (aims_lint.judged): on
changes of every sort, in repositories with and without governance documents, the new findings, the fixed ones and
the exit code are exactly those of judging both states by every rule, and the only findings left out are the
unchanged ones of rules about the repository as a whole that the change did not touch."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from conftest import CliResult, commit_all, git, write_tree

import aims_lint.judged
from aims_lint.checks import CHECKS
from aims_lint.model import Finding, Rule
from aims_lint.pipeline import LintOutcome, LintRequest, lint

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = datetime.date(2026, 1, 31)
CARD = """---
license: mit
version: 1.0.0
---
# Model card

## Intended use
Scores card transactions for analysts.
"""
# A README beside no weights that reads as a model card only once it says so.
NOTES = "# Notes\n\nHow the team works.\n"
# A README that reads as a dataset card, even beside weights.
DATASET_README = "---\ntask_categories: [text-classification]\npretty_name: d\n---\n# Dataset card\n"
BARE = {
    "README.md": "# Fraud models\n",
    "models/a/README.md": CARD,
    "models/a/model.safetensors": b"weights a",
    "models/b/README.md": CARD.replace("version: 1.0.0\n", ""),
    "models/b/model.safetensors": b"weights b",
    "models/c/model.onnx": b"weights c",
    "docs/notes/README.md": NOTES,
    "data/d/datasheet.yaml": "name: d\nlicense: cc-by-4.0\n",
    "data/d/train.csv": "a,b\n1,2\n",
}


def _repo(tmp_path: Path, kind: str) -> Path:
    root = tmp_path / kind
    if kind == "examples":
        shutil.copytree(EXAMPLES, root)
    else:
        root.mkdir()
        write_tree(root, BARE)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "first", date="2025-01-01")
    git(root, "checkout", "-q", "-b", "change")
    return root


def _edit(root: Path, rel: str, change: Callable[[str], str]) -> None:
    path = root / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


# Each change: (name, repositories it applies to, what it does to the work tree).
Change = Callable[[Path], None]
CHANGES: list[tuple[str, tuple[str, ...], Change]] = [
    ("a card only", ("bare", "examples"), lambda r: _edit(
        r, "models/a/README.md" if r.name == "bare" else "models/sentiment-bert/README.md",
        lambda t: t.replace("## Intended use", "## Intended use\nNow also for refunds.\n"))),
    ("weights only", ("bare", "examples"), lambda r: write_tree(
        r, {"models/a/model.safetensors" if r.name == "bare" else "models/fraud-detector/model.safetensors": b"v2"})),
    ("data only", ("bare",), lambda r: write_tree(r, {"data/d/train.csv": "a,b\n3,4\n"})),
    ("a governance document", ("examples",), lambda r: _edit(
        r, "governance/risk-register.yaml", lambda t: t.replace("ai_system: fraud-detector", "ai_system: fraud"))),
    ("a governance document deleted", ("examples",), lambda r: (r / "governance/ai-inventory.yaml").unlink()),
    ("a governance document added", ("bare",), lambda r: shutil.copy(
        EXAMPLES / "governance/risk-register.yaml", r / "risk-register.yaml")),
    ("a README becomes a model card", ("bare", "examples"), lambda r: write_tree(r, {"docs/notes/README.md": CARD})),
    ("a model card stops being one", ("bare",), lambda r: write_tree(r, {"models/a/README.md": DATASET_README})),
    ("a new model in a new folder", ("bare", "examples"), lambda r: write_tree(
        r, {"models/new/README.md": CARD, "models/new/model.safetensors": b"new"})),
    ("a card renamed", ("bare", "examples"), lambda r: git(
        r, "mv", *(("models/a", "models/z") if r.name == "bare" else ("models/ranker", "models/zz")))),
    ("a card deleted, its weights stay", ("bare", "examples"), lambda r: (
        r / ("models/b/README.md" if r.name == "bare" else "models/ranker/MODEL_CARD.md")).unlink()),
    ("the front door changes", ("bare",), lambda r: (r / "README.md").unlink()),
    ("an unrelated file added", ("bare", "examples"), lambda r: write_tree(r, {"src/tool.py": "print(1)\n"})),
    ("a suppression of a repository-wide rule", ("bare",), lambda r: _edit(
        r, "models/a/README.md", lambda t: t + "\n<!-- aims-lint: ignore[GV101] reason: tracked in RISK-1 -->\n")),
]
CASES = [pytest.param(kind, change, id=f"{kind}: {name}") for name, kinds, change in CHANGES for kind in kinds]


def _judge(root: Path, every_rule: bool, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> tuple[
        LintOutcome, tuple[Rule, ...]]:
    """The change judged, by the rules the change needs or (every_rule) by every rule; and the rules judged."""
    chosen: list[tuple[Rule, ...]] = []
    choose = aims_lint.judged.rules_to_judge

    def recorded(rules: Sequence[Rule], touched: aims_lint.judged.Touched) -> tuple[Rule, ...]:
        chosen.append(tuple(rules) if every_rule else choose(rules, touched))
        return chosen[-1]

    with monkeypatch.context() as patch:
        patch.setattr(aims_lint.judged, "rules_to_judge", recorded)
        outcome = lint(LintRequest(paths=(str(root),), today=TODAY, **kwargs))  # type: ignore[arg-type]
    return outcome, chosen[0] if chosen else outcome.report.rules


def _shown(findings: Sequence[Finding]) -> list[tuple[str, str, int | None, str, str]]:
    return sorted((f.rule_id, f.location.path, f.location.line, f.message, f.fingerprint) for f in findings)


def _states(outcome: LintOutcome, state: str) -> list[tuple[str, str, int | None, str, str]]:
    comparison = outcome.comparison
    assert comparison is not None
    return _shown([f for f in outcome.report.findings if comparison.state_of(f) == state])


def _same_as_every_rule(root: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> tuple[Rule, ...]:
    fast, judged = _judge(root, False, monkeypatch, **kwargs)
    full, _ = _judge(root, True, monkeypatch, **kwargs)
    assert fast.comparison is not None and full.comparison is not None
    assert _states(fast, "new") == _states(full, "new")
    assert _shown(fast.comparison.fixed) == _shown(full.comparison.fixed)
    assert _shown(fast.report.suppressed) == [s for s in _shown(full.report.suppressed)
                                              if s[0] in {r.id for r in judged}]
    assert [r.id for r in fast.report.rules] == [r.id for r in full.report.rules]
    left_out = set(_states(full, "unchanged")) - set(_states(fast, "unchanged"))
    assert set(_states(fast, "unchanged")) <= set(_states(full, "unchanged"))
    skipped = {r.id for r in full.report.rules} - {r.id for r in judged}
    assert all(rule in skipped for rule, *_ in left_out)
    assert all(CHECKS[r.check].reports_repository for r in full.report.rules if r.id in {f[0] for f in left_out})
    return judged


@pytest.mark.parametrize(("kind", "change"), CASES)
def test_a_change_judged_by_the_rules_it_needs_finds_what_every_rule_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, change: Change,
) -> None:
    root = _repo(tmp_path, kind)
    change(root)
    _same_as_every_rule(root, monkeypatch, diff_base="main")  # the work tree, uncommitted and untracked files too
    git(root, "add", "-A")
    _same_as_every_rule(root, monkeypatch, staged=True)
    commit_all(root, "the change")
    _same_as_every_rule(root, monkeypatch, diff_base="main")


def test_repository_wide_rules_are_left_out_only_where_the_change_cannot_touch_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _repo(tmp_path, "bare")
    write_tree(root, {"models/a/README.md": CARD + "\nRetrained.\n", "data/d/train.csv": "a,b\n5,6\n"})
    judged = {r.id for r in _same_as_every_rule(root, monkeypatch, diff_base="main")}
    # A card edited and still a card, data changed: the presence rules and the weights rule are not judged, the
    # card's own rules and the rules of the change are.
    assert not judged & {"GV101", "GV106", "INV103", "RP101", "RO103"}
    assert {"MC101", "CH101", "CH102", "CH104"} <= judged
    write_tree(root, {"models/a/README.md": DATASET_README})
    judged = {r.id for r in _same_as_every_rule(root, monkeypatch, diff_base="main")}
    assert {"GV101", "INV103", "RP101"} <= judged  # a card is gone: what they read changed


@pytest.mark.parametrize(("args", "listings"), [(("--diff-base", "main"), 1), (("--staged",), 0)])
def test_the_work_tree_is_listed_once_for_a_change_and_not_at_all_for_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., CliResult], args: tuple[str, ...],
    listings: int,
) -> None:
    import aims_lint.read.listing as listing

    root = _repo(tmp_path, "bare")
    write_tree(root, {"models/a/model.safetensors": b"v2", "src/new.py": "print(2)\n"})
    git(root, "add", "models/a/model.safetensors")
    calls: list[Path] = []
    real = listing.list_files

    def counted(folder: Path, *more: object) -> list[str]:
        calls.append(folder)
        return real(folder, *more)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "list_files", counted)
    result = run_cli("check", "--today", TODAY.isoformat(), "--format", "json", "--fail-on", "never", *args, "--",
                     cwd=root)
    assert result.exit_code == 0, result.stderr
    assert len(calls) == listings
    assert "CH101" in {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_a_change_judged_from_the_folder_above_the_work_tree_is_judged_by_every_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _repo(tmp_path, "bare")
    write_tree(root, {"models/a/model.safetensors": b"v2", "models/new/README.md": CARD})
    monkeypatch.chdir(tmp_path)  # the report's paths start with the work tree's folder, the change's do not
    judged = _same_as_every_rule(root, monkeypatch, diff_base="main")
    assert {"GV101", "RP101", "INV103"} <= {r.id for r in judged}
    outcome, _ = _judge(root, False, monkeypatch, diff_base="main")
    assert ("MC107", "bare/models/new/README.md") in {(f[0], f[1]) for f in _states(outcome, "new")}
