"""How the body of a Markdown impact assessment is read as people write one: its parts by heading (with the synonyms
and compound headings of common templates), and the system, the assessor and the dates from its label lines and
two-column tables."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping

from aims_lint.adapters.common import offer
from aims_lint.model import Field, FieldState, Location, Section
from aims_lint.parse.markdown import MarkdownBody
from aims_lint.vocab import content_state, heading_key, without_structure

# Headings of a Markdown impact assessment, by canonical field; compared after heading_key(). Among them are the
# headings and answer-box titles of the Responsible AI Impact Assessment template (Microsoft's, seen filled in for
# GenAIScript and Orca): 'Possible real-world misuses', 'Risks of sharing', 'Abuse risks', 'Unintended use risks',
# 'Known limitations', 'Mitigations for immediate risks', 'Impacts of sharing' (what sharing the system brings),
# 'Stakeholders', 'Intended use cases'.
IMPACT_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "intended_use": ("intended use", "intended purpose", "purpose", "intended uses", "system purpose",
                     "intended use cases"),
    "foreseeable_misuse": ("foreseeable misuse", "reasonably foreseeable misuse", "misuse", "potential misuse",
                           "misuse and abuse", "misuses",
                           "possible real world misuses", "real world misuses", "risks of sharing", "abuse risks",
                           "unintended use risks"),
    "individuals_and_groups": ("individuals and groups", "impact on individuals and groups",
                               "impacts on individuals and groups", "impact on individuals or groups",
                               "affected individuals and groups", "individuals or groups", "affected groups",
                               "affected people", "stakeholders", "impact on individuals"),
    "societal_impacts": ("societal impacts", "societal impact", "impact on society", "impacts on society",
                         "society"),
    "benefits": ("benefits", "positive impacts", "expected benefits",
                 "impacts of sharing", "impacts of sharing the ai technology"),
    "harms": ("harms", "potential harms", "negative impacts", "risks of harm"),
    "failures_and_mitigations": ("failures and mitigations", "predictable failures", "failure modes",
                                 "failures", "mitigations", "failure modes and mitigations",
                                 "known limitations", "limitations", "mitigations for immediate risks"),
    "human_oversight": ("human oversight", "oversight", "human in the loop"),
}
# Label lines ('**Last updated:** June 5, 2023') and the first cells of two-column table rows ('| Project Name |
# Orca |') that give what a front matter would, by canonical field.
IMPACT_LABELS: Mapping[str, tuple[str, ...]] = {
    "ai_system": ("ai system", "system", "system name", "project name", "model", "model name", "product name"),
    "assessor": ("assessor", "assessed by", "prepared by", "completed by", "point of contact", "authors", "author"),
    "assessed_on": ("assessed on", "assessment date", "date of assessment", "date", "last updated", "completed on"),
    "next_review": ("next review", "next review date", "review date", "next review due"),
}
# The fields whose value is a date: a label gives them only a date it can read, written as YYYY-MM-DD.
_DATES = frozenset({"assessed_on", "next_review"})


def _index(names: Mapping[str, tuple[str, ...]]) -> Mapping[str, str]:
    return {heading_key(text): field for field, texts in names.items() for text in texts}


_SECTION_INDEX = _index(IMPACT_SECTIONS)
_LABEL_INDEX = _index(IMPACT_LABELS)


def impact_fields(path: str, body: MarkdownBody, text: str, first_line: int) -> dict[str, Field]:
    """The fields an impact assessment's body (text, from line first_line; body as parsed) states: each part by
    the best section that names it, then the metadata its labels give."""
    fields: dict[str, Field] = {}
    for section in body.sections:
        names = section_fields(section.key)
        if names:
            state = _answer_state(section)
            for name in names:
                offer(fields, name, Field(section.text, Location(path, section.line, 1),
                                          f"section '{section.title}'", state))
    for label, value, line in _labelled(body, text, first_line):
        named = _LABEL_INDEX.get(heading_key(label))
        if named is None:
            continue
        if named in _DATES:
            day = written_date(value)
            if day is None:
                continue  # not a date the checks could read; the field stays missing
            value = day.isoformat()
        state = content_state(value)
        if state is FieldState.PRESENT:
            offer(fields, named, Field(value, Location(path, line, 1), f"label '{label}'", state))
    return fields


def section_fields(key: str) -> tuple[str, ...]:
    """The fields a heading (its heading_key) names: one, or each part of a compound heading whose parts all name
    one ('Harms and mitigations' names the harms and the mitigations; 'Project impacts and limitations' none)."""
    name = _SECTION_INDEX.get(key)
    if name is not None:
        return (name,)
    parts = [_SECTION_INDEX.get(part.strip()) for part in key.split(" and ")] if " and " in key else [None]
    return tuple(dict.fromkeys(p for p in parts if p is not None)) if None not in parts else ()


# A paragraph opened by a bold question number ('**4.2** Reflecting on your data ...'): a template's question when
# it asks ('?') or requests ('Please describe ...', 'Briefly explain ...').
_NUMBERED = re.compile(r"^\*\*\d+(?:\.\d+)*\.?\*\*[ \t]*(?P<rest>[^\n]*)")
_REQUESTS = frozenset({"please", "briefly", "describe", "explain", "list", "identify", "complete", "brainstorm",
                       "reflecting", "summarize", "summarise", "track", "provide", "check", "instructions"})


# A quote's marks, which templates put around their options.
_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)+")


def _answer_state(section: Section) -> FieldState:
    """Whether a section answers: its text without the template's numbered questions, its options left unticked,
    its lead-ins ('Limiting open release:') and blanks to fill ('____'), and what draws a table (its rules, and
    the header above a rule: an empty answer box still has its title)."""
    lines = [_QUOTED.sub("", line) for line in section.text.split("\n")]
    drawn = [_rule(line) for line in lines]
    kept = [line for index, line in enumerate(lines)
            if not drawn[index] and not (line.strip() and index + 1 < len(lines) and drawn[index + 1])]
    answers = [part for part in "\n".join(kept).split("\n\n") if part.strip() and not _offered(part.strip())]
    return content_state(without_structure("\n\n".join(answers)))


def _rule(line: str) -> bool:
    """Whether a line only draws a table: pandoc's rules of dashes (in columns), '+' corners, '=' under a header."""
    text = line.strip()
    return len(text) >= _RULE_CHARS and not text.strip("-=+:| \t") and sum(c in "-=+" for c in text) >= _RULE_CHARS


