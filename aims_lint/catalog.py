"""The ISO/IEC 42001 identifiers and short titles rules may cite (ids and titles only)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aims_lint.data import read_data
from aims_lint.parse.yamlpos import load_values


@dataclass(frozen=True, slots=True)
class Catalog:
    clauses: Mapping[str, str]
    controls: Mapping[str, str]
    guidance: Mapping[str, str]
    control_groups: Mapping[str, str]
    objectives: Mapping[str, str]
    risk_sources: Mapping[str, str]

    def title(self, iso_id: str) -> str:
        for table in (self.controls, self.guidance, self.clauses, self.objectives, self.risk_sources):
            if iso_id in table:
                return table[iso_id]
        raise KeyError(iso_id)

    def kind_of(self, iso_id: str) -> str:
        if iso_id in self.controls:
            return "control"
        if iso_id in self.guidance:
            return "guidance"
        if iso_id in self.clauses:
            return "clause"
        raise KeyError(iso_id)


def mirrored_controls(guidance: Iterable[str]) -> tuple[str, ...]:
    """The Annex A controls that Annex B guidance ids mirror (B.7.4 is the guidance for A.7.4)."""
    return tuple(f"A{g[1:]}" for g in guidance if g.startswith("B."))


@functools.cache
def catalog() -> Catalog:
    text = read_data("iso42001.yaml")
    raw = load_values(text)
    return Catalog(
        clauses={str(k): v for k, v in raw["clauses"].items()},
        controls={k: v["title"] for k, v in raw["annex_a"].items()},
        guidance=dict(raw["annex_b"]),
        control_groups={v["group"]: v["group_title"] for v in raw["annex_a"].values()},
        objectives=dict(raw["annex_c_objectives"]),
        risk_sources=dict(raw["annex_c_risk_sources"]),
    )
