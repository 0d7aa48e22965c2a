"""Markdown cards as CommonMark reads them: YAML front matter, the heading tree with line numbers, and the blocks
under each heading (paragraphs, label lines, tables, HTML) that the card adapters read fields from."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any, TypeVar

from aims_lint.model import Section
from aims_lint.parse.text import DOUBLED_BLANK
from aims_lint.vocab import content_state, heading_key, sentences

# content_state is read here by the adapters, with the parser's other readings of Markdown.
__all__ = ["content_state", "heading_key", "parse_body", "parse_sections", "plain_text", "split_front_matter"]

_OPEN_FENCE = re.compile(r"-{3,}[ \t]*")
_CLOSE_FENCE = re.compile(r"[ \t]*(?:-{3,}|\.\.\.)[ \t]*")

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


# --- the body, as CommonMark reads it --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """A block of a card's body outside headings: a paragraph (of its own or of a list item or quote), a table
    (Markdown or HTML), other HTML, or code; with the line it starts on and the heading it stands under."""

    kind: str  # "paragraph", "table", "html" or "code"
    line: int
    text: str  # a paragraph's Markdown source, the HTML, the code
    section: int  # index of the section it stands under in MarkdownBody.sections; -1 before the first heading
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells as plain text, its header row first


@dataclass(frozen=True, slots=True)
class Label:
    """A label line, '**Developed by:** Meta', '**Model developers** Meta' or 'License: MIT', with its value: the
    rest of its line and the lines after it in its paragraph or, when those are empty ('**Training Data**' alone),
    the blocks after it up to the next label (of a bold label, the next bold one) or heading."""

    name: str  # the label's plain text, without its colon
    value: str
    line: int
    value_line: int  # where the value starts
    section: int
    # A title written as a plain line, the first or the last of its paragraph ('Intended use' over a list): a
    # label only where its words are wholly a field's name (the reader of fields decides).
    plain: bool = False


@dataclass(frozen=True, slots=True)
class MarkdownBody:
    """A card's body: its sections (every heading, at any level) and what stands under them."""

    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    labels: tuple[Label, ...]


@functools.cache
def _block_parser() -> Any:
    """CommonMark with tables, block structure only: inline Markdown is read only where it matters (headings,
    labels, table cells), which keeps a card's reading within a few times the cost of splitting its lines. Where
    markdown-it-py is not installed, the line-based reading of parse.lite."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        from aims_lint.parse.lite import BlockParser

        return BlockParser()

    # Thematic breaks and link reference definitions hold nothing a card's fields are read from: without their
    # rules they read as the paragraphs (or setext underlines) they also are, at less cost a line.
    return MarkdownIt("commonmark").enable("table").disable(["inline", "hr", "reference"])


def prepare_parser() -> None:
    """Make the block parser now, not at the first card read (a run waiting on git does it meanwhile)."""
    _block_parser()


@functools.cache
def _inline_parser() -> Any:
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        from aims_lint.parse.lite import InlineParser

        return InlineParser()

    return MarkdownIt("commonmark")


# The structure of a card (headings, labels, tables, sentences) is read in its first lines; the rest is text of the
# last section read. Cards run to a few thousand lines; the CommonMark parser costs microseconds a line, which
# bounds a card of a hundred thousand one-character lines.
STRUCTURE_LINES = 7000
# The characters without which a line of Markdown is its own plain text.
_INLINE_MARKUP = frozenset("*_`[]<>\\&!")
# Longer text is no heading, label or table cell anyone wrote by hand; it is read as it stands.
_INLINE_LIMIT = 2000


def plain_text(source: str) -> str:
    """Inline Markdown as a reader sees it: emphasis, links (their text), images (their alt text), code spans,
    escapes and entities resolved; inline HTML and comments dropped; line breaks as spaces."""
    if len(source) > _INLINE_LIMIT or _INLINE_MARKUP.isdisjoint(source):
        return " ".join(source.split())
    return " ".join("".join(_inline_pieces(_inline_parser().parseInline(source)[0].children or [])).split())


def _inline_pieces(tokens: list[Any]) -> Iterator[str]:
    for token in tokens:
        kind = token.type
        if kind in ("text", "code_inline", "image"):
            yield token.content
        elif kind in ("softbreak", "hardbreak"):
            yield " "


def parse_sections(body: str, first_line: int) -> tuple[Section, ...]:
    """Headings (ATX and setext, at any level, outside code and HTML comments) with the text each one governs."""
    return parse_body(body, first_line).sections


def parse_body(body: str, first_line: int) -> MarkdownBody:
    """Read a card's body (the text after its front matter, which starts on line first_line)."""
    if DOUBLED_BLANK not in body:
        return _read_body(body, first_line)
    # Lines ended by CR CR LF are each followed by the blank line of their second line end: the body is read
    # without those, as its writer saw it (tables and paragraphs whole), and its lines counted as the file's.
    lines = body.split("\n")
    kept = [index for index, line in enumerate(lines) if line != DOUBLED_BLANK]
    read = _read_body("\n".join(lines[index] for index in kept), first_line)

    def line(number: int) -> int:
        return first_line + kept[min(number - first_line, len(kept) - 1)]

    return MarkdownBody(
        tuple(replace(s, line=line(s.line)) for s in read.sections),
        tuple(replace(b, line=line(b.line)) for b in read.blocks),
        tuple(replace(x, line=line(x.line), value_line=line(x.value_line)) for x in read.labels),
    )


