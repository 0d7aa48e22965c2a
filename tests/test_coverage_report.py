"""`aims-lint report`: every clause and control once in every format, numbers that agree with `check`, the SoA
held against the findings, the SoA draft, the crosswalks and a reproducible evidence pack."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import PROJECT, git, make_git_repo, write_tree
from governance_repo import BASE, soa_text

from aims_lint import LintRequest, lint
from aims_lint.catalog import catalog, mirrored_controls
from aims_lint.coverage import STATUSES, build_coverage, requirement_ids
from aims_lint.crosswalk import crosswalks
from aims_lint.packs import load_rules
from aims_lint.schemas import load_schema

TODAY = "2026-06-30"
CONTROLS = list(catalog().controls)
CLAUSES = [c for c in catalog().clauses if "." in c]
ON_REPOSITORY = {r.id for r in load_rules() if r.applies_to == ("repository",)}
A_CONTROL_EXCLUDED = "A.10.4"  # excluded by the SoA of governance_repo, with its justification


@pytest.fixture(scope="module")
def governed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The governance repository of the scenario tests, committed: every status occurs in it."""
    return make_git_repo(tmp_path_factory.mktemp("governed"), BASE)


def _report(run_cli: Any, root: Path, *args: str) -> Any:
    result = run_cli("report", "--today", TODAY, *args, cwd=root)
    assert result.exit_code == 0, result.stderr
    return result


def _json(run_cli: Any, root: Path, *args: str) -> dict[str, Any]:
    return json.loads(_report(run_cli, root, "--format", "json", *args).stdout)


def test_every_requirement_appears_exactly_once_in_every_format(run_cli: Any, governed: Path) -> None:
    doc = _json(run_cli, governed)
    assert [r["id"] for r in doc["requirements"]] == CLAUSES + CONTROLS
    markdown = _report(run_cli, governed).stdout
    page = _report(run_cli, governed, "--format", "html").stdout
    for iso_id in CLAUSES + CONTROLS:
        escaped = re.escape(iso_id.replace(".", "\\."))
        assert len(re.findall(rf"^### {escaped} ", markdown, re.MULTILINE)) == 1, iso_id
        anchor = "req-" + iso_id.replace(".", "-")
        assert page.count(f'id="{anchor}"') == 1, iso_id
        assert page.count(f'href="#{anchor}"') == 1, iso_id  # its one cell in the grid
    assert len(CONTROLS) == 38


def test_the_numbers_agree_with_check_json(run_cli: Any, governed: Path) -> None:
    checked = json.loads(run_cli("check", "--today", TODAY, "--format", "json", cwd=governed).stdout)
    doc = _json(run_cli, governed)
    summary = checked["summary"]
    assert doc["summary"]["findings"] == {"total": summary["findings"], "errors": summary["errors"],
                                          "warnings": summary["warnings"], "notes": summary["notes"]}
    assert doc["summary"]["artifacts"] == summary["artifacts"]
    per_rule: dict[str, int] = {}
    for finding in checked["findings"]:
        per_rule[finding["rule"]] = per_rule.get(finding["rule"], 0) + 1
    for requirement in doc["requirements"]:
        cites = [f for f in checked["findings"] if requirement["id"] in
                 (*f["controls"], *f["clauses"], *mirrored_controls(f["guidance"]))]
        assert sorted(f["fingerprint"] for f in requirement["findings"]) == sorted(f["fingerprint"] for f in cites)
        for rule in requirement["rules"]:
            assert rule["findings"] == per_rule.get(rule["id"], 0)
            assert rule["passed"] + rule["failed"] == rule["judged"]
        assert (requirement["status"] == "gaps") == bool(requirement["findings"])
    overall = doc["summary"]["overall"]
    assert sum(overall.values()) == len(CLAUSES) + len(CONTROLS)
    assert overall == {s: sum(r["status"] == s for r in doc["requirements"]) for s in STATUSES}


