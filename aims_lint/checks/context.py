"""What a check is given besides its artifact and options: the run's date, the inventory and its per-run indexes."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from aims_lint.model import Changes, Finding, Inventory, Kind, Rule

if TYPE_CHECKING:
    from aims_lint.checks.crossrefs import Governance
    from aims_lint.checks.references import DatasetIndex


_T = TypeVar("_T")


class History(Protocol):
    """What checks may ask of the repository's history (aims_lint.history gives it; checks never read git)."""

    # The change judged (--diff-base, --staged), or None in a run that judges no change.
    changes: Changes | None

    @property
    def missing(self) -> str | None:
        """Why commit dates cannot be known here (a shallow clone, no repository), or None."""

    def last_changed(self, path: str) -> datetime.date | None:
        """The date of the last commit that changed path, or None when no commit did."""


class RunIndexes:
    """The indexes of one run over one inventory, each built on first use and kept for the rest of the run.

    Built once per process: the same inventory gives the same index, so forked workers that each build their
    own judge as one process does.
    """

    def __init__(self, inventory: Inventory, kind_by_name: Callable[[str], Kind | None]) -> None:
        self.inventory = inventory
        self.kind_by_name = kind_by_name
        self._coverage: dict[Kind, frozenset[str]] = {}

    @functools.cached_property
    def governance(self) -> Governance:
        from aims_lint.checks.crossrefs import Governance

        return Governance(self.inventory)

    @functools.cached_property
    def datasets(self) -> DatasetIndex:
        from aims_lint.checks.references import dataset_index

        return dataset_index(self.inventory)

    @functools.cached_property
    def declared_controls(self) -> frozenset[str]:
        from aims_lint.checks.governance import declared_controls

        return declared_controls(self.inventory)

    @functools.cached_property
    def suppliers(self) -> frozenset[str]:
        from aims_lint.checks.crossrefs import suppliers

        return suppliers(self.governance)

    @functools.cached_property
    def local_dataset_folders(self) -> frozenset[str]:
        from aims_lint.checks.crossrefs import local_dataset_folders

        return local_dataset_folders(self.inventory.files, self.kind_by_name)

    def coverage(self, kind: Kind) -> frozenset[str]:
        covered = self._coverage.get(kind)
        if covered is None:
            from aims_lint.checks.crossrefs import covered_by

            covered = self._coverage[kind] = covered_by(self.governance, kind)
        return covered


@dataclass(frozen=True, eq=False)
class RunContext:
    """One run of the rules over one inventory, as the check of one rule sees it; the engine builds it once per
    run (RunContext.of) and gives each rule's check its view (for_rule)."""

    inventory: Inventory
    # The date review deadlines are judged against.
    today: datetime.date
    indexes: RunIndexes
    # What the rule's check made of its options when the pack was loaded (see CheckSpec.prepare), else None.
    prepared: object = None
    # The findings of the run's other rules, given only to checks declared after_findings (which run last).
    findings: tuple[Finding, ...] = ()
    # The repository's history, for the checks that need it (CheckSpec.history); None when none is read.
    history: History | None = None

    @classmethod
    def of(cls, inventory: Inventory, today: datetime.date, kind_by_name: Callable[[str], Kind | None],
           history: History | None = None) -> RunContext:
        """A run's context; kind_by_name is the kind a file's name alone decides, for files not read."""
        return cls(inventory, today, RunIndexes(inventory, kind_by_name), history=history)

    @property
    def changes(self) -> Changes | None:
        """The change judged, or None when the run judges none."""
        return self.history.changes if self.history is not None else None

    def for_rule(self, rule: Rule) -> RunContext:
        """The context the rule's check is given: this run's, with what the check prepared from its options."""
        return self if rule.prepared is self.prepared else replace(self, prepared=rule.prepared)

    def prepared_as(self, kind: type[_T]) -> _T:
        """What the check prepared, which its prepare function made of the kind given."""
        assert isinstance(self.prepared, kind), f"prepared {type(self.prepared).__name__}, not {kind.__name__}"
        return self.prepared

    @property
    def governance(self) -> Governance:
        """Paths, cards, systems, risks and assessments, for the cross-artifact checks."""
        return self.indexes.governance

    @property
    def datasets(self) -> DatasetIndex:
        """The dataset records by path, folder and name, for references to resolve against."""
        return self.indexes.datasets

    @property
    def declared_controls(self) -> frozenset[str]:
        """Ids of the organisation's own controls, declared in any risk register or Statement of Applicability."""
        return self.indexes.declared_controls

    @property
    def suppliers(self) -> frozenset[str]:
        """The normalised names of the components the AI inventories' suppliers lists give."""
        return self.indexes.suppliers

    @property
    def local_dataset_folders(self) -> frozenset[str]:
        """Names of folders holding a file whose name makes it a dataset record (decided from file names alone)."""
        return self.indexes.local_dataset_folders

    def coverage(self, kind: Kind) -> frozenset[str]:
        """Paths of the model cards whose model the documents of a kind (risk register, impact assessment) cover."""
        return self.indexes.coverage(kind)
