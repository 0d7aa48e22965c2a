"""Every ISO/IEC 42001 id a built-in rule cites has a one-line reason, the generated table is current, and the
mappings an audit found wrong stay fixed."""

from __future__ import annotations

from conftest import PROJECT

from aims_lint.model import Rule
from aims_lint.packs import load_rules
from aims_lint.rulesdoc import mapping_reasons, mappings_markdown

RULES = load_rules()
BY_ID = {rule.id: rule for rule in RULES}
MODEL_CARD_CONTROLS = {"A.6.2.7", "A.8.2", "A.9.4", "A.9.3"}


def _cited(rule: Rule) -> set[str]:
    return set(rule.iso.clauses) | set(rule.iso.controls)


def test_every_cited_clause_and_control_has_a_reason() -> None:
    reasons = mapping_reasons()
    missing = [f"{r.id} {i}" for r in RULES for i in sorted(_cited(r)) if not reasons.get(r.id, {}).get(i)]
    assert not missing, f"add a one-line reason to aims_lint/data/iso42001-reasons.yaml for: {missing}"


def test_no_reason_for_an_id_the_rule_does_not_cite() -> None:
    reasons = mapping_reasons()
    strays = [f"{rule_id} {i}" for rule_id, given in reasons.items() for i in given
              if rule_id not in BY_ID or i not in _cited(BY_ID[rule_id])]
    assert not strays


def test_guidance_is_cited_with_its_control() -> None:
    lonely = [f"{r.id} {g}" for r in RULES for g in r.iso.guidance if "A." + g[2:] not in r.iso.controls]
    assert not lonely


def test_mapping_table_is_current() -> None:
    current = (PROJECT / "docs" / "iso42001-mappings.md").read_text(encoding="utf-8")
    assert current == mappings_markdown(RULES, mapping_reasons()), \
        "run `python -m aims_lint.rulesdoc` to regenerate docs/iso42001-mappings.md"


def test_mapping_table_has_a_row_with_its_reason_per_mapping() -> None:
    table = mappings_markdown(RULES, mapping_reasons())
    rows = [line for line in table.splitlines() if line.startswith("| [")]
    assert len(rows) == sum(len(r.iso.all_ids()) for r in RULES)
    assert all(not line.endswith("|  |") for line in rows), "a row without its reason"


def test_review_of_risks_is_not_review_of_the_policy() -> None:
    assert "A.2.4" not in BY_ID["RR108"].iso.controls
    assert {"6.1.2", "8.2"} <= set(BY_ID["RR108"].iso.clauses)


def test_risk_criteria_rules_cite_6_1_1() -> None:
    assert "6.1.1" in BY_ID["RR102"].iso.clauses and "6.1.1" in BY_ID["RR104"].iso.clauses


def test_human_oversight_maps_to_use_objectives_and_user_information() -> None:
    oversight = BY_ID["MC112"].iso.controls
    assert {"A.9.3", "A.8.2"} <= set(oversight) and "A.9.4" not in oversight


def test_a_models_own_licence_is_not_supplier_management() -> None:
    assert "A.10.3" not in BY_ID["MC106"].iso.controls and "A.10.3" not in BY_ID["GN101"].iso.controls


def test_limitations_and_bias_are_not_an_impact_assessment() -> None:
    assert "A.5.4" not in BY_ID["MC103"].iso.controls and "A.5.4" not in BY_ID["DS108"].iso.controls


def test_one_assessment_is_evidence_of_a_5_3_not_of_the_process() -> None:
    for rule_id in ("GV102", "IA101", "IA104", "IA105", "IA201"):
        assert "A.5.2" not in BY_ID[rule_id].iso.controls, rule_id
        assert "A.5.3" in BY_ID[rule_id].iso.controls, rule_id


def test_policy_sections_cite_only_their_own_controls() -> None:
    for rule in RULES:
        if rule.applies_to == ("ai_policy",) and rule.check == "document_sections":
            assert len(rule.options["sections"]) == 1 or not {"A.2.3", "A.3.2"} & set(rule.iso.controls), rule.id


def test_croissant_structure_cites_no_model_card_control() -> None:
    for rule in RULES:
        if rule.id.startswith("CR") or rule.id == "AL008":
            assert not MODEL_CARD_CONTROLS & set(rule.iso.controls), rule.id
