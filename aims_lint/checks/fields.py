"""Checks over canonical fields: presence with real content, Markdown sections, licences, schema conditions."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.options import ENTRIES, LABEL, LABELS, NAMES, NO_OPTIONS, options
from aims_lint.data import read_data
from aims_lint.model import Artifact, Field, FieldState, Hit, Location, Section
from aims_lint.vocab import (
    FRONT_MATTER,
    FieldWords,
    KindWords,
    heading_key,
    section_state,
    suggested_headings,
    vocabulary,
    words,
)

if TYPE_CHECKING:
    from aims_lint.schemas import SchemaValidator

_KIND_NAMES = {"model_card": "model card", "dataset_record": "dataset record"}
# How many of a field's headings a finding suggests.
_SUGGESTED = 3


@check(scope="artifact", reads="artifact",
       options=options(required=("fields",), fields=NAMES, any_of={"type": "boolean"}, label=LABEL, labels=LABELS))
def required_fields(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each named canonical field must carry real content (or, with any_of, at least one of them). Fields missing
    altogether are one finding, which says what would satisfy it and points where it belongs; not in a card written
    in another language than English (AL012 says so instead)."""
    names: list[str] = options["fields"]
    label: str = options.get("label") or " and ".join(n.replace("_", " ") for n in names)
    fields = artifact.fields
    if options.get("any_of"):
        if any(n in fields and fields[n].present for n in names):
            return
        weak = max((fields[n] for n in names if n in fields), key=_rank, default=None)
        if weak is not None:
            yield _field_hit(artifact, label, weak, names)
        elif artifact.english:
            yield _missing_hit(artifact, label, names)
        return
    labels = options.get("labels", {})

    def said(name: str) -> str:
        return str(labels.get(name, label if len(names) == 1 else name.replace("_", " ")))

    # In a card of another language, what no key states may be said in words aims-lint does not read.
    absent = [n for n in names if n not in fields] if artifact.english else []
    gap = _missing_hit(artifact, " or ".join(said(n) for n in absent), absent) if absent else None
    for name in names:
        found = fields.get(name)
        if found is not None and not found.present:
            if gap is not None and gap.location == found.location:
                # The place the missing ones go is the one that says nothing: one finding for both.
                yield _field_hit(artifact, " and ".join(said(n) for n in [name, *absent]), found, [name, *absent])
                gap = None
            else:
                yield _field_hit(artifact, said(name), found, [name])
    if gap is not None:
        yield gap


def _rank(found: Field) -> int:
    return {FieldState.WEAK: 2, FieldState.PLACEHOLDER: 1}.get(found.state, 0)


def _field_hit(artifact: Artifact, label: str, found: Field, names: list[str]) -> Hit:
    """A field that is there but says nothing: what it holds, at its place."""
    if found.state is FieldState.WEAK or (found.state is FieldState.EMPTY and found.note):
        return Hit(found.location, f"{found.origin} {found.note}: state {label}", f"field:{'|'.join(names)}")
    what = "only template placeholders" if found.state is FieldState.PLACEHOLDER else "no content"
    return Hit(found.location, f"{found.origin} has {what}: fill in {label}", f"field:{'|'.join(names)}")


def _missing_hit(artifact: Artifact, label: str, names: list[str]) -> Hit:
    """A field nowhere in the artifact: what would satisfy it (the headings, labels and keys aims-lint reads), at
    the place it belongs (the section it goes under, or the front matter)."""
    kind = _KIND_NAMES.get(artifact.kind.value, artifact.kind.value)
    where, how = _where_to_add(artifact, names)
    return Hit(where, f"{kind} does not state {label}{how}", f"field:{'|'.join(names)}")


def _where_to_add(artifact: Artifact, names: list[str]) -> tuple[Location, str]:
    """Where a missing field goes and what to write there, as the end of a finding's message."""
    kind_words = vocabulary().kinds.get(artifact.kind.value)
    words_of = [kind_words.fields[n] for n in names if n in kind_words.fields] if kind_words else []
    keys = _either([f"'{k}'" for w in words_of for k in w.keys[:1]])
    if artifact.homes is not None and any(name in artifact.homes for name in names):
        return artifact.where(), _in_format(artifact, artifact.homes, names)
    if artifact.format.startswith("aims-"):
        return artifact.where(), f": add the key {keys}" if keys else ""
    if not words_of or not artifact.format.startswith(("hf-", "markdown-")):
        return artifact.where(), ""
    each = _SUGGESTED if len(words_of) == 1 else 2
    headings = _either([f"'{h}'" for w in words_of for h in suggested_headings(w, each)])
    section = f"a section or label named {headings}" if headings else ""
    key = f"the front-matter key {keys}" if keys else ""
    home = _home(artifact, words_of, kind_words)
    if isinstance(home, Location):
        return home, f": add {keys} to the front matter" + (f", or {section}" if section else "")
    title = next((s for s in artifact.sections if s.level == 1), None)
    where = Location(artifact.path, title.line, 1) if title else artifact.where()
    if home is not None and section:
        where, section = Location(artifact.path, home.line, 1), f"{section} under '{home.title}'"
    return where, ": add " + ", or ".join(x for x in (section, key) if x)