def _read_body(body: str, first_line: int) -> MarkdownBody:
    if "```" in body or "~~~" in body:
        body = with_fences_repaired(body)
    lines = body.split("\n")
    read = body if len(lines) <= STRUCTURE_LINES else "\n".join(lines[:STRUCTURE_LINES])
    tokens = _block_parser().parse(read)
    heads: list[tuple[int, int, int, str]] = []  # (first line, line after it, level, title), lines from 0
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open" and token.map:
            heads.append((token.map[0], token.map[1], int(token.tag[1]), plain_text(tokens[index + 1].content)))
            index += 3
            continue
        section = len(heads) - 1
        if kind == "paragraph_open" and token.map:
            blocks.append(Block("paragraph", token.map[0] + first_line, tokens[index + 1].content, section))
            index += 3
            continue
        if kind == "table_open" and token.map:
            index, rows = _markdown_table(tokens, index)
            blocks.append(Block("table", token.map[0] + first_line, "\n".join(lines[slice(*token.map)]), section,
                                rows))
            continue
        if kind == "html_block" and token.map:
            rows = html_table(token.content) if "<t" in token.content.lower() else ()
            blocks.append(Block("table" if rows else "html", token.map[0] + first_line, token.content, section, rows))
        elif kind in ("fence", "code_block") and token.map:
            blocks.append(Block("code", token.map[0] + first_line, token.content, section))
        index += 1
    sections = _sections(body, lines, heads, first_line)
    return MarkdownBody(sections, tuple(blocks), tuple(_labels(blocks)))


_Hint = TypeVar("_Hint")


def _table_of_contents_entry(text: str) -> bool:
    """Whether a paragraph is one link to a heading of the same file: an entry of a table of contents ('[Personal
    and Sensitive Information](#personal-and-sensitive-information)'), which names a section and says nothing. Plain
    tests, not a pattern: a pattern searched for a bracket runs to the line's end from each one."""
    text = text.strip()
    return text.startswith("[") and text.endswith(")") and text.count("](") == 1 and "](#" in text and "\n" not in text


