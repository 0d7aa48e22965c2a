"""Reading artifact files as text: size limit, byte-order marks, UTF-16, line endings."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Larger files are not read: real cards are well under this (the largest in the wild are ~1 MB).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TextResult:
    """Decoded text with newlines normalised to LF, or why it could not be read."""

    text: str | None
    encoding: str
    error: str | None = None
    error_line: int = 1
    error_code: str = "encoding"


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NUL in every other byte."""
    sample = data[:512]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
        return "utf-16-le"
    if even_nuls > half * 0.6 and odd_nuls < half * 0.1:
        return "utf-16-be"
    return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in text (what a JSON escape of half a UTF-16 pair decodes to), or None."""
    if text.isascii():
        return None
    found = _LONE_SURROGATE.search(text)
    return None if found is None else found.group()


def valid_unicode(text: str) -> str:
    """text with each lone surrogate, which is no character and cannot be written as UTF-8, replaced by U+FFFD."""
    return text if text.isascii() else _LONE_SURROGATE.sub("\ufffd", text)


def quoted(value: object, limit: int = 40) -> str:
    """A value read from a file as a message shows it: its repr, so on one line, and cut when long."""
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit]}... ({len(shown)} characters)"


# The empty line a CR CR LF line end makes (a lone CR, then CR LF: two line ends, as editors and CommonMark count
# them) keeps a CR of its own, which every reader takes for blank, so that the Markdown reader can tell a card
# double-spaced by its line ends from one written with blank lines.
DOUBLED_BLANK = "\r"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, counting lines as editors do; the blank line of a CR CR LF is DOUBLED_BLANK."""
    if "\r" not in text:
        return text
    if "\r\r\n" in text:
        return f"\n{DOUBLED_BLANK}\n".join(_lf(part) for part in text.split("\r\r\n"))
    return _lf(text)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> TextResult:
    """Decode file bytes; report the line of the first invalid byte instead of raising."""
    encoding = "utf-8"
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    else:
        sniffed = _sniff_utf16(data)
        if sniffed:
            encoding = sniffed
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        return TextResult(
            None,
            encoding,
            f"not valid {encoding.upper()}: byte 0x{body[exc.start]:02x} at offset {exc.start}; file not read",
            line,
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return TextResult(None, encoding, "file contains NUL characters (binary?); not read", line)
    return TextResult(normalise_newlines(text), encoding)
