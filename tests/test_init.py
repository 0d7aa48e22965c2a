"""`aims-lint init`: templates of every artifact, never overwritten without --force, and linting only the blanks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import git

from aims_lint.catalog import catalog
from aims_lint.engine import RunOptions, run
from aims_lint.model import Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]
WRITTEN = [
    "models/my-model/model_card.yaml",
    "data/my-model-data/datasheet.yaml",
    "risk/register.yaml",
    "impact/my-model.yaml",
    "governance/soa.yaml",
    "ai-inventory.yaml",
    "governance/ai-policy.md",
    "CONCERNS.md",
    "governance/objectives.yaml",
    "governance/nonconformities.yaml",
    "governance/management-review.yaml",
    "audit/programme.yaml",
    "governance/monitoring-plan.yaml",
    "governance/incident-response.yaml",
    "governance/event-logging.yaml",
    "governance/ai-processes.md",
    "governance/roles.yaml",
    ".github/CODEOWNERS",
]
# A line a finding may point at in a fresh template: a key with no value, an empty list, a placeholder, a heading.
_BLANK = re.compile(r"^\s*(?:- )?[\w-]+:\s*(?:\[\]\s*)?(?:#.*)?$|<(?:fill|describe)[^>]*>|^#{1,6} ")


def _git_repo(path: Path) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path


def _findings(root: Path, **options: Any) -> list[Any]:
    return list(run(build_inventory([root]), load_rules(), RunOptions(**options)).findings)


def test_init_writes_every_native_artifact(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    result = run_cli("init", str(root))
    assert result.exit_code == 0
    assert [line.split()[-1] for line in result.stdout.splitlines()[:-1]] == WRITTEN
    kinds = {a.path: a.kind for a in build_inventory([root]).artifacts}
    assert kinds == {
        "models/my-model/model_card.yaml": Kind.MODEL_CARD,
        "data/my-model-data/datasheet.yaml": Kind.DATASET_RECORD,
        "risk/register.yaml": Kind.RISK_REGISTER,
        "impact/my-model.yaml": Kind.IMPACT_ASSESSMENT,
        "governance/soa.yaml": Kind.SOA,
        "ai-inventory.yaml": Kind.AI_INVENTORY,
        "governance/ai-policy.md": Kind.AI_POLICY,
        "CONCERNS.md": Kind.CONCERNS_CHANNEL,
        "governance/objectives.yaml": Kind.AI_OBJECTIVES,
        "governance/nonconformities.yaml": Kind.NONCONFORMITY_LOG,
        "governance/management-review.yaml": Kind.MANAGEMENT_REVIEW,
        "audit/programme.yaml": Kind.AUDIT_PROGRAMME,
        "governance/monitoring-plan.yaml": Kind.MONITORING_PLAN,
        "governance/incident-response.yaml": Kind.INCIDENT_RESPONSE,
        "governance/event-logging.yaml": Kind.EVENT_LOGGING,
        "governance/ai-processes.md": Kind.AI_PROCESSES,
        "governance/roles.yaml": Kind.AI_ROLES,
        ".github/CODEOWNERS": Kind.CODEOWNERS,
    }


def test_soa_template_lists_all_38_controls_once(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    run_cli("init", str(root))
    soa = next(a for a in build_inventory([root]).artifacts if a.kind is Kind.SOA)
    ids = [e.fields["id"].value for e in soa.entries["controls"]]
    assert len(ids) == 38
    assert ids == list(catalog().controls)


def test_fresh_repository_lints_only_where_blanks_are_left(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    assert run_cli("init", str(root)).exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "templates")
    result = run_cli("check", str(root), "--format", "json", "--today", "2026-06-01")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert findings, "the templates leave blanks to fill in"
    for finding in findings:
        assert "fill in" in finding["message"], finding
        text = (root / finding["path"]).read_text(encoding="utf-8").split("\n")[finding["line"] - 1]
        assert _BLANK.search(text), (finding, text)
    rules = {f["rule"] for f in findings}
    # No finding about the documents' structure or about how they refer to each other: the templates agree.
    assert not rules & {"AL001", "AL006", "GV001", "GV101", "GV102", "GV103", "GV104", "GV105", "GV106", "RR102",
                        "RR105", "RR106", "RR109", "RR201", "IA105", "IA201", "INV102", "INV103", "INV104",
                        "MC109", "SOA101", "SOA102", "SOA105", "SUP102"}
    # Every kind of document has something left to fill in, but CODEOWNERS: it is complete as written, and the
    # roles document names the same owner.
    assert {f["path"] for f in findings} == set(WRITTEN) - {".github/CODEOWNERS"}


_BLANK_KEY = re.compile(r"^(\s*(?:- )?)([\w-]+):[ \t]*(?:\[\])?[ \t]*(?:#.*)?$")


def _has_children(lines: list[str], index: int) -> bool:
    """A key with nothing after it is a parent when the next content line is indented past the key, or is a
    list item at the key's own column (YAML allows both)."""
    match = _BLANK_KEY.match(lines[index])
    assert match is not None
    column = len(match.group(1))
    for row in lines[index + 1 :]:
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        indent = len(row) - len(row.lstrip())
        return indent > column or (indent == column and row.lstrip().startswith("- "))
    return False


