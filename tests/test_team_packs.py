"""Team rule packs: the worked example of docs/team-packs.md passes its own `aims-lint test`; a pack's rules run,
list, explain and reach SARIF like built-in ones; clashes and bad ids stop the run at their line; a failing case
fails `aims-lint test` as pytest would; and a pack, however Python-looking, is only ever read as data."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT, CliResult, make_git_repo

from aims_lint.packs import load_rules

RunCli = Callable[..., CliResult]
PAGE = (PROJECT / "docs" / "team-packs.md").read_text(encoding="utf-8")
# The worked example: the first YAML block of the page is the whole pack.
EXAMPLE = re.findall(r"```yaml\n(.*?)```", PAGE, re.DOTALL)[0]
FRAUD_CARD = "name: fraud-detector\nowner: Jane in payments\nintended_use: Scores card payments for review.\n"


def error_line(result: CliResult) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("aims-lint: error: ")


@pytest.fixture
def team_repo(tmp_path: Path) -> Path:
    """A repository using the worked example: its pack, its configuration, and a card it fails."""
    return make_git_repo(tmp_path / "team", {
        "policies/acme.yaml": EXAMPLE,
        ".aims-lint.yaml": "packs: [policies/acme.yaml]\n",
        "models/fraud/model_card.yaml": FRAUD_CARD,
    })


def test_the_worked_example_passes_its_own_test(team_repo: Path, run_cli: RunCli) -> None:
    result = run_cli("test", "policies/acme.yaml", cwd=team_repo)
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[1] == "collected 8 cases from 1 pack (3 rules)"
    assert re.fullmatch(r"policies/acme\.yaml \.{8} +\[100%\]", lines[3])
    assert re.fullmatch(r"=+ 8 passed in \d+\.\d\ds =+", lines[-1]) and len(lines[-1]) == 80
    # With no pack named, the configuration's packs are tested; -v gives a line per case.
    verbose = run_cli("test", "-v", cwd=team_repo / "models")
    assert verbose.exit_code == 0
    assert "policies/acme.yaml::ACME103::a high risk approved by one person PASSED" in verbose.stdout.replace(
        "../policies", "policies")


def test_a_failing_case_fails_the_run_with_a_pytest_like_summary(team_repo: Path, run_cli: RunCli) -> None:
    broken = EXAMPLE.replace("x-approvers: [head-of-risk]}", "x-approvers: [head-of-risk, cfo]}")
    broken = broken.replace("            owner: payments-ml\n", "            owner: payment-ml\n")
    (team_repo / "policies/acme.yaml").write_text(broken, encoding="utf-8")
    result = run_cli("test", cwd=team_repo)
    assert result.exit_code == 1
    out = result.stdout
    assert re.search(r"^policies/acme\.yaml F\.{6}F +\[100%\]$", out, re.MULTILINE)
    assert re.search(r"^_+ policies/acme\.yaml::ACME103::a high risk approved by one person _+$", out, re.MULTILINE)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "a high risk approved by one person" in text)
    assert f"policies/acme.yaml:{line}: expected findings of ACME103, got none" in out
    assert "FAILED policies/acme.yaml::ACME101::a card owned by a listed team - expected no findings of ACME101, " \
           "got 1: models/fraud/model_card.yaml:2 the owner must be one of our teams" in out
    assert re.search(r"^=+ 2 failed, 6 passed in \d+\.\d\ds =+$", out, re.MULTILINE)


def test_findings_listed_by_a_case_must_be_exactly_those(team_repo: Path, run_cli: RunCli) -> None:
    moved = EXAMPLE.replace('findings: ["risk/register.yaml:4"]', 'findings: ["risk/register.yaml:3"]')
    (team_repo / "policies/acme.yaml").write_text(moved, encoding="utf-8")
    result = run_cli("test", cwd=team_repo)
    assert result.exit_code == 1
    assert "expected findings of ACME103 at risk/register.yaml:3; got risk/register.yaml:4 risk 'R-002': a high " \
           "risk needs two different approvers" in result.stdout


@pytest.mark.parametrize(("change", "message"), [
    (("models/fraud/model_card.yaml: |", "models/fraud/model-card.txt: |"),
     "none of the case's documents is a model_card, which ACME101 judges (read as artifacts: none)"),
    (("            name: fraud-detector\n            owner: payments-ml\n",
      "            name: fraud-detector\n            owner: [payments-ml\n"),
     "the case's documents cannot be read: models/fraud/model_card.yaml:3 AL001"),
])
def test_a_case_that_never_reaches_its_rule_fails(team_repo: Path, run_cli: RunCli, change: tuple[str, str],
                                                  message: str) -> None:
    (team_repo / "policies/acme.yaml").write_text(EXAMPLE.replace(*change, 1), encoding="utf-8")
    result = run_cli("test", cwd=team_repo)
    assert result.exit_code == 1 and message in result.stdout, result.stdout


def test_cases_given_by_path_and_rules_without_cases(team_repo: Path, run_cli: RunCli) -> None:
    pack = EXAMPLE.replace("""      - name: a card with no owner
        expect: fail
        files:
          models/fraud/MODEL_CARD.md: |
            # Fraud detector

            Scores card payments for review.
