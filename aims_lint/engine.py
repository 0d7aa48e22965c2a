"""Run rules over an inventory: match rules to artifacts, call checks, stamp and sort findings."""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from aims_lint.checks import CHECKS
from aims_lint.checks.base import ArtifactCheck
from aims_lint.checks.context import History, RunContext
from aims_lint.globs import GlobSet
from aims_lint.model import (
    Artifact,
    ArtifactRef,
    Finding,
    Hit,
    Inventory,
    Kind,
    Report,
    Rule,
    fingerprint,
    internal_error,
)
from aims_lint.parse.text import valid_unicode
from aims_lint.read.catalogue import kind_by_name
from aims_lint.selectors import chosen


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What to run and what to report, as the request and its configuration say."""

    # Rules to run (every rule when empty), more rules to run, and rules to skip: see aims_lint.selectors.
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    extend_select: frozenset[str] = frozenset()
    # When set, only findings on these paths are reported (pre-commit passes changed files), plus the findings
    # of checks about the repository as a whole; other artifacts are not judged at all.
    only_paths: frozenset[str] | None = None
    # The date that review deadlines are judged against; None means the real date when the run starts.
    today: datetime.date | None = None
    # Findings not reported: (the paths, as relative to the repository root, and the ids of the rules).
    path_ignores: tuple[tuple[GlobSet, frozenset[str]], ...] = ()
    # A path in the report as the configuration's globs see it (relative to the repository root); None when no
    # configuration is read (paths are then as reported).
    in_root: Callable[[str], str | None] | None = None
    # The kind a file's name alone decides (the catalogue's, with the configuration's discovery globs).
    kind_by_name: Callable[[str], Kind | None] = kind_by_name


# A message quotes what the repository holds (a heading, a licence, a parser's account of a file): each quoted value
# is cut to QUOTED_LIMIT characters, then the message to MESSAGE_LIMIT, keeping its start and its end (what to fix),
# so that every report of a finding says the same bounded thing. Messages within the limits stay as they are.
QUOTED_LIMIT = 200
MESSAGE_LIMIT = 1000
ELLIPSIS = "…"
_LONG_QUOTED = re.compile(f"'([^']{{{QUOTED_LIMIT + 1},}})'")


def _cut_quoted(match: re.Match[str]) -> str:
    return f"'{match.group(1)[: QUOTED_LIMIT - 1]}{ELLIPSIS}'"


def bounded(message: str) -> str:
    """The message with long quoted values and a long whole cut short, each with an ellipsis."""
    if len(message) <= QUOTED_LIMIT:
        return message
    message = _LONG_QUOTED.sub(_cut_quoted, message)
    if len(message) > MESSAGE_LIMIT:
        tail = MESSAGE_LIMIT // 3
        message = message[: MESSAGE_LIMIT - tail - 1] + ELLIPSIS + message[-tail:]
    return message


def active_rules(rules: Iterable[Rule], options: RunOptions) -> tuple[Rule, ...]:
    """The rules the options select, in the order given."""
    return chosen(rules, options.select, options.extend_select, options.ignore)


def reads_of(rules: Iterable[Rule]) -> frozenset[str]:
    """What the rules' checks read beyond the artifact they judge (see CheckSpec.reads), for focus mode."""
    return frozenset(part for r in rules for part in CHECKS[r.check].reads_all)


def _hits(rule: Rule, context: RunContext, judged: Mapping[str, Sequence[Artifact]]) -> Iterator[Hit]:
    spec = CHECKS[rule.check]
    if spec.history == "change" and context.changes is None:
        return  # a check of what a change did, in a run that judges no change
    context = context.for_rule(rule)
    if spec.repository_fn is not None:
        yield from spec.repository_fn(rule.options, context)
        return
    assert spec.artifact_fn is not None
    kinds: Sequence[str] = rule.applies_to
    targets = judged.get(kinds[0], ()) if len(kinds) == 1 else [
        a for kind, group in judged.items() if kind in kinds for a in group
    ]
    for artifact in targets:
        yield from _artifact_hits(spec.artifact_fn, rule, artifact, context)


