"""Focus mode, a way of reading: a few named files of a git work tree read in full, the rest only as far as the
rules that will run need (their CheckSpec.reads), through the same candidate loading as a whole run."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Collection, Mapping
from pathlib import Path

from aims_lint.adapters.markdown_card import DATASET_KEYS, MODEL_KEYS, TOP_KEY, guess_kind, readme_kind
from aims_lint.model import Artifact, Inventory, Kind, Location
from aims_lint.parse.markdown import split_front_matter
from aims_lint.parse.text import decode
from aims_lint.parse.yamlpos import YamlLoadError, load_yaml
from aims_lint.read.catalogue import (
    CATALOGUE,
    SNIFF_BYTES,
    Group,
    NameClass,
    Reading,
    among_datasets,
    classes,
    entry,
    not_a_card,
    sniff_json,
)
from aims_lint.read.files import Folders
from aims_lint.read.listing import FocusRequest, Listing, listed
from aims_lint.read.paths import display_base, relative
from aims_lint.read.reader import (
    Gathering,
    ScanOptions,
    classifier,
    head_of,
    load_candidate,
    new_gathering,
    sort_files,
    tell_unchecked,
)
from aims_lint.refs import ancestors, is_external, is_path_like

_GOVERNANCE = classes(Group.GOVERNANCE)
# Cards and records whose kind the name alone decides: the adapter returns that kind for any file it can decode.
_KIND_BY_NAME = {e.cls: e.kind for e in CATALOGUE if e.group is Group.CARD and e.kind is not None}
# Files that never hold a dataset record; when a dataset is named by a bare name, all others are read in full.
_NEVER_DATASET = frozenset(cls for cls, kind in _KIND_BY_NAME.items() if kind is Kind.MODEL_CARD)
# Files that never hold a model card: their name decides another kind.
_NEVER_MODEL_CARD = frozenset({*(cls for cls, kind in _KIND_BY_NAME.items() if kind is not Kind.MODEL_CARD),
                               *_GOVERNANCE})
# Stands in for the format of a model card whose kind was decided without adapting it.
NOT_READ = "not-read"


def cheap_readme_kind(text: str, *, beside_weights: bool, among_datasets: bool = False) -> Kind | None:
    """The kind adapt_markdown gives a README, decided without judging its sections and fields."""
    split = split_front_matter(text)
    fm_text = split.front_matter.text if split.front_matter is not None else None
    # Without escapes in the front matter its keys are substrings of its text, so the absence of a word proves
    # the absence of a key and some READMEs are decided without loading their YAML.
    if fm_text is not None and "\\" not in fm_text:
        title_kind = guess_kind(set(), split.body)
        if beside_weights and title_kind is not Kind.DATASET_RECORD and not any(k in fm_text for k in DATASET_KEYS):
            # Beside weights a README is a model card unless it reads as a dataset card.
            return Kind.MODEL_CARD
        if title_kind is Kind.DATASET_RECORD and not any(k in fm_text for k in MODEL_KEYS):
            # No model key to outweigh its dataset keys or, with none of either, its dataset title.
            return Kind.DATASET_RECORD
    troubled = split.unterminated
    metadata: set[str] = set()
    raw_keys: set[str] = set(TOP_KEY.findall(split.body)) if split.unterminated else set()
    if split.front_matter is not None:
        fm = split.front_matter
        raw_keys = set(TOP_KEY.findall(fm.text))
        try:
            loaded = load_yaml(fm.text, line_offset=fm.first_line - 1)
        except YamlLoadError:
            troubled = True
        else:
            troubled = troubled or bool(loaded.issues)
            if isinstance(loaded.data, Mapping):
                metadata = {str(k) for k in loaded.data}
            elif loaded.data is not None:
                troubled = True
    fenced = split.front_matter is not None or split.unterminated
    return readme_kind(metadata or raw_keys, split.body, beside_weights=beside_weights, fenced=fenced,
                       troubled=troubled, among_datasets=among_datasets)


class _Reader:
    """Reads candidates of one inventory on demand, each at most once."""

    def __init__(self, base: Path, root: Path, gathering: Gathering, options: ScanOptions) -> None:
        self.base = base
        self.real_base = os.path.realpath(root)
        self.gathering = gathering
        self.options = options
        self.loaded: dict[str, list[Artifact]] = {}
        self.card_kinds: dict[str, Kind | None] = {}
        self.unread_cards: set[str] = set()
        real_base = self.real_base
        found = sort_files(gathering, Folders(str(base), {real_base}), lambda _: real_base, options.placed(base))
        self.candidates = found.classes
        self.weights_dirs = found.weights_dirs
        self.by_dir: dict[str, list[str]] = {}
        for rel in self.candidates:
            self.by_dir.setdefault(posixpath.dirname(rel), []).append(rel)

    def load(self, rel: str) -> list[Artifact]:
        """Read and adapt a candidate in full, as a whole-repository run would: its artifacts (a BOM has several)."""
        if rel in self.loaded:
            return self.loaded[rel]
        cls = self.candidates.get(rel)
        artifacts: list[Artifact] = []
        if cls is not None:
            result = load_candidate(self.base, self.real_base, rel, cls, self.weights_dirs, self.options)
            self.gathering.problems.extend(result.problems)
            self.gathering.suppressions.extend(result.suppressions)
            artifacts = ([result.artifact] if result.artifact is not None else []) + list(result.extra)
            self.gathering.artifacts.extend(artifacts)
        self.loaded[rel] = artifacts
        return artifacts

    def load_all(self, skip: Collection[NameClass] = ()) -> None:
        for rel, cls in self.candidates.items():
            if cls not in skip:
                self.load(rel)

    def is_model_card(self, rel: str) -> bool:
        if rel in self.loaded:
            return any(a.kind is Kind.MODEL_CARD for a in self.loaded[rel])
        return self.kind_of(rel) is Kind.MODEL_CARD

    def read(self, rel: str, size: int, *, limit: bool) -> bytes | None:
        """Up to size bytes of a candidate, or None where files.read_bytes would give a problem (or where
        nothing can be read at all, without limit): a link leading outside, a file that is not regular."""
        max_bytes = self.options.max_bytes if limit else None
        return head_of(self.base, self.real_base, rel, size, self.options, max_bytes=max_bytes)

    def kind_of(self, rel: str) -> Kind | None:
        """A candidate's kind, read as cheaply as the adapters allow; a model card found this way is recorded."""
        if rel in self.card_kinds:
            return self.card_kinds[rel]
        cls = self.candidates[rel]
        if cls is NameClass.JSON:
            # Any other JSON file is an artifact only when its first bytes suggest a format (see load_candidate).
            head = self.read(rel, SNIFF_BYTES, limit=False)
            if head is not None and sniff_json(head) is None:
                self.card_kinds[rel] = None
                return None
        if cls in _KIND_BY_NAME or cls is NameClass.README:
            data = self.read(rel, self.options.max_bytes + 1, limit=True)
            text = None if data is None else decode(data).text
            if text is None or (entry(cls).reading is Reading.MARKDOWN_CARD
                                and not_a_card(text, readme=cls is NameClass.README) is not None):
                kind = None  # unreadable, or a template, a format specification or a Space's README
            elif cls is NameClass.README:
                kind = cheap_readme_kind(text, beside_weights=posixpath.dirname(rel) in self.weights_dirs,
                                         among_datasets=among_datasets(rel))
            else:
                kind = _KIND_BY_NAME[cls]
        else:
            # A kind of file this module knows nothing about: adapt it, as a whole run would.
            artifacts = self.load(rel)
            return Kind.MODEL_CARD if any(a.kind is Kind.MODEL_CARD for a in artifacts) else None
        self.card_kinds[rel] = kind
        if kind is Kind.MODEL_CARD:
            self.unread_cards.add(rel)
        return kind

    def finish(self) -> None:
        """Record the model cards known only by kind, so checks of card locations see them."""
        for rel in sorted(self.unread_cards - self.loaded.keys()):
            self.gathering.artifacts.append(Artifact(rel, Kind.MODEL_CARD, NOT_READ, anchor=Location(rel)))

    def load_references(self, artifact: Artifact) -> None:
        """Read every candidate that a name in the artifact could lead to (see checks.references)."""
        base = posixpath.dirname(artifact.path)
        for ref in artifact.references:
            target = ref.target.strip()
            if is_external(target):
                continue
            path_like = is_path_like(target)
            if ref.hub_context and not path_like:
                continue
            stripped = target.rstrip("/")
            tries = {posixpath.normpath(posixpath.join(base, stripped)), posixpath.normpath(stripped),
                     posixpath.normpath(stripped.lstrip("/") or ".")}
            for candidate in tries:
                candidate = "" if candidate == "." else candidate
                if candidate in self.candidates:
                    self.load(candidate)
                for rel in self.by_dir.get(candidate, ()):
                    self.load(rel)  # a folder names the record inside it
            if not path_like and "/" not in target:
                # A bare name matches a record's name or folder anywhere: only reading them all tells.
                self.load_all(skip=_NEVER_DATASET)

    def mark_all_cards(self) -> None:
        """Find every model card of the repository, by kind only where the name or a README's head tells."""
        for rel, cls in self.candidates.items():
            if cls not in _NEVER_MODEL_CARD:
                self.is_model_card(rel)

    def mark_card_locations(self, folders: Collection[str] | None = None) -> None:
        """Find, for every folder of weights (or each of folders), the nearest model card in it or above it."""
        stop = frozenset(self.gathering.scan_roots)
        has_card: dict[str, bool] = {}
        for directory in sorted(self.weights_dirs if folders is None else folders):
            for folder in ancestors(directory, stop):
                if folder not in has_card:
                    has_card[folder] = any(map(self.is_model_card, sorted(self.by_dir.get(folder, ()))))
                if has_card[folder]:
                    break


