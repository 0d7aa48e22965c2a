"""The check that ids written in governance documents are known: Annex A, B and C ids, own controls, risk ids."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aims_lint.catalog import catalog
from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.governance import ANNEX_A_ID, ANNEX_B_ID, entry_key, entry_name, ids_in
from aims_lint.checks.options import ENTRIES, FIELD, GOVERNANCE_KINDS, LABEL, options
from aims_lint.model import Artifact, Hit, Kind


@dataclass(frozen=True, slots=True)
class IdSet:
    """Ids a value may be one of, and the words a message may use about a member."""

    contains: Callable[[str], bool]
    words: Callable[[str], Mapping[str, str]]


def _no_words(value: str) -> Mapping[str, str]:
    return {}


def _table(table: Mapping[str, str]) -> IdSet:
    """The ids of a catalog table; {title} is a member's title."""
    return IdSet(table.__contains__, lambda value: {"title": table[value]})


def _annex_b_guidance(context: RunContext) -> IdSet:
    """Annex B ids whose Annex A twin is a control; {control} is that control."""
    controls = catalog().controls
    return IdSet(lambda v: ANNEX_B_ID.fullmatch(v) is not None and "A" + v[1:] in controls,
                 lambda v: {"control": "A" + v[1:]})


# The sets a rule may name, each with the words its members give messages and how a run builds it.
ID_SETS: Mapping[str, tuple[frozenset[str], Callable[[RunContext], IdSet]]] = {
    "annex_a_controls": (frozenset({"title"}), lambda context: _table(catalog().controls)),
    "annex_a_shaped": (frozenset(), lambda context: IdSet(lambda v: ANNEX_A_ID.fullmatch(v) is not None, _no_words)),
    "annex_b_guidance": (frozenset({"control"}), _annex_b_guidance),
    "annex_c_risk_sources": (frozenset({"title"}), lambda context: _table(catalog().risk_sources)),
    "annex_c_objectives": (frozenset({"title"}), lambda context: _table(catalog().objectives)),
    "organisation_controls": (frozenset(), lambda context: IdSet(context.declared_controls.__contains__,
                                                                   _no_words)),
    "risk_ids": (frozenset(), lambda context: IdSet(context.governance.risk_ids.__contains__, _no_words)),
}
_SET = {"enum": sorted(ID_SETS)}
# Words every message may use: the entry ("risk 'R-001'") and the value found.
_WORDS = frozenset({"thing", "value"})


def prepare_ids_known(options: Mapping[str, Any]) -> None:
    """Refuse a message that uses a word its set does not give, or anything but plain {word}s."""
    for wanted in options["ids"]:
        _check_words(wanted["message"], _WORDS)
        for hint in wanted.get("hints", ()):
            _check_words(hint["message"], _WORDS | ID_SETS[hint["within"]][0])


def _check_words(template: str, allowed: frozenset[str]) -> None:
    for _, word, spec, conversion in string.Formatter().parse(template):
        if word is not None and (word not in allowed or spec or conversion):
            raise ValueError(f"message {template!r} uses {{{word}}}: it may use {', '.join(sorted(allowed))}")


_HINT = options(required=("within", "message"), within=_SET, message=LABEL)
_IDS = options(required=("field", "within", "message"), field=FIELD, subject=FIELD, message=LABEL,
               within={"type": "array", "minItems": 1, "items": _SET}, hints={"type": "array", "items": _HINT})


@check(scope="artifact", reads="governance", prepare=prepare_ids_known, options=options(
    required=("entries", "ids"), entries=ENTRIES, requires=GOVERNANCE_KINDS,
    ids={"type": "array", "minItems": 1, "items": _IDS}))
def ids_known(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each id that a field of a list's entries gives is in one of the named sets; hints word the near misses."""
    requires = options.get("requires")
    if requires is not None and not context.governance.readable(Kind(requires)):
        return  # no such document is a finding of its own; an unreadable one says nothing
    list_name = options["entries"]
    named = {s for w in options["ids"] for s in (*w["within"], *(h["within"] for h in w.get("hints", ())))}
    sets = {name: ID_SETS[name][1](context) for name in named}
    for entry in artifact.entries.get(list_name, ()):
        thing, key = entry_name(list_name, entry), entry_key(list_name, entry)
        for wanted in options["ids"]:
            name = wanted["field"]
            for value, where in ids_in(artifact, entry.fields.get(name)):
                if not any(sets[s].contains(value) for s in wanted["within"]):
                    yield Hit(where, _message(wanted, sets, thing, value),
                              f"{list_name}:{key}:{wanted.get('subject', name)}:{value}")


def _message(wanted: Mapping[str, Any], sets: Mapping[str, IdSet], thing: str, value: str) -> str:
    """The first hint whose set holds the value words the message; else the field's own message."""
    for hint in wanted.get("hints", ()):
        found = sets[hint["within"]]
        if found.contains(value):
            return str(hint["message"]).format(thing=thing, value=value, **found.words(value))
    return str(wanted["message"]).format(thing=thing, value=value)
