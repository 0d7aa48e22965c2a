"""What a check function is: options and the run's context in, (location, message, subject) hits out; declared by
@check beside it.

A check is called by the engine as fn(artifact, options, context) (artifact scope) or fn(options, context)
(repository scope). options is the rule's mapping exactly as its pack gives it. context (checks.context.RunContext)
is the run as the rule sees it: context.inventory, context.today, the indexes a run builds once on first use
(context.governance, context.datasets, context.coverage(kind), ...) and context.prepared, what the check's
prepare function made of the options when the pack was loaded (a compiled schema). A check declared
after_findings also gets context.findings, the findings of every other rule of the run. A check imports no reader
(parse, adapters, discovery): a section's state, for one, it asks of vocab.section_state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal, TypeVar, cast

from aims_lint.checks.context import RunContext
from aims_lint.model import Artifact, Hit

# A check reads the inventory only through the run's context (context.inventory), with the run's date and the
# indexes it builds once per run (see RunContext); it changes nothing it is given.
ArtifactCheck = Callable[[Artifact, Mapping[str, Any], RunContext], Iterator[Hit]]
RepositoryCheck = Callable[[Mapping[str, Any], RunContext], Iterator[Hit]]
Scope = Literal["artifact", "repository"]
# What a check needs of the repository's history: nothing, the dates of commits, or the change judged.
HistoryNeed = Literal["none", "log", "change"]
Reads = Literal["artifact", "references", "card_locations", "change_card_locations", "model_cards", "governance",
                "repository_with_governance", "repository_with_named_governance", "repository"]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: its function, the JSON Schema of its options, and whether it runs per artifact."""

    name: str
    scope: Scope
    options_schema: Mapping[str, Any]
    description: str
    artifact_fn: ArtifactCheck | None = None
    repository_fn: RepositoryCheck | None = None
    # Called once per rule when its pack is loaded, with the rule's options (already valid): raises ValueError
    # for options the schema cannot refuse, and returns what the check then finds as context.prepared.
    prepare: Callable[[Mapping[str, Any]], object] | None = None
    # What the check reads beyond the artifact it judges, so that focus mode (a few files named, the rest of the
    # repository for context) loads no more than that; one of these or a frozenset of them:
    #   "artifact"        nothing else
    #   "references"      the artifacts its artifact names by path, folder or name
    #   "card_locations"  for every folder of weights, the model cards in it and above it (kind and path only)
    #   "change_card_locations"  the same for the folders of the files the change judged touched and the folders of
    #                     weights within them only (for checks of a change, --diff-base and --staged)
    #   "model_cards"     every model card in the repository, as kind and path only (fields stay empty)
    #   "governance"      every governance document (risk register, SoA, inventory, ...) read in full
    #   "repository_with_governance"  anything, when the repository holds a governance document (for checks that
    #                     compare those documents with the rest and do nothing without them); else only those
    #   "repository_with_named_governance"  anything, when a named file is a governance document (for checks on
    #                     such a document that need every other rule's findings); else only governance documents
    #   "repository"      anything: every artifact read in full (the safe default)
    reads: Reads | frozenset[Reads] = "repository"
    # Whether its findings concern the repository as a whole, so focus mode reports them wherever they point.
    # None: repository-scope checks do, artifact-scope checks do not.
    repository_wide: bool | None = None
    # Whether it judges the findings of the run's other rules (context.findings): it then runs after all of them.
    after_findings: bool = False
    # "log": the date each file last changed (context.history.last_changed); skipped, with one line saying why,
    # where that history is missing (a shallow clone). "change": the change judged (context.changes), given by
    # --diff-base or --staged; without one the check has nothing to judge and is not run.
    history: HistoryNeed = "none"

    @property
    def reads_all(self) -> frozenset[Reads]:
        return frozenset((self.reads,)) if isinstance(self.reads, str) else self.reads

    @property
    def reports_repository(self) -> bool:
        return self.scope == "repository" if self.repository_wide is None else self.repository_wide


_Check = TypeVar("_Check", bound=Callable[..., Iterator[Hit]])
_SPEC = "check_spec"


def check(
    *,
    scope: Scope,
    options: Mapping[str, Any],
    reads: Reads | frozenset[Reads] = "repository",
    repository_wide: bool | None = None,
    prepare: Callable[[Mapping[str, Any]], object] | None = None,
    name: str | None = None,
    after_findings: bool = False,
    history: HistoryNeed = "none",
) -> Callable[[_Check], _Check]:
    """Declare the function below a check that rule packs may name: its scope, the JSON Schema of its options and
    what it reads (see CheckSpec). Its name is the function's and its description its docstring's first line."""

    def declare(function: _Check) -> _Check:
        spec = CheckSpec(
            name=name or function.__name__,
            scope=scope,
            options_schema=options,
            description=(function.__doc__ or "").strip().split("\n", 1)[0],
            artifact_fn=cast(ArtifactCheck, function) if scope == "artifact" else None,
            repository_fn=cast(RepositoryCheck, function) if scope == "repository" else None,
            prepare=prepare,
            reads=reads,
            repository_wide=repository_wide,
            after_findings=after_findings,
            history=history,
        )
        setattr(function, _SPEC, spec)
        return function

    return declare


def declared(module: ModuleType) -> list[CheckSpec]:
    """The checks a module declares itself (not those it imports), in the order it defines them."""
    found = []
    for value in vars(module).values():
        spec = getattr(value, _SPEC, None)
        if isinstance(spec, CheckSpec) and getattr(value, "__module__", None) == module.__name__:
            found.append(spec)
    return found