def paragraph_sentences(blocks: Iterable[Block], hint: Callable[[str], _Hint | None], *, chars: int | None = None
                        ) -> Iterator[tuple[Block, str, _Hint]]:
    """Each sentence (as plain text) of the paragraphs whose text a plain search (hint) finds may say what is looked
    for, in the order of the card, with its paragraph and what hint found (None or False: the paragraph cannot);
    chars: only a paragraph's first characters are read. A question states nothing ('Will the dataset be updated
    (e.g., to correct labeling errors)?'): it is left out, as is an entry of a table of contents."""
    for block in blocks:
        if block.kind != "paragraph" or _table_of_contents_entry(block.text):
            continue
        found = hint(block.text)
        if found is None or found is False:
            continue
        for sentence in sentences(plain_text(block.text if chars is None else block.text[:chars])):
            if not sentence.endswith("?"):
                yield block, sentence, found


def _markdown_table(tokens: list[Any], index: int) -> tuple[int, tuple[tuple[str, ...], ...]]:
    """The rows of the table opening at tokens[index], and the index after its end."""
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    while tokens[index].type != "table_close":
        kind = tokens[index].type
        if kind == "inline":
            cells.append(plain_text(tokens[index].content))
        elif kind == "tr_close":
            rows.append(tuple(cells))
            cells = []
        index += 1
    return index + 1, tuple(rows)


class _TableReader(HTMLParser):
    """The cells of the tables in an HTML fragment, as plain text, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, ...]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            self._close_cell()
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table"):
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None:
            if self._row is None:
                self._row = []
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row:
            self.rows.append(tuple(self._row))
        self._row = None


def html_table(html: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the HTML tables in a block of HTML (none when it holds no table)."""
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    reader._close_row()
    return tuple(reader.rows)


def _sections(body: str, lines: list[str], heads: list[tuple[int, int, int, str]], first_line: int
              ) -> tuple[Section, ...]:
    """Each heading with its own text (up to the next heading) and its whole text (up to the next one at its
    level or above), as offsets into the body (lines is body split at each newline)."""
    offsets = [0]  # where each line starts, then one past the body's end
    for text in lines:
        offsets.append(offsets[-1] + len(text) + 1)

    def at(index: int) -> int:
        """Where line index starts (the parser may count more lines than a split at newlines: a lone '\r')."""
        return offsets[min(index, len(lines))]

    def cut(first: int, stop: int) -> int:
        """The end offset of lines[first:stop] joined with newlines (empty when stop <= first)."""
        return at(stop) - 1 if min(stop, len(lines)) > min(first, len(lines)) else at(first)

    sections: list[Section] = []
    for position, (start, after, level, title) in enumerate(heads):
        own_end = heads[position + 1][0] if position + 1 < len(heads) else len(lines)
        end = len(lines)
        for later_start, _, later_level, _ in heads[position + 1 :]:
            if later_level <= level:
                end = later_start
                break
        sections.append(Section(title=title, key=heading_key(title), level=level, line=start + first_line,
                                source=body, start=at(after), own_end=cut(after, own_end),
                                end=cut(after, end)))
    return tuple(sections)


# --- label lines -------------------------------------------------------------------------------------------------

# At most this many characters and words make a label; longer bold text or text before a colon is a sentence.
_LABEL_CHARS = 60
# A question in bold is a label however long it is up to this ('**Does the dataset contain data that might be
# considered sensitive in any way (e.g. ...)?**', the longest of the "Datasheets for Datasets" questions).
_QUESTION_CHARS = 400
_COLON_LABEL_WORDS = 4
# Words that open a sentence, not a label: 'The format of the file is:', 'We used:'; and a datasheet's answer to the
# question above it ('Yes: using github.', 'Yes: (1) ...', in four datasheets of the held-out rounds).
_SENTENCE_OPENERS = frozenset({"the", "this", "these", "that", "a", "an", "we", "it", "our", "you", "if", "to",
                               "here", "there", "used", "use", "run", "see", "note", "yes", "no"})
# Blocks after an empty label that make its value, at most.
_VALUE_BLOCKS = 12


