"""Reading a scan into an Inventory: the targets' listings, each file's name class (read.catalogue), its safe read
(read.files) and the adapter the catalogue names; and the line about a named file that gave nothing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, InlineSuppression, Inventory, Kind, Location, Notice, Problem, internal_error
from aims_lint.parallel import fork_map
from aims_lint.parse.suppressions import scan_suppressions
from aims_lint.parse.text import DEFAULT_MAX_BYTES, decode
from aims_lint.read.catalogue import (
    SNIFF_BYTES,
    Entry,
    Group,
    NameClass,
    Reading,
    adapter,
    among_datasets,
    artifact_extension,
    classify_name,
    entry,
    model_weights,
    named_template,
    not_a_card,
    sniff_json,
    template_place,
)
from aims_lint.read.files import Folders, folder_outside, read_bytes, read_head
from aims_lint.read.git import printable
from aims_lint.read.listing import Listing, listed
from aims_lint.read.paths import display_base, relative, resolve_target, within
from aims_lint.read.selection import FileRules, Placed


@dataclass(slots=True)
class Settling:
    """What the reader does with the artifacts of each file as soon as they are read, in the process that read them:
    settle gives the artifacts to keep in the inventory (the same, or lighter) and what it made of them (the
    engine's findings of the rules that need nothing but the artifact); what it made is collected in `made`, in the
    order of the files, in the process that asked for the reading."""

    settle: Callable[[list[Artifact]], tuple[list[Artifact], tuple[object, ...]]]
    made: list[object] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Limits for reading files, and what the configuration says of which files to read and as what."""

    max_bytes: int = DEFAULT_MAX_BYTES
    # Worker processes that read and adapt files (see parallel.fork_map); 1: this process only (--jobs).
    jobs: int = 1
    # The configuration's exclude and discovery globs; None: every file the listing gives, classified by name.
    files: FileRules | None = None
    # Another state of the work tree than the files on disk (the index, a commit), given by the history reader.
    view: TreeView | None = None
    # What to do with each file's artifacts as soon as they are read (build_inventory only); None: nothing.
    settling: Settling | None = None

    def placed(self, base: Path) -> Placed | None:
        """The configuration's globs for the paths of a run whose reports are relative to base."""
        return None if self.files is None else self.files.placed(str(base))


@dataclass(frozen=True, slots=True)
class TreeView:
    """A state of a git work tree other than the disk's: the files it holds, and the contents of those that differ
    from the disk (read from git objects); every other file listed is read from the disk, where it is the same."""

    files: tuple[str, ...]
    contents: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(slots=True)
class Gathering:
    """What a scan collects while it reads, made into an Inventory (a value) once all is read."""

    root: str
    files: tuple[str, ...]
    scan_roots: tuple[str, ...]
    artifacts: list[Artifact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    suppressions: list[InlineSuppression] = field(default_factory=list)

    def inventory(self) -> Inventory:
        return Inventory(root=self.root, artifacts=tuple(sorted(self.artifacts, key=lambda a: a.path)),
                         problems=tuple(self.problems), files=self.files, scan_roots=self.scan_roots,
                         notices=tuple(self.notices), suppressions=tuple(self.suppressions))


def classifier(placed: Placed | None) -> Callable[[str], NameClass | None]:
    """How a run classifies a path: by the catalogue, after the configuration's discovery globs."""
    return classify_name if placed is None else placed.classify


def new_gathering(
    base: Path, files: Sequence[str], scan_roots: Iterable[str], warnings: Iterable[str], *,
    placed: Placed | None = None, named: Iterable[str] = (),
) -> Gathering:
    """A scan of files (relative to base) with nothing read yet: its scan roots, the lines about listing them.
    Files the configuration excludes are left out (with a line for each of them that was named)."""
    notices = [Notice(warning) for warning in warnings]
    if placed is not None and placed.rules.exclude:
        excluded = {f for f in files if placed.excluded(f)}
        files = [f for f in files if f not in excluded]
        notices += [Notice(f"{printable(f)} is excluded by the configuration; nothing checked in it",
                           routine_in_hook=True) for f in dict.fromkeys(named) if f in excluded]
    return Gathering(str(base), tuple(files), tuple(sorted(set(scan_roots))), notices=notices)


@dataclass(slots=True)
class Candidates:
    """The files of an inventory that are to be read, by name class, and the folders that hold weights."""

    classes: dict[str, NameClass] = field(default_factory=dict)
    weights_dirs: set[str] = field(default_factory=set)


def sort_files(
    gathering: Gathering, folders: Folders, root_of: Callable[[str], str], placed: Placed | None = None
) -> Candidates:
    """Classify every file of the inventory: weights (in a model context) become artifacts at once, a file whose
    folder leads outside its root (root_of) a problem, and the rest candidates to read."""
    found = Candidates()
    weights: list[str] = []
    classify = classifier(placed)
    for rel in gathering.files:
        cls = classify(rel)
        if cls is None:
            why = placed.unreadable(rel) if placed is not None else None
            if why is not None:
                gathering.notices.append(Notice(f"{printable(rel)} was not read: {why}"))
            continue
        if folders.outside(rel, root_of(rel)):
            gathering.problems.append(folder_outside(rel))
        elif cls is NameClass.WEIGHTS:
            weights.append(rel)
        else:
            found.classes[rel] = cls
    # A .pkl, .bin, .pt or .pb file is weights only in a model context (catalogue.model_weights).
    for rel in model_weights(weights):
        found.weights_dirs.add(rel.rsplit("/", 1)[0] if "/" in rel else "")
        gathering.artifacts.append(Artifact(rel, Kind.WEIGHTS, "weights", anchor=Location(rel)))
    return found


def build_inventory(
    paths: Sequence[str | Path], options: ScanOptions | None = None, *, listing: Listing | None = None
) -> Inventory:
    """Scan directories (every file git would show) and files (just them) into one inventory.

    listing: a listing of one of the directories, already started (the command line starts it before loading
    the rest of aims-lint, so that git runs meanwhile).
    """
    options = options or ScanOptions()
    cwd = os.path.realpath(os.getcwd())
    resolved = [resolve_target(Path(p), cwd) for p in paths] or [Path(cwd)]
    base = display_base(resolved, cwd)
    found = _list_targets(resolved, base, listing, cwd)
    files, file_roots = found.files, found.file_roots
    if len(resolved) > 1:
        files = sorted(set(files))  # one folder's listing is already sorted and unique
    # A name that is not valid UTF-8 cannot be written into a report: such a file is reported, never read.
    misnamed = [f for f in files if not _utf8(f)]
    if misnamed:
        files = [f for f in files if _utf8(f)]
    placed = options.placed(base)
    gathering = new_gathering(base, files, found.scan_roots, found.warnings, placed=placed, named=found.named)
    classify = classifier(placed)
    for rel in misnamed:
        if classify(rel) is not None:
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            gathering.problems.append(Problem("unreadable", "file name is not valid UTF-8; not read", Location(shown)))
    real_base = os.path.realpath(base)

    def root_of(rel: str) -> str:
        return file_roots.get(rel, real_base)

    candidates = sort_files(gathering, Folders(str(base), {real_base, *file_roots.values()}), root_of, placed)
    for cls in set(candidates.classes.values()):
        if entry(cls).adapter:
            adapter(cls)  # imported before workers are forked, once for all of them

    def load(candidate: tuple[str, NameClass]) -> tuple[LoadResult, tuple[object, ...]]:
        rel, cls = candidate
        return _settled(load_candidate(base, root_of(rel), rel, cls, candidates.weights_dirs, options),
                        options.settling)

    for result, made in fork_map(load, list(candidates.classes.items()), options.jobs):
        gathering.problems.extend(result.problems)
        if result.artifact is not None:
            gathering.artifacts.append(result.artifact)
        gathering.artifacts.extend(result.extra)
        gathering.suppressions.extend(result.suppressions)
        if options.settling is not None:
            options.settling.made.extend(made)
    tell_unchecked(gathering, found.named, base, root_of, options, classify)
    return gathering.inventory()


def _settled(result: LoadResult, settling: Settling | None) -> tuple[LoadResult, tuple[object, ...]]:
    """A file's read result with its artifacts settled (see Settling), and what settling them made."""
    found = [result.artifact] if result.artifact is not None else []
    if settling is None or not (found or result.extra):
        return result, ()
    kept, made = settling.settle([*found, *result.extra])
    first = kept[0] if found else None
    return replace(result, artifact=first, extra=kept[len(found):]), made


@dataclass(slots=True)
class _Targets:
    """The files of a run's scan targets, where each was found, and which were named on their own."""

    files: list[str] = field(default_factory=list)
    scan_roots: list[str] = field(default_factory=list)
    # The directory each file was found under: a symlink must not lead out of it.
    file_roots: dict[str, str] = field(default_factory=dict)
    named: list[str] = field(default_factory=list)
    # Why git did not list a directory, when it did not (see listing.list_files).
    warnings: list[str] = field(default_factory=list)


def _list_targets(resolved: Sequence[Path], base: Path, listing: Listing | None, cwd: str) -> _Targets:
    found = _Targets()
    # The broadest directory named wins, so it goes first.
    for target in sorted(resolved, key=lambda t: (not t.is_dir(), len(t.parts))):
        rel_root = relative(base, target)
        if target.is_dir():
            found.scan_roots.append(rel_root)
            prefix = "" if rel_root == "" else rel_root + "/"
            for name in listed(target, listing, found.warnings):
                found.files.append(prefix + name)
                found.file_roots.setdefault(prefix + name, str(target))
        else:
            found.scan_roots.append(relative(base, target.parent))
            found.files.append(rel_root)
            found.named.append(rel_root)
            # Named below the current directory, a file's folders must not lead out of it.
            found.file_roots.setdefault(rel_root, cwd if within(cwd, str(target)) else str(target.parent))
    return found


# What aims-lint reads, as the line about a named file that is none of these says.
_READ_KINDS = "model cards, dataset records, governance documents, JSON metadata, weights"


def tell_unchecked(
    gathering: Gathering, named: Iterable[str], base: Path, real_base_of: Callable[[str], str],
    options: ScanOptions, classify: Callable[[str], NameClass | None] = classify_name,
) -> None:
    """A notice for each file named on its own that gave neither an artifact nor a problem: not a kind of file
    aims-lint reads, a template, weights' extension without a model context, a Markdown file whose content says it
    is no card, one it read and found no artifact in, or a JSON file it could not open to tell.

    real_base_of: the real directory a named path must not lead out of (see files.open_inside).
    """
    reported = {a.path for a in gathering.artifacts} | {p.location.path for p in gathering.problems}
    listed = set(gathering.files)
    for rel in dict.fromkeys(named):
        if rel not in listed and _utf8(rel):
            continue  # excluded by the configuration, and told so
        cls = classify(rel)
        if rel in reported or (cls is not None and not _utf8(rel)):  # a name not UTF-8 has its problem
            continue
        shown = printable(rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
        why = None if cls is None or cls is NameClass.WEIGHTS else _why_not(base, real_base_of(rel), rel, cls,
                                                                               options)
        gathering.notices.append(_unchecked_notice(shown, rel, cls, why))


def _unchecked_notice(shown: str, rel: str, cls: NameClass | None, why: str | None) -> Notice:
    """The line about a named file that gave nothing: why, as far as its name and content tell (why: what
    _why_not found)."""
    if cls is None:
        template = template_place(rel)
        if template is not None:
            return Notice(f"{shown} is not read as a card, record or governance document: {template}; nothing "
                          "checked in it", routine_in_hook=True)
        return Notice(f"{shown} is not a file aims-lint reads ({_READ_KINDS}); nothing checked in it",
                      routine_in_hook=artifact_extension(rel))
    if cls is NameClass.WEIGHTS:
        extension = rel.rsplit(".", 1)[-1].lower()
        return Notice(f"{shown} is not taken for model weights: a .{extension} file is weights only in a model "
                      "context (a name that says model, a folder such as models/, weights/ or checkpoints/, or "
                      "weights beside it); nothing checked in it", routine_in_hook=True)
    if cls is NameClass.JSON and why is not None:
        return Notice(f"{shown} was not read ({why}); nothing checked in it")
    if why is not None:
        return Notice(f"{shown} is not read as a card: {why}; nothing checked in it", routine_in_hook=True)
    holds = ("JSON metadata aims-lint reads (Croissant, Model Card Toolkit, CycloneDX)"
             if entry(cls).group is Group.JSON
             else "model card, dataset record or governance document aims-lint recognises")
    return Notice(f"{shown} holds no {holds}; nothing checked in it", routine_in_hook=True)


def _why_not(base: Path, real_base: str, rel: str, cls: NameClass, options: ScanOptions) -> str | None:
    """Why a named JSON file could not be sniffed, or why a named Markdown card is not one (not_a_card)."""
    if cls is NameClass.JSON:
        return _unread_json(base, real_base, rel, options)
    if entry(cls).reading is not Reading.MARKDOWN_CARD:
        return None
    data = read_bytes(base, real_base, rel, options.max_bytes)
    text = None if isinstance(data, Problem) else decode(data).text
    if text is None:
        return None
    why = not_a_card(text, readme=cls is NameClass.README)
    if why is None and named_template(rel):
        why = f"its name says it is a template, and fewer than {TEMPLATE_ANSWERS} of a card's fields are filled in"
    return why


def _unread_json(base: Path, real_base: str, rel: str, options: ScanOptions) -> str | None:
    """Why a JSON file could not even be sniffed, or None when it could."""
    if head_of(base, real_base, rel, 1, options) is not None:
        return None
    problem = bytes_of(base, real_base, rel, options)
    return problem.message if isinstance(problem, Problem) else None


def bytes_of(base: Path, real_base: str, rel: str, options: ScanOptions) -> bytes | Problem:
    """The whole of a file as the run's state of the tree holds it (see TreeView), or the problem reading it."""
    given = None if options.view is None else options.view.contents.get(rel)
    if given is None:
        return read_bytes(base, real_base, rel, options.max_bytes)
    if len(given) > options.max_bytes:
        return Problem("too-large", f"file is {len(given) / 1048576:.1f} MiB, over the "
                       f"{options.max_bytes / 1048576:.1f} MiB limit; not read", Location(rel))
    return given


def head_of(base: Path, real_base: str, rel: str, size: int, options: ScanOptions, *,
            max_bytes: int | None = None) -> bytes | None:
    """Up to size bytes of a file as the run's state of the tree holds it, or None (see files.read_head)."""
    given = None if options.view is None else options.view.contents.get(rel)
    if given is None:
        return read_head(os.path.join(base, rel), real_base, size, max_bytes=max_bytes)
    return None if max_bytes is not None and len(given) > max_bytes else given[:size]


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sniff_json(base: Path, real_base: str, rel: str, options: ScanOptions) -> NameClass | None:
    """The format a JSON file's first bytes suggest; unreadable files and links outside are simply skipped."""
    # Every JSON file of a repository is sniffed: plain os calls, one open for a plain file (see open_inside).
    head = head_of(base, real_base, rel, SNIFF_BYTES, options)
    return None if head is None else sniff_json(head)


def load_candidate(
    base: Path, real_base: str, rel: str, cls: NameClass, weights_dirs: set[str], options: ScanOptions
) -> LoadResult:
    """Read base/rel safely and adapt it as the catalogue says its name class is adapted."""
    sniffed = False
    if cls is NameClass.JSON:
        # Any other JSON file: only its first bytes are read unless they suggest a format.
        suggested = _sniff_json(base, real_base, rel, options)
        if suggested is None:
            return LoadResult(None, [])
        cls, sniffed = suggested, True
    data = bytes_of(base, real_base, rel, options)
    if isinstance(data, Problem):
        return LoadResult(None, [data])
    decoded = decode(data)
    if decoded.text is None:
        return LoadResult(None, [Problem(decoded.error_code, decoded.error or "unreadable",
                                         Location(rel, decoded.error_line))])
    suppressions = scan_suppressions(rel, decoded.text)
    try:
        result = _adapt(entry(cls), rel, decoded.text, sniffed=sniffed, weights_dirs=weights_dirs)
        return replace(result, suppressions=suppressions) if suppressions else result
    except Exception as exc:
        # An error of aims-lint's own is a finding on this one file (AL003), not the end of the run; the fuzz
        # tests keep such findings from ever being the answer to any input.
        message = internal_error(exc, "reading this file")
        if message is None:
            raise
        return LoadResult(None, [Problem(INTERNAL_ERROR, message, Location(rel))], suppressions=suppressions)


# The problem code of a file that an error of aims-lint's own kept from being read.
INTERNAL_ERROR = "internal-error"


def _adapt(item: Entry, rel: str, text: str, *, sniffed: bool, weights_dirs: set[str]) -> LoadResult:
    adapt = adapter(item.cls)
    result: LoadResult
    if item.reading is Reading.JSON:
        if item.content_marker is not None:
            sniffed = item.content_marker in text
        result = adapt(rel, text, claimed=item.claimed and not sniffed, sniffed=sniffed)
    elif item.reading is Reading.BY_KIND:
        result = adapt(rel, text, kind=item.kind)
    elif not_a_card(text, readme=item.cls is NameClass.README) is not None:
        result = LoadResult(None, [])  # a template, a format specification, a Space's README
    else:
        directory = rel.rsplit("/", 1)[0] if "/" in rel else ""
        result = adapt(rel, text, kind_hint=item.kind, beside_weights=directory in weights_dirs,
                       among_datasets=among_datasets(rel), readme=item.cls is NameClass.README)
        if result.artifact is not None and named_template(rel) and not _answers(result.artifact):
            result = LoadResult(None, [])  # a template by its name, and little in it is filled in
    return result


# The fields with real content that make a card named as a template a filled-in copy of it.
TEMPLATE_ANSWERS = 3


def _answers(artifact: Artifact) -> bool:
    return sum(1 for found in artifact.fields.values() if found.present) >= TEMPLATE_ANSWERS


def derive_inventory(inventory: Inventory, view: TreeView, reread: Iterable[str], gone: Iterable[str],
                     options: ScanOptions) -> Inventory:
    """Another state of the same work tree made from an inventory read of it: the files view lists, the artifacts
    of `reread` read again from the view, those of `gone` dropped, and everything else as it was read; the work is
    that of the files that differ, not of the whole tree."""
    reread, drop = sorted(set(reread)), set(reread) | set(gone)
    artifacts = [a for a in inventory.artifacts if a.path not in drop]
    problems = [p for p in inventory.problems if p.location.path not in drop]
    weights_dirs = {a.path.rsplit("/", 1)[0] if "/" in a.path else "" for a in artifacts if a.kind is Kind.WEIGHTS}
    weights_dirs |= {rel.rsplit("/", 1)[0] if "/" in rel else "" for rel in reread
                     if classify_name(rel) is NameClass.WEIGHTS}
    base = Path(inventory.root)
    real_base = os.path.realpath(base)
    for rel in reread:
        cls = classify_name(rel)
        if cls is NameClass.WEIGHTS:
            artifacts.append(Artifact(rel, Kind.WEIGHTS, "weights", anchor=Location(rel)))
        elif cls is not None:
            result = load_candidate(base, real_base, rel, cls, weights_dirs, options)
            problems.extend(result.problems)
            artifacts.extend([result.artifact] if result.artifact is not None else [])
            artifacts.extend(result.extra)
    return Inventory(root=inventory.root, artifacts=tuple(sorted(artifacts, key=lambda a: a.path)),
                     problems=tuple(problems), files=view.files, scan_roots=inventory.scan_roots)
