"""Markdown cards (Hugging Face model and dataset cards, MODEL_CARD.md, DATASHEET.md) -> canonical artifacts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_lint.adapters.card_fields import CardSource, card_fields
from aims_lint.adapters.common import read_yaml
from aims_lint.model import Artifact, InlineSuppression, Kind, Location, Problem, Section, pickled_by_fields
from aims_lint.parse.markdown import parse_body, split_front_matter
from aims_lint.vocab import headings_read_as_english, reads_as_english, words

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


@pickled_by_fields
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


def readme_kind(keys: set[str], body: str, *, beside_weights: bool, fenced: bool, troubled: bool,
                among_datasets: bool = False) -> Kind | None:
    """The kind a README is taken for, or None when it is no card.

    By its metadata keys or title; a README under front matter, away from weights, is a dataset card when it has no
    keys and its title names a dataset, or when it is in a `datasets` folder (catalogue.among_datasets); failing
    those, beside weights or with Hub keys it is a model card; and a README that opens front matter it cannot read
    was meant to be a card, so it is one and its defect gets reported.
    """
    kind = guess_kind(keys, body)
    if kind is None and fenced and not beside_weights and (
            among_datasets or (not keys and _titled_dataset(body)) or (keys <= _GENERIC_KEYS and _tells_of_data(body))):
        kind = Kind.DATASET_RECORD
    if kind is None and (beside_weights or keys & HUB_KEYS):
        kind = Kind.MODEL_CARD
    if kind is None and fenced and troubled:
        kind = Kind.MODEL_CARD
    return kind


# Front-matter keys any Hub card may hold: they say nothing of its kind.
_GENERIC_KEYS = frozenset({"license", "license_name", "license_link", "language", "tags", "pretty_name", "thumbnail"})
# A body that speaks of a dataset at least this often, and more than twice as often as of a model, is a dataset's.
_DATASET_MENTIONS = 3
_DATASET_WORD = re.compile(r"\bdatasets?\b", re.IGNORECASE)
_MODEL_WORD = re.compile(r"\bmodels?\b", re.IGNORECASE)
_DATA_WORD = re.compile(r"\b(?:data|datasets?|corpus|corpora|benchmark)\b", re.IGNORECASE)


def _tells_of_data(body: str) -> bool:
    """Whether a README whose front matter holds only keys any card may hold ('license: cc-by-nc-4.0') speaks of a
    dataset rather than a model ('This repository contains the synthetic data ... Our dataset is derived from ...',
    a public dataset card read as a model card): a model's card names its training and evaluation datasets too, but
    speaks of the model more, and its opening paragraph says what the repository holds."""
    datasets = len(_DATASET_WORD.findall(body))
    if datasets < _DATASET_MENTIONS or datasets <= 2 * len(_MODEL_WORD.findall(body)):
        return False
    opening = next((p for p in body.split("\n\n") if p.strip() and p.lstrip()[0].isalpha()), "")
    return _DATA_WORD.search(opening) is not None and _MODEL_WORD.search(opening) is None


def _titled_dataset(body: str) -> bool:
    """Whether a card's title names a dataset: AutoTrain writes '# AutoTrain Dataset for project: yempp' under front
    matter it may leave empty ('{}'), with no key that tells the kind."""
    title = _TITLE.search(body)
    return title is not None and "dataset" in words(title.group(1))


def adapt_markdown(
    path: str, text: str, *, kind_hint: Kind | None, beside_weights: bool, readme: bool, among_datasets: bool = False
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
        kind = readme_kind(keys, split.body, beside_weights=beside_weights, troubled=bool(problems),
                           fenced=split.front_matter is not None or split.unterminated, among_datasets=among_datasets)
    else:
        kind = guess_kind(keys, split.body)
    if kind is None:
        return LoadResult(None, [])
    body = parse_body(split.body, split.body_first_line)
    hub = split.front_matter is not None and readme
    if kind is Kind.MODEL_CARD:
        fmt = "hf-model-card" if hub else "markdown-model-card"
    else:
        fmt = "hf-dataset-card" if hub else "markdown-dataset-record"
    return LoadResult(_card(CardSource(path, kind, metadata, positions, body), fmt, problems), problems)


def _card(source: CardSource, fmt: str, problems: list[Problem]) -> Artifact:
    """The artifact of a card read this far, and what its reading found wrong added to problems."""
    fields, references = card_fields(source, problems)
    body = source.body
    titles = [s.title for s in body.sections]
    english = reads_as_english([*(b.text for b in body.blocks if b.kind == "paragraph"), *titles]
                               ) or headings_read_as_english(titles)
    if not english:
        problems.append(_not_english(source.path, source.kind, body.sections))
    return Artifact(
        path=source.path,
        kind=source.kind,
        format=fmt,
        fields=fields,
        sections=body.sections,
        anchor=Location(source.path, 1, 1),
        document=source.metadata,
        positions=source.positions,
        references=references,
        english=english,
    )


def _not_english(path: str, kind: Kind, sections: tuple[Section, ...]) -> Problem:
    """The one line about a card written in another language than English, at its title."""
    title = next((s for s in sections if s.level == 1), sections[0] if sections else None)
    what = "model card" if kind is Kind.MODEL_CARD else "dataset card"
    return Problem("card-language",
                   f"the {what} is not written in English, the language aims-lint reads headings, labels and "
                   f"sentences in, so it does not judge what the card leaves out: add an English version of its text, "
                   f"with English headings, or state the fields as front-matter keys",
                   Location(path, title.line if title else 1, 1))
