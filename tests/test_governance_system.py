"""The rest of the management system as documented formats: objectives, nonconformities, management reviews, the
internal audit programme, monitoring, incident response, event logging, the processes document, and roles checked
against CODEOWNERS: found by name, validated, and judged on what they say (open items past due, the last review or
audit too old, models nobody monitors, governance documents nobody owns)."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from conftest import PROJECT, write_tree

from aims_lint.engine import RunOptions, run
from aims_lint.model import Finding, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory, classify_name
from aims_lint.read.catalogue import entry
from aims_lint.templates import LAYOUT

RULES = load_rules()
TODAY = datetime.date(2026, 6, 30)
# Each format: where init writes it, its kind and its docs page.
FORMATS = {
    "governance/objectives.yaml": (Kind.AI_OBJECTIVES, "ai-objectives.md"),
    "governance/nonconformities.yaml": (Kind.NONCONFORMITY_LOG, "nonconformity-log.md"),
    "governance/management-review.yaml": (Kind.MANAGEMENT_REVIEW, "management-review.md"),
    "audit/programme.yaml": (Kind.AUDIT_PROGRAMME, "audit-programme.md"),
    "governance/monitoring-plan.yaml": (Kind.MONITORING_PLAN, "monitoring-plan.md"),
    "governance/incident-response.yaml": (Kind.INCIDENT_RESPONSE, "incident-response.md"),
    "governance/event-logging.yaml": (Kind.EVENT_LOGGING, "event-logging.md"),
}


def findings(root: Path, *rule_ids: str, today: datetime.date = TODAY) -> list[Finding]:
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset(rule_ids), today=today))
    return list(report.findings)


@pytest.mark.parametrize("path", sorted(FORMATS))
def test_init_path_is_read_as_its_kind(path: str) -> None:
    cls = classify_name(path)
    assert cls is not None and entry(cls).kind is FORMATS[path][0]
    assert path in {target for _, target in LAYOUT}


@pytest.mark.parametrize("path", ["monitoring.yaml", "config/objectives.yaml", "objectives.yaml",
                                  "src/programme.yaml", "k8s/monitoring.yml"])
def test_generic_names_elsewhere_are_not_governance(path: str) -> None:
    assert classify_name(path) is None


def _complete_example(page: str) -> str:
    text = (PROJECT / "docs" / "formats" / page).read_text(encoding="utf-8")
    return re.findall(r"## Complete example\n\n```yaml\n(.*?)```", text, re.DOTALL)[0]


@pytest.mark.parametrize("path", sorted(FORMATS))
def test_docs_example_is_complete_and_lints_clean(path: str, tmp_path: Path) -> None:
    kind, page = FORMATS[path]
    write_tree(tmp_path, {path: _complete_example(page)})
    inventory = build_inventory([tmp_path])
    assert [a.kind for a in inventory.artifacts] == [kind]
    own = [r.id for r in RULES if kind.value in r.applies_to] + ["GV001", "AL001"]
    assert len(own) > 3
    assert findings(tmp_path, *own) == []


def test_misspelt_key_is_a_schema_finding_at_its_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/nonconformities.yaml": "schema_version: 1\nnonconformities:\n"
                                                           "  - id: NC-1\n    rootcause: no reminders\n"})
    found = findings(tmp_path, "GV001")
    assert [(f.location.line, "rootcause" in f.message) for f in found] == [(4, True)]


NC = """schema_version: 1
nonconformities:
  - {{id: NC-1, due_on: 2026-06-01, status: {status}}}
  - {{id: NC-2, due_on: 2026-07-15, status: open}}
"""


@pytest.mark.parametrize("status, fires", [("open", True), ("in-progress", True), ("closed", False),
                                           ("Closed", False)])
def test_open_corrective_action_past_due(tmp_path: Path, status: str, fires: bool) -> None:
    write_tree(tmp_path, {"governance/nonconformities.yaml": NC.format(status=status)})
    found = findings(tmp_path, "NC102")
    assert [f.location.line for f in found] == ([3] if fires else [])
    if fires:
        assert "29 days before today" in found[0].message and f"'{status}'" in found[0].message


REVIEWS = """schema_version: 1
reviews:
  - {{held_on: 2024-11-02, chaired_by: CEO}}
  - {{held_on: {last}, chaired_by: CEO}}
  - {{held_on: 2027-01-01, chaired_by: CEO}}
