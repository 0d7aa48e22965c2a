"""JSON Schemas that check options share, defined once: names, labels, entry lists, governance kinds, sections."""

from __future__ import annotations

from typing import Any

from aims_lint.model import Kind

Schema = dict[str, Any]

# A non-empty list of non-empty strings: field names, headings, problem codes.
NAMES: Schema = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
# One field name.
FIELD: Schema = {"type": "string", "minLength": 1}
# What a message asks to fill in ("the intended use"); LABELS gives one per field.
LABEL: Schema = {"type": "string", "minLength": 3}
LABELS: Schema = {"type": "object", "additionalProperties": LABEL}
# The lists of governance documents whose items are entries (see adapters.governance.ENTRY_LISTS).
ENTRIES: Schema = {"enum": ["risks", "controls", "systems", "suppliers", "organisation_controls", "objectives",
                             "nonconformities", "reviews", "audits", "monitors", "obligations", "events", "roles"]}
GOVERNANCE_KINDS: Schema = {"enum": [k.value for k in Kind if k not in (Kind.MODEL_CARD, Kind.DATASET_RECORD,
                                                                       Kind.WEIGHTS)]}


def options(*, required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    """The schema of an options object that holds only the given properties, the required ones required."""
    schema: Schema = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def sections(*, labelled: bool) -> Schema:
    """A non-empty list of wanted sections, each a list of headings that may hold it (and, if labelled, a label)."""
    item = options(required=("headings", "label"), headings=NAMES, label=LABEL) if labelled else \
        options(required=("headings",), headings=NAMES)
    return {"type": "array", "minItems": 1, "items": item}


NO_OPTIONS: Schema = options()
