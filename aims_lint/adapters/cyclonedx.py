"""CycloneDX 1.5-1.7 JSON BOMs -> a canonical model card per ML model component and a record per data component."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
from aims_lint.model import Artifact, Field, FieldState, Kind, Problem, Reference
from aims_lint.parse.text import quoted

FORMAT_MODEL = "cyclonedx-ml-model"
FORMAT_DATA = "cyclonedx-data"
PROBLEM = "format-schema"


def is_cyclonedx_document(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("bomFormat") == "CycloneDX"


def adapt_cyclonedx(path: str, text: str, *, claimed: bool, sniffed: bool = False) -> LoadResult:
    """Read a BOM.

    claimed: the name says CycloneDX (*.cdx.json), so broken JSON and a missing bomFormat are reported.
    sniffed: the content mentions bomFormat and CycloneDX, so broken JSON is reported; other JSON is skipped.
    """
    source = open_json(path, text, report_errors=claimed or sniffed)
    if isinstance(source, list):
        return LoadResult(None, source)
    data, positions, at = source.data, source.positions, source.at

    if not is_cyclonedx_document(data):
        if claimed and isinstance(data, Mapping):
            return LoadResult(None, [Problem(PROBLEM, "CycloneDX: 'bomFormat' must be \"CycloneDX\"",
                                             at("/bomFormat"))])
        return LoadResult(None, [])
    problems = [*source.problems, *_schema_problems(data, at)]
    components = list(_components(data))
    by_ref = {c.get("bom-ref"): (pointer, c) for pointer, c in components if isinstance(c.get("bom-ref"), str)}
    artifacts: list[Artifact] = []
    for pointer, component in components:
        kind = component.get("type")
        if kind == "machine-learning-model" and isinstance(component.get("modelCard"), Mapping):
            artifacts.append(_model_card(path, pointer, component, by_ref, at, data, positions))
        elif kind == "data":
            artifacts.append(_dataset(path, pointer, component, at, data, positions))
    first = artifacts[0] if artifacts else None
    return LoadResult(first, problems, extra=artifacts[1:])


def _schema_problems(data: Mapping[str, Any], at: Any) -> list[Problem]:
    from aims_lint.schemas.vendor import CYCLONEDX, cyclonedx_validator, vendor_errors

    version = data.get("specVersion")
    if not isinstance(version, str) or version not in CYCLONEDX:
        known = ", ".join(sorted(CYCLONEDX))
        return [Problem(PROBLEM, f"CycloneDX: specVersion {quoted(version)} is not one aims-lint validates ({known}); "
                                 "machine-learning components exist from 1.5 on", at("/specVersion"))]
    return [Problem(PROBLEM, f"CycloneDX {version}: {pointer or '/'}: {message}", at(pointer))
            for pointer, message in vendor_errors(cyclonedx_validator(version), data)]


def _components(data: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(pointer, component) for the BOM's subject and every component, nested ones included."""
    metadata = data.get("metadata")
    if isinstance(metadata, Mapping) and isinstance(metadata.get("component"), Mapping):
        yield from _walk(metadata["component"], "/metadata/component", 0)
    components = data.get("components")
    if isinstance(components, list):
        for index, component in enumerate(components):
            if isinstance(component, Mapping):
                yield from _walk(component, f"/components/{index}", 0)


def _walk(component: Mapping[str, Any], pointer: str, depth: int) -> Iterator[tuple[str, Mapping[str, Any]]]:
    yield pointer, component
    children = component.get("components")
    if isinstance(children, list) and depth < 50:
        for index, child in enumerate(children):
            if isinstance(child, Mapping):
                yield from _walk(child, f"{pointer}/components/{index}", depth + 1)


def _names(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str) and item.strip():
            names.append(item)
        elif isinstance(item, Mapping):
            # An organisational entity, an individual, or a governance entry holding either.
            inner = item.get("organization") or item.get("contact") or item
            name = inner.get("name") if isinstance(inner, Mapping) else None
            if isinstance(name, str) and name.strip():
                names.append(name)
    return names[0] if len(names) == 1 else names


def _emails(value: Any) -> Iterator[tuple[str, str]]:
    """(relative pointer, e-mail) found in entities and their contacts."""
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        prefix = f"/{index}" if isinstance(value, list) else ""
        if not isinstance(item, Mapping):
            continue
        if isinstance(item.get("email"), str):
            yield f"{prefix}/email", item["email"]
        for key in ("contact", "organization"):
            inner = item.get(key)
            if isinstance(inner, (Mapping, list)):
                for sub, email in _emails(inner):
                    yield f"{prefix}/{key}{sub}", email


