"""The check functions rule packs may name: CHECKS maps each name to its spec (see registry and base.check)."""

from __future__ import annotations

from aims_lint.checks.registry import CHECKS

__all__ = ["CHECKS"]
