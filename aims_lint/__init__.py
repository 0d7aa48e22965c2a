"""aims-lint: a policy-as-code linter that keeps ML repositories audit-ready for ISO/IEC 42001.

The library's entry point is lint(LintRequest(...)), which returns a LintOutcome holding the Report (see
aims_lint.pipeline and docs/library.md). They are loaded on first use, so that importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["LintOutcome", "LintRequest", "__version__", "lint"]

if TYPE_CHECKING:
    from aims_lint.pipeline import LintOutcome, LintRequest, lint


def __getattr__(name: str) -> Any:
    if name in ("LintOutcome", "LintRequest", "lint"):
        from aims_lint import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'aims_lint' has no attribute {name!r}")
