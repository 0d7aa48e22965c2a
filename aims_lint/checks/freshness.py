"""Checks on dates: reviews that are overdue, things done dated in the future, due diligence grown stale, review
intervals longer than the policy allows."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.governance import KIND_NAMES, all_targets, targets
from aims_lint.checks.options import ENTRIES, FIELD, LABEL, NAMES, options
from aims_lint.model import Artifact, Hit, Kind, Location
from aims_lint.vocab import date_value

_MODES = {"enum": ["not_past", "not_future", "max_age"]}


@check(scope="artifact", reads="artifact", options={
    **options(required=("field", "mode", "label"), field=FIELD, entries=ENTRIES, mode=_MODES,
              max_age_days={"type": "integer", "minimum": 1}, label=LABEL),
    "if": {"properties": {"mode": {"const": "max_age"}}},
    "then": {"required": ["max_age_days"]},
})
def review_dates(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A date field, judged against the run's "today": not past, not in the future, or not older than N days.

    Blank and malformed dates are left to the completeness and schema rules.
    """
    today = context.today
    name, mode, label = options["field"], options["mode"], options["label"]
    for target in targets(artifact, options.get("entries")):
        found = target.fields.get(name)
        when = date_value(found.value) if found is not None else None
        if found is None or when is None:
            continue
        subject = f"{target.subject}date:{name}"
        if mode == "not_past" and when < today:
            days = (today - when).days
            yield Hit(found.location, f"{target.thing}: {label} was due on {when}, {days} day{'s' * (days != 1)} "
                      f"before today ({today}): review it and set the next date", subject)
        elif mode == "not_future" and when > today:
            yield Hit(found.location, f"{target.thing}: {label} {when} is after today ({today}): correct the date",
                      subject)
        elif mode == "max_age":
            limit: int = options["max_age_days"]
            age = (today - when).days
            if age > limit:
                yield Hit(found.location, f"{target.thing}: {label} {when} is {age} days old, more than {limit}: "
                          "repeat it and record the new date", subject)


