"""The evidence pack of one run for an auditor: the SARIF, JSON and coverage reports, and a manifest of every
evidence file with its hashes, the aims-lint version, the rule packs' hashes, the configuration, the commit and the
date judged against; the same commit and date give the same bytes, in a folder or a .zip."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aims_lint.coverage import Coverage

# Every member of a .zip pack gets this time and mode, so that the archive depends on the contents alone.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_MODE = 0o644 << 16


def git_state(root: str) -> tuple[str | None, bool | None]:
    """The commit checked out at root and whether tracked files differ from it; (None, None) outside git."""
    from aims_lint.read.git import run_git

    head = run_git(["rev-parse", "--verify", "--quiet", "HEAD"], Path(root))
    if head.stdout is None:
        return None, None
    changes = run_git(["status", "--porcelain", "--untracked-files=no"], Path(root))
    clean = None if changes.stdout is None else not changes.stdout.strip()
    return head.stdout.decode("ascii", "replace").strip() or None, clean


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rule_pack_hashes() -> list[dict[str, str]]:
    from aims_lint.packs import builtin_pack_files

    return [{"name": name, "sha256": _sha256(text.encode("utf-8"))} for name, text in builtin_pack_files()]


def pack_contents(cov: Coverage, version: str, today: datetime.date, configuration: Mapping[str, Any]) -> dict[str,
                                                                                                            bytes]:
    """File name -> bytes of every file of the pack, the manifest last."""
    from aims_lint.report import FormatContext, formatters
    from aims_lint.report.coverage_html import format_coverage_html
    from aims_lint.report.coverage_json import CoverageContext, format_coverage_json

    ctx = FormatContext(version=version)
    registry = formatters()
    cctx = CoverageContext(version=version)
    files = {
        "aims-lint.sarif": registry["sarif"](cov.report, ctx).encode("utf-8"),
        "findings.json": registry["json"](cov.report, ctx).encode("utf-8"),
        "coverage.json": format_coverage_json(cov, cctx).encode("utf-8"),
        "coverage.html": format_coverage_html(cov, cctx).encode("utf-8"),
    }
    evidence = {e.path: e for row in cov.rows for e in row.evidence}
    commit, clean = git_state(cov.report.root)
    manifest = {
        "tool": {"name": "aims-lint", "version": version},
        "today": today.isoformat(),
        "commit": commit,
        "work_tree_clean": clean,
        "configuration": dict(configuration),
        "rule_packs": rule_pack_hashes(),
        "files": [{"path": name, "sha256": _sha256(data)} for name, data in files.items()],
        "evidence": [{"path": p, "sha256": evidence[p].sha256, "blob": evidence[p].blob} for p in sorted(evidence)],
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def zipped(files: Mapping[str, bytes]) -> bytes:
    """The files as a .zip whose bytes depend on their names and contents alone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = _ZIP_MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def write_pack(destination: str, files: Mapping[str, bytes]) -> list[str]:
    """Write the pack into the folder destination, or as one archive when it ends in .zip; never through a link.
    Returns the paths written."""
    from aims_lint.fileio import write_below

    target = Path(destination)
    if target.suffix.lower() == ".zip":
        write_below(target.parent if str(target.parent) else ".", target.name, zipped(files), strict=True)
        return [str(target)]
    for name, data in files.items():
        write_below(target, name, data, strict=True)
    return [str(target / name) for name in files]
