"""aims-lint's own YAML formats (model_card.yaml, datasheet.yaml) -> canonical artifacts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aims_lint.adapters.card_fields import judged
from aims_lint.adapters.common import offer, read_yaml, references_from, yaml_field
from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, Field, FieldState, Kind, Location, Problem, Reference
from aims_lint.parse.jsonpos import nearest_position
from aims_lint.parse.yamlpos import escape_pointer_token
from aims_lint.schemas import load_schema, schema_errors, validator_for
from aims_lint.vocab import KindWords, vocabulary

FORMATS = {Kind.MODEL_CARD: ("aims-model-card", "model-card"),
           Kind.DATASET_RECORD: ("aims-dataset-record", "dataset-record")}
# The fields a model card writes under a key of another name, as a finding that misses one says; every other field
# is the key of its own name.
_EVALUATION_HOMES: Mapping[str, str | None] = {"evaluation_metrics": "evaluation.metrics",
                                               "evaluation_data": "evaluation.data"}
# Keys read below a key of a card in a format of its own: `intended_use: {out_of_scope_uses: ...}` is two levels.
_FOREIGN_DEPTH = 2
# The unknown keys a finding on a card in a format of its own names.
_NAMED_KEYS = 5
# A key ending in one of these words holds a measure or a name of what the rest of it names, not a statement of it:
# `risk_tier: LOW` states no risk, `dataset_id: 42` no training data.
_ATTRIBUTE_WORDS = frozenset({"tier", "level", "score", "rating", "class", "category", "id", "count", "date"})


def adapt_native_yaml(path: str, text: str, *, kind: Kind) -> LoadResult:
    fmt, schema_name = FORMATS[kind]
    loaded, problems = read_yaml(path, text)
    if loaded is None:
        return LoadResult(Artifact(path, kind, fmt, anchor=Location(path)), problems)
    data, positions = loaded.data, loaded.positions
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        # A list or a scalar under a card's name is no card of any format: the one finding says so, and no rule
        # reports the fields it cannot hold.
        problems.append(Problem("schema", "the document must be a mapping of keys to values",
                                Location(path, *positions.get("", (1, 1)))))
        return LoadResult(None, problems)
    foreign = _foreign_keys(data, schema_name)
    fields: dict[str, Field] = {}
    for key in data:  # keys of the team's own (x-...) too: its rule packs judge them
        if isinstance(key, str) and key != "schema_version":
            fields[key] = yaml_field(data, key, path=path, positions=positions)
    if foreign:
        words = vocabulary().kinds[kind.value]
        named = _fields_by_key_names(data, words, path, positions, "", _FOREIGN_DEPTH)
        if not named and len(foreign) == len(data):
            return LoadResult(None, [])  # named as a card, but nothing in it is one: a model's configuration
        for name, found in named:
            offer(fields, name, found)
        problems.append(_foreign_format(path, positions, foreign, len(data), schema_name))
    else:
        for pointer, message in schema_errors(validator_for(schema_name), data):
            line, column = nearest_position(positions, pointer)
            problems.append(Problem("schema", f"{pointer or '/'}: {message}", Location(path, line, column, pointer)))
    if "license" in fields:
        lic = fields["license"]
        value = lic.value if isinstance(lic.value, Mapping) else {"id": lic.value}
        fields["license"] = Field(dict(value), lic.location, lic.origin, lic.state)
    # A card in a format of its own names its datasets in words ('COCO128 / a COCO subset via DVC'), not as the
    # references the format's keys hold: they are not resolved.
    references = _model_card_extras(data, fields, path, positions) if kind is Kind.MODEL_CARD and not foreign else []
    homes = _EVALUATION_HOMES if kind is Kind.MODEL_CARD else None
    return LoadResult(Artifact(path, kind, fmt, fields, anchor=Location(path), document=data, positions=positions,
                               references=tuple(references), homes=homes), problems)


def _model_card_extras(data: Mapping[Any, Any], fields: dict[str, Field], path: str,
                       positions: Mapping[str, tuple[int, int]]) -> list[Reference]:
    """A model card's evaluation fields (under 'evaluation'), and the datasets and base model it references."""
    references: list[Reference] = []
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
    return references


def _any_metric_dataset(metrics: list[Any]) -> bool:
    return any(isinstance(m, Mapping) and isinstance(m.get("dataset"), str) and m["dataset"].strip()
               for m in metrics)


def _foreign_keys(data: Mapping[Any, Any], schema_name: str) -> list[str]:
    """The top-level keys of a card in a format of its own: its keys that are not the format's, when they are at
    least two and most of its keys (a misspelt key among the format's is reported as unknown instead)."""
    own = load_schema(schema_name).get("properties", {})
    unknown = [str(k) for k in data if not (isinstance(k, str) and (k in own or k.startswith("x-")))]
    return unknown if len(unknown) >= 2 and 2 * len(unknown) > len(data) else []


def _fields_by_key_names(
    data: Mapping[Any, Any], words: KindWords, path: str, positions: Mapping[str, tuple[int, int]], prefix: str,
    depth: int,
) -> list[tuple[str, Field]]:
    """The fields a card's keys name, as headings name a Markdown card's (`out_of_scope: [...]` states out-of-scope
    uses, `metrics: {f1: 0.26}` results), each judged by what its value says, and those of the keys below them."""
    found: list[tuple[str, Field]] = []
    for key, value in data.items():
        if not isinstance(key, str) or key.startswith("x-"):
            continue
        pointer = f"{prefix}/{escape_pointer_token(key)}"
        label = key.replace("_", " ").replace("-", " ")
        attribute = label.rsplit(" ", 1)[-1].lower() in _ATTRIBUTE_WORDS
        names = () if attribute else words.heading_fields(label, covering=True)
        text = _text_of(value) if names else ""
        if names and (text or value in (None, "", [], {})):  # a yes/no flag ('fairness_testing: true') states nothing
            where = Location(path, *positions.get(pointer, (1, 1)), pointer)
            for name in names:
                found.append((name, judged(words.fields.get(name), text, where, f"key '{pointer[1:]}'",
                                           results=text)))
        if isinstance(value, Mapping) and depth > 1:
            found += _fields_by_key_names(value, words, path, positions, pointer, depth - 1)
    return found


def _text_of(value: Any) -> str:
    """The words and numbers of a YAML value, one line for each, its keys left out."""
    if isinstance(value, Mapping):
        return "\n".join(filter(None, (_text_of(v) for v in value.values())))
    if isinstance(value, list):
        return "\n".join(filter(None, (_text_of(v) for v in value)))
    if isinstance(value, bool) or value is None:
        return ""
    return str(value)


def _foreign_format(path: str, positions: Mapping[str, tuple[int, int]], foreign: list[str], keys: int,
                    schema_name: str) -> Problem:
    """The one finding on a card in a format of its own, in place of one for each of its keys."""
    shown = ", ".join(f"'{k}'" for k in foreign[:_NAMED_KEYS]) + (", ..." if len(foreign) > _NAMED_KEYS else "")
    pointer = f"/{escape_pointer_token(foreign[0])}"
    line, column = positions.get(pointer, (1, 1))
    return Problem("schema", f"{len(foreign)} of its {keys} top-level keys are not keys of the aims-lint "
                   f"{schema_name} format ({shown}), so it was read by what its keys name; write it in the "
                   f"format (docs/formats/{schema_name}.md) to have every value checked, or start keys of your own "
                   "with 'x-'", Location(path, line, column, pointer))
