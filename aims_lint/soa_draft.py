"""A Statement of Applicability draft in aims-lint's native SoA format, pre-filled from a run's coverage, with every
decision a person must make left as an explicit placeholder that the SoA rules flag until it is made."""

from __future__ import annotations

import json

from aims_lint.coverage import GAPS, MET, NOT_APPLICABLE, Coverage, Row

# Opens what is filled in where a person decides, closed by '>': the SoA rules read it as template filler
# (SOA103, SOA104, SOA108).
PLACEHOLDER = "<fill in"


def _scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _status(row: Row) -> tuple[str, str]:
    """The applicable and status values the findings suggest (YAML), each empty where only a person can say."""
    if row.status == NOT_APPLICABLE:
        return "false", "not-applicable"
    applicable = "true" if row.risks else ""
    if row.status == MET:
        return applicable, "implemented"
    if row.status == GAPS:
        return applicable, "planned"
    return applicable, ""


def _control(row: Row, soa: str | None) -> list[str]:
    applicable, status = _status(row)
    if row.exclusion is not None and row.exclusion.justification:
        justification = _scalar(row.exclusion.justification)
    else:
        justification = _scalar(f"{PLACEHOLDER}: why it applies, or why it is excluded>")
    lines = [
        f"  - id: {row.id}",
        f"    title: {_scalar(row.title)}",
        f"    applicable: {applicable or '~'}" + ("" if applicable else "    # decide: true or false"),
        f"    status: {status or '~'}" + ("" if status else "    # decide: planned, implemented or not-applicable"),
        f"    justification: {justification}",
    ]
    evidence = [e.path for e in row.evidence if e.path != soa]
    lines.append("    evidence: [" + ", ".join(map(_scalar, evidence)) + "]" if evidence else
                 f"    evidence: {_scalar(f'{PLACEHOLDER}: where the evidence is>')}")
    found = f"aims-lint found: {row.status}"
    if row.risks:
        found += f"; named by the treatments of {', '.join(row.risks)}"
    lines.append(f"    notes: {_scalar(found)}")
    return lines


def soa_draft(cov: Coverage, version: str) -> str:
    """The draft's text: every Annex A control once, in catalogue order."""
    header = [
        "# Statement of Applicability (ISO/IEC 42001 6.1.3): a DRAFT written by aims-lint "
        f"{version} from what it found.",
        "# Status and evidence are pre-filled from the findings, applicability from the risk treatments that name",
        "# a control. Every '<fill in ...>' and every empty value is a decision for a person; `aims-lint check`",
        "# flags each until it is made. Format: docs/formats/statement-of-applicability.md",
        "schema_version: 1",
        f"owner: {_scalar(PLACEHOLDER + ': who maintains the SoA>')}",
        f"approved_by: {_scalar(PLACEHOLDER + ': who approved it>')}",
        "approved_on: ~     # YYYY-MM-DD",
        "next_review: ~     # YYYY-MM-DD",
        "controls:",
    ]
    body = [line for row in cov.rows if row.kind == "control" for line in _control(row, cov.soa)]
    return "\n".join([*header, *body]) + "\n"


def write_soa_draft(path: str, text: str, *, force: bool) -> None:
    """Write the draft to path: never over an existing file without force, never through a link (with force, a
    link there is refused all the same); the folder above is the user's and followed as given."""
    import os

    from aims_lint.errors import AimsLintError
    from aims_lint.fileio import write_below

    if os.path.islink(path):
        raise AimsLintError(f"--soa-draft {path}: is a symbolic link; not written through")
    if os.path.lexists(path) and not force:
        raise AimsLintError(f"--soa-draft {path}: exists; use --force to overwrite it")
    parent, name = os.path.split(os.path.abspath(path))
    try:
        write_below(parent, name, text, strict=True)
    except OSError as exc:
        raise AimsLintError(f"--soa-draft {path}: cannot write: {exc.strerror or exc}") from None
