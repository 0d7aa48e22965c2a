"""Human-readable output: one line per finding, sorted, and a summary line.

What comes from the repository (paths, messages quoting its text) is made visible (report.escape): a finding is one
line, and the only escape sequences written are the colours added here. Rule ids are plain by the rule-pack schema
and references come from the ISO/IEC 42001 catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from aims_lint.model import Report, Severity
from aims_lint.report import FormatContext, set_apart
from aims_lint.report.escape import visible

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTE: "36"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_text(report: Report, ctx: FormatContext) -> str:
    return "".join(text_chunks(report, ctx))


def text_chunks(report: Report, ctx: FormatContext) -> Iterator[str]:
    """The text report a line at a time: each finding, then the summary."""
    for finding in report.findings:
        loc = finding.location
        refs = f" [{', '.join(finding.controls)}]" if finding.controls else ""
        severity = _paint(finding.severity.label, _COLOURS[finding.severity], ctx.color)
        where = _paint(f"{visible(loc.path)}:{loc.line}:{loc.column}:", "1", ctx.color)
        yield f"{where} {finding.rule_id} {severity} {visible(finding.message)}{refs}\n"
    yield "\n".join(_summary_lines(report, ctx)) + "\n"


def _summary_lines(report: Report, ctx: FormatContext) -> list[str]:
    lines: list[str] = []
    summary = report.summary()
    if summary.total:
        counts = ", ".join(
            _plural(n, w)
            for n, w in ((summary.errors, "error"), (summary.warnings, "warning"), (summary.notes, "note"))
            if n
        )
        lines.append(
            f"Found {_plural(summary.total, 'finding')} ({counts}) in "
            f"{_plural(summary.artifacts, 'artifact')}; {_plural(summary.files_scanned, 'file')} scanned."
        )
    else:
        lines.append(
            f"No findings in {_plural(summary.artifacts, 'artifact')}; "
            f"{_plural(summary.files_scanned, 'file')} scanned."
        )
    apart = set_apart(summary)
    if apart:
        lines[-1] += " " + apart
    if ctx.comparison is not None:
        from aims_lint.compare import summary_line

        lines.append(summary_line(ctx.comparison))
    return lines
