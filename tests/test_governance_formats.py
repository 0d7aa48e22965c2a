"""Governance formats: discovery by name, adaptation with positions, schemas, and malformed documents."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import make_git_repo
from governance_repo import BASE, FRAUD_CARD, IMPACT_YAML, REGISTER

from aims_lint.adapters.governance import adapt_governance_markdown, adapt_governance_yaml
from aims_lint.engine import RunOptions, run
from aims_lint.model import Kind
from aims_lint.packs import load_rules
from aims_lint.read import NameClass, build_inventory, classify_name
from aims_lint.schemas import SCHEMA_DIR, validator_for

RULES = load_rules()
TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(("path", "expected"), [
    ("risk/register.yaml", NameClass.RISK_REGISTER),
    ("risks/register.yml", NameClass.RISK_REGISTER),
    ("governance/risk-register.yaml", NameClass.RISK_REGISTER),
    ("AI_Risk_Register.yml", NameClass.RISK_REGISTER),
    ("impact/fraud-detector.yaml", NameClass.IMPACT_YAML),
    ("docs/impact-assessments/fraud.md", NameClass.IMPACT_MD),
    ("models/fraud/impact-assessment.md", NameClass.IMPACT_MD),
    ("governance/soa.yaml", NameClass.SOA),
    ("statement-of-applicability.yml", NameClass.SOA),
    ("ai-inventory.yaml", NameClass.AI_INVENTORY),
    ("governance/ai-policy.md", NameClass.AI_POLICY),
    ("AI_POLICY.md", NameClass.AI_POLICY),
    ("CONCERNS.md", NameClass.CONCERNS),
    ("docs/reporting-concerns.md", NameClass.CONCERNS),
    ("impact/README.md", NameClass.README),
    ("impact/PROCESS.md", None),
    ("docs/register.yaml", None),
    ("impact/diagram.png", None),
    ("policy.md", None),
])
def test_conventional_names(path: str, expected: NameClass | None) -> None:
    assert classify_name(path) is expected


def test_inventory_lists_every_governance_kind(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", BASE)
    kinds = {(a.path, a.kind, a.format) for a in build_inventory([root]).artifacts}
    assert {
        ("risk/register.yaml", Kind.RISK_REGISTER, "aims-risk-register"),
        ("impact/fraud-detector.yaml", Kind.IMPACT_ASSESSMENT, "aims-impact-assessment"),
        ("impact/sentiment.md", Kind.IMPACT_ASSESSMENT, "markdown-impact-assessment"),
        ("governance/soa.yaml", Kind.SOA, "aims-soa"),
        ("ai-inventory.yaml", Kind.AI_INVENTORY, "aims-ai-inventory"),
        ("governance/ai-policy.md", Kind.AI_POLICY, "markdown-ai-policy"),
        ("CONCERNS.md", Kind.CONCERNS_CHANNEL, "markdown-concerns-channel"),
    } <= kinds


def test_register_entries_keep_their_positions() -> None:
    result = adapt_governance_yaml("risk/register.yaml", REGISTER, kind=Kind.RISK_REGISTER)
    assert result.problems == []
    assert result.artifact is not None
    lines = REGISTER.split("\n")
    risks = result.artifact.entries["risks"]
    assert [r.location.line for r in risks] == [lines.index("  - id: R-001") + 1, lines.index("  - id: R-002") + 1]
    level = risks[1].fields["level"]
    assert (level.value, level.location.line, level.location.column) == ("low", lines.index("    level: low") + 1, 5)
    assert [e.fields["id"].value for e in result.artifact.entries["organisation_controls"]] == ["ORG-FAIR-01"]


def test_markdown_assessment_fields_come_from_front_matter_and_sections() -> None:
    text = BASE["impact/sentiment.md"]
    result = adapt_governance_markdown("impact/sentiment.md", text, kind=Kind.IMPACT_ASSESSMENT)
    assert result.problems == []
    assert result.artifact is not None
    fields = result.artifact.fields
    lines = text.split("\n")
    assert fields["assessor"].location.line == lines.index("assessor: Responsible AI office (K. Lee)") + 1
    assert fields["societal_impacts"].location.line == lines.index("## Societal impacts") + 1
    assert fields["human_oversight"].present


def _findings(root: Path, select: set[str]) -> list[tuple[str, str, int]]:
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset(select), today=TODAY))
    return sorted((f.rule_id, f.location.path, f.location.line) for f in report.findings)


def test_malformed_register_is_reported_line_by_line_and_other_files_still_checked(tmp_path: Path) -> None:
    register = """schema_version: 1