def _in_format(artifact: Artifact, homes: Mapping[str, str | None], names: list[str]) -> str:
    """Where missing fields go in a format of keys of its own (homes), as the end of a finding's message; or that
    the format has no place for them, and what to do instead."""
    places = _either([f"'{place}'" for place in dict.fromkeys(homes.get(name) for name in names) if place])
    if places:
        return f": add {places}"
    kind = _KIND_NAMES.get(artifact.kind.value, artifact.kind.value)
    return (f"; the {artifact.format} format has no place for it: state it in a Markdown {kind} beside this file, "
            "and waive this rule for this file in the configuration's 'waivers' with that reason")


# The field of the sections that say how to run a model.
_HOW_TO_USE = "usage"


def _home(artifact: Artifact, words_of: list[FieldWords], kind_words: KindWords | None) -> Section | Location | None:
    """Where a missing field goes: the first of its homes the card has, a section or the front matter (for a field
    with a key); None when the card has none of them. A section on how to run the model ('Use with llama.cpp',
    'Demo: How to use in Flair') holds the verb of 'Uses', not its subject: it is the home of no other field."""
    asks_usage = any(w.name == _HOW_TO_USE for w in words_of)

    def runs_the_model(section: Section) -> bool:
        return kind_words is not None and _HOW_TO_USE in kind_words.heading_fields(section.title)

    for words_ in words_of:
        for wanted in words_.home:
            if wanted == FRONT_MATTER:
                front = _front_matter(artifact)
                if front is not None and words_.keys:
                    return front
                continue
            phrase = words(wanted)
            # A heading that is the home ('Training') before one that holds it ('Training hyperparameters').
            holding = (s for s in artifact.sections
                       if _holds(words(s.title), phrase) and (asks_usage or not runs_the_model(s)))
            found = next((s for s in artifact.sections if words(s.title) == phrase), None) or next(holding, None)
            if found is not None:
                return found
    return None


