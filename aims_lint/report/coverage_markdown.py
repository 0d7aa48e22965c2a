"""The coverage report as Markdown: the summary tables, then every clause and Annex A control once, with its rules,
findings, evidence, Statement of Applicability claim and crosswalks."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from aims_lint.coverage import STATUSES, Coverage, Row, pivot
from aims_lint.crosswalk import FRAMEWORKS, crosswalks
from aims_lint.model import Finding
from aims_lint.report.coverage_json import FRAMEWORK_TITLES, ICONS, CoverageContext, findings_line
from aims_lint.report.markdown import MAX_PATH, _code, _text


def _status(status: str) -> str:
    return f"{ICONS[status]} {status}"


def _link(finding: Finding) -> str:
    loc = finding.location
    return f"[{_code(f'{loc.path}:{loc.line}', MAX_PATH)}](<{quote(loc.path, safe='/')}#L{loc.line}>)"


def _summary(cov: Coverage) -> list[str]:
    head = "| | " + " | ".join(_text(s) for s in STATUSES) + " |"
    rule = "|---|" + "---:|" * len(STATUSES)
    lines = ["## Summary", "", head, rule]
    for label, kind in (("Clauses 4 to 10", "clause"), ("Annex A controls", "control"), ("All", None)):
        counts = cov.totals(kind)
        lines.append(f"| {label} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    for kind, heading in (("clause", "By clause"), ("control", "By Annex A group")):
        lines += ["", f"### {heading}", "", "| Group | Title | " + " | ".join(_text(s) for s in STATUSES) + " |",
                  "|---|---|" + "---:|" * len(STATUSES)]
        lines += [f"| {_text(g.id)} | {_text(g.title)} | " + " | ".join(str(g.counts[s]) for s in STATUSES) + " |"
                  for g in cov.groups if g.kind == kind]
    return lines


def _rules(row: Row) -> Iterator[str]:
    if row.rules:
        yield "- Rules: " + "; ".join(
            f"{_text(r.rule.id)} {_text(r.rule.name)} (judged {r.judged}, passed {r.passed}, failed {r.failed})"
            for r in row.rules)
    else:
        yield "- Rules: none can test it from a repository"
    for finding in row.findings:
        yield f"  - {finding.severity.label} {_link(finding)} {_text(finding.rule_id)} {_code(finding.message)}"


def _evidence(row: Row) -> Iterator[str]:
    if not row.evidence:
        yield "- Evidence files: none found"
    for file in row.evidence:
        hashes = [f"git blob {file.blob}" if file.blob else "", f"sha256 {file.sha256}" if file.sha256 else ""]
        shown = ", ".join(h for h in hashes if h) or "not readable"
        yield f"- Evidence: {_code(file.path, MAX_PATH)} ({shown})"


def _soa(row: Row) -> Iterator[str]:
    if row.exclusion is not None:
        yield (f"- Not applicable ({_code(row.exclusion.source, MAX_PATH)}): "
               f"{_code(row.exclusion.justification) if row.exclusion.justification else 'no justification given'}")
    claim = row.claim
    if claim is not None:
        yield (f"- Statement of Applicability: status {_code(claim.status or 'not given')}, applicable "
               f"{_code(str(claim.applicable).lower() if claim.applicable is not None else 'not given')}")
    if row.disagreement:
        yield f"- **SoA and lint disagree:** {_text(row.disagreement)}"
    if row.risks:
        yield "- Treats risks: " + ", ".join(_code(r) for r in row.risks)


def _row(row: Row) -> list[str]:
    lines = [f"### {_text(row.id)} {_text(row.title)}: {_status(row.status)}", ""]
    lines += [*_rules(row), *_evidence(row), *_soa(row)]
    for name in FRAMEWORKS:
        related = row.crosswalk.get(name, ())
        if related:
            lines.append(f"- {FRAMEWORK_TITLES[name]} (informative): " + ", ".join(_text(i) for i in related))
    lines.append(f"- {'Attach' if row.status == 'manual' else 'What backs it'}: {_text(row.attach)}")
    return [*lines, ""]


def _pivot(cov: Coverage, framework: str) -> list[str]:
    lines = [f"## {_text(FRAMEWORK_TITLES[framework])} view (informative)", "",
             _text(crosswalks()[framework].source), "", "| Id | Title | Status | ISO/IEC 42001 |", "|---|---|---|---|"]
    lines += [f"| {_text(p.id)} | {_text(p.title)} | {_status(p.status)} | {_text(', '.join(p.requirements))} |"
              for p in pivot(cov, framework)]
    return [*lines, ""]


def format_coverage_markdown(cov: Coverage, ctx: CoverageContext) -> str:
    soa = _code(cov.soa, MAX_PATH) if cov.soa else "none found"
    parts = [
        "# ISO/IEC 42001 coverage", "",
        f"aims-lint {_text(ctx.version)}: {_text(findings_line(cov))}; Statement of Applicability: {soa}.",
        "", *_summary(cov), "",
    ]
    if ctx.framework is not None:
        parts += _pivot(cov, ctx.framework)
    for kind, heading in (("clause", "Clauses 4 to 10"), ("control", "Annex A controls")):
        parts += [f"## {heading}", ""]
        for row in cov.rows:
            if row.kind == kind:
                parts += _row(row)
    return "\n".join(parts).rstrip("\n") + "\n"
