"""The coverage report's formats, by name, each imported when it is written."""

from __future__ import annotations

from collections.abc import Mapping

from aims_lint.coverage import Coverage
from aims_lint.report.coverage_json import CoverageContext, CoverageFormatter


def _deferred(module: str, function: str) -> CoverageFormatter:
    def run(cov: Coverage, ctx: CoverageContext) -> str:
        import importlib

        formatter: CoverageFormatter = getattr(importlib.import_module(f"aims_lint.report.{module}"), function)
        return formatter(cov, ctx)

    return run


COVERAGE_FORMATTERS: Mapping[str, CoverageFormatter] = {
    "markdown": _deferred("coverage_markdown", "format_coverage_markdown"),
    "html": _deferred("coverage_html", "format_coverage_html"),
    "json": _deferred("coverage_json", "format_coverage_json"),
}
