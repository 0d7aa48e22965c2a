"""Checks that names written in one artifact lead to another artifact in the repository."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.options import options
from aims_lint.model import Artifact, Hit, Inventory, Kind, Reference
from aims_lint.refs import is_external, is_path_like


@dataclass(frozen=True, slots=True)
class DatasetIndex:
    """The dataset records of a run by path, by folder and by name (lowercase), and every file's path."""

    paths: frozenset[str]
    dirs: frozenset[str]
    names: frozenset[str]
    files: frozenset[str]


def dataset_index(inventory: Inventory) -> DatasetIndex:
    """Index the inventory's dataset records for references to resolve against (once per run: RunContext)."""
    records = inventory.of_kind(Kind.DATASET_RECORD)
    by_dir: set[str] = set()
    by_name: set[str] = set()
    for record in records:
        directory = posixpath.dirname(record.path)
        by_dir.add(directory)
        if directory:
            by_name.add(posixpath.basename(directory).lower())
        name = record.fields.get("name")
        if name is not None and name.present and isinstance(name.value, str):
            by_name.add(name.value.strip().lower())
    return DatasetIndex(frozenset(a.path for a in records), frozenset(by_dir), frozenset(by_name),
                        frozenset(inventory.files))


def _resolve(artifact: Artifact, target: str, index: DatasetIndex) -> str | None:
    """The dataset record a path names, or None; a directory names the record inside it."""
    base = posixpath.dirname(artifact.path)
    stripped = target.rstrip("/")
    if stripped.startswith("/"):
        tries = [stripped.lstrip("/")]
    else:
        tries = [posixpath.normpath(posixpath.join(base, stripped)), posixpath.normpath(stripped)]
    for candidate in tries:
        candidate = "" if candidate == "." else candidate
        if candidate in index.paths:
            return candidate
        if candidate in index.dirs:
            return candidate
    return None


def _exists(artifact: Artifact, target: str, index: DatasetIndex) -> bool:
    base = posixpath.dirname(artifact.path)
    candidate = posixpath.normpath(posixpath.join(base, target.lstrip("/") if target.startswith("/") else target))
    return candidate in index.files


@check(scope="artifact", reads="references",
       options=options(roles={"type": "array", "items": {"enum": ["dataset", "base_model"]}}))
def references_resolve(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A dataset named by a card must be a dataset record in the repository, unless it is an external id."""
    roles = set(options.get("roles", ["dataset"]))
    index = context.datasets
    for ref in artifact.references:
        if ref.role not in roles:
            continue
        message = _judge(artifact, ref, index)
        if message:
            yield Hit(ref.location, message, f"ref:{ref.role}:{ref.target}")


def _judge(artifact: Artifact, ref: Reference, index: DatasetIndex) -> str | None:
    target = ref.target
    if is_external(target):
        return None
    path_like = is_path_like(target)
    if ref.hub_context and not path_like:
        return None  # a Hugging Face Hub id in card metadata
    if path_like or "/" in target:
        if _resolve(artifact, target, index):
            return None
        if _exists(artifact, target, index):
            return f"'{target}' exists but is not a dataset record (datasheet.yaml, DATASHEET.md or a dataset card)"
        return (f"dataset '{target}' does not resolve to a dataset record in the repository "
                "(write 'hf:ORG/NAME' or a URL for an external dataset)")
    if target.strip().lower() in index.names:
        return None
    return (f"dataset '{target}' matches no dataset record in the repository "
            "(give its path, or 'hf:NAME' or a URL for an external dataset)")
