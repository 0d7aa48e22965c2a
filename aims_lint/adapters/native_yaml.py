"""aims-lint's own YAML formats (model_card.yaml, datasheet.yaml) -> canonical artifacts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aims_lint.adapters.common import read_yaml, references_from, yaml_field
from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, Field, FieldState, Kind, Location, Problem, Reference
from aims_lint.parse.jsonpos import nearest_position
from aims_lint.schemas import schema_errors, validator_for

FORMATS = {Kind.MODEL_CARD: ("aims-model-card", "model-card"),
           Kind.DATASET_RECORD: ("aims-dataset-record", "dataset-record")}
# The fields a model card writes under a key of another name, as a finding that misses one says; every other field
# is the key of its own name.
_EVALUATION_HOMES: Mapping[str, str | None] = {"evaluation_metrics": "evaluation.metrics",
                                               "evaluation_data": "evaluation.data"}


def adapt_native_yaml(path: str, text: str, *, kind: Kind) -> LoadResult:
    fmt, schema_name = FORMATS[kind]
    loaded, problems = read_yaml(path, text)
    if loaded is None:
        return LoadResult(Artifact(path, kind, fmt, anchor=Location(path)), problems)
    data, positions = loaded.data, loaded.positions
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        problems.append(Problem("schema", "the document must be a mapping of keys to values",
                                Location(path, *positions.get("", (1, 1)))))
        data = {}
    for pointer, message in schema_errors(validator_for(schema_name), data):
        line, column = nearest_position(positions, pointer)
        problems.append(Problem("schema", f"{pointer or '/'}: {message}", Location(path, line, column, pointer)))
    fields: dict[str, Field] = {}
    for key in data:  # keys of the team's own (x-...) too: its rule packs judge them
        if isinstance(key, str) and key != "schema_version":
            fields[key] = yaml_field(data, key, path=path, positions=positions)
    if "license" in fields:
        lic = fields["license"]
        value = lic.value if isinstance(lic.value, Mapping) else {"id": lic.value}
        fields["license"] = Field(dict(value), lic.location, lic.origin, lic.state)
    references: list[Reference] = []
    if kind is Kind.MODEL_CARD:
        evaluation = data.get("evaluation")
        if isinstance(evaluation, Mapping):
            for key in ("metrics", "data"):
                if key in evaluation:
                    fields[f"evaluation_{key}"] = yaml_field(evaluation, key, path=path, positions=positions,
                                                             prefix="/evaluation", origin_prefix="evaluation ")
            if "data" in evaluation:
                references += references_from(evaluation["data"], path=path, pointer="/evaluation/data",
                                              positions=positions, role="dataset", hub=False)
            metrics = evaluation.get("metrics")
            if isinstance(metrics, list):
                for index, metric in enumerate(metrics):
                    if isinstance(metric, Mapping) and "dataset" in metric:
                        references += references_from(metric["dataset"], path=path,
                                                      pointer=f"/evaluation/metrics/{index}/dataset",
                                                      positions=positions, role="dataset", hub=False)
                if "evaluation_data" not in fields and _any_metric_dataset(metrics):
                    at = fields["evaluation_metrics"]
                    fields["evaluation_data"] = Field(metrics, at.location, "evaluation metrics' 'dataset'",
                                                      FieldState.PRESENT)
        if "training_data" in data:
            references += references_from(data["training_data"], path=path, pointer="/training_data",
                                          positions=positions, role="dataset", hub=False)
        if "base_model" in data:
            references += references_from(data["base_model"], path=path, pointer="/base_model",
                                          positions=positions, role="base_model", hub=False)
    homes = _EVALUATION_HOMES if kind is Kind.MODEL_CARD else None
    return LoadResult(Artifact(path, kind, fmt, fields, anchor=Location(path), document=data, positions=positions,
                               references=tuple(references), homes=homes), problems)


def _any_metric_dataset(metrics: list[Any]) -> bool:
    return any(isinstance(m, Mapping) and isinstance(m.get("dataset"), str) and m["dataset"].strip()
               for m in metrics)