def _common(fields: dict[str, Field], pointer: str, component: Mapping[str, Any], at: Any,
            owner_keys: tuple[str, ...]) -> None:
    for name, key in (("name", "name"), ("version", "version"), ("description", "description")):
        if key in component:
            fields[name] = plain_field(component[key], at(f"{pointer}/{key}"), f"component '{key}'")
    for key in owner_keys:
        if key in component:
            names = _names(component[key])
            if value_state(names) is FieldState.PRESENT:
                fields["owner"] = plain_field(names, at(f"{pointer}/{key}"), f"component '{key}'")
                break
    for key in ("authors", "manufacturer", "supplier"):
        for sub, email in _emails(component.get(key)):
            if email.strip() and "contact" not in fields:
                fields["contact"] = plain_field(email, at(f"{pointer}/{key}{sub}"), f"component '{key}' e-mail")
    licenses = component.get("licenses")
    if isinstance(licenses, list):
        detail = license_detail(licenses)
        fields["license"] = Field(detail, at(f"{pointer}/licenses"), "component 'licenses'",
                                  value_state(detail.get("id")))


def license_detail(licenses: list[Any]) -> dict[str, Any]:
    """CycloneDX licences as {'id', 'name', 'link'}: an SPDX id or expression, else 'other' with its name."""
    details: list[dict[str, Any]] = []
    for choice in licenses:
        if not isinstance(choice, Mapping):
            continue
        if isinstance(choice.get("expression"), str):
            details.append({"id": choice["expression"]})
            continue
        entry = choice.get("license")
        if not isinstance(entry, Mapping):
            continue
        detail: dict[str, Any] = {}
        if isinstance(entry.get("id"), str):
            detail["id"] = entry["id"]
        elif isinstance(entry.get("name"), str):
            # A named licence without an SPDX id is a licence of its own: 'other' with its name and link.
            detail = {"id": "other", "name": entry["name"]}
        if isinstance(entry.get("url"), str):
            detail["link"] = entry["url"]
        if detail:
            details.append(detail)
    if not details:
        return {"id": None}
    if len(details) == 1:
        return details[0]
    return {"id": [d.get("id") for d in details]}


# Where a missing field of a model component is written, as its finding says; CycloneDX has no place for
# out-of-scope uses or human oversight.
MODEL_HOMES: Mapping[str, str | None] = {
    "intended_use": "modelCard.considerations.useCases", "users": "modelCard.considerations.users",
    "limitations": "modelCard.considerations.technicalLimitations", "version": "version",
    "owner": "authors", "contact": "authors[].email", "license": "licenses",
    "training_data": "modelCard.modelParameters.datasets",
    "evaluation_metrics": "modelCard.quantitativeAnalysis.performanceMetrics",
    "evaluation_data": "modelCard.quantitativeAnalysis.performanceMetrics[].slice",
    "out_of_scope_use": None, "human_oversight": None,
}


# Where a missing field of a data component is written; CycloneDX has no place for how the data was acquired or
# prepared, its quality checks or its known biases.
DATA_HOMES: Mapping[str, str | None] = {
    "source": "pedigree.ancestors", "owner": "data[].governance.owners", "contact": "data[].governance.owners",
    "license": "licenses", "personal_data": "data[].sensitiveData", "version": "version",
    "acquisition": None, "preparation": None, "quality": None, "known_bias": None,
}


def _model_card(
    path: str, pointer: str, component: Mapping[str, Any], by_ref: Mapping[Any, tuple[str, Mapping[str, Any]]],
    at: Any, data: Any, positions: Mapping[str, tuple[int, int]],
) -> Artifact:
    fields: dict[str, Field] = {}
    _common(fields, pointer, component, at, ("authors", "author", "manufacturer", "supplier", "publisher"))
    card = component["modelCard"]
    base = f"{pointer}/modelCard"
    parameters = card.get("modelParameters")
    references: list[Reference] = []
    if isinstance(parameters, Mapping):
        summary = {k: v for k, v in parameters.items() if k not in ("datasets", "inputs", "outputs")}
        if summary:
            fields["model_parameters"] = plain_field(summary, at(f"{base}/modelParameters"), "modelParameters")
        datasets = parameters.get("datasets")
        if isinstance(datasets, list):
            labels, references = _datasets(datasets, f"{base}/modelParameters/datasets", by_ref, at)
            fields["training_data"] = plain_field(labels, at(f"{base}/modelParameters/datasets"),
                                             "modelParameters.datasets")
    analysis = card.get("quantitativeAnalysis")
    if isinstance(analysis, Mapping) and isinstance(analysis.get("performanceMetrics"), list):
        _metrics(fields, analysis["performanceMetrics"], f"{base}/quantitativeAnalysis/performanceMetrics", at)
    considerations = card.get("considerations")
    if isinstance(considerations, Mapping):
        for name, key in (("intended_use", "useCases"), ("users", "users"), ("limitations", "technicalLimitations"),
                          ("tradeoffs", "performanceTradeoffs"), ("ethical_considerations", "ethicalConsiderations"),
                          ("fairness_assessments", "fairnessAssessments"),
                          ("environmental_considerations", "environmentalConsiderations")):
            if key in considerations:
                fields[name] = considered_field(considerations[key], at(f"{base}/considerations/{key}"),
                                                f"considerations.{key}", schema_template("cyclonedx"))
        if not (fields.get("limitations") and fields["limitations"].present):
            for fallback in ("ethical_considerations", "fairness_assessments"):
                if fallback in fields and fields[fallback].present:
                    # Named risks are the card's statement of what can go wrong.
                    fields["limitations"] = fields[fallback]
                    break
    return Artifact(path, Kind.MODEL_CARD, FORMAT_MODEL, fields, anchor=at(pointer), document=data,
                    positions=positions, references=tuple(references), homes=MODEL_HOMES)


