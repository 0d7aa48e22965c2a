"""Templates of every evidence artifact, and `aims-lint init`, which writes them into a repository."""

from __future__ import annotations

import os
import re
import stat
import string
from pathlib import Path

from aims_lint.errors import AimsLintError
from aims_lint.fileio import check_folders, write_below

TEMPLATE_DIR = Path(__file__).resolve().parent

# Template file -> where it goes in the repository (with ${system} and ${dataset} filled in).
LAYOUT: tuple[tuple[str, str], ...] = (
    ("model_card.yaml", "models/${system}/model_card.yaml"),
    ("datasheet.yaml", "data/${dataset}/datasheet.yaml"),
    ("risk-register.yaml", "risk/register.yaml"),
    ("impact-assessment.yaml", "impact/${system}.yaml"),
    ("soa.yaml", "governance/soa.yaml"),
    ("ai-inventory.yaml", "ai-inventory.yaml"),
    ("ai-policy.md", "governance/ai-policy.md"),
    ("CONCERNS.md", "CONCERNS.md"),
    ("ai-objectives.yaml", "governance/objectives.yaml"),
    ("nonconformity-log.yaml", "governance/nonconformities.yaml"),
    ("management-review.yaml", "governance/management-review.yaml"),
    ("audit-programme.yaml", "audit/programme.yaml"),
    ("monitoring-plan.yaml", "governance/monitoring-plan.yaml"),
    ("incident-response.yaml", "governance/incident-response.yaml"),
    ("event-logging.yaml", "governance/event-logging.yaml"),
    ("ai-processes.md", "governance/ai-processes.md"),
    ("ai-roles.yaml", "governance/roles.yaml"),
    ("CODEOWNERS", ".github/CODEOWNERS"),
)
_SYSTEM_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}", re.IGNORECASE)


def soa_rows() -> str:
    """One row per Annex A control, every one applicable and planned until the user says otherwise."""
    from aims_lint.catalog import catalog

    rows = []
    for control_id, title in catalog().controls.items():
        rows.append(f"  - id: {control_id}    # {title}\n"
                    "    applicable: true\n"
                    "    status: planned       # planned, implemented or not-applicable\n"
                    "    justification:        # why the control applies (or why it is excluded)\n"
                    "    evidence:             # where the evidence is: a path, a URL or a document id")
    return "\n".join(rows)


def render(template: str, *, system: str, dataset: str) -> str:
    text = (TEMPLATE_DIR / template).read_text(encoding="utf-8")
    values = {"system": system, "dataset": dataset}
    if template == "soa.yaml":
        values["controls"] = soa_rows()
    return string.Template(text).substitute(values)


def write_templates(root: Path, *, system: str = "my-model", force: bool = False) -> list[tuple[str, str]]:
    """Write every template under root; (relative path, 'written' | 'overwritten' | 'kept') for each.

    root is the user's and followed as given; below it nothing is written through a link: every folder must be a
    real folder (made when missing) and every file a regular file, which is checked for all before any is written.
    """
    if not _SYSTEM_NAME.fullmatch(system) or system in (".", ".."):
        raise AimsLintError(f"--system {system!r}: use letters, digits, '.', '_' and '-' (it becomes a directory name)")
    dataset = f"{system}-data"
    if root.exists() and not root.is_dir():
        raise AimsLintError(f"{root}: not a directory")
    plan: list[tuple[str, str, str]] = []
    for template, target in LAYOUT:
        rel = string.Template(target).substitute(system=system, dataset=dataset)
        try:
            check_folders(root, rel)
        except OSError as exc:
            raise AimsLintError(f"cannot write {rel}: {exc.strerror}") from None
        exists = os.path.lexists(root / rel)
        if exists and not force:
            plan.append((template, rel, "kept"))
            continue
        if exists and not stat.S_ISREG(os.lstat(root / rel).st_mode):
            # Never write through a link or over a directory, even with --force.
            raise AimsLintError(f"{rel}: exists and is not a regular file; not overwritten")
        plan.append((template, rel, "overwritten" if exists else "written"))
    for template, rel, action in plan:
        if action == "kept":
            continue
        try:
            write_below(root, rel, render(template, system=system, dataset=dataset), strict=True)
        except OSError as exc:
            raise AimsLintError(f"cannot write {rel}: {exc.strerror}") from None
    return [(rel, action) for _, rel, action in plan]
