"""Checks within one governance document: required content, the risk scale and levels, SoA rows, impact coverage."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aims_lint.catalog import catalog
from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.fields import unmet_sections
from aims_lint.checks.options import ENTRIES, FIELD, LABEL, LABELS, NAMES, NO_OPTIONS, options, sections
from aims_lint.model import Artifact, Entry, Field, FieldState, Hit, Inventory, Kind, Location
from aims_lint.vocab import content_state, non_answer, section_state

KIND_NAMES: Mapping[Kind, str] = {
    Kind.RISK_REGISTER: "risk register",
    Kind.IMPACT_ASSESSMENT: "impact assessment",
    Kind.SOA: "Statement of Applicability",
    Kind.AI_INVENTORY: "AI system inventory",
    Kind.AI_POLICY: "AI policy",
    Kind.CONCERNS_CHANNEL: "concerns channel",
    Kind.AI_OBJECTIVES: "AI objectives",
    Kind.NONCONFORMITY_LOG: "nonconformity log",
    Kind.MANAGEMENT_REVIEW: "management review record",
    Kind.AUDIT_PROGRAMME: "internal audit programme",
    Kind.MONITORING_PLAN: "monitoring plan",
    Kind.INCIDENT_RESPONSE: "incident response plan",
    Kind.EVENT_LOGGING: "event logging plan",
    Kind.AI_PROCESSES: "processes document",
    Kind.AI_ROLES: "roles document",
    Kind.CODEOWNERS: "CODEOWNERS",
    Kind.MODEL_CARD: "model card",
    Kind.DATASET_RECORD: "dataset record",
}
# What an entry of each list is called in messages, and the key that names it.
ENTRY_NOUNS: Mapping[str, tuple[str, str]] = {
    "risks": ("risk", "id"),
    "controls": ("control", "id"),
    "systems": ("system", "id"),
    "suppliers": ("supplier entry", "component"),
    "organisation_controls": ("organisation control", "id"),
    "objectives": ("objective", "id"),
    "nonconformities": ("nonconformity", "id"),
    "reviews": ("management review", "held_on"),
    "audits": ("audit", "id"),
    "monitors": ("monitor", "metric"),
    "obligations": ("obligation", "recipient"),
    "events": ("logged event", "event"),
    "roles": ("role", "role"),
}
ANNEX_A_ID = re.compile(r"A\.\d+(?:\.\d+)+")
ANNEX_B_ID = re.compile(r"B\.\d+(?:\.\d+)+")
# A coverage section that only says "does not apply", without saying why.
_BARE_NOT_APPLICABLE = re.compile(r"\W*(?:n/?a|none|not applicable|does not apply|no impact)\W*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """What a field check looks at: the document itself or one entry of one of its lists."""

    thing: str
    subject: str
    fields: Mapping[str, Field]
    where: Location


def present(fields: Mapping[str, Field], name: str) -> Any:
    """The value of a field that carries real content, else None."""
    found = fields.get(name)
    return found.value if found is not None and found.present else None


def strings(value: Any) -> list[str]:
    """A string or a list of strings (other items dropped) as a list of stripped strings."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [str(value).strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int) and not isinstance(v, bool)]
    return []


def entry_key(list_name: str, entry: Entry) -> str:
    """The entry's own name (its id or component), or its position when it has none."""
    key_field = ENTRY_NOUNS.get(list_name, ("entry", "id"))[1]
    value = present(entry.fields, key_field)
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return f"#{entry.index + 1}"


def entry_name(list_name: str, entry: Entry) -> str:
    noun = ENTRY_NOUNS.get(list_name, ("entry", "id"))[0]
    key = entry_key(list_name, entry)
    return f"{noun} {key}" if key.startswith("#") else f"{noun} '{key}'"