def _fill(text: str, path: str) -> str:
    """Fill every blank of a template the way a user would."""
    values = {
        "owner": "Jane Doe", "approved_by": "Executive board", "approved_on": "2026-01-10",
        "next_review": "2027-01-10", "assessed_on": "2026-01-12", "assessor": "Responsible AI office",
        "description": "Scores fall for customers with short histories.", "risk_source": "[C.3.4]",
        "objective": "[C.2.5]", "likelihood": "possible", "impact": "major", "level": "high",
        "treatment": "modify", "controls": "[A.7.4]", "residual_level": "medium", "accepted_by": "CRO",
        "justification": "Needed for the model in this repository.",
        "individuals_and_groups": "Customers with short histories get more false alarms.",
        "societal_impacts": "\n  not_applicable: Internal tool; its output never reaches the public.",
        "data": "\n    - dataset: ../../data/my-model-data/datasheet.yaml",
        "metrics": "\n    - {name: roc_auc, value: 0.91, dataset: ../../data/my-model-data/datasheet.yaml}",
        "due_on": "2026-12-31", "found_on": "2026-04-14", "held_on": "2026-03-12", "audited_on": "2026-04-14",
        "evaluated_on": "2026-05-02", "closed_on": "2026-05-20", "scope": "Written by the team.",
        "ai_system": "my-model",
    }

    lines = text.split("\n")
    for index, row in enumerate(lines):
        match = _BLANK_KEY.match(row)
        if match is None or _has_children(lines, index):
            continue
        name = match.group(2)
        if "[]" in row and name not in values:
            continue  # an optional list (suppliers, organisation controls) may stay empty
        lines[index] = f"{match.group(1)}{name}: {values.get(name, 'Written by the team.')}"
    text = "\n".join(lines)
    text = re.sub(r"\"?<fill in an SPDX[^>]*>\"?", "apache-2.0", text)
    text = re.sub(r"\"?<fill in the licence id[^>]*>\"?", "cc-by-4.0", text)
    text = re.sub(r"\"?<fill in the (?:model|dataset) version[^>]*>\"?", "'1.0'", text)
    return re.sub(r"<(?:fill in|describe)[^>]*>", "Written by the team.", text)


