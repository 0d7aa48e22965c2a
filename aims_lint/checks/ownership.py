"""Checks of ownership against CODEOWNERS: the holders of the AI roles are owners there, and every governance
document has an owner who must review its changes."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.governance import entry_name, present, strings
from aims_lint.checks.options import NO_OPTIONS
from aims_lint.model import Artifact, Hit, Kind, Location

# Governance documents whose changes need an owner's review; CODEOWNERS itself is the forge's own business.
_OWNED_KINDS = frozenset(k for k in Kind if k not in (Kind.MODEL_CARD, Kind.DATASET_RECORD, Kind.WEIGHTS,
                                                      Kind.CODEOWNERS))


# More wildcards than any real pattern needs would make matching slow on long paths.
_MOST_WILDCARDS = 6
_NOTHING = re.compile(r"(?!)")


@functools.lru_cache(maxsize=1024)
def _pattern(text: str) -> re.Pattern[str]:
    """A CODEOWNERS path pattern as a regular expression over repository paths (gitignore rules, simplified: a
    pattern with an inner '/' or a leading one is anchored at the root, a trailing '/' or a match of a folder
    takes everything below it, '*' stays within a folder and '**' crosses folders)."""
    anchored = text.startswith("/") or "/" in text.rstrip("/")
    body = text.strip("/")
    if body.count("*") > _MOST_WILDCARDS:
        return _NOTHING  # a pattern written to make matching slow owns nothing
    parts = []
    for piece in re.split(r"(\*\*|\*|\?)", body):
        parts.append({"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(piece, re.escape(piece)))
    head = "" if anchored else "(?:.*/)?"
    return re.compile(f"{head}{''.join(parts)}(?:/.*)?")


def owners_of(codeowners: Sequence[Artifact], path: str) -> list[str]:
    """The owners of a path: those of the last rule that matches it (as the forge reads the file)."""
    found: list[str] = []
    for artifact in codeowners:
        for entry in artifact.entries.get("rules", ()):
            pattern = present(entry.fields, "pattern")
            if isinstance(pattern, str) and _pattern(pattern).fullmatch(path):
                found = strings(present(entry.fields, "owners"))
    return found


def _codeowners(context: RunContext) -> list[Artifact]:
    return [a for a in context.governance.of(Kind.CODEOWNERS) if a.document is not None]


@check(scope="artifact", reads="governance", options=NO_OPTIONS)
def role_holders_own(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each role's codeowner is an owner in CODEOWNERS, so the role holder reviews what the role answers for."""
    files = _codeowners(context)
    if not files:
        return  # no CODEOWNERS: governance_owned says so once
    known = {owner.lower() for a in files for e in a.entries.get("rules", ())
             for owner in strings(present(e.fields, "owners"))}
    for entry in artifact.entries.get("roles", ()):
        found = entry.fields.get("codeowner")
        for owner in strings(present(entry.fields, "codeowner")):
            if owner and owner.lower() not in known:
                where = found.location if found is not None else entry.location
                yield Hit(where, f"{entry_name('roles', entry)}: codeowner '{owner}' owns no path in "
                          f"{files[0].path}: add it as the owner of the paths the role answers for",
                          f"roles:{owner}:codeowner")


@check(scope="repository", reads="governance", options=NO_OPTIONS)
def governance_owned(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Where roles are documented, CODEOWNERS gives every governance document an owner."""
    roles = context.governance.of(Kind.AI_ROLES)
    if not roles:
        return  # the rule asks CODEOWNERS to carry out what a roles document assigns
    files = _codeowners(context)
    if not files:
        yield Hit(roles[0].where(), "roles are documented but the repository has no CODEOWNERS file: add "
                  ".github/CODEOWNERS giving the governance folders their owners", "codeowners:missing")
        return
    documents = sorted({a.path for kind in _OWNED_KINDS for a in context.governance.of(kind)})
    for path in documents:
        if not owners_of(files, path):
            yield Hit(Location(path), f"no rule of {files[0].path} gives {path} an owner: add a rule for its "
                      "folder with the team that must review its changes", f"owned:{path}")
