"""The one exception family the command line turns into exit code 2 with a one-line message."""

from __future__ import annotations


class AimsLintError(Exception):
    """A usage, configuration or rule-pack error: reported on one line, exit code 2."""


class RulePackError(AimsLintError):
    """A rule pack that cannot be loaded or does not match the rule-pack schema."""