"""


def test_last_management_review_within_the_interval(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/management-review.yaml": REVIEWS.format(last="2025-07-01")})
    assert findings(tmp_path, "MR101") == []  # 364 days; the review dated in the future does not count
    write_tree(tmp_path, {"governance/management-review.yaml": REVIEWS.format(last="2025-06-01")})
    found = findings(tmp_path, "MR101")
    assert [f.location.line for f in found] == [4] and "394 days" in found[0].message


def test_interval_is_an_option(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/management-review.yaml": REVIEWS.format(last="2026-01-01")})
    rule = next(r for r in RULES if r.id == "MR101")
    shorter = dataclasses.replace(rule, options={**rule.options, "max_age_days": 90})
    report = run(build_inventory([tmp_path]), [shorter], RunOptions(today=TODAY))
    assert [f.location.line for f in report.findings] == [4]
    assert findings(tmp_path, "MR101") == []


def test_no_audit_recorded_points_at_the_date_to_fill_in(tmp_path: Path) -> None:
    write_tree(tmp_path, {"audit/programme.yaml": "schema_version: 1\naudits:\n  - id: IA-1\n    audited_on:\n"})
    found = findings(tmp_path, "AU102")
    assert [f.location.line for f in found] == [4] and "fill in 'audited_on'" in found[0].message


CARD = "schema_version: 1\nname: {name}\nowner: Team\n"
PLAN = "schema_version: 1\nmonitors:\n  - {ai_system: fraud, metric: recall, threshold: 0.8}\n"


def test_every_model_in_scope_is_monitored(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "models/fraud/model_card.yaml": CARD.format(name="fraud"),
        "models/churn/model_card.yaml": CARD.format(name="churn"),
        "models/legacy/model_card.yaml": CARD.format(name="legacy"),
        "ai-inventory.yaml": "schema_version: 1\nsystems:\n  - {id: legacy, owner: Team, path: models/legacy, "
                             "in_scope: false, exclusion_reason: Retired}\n",
    })
    assert findings(tmp_path, "MON102") == []  # no monitoring plan: nothing to compare with
    write_tree(tmp_path, {"governance/monitoring-plan.yaml": PLAN})
    assert [f.location.path for f in findings(tmp_path, "MON102")] == ["models/churn/model_card.yaml"]


@pytest.mark.parametrize("rule_id, text, needle", [
    ("IR101", "schema_version: 1\nowner: Ops\nincident_types: [Outage]\nnotification: see process\n"
              "contact: ai@example.com\n", "notification"),
    ("LOG101", "schema_version: 1\nevents:\n  - {ai_system: fraud, event: Each score, recorded_fields: [score], "
               "retention: TBD, location: s3://audit}\n", "retention"),
])
def test_non_answers_do_not_fill_the_new_formats(tmp_path: Path, rule_id: str, text: str, needle: str) -> None:
    path = "governance/incident-response.yaml" if rule_id == "IR101" else "governance/event-logging.yaml"
    write_tree(tmp_path, {path: text})
    found = findings(tmp_path, rule_id)
    assert len(found) == 1 and f"'{needle}'" in found[0].message


ROLES = """schema_version: 1
roles:
  - {role: AI governance lead, holder: Head of model risk, codeowner: "@org/ai-gov", responsibilities: Policy}
"""


@pytest.mark.parametrize("codeowners, unowned", [
    ("/governance/ @org/ai-gov\n/risk/ @org/risk\n", []),
    ("* @org/ai-gov\n/risk/ \n", ["risk/register.yaml"]),  # the last matching rule, without owners, wins
    ("*.yaml @org/ai-gov\n", []),
    ("governance/ @org/ai-gov\n", ["risk/register.yaml"]),
    ("/gov*/ @org/ai-gov\n/risk/register.yaml @org/risk # the register\n", []),
    ("/**a**a**a**a/ @org/ai-gov\n/governance/ @org/ai-gov\n", ["risk/register.yaml"]),
])
def test_governance_documents_owned_in_codeowners(tmp_path: Path, codeowners: str, unowned: list[str]) -> None:
    write_tree(tmp_path, {"governance/roles.yaml": ROLES, "risk/register.yaml": "schema_version: 1\nrisks: []\n",
                          ".github/CODEOWNERS": codeowners})
    assert sorted(f.location.path for f in findings(tmp_path, "RO103")) == unowned


def test_roles_without_codeowners_is_one_finding(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/roles.yaml": ROLES, "risk/register.yaml": "schema_version: 1\nrisks: []\n"})
    found = findings(tmp_path, "RO103", "RO102")
    assert [(f.rule_id, f.location.path) for f in found] == [("RO103", "governance/roles.yaml")]
    write_tree(tmp_path, {"governance/roles.yaml": "schema_version: 1\nroles: []\n",
                          ".github/CODEOWNERS": "/risk/ @org/risk\n/governance/roles.yaml @org/risk\n"})
    assert findings(tmp_path, "RO103", "RO102") == []


def test_role_codeowner_must_own_something(tmp_path: Path) -> None:
    write_tree(tmp_path, {"governance/roles.yaml": ROLES, ".github/CODEOWNERS": "/governance/ @org/other\n"})
    found = findings(tmp_path, "RO102")
    assert [f.location.line for f in found] == [3] and "@org/ai-gov" in found[0].message



def test_processes_and_roles_examples_lint_clean(tmp_path: Path) -> None:
    processes = (PROJECT / "docs" / "formats" / "ai-processes.md").read_text(encoding="utf-8")
    roles = (PROJECT / "docs" / "formats" / "ai-roles.md").read_text(encoding="utf-8")
    roles_yaml, codeowners = re.findall(r"```(?:yaml)?\n# [^\n]+\n(.*?)```", roles, re.DOTALL)
    write_tree(tmp_path, {
        "governance/ai-processes.md": re.findall(r"```markdown\n(.*?)```", processes, re.DOTALL)[0],
        "governance/roles.yaml": roles_yaml, ".github/CODEOWNERS": codeowners,
    })
    kinds = {a.path: a.kind for a in build_inventory([tmp_path]).artifacts}
    assert kinds == {"governance/ai-processes.md": Kind.AI_PROCESSES, "governance/roles.yaml": Kind.AI_ROLES,
                     ".github/CODEOWNERS": Kind.CODEOWNERS}
    own = [r.id for r in RULES if {"ai_processes", "ai_roles"} & set(r.applies_to)] + ["RO103", "GV001"]
    assert len(own) >= 11
    assert findings(tmp_path, *own) == []
