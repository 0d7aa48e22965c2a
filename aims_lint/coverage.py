"""Per-requirement coverage of one run: every ISO/IEC 42001 clause and Annex A control with its rules, findings,
evidence files, Statement of Applicability claim and status, computed from the findings and the rule packs."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from aims_lint.catalog import catalog, mirrored_controls
from aims_lint.crosswalk import FRAMEWORKS, crosswalks
from aims_lint.data import read_data
from aims_lint.model import ArtifactRef, Entry, Finding, Inventory, Kind, Report, Rule, Severity

MET, GAPS, NOT_APPLICABLE, MANUAL, NO_EVIDENCE = "met", "gaps", "not applicable", "manual", "no evidence"
# In the order a reader scans them: what holds, what does not, what was decided out, what a person must show.
STATUSES = (MET, GAPS, NOT_APPLICABLE, MANUAL, NO_EVIDENCE)
# Evidence files larger than this are listed without their hashes.
MAX_HASHED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Claim:
    """What the Statement of Applicability says of one control, and where."""

    path: str
    line: int
    applicable: bool | None
    status: str | None
    justification: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Why a requirement is not applicable, and who says so (a file and line, or the configuration)."""

    justification: str
    source: str


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule that tests a requirement: how many artifacts it judged, how many it failed, and its findings."""

    rule: Rule
    judged: int
    failed: int
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> int:
        return self.judged - self.failed


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file that backs a requirement, with its SHA-256 and its git blob id (None outside a git work tree)."""

    path: str
    sha256: str | None
    blob: str | None


@dataclass(frozen=True, slots=True)
class Row:
    """One clause or Annex A control as the auditor sees it."""

    id: str
    kind: str  # "clause" or "control"
    title: str
    group: str
    group_title: str
    status: str
    rules: tuple[RuleResult, ...]
    evidence: tuple[EvidenceFile, ...]
    # What a person attaches for it (the catalogue's evidence notes, in aims-lint's words).
    attach: str
    exclusion: Exclusion | None = None
    claim: Claim | None = None
    # Risks whose treatments name the control.
    risks: tuple[str, ...] = ()
    # Framework name -> the ids of that framework the requirement relates to (informative).
    crosswalk: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Where the Statement of Applicability and the lint disagree about it, in a sentence; empty when they agree.
    disagreement: str = ""

    @property
    def findings(self) -> tuple[Finding, ...]:
        unique = {f.fingerprint: f for result in self.rules for f in result.findings}
        return tuple(sorted(unique.values(), key=Finding.sort_key))


@dataclass(frozen=True, slots=True)
class Group:
    """A clause (4 to 10) or an Annex A group (A.2 to A.10) with the count of its rows in each status."""

    id: str
    kind: str
    title: str
    counts: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Every clause and control of the catalogue, once each, with the groups' and the overall counts."""

    report: Report
    rows: tuple[Row, ...]
    groups: tuple[Group, ...]
    soa: str | None
    in_git: bool

    def totals(self, kind: str | None = None) -> dict[str, int]:
        return _counts(r.status for r in self.rows if kind is None or r.kind == kind)


