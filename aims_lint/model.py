"""Value types shared by every stage: locations, canonical artifacts, rules, findings and reports."""

from __future__ import annotations

import datetime
import enum
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_lint.parse.text import valid_unicode

_Class = type[Any]


def pickled_by_fields(cls: _Class) -> _Class:
    """A slotted dataclass that pickles as a call of the class with its fields' values, in their order: half the
    cost of the standard way for frozen ones (which gathers a list through dataclasses.fields and sets each slot
    through object.__setattr__), where a worker process sends a run's reading back (benchmarks: bench_tricks)."""
    values: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*cls.__slots__)

    def __reduce__(self: Any) -> tuple[_Class, tuple[Any, ...]]:
        return cls, values(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010  (mypy refuses assigning a method in the attribute form)
    return cls


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that thresholds compare naturally."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or note)") from None


class Kind(str, enum.Enum):
    """What an artifact is, whatever format it was written in."""

    MODEL_CARD = "model_card"
    DATASET_RECORD = "dataset_record"
    WEIGHTS = "weights"
    RISK_REGISTER = "risk_register"
    IMPACT_ASSESSMENT = "impact_assessment"
    SOA = "soa"
    AI_INVENTORY = "ai_inventory"
    AI_POLICY = "ai_policy"
    CONCERNS_CHANNEL = "concerns_channel"
    AI_OBJECTIVES = "ai_objectives"
    NONCONFORMITY_LOG = "nonconformity_log"
    MANAGEMENT_REVIEW = "management_review"
    AUDIT_PROGRAMME = "audit_programme"
    MONITORING_PLAN = "monitoring_plan"
    INCIDENT_RESPONSE = "incident_response"
    EVENT_LOGGING = "event_logging"
    AI_PROCESSES = "ai_processes"
    AI_ROLES = "ai_roles"
    CODEOWNERS = "codeowners"

    def __str__(self) -> str:
        return self.value


class FieldState(str, enum.Enum):
    """Whether a canonical field carries real content."""

    PRESENT = "present"
    EMPTY = "empty"
    PLACEHOLDER = "placeholder"
    # Words that say nothing the field asks: 'N/A', 'None.', 'no limitations', only 'see the paper', results
    # without a number. The field's note says what was found.
    WEAK = "weak"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Location:
    """A position in a file; path is relative to the scan root, line and column start at 1."""

    path: str
    line: int = 1
    column: int = 1
    pointer: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Field:
    """One canonical field of an artifact, with where it was read from."""

    value: Any
    location: Location
    origin: str
    state: FieldState = FieldState.PRESENT
    # What was found when the state is WEAK, as a finding says it: "says only 'N/A'".
    note: str = ""

    @property
    def present(self) -> bool:
        return self.state is FieldState.PRESENT


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Section:
    """A Markdown heading and the text under it (its own lines, then its subsections).

    Whether the text says anything real is judged by vocab.section_state when a check asks: most sections never are.
    """

    title: str
    key: str
    level: int
    line: int
    # The card's body, shared by all its sections, and where in it the section's own text and its whole text lie
    # (character offsets): a section's text, which repeats its subsections', is cut from it when asked.
    source: str = field(repr=False)
    start: int
    own_end: int
    end: int

    @property
    def own_text(self) -> str:
        """The lines under the heading up to the next heading."""
        return self.source[self.start:self.own_end]

    @property
    def text(self) -> str:
        """The lines under the heading up to the next heading at its level or above (its subsections too)."""
        return self.source[self.start:self.end]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with reading a file: a parse error, an encoding error, a limit hit."""

    code: str
    message: str
    location: Location


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Reference:
    """A name of another artifact (a dataset, a base model) written in an artifact, with where it stands."""

    target: str
    location: Location
    role: str
    hub_context: bool = False


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a list inside an artifact (a risk, a control, a system, a supplier) with canonical fields."""

    index: int
    location: Location
    fields: Mapping[str, Field]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Artifact:
    """A canonical model card, dataset record or weights file, adapted from whatever format it was in."""

    path: str
    kind: Kind
    format: str
    fields: Mapping[str, Field] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    anchor: Location | None = None
    document: Any = None
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    # Lists of entries by name, for artifacts that are registers of things ("risks", "controls", ...).
    entries: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    # Where each canonical field is written in a format of keys of its own (Model Card Toolkit, CycloneDX), for a
    # finding that misses one to say; None where the format has no place for the field. None for the formats
    # whose findings suggest headings and front-matter keys (no map of its own in each of a run's artifacts).
    homes: Mapping[str, str | None] | None = None
    # Whether a card's text is in English, the language its headings, labels and sentences are read in: in another
    # language, what it does not state by a key is not judged missing (the reader says once that it could not tell).
    english: bool = True

    def where(self) -> Location:
        """The location a finding about something missing points at: the file itself."""
        return self.anchor or Location(self.path)

    def position_of(self, pointer: str) -> Location:
        """Line and column of a JSON pointer into the parsed document, or the anchor when unknown."""
        line_col = self.positions.get(pointer)
        if line_col is None:
            return self.where()
        return Location(self.path, line_col[0], line_col[1], pointer)


