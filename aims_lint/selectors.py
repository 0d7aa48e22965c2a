"""What a select, ignore or per-path-ignores entry names: a rule id, an id prefix, a rule name, or an ISO/IEC 42001
clause or control id; and which rules a selection runs.

An ISO/IEC 42001 entry covers the id it names and every id below it ("A.6" covers A.6.2.7, "7.5" covers 7.5.2).
Selecting one runs every rule that cites a covered clause or control. Ignoring one drops a rule only when every
clause and control the rule cites is covered by the ISO/IEC 42001 entries ignored together: a rule mapped to
A.9.4 and A.6.2.7 still runs when only A.9.4 is ignored, since it still serves A.6.2.7. Annex B guidance ids are
the guidance of the control of the same number, so they are not entries of their own: name the control.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from aims_lint.model import Rule

_ISO = re.compile(r"A\.[0-9]+(?:\.[0-9]+)*|B\.[0-9]+(?:\.[0-9]+)*|[0-9]+(?:\.[0-9]+)*")


def is_iso(entry: str) -> bool:
    """Whether an entry is written as an ISO/IEC 42001 id (A.6.2.7, 7.5) rather than a rule id, prefix or name."""
    return _ISO.fullmatch(entry) is not None


def covers(entry: str, iso_id: str) -> bool:
    """Whether an ISO/IEC 42001 entry covers an id: the id itself or one below it."""
    return iso_id == entry or iso_id.startswith(entry + ".")


def cited(rule: Rule) -> tuple[str, ...]:
    """The clauses and controls a rule cites (guidance goes with its control)."""
    return rule.iso.clauses + rule.iso.controls


def names_rule(rule: Rule, entry: str) -> bool:
    """Whether a rule id, id prefix or rule name names the rule."""
    return rule.id.startswith(entry) or rule.name == entry


def selects(rule: Rule, entry: str) -> bool:
    """Whether a select entry takes the rule: by id, prefix or name, or by any clause or control it cites."""
    if is_iso(entry):
        return any(covers(entry, i) for i in cited(rule))
    return names_rule(rule, entry)


def dropped(rule: Rule, entries: Collection[str]) -> bool:
    """Whether ignore entries taken together drop the rule: one names it, or its clauses and controls are all
    covered by the ISO/IEC 42001 entries among them."""
    iso = [e for e in entries if is_iso(e)]
    if any(names_rule(rule, e) for e in entries if not is_iso(e)):
        return True
    return bool(iso) and all(any(covers(e, i) for e in iso) for i in cited(rule))


def chosen(rules: Iterable[Rule], select: Collection[str], extend_select: Collection[str],
           ignore: Collection[str]) -> tuple[Rule, ...]:
    """The rules a selection runs: those select takes (every rule when it is empty) or extend-select takes, less
    those ignore drops."""
    def runs(rule: Rule) -> bool:
        taken = not select or any(selects(rule, e) for e in select) or any(selects(rule, e) for e in extend_select)
        return taken and not dropped(rule, ignore)

    return tuple(r for r in rules if runs(r))


def unknown(rules: Sequence[Rule], entries: Iterable[str], iso_ids: Collection[str]) -> list[tuple[str, str]]:
    """The entries that name nothing, sorted, each with the message saying so: a typo must not pass unnoticed.
    iso_ids: every clause and control id of the catalogue."""
    found = []
    for entry in sorted(set(entries)):
        if entry.startswith("B."):
            found.append((entry, f"{entry!r} is Annex B guidance, which goes with its control: name A.{entry[2:]}"))
        elif is_iso(entry):
            if not any(covers(entry, i) for i in iso_ids):
                found.append((entry, f"{entry!r} is not an ISO/IEC 42001 clause or control id{hint(entry, iso_ids)}"))
        elif not any(names_rule(r, entry) for r in rules):
            words = [r.id for r in rules] + [r.name for r in rules]
            found.append((entry, f"no rule matches {entry!r}{hint(entry, words)}"))
    return found


def hint(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'X'?)' for the closest choice, or '': of the choices difflib finds close, the fewest edits
    away (MC1O1 is MC101 misspelt, not MC112)."""
    import difflib  # only a run with a misspelt name makes a hint

    close = difflib.get_close_matches(word, list(dict.fromkeys(choices)), n=5, cutoff=0.6)
    if not close:
        return ""
    best = min(close, key=lambda choice: (_edits(word.lower(), choice.lower()), close.index(choice)))
    return f" (did you mean {best!r}?)"


# Letters typed for digits that look like them: swapping one for the other is half an edit.
_LOOK_ALIKE = frozenset({("o", "0"), ("0", "o"), ("l", "1"), ("1", "l"), ("i", "1"), ("1", "i")})


def _edits(a: str, b: str) -> float:
    """The Levenshtein distance between two short words, a look-alike letter for a digit counting half."""
    previous: list[float] = [float(n) for n in range(len(b) + 1)]
    for i, x in enumerate(a, start=1):
        current = [float(i)]
        for j, y in enumerate(b, start=1):
            change = 0.0 if x == y else 0.5 if (x, y) in _LOOK_ALIKE else 1.0
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change))
        previous = current
    return previous[-1]