class FocusedReading:
    """A focused reading begun: the named files read in full at once (focused), the rest of the work tree only when
    complete() is told what the rules to run read, so that a run can first decide from the named files which rules
    need judging at all."""

    def __init__(self, request: FocusRequest, *, options: ScanOptions | None = None,
                 listing: Listing | None = None) -> None:
        options = options or ScanOptions()
        base = display_base([request.root])
        root_rel = relative(base, request.root)
        prefix = root_rel + "/" if root_rel else ""
        focus = frozenset(relative(base, f) for f in request.files)
        warnings: list[str] = []
        # A state of the tree other than the disk's (the index, a commit) lists its own files.
        files: Collection[str] = (listed(request.root, listing, warnings) if options.view is None
                                  else options.view.files)
        if prefix or not focus.issubset(files):
            files = sorted({prefix + f for f in files} | focus)  # else already sorted and unique, as listed
        # What the paths of the inventory start with: the work tree's folder, when it is below the current one.
        self.prefix = prefix
        self.named = [relative(base, f) for f in request.files]  # in the order given
        self.placed = options.placed(base)
        self.gathering = new_gathering(base, tuple(files), (root_rel,), warnings, placed=self.placed,
                                       named=self.named)
        if self.placed is not None:
            focus = frozenset(rel for rel in focus if not self.placed.excluded(rel))
        self.focus = focus
        self.options = options
        self.reader = _Reader(base, request.root, self.gathering, options)
        self.focused = [a for rel in sorted(focus) for a in self.reader.load(rel)]

    def known(self) -> Inventory:
        """What is read so far: the named files, every weights file (known by name), and the listing."""
        return self.gathering.inventory()

    def complete(self, reads: Collection[str], *, changed: Collection[str] = ()) -> tuple[Inventory, frozenset[str]]:
        """The inventory, the rest read as far as `reads` (the CheckSpec.reads of the rules that will run) needs,
        and the named files' paths in it. changed: the files a change judged touched ("change_card_locations")."""
        reader, focus = self.reader, self.focus
        governed = "repository_with_governance" in reads and self.holds_governance()
        named_governance = "repository_with_named_governance" in reads and any(
            reader.candidates.get(rel) in _GOVERNANCE for rel in focus)
        if "repository" in reads or governed or named_governance:
            reader.load_all()
        else:
            if "references" in reads:
                for artifact in self.focused:
                    reader.load_references(artifact)
            if any(part in reads for part in ("governance", "repository_with_governance",
                                              "repository_with_named_governance")):
                reader.load_all(skip=set(NameClass) - set(_GOVERNANCE))
            if "model_cards" in reads:
                reader.mark_all_cards()
            elif "card_locations" in reads:
                reader.mark_card_locations()
            elif "change_card_locations" in reads:
                reader.mark_card_locations(_near_change(reader.weights_dirs, changed))
        reader.finish()
        tell_unchecked(self.gathering, self.named, reader.base, lambda _: reader.real_base,
                       self.options, classifier(self.placed))
        return self.gathering.inventory(), focus

    def holds_governance(self) -> bool:
        """Whether the work tree holds a file named as a governance document."""
        return any(c in _GOVERNANCE for c in self.reader.candidates.values())


def _near_change(weights_dirs: Collection[str], changed: Collection[str]) -> set[str]:
    """The folders whose nearest model card a check of the change asks for: those of the files it touched, and
    every folder of weights within the folder of a file it touched (a deleted card's weights)."""
    folders = {posixpath.dirname(p) for p in changed}
    within = tuple(f + "/" for f in folders if f)
    near = set(folders)
    near.update(d for d in weights_dirs if d in folders or d.startswith(within) or "" in folders)
    return near


def build_focused_inventory(
    request: FocusRequest, *, reads: Collection[str], options: ScanOptions | None = None,
    listing: Listing | None = None,
) -> tuple[Inventory, frozenset[str]]:
    """An inventory of the whole work tree in which the named files are read in full and the rest only as far
    as `reads` (the CheckSpec.reads of the rules that will run) needs; and the named files' paths in it."""
    return FocusedReading(request, options=options, listing=listing).complete(reads)
