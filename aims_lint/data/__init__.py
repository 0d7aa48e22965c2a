"""Data shipped with aims-lint: the ISO/IEC 42001 catalogue, licence identifiers, the heading vocabulary."""

from __future__ import annotations

from pathlib import Path

# Package data is read straight from the installed files; importlib.resources would cost a
# noticeable share of a one-file run's start-up and aims-lint is never imported from a zip.
DATA_DIR = Path(__file__).resolve().parent


def read_data(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")