def _holds(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(tokens[i : i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


def _front_matter(artifact: Artifact) -> Location | None:
    """The first line of a card's front matter, when it has any."""
    if not artifact.document or "" not in artifact.positions:
        return None
    line, column = artifact.positions[""]
    return Location(artifact.path, line, column)


def _either(options: list[str]) -> str:
    """'a', 'a or b', 'a, b or c', leaving out the empty ones."""
    shown = [o for o in options if o]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def unmet_sections(
    artifact: Artifact, entries: Iterable[Mapping[str, Any]]
) -> Iterator[tuple[Mapping[str, Any], Section | None, str]]:
    """Each entry ({headings, ...}) with no section of real content under one of its headings: the entry, the
    first matching section if any (empty or a placeholder), and the fingerprint subject."""
    for entry in entries:
        wanted = {heading_key(h) for h in entry["headings"]}
        matches = [s for s in artifact.sections if s.key in wanted]
        if any(section_state(s) is FieldState.PRESENT for s in matches):
            continue
        yield entry, (matches[0] if matches else None), f"section:{heading_key(entry['headings'][0])}"


@functools.cache
def known_licenses() -> frozenset[str]:
    text = read_data("licenses.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def known_license(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A licence is an SPDX or Hugging Face identifier, or 'other' with a name and a link."""
    found = artifact.fields.get("license")
    if found is None or not found.present or not found.location.pointer:
        # A missing licence is the presence rules' business; prose in a section is not an identifier to judge.
        return
    value = found.value
    ids = value.get("id") if isinstance(value, Mapping) else value
    detail = value if isinstance(value, Mapping) else {}
    for license_id in ids if isinstance(ids, list) else [ids]:
        text = str(license_id).strip()
        lowered = text.lower()
        rights = artifact.fields.get("rights")
        if lowered == "proprietary" and rights is not None and rights.present:
            continue  # internal data: the rights statement says what allows its use
        if lowered in ("other", "proprietary", "licenseref-proprietary") or lowered.startswith("licenseref-"):
            if not (str(detail.get("name") or "").strip() and str(detail.get("link") or "").strip()):
                yield Hit(found.location,
                          f"licence '{text}' needs a licence name and a link to its terms", f"license:{lowered}")
            continue
        if lowered not in known_licenses() and not _is_spdx_expression(lowered):
            meant = _meant_license(lowered)
            fix = f": write '{meant}'" if meant else ""
            yield Hit(found.location, f"licence '{text}' is not an SPDX or Hugging Face licence identifier{fix}",
                      f"license:{lowered}")


def _meant_license(lowered: str) -> str | None:
    """The identifier a licence written as a name most likely means: 'Apache 2.0' is apache-2.0, 'MIT License'
    is mit, 'BSD 3 clause' is bsd-3-clause; None when no identifier is that close."""
    words = lowered.replace("_", " ").replace("-", " ").split()
    while words and words[-1] in ("license", "licence"):
        words.pop()
    candidate = "-".join(words)
    for written in (candidate, candidate.replace("-v", "-")):
        if written != lowered and written in known_licenses():
            return written
    return None


def _is_spdx_expression(text: str) -> bool:
    parts = text.replace("(", " ").replace(")", " ").split()
    words = [p for p in parts if p not in ("and", "or", "with")]
    return len(parts) > 1 and all(w in known_licenses() or w.endswith("-exception") for w in words)


@dataclass(frozen=True, slots=True)
class SchemaCondition:
    """A rule's schema compiled once: whole, or, for a rule with a message of its own whose schema only sets
    conditions on named fields, one validator per field (each failing field is one finding at its line, and no
    list of errors, the costly part of validation, is ever built)."""

    whole: SchemaValidator | None
    by_field: Mapping[str, SchemaValidator]


def prepare_schema_condition(options: Mapping[str, Any]) -> SchemaCondition:
    """Compile the rule's schema once, when the pack is loaded."""
    from aims_lint.schemas import compile_schema

    schema = options["schema"]
    conditions = schema.get("properties")
    per_field = ("message" in options and isinstance(conditions, Mapping)
                 and set(schema) <= {"properties", "type", "$defs"} and schema.get("type", "object") == "object")
    if not per_field:
        return SchemaCondition(compile_schema(schema), {})
    shared = {"$defs": schema["$defs"]} if "$defs" in schema else {}
    return SchemaCondition(None, {name: compile_schema({"properties": {name: sub}, **shared})
                                  for name, sub in conditions.items()})


@check(scope="artifact", reads="artifact", prepare=prepare_schema_condition,
       options=options(required=("schema",), schema={"type": "object"}, message={"type": "string"}, entries=ENTRIES))
def schema_condition(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Present canonical field values (with entries, each entry's) must satisfy a JSON Schema.

    entries names a governance document's list: each risk of a register, each system of an inventory, ...
    """
    from aims_lint.checks.governance import targets  # governance builds on this module's helpers

    condition = context.prepared_as(SchemaCondition)
    list_name = options.get("entries")
    message = options.get("message")
    if list_name is None:
        yield from _condition_hits(artifact, artifact.fields, condition, message, "")
        return
    for target in targets(artifact, list_name):
        said = f"{target.thing}: {message}" if message else None
        yield from _condition_hits(artifact, target.fields, condition, said, target.subject,
                                   prefix=f"{target.thing}: ")


def _condition_hits(artifact: Artifact, fields: Mapping[str, Field], condition: SchemaCondition, message: str | None,
                    subject: str, *, prefix: str = "") -> Iterator[Hit]:
    """The hits of a schema condition on some fields: field by field where it was compiled so, else from the
    whole schema's list of errors."""
    from aims_lint.schemas import pointer_of

    if condition.whole is not None:
        yield from _schema_hits(artifact, fields, condition.whole, message, subject, prefix=prefix)
        return
    for name, validator in condition.by_field.items():
        found = fields.get(name)
        if found is not None and found.present and not validator.is_valid({name: found.value}):
            yield Hit(found.location, message or "", f"{subject}schema:{pointer_of([name])}")


def _schema_hits(artifact: Artifact, fields: Mapping[str, Field], validator: SchemaValidator, message: str | None,
                 subject: str, *, prefix: str = "") -> Iterator[Hit]:
    """A hit for each place the present fields break the schema, at the field's line (or the value's inside it)."""
    from aims_lint.schemas import schema_errors

    instance = {name: f.value for name, f in fields.items() if f.present}
    for pointer, error in schema_errors(validator, instance):
        top = pointer.split("/")[1] if pointer.count("/") else ""
        found = fields.get(top.replace("~1", "/").replace("~0", "~"))
        location = found.location if found else artifact.where()
        if found is not None and found.location.pointer and pointer.count("/") > 1:
            inner = found.location.pointer + pointer[len("/" + top) :]
            if inner in artifact.positions:
                location = artifact.position_of(inner)
        yield Hit(location, message or f"{prefix}{error}", f"{subject}schema:{pointer}")
