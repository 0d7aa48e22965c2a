"""Discover, read, parse and adapt: turn scan paths into an Inventory of canonical artifacts and problems."""

from __future__ import annotations

import errno
import importlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aims_lint.adapters.governance import adapt_governance_markdown, adapt_governance_yaml
from aims_lint.adapters.markdown_card import LoadResult, adapt_markdown
from aims_lint.adapters.native_yaml import adapt_native_yaml
from aims_lint.discover import SNIFF_BYTES, NameClass, classify_name, list_files, sniff_json, within
from aims_lint.model import Artifact, Inventory, Kind, Location, Problem, internal_error
from aims_lint.parallel import fork_map
from aims_lint.parse.text import DEFAULT_MAX_BYTES, decode
from aims_lint.worktree import Listing


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Limits for reading files; configuration will feed these."""

    max_bytes: int = DEFAULT_MAX_BYTES
    # Processes that read and adapt files (see parallel.fork_map); the command line gives the CPUs available.
    jobs: int = 1


def _resolve(path: Path) -> Path:
    """A scan target's real path; a named file that is a symlink stays a link, to be judged like any other."""
    absolute = path.absolute()
    if absolute.is_symlink() and not absolute.is_dir():
        return absolute.parent.resolve() / absolute.name
    return absolute.resolve()


def _display_base(paths: Sequence[Path]) -> Path:
    cwd = Path.cwd().resolve()
    if all(within(str(cwd), str(p)) for p in paths):
        return cwd
    first = paths[0]
    return first if first.is_dir() else first.parent


def build_inventory(
    paths: Sequence[str | Path], options: ScanOptions | None = None, *, listing: Listing | None = None
) -> Inventory:
    """Scan directories (every file git would show) and files (just them) into one inventory.

    listing: a listing of one of the directories, already started (the command line starts it before loading
    the rest of aims-lint, so that git runs meanwhile).
    """
    options = options or ScanOptions()
    resolved = [_resolve(Path(p)) for p in paths] or [Path.cwd().resolve()]
    base = _display_base(resolved)
    files: list[str] = []
    scan_roots: list[str] = []
    # The directory each file was found under: a symlink must not lead out of it. The broadest
    # directory named wins, so it goes first.
    file_roots: dict[str, str] = {}
    for target in sorted(resolved, key=lambda t: (not t.is_dir(), len(t.parts))):
        rel_root = _rel(base, target)
        if target.is_dir():
            scan_roots.append(rel_root)
            prefix = "" if rel_root == "" else rel_root + "/"
            listed_files = listing.files() if listing is not None and listing.root == target else list_files(target)
            for listed in listed_files:
                files.append(prefix + listed)
                file_roots.setdefault(prefix + listed, str(target))
        else:
            scan_roots.append(_rel(base, target.parent))
            files.append(rel_root)
    if len(resolved) > 1:
        files = sorted(set(files))  # one folder's listing is already sorted and unique
    # A name that is not valid UTF-8 cannot be written into a report: such a file is reported, never read.
    misnamed = [f for f in files if not _utf8(f)]
    if misnamed:
        files = [f for f in files if _utf8(f)]
    inventory = Inventory(root=str(base), files=tuple(files))
    inventory.scan_roots = tuple(sorted(set(scan_roots)))
    for rel in misnamed:
        if classify_name(rel) is not None:
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            inventory.problems.append(Problem("unreadable", "file name is not valid UTF-8; not read", Location(shown)))
    weights_dirs = set()
    candidates: list[tuple[str, NameClass]] = []
    for rel in files:
        cls = classify_name(rel)
        if cls is None:
            continue
        if cls is NameClass.WEIGHTS:
            weights_dirs.add(rel.rsplit("/", 1)[0] if "/" in rel else "")
            inventory.artifacts.append(Artifact(rel, Kind.WEIGHTS, "weights", anchor=Location(rel)))
        else:
            candidates.append((rel, cls))
    real_base = os.path.realpath(base)

    def load(candidate: tuple[str, NameClass]) -> LoadResult:
        rel, cls = candidate
        return _load_candidate(base, file_roots.get(rel, real_base), rel, cls, weights_dirs, options)

    for result in fork_map(load, candidates, options.jobs):
        inventory.problems.extend(result.problems)
        if result.artifact is not None:
            inventory.artifacts.append(result.artifact)
        inventory.artifacts.extend(result.extra)
    inventory.artifacts.sort(key=lambda a: a.path)
    return inventory


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _rel(base: Path, target: Path) -> str:
    rel = os.path.relpath(target, base).replace(os.sep, "/")
    return "" if rel == "." else rel