def test_every_status_occurs_with_what_backs_it(run_cli: Any, governed: Path) -> None:
    rows = {r["id"]: r for r in _json(run_cli, governed)["requirements"]}
    assert {r["status"] for r in rows.values()} == set(STATUSES)
    excluded = rows[A_CONTROL_EXCLUDED]
    assert excluded["status"] == "not applicable"
    assert excluded["not_applicable"]["justification"].startswith("The systems are used internally only")
    assert excluded["not_applicable"]["source"].startswith("governance/soa.yaml:")
    for row in rows.values():
        if row["status"] == "manual":
            assert row["rules"] == [] and row["attach"], row["id"]
        if row["status"] in ("met", "no evidence"):
            assert row["rules"] and not row["findings"], row["id"]
            # Met only where a rule judged an artifact of the repository (not the repository as a whole).
            judged = any(r["judged"] for r in row["rules"] if r["id"] not in ON_REPOSITORY)
            assert judged == (row["status"] == "met"), row["id"]
    # Every evidence file of a git work tree has the blob id git gives its content.
    for row in rows.values():
        for evidence in row["evidence"]:
            assert evidence["blob"] == git(governed, "hash-object", evidence["path"]).strip()
            assert evidence["sha256"] == hashlib.sha256((governed / evidence["path"]).read_bytes()).hexdigest()


def test_a_claim_the_findings_contradict_is_a_finding_of_its_own_shown_in_the_report(
        run_cli: Any, tmp_path: Path) -> None:
    # A.2.2 is claimed implemented while the policy lacks its approval (POL101, an error mapped to A.2.2), and
    # A.7.4 is excluded while the treatment of R-001 relies on it.
    policy = BASE["governance/ai-policy.md"].replace("approved_by: Executive board\n", "")
    soa = soa_text({
        "A.2.2": "  - id: A.2.2\n    applicable: true\n    status: implemented\n    justification: Our policy.\n"
                 "    evidence: [governance/ai-policy.md]\n",
        "A.7.4": "  - id: A.7.4\n    applicable: false\n    status: not-applicable\n"
                 "    justification: No training data of our own.\n",
    })
    root = make_git_repo(tmp_path / "repo", {**BASE, "governance/ai-policy.md": policy, "governance/soa.yaml": soa})
    checked = json.loads(run_cli("check", "--today", TODAY, "--format", "json", cwd=root).stdout)["findings"]
    lines = soa.split("\n")
    row = lines.index("  - id: A.2.2")
    status_line = next(n for n in range(row, len(lines)) if lines[n].strip().startswith("status:")) + 1
    claim = [f for f in checked if f["rule"] == "SOA110" and "control A.2.2 " in f["message"]]
    assert [(f["path"], f["line"]) for f in claim] == [("governance/soa.yaml", status_line)]
    assert "POL101" in claim[0]["message"]
    rows = {r["id"]: r for r in _json(run_cli, root)["requirements"]}
    assert rows["A.2.2"]["disagreement"].startswith("claimed implemented, but its rules report")
    assert rows["A.7.4"]["disagreement"] == "excluded, but the treatments of R-001 rely on it"
    assert {f["rule"] for f in rows["6.1.3"]["findings"]} >= {"SOA106", "SOA110"}
    markdown = _report(run_cli, root).stdout
    assert markdown.count("**SoA and lint disagree:**") == sum(bool(r["disagreement"]) for r in rows.values())


def test_the_configuration_can_mark_a_requirement_not_applicable(governed: Path) -> None:
    outcome = lint(LintRequest(paths=(str(governed),), today=datetime.date(2026, 6, 30)))
    assert outcome.inventory is not None
    cov = build_coverage(outcome.report, outcome.inventory, configured={"A.6.2.2": "No requirements phase here."})
    row = next(r for r in cov.rows if r.id == "A.6.2.2")
    assert row.status == "not applicable"
    assert row.exclusion is not None and (row.exclusion.source, row.exclusion.justification) == (
        "configuration", "No requirements phase here.")
    plain = build_coverage(outcome.report, outcome.inventory)
    assert next(r for r in plain.rows if r.id == "A.6.2.2").status != "not applicable"


def test_the_json_report_is_valid_against_its_schema(run_cli: Any, governed: Path) -> None:
    schema = load_schema("coverage-report")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for extra in ((), ("--framework", "nist-ai-rmf"), ("--framework", "eu-ai-act")):
        doc = _json(run_cli, governed, *extra)
        assert list(validator.iter_errors(doc)) == []
    doc["requirements"][0]["status"] = "mostly met"
    assert list(validator.iter_errors(doc)), "the schema must refuse an unknown status"


