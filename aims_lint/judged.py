"""Which rules a change must be judged by: those with something to judge among the files it touched, and the rules
about the repository as a whole only where the change touched what they read (else they find the same in both
states, and every finding of theirs is unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aims_lint.checks import CHECKS
from aims_lint.checks.base import CheckSpec
from aims_lint.model import Artifact, InlineSuppression, Kind, Rule
from aims_lint.read.catalogue import Group, classes, classify_name
from aims_lint.suppress import names_rule

# Kinds that are no governance document: what a check reading "governance" does not read in full.
_NOT_GOVERNANCE = frozenset({Kind.MODEL_CARD, Kind.DATASET_RECORD, Kind.WEIGHTS})
# What "model_cards" and "card_locations" give a check: the path and kind of these artifacts.
_PLACED = frozenset({Kind.MODEL_CARD, Kind.WEIGHTS})
_GOVERNANCE = classes(Group.GOVERNANCE)


@dataclass(frozen=True, slots=True)
class Touched:
    """What a change touched, as both states read it: the artifacts of the files judged in each, the files it
    added or deleted (the listing differs there), and whether the repository holds governance documents."""

    head: Sequence[Artifact]
    base: Sequence[Artifact]
    paths: frozenset[str]
    listed_apart: frozenset[str]
    governed: bool
    suppressions: Sequence[InlineSuppression] = ()

    def placed_differ(self) -> bool:
        """Whether the model cards and weights (path and kind) differ between the states."""
        def placed(artifacts: Iterable[Artifact]) -> set[tuple[str, Kind]]:
            return {(a.path, a.kind) for a in artifacts if a.kind in _PLACED}

        return placed(self.head) != placed(self.base)

    def governance_differs(self) -> bool:
        """Whether what a governance check reads may differ: a governance document touched (by kind, or by name
        when unreadable), or files added or deleted where the checks look them up (any path a governance document
        names, when there is one; the top level and governance/ folder, where a finding about the repository
        points)."""
        if any(a.kind not in _NOT_GOVERNANCE for a in (*self.head, *self.base)):
            return True
        if any(classify_name(p) in _GOVERNANCE for p in self.paths):
            return True
        if self.governed and self.listed_apart:
            return True
        return any("/" not in p or p.startswith("governance/") for p in self.listed_apart)

    def differs(self, spec: CheckSpec) -> bool:
        """Whether anything the check reads may differ between the states."""
        for part in spec.reads_all:
            if part in ("model_cards", "card_locations"):
                if self.placed_differ() or (part == "model_cards" and self.governance_differs()):
                    return True
            elif part == "governance":
                if self.governance_differs():
                    return True
            else:
                return True  # no cheap proof for what else a check reads
        return False


def rules_to_judge(rules: Sequence[Rule], touched: Touched) -> tuple[Rule, ...]:
    """The rules that can find anything different in the two states of the change: every rule that judges an
    artifact of a kind the change touched, every rule of the change itself or of the files judged, and each rule
    about the repository as a whole whose inputs the change touched. A rule a suppression comment of a touched
    file names is judged too (whether the comment is used depends on it)."""
    kinds = {a.kind.value for a in (*touched.head, *touched.base)}
    codes = {code for comment in touched.suppressions for code in comment.codes}
    if any(CHECKS[r.check].after_findings and kinds & set(r.applies_to) for r in rules):
        return tuple(rules)  # it judges every other rule's findings
    return tuple(r for r in rules if any(names_rule(c, r) for c in codes) or _needed(r, kinds, touched))


def _needed(rule: Rule, kinds: set[str], touched: Touched) -> bool:
    spec = CHECKS[rule.check]
    if spec.scope == "artifact":
        return bool(kinds & set(rule.applies_to))
    if not spec.reports_repository or spec.history != "none":
        return True  # it reports on the files judged only, or judges the change itself
    return touched.differs(spec)

