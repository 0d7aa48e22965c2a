"""The README opens with the two commands, CI runs the same test command, and generated docs are current."""

from __future__ import annotations

import re
import subprocess
import sys

from aims_lint.packs import load_rules
from aims_lint.rulesdoc import render_docs

from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README.split("---", 1)[0])


def test_readme_starts_with_install_and_run_then_install_and_test() -> None:
    run, test = _commands()
    assert run.startswith("pip install .") and "aims-lint check examples" in run
    assert test.startswith("pip install -e '.[test]'") and "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci


def test_rule_table_and_reference_are_current() -> None:
    readme, reference = render_docs(load_rules(), README)
    assert readme == README, "run `python -m aims_lint.rulesdoc` to regenerate the README rule table"
    current = (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert reference == current, "run `python -m aims_lint.rulesdoc` to regenerate docs/rules.md"


def test_every_rule_is_in_the_readme() -> None:
    for rule in load_rules():
        assert f"[{rule.id}](docs/rules.md#{rule.id.lower()})" in README


def test_examples_command_runs_and_reports_findings() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "aims_lint", "check", "examples"], cwd=PROJECT, capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    assert "RP101" in proc.stdout and "Traceback" not in proc.stderr


def test_linked_docs_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|aims_lint)/[^)#]+)", README):
        assert (PROJECT / target).exists(), target
