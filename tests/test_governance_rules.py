"""Governance rules on one document at a time: the scale and levels, treatment, coverage, and dates against --today."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import make_git_repo
from governance_repo import IMPACT_MD, IMPACT_YAML, INVENTORY, REGISTER

from aims_lint.engine import RunOptions, run
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

RULES = load_rules()

SCALE = """schema_version: 1
scale:
  likelihood: [rare, possible, likely]
  impact: [minor, major, severe]
  levels:
    - {name: low, max_score: 2}
    - {name: medium, max_score: 4}
    - {name: high, max_score: 9}
  acceptance_threshold: medium
risks:
"""


def risk(rid: str, likelihood: Any, impact: Any, level: Any, **extra: str) -> str:
    lines = [f"  - id: {rid}", f"    likelihood: {likelihood}", f"    impact: {impact}", f"    level: {level}"]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def findings(root: Path, select: str, today: datetime.date = datetime.date(2026, 6, 1)) -> list[tuple[str, int]]:
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset({select}), today=today))
    return sorted((f.location.path, f.location.line) for f in report.findings)


def line(text: str, needle: str, nth: int = 1) -> int:
    return [i for i, row in enumerate(text.split("\n"), start=1) if needle in row][nth - 1]


# --- Dates judged against --today -----------------------------------------------------------------------------


def test_review_date_judged_against_today_from_the_cli(tmp_path: Path, run_cli: Any) -> None:
    register = REGISTER.replace("next_review: 2099-03-01", "next_review: 2026-03-01", 1)
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    due = line(register, "next_review: 2026-03-01")

    def rr108(*today: str) -> tuple[int, list[tuple[str, int]]]:
        result = run_cli("check", str(root), "--select", "RR108", "--format", "json", *today)
        return result.exit_code, [(f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]

    assert rr108("--today", "2026-03-01") == (0, [])
    assert rr108("--today", "2026-03-02") == (1, [("risk/register.yaml", due)])


def test_default_today_is_the_real_date(tmp_path: Path) -> None:
    today = datetime.date.today()
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    register = REGISTER.replace("next_review: 2099-03-01", f"next_review: {yesterday}", 1)
    register = register.replace("next_review: 2099-03-01", f"next_review: {tomorrow}", 1)
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset({"RR108"})))
    assert [f.location.line for f in report.findings] == [line(register, f"next_review: {yesterday}")]


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "tomorrow", "20260101", "2026-W01-1", ""])
def test_bad_today_is_a_usage_error(tmp_path: Path, run_cli: Any, value: str) -> None:
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": REGISTER})
    result = run_cli("check", str(root), "--today", value)
    assert result.exit_code == 2
    assert "--today" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


def test_supplier_due_diligence_older_than_a_year(tmp_path: Path) -> None:
    inventory = INVENTORY.replace("due_diligence_on: 2026-01-15", "due_diligence_on: 2025-01-15", 1)
    root = make_git_repo(tmp_path / "repo", {"ai-inventory.yaml": inventory})
    at = line(inventory, "2025-01-15")
    assert findings(root, "SUP103", datetime.date(2026, 1, 16)) == []
    assert findings(root, "SUP103", datetime.date(2026, 1, 17)) == [("ai-inventory.yaml", at)]


def test_assessment_dated_after_today(tmp_path: Path) -> None:
    register = REGISTER.replace("assessed_on: 2025-03-01", "assessed_on: 2026-07-01", 1)
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    assert findings(root, "RR111", datetime.date(2026, 7, 1)) == []
    assert findings(root, "RR111", datetime.date(2026, 6, 30)) == [("risk/register.yaml", line(register, "2026-07-01"))]


def test_policy_and_assessment_reviews(tmp_path: Path) -> None:
    policy = "---\nowner: A\napproved_by: B\napproved_on: 2025-01-01\nnext_review: 2026-01-01\n---\n# AI policy\n"
    root = make_git_repo(tmp_path / "repo", {"governance/ai-policy.md": policy,
                                             "impact/sentiment.md": IMPACT_MD.replace("2099-02-12", "2026-02-12")})
    assert findings(root, "POL102", datetime.date(2025, 12, 31)) == []
    assert findings(root, "POL102") == [("governance/ai-policy.md", 5)]
    assert findings(root, "IA104") == [("impact/sentiment.md", 5)]


# --- Scale, levels and treatment --------------------------------------------------------------------------------


def test_levels_follow_score_bands_with_names_or_numbers(tmp_path: Path) -> None:
    register = SCALE + risk("R-1", "likely", "severe", "high") + risk("R-2", 2, "'2'", "Medium") \
        + risk("R-3", "Rare", "minor", "low") + risk("R-4", "possible", "minor", "medium") \
        + risk("R-5", 3, 3, "critical") + risk("R-6", 4, "minor", "low")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    assert findings(root, "RR103") == [
        ("risk/register.yaml", line(register, "- id: R-4") + 3),  # 2 x 1 = 2 is low
        ("risk/register.yaml", line(register, "- id: R-5") + 3),  # not a level of this scale
        ("risk/register.yaml", line(register, "- id: R-6") + 1),  # only three likelihood ratings
    ]


def test_levels_follow_a_matrix(tmp_path: Path) -> None:
    register = """schema_version: 1