def _unticked(paragraph: str) -> bool:
    """Whether a paragraph is an option left unticked ('☐ Not releasing code', '- [ ] Gated release'): offered
    by a template, not chosen."""
    text = paragraph.lstrip()
    if text[:1] in "-*+" and text[1:2] in (" ", "\t"):
        text = text[2:].lstrip()
    return text.startswith(("☐", "[ ]"))


_RULE_CHARS = 3


def _offered(paragraph: str) -> bool:
    """Whether a paragraph is what a template offers rather than an answer: a question, an option left
    unticked, a lead-in, a blank to fill."""
    return (_question(paragraph) or _unticked(paragraph)
            or ("\n" not in paragraph and paragraph.endswith(":")) or not paragraph.strip("\\_ \n"))


def _question(paragraph: str) -> bool:
    found = _NUMBERED.match(paragraph.strip())
    if found is None:
        return False
    words = found["rest"].split()
    return "?" in paragraph or (bool(words) and words[0].lower().strip(",.:;") in _REQUESTS)


# A row of a table pandoc draws with dashes ('  Project Name         GenAIScript'): a label, two blanks or more,
# its value. CommonMark reads such a table as paragraphs and setext headings; its rows are read from the lines.
_GAP = re.compile(r"[ \t]{2,}")
_ROW_LABEL = re.compile(r"[A-Za-z][A-Za-z ]{0,40}")


def _drawn_row(line: str) -> tuple[str, str] | None:
    """(label, value) of a row of a table drawn with dashes, or None."""
    text = line.strip()
    gap = _GAP.search(text)
    if gap is None or _ROW_LABEL.fullmatch(text[:gap.start()]) is None:
        return None
    return text[:gap.start()], text[gap.end():]


def _labelled(body: MarkdownBody, text: str, first_line: int) -> Iterator[tuple[str, str, int]]:
    """(label, value, line) of the label lines, of the rows of two-column tables (a header row too: a table of
    properties often has its first property as its header), and of the rows of tables drawn with dashes."""
    for label in body.labels:
        if not label.plain:
            yield label.name, label.value, label.line
    lines = text.split("\n")
    for number, line in enumerate(lines):
        drawn = _drawn_row(line) if "  " in line.strip() and not line.startswith("    ") else None
        if drawn is not None and heading_key(drawn[0]) in _LABEL_INDEX and _drawn_near(lines, number):
            yield drawn[0], drawn[1], first_line + number
    for block in body.blocks:
        if block.kind != "table":
            continue
        for index, row in enumerate(block.rows):
            if len(row) == 2:
                yield row[0], row[1], block.line + (index + 1 if index else 0)  # a delimiter row follows the header


def _drawn_near(lines: list[str], number: int) -> bool:
    """Whether a line stands in a table drawn with dashes: a rule a few lines above it."""
    return any(_rule(line) for line in lines[max(0, number - _ROWS_BELOW_RULE):number])


_ROWS_BELOW_RULE = 4


# --- dates written by hand -------------------------------------------------------------------------------------

_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
# The dates a document written by hand gives: 2023-06-05, 2023/06/05, June 5, 2023, 5 June 2023, 1/18/2024.
_WRITTEN_DATE = re.compile(
    r"\b(?:(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})"
    r"|(?P<tm>[a-z]{3,9})\.?\s+(?P<td>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<ty>\d{4})"
    r"|(?P<dd>\d{1,2})(?:st|nd|rd|th)?\s+(?P<dm>[a-z]{3,9})\.?,?\s+(?P<dy>\d{4})"
    r"|(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>\d{4}))\b", re.IGNORECASE)


def written_date(text: str) -> datetime.date | None:
    """The first date a line written by hand gives ('Last updated: June 5, 2023'), or None. A date written
    a/b/yyyy is read only where one way is possible (1/18/2024); 3/4/2024 could be either, and is not."""
    for found in _WRITTEN_DATE.finditer(text[:_DATE_SEARCH_CHARS]):
        parts = found.groupdict()
        if parts["iy"]:
            numbers = (int(parts["iy"]), int(parts["im"]), int(parts["id"]))
        elif parts["sa"]:
            first, second = int(parts["sa"]), int(parts["sb"])
            if first <= 12 and second <= 12 and first != second:
                continue
            month, day = (first, second) if second > 12 or first == second else (second, first)
            numbers = (int(parts["sy"]), month, day)
        else:
            month_name, day_text, year_text = ((parts["tm"], parts["td"], parts["ty"]) if parts["tm"] else
                                               (parts["dm"], parts["dd"], parts["dy"]))
            named = _MONTHS.get(month_name.lower())
            if named is None:
                continue
            numbers = (int(year_text), named, int(day_text))
        try:
            return datetime.date(*numbers)
        except ValueError:
            continue
    return None


_DATE_SEARCH_CHARS = 200
