"""Readings of written values shared by parsers, adapters and checks: heading keys, calendar dates and whether a
text or a section says anything real."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from aims_lint.model import FieldState, Section

_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)]|[a-z][.)])\s+", re.IGNORECASE)
_OPTIONAL = re.compile(r"\[\s*optional\s*\]|\(\s*optional\s*\)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# A date as documents write it; date_value also asks that it be a real calendar date.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@functools.lru_cache(maxsize=8192)
def heading_key(title: str) -> str:
    """Normalise a heading for matching: case, numbering, '[optional]', punctuation and '&' do not matter."""
    text = _OPTIONAL.sub("", title.strip().lower())
    text = text.replace("&", " and ")
    text = _NUMBERING.sub("", text.strip())
    return _NON_WORD.sub(" ", text).strip()


def date_value(value: Any) -> datetime.date | None:
    """A YYYY-MM-DD string as a date; None for anything else (blank, placeholder, malformed)."""
    if isinstance(value, str) and DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# Template placeholders: Hugging Face's "[More Information Needed]", Jinja "{{ ... }}", TODO/TBD/FIXME markers.
_PLACEHOLDER = re.compile(
    # Each part stops at a brace or is bounded, so that text full of unclosed '{{' or '[insert' stays linear.
    r"\[\s*more\s+information\s+needed\s*\]|more\s+information\s+needed|\{\{[^{}]*\}\}|\{%[^{}]*%\}"
    r"|\b(?:TODO|TBD|TBA|FIXME|XXX)\b"
    # An '[insert ...' part ends at a character that is not blank: the blanks before its ']' are taken by '\s*'
    # alone, not tried again for each of the 200 lengths of '[^\]]'.
    r"|\[\s*(?:optional|needs?\s+more\s+information|(?:insert|your)[^\]]{0,200}(?<!\s))\s*\]"
    r"|<\s*(?:insert|add|describe|fill)[^>]{0,200}>",
    re.IGNORECASE | re.DOTALL,
)
# A bold or plain label with nothing after it, such as "- **Developed by:**"; a list marker may stand on the line
# before its label. No two parts may take the same blanks (with two '\s*' in a row, a run of blank lines took
# cubic time): a line's blanks ('[^\S\n]', any but a newline) and those after its marker are taken before the
# label, which starts with '**' or '__', with a character that is not blank, or is a single blank; after the
# colon come only blanks.
_EMPTY_LABEL = re.compile(
    r"^[^\S\n]*(?:(?:[-*+]|\d+[.)])\s*)?(?:(?:\*\*|__)[^:\n]{1,80}|[^\s:][^:\n]{0,79}|[^\S\n]):(?:\*\*|__)?[^\S\n]*$",
    re.MULTILINE,
)
_WORD = re.compile(r"[^\W_]", re.UNICODE)


_PLACEHOLDER_HINTS = re.compile(r"[\[{<:]|todo|tbd|tba|fixme|xxx|more\s+information", re.IGNORECASE)


# The same test for ASCII text, as substrings of its lower case: three times faster than the pattern, and every
# canonical field's value is tested.
_HINT_NEEDLES = ("[", "{", "<", ":", "todo", "tbd", "tba", "fixme", "xxx", "more")


def _may_hold_filler(text: str) -> bool:
    if text.isascii():
        lowered = text.lower()
        return any(needle in lowered for needle in _HINT_NEEDLES)
    return _PLACEHOLDER_HINTS.search(text) is not None


# Whole values that answer nothing: a justification, a legal basis, an approval or a description that says only
# "N/A", "pending" or "see code" has not been written yet. Tried on short texts only, once trimmed of blanks,
# quotes, markup and closing punctuation.
_NON_ANSWER = re.compile(
    r"n/?a|n\.a\.?|tbd|tbc|tba|pending|draft|wip|work in progress|later|to be (?:decided|determined|confirmed"
    r"|defined|added|done|completed)|see (?:the )?(?:code|repo|repository|source|process|docs|documentation|wiki"
    r"|ticket|above|below)|-+|\?+|\.{2,}|\u2026",
    re.IGNORECASE,
)
_NON_ANSWER_TRIM = " \t\r\n\"'`*_.,;:!()[]"
_NON_ANSWER_MAX = 32


def non_answer(text: str) -> bool:
    """True for a whole value such as "N/A", "TBD", "pending", "draft" or "see code": text, but no answer."""
    if len(text) > _NON_ANSWER_MAX:
        return False
    stripped = text.strip()
    trimmed = stripped.strip(_NON_ANSWER_TRIM) or stripped.strip()
    return bool(trimmed) and _NON_ANSWER.fullmatch(trimmed) is not None


def content_state(text: str) -> FieldState:
    """PRESENT when the text says something real; PLACEHOLDER when only template filler or a non-answer ("N/A",
    "pending"); else EMPTY."""
    if non_answer(text):
        return FieldState.PLACEHOLDER
    if not _may_hold_filler(text):
        # No comment, placeholder or label can be in it: any letter or digit is content.
        return FieldState.PRESENT if _WORD.search(text) else FieldState.EMPTY
    stripped = _drop_comments(text)
    without_placeholders, count = _PLACEHOLDER.subn("", stripped)
    remainder = _EMPTY_LABEL.sub("", without_placeholders)
    if _WORD.search(remainder):
        return FieldState.PRESENT
    return FieldState.PLACEHOLDER if count else FieldState.EMPTY


def _drop_comments(text: str) -> str:
    """The text without HTML comments; found with str.find, as a lazy pattern would rescan the rest of the
    text for every '<!--' that is never closed."""
    parts: list[str] = []
    position = 0
    while True:
        start = text.find("<!--", position)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def section_state(section: Section) -> FieldState:
    """Whether the text under a section says anything real; subsection headings and setext underlines are
    structure, not content. Judged when a check asks: most sections never are."""
    return content_state(_STRUCTURE_LINE.sub("", section.text))


# The lines a heading or a setext underline takes (as the parser reads them).
_STRUCTURE_LINE = re.compile(r"^ {0,3}(?:=+[ \t]*|-+[ \t]*|#{1,6}(?:[ \t].*)?)$\n?", re.MULTILINE)