def test_filled_in_templates_lint_clean(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    run_cli("init", str(root))
    for rel in WRITTEN:
        path = root / rel
        path.write_text(_fill(path.read_text(encoding="utf-8"), rel), encoding="utf-8")
    git(root, "add", "-A")
    import datetime

    remaining = [(f.rule_id, f.location.path, f.location.line, f.message)
                 for f in _findings(root, today=datetime.date(2026, 6, 1))]
    assert remaining == []


def test_existing_files_are_kept_without_force(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    run_cli("init", str(root))
    policy = root / "governance/ai-policy.md"
    policy.write_text("# Our own policy\n", encoding="utf-8")
    result = run_cli("init", str(root))
    assert result.exit_code == 0
    assert policy.read_text(encoding="utf-8") == "# Our own policy\n"
    assert "kept        governance/ai-policy.md (exists; use --force to overwrite)" in result.stdout
    assert result.stdout.count("kept ") == len(WRITTEN)
    forced = run_cli("init", str(root), "--force")
    assert forced.exit_code == 0
    assert "overwritten governance/ai-policy.md" in forced.stdout
    assert policy.read_text(encoding="utf-8").startswith("---\ntitle: AI policy\n")


def test_init_only_adds_missing_files(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    (root / "risk").mkdir()
    (root / "risk/register.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    result = run_cli("init", str(root))
    assert "kept        risk/register.yaml" in result.stdout
    assert (root / "risk/register.yaml").read_text(encoding="utf-8") == "schema_version: 1\n"
    assert (root / "governance/soa.yaml").is_file()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_force_never_writes_through_a_link(tmp_path: Path, run_cli: Any) -> None:
    root = _git_repo(tmp_path / "repo")
    outside = tmp_path / "outside.md"
    outside.write_text("not ours\n", encoding="utf-8")
    os.symlink(outside, root / "CONCERNS.md")
    result = run_cli("init", str(root), "--force")
    assert result.exit_code == 2
    assert "CONCERNS.md" in result.stderr
    assert outside.read_text(encoding="utf-8") == "not ours\n"
    assert (root / "CONCERNS.md").is_symlink()


def test_system_name_shapes_paths_and_references(tmp_path: Path, run_cli: Any) -> None:
    root = tmp_path / "new" / "repo"
    result = run_cli("init", str(root), "--system", "fraud-detector")
    assert result.exit_code == 0
    assert (root / "models/fraud-detector/model_card.yaml").is_file()
    assert (root / "impact/fraud-detector.yaml").is_file()
    rules = {f.rule_id for f in _findings(root)}
    assert not rules & {"RR109", "RR201", "IA105", "IA201", "INV102", "INV103", "MC109"}


@pytest.mark.parametrize("name", ["../escape", "a/b", "", "with space", "."])
def test_bad_system_name_is_a_usage_error(tmp_path: Path, run_cli: Any, name: str) -> None:
    result = run_cli("init", str(tmp_path / "repo"), "--system", name)
    assert result.exit_code == 2
    assert not (tmp_path / "repo" / "models").exists()


def test_init_refuses_a_file_as_target(tmp_path: Path, run_cli: Any) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert run_cli("init", str(target)).exit_code == 2


def _init(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AIMS_LINT, "init", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                          check=False)


def test_init_never_writes_through_a_planted_temporary_file(tmp_path: Path) -> None:
    root = _git_repo(tmp_path / "repo")
    outside = tmp_path / "outside.md"
    outside.write_text("not ours\n", encoding="utf-8")
    (root / ".CONCERNS.md.tmp").symlink_to(outside)
    proc = _init(root, ".")
    assert proc.returncode == 0, proc.stderr
    assert outside.read_text(encoding="utf-8") == "not ours\n"
    assert (root / ".CONCERNS.md.tmp").is_symlink()
    assert (root / "CONCERNS.md").is_file() and not (root / "CONCERNS.md").is_symlink()
    assert not [p for p in root.rglob("*.tmp") if not p.is_symlink()]


@pytest.mark.parametrize("link", ["models", "models/my-model", "governance"])
@pytest.mark.parametrize("force", [False, True], ids=["keep", "force"])
def test_init_never_writes_through_a_linked_folder(tmp_path: Path, link: str, force: bool) -> None:
    root = _git_repo(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(elsewhere, target_is_directory=True)
    proc = _init(root, ".", *(["--force"] if force else []))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"aims-lint: error: cannot write {next(w for w in WRITTEN if w.startswith(link + '/'))}: "
        f"{link} is a symbolic link; not followed"]
    assert list(elsewhere.iterdir()) == []
    # Refused before anything is written: only the link and the folders around it are there.
    made = {p.relative_to(root).as_posix() for p in root.rglob("*") if ".git" not in p.parts}
    assert made == {link, *(parent.as_posix() for parent in Path(link).parents if parent != Path("."))}


def test_init_follows_the_folder_it_is_given(tmp_path: Path) -> None:
    # The target named on the command line is the user's own, a link included; below it nothing is followed.
    real = _git_repo(tmp_path / "real")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    proc = _init(tmp_path, "alias")
    assert proc.returncode == 0, proc.stderr
    assert all((real / rel).is_file() for rel in WRITTEN)