""", """      - name: a folder beside the pack
        expect: fail
        path: cases/no-owner
      - expect: pass
        path: cases/owned/model_card.yaml
""")
    pack = pack.replace("    tests:\n      - name: personal data with its DPIA", "    x-tests:\n      - name: x", 1)
    pack = re.sub(r"    x-tests:.*?(?=  - id: ACME103)", "", pack, flags=re.DOTALL)
    (team_repo / "policies/acme.yaml").write_text(pack, encoding="utf-8")
    (team_repo / "policies/cases/no-owner/models/m").mkdir(parents=True)
    (team_repo / "policies/cases/no-owner/models/m/MODEL_CARD.md").write_text("# M\n\nA model.\n", encoding="utf-8")
    (team_repo / "policies/cases/owned").mkdir(parents=True)
    (team_repo / "policies/cases/owned/model_card.yaml").write_text("name: m\nowner: risk-ml\n", encoding="utf-8")
    result = run_cli("test", "-v", cwd=team_repo)
    assert result.exit_code == 0, result.stdout
    assert "policies/acme.yaml::ACME101::a folder beside the pack PASSED" in result.stdout
    assert "policies/acme.yaml::ACME101::pass[4] PASSED" in result.stdout
    assert "warning: policies/acme.yaml::ACME102 has no test cases" in result.stdout
    assert re.search(r"=+ 6 passed, 1 rule without cases in", result.stdout)
    (team_repo / "policies/acme.yaml").write_text(pack.replace("path: cases/no-owner", "path: ../../outside"),
                                                   encoding="utf-8")
    assert "expected a file or folder inside the pack's repository, not '../../outside'" in error_line(
        run_cli("test", cwd=team_repo))


def test_test_without_a_pack_to_test_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/m/README.md": "# M\n"})
    assert "no rule pack to test" in error_line(run_cli("test", cwd=root))


def test_team_rules_run_list_explain_and_reach_sarif(team_repo: Path, run_cli: RunCli) -> None:
    found = json.loads(run_cli("check", "--format", "json", cwd=team_repo).stdout)["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in found if f["rule"].startswith("ACME")] == [
        ("ACME101", "models/fraud/model_card.yaml", 2)]
    listed = run_cli("rules", cwd=team_repo / "models").stdout
    assert re.search(r"^ACME102 +error +acme-personal-data-dpia +A\.5\.4, A\.7\.4$", listed, re.MULTILINE)
    assert "ACME101" not in run_cli("rules", "--isolated", cwd=team_repo).stdout
    explained = run_cli("explain", "acme-high-risk-two-approvers", cwd=team_repo).stdout
    assert explained.startswith("ACME103 acme-high-risk-two-approvers: A high risk is accepted by two approvers")
    assert "8.3  AI risk treatment" in explained
    sarif = json.loads(run_cli("check", "--format", "sarif", cwd=team_repo).stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ACME101"]["shortDescription"]["text"] == "Every model card names an owner from our team list"
    assert "helpUri" not in rules["ACME101"] and rules["MC101"]["helpUri"].endswith("docs/rules.md#mc101")
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"ACME101"}
    assert [t["target"]["id"] for t in rules["ACME101"]["relationships"]] == ["5.3", "A.3.2"]


def test_configuration_changes_a_team_rule_like_any_other(team_repo: Path, run_cli: RunCli) -> None:
    (team_repo / ".aims-lint.yaml").write_text(
        "packs: [policies/acme.yaml]\nrules:\n  ACME101:\n    severity: note\n    options:\n"
        "      schema: {properties: {owner: {enum: [Jane in payments]}}}\n", encoding="utf-8")
    found = json.loads(run_cli("check", "--format", "json", cwd=team_repo).stdout)["findings"]
    assert not [f for f in found if f["rule"] == "ACME101"]
    (team_repo / ".aims-lint.yaml").write_text("packs: [policies/acme.yaml]\nrules: {ACME101: note}\n",
                                               encoding="utf-8")
    found = json.loads(run_cli("check", "--format", "json", cwd=team_repo).stdout)["findings"]
    assert [f["severity"] for f in found if f["rule"] == "ACME101"] == ["note"]


def _pack(rule_id: str = "ACME901", name: str = "acme-other", pack: str = "other", iso: str = "[A.3.2]") -> str:
    return (f"pack: {pack}\nrules:\n  - id: {rule_id}\n    name: {name}\n    title: A rule of another pack\n"
            f"    severity: note\n    applies_to: [model_card]\n    iso42001: {{controls: {iso}}}\n"
            "    check: {function: required_fields, options: {fields: [owner]}}\n"
            "    help: Every card needs an owner, for the reasons our policy gives.\n"
            "    remediation: Name the owner.\n    example: 'owner: payments-ml'\n")


@pytest.mark.parametrize(("other", "message"), [
    (_pack(rule_id="MC101"), r"^policies/other\.yaml:3: rule id MC101: the prefix MC is the built-in rules'"),
    (_pack(rule_id="MCX101"), r"^policies/other\.yaml:3: rule id MCX101: the prefix MC is the built-in rules'"),
    (_pack(rule_id="SO101"), r"^policies/other\.yaml:3: rule id SO101: the prefix SOA is the built-in rules'"),
    (_pack(rule_id="ACME101"), r"^policies/other\.yaml:3: rule id ACME101 is already defined in "
                               r"\S*policies/acme\.yaml"),
    (_pack(name="acme-model-owner-team"), r"^policies/other\.yaml:4: rule name acme-model-owner-team is already "
                                          r"defined in \S*policies/acme\.yaml"),
    (_pack(name="model-license"), r"^policies/other\.yaml:4: rule name model-license is already defined in "
                                  r"rules/core\.yaml"),
    (_pack(pack="acme"), r"^policies/other\.yaml:1: pack name 'acme' is already the name of \S*policies/acme\.yaml"),
    (_pack(iso="[A.3.9]"), r"^policies/other\.yaml:8: rules\.0\.iso42001\.controls\.0: 'A\.3\.9' is not an "
                           r"ISO/IEC 42001 control id"),
    (_pack().replace("required_fields", "os.system"), r"^policies/other\.yaml:9: rules\.0\.check\.function: "
                                                     r"unknown check function 'os\.system'"),
])
def test_a_pack_that_clashes_or_cites_a_wrong_id_stops_the_run(team_repo: Path, run_cli: RunCli, other: str,
                                                               message: str) -> None:
    (team_repo / "policies/other.yaml").write_text(other, encoding="utf-8")
    (team_repo / ".aims-lint.yaml").write_text("packs: [policies/acme.yaml, policies/other.yaml]\n",
                                               encoding="utf-8")
    for args in (("check",), ("rules",), ("test",)):
        line = error_line(run_cli(*args, cwd=team_repo))
        assert re.search(message, line.removeprefix("cannot read rule pack ")), (args, line)


# --- packs are data ------------------------------------------------------------------------------------------


def test_a_python_looking_pack_is_only_ever_read_as_data(tmp_path: Path, run_cli: RunCli) -> None:
    """Code in a pack's text, modules beside it, and case files named like Python never run; tags that would build
    Python objects are refused when the pack is read."""
    marker = tmp_path / "ran"
    payload = f"__import__('os').system('touch {marker}')"
    code = f"open({str(marker)!r}, 'w').write('imported')\n"
    pack = (_pack().replace("Name the owner.", payload)
            .replace("example: 'owner: payments-ml'", f"example: \"{payload}\"\n    tests:\n      - expect: fail\n"
                     f"        files:\n          models/m/MODEL_CARD.md: \"# M\\n\\n{payload}\\n\"\n"
                     f"          models/m/setup.py: \"{code.strip()}\"\n          conftest.py: \"{code.strip()}\"\n"))
    root = make_git_repo(tmp_path / "repo", {
        "policies/other.yaml": pack, "policies/__init__.py": code, "policies/other.py": code,
        "policies/conftest.py": code, "aims_lint_plugins.py": code,
        "models/m/MODEL_CARD.md": "# M\n\nA model.\n", ".aims-lint.yaml": "packs: [policies/other.yaml]\n",
    })
    modules = set(sys.modules)
    assert run_cli("check", cwd=root).exit_code == 1  # ACME901: the card names no owner
    assert payload in run_cli("explain", "ACME901", cwd=root).stdout  # the text, as written
    tested = run_cli("test", "-v", cwd=root)
    assert tested.exit_code == 0 and "ACME901::fail[1] PASSED" in tested.stdout, tested.stdout
    assert not marker.exists()
    assert not {m for m in set(sys.modules) - modules if "other" in m or "conftest" in m or "plugins" in m}
    for tagged in (f"!!python/object/apply:os.system ['touch {marker}']",
                   "!!python/name:os.system", "!!python/object:aims_lint.model.Rule {}"):
        (root / "policies/other.yaml").write_text(pack.replace("title: A rule of another pack",
                                                               f"title: {tagged}"), encoding="utf-8")
        line = error_line(run_cli("rules", cwd=root))
        assert line.startswith("policies/other.yaml:5: ") or "policies/other.yaml:5:" in line, line
        assert not marker.exists()


def test_a_pack_is_read_safely(tmp_path: Path, run_cli: RunCli) -> None:
    import os

    root = make_git_repo(tmp_path / "repo", {".aims-lint.yaml": "packs: [policies/pipe.yaml]\n"})
    (root / "policies").mkdir()
    os.mkfifo(root / "policies/pipe.yaml")  # read naively, a pipe would wait for ever
    assert "not a regular file" in error_line(run_cli("rules", cwd=root))


def test_load_rules_keeps_built_in_ids_and_adds_the_pack_s(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    rules = load_rules((path,))
    assert {r.id for r in rules} - {r.id for r in load_rules()} == {"ACME101", "ACME102", "ACME103"}
    assert {r.pack for r in rules if r.id.startswith("ACME")} == {"acme"}
