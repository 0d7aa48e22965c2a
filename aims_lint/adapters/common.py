"""Helpers shared by adapters: judging YAML values, building canonical fields."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aims_lint.model import Field, FieldState, Location, Problem, Reference
from aims_lint.parse.jsonpos import JsonIssue, JsonLoadError, load_json, nearest_position
from aims_lint.parse.markdown import content_state
from aims_lint.parse.yamlpos import YamlDocument, YamlIssue, YamlLoadError, escape_pointer_token, load_yaml
from aims_lint.vocab import assess, words


def problem_at(path: str, issue: YamlIssue | JsonIssue) -> Problem:
    """A parser's issue as a problem of the artifact file."""
    return Problem(issue.code, issue.message, Location(path, issue.line, issue.column))


def read_yaml(path: str, text: str, *, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """YAML of an artifact: the document (None when it cannot be read) and the problems met reading it."""
    try:
        loaded = load_yaml(text, line_offset=line_offset)
    except YamlLoadError as exc:
        return None, [problem_at(path, exc.issue)]
    return loaded, [problem_at(path, i) for i in loaded.issues]


@dataclass(frozen=True, slots=True)
class JsonSource:
    """A parsed JSON artifact file and the way back from a JSON pointer to its line and column."""

    path: str
    data: Any
    positions: Mapping[str, tuple[int, int]]
    problems: tuple[Problem, ...] = ()

    def at(self, pointer: str) -> Location:
        line, column = nearest_position(self.positions, pointer)
        return Location(self.path, line, column, pointer)


def open_json(path: str, text: str, *, report_errors: bool) -> JsonSource | list[Problem]:
    """Parse a JSON artifact; on a syntax error, a finding when the file claimed a format, else nothing."""
    try:
        loaded = load_json(text)
    except JsonLoadError as exc:
        issue = exc.issue
        if not report_errors:
            return []
        return [problem_at(path, issue)]
    problems = tuple(problem_at(path, i) for i in loaded.issues)
    return JsonSource(path, loaded.data, loaded.positions, problems)


def plain_field(value: Any, location: Location, origin: str) -> Field:
    """A canonical field whose state is judged from its value."""
    return Field(value, location, origin, value_state(value))


@functools.cache
def schema_template(family: str) -> frozenset[tuple[str, ...]]:
    """The words of a vendor format's schema descriptions, which templates write in place of content."""
    from aims_lint.schemas.vendor import schema_texts

    return frozenset(words(text) for text in schema_texts(family))


def considered_field(value: Any, location: Location, origin: str, template: frozenset[tuple[str, ...]]) -> Field:
    """A field of a format whose templates fill it with their schema's own words: text that is only a schema
    description ('The name of the risk') or only questions ('Who are the intended users of the model?') is a
    placeholder, the rest is judged as written."""
    kept, dropped = _without_template(value, template)
    state = value_state(kept)
    if state is not FieldState.PRESENT and dropped:
        state = FieldState.PLACEHOLDER
    return Field(value, location, origin, state)


def _without_template(value: Any, template: frozenset[tuple[str, ...]]) -> tuple[Any, bool]:
    if isinstance(value, str):
        if words(value) in template or assess(value)[0] is FieldState.PLACEHOLDER:
            return None, True
        return value, False
    if isinstance(value, Mapping):
        pairs = {k: _without_template(v, template) for k, v in value.items()}
        return {k: kept for k, (kept, _) in pairs.items()}, any(d for _, d in pairs.values())
    if isinstance(value, list | tuple):
        items = [_without_template(v, template) for v in value]
        return [kept for kept, _ in items], any(d for _, d in items)
    return value, False


def metric_fields(
    metrics: list[Any], pointer: str, at: Callable[[str], Location], *, keys: Mapping[str, str], origin: str
) -> tuple[Field, Field | None]:
    """evaluation_metrics from performance metrics ({type, value, slice, ...}), and the slices they were
    measured on as evaluation data (None when no metric names a slice). keys: metric key -> canonical key."""
    results: list[dict[str, Any]] = []
    slices: list[str] = []
    first_slice: Location | None = None
    for index, metric in enumerate(metrics):
        if not isinstance(metric, Mapping) or metric.get("value") in (None, ""):
            continue
        entry = {"metric": metric.get("type"), "value": metric.get("value")}
        entry.update({name: metric[key] for key, name in keys.items() if key in metric})
        results.append(entry)
        piece = metric.get("slice")
        if isinstance(piece, str) and piece.strip():
            slices.append(piece)
            first_slice = first_slice or at(f"{pointer}/{index}/slice")
    found = Field(results, at(pointer), origin, FieldState.PRESENT if results else FieldState.EMPTY)
    if first_slice is None:
        return found, None
    return found, plain_field(sorted(set(slices)), first_slice, "performance metric slices")


def value_state(value: Any) -> FieldState:
    """Whether a YAML value carries content: placeholders and empty containers do not."""
    if value is None:
        return FieldState.EMPTY
    if isinstance(value, str):
        return content_state(value)
    if isinstance(value, bool | int | float):
        return FieldState.PRESENT
    if isinstance(value, Mapping):
        items: Iterable[Any] = value.values()
    elif isinstance(value, list | tuple):
        items = value
    else:
        return FieldState.PRESENT
    placeholder = False
    for item in items:
        state = value_state(item)
        if state is FieldState.PRESENT:
            return state
        placeholder = placeholder or state is FieldState.PLACEHOLDER
    return FieldState.PLACEHOLDER if placeholder else FieldState.EMPTY


def yaml_field(
    document: Mapping[str, Any],
    key: str,
    *,
    path: str,
    positions: Mapping[str, tuple[int, int]],
    prefix: str = "",
    origin_prefix: str = "",
) -> Field:
    # The same keys recur in every card of a repository: their pointers and origins are held once (interned).
    pointer = sys.intern(f"{prefix}/{escape_pointer_token(key)}")
    line, column = positions.get(pointer, (1, 1))
    value = document[key]
    return Field(
        value=value,
        location=Location(path, line, column, pointer),
        origin=sys.intern(f"{origin_prefix}key '{key}'"),
        state=value_state(value),
    )


def better(current: Field | None, candidate: Field) -> bool:
    """A present field beats a weak answer, which beats a placeholder, which beats an empty one; the first found
    wins ties."""
    if current is None:
        return True
    rank = {FieldState.PRESENT: 3, FieldState.WEAK: 2, FieldState.PLACEHOLDER: 1, FieldState.EMPTY: 0}
    return rank[candidate.state] > rank[current.state]


def offer(fields: dict[str, Field], name: str, candidate: Field) -> None:
    if better(fields.get(name), candidate):
        fields[name] = candidate


def references_from(
    value: Any, *, path: str, pointer: str, positions: Mapping[str, tuple[int, int]], role: str, hub: bool
) -> list[Reference]:
    """Dataset or model names in a YAML value: a string, a list of strings, or mappings with a name key."""
    found: list[Reference] = []

    def add(target: Any, at: str) -> None:
        if isinstance(target, str) and target.strip() and value_state(target) is FieldState.PRESENT:
            line, column = positions.get(at, positions.get(pointer, (1, 1)))
            found.append(Reference(target.strip(), Location(path, line, column, at), role, hub))

    if isinstance(value, str):
        add(value, pointer)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            at = f"{pointer}/{index}"
            if isinstance(item, Mapping):
                for key in ("dataset", "path", "id", "name", "ref"):
                    if key in item:
                        add(item[key], f"{at}/{key}")
                        break
            else:
                add(item, at)
    elif isinstance(value, Mapping):
        for key in ("dataset", "path", "id", "name", "ref"):
            if key in value:
                add(value[key], f"{pointer}/{key}")
                break
    return found

