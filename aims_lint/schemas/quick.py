"""A quick yes or no from a JSON Schema for the keywords aims-lint's own small schemas use (the configuration's,
the check functions' options), without importing or compiling a validator: reading a configuration must cost a
few milliseconds, and compiling a schema costs more. A schema with any other keyword is undecided (None), and the
full validator answers; so does it for every error message. tests/test_quick_schema.py checks that the answers
are jsonschema's, on the shipped schemas and on generated values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Keywords that only annotate.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples"})
_KNOWN = _ANNOTATIONS | {
    "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "properties", "patternProperties", "additionalProperties", "propertyNames", "required",
    "minProperties", "maxProperties", "items", "minItems", "maxItems", "uniqueItems", "allOf", "anyOf", "oneOf",
    "not", "if", "then", "else", "$ref", "$defs",
}


class Undecided(Exception):
    """The schema uses a keyword this checker does not take."""


def quick_valid(schema: Mapping[str, Any], instance: Any) -> bool | None:
    """Whether instance is valid against schema, or None when the schema uses a keyword not taken here."""
    try:
        return _valid(schema, instance, schema)
    except Undecided:
        return None


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    kinds = {"string": str, "boolean": bool, "array": list, "object": dict}
    if name == "null":
        return value is None
    if name not in kinds:
        raise Undecided(name)
    return isinstance(value, kinds[name])


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0, and lists and objects compare item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _valid(schema: Any, value: Any, root: Mapping[str, Any]) -> bool:
    if schema is True:
        return True
    if schema is False:
        return False
    if not isinstance(schema, Mapping) or not set(schema) <= _KNOWN:
        raise Undecided(str(schema))
    if "$ref" in schema and not _valid(_resolve(root, schema["$ref"]), value, root):
        return False
    return all(check(schema, value, root) for check in _CHECKS)


def _resolve(root: Mapping[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise Undecided(ref)
    found: Any = root
    for token in ref[2:].split("/"):
        found = found[token.replace("~1", "/").replace("~0", "~")]
    return found


def _generic(schema: Mapping[str, Any], value: Any, root: Mapping[str, Any]) -> bool:
    if "type" in schema:
        kinds = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        if not any(_is_type(value, k) for k in kinds):
            return False
    if "enum" in schema and not any(_equal(value, option) for option in schema["enum"]):
        return False
    if "const" in schema and not _equal(value, schema["const"]):
        return False
    return _logic(schema, value, root)


def _logic(schema: Mapping[str, Any], value: Any, root: Mapping[str, Any]) -> bool:
    if not all(_valid(s, value, root) for s in schema.get("allOf", ())):
        return False
    if "anyOf" in schema and not any(_valid(s, value, root) for s in schema["anyOf"]):
        return False
    if "oneOf" in schema and sum(_valid(s, value, root) for s in schema["oneOf"]) != 1:
        return False
    if "not" in schema and _valid(schema["not"], value, root):
        return False
    if "if" in schema:
        branch = "then" if _valid(schema["if"], value, root) else "else"
        if branch in schema and not _valid(schema[branch], value, root):
            return False
    return True


def _string(schema: Mapping[str, Any], value: Any, root: Mapping[str, Any]) -> bool:
    if not isinstance(value, str):
        return True
    if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
        return False
    if "pattern" not in schema:
        return True
    try:
        return re.search(schema["pattern"], value) is not None
    except re.error as exc:
        raise Undecided(str(exc)) from None


def _number(schema: Mapping[str, Any], value: Any, root: Mapping[str, Any]) -> bool:
    if not _is_type(value, "number"):
        return True
    return not (("minimum" in schema and value < schema["minimum"])
                or ("maximum" in schema and value > schema["maximum"])
                or ("exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"])
                or ("exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]))


def _object(schema: Mapping[str, Any], value: Any, root: Mapping[str, Any]) -> bool:
    if not isinstance(value, dict):
        return True
    if not all(k in value for k in schema.get("required", ())):
        return False
    if len(value) < schema.get("minProperties", 0) or len(value) > schema.get("maxProperties", len(value)):
        return False
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    for key, item in value.items():
        if "propertyNames" in schema and not _valid(schema["propertyNames"], key, root):
            return False
        try:
            matched = [s for p, s in patterns.items() if re.search(p, key)]
        except re.error as exc:
            raise Undecided(str(exc)) from None
        if key in properties and not _valid(properties[key], item, root):
            return False
        if not all(_valid(s, item, root) for s in matched):
            return False
        extra = key not in properties and not matched
        if extra and "additionalProperties" in schema and not _valid(schema["additionalProperties"], item, root):
            return False
    return True


def _array(schema: Mapping[str, Any], value: Any, root: Mapping[str, Any]) -> bool:
    if not isinstance(value, list):
        return True
    if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
        return False
    if isinstance(schema.get("items"), list):  # draft 7's tuples: another keyword now
        raise Undecided("items")
    if "items" in schema and not all(_valid(schema["items"], item, root) for item in value):
        return False
    if schema.get("uniqueItems"):
        return not any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1:])
    return True


_CHECKS = (_generic, _string, _number, _object, _array)
