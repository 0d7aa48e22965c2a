"""Cross-artifact scenarios in real git repositories: models against risks, assessments, SoA, inventory, suppliers."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import git, make_git_repo, write_tree
from governance_repo import BASE, FRAUD_CARD, INVENTORY, REGISTER, SENTIMENT_CARD, soa_text

from aims_lint.engine import RunOptions, run
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

RULES = load_rules()
GOVERNANCE = frozenset({"GV", "RR", "IA", "SOA", "INV", "SUP", "POL"})
TODAY = datetime.date(2026, 6, 1)


def lint(root: Path, select: frozenset[str] = GOVERNANCE) -> list[tuple[str, str, int]]:
    report = run(build_inventory([root]), RULES, RunOptions(select=select, today=TODAY))
    return sorted((f.rule_id, f.location.path, f.location.line) for f in report.findings)


def repo(tmp_path: Path, files: dict[str, str], *, drop: tuple[str, ...] = ()) -> Path:
    tree = {k: v for k, v in {**BASE, **files}.items() if k not in drop}
    return make_git_repo(tmp_path / "repo", tree)


def test_complete_repository_has_no_governance_findings(tmp_path: Path) -> None:
    assert lint(repo(tmp_path, {})) == []


def test_models_without_any_governance_document_get_one_finding_each(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {
        "models/fraud-detector/model_card.yaml": FRAUD_CARD,
        "models/sentiment/README.md": SENTIMENT_CARD,
        "models/churn/model.joblib": "weights",
    })
    findings = lint(root)
    # One repository-level finding per missing document, not one per model, each on a file that exists.
    assert findings == [(rule, "models/fraud-detector/model_card.yaml", 1)
                        for rule in ("GV101", "GV102", "GV103", "GV104", "GV105", "GV106")]
    assert all((root / path).is_file() for _, path, _ in findings)


def test_weights_only_repository_points_at_the_weights(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/churn/model.joblib": "weights"})
    assert {(r, p) for r, p, _ in lint(root, frozenset({"GV"}))} == {
        (rule, "models/churn/model.joblib") for rule in ("GV101", "GV102", "GV103", "GV104", "GV105", "GV106")}


def test_repository_wide_findings_are_at_the_top_level_readme(tmp_path: Path) -> None:
    """Every finding about the repository as a whole points at one place: its README, else its governance folder,
    else (neither) the first model."""
    card = BASE["models/fraud-detector/model_card.yaml"]
    root = make_git_repo(tmp_path / "repo", {"models/fraud-detector/model_card.yaml": card,
                                             "README.md": "# Fraud models\n", "docs/README.md": "# Docs\n"})
    places = {(path, line) for _, path, line in lint(root, frozenset({"GV"}))}
    assert places == {("README.md", 1)}
    (root / "README.md").unlink()
    write_tree(root, {"governance/notes.md": "# Notes\n"})
    assert {(path, line) for _, path, line in lint(root, frozenset({"GV"}))} == {("governance/notes.md", 1)}
    (root / "governance/notes.md").unlink()
    assert {(path, line) for _, path, line in lint(root, frozenset({"GV"}))} == {
        ("models/fraud-detector/model_card.yaml", 1)}


def test_repository_without_models_needs_no_governance_documents(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {"src/app.py": "print('no models here')\n"})
    assert lint(root) == []


def test_concerns_section_of_the_policy_documents_the_channel(tmp_path: Path) -> None:
    policy = BASE["governance/ai-policy.md"] + "\n## Reporting concerns\n\nWrite to ai-concerns@example.com.\n"
    root = repo(tmp_path, {"governance/ai-policy.md": policy}, drop=("CONCERNS.md",))
    assert lint(root, frozenset({"GV106"})) == []
    (root / "governance/ai-policy.md").write_text(BASE["governance/ai-policy.md"], encoding="utf-8")
    # A finding about the repository as a whole is at its governance folder when it has no top-level README.
    assert lint(root, frozenset({"GV106"})) == [("GV106", "governance/ai-policy.md", 1)]


def test_new_model_without_risk_entry_or_assessment(tmp_path: Path) -> None:
    root = repo(tmp_path, {})
    card = FRAUD_CARD.replace("name: fraud-detector", "name: churn-predictor")
    # An untracked, not ignored model card is part of the repository for git, and so for aims-lint.
    write_tree(root, {"models/churn/model_card.yaml": card})
    assert lint(root, frozenset({"RR201", "IA201", "INV103"})) == [
        ("IA201", "models/churn/model_card.yaml", 1),
        ("INV103", "models/churn/model_card.yaml", 1),
        ("RR201", "models/churn/model_card.yaml", 1),
    ]


def test_ignored_model_directory_is_not_judged(tmp_path: Path) -> None:
    root = repo(tmp_path, {".gitignore": "scratch/\n"})
    write_tree(root, {"scratch/model_card.yaml": FRAUD_CARD.replace("fraud-detector", "experiment")})
    assert lint(root) == []


def test_risk_coverage_through_the_inventory_and_out_of_scope_models(tmp_path: Path) -> None:
    register = REGISTER.replace("    ai_system: sentiment\n", "    ai_system: fraud-detector\n")
    root = repo(tmp_path, {"risk/register.yaml": register})
    # The sentiment model is covered through its inventory entry, which lists R-002.
    assert lint(root, frozenset({"RR201"})) == []
    inventory = INVENTORY.replace("risk_entries: [R-002]", "risk_entries: [R-404]")
    (root / "ai-inventory.yaml").write_text(inventory, encoding="utf-8")
    assert lint(root, frozenset({"RR201", "INV104"})) == [
        ("INV104", "ai-inventory.yaml", inventory.split("\n").index("    risk_entries: [R-404]") + 1),
        ("RR201", "models/sentiment/README.md", 1),
    ]
    out_of_scope = inventory.replace("    owner: Review insights team\n",
                                     "    owner: Review insights team\n    in_scope: false\n"
                                     "    exclusion_reason: Experimental; not used for any decision.\n")
    (root / "ai-inventory.yaml").write_text(out_of_scope, encoding="utf-8")
    assert lint(root, frozenset({"RR201"})) == []


def test_broken_register_does_not_cascade_into_missing_risk_findings(tmp_path: Path) -> None:
    root = repo(tmp_path, {"risk/register.yaml": "risks:\n  - id: R-001\n    ai_system: [unclosed\n"})
    findings = lint(root, frozenset({"AL001", "RR", "GV101"}))
    assert [(r, p) for r, p, _ in findings] == [("AL001", "risk/register.yaml")]


def test_soa_must_not_exclude_a_control_a_treatment_relies_on(tmp_path: Path) -> None:
    soa = soa_text({"A.6.2.4": "  - id: A.6.2.4\n    applicable: false\n    status: not-applicable\n"
                               "    justification: Evaluation is out of scope.\n"})
    root = repo(tmp_path, {"governance/soa.yaml": soa})
    line = soa.split("\n").index("  - id: A.6.2.4") + 2
    assert lint(root, frozenset({"SOA106"})) == [("SOA106", "governance/soa.yaml", line)]
    # Once the treatment no longer relies on it, the exclusion stands.
    register = REGISTER.replace("      - A.6.2.4\n", "")
    (root / "risk/register.yaml").write_text(register, encoding="utf-8")
    assert lint(root, frozenset({"SOA106"})) == []


def test_organisation_controls_declared_in_the_soa_count_for_the_register(tmp_path: Path) -> None:
    register = REGISTER.replace("      - ORG-FAIR-01\n", "      - ORG-SEC-02\n")
    root = repo(tmp_path, {"risk/register.yaml": register})
    line = register.split("\n").index("      - ORG-SEC-02") + 1
    assert lint(root, frozenset({"RR105"})) == [("RR105", "risk/register.yaml", line)]
    soa = soa_text(extra="organisation_controls:\n  - {id: ORG-SEC-02, title: Access review of model stores}\n")
    (root / "governance/soa.yaml").write_text(soa, encoding="utf-8")
    assert lint(root, frozenset({"RR105"})) == []


def test_inventory_paths_resolve_from_a_subdirectory(tmp_path: Path) -> None:
    # An inventory under governance/ may write paths from the repository root.
    root = repo(tmp_path, {"governance/ai-inventory.yaml": INVENTORY}, drop=("ai-inventory.yaml",))
    assert lint(root, frozenset({"INV102", "INV103"})) == []
    moved = INVENTORY.replace("path: models/fraud-detector\n", "path: models/fraud-v2\n")
    (root / "governance/ai-inventory.yaml").write_text(moved, encoding="utf-8")
    line = moved.split("\n").index("    path: models/fraud-v2") + 1
    assert lint(root, frozenset({"INV102", "INV103"})) == [("INV102", "governance/ai-inventory.yaml", line)]


def test_model_listed_only_by_its_card_counts_as_listed(tmp_path: Path) -> None:
    inventory = INVENTORY.replace("    path: models/sentiment\n", "")
    root = repo(tmp_path, {"ai-inventory.yaml": inventory})
    assert lint(root, frozenset({"INV103"})) == []


@pytest.mark.parametrize("base_model", ["google-bert/bert-base-uncased", "bert-base-uncased",
                                        "https://huggingface.co/google-bert/bert-base-uncased"])
def test_base_model_matches_supplier_by_component_or_alias(tmp_path: Path, base_model: str) -> None:
    card = SENTIMENT_CARD.replace("base_model: bert-base-uncased", f"base_model: {base_model}")
    root = repo(tmp_path, {"models/sentiment/README.md": card})
    assert lint(root, frozenset({"SUP102"})) == []


def test_third_party_names_missing_from_suppliers(tmp_path: Path) -> None:
    card = SENTIMENT_CARD.replace("base_model: bert-base-uncased", "base_model: FacebookAI/roberta-base")
    native = FRAUD_CARD.replace("  - dataset: hf:example/transactions\n",
                                "  - dataset: hf:example/transactions\n  - dataset: https://example.org/open-fraud.csv\n")
    root = repo(tmp_path, {"models/sentiment/README.md": card, "models/fraud-detector/model_card.yaml": native})
    assert lint(root, frozenset({"SUP102"})) == [
        ("SUP102", "models/fraud-detector/model_card.yaml", native.split("\n").index(
            "  - dataset: https://example.org/open-fraud.csv") + 1),
        ("SUP102", "models/sentiment/README.md", card.split("\n").index("base_model: FacebookAI/roberta-base") + 1),
    ]


def test_local_datasets_and_base_models_are_not_suppliers(tmp_path: Path) -> None:
    card = FRAUD_CARD.replace("  - dataset: hf:example/transactions\n",
                              "  - dataset: ../../data/tx/datasheet.yaml\n") + "base_model: ../base/model_card.yaml\n"
    root = repo(tmp_path, {"models/fraud-detector/model_card.yaml": card,
                           "data/tx/datasheet.yaml": "schema_version: 1\nname: tx\n"})
    assert lint(root, frozenset({"SUP102"})) == []


def test_risk_and_assessment_name_systems_by_path_or_inventory_id(tmp_path: Path) -> None:
    register = REGISTER.replace("ai_system: sentiment", "ai_system: models/sentiment/README.md")
    inventory = INVENTORY.replace("  - id: fraud-detector\n", "  - id: payments-fraud\n")
    assessment = BASE["impact/fraud-detector.yaml"].replace("ai_system: fraud-detector", "ai_system: payments-fraud")
    root = repo(tmp_path, {"risk/register.yaml": register, "ai-inventory.yaml": inventory,
                           "impact/fraud-detector.yaml": assessment})
    assert lint(root, frozenset({"RR109", "IA105", "RR201", "IA201"})) == []


def test_findings_survive_a_file_moving_down(tmp_path: Path) -> None:
    register = REGISTER.replace("next_review: 2099-03-01", "next_review: 2020-03-01", 1)
    root = repo(tmp_path, {"risk/register.yaml": register})
    before = run(build_inventory([root]), RULES, RunOptions(select=frozenset({"RR108"}), today=TODAY)).findings
    (root / "risk/register.yaml").write_text("# moved down by a comment\n" + register, encoding="utf-8")
    after = run(build_inventory([root]), RULES, RunOptions(select=frozenset({"RR108"}), today=TODAY)).findings
    assert [f.location.line + 1 for f in before] == [f.location.line for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_cli_reports_a_deleted_soa(tmp_path: Path, run_cli: Any) -> None:
    root = repo(tmp_path, {})
    git(root, "rm", "-q", "governance/soa.yaml")
    result = run_cli("check", str(root), "--select", "GV", "--today", "2026-06-01", "--format", "json")
    assert result.exit_code == 1
    found = [(f["rule"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("GV103", "governance/ai-policy.md", 1)]


def test_hub_dataset_with_a_local_record_folder_is_ours(tmp_path: Path) -> None:
    card = SENTIMENT_CARD.replace("  - imdb\n", "  - imdb\n  - reviews\n")
    root = repo(tmp_path, {"models/sentiment/README.md": card})
    line = card.split("\n").index("  - reviews") + 1
    assert lint(root, frozenset({"SUP102"})) == [("SUP102", "models/sentiment/README.md", line)]
    write_tree(root, {"data/reviews/DATASHEET.md": "# Datasheet: reviews\n\nReviews from the web shop.\n"})
    assert lint(root, frozenset({"SUP102"})) == []
