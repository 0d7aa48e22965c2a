"""JSON Schemas shipped in the package, and validators built once per process."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator


@functools.cache
def load_schema(name: str) -> Mapping[str, Any]:
    """A schema shipped in aims_lint/schemas, by file name without '.schema.json'."""
    text = (Path(__file__).resolve().parent / f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def validator_for(name: str) -> Validator:
    """A validator for a shipped schema, compiled once and reused for every file."""
    return compile_schema(load_schema(name))


def compile_schema(schema: Mapping[str, Any]) -> Validator:
    # jsonschema is imported here, not at module level: a run that validates nothing does not pay for it.
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def pointer_of(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def schema_errors(validator: Validator, instance: Any) -> Iterator[tuple[str, str]]:
    """(JSON pointer, message) for each violation, most specific first, in document order."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        while error.context:
            # Of a oneOf/anyOf's alternatives, the one that got deepest into the value says most.
            error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
        schema = error.schema
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping) and isinstance(
            schema, Mapping
        ):
            # Point at each unexpected key rather than at the mapping that holds it.
            custom = "^x-" in schema.get("patternProperties", {})
            hint = " (keys of your own must start with 'x-')" if custom else ""
            for key in _unexpected_keys(schema, error.instance):
                yield pointer_of([*error.absolute_path, key]), f"unknown key {key!r}{hint}"
            continue
        yield pointer_of(error.absolute_path), error.message


def _unexpected_keys(schema: Mapping[str, Any], instance: Mapping[str, Any]) -> list[str]:
    import re

    allowed = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [str(k) for k in instance if k not in allowed and not any(p.search(str(k)) for p in patterns)]
