"""The coverage report as JSON (schema: aims_lint/schemas/coverage-report.schema.json), and what every coverage
renderer shares: the run's context, the status icons, a finding as a record."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aims_lint.coverage import STATUSES, Coverage, Row, pivot
from aims_lint.crosswalk import FRAMEWORKS, crosswalks
from aims_lint.model import Finding

COVERAGE_REPORT_VERSION = 1
# Every status has a word and an icon, so that neither colour nor the icon alone carries it.
ICONS = {"met": "✓", "gaps": "✗", "not applicable": "⊘", "manual": "✎", "no evidence": "?"}
FRAMEWORK_TITLES = {"nist-ai-rmf": "NIST AI RMF", "eu-ai-act": "EU AI Act"}


@dataclass(frozen=True, slots=True)
class CoverageContext:
    """What coverage renderers need beyond the coverage: the version, and the framework to pivot on (None: ISO)."""

    version: str
    framework: str | None = None


CoverageFormatter = Callable[[Coverage, CoverageContext], str]


def finding_record(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {"rule": finding.rule_id, "severity": finding.severity.label, "message": finding.message,
            "path": loc.path, "line": loc.line, "column": loc.column, "fingerprint": finding.fingerprint}


def _row(row: Row) -> dict[str, Any]:
    claim = row.claim
    return {
        "id": row.id, "kind": row.kind, "title": row.title, "group": row.group, "status": row.status,
        "rules": [{"id": r.rule.id, "name": r.rule.name, "severity": r.rule.severity.label, "judged": r.judged,
                   "passed": r.passed, "failed": r.failed, "findings": len(r.findings)} for r in row.rules],
        "findings": [finding_record(f) for f in row.findings],
        "evidence": [{"path": e.path, "sha256": e.sha256, "blob": e.blob} for e in row.evidence],
        "not_applicable": None if row.exclusion is None else {"justification": row.exclusion.justification,
                                                               "source": row.exclusion.source},
        "soa": None if claim is None else {"path": claim.path, "line": claim.line, "applicable": claim.applicable,
                                           "status": claim.status, "justification": claim.justification},
        "disagreement": row.disagreement or None,
        "risks": list(row.risks),
        "attach": row.attach,
        "crosswalk": {name: list(row.crosswalk.get(name, ())) for name in FRAMEWORKS},
    }


def coverage_dict(cov: Coverage, ctx: CoverageContext) -> dict[str, Any]:
    summary = cov.report.summary()
    doc: dict[str, Any] = {
        "version": COVERAGE_REPORT_VERSION,
        "tool": {"name": "aims-lint", "version": ctx.version},
        "standard": "ISO/IEC 42001:2023",
        "framework": ctx.framework,
        "statement_of_applicability": cov.soa,
        "summary": {
            "findings": {"total": summary.total, "errors": summary.errors, "warnings": summary.warnings,
                         "notes": summary.notes},
            "artifacts": summary.artifacts, "files_scanned": summary.files_scanned,
            "clauses": cov.totals("clause"), "controls": cov.totals("control"), "overall": cov.totals(),
        },
        "statuses": list(STATUSES),
        "groups": [{"id": g.id, "kind": g.kind, "title": g.title, "counts": dict(g.counts)} for g in cov.groups],
        "requirements": [_row(row) for row in cov.rows],
        "crosswalks": {name: {"title": walk.title, "source": walk.source, "informative": True}
                       for name, walk in crosswalks().items()},
    }
    if ctx.framework is not None:
        doc["pivot"] = [{"id": p.id, "title": p.title, "status": p.status, "requirements": list(p.requirements),
                         "counts": dict(p.counts)} for p in pivot(cov, ctx.framework)]
    return doc


def format_coverage_json(cov: Coverage, ctx: CoverageContext) -> str:
    return json.dumps(coverage_dict(cov, ctx), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def status_counts(counts: Mapping[str, int]) -> str:
    """'3 met, 1 gaps, ...' leaving out the zeros, for a line of a summary."""
    return ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts.get(s)) or "none"


def findings_line(cov: Coverage) -> str:
    """'16 findings (9 errors, 1 warning, 6 notes) in 10 artifacts'."""
    from aims_lint.report.markdown import _plural

    summary = cov.report.summary()
    return (f"{_plural(summary.total, 'finding')} ({_plural(summary.errors, 'error')}, "
            f"{_plural(summary.warnings, 'warning')}, {_plural(summary.notes, 'note')}) in "
            f"{_plural(summary.artifacts, 'artifact')}")
