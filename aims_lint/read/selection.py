"""The configuration's say over which files a run reads and as what: its exclude globs and its discovery globs
for each kind, written relative to the repository root, applied to paths relative to a run's base."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from aims_lint.globs import GlobSet
from aims_lint.model import Kind
from aims_lint.read.catalogue import NameClass, card_kind, class_for_kind, classify_name, kind_extensions


@dataclass(frozen=True, slots=True)
class FileRules:
    """Which files are never read (exclude) and which further files are read as a kind (discovery)."""

    # The real path of the repository root the globs are relative to.
    root: str
    exclude: GlobSet = field(default_factory=GlobSet)
    discovery: tuple[tuple[Kind, GlobSet], ...] = ()

    @classmethod
    def of(cls, root: str, exclude: Iterable[str], discovery: Mapping[str, Iterable[str]]) -> FileRules:
        found = tuple((Kind(kind), GlobSet(globs)) for kind, globs in discovery.items() if globs)
        return cls(os.path.realpath(root), GlobSet(exclude), found)

    def placed(self, base: str) -> Placed:
        """These rules for the paths of a run whose reports are relative to base."""
        rel = os.path.relpath(os.path.realpath(base), self.root).replace(os.sep, "/")
        prefix = None if rel == ".." or rel.startswith("../") else ("" if rel == "." else rel + "/")
        return Placed(self, prefix)


@dataclass(frozen=True, slots=True)
class Placed:
    """FileRules for paths relative to one base; prefix is the base relative to the repository root ('' at the
    root, None when the base is outside it: then no glob matches)."""

    rules: FileRules
    prefix: str | None

    def in_root(self, rel: str) -> str | None:
        """A path relative to the base as the globs see it: relative to the repository root; None outside it."""
        return None if self.prefix is None else self.prefix + rel

    def excluded(self, rel: str) -> bool:
        where = self.in_root(rel)
        return where is not None and self.rules.exclude.matches(where)

    def discovered(self, rel: str) -> Kind | None:
        """The kind a discovery glob gives the file, if one matches it."""
        where = self.in_root(rel)
        if where is None:
            return None
        return next((kind for kind, globs in self.rules.discovery if globs.matches(where)), None)

    def classify(self, rel: str) -> NameClass | None:
        """The name class the file is read as: a discovery glob's kind first, else the catalogue's."""
        kind = self.discovered(rel) if self.rules.discovery else None
        if kind is not None:
            return class_for_kind(kind, rel)
        return classify_name(rel)

    def kind_by_name(self, rel: str) -> Kind | None:
        """The kind the name alone decides, a discovery glob's first (see catalogue.kind_by_name)."""
        kind = self.discovered(rel) if self.rules.discovery else None
        if kind is not None:
            return kind
        cls = classify_name(rel)
        return None if cls is None else card_kind(cls)

    def unreadable(self, rel: str) -> str | None:
        """Why a file a discovery glob names cannot be read as its kind, or None."""
        kind = self.discovered(rel) if self.rules.discovery else None
        if kind is None or class_for_kind(kind, rel) is not None:
            return None
        shown = ", ".join(kind_extensions(kind))
        return f"the configuration's discovery globs make it a {kind.value}, read only from {shown} files"

