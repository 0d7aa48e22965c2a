"""Registry entries of the governance checks, each with the JSON Schema of its options."""

from __future__ import annotations

from aims_lint.checks import crossrefs, freshness, governance
from aims_lint.checks.base import CheckSpec

_NAMES = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
_NO_OPTIONS = {"type": "object", "additionalProperties": False, "properties": {}}
_LISTS = {"enum": ["risks", "controls", "systems", "suppliers", "organisation_controls"]}
_GOVERNANCE_KINDS = {"enum": ["risk_register", "impact_assessment", "soa", "ai_inventory", "ai_policy",
                              "concerns_channel"]}

# What each check reads besides the artifact it judges, for focus mode (see CheckSpec.reads): its own document
# and the list of files ("artifact"), every governance document ("governance"), every model card's place
# ("model_cards"). Models are known by their paths and the inventory, never by a card's content, so that a run
# reading only the changed files judges them as a whole run does.
GOVERNANCE_CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec(
        name="governance_fields",
        scope="artifact",
        description="Fields of a governance document, or of each entry of one of its lists, carry real content.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["fields"],
            "properties": {
                "fields": _NAMES,
                "entries": _LISTS,
                "any_of": {"type": "boolean"},
                "label": {"type": "string"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        artifact_fn=governance.governance_fields,
        reads="artifact",
    ),
    CheckSpec(
        name="document_sections",
        scope="artifact",
        description="A Markdown governance document has a section with content under one of each set of headings.",
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
                        "required": ["headings", "label"],
                        "properties": {"headings": _NAMES, "label": {"type": "string", "minLength": 3}},
                    },
                }
            },
        },
        artifact_fn=governance.document_sections,
        reads="artifact",
    ),
    CheckSpec(
        name="review_dates",
        scope="artifact",
        description="A date is judged against the run's date: not past, not in the future, or not too old.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["field", "mode", "label"],
            "properties": {
                "field": {"type": "string", "minLength": 1},
                "entries": _LISTS,
                "mode": {"enum": ["not_past", "not_future", "max_age"]},
                "max_age_days": {"type": "integer", "minimum": 1},
                "label": {"type": "string", "minLength": 3},
            },
            "if": {"properties": {"mode": {"const": "max_age"}}},
            "then": {"required": ["max_age_days"]},
        },
        artifact_fn=freshness.review_dates,
        reads="artifact",
    ),
    CheckSpec(
        name="risk_scale",
        scope="artifact",
        description="A risk register declares ratings, levels, how they combine and an acceptance threshold.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.risk_scale,
        reads="artifact",
    ),
    CheckSpec(
        name="risk_levels",
        scope="artifact",
        description="Each risk's level is what its likelihood and impact give under the register's scale.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.risk_levels,
        reads="artifact",
    ),
    CheckSpec(
        name="risk_treatment",
        scope="artifact",
        description="A risk above the acceptance threshold has a treatment option, controls and an acceptance.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.risk_treatment,
        reads="artifact",
    ),
    CheckSpec(
        name="residual_levels",
        scope="artifact",
        description="A residual level is a level of the scale and not above the level before treatment.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.residual_levels,
        reads="artifact",
    ),
    CheckSpec(
        name="control_ids_known",
        scope="artifact",
        description="Controls cited by risks are Annex A controls or the organisation's declared controls.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.control_ids_known,
        reads="governance",
    ),
    CheckSpec(
        name="annex_c_ids",
        scope="artifact",
        description="Risk sources are Annex C.3 ids and objectives are Annex C.2 ids.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.annex_c_ids,
        reads="artifact",
    ),
    CheckSpec(
        name="unique_ids",
        scope="artifact",
        description="No two entries of a list share an id.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["entries"],
            "properties": {"entries": _LISTS},
        },
        artifact_fn=governance.unique_ids,
        reads="artifact",
    ),
    CheckSpec(
        name="impact_coverage",
        scope="artifact",
        description="An impact assessment covers a dimension of impact or says why it does not apply.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["field", "label"],
            "properties": {"field": {"type": "string", "minLength": 1}, "label": {"type": "string", "minLength": 3}},
        },
        artifact_fn=governance.impact_coverage,
        reads="artifact",
    ),
    CheckSpec(
        name="soa_complete",
        scope="artifact",
        description="A Statement of Applicability lists every Annex A control.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.soa_complete,
        reads="artifact",
    ),
    CheckSpec(
        name="soa_controls_once",
        scope="artifact",
        description="Each SoA row names an Annex A control, and no control has two rows.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.soa_controls_once,
        reads="artifact",
    ),
    CheckSpec(
        name="soa_justified",
        scope="artifact",
        description="SoA rows marked applicable (or not, as the options say) give a justification.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["applicable"],
            "properties": {"applicable": {"type": "boolean"}},
        },
        artifact_fn=governance.soa_justified,
        reads="artifact",
    ),
    CheckSpec(
        name="soa_status",
        scope="artifact",
        description="Each SoA row says whether the control applies and its status, and the two agree.",
        options_schema=_NO_OPTIONS,
        artifact_fn=governance.soa_status,
        reads="artifact",
    ),
    CheckSpec(
        name="soa_evidence",
        scope="artifact",
        description="Implemented controls say where their evidence is; repository paths given as evidence exist.",
        options_schema=_NO_OPTIONS,
        artifact_fn=crossrefs.soa_evidence,
        reads="artifact",
    ),
    CheckSpec(
        name="soa_covers_treatments",
        scope="artifact",
        description="Annex A controls that risk treatments rely on are marked applicable in the SoA.",
        options_schema=_NO_OPTIONS,
        artifact_fn=crossrefs.soa_covers_treatments,
        reads="governance",
    ),
    CheckSpec(
        name="governance_present",
        scope="repository",
        description="A repository with models has a governance document of the given kind.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "label", "suggest"],
            "properties": {
                "kind": _GOVERNANCE_KINDS,
                "label": {"type": "string", "minLength": 3},
                "suggest": {"type": "string", "minLength": 3},
                "policy_headings": _NAMES,
            },
        },
        repository_fn=crossrefs.governance_present,
        reads=frozenset({"governance", "model_cards"}),
    ),
    CheckSpec(
        name="system_known",
        scope="artifact",
        description="The AI system a risk or an assessment names is a model card or an inventory system.",
        options_schema={"type": "object", "additionalProperties": False, "properties": {"entries": _LISTS}},
        artifact_fn=crossrefs.system_known,
        reads=frozenset({"governance", "model_cards"}),
    ),
    CheckSpec(
        name="model_covered",
        scope="artifact",
        description="A model card's model has a risk entry, or an impact assessment, as the options say.",
        options_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["by"],
            "properties": {"by": {"enum": ["risk_register", "impact_assessment"]}},
        },
        artifact_fn=crossrefs.model_covered,
        reads="governance",
    ),
    CheckSpec(
        name="inventory_paths",
        scope="artifact",
        description="Every path the AI inventory gives for a system exists in the repository.",
        options_schema=_NO_OPTIONS,
        artifact_fn=crossrefs.inventory_paths,
        reads="artifact",
    ),
    CheckSpec(
        name="models_in_inventory",
        scope="repository",
        description="Every model directory is a system of the AI inventory.",
        options_schema=_NO_OPTIONS,
        repository_fn=crossrefs.models_in_inventory,
        reads=frozenset({"governance", "model_cards"}),
    ),
    CheckSpec(
        name="inventory_risk_ids",
        scope="artifact",
        description="Risk ids the AI inventory lists for a system exist in a risk register.",
        options_schema=_NO_OPTIONS,
        artifact_fn=crossrefs.inventory_risk_ids,
        reads="governance",
    ),
    CheckSpec(
        name="third_party_suppliers",
        scope="artifact",
        description="Third-party models and datasets a card names appear in the inventory's suppliers list.",
        options_schema=_NO_OPTIONS,
        artifact_fn=crossrefs.third_party_suppliers,
        reads="governance",
    ),
)
