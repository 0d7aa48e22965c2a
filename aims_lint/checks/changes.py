"""Checks of what a change did (--diff-base, --staged): a model or a dataset changed while its card or record did not,
a card's use or version changed while its risk entries and impact assessment did not, a card deleted beside weights."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.crossrefs import covering
from aims_lint.checks.options import NAMES, options
from aims_lint.model import Artifact, Changes, Hit, Kind, Location
from aims_lint.refs import ancestors

_KIND_LABELS = {Kind.RISK_REGISTER: "risk register", Kind.IMPACT_ASSESSMENT: "impact assessment"}


def _changes(context: RunContext) -> Changes:
    changes = context.changes
    assert changes is not None, "a check of a change runs only when a change is judged"
    return changes


def _nearest(path: str, owners: Iterable[str]) -> str | None:
    """Of the files owners, the one whose folder is nearest above path's (its own folder first)."""
    by_folder: dict[str, str] = {}
    for owner in sorted(owners):
        by_folder.setdefault(posixpath.dirname(owner), owner)
    for folder in ancestors(posixpath.dirname(path), frozenset({""})):
        if folder in by_folder:
            return by_folder[folder]
    return by_folder.get("")


def _cards(context: RunContext) -> list[str]:
    return [a.path for a in context.inventory.artifacts if a.kind is Kind.MODEL_CARD]


def _weights(context: RunContext) -> list[str]:
    """Every weights file of the repository (known by name: every run has them all)."""
    return sorted(a.path for a in context.inventory.artifacts if a.kind is Kind.WEIGHTS)


@check(scope="repository", reads="change_card_locations", repository_wide=False, history="change",
       options=options(training_files=NAMES))
def model_changed_without_card(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Weights or a training configuration changed while the model card over them did not."""
    changes = _changes(context)
    cards = _cards(context)
    weights = set(_weights(context))
    patterns = options.get("training_files", ())
    for path in sorted(changes.changed):
        configuration = any(fnmatch.fnmatch(posixpath.basename(path), p) for p in patterns)
        if path not in weights and not configuration:
            continue
        card = _nearest(path, cards)
        if card is None or changes.touched(card):
            continue  # no card at all is another rule's finding
        what = "weights" if path in weights else "training configuration"
        yield Hit(Location(path), f"the model's {what} changed in this change but its model card {card} did not: "
                  "update the card (version, training data, evaluation) for the new model", f"card:{card}")


def _records(context: RunContext, folders: frozenset[str]) -> list[str]:
    """The dataset records in the folders (known by name, or read as records)."""
    def near(path: str) -> bool:
        return posixpath.dirname(path) in folders

    named = (f for f in context.inventory.files if near(f) and context.indexes.kind_by_name(f) is Kind.DATASET_RECORD)
    read = (a.path for a in context.inventory.artifacts if a.kind is Kind.DATASET_RECORD and near(a.path))
    return sorted({*named, *read})


@check(scope="repository", reads="artifact", repository_wide=False, history="change",
       options=options(pointer_suffixes=NAMES))
def data_changed_without_record(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A dataset's data files or their DVC pointer changed while the dataset record over them did not."""
    changes = _changes(context)
    artifacts = {a.path for a in context.inventory.artifacts}
    suffixes = tuple(options.get("pointer_suffixes", (".dvc",)))
    data: dict[str, str] = {}  # changed data file -> the path whose nearest record is its record
    for path in sorted(changes.changed):
        if path in artifacts or context.indexes.kind_by_name(path) is not None:
            continue  # a card, record, governance document or weights file is no data file
        pointed = path[: -len(s)] if (s := next((x for x in suffixes if path.endswith(x)), "")) else path
        data[path] = pointed + "/" if s else path
    # Only the records in the folders above the changed data files can be theirs.
    folders = frozenset(f for place in data.values() for f in ancestors(posixpath.dirname(place), frozenset({""})))
    records = _records(context, folders) if data else []
    for path, place in data.items():
        record = _nearest(place, records)
        if record is None or changes.touched(record):
            continue
        yield Hit(Location(path), f"the dataset's data changed in this change but its dataset record {record} did "
                  "not: update the record (version, size, collection, licence) for the new data", f"record:{record}")


def _value(artifact: Artifact, name: str) -> Any:
    found = artifact.fields.get(name)
    return found.value if found is not None and found.present else None


@check(scope="artifact", reads="governance", history="change", options=options(fields=NAMES))
def use_changed_without_reassessment(artifact: Artifact, options: Mapping[str, Any],
                                     context: RunContext) -> Iterator[Hit]:
    """A model card's intended use or version changed while the risk entries and impact assessment covering its
    model did not."""
    changes = _changes(context)
    before = [a for a in changes.before.get(artifact.path, ()) if a.kind is Kind.MODEL_CARD]
    if not before:
        return
    # A value stated before and now another one: a first statement, or a removal, is other rules' business.
    changed = [name for name in options.get("fields", ("intended_use", "version"))
               if None not in (old := _value(before[0], name), new := _value(artifact, name)) and old != new]
    if not changed:
        return
    gov = context.governance
    for kind, label in _KIND_LABELS.items():
        documents = covering(gov, kind).get(artifact.path, set())
        if not documents or any(changes.touched(d) for d in documents):
            continue  # uncovered cards are another rule's finding
        found = artifact.fields.get(changed[0])
        where = found.location if found is not None else artifact.where()
        what = " and ".join(name.replace("_", " ") for name in changed)
        listed = ", ".join(sorted(documents))
        yield Hit(where, f"the model card's {what} changed in this change but the {label} covering it ({listed}) "
                  "did not: reassess the model for the change and record the review", f"{kind.value}:{listed}")


@check(scope="repository", reads="change_card_locations", repository_wide=True, history="change",
       options=options())
def card_deleted_weights_stay(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A model card was deleted while the weights it described stay, with no other card over them."""
    changes = _changes(context)
    cards = _cards(context)
    weights = _weights(context)
    for deleted in sorted(changes.deleted):
        if not any(a.kind is Kind.MODEL_CARD for a in changes.before.get(deleted, ())):
            continue
        folder = posixpath.dirname(deleted)
        left = [w for w in weights if folder == "" or w.startswith(folder + "/")]
        orphaned = [w for w in left if _nearest(w, cards) is None]
        if orphaned:
            yield Hit(Location(orphaned[0]), f"the model card {deleted} was deleted in this change while these weights "
                      f"stay ({len(orphaned)} file{'s' * (len(orphaned) != 1)}): restore the card, or move it with "
                      "the weights (git mv)", f"deleted:{deleted}")