def _counts(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        counts[status] += 1
    return counts


@functools.cache
def evidence_notes() -> Mapping[str, str]:
    """Id -> the evidence a person attaches for it (data/evidence-notes.yaml)."""
    raw = yaml.load(read_data("evidence-notes.yaml"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {str(k): str(v) for k, v in raw.items()}


def requirement_ids() -> tuple[tuple[str, str], ...]:
    """(id, kind) of every row: the clauses below 4 to 10 in catalogue order, then the 38 Annex A controls."""
    known = catalog()
    return (*((c, "clause") for c in known.clauses if "." in c), *((c, "control") for c in known.controls))


def cited_by(rule: Rule) -> frozenset[str]:
    """The clauses and controls a rule tests: its clauses, its controls, and the controls its guidance ids mirror."""
    return frozenset((*rule.iso.clauses, *rule.iso.controls, *mirrored_controls(rule.iso.guidance)))


def _value(entry: Entry, name: str) -> object:
    found = entry.fields.get(name)
    return found.value if found is not None and found.present else None


def _texts(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(str(v).strip() for v in items if isinstance(v, str | int) and str(v).strip())


def soa_claims(inventory: Inventory) -> tuple[str | None, dict[str, Claim]]:
    """The first Statement of Applicability by path, and its rows by control id (the first row of each id)."""
    documents = inventory.of_kind(Kind.SOA)
    if not documents:
        return None, {}
    soa = documents[0]
    claims: dict[str, Claim] = {}
    for entry in soa.entries.get("controls", ()):
        ids = _texts(_value(entry, "id"))
        if not ids or ids[0] in claims:
            continue
        applicable = _value(entry, "applicable")
        status = _value(entry, "status")
        claims[ids[0]] = Claim(soa.path, entry.location.line, applicable if isinstance(applicable, bool) else None,
                               status if isinstance(status, str) else None,
                               " ".join(_texts(_value(entry, "justification"))), _texts(_value(entry, "evidence")))
    return soa.path, claims


def applicability(claims: Mapping[str, Claim], configured: Mapping[str, str] | None = None) -> dict[str, Exclusion]:
    """The requirements that are not applicable, with why: the controls the SoA excludes (applicable: false or
    status not-applicable), then those the configuration marks (id -> justification), which take precedence."""
    excluded = {
        control: Exclusion(claim.justification, f"{claim.path}:{claim.line}")
        for control, claim in claims.items()
        if claim.applicable is False or claim.status == "not-applicable"
    }
    for iso_id, justification in (configured or {}).items():
        excluded[iso_id] = Exclusion(justification, "configuration")
    return excluded


def treating_risks(inventory: Inventory) -> dict[str, tuple[str, ...]]:
    """Control id -> the ids of the risks whose treatments name it, in register order."""
    named: dict[str, list[str]] = {}
    for register in inventory.of_kind(Kind.RISK_REGISTER):
        for risk in register.entries.get("risks", ()):
            risk_id = " ".join(_texts(_value(risk, "id"))) or f"{register.path}#{risk.index + 1}"
            for control in _texts(_value(risk, "controls")):
                if risk_id not in named.setdefault(control, []):
                    named[control].append(risk_id)
    return {control: tuple(ids) for control, ids in named.items()}


def _judged(rule: Rule, artifacts: Sequence[ArtifactRef]) -> tuple[str, ...]:
    """The paths of the artifacts a rule judged (none for a rule on the repository as a whole)."""
    if rule.applies_to == ("repository",):
        return ()
    return tuple(a.path for a in artifacts if a.kind in rule.applies_to and (not rule.formats or a.format in
                                                                              rule.formats))


def rule_results(report: Report) -> dict[str, tuple[RuleResult, tuple[str, ...]]]:
    """Rule id -> its result and the paths it judged."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    results = {}
    for rule in report.rules:
        findings = tuple(by_rule.get(rule.id, ()))
        paths = _judged(rule, report.artifacts)
        judged = 1 if rule.applies_to == ("repository",) else len(paths)
        failed = min(judged, len({f.location.path for f in findings}))
        results[rule.id] = (RuleResult(rule, judged, failed, findings), paths)
    return results


def status_of(results: Sequence[RuleResult], excluded: bool, judged_artifacts: bool) -> str:
    """not applicable when excluded; gaps with an open finding; met when its rules judged an artifact of the
    repository and found nothing; manual when no rule tests it; no evidence when its rules found no artifact to
    judge (a rule on the repository as a whole that passes is no evidence by itself)."""
    if excluded:
        return NOT_APPLICABLE
    if any(r.findings for r in results):
        return GAPS
    if not results:
        return MANUAL
    return MET if judged_artifacts else NO_EVIDENCE


def _disagreement(row_status: str, results: Sequence[RuleResult], claim: Claim | None,
                  risks: Sequence[str]) -> str:
    if claim is None:
        return ""
    errors = sum(1 for r in results for f in r.findings if f.severity is Severity.ERROR)
    if claim.status == "implemented" and errors:
        return f"claimed implemented, but its rules report {errors} open error{'s' if errors != 1 else ''}"
    if row_status == NOT_APPLICABLE and risks:
        return f"excluded, but the treatments of {', '.join(risks)} rely on it"
    return ""


@dataclass(frozen=True, slots=True)
class _Run:
    """What every row is computed from."""

    results: Mapping[str, tuple[RuleResult, tuple[str, ...]]]
    claims: Mapping[str, Claim]
    excluded: Mapping[str, Exclusion]
    risks: Mapping[str, tuple[str, ...]]
    registers: tuple[str, ...]
    files: frozenset[str]


def _row(iso_id: str, kind: str, run: _Run, hash_of: Callable[[str], EvidenceFile]) -> Row:
    known = catalog()
    tested = [(result, paths) for result, paths in run.results.values() if iso_id in cited_by(result.rule)]
    results = tuple(result for result, _ in tested)
    claim = run.claims.get(iso_id)
    risks = run.risks.get(iso_id, ())
    status = status_of(results, iso_id in run.excluded, any(paths for _, paths in tested))
    paths = _evidence_paths(tested, claim, run.registers if risks else (), run.files)
    if kind == "control":
        group = iso_id.rsplit(".", 1)[0] if iso_id.count(".") == 2 else ".".join(iso_id.split(".")[:2])
        group_title = known.control_groups.get(group, "")
    else:
        group = iso_id.split(".")[0]
        group_title = known.clauses.get(group, "")
    return Row(
        id=iso_id, kind=kind, title=known.title(iso_id), group=group, group_title=group_title, status=status,
        rules=results, evidence=tuple(map(hash_of, paths)), attach=evidence_notes().get(iso_id, ""),
        exclusion=run.excluded.get(iso_id), claim=claim, risks=risks,
        crosswalk={name: crosswalks()[name].related(iso_id) for name in FRAMEWORKS},
        disagreement=_disagreement(status, results, claim, risks),
    )


def _evidence_paths(tested: Sequence[tuple[RuleResult, tuple[str, ...]]], claim: Claim | None,
                    registers: Sequence[str], files: frozenset[str]) -> tuple[str, ...]:
    """The files that back a requirement: what its rules judged, the registers whose treatments name it, and the
    repository files the SoA gives as its evidence."""
    paths = {p for _, judged in tested for p in judged} | set(registers)
    if claim is not None:
        paths |= {p.removeprefix("./") for p in claim.evidence if p.removeprefix("./") in files}
        paths.add(claim.path)
    return tuple(sorted(paths))


def build_coverage(report: Report, inventory: Inventory, *, configured: Mapping[str, str] | None = None,
                   in_git: bool = False) -> Coverage:
    """The coverage of one run. configured: requirements the configuration marks not applicable (id ->
    justification); in_git: whether the root is in a git work tree (evidence files then get their blob ids)."""
    soa, claims = soa_claims(inventory)
    run = _Run(rule_results(report), claims, applicability(claims, configured), treating_risks(inventory),
               tuple(a.path for a in inventory.of_kind(Kind.RISK_REGISTER)), frozenset(inventory.files))
    hashed: dict[str, EvidenceFile] = {}

    def hash_of(path: str) -> EvidenceFile:
        if path not in hashed:
            hashed[path] = file_hashes(inventory.root, path, in_git)
        return hashed[path]

    rows = tuple(_row(iso_id, kind, run, hash_of) for iso_id, kind in requirement_ids())
    return Coverage(report, rows, _groups(rows), soa, in_git)


def _groups(rows: Sequence[Row]) -> tuple[Group, ...]:
    """The clauses 4 to 10, then the Annex A groups A.2 to A.10, each with its rows' counts."""
    order: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        order.setdefault((row.kind, row.group), []).append(row)
    return tuple(Group(group, kind, members[0].group_title, _counts(r.status for r in members))
                 for (kind, group), members in order.items())


def file_hashes(root: str, rel: str, in_git: bool) -> EvidenceFile:
    """A file's SHA-256 and, in a git work tree, its git blob id (the hash git gives its content), read without
    following a link out of the root; None for both when it cannot be read."""
    from aims_lint.read.files import read_bytes

    data = read_bytes(Path(root), os.path.realpath(root), rel, MAX_HASHED_BYTES)
    if not isinstance(data, bytes):
        return EvidenceFile(rel, None, None)
    blob = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest() if in_git else None
    return EvidenceFile(rel, hashlib.sha256(data).hexdigest(), blob)


@dataclass(frozen=True, slots=True)
class PivotRow:
    """One id of another framework, with the ISO/IEC 42001 requirements it relates to and their overall status."""

    id: str
    title: str
    requirements: tuple[str, ...]
    status: str
    counts: Mapping[str, int]


# The status of a framework id is the first of these its requirements hold: one gap is a gap; an untested or
# unevidenced requirement keeps it from being met; it is not applicable only when all of them are.
_PIVOT_PRECEDENCE = (GAPS, NO_EVIDENCE, MANUAL, MET, NOT_APPLICABLE)


def pivot(cov: Coverage, framework: str) -> tuple[PivotRow, ...]:
    """The coverage seen from another framework (see crosswalk.FRAMEWORKS): one row per id of it."""
    walk = crosswalks()[framework]
    by_id = {row.id: row for row in cov.rows}
    rows = []
    for framework_id, iso_ids in walk.mappings.items():
        related = [by_id[i] for i in iso_ids if i in by_id]
        counts = _counts(r.status for r in related)
        applicable = [s for s in _PIVOT_PRECEDENCE if counts[s]]
        status = applicable[0] if applicable else MANUAL
        rows.append(PivotRow(framework_id, walk.titles.get(framework_id, ""), tuple(r.id for r in related), status,
                             counts))
    return tuple(rows)


def coverage_of(report: Report, inventory: Inventory, configured: Mapping[str, str] | None = None) -> Coverage:
    """build_coverage, with the evidence files' git blob ids when the root is in a git work tree."""
    from aims_lint.read.git import run_git

    in_git = run_git(["rev-parse", "--is-inside-work-tree"], Path(inventory.root)).stdout is not None
    return build_coverage(report, inventory, configured=configured, in_git=in_git)
