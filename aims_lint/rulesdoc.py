"""Rule documentation generated from the packs: the rules list (text, JSON, Markdown), `explain`, and the table of
why each rule cites each ISO/IEC 42001 id."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence

from aims_lint.catalog import catalog
from aims_lint.model import Rule

_KINDS = {"model_card": "model card", "dataset_record": "dataset record", "weights": "weights",
          "risk_register": "risk register", "impact_assessment": "impact assessment",
          "soa": "Statement of Applicability", "ai_inventory": "AI inventory", "ai_policy": "AI policy",
          "concerns_channel": "concerns channel", "ai_objectives": "AI objectives",
          "nonconformity_log": "nonconformity log",
          "management_review": "management review record",
          "audit_programme": "internal audit programme",
          "monitoring_plan": "monitoring plan",
          "incident_response": "incident response plan",
          "event_logging": "event logging plan", "ai_processes": "processes document",
          "ai_roles": "roles document", "codeowners": "CODEOWNERS", "repository": "repository"}


def _refs(rule: Rule) -> str:
    return ", ".join(rule.iso.all_ids())


def rules_text(rules: Sequence[Rule]) -> str:
    lines = [f"{r.id:<6} {r.severity.label:<7} {r.name:<30} {_refs(r)}" for r in rules]
    return "\n".join(lines) + "\n"


def rules_json(rules: Sequence[Rule]) -> str:
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "title": r.title,
            "severity": r.severity.label,
            "applies_to": list(r.applies_to),
            "formats": list(r.formats),
            "check": r.check,
            "pack": r.pack,
            "iso42001": {
                "clauses": list(r.iso.clauses),
                "controls": list(r.iso.controls),
                "guidance": list(r.iso.guidance),
            },
        }
        for r in rules
    ]
    return json.dumps({"rules": rows}, indent=2) + "\n"


def rules_markdown(rules: Sequence[Rule]) -> str:
    """The rule table for README.md and docs/rules.md; tests keep both in step with the packs."""
    lines = [
        "| Rule | Name | Severity | Applies to | What it checks | ISO/IEC 42001 |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        kinds = ", ".join(_KINDS[k] for k in r.applies_to)
        lines.append(
            f"| [{r.id}](docs/rules.md#{r.id.lower()}) | `{r.name}` | {r.severity.label} | {kinds} "
            f"| {r.title} | {_refs(r)} |"
        )
    return "\n".join(lines) + "\n"


def rules_reference(rules: Sequence[Rule]) -> str:
    """docs/rules.md: every rule in full, as `explain` prints it."""
    parts = [
        "# Rules\n",
        "Generated from the rule packs in `rules/` by `python -m aims_lint.rulesdoc`; do not edit by hand.",
        "`aims-lint explain RULE` prints the same text in a terminal.\n",
    ]
    for rule in rules:
        parts.append(f"## {rule.id}\n")
        parts.append(explain_rule(rule, markdown=True))
    return "\n".join(parts)


def explain_rule(rule: Rule, *, markdown: bool = False) -> str:
    known = catalog()
    refs = [f"  {i}  {known.title(i)}" for i in rule.iso.all_ids()]
    kinds = ", ".join(_KINDS[k] for k in rule.applies_to)
    if rule.formats:
        kinds += f" (formats: {', '.join(rule.formats)})"
    if markdown:
        ref_lines = "\n".join(f"- {i} {known.title(i)}" for i in rule.iso.all_ids())
        return (
            f"**{rule.name}**: {rule.title}\n\n"
            f"Severity: {rule.severity.label}. Applies to: {kinds}. Check: `{rule.check}`.\n\n"
            f"**Why.** {rule.help}\n\n**How to fix.** {rule.remediation}\n\n"
            f"**ISO/IEC 42001.**\n\n{ref_lines}\n\n**Example.**\n\n```\n{rule.example}```\n"
        )
    return (
        f"{rule.id} {rule.name}: {rule.title}\n"
        f"Severity: {rule.severity.label}    Applies to: {kinds}    Check: {rule.check}\n\n"
        f"Why:\n{_wrap(rule.help)}\n\nHow to fix:\n{_wrap(rule.remediation)}\n\n"
        f"ISO/IEC 42001:\n" + "\n".join(refs) + "\n\nExample:\n"
        + "".join(f"  {line}\n" for line in rule.example.splitlines())
    )


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=100, initial_indent="  ", subsequent_indent="  ")


MAPPINGS_FILE = "iso42001-reasons.yaml"


def mapping_reasons() -> Mapping[str, Mapping[str, str]]:
    """For each built-in rule id, the one-line reason it cites each clause or control (aims_lint/data)."""
    import yaml

    from aims_lint.data import read_data

    # Package data, as the catalogue of ids is read (catalog.py); the scanned repository is never read so.
    loaded = yaml.load(read_data(MAPPINGS_FILE), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {str(rule): {str(k): str(v) for k, v in reasons.items()} for rule, reasons in loaded.items()}


def _reason(reasons: Mapping[str, str], iso_id: str) -> str:
    if iso_id.startswith("B."):
        return f"Guidance for {'A.' + iso_id[2:]}, cited with it."
    return reasons.get(iso_id, "")


def mappings_markdown(rules: Sequence[Rule], reasons: Mapping[str, Mapping[str, str]]) -> str:
    """docs/iso42001-mappings.md: one row per rule and ISO/IEC 42001 id it cites, with the reason."""
    known = catalog()
    lines = [
        "# Why each rule cites what it cites",
        "",
        "Generated by `python -m aims_lint.rulesdoc` from the rule packs and aims_lint/data/" + MAPPINGS_FILE
        + "; do not edit by hand. Ids and short titles only: the reasons are ours, not the standard's text.",
        "",
        "| Rule | ISO/IEC 42001 | Title | Why this rule is evidence of it |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        for iso_id in rule.iso.all_ids():
            reason = _reason(reasons.get(rule.id, {}), iso_id).replace("|", "\\|")
            lines.append(f"| [{rule.id}](rules.md#{rule.id.lower()}) | {iso_id} | {known.title(iso_id)} | {reason} |")
    return "\n".join(lines) + "\n"


README_START = "<!-- rules:start (generated by `python -m aims_lint.rulesdoc`; do not edit) -->"
README_END = "<!-- rules:end -->"


def render_docs(rules: Sequence[Rule], readme: str) -> tuple[str, str]:
    """README.md with its rule table replaced, and docs/rules.md, both generated from the packs."""
    head, rest = readme.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_START}\n{rules_markdown(rules)}{README_END}{tail}", rules_reference(rules)


def main() -> None:
    """Regenerate the README rule table, docs/rules.md, docs/iso42001-mappings.md, the pre-commit hook's files
    pattern (from the catalogue of names, see aims_lint.read.catalogue), and the tables of canonical fields and
    check functions (aims_lint.fieldsdoc)."""
    from pathlib import Path

    from aims_lint.fieldsdoc import write_pages
    from aims_lint.packs import load_rules
    from aims_lint.read.catalogue import write_hook_pattern

    root = Path.cwd()
    readme, reference = render_docs(load_rules(), (root / "README.md").read_text(encoding="utf-8"))
    (root / "README.md").write_text(readme, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "rules.md").write_text(reference, encoding="utf-8")
    (root / "docs" / "iso42001-mappings.md").write_text(mappings_markdown(load_rules(), mapping_reasons()),
                                                        encoding="utf-8")
    write_hook_pattern(root / ".pre-commit-hooks.yaml")
    write_pages(root / "docs")


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    main()