def test_a_framework_pivots_the_report_on_its_ids(run_cli: Any, governed: Path) -> None:
    doc = _json(run_cli, governed, "--framework", "nist-ai-rmf")
    walk = crosswalks()["nist-ai-rmf"]
    assert [p["id"] for p in doc["pivot"]] == list(walk.mappings) and len(doc["pivot"]) == 72
    statuses = {r["id"]: r["status"] for r in doc["requirements"]}
    for row in doc["pivot"]:
        related = [statuses[i] for i in row["requirements"]]
        assert row["requirements"] == [i for i in walk.mappings[row["id"]] if i in statuses]
        if "gaps" in related:
            assert row["status"] == "gaps"
        elif related and all(s == "met" for s in related):
            assert row["status"] == "met"
    eu = _report(run_cli, governed, "--framework", "eu-ai-act").stdout
    assert "## EU AI Act view (informative)" in eu and "| Art\\. 10 | Data and data governance |" in eu


def test_crosswalk_data_names_only_real_ids_and_every_control() -> None:
    known = catalog()
    for walk in crosswalks().values():
        assert walk.source
        for framework_id, iso_ids in walk.mappings.items():
            assert iso_ids, framework_id
            unknown = [i for i in iso_ids if i not in known.clauses and i not in known.controls]
            assert not unknown, (walk.name, framework_id, unknown)
    nist = crosswalks()["nist-ai-rmf"]
    assert all(nist.related(c) for c in known.controls)