# Artifact files are opened without following a link (a link is looked at first) and without waiting on a pipe.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_inside(full: str, real_base: str) -> int | None:
    """A descriptor for full, following a symbolic link only when it leads inside real_base (None when it does
    not). Raises OSError when the file cannot be opened.

    One open call for the common plain file: it fails with ELOOP on a link, which is then resolved and checked.
    """
    try:
        return os.open(full, _OPEN_FLAGS | _NOFOLLOW)
    except OSError as exc:
        if not _NOFOLLOW or exc.errno != errno.ELOOP:
            raise
    if not within(real_base, os.path.realpath(full)):
        return None
    return os.open(full, _OPEN_FLAGS)


def _read_bytes(base: Path, real_base: str, rel: str, max_bytes: int) -> bytes | Problem:
    # The file is looked at before it is opened, so that a file too large, a pipe or a link leading outside is
    # never opened at all. Plain os calls on a string path: pathlib and file objects cost more than the read.
    full = os.path.join(base, rel)
    try:
        info = os.lstat(full)
    except OSError as exc:
        return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    follow = stat.S_ISLNK(info.st_mode)
    if follow:
        if not within(real_base, os.path.realpath(full)):
            return Problem("symlink-outside", "symbolic link points outside the scanned repository; not followed",
                           Location(rel))
        try:
            info = os.stat(full)
        except OSError as exc:
            return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    if not stat.S_ISREG(info.st_mode):
        return Problem("unreadable", "not a regular file; not read", Location(rel))
    if info.st_size > max_bytes:
        return Problem(
            "too-large",
            f"file is {info.st_size / 1048576:.1f} MiB, over the {max_bytes / 1048576:.1f} MiB limit; not read",
            Location(rel),
        )
    try:
        # Not following a link that was not one a moment ago, and never waiting on a pipe that took its place.
        fd = os.open(full, _OPEN_FLAGS | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    try:
        # Ask for the size stat gave, and one byte more to see a file that grew since: then read on, up to the
        # limit and one byte past it.
        data = read_up_to(fd, min(info.st_size, max_bytes) + 1)
        if len(data) > info.st_size:
            data += read_up_to(fd, max_bytes + 1 - len(data))
        return data
    except OSError as exc:
        return Problem("unreadable", f"cannot read file: {exc.strerror}", Location(rel))
    finally:
        os.close(fd)


def read_head(full: str, real_base: str, size: int, *, max_bytes: int | None = None) -> bytes | None:
    """Up to size bytes of a regular file, or None where nothing is to be read: a link leading outside, a file
    that is not regular, one over max_bytes (when given), or one that cannot be opened or read. A pipe never
    blocks."""
    try:
        fd = open_inside(full, real_base)
    except OSError:
        return None
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
            return None
        return read_up_to(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_up_to(fd: int, size: int) -> bytes:
    """size bytes from fd, or fewer at the end of the file."""
    parts: list[bytes] = []
    while size > 0:
        part = os.read(fd, size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


# Adapters of other tools' JSON formats by name class, as module:function in aims_lint.adapters. They are
# imported on first use: most repositories hold none of these formats, and the modules are large.
_JSON_ADAPTERS: dict[NameClass, str] = {
    NameClass.CROISSANT: "croissant:adapt_croissant",
    NameClass.MCT_JSON: "mct:adapt_mct",
    NameClass.CYCLONEDX: "cyclonedx:adapt_cyclonedx",
    NameClass.BOM_JSON: "cyclonedx:adapt_cyclonedx",
}


def _json_adapter(cls: NameClass) -> Callable[..., LoadResult] | None:
    target = _JSON_ADAPTERS.get(cls)
    if target is None:
        return None
    module, function = target.split(":")
    adapter: Callable[..., LoadResult] = getattr(importlib.import_module(f"aims_lint.adapters.{module}"), function)
    return adapter


def _sniff_json(base: Path, real_base: str, rel: str) -> NameClass | None:
    """The format a JSON file's first bytes suggest; unreadable files and links outside are simply skipped."""
    # Every JSON file of a repository is sniffed: plain os calls, one open for a plain file (see open_inside).
    head = read_head(os.path.join(base, rel), real_base, SNIFF_BYTES)
    return None if head is None else sniff_json(head)


# Governance documents by name class: the kind they are and whether they are Markdown.
_GOVERNANCE: dict[NameClass, tuple[Kind, bool]] = {
    NameClass.RISK_REGISTER: (Kind.RISK_REGISTER, False),
    NameClass.IMPACT_YAML: (Kind.IMPACT_ASSESSMENT, False),
    NameClass.IMPACT_MD: (Kind.IMPACT_ASSESSMENT, True),
    NameClass.SOA: (Kind.SOA, False),
    NameClass.AI_INVENTORY: (Kind.AI_INVENTORY, False),
    NameClass.AI_POLICY: (Kind.AI_POLICY, True),
    NameClass.CONCERNS: (Kind.CONCERNS_CHANNEL, True),
}


def _load_candidate(
    base: Path, real_base: str, rel: str, cls: NameClass, weights_dirs: set[str], options: ScanOptions
) -> LoadResult:
    """Read and adapt one file. An error of aims-lint's own while doing so is a finding on that file (AL003)
    rather than the end of the run; the fuzz tests keep such findings from ever being the answer to any input."""
    try:
        return _adapt_candidate(base, real_base, rel, cls, weights_dirs, options)
    except Exception as exc:
        message = internal_error(exc, "reading this file")
        if message is None:
            raise
        return LoadResult(None, [Problem(INTERNAL_ERROR, message, Location(rel))])


# The problem code of a file that an error of aims-lint's own kept from being read.
INTERNAL_ERROR = "internal-error"


def _adapt_candidate(
    base: Path, real_base: str, rel: str, cls: NameClass, weights_dirs: set[str], options: ScanOptions
) -> LoadResult:
    claimed = cls in _JSON_ADAPTERS and cls is not NameClass.BOM_JSON
    sniffed = False
    if cls is NameClass.JSON:
        # Any other JSON file: only its first bytes are read unless they suggest a format.
        suggested = _sniff_json(base, real_base, rel)
        if suggested is None:
            return LoadResult(None, [])
        cls, claimed, sniffed = suggested, False, True
    data = _read_bytes(base, real_base, rel, options.max_bytes)
    if isinstance(data, Problem):
        return LoadResult(None, [data])
    decoded = decode(data)
    if decoded.text is None:
        return LoadResult(None, [Problem(decoded.error_code, decoded.error or "unreadable",
                                         Location(rel, decoded.error_line))])
    text = decoded.text
    json_adapter = _json_adapter(cls)
    if json_adapter is not None:
        if cls is NameClass.BOM_JSON:
            # bom.json and sbom*.json are also SPDX names: the content decides, anywhere in the file.
            sniffed = '"bomFormat"' in text
        return json_adapter(rel, text, claimed=claimed, sniffed=sniffed)
    if cls is NameClass.MODEL_CARD_YAML:
        return adapt_native_yaml(rel, text, kind=Kind.MODEL_CARD)
    if cls is NameClass.DATASET_YAML:
        return adapt_native_yaml(rel, text, kind=Kind.DATASET_RECORD)
    governance = _GOVERNANCE.get(cls)
    if governance is not None:
        kind, markdown = governance
        if markdown:
            return adapt_governance_markdown(rel, text, kind=kind)
        return adapt_governance_yaml(rel, text, kind=kind)
    directory = rel.rsplit("/", 1)[0] if "/" in rel else ""
    hint = {NameClass.MODEL_CARD_MD: Kind.MODEL_CARD, NameClass.DATASET_MD: Kind.DATASET_RECORD}.get(cls)
    return adapt_markdown(
        rel, text, kind_hint=hint, beside_weights=directory in weights_dirs, readme=cls is NameClass.README
    )
