"""A line-based reading of Markdown's block structure and inline text, in the shape of markdown-it-py's tokens, that
the card reader falls back to where markdown-it-py is not installed: headings (ATX and setext), paragraphs (each
list item and quote its own), tables, HTML blocks and code, and inline text with its markup resolved."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from aims_lint.vocab import drop_comments

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_HTML = re.compile(r"^ {0,3}<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$))")
_DELIMITER_CELL = re.compile(r":?-+:?")


@dataclass(slots=True)
class Token:
    """What the card reader reads of one of markdown-it's tokens."""

    type: str
    map: list[int] | None = None
    tag: str = ""
    content: str = ""
    children: list[Token] | None = field(default=None)


class BlockParser:
    """parse(text): the block tokens of a Markdown text, as markdown-it's CommonMark parser with tables gives them
    (inline content unparsed)."""

    def parse(self, text: str) -> list[Token]:
        return _Blocks(text.split("\n")).tokens


class InlineParser:
    """parseInline(text): one inline token whose children hold the text as a reader sees it (a leading bold span
    as strong tokens around its text)."""

    def parseInline(self, text: str) -> list[Token]:
        return [Token("inline", content=text, children=inline_children(text))]


class _Blocks:
    """The blocks of a text's lines, read top to bottom."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.tokens: list[Token] = []
        self.paragraph: list[str] = []
        self.start = 0
        self.quoted = False  # the paragraph being read is in a quote
        index = 0
        while index < len(lines):
            index = self._block(index)
        self._end_paragraph(len(lines))

    def _block(self, index: int) -> int:
        line = self.lines[index]
        if not line.strip():
            self._end_paragraph(index)
            self.quoted = False
            return index + 1
        if self.paragraph and _SETEXT.match(line):
            self._heading(self.start, index + 1, 1 if line.strip()[0] == "=" else 2, " ".join(self.paragraph))
            self.paragraph = []
            return index + 1
        for opener in (self._fence, self._atx, self._html, self._table):
            after = opener(index)
            if after is not None:
                return after
        quote = _QUOTE.match(line)
        item = quote or _ITEM.match(line)
        if item is not None:
            if not (quote and self.quoted):  # a quote's lines are one paragraph; each list item is its own
                self._end_paragraph(index)
            self.quoted = quote is not None
            line = line[item.end():]
        elif not self.paragraph and line.startswith("    "):
            return self._indented_code(index)
        if not self.paragraph:
            self.start = index
        self.paragraph.append(line.strip())
        return index + 1

    def _end_paragraph(self, end: int) -> None:
        if self.paragraph:
            self.tokens += [Token("paragraph_open", [self.start, end]),
                            Token("inline", content="\n".join(self.paragraph)), Token("paragraph_close")]
            self.paragraph = []

    def _heading(self, start: int, end: int, level: int, title: str) -> None:
        self.tokens += [Token("heading_open", [start, end], f"h{level}"), Token("inline", content=title),
                        Token("heading_close")]

    def _fence(self, index: int) -> int | None:
        opened = _FENCE.match(self.lines[index])
        if opened is None:
            return None
        self._end_paragraph(index)
        marker = opened.group(1)
        end = index + 1
        while end < len(self.lines) and not self.lines[end].strip().startswith(marker):
            end += 1
        content = "".join(line + "\n" for line in self.lines[index + 1 : end])
        self.tokens.append(Token("fence", [index, min(end + 1, len(self.lines))], content=content))
        return end + 1

    def _atx(self, index: int) -> int | None:
        found = _ATX.match(self.lines[index])
        if found is None:
            return None
        self._end_paragraph(index)
        self._heading(index, index + 1, len(found.group(1)), _without_closing_hashes(found.group(2)))
        return index + 1

    def _html(self, index: int) -> int | None:
        line = self.lines[index]
        if _HTML.match(line) is None or (self.paragraph and "<!--" not in line):
            return None
        self._end_paragraph(index)
        end = index
        if line.lstrip().startswith("<!--"):
            while end < len(self.lines) - 1 and "-->" not in self.lines[end]:
                end += 1
        else:
            while end < len(self.lines) - 1 and self.lines[end + 1].strip():
                end += 1
        self.tokens.append(Token("html_block", [index, end + 1],
                                 content="".join(line + "\n" for line in self.lines[index : end + 1])))
        return end + 1

    def _table(self, index: int) -> int | None:
        lines = self.lines
        if "|" not in lines[index] or index + 1 >= len(lines) or not _delimiter_row(lines[index + 1]) or \
                ("|" not in lines[index + 1] and "|" not in lines[index].strip().strip("|")):
            return None
        self._end_paragraph(index)
        end = index + 2
        while end < len(lines) and lines[end].strip() and "|" in lines[end]:
            end += 1
        self.tokens.append(Token("table_open", [index, end]))
        for row in (lines[index], *lines[index + 2 : end]):
            self.tokens.append(Token("tr_open"))
            self.tokens += [Token("inline", content=cell) for cell in _cells(row)]
            self.tokens.append(Token("tr_close"))
        self.tokens.append(Token("table_close"))
        return end

    def _indented_code(self, index: int) -> int:
        end = index
        while end < len(self.lines) and (self.lines[end].startswith("    ") or not self.lines[end].strip()):
            end += 1
        while end > index + 1 and not self.lines[end - 1].strip():
            end -= 1
        content = "".join(line[4:] + "\n" for line in self.lines[index:end])
        self.tokens.append(Token("code_block", [index, end], content=content))
        return end


def _without_closing_hashes(title: str) -> str:
    """An ATX heading's text without the run of '#' that may close it ('## Uses ##')."""
    text = title.rstrip(" \t")
    bare = text.rstrip("#")
    return (bare if bare != text and (not bare or bare[-1] in " \t") else text).strip()


def _delimiter_row(line: str) -> bool:
    """Whether a line is a table's delimiter row ('|---|:--:|')."""
    text = line.strip()
    cells = (text[1:] if text.startswith("|") else text)
    cells = cells[:-1] if cells.endswith("|") else cells
    return bool(cells) and all(_DELIMITER_CELL.fullmatch(cell.strip()) for cell in cells.split("|"))


def _cells(row: str) -> list[str]:
    text = row.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", text)]


_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
# A link's or image's text holds no bracket and its destination no parenthesis, so that each '[' ends its
# attempt at the next one: linear on text full of brackets.
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]*)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def inline_children(text: str) -> list[Token]:
    """Inline tokens of a text: a leading bold span as strong_open, its text, strong_close; then the rest as text."""
    strong = re.match(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", text, re.DOTALL)
    if strong is not None:
        return [Token("strong_open"), Token("text", content=_plain(strong.group(2))), Token("strong_close"),
                Token("text", content=_plain(text[strong.end():]))]
    return [Token("text", content=_plain(text))]


def _plain(text: str) -> str:
    """Inline Markdown's text: code spans' content, images' alt text, links' text, no HTML, markup resolved."""
    codes: list[str] = []

    def keep(found: re.Match[str]) -> str:
        codes.append(found.group(2).strip())
        return f"\0{len(codes) - 1}\0"

    text = _CODE.sub(keep, text)
    text = drop_comments(text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = html.unescape(_ESCAPE.sub(r"\1", text)).replace("\n", " ")
    return re.sub("\0([0-9]+)\0", lambda found: codes[int(found.group(1))], text)
