"""The documented JSON report (schema: aims_lint/schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from aims_lint.model import Finding, Report, Rule
from aims_lint.report import FormatContext

REPORT_VERSION = 1


def report_dict(report: Report, ctx: FormatContext) -> dict[str, Any]:
    rules = {r.id: r for r in report.rules}
    summary = report.summary()
    doc: dict[str, Any] = {
        "version": REPORT_VERSION,
        "tool": {"name": "aims-lint", "version": ctx.version},
        "artifacts": [{"path": a.path, "kind": a.kind, "format": a.format} for a in report.artifacts],
        "findings": [_finding(f, rules[f.rule_id]) for f in report.findings],
    }
    if report.suppressed:
        doc["suppressed"] = [{**_finding(f, rules[f.rule_id]), "suppression": _suppression(f)}
                             for f in report.suppressed]
    doc["summary"] = {
        "files_scanned": summary.files_scanned,
        "artifacts": summary.artifacts,
        "findings": summary.total,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "notes": summary.notes,
    }
    if report.suppressed:
        doc["summary"]["suppressed"] = summary.suppressed
    if summary.fixed is not None:
        doc["summary"]["baseline"] = {"unchanged": summary.unchanged, "fixed": summary.fixed}
    if ctx.comparison is not None:
        from aims_lint.compare import comparison_dict

        doc["comparison"] = comparison_dict(ctx.comparison)
        for entry, finding in zip(doc["findings"], report.findings, strict=True):
            entry["baseline_state"] = ctx.comparison.state_of(finding)
    return doc


def _finding(f: Finding, rule: Rule) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "name": rule.name,
        "severity": f.severity.label,
        "message": f.message,
        "path": f.location.path,
        "line": f.location.line,
        "column": f.location.column,
        "controls": list(rule.iso.controls),
        "clauses": list(rule.iso.clauses),
        "guidance": list(rule.iso.guidance),
        "fingerprint": f.fingerprint,
    }


def _suppression(f: Finding) -> dict[str, Any]:
    """What covers a suppressed finding: SARIF's kind, the reason, where it is written, approver and expiry."""
    suppression = f.suppression
    assert suppression is not None
    shown: dict[str, Any] = {"kind": suppression.kind.value, "reason": suppression.reason}
    if suppression.location is not None:
        shown["path"] = suppression.location.path
        shown["line"] = suppression.location.line
    if suppression.approved_by:
        shown["approved_by"] = suppression.approved_by
    if suppression.expires is not None:
        shown["expires"] = suppression.expires.isoformat()
    return shown


def format_json(report: Report, ctx: FormatContext) -> str:
    """One top-level key per line and one artifact or finding per line: readable, diff-friendly, and written
    by json's C encoder (an indented dump goes through the pure-Python one, a tenth of a large run)."""
    doc = report_dict(report, ctx)
    lines = ["{"]
    keys = list(doc)
    for position, key in enumerate(keys):
        value = doc[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            items = [_compact(item) for item in value]
            body = ",\n    ".join(items)
            lines.append(f"  {_compact(key)}: [\n    {body}\n  ]{comma}")
        else:
            lines.append(f"  {_compact(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
