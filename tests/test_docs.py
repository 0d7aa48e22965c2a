"""The README opens with the two commands, CI runs the same test command, and generated docs are current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

from aims_lint.errors import RulePackError
from aims_lint.model import Rule
from aims_lint.packs import builtin_pack_files, load_rules, parse_pack
from aims_lint.rulesdoc import render_docs

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


def test_every_builtin_pack_validates_in_full_and_loads_the_same_trusted() -> None:
    """Built-in packs skip the JSON Schema passes at load because this test runs them all, pack schema and every
    check's option schema, on each pack shipped."""
    packs = builtin_pack_files()
    assert len(packs) >= 2

    def key(rules: list[Rule]) -> list[tuple[object, ...]]:
        return [
            (r.id, r.name, r.check, r.severity, r.iso, r.help, r.example, r.applies_to, r.formats,
             {k: v for k, v in r.options.items() if not k.startswith("_")})
            for r in rules
        ]

    for name, text in packs:
        full = parse_pack(name, text, trusted=False)
        assert key(full) == key(parse_pack(name, text, trusted=True))
    assert sorted(r.id for _, text in packs for r in parse_pack("p", text)) == [r.id for r in load_rules()]


def test_unchanged_builtin_packs_are_never_parsed_for_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Positions are only for naming the line of a defect; computing them costs a one-file run most of its time.
    def refuse(text: str) -> None:
        raise AssertionError("a valid built-in pack was parsed for positions")

    monkeypatch.setattr("aims_lint.packs.load_yaml", refuse)
    assert load_rules()


@pytest.mark.parametrize(("old", "new", "field"), [
    ("severity: error", "severity: fatal", "severity"),
    ("function: ", "function: nothing_", "unknown check function"),
])
def test_an_edited_builtin_pack_fails_its_full_validation(old: str, new: str, field: str) -> None:
    name, text = builtin_pack_files()[0]
    with pytest.raises(RulePackError, match=field):
        parse_pack(name, text.replace(old, new, 1), trusted=False)


def test_a_user_pack_is_validated_in_full(tmp_path: Path) -> None:
    _, text = builtin_pack_files()[0]
    pack = tmp_path / "pack.yaml"
    pack.write_text(text.replace("severity: error", "severity: fatal", 1).replace("id: ", "id: X", 1)
                    .replace("pack: ", "pack: x", 1), encoding="utf-8")
    with pytest.raises(RulePackError, match="severity"):
        load_rules([pack])


def test_every_rule_is_in_the_readme() -> None:
    for rule in load_rules():
        assert f"[{rule.id}](docs/rules.md#{rule.id.lower()})" in README


def test_examples_command_runs_and_reports_findings() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "aims_lint", "check", "examples"], cwd=PROJECT, capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    assert "RP101" in proc.stdout and "Traceback" not in proc.stderr
    # The sample output the README shows is real output.
    sample = re.search(r"```text\n\$ aims-lint check examples\n(.+?)\n\.\.\.\n```", README, re.DOTALL)
    assert sample is not None
    shown = sample.group(1).splitlines()
    assert shown and all(line in proc.stdout.splitlines() for line in shown)


def test_linked_docs_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|aims_lint)/[^)#]+)", README):
        assert (PROJECT / target).exists(), target
