"""The documented JSON report (schema: aims_lint/schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from aims_lint.model import Finding, Report, Rule
from aims_lint.report import FormatContext

REPORT_VERSION = 1


def report_dict(report: Report, ctx: FormatContext) -> dict[str, Any]:
    """The whole JSON report as a dict (every finding made at once); format_json writes the same as a stream."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _parts(report, ctx)}


def _parts(report: Report, ctx: FormatContext) -> Iterator[tuple[str, Any]]:
    """The report's top-level keys in order, each list of artifacts or findings as an iterator of its items."""
    rules = {r.id: r for r in report.rules}
    summary = report.summary()
    yield "version", REPORT_VERSION
    yield "tool", {"name": "aims-lint", "version": ctx.version}
    yield "artifacts", ({"path": a.path, "kind": a.kind, "format": a.format} for a in report.artifacts)
    yield "findings", _findings(report, ctx, rules)
    if report.suppressed:
        yield "suppressed", ({**_finding(f, rules[f.rule_id]), "suppression": _suppression(f)}
                             for f in report.suppressed)
    counts: dict[str, Any] = {
        "files_scanned": summary.files_scanned,
        "artifacts": summary.artifacts,
        "findings": summary.total,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "notes": summary.notes,
    }
    if report.suppressed:
        counts["suppressed"] = summary.suppressed
    if summary.fixed is not None:
        counts["baseline"] = {"unchanged": summary.unchanged, "fixed": summary.fixed}
    yield "summary", counts
    if ctx.comparison is not None:
        from aims_lint.compare import comparison_dict

        yield "comparison", comparison_dict(ctx.comparison)


def _findings(report: Report, ctx: FormatContext, rules: dict[str, Rule]) -> Iterator[dict[str, Any]]:
    comparison = ctx.comparison
    for f in report.findings:
        entry = _finding(f, rules[f.rule_id])
        if comparison is not None:
            entry["baseline_state"] = comparison.state_of(f)
        yield entry


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


def json_chunks(report: Report, ctx: FormatContext) -> Iterator[str]:
    """One top-level key per line and one artifact or finding per line: readable, diff-friendly, and written
    by json's C encoder (an indented dump goes through the pure-Python one, a tenth of a large run), a line at a
    time."""
    yield "{"
    ahead: tuple[str, Any] | None = None
    for part in _parts(report, ctx):
        if ahead is not None:
            yield from _lines(*ahead)
            yield ","
        ahead = part
    if ahead is not None:
        yield from _lines(*ahead)
    yield "\n}\n"


def _lines(key: str, value: Any) -> Iterator[str]:
    """A top-level key's text: a list with one item per line, anything else on the key's line."""
    head = f"\n  {_compact(key)}: "
    if not isinstance(value, Iterator):
        yield head + _compact(value)
        return
    first = True
    for item in value:
        yield (head + "[\n    " if first else ",\n    ") + _compact(item)
        first = False
    yield head + "[]" if first else "\n  ]"


def format_json(report: Report, ctx: FormatContext) -> str:
    return "".join(json_chunks(report, ctx))


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