@dataclass(frozen=True, slots=True)
class IsoRefs:
    """ISO/IEC 42001 references of a rule: clauses, Annex A controls and Annex B guidance."""

    clauses: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()

    def all_ids(self) -> tuple[str, ...]:
        return self.clauses + self.controls + self.guidance


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule from a rule pack: metadata, the check it runs and that check's options."""

    id: str
    name: str
    title: str
    severity: Severity
    applies_to: tuple[str, ...]
    formats: tuple[str, ...]
    iso: IsoRefs
    check: str
    options: Mapping[str, Any]
    help: str
    remediation: str
    example: str
    pack: str
    # Where the rule is explained at length (the built-in rules' reference, or the pack's own page); "" for none.
    help_uri: str = ""
    # What the check's prepare function made of the options when the pack was loaded (a compiled schema), given
    # to the check through its run context; not part of the rule's identity and never reported.
    prepared: object = field(default=None, compare=False, repr=False)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Hit:
    """What a check yields: where, what, and a stable subject used for the fingerprint."""

    location: Location
    message: str
    subject: str


class SuppressionKind(str, enum.Enum):
    """Where an accepted exception is written, in SARIF's words: in the file itself, or in the configuration."""

    IN_SOURCE = "inSource"
    EXTERNAL = "external"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class InlineSuppression:
    """An `aims-lint: ignore[RULE, ...] reason: ...` comment read in a scanned YAML or Markdown file."""

    # Where the comment starts.
    location: Location
    # The rule ids or names it names, as written.
    codes: tuple[str, ...]
    reason: str
    # Standing alone at the top of the file, it covers the whole file; else only its own line.
    whole_file: bool
    # Why it cannot suppress anything (it names no rule, gives no reason); empty when it is well formed.
    defect: str = ""


@dataclass(frozen=True, slots=True)
class Suppression:
    """The accepted exception that covers a finding: the finding is still reported as suppressed, never failing."""

    kind: SuppressionKind
    reason: str
    # The comment or the configuration entry that says so, when known.
    location: Location | None = None
    approved_by: str = ""
    expires: datetime.date | None = None


class BaselineState(str, enum.Enum):
    """A finding compared with a baseline file, in SARIF's words."""

    NEW = "new"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's verdict on one place, stamped by the engine with the rule's id, severity and references."""

    rule_id: str
    severity: Severity
    message: str
    location: Location
    controls: tuple[str, ...]
    fingerprint: str
    # Set by the suppression layer on a finding that an accepted exception covers.
    suppression: Suppression | None = None
    # Set when the run is compared with a baseline.
    baseline: BaselineState | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)


def fingerprint(rule_id: str, path: str, subject: str) -> str:
    """A fingerprint that ignores line numbers, so baselines survive edits that move lines.

    A lone surrogate (see valid_unicode) counts as the U+FFFD that every report writes in its place.
    """
    import hashlib

    digest = hashlib.sha256(valid_unicode(f"{rule_id}\0{path}\0{subject}").encode()).hexdigest()
    return digest[:32]


def internal_error(exc: Exception, doing: str) -> str | None:
    """The message of a finding for an error in aims-lint itself met while doing something to one file, so that the
    rest of the run is still reported; None when the error is to be raised instead: AIMS_LINT_DEBUG asks for it, or
    it is no fault of this file's (a broken install, no file descriptors left), which ends the run with one line."""
    import os

    from aims_lint.errors import AimsLintError

    if os.environ.get("AIMS_LINT_DEBUG") or isinstance(exc, (ImportError, AimsLintError)):
        return None
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return (f"aims-lint failed while {doing} (internal error {type(exc).__name__}{': ' if detail else ''}{detail}); "
            "please report it with this file")


