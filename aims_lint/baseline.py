"""Baselines: the findings of a run written to a file (sorted, stable JSON with a version, one finding a line), and
a later run compared with it by fingerprint, so that only the findings not in it are reported.

Fingerprints ignore line numbers (model.fingerprint), so a finding recorded in the baseline stays matched when
lines move or the file is edited elsewhere. Schema: aims_lint/schemas/baseline.schema.json.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aims_lint.errors import AimsLintError
from aims_lint.model import BaselineState, Finding, Problem, Report

BASELINE_VERSION = 1
# A baseline larger than this is refused rather than read (about half a million findings).
MAX_BASELINE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One finding recorded in a baseline."""

    path: str
    rule: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Baseline:
    """A baseline file as read: its entries, and where it was read from (for messages)."""

    source: str
    entries: tuple[BaselineEntry, ...]


def baseline_text(findings: Iterable[Finding], version: str) -> str:
    """The baseline file of these findings, written by aims-lint version: the same findings give the same bytes."""
    entries = sorted({(f.location.path, f.rule_id, f.fingerprint) for f in findings})
    lines = [f'{{"version": {BASELINE_VERSION}, "aims-lint": {json.dumps(version)}, "findings": [']
    lines += [
        "  " + json.dumps({"path": path, "rule": rule, "fingerprint": fp}, ensure_ascii=False)
        + ("," if n < len(entries) - 1 else "")
        for n, (path, rule, fp) in enumerate(entries)
    ]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def read_baseline(path: str, version: str) -> Baseline:
    """The baseline at path, written by this aims-lint version; AimsLintError, one line naming the file (and the
    line), when it cannot be read, is not a baseline, or was written by another version."""
    text = _text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AimsLintError(f"{path}:{exc.lineno}: not a baseline file: invalid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise AimsLintError(f"{path}: not a baseline file: {exc}") from None
    if not isinstance(data, dict) or "version" not in data:
        raise AimsLintError(f"{path}:1: not a baseline file (no 'version'); write one with --write-baseline {path}")
    again = f"write it again with 'aims-lint check --write-baseline {path}'"
    if data["version"] != BASELINE_VERSION:
        raise AimsLintError(f"{path}: baseline format version {data['version']!r}, but this aims-lint reads version "
                            f"{BASELINE_VERSION}; {again}")
    written_by = data.get("aims-lint")
    if written_by != version:
        raise AimsLintError(f"{path}: baseline written by aims-lint {written_by}, but this is aims-lint {version}, "
                            f"whose fingerprints may differ; {again}")
    _validate(path, text, data)
    entries = tuple(BaselineEntry(e["path"], e["rule"], e["fingerprint"]) for e in data["findings"])
    return Baseline(path, entries)


def _text(path: str) -> str:
    """The baseline's text, read as safely as a scanned file (a regular file, never a pipe, within the limit)."""
    from aims_lint.read.files import read_bytes

    folder, name = os.path.split(os.path.abspath(path))
    data = read_bytes(Path(folder), os.sep, name, MAX_BASELINE_BYTES)
    if isinstance(data, Problem):
        raise AimsLintError(f"{path}: cannot read the baseline: {data.message}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AimsLintError(f"{path}: not a baseline file: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _validate(path: str, text: str, data: Any) -> None:
    from aims_lint.parse.jsonpos import load_json, nearest_position
    from aims_lint.schemas import schema_errors, validator_for

    for pointer, message in schema_errors(validator_for("baseline"), data):
        line = nearest_position(load_json(text).positions, pointer)[0]
        shown = pointer.lstrip("/").replace("/", ".") or "(top)"
        raise AimsLintError(f"{path}:{line}: not a baseline file: {shown}: {message}")


def apply_baseline(report: Report, baseline: Baseline, judged: Callable[[BaselineEntry], bool]) -> Report:
    """The report with the findings the baseline holds moved to report.unchanged, every finding marked new or
    unchanged, and the count of the baseline's entries that no finding matches any more among those the run
    judged (judged: the entry's rule ran and its file was judged)."""
    known = {entry.fingerprint for entry in baseline.entries}
    new: list[Finding] = []
    unchanged: list[Finding] = []
    for finding in report.findings:
        if finding.fingerprint in known:
            unchanged.append(replace(finding, baseline=BaselineState.UNCHANGED))
        else:
            new.append(replace(finding, baseline=BaselineState.NEW))
    suppressed = tuple(
        replace(f, baseline=BaselineState.UNCHANGED if f.fingerprint in known else BaselineState.NEW)
        for f in report.suppressed
    )
    present = {f.fingerprint for f in (*report.findings, *report.suppressed)}
    fixed = sum(1 for entry in baseline.entries if entry.fingerprint not in present and judged(entry))
    return replace(report, findings=tuple(new), unchanged=tuple(unchanged), suppressed=suppressed,
                   baseline_fixed=fixed)