def _labels(blocks: list[Block]) -> Iterator[Label]:
    """The label lines of the paragraphs, each with its value."""
    for position, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        lines = block.text.split("\n")
        found = _label_lines(lines) if _may_open_label(block.text) else []
        plain = _plain_titles(lines, found)
        if plain:
            found = sorted([*found, *plain])
        for number, entry in enumerate(found):
            offset, after, (name, rest) = entry
            stop = found[number + 1][0] if number + 1 < len(found) else len(lines)
            question = name.endswith("?")
            if question:
                rest = _without_prompts(rest)
            value = "\n".join([rest, *lines[after:stop]]).strip()
            value_line = block.line + offset
            if (not value or value.endswith(":") or question) and stop == len(lines):
                # '**Training Data**' alone, 'The model was trained on:' before a list, or a datasheet's question
                # with the template's prompt after it on its line: the value (or the answer) follows.
                more, more_line = _following(blocks, position, value_line, answer=question and not value,
                                             bold=_opens_bold(lines[offset]))
                value, value_line = (f"{value}\n\n{more}".strip(), value_line if value else more_line)
            yield Label(name, value, block.line + offset, value_line, block.section, plain=entry in plain)


# A title written as a plain line: a few words, capitalised, with no markup and no closing punctuation.
_PLAIN_TITLE = re.compile(r"[A-Z][A-Za-z0-9'&()-]*(?: [A-Za-z0-9'&()-]+){0,4}")
_PLAIN_TITLE_CHARS = 40


def _plain_titles(lines: list[str], found: list[tuple[int, int, tuple[str, str]]]
                  ) -> list[tuple[int, int, tuple[str, str]]]:
    """The first and the last line of a paragraph that are titles written as plain lines, where no label is."""
    taken = {line for offset, after, _ in found for line in range(offset, after)} if found else set()
    titles = []
    for offset in dict.fromkeys((0, len(lines) - 1)):
        text = lines[offset].strip()
        if (len(text) <= _PLAIN_TITLE_CHARS and text[:1].isupper() and offset not in taken
                and _PLAIN_TITLE.fullmatch(text)):
            titles.append((offset, offset + 1, (text, "")))
    return titles


# A bold label may run over this many more lines of its paragraph: a question wrapped as the text was
# ('**What do the instances that comprise the dataset represent (e.g., documents, photos,' / 'people)?**').
_BOLD_LINES = 4


def _label_lines(lines: list[str]) -> list[tuple[int, int, tuple[str, str]]]:
    """The labels of a paragraph's lines: (the line a label opens on, the line after it, its name and the rest of
    its line), a bold label wrapped over several lines read as one line."""
    found: list[tuple[int, int, tuple[str, str]]] = []
    offset = 0
    while offset < len(lines):
        label, after = line_label(lines[offset]), offset + 1
        if label is None and (mark := _open_bold(lines[offset])):
            for end in range(offset + 1, min(len(lines), offset + 1 + _BOLD_LINES)):
                if lines[end].count(mark) % 2:
                    joined = " ".join(line.strip() for line in lines[offset : end + 1])
                    label, after = line_label(joined), end + 1
                    break
        if label is not None:
            found.append((offset, after, label))
        offset = after if label is not None else offset + 1
    return found


def _opens_with_label(text: str, *, question: bool = False) -> bool:
    """Whether a paragraph's first line opens a label (or its first lines, a wrapped bold label); with question,
    a question's."""
    first = text.split("\n", 1)[0]
    label = line_label(first)
    if label is None and _open_bold(first):
        found = _label_lines(text.split("\n", _BOLD_LINES + 1)[: _BOLD_LINES + 1])
        label = found[0][2] if found and found[0][0] == 0 else None
    return label is not None and (not question or label[0].endswith("?"))


def _opens_bold(text: str) -> bool:
    """Whether a line (or a paragraph's first line) opens with bold text, past any symbols that decorate it."""
    return _undecorated(text).startswith(("**", "__"))


