"""A Markdown summary for job summaries and pull-request comments: findings by ISO/IEC 42001 reference and by file."""

from __future__ import annotations

import re
from collections.abc import Iterable

from aims_lint.catalog import catalog
from aims_lint.model import Finding, Report, Severity
from aims_lint.report import FormatContext, set_apart
from aims_lint.report.escape import visible

# GitHub caps a step summary at 1 MiB and a comment at 65,536 characters: long tables are cut with a count.
MAX_ROWS = 50
MAX_MESSAGE = 300
MAX_PATH = 200
_BACKTICKS = re.compile("`+")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _shown(text: str, limit: int) -> str:
    """One line, cut to limit characters, with what a page would act on made visible (report.escape)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return visible(text)


def _code(text: str, limit: int = MAX_MESSAGE) -> str:
    """Repository text (a path, a message quoting a card) as a code span for a table cell.

    Inside a code span Markdown, HTML, entities and autolinks are all shown as written; the fence is longer than
    any run of backticks in the text, and a pipe is escaped, as GFM tables ask even inside a code span (the
    backslashes before it are all doubled, so it cannot be escaped back).
    """
    shown = _shown(text, limit).replace("|", "\\|")
    fence = "`" * (max(map(len, _BACKTICKS.findall(shown)), default=0) + 1)
    pad = " " if shown[:1] in ("`", " ") or shown[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _text(text: str, limit: int = MAX_MESSAGE) -> str:
    """aims-lint's own words for a table cell (rule names, ISO/IEC 42001 titles): every ASCII punctuation character
    backslash-escaped, so none of them is read as Markdown or HTML."""
    return _PUNCTUATION.sub(r"\\\1", _shown(text, limit))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(findings: Iterable[Finding]) -> tuple[int, int, int]:
    tally = {sev: 0 for sev in Severity}
    for finding in findings:
        tally[finding.severity] += 1
    return tally[Severity.ERROR], tally[Severity.WARNING], tally[Severity.NOTE]


def _title(iso_id: str) -> str:
    try:
        return catalog().title(iso_id)
    except KeyError:
        return ""


def _cut(rows: list[str], total: int, columns: int, what: str) -> list[str]:
    if total > len(rows):
        rows.append("| " + " | ".join([f"… and {total - len(rows)} more {what}", *[""] * (columns - 1)]) + " |")
    return rows


def format_markdown(report: Report, ctx: FormatContext) -> str:
    summary = report.summary()
    scanned = (f"{_plural(summary.artifacts, 'artifact')} in {_plural(summary.files_scanned, 'file')} scanned; "
               f"{_plural(len(report.rules), 'rule')} run (aims-lint {ctx.version}).")
    apart = set_apart(summary)
    if apart:
        scanned += " " + apart  # aims-lint's own words and counts: nothing to escape
    if ctx.comparison is not None:
        from aims_lint.compare import summary_line

        scanned += "\n\n" + summary_line(ctx.comparison)
    if not report.findings:
        return f"## aims-lint: no findings\n\n{scanned}\n"
    parts = [
        f"## aims-lint: {_plural(summary.total, 'finding')} ({_plural(summary.errors, 'error')}, "
        f"{_plural(summary.warnings, 'warning')}, {_plural(summary.notes, 'note')})",
        "",
        scanned,
        *_by_reference(report),
        *_by_file(report),
        *_every_finding(report, summary.total),
    ]
    return "\n".join(parts) + "\n"


def _by_reference(report: Report) -> list[str]:
    """The table of findings by ISO/IEC 42001 reference, in the catalogue's order."""
    parts = ["", "### By ISO/IEC 42001 reference", "", "| Reference | Title | Errors | Warnings | Notes | Rules |",
             "|---|---|---:|---:|---:|---|"]
    known = catalog()
    order = {iso_id: n for n, iso_id in enumerate((*known.clauses, *known.controls, *known.guidance))}
    by_ref: dict[str, list[Finding]] = {}
    for finding in report.findings:
        for iso_id in finding.controls or ("(none)",):
            by_ref.setdefault(iso_id, []).append(finding)
    refs = sorted(by_ref, key=lambda i: (order.get(i, len(order)), i))
    rows = []
    for iso_id in refs[:MAX_ROWS]:
        errors, warnings, notes = _counts(by_ref[iso_id])
        rules = ", ".join(sorted({f.rule_id for f in by_ref[iso_id]}))
        rows.append(f"| {_text(iso_id)} | {_text(_title(iso_id))} | {errors} | {warnings} | {notes} | {_text(rules)} |")
    return parts + _cut(rows, len(refs), 6, "references")


def _by_file(report: Report) -> list[str]:
    """The table of findings by file, in path order."""
    parts = ["", "### By file", "", "| File | Errors | Warnings | Notes | Rules |", "|---|---:|---:|---:|---|"]
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.location.path, []).append(finding)
    rows = []
    for path in sorted(by_file)[:MAX_ROWS]:
        errors, warnings, notes = _counts(by_file[path])
        rules = ", ".join(sorted({f.rule_id for f in by_file[path]}))
        rows.append(f"| {_code(path, MAX_PATH)} | {errors} | {warnings} | {notes} | {_text(rules)} |")
    return parts + _cut(rows, len(by_file), 5, "files")


def _every_finding(report: Report, total: int) -> list[str]:
    """Every finding (up to MAX_ROWS), folded away."""
    names = {r.id: r.name for r in report.rules}
    parts = ["", f"<details><summary>{_plural(total, 'finding')}</summary>", "",
             "| Severity | Location | Rule | Message |", "|---|---|---|---|"]
    rows = [
        f"| {f.severity.label} | {_code(f'{f.location.path}:{f.location.line}', MAX_PATH)} | "
        f"{_text(f.rule_id)} {_text(names.get(f.rule_id, ''))} | {_code(f.message)} |"
        for f in report.findings[:MAX_ROWS]
    ]
    return [*parts, *_cut(rows, len(report.findings), 4, "findings (see the text, JSON or SARIF report)"), "",
            "</details>"]
