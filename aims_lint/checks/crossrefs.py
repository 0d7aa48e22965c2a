"""Checks across artifacts: models against risks, assessments, the inventory, suppliers and the SoA."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.governance import (
    ANNEX_A_ID,
    KIND_NAMES,
    entry_key,
    entry_name,
    present,
    strings,
    values_of,
)
from aims_lint.checks.options import ENTRIES, GOVERNANCE_KINDS, LABEL, NAMES, NO_OPTIONS, options
from aims_lint.model import Artifact, Entry, Field, Finding, Hit, Inventory, Kind, Location, Reference, Severity
from aims_lint.refs import PATH_SUFFIXES as _PATH_SUFFIXES
from aims_lint.refs import ancestors, is_path_like
from aims_lint.vocab import heading_key

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|hf:|doi:|urn:|mailto:)", re.IGNORECASE)
_HUB_PREFIXES = ("hf://", "hf:", "https://huggingface.co/", "http://huggingface.co/", "huggingface.co/")


@dataclass(slots=True, eq=False)
class Card:
    """A model card and the names its model goes by."""

    artifact: Artifact
    directory: str
    names: frozenset[str]


@dataclass(slots=True, eq=False)
class System:
    """An AI system entry of an inventory, with the repository paths it resolved to."""

    inventory: Artifact
    entry: Entry
    names: frozenset[str]
    path: str | None
    model_card: str | None
    in_scope: bool
    cards: list[Card] = field(default_factory=list)


class Governance:
    """What the cross-artifact checks need, built once per run: paths, cards, systems, risks, assessments."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.files = frozenset(inventory.files)
        self._dirs: frozenset[str] | None = None
        kinds: dict[Kind, list[Artifact]] = {}
        for artifact in inventory.artifacts:
            kinds.setdefault(artifact.kind, []).append(artifact)
        self.by_kind = kinds
        self.cards = [self._card(a) for a in kinds.get(Kind.MODEL_CARD, [])]
        self.card_names: dict[str, list[Card]] = {}
        # Cards by their own path and by their folder, for names that are paths.
        self.card_places: dict[str, list[Card]] = {}
        for card in self.cards:
            for name in card.names:
                self.card_names.setdefault(name, []).append(card)
            self.card_places.setdefault(card.artifact.path, []).append(card)
            self.card_places.setdefault(card.directory, []).append(card)
        self.systems = [self._system(inv, entry) for inv in self.of(Kind.AI_INVENTORY)
                        for entry in inv.entries.get("systems", ())]
        self.system_names: dict[str, list[System]] = {}
        for system in self.systems:
            for name in system.names:
                self.system_names.setdefault(name, []).append(system)
        self.risks = [(register, entry) for register in self.of(Kind.RISK_REGISTER)
                      for entry in register.entries.get("risks", ())]
        self.risk_ids = {entry_key("risks", entry) for _, entry in self.risks}

    # --- lookups ---

    def of(self, kind: Kind) -> list[Artifact]:
        return self.by_kind.get(kind, [])

    def unreadable(self, kind: Kind) -> bool:
        """True when a document of this kind exists but could not be read: its content is unknown."""
        return any(a.document is None for a in self.of(kind))

    @property
    def dirs(self) -> frozenset[str]:
        if self._dirs is None:
            found: set[str] = set()
            for path in self.files:
                directory = posixpath.dirname(path)
                while directory and directory not in found:
                    found.add(directory)
                    directory = posixpath.dirname(directory)
            self._dirs = frozenset(found)
        return self._dirs

    def resolve(self, from_path: str, target: str) -> str | None:
        """The repository file or directory a path names, looked up from the citing file's directory upwards."""
        text = target.strip().split("#", 1)[0].rstrip("/")
        if not text or _EXTERNAL.match(text):
            return None
        if text.startswith("/"):
            text = text.lstrip("/")
        for base in ancestors(posixpath.dirname(from_path)):
            candidate = posixpath.normpath(posixpath.join(base, text))
            if candidate in self.files or candidate in self.dirs:
                return candidate
        return None

    def missing_paths(self, artifact: Artifact, found: Field | None,
                      is_path: Callable[[str], bool]) -> Iterator[tuple[str, Location]]:
        """The values of a field that is_path takes for repository paths but that lead nowhere, with their places."""
        if found is None or not found.present:
            return
        for value, where in values_of(artifact, found):
            if isinstance(value, str) and is_path(value) and self.resolve(artifact.path, value) is None:
                yield value, where

    def readable(self, kind: Kind) -> bool:
        """True when the repository has documents of this kind and every one of them could be read."""
        return bool(self.of(kind)) and not self.unreadable(kind)

    def cards_for(self, from_path: str, name: str) -> list[Card]:
        """Model cards an ai_system value names: by model name, directory, card path or inventory system."""
        key = name.strip().lower()
        found = list(self.card_names.get(key, []))
        for system in self.system_names.get(key, []):
            found.extend(system.cards)
        resolved = self.resolve(from_path, name) if ("/" in name or name.endswith(_PATH_SUFFIXES)) else None
        if resolved is not None:
            found.extend(self.card_places.get(resolved, []))
        return found

    def known_system(self, from_path: str, name: str) -> bool:
        return bool(self.cards_for(from_path, name)) or name.strip().lower() in self.system_names

    def systems_of(self, card: Card) -> list[System]:
        return [s for s in self.systems if card in s.cards]

    # --- construction ---

    def _card(self, artifact: Artifact) -> Card:
        # A model goes by its folder's name (or, through the inventory, its system id); not by the card's own
        # 'name', which only reading every card would tell: a pre-commit run knows cards by path alone.
        directory = posixpath.dirname(artifact.path)
        names = {directory.rsplit("/", 1)[-1].lower()} if directory else set()
        return Card(artifact, directory, frozenset(names))

    def _system(self, inventory: Artifact, entry: Entry) -> System:
        names = {str(v).strip().lower() for v in (present(entry.fields, "id"), present(entry.fields, "name"))
                 if isinstance(v, str) and v.strip()}
        path_value, card_value = present(entry.fields, "path"), present(entry.fields, "model_card")
        path = self.resolve(inventory.path, path_value) if isinstance(path_value, str) else None
        card = self.resolve(inventory.path, card_value) if isinstance(card_value, str) else None
        system = System(inventory, entry, frozenset(names), path, card, present(entry.fields, "in_scope") is not False)
        found: dict[int, Card] = {}
        for place in (card, path):
            for match in self.card_places.get(place, []) if place is not None else []:
                found[id(match)] = match
        system.cards = list(found.values())
        return system

    @functools.cached_property
    def front_door(self) -> str | None:
        """The file a finding about the repository as a whole points at, the same for every such finding: the
        top-level README of the (first) scan root, else the first file of its governance folder; None when it has
        neither."""
        for root in self.inventory.scan_roots:
            prefix = f"{root.rstrip('/')}/" if root else ""
            top = sorted(f for f in self.files if f.startswith(prefix) and "/" not in f[len(prefix):])
            readme = next((f for f in top if f[len(prefix):].lower().startswith("readme")), None)
            if readme is not None:
                return readme
            governance = sorted(f for f in self.files if f.startswith(f"{prefix}governance/"))
            if governance:
                return governance[0]
        return None

    @functools.cached_property
    def model_dirs(self) -> dict[str, str]:
        """Directories holding a model (its card, or weights no card covers), each with the file to point at."""
        result = {c.directory: c.artifact.path for c in sorted(self.cards, key=lambda c: c.artifact.path)}
        card_dirs = set(result)
        for weights in sorted(self.of(Kind.WEIGHTS), key=lambda a: a.path):
            directory = posixpath.dirname(weights.path)
            if not any(d in card_dirs for d in ancestors(directory)):
                result.setdefault(directory, weights.path)
        return result