def _open_bold(line: str) -> str:
    """The bold mark ('**' or '__') a line opens and leaves open, else ''."""
    text = line.strip()
    mark = text[:2]
    return mark if mark in ("**", "__") and text.count(mark) % 2 else ""


# A sentence a datasheet template writes after its question, asking rather than answering: 'If so, please provide a
# description.', 'Was there a specific task in mind?'.
_PROMPT = re.compile(r"\bplease\b|\?$", re.IGNORECASE)


def _without_prompts(text: str) -> str:
    """The text after a question label less the template's prompts."""
    if "?" not in text and "lease" not in text:
        return text
    return " ".join(s for s in sentences(text) if _PROMPT.search(s) is None)


def _may_open_label(text: str) -> bool:
    return ":" in text or "**" in text or "__" in text


def _following(blocks: list[Block], position: int, line: int, *, answer: bool = False, bold: bool = False
               ) -> tuple[str, int]:
    """The text of the blocks after blocks[position] under the same heading, up to the next label; and its line.
    The answer to a question may be a list of labels: it runs up to the next question. So may the value of a bold
    label ('**License.**' over '- Code: MIT.' and '- Texts: CC BY-SA 4.0.'): it runs up to the next bold one."""
    section = blocks[position].section
    taken: list[Block] = []
    for block in blocks[position + 1 : position + 1 + _VALUE_BLOCKS]:
        if block.section != section:
            break
        if block.kind == "paragraph" and _opens_with_label(block.text, question=answer) and (
                answer or not bold or _opens_bold(block.text)):
            break
        taken.append(block)
    if not taken:
        return "", line
    return "\n\n".join(b.text for b in taken), taken[0].line


def line_label(line: str) -> tuple[str, str] | None:
    """(label, the rest of the line) when the line opens with a label: bold text ('**Developed by:** Meta',
    '**Model developers** Meta', '**Training Data**') or a few words before a colon ('License: MIT')."""
    text = _undecorated(line).rstrip()
    if text.startswith(("**", "__")):
        return _bold_label(text)
    head, colon, rest = text.partition(":")
    if not colon or (rest and not rest[0].isspace()):
        return None  # no colon, or one inside a URL, a time or a ratio
    name = head.strip(" *_")
    if (not name or not name[0].isalpha() or len(name) > _LABEL_CHARS or len(name.split()) > _COLON_LABEL_WORDS
            or name.split()[0].lower() in _SENTENCE_OPENERS):
        return None  # a sentence that ends in a colon before a list or a block of code
    return plain_text(name), rest.strip()


# Symbols (emoji, their variation selectors and joiners) that decorate a label: '❌ **Out-of-Scope Uses:**'.
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Mn", "Cf"})


def _undecorated(line: str) -> str:
    """A line without its leading blanks and the symbols that decorate it ('❌ **Out-of-Scope Uses:**')."""
    text = line.lstrip()
    return _without_lead_symbols(text) if text and not text[0].isascii() else text


def _without_lead_symbols(text: str) -> str:
    start = 0
    while start < len(text) and (unicodedata.category(text[start]) in _SYMBOL_CATEGORIES or text[start].isspace()):
        start += 1
    return text[start:]


def _bold_label(text: str) -> tuple[str, str] | None:
    close = text.find(text[:2], 2)
    bold = text[2:close] if close > 2 else ""
    if bold.endswith(" ") and bold.rstrip().endswith("?"):
        bold = bold.rstrip()  # '**Who created the dataset? **': a question, though CommonMark shows the marks
    if bold and bold.strip() == bold and _INLINE_MARKUP.isdisjoint(bold) and (
            close + 2 == len(text) or text[close + 2] in " \t:"):
        # '**Developed by:** Meta', '**Model developers** Meta': plain text in one bold span, read as CommonMark
        # reads it without the inline parser.
        return _label_parts(bold, plain_text(text[close + 2 :]))
    parsed = _inline_parser().parseInline(text[:_INLINE_LIMIT])[0].children or []
    children = [t for t in parsed if t.type != "text" or t.content]
    if not children or children[0].type != "strong_open":
        return None
    depth, inside, end = 0, [], len(children)
    for position, token in enumerate(children):
        depth += {"strong_open": 1, "strong_close": -1}.get(token.type, 0)
        if depth == 0:
            end = position
            break
        inside.append(token)
    name = " ".join("".join(_inline_pieces(inside)).split())
    return _label_parts(name, " ".join("".join(_inline_pieces(children[end + 1 :])).split()))