def _datasets(
    datasets: list[Any], pointer: str, by_ref: Mapping[Any, tuple[str, Mapping[str, Any]]], at: Any
) -> tuple[list[Any], list[Reference]]:
    labels: list[Any] = []
    references: list[Reference] = []
    for index, entry in enumerate(datasets):
        if not isinstance(entry, Mapping):
            continue
        here = f"{pointer}/{index}"
        if "ref" in entry:
            ref = entry["ref"]
            target = by_ref.get(ref) if isinstance(ref, str) else None
            if target is not None:
                name = target[1].get("name")
                labels.append(name or ref)
                if isinstance(name, str) and name.strip():
                    references.append(Reference(name.strip(), at(f"{here}/ref"), "dataset"))
            elif isinstance(ref, str):
                labels.append(ref)
                # A bom-ref that names no component of the BOM: the reference leads nowhere.
                references.append(Reference(ref, at(f"{here}/ref"), "dataset"))
            continue
        name = entry.get("name")
        contents = entry.get("contents")
        url = contents.get("url") if isinstance(contents, Mapping) else None
        labels.append(name or url)
        if isinstance(url, str) and url.strip():
            references.append(Reference(url.strip(), at(f"{here}/contents/url"), "dataset"))
    return [label for label in labels if label], references


def _metrics(fields: dict[str, Field], metrics: list[Any], pointer: str, at: Any) -> None:
    keys = {"slice": "slice", "confidenceInterval": "confidence_interval"}
    found, slices = metric_fields(metrics, pointer, at, keys=keys, origin="quantitativeAnalysis.performanceMetrics")
    fields["evaluation_metrics"] = found
    if slices is not None:
        # CycloneDX names no evaluation dataset; the slices a metric was measured on are that data.
        fields["evaluation_data"] = slices


def _dataset(
    path: str, pointer: str, component: Mapping[str, Any], at: Any, data: Any,
    positions: Mapping[str, tuple[int, int]],
) -> Artifact:
    fields: dict[str, Field] = {}
    _common(fields, pointer, component, at, ("authors", "author", "manufacturer", "publisher"))
    entries = component.get("data")
    governed: dict[str, Field] = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, Mapping):
            continue
        here = f"{pointer}/data/{index}"
        governance = entry.get("governance")
        if isinstance(governance, Mapping):
            # Whoever governs the data answers for it, before the component's authors or makers.
            for role in ("owners", "custodians", "stewards"):
                names = _names(governance.get(role))
                if value_state(names) is FieldState.PRESENT and "owner" not in governed:
                    governed["owner"] = plain_field(names, at(f"{here}/governance/{role}"), f"data governance '{role}'")
                for sub, email in _emails(governance.get(role)):
                    if "contact" not in governed and email.strip():
                        governed["contact"] = plain_field(email, at(f"{here}/governance/{role}{sub}"),
                                                     f"data governance '{role}' e-mail")
        for name, key in (("personal_data", "sensitiveData"), ("classification", "classification"),
                          ("description", "description")):
            if key in entry and name not in fields:
                fields[name] = plain_field(entry[key], at(f"{here}/{key}"), f"data '{key}'")
        contents = entry.get("contents")
        if isinstance(contents, Mapping) and "url" in contents and "content_url" not in fields:
            fields["content_url"] = plain_field(contents["url"], at(f"{here}/contents/url"), "data contents 'url'")
    fields.update(governed)
    pedigree = component.get("pedigree")
    if isinstance(pedigree, Mapping) and "ancestors" in pedigree:
        ancestors = _names(pedigree["ancestors"])
        fields["source"] = plain_field(ancestors, at(f"{pointer}/pedigree/ancestors"), "pedigree 'ancestors'")
    if not (fields.get("source") and fields["source"].present) and isinstance(component.get("supplier"), Mapping):
        # Data received from another organisation comes from its supplier.
        supplier = _names(component["supplier"])
        if value_state(supplier) is FieldState.PRESENT:
            fields["source"] = plain_field({"supplier": supplier}, at(f"{pointer}/supplier"), "component 'supplier'")
    return Artifact(path, Kind.DATASET_RECORD, FORMAT_DATA, fields, anchor=at(pointer), document=data,
                    positions=positions, homes=DATA_HOMES)