scale:
  likelihood: [low, high]
  impact: [low, high]
  levels: [acceptable, unacceptable]
  matrix:
    - [acceptable, acceptable]
    - [acceptable, unacceptable]
  acceptance_threshold: acceptable
risks:
""" + risk("R-1", "high", "high", "unacceptable") + risk("R-2", "high", "low", "unacceptable")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    assert findings(root, "RR102") == []
    assert findings(root, "RR103") == [("risk/register.yaml", line(register, "level: unacceptable", 2))]


@pytest.mark.parametrize(("scale", "needle"), [
    ("schema_version: 1\nrisks: []\n", None),
    (SCALE.replace("  impact: [minor, major, severe]\n", ""), "scale:"),
    (SCALE.replace("[rare, possible, likely]", "[rare, rare, likely]"), "likelihood: [rare, rare"),
    (SCALE.replace("    - {name: medium, max_score: 4}\n", "    - {name: medium, max_score: 2}\n"), "name: medium"),
    (SCALE.replace("    - {name: low, max_score: 2}\n", "    - low\n"), "    - low"),
    (SCALE.replace("acceptance_threshold: medium", "acceptance_threshold: \"\""), "acceptance_threshold"),
    (SCALE.replace("  acceptance_threshold: medium\n", "  acceptance_threshold: medium\n  matrix:\n    - [low]\n"),
     "matrix:"),
])
def test_unusable_scales(tmp_path: Path, scale: str, needle: str | None) -> None:
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": scale})
    expected = 1 if needle is None else line(scale, needle)
    assert findings(root, "RR102") == [("risk/register.yaml", expected)]
    # Without a usable scale, levels and treatments are not judged at all.
    assert findings(root, "RR103") == findings(root, "RR104") == []


def test_treatment_needed_only_above_the_threshold(tmp_path: Path) -> None:
    register = SCALE + risk("R-1", "possible", "major", "medium") + risk("R-2", "likely", "major", "''") \
        + risk("R-3", "likely", "severe", "high", treatment="retain", controls="[ORG-1]", accepted_by="CRO")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    # R-1 sits at the threshold; R-2 has no level written but 3 x 2 = 6 is high; R-3 is treated but says
    # nothing of the level that remains.
    entry, treated = line(register, "- id: R-2"), line(register, "- id: R-3")
    assert findings(root, "RR104") == [("risk/register.yaml", entry)] * 4 + [("risk/register.yaml", treated)]


def test_residual_level_compared_with_the_computed_level(tmp_path: Path) -> None:
    register = SCALE + risk("R-1", "possible", "minor", "''", residual_level="medium")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    assert findings(root, "RR110") == [("risk/register.yaml", line(register, "residual_level"))]


# --- Impact coverage -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "covered"), [
    ("individuals_and_groups: Card holders wait up to a day for held payments.", True),
    ("individuals_and_groups: none", False),
    ("individuals_and_groups:\n  not_applicable: No person is affected; the model ranks internal test jobs.", True),
    ("individuals_and_groups:\n  not_applicable: n/a", False),
    ("individuals_and_groups: []", False),
    ("individuals_and_groups: \"[More Information Needed]\"", False),
])
def test_individuals_and_groups_covered_or_explained(tmp_path: Path, value: str, covered: bool) -> None:
    start = IMPACT_YAML.index("individuals_and_groups:")
    end = IMPACT_YAML.index("societal_impacts:")
    text = IMPACT_YAML[:start] + value + "\n" + IMPACT_YAML[end:]
    root = make_git_repo(tmp_path / "repo", {"impact/fraud-detector.yaml": text})
    expected = [] if covered else [("impact/fraud-detector.yaml", line(text, "individuals_and_groups:"))]
    assert findings(root, "IA102") == expected


@pytest.mark.parametrize(("body", "covered"), [
    ("Not applicable: the dashboard is internal and no decision about a person is taken from it.", True),
    ("N/A.", False),
    ("**Not applicable.**", False),
    ("<!-- say why -->", False),
])
def test_markdown_societal_section(tmp_path: Path, body: str, covered: bool) -> None:
    start = IMPACT_MD.index("## Societal impacts")
    end = IMPACT_MD.index("## Benefits")
    text = IMPACT_MD[:start] + "## Societal impacts\n\n" + body + "\n\n" + IMPACT_MD[end:]
    root = make_git_repo(tmp_path / "repo", {"impact/sentiment.md": text})
    expected = [] if covered else [("impact/sentiment.md", line(text, "## Societal impacts"))]
    assert findings(root, "IA103") == expected


def test_messages_say_what_to_fill_in(tmp_path: Path) -> None:
    register = REGISTER.replace("    owner: Head of payments risk\n", "    owner: TBD\n")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset({"RR101"})))
    assert [(f.location.line, "'TBD'" in f.message, "fill in the risk owner" in f.message)
            for f in report.findings] == [(line(register, "owner: TBD"), True, True)]


def test_ratings_in_other_scripts_are_off_the_scale_not_a_crash(tmp_path: Path) -> None:
    register = SCALE + risk("R-1", "'³'", "'٣'", "high")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register})
    assert findings(root, "RR103") == [("risk/register.yaml", line(register, "likelihood: '³'")),
                                       ("risk/register.yaml", line(register, "impact: '٣'"))]