# --- Presence ----------------------------------------------------------------------------------------------------


@check(scope="repository", reads=frozenset({"governance", "model_cards"}), options=options(
    required=("kind", "label", "suggest"), kind=GOVERNANCE_KINDS, label=LABEL, suggest=LABEL, policy_headings=NAMES))
def governance_present(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A repository with models has a document of the given kind (once, not once per model)."""
    gov = context.governance
    kind = Kind(options["kind"])
    if gov.of(kind):
        return
    headings = options.get("policy_headings")
    if headings:
        keys = {heading_key(h) for h in headings}
        if any(s.key in keys for policy in gov.of(Kind.AI_POLICY) for s in policy.sections):
            return
    models = sorted(a.path for a in gov.of(Kind.MODEL_CARD)) or sorted(a.path for a in gov.of(Kind.WEIGHTS))
    if not models:
        return
    count = len(gov.model_dirs)
    noun = "a model" if count == 1 else f"{count} models"
    yield Hit(Location(gov.front_door or models[0]), f"the repository has {noun} but no {options['label']}: add "
              f"{options['suggest']} ('aims-lint init' writes a template to fill in)", f"missing:{kind.value}")


# --- Models against the register, the assessments and the inventory -----------------------------------------------


@check(scope="artifact", reads=frozenset({"governance", "model_cards"}), options=options(entries=ENTRIES))
def system_known(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each ai_system a register entry or an assessment names is a model card or an inventory system."""
    gov = context.governance
    if not gov.cards and not gov.systems:
        return  # nothing in the repository to match against
    list_name = options.get("entries")
    items: Iterable[tuple[str, Mapping[str, Any], str]]
    if list_name:
        items = ((entry_name(list_name, e), e.fields, f"{list_name}:{entry_key(list_name, e)}:")
                 for e in artifact.entries.get(list_name, ()))
    else:
        items = [(KIND_NAMES[artifact.kind], artifact.fields, "")]
    for thing, fields, subject in items:
        found = fields.get("ai_system")
        if found is None or not found.present:
            continue
        for value, where in values_of(artifact, found):
            if not isinstance(value, str) or not value.strip() or gov.known_system(artifact.path, value):
                continue
            yield Hit(where, f"{thing}: ai_system '{value}' matches no model card and no system of the AI inventory "
                      "(use the model's folder name, its card path or its inventory id)", f"{subject}ai_system:{value}")


def covered_by(gov: Governance, kind: Kind) -> frozenset[str]:
    """Paths of the model cards whose model a risk entry, or an impact assessment, covers (as kind says)."""
    return frozenset(covering(gov, kind))


def covering(gov: Governance, kind: Kind) -> dict[str, set[str]]:
    """For each model card a risk register, or an impact assessment, covers (as kind says): the documents that do."""
    found: dict[str, set[str]] = {}
    pairs = _covered_by_risks(gov) if kind is Kind.RISK_REGISTER else _covered_by_assessments(gov)
    for card, document in pairs:
        found.setdefault(card, set()).add(document)
    return found


def _covered_by_risks(gov: Governance) -> Iterator[tuple[str, str]]:
    """(card, register) for each card a register's risk entry covers, by its AI system or its inventory's ids."""
    for register, entry in gov.risks:
        for name in strings(present(entry.fields, "ai_system")):
            yield from ((c.artifact.path, register.path) for c in gov.cards_for(register.path, name))
    for system in gov.systems:
        ids = strings(present(system.entry.fields, "risk_entries"))
        for register, entry in gov.risks:
            if entry_key("risks", entry) in ids:
                yield from ((c.artifact.path, register.path) for c in system.cards)


def _covered_by_assessments(gov: Governance) -> Iterator[tuple[str, str]]:
    """(card, assessment) for each card an impact assessment covers, by name or as an inventory or card says."""
    assessments = {a.path for a in gov.of(Kind.IMPACT_ASSESSMENT)}
    for assessment in gov.of(Kind.IMPACT_ASSESSMENT):
        for name in strings(present(assessment.fields, "ai_system")):
            yield from ((c.artifact.path, assessment.path) for c in gov.cards_for(assessment.path, name))
    for system in gov.systems:
        value = present(system.entry.fields, "impact_assessment")
        resolved = gov.resolve(system.inventory.path, value) if isinstance(value, str) else None
        if resolved in assessments:
            yield from ((c.artifact.path, str(resolved)) for c in system.cards)
    for card in gov.cards:
        value = present(card.artifact.fields, "impact_assessment")
        resolved = gov.resolve(card.artifact.path, value) if isinstance(value, str) else None
        if resolved in assessments:
            yield card.artifact.path, str(resolved)


@check(scope="artifact", reads="governance",
       options=options(required=("by",), by={"enum": ["risk_register", "impact_assessment"]}))
def model_covered(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A model card's model has at least one risk entry, or an impact assessment, as the options say."""
    gov = context.governance
    kind = Kind(options["by"])
    if not gov.readable(kind):
        return  # no document at all is one repository-level finding; an unreadable one says nothing
    if artifact.path in context.coverage(kind):
        return
    card = next((c for c in gov.cards if c.artifact is artifact), None) or gov._card(artifact)
    if any(not s.in_scope for s in gov.systems_of(card)):
        return  # the inventory puts this model out of scope, with its reason
    name = sorted(card.names)[0] if card.names else artifact.path
    if kind is Kind.RISK_REGISTER:
        message = (f"model '{name}' has no entry in the risk register: add a risk whose ai_system names it, "
                   "or list its risk ids under the model's inventory entry")
    else:
        message = (f"model '{name}' has no impact assessment: add impact/<system>.yaml with ai_system naming it, "
                   "or point 'impact_assessment' at one")
    yield Hit(artifact.where(), message, f"covered:{kind.value}")


@check(scope="artifact", reads="artifact",
       options=options(required=("entries", "fields"), entries=ENTRIES, fields=NAMES))
def paths_exist(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Every repository path that the given fields of a list's entries give exists (URLs and ids are not paths)."""
    gov = context.governance
    list_name = options["entries"]
    for entry in artifact.entries.get(list_name, ()):
        thing, key = entry_name(list_name, entry), entry_key(list_name, entry)
        for name in options["fields"]:
            for value, where in gov.missing_paths(artifact, entry.fields.get(name), _is_local):
                yield Hit(where, f"{thing}: {name} '{value}' does not exist in the repository",
                          f"{list_name}:{key}:{name}:{value}")


@check(scope="repository", reads=frozenset({"governance", "model_cards"}), options=NO_OPTIONS)
def models_in_inventory(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Every model directory (a model card, or weights no card covers) is a system of the AI inventory."""
    gov = context.governance
    if not gov.readable(Kind.AI_INVENTORY):
        return
    listed: set[str] = set()
    for system in gov.systems:
        if system.path is not None:
            listed.add(system.path)
        if system.model_card is not None:
            listed.add(system.model_card)
            listed.add(posixpath.dirname(system.model_card))
    shown = gov.of(Kind.AI_INVENTORY)[0].path
    for directory, anchor in sorted(gov.model_dirs.items()):
        if directory in listed or anchor in listed:
            continue
        where = (directory or ".") + "/"
        yield Hit(Location(anchor), f"the model in {where} is not in the AI system inventory ({shown}): add a system "
                  "with its path, owner and model card", f"unlisted:{directory}")


# --- Suppliers ---------------------------------------------------------------------------------------------------


def normalise_component(name: str) -> str:
    """A model or dataset name as suppliers and cards write it: case, hub prefixes and 'datasets/' do not matter."""
    text = name.strip().lower().rstrip("/")
    for prefix in _HUB_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    return text.removeprefix("datasets/")


def suppliers(gov: Governance) -> frozenset[str]:
    """The normalised names of the components the AI inventories' suppliers lists give."""
    names: set[str] = set()
    for inv in gov.of(Kind.AI_INVENTORY):
        for entry in inv.entries.get("suppliers", ()):
            for key in ("component", "aliases"):
                names.update(normalise_component(v) for v in strings(present(entry.fields, key)) if v)
    return frozenset(names)


def local_dataset_folders(files: Iterable[str], kind_of: Callable[[str], Kind | None]) -> frozenset[str]:
    """Names of folders holding a file whose name makes it a dataset record (datasheet.yaml, DATASHEET.md, ...).

    Decided from file names alone, so that a run that reads only a few files judges as a whole run does.
    """
    return frozenset(posixpath.basename(posixpath.dirname(path)).lower() for path in files
                     if "/" in path and kind_of(path) is Kind.DATASET_RECORD)


def third_party(ref: Reference, local_datasets: frozenset[str]) -> bool:
    """A base model named by id, or a dataset named by hub id or URL, comes from outside the organisation."""
    target = ref.target.strip()
    path_like = is_path_like(target)
    if ref.role == "base_model":
        return not path_like
    if target.lower().startswith(("hf:", "hf://", "http://", "https://")):
        return True
    return ref.hub_context and not path_like and target.lower() not in local_datasets


@check(scope="artifact", reads="governance", options=NO_OPTIONS)
def third_party_suppliers(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A third-party model or dataset a card names appears in the inventory's suppliers list."""
    gov = context.governance
    if not gov.readable(Kind.AI_INVENTORY):
        return  # no inventory at all is one repository-level finding
    for ref in artifact.references:
        local = context.local_dataset_folders if ref.hub_context and ref.role == "dataset" else frozenset()
        if not third_party(ref, local) or normalise_component(ref.target) in context.suppliers:
            continue
        noun = "base model" if ref.role == "base_model" else "dataset"
        yield Hit(ref.location, f"third-party {noun} '{ref.target}' is not in the suppliers list of the AI inventory: "
                  "add it with its supplier, licence and due-diligence date", f"supplier:{ref.role}:{ref.target}")


# --- Statement of Applicability against the register -------------------------------------------------------------


@check(scope="artifact", reads="governance", options=NO_OPTIONS)
def soa_covers_treatments(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """An Annex A control that a risk treatment relies on is marked applicable in the SoA."""
    gov = context.governance
    rows = {entry_key("controls", e): e for e in artifact.entries.get("controls", ())}
    for register, risk in gov.risks:
        risk_id = entry_key("risks", risk)
        for control in strings(present(risk.fields, "controls")):
            if not ANNEX_A_ID.fullmatch(control) or control not in rows:
                continue
            row = rows[control]
            if present(row.fields, "applicable") is not False:
                continue
            found = row.fields.get("applicable")
            where = found.location if found is not None else row.location
            yield Hit(where, f"{control} is marked not applicable, but the treatment of risk '{risk_id}' "
                      f"({register.path}) relies on it: mark it applicable or change the treatment",
                      f"controls:{control}:risk:{risk_id}")


# Findings of a control's rules quoted in the message of a claim that does not hold; the rest are counted.
_QUOTED_FINDINGS = 3


@check(scope="artifact", reads="repository_with_named_governance", options=NO_OPTIONS, after_findings=True)
def soa_claims_hold(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A control the SoA claims implemented has no open error among the findings of the rules mapped to it."""
    errors: dict[str, list[Finding]] = {}
    for finding in context.findings:
        if finding.severity is Severity.ERROR:
            for control in finding.controls:
                errors.setdefault(control, []).append(finding)
    for entry in artifact.entries.get("controls", ()):
        key = entry_key("controls", entry)
        if present(entry.fields, "status") != "implemented" or key not in errors:
            continue
        found = errors[key]
        quoted = ", ".join(f"{f.rule_id} at {f.location.path}:{f.location.line}" for f in found[:_QUOTED_FINDINGS])
        more = f" and {len(found) - _QUOTED_FINDINGS} more" if len(found) > _QUOTED_FINDINGS else ""
        noun = "error" if len(found) == 1 else "errors"
        yield Hit(entry.fields["status"].location,
                  f"control {key} is claimed implemented, but the rules mapped to it report {len(found)} open "
                  f"{noun} ({quoted}{more}): fix them, or set its status to planned", f"controls:{key}:claim")


@check(scope="artifact", reads="artifact", options=NO_OPTIONS)
def soa_evidence(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """An implemented control says where its evidence is, and evidence given as a repository path exists."""
    gov = context.governance
    for entry in artifact.entries.get("controls", ()):
        key = entry_key("controls", entry)
        found = entry.fields.get("evidence")
        if present(entry.fields, "status") == "implemented" and (found is None or not found.present):
            where = found.location if found is not None else entry.location
            yield Hit(where, f"control {key} is implemented but gives no evidence: fill in where the evidence is "
                      "(a path in the repository, a URL or a document id)", f"controls:{key}:evidence")
            continue
        for value, where in gov.missing_paths(artifact, found, _looks_like_path):
            yield Hit(where, f"control {key}: evidence '{value}' does not exist in the repository",
                      f"controls:{key}:evidence:{value}")


def _is_local(value: str) -> bool:
    """A path or a name, not a URL or an external id."""
    return bool(value.strip()) and not _EXTERNAL.match(value.strip())


def _looks_like_path(value: str) -> bool:
    text = value.strip()
    if not text or _EXTERNAL.match(text) or any(c.isspace() for c in text):
        return False
    return "/" in text or text.lower().split("#", 1)[0].endswith((*_PATH_SUFFIXES, ".txt", ".py", ".csv"))
