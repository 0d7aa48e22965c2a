"""`check --statistics`: one line per rule with its count of findings, most frequent first, as ruff prints them, so
that a team sees where its backlog is; or the same rows as JSON."""

from __future__ import annotations

import json
from collections import Counter

from aims_lint.model import Report
from aims_lint.report import FormatContext, set_apart


def _rows(report: Report) -> list[tuple[str, str, str, int]]:
    """(rule id, name, severity, count) of every rule with a finding reported, most findings first, then by id."""
    counts = Counter(f.rule_id for f in report.findings)
    rules = {r.id: r for r in report.rules}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(rule_id, rules[rule_id].name, rules[rule_id].severity.label, count) for rule_id, count in ordered]


def format_statistics(report: Report, ctx: FormatContext) -> str:
    """`COUNT<TAB>RULE<TAB>name` lines, the counts right-aligned and the ids padded, then the total."""
    rows = _rows(report)
    count_width = max((len(str(count)) for *_, count in rows), default=1)
    id_width = max((len(rule_id) for rule_id, *_ in rows), default=1)
    lines = [f"{count:>{count_width}}\t{rule_id:<{id_width}}\t{name}" for rule_id, name, _, count in rows]
    total = len(report.findings)
    lines.append(f"Found {total} finding{'' if total == 1 else 's'}." if total else "No findings.")
    apart = set_apart(report.summary())
    if apart:
        lines[-1] += " " + apart
    return "\n".join(lines) + "\n"


def format_statistics_json(report: Report, ctx: FormatContext) -> str:
    """The rows as a JSON list of {code, name, severity, count}, as `ruff --statistics --output-format json`."""
    rows = [{"code": rule_id, "name": name, "severity": severity, "count": count}
            for rule_id, name, severity, count in _rows(report)]
    return json.dumps(rows, indent=2) + "\n"
