"""Which findings a change introduced: each finding of the state judged is new or unchanged against the findings of
its base, by fingerprint, and the base's findings that are gone from it were fixed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aims_lint.model import Finding, Report

NEW, UNCHANGED, ABSENT = "new", "unchanged", "absent"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The findings of a change against those of its base."""

    # What was compared against, as reports name it ("main (merge base 1a2b3c4d5e6f)").
    base: str
    # Fingerprint -> NEW or UNCHANGED, for every finding of the state judged.
    states: Mapping[str, str] = field(default_factory=dict)
    # The base's findings that the state judged no longer has (ABSENT in SARIF).
    fixed: tuple[Finding, ...] = ()

    def state_of(self, finding: Finding) -> str:
        return self.states.get(finding.fingerprint, NEW)

    def is_new(self, finding: Finding) -> bool:
        return self.state_of(finding) == NEW

    @property
    def new(self) -> int:
        return sum(1 for state in self.states.values() if state == NEW)

    @property
    def unchanged(self) -> int:
        return sum(1 for state in self.states.values() if state == UNCHANGED)


def compare(head: Report, base: Report, label: str) -> Comparison:
    """Each of head's findings new (no finding of base has its fingerprint) or unchanged; base's others fixed."""
    before = {f.fingerprint for f in base.findings}
    after = {f.fingerprint for f in head.findings}
    states = {f.fingerprint: UNCHANGED if f.fingerprint in before else NEW for f in head.findings}
    fixed = tuple(f for f in base.findings if f.fingerprint not in after)
    return Comparison(label, states, fixed)


def summary_line(comparison: Comparison) -> str:
    """The counts of a comparison in one sentence, the same in every report that states them."""
    fixed = len(comparison.fixed)
    return (f"Against {comparison.base}: {comparison.new} new, {comparison.unchanged} unchanged, {fixed} fixed; "
            "only new findings decide the exit code.")


def comparison_dict(comparison: Comparison) -> dict[str, object]:
    """The comparison's counts and base for the JSON report and the Action's outputs."""
    return {"base": comparison.base, "new": comparison.new, "unchanged": comparison.unchanged,
            "fixed": len(comparison.fixed)}
