"""aims-lint: a policy-as-code linter that keeps ML repositories audit-ready for ISO/IEC 42001."""

__version__ = "0.1.0"
