"""The registry of check functions rule packs may name, each with the JSON Schema of its options."""

from __future__ import annotations

from collections.abc import Mapping

from aims_lint.checks.base import CheckSpec
from aims_lint.checks.fields import (
    known_license,
    prepare_schema_condition,
    required_fields,
    required_sections,
    schema_condition,
)
from aims_lint.checks.governance_specs import GOVERNANCE_CHECKS
from aims_lint.checks.references import references_resolve
from aims_lint.checks.repository import file_problems, weights_have_card

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}

CHECKS: Mapping[str, CheckSpec] = {
    spec.name: spec
    for spec in (
        CheckSpec(
            name="required_fields",
            scope="artifact",
            description="Canonical fields must carry real content (not empty, not a template placeholder).",
            options_schema={
                "type": "object",
                "additionalProperties": False,
                "required": ["fields"],
                "properties": {
                    "fields": _STRINGS,
                    "any_of": {"type": "boolean"},
                    "label": {"type": "string"},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
            artifact_fn=required_fields,
            reads="artifact",
        ),
        CheckSpec(
            name="required_sections",
            scope="artifact",
            description="A Markdown card must have a section with content under one of the given headings.",
            options_schema={
                "type": "object",
                "additionalProperties": False,
                "required": ["sections"],
                "properties": {
                    "sections": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["headings"],
                            "properties": {"headings": _STRINGS},
                        },
                    }
                },
            },
            artifact_fn=required_sections,
            reads="artifact",
        ),
        CheckSpec(
            name="schema_condition",
            scope="artifact",
            description="The artifact's present canonical fields must satisfy a JSON Schema.",
            options_schema={
                "type": "object",
                "additionalProperties": False,
                "required": ["schema"],
                "properties": {"schema": {"type": "object"}, "message": {"type": "string"}},
            },
            artifact_fn=schema_condition,
            prepare=prepare_schema_condition,
            reads="artifact",
        ),
        CheckSpec(
            name="known_license",
            scope="artifact",
            description="The licence is an SPDX or Hugging Face identifier, or 'other' with a name and a link.",
            options_schema={"type": "object", "additionalProperties": False, "properties": {}},
            artifact_fn=known_license,
            reads="artifact",
        ),
        CheckSpec(
            name="references_resolve",
            scope="artifact",
            description="Names of other artifacts (datasets) must resolve in the repository unless external.",
            options_schema={
                "type": "object",
                "additionalProperties": False,
                "properties": {"roles": {"type": "array", "items": {"enum": ["dataset", "base_model"]}}},
            },
            artifact_fn=references_resolve,
            reads="references",
        ),
        CheckSpec(
            name="weights_have_card",
            scope="repository",
            description="Every directory of model weights has a model card in it or above it.",
            options_schema={"type": "object", "additionalProperties": False, "properties": {}},
            repository_fn=weights_have_card,
            reads="card_locations",
        ),
        CheckSpec(
            name="file_problems",
            scope="repository",
            description="Problems met while reading artifact files, selected by problem code.",
            options_schema={
                "type": "object",
                "additionalProperties": False,
                "required": ["codes"],
                "properties": {"codes": _STRINGS},
            },
            repository_fn=file_problems,
            # Problems of the files being reported, which focus mode reads in full.
            reads="artifact",
            repository_wide=False,
        ),
        # Risk register, impact assessments, SoA, AI inventory and policy: see checks/governance_specs.py.
        *GOVERNANCE_CHECKS,
    )
}
