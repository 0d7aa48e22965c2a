"""Markdown cards (Hugging Face model and dataset cards, MODEL_CARD.md, DATASHEET.md) -> canonical artifacts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_lint.adapters.common import offer, read_yaml, references_from, value_state, vocabulary, yaml_field
from aims_lint.model import (
    Artifact,
    Field,
    FieldState,
    InlineSuppression,
    Kind,
    Location,
    Problem,
    Reference,
    Section,
)
from aims_lint.parse.markdown import content_state, heading_key, parse_sections, split_front_matter
from aims_lint.vocab import section_state

# Front-matter keys that only Hugging Face model or dataset metadata use.
MODEL_KEYS = frozenset(
    {"library_name", "pipeline_tag", "base_model", "model-index", "model_name", "inference", "widget",
     "base_model_relation", "model_type", "co2_eq_emissions", "new_version"}
)
DATASET_KEYS = frozenset(
    {"task_categories", "size_categories", "source_datasets", "dataset_info", "configs", "pretty_name",
     "annotations_creators", "language_creators", "multilinguality", "task_ids", "paperswithcode_id",
     "train-eval-index", "viewer", "dataset_summary"}
)
# Keys common on Hugging Face cards of either kind: with one of these a README is taken for a card.
HUB_KEYS = frozenset({"license", "license_name", "license_link", "tags", "language", "datasets", "metrics",
                      "thumbnail", "extra_gated_prompt", "extra_gated_fields"})
_TITLE = re.compile(r"^#\s+(.*)$", re.MULTILINE)
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
_LABEL = re.compile(
    # One line each ('\s' would let a label with no value take the next line as its value), and no lazy
    # value before trailing blanks (quadratic on long lines). No two parts take the same blanks (quadratic or
    # worse on a line of blanks that does not close): the label ends at a character that is not a blank (or,
    # shorter than that, is a character and a blank or two blanks), a colon takes the blanks after it, and the
    # value starts after every blank.
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)([^:*_\n]{1,39}?[^ \t:*_\n]|[^ \t:*_\n][ \t]|[ \t]{2})[ \t]*(?::[ \t]*)?"
    r"(?:\*\*|__)[ \t]*(?::[ \t]*)?(?![ \t])(.*\S)?[ \t]*$",
    re.MULTILINE,
)


@dataclass(slots=True)
class LoadResult:
    artifact: Artifact | None
    problems: list[Problem] = field(default_factory=list)
    # Further artifacts read from the same file: a CycloneDX BOM holds one per ML component.
    extra: list[Artifact] = field(default_factory=list)
    # The file's `aims-lint: ignore[...]` comments (parse.suppressions), set by the reader, which has its text.
    suppressions: tuple[InlineSuppression, ...] = ()


def guess_kind(keys: set[str], body: str) -> Kind | None:
    model_score = len(keys & MODEL_KEYS)
    dataset_score = len(keys & DATASET_KEYS)
    if model_score or dataset_score:
        return Kind.MODEL_CARD if model_score >= dataset_score else Kind.DATASET_RECORD
    title = _TITLE.search(body)
    if title:
        text = title.group(1).lower()
        if "dataset card" in text or "datasheet" in text or "data card" in text:
            return Kind.DATASET_RECORD
        if "model card" in text:
            return Kind.MODEL_CARD
    return None


def readme_kind(keys: set[str], body: str, *, beside_weights: bool, fenced: bool, troubled: bool) -> Kind | None:
    """The kind a README is taken for, or None when it is no card.

    By its metadata keys or title; failing those, beside weights or with Hub keys it is a model card; and a README
    that opens front matter it cannot read was meant to be a card, so it is one and its defect gets reported.
    """
    kind = guess_kind(keys, body)
    if kind is None and (beside_weights or keys & HUB_KEYS):
        kind = Kind.MODEL_CARD
    if kind is None and fenced and troubled:
        kind = Kind.MODEL_CARD
    return kind


def adapt_markdown(
    path: str, text: str, *, kind_hint: Kind | None, beside_weights: bool, readme: bool
) -> LoadResult:
    """Read a Markdown card. A README is a card only when its metadata, title or place says so."""
    problems: list[Problem] = []
    split = split_front_matter(text)
    if split.unterminated:
        problems.append(
            Problem("front-matter-unterminated", "front matter opened on line 1 is never closed with '---'",
                    Location(path, 1, 1))
        )
    document: Any = None
    positions: Mapping[str, tuple[int, int]] = {}
    metadata: dict[str, Any] = {}
    raw_keys: set[str] = set(TOP_KEY.findall(split.body)) if split.unterminated else set()
    if split.front_matter is not None:
        fm = split.front_matter
        raw_keys = set(TOP_KEY.findall(fm.text))
        loaded, read_problems = read_yaml(path, fm.text, line_offset=fm.first_line - 1)
        problems.extend(read_problems)
        if loaded is not None:
            document, positions = loaded.data, loaded.positions
            if isinstance(document, Mapping):
                metadata = {str(k): v for k, v in document.items()}
            elif document is not None:
                shape = "a list" if isinstance(document, list) else f"a {type(document).__name__}"
                problems.append(
                    Problem("front-matter-not-mapping",
                            f"front matter is {shape}, not a mapping of keys to values; metadata ignored",
                            Location(path, *positions.get("", (fm.first_line, 1))))
                )
    keys = set(metadata) or raw_keys
    if kind_hint is not None:
        kind: Kind | None = kind_hint
    elif readme:
        fenced = split.front_matter is not None or split.unterminated
        kind = readme_kind(keys, split.body, beside_weights=beside_weights, fenced=fenced, troubled=bool(problems))
    else:
        kind = guess_kind(keys, split.body)
    if kind is None:
        return LoadResult(None, [])
    sections = parse_sections(split.body, split.body_first_line)
    hub = split.front_matter is not None and readme
    if kind is Kind.MODEL_CARD:
        fmt = "hf-model-card" if hub else "markdown-model-card"
    else:
        fmt = "hf-dataset-card" if hub else "markdown-dataset-record"
    fields: dict[str, Field] = {}
    references = _fill_fields(fields, _Card(path, kind, fmt), metadata, positions, sections, problems)
    artifact = Artifact(path, kind, fmt, fields, sections, anchor=Location(path, 1, 1), document=metadata,
                        positions=positions, references=references)
    return LoadResult(artifact, problems)


@dataclass(frozen=True, slots=True)
class _Card:
    """The card whose fields are being read: its path, kind and format."""

    path: str
    kind: Kind
    format: str


def _fill_fields(
    fields: dict[str, Field],
    card: _Card,
    metadata: Mapping[str, Any],
    positions: Mapping[str, tuple[int, int]],
    sections: tuple[Section, ...],
    problems: list[Problem],
) -> tuple[Reference, ...]:
    """Fill the card's canonical fields from its front matter, sections and label lines; the names of other
    artifacts it holds."""
    vocab = vocabulary()[card.kind.value]
    path = card.path
    for name, keys in vocab["front_matter"].items():
        for key in keys:
            if key in metadata:
                offer(fields, name, yaml_field(metadata, key, path=path, positions=positions,
                                               origin_prefix="front matter "))
    for key in metadata:  # keys of the team's own, for its rule packs
        if isinstance(key, str) and key.startswith("x-"):
            fields[key] = yaml_field(metadata, key, path=path, positions=positions, origin_prefix="front matter ")
    _license_from_metadata(fields, path, metadata, positions)
    section_index = vocab["section_index"]
    for section in sections:
        for name in section_index.get(section.key, ()):
            offer(fields, name, Field(section.text, Location(path, section.line, 1),
                                      f"section '{section.title}'", section_state(section)))
    label_index = vocab["label_index"]
    for section in sections:
        for match in _LABEL.finditer(section.own_text):
            names = label_index.get(heading_key(match.group(1)), ())
            if not names:
                continue
            value = match.group(2) or ""
            line = section.line + section.own_text.count("\n", 0, match.start()) + 1
            for name in names:
                offer(fields, name, Field(value, Location(path, line, 1), f"'{match.group(1)}' line",
                                          content_state(value)))
    references: list[Reference] = []
    hub = card.format.startswith("hf-")
    if card.kind is Kind.MODEL_CARD:
        _evaluation_from_model_index(fields, path, metadata, positions, problems)
        for key, role in (("datasets", "dataset"), ("base_model", "base_model")):
            if key in metadata:
                references += references_from(metadata[key], path=path, pointer=f"/{key}",
                                              positions=positions, role=role, hub=hub)
        if "training_data" in metadata:
            references += references_from(metadata["training_data"], path=path, pointer="/training_data",
                                          positions=positions, role="dataset", hub=False)
        if "datasets" in metadata:
            offer(fields, "training_data",
                  yaml_field(metadata, "datasets", path=path, positions=positions, origin_prefix="front matter "))
    else:
        source = metadata.get("source_datasets")
        named = [s for s in (source if isinstance(source, list) else [source]) if isinstance(s, str)]
        if any(s.strip().lower() not in ("original", "") for s in named):
            offer(fields, "source", yaml_field(metadata, "source_datasets", path=path, positions=positions,
                                               origin_prefix="front matter "))
    title = next((s for s in sections if s.level == 1), None)
    if "name" not in fields and title is not None:
        fields["name"] = Field(title.title, Location(path, title.line, 1), "title", content_state(title.title))
    return tuple(references)


def _license_from_metadata(
    fields: dict[str, Field], path: str, metadata: Mapping[str, Any], positions: Mapping[str, tuple[int, int]]
) -> None:
    if "license" not in metadata:
        return
    base = yaml_field(metadata, "license", path=path, positions=positions, origin_prefix="front matter ")
    value = metadata["license"]
    # Keep license_name and license_link with the licence: rules judge "other" by them.
    detail = {"id": value}
    for extra in ("license_name", "license_link"):
        if extra in metadata:
            detail[extra.removeprefix("license_")] = metadata[extra]
    fields["license"] = Field(detail, base.location, base.origin, base.state)


def _evaluation_from_model_index(
    fields: dict[str, Field],
    path: str,
    metadata: Mapping[str, Any],
    positions: Mapping[str, tuple[int, int]],
    problems: list[Problem],
) -> None:
    if "model-index" not in metadata:
        return
    index = metadata["model-index"]
    line, column = positions.get("/model-index", (1, 1))
    where = Location(path, line, column, "/model-index")
    entries = [index] if isinstance(index, Mapping) else index
    if not isinstance(entries, list):
        problems.append(Problem("metadata-shape", "model-index is neither a list nor a mapping", where))
        return
    metrics: list[dict[str, Any]] = []
    datasets: list[str] = []
    for entry in entries:
        results = entry.get("results") if isinstance(entry, Mapping) else None
        if not isinstance(results, list):
            continue
        for result in results:
            if not isinstance(result, Mapping):
                continue
            dataset = result.get("dataset")
            dataset_name = None
            if isinstance(dataset, Mapping):
                dataset_name = dataset.get("name") or dataset.get("type")
            elif isinstance(dataset, str):
                dataset_name = dataset
            if dataset_name and value_state(dataset_name) is FieldState.PRESENT:
                datasets.append(str(dataset_name))
            found = result.get("metrics")
            for metric in found if isinstance(found, list) else []:
                if isinstance(metric, Mapping) and metric.get("value") is not None:
                    metrics.append({"metric": metric.get("name") or metric.get("type"),
                                    "value": metric.get("value"), "dataset": dataset_name})
    origin = "front matter key 'model-index'"
    state = FieldState.PRESENT if metrics else FieldState.EMPTY
    offer(fields, "evaluation_metrics", Field(metrics, where, origin, state))
    offer(fields, "evaluation_data",
          Field(datasets, where, origin, FieldState.PRESENT if datasets else FieldState.EMPTY))

