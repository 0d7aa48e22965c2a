"""Rules judge what a governance value says, not only that it is there: non-answers, residual risk and its
acceptance, groups without impacts, future dates, review intervals, model versions, thresholds and systems of
the inventory without a card."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import write_tree

from aims_lint.engine import RunOptions, run
from aims_lint.model import Finding
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory
from aims_lint.vocab import non_answer

RULES = load_rules()
TODAY = datetime.date(2026, 6, 1)

SOA_ROW = """schema_version: 1
controls:
  - id: A.10.4
    applicable: false
    status: not-applicable
    justification: {value}
"""
DATASHEET = """schema_version: 1
name: payments
preparation: {value}
"""
POLICY = """---
owner: AI governance lead
approved_by: {approver}
approved_on: 2025-01-20
next_review: {review}
risk_acceptance: [Chief risk officer]
---

# AI policy
"""
REGISTER = """schema_version: 1
scale:
  likelihood: [rare, possible, likely]
  impact: [minor, major, severe]
  levels:
    - {{name: low, max_score: 2}}
    - {{name: medium, max_score: 4}}
    - {{name: high, max_score: 9}}
  acceptance_threshold: medium
risks:
  - id: R-1
    ai_system: fraud-detector
    likelihood: likely
    impact: severe
    level: high
    treatment: modify
    controls: [A.7.4]
{extra}"""


def findings(root: Path, rule_id: str) -> list[Finding]:
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset({rule_id}), today=TODAY))
    return [f for f in report.findings if f.rule_id == rule_id]


@pytest.mark.parametrize("value", ["N/A", "n/a.", "TBD", "pending", "Pending", "see code", "draft", "-", "**N/A**"])
def test_non_answers_are_no_content(value: str) -> None:
    assert non_answer(value)


@pytest.mark.parametrize("value", ["none", "Not in scope: no customers", "2025-01-01", "Draft policy v2 approved",
                                   "Pending review by the board on 2025-03-01 (ticket GOV-12)"])
def test_real_short_answers_are_content(value: str) -> None:
    assert not non_answer(value)


@pytest.mark.parametrize("value, fires", [
    ("N/A", True), ("TBD", True), ("pending", True), ("Not applicable", True), ("does not apply", True),
    ("The systems are used internally only; there are no customers of AI systems.", False)])
def test_soa_exclusion_needs_a_reason_not_a_restatement(tmp_path: Path, value: str, fires: bool) -> None:
    write_tree(tmp_path, {"governance/soa.yaml": SOA_ROW.format(value=value)})
    found = findings(tmp_path, "SOA103")
    assert bool(found) is fires
    if fires:
        assert found[0].location.line == 6


@pytest.mark.parametrize("value, fires", [("see code", True), ("TBD", True), ("N/A", True),
                                          ("Deduplicated by transaction id, then amounts scaled to [0, 1].", False)])
def test_preparation_must_be_described(tmp_path: Path, value: str, fires: bool) -> None:
    write_tree(tmp_path, {"data/payments/datasheet.yaml": DATASHEET.format(value=value)})
    assert bool(findings(tmp_path, "DS106")) is fires


def test_pending_approval_is_no_approval(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/ai-policy.md": POLICY.format(approver="pending", review="2026-01-20")})
    found = findings(tmp_path, "POL101")
    assert [f.location.line for f in found] == [3]
    assert "answers nothing" in found[0].message


def test_policy_review_interval_is_an_option(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/ai-policy.md": POLICY.format(approver="Board", review="2026-07-20")})
    assert [f.location.line for f in findings(tmp_path, "POL107")] == [5]
    rule = next(r for r in RULES if r.id == "POL107")
    assert rule.options["max_days"] == 366
    write_tree(tmp_path, {"governance/ai-policy.md": POLICY.format(approver="Board", review="2026-01-19")})
    assert findings(tmp_path, "POL107") == []


def test_high_risk_needs_a_residual_level(tmp_path: Path) -> None:
    write_tree(tmp_path, {"risk/register.yaml": REGISTER.format(extra="    accepted_by: Chief risk officer\n")})
    messages = [f.message for f in findings(tmp_path, "RR104")]
    assert len(messages) == 1 and "the level that remains after treatment" in messages[0]


@pytest.mark.parametrize("accepted, fires", [("Chief risk officer", False), ("chief risk officer", False),
                                             ("Head of payments", True)])
def test_accepted_high_residual_needs_authority(tmp_path: Path, accepted: str, fires: bool) -> None:
    extra = f"    residual_level: high\n    accepted_by: {accepted}\n"
    write_tree(tmp_path, {"risk/register.yaml": REGISTER.format(extra=extra),
                          "governance/ai-policy.md": POLICY.format(approver="Board", review="2026-01-20")})
    found = findings(tmp_path, "RR113")
    assert bool(found) is fires
    if fires:
        assert found[0].location.line == 19 and "Chief risk officer" in found[0].message


def test_accepted_medium_residual_needs_no_authority(tmp_path: Path) -> None:
    extra = "    residual_level: medium\n    accepted_by: Head of payments\n"
    write_tree(tmp_path, {"risk/register.yaml": REGISTER.format(extra=extra),
                          "governance/ai-policy.md": POLICY.format(approver="Board", review="2026-01-20")})
    assert findings(tmp_path, "RR113") == []


def test_each_group_needs_its_impact(tmp_path: Path) -> None:
    write_tree(tmp_path, {"impact/fraud.yaml": """schema_version: 1
