"""The informative crosswalks from ISO/IEC 42001 ids to the NIST AI RMF and the EU AI Act (data/crosswalks.yaml)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from aims_lint.data import read_data

FRAMEWORKS = ("nist-ai-rmf", "eu-ai-act")


@dataclass(frozen=True, slots=True)
class Crosswalk:
    """One framework's ids and the ISO/IEC 42001 clauses and controls each relates to (informative only)."""

    name: str
    title: str
    source: str
    # Framework id -> ISO/IEC 42001 ids, in the framework's own order.
    mappings: Mapping[str, tuple[str, ...]]
    # ISO/IEC 42001 id -> the framework ids that relate to it, in the framework's order.
    reverse: Mapping[str, tuple[str, ...]]
    # Framework id -> its title, where the data gives one (the AI Act's articles).
    titles: Mapping[str, str]

    def related(self, iso_id: str) -> tuple[str, ...]:
        """The framework ids that relate to an ISO/IEC 42001 id, in the framework's order."""
        return self.reverse.get(iso_id, ())


def _reverse(mappings: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    reverse: dict[str, list[str]] = {}
    for framework_id, iso_ids in mappings.items():
        for iso_id in iso_ids:
            reverse.setdefault(iso_id, []).append(framework_id)
    return {iso_id: tuple(ids) for iso_id, ids in reverse.items()}


@functools.cache
def crosswalks() -> Mapping[str, Crosswalk]:
    """Every crosswalk aims-lint ships, by framework name (see FRAMEWORKS)."""
    raw = yaml.load(read_data("crosswalks.yaml"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    walks = {}
    for name in FRAMEWORKS:
        mappings = {str(k): tuple(str(i) for i in v) for k, v in raw[name]["mappings"].items()}
        walks[name] = Crosswalk(name=name, title=raw[name]["title"], source=" ".join(raw[name]["source"].split()),
                                mappings=mappings, reverse=_reverse(mappings),
                                titles={str(k): str(v) for k, v in (raw[name].get("titles") or {}).items()})
    return walks


def related(iso_ids: tuple[str, ...]) -> dict[str, list[str]]:
    """For each framework, the ids related to any of iso_ids, in the framework's order."""
    found: dict[str, list[str]] = {}
    for name, walk in crosswalks().items():
        wanted = {framework_id for iso_id in iso_ids for framework_id in walk.related(iso_id)}
        found[name] = [framework_id for framework_id in walk.mappings if framework_id in wanted]
    return found