scale:
  likelihood: [rare, possible, likely]
  impact: [minor, major, severe]
  levels:
    - {name: low, max_score: 2}
    - {name: high, max_score: 9}
  acceptance_threshold: low
risks:
  - id: R-1
    ai_system: fraud-detector
    description: 42
    risk_source: [C.3.9]
    objective: A.6.1.4
    likelihood: {very: high}
    impact: major
    level: high
    owner: [a, b]
    controls: A.6.2.4
    assessed_on: last Tuesday
    next_review: 2026-02-30
  - id: R-1
    ai_system: fraud-detector
  - just a string
  - id: R-2
    controls: [A.6.1.4, B.7.4]
"""
    assessment = IMPACT_YAML.replace("harms: Delayed payments for legitimate customers and merchants.", "harms: \"\"")
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": register, "impact/fraud-detector.yaml": assessment,
                                             "models/fraud-detector/model_card.yaml": FRAUD_CARD})
    lines = register.split("\n")

    def at(text: str) -> int:
        return next(i for i, line in enumerate(lines, start=1) if text in line)

    found = _findings(root, {"GV001", "RR105", "RR106", "RR107", "IA101", "MC105"})
    expected_register = [
        ("GV001", at("description: 42")), ("GV001", at("likelihood: {very")), ("GV001", at("owner: [a, b]")),
        ("GV001", at("controls: A.6.2.4")), ("GV001", at("assessed_on: last")), ("GV001", at("2026-02-30")),
        ("GV001", at("- just a string")),
        ("RR105", at("controls: [A.6.1.4")), ("RR105", at("controls: [A.6.1.4")),
        ("RR106", at("[C.3.9]")), ("RR106", at("objective: A.6.1.4")),
        ("RR107", [i for i, line in enumerate(lines, start=1) if line == "  - id: R-1"][1]),
    ]
    assert sorted((r, n) for r, p, n in found if p == "risk/register.yaml") == sorted(expected_register)
    # The other documents were read and judged as usual.
    assert ("IA101", "impact/fraud-detector.yaml", assessment.split("\n").index('harms: ""') + 1) in found
    assert ("MC105", "models/fraud-detector/model_card.yaml", 1) in found


@pytest.mark.parametrize("text", ["- a list\n- not a mapping\n", "just text\n", "{unclosed: [1, 2\n", "\ufeff\x00\x01"])
def test_hostile_register_never_crashes(tmp_path: Path, text: str) -> None:
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": text,
                                             "models/fraud-detector/model_card.yaml": FRAUD_CARD})
    report = run(build_inventory([root]), RULES, RunOptions(today=TODAY))
    on_register = [f for f in report.findings if f.location.path == "risk/register.yaml"]
    assert on_register, "a register that cannot be used is reported"
    assert any(f.location.path == "models/fraud-detector/model_card.yaml" for f in report.findings)


def test_markdown_policy_with_broken_front_matter(tmp_path: Path) -> None:
    policy = "---\nowner: [unclosed\n---\n\n# AI policy\n\n## Principles\n\nFairness first.\n"
    root = make_git_repo(tmp_path / "repo", {"governance/ai-policy.md": policy})
    found = _findings(root, {"AL001", "POL101", "POL103"})
    assert [r for r, _, line in found if r == "AL001" and line in (2, 3)] == ["AL001"]
    assert not [f for f in found if f[0] == "POL101"], "a policy whose metadata cannot be read is reported once"
    assert ("POL103", "governance/ai-policy.md", 1) in found


class _StringDates(yaml.SafeLoader):
    """PyYAML's safe loader with dates left as strings, as aims-lint reads them."""


_StringDates.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:timestamp"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

SCHEMAS = ["risk-register", "impact-assessment", "soa", "ai-inventory", "governance-document"]


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_are_valid_and_local(name: str) -> None:
    import jsonschema

    text = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    refs = [line for line in text.split("\n") if '"$ref"' in line]
    assert all('"#/' in line for line in refs), "schemas only refer inside themselves"


@pytest.mark.parametrize(("name", "path"), [
    ("risk-register", "risk/register.yaml"), ("impact-assessment", "impact/fraud-detector.yaml"),
    ("soa", "governance/soa.yaml"), ("ai-inventory", "ai-inventory.yaml")])
def test_complete_documents_satisfy_their_schema(name: str, path: str) -> None:
    data: Any = yaml.load(BASE[path], Loader=_StringDates)
    assert validator_for(name).is_valid(data)


