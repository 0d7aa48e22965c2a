"""Markdown cards: YAML front matter, a heading tree with line numbers, and placeholder detection."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aims_lint.model import Section
from aims_lint.vocab import content_state, drop_comments, heading_key

# content_state is read here by the adapters, with the parser's other readings of Markdown.
__all__ = ["content_state", "heading_key", "parse_sections", "split_front_matter"]

_OPEN_FENCE = re.compile(r"-{3,}[ \t]*")
_CLOSE_FENCE = re.compile(r"[ \t]*(?:-{3,}|\.\.\.)[ \t]*")
# The closing '#'s of an ATX heading are taken off by _atx_content: a lazy pattern for them backtracks
# quadratically on a long line.
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CODE_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")

@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The raw YAML between the fences and where it sits in the file."""

    text: str
    first_line: int  # line of the first YAML line (after the opening fence)
    end_line: int  # line of the closing fence


@dataclass(frozen=True, slots=True)
class SplitCard:
    front_matter: FrontMatter | None
    body: str
    body_first_line: int
    unterminated: bool = False


def split_front_matter(text: str) -> SplitCard:
    """Separate YAML front matter from the Markdown body.

    Accepts the fence variants seen in real cards: '----' openers, indented closers and '...' closers,
    and blank lines before the opener (the Hugging Face Hub reads front matter after them too).
    """
    if not text.lstrip(" \t\n").startswith("---"):
        return SplitCard(None, text, 1)
    lines = text.split("\n")
    start = 0
    while not lines[start].strip():
        start += 1
    if not _OPEN_FENCE.fullmatch(lines[start]):
        return SplitCard(None, text, 1)
    for index in range(start + 1, len(lines)):
        if _CLOSE_FENCE.fullmatch(lines[index]):
            fm = FrontMatter("\n".join(lines[start + 1 : index]), first_line=start + 2, end_line=index + 1)
            return SplitCard(fm, "\n".join(lines[index + 1 :]), index + 2)
    if start:
        # A rule after blank lines that never closes is a thematic break, not front matter.
        return SplitCard(None, text, 1)
    return SplitCard(None, "\n".join(lines[1:]), 2, unterminated=True)


# Cheap test for text that cannot hold a comment, placeholder or empty label.
def _atx_content(raw: str) -> str:
    """An ATX heading's text without its optional closing sequence of '#'s (which needs a blank before it)."""
    text = raw.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return text


def _strip_heading_text(raw: str) -> str:
    text = raw.strip()
    if "<!--" in text:
        # A comment is not part of the title a reader sees: "## Uses <!-- aims-lint: ignore[...] ... -->".
        text = drop_comments(text).strip()
    if len(text) > 500:
        return text  # not a heading anyone wrote by hand; the patterns below would backtrack on it
    # Headings written as bold text or links are common: "## **Uses**", "## [Uses](#uses)".
    if text.startswith("**"):
        text = _BOLD.sub(r"\1", text)
    if text.startswith("["):
        text = _LINK.sub(r"\1", text)
    return text.strip()


_BOLD = re.compile(r"^\*\*(.*)\*\*$")
_LINK = re.compile(r"^\[(.*)\]\([^)]*\)$")


# The first characters of a line that may open a comment, code fence or heading, or underline one.
_STRUCTURE_FIRST = frozenset("#`~=-<")


def parse_sections(body: str, first_line: int) -> tuple[Section, ...]:
    """Headings (ATX and setext, outside code fences and HTML comments) with the text each one governs."""
    lines = body.split("\n")
    return _sections(lines, _headings(lines), first_line)


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index into lines, level, title) of every heading, in order."""
    heads: list[tuple[int, int, str]] = []
    fence: str | None = None
    in_comment = False
    for index, line in enumerate(lines):
        # Templates comment out whole sections ("<!-- ## Glossary ... -->"): what is inside is no heading.
        if in_comment:
            in_comment = "-->" not in line
            continue
        # Most lines are prose: what follows matters only for a line that starts with a space, a comment or
        # a heading, fence or underline character.
        if not line or (line[0] not in _STRUCTURE_FIRST and not line[0].isspace()):
            continue
        if fence is None and line.lstrip().startswith("<!--") and "-->" not in line:
            in_comment = True
            continue
        fence_match = _CODE_FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        atx = _ATX.match(line)
        if atx:
            heads.append((index, len(atx.group(1)), _strip_heading_text(_atx_content(atx.group(2) or ""))))
            continue
        setext = _SETEXT.match(line)
        if setext and index > 0:
            previous = lines[index - 1].strip()
            if (
                previous
                and not (heads and heads[-1][0] == index - 1)
                and not previous.startswith(("-", "*", "+", ">", "|", "#"))
                and (index < 2 or not lines[index - 2].strip())
            ):
                level = 1 if setext.group(1).startswith("=") else 2
                heads.append((index - 1, level, _strip_heading_text(previous)))
    return heads


def _sections(lines: list[str], heads: list[tuple[int, int, str]], first_line: int) -> tuple[Section, ...]:
    """Each heading with its own text (up to the next heading) and its whole text (up to the next one at its
    level or above)."""
    sections: list[Section] = []
    for position, (index, level, title) in enumerate(heads):
        own_end = heads[position + 1][0] if position + 1 < len(heads) else len(lines)
        end = len(lines)
        for later_index, later_level, _ in heads[position + 1 :]:
            if later_level <= level:
                end = later_index
                break
        own_start = index + 2 if (index + 1 < len(lines) and _is_setext_underline(lines, index)) else index + 1
        own_text = "\n".join(lines[own_start:own_end])
        full_text = own_text if end == own_end else "\n".join(lines[own_start:end])  # one string when no subsections
        sections.append(
            Section(
                title=title,
                key=heading_key(title),
                level=level,
                line=index + first_line,
                own_text=own_text,
                text=full_text,
            )
        )
    return tuple(sections)


def _is_setext_underline(lines: list[str], heading_index: int) -> bool:
    nxt = heading_index + 1
    return nxt < len(lines) and bool(_SETEXT.match(lines[nxt])) and not _ATX.match(lines[heading_index])
