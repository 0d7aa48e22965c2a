"""Formatters: pure functions from a Report to text. The registry also feeds the CLI's --format choices."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports this module for the format names before the model is needed
    from aims_lint.compare import Comparison
    from aims_lint.model import Report, Summary
    from aims_lint.report.limits import Omitted


@dataclass(frozen=True, slots=True)
class FormatContext:
    """What formatters may need beyond the report itself."""

    version: str
    color: bool = False
    # A run that judged a change: which findings are new, and how many were fixed.
    comparison: Comparison | None = None
    # Indented SARIF instead of compact, for a person to read.
    pretty: bool = False
    # What a SARIF report kept within a consumer's limits left out (report.limits), recorded in the run.
    omitted: Omitted | None = None


Formatter = Callable[["Report", FormatContext], str]
# A report's text in pieces, made while it is written (see writers).
Writer = Callable[["Report", FormatContext], Iterable[str]]


def set_apart(summary: Summary) -> str:
    """What the summary lines of the text, GitHub and Markdown reports add when findings were set apart: those
    suppressed, those the baseline holds and its entries fixed; empty when there were none (and no baseline)."""
    parts = []
    if summary.suppressed:
        parts.append(f"{summary.suppressed} suppressed ({'it does' if summary.suppressed == 1 else 'they do'} "
                     "not fail the run).")
    if summary.fixed is not None:
        fixed = f"{summary.fixed} baseline {'entry' if summary.fixed == 1 else 'entries'} fixed"
        hint = " (write the baseline again to drop them)" if summary.fixed else ""
        parts.append(f"{summary.unchanged} unchanged in the baseline; {fixed}{hint}.")
    return " ".join(parts)


# Format name -> module:function in aims_lint.report; a run imports only the formatters it writes.
_FORMATTERS = {
    "text": "text:format_text",
    "json": "json_report:format_json",
    "sarif": "sarif:format_sarif",
    "github": "github:format_github",
    "markdown": "markdown:format_markdown",
    "junit": "junit:format_junit",
    "gitlab": "gitlab:format_gitlab",
}


# The formats written as a stream (a large run's report is never held whole): format name -> module:function.
_WRITERS = {
    "text": "text:text_chunks",
    "json": "json_report:json_chunks",
    "sarif": "sarif:sarif_chunks",
}


def _load(target: str) -> Callable[..., object]:
    import importlib

    module, function = target.split(":")
    loaded: Callable[..., object] = getattr(importlib.import_module(f"aims_lint.report.{module}"), function)
    return loaded


def _deferred(target: str) -> Formatter:
    def run(report: Report, ctx: FormatContext) -> str:
        text = _load(target)(report, ctx)
        assert isinstance(text, str)
        return text

    return run


def _streamed(name: str) -> Writer:
    def write(report: Report, ctx: FormatContext) -> Iterable[str]:
        if name not in _WRITERS:
            return (_deferred(_FORMATTERS[name])(report, ctx),)
        chunks = _load(_WRITERS[name])(report, ctx)
        assert isinstance(chunks, Iterable)
        return chunks

    return write


def formatters() -> Mapping[str, Formatter]:
    return {name: _deferred(target) for name, target in _FORMATTERS.items()}


def writers() -> Mapping[str, Writer]:
    """Each format's text in pieces: the same text as its formatter's, made while it is written."""
    return {name: _streamed(name) for name in _FORMATTERS}


FORMAT_NAMES = ("text", "json", "sarif", "github", "markdown", "junit", "gitlab")
# --sarif-limit: every result, or within GitHub code scanning's limits (report.limits).
SARIF_LIMITS = ("none", "github")
GITLAB_LIMITS = ("none", "gitlab")
