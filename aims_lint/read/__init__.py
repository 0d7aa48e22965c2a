"""Reading a repository: list its files, classify their names by the catalogue, read them safely and adapt them
into an Inventory, in full or in focus mode. This is the package's public API; its modules load on first use, so
that the listing (aims_lint.read.listing, light) can start before the rest of aims-lint is imported.

    list (listing) -> classify (catalogue) -> safe read (files) -> parse and adapt (reader, focus) -> Inventory
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aims_lint.read.catalogue import NameClass, classify_name, hook_files_pattern
    from aims_lint.read.focus import NOT_READ, FocusedReading, build_focused_inventory
    from aims_lint.read.listing import FocusRequest, Listing, focus_request, git_toplevel, list_files
    from aims_lint.read.reader import ScanOptions, Settling, TreeView, build_inventory, derive_inventory

_HOME = {
    "NameClass": "catalogue", "classify_name": "catalogue", "hook_files_pattern": "catalogue",
    "NOT_READ": "focus", "FocusedReading": "focus", "build_focused_inventory": "focus",
    "FocusRequest": "listing", "Listing": "listing", "focus_request": "listing", "git_toplevel": "listing",
    "list_files": "listing",
    "ScanOptions": "reader", "Settling": "reader", "TreeView": "reader", "build_inventory": "reader",
    "derive_inventory": "reader",
}
__all__ = ["NOT_READ", "FocusRequest", "FocusedReading", "Listing", "NameClass", "ScanOptions", "Settling", "TreeView",
           "build_focused_inventory", "build_inventory", "classify_name", "derive_inventory", "focus_request",
           "git_toplevel", "hook_files_pattern", "list_files"]
assert sorted(__all__) == sorted(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'aims_lint.read' has no attribute {name!r}")
    return getattr(importlib.import_module(f"aims_lint.read.{home}"), name)
