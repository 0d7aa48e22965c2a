"""Rule documentation generated from the packs: the rules list (text, JSON, Markdown) and `explain`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from aims_lint.catalog import catalog
from aims_lint.model import Rule

_KINDS = {"model_card": "model card", "dataset_record": "dataset record", "weights": "weights",
          "repository": "repository"}


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
    parts = ["# Rules\n", "Generated from the rule packs in `rules/` by `aims-lint rules --format markdown` and",
             "`python -m aims_lint.rulesdoc`; do not edit by hand.\n"]
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
        f"Why:\n  {rule.help}\n\nHow to fix:\n  {rule.remediation}\n\n"
        f"ISO/IEC 42001:\n" + "\n".join(refs) + "\n\nExample:\n"
        + "".join(f"  {line}\n" for line in rule.example.splitlines())
    )


if __name__ == "__main__":  # pragma: no cover - used to regenerate docs/rules.md
    from aims_lint.packs import load_rules

    print(rules_reference(load_rules()), end="")