DOCS = Path(__file__).resolve().parent.parent / "docs" / "formats"
# Each format page's complete examples, in order, and where they go in a repository.
DOC_EXAMPLES = {
    "risk-register.md": ["risk/register.yaml", None],
    "impact-assessment.md": ["impact/fraud-detector.yaml", "impact/sentiment-bert.md"],
    "statement-of-applicability.md": ["governance/soa.yaml"],
    "ai-inventory.md": ["ai-inventory.yaml"],
    "ai-policy.md": ["governance/ai-policy.md", "CONCERNS.md"],
}
_KIND_OF = {"risk_register", "impact_assessment", "soa", "ai_inventory", "ai_policy", "concerns_channel"}


@pytest.mark.parametrize("page", sorted(DOC_EXAMPLES))
def test_format_page_examples_are_complete(tmp_path: Path, page: str) -> None:
    import re

    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:yaml|markdown)\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == len(DOC_EXAMPLES[page])
    files = {path: block for path, block in zip(DOC_EXAMPLES[page], blocks, strict=True) if path is not None}
    root = make_git_repo(tmp_path / "repo", files)
    artifacts = build_inventory([root]).artifacts
    assert sorted(a.path for a in artifacts) == sorted(files)
    # Every rule about these documents on their own passes; paths to other files are not part of the example.
    select = frozenset(r.id for r in RULES if set(r.applies_to) & _KIND_OF and r.id not in ("SOA107", "INV102")
                       ) | {"GV001", "AL001", "AL005"}
    report = run(build_inventory([root]), RULES, RunOptions(select=select, today=TODAY))
    assert [(f.rule_id, f.location.path, f.location.line, f.message) for f in report.findings] == []


def test_matrix_example_of_the_register_page_is_a_usable_scale(tmp_path: Path) -> None:
    import re

    blocks = re.findall(r"```yaml\n(.*?)```", (DOCS / "risk-register.md").read_text(encoding="utf-8"), re.DOTALL)
    root = make_git_repo(tmp_path / "repo", {"risk/register.yaml": "schema_version: 1\n" + blocks[1] + "risks: []\n"})
    assert _findings(root, {"GV001", "RR102"}) == []


WEIRD_VALUES: list[Any] = [None, "", "³", 7, 2.5, True, [], ["x", {"y": 1}], {"not_applicable": 3}, "A.6.1.4"]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))] or [path]
    if isinstance(value, list):
        # The first item stands for the rest: entries of one list are judged alike.
        return _leaves(value[0], (*path, 0)) if value else [path]
    return [path]


def _replaced(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    import copy

    result = copy.deepcopy(document)
    target = result
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return result


@pytest.mark.parametrize(("path", "kind"), [
    ("risk/register.yaml", Kind.RISK_REGISTER), ("impact/fraud-detector.yaml", Kind.IMPACT_ASSESSMENT),
    ("governance/soa.yaml", Kind.SOA), ("ai-inventory.yaml", Kind.AI_INVENTORY)])
def test_any_value_anywhere_is_judged_without_a_crash(path: str, kind: Kind) -> None:
    from aims_lint.model import Inventory

    document = yaml.load(BASE[path], Loader=_StringDates)
    others = [adapt_governance_yaml(p, text, kind=k).artifact for p, k, text in (
        ("risk/register.yaml", Kind.RISK_REGISTER, BASE["risk/register.yaml"]),
        ("ai-inventory.yaml", Kind.AI_INVENTORY, BASE["ai-inventory.yaml"])) if p != path]
    from aims_lint.adapters.markdown_card import adapt_markdown
    from aims_lint.adapters.native_yaml import adapt_native_yaml

    card = "models/fraud-detector/model_card.yaml"
    context = [adapt_governance_markdown("impact/sentiment.md", BASE["impact/sentiment.md"],
                                         kind=Kind.IMPACT_ASSESSMENT).artifact,
               adapt_native_yaml(card, BASE[card], kind=Kind.MODEL_CARD).artifact,
               adapt_markdown("models/sentiment/README.md", BASE["models/sentiment/README.md"], kind_hint=None,
                              beside_weights=False, readme=True).artifact]
    governance_rules = frozenset({"GV", "RR", "IA", "SOA", "INV", "SUP", "POL"})
    runs = 0
    for leaf in _leaves(document):
        if not leaf:
            continue
        for value in WEIRD_VALUES:
            text = yaml.safe_dump(_replaced(document, leaf, value), allow_unicode=True, sort_keys=False)
            result = adapt_governance_yaml(path, text, kind=kind)
            assert result.artifact is not None
            inventory = Inventory(root=".", artifacts=[result.artifact, *others, *context],
                                  files=tuple(sorted({path, *BASE})))
            run(inventory, RULES, RunOptions(select=governance_rules, today=TODAY))
            runs += 1
    assert runs >= 5 * len(WEIRD_VALUES)