@dataclass(frozen=True, slots=True)
class ArtifactRef:
    """The inventory view of an artifact: what the `inventory` command lists."""

    path: str
    kind: str
    format: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A line for the user about the run itself (standard error only), never a finding: a file named but not
    checked, a repository git would not read."""

    text: str
    # Expected when pre-commit names every file its pattern matches (package.json, a README that is no card):
    # not shown there.
    routine_in_hook: bool = False


@dataclass(frozen=True, slots=True)
class Inventory:
    """Everything discovery and parsing produced for one run: the artifacts sorted by path."""

    root: str
    artifacts: tuple[Artifact, ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    scan_roots: tuple[str, ...] = ("",)
    notices: tuple[Notice, ...] = ()
    # The `aims-lint: ignore[...]` comments of the files read, for the suppression layer.
    suppressions: tuple[InlineSuppression, ...] = ()

    def of_kind(self, kind: Kind) -> list[Artifact]:
        return [a for a in self.artifacts if a.kind is kind]


@dataclass(frozen=True, slots=True)
class Waiver:
    """An accepted exception written in the configuration: findings of a rule on matching paths are suppressed,
    with the reason an auditor reads, until it expires."""

    # A rule id, id prefix or rule name, as select and ignore take them.
    rule: str
    # A gitignore-style glob, relative to the repository root, of the paths the waiver covers.
    path: str
    reason: str
    expires: datetime.date | None = None
    approved_by: str = ""
    # Where the waiver is written (the configuration file and line), for findings about the waiver itself.
    source: Location | None = None


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """A rule's severity and options as the configuration sets them (`off` is an ignore entry instead)."""

    # A rule id or name, exactly.
    rule: str
    severity: Severity | None = None
    # Options that replace the pack's options of the same names; the rest of the pack's stay.
    options: Mapping[str, Any] = field(default_factory=dict)
    # Where the setting is written (the configuration file and line), and where each option is.
    source: Location | None = None
    option_sources: Mapping[str, Location] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PathIgnore:
    """Rules whose findings are not reported on the paths a gitignore-style glob matches (relative to the
    repository root), as the configuration's per-path-ignores say."""

    glob: str
    # Rule ids, id prefixes, rule names or ISO/IEC 42001 ids, as ignore takes them.
    rules: tuple[str, ...]
    source: Location | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts per severity and totals."""

    files_scanned: int
    artifacts: int
    errors: int
    warnings: int
    notes: int
    # Findings an accepted exception covers, and those a baseline holds: reported apart, never failing the run.
    suppressed: int = 0
    unchanged: int = 0
    # Entries of the baseline that no finding of this run matches any more; None without a baseline.
    fixed: int | None = None

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.notes


@dataclass(frozen=True, slots=True)
class Report:
    """The result of a run: what was found, which rules ran, and the findings in a stable order."""

    root: str
    artifacts: tuple[ArtifactRef, ...]
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    files_scanned: int
    # Findings an accepted exception covers (each with its suppression), sorted like findings; never failing.
    suppressed: tuple[Finding, ...] = ()
    # With a baseline: the findings it holds (not reported as findings), and how many of its entries are fixed.
    unchanged: tuple[Finding, ...] = ()
    baseline_fixed: int | None = None

    def summary(self) -> Summary:
        counts = {sev: 0 for sev in Severity}
        for f in self.findings:
            counts[f.severity] += 1
        return Summary(
            files_scanned=self.files_scanned,
            artifacts=len(self.artifacts),
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            notes=counts[Severity.NOTE],
            suppressed=len(self.suppressed),
            unchanged=len(self.unchanged),
            fixed=self.baseline_fixed,
        )

    def all_findings(self) -> tuple[Finding, ...]:
        """Every finding of the run, reported, suppressed or in the baseline, in the findings' order."""
        if not self.suppressed and not self.unchanged:
            return self.findings
        return tuple(sorted((*self.findings, *self.suppressed, *self.unchanged), key=Finding.sort_key))



@dataclass(frozen=True, slots=True)
class Changes:
    """What a change did to the repository's files, between a base (a merge base, the last commit) and the state
    judged (the work tree, the index); paths relative to the repository's top level, renames under their new name."""

    # What the change is compared against, as the user named it and the commit it came to ("main at 1a2b3c4").
    base: str
    added: frozenset[str] = frozenset()
    modified: frozenset[str] = frozenset()
    deleted: frozenset[str] = frozenset()
    # New path -> old path.
    renamed: Mapping[str, str] = field(default_factory=dict)
    # The base's artifacts of the changed files, by their path in the state judged (a renamed card under its new
    # name), for checks that compare what a card said before with what it says now.
    before: Mapping[str, tuple[Artifact, ...]] = field(default_factory=dict)

    @property
    def changed(self) -> frozenset[str]:
        """Paths that hold something new in the state judged: added, modified or renamed."""
        return self.added | self.modified | frozenset(self.renamed)

    def touched(self, path: str) -> bool:
        """Whether the change did anything to path: added, modified, renamed (to or from) or deleted it."""
        return path in self.changed or path in self.deleted or path in self.renamed.values()
