"""GitLab Code Quality JSON (a subset of the Code Climate issue format) for merge-request widgets."""

from __future__ import annotations

import json
from typing import Any

from aims_lint.model import Report, Severity
from aims_lint.report import FormatContext
from aims_lint.report.escape import locator, visible

# GitLab's scale is info, minor, major, critical, blocker; an error ranks above a warning without claiming
# the build is broken beyond repair.
_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTE: "info"}


def code_quality(report: Report, ctx: FormatContext) -> list[dict[str, Any]]:
    names = {r.id: r.name for r in report.rules}
    return [
        {
            "type": "issue",
            "check_name": f"{f.rule_id} {names.get(f.rule_id, '')}".strip(),
            # JSON escapes the C0 controls but not the rest of what report.escape makes visible, such as the
            # bidirectional overrides a merge request's page would reorder the text by.
            "description": visible(f"{f.rule_id}: {f.message}" + (f" [{', '.join(f.controls)}]" if f.controls else "")),
            "categories": ["Compliance"],
            "severity": _SEVERITY[f.severity],
            # The same line-independent fingerprint as SARIF and JSON: GitLab matches issues across
            # pipelines by it, so a finding that only moved lines is not reported as new.
            "fingerprint": f.fingerprint,
            "location": {"path": locator(f.location.path), "lines": {"begin": max(f.location.line, 1)}},
        }
        for f in report.findings
    ]


def format_gitlab(report: Report, ctx: FormatContext) -> str:
    return json.dumps(code_quality(report, ctx), indent=2, ensure_ascii=False) + "\n"
