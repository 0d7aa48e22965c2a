"""Checks of Croissant's required structure, judged on the nodes the Croissant adapter records as entries."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.options import NO_OPTIONS
from aims_lint.model import Artifact, Entry, Hit, Location

_WHITESPACE = re.compile(r"\s")
_SHAPE = re.compile(r"^\s*-?\d+(\s*,\s*-?\d+)*\s*$")
# The adapter records a file's nodes, references and text values as entry lists (see adapters.croissant.structure).
# What a node of each list must be, and how a message calls it; schema.org's types, which 0.8 used, count too.
_TYPES: Mapping[str, tuple[tuple[str, ...], str]] = {
    "dataset": (("sc:Dataset",), "the document's @type must be schema.org Dataset (sc:Dataset)"),
    "distribution": (("cr:FileObject", "sc:FileObject", "cr:FileSet", "sc:FileSet"),
                     "a distribution entry's @type must be cr:FileObject or cr:FileSet"),
    "record_sets": (("cr:RecordSet", "sc:RecordSet"), "a record set's @type must be cr:RecordSet"),
    "record_fields": (("cr:Field", "sc:Field"), "a field's @type must be cr:Field"),
}


def _nodes(artifact: Artifact, *lists: str) -> Iterator[Entry]:
    for name in lists:
        yield from artifact.entries.get(name, ())


def _typed(entry: Entry, local: str) -> bool:
    found = entry.fields.get("type")
    return found is not None and any(t in (f"cr:{local}", f"sc:{local}") for t in found.value)


def _hit(where: Location, message: str, entry: Entry, what: str) -> Hit:
    """A finding about a node, its subject the node's JSON pointer (stable when lines move) and what is wrong."""
    return Hit(where, message, f"{entry.location.pointer or '/'}:{what}")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_node_types(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The dataset, its files, record sets and fields each have the @type Croissant gives them."""
    for name, (accepted, message) in _TYPES.items():
        for entry in artifact.entries.get(name, ()):
            found = entry.fields.get("type")
            if found is None or not any(t in accepted for t in found.value):
                yield _hit(found.location if found is not None else entry.location, message, entry, "type")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_dataset_name(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The dataset has a name."""
    for entry in artifact.entries.get("dataset", ()):
        if "name" not in entry.fields:
            yield _hit(entry.location, "the dataset has no 'name', which Croissant requires", entry, "name")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_local_context(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The file defines its terms itself, in a @context of JSON-LD's shape: a remote @context is never fetched."""
    for entry in artifact.entries.get("dataset", ()):
        found = entry.fields.get("remote_context")
        if found is not None:
            yield _hit(found.location, f"remote context {found.value[0]!r} is not fetched: define the terms in the "
                       "file's own @context", entry, "context")
        defects = entry.fields.get("context_defects")
        for location, message in defects.value if defects is not None else ():
            yield _hit(location, message, entry, f"context|{message}")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_file_properties(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A FileObject gives its contentUrl and a FileSet its includes pattern, and both their encodingFormat."""
    for entry in artifact.entries.get("distribution", ()):
        is_object, is_set = _typed(entry, "FileObject"), _typed(entry, "FileSet")
        wanted = [("encoding_format", "the file entry has no 'encodingFormat'")] if is_object or is_set else []
        if is_object:
            wanted.append(("content_url", "the FileObject has no 'contentUrl'"))
        if is_set:
            wanted.append(("includes", "the FileSet has no 'includes' pattern"))
        for fact, message in wanted:
            if fact not in entry.fields:
                yield _hit(entry.location, f"{message}, which Croissant requires", entry, fact)


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_node_ids(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """No @id of a file, record set or field contains whitespace."""
    for entry in _nodes(artifact, "distribution", "record_sets", "record_fields"):
        found = entry.fields.get("id")
        if found is not None and isinstance(found.value, str) and _WHITESPACE.search(found.value):
            yield _hit(found.location, f"@id {found.value!r} contains whitespace, which Croissant does not allow",
                       entry, "id")


def declared_names(artifact: Artifact) -> frozenset[str]:
    """What a reference may name: the @id and the name of each file, record set and field, and 0.8 name paths."""
    names = set()
    for entry in _nodes(artifact, "distribution", "record_sets", "record_fields"):
        for fact in ("id", "name", "name_path"):
            found = entry.fields.get(fact)
            if found is not None and isinstance(found.value, str):
                names.add(found.value)
    return frozenset(names)


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_references(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Every reference (containedIn, a source's field, fileObject or fileSet) names a node the file declares."""
    known = declared_names(artifact)
    for link in artifact.entries.get("links", ()):
        target = link.fields["target"]
        if target.value not in known:
            yield _hit(target.location, f"{target.origin} refers to {target.value!r}, which no node of the file "
                       "declares", link, f"link:{target.value}")


def _record_set(artifact: Artifact, entry: Entry) -> Entry | None:
    found = entry.fields.get("record_set")
    sets = artifact.entries.get("record_sets", ())
    return sets[found.value] if found is not None and 0 <= found.value < len(sets) else None


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_field_source(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A field says where its values come from (a source or a value), and a source names what it reads."""
    for entry in artifact.entries.get("record_fields", ()):
        facts = entry.fields
        record_set = _record_set(artifact, entry)
        inline = record_set is not None and "data" in record_set.fields
        if not ({"source", "value", "sub_field"} & facts.keys()) and not inline:
            yield _hit(entry.location, "the field defines neither 'source' nor 'value'", entry, "source")
        reads = facts.get("source_reads")
        if reads is not None and not reads.value:
            yield _hit(reads.location, f"{reads.origin} names no 'field', 'fileObject' or 'fileSet' to read from",
                       entry, "source:target")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_field_data_type(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A field has a cr:dataType, unless it has sub-fields or reads another field."""
    for entry in artifact.entries.get("record_fields", ()):
        facts = entry.fields
        reads = facts.get("source_reads")
        if "data_type" in facts or "sub_field" in facts or (reads is not None and "field" in reads.value):
            continue
        elsewhere = facts.get("data_type_elsewhere")
        if elsewhere is not None:
            yield _hit(elsewhere.location, f"{elsewhere.origin} expands to {elsewhere.value}, not cr:dataType: the "
                       "@context does not define it", entry, "dataType")
        else:
            yield _hit(entry.location, "the field has no 'dataType'", entry, "dataType")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_array_shape(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """An arrayShape is given only with isArray true, as comma-separated integers."""
    for entry in artifact.entries.get("record_fields", ()):
        shape = entry.fields.get("array_shape")
        if shape is None:
            continue
        is_array = entry.fields.get("is_array")
        if is_array is None or is_array.value is not True:
            yield _hit(shape.location, f"{shape.origin} is given but 'isArray' is not true", entry, "isArray")
        if not isinstance(shape.value, str) or not _SHAPE.match(shape.value):
            yield _hit(shape.location, f"{shape.origin} is {shape.value!r}, not a comma-separated list of integers",
                       entry, "arrayShape")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_record_set_join(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A record set whose fields read from more than one file declares how they join (references)."""
    files: dict[int, set[str]] = {}
    joined: set[int] = set()
    for entry in artifact.entries.get("record_fields", ()):
        owner, source_files = entry.fields.get("record_set"), entry.fields.get("source_files")
        if owner is None:
            continue
        files.setdefault(owner.value, set()).update(source_files.value if source_files is not None else ())
        if "references" in entry.fields:
            joined.add(owner.value)
    for record_set in artifact.entries.get("record_sets", ()):
        read = files.get(record_set.index, set())
        if len(read) > 1 and record_set.index not in joined:
            yield _hit(record_set.location, f"the record set reads from {len(read)} files ({', '.join(sorted(read))}) "
                       "without declaring a join ('references')", record_set, "join")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_text_values(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Names and descriptions hold text (strings, value objects or language maps), never numbers or booleans."""
    for entry in artifact.entries.get("texts", ()):
        found = entry.fields["value"]
        value = found.value
        if isinstance(value, str) or value is None:
            continue
        kind = "a boolean" if isinstance(value, bool) else "a number" if isinstance(value, int | float) else "an object"
        yield _hit(found.location, f"{found.origin} must be text, not {kind}", entry, "text")