def targets(artifact: Artifact, list_name: str | None) -> Iterator[Target]:
    """The document or its entries; none when the document could not be read (that is reported once, elsewhere)."""
    if artifact.document is None:
        return
    if list_name is None:
        yield Target(KIND_NAMES.get(artifact.kind, artifact.kind.value), "", artifact.fields, artifact.where())
        return
    for entry in artifact.entries.get(list_name, ()):
        yield Target(entry_name(list_name, entry), f"{list_name}:{entry_key(list_name, entry)}:", entry.fields,
                     entry.location)


def all_targets(artifact: Artifact) -> Iterator[Target]:
    """The document, then every entry of every list it has."""
    yield from targets(artifact, None)
    for list_name in artifact.entries:
        yield from targets(artifact, list_name)


def item_location(artifact: Artifact, found: Field, index: int) -> Location:
    """Where item `index` of a list-valued field stands; the field itself when unknown."""
    pointer = f"{found.location.pointer}/{index}"
    if pointer in artifact.positions:
        return artifact.position_of(pointer)
    return found.location


def values_of(artifact: Artifact, found: Field) -> Iterator[tuple[Any, Location]]:
    """Each value of a field (every item of a list, else the value itself) with where it stands."""
    if isinstance(found.value, list):
        for index, item in enumerate(found.value):
            yield item, item_location(artifact, found, index)
    else:
        yield found.value, found.location


def blank_hit(target: Target, name: str, label: str, found: Field | None, *, markdown: bool = False) -> Hit:
    """A finding for a field that is missing, empty or a placeholder, saying what to fill in."""
    where_kind = " (a front-matter key or a section)" if markdown else ""
    subject = f"{target.subject}field:{name}"
    if found is None:
        return Hit(target.where, f"{target.thing} has no '{name}'{where_kind}: fill in {label}", subject)
    if isinstance(found.value, str) and non_answer(found.value):
        return Hit(found.location, f"{target.thing}: {found.origin} says only '{found.value.strip()}', which answers "
                   f"nothing: fill in {label}", subject)
    if found.state is FieldState.PLACEHOLDER:
        return Hit(found.location, f"{target.thing}: {found.origin} holds only a template placeholder: fill in {label}",
                   subject)
    return Hit(found.location, f"{target.thing}: {found.origin} is empty: fill in {label}", subject)


@check(scope="artifact", reads="artifact", options=options(
    required=("fields",), fields=NAMES, entries=ENTRIES, any_of={"type": "boolean"}, label=LABEL, labels=LABELS,
    in_scope_only={"type": "boolean"}))
