"""Formatters: pure functions from a Report to text. The registry also feeds the CLI's --format choices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aims_lint.model import Report


@dataclass(frozen=True, slots=True)
class FormatContext:
    """What formatters may need beyond the report itself."""

    version: str
    color: bool = False


Formatter = Callable[[Report, FormatContext], str]


def formatters() -> Mapping[str, Formatter]:
    # Imported here so that a run pays only for the registry, and each module stays independent.
    from aims_lint.report.github import format_github
    from aims_lint.report.gitlab import format_gitlab
    from aims_lint.report.json_report import format_json
    from aims_lint.report.junit import format_junit
    from aims_lint.report.markdown import format_markdown
    from aims_lint.report.sarif import format_sarif
    from aims_lint.report.text import format_text

    return {
        "text": format_text,
        "json": format_json,
        "sarif": format_sarif,
        "github": format_github,
        "markdown": format_markdown,
        "junit": format_junit,
        "gitlab": format_gitlab,
    }


FORMAT_NAMES = ("text", "json", "sarif", "github", "markdown", "junit", "gitlab")
