"""Readings of written values shared by parsers, adapters and checks: heading keys and calendar dates."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

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