def _artifact_hits(check: ArtifactCheck, rule: Rule, artifact: Artifact, context: RunContext) -> Iterable[Hit]:
    """The hits of an artifact check's rule on one artifact (none where the rule names other formats)."""
    if rule.formats and artifact.format not in rule.formats:
        return ()
    hits = _judged(check, rule, artifact, context)
    pointer = artifact.anchor.pointer if artifact.anchor is not None else ""
    if not pointer:
        return hits
    # Several artifacts can share a file (the components of a CycloneDX BOM): the artifact's pointer
    # joins the subject so each keeps its own fingerprint, whatever order the file lists them in.
    return [Hit(hit.location, hit.message, f"{pointer}|{hit.subject}") for hit in hits]


def _judged(check: ArtifactCheck, rule: Rule, artifact: Artifact, context: RunContext) -> Iterable[Hit]:
    """The hits of one rule on one artifact. An error of aims-lint's own while judging it is a finding of that rule on
    the artifact's file, so that one odd file does not end the run; the fuzz tests keep it from ever happening."""
    try:
        return list(check(artifact, rule.options, context))
    except Exception as exc:
        message = internal_error(exc, f"judging this file by {rule.id}")
        if message is None:
            raise
        return [Hit(artifact.where(), message, "internal-error")]


def stamp(rule: Rule, hit: Hit, occurrences: dict[tuple[str, str, str], int]) -> Finding:
    """The finding of a rule's hit: its id, severity, references, bounded message and fingerprint. occurrences
    counts the hits of one run by rule, path and subject, so that two alike keep fingerprints of their own."""
    path = hit.location.path
    key = (rule.id, path, hit.subject)
    seen = occurrences.get(key, 0)
    occurrences[key] = seen + 1
    subject = hit.subject if seen == 0 else f"{hit.subject}#{seen}"
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        # One string for each message said many times (most rules say the same to every card they judge).
        message=sys.intern(bounded(valid_unicode(hit.message))),
        location=hit.location,
        controls=rule.iso.controls or rule.iso.clauses,
        fingerprint=fingerprint(rule.id, path, subject),
    )


def _stamped(rule: Rule, hits: Iterable[Hit], options: RunOptions) -> Iterator[Finding]:
    """The findings of a rule's hits (see stamp), all of a run's hits of the rule at once; in focus mode, only those
    on the named files or about the repository as a whole, and none that the configuration's per-path-ignores leave
    out."""
    whole_repository = CHECKS[rule.check].reports_repository
    ignored = _path_ignored(options)
    # Counted for this rule alone (the key holds its id): a run's count is never larger than its largest rule's.
    occurrences: dict[tuple[str, str, str], int] = {}
    for hit in hits:
        path = hit.location.path
        if options.only_paths is not None and path not in options.only_paths and not whole_repository:
            continue
        if ignored is not None and ignored(rule.id, path):
            continue
        yield stamp(rule, hit, occurrences)


def _by_kind(inventory: Inventory, only_paths: frozenset[str] | None) -> dict[str, list[Artifact]]:
    """The artifacts to judge, by kind, so each rule visits only the kinds it applies to. An artifact check reports
    on its own artifact's file, so in focus mode only the named files' artifacts are judged; the others may be
    only partly read."""
    judged: dict[str, list[Artifact]] = {}
    for artifact in inventory.artifacts:
        if only_paths is None or artifact.path in only_paths:
            judged.setdefault(artifact.kind.value, []).append(artifact)
    return judged


def _judge(rules: Sequence[Rule], context: RunContext, judged: Mapping[str, Sequence[Artifact]],
           options: RunOptions) -> list[Finding]:
    """The findings of rules over the artifacts to judge."""
    return [finding for rule in rules for finding in _stamped(rule, list(_hits(rule, context, judged)), options)]


