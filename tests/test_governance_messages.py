"""What rules driven by options say, word for word, with the subjects their fingerprints are made of."""

from __future__ import annotations

import datetime
from pathlib import Path

from conftest import make_git_repo
from governance_repo import BASE, INVENTORY, REGISTER, soa_text

from aims_lint.engine import RunOptions, run
from aims_lint.model import fingerprint
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

RULES = load_rules()


def said(root: Path, rule_id: str) -> list[tuple[int, str, str]]:
    """(line, message, fingerprint) of each finding of the rule."""
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset({rule_id}),
                                                              today=datetime.date(2026, 6, 1)))
    return sorted((f.location.line, f.message, f.fingerprint) for f in report.findings)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


REGISTER_PATH = "risk/register.yaml"


def test_controls_of_risks_are_known_with_a_hint_for_each_near_miss(tmp_path: Path) -> None:
    register = REGISTER.replace("      - ORG-FAIR-01\n", "      - ORG-FAIR-01\n      - A.6.1.4\n      - B.6.2.4\n"
                                "      - ORG-NONE\n")
    root = make_git_repo(tmp_path / "repo", {**BASE, REGISTER_PATH: register})
    expected = [
        ("A.6.1.4", "risk 'R-001': 'A.6.1.4' is not an Annex A control of ISO/IEC 42001"),
        ("B.6.2.4", "risk 'R-001': 'B.6.2.4' is implementation guidance, not a control: cite A.6.2.4"),
        ("ORG-NONE", "risk 'R-001': 'ORG-NONE' is neither an Annex A control nor one of the organisation's "
                     "controls declared under 'organisation_controls'"),
    ]
    assert said(root, "RR105") == [
        (line_of(register, f"      - {value}"), message,
         fingerprint("RR105", REGISTER_PATH, f"risks:R-001:control:{value}")) for value, message in expected]


def test_annex_c_ids_say_which_table_a_misplaced_id_belongs_to(tmp_path: Path) -> None:
    register = REGISTER.replace("    risk_source: [C.3.4]\n    objective: [C.2.5]\n",
                                "    risk_source: [C.3.4, C.2.5, C.9.9]\n    objective:\n      - C.3.1\n"
                                "      - C.2.99\n")
    root = make_git_repo(tmp_path / "repo", {**BASE, REGISTER_PATH: register})
    sources = line_of(register, "risk_source: [C.3.4, C.2.5")
    assert said(root, "RR106") == sorted([
        (sources, "risk 'R-001': 'C.2.5' (Fairness) is an objective in Annex C, not risk source: risk sources are "
                  "C.3.1 to C.3.7", fingerprint("RR106", REGISTER_PATH, "risks:R-001:risk_source:C.2.5")),
        (sources, "risk 'R-001': 'C.9.9' is not an Annex C risk source (C.3.1 to C.3.7)",
         fingerprint("RR106", REGISTER_PATH, "risks:R-001:risk_source:C.9.9")),
        (line_of(register, "      - C.3.1"), "risk 'R-001': 'C.3.1' (Complexity of environment) is a risk source "
         "in Annex C, not objective: objectives are C.2.1 to C.2.11",
         fingerprint("RR106", REGISTER_PATH, "risks:R-001:objective:C.3.1")),
        (line_of(register, "      - C.2.99"), "risk 'R-001': 'C.2.99' is not an Annex C objective (C.2.1 to C.2.11)",
         fingerprint("RR106", REGISTER_PATH, "risks:R-001:objective:C.2.99")),
    ])


def test_inventory_risk_ids_and_paths(tmp_path: Path) -> None:
    inventory = INVENTORY.replace("    risk_entries: [R-001]\n", "    risk_entries: [R-001, R-404, 7]\n").replace(
        "    risk_register: risk/register.yaml\n", "    risk_register: risk/gone.yaml\n    datasets: [data/none, "
        "https://example.org/d]\n")
    root = make_git_repo(tmp_path / "repo", {**BASE, "ai-inventory.yaml": inventory})
    risks = line_of(inventory, "risk_entries: [R-001, R-404")
    assert said(root, "INV104") == sorted(
        (risks, f"system 'fraud-detector': risk '{value}' is not an entry of any risk register",
         fingerprint("INV104", "ai-inventory.yaml", f"systems:fraud-detector:risk:{value}"))
        for value in ("R-404", "7"))
    assert said(root, "INV102") == sorted([
        (line_of(inventory, "risk_register: risk/gone.yaml"),
         "system 'fraud-detector': risk_register 'risk/gone.yaml' does not exist in the repository",
         fingerprint("INV102", "ai-inventory.yaml", "systems:fraud-detector:risk_register:risk/gone.yaml")),
        (line_of(inventory, "datasets: [data/none"),
         "system 'fraud-detector': datasets 'data/none' does not exist in the repository",
         fingerprint("INV102", "ai-inventory.yaml", "systems:fraud-detector:datasets:data/none")),
    ])


def test_soa_evidence_and_treatment_wording(tmp_path: Path) -> None:
    soa = soa_text(overrides={
        "A.2.2": "  - id: A.2.2\n    applicable: true\n    status: implemented\n    justification: Policy.\n",
        "A.2.3": "  - id: A.2.3\n    applicable: true\n    status: implemented\n    justification: Policy.\n"
                 "    evidence: [docs/missing.md, see the wiki page]\n",
    })
    register = REGISTER.replace("    treatment: modify\n", "").replace("    accepted_by: Chief risk officer\n", "")
    root = make_git_repo(tmp_path / "repo", {**BASE, "governance/soa.yaml": soa, REGISTER_PATH: register})
    assert said(root, "SOA107") == sorted([
        (line_of(soa, "- id: A.2.2"), "control A.2.2 is implemented but gives no evidence: fill in where the "
         "evidence is (a path in the repository, a URL or a document id)",
         fingerprint("SOA107", "governance/soa.yaml", "controls:A.2.2:evidence")),
        (line_of(soa, "evidence: [docs/missing.md"), "control A.2.3: evidence 'docs/missing.md' does not exist in "
         "the repository", fingerprint("SOA107", "governance/soa.yaml", "controls:A.2.3:evidence:docs/missing.md")),
    ])
    risk = line_of(register, "- id: R-001")
    assert said(root, "RR104") == sorted(
        (risk, f"risk 'R-001' is 'high', above the acceptance threshold 'medium': fill in {label}",
         fingerprint("RR104", REGISTER_PATH, f"risks:R-001:treatment:{name}"))
        for name, label in (("treatment", "the treatment option (avoid, modify, share or retain)"),
                            ("accepted_by", "who accepted the residual risk")))
