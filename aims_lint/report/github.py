"""GitHub Actions workflow commands: one annotation per finding, readable in the log as a full report.

Repository text is made visible first (report.escape), since the log shows colours and the page reorders
bidirectional text; then the runner's own escapes keep every command on one line with its properties intact.
"""

from __future__ import annotations

from aims_lint.model import Report, Severity
from aims_lint.report import FormatContext, limits, set_apart
from aims_lint.report.escape import locator, visible

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value: the message escapes plus ':' and ',', which end or split properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report, ctx: FormatContext) -> str:
    names = {r.id: r.name for r in report.rules}
    lines = [f"::notice title=aims-lint::{escape_data(more)}"] if (more := annotations_not_shown(report)) else []
    for finding in report.findings:
        loc = finding.location
        refs = f" [{', '.join(finding.controls)}]" if finding.controls else ""
        properties = ",".join(
            f"{key}={escape_property(value)}"
            for key, value in (
                ("file", locator(loc.path)),
                ("line", str(max(loc.line, 1))),
                ("col", str(max(loc.column, 1))),
                ("title", f"{finding.rule_id} {names.get(finding.rule_id, '')}".strip()),  # plain by the schema
            )
        )
        # The runner shows only the message in the log and only ~10 annotations per level in the UI, so the
        # message repeats the place: the log then holds the whole report.
        message = visible(f"{loc.path}:{loc.line}:{loc.column}: {finding.rule_id} {finding.message}{refs}")
        lines.append(f"::{_COMMANDS[finding.severity]} {properties}::{escape_data(message)}")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def annotations_not_shown(report: Report) -> str:
    """The sentence saying how many findings GitHub shows no annotation for (it shows 10 of each level for a step)
    and where they all are; '' when every one is shown. The github report writes it as its first notice."""
    summary = report.summary()
    hidden = limits.annotations_hidden(summary.errors, summary.warnings, summary.notes)
    if not hidden:
        return ""
    return (f"GitHub shows {limits.ANNOTATIONS_PER_LEVEL} annotations of each level for a step: "
            f"{limits.hidden_words(hidden)} of {summary.total:,} findings are not annotated. Every finding is in "
            "this step's log and in the SARIF report, which code scanning shows where the workflow uploads it.")


def _summary(report: Report) -> str:
    summary = report.summary()
    counts = f"{summary.errors} errors, {summary.warnings} warnings, {summary.notes} notes"
    line = (f"aims-lint: {summary.total} findings ({counts}) in {summary.artifacts} artifacts; "
            f"{summary.files_scanned} files scanned.")
    apart = set_apart(summary)
    return f"{line} {apart}" if apart else line
