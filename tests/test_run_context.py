"""A run's date and per-run indexes live in its context, handed to every check; the inventory stays as read."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

from conftest import write_tree

from aims_lint.checks.context import RunContext
from aims_lint.engine import RunOptions, kind_by_name, run
from aims_lint.model import Inventory, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

TODAY = datetime.date(2026, 1, 1)


def _inventory(tmp_path: Path) -> Inventory:
    write_tree(tmp_path, {"models/a/README.md": "---\nlicense: mit\ndatasets: [data/x]\n---\n# A\n",
                          "data/x/datasheet.yaml": "name: x\n"})
    return build_inventory([tmp_path])


def test_a_run_writes_nothing_into_its_inventory(tmp_path: Path) -> None:
    inventory = _inventory(tmp_path)
    before = copy.deepcopy(inventory)
    report = run(inventory, load_rules(), RunOptions(today=TODAY))
    assert report.findings
    assert inventory == before
    assert not hasattr(inventory, "indexes") and not hasattr(inventory, "today")


def test_each_index_is_typed_and_built_once_per_run(tmp_path: Path) -> None:
    inventory = _inventory(tmp_path)
    context = RunContext.of(inventory, TODAY, kind_by_name)
    assert context.datasets is context.datasets and context.governance is context.governance
    assert context.datasets.paths == frozenset({"data/x/datasheet.yaml"})
    assert context.local_dataset_folders == frozenset({"x"})
    assert context.coverage(Kind.RISK_REGISTER) is context.coverage(Kind.RISK_REGISTER)
    # Each rule's view shares the run's indexes and carries its own prepared state.
    rule = next(r for r in load_rules() if r.prepared is not None)
    view = context.for_rule(rule)
    assert view.prepared is rule.prepared and view.indexes is context.indexes and view.today == TODAY
