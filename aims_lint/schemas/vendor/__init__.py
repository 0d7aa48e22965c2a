"""Pinned JSON Schemas of other projects' formats (CycloneDX, Model Card Toolkit), resolved offline."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from referencing import Registry

# Schema files per family, by the version they validate.
CYCLONEDX = {"1.5": "bom-1.5.SNAPSHOT.schema.json", "1.6": "bom-1.6.SNAPSHOT.schema.json",
             "1.7": "bom-1.7.SNAPSHOT.schema.json"}
MCT = {"0.0.1": "model_card-0.0.1.schema.json", "0.0.2": "model_card-0.0.2.schema.json"}
# Files a CycloneDX schema may $ref; they are registered under the address the reference resolves to.
_CYCLONEDX_SHARED = ("spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json",
                     "cryptography-defs.SNAPSHOT.schema.json")
_CYCLONEDX_BASE = "http://cyclonedx.org/schema/"


VENDOR_DIR = Path(__file__).resolve().parent


class RemoteReference(LookupError):
    """A schema asked for a $ref outside the pinned files: aims-lint never downloads one."""


@functools.cache
def _load(family: str, name: str) -> Mapping[str, Any]:
    loaded: Mapping[str, Any] = json.loads((VENDOR_DIR / family / name).read_text(encoding="utf-8"))
    return loaded


def _refuse(uri: str) -> Any:
    """The registry's retriever: a reference outside the pinned files is an error, never a download."""
    raise RemoteReference(f"$ref {uri!r} is not among the pinned schemas; it is not fetched")


def _registry(resources_by_uri: Mapping[str, Mapping[str, Any]]) -> Registry:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    registry: Registry = Registry(retrieve=_refuse)  # type: ignore[call-arg]
    return registry.with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT7))
        for uri, contents in resources_by_uri.items()
    )


def _compile(schema: Mapping[str, Any], registry: Registry) -> Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    # No format checker: the formats' own tools treat "format" as an annotation, and MCT's examples
    # write dates such as 08/28/2020 that a strict "date" check would reject.
    return cls(schema, registry=registry)


@functools.cache
def cyclonedx_validator(spec_version: str) -> Validator:
    """A validator for one CycloneDX version, its $refs served from the pinned files only."""
    documents: dict[str, Mapping[str, Any]] = {}
    for name in (CYCLONEDX[spec_version], *_CYCLONEDX_SHARED):
        contents = _load("cyclonedx", name)
        documents[_CYCLONEDX_BASE + name] = contents
        # The file's own $id is the base its inner references resolve against.
        if isinstance(contents.get("$id"), str):
            documents[contents["$id"]] = contents
    schema = _load("cyclonedx", CYCLONEDX[spec_version])
    return _compile(schema, _registry(documents))


@functools.cache
def mct_validator(schema_version: str) -> Validator:
    """A validator for one Model Card Toolkit schema version; each is compiled on its own."""
    schema = _load("mct", MCT[schema_version])
    return _compile(schema, _registry({}))


def vendor_errors(validator: Validator, instance: Any, *, limit: int = 50) -> Iterator[tuple[str, str]]:
    """(JSON pointer, message) for each violation, deepest alternative first, in document order.

    Messages are cut short: a failed enum of SPDX licence ids would otherwise quote thousands of ids.
    """
    errors = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    for count, error in enumerate(errors):
        if count == limit:
            yield "", f"{len(errors) - limit} more schema violations not shown"
            return
        while error.context:
            # Of a oneOf/anyOf's alternatives, the one that got deepest into the value says most.
            error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else set()
            for key in error.instance:
                if key not in allowed:
                    yield _pointer([*path, key]), f"unknown key {str(key)!r}"
            continue
        if error.validator == "enum" and isinstance(error.validator_value, list) and len(error.validator_value) > 8:
            # Licence ids are an enum of hundreds of SPDX identifiers: name the value, not the whole list.
            message = f"{error.instance!r} is not one of the {len(error.validator_value)} values the schema allows"
        else:
            message = error.message
        yield _pointer(path), _short(message)


def _pointer(path: list[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _short(message: str, width: int = 160) -> str:
    return message if len(message) <= width else message[: width - 3].rstrip() + "..."


@functools.cache
def schema_texts(family: str) -> tuple[str, ...]:
    """Every description and title of a family's pinned schemas: the text templates copy into a document in place
    of its content ('The name of the risk', 'Who are the intended users of the model?')."""
    files = CYCLONEDX if family == "cyclonedx" else MCT
    found: set[str] = set()
    for name in files.values():
        found.update(_descriptions(_load(family, name)))
    return tuple(sorted(found))


def _descriptions(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("description", "title") and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)