@check(scope="artifact", reads="artifact", options=options(required=("fields",), fields=NAMES, label=LABEL))
def dates_not_future(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Dates of things already done (the given fields, in the document and in every entry of its lists) are not
    after the run's "today"."""
    today = context.today
    names: Sequence[str] = options["fields"]
    for target in all_targets(artifact):
        for name in names:
            found = target.fields.get(name)
            when = date_value(found.value) if found is not None else None
            if found is None or when is None or when <= today:
                continue
            yield Hit(found.location, f"{target.thing}: {name} {when} is after today ({today}): a date of something "
                      "done cannot be in the future; correct it", f"{target.subject}future:{name}")


@check(scope="artifact", reads="artifact", options=options(
    required=("start", "end", "max_days", "label"), start=FIELD, end=FIELD,
    max_days={"type": "integer", "minimum": 1}, label=LABEL))
def review_interval(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The next date is no more than max_days after the last one (a review planned within the interval)."""
    limit: int = options["max_days"]
    for target in targets(artifact, None):
        start, end = target.fields.get(options["start"]), target.fields.get(options["end"])
        first = date_value(start.value) if start is not None else None
        second = date_value(end.value) if end is not None else None
        if end is None or first is None or second is None:
            continue
        days = (second - first).days
        if days > limit:
            yield Hit(end.location, f"{target.thing}: {options['end']} {second} is {days} days after "
                      f"{options['start']} {first}, more than {limit}: plan {options['label']} within "
                      f"{limit} days", f"interval:{options['start']}:{options['end']}")


@check(scope="artifact", reads="artifact", options=options(
    required=("entries", "due", "status", "done", "label"), entries=ENTRIES, due=FIELD, status=FIELD, done=NAMES,
    label=LABEL))
def open_past_due(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """An entry whose due date has passed is done (its status one of the done values), not still open."""
    today = context.today
    done = {value.lower() for value in options["done"]}
    for target in targets(artifact, options["entries"]):
        found = target.fields.get(options["due"])
        when = date_value(found.value) if found is not None else None
        if found is None or when is None or when >= today:
            continue
        status = target.fields.get(options["status"])
        if status is not None and isinstance(status.value, str) and status.value.strip().lower() in done:
            continue
        state = f"still '{status.value}'" if status is not None and status.present else "has no status"
        days = (today - when).days
        yield Hit(found.location, f"{target.thing} was due on {when}, {days} day{'s' * (days != 1)} before today "
                  f"({today}), and {state}: {options['label']}, or set a new due date with the reason",
                  f"{target.subject}overdue")


@check(scope="artifact", reads="artifact", options=options(
    required=("entries", "field", "max_age_days", "label"), entries=ENTRIES, field=FIELD,
    max_age_days={"type": "integer", "minimum": 1}, label=LABEL))
def latest_within(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """The most recent date among a list's entries (a review held, an audit done) is no older than max_age_days."""
    if artifact.document is None:
        return
    name, limit = options["field"], options["max_age_days"]
    dated = [(when, found) for target in targets(artifact, options["entries"])
             if (found := target.fields.get(name)) is not None and (when := date_value(found.value)) is not None
             and when <= context.today]
    if not dated:
        # Point at the first blank date to fill in, else at the list.
        blank = next((found for target in targets(artifact, options["entries"])
                      if (found := target.fields.get(name)) is not None), None)
        listed = artifact.fields.get(options["entries"])
        where = blank.location if blank is not None else listed.location if listed is not None else artifact.where()
        yield Hit(where, f"{KIND_NAMES.get(artifact.kind, artifact.kind.value)} records no {options['label']} "
                  f"dated up to today: fill in '{name}' of the last one", f"latest:{name}:none")
        return
    when, found = max(dated, key=lambda pair: pair[0])
    age = (context.today - when).days
    if age > limit:
        yield Hit(found.location, f"the last {options['label']} was on {when}, {age} days before today "
                  f"({context.today}), more than {limit}: hold the next one and record it", f"latest:{name}")


_DAYS = {"type": "integer", "minimum": 1}


@check(scope="artifact", reads="artifact", history="log", options=options(
    required=("review_fields", "max_age_days"), review_fields=NAMES, max_age_days=_DAYS,
    max_age_days_by_kind={"type": "object", "additionalProperties": _DAYS}))
def age_from_history(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A document with no review date is as old as the last commit that changed it: not older than N days (per
    kind where max_age_days_by_kind says, else max_age_days)."""
    history = context.history
    if history is None or artifact.document is None:
        return
    names = options["review_fields"]
    dated = [artifact.fields, *(e.fields for group in artifact.entries.values() for e in group)]
    if any(date_value(f[n].value) is not None for f in dated for n in names if n in f):
        return  # its own dates are judged by the review rules
    changed = history.last_changed(artifact.path)
    if changed is None:
        return  # never committed: as new as today
    limit = options.get("max_age_days_by_kind", {}).get(artifact.kind.value, options["max_age_days"])
    age = (context.today - changed).days
    if age > limit:
        yield Hit(artifact.where(), f"this document records no review date and was last changed on {changed}, "
                  f"{age} days ago, more than {limit}: review it and record the date (for example next_review)",
                  "history-age")


# It reads the weights in its card's folder only, which every run knows by name.
@check(scope="artifact", reads="artifact", history="log", options=options(
    required=("fields",), fields=NAMES))
def card_older_than_weights(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A card whose "last updated" date is older than the last commit that changed the weights beside it."""
    history = context.history
    if history is None:
        return
    found = _last_updated(artifact, options["fields"])
    if found is None:
        return
    when, location = found
    folder = artifact.path.rsplit("/", 1)[0] if "/" in artifact.path else ""
    weights = [a.path for a in context.inventory.artifacts if a.kind is Kind.WEIGHTS
               and (a.path.rsplit("/", 1)[0] if "/" in a.path else "") == folder]
    dates = [(d, w) for w in weights if (d := history.last_changed(w)) is not None]
    if not dates:
        return
    latest, path = max(dates)
    if latest > when:
        yield Hit(location, f"the card says it was last updated on {when}, but its weights {path} changed on "
                  f"{latest}: update the card for the new weights and its date", "older-than-weights")


# A "Last updated: 2025-01-31" line in a card's text.
# Within one line, and each run of spaces and marks matched by one element only, so that it runs in linear time.
_LAST_UPDATED = re.compile(r"(?im)^[ \t*_>-]*last[ _-]updated[ \t*_]*[:=-][ \t*_]*(\d{4}-\d{2}-\d{2})")


def _last_updated(artifact: Artifact, names: Iterable[str]) -> tuple[datetime.date, Location] | None:
    """A card's "last updated" date: a field of that name, else a "Last updated:" line in its text."""
    for name in names:
        found = artifact.fields.get(name)
        when = date_value(found.value) if found is not None else None
        if found is not None and when is not None:
            return when, found.location
    for section in artifact.sections:
        if "updated" not in section.own_text.lower():
            continue
        match = _LAST_UPDATED.search(section.own_text)
        when = date_value(match.group(1)) if match else None
        if match and when is not None:
            line = section.line + section.own_text.count("\n", 0, match.start()) + 1
            return when, Location(artifact.path, line)
    return None
