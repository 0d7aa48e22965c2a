"""Checks of Croissant's required structure, judged on the nodes the Croissant adapter records as entries."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.options import NO_OPTIONS
from aims_lint.model import Artifact, Entry, Field, Hit, Location

_WHITESPACE = re.compile(r"\s")
_SHAPE = re.compile(r"^\s*-?\d+(\s*,\s*-?\d+)*\s*$")
# The adapter records a file's nodes, references and text values as entry lists (see adapters.croissant.structure).
# What a node of each list must be, and how a message calls it; schema.org's types, which 0.8 used, count there.
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
    version_0 = _version_0(artifact)
    for name, (accepted, message) in _TYPES.items():
        # schema.org's FileObject, FileSet, RecordSet and Field are 0.8's: from 1.0 on the types are Croissant's.
        allowed = accepted if version_0 or name == "dataset" else tuple(t for t in accepted if t.startswith("cr:"))
        for entry in artifact.entries.get(name, ()):
            found = entry.fields.get("type")
            if found is None or not any(t in allowed for t in found.value):
                yield _hit(found.location if found is not None else entry.location, message, entry, "type")


def _version_0(artifact: Artifact) -> bool:
    """Whether the file follows Croissant 0.8, which identifies nodes by their names (1.0 on: by their @id)."""
    found = artifact.fields.get("conforms_to")
    return found is not None and found.value == "0.8"


# Croissant 0.8's names: these characters only, at most 255 of them (the reference validator's rule).
_NAME_0_8 = re.compile(r"[a-zA-Z0-9\-_.]{1,255}")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_names(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """In a Croissant 0.8 file every node (the dataset, its files, record sets and fields) has a name, of letters,
    digits, '-', '_' and '.' only: 0.8 identifies nodes and refers to them by name."""
    if not _version_0(artifact):
        return
    for entry in _nodes(artifact, "dataset", "distribution", "record_sets", "record_fields"):
        found = entry.fields.get("name")
        if found is None:
            yield _hit(entry.location, "the node has no 'name', which Croissant 0.8 requires", entry, "name")
        elif not isinstance(found.value, str) or not _NAME_0_8.fullmatch(found.value):
            yield _hit(found.location, f"{found.origin} is {found.value!r}: a Croissant 0.8 name is at most 255 "
                       "letters, digits, '-', '_' and '.'", entry, "name:form")


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


def _live(artifact: Artifact) -> bool:
    """Whether the dataset says it is live (isLiveDataset): its files change, so they have no checksum."""
    return any(entry.fields["live"].value is True for entry in artifact.entries.get("dataset", ())
               if "live" in entry.fields)


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_file_properties(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A file entry gives its encodingFormat; a FileSet its includes pattern; a FileObject that no other file
    contains its contentUrl and, unless the dataset is live, an md5 or sha256 checksum."""
    live = _live(artifact)
    for entry in artifact.entries.get("distribution", ()):
        is_object, is_set = _typed(entry, "FileObject"), _typed(entry, "FileSet")
        wanted = [("encoding_format", "the file entry has no 'encodingFormat'")] if is_object or is_set else []
        if is_object and "contained_in" not in entry.fields:
            wanted.append(("content_url", "the FileObject has no 'contentUrl'"))
            if not live:
                wanted.append(("checksum", "the FileObject has no 'md5' or 'sha256' checksum"))
        if is_set:
            wanted.append(("includes", "the FileSet has no 'includes' pattern"))
        for fact, message in wanted:
            if fact not in entry.fields:
                yield _hit(entry.location, f"{message}, which Croissant requires", entry, fact)


def identifier(artifact: Artifact, entry: Entry) -> Field | None:
    """A node's identifier, which references name: its @id from Croissant 1.0 on, its name in 0.8 (a field's
    name path, "record_set/field")."""
    if not _version_0(artifact):
        return entry.fields.get("id")
    return entry.fields.get("name_path") or entry.fields.get("name")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_node_ids(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """No @id of a file, record set or field contains whitespace, and no two nodes have the same identifier."""
    for entry in _nodes(artifact, "distribution", "record_sets", "record_fields"):
        found = entry.fields.get("id")
        if found is not None and isinstance(found.value, str) and _WHITESPACE.search(found.value):
            yield _hit(found.location, f"@id {found.value!r} contains whitespace, which Croissant does not allow",
                       entry, "id")
    seen: set[str] = set()
    for entry in _nodes(artifact, "dataset", "distribution", "record_sets", "record_fields"):
        found = identifier(artifact, entry)
        if found is None or not isinstance(found.value, str):
            continue
        if found.value in seen:
            yield _hit(found.location, f"another node already has the identifier {found.value!r}: each node's "
                       f"{'name' if _version_0(artifact) else '@id'} must be unique", entry, "id:unique")
        seen.add(found.value)


def declared_names(artifact: Artifact) -> frozenset[str]:
    """What a reference may name: the identifier of each file, record set and field (see identifier)."""
    names = set()
    for entry in _nodes(artifact, "distribution", "record_sets", "record_fields"):
        found = identifier(artifact, entry)
        if found is not None and isinstance(found.value, str):
            names.add(found.value)
    return frozenset(names)


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_references(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Every reference (containedIn, the field, fileObject or fileSet of a source or of references) names a node
    the file declares."""
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
        if "source" in facts and "value" in facts:
            yield _hit(facts["value"].location, "the field defines both 'source' and 'value': a field takes its "
                       "values from one of them", entry, "source:value")
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


def _parents(artifact: Artifact) -> dict[str, str]:
    """The identifier of each field's record set, by the field's identifier: a join is between files and record
    sets, and a field stands for the record set it is in."""
    parents = {}
    for entry in artifact.entries.get("record_fields", ()):
        own, owner = identifier(artifact, entry), _record_set(artifact, entry)
        if own is not None and owner is not None:
            parent = identifier(artifact, owner)
            # A record set without an identifier is still one node: its index stands for it.
            parents[str(own.value)] = str(parent.value) if parent is not None else f"record set {owner.index + 1}"
    return parents


def _joins(artifact: Artifact) -> tuple[dict[int, set[str]], dict[int, set[frozenset[str]]]]:
    """For each record set (by index), what its fields read from and which pairs of those a field joins: a field
    with both a source and 'references' joins the node its source reads with the node it references."""
    parents = _parents(artifact)
    sources: dict[int, set[str]] = {}
    joined: dict[int, set[frozenset[str]]] = {}
    for entry in artifact.entries.get("record_fields", ()):
        owner, read = entry.fields.get("record_set"), entry.fields.get("source_target")
        if owner is None or read is None or "nested" in entry.fields:
            continue
        source = parents.get(str(read.value), str(read.value))
        sources.setdefault(owner.value, set()).add(source)
        referenced = entry.fields.get("references_target")
        if referenced is not None:
            joined.setdefault(owner.value, set()).add(frozenset({source, parents.get(str(referenced.value),
                                                                                     str(referenced.value))}))
    return sources, joined


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def croissant_record_set_join(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A record set whose fields read from more than one file or record set declares how each two of them join: a
    field whose source reads one of them references the other ('references')."""
    sources, joined = _joins(artifact)
    for record_set in artifact.entries.get("record_sets", ()):
        read = sorted(sources.get(record_set.index, set()))
        unjoined = [(a, b) for i, a in enumerate(read) for b in read[i + 1:]
                    if frozenset({a, b}) not in joined.get(record_set.index, set())]
        for first, second in unjoined:
            yield _hit(record_set.location, f"the record set reads from {first!r} and {second!r} without declaring "
                       "a join between them ('references')", record_set, f"join:{first}|{second}")


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
