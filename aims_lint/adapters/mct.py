"""Model Card Toolkit JSON (schema 0.0.1 and 0.0.2) -> canonical model card, validated against its schema."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aims_lint.adapters.common import (
    considered_field,
    metric_fields,
    open_json,
    plain_field,
    schema_template,
    value_state,
)
from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, Field, FieldState, Kind, Location, Problem, Reference

FORMAT = "model-card-toolkit"
PROBLEM = "format-schema"
# Keys only a Model Card Toolkit document has at its top level.
TOP_KEYS = frozenset({"model_details", "model_parameters", "quantitative_analysis", "considerations"})
# Dataset names that say the data was held out for evaluation rather than trained on.
_EVALUATION_NAME = re.compile(r"\b(?:eval\w*|valid\w*|test\w*|holdout|held[- ]out|benchmark)\b", re.IGNORECASE)


# Where a missing field is written in an MCT document (0.0.2), as its finding says; MCT has no place for
# out-of-scope uses or human oversight.
HOMES: Mapping[str, str | None] = {
    "intended_use": "considerations.use_cases", "users": "considerations.users",
    "limitations": "considerations.limitations", "version": "model_details.version.name",
    "owner": "model_details.owners", "contact": "model_details.owners[].contact",
    "license": "model_details.licenses", "training_data": "model_parameters.data",
    "evaluation_data": "model_parameters.data (a dataset named for evaluation or test)",
    "evaluation_metrics": "quantitative_analysis.performance_metrics",
    "out_of_scope_use": None, "human_oversight": None,
}


def is_mct_document(data: Any) -> bool:
    return isinstance(data, Mapping) and "model_details" in data


def schema_version_of(data: Mapping[str, Any]) -> str:
    """The declared schema version, or the one the document's shape matches when it declares none."""
    declared = data.get("schema_version")
    if isinstance(declared, str):
        return declared
    parameters = data.get("model_parameters")
    if isinstance(parameters, Mapping) and isinstance(parameters.get("data"), Mapping):
        return "0.0.1"  # 0.0.1 keeps data as {"train": ..., "eval": ...}
    return "0.0.2"


def adapt_mct(path: str, text: str, *, claimed: bool, sniffed: bool = False) -> LoadResult:
    """Read Model Card Toolkit JSON.

    claimed: the file's name says model card; broken JSON is reported, and any object with an MCT top-level
    key is read. sniffed: the first bytes mention model_details; broken JSON is reported.
    """
    source = open_json(path, text, report_errors=claimed or sniffed)
    if isinstance(source, list):
        return LoadResult(None, source)
    data, positions, at = source.data, source.positions, source.at
    if not isinstance(data, Mapping) or not (TOP_KEYS & set(data) if claimed else is_mct_document(data)):
        return LoadResult(None, [])

    problems = [*source.problems, *_schema_problems(data, at)]
    fields: dict[str, Field] = {}
    references = _fill(fields, data, at)
    return LoadResult(Artifact(path, Kind.MODEL_CARD, FORMAT, fields, anchor=Location(path, 1, 1), document=data,
                               positions=positions, references=references, homes=HOMES), problems)


def _schema_problems(data: Mapping[str, Any], at: Any) -> list[Problem]:
    from aims_lint.schemas.vendor import MCT, mct_validator, vendor_errors

    version = schema_version_of(data)
    if version not in MCT:
        known = ", ".join(sorted(MCT))
        return [Problem(PROBLEM, f"Model Card Toolkit: schema_version {version!r} is not one aims-lint knows "
                                 f"({known}); the document was not validated", at("/schema_version"))]
    return [Problem(PROBLEM, f"Model Card Toolkit {version}: {pointer or '/'}: {message}", at(pointer))
            for pointer, message in vendor_errors(mct_validator(version), data)]


def _texts(value: Any, *keys: str) -> list[Any]:
    """Entries of an MCT list as text: strings stay, objects give their first key that is present."""
    items = value if isinstance(value, list) else [value]
    out: list[Any] = []
    for item in items:
        if isinstance(item, Mapping):
            found = next((item[k] for k in keys if item.get(k) not in (None, "")), None)
            if found is None:
                found = {k: v for k, v in item.items() if v not in (None, "", [], {})} or None
            if found is not None:
                out.append(found)
        elif item not in (None, ""):
            out.append(item)
    return out


