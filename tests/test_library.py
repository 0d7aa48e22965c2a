"""The library API: lint(LintRequest) gives the Report the command line prints, in full and focus runs alike."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from conftest import PROJECT, make_git_repo
from test_precommit_hook import GOOD_CARD

import aims_lint
from aims_lint.errors import AimsLintError
from aims_lint.packs import load_rules
from aims_lint.report import FormatContext, formatters

TODAY = datetime.date(2026, 6, 30)
THIN_CARD = "---\nlicense: mit\n---\n# A model\n"


def _json(outcome: aims_lint.LintOutcome) -> object:
    return json.loads(formatters()["json"](outcome.report, FormatContext(version=aims_lint.__version__)))


def test_lint_gives_the_report_the_golden_json_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT / "examples")  # where the golden run is made (tests/test_outputs_golden.py)
    outcome = aims_lint.lint(aims_lint.LintRequest(today=TODAY))
    assert _json(outcome) == json.loads((PROJECT / "tests" / "golden" / "examples.json").read_text("utf-8"))
    assert outcome.notices == ()


def test_lint_reads_the_work_tree_around_named_files_and_reports_on_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/a/README.md": THIN_CARD, "models/b/README.md": THIN_CARD,
                                             "models/c/README.md": GOOD_CARD})
    monkeypatch.chdir(root)
    named = aims_lint.lint(aims_lint.LintRequest(paths=("models/a/README.md",), today=TODAY)).report
    whole = aims_lint.lint(aims_lint.LintRequest(today=TODAY)).report
    assert {f.location.path for f in named.findings} == {"models/a/README.md"}
    assert named.findings == tuple(f for f in whole.findings if f.location.path == "models/a/README.md")
    files_only = aims_lint.lint(aims_lint.LintRequest(paths=("models/a/README.md",), files_only=True,
                                                      today=TODAY)).report
    assert files_only.files_scanned == 1 and named.files_scanned == 1 and whole.files_scanned == 3


def test_select_ignore_and_rules_shape_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_git_repo(tmp_path, {"models/a/README.md": THIN_CARD})
    monkeypatch.chdir(tmp_path)
    everything = aims_lint.lint(aims_lint.LintRequest(today=TODAY)).report
    ids = {f.rule_id for f in everything.findings}
    assert len(ids) > 2
    chosen = sorted(ids)[0]
    only = aims_lint.lint(aims_lint.LintRequest(select=frozenset({chosen}), today=TODAY)).report
    assert {f.rule_id for f in only.findings} == {chosen}
    rest = aims_lint.lint(aims_lint.LintRequest(ignore=frozenset({chosen}), today=TODAY)).report
    assert {f.rule_id for f in rest.findings} == ids - {chosen}
    mine = tuple(r for r in load_rules() if r.id == chosen)
    assert {f.rule_id for f in aims_lint.lint(aims_lint.LintRequest(rules=mine, today=TODAY)).report.findings} == {
        chosen}


def test_an_entry_that_names_no_rule_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AimsLintError, match="no rule matches 'ZZ999'"):
        aims_lint.lint(aims_lint.LintRequest(ignore=frozenset({"ZZ999"})))


def test_notices_come_back_instead_of_being_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outcome = aims_lint.lint(aims_lint.LintRequest(paths=("notes.txt",)))
    assert [n.text.split(" ")[0] for n in outcome.notices] == ["notes.txt"]
    assert capsys.readouterr() == ("", "")


def test_the_documented_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    for page in (PROJECT / "docs" / "library.md", PROJECT / "README.md"):
        text = page.read_text(encoding="utf-8")
        example = text.split("```python\n", 1)[1].split("```", 1)[0]
        make_git_repo(tmp_path / page.stem, {"models/a/README.md": THIN_CARD})
        monkeypatch.chdir(tmp_path / page.stem)
        exec(compile(example, str(page), "exec"), {})
        assert "models/a/README.md" in capsys.readouterr().out, page
