"""JSON Schemas shipped in the package, and validators compiled once per process.

A validator first runs a compiled fast check (fastjsonschema); only when that fails does it build a full
jsonschema validator to list every error with its path. Most files are valid, so most runs never import
jsonschema at all.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

SCHEMA_DIR = Path(__file__).resolve().parent


class NoRemoteRefs(Exception):
    """Raised when a schema asks for a remote $ref: aims-lint never touches the network."""


def _refuse(uri: str) -> NoReturn:
    raise NoRemoteRefs(f"remote $ref not allowed: {uri}")


class SchemaValidator:
    """A schema compiled for fast yes/no answers, with full error reports built only when needed."""

    def __init__(self, schema: Mapping[str, Any], *, fast: bool = True) -> None:
        self.schema = schema
        self._want_fast = fast
        self._compiled = False
        self._fast: Any = None
        self._full: Any = None

    def is_valid(self, instance: Any) -> bool:
        if not self._compiled:
            # Compiled on first use: many rules never meet an artifact their schema applies to.
            self._fast = _compile_fast(self.schema) if self._want_fast else None
            self._compiled = True
        if self._fast is not None:
            import fastjsonschema

            try:
                self._fast(instance)
            except fastjsonschema.JsonSchemaException:
                return False
            return True
        return bool(self.full.is_valid(instance))

    @property
    def full(self) -> Any:
        if self._full is None:
            # jsonschema is imported here, not at module level: a run where everything is valid never pays for it.
            import jsonschema

            cls = jsonschema.validators.validator_for(self.schema, default=jsonschema.Draft202012Validator)
            self._full = cls(self.schema, format_checker=cls.FORMAT_CHECKER)
        return self._full


def _compile_fast(schema: Mapping[str, Any]) -> Any:
    """fastjsonschema for our own schemas (draft-07 keywords only); None when it cannot compile one, or is not
    installed: it only makes the common valid case fast, and the full validator gives the same verdict."""
    try:
        import fastjsonschema
    except ImportError:
        return None

    definition = {k: v for k, v in schema.items() if k not in ("$schema", "$id")}
    try:
        return fastjsonschema.compile(definition, handlers={"http": _refuse, "https": _refuse}, use_default=False)
    except (fastjsonschema.JsonSchemaDefinitionException, NoRemoteRefs, TypeError, ValueError):
        return None


@functools.cache
def load_schema(name: str) -> Mapping[str, Any]:
    """A schema shipped in aims_lint/schemas, by file name without '.schema.json'."""
    schema: Mapping[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


@functools.cache
def validator_for(name: str) -> SchemaValidator:
    """A validator for a shipped schema, compiled once and reused for every file."""
    return compile_schema(load_schema(name))


def compile_schema(schema: Mapping[str, Any], *, fast: bool = True) -> SchemaValidator:
    return SchemaValidator(schema, fast=fast)


def pointer_of(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def schema_errors(validator: SchemaValidator, instance: Any) -> Iterator[tuple[str, str]]:
    """(JSON pointer, message) for each violation, most specific first, in document order."""
    if validator.is_valid(instance):
        return
    errors = sorted(validator.full.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        while error.context:
            # Of a oneOf/anyOf's alternatives, the one that got deepest into the value says most.
            error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
        schema = error.schema
        if (
            error.validator == "additionalProperties"
            and isinstance(error.instance, Mapping)
            and isinstance(schema, Mapping)
        ):
            # Point at each unexpected key rather than at the mapping that holds it.
            custom = "^x-" in schema.get("patternProperties", {})
            hint = " (keys of your own must start with 'x-')" if custom else ""
            for key in _unexpected_keys(schema, error.instance):
                yield pointer_of([*error.absolute_path, key]), f"unknown key {key!r}{hint}"
            continue
        yield pointer_of(error.absolute_path), error.message


def _unexpected_keys(schema: Mapping[str, Any], instance: Mapping[str, Any]) -> list[str]:
    allowed = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [str(k) for k in instance if k not in allowed and not any(p.search(str(k)) for p in patterns)]