# The kinds judged as each file is read (EarlyJudge): the bulk of a large repository. Governance documents, few,
# are judged with the rest once all is read.
EARLY_KINDS = frozenset({Kind.MODEL_CARD.value, Kind.DATASET_RECORD.value})
# The checks, of those judged once all is read, that never read the document or positions of a model card or
# dataset record (only their fields, sections and references, and whether the document was read): when every
# such rule of a run has one of these, a card or record judged as it is read keeps neither.
WITHOUT_DOCUMENTS = frozenset({
    "card_deleted_weights_stay", "card_older_than_weights", "data_changed_without_record", "file_problems",
    "governance_owned", "governance_present", "ids_known", "model_changed_without_card", "model_covered",
    "model_monitored", "models_in_inventory", "references_resolve", "residual_acceptance", "role_holders_own",
    "soa_claims_hold", "soa_covers_treatments", "suppression_problems", "system_covered", "system_known",
    "third_party_suppliers", "use_changed_without_reassessment", "versions_agree", "weights_have_card",
})
class _Released(Mapping[str, object]):
    """The document of an artifact released once the rules that read it have judged it: empty, yet not None (None
    is a file that could not be read, which some checks of other artifacts ask). One value, which a worker process
    sends back by name."""

    def __getitem__(self, key: str) -> object:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self) -> str:
        return "RELEASED"


RELEASED = _Released()


def _early(rule: Rule) -> bool:
    """Whether the rule is judged on each card or record as it is read: its check reads nothing but the artifact."""
    spec = CHECKS[rule.check]
    return (spec.artifact_fn is not None and spec.reads_all == {"artifact"} and spec.history == "none"
            and not spec.after_findings and bool(rule.applies_to) and set(rule.applies_to) <= EARLY_KINDS)


def _leaves_documents(rule: Rule) -> bool:
    """Whether a rule judged once all is read leaves the cards' and records' documents and positions unread."""
    spec = CHECKS[rule.check]
    own_only = spec.artifact_fn is not None and spec.reads_all == {"artifact"}
    return (own_only and not set(rule.applies_to) & EARLY_KINDS) or rule.check in WITHOUT_DOCUMENTS


class EarlyJudge:
    """The rules judged on each model card and dataset record as its file is read (read.Settling), so that the raw
    document and positions, which only they read, are released at once: a large run then holds each card's
    fields, sections and references, not its parsed YAML. Their hits are stamped by run() with the rest."""

    def __init__(self, rules: Sequence[Rule], options: RunOptions, today: datetime.date) -> None:
        selected = active_rules(rules, options)
        self.rules = tuple(r for r in selected if _early(r))
        # Whether the documents can go: every other rule of the run leaves them unread.
        self.releases = all(_leaves_documents(r) for r in selected if not _early(r))
        self.today = today
        context = RunContext.of(Inventory(root=""), today, options.kind_by_name)
        # Each kind's rules, with their checks and contexts, found once for every file read.
        self._by_kind: dict[Kind, tuple[tuple[Rule, ArtifactCheck, RunContext], ...]] = {
            kind: tuple((rule, _artifact_check(rule), context.for_rule(rule)) for rule in self.rules
                        if kind.value in rule.applies_to)
            for kind in Kind if kind.value in EARLY_KINDS
        }

    def settle(self, artifacts: list[Artifact]) -> tuple[list[Artifact], tuple[object, ...]]:
        """One file's artifacts, without their documents where they can go, and (rule id, hits) of each rule."""
        made: dict[str, list[Hit]] = {}
        for artifact in artifacts:
            for rule, check, context in self._by_kind.get(artifact.kind, ()):
                hits = _artifact_hits(check, rule, artifact, context)
                if hits:
                    made.setdefault(rule.id, []).extend(map(_waiting, hits))
        # In the order of the rules, as every file's hits are gathered (engine._early_hits).
        ordered = tuple((rule.id, tuple(made[rule.id])) for rule in self.rules if rule.id in made)
        if not self.releases:
            return artifacts, ordered
        kept = [replace(a, document=None if a.document is None else RELEASED, positions={})
                if a.kind.value in EARLY_KINDS else a for a in artifacts]
        return kept, ordered


