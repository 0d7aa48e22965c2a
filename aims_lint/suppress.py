"""The suppression layer, between the engine and the reports: findings that an accepted exception covers (an inline
`aims-lint: ignore[...]` comment with a reason, a waiver of the configuration) are set apart as suppressed, and
suppressions that give no reason, match nothing or have expired become findings of their own (see
checks.suppressions for their rules).

A comment covers the findings of the rules it names, by id or name, on its own line, or in the whole file when it
stands at the top. A waiver covers the findings of its rule (an id, id prefix or name) on the paths its
gitignore-style glob matches, relative to the repository root, until the day it expires. A suppression that is
defective or has expired covers nothing, so what it would have covered is reported again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from aims_lint.checks.suppressions import DEFECTIVE, EXPIRED, UNUSED
from aims_lint.engine import stamp
from aims_lint.model import (
    Finding,
    Hit,
    InlineSuppression,
    Location,
    Report,
    Rule,
    Suppression,
    SuppressionKind,
    Waiver,
)
from aims_lint.parse.suppressions import FORM
from aims_lint.selectors import names_rule as waiver_names

# Where a finding about a waiver points when the waiver does not say where it is written (one built in code).
UNKNOWN_SOURCE = Location("(configuration)")


@dataclass(frozen=True, slots=True)
class Scope:
    """What a run judged, so that a suppression is called unused only where it could have been used."""

    # The paths judged in focus mode (pre-commit's files); None when every file read was judged.
    only_paths: frozenset[str] | None = None
    # Whether the run judged the whole repository the waivers are written for (not a folder of it, nor a few files).
    whole_repository: bool = True
    # A finding's path (relative to the report's root) as a waiver's glob sees it: relative to the repository root.
    waiver_path: Callable[[str], str] = str


def names_rule(code: str, rule: Rule) -> bool:
    """Whether a code of an inline comment names the rule: its id (in any case) or its name."""
    return code.upper() == rule.id or code == rule.name


def expired(waiver: Waiver, today: datetime.date) -> bool:
    """A waiver expires on its date: from that day on it suppresses nothing."""
    return waiver.expires is not None and today >= waiver.expires


@dataclass(slots=True)
class _Cover:
    """Finds the suppression that covers a finding, and remembers which suppressions (and codes) were used."""

    comments: Sequence[InlineSuppression]
    waivers: Sequence[Waiver]
    scope: Scope
    on_line: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    in_file: dict[str, list[int]] = field(default_factory=dict)
    used_codes: set[tuple[int, str]] = field(default_factory=set)
    used_waivers: set[int] = field(default_factory=set)
    specs: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        for index, comment in enumerate(self.comments):
            if comment.whole_file:
                self.in_file.setdefault(comment.location.path, []).append(index)
            else:
                self.on_line.setdefault((comment.location.path, comment.location.line), []).append(index)
        if self.waivers:
            import pathspec

            self.specs = [pathspec.GitIgnoreSpec.from_lines([w.path]) for w in self.waivers]

    def of(self, finding: Finding, rule: Rule) -> Suppression | None:
        loc = finding.location
        candidates = (*self.on_line.get((loc.path, loc.line), ()), *self.in_file.get(loc.path, ()))
        for index in candidates:
            comment = self.comments[index]
            code = next((c for c in comment.codes if names_rule(c, rule)), None)
            if code is not None:
                self.used_codes.add((index, code))
                return Suppression(SuppressionKind.IN_SOURCE, comment.reason, comment.location)
        if self.waivers:
            path = self.scope.waiver_path(loc.path)
            for index, waiver in enumerate(self.waivers):
                if waiver_names(rule, waiver.rule) and self.specs[index].match_file(path):
                    self.used_waivers.add(index)
                    return Suppression(SuppressionKind.EXTERNAL, waiver.reason, waiver.source,
                                       approved_by=waiver.approved_by, expires=waiver.expires)
        return None


def apply_suppressions(
    report: Report, rules: Sequence[Rule], comments: Sequence[InlineSuppression], waivers: Sequence[Waiver], *,
    today: datetime.date, scope: Scope | None = None,
) -> Report:
    """The report with the findings that a suppression covers moved to report.suppressed, and the findings about
    the suppressions themselves added (for the rules among report.rules that report them).

    rules: every rule known, so that a comment naming a rule that was not run is told from one naming no rule.
    """
    scope = scope or Scope()
    if not comments and not waivers:
        return report
    live = [w for w in waivers if w.reason.strip() and not expired(w, today)]
    cover = _Cover([c for c in comments if not c.defect], live, scope)
    by_id = {r.id: r for r in report.rules}
    kept: list[Finding] = []
    suppressed: list[Finding] = list(report.suppressed)
    for finding in report.findings:
        suppression = cover.of(finding, by_id[finding.rule_id])
        if suppression is None:
            kept.append(finding)
        else:
            suppressed.append(replace(finding, suppression=suppression))
    hits = [*_comment_problems(comments, cover, rules, report.rules, scope),
            *_waiver_problems(waivers, live, cover, report.rules, today, scope)]
    kept += _stamped(hits, report.rules)
    return replace(report, findings=tuple(sorted(kept, key=Finding.sort_key)),
                   suppressed=tuple(sorted(suppressed, key=Finding.sort_key)))


def _stamped(hits: Iterable[tuple[str, Hit]], active: Sequence[Rule]) -> Iterator[Finding]:
    """The findings of the problems found, each by the active rule that reports its code."""
    by_code = {code: rule for rule in active if rule.check == "suppression_problems" for code in rule.options["codes"]}
    occurrences: dict[tuple[str, str, str], int] = {}
    for code, hit in hits:
        rule = by_code.get(code)
        if rule is not None:
            yield stamp(rule, hit, occurrences)


def _comment_problems(
    comments: Sequence[InlineSuppression], cover: _Cover, rules: Sequence[Rule], active: Sequence[Rule],
    scope: Scope,
) -> Iterator[tuple[str, Hit]]:
    """Defective comments, and comments with a code that covered nothing: a rule that ran and was not found
    there, or no rule at all (a rule that did not run could have been used)."""
    used = {(cover.comments[index], code) for index, code in cover.used_codes}
    for comment in comments:
        if scope.only_paths is not None and comment.location.path not in scope.only_paths:
            continue  # read for context only: its file was not judged
        subject = f"suppression:{','.join(comment.codes)}"
        if comment.defect:
            yield DEFECTIVE, Hit(comment.location, f"suppression comment {comment.defect}, so it suppresses "
                                                   f"nothing: write '{FORM}'", subject)
            continue
        unknown = [c for c in comment.codes if not any(names_rule(c, r) for r in rules)]
        idle = [c for c in comment.codes if (comment, c) not in used and any(names_rule(c, r) for r in active)]
        if unknown or idle:
            where = "in this file" if comment.whole_file else "on this line (a comment covers its own line, or the " \
                                                              "whole file from the top)"
            parts = ([f"no finding of {', '.join(idle)} {where}"] if idle else []) + \
                    ([f"{', '.join(repr(c) for c in unknown)} names no rule"] if unknown else [])
            yield UNUSED, Hit(comment.location, f"unused suppression: {'; '.join(parts)}: remove it", subject)


def _waiver_problems(
    waivers: Sequence[Waiver], live: Sequence[Waiver], cover: _Cover, active: Sequence[Rule],
    today: datetime.date, scope: Scope,
) -> Iterator[tuple[str, Hit]]:
    """Reason-less and expired waivers, and live ones that covered nothing in a run of the whole repository."""
    used = {id(live[index]) for index in cover.used_waivers}
    for waiver in waivers:
        where = waiver.source or UNKNOWN_SOURCE
        what = f"waiver of {waiver.rule} for '{waiver.path}'"
        subject = f"waiver:{waiver.rule}:{waiver.path}"
        if not waiver.reason.strip():
            yield DEFECTIVE, Hit(where, f"{what} gives no reason, so it suppresses nothing: give it a reason", subject)
        elif expired(waiver, today):
            yield EXPIRED, Hit(where, f"{what} expired on {waiver.expires}, so what it covered is reported again: "
                                      "fix the findings, or renew the waiver with a new date", subject)
        elif (id(waiver) not in used and scope.whole_repository and scope.only_paths is None
              and any(waiver_names(r, waiver.rule) for r in active)):
            yield UNUSED, Hit(where, f"unused suppression: {what} matches no finding: remove it", subject)
