"""Visible escapes for the characters a terminal, log or page would act on instead of showing: repository text is
shown as written, never obeyed.

Escaped, in the style of Python's string literals: every C0 control (``\\n``, ``\\r``, ``\\t``, else ``\\x1b``),
DEL and the C1 controls (``\\x7f`` to ``\\x9f``, which include NEL), the line and paragraph separators U+2028 and
U+2029, the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) and marks
(U+061C, U+200E, U+200F) that can reorder what a line shows, lone surrogates (a file name that is not UTF-8) and
the noncharacters U+FFFE and U+FFFF. A backslash is doubled, so an escape can never be mistaken for the text.
"""

from __future__ import annotations

import re

_ACTIVE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"[\\\\{_ACTIVE}]")
_ACTS = re.compile(f"[{_ACTIVE}]")
_SHORT = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every character above escaped: one line, nothing a terminal or browser acts on."""
    # Most text is printable and has no backslash: str's own test says so faster than the pattern.
    if text.isprintable() and "\\" not in text:
        return text
    return _UNSAFE.sub(_escape, text)


def locator(path: str) -> str:
    """A path for a field that tools use to find the file (an annotation's, a test case's): as the repository names
    it, backslashes included, unless it holds a character that a page or terminal would act on."""
    return path if path.isprintable() or _ACTS.search(path) is None else visible(path)


def one_line(text: str) -> str:
    """An error message for standard error: runs of white space become one space, the rest is made visible."""
    return visible(" ".join(text.split()))