def _artifact_check(rule: Rule) -> ArtifactCheck:
    check = CHECKS[rule.check].artifact_fn
    assert check is not None
    return check


def _waiting(hit: Hit) -> Hit:
    """A hit held until the run stamps it, with one string for each message and subject said many times (a rule
    says the same to most cards it judges)."""
    return Hit(hit.location, sys.intern(hit.message), sys.intern(hit.subject))


def _early_hits(made: Iterable[object]) -> dict[str, list[Hit]]:
    """The hits an EarlyJudge made while the files were read, by rule id, in the order of the files."""
    hits: dict[str, list[Hit]] = {}
    for entry in made:
        assert isinstance(entry, tuple)
        rule_id, found = entry
        hits.setdefault(rule_id, []).extend(found)
    return hits


def run(
    inventory: Inventory, rules: Sequence[Rule], options: RunOptions | None = None, *,
    history: History | None = None, early: tuple[EarlyJudge, list[object]] | None = None,
) -> Report:
    """Judge the inventory by the rules, in this process (sharing the rules among worker processes did not pay:
    docs/benchmarks.md).

    early: the EarlyJudge the inventory's cards and records were settled by while they were read, and what it
    made (read.Settling.made): its rules are not judged again, their hits are stamped here with the others', and
    the list is emptied (each rule's hits are let go once stamped)."""
    options = options or RunOptions()
    selected = active_rules(rules, options)
    today = early[0].today if early is not None else options.today or datetime.date.today()
    context = RunContext.of(inventory, today, options.kind_by_name, history)
    judged = _by_kind(inventory, options.only_paths)
    # Rules whose checks judge the other rules' findings (an SoA's claims against them) run once those are made.
    done = frozenset(r.id for r in early[0].rules) if early is not None else frozenset()
    first = tuple(r for r in selected if not CHECKS[r.check].after_findings and r.id not in done)
    last = tuple(r for r in selected if CHECKS[r.check].after_findings)
    findings = _judge(first, context, judged, options)
    if early is not None:
        made = _early_hits(early[1])
        early[1].clear()
        findings.extend(finding for rule in selected if rule.id in done
                        for finding in _stamped(rule, made.pop(rule.id, ()), options))
    if last:
        seen = findings
        if options.only_paths is not None and any(kind in judged for r in last for kind in r.applies_to):
            # In focus mode they judge the findings of the whole repository, read in full for them
            # ("repository_with_named_governance"), as a whole run would; only their own are focused.
            whole = replace(options, only_paths=None)
            seen = _judge(first, context, _by_kind(inventory, None), whole)
        context = replace(context, findings=tuple(sorted(seen, key=Finding.sort_key)))
        for rule in last:
            findings.extend(_stamped(rule, list(_hits(rule, context, judged)), options))
    findings.sort(key=Finding.sort_key)
    focus = options.only_paths
    artifacts = tuple(
        ArtifactRef(a.path, a.kind.value, a.format)
        for a in inventory.artifacts
        if focus is None or a.path in focus
    )
    return Report(
        root=inventory.root,
        artifacts=artifacts,
        rules=selected,
        findings=tuple(findings),
        files_scanned=len(inventory.files) if focus is None else len(focus),
    )


def _path_ignored(options: RunOptions) -> Callable[[str, str], bool] | None:
    """Whether the configuration's per-path-ignores leave a rule's finding on a path out; None when none do."""
    if not options.path_ignores or options.in_root is None:
        return None
    in_root = options.in_root
    verdicts: dict[tuple[str, str], bool] = {}

    def ignored(rule_id: str, path: str) -> bool:
        key = (rule_id, path)
        if key not in verdicts:
            rel = in_root(path)
            verdicts[key] = rel is not None and any(
                rule_id in ids and globs.matches(rel) for globs, ids in options.path_ignores)
        return verdicts[key]

    return ignored
