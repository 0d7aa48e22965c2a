"""What a check function is: options in, (location, message, subject) hits out; the engine does the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aims_lint.model import Artifact, Hit, Inventory

ArtifactCheck = Callable[[Artifact, Mapping[str, Any], Inventory], Iterator[Hit]]
RepositoryCheck = Callable[[Mapping[str, Any], Inventory], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: its function, the JSON Schema of its options, and whether it runs per artifact."""

    name: str
    scope: Literal["artifact", "repository"]
    options_schema: Mapping[str, Any]
    description: str
    artifact_fn: ArtifactCheck | None = None
    repository_fn: RepositoryCheck | None = None
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    # What the check reads beyond the artifact it judges, so that focus mode (a few files named, the rest of the
    # repository for context) loads no more than that: "artifact" (nothing else), "references" (the artifacts
    # its artifact names), "card_locations" (where the model cards are), "repository" (anything: the safe default).
    reads: Literal["artifact", "references", "card_locations", "repository"] = "repository"
    # Whether its findings concern the repository as a whole, so focus mode reports them wherever they point.
    # None: repository-scope checks do, artifact-scope checks do not.
    repository_wide: bool | None = None

    @property
    def reports_repository(self) -> bool:
        return self.scope == "repository" if self.repository_wide is None else self.repository_wide