def governance_fields(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The named fields of the document (or of each entry of a list, only those in scope if asked) carry real
    content."""
    labels: Mapping[str, str] = options.get("labels", {})
    names: Sequence[str] = options["fields"]
    markdown = artifact.format.startswith("markdown")
    for target in targets(artifact, options.get("entries")):
        if options.get("in_scope_only") and present(target.fields, "in_scope") is False:
            continue
        if options.get("any_of"):
            if not any(present(target.fields, n) is not None for n in names):
                name = next((n for n in names if n in target.fields), names[0])
                label = options.get("label") or " or ".join(labels.get(n, n.replace("_", " ")) for n in names)
                yield blank_hit(target, name, label, target.fields.get(name), markdown=markdown)
            continue
        for name in names:
            found = target.fields.get(name)
            if found is None or not found.present:
                yield blank_hit(target, name, labels.get(name, name.replace("_", " ")), found, markdown=markdown)


@check(scope="artifact", reads="artifact", options=options(required=("sections",), sections=sections(labelled=True)))
def document_sections(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A Markdown governance document has a section with real content under one of each set of headings."""
    thing = KIND_NAMES.get(artifact.kind, artifact.kind.value)
    for wanted, section, subject in unmet_sections(artifact, options["sections"]):
        label = wanted["label"]
        if section is not None:
            placeholder = section_state(section) is FieldState.PLACEHOLDER
            what = "only a template placeholder" if placeholder else "nothing under it"
            yield Hit(Location(artifact.path, section.line, 1),
                      f"{thing}: section '{section.title}' has {what}: fill in {label}", subject)
        else:
            yield Hit(artifact.where(),
                      f"{thing} has no '{wanted['headings'][0]}' section: add it and fill in {label}", subject)


# --- The risk scale -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scale:
    """A register's declared rating scale: ordered likelihoods, impacts and levels, and how they combine."""

    likelihood: tuple[str, ...]
    impact: tuple[str, ...]
    levels: tuple[str, ...]
    max_scores: tuple[int, ...] | None
    matrix: tuple[tuple[int, ...], ...] | None
    threshold: int

    def position(self, axis: str, value: Any) -> int | None:
        """1-based rank of a rating given by name or by number; None when it is not on the scale."""
        names = self.likelihood if axis == "likelihood" else self.impact
        if isinstance(value, int) and not isinstance(value, bool):
            return value if 1 <= value <= len(names) else None
        if isinstance(value, str):
            text = value.strip().lower()
            if text.isascii() and text.isdigit():
                return self.position(axis, int(text))
            if text in names:
                return names.index(text) + 1
        return None

    def level_index(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip().lower() in self.levels:
            return self.levels.index(value.strip().lower())
        return None

    def level_of(self, likelihood: int, impact: int) -> int | None:
        if self.matrix is not None:
            return self.matrix[likelihood - 1][impact - 1]
        assert self.max_scores is not None
        score = likelihood * impact
        return next((i for i, top in enumerate(self.max_scores) if score <= top), None)


def _names(value: Any) -> list[str] | None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip().lower() for v in value]


def read_scale(artifact: Artifact) -> tuple[Scale | None, list[tuple[Location, str, str]]]:
    """The register's scale, or None with the reasons (location, message, subject) it cannot be used."""
    problems: list[tuple[Location, str, str]] = []
    found = artifact.fields.get("scale")
    if found is None or not found.present or not isinstance(found.value, Mapping):
        where = found.location if found is not None else artifact.where()
        return None, [(where, "risk register declares no rating scale: fill in 'scale' with likelihood, impact, "
                              "levels and acceptance_threshold", "scale")]
    scale = found.value
    base = found.location.pointer

    def at(key: str) -> Location:
        pointer = f"{base}/{key}"
        return artifact.position_of(pointer) if pointer in artifact.positions else found.location

    axes: dict[str, list[str]] = {}
    for key, label in (("likelihood", "likelihood ratings"), ("impact", "impact ratings"), ("levels", "risk levels")):
        raw = scale.get(key)
        names = [(v.get("name") if isinstance(v, Mapping) else v) for v in raw] if isinstance(raw, list) else None
        checked = _names(names)
        if checked is None:
            problems.append((at(key), f"the scale has no usable '{key}': fill in the {label}, lowest first",
                             f"scale:{key}"))
        elif len(set(checked)) != len(checked):
            problems.append((at(key), f"the scale's '{key}' names a rating twice", f"scale:{key}:duplicate"))
        else:
            axes[key] = checked
    threshold_text = scale.get("acceptance_threshold")
    threshold = None
    if not isinstance(threshold_text, str) or not threshold_text.strip():
        problems.append((at("acceptance_threshold") if "acceptance_threshold" in scale else found.location,
                         "the scale has no 'acceptance_threshold': fill in the highest level accepted without "
                         "treatment", "scale:acceptance_threshold"))
    elif "levels" in axes:
        if threshold_text.strip().lower() in axes["levels"]:
            threshold = axes["levels"].index(threshold_text.strip().lower())
        else:
            problems.append((at("acceptance_threshold"), f"acceptance threshold '{threshold_text}' is not one of the "
                             f"levels ({', '.join(axes['levels'])})", "scale:acceptance_threshold"))
    if len(axes) < 3:
        return None, problems
    matrix: tuple[tuple[int, ...], ...] | None = None
    max_scores: tuple[int, ...] | None = None
    raw_matrix = scale.get("matrix")
    if raw_matrix is not None:
        matrix = _read_matrix(raw_matrix, axes, at, problems)
    else:
        max_scores = _read_bands(scale.get("levels"), axes, at, problems)
    if problems or threshold is None:
        return None, problems
    return Scale(tuple(axes["likelihood"]), tuple(axes["impact"]), tuple(axes["levels"]), max_scores, matrix,
                 threshold), problems


def _read_matrix(raw: Any, axes: Mapping[str, list[str]], at: Any,
                 problems: list[tuple[Location, str, str]]) -> tuple[tuple[int, ...], ...] | None:
    rows: list[tuple[int, ...]] = []
    likelihood, impact, levels = axes["likelihood"], axes["impact"], axes["levels"]
    if not isinstance(raw, list) or len(raw) != len(likelihood):
        problems.append((at("matrix"), f"the matrix needs one row per likelihood rating ({len(likelihood)}), "
                         "lowest likelihood first", "scale:matrix"))
        return None
    for r, row in enumerate(raw):
        if not isinstance(row, list) or len(row) != len(impact):
            problems.append((at(f"matrix/{r}"), f"matrix row {r + 1} needs one level per impact rating "
                             f"({len(impact)})", f"scale:matrix:{r}"))
            continue
        cells: list[int] = []
        for c, cell in enumerate(row):
            name = cell.strip().lower() if isinstance(cell, str) else ""
            if name not in levels:
                problems.append((at(f"matrix/{r}/{c}"), f"matrix cell '{cell}' is not one of the levels "
                                 f"({', '.join(levels)})", f"scale:matrix:{r}:{c}"))
                continue
            cells.append(levels.index(name))
        rows.append(tuple(cells))
    return tuple(rows)


def _read_bands(raw: Any, axes: Mapping[str, list[str]], at: Any,
                problems: list[tuple[Location, str, str]]) -> tuple[int, ...] | None:
    scores: list[int] = []
    for index, level in enumerate(raw if isinstance(raw, list) else []):
        top = level.get("max_score") if isinstance(level, Mapping) else None
        if not isinstance(top, int) or isinstance(top, bool):
            problems.append((at(f"levels/{index}"), f"level '{axes['levels'][index]}' has no max_score and the scale "
                             "has no matrix: give each level the highest likelihood x impact score it covers",
                             f"scale:levels:{index}"))
            return None
        if scores and top <= scores[-1]:
            problems.append((at(f"levels/{index}"), f"level '{axes['levels'][index]}' has max_score {top}, not above "
                             f"the level before it ({scores[-1]})", f"scale:levels:{index}"))
            return None
        scores.append(top)
    highest = len(axes["likelihood"]) * len(axes["impact"])
    if scores and scores[-1] < highest:
        problems.append((at("levels"), f"scores from {scores[-1] + 1} to {highest} fall in no level: raise the last "
                         "level's max_score", "scale:levels:top"))
        return None
    return tuple(scores)


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def risk_scale(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The register declares a usable scale: ratings, levels, how they combine, and an acceptance threshold."""
    if artifact.document is None:
        return
    for location, message, subject in read_scale(artifact)[1]:
        yield Hit(location, message, subject)


def _ratings(scale: Scale, entry: Entry) -> tuple[int | None, int | None, int | None]:
    fields = entry.fields
    likelihood = scale.position("likelihood", present(fields, "likelihood"))
    impact = scale.position("impact", present(fields, "impact"))
    return likelihood, impact, scale.level_index(present(fields, "level"))


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def risk_levels(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each risk's ratings are on the scale, and its level is what likelihood x impact gives under it."""
    scale = read_scale(artifact)[0]
    if scale is None:
        return
    for entry in artifact.entries.get("risks", ()):
        fields, thing, key = entry.fields, entry_name("risks", entry), entry_key("risks", entry)
        values = {name: present(fields, name) for name in ("likelihood", "impact", "level")}
        if any(v is None for v in values.values()):
            continue  # a blank rating is the completeness rule's business
        likelihood, impact, level = _ratings(scale, entry)
        scales = {"likelihood": scale.likelihood, "impact": scale.impact, "level": scale.levels}
        for name, rank in (("likelihood", likelihood), ("impact", impact), ("level", level)):
            if rank is None:
                names = ", ".join(scales[name])
                yield Hit(fields[name].location, f"{thing}: {name} '{values[name]}' is not on the register's "
                          f"{name} scale ({names})", f"risks:{key}:{name}:off-scale")
        if likelihood is None or impact is None or level is None:
            continue
        expected = scale.level_of(likelihood, impact)
        if expected is not None and expected != level:
            yield Hit(fields["level"].location,
                      f"{thing}: level is '{values['level']}', but likelihood '{values['likelihood']}' x impact "
                      f"'{values['impact']}' gives '{scale.levels[expected]}' under the register's scale",
                      f"risks:{key}:level")


def _level_rank(scale: Scale, entry: Entry) -> int | None:
    likelihood, impact, level = _ratings(scale, entry)
    if level is not None:
        return level
    if likelihood is not None and impact is not None:
        return scale.level_of(likelihood, impact)
    return None


@check(scope="artifact", reads="artifact", options=options(required=("fields", "labels"), fields=NAMES, labels=LABELS))
def risk_treatment(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A risk above the acceptance threshold has the given fields: a treatment option, controls, an acceptance."""
    scale = read_scale(artifact)[0]
    if scale is None:
        return
    threshold = scale.levels[scale.threshold]
    for entry in artifact.entries.get("risks", ()):
        rank = _level_rank(scale, entry)
        if rank is None or rank <= scale.threshold:
            continue
        thing, key = entry_name("risks", entry), entry_key("risks", entry)
        for name in options["fields"]:
            label = options["labels"].get(name, name.replace("_", " "))
            found = entry.fields.get(name)
            if found is not None and found.present:
                continue
            where = found.location if found is not None else entry.location
            yield Hit(where, f"{thing} is '{scale.levels[rank]}', above the acceptance threshold '{threshold}': "
                      f"fill in {label}", f"risks:{key}:treatment:{name}")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def residual_levels(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A residual level is one of the scale's levels and no higher than the risk's level before treatment."""
    scale = read_scale(artifact)[0]
    if scale is None:
        return
    for entry in artifact.entries.get("risks", ()):
        value = present(entry.fields, "residual_level")
        if value is None:
            continue
        thing, key = entry_name("risks", entry), entry_key("risks", entry)
        where = entry.fields["residual_level"].location
        residual = scale.level_index(value)
        if residual is None:
            yield Hit(where, f"{thing}: residual level '{value}' is not one of the register's levels "
                      f"({', '.join(scale.levels)})", f"risks:{key}:residual")
            continue
        rank = _level_rank(scale, entry)
        if rank is not None and residual > rank:
            yield Hit(where, f"{thing}: residual level '{value}' is higher than its level before treatment "
                      f"'{scale.levels[rank]}'", f"risks:{key}:residual")


# --- Identifiers ---------------------------------------------------------------------------------------------


def declared_controls(inventory: Inventory) -> frozenset[str]:
    """Ids of the organisation's own controls, declared in any risk register or Statement of Applicability."""
    ids = set()
    for artifact in inventory.artifacts:
        for entry in artifact.entries.get("organisation_controls", ()):
            value = present(entry.fields, "id")
            if isinstance(value, str):
                ids.add(value.strip())
    return frozenset(ids)


def ids_in(artifact: Artifact, found: Field | None) -> Iterator[tuple[str, Location]]:
    """The ids a field gives (a string or number, or a list of them), stripped, each with where it stands."""
    if found is None or not found.present:
        return
    for value, where in values_of(artifact, found):
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            yield str(value).strip(), where


@check(scope="artifact", reads="artifact", options=options(required=("entries",), entries=ENTRIES))
def unique_ids(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """No two entries of a list share an id."""
    list_name = options["entries"]
    noun, key_field = ENTRY_NOUNS.get(list_name, ("entry", "id"))
    first: dict[str, Location] = {}
    for entry in artifact.entries.get(list_name, ()):
        found = entry.fields.get(key_field)
        value = present(entry.fields, key_field)
        if found is None or value is None:
            continue
        text = str(value).strip()
        if text in first:
            yield Hit(found.location, f"{noun} {key_field} '{text}' is used again (first on line {first[text].line})",
                      f"{list_name}:{text}:duplicate")
        else:
            first[text] = found.location


# --- Impact assessments ----------------------------------------------------------------------------------------


@check(scope="artifact", reads="artifact", options=options(required=("field", "label"), field=FIELD, label=LABEL,
                                                            item_fields=NAMES, labels=LABELS))
def impact_coverage(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The assessment covers a dimension (individuals and groups, or society), or says why it does not apply; when
    it lists items (groups), each gives the item_fields (the group and its impact)."""
    name, label = options["field"], options["label"]
    found = artifact.fields.get(name)
    subject = f"coverage:{name}"
    how = f"assess {label}, or write 'not_applicable: <reason>' saying why it does not apply"
    if found is None:
        yield Hit(artifact.where(), f"impact assessment has no '{name}': {how}", subject)
        return
    if isinstance(found.value, str) and non_answer(_strip_markup(found.value)):
        yield Hit(found.location, f"impact assessment says only that {label} does not apply: fill in why", subject)
        return
    if not found.present:
        what = "holds only a template placeholder" if found.state is FieldState.PLACEHOLDER else "is empty"
        yield Hit(found.location, f"impact assessment: {found.origin} {what}: fill in {label} (or "
                  "'not_applicable: <reason>')", subject)
        return
    value = found.value
    if isinstance(value, Mapping) and "not_applicable" in value:
        reason = value.get("not_applicable")
        if not isinstance(reason, str) or len(reason.strip()) < 10 or _BARE_NOT_APPLICABLE.fullmatch(reason):
            yield Hit(found.location, f"impact assessment says {label} is not applicable but gives no reason: fill in "
                      "why under 'not_applicable'", subject)
        return
    text = value if isinstance(value, str) else None
    if text is not None and _BARE_NOT_APPLICABLE.fullmatch(_strip_markup(text)):
        yield Hit(found.location, f"impact assessment says only that {label} does not apply: fill in why", subject)
    if isinstance(value, list) and options.get("item_fields"):
        yield from _items_complete(artifact, found, options["item_fields"], options.get("labels", {}))


def _items_complete(artifact: Artifact, found: Field, names: Sequence[str],
                    labels: Mapping[str, str]) -> Iterator[Hit]:
    """Each item of a listed coverage (a group, say) gives every named part with real content."""
    for index, item in enumerate(found.value):
        where = item_location(artifact, found, index)
        parts = item if isinstance(item, Mapping) else {names[0]: item}
        for name in names:
            part = parts.get(name)
            if isinstance(part, str | int | float) and not isinstance(part, bool) \
                    and content_state(str(part)) is FieldState.PRESENT:
                continue
            yield Hit(where, f"impact assessment: item {index + 1} of '{found.location.pointer.lstrip('/')}' "
                      f"gives no {name}: fill in {labels.get(name, name.replace('_', ' '))}",
                      f"coverage:{found.location.pointer}:{index}:{name}")


_COMMENT_OR_MARK = re.compile(r"<!--.*?-->|[*_`>#]", re.DOTALL)
_MARK = re.compile(r"[*_`>#]")


def _strip_markup(text: str) -> str:
    # Comments are sought only up to the last '-->': past it, the lazy pattern would rescan the rest of the
    # text for each '<!--', none of which can close.
    head, closer, tail = text.rpartition("-->")
    return (_COMMENT_OR_MARK.sub(" ", head + closer) + _MARK.sub(" ", tail)).strip()


# --- Statement of Applicability --------------------------------------------------------------------------------


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def soa_complete(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Every Annex A control is listed."""
    if artifact.document is None:
        return
    listed = {entry_key("controls", e) for e in artifact.entries.get("controls", ())}
    found = artifact.fields.get("controls")
    where = found.location if found is not None else artifact.where()
    for control_id, title in catalog().controls.items():
        if control_id not in listed:
            yield Hit(where, f"Annex A control {control_id} ({title}) is not listed: add it with applicable, "
                      "justification and status", f"controls:{control_id}:missing")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def soa_controls_once(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each row names an Annex A control, and no control has two rows."""
    known = catalog().controls
    first: dict[str, int] = {}
    for entry in artifact.entries.get("controls", ()):
        found = entry.fields.get("id")
        value = present(entry.fields, "id")
        if found is None or value is None:
            where = found.location if found is not None else entry.location
            yield Hit(where, f"control row {entry.index + 1} has no 'id': fill in the Annex A control id",
                      f"controls:#{entry.index + 1}:id")
            continue
        text = str(value).strip()
        if text not in known:
            hint = " (list the organisation's own controls under 'organisation_controls')" if not \
                ANNEX_A_ID.fullmatch(text) else ""
            yield Hit(found.location, f"'{text}' is not an Annex A control of ISO/IEC 42001{hint}",
                      f"controls:{text}:unknown")
        elif text in first:
            yield Hit(found.location, f"control {text} is listed again (first on line {first[text]})",
                      f"controls:{text}:duplicate")
        else:
            first[text] = found.location.line


@check(scope="artifact", reads="artifact",
       options=options(required=("applicable",), applicable={"type": "boolean"}))
def soa_justified(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each control marked (not) applicable, as the options say, gives a justification."""
    wanted: bool = options["applicable"]
    for entry in artifact.entries.get("controls", ()):
        if present(entry.fields, "applicable") is not wanted:
            continue
        found = entry.fields.get("justification")
        key = entry_key("controls", entry)
        if found is not None and found.present and isinstance(found.value, str) \
                and _BARE_NOT_APPLICABLE.fullmatch(_strip_markup(found.value)):
            yield Hit(found.location, f"{entry_name('controls', entry)}: justification '{found.value.strip()}' only "
                      f"restates the decision: say why {key} {'applies' if wanted else 'is not needed'}",
                      f"controls:{key}:justification")
            continue
        if found is not None and found.present:
            continue
        label = f"why {key} applies" if wanted else f"why {key} is excluded"
        yield blank_hit(Target(entry_name("controls", entry), f"controls:{key}:", entry.fields, entry.location),
                        "justification", label, found)


_STATUS_LABEL = "the status (planned, implemented or not-applicable)"


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def soa_status(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each row says whether the control applies and its status, and the two agree."""
    for entry in artifact.entries.get("controls", ()):
        key = entry_key("controls", entry)
        target = Target(entry_name("controls", entry), f"controls:{key}:", entry.fields, entry.location)
        applicable = present(entry.fields, "applicable")
        status = present(entry.fields, "status")
        if not isinstance(applicable, bool):
            yield blank_hit(target, "applicable", "whether the control applies (yes or no)",
                            entry.fields.get("applicable"))
        if status is None:
            yield blank_hit(target, "status", _STATUS_LABEL, entry.fields.get("status"))
        if not isinstance(applicable, bool) or status is None:
            continue
        if applicable and status == "not-applicable":
            yield Hit(entry.fields["status"].location, f"control {key} is marked applicable but its status is "
                      "not-applicable: set the status to planned or implemented", f"controls:{key}:status")
        elif not applicable and status != "not-applicable":
            yield Hit(entry.fields["status"].location, f"control {key} is marked not applicable but its status is "
                      f"{status}: set the status to not-applicable, or mark it applicable", f"controls:{key}:status")