def _fill(fields: dict[str, Field], data: Mapping[str, Any], at: Any) -> tuple[Reference, ...]:
    """Fill the card's canonical fields from the document; the names of other artifacts it holds."""
    details = data.get("model_details")
    details = details if isinstance(details, Mapping) else {}
    for name, key in (("name", "name"), ("description", "overview"), ("documentation", "documentation")):
        if key in details:
            fields[name] = plain_field(details[key], at(f"/model_details/{key}"), f"model_details.{key}")
    version = details.get("version")
    if isinstance(version, Mapping) and "name" in version:
        where = at("/model_details/version/name")
        fields["version"] = plain_field(version["name"], where, "model_details.version.name")
    elif version is not None:
        fields["version"] = plain_field(version, at("/model_details/version"), "model_details.version")
    owners = details.get("owners")
    if isinstance(owners, list):
        names = _texts(owners, "name")
        fields["owner"] = plain_field(names[0] if len(names) == 1 else names, at("/model_details/owners"),
                                 "model_details.owners")
        for index, owner in enumerate(owners):
            if isinstance(owner, Mapping) and value_state(owner.get("contact")) is FieldState.PRESENT:
                fields["contact"] = plain_field(owner["contact"], at(f"/model_details/owners/{index}/contact"),
                                           "model_details.owners contact")
                break
    _license(fields, details, at)
    considerations = data.get("considerations")
    considerations = considerations if isinstance(considerations, Mapping) else {}
    for name, key in (("intended_use", "use_cases"), ("users", "users"), ("limitations", "limitations"),
                      ("ethical_considerations", "ethical_considerations"), ("tradeoffs", "tradeoffs")):
        if key in considerations:
            value = _texts(considerations[key], "description", "name")
            fields[name] = considered_field(value, at(f"/considerations/{key}"), f"considerations.{key}",
                                            schema_template("mct"))
    if not (fields.get("limitations") and fields["limitations"].present) and "ethical_considerations" in fields:
        # Risks named as ethical considerations are the card's statement of what can go wrong.
        fields["limitations"] = fields["ethical_considerations"]
    references = _datasets(fields, data, at)
    _metrics(fields, data, at)
    return references


def _license(fields: dict[str, Field], details: Mapping[str, Any], at: Any) -> None:
    if "licenses" in details:  # 0.0.2: [{"identifier": ...} or {"custom_text": ...}]
        entries = details["licenses"] if isinstance(details["licenses"], list) else []
        ids = [e.get("identifier") or e.get("custom_text") for e in entries if isinstance(e, Mapping)]
        ids = [i for i in ids if isinstance(i, str) and i.strip()]
        if ids:
            detail: dict[str, Any] = {"id": ids[0] if len(ids) == 1 else ids}
            fields["license"] = Field(detail, at("/model_details/licenses"), "model_details.licenses")
        else:
            fields["license"] = Field({"id": None}, at("/model_details/licenses"), "model_details.licenses",
                                      FieldState.EMPTY)
    elif "license" in details:  # 0.0.1: a string
        value = details["license"]
        fields["license"] = Field({"id": value}, at("/model_details/license"), "model_details.license",
                                  value_state(value))


def _dataset_entries(data: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any], str | None]]:
    """(pointer, dataset, role) for each dataset; role is 'train', 'eval' or None when unsaid."""
    parameters = data.get("model_parameters")
    if not isinstance(parameters, Mapping):
        return []
    datasets = parameters.get("data")
    entries: list[tuple[str, Mapping[str, Any], str | None]] = []
    if isinstance(datasets, Mapping):  # 0.0.1
        for role in ("train", "eval"):
            if isinstance(datasets.get(role), Mapping):
                entries.append((f"/model_parameters/data/{role}", datasets[role], role))
    elif isinstance(datasets, list):  # 0.0.2: one list "used to train and evaluate"
        for index, item in enumerate(datasets):
            if isinstance(item, Mapping):
                entries.append((f"/model_parameters/data/{index}", item, None))
    return entries


def _datasets(fields: dict[str, Field], data: Mapping[str, Any], at: Any) -> tuple[Reference, ...]:
    training: list[Any] = []
    evaluation: list[Any] = []
    training_at: Location | None = None
    evaluation_at: Location | None = None
    references: list[Reference] = []
    for pointer, dataset, role in _dataset_entries(data):
        name = dataset.get("name")
        label = name if isinstance(name, str) and name.strip() else dataset.get("link")
        if role is None:
            role = "eval" if isinstance(name, str) and _EVALUATION_NAME.search(name) else "train"
        # An entry without a name or link still marks where the card meant to name its data.
        if role == "eval":
            evaluation += [label] if label else []
            evaluation_at = evaluation_at or at(pointer)
        else:
            training += [label] if label else []
            training_at = training_at or at(pointer)
        link = dataset.get("link")
        # A link points at the data; a bare name ("Training Set") is a label, not a reference to check.
        if isinstance(link, str) and link.strip():
            references.append(Reference(link.strip(), at(f"{pointer}/link"), "dataset"))
    if training_at is not None:
        fields["training_data"] = plain_field(training, training_at, "model_parameters.data")
    if evaluation_at is not None:
        fields["evaluation_data"] = plain_field(evaluation, evaluation_at, "model_parameters.data")
    return tuple(references)


def _metrics(fields: dict[str, Field], data: Mapping[str, Any], at: Any) -> None:
    analysis = data.get("quantitative_analysis")
    metrics = analysis.get("performance_metrics") if isinstance(analysis, Mapping) else None
    if not isinstance(metrics, list):
        return
    found, slices = metric_fields(
        metrics, "/quantitative_analysis/performance_metrics", at,
        keys={key: key for key in ("slice", "threshold", "confidence_interval")},
        origin="quantitative_analysis.performance_metrics",
    )
    fields["evaluation_metrics"] = found
    named = fields.get("evaluation_data")
    if (named is None or not named.present) and slices is not None:
        # The slices a metric was measured on are the evaluation data the card names.
        fields["evaluation_data"] = slices
