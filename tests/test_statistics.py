"""`check --statistics`: one line per rule with its count, most frequent first, in ruff's layout, counted from the
same findings the reports hold; as JSON when the report on standard output is JSON."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT, CliResult, make_git_repo

from aims_lint.packs import load_rules

RunCli = Callable[..., CliResult]
NAMES = {r.id: r.name for r in load_rules()}
TODAY = ("--today", "2026-06-30")


@pytest.fixture
def examples_repo(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(PROJECT / "examples", root)
    return make_git_repo(root, {})


def _counts(run_cli: RunCli, repo: Path, *args: str) -> Counter[str]:
    result = run_cli("check", *TODAY, "-f", "json", *args, cwd=repo)
    return Counter(f["rule"] for f in json.loads(result.stdout)["findings"])


def test_one_line_per_rule_with_its_count_most_frequent_first(examples_repo: Path, run_cli: RunCli) -> None:
    expected = _counts(run_cli, examples_repo)
    assert len(expected) > 3 and len(set(expected.values())) > 1, "the examples should give varied counts"
    result = run_cli("check", *TODAY, "--statistics", cwd=examples_repo)
    assert result.exit_code == 1  # as without --statistics: errors fail the run
    *rows, total = result.stdout.splitlines()
    parsed = [row.split("\t") for row in rows]
    assert all(len(fields) == 3 for fields in parsed)
    assert [(int(count), rule.strip(), name) for count, rule, name in parsed] == sorted(
        ((n, rule, NAMES[rule]) for rule, n in expected.items()), key=lambda row: (-row[0], row[1]))
    assert len({len(count) for count, _, _ in parsed}) == 1  # counts right-aligned to one width
    assert len({len(rule) for _, rule, _ in parsed}) == 1  # ids padded to one width
    assert total == f"Found {sum(expected.values())} findings."


def test_statistics_as_json_when_the_report_is_json(examples_repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    expected = _counts(run_cli, examples_repo)
    sarif = tmp_path / "out.sarif"
    result = run_cli("check", *TODAY, "-f", "json", "-f", f"sarif:{sarif}", "--statistics", cwd=examples_repo)
    rows = json.loads(result.stdout)
    assert {row["code"]: row["count"] for row in rows} == dict(expected)
    assert all(row["name"] == NAMES[row["code"]] and row["severity"] in ("error", "warning", "note") for row in rows)
    assert [row["count"] for row in rows] == sorted((row["count"] for row in rows), reverse=True)
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]  # a report to a PATH is still written


def test_statistics_count_only_reported_findings(tmp_path: Path, run_cli: RunCli) -> None:
    card = "# aims-lint: ignore[MC104] reason: trained upstream\nname: x\nintended_use: Scores fraud.\n"
    repo = make_git_repo(tmp_path / "repo", {"models/x/model_card.yaml": card})
    all_counts = _counts(run_cli, repo, "--select", "MC104,MC105")
    assert "MC104" not in all_counts and all_counts["MC105"]
    result = run_cli("check", *TODAY, "--select", "MC104,MC105", "--statistics", cwd=repo)
    assert result.stdout.splitlines()[:-1] == [f"{all_counts['MC105']}\tMC105\tmodel-evaluation-results"]
    assert result.stdout.splitlines()[-1].endswith(" 1 suppressed (it does not fail the run).")
    clean = run_cli("check", *TODAY, "--select", "MC104", "--statistics", cwd=repo)
    assert clean.exit_code == 0 and clean.stdout.startswith("No findings.")
