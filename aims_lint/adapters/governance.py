"""Governance documents (risk register, impact assessments, SoA, AI inventory, AI policy, and the rest of the
management system: objectives, nonconformities, reviews, audits, monitoring, incidents, event logging) -> canonical
artifacts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from aims_lint.adapters.common import offer, read_yaml, yaml_field
from aims_lint.adapters.impact_reading import impact_fields
from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, Entry, Field, FieldState, Kind, Location, Problem
from aims_lint.parse.jsonpos import nearest_position
from aims_lint.parse.markdown import content_state, parse_body, split_front_matter
from aims_lint.parse.yamlpos import escape_pointer_token
from aims_lint.schemas import schema_errors, validator_for
from aims_lint.vocab import DATE, date_value

# The problem code of a governance document that breaks its schema; its own rule reports it.
SCHEMA_CODE = "governance-schema"

YAML_FORMATS: Mapping[Kind, tuple[str, str]] = {
    Kind.RISK_REGISTER: ("aims-risk-register", "risk-register"),
    Kind.IMPACT_ASSESSMENT: ("aims-impact-assessment", "impact-assessment"),
    Kind.SOA: ("aims-soa", "soa"),
    Kind.AI_INVENTORY: ("aims-ai-inventory", "ai-inventory"),
    Kind.AI_OBJECTIVES: ("aims-ai-objectives", "ai-objectives"),
    Kind.NONCONFORMITY_LOG: ("aims-nonconformity-log", "nonconformity-log"),
    Kind.MANAGEMENT_REVIEW: ("aims-management-review", "management-review"),
    Kind.AUDIT_PROGRAMME: ("aims-audit-programme", "audit-programme"),
    Kind.MONITORING_PLAN: ("aims-monitoring-plan", "monitoring-plan"),
    Kind.INCIDENT_RESPONSE: ("aims-incident-response", "incident-response"),
    Kind.EVENT_LOGGING: ("aims-event-logging", "event-logging"),
    Kind.AI_ROLES: ("aims-ai-roles", "ai-roles"),
}
MARKDOWN_FORMATS: Mapping[Kind, str] = {
    Kind.IMPACT_ASSESSMENT: "markdown-impact-assessment",
    Kind.AI_POLICY: "markdown-ai-policy",
    Kind.CONCERNS_CHANNEL: "markdown-concerns-channel",
    Kind.AI_PROCESSES: "markdown-ai-processes",
}
# The lists whose items become entries, per kind.
ENTRY_LISTS: Mapping[Kind, tuple[str, ...]] = {
    Kind.RISK_REGISTER: ("risks", "organisation_controls"),
    Kind.SOA: ("controls", "organisation_controls"),
    Kind.AI_INVENTORY: ("systems", "suppliers"),
    Kind.AI_OBJECTIVES: ("objectives",),
    Kind.NONCONFORMITY_LOG: ("nonconformities",),
    Kind.MANAGEMENT_REVIEW: ("reviews",),
    Kind.AUDIT_PROGRAMME: ("audits",),
    Kind.MONITORING_PLAN: ("monitors",),
    Kind.INCIDENT_RESPONSE: ("obligations",),
    Kind.EVENT_LOGGING: ("events",),
    Kind.AI_ROLES: ("roles",),
}
# Keys holding dates, wherever they appear; a value that is not a real calendar date is a schema problem.
DATE_KEYS = frozenset({"approved_on", "next_review", "assessed_on", "accepted_on", "due_diligence_on", "due_on",
                       "found_on", "closed_on", "held_on", "audited_on", "evaluated_on"})


def _schema_problems(path: str, schema: str, data: Any, positions: Mapping[str, tuple[int, int]]) -> list[Problem]:
    problems: dict[str, Problem] = {}
    for pointer, message in schema_errors(validator_for(schema), data):
        if message.endswith("is not a 'date'"):
            message = message.replace("is not a 'date'", "is not a date (write YYYY-MM-DD)")
        line, column = nearest_position(positions, pointer)
        problems.setdefault(pointer + "\0" + message, Problem(
            SCHEMA_CODE, f"{pointer or '/'}: {message}", Location(path, line, column, pointer)))
    # Fast validators may accept 2024-02-30; a calendar check catches what a pattern cannot.
    reported = {p.location.pointer for p in problems.values()}
    for pointer, value in _dates(data, ""):
        if pointer not in reported and isinstance(value, str) and date_value(value) is None \
                and DATE.fullmatch(value.strip()):
            line, column = nearest_position(positions, pointer)
            problems[pointer] = Problem(SCHEMA_CODE, f"{pointer}: {value!r} is not a date (write YYYY-MM-DD)",
                                        Location(path, line, column, pointer))
    return sorted(problems.values(), key=lambda p: (p.location.line, p.location.column, p.message))


def _dates(value: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            child = f"{pointer}/{escape_pointer_token(str(key))}"
            if key in DATE_KEYS:
                yield child, item
            else:
                yield from _dates(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _dates(item, f"{pointer}/{index}")


def _fields(
    data: Mapping[str, Any], *, path: str, positions: Mapping[str, tuple[int, int]], prefix: str = ""
) -> dict[str, Field]:
    return {
        key: yaml_field(data, key, path=path, positions=positions, prefix=prefix)
        for key in data
        if isinstance(key, str) and key != "schema_version"  # keys of the team's own (x-...) too
    }


def _entries(data: Mapping[str, Any], name: str, *, path: str,
             positions: Mapping[str, tuple[int, int]]) -> tuple[Entry, ...]:
    items = data.get(name)
    if not isinstance(items, list):
        return ()
    entries = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue  # the schema reports an item that is not a mapping
        pointer = f"/{name}/{index}"
        line, column = positions.get(pointer, (1, 1))
        entries.append(Entry(index, Location(path, line, column, pointer),
                             _fields(item, path=path, positions=positions, prefix=pointer)))
    return tuple(entries)


def adapt_governance_yaml(path: str, text: str, *, kind: Kind) -> LoadResult:
    """A native YAML governance document; the artifact survives schema problems so other rules still run."""
    fmt, schema = YAML_FORMATS[kind]
    loaded, problems = read_yaml(path, text)
    if loaded is None:
        # document=None marks a document that could not be read: cross-checks do not guess at its content.
        return LoadResult(Artifact(path, kind, fmt, anchor=Location(path)), problems)
    data, positions = loaded.data, loaded.positions
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        problems.append(Problem(SCHEMA_CODE, "the document must be a mapping of keys to values",
                                Location(path, *positions.get("", (1, 1)))))
        data = {}
    else:
        problems.extend(_schema_problems(path, schema, data, positions))
    entries = {name: _entries(data, name, path=path, positions=positions) for name in ENTRY_LISTS.get(kind, ())}
    artifact = Artifact(path, kind, fmt, _fields(data, path=path, positions=positions), anchor=Location(path),
                        document=data, positions=positions, entries=entries)
    return LoadResult(artifact, problems)


def adapt_governance_markdown(path: str, text: str, *, kind: Kind) -> LoadResult:
    """A Markdown governance document: metadata from its front matter, content from its sections."""
    fmt = MARKDOWN_FORMATS[kind]
    problems: list[Problem] = []
    split = split_front_matter(text)
    if split.unterminated:
        problems.append(Problem("front-matter-unterminated", "front matter opened on line 1 is never closed with '---'",
                                Location(path, 1, 1)))
    metadata: dict[str, Any] = {}
    positions: Mapping[str, tuple[int, int]] = {}
    document: Any = {}
    if split.front_matter is not None:
        fm = split.front_matter
        loaded, read_problems = read_yaml(path, fm.text, line_offset=fm.first_line - 1)
        problems.extend(read_problems)
        if loaded is None:
            document = None
        else:
            positions = loaded.positions
            if isinstance(loaded.data, Mapping):
                metadata = {str(k): v for k, v in loaded.data.items()}
                problems.extend(_schema_problems(path, "governance-document", metadata, positions))
            elif loaded.data is not None:
                problems.append(Problem("front-matter-not-mapping",
                                        "front matter is not a mapping of keys to values; metadata ignored",
                                        Location(path, fm.first_line, 1)))
    body = parse_body(split.body, split.body_first_line)
    sections = body.sections
    fields = _fields(metadata, path=path, positions=positions)
    for key, found in list(fields.items()):
        fields[key] = Field(found.value, found.location, f"front matter key '{key}'", found.state)
    if kind is Kind.IMPACT_ASSESSMENT:
        for name, found in impact_fields(path, body, split.body, split.body_first_line).items():
            offer(fields, name, found)  # the front matter's key first, where it says as much
    title = next((s for s in sections if s.level == 1), None)
    if "title" not in fields and title is not None:
        fields["title"] = Field(title.title, Location(path, title.line, 1), "title", content_state(title.title))
    artifact = Artifact(path, kind, fmt, fields, sections, anchor=Location(path, 1, 1),
                        document=None if document is None else metadata, positions=positions)
    return LoadResult(artifact, problems)


def adapt_codeowners(path: str, text: str, *, kind: Kind) -> LoadResult:
    """A CODEOWNERS file: one entry per rule line, its path pattern and its owners, at its line."""
    entries: list[Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        where = Location(path, number, 1)
        fields = {"pattern": Field(pattern, where, "pattern"),
                  "owners": Field(owners, where, "owners", FieldState.PRESENT if owners else FieldState.EMPTY)}
        entries.append(Entry(len(entries), where, fields))
    artifact = Artifact(path, kind, "codeowners", anchor=Location(path), document={"rules": len(entries)},
                        entries={"rules": tuple(entries)})
    return LoadResult(artifact, [])
