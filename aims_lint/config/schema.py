"""The configuration schema (aims_lint/schemas/config.schema.json) as a validator: a yes or no from the quick
checker (schemas.quick: no validator to import or compile, as reading a configuration must cost a few
milliseconds), and, for a configuration it refuses, the first error as one line from the full validator: the key,
what is allowed, and a close match."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from aims_lint.schemas import load_schema, validator_for
from aims_lint.schemas.quick import quick_valid


def is_valid(data: Any) -> bool:
    verdict = quick_valid(load_schema("config"), data)
    return validator_for("config").is_valid(data) if verdict is None else verdict


# --- the first error, on one line -------------------------------------------------------------------------------


def errors(data: Any) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every error of a configuration the schema refuses; a key said to be missing
    where an unknown key stands (a misspelling of it, most likely) is told as the unknown key alone."""
    found = list(_errors(data))
    unknown = {pointer.rsplit("/", 1)[0] for pointer, message in found if ": not a " in message}
    return [(pointer, message) for pointer, message in found
            if not (": missing;" in message and pointer.rsplit("/", 1)[0] in unknown)]


def _errors(data: Any) -> Iterator[tuple[str, str]]:
    from aims_lint.config.source import key_name
    from aims_lint.schemas import pointer_of

    for error in validator_for("config").full.iter_errors(data):
        while error.context:
            # Of oneOf's alternatives, the one that got deepest into the value says most.
            # An alternative refused for its type or value says less than one that took the value's type.
            error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator not in ("type", "enum")))
        path = list(error.absolute_path)
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            allowed = list(schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    pointer = pointer_of([*path, key])
                    yield pointer, f"key '{key_name(pointer)}': {_unknown(str(key), path, allowed)}"
            continue
        if error.validator == "required":
            missing = str(error.message).split("'")[1]
            pointer = pointer_of([*path, missing])
            wanted = schema.get("properties", {}).get(missing, {}).get("description", "a value")
            yield pointer, f"key '{key_name(pointer)}': missing; expected {wanted}"
            continue
        if error.validator == "propertyNames":
            pointer = pointer_of([*path, error.instance])
            described = schema.get("propertyNames", {}).get("description", "another name")
            yield pointer, f"key '{key_name(pointer)}': expected {described}"
            continue
        pointer = pointer_of(path)
        choices = [c for c in schema.get("enum", ()) if isinstance(c, str)]
        hint = _hint(error.instance, choices) if choices else ""
        yield pointer, f"key '{key_name(pointer)}': expected {_described(schema)}, not {_shown(error.instance)}{hint}"


def _unknown(key: str, path: list[Any], allowed: list[str]) -> str:
    from aims_lint.selectors import hint

    where = "a setting" if not path else "a key here"
    return f"not {where}; the keys are {', '.join(allowed)}{hint(key, allowed)}"


def _hint(value: Any, choices: list[str]) -> str:
    from aims_lint.selectors import hint

    return hint(value, choices) if isinstance(value, str) else ""


def _described(schema: Mapping[str, Any]) -> str:
    if "description" in schema:
        return str(schema["description"])
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    return f"a value of type {schema.get('type', 'another type')}"


def _shown(value: Any) -> str:
    """A value as a message quotes it: short, and never more than a line."""
    if isinstance(value, Mapping):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