ai_system: fraud
individuals_and_groups:
  - {group: Card holders, impact: Payments held for review are delayed by up to a day.}
  - {group: Small merchants}
  - Elderly card holders
  - {group: Analysts, impact: TBD}
"""})
    found = findings(tmp_path, "IA102")
    assert [f.location.line for f in found] == [5, 6, 7]
    assert all("what the system does to that group" in f.message for f in found)


def test_future_dates_in_every_governance_document(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "governance/soa.yaml": "schema_version: 1\napproved_on: 2027-01-01\ncontrols: []\n",
        "impact/fraud.yaml": "schema_version: 1\nai_system: fraud\nassessed_on: 2026-06-02\n",
        "impact/churn.yaml": "schema_version: 1\nai_system: churn\nassessed_on: 2026-06-01\n",
        "risk/register.yaml": "schema_version: 1\nrisks:\n  - id: R-1\n    accepted_on: 2030-01-01\n",
    })
    assert sorted((f.location.path, f.location.line) for f in findings(tmp_path, "GV002")) == [
        ("governance/soa.yaml", 2), ("impact/fraud.yaml", 3)]
    assert [(f.location.path, f.location.line) for f in findings(tmp_path, "RR111")] == [("risk/register.yaml", 4)]


CARD = "schema_version: 1\nname: fraud-detector\nversion: {version}\nowner: Payments ML team\n"


@pytest.mark.parametrize("card_version, fires", [("2.3.0", False), ("v2.3.0", False), ("2.4.0", True)])
def test_model_version_of_risks_and_assessments_follows_the_card(tmp_path: Path, card_version: str,
                                                                  fires: bool) -> None:
    write_tree(tmp_path, {
        "models/fraud-detector/model_card.yaml": CARD.format(version=card_version),
        "risk/register.yaml": "schema_version: 1\nrisks:\n  - id: R-1\n    ai_system: fraud-detector\n"
                              "    model_version: 2.3.0\n",
        "impact/fraud.yaml": "schema_version: 1\nai_system: fraud-detector\nmodel_version: 2.3.0\n",
    })
    assert bool(findings(tmp_path, "RR114")) is fires
    assert bool(findings(tmp_path, "IA106")) is fires


def test_metric_thresholds_read_as_written(tmp_path: Path) -> None:
    write_tree(tmp_path, {"models/m/model_card.yaml": """schema_version: 1
name: m
evaluation:
  metrics:
    - {name: recall, value: 0.91, threshold: ">= 0.9"}
    - {name: recall@10, value: 0.89, threshold: ">= 0.9"}
    - {name: log loss, value: 0.40, threshold: 0.35}
    - {name: accuracy, value: "85%", threshold: 0.9}
    - {name: latency p95 ms, value: 120, threshold: "< 150"}
    - {name: precision, value: 0.6, threshold: 0.7, exception: "Accepted by the CRO for the pilot until 2026-09-30"}
"""})
    found = findings(tmp_path, "EV101")
    assert [f.location.line for f in found] == [6, 7, 8]
    assert "does not meet its own threshold >= 0.9" in found[0].message


INVENTORY = """schema_version: 1
systems:
  - id: scoring-api
    owner: Lending
  - id: chatbot
    owner: Support
    in_scope: false
    exclusion_reason: Pilot ended in 2024.
  - id: fraud-detector
    owner: Payments
    path: models/fraud-detector
"""


def test_in_scope_systems_without_a_card_are_assessed(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "ai-inventory.yaml": INVENTORY,
        "models/fraud-detector/model_card.yaml": CARD.format(version="1"),
        "risk/register.yaml": "schema_version: 1\nrisks:\n  - id: R-1\n    ai_system: fraud-detector\n",
        "impact/fraud.yaml": "schema_version: 1\nai_system: fraud-detector\n",
    })
    assert [f.location.line for f in findings(tmp_path, "INV105")] == [3]
    assert [f.location.line for f in findings(tmp_path, "INV106")] == [3]
    write_tree(tmp_path, {
        "risk/register.yaml": "schema_version: 1\nrisks:\n  - id: R-2\n    ai_system: scoring-api\n",
        "impact/scoring.yaml": "schema_version: 1\nai_system: Scoring-API\n",
    })
    assert findings(tmp_path, "INV105") == [] and findings(tmp_path, "INV106") == []