def _label_parts(name: str, rest: str) -> tuple[str, str] | None:
    """A bold label's name and value, once its bold text and what follows are plain text."""
    if rest.startswith("?") and not name.endswith("?"):
        # '**Who created this dataset (e.g. which team)**?': the question mark outside the bold.
        name, rest = f"{name.rstrip()}?", rest[1:].strip()
    elif "?" in name and not name.endswith("?"):
        # '**Is it possible to identify individuals ...? If so, please describe how**': the template's prompt in
        # the bold after the question.
        question, _, prompt = name.rpartition("?")
        if not _without_prompts(f"{prompt.strip()}?"):
            name = f"{question}?"
    if name.endswith("?"):
        # A question ('**Who created the dataset?** A team of ...'): it may hold a colon or be long.
        return (name, rest.removeprefix(":").strip()) if len(name) <= _QUESTION_CHARS else None
    if ":" in name.rstrip(":"):
        # '**Note: the model is ...**': a label and its value in one bold span.
        name, _, lead = name.partition(":")
        rest = f"{lead.strip()} {rest}".strip()
    name = name.strip().rstrip(":").strip()
    rest = rest.removeprefix(":").strip()
    if not name or len(name) > _LABEL_CHARS:
        return None
    return name, rest


# Every line that may open or close a fenced code block, with what follows its fence.
_FENCE_LINES = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
# A heading of the card's own after a blank line ('## Model Description'): no code writes one.
_CARD_HEADING = re.compile(r"\n\n {0,3}#{2,6} +[A-Z]")
# A writer mispairs a fence or two; the repairs stop after this many, each a pass over the body.
_FENCE_REPAIRS = 8


def with_fences_repaired(body: str) -> str:
    """A body whose last fenced code block is never closed had its fences mispaired by its writer (a block left
    open, so that a later fence meant to open one closes it): each block that then holds a heading of the card's has
    its opening fence blanked, so that what follows reads as its writer meant, the lines kept. A body whose blocks
    all close is read as CommonMark reads it."""
    for _ in range(_FENCE_REPAIRS):
        blocks = _fenced_blocks(body)
        if not blocks or blocks[-1][1] < len(body):
            return body
        start = next((start for start, end in blocks if _CARD_HEADING.search(body, start, end)), None)
        if start is None:
            return body
        line_end = body.find("\n", start)
        body = body[:start] + body[line_end if line_end != -1 else len(body):]
    return body


def _fenced_blocks(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each fenced code block, paired as CommonMark pairs them; the end of the body ends one
    left open."""
    blocks: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for match in _FENCE_LINES.finditer(body):
        fence, rest = match.group(1), match.group(2)
        if opened is None:
            if not (fence[0] == "`" and "`" in rest):
                opened = (match.start(), fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not rest.strip():
            blocks.append((opened[0], match.end()))
            opened = None
    if opened is not None:
        blocks.append((opened[0], len(body)))
    return blocks


def without_code_blocks(body: str) -> str:
    """Markdown with its fenced code blocks blanked, fences included (the lines kept, so line numbers hold): what
    an example there writes, a comment that suppresses or a template's placeholder, says nothing of the file. The
    blocks are those CommonMark reads (_fenced_blocks)."""
    pieces: list[str] = []
    last = 0
    for start, end in _fenced_blocks(body):
        pieces += (body[last:start], "\n" * body.count("\n", start, end))
        last = end
    pieces.append(body[last:])
    return "".join(pieces)
