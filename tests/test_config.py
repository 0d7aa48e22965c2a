"""The configuration: found at the repository root from anywhere, precedence, extends, every setting honoured by a
real run, and every error one line naming the file, the line and the key."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, make_git_repo

from aims_lint.config import CommandLine, ConfigError, load_config
from aims_lint.config.schema import errors, is_valid
from aims_lint.config.show import KEYS
from aims_lint.pipeline import lint
from aims_lint.read.paths import shown_path
from aims_lint.schemas import load_schema, validator_for
from aims_lint.schemas.quick import quick_valid

RunCli = Callable[..., CliResult]
THIN_CARD = "# Model Card for thin\n\nA model.\n"
TODAY = "2026-01-31"
INVENTORY = """schema_version: 1
systems:
  - id: thin
    owner: Team
    path: models/thin
    model_card: models/thin/MODEL_CARD.md
suppliers:
  - component: imdb
    type: dataset
    supplier: Stanford AI Lab
    license: other
    due_diligence_on: 2025-07-15
"""


def repo(tmp_path: Path, files: dict[str, str], name: str = "repo") -> Path:
    return make_git_repo(tmp_path / name, {"models/thin/MODEL_CARD.md": THIN_CARD, **files})


def rules_found(result: CliResult) -> set[str]:
    assert result.exit_code in (0, 1), result.stderr
    return {f["rule"] for f in json.loads(result.stdout)["findings"]}


def check_json(run_cli: RunCli, cwd: Path, *args: str) -> CliResult:
    return run_cli("check", "--format", "json", "--today", TODAY, *args, cwd=cwd)


def error_line(result: CliResult) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("aims-lint: error: ")


# --- where the configuration is found --------------------------------------------------------------------------


def test_the_configuration_at_the_root_applies_from_any_working_directory(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "ignore: [MC1]\n", "models/thin/notes/x.txt": "x"})
    whole = rules_found(check_json(run_cli, root, "--isolated"))
    assert "MC101" in whole
    for cwd, args in ((root, ()), (root / "models", ("thin",)), (root / "models/thin/notes", ("../MODEL_CARD.md",))):
        found = rules_found(check_json(run_cli, cwd, *args))
        assert found and not any(r.startswith("MC1") for r in found), (cwd, found)


def test_pyproject_table_is_read_and_the_yaml_file_wins_with_a_warning(tmp_path: Path, run_cli: RunCli) -> None:
    pyproject = '[project]\nname = "x"\n\n[tool.aims-lint]\nignore = ["MC101"]\n'
    root = repo(tmp_path, {"pyproject.toml": pyproject})
    assert "MC101" not in rules_found(check_json(run_cli, root)) and "MC102" in rules_found(check_json(run_cli, root))
    (root / ".aims-lint.yaml").write_text("ignore: [MC102]\n", encoding="utf-8")
    result = check_json(run_cli, root)
    assert "MC101" in rules_found(result) and "MC102" not in rules_found(result)
    assert "pyproject.toml has a [tool.aims-lint] table, but .aims-lint.yaml is the configuration read" in result.stderr


def test_a_pyproject_without_the_table_is_no_configuration(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {"pyproject.toml": '[tool.ruff]\nline-length = 99\n# aims-lint is not configured\n'})
    assert load_config([str(root)]).files == ()
    assert "MC101" in rules_found(check_json(run_cli, root))


def test_isolated_reads_no_file_and_config_names_one(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "ignore: [MC101]\n", "ci/strict.yaml": "ignore: [MC102]\n"})
    assert {"MC101", "MC102"} <= rules_found(check_json(run_cli, root, "--isolated"))
    named = rules_found(check_json(run_cli, root, "--config", "ci/strict.yaml"))
    assert "MC101" in named and "MC102" not in named
    assert "cannot be given together" in error_line(run_cli("check", "--isolated", "--config", "ci/strict.yaml",
                                                            cwd=root))
    assert "--config: no file 'nope.yaml'" in error_line(run_cli("check", "--config", "nope.yaml", cwd=root))


# --- precedence ------------------------------------------------------------------------------------------------


def test_command_line_beats_the_file_which_beats_the_defaults(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "fail-on: never\ntoday: 2020-01-01\n"})
    assert run_cli("check", cwd=root).exit_code == 0  # the file's fail-on: never
    assert run_cli("check", "--fail-on", "note", cwd=root).exit_code == 1
    assert run_cli("check", "--isolated", cwd=root).exit_code == 1  # the default: error
    config = load_config([str(root)], CommandLine(today=__import__("datetime").date(2026, 1, 31)))
    assert config.today.source == "command line" and config.fail_on.source == ".aims-lint.yaml:1"
    assert load_config([str(root)]).today.value.isoformat() == "2020-01-01"


def test_select_on_the_command_line_chooses_afresh(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "select: [MC10]\nignore: [MC101]\nrules: {MC102: off}\n"})
    assert rules_found(check_json(run_cli, root)) == {f"MC10{i}" for i in range(3, 9)}
    # The command line's --ignore adds to the file's; its --extend-select too.
    assert rules_found(check_json(run_cli, root, "--ignore", "MC103", "--extend-select", "MC112")) == {
        *(f"MC10{i}" for i in range(4, 9)), "MC112"}
    # --select starts again: the file's ignore and off no longer apply.
    assert rules_found(check_json(run_cli, root, "--select", "MC101,MC102")) == {"MC101", "MC102"}


# --- extends ---------------------------------------------------------------------------------------------------


def test_extends_inherits_a_shared_file_lists_add_up_and_the_nearest_scalar_wins(tmp_path: Path,
                                                                                run_cli: RunCli) -> None:
    root = repo(tmp_path, {
        "shared/org.yaml": "fail-on: never\nignore: [MC101]\nrules:\n  MC105: note\n  MC108: {severity: error}\n",
        ".aims-lint.yaml": "extends: shared/org.yaml\nfail-on: warning\nignore: [MC102]\nrules:\n  MC105: warning\n",
    })
    config = load_config([str(root)])
    assert config.files == (".aims-lint.yaml", os.path.join("shared", "org.yaml")) or config.files[0].endswith(
        ".aims-lint.yaml")
    assert [i.value for i in config.ignore] == ["MC101", "MC102"]
    assert config.fail_on.value == "warning" and config.fail_on.source.endswith(".aims-lint.yaml:2")
    severities = {r.rule: r.severity.label for r in config.rules if r.severity}
    assert severities == {"MC105": "warning", "MC108": "error"}
    result = check_json(run_cli, root)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert {f["rule"] for f in findings} & {"MC101", "MC102"} == set()
    assert {f["severity"] for f in findings if f["rule"] == "MC108"} == {"error"}


@pytest.mark.parametrize(("files", "message"), [
    ({".aims-lint.yaml": "extends: https://example.com/aims.yaml\n"},
     r"^\.aims-lint\.yaml:1: key 'extends': expected the path of another configuration file"),
    ({".aims-lint.yaml": "extends: a.yaml\n", "a.yaml": "extends: .aims-lint.yaml\n"},
     r"^a\.yaml:1: key 'extends': expected a file that does not extend itself again"),
    ({".aims-lint.yaml": "extends: missing.yaml\n"},
     r"^\.aims-lint\.yaml:1: key 'extends': .*'missing\.yaml', which is no file"),
    ({".aims-lint.yaml": "select: [MC]\nextends: ../outside.yaml\n"},
     r"^\.aims-lint\.yaml:2: key 'extends': expected a file inside the repository"),
    ({".aims-lint.yaml": "packs: [policies/a.yaml, ../../etc/passwd]\n"},
     r"^\.aims-lint\.yaml:1: key 'packs\[1\]': expected a file inside the repository"),
])
def test_extends_and_packs_stay_local_and_inside_the_repository(tmp_path: Path, run_cli: RunCli,
                                                               files: dict[str, str], message: str) -> None:
    root = repo(tmp_path, files)
    (tmp_path / "outside.yaml").write_text("ignore: [MC101]\n", encoding="utf-8")
    assert re.search(message, error_line(run_cli("check", cwd=root)))


def test_a_configuration_outside_the_repository_may_extend_files_beside_it(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {})
    shared = tmp_path / "org"
    shared.mkdir()
    (shared / "base.yaml").write_text("ignore: [MC101]\n", encoding="utf-8")
    (shared / "ci.yaml").write_text("extends: base.yaml\nignore: [MC102]\n", encoding="utf-8")
    found = rules_found(check_json(run_cli, root, "--config", str(shared / "ci.yaml")))
    assert "MC103" in found and not {"MC101", "MC102"} & found


# --- errors: one line, the file, the line, the key, what is allowed --------------------------------------------


@pytest.mark.parametrize(("name", "text", "expected"), [
    (".aims-lint.yaml", "select: [MC]\nper-path-ignore:\n  docs/**: [MC]\n",
     ".aims-lint.yaml:2: key 'per-path-ignore': not a setting; the keys are extends, select, extend-select, "
     "ignore, rules, per-path-ignores, exclude, discovery, fail-on, packs, today, waivers "
     "(did you mean 'per-path-ignores'?)"),
    (".aims-lint.yaml", "\n\nfail-on: warnings\n",
     ".aims-lint.yaml:3: key 'fail-on': expected error, warning, note or never, not 'warnings' "
     "(did you mean 'warning'?)"),
    (".aims-lint.yaml", "rules:\n  MC101: warn\n",
     ".aims-lint.yaml:2: key 'rules.MC101': expected off, error, warning or note, not 'warn' "
     "(did you mean 'warning'?)"),
    (".aims-lint.yaml", "rules:\n  MC101: {severity: note, option: {}}\n",
     ".aims-lint.yaml:2: key 'rules.MC101.option': not a key here; the keys are severity, options "
     "(did you mean 'options'?)"),
    (".aims-lint.yaml", "waivers:\n  - rule: MC101\n    path: models/**\n",
     ".aims-lint.yaml:2: key 'waivers[0].reason': missing; expected the reason the exception is accepted, in words "
     "(required, not blank)"),
    (".aims-lint.yaml", "waivers:\n  - {rule: MC101, path: x, reason: ''}\n",
     ".aims-lint.yaml:2: key 'waivers[0].reason': expected the reason the exception is accepted, in words "
     "(required, not blank), not ''"),
    (".aims-lint.yaml", "today: 2026-02-30\n",
     ".aims-lint.yaml:1: key 'today': expected a date written YYYY-MM-DD, not '2026-02-30', which is no day of the "
     "calendar"),
    (".aims-lint.yaml", "discovery:\n  modelcard: [docs/*.md]\n",
     ".aims-lint.yaml:2: key 'discovery.modelcard': not a key here; the keys are model_card, dataset_record, "
     "weights, risk_register, impact_assessment, soa, ai_inventory, ai_policy, concerns_channel "
     "(did you mean 'model_card'?)"),
    (".aims-lint.yaml", "select: MC\n",
     ".aims-lint.yaml:1: key 'select': expected a list of rule ids, id prefixes, rule names or ISO/IEC 42001 ids, "
     "not 'MC'"),
    (".aims-lint.yaml", "select: []\n", ".aims-lint.yaml:1: key 'select': expected a list of rules to run: rule ids "
     "(MC101), id prefixes (MC), rule names (model-intended-use) or ISO/IEC 42001 ids (A.6.2.7, 7.5); the default is "
     "every rule, not an empty list"),
    (".aims-lint.yaml", "exclude: ['!keep.md']\n",
     ".aims-lint.yaml:1: key 'exclude[0]': expected a gitignore-style glob relative to the repository root (*, **, "
     "?, [abc]; no leading '!'), not '!keep.md'"),
    (".aims-lint.yaml", "ignore: [MC101]\nignore: [MC102]\n", ".aims-lint.yaml:2: "),
    (".aims-lint.yaml", "- select\n", ".aims-lint.yaml:1: the configuration must be a mapping of settings to values"),
    (".aims-lint.yaml", "select: [MC\n", ".aims-lint.yaml:2: "),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.aims-lint]\nselect = ["MC"]\nfail_on = "never"\n',
     "pyproject.toml:6: key 'fail_on': not a setting; the keys are extends, select, extend-select, ignore, rules, "
     "per-path-ignores, exclude, discovery, fail-on, packs, today, waivers (did you mean 'fail-on'?)"),
    ("pyproject.toml", '[tool.aims-lint.rules]\nMC101 = "warning"\n\n[tool.aims-lint.rules.MC102]\nseverity = "bad"\n',
     "pyproject.toml:5: key 'rules.MC102.severity': expected off, error, warning or note, not 'bad'"),
    ("pyproject.toml", '[tool.aims-lint]\nselect = ["MC"]\n\n[[tool.aims-lint.waivers]]\nrule = "MC101"\n'
     'path = "a"\nreason = "r"\n\n[[tool.aims-lint.waivers]]\nrule = "MC102"\npath = "b"\nreson = "r"\n',
     "pyproject.toml:12: key 'waivers[1].reson': not a key here; the keys are rule, path, reason, expires, "
     "approved-by (did you mean 'reason'?)"),
    ("pyproject.toml", '[tool.aims-lint]\nselect = ["MC"\n', "pyproject.toml:2: Unclosed array"),
])
def test_a_bad_configuration_is_one_line_with_file_line_key_and_what_is_allowed(
        tmp_path: Path, run_cli: RunCli, name: str, text: str, expected: str) -> None:
    root = repo(tmp_path, {name: text})
    line = error_line(run_cli("check", cwd=root))
    assert line.startswith(expected), line


@pytest.mark.parametrize(("text", "expected"), [
    ("ignore: [MC1O1]\n", ".aims-lint.yaml:1: key 'ignore': no rule matches 'MC1O1' (did you mean 'MC101'?)"),
    ("\nselect: [model-intended-usage]\n",
     ".aims-lint.yaml:2: key 'select': no rule matches 'model-intended-usage' (did you mean 'model-intended-use'?)"),
    ("extend-select: [A.6.2.99]\n",
     ".aims-lint.yaml:1: key 'extend-select': 'A.6.2.99' is not an ISO/IEC 42001 clause or control id"),
    ("ignore: [B.9.4]\n", ".aims-lint.yaml:1: key 'ignore': 'B.9.4' is Annex B guidance, which goes with its control: "
     "name A.9.4"),
    ("rules:\n  MC999: note\n", ".aims-lint.yaml:2: key 'rules.MC999': no rule has this id or name"),
    ("per-path-ignores:\n  'docs/**': [XX1]\n", ".aims-lint.yaml:2: key 'per-path-ignores.docs/**': no rule matches "
     "'XX1'"),
    ("rules:\n  SUP103:\n    options:\n      max_age_days: ninety\n",
     ".aims-lint.yaml:4: key 'rules.SUP103.options.max_age_days': 'ninety' is not of type 'integer'"),
    ("rules:\n  SUP103:\n    options: {max_age: 90}\n",
     ".aims-lint.yaml:3: key 'rules.SUP103.options.max_age': unknown key 'max_age' (the options of check "
     "'review_dates': entries, field, label, max_age_days, mode)"),
])
def test_settings_that_name_nothing_are_refused_at_their_line(tmp_path: Path, run_cli: RunCli, text: str,
                                                              expected: str) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": text})
    line = error_line(run_cli("check", cwd=root))
    assert line.startswith(expected), line


# --- every setting honoured ------------------------------------------------------------------------------------


def test_ignore_by_iso_control_drops_a_rule_only_when_every_control_it_cites_is_ignored(
        tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {})
    every = rules_found(check_json(run_cli, root, "--isolated"))
    assert {"MC110", "MC111", "MC102"} <= every
    # MC111 cites A.8.2 alone; MC110 cites A.8.2 and A.9.4; MC102 cites A.9.4 and A.6.2.7.
    one = rules_found(check_json(run_cli, root, "--ignore", "A.8.2"))
    assert "MC111" not in one and {"MC110", "MC102"} <= one
    two = rules_found(check_json(run_cli, root, "--ignore", "A.8.2,A.9.4"))
    assert not {"MC110", "MC111"} & two and "MC102" in two
    # A group id covers the controls under it: A.6 covers A.6.2.7.
    three = rules_found(check_json(run_cli, root, "--ignore", "A.8.2,A.9.4,A.6"))
    assert "MC102" not in three and "MC104" in three  # MC104 also cites A.7.2 and A.4.3


def test_select_by_iso_id_runs_every_rule_citing_it(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "select: [A.8.2]\n"})
    found = rules_found(check_json(run_cli, root))
    assert found == {"MC101", "MC103", "MC105", "MC106", "MC107", "MC110", "MC111", "MC112"} & rules_found(
        check_json(run_cli, root, "--isolated"))


def test_per_rule_severity_and_off(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "rules:\n  MC101: note\n  model-out-of-scope-use: off\n"})
    findings = json.loads(check_json(run_cli, root).stdout)["findings"]
    assert {f["severity"] for f in findings if f["rule"] == "MC101"} == {"note"}
    assert "MC102" not in {f["rule"] for f in findings}
    sarif = json.loads(run_cli("check", "--format", "sarif", cwd=root).stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["MC101"]["defaultConfiguration"]["level"] == "note" and "MC102" not in rules


def test_per_rule_options_are_validated_and_change_the_verdict(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {"governance/ai-inventory.yaml": INVENTORY})
    # The due diligence is 200 days old: within the built-in year, not within a 90-day policy.
    assert "SUP103" not in rules_found(check_json(run_cli, root, "--select", "SUP103"))
    (root / ".aims-lint.yaml").write_text("rules:\n  SUP103:\n    options: {max_age_days: 90}\n", encoding="utf-8")
    findings = json.loads(check_json(run_cli, root, "--select", "SUP103").stdout)["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [("SUP103", "governance/ai-inventory.yaml", 12)]
    assert "more than 90" in findings[0]["message"]


def test_per_path_ignores_drop_findings_on_matching_paths_only(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {"experiments/a/MODEL_CARD.md": THIN_CARD, "models/b/MODEL_CARD.md": THIN_CARD,
                           ".aims-lint.yaml": "per-path-ignores:\n  'experiments/**': [MC1, A.8.2]\n"
                                              "  '*.md': [MC112]\n"})
    findings = json.loads(check_json(run_cli, root / "models").stdout)["findings"]  # from a subfolder
    by_path: dict[str, set[str]] = {}
    for f in json.loads(check_json(run_cli, root).stdout)["findings"]:
        by_path.setdefault(f["path"], set()).add(f["rule"])
    assert not any(r.startswith("MC1") for r in by_path.get("experiments/a/MODEL_CARD.md", set()))
    assert "MC101" in by_path["models/b/MODEL_CARD.md"] and "MC112" not in by_path["models/b/MODEL_CARD.md"]
    assert {f["path"] for f in findings} >= {"b/MODEL_CARD.md"} and all(f["rule"] != "MC112" for f in findings)


def test_exclude_keeps_files_from_being_read_even_when_named(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {"legacy/old/MODEL_CARD.md": THIN_CARD, ".aims-lint.yaml": "exclude: [legacy/]\n"})
    report = json.loads(check_json(run_cli, root).stdout)
    assert {a["path"] for a in report["artifacts"]} == {"models/thin/MODEL_CARD.md"}
    named = check_json(run_cli, root, "--", "legacy/old/MODEL_CARD.md", "models/thin/MODEL_CARD.md")
    assert {f["path"] for f in json.loads(named.stdout)["findings"]} == {"models/thin/MODEL_CARD.md"}
    assert "legacy/old/MODEL_CARD.md is excluded by the configuration; nothing checked in it" in named.stderr


def test_discovery_globs_read_files_named_otherwise_as_their_kind(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {"docs/models/fraud.md": THIN_CARD, "docs/models/notes.txt": "x",
                           ".aims-lint.yaml": "discovery:\n  model_card: ['docs/models/*']\n"})
    assert "docs/models/fraud.md" not in {a["path"] for a in json.loads(
        check_json(run_cli, root, "--isolated").stdout)["artifacts"]}
    result = check_json(run_cli, root)
    report = json.loads(result.stdout)
    assert {"path": "docs/models/fraud.md", "kind": "model_card", "format": "markdown-model-card"} in [
        {k: a[k] for k in ("path", "kind", "format")} for a in report["artifacts"]]
    assert ("MC101", "docs/models/fraud.md") in {(f["rule"], f["path"]) for f in report["findings"]}
    assert "docs/models/notes.txt was not read: the configuration's discovery globs make it a model_card, read " \
           "only from .json, .md, .yaml, .yml files" in result.stderr


def test_waivers_are_parsed_into_waivers_with_their_source(tmp_path: Path) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "select: [MC]\nwaivers:\n  - rule: MC105\n    path: models/**\n"
                                              "    reason: ' Evaluated off-line. '\n    expires: 2026-06-30\n"
                                              "    approved-by: Jane Doe\n  - {rule: MC1, path: x, reason: y}\n"})
    request = load_config([str(root)]).request([str(root)])
    first, second = request.waivers
    assert (first.rule, first.path, first.reason, first.expires.isoformat(), first.approved_by) == (
        "MC105", "models/**", "Evaluated off-line.", "2026-06-30", "Jane Doe")
    assert first.source is not None and (first.source.path, first.source.line) == (
        shown_path(root / ".aims-lint.yaml"), 3)
    assert (second.expires, second.approved_by, second.source and second.source.line) == (None, "", 8)
    assert request.root == str(root)


# --- aims-lint config ------------------------------------------------------------------------------------------


def test_config_prints_each_value_and_where_it_came_from(tmp_path: Path, run_cli: RunCli) -> None:
    root = repo(tmp_path, {"shared.yaml": "exclude: [vendor/]\n",
                           ".aims-lint.yaml": "extends: shared.yaml\nselect: [MC]\nrules:\n  MC105: off\n"})
    text = run_cli("config", "--ignore", "MC101", cwd=root / "models")
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == f"# configuration: {os.path.join('..', '.aims-lint.yaml')}, which extends " \
                       f"{os.path.join('..', 'shared.yaml')}"
    assert re.search(r'^select = \["MC"\] +# \.\./\.aims-lint\.yaml:2$', text.stdout, re.MULTILINE)
    assert re.search(r'^  "MC105", +# \.\./\.aims-lint\.yaml:4$', text.stdout, re.MULTILINE)
    assert re.search(r'^  "MC101", +# command line$', text.stdout, re.MULTILINE)
    assert re.search(r'^  "vendor/", +# \.\./shared\.yaml:1$', text.stdout, re.MULTILINE)
    assert re.search(r'^fail-on = "error" +# default$', text.stdout, re.MULTILINE)
    shown = json.loads(run_cli("config", "--format", "json", cwd=root).stdout)
    assert shown["root"] == str(root) and tuple(shown["settings"]) == KEYS
    assert shown["settings"]["ignore"] == [{"value": "MC105", "source": ".aims-lint.yaml:4"}]
    assert shown["settings"]["select"] == {"value": ["MC"], "source": ".aims-lint.yaml:2"}
    assert set(KEYS) == set(load_schema("config")["properties"]) - {"extends"}


# --- the schema and its generated validator ---------------------------------------------------------------------

SAMPLES = [
    {}, {"select": ["MC", "A.6.2.7", "7.5", "model-license"]}, {"select": "MC"}, {"rules": {"MC101": "off"}},
    {"rules": {"MC101": {"severity": "note", "options": {"x": 1}}}}, {"rules": {"MC101": {}}},
    {"rules": {"mc 101": "note"}}, {"per-path-ignores": {"docs/**": ["MC"]}}, {"per-path-ignores": {"!x": ["MC"]}},
    {"discovery": {"model_card": ["a/*.md"]}}, {"discovery": {"card": ["a"]}}, {"fail-on": "never"},
    {"fail-on": 3}, {"today": "2026-01-31"}, {"today": "31/01/2026"}, {"packs": ["p.yaml"]}, {"packs": [""]},
    {"waivers": [{"rule": "MC101", "path": "a", "reason": "b", "expires": "2026-01-01", "approved-by": "c"}]},
    {"waivers": [{"rule": "MC101", "path": "a"}]}, {"extends": "../x.yaml"}, {"extends": "file://x"},
    {"exclude": ["a", "b/**"]}, {"unknown": 1},
]


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_quick_verdict_is_the_schema_s(sample: dict[str, object]) -> None:
    assert quick_valid(load_schema("config"), sample) is not None  # the configuration schema is all quick keywords
    assert is_valid(sample) == validator_for("config").full.is_valid(sample)
    assert bool(list(errors(sample))) == (not is_valid(sample))


def test_every_setting_says_what_it_allows() -> None:
    schema = load_schema("config")
    assert all(spec.get("description") for spec in schema["properties"].values())


def test_config_errors_are_config_errors(tmp_path: Path) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "select: 5\n"})
    with pytest.raises(ConfigError, match="key 'select'"):
        load_config([str(root)])


def test_the_library_takes_the_configured_request(tmp_path: Path) -> None:
    root = repo(tmp_path, {".aims-lint.yaml": "select: [MC101, MC102]\n"})
    outcome = lint(load_config([str(root)]).request([str(root)]))
    assert {f.rule_id for f in outcome.report.findings} == {"MC101", "MC102"}