def test_sarif_rules_carry_their_crosswalk(run_cli: Any, governed: Path) -> None:
    sarif = json.loads(run_cli("check", "--today", TODAY, "--format", "sarif", cwd=governed).stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    walk = crosswalks()["nist-ai-rmf"]
    for rule in rules.values():
        iso = rule["properties"]["iso42001"]
        ids = (*iso["clauses"], *iso["controls"], *mirrored_controls(iso["guidance"]))
        expected = [f for f in walk.mappings if any(i in walk.mappings[f] for i in ids)]
        assert rule["properties"]["crosswalk"]["nist-ai-rmf"] == expected


def _findings_of(run_cli: Any, root: Path) -> list[dict[str, Any]]:
    return json.loads(run_cli("check", "--today", TODAY, "--format", "json", cwd=root).stdout)["findings"]


def test_the_soa_draft_lists_every_control_and_its_placeholders_are_flagged(run_cli: Any, governed: Path,
                                                                            tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    result = _report(run_cli, governed, "--soa-draft", str(draft))
    assert "Statement of Applicability draft" in result.stderr
    text = draft.read_text(encoding="utf-8")
    assert [line.split(": ")[1] for line in text.splitlines() if line.startswith("  - id: ")] == CONTROLS
    # In a repository of its own, every decision left open is a finding of the SoA rules.
    root = make_git_repo(tmp_path / "fresh", {**{k: v for k, v in BASE.items() if k != "governance/soa.yaml"},
                                              "governance/soa.yaml": text})
    rules = {f["rule"] for f in _findings_of(run_cli, root) if f["path"] == "governance/soa.yaml"}
    assert {"SOA104", "SOA105", "SOA108"} <= rules
    assert "GV001" not in rules, "the draft must follow the SoA schema"
    rows = {r["id"]: r for r in _json(run_cli, governed)["requirements"]}
    # Pre-filled from what was found: the treatment of R-001 names A.7.4, so it applies.
    block = text.split("  - id: A.7.4\n", 1)[1].split("  - id: ", 1)[0]
    assert "applicable: true" in block and "R-001" in block
    met = next(c for c in CONTROLS if rows[c]["status"] == "met")
    assert "status: implemented" in text.split(f"  - id: {met}\n", 1)[1].split("  - id: ", 1)[0]


def test_the_soa_draft_never_overwrites_without_force_nor_writes_through_a_link(run_cli: Any, governed: Path,
                                                                                tmp_path: Path) -> None:
    existing = tmp_path / "soa.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    refused = run_cli("report", "--today", TODAY, "--soa-draft", str(existing), cwd=governed)
    assert refused.exit_code == 2 and "use --force" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert _report(run_cli, governed, "--soa-draft", str(existing), "--force")
    assert existing.read_text(encoding="utf-8").startswith("# Statement of Applicability")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(victim)
    linked = run_cli("report", "--today", TODAY, "--soa-draft", str(link), "--force", cwd=governed)
    assert linked.exit_code == 2 and "symbolic link" in linked.stderr
    assert victim.read_text(encoding="utf-8") == "keep\n" and link.is_symlink()


def test_the_evidence_pack_is_byte_identical_on_the_same_commit(run_cli: Any, governed: Path,
                                                               tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for target in (first, second):
        _report(run_cli, governed, "--evidence-pack", str(target))
    names = sorted(p.name for p in first.iterdir())
    assert names == ["aims-lint.sarif", "coverage.html", "coverage.json", "findings.json", "manifest.json"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["commit"] == git(governed, "rev-parse", "HEAD").strip()
    assert manifest["today"] == TODAY and manifest["work_tree_clean"] is True
    packs = {p["name"]: p["sha256"] for p in manifest["rule_packs"]}
    assert packs == {f"rules/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in sorted((PROJECT / "rules").glob("*.yaml"))}
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256((first / entry["path"]).read_bytes()).hexdigest()
    assert manifest["evidence"] and all(
        e["sha256"] == hashlib.sha256((governed / e["path"]).read_bytes()).hexdigest()
        and e["blob"] == git(governed, "hash-object", e["path"]).strip() for e in manifest["evidence"])
    zips = [tmp_path / "a.zip", tmp_path / "b.zip"]
    for target in zips:
        _report(run_cli, governed, "--evidence-pack", str(target))
    assert zips[0].read_bytes() == zips[1].read_bytes()
    with zipfile.ZipFile(io.BytesIO(zips[0].read_bytes())) as archive:
        assert sorted(archive.namelist()) == names
        assert archive.read("coverage.json") == (first / "coverage.json").read_bytes()


def test_the_pack_changes_with_the_commit(run_cli: Any, tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", BASE)
    _report(run_cli, root, "--evidence-pack", str(tmp_path / "before"))
    write_tree(root, {"CONCERNS.md": BASE["CONCERNS.md"] + "\nUpdated.\n"})
    git(root, "commit", "-qam", "update")
    _report(run_cli, root, "--evidence-pack", str(tmp_path / "after"))
    before, after = (json.loads((tmp_path / d / "manifest.json").read_text()) for d in ("before", "after"))
    assert before["commit"] != after["commit"]
    changed = {e["path"] for e in after["evidence"]} - {(e["path"]) for e in before["evidence"]}
    assert not changed
    hashes = {e["path"]: e["sha256"] for e in before["evidence"]}
    assert [e["path"] for e in after["evidence"] if hashes[e["path"]] != e["sha256"]] == ["CONCERNS.md"]


def test_outside_git_evidence_has_a_sha256_but_no_blob_id(run_cli: Any, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "plain", BASE)
    rows = _json(run_cli, root)["requirements"]
    evidence = [e for r in rows for e in r["evidence"]]
    assert evidence and all(e["blob"] is None and e["sha256"] for e in evidence)


def test_the_html_page_loads_nothing_and_escapes_repository_text(run_cli: Any, tmp_path: Path) -> None:
    hostile = BASE["governance/ai-policy.md"].replace("approved_by: Executive board\n", "")
    root = make_git_repo(tmp_path / "repo", {**BASE, "governance/ai-policy.md": hostile,
                                             "models/<script>alert(1)<\u202e>/model_card.yaml": "name: x\n"})
    page = _report(run_cli, root, "--format", "html").stdout
    assert "<script" not in page.lower() and "\u202e" not in page
    assert "&lt;script&gt;" in page
    assert re.search(r"""(src|href)=["'](https?:)?//""", page) is None
    assert "default-src 'none'" in page


def test_an_empty_repository_meets_nothing(run_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    statuses = {r["status"] for r in _json(run_cli, tmp_path / "empty")["requirements"]}
    assert statuses == {"manual", "no evidence"}


def test_requirement_ids_are_the_catalogues() -> None:
    assert [i for i, _ in requirement_ids()] == CLAUSES + CONTROLS
