"""Every rule has a passing and a failing fixture; the failing one yields exactly the expected findings."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import commit_all, git, replace_tree

from aims_lint.checks import CHECKS
from aims_lint.model import Location, Waiver
from aims_lint.packs import load_rules
from aims_lint.pipeline import LintRequest, lint

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RULES = load_rules()


def _materialise(source: Path, target: Path) -> Path:
    """Copy a fixture tree out of the project's git work tree and create the links its setup asks for."""
    shutil.copytree(source, target)
    setup = source.parent / "setup.yaml"
    if setup.is_file():
        spec = yaml.safe_load(setup.read_text(encoding="utf-8")) or {}
        for link, points_to in (spec.get(target.name, {}).get("symlinks") or {}).items():
            path = target / link
            path.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(points_to, path)
    return target


def _waivers(source: Path, side: str) -> tuple[Waiver, ...]:
    """The waivers a fixture's setup gives its run, as the configuration would (rules about waivers need them)."""
    setup = source.parent / "setup.yaml"
    spec = (yaml.safe_load(setup.read_text(encoding="utf-8")) or {}) if setup.is_file() else {}
    return tuple(
        Waiver(rule=w["rule"], path=w["path"], reason=w["reason"], expires=w.get("expires"),
               approved_by=w.get("approved-by", ""), source=Location(w["source"][0], w["source"][1]))
        for w in spec.get(side, {}).get("waivers", ())
    )


def _today(rule_id: str) -> datetime.date | None:
    """The day a rule's fixtures are judged on, when their dates are relative to it (expected.yaml's 'today')."""
    expected = yaml.safe_load((FIXTURES / rule_id / "expected.yaml").read_text(encoding="utf-8")) or {}
    today = expected.get("today")
    return today if isinstance(today, datetime.date) else None


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _history_findings(tree: Path, rule_id: str) -> list[tuple[str, int]]:
    """A fixture of a rule that reads history: base/ committed on main, head/ committed over it on a branch, then
    the change judged (mode: change) or the work tree judged with that history (mode: log), as history.yaml says."""
    spec = yaml.safe_load((FIXTURES / rule_id / "history.yaml").read_text(encoding="utf-8"))
    repo = tree.parent / f"{tree.name}-repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    replace_tree(repo, _tree(tree / "base"))
    commit_all(repo, "base", date=str(spec["base_date"]))
    git(repo, "checkout", "-q", "-b", "change")
    replace_tree(repo, _tree(tree / "head"))
    commit_all(repo, "head", date=str(spec["head_date"]))
    request = LintRequest(paths=(str(repo),), select=frozenset({rule_id}), today=spec["today"],
                          diff_base="main" if spec["mode"] == "change" else None)
    report = lint(request).report
    return sorted((f.location.path, f.location.line) for f in report.findings if f.rule_id == rule_id)


def _findings(tree: Path, rule_id: str, waivers: tuple[Waiver, ...] = ()) -> list[tuple[str, int]]:
    """The rule's findings on the tree, through the whole pipeline (the rules about suppressions are applied after
    the engine). A rule that judges the other rules' findings runs with all of them; only its own are compared."""
    if (tree / "base").is_dir():
        return _history_findings(tree, rule_id)
    rule = next(r for r in RULES if r.id == rule_id)
    select = frozenset() if CHECKS[rule.check].after_findings else frozenset({rule_id})
    report = lint(LintRequest(paths=(str(tree),), select=select, waivers=waivers, rules=RULES,
                              today=_today(rule_id))).report
    return sorted((f.location.path, f.location.line) for f in report.findings if f.rule_id == rule_id)


def test_every_rule_has_both_fixtures() -> None:
    missing = [
        f"{rule.id}/{side}"
        for rule in RULES
        for side in ("pass", "fail")
        if not (FIXTURES / rule.id / side).is_dir()
    ]
    missing += [f"{rule.id}/expected.yaml" for rule in RULES if not (FIXTURES / rule.id / "expected.yaml").is_file()]
    assert not missing, f"rules without fixtures: {missing}"


def test_no_fixture_for_an_unknown_rule() -> None:
    known = {rule.id for rule in RULES}
    strays = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in known)
    assert not strays


@pytest.mark.parametrize("rule_id", [rule.id for rule in RULES])
def test_rule_passes_on_pass_fixture(rule_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _materialise(FIXTURES / rule_id / "pass", tmp_path / "pass")
    monkeypatch.chdir(tree)
    assert _findings(tree, rule_id, _waivers(FIXTURES / rule_id / "pass", "pass")) == []


@pytest.mark.parametrize("rule_id", [rule.id for rule in RULES])
def test_rule_fires_on_fail_fixture(rule_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _materialise(FIXTURES / rule_id / "fail", tmp_path / "fail")
    expected_doc = yaml.safe_load((FIXTURES / rule_id / "expected.yaml").read_text(encoding="utf-8"))
    expected = sorted((item["path"], item["line"]) for item in expected_doc["fail"])
    assert expected, "a failing fixture must expect at least one finding"
    monkeypatch.chdir(tree)
    assert _findings(tree, rule_id, _waivers(FIXTURES / rule_id / "fail", "fail")) == expected
