"""Baselines: `check --write-baseline FILE` records a run's findings in sorted, stable JSON with a version; `--baseline
FILE` reports only findings not in it, matched by fingerprint across moved lines and edits elsewhere, marks SARIF
results new or unchanged, and counts the entries fixed; a baseline of another version or a corrupt one exits 2."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, git, make_git_repo, write_tree
from test_sarif import multitool_accepts, sarif_schema

from aims_lint import __version__
from aims_lint.baseline import BASELINE_VERSION, read_baseline
from aims_lint.errors import AimsLintError
from aims_lint.pipeline import LintRequest, lint
from aims_lint.schemas import load_schema

RunCli = Callable[..., CliResult]
TODAY = "2026-06-30"
# Two cards with known findings: no training data or evaluation (MC104, MC105), a licence that is no identifier
# (GN101 on line 5).
CARD = """name: fraud-detector
version: 1.0.0
owner: Payments ML team
contact: payments-ml@example.com
license: made-up-licence
intended_use: Ranks card transactions by fraud likelihood for analyst review.
users: Fraud analysts in the payments risk team.
out_of_scope_use: Credit decisions; automated card blocking.
limitations: Recall is lower on small merchants.
human_oversight: Analysts review every alert before any action.
"""
FILES = {"models/fraud/model_card.yaml": CARD, "models/churn/model_card.yaml": CARD.replace("fraud", "churn")}
SELECT = ("--select", "MC104,MC105,GN101,MC101")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_git_repo(tmp_path / "repo", FILES)


def _check(run_cli: RunCli, repo: Path, *args: str) -> CliResult:
    return run_cli("check", *SELECT, "--today", TODAY, *args, cwd=repo)


def _json(result: CliResult) -> dict[str, Any]:
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _written(run_cli: RunCli, repo: Path, name: str = "baseline.json") -> Path:
    result = _check(run_cli, repo, "--write-baseline", name)
    assert result.exit_code == 0, result.stderr
    return repo / name


def test_writing_a_baseline_records_every_finding_and_exits_0(repo: Path, run_cli: RunCli) -> None:
    before = _check(run_cli, repo, "-f", "json")
    assert before.exit_code == 1
    findings = _json(before)["findings"]
    result = _check(run_cli, repo, "--write-baseline", "baseline.json")
    assert result.exit_code == 0
    assert result.stdout == ""  # recorded, not reported
    assert result.stderr == f"aims-lint: wrote {len(findings)} findings to the baseline baseline.json\n"
    doc = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert doc["version"] == BASELINE_VERSION and doc["aims-lint"] == __version__
    assert doc["findings"] == sorted(
        ({"path": f["path"], "rule": f["rule"], "fingerprint": f["fingerprint"]} for f in findings),
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    import jsonschema

    jsonschema.Draft202012Validator(load_schema("baseline")).validate(doc)


def test_the_file_is_stable_and_one_finding_a_line(repo: Path, run_cli: RunCli) -> None:
    first = _written(run_cli, repo).read_bytes()
    write_tree(repo, {"models/fraud/model_card.yaml": "\n\n" + CARD})  # lines move: the same findings
    second = _written(run_cli, repo).read_bytes()
    assert first == second
    lines = first.decode().splitlines()
    assert lines[0] == f'{{"version": {BASELINE_VERSION}, "aims-lint": "{__version__}", "findings": ['
    assert lines[-1] == "]}"
    assert all(line.startswith('  {"path": ') for line in lines[1:-1])
    assert len(lines) - 2 == len(json.loads(first)["findings"])


def test_a_run_against_its_baseline_reports_nothing_and_passes(repo: Path, run_cli: RunCli) -> None:
    _written(run_cli, repo)
    result = _check(run_cli, repo, "--baseline", "baseline.json")
    assert result.exit_code == 0, result.stdout
    total = len(json.loads((repo / "baseline.json").read_text())["findings"])
    assert result.stdout == (f"No findings in 2 artifacts; 3 files scanned. {total} unchanged in the baseline; "
                             "0 baseline entries fixed.\n")


def test_only_new_findings_are_reported_through_moved_lines_and_edits(repo: Path, run_cli: RunCli) -> None:
    _written(run_cli, repo)
    edited = "# Edited since.\n\n" + CARD.replace("owner: Payments ML team", "owner: Fraud ML team\nteam: x-1")
    write_tree(repo, {"models/fraud/model_card.yaml": edited,
                      "models/new/model_card.yaml": CARD.replace("fraud-detector", "new-one")})
    git(repo, "add", "-A")
    result = _check(run_cli, repo, "--baseline", "baseline.json", "-f", "json")
    assert result.exit_code == 1
    doc = _json(result)
    assert {f["path"] for f in doc["findings"]} == {"models/new/model_card.yaml"}
    assert doc["summary"]["baseline"] == {"unchanged": len(json.loads((repo / "baseline.json").read_text())
                                                          ["findings"]), "fixed": 0}
    import jsonschema

    jsonschema.Draft202012Validator(load_schema("report")).validate(doc)


def test_fixed_entries_are_counted(repo: Path, run_cli: RunCli) -> None:
    _written(run_cli, repo)
    write_tree(repo, {"models/fraud/model_card.yaml": CARD.replace("made-up-licence", "apache-2.0")})
    result = _check(run_cli, repo, "--baseline", "baseline.json")
    assert result.exit_code == 0
    assert result.stdout.endswith("; 1 baseline entry fixed (write the baseline again to drop them).\n")
    rewritten = _written(run_cli, repo, "again.json")
    assert len(json.loads(rewritten.read_text())["findings"]) == len(
        json.loads((repo / "baseline.json").read_text())["findings"]) - 1


def test_entries_the_run_did_not_judge_are_not_fixed(repo: Path, run_cli: RunCli) -> None:
    """Rules left out by --select and files not named (pre-commit's way) were not judged: their entries stay."""
    _written(run_cli, repo)
    narrow = run_cli("check", "--select", "GN101", "--today", TODAY, "--baseline", "baseline.json", "-f", "json",
                     cwd=repo)
    assert _json(narrow)["summary"]["baseline"] == {"unchanged": 2, "fixed": 0}
    focused = _check(run_cli, repo, "--baseline", "baseline.json", "-f", "json", "--", "models/fraud/model_card.yaml")
    assert _json(focused)["summary"]["baseline"]["fixed"] == 0
    assert _json(focused)["findings"] == []


def test_sarif_marks_every_result_new_or_unchanged(repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    import jsonschema

    _written(run_cli, repo)
    write_tree(repo, {"models/fraud/model_card.yaml": CARD.replace("intended_use:", "intended_uses:")})
    out = tmp_path / "out.sarif"
    result = _check(run_cli, repo, "--baseline", "baseline.json", "-f", f"sarif:{out}", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    log = json.loads(out.read_text(encoding="utf-8"))
    states: dict[str, set[str]] = {}
    for r in log["runs"][0]["results"]:
        states.setdefault(r["baselineState"], set()).add(r["ruleId"])
    assert states["new"] == {"MC101"}
    assert {"MC104", "MC105", "GN101"} <= states["unchanged"]
    recorded = {e["fingerprint"] for e in json.loads((repo / "baseline.json").read_text())["findings"]}
    for r in log["runs"][0]["results"]:
        assert (r["partialFingerprints"]["aimsLintFingerprint/v1"] in recorded) == (r["baselineState"] == "unchanged")
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(log)] == []
    multitool_accepts(out, tmp_path)


def test_suppressed_findings_are_neither_recorded_nor_reported(repo: Path, run_cli: RunCli) -> None:
    card = CARD.replace("license: made-up-licence", "license: made-up-licence  # aims-lint: ignore[GN101] reason: ours")
    write_tree(repo, {"models/fraud/model_card.yaml": card})
    recorded = json.loads(_written(run_cli, repo).read_text())["findings"]
    assert ("models/fraud/model_card.yaml", "GN101") not in {(e["path"], e["rule"]) for e in recorded}
    doc = _json(_check(run_cli, repo, "--baseline", "baseline.json", "-f", "json"))
    assert [(f["rule"], f["path"]) for f in doc["suppressed"]] == [("GN101", "models/fraud/model_card.yaml")]
    assert doc["findings"] == []


def test_the_library_compares_with_a_baseline(repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    _written(run_cli, repo)
    monkeypatch.chdir(repo)
    report = lint(LintRequest(select=frozenset({"MC104", "MC105", "GN101", "MC101"}), baseline="baseline.json")).report
    assert report.findings == ()
    assert report.unchanged and all(f.baseline is not None and f.baseline.value == "unchanged"
                                    for f in report.unchanged)
    assert report.summary().fixed == 0


def test_the_baseline_file_in_the_repository_is_not_read_as_an_artifact(repo: Path, run_cli: RunCli) -> None:
    _written(run_cli, repo, ".aims-lint-baseline.json")
    git(repo, "add", "-A")
    result = _check(run_cli, repo, "--baseline", ".aims-lint-baseline.json", "-f", "json")
    assert result.stderr == ""
    assert [a["path"] for a in _json(result)["artifacts"]] == sorted(FILES)


# --- a baseline that cannot be used: one line, exit 2 -----------------------------------------------------------


@pytest.mark.parametrize(("text", "says"), [
    ('{"version": 1, "aims-lint": "0.0.1", "findings": []}', "baseline written by aims-lint 0.0.1, but this is "
                                                             f"aims-lint {__version__}"),
    ('{"version": 2, "aims-lint": "VERSION", "findings": []}', "baseline format version 2, but this aims-lint "
                                                               "reads version 1"),
    ('{"version": 1, "aims-lint": "VERSION",\n "findings": [\n', "baseline.json:3: not a baseline file: invalid "
                                                                 "JSON"),
    ('{"version": 1, "aims-lint": "VERSION", "findings": [\n  {"path": "a", "rule": "MC101"}\n]}',
     "baseline.json:2: not a baseline file: findings.0: 'fingerprint' is a required property"),
    ('{"version": 1, "aims-lint": "VERSION", "findings": {}}', "baseline.json:1: not a baseline file: findings: "),
    ("[]", "baseline.json:1: not a baseline file (no 'version')"),
    ("", "baseline.json:1: not a baseline file: invalid JSON"),
    ("\udcff", "baseline.json: not a baseline file: not UTF-8"),
])
def test_a_baseline_of_another_version_or_corrupt_exits_2_with_one_line(
    text: str, says: str, repo: Path, run_cli: RunCli
) -> None:
    (repo / "baseline.json").write_bytes(text.replace("VERSION", __version__).encode("utf-8", "surrogateescape"))
    result = _check(run_cli, repo, "--baseline", "baseline.json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("aims-lint: error: baseline.json") and says in result.stderr, result.stderr


def test_a_baseline_that_is_missing_or_no_regular_file_exits_2(repo: Path, run_cli: RunCli) -> None:
    result = _check(run_cli, repo, "--baseline", "nothere.json")
    assert result.exit_code == 2 and "nothere.json: cannot read the baseline" in result.stderr
    os.mkfifo(repo / "pipe.json")
    result = _check(run_cli, repo, "--baseline", "pipe.json")  # never waited on
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_the_library_raises_the_same_error(repo: Path) -> None:
    (repo / "baseline.json").write_text("{}", encoding="utf-8")
    with pytest.raises(AimsLintError, match="not a baseline file"):
        read_baseline(str(repo / "baseline.json"), __version__)
