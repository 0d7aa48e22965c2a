"""The `aims-lint: ignore[RULE, ...] reason: ...` comments of a YAML or Markdown file: where each stands, what it
names, its reason, and whether it covers the whole file.

In YAML (and a Markdown card's front matter) the comment is a YAML comment, `# aims-lint: ...`; in Markdown it is an
HTML comment, `<!-- aims-lint: ... -->`. A comment that ends a line of content covers that line. A comment on a line
of its own at the top of the file covers the whole file: in YAML above the first line of content, in Markdown in the
front matter or above the first line of text. Any comment that opens with `aims-lint:` is read as one of these, so
that a misspelt one is reported instead of silently doing nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import yaml

from aims_lint.model import InlineSuppression, Location
from aims_lint.parse.markdown import split_front_matter, without_code_blocks

MARKER = "aims-lint:"
# The form every such comment must have; the reason is whatever follows `reason:` to the end of the comment.
FORM = "aims-lint: ignore[RULE, ...] reason: why"
_YAML_COMMENT = re.compile(r"(?:^|[ \t])(#[ \t]*aims-lint:)", re.MULTILINE)
_DIRECTIVE = re.compile(r"[ \t]*aims-lint:[ \t]*ignore\[(?P<codes>[^\]\n]*)\](?P<rest>.*)", re.DOTALL)
_REASON = re.compile(r"[ \t]*reason:(?P<reason>.*)", re.DOTALL)
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_YAML_HEADER = re.compile(r"[ \t]*(?:#.*|---[ \t]*|%.*)?")
_HTML_OPEN, _HTML_CLOSE = "<!--", "-->"
_LEADING_BLANKS = re.compile(r"[ \t]*")
_TRAILING_BLANKS = re.compile(r"[ \t\r]*(?:\n|\Z)")


def scan_suppressions(path: str, text: str) -> tuple[InlineSuppression, ...]:
    """The suppression comments of a file by its extension (.yaml, .yml, .md); none in any other file."""
    if MARKER not in text:
        return ()
    lowered = path.lower()
    if lowered.endswith((".yaml", ".yml")):
        return tuple(_yaml_comments(path, text, first_line=1, header_lines=_yaml_header_lines(text)))
    if lowered.endswith(".md"):
        return tuple(_markdown_comments(path, text))
    return ()


def parse_comment(body: str) -> tuple[tuple[str, ...], str, str]:
    """The codes, reason and defect of a comment's text after its opening `#` or `<!--`."""
    match = _DIRECTIVE.fullmatch(body)
    if match is None:
        return (), "", f"is not of the form '{FORM}'"
    codes = tuple(code.strip() for code in match.group("codes").split(",") if code.strip())
    if not codes:
        return (), "", "names no rule inside ignore[...]"
    odd = next((code for code in codes if not _CODE.fullmatch(code)), None)
    if odd is not None:
        return codes, "", f"names {odd!r}, which is not a rule id or name"
    rest = match.group("rest")
    reason = _REASON.fullmatch(rest)
    if reason is None:
        defect = "gives no reason" if not rest.strip() else "has text that is not 'reason: ...' after the rules"
        return codes, "", defect
    text = " ".join(reason.group("reason").split())
    return codes, text, "" if text else "gives no reason"


def _make(path: str, line: int, column: int, body: str, *, whole_file: bool) -> InlineSuppression:
    codes, reason, defect = parse_comment(body)
    return InlineSuppression(Location(path, line, column), codes, reason, whole_file, defect)


def _yaml_header_lines(text: str) -> int:
    """How many lines open a YAML file before its first line of content (blank, comments, '---', directives)."""
    count = 0
    for line in text.split("\n"):
        if not _YAML_HEADER.fullmatch(line.rstrip("\r")):
            break
        count += 1
    return count


def _yaml_comments(path: str, text: str, *, first_line: int, header_lines: int) -> Iterator[InlineSuppression]:
    """The suppression comments of YAML text whose first line is the file's line first_line; a comment standing
    alone on one of the first header_lines lines covers the whole file."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    scalars: tuple[list[int], list[int]] | None = None
    line_end = -1
    for match in _YAML_COMMENT.finditer(text):
        at = match.start(1)
        if at < line_end:
            continue  # the rest of a line after a comment's '#' is that comment
        if scalars is None:
            scalars = _quoted_scalars(text)
        if _inside(scalars, at):
            continue  # a '#' inside a quoted or block scalar is text, not a comment
        index = _line_index(starts, at)
        end = text.find("\n", at)
        line_end = end if end >= 0 else len(text)
        body = text[at + 1 : line_end].rstrip("\r")
        alone = _LEADING_BLANKS.match(text, starts[index]).end() == at  # type: ignore[union-attr]
        yield _make(path, first_line + index, at - starts[index] + 1, body, whole_file=alone and index < header_lines)


def _quoted_scalars(text: str) -> tuple[list[int], list[int]]:
    """Where the quoted and block scalars of YAML text start and end, in order; none when the text does not scan as
    YAML (its syntax error is a finding of its own)."""
    starts: list[int] = []
    ends: list[int] = []
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style:
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except yaml.YAMLError:
        pass
    return starts, ends


def _inside(scalars: tuple[list[int], list[int]], at: int) -> bool:
    """Whether offset at lies inside one of the scalars."""
    starts, ends = scalars
    index = bisect.bisect_right(starts, at) - 1
    return index >= 0 and at < ends[index]


def _line_index(starts: list[int], at: int) -> int:
    """The index of the line holding offset at, given the offsets where lines start."""
    return bisect.bisect_right(starts, at) - 1


def _markdown_comments(path: str, text: str) -> Iterator[InlineSuppression]:
    split = split_front_matter(text)
    fm = split.front_matter
    if fm is not None:
        # The front matter is the top of a card: a comment standing alone anywhere in it covers the whole file.
        yield from _yaml_comments(path, fm.text, first_line=fm.first_line, header_lines=fm.text.count("\n") + 1)
    body = without_code_blocks(split.body)
    starts = [0, *(m.end() for m in re.finditer("\n", body))]
    top = _first_text(body)
    for at, end in _html_comments(body):
        inner = body[at + len(_HTML_OPEN) : end].lstrip(" \t\r\n")
        if not inner.startswith(MARKER):
            continue
        index = _line_index(starts, at)
        alone = (_LEADING_BLANKS.match(body, starts[index]).end() == at  # type: ignore[union-attr]
                 and _TRAILING_BLANKS.match(body, end + len(_HTML_CLOSE)) is not None)
        yield _make(path, split.body_first_line + index, at - starts[index] + 1, inner, whole_file=alone and at < top)


def _html_comments(text: str) -> Iterator[tuple[int, int]]:
    """(start of '<!--', start of '-->') of every HTML comment, in one pass (no pattern to backtrack)."""
    at = text.find(_HTML_OPEN)
    while at >= 0:
        end = text.find(_HTML_CLOSE, at + len(_HTML_OPEN))
        if end < 0:
            return
        yield at, end
        at = text.find(_HTML_OPEN, end + len(_HTML_CLOSE))


def _first_text(body: str) -> int:
    """The offset of the body's first character that is neither white space nor inside an HTML comment."""
    at, size = 0, len(body)
    while True:
        while at < size and body[at].isspace():
            at += 1
        if not body.startswith(_HTML_OPEN, at):
            return at
        end = body.find(_HTML_CLOSE, at + len(_HTML_OPEN))
        if end < 0:
            return at
        at = end + len(_HTML_CLOSE)
