"""What a check is given besides its artifact and options: the run's date, the inventory and its per-run indexes."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aims_lint.model import Inventory, Kind

if TYPE_CHECKING:
    from aims_lint.checks.crossrefs import Governance
    from aims_lint.checks.references import DatasetIndex


@dataclass(frozen=True, eq=False)
class RunContext:
    """One run of the rules over one inventory; the engine builds it once and passes it to every check.

    Its indexes are built on first use, once per process: the same inventory gives the same index, so forked
    workers that each build their own judge as one process does.
    """

    inventory: Inventory
    # The date review deadlines are judged against.
    today: datetime.date
    # The kind a file's name alone decides (MODEL_CARD.md, datasheet.yaml, ...), else None: checks judge files
    # they have not read by it.
    kind_by_name: Callable[[str], Kind | None]
    _coverage: dict[Kind, frozenset[str]] = field(default_factory=dict, init=False, repr=False)

    @functools.cached_property
    def governance(self) -> Governance:
        """Paths, cards, systems, risks and assessments, for the cross-artifact checks."""
        from aims_lint.checks.crossrefs import Governance

        return Governance(self.inventory)

    @functools.cached_property
    def datasets(self) -> DatasetIndex:
        """The dataset records by path, folder and name, for references to resolve against."""
        from aims_lint.checks.references import dataset_index

        return dataset_index(self.inventory)

    @functools.cached_property
    def declared_controls(self) -> frozenset[str]:
        """Ids of the organisation's own controls, declared in any risk register or Statement of Applicability."""
        from aims_lint.checks.governance import declared_controls

        return declared_controls(self.inventory)

    @functools.cached_property
    def suppliers(self) -> frozenset[str]:
        """The normalised names of the components the AI inventories' suppliers lists give."""
        from aims_lint.checks.crossrefs import suppliers

        return suppliers(self.governance)

    @functools.cached_property
    def local_dataset_folders(self) -> frozenset[str]:
        """Names of folders holding a file whose name makes it a dataset record."""
        from aims_lint.checks.crossrefs import local_dataset_folders

        return local_dataset_folders(self.inventory.files, self.kind_by_name)

    def coverage(self, kind: Kind) -> frozenset[str]:
        """Paths of the model cards whose model the documents of a kind (risk register, impact assessment) cover."""
        covered = self._coverage.get(kind)
        if covered is None:
            from aims_lint.checks.crossrefs import covered_by

            covered = self._coverage[kind] = covered_by(self.governance, kind)
        return covered
