"""A repository's history: the change judged (the merge base of a ref and HEAD and what changed since, or what is
staged, with the other state's files from git objects, never touching the work tree), read with git's plumbing on
a thread from the start of a run; and the date each file last changed, read with GitPython, imported only when a
check asks for one."""

from __future__ import annotations

import datetime
import functools
import os
import posixpath
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aims_lint.errors import AimsLintError, stop_if_out_of_descriptors
from aims_lint.read.git import printable

if TYPE_CHECKING:
    import git

    from aims_lint.model import Changes
    from aims_lint.read import TreeView

# The one line that says how to get the history a shallow clone lacks.
SHALLOW_FIX = ("check out with fetch-depth: 0 (actions/checkout), or fetch the history it needs "
               "(git fetch --unshallow, or git fetch origin BASE)")
# git's tree with nothing in it: the base of a repository's first commit.
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
# Options for every git command run on the scanned repository: its own configuration must start no program.
_SAFE = ("--literal-pathspecs", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "-c", "diff.external=")
# git's messages in English whatever the user's language, as they are repeated in errors.
_PLAIN_MESSAGES = {"LANGUAGE": "C", "LC_ALL": "C"}
# Blob modes of files that are read (links and submodules are not).
_REGULAR = (0o100644, 0o100755)


@dataclass(frozen=True, slots=True)
class States:
    """The two states a change is judged in: the state judged (the work tree, or the index) and its base, each as
    the reader sees it, with the paths to judge in each, and what changed between them."""

    root: Path
    # None: the work tree as it is on disk, listed as a whole run lists it.
    head: TreeView | None
    head_focus: tuple[str, ...]
    base: TreeView
    base_focus: tuple[str, ...]
    changes: Changes


def _git(top: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """git ARGS in the work tree top, with its own configuration kept from starting programs."""
    try:
        # Without stdin, an empty input: never the caller's standard input.
        return subprocess.run(["git", *_SAFE, *args], cwd=top, input=stdin or b"", capture_output=True,
                              env={**os.environ, **_PLAIN_MESSAGES}, check=False)
    except OSError as exc:
        stop_if_out_of_descriptors(exc)
        if isinstance(exc, FileNotFoundError) and exc.filename == "git":
            raise AimsLintError("git is not installed, or not on PATH; comparing with history needs it") from None
        raise AimsLintError(f"git could not be run: {printable(exc.strerror or str(exc))}") from None


def _out(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """What git ARGS prints; AimsLintError with the last line of git's message when it fails."""
    proc = _git(top, *args, stdin=stdin)
    if proc.returncode != 0:
        raise _failed(args[0], proc.stderr.decode("utf-8", "surrogateescape"))
    return proc.stdout


def _failed(command: str, message: str) -> AimsLintError:
    """The error of a git command that failed, with the last line of its message."""
    lines = message.strip().splitlines()
    return AimsLintError(f"git {command} failed: {printable(lines[-1].strip(chr(39)) if lines else '')}")


def _commit(top: Path, name: str) -> str | None:
    """The id of the commit name names (a tag gives the commit it tags), or None where it names none."""
    try:
        proc = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}")
    except ValueError:  # a name git cannot be given (a NUL)
        return None
    return proc.stdout.decode().strip() if proc.returncode == 0 else None


def _is_shallow(top: Path) -> bool:
    return _git(top, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"


def _resolve(top: Path, ref: str) -> str:
    """The commit ref names (a branch, a tag, a commit, or a branch of the remote 'origin' as GitHub gives it)."""
    if ref.startswith("-") or not ref.strip():
        raise AimsLintError(f"--diff-base: {ref!r} is not a ref")
    for name in (ref, f"origin/{ref}", f"refs/remotes/origin/{ref}"):
        found = _commit(top, name)
        if found is not None:
            return found
    hint = f"; this clone is shallow: {SHALLOW_FIX}" if _is_shallow(top) else ""
    raise AimsLintError(f"--diff-base: no commit {printable(ref)!r} in this repository (fetch it first){hint}")


def merge_base(top: Path, ref: str) -> tuple[str, str]:
    """The merge base of ref and HEAD, and how reports name it."""
    head = _commit(top, "HEAD")
    if head is None:
        raise AimsLintError("--diff-base: HEAD has no commit yet; there is nothing to compare with")
    target = _resolve(top, ref)
    proc = _git(top, "merge-base", target, head)
    if proc.returncode not in (0, 1):
        _out(top, "merge-base", target, head)  # raises, with git's message
    bases = proc.stdout.decode().split() if proc.returncode == 0 else []
    if not bases:
        if _is_shallow(top):
            raise AimsLintError(f"--diff-base: the merge base of {printable(ref)!r} and HEAD is not in this "
                                f"shallow clone; {SHALLOW_FIX}")
        raise AimsLintError(f"--diff-base: {printable(ref)!r} and HEAD have no commit in common")
    return bases[0], f"{printable(ref)} (merge base {bases[0][:12]})"


@dataclass(slots=True)
class _Diff:
    added: set[str] = field(default_factory=set)
    modified: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)


def _name_status(raw: bytes) -> _Diff:
    """`git diff -z --name-status -M` output as added, modified, deleted and renamed paths."""
    words = raw.decode("utf-8", "surrogateescape").split("\0")
    diff = _Diff()
    i = 0
    while i < len(words) - 1:
        status = words[i]
        if not status:
            i += 1
            continue
        if status[0] in "RC":
            old, new = words[i + 1], words[i + 2]
            i += 3
            if status[0] == "R":
                diff.renamed[new] = old
            else:
                diff.added.add(new)
            continue
        path = words[i + 1]
        i += 2
        {"A": diff.added, "D": diff.deleted}.get(status[0], diff.modified).add(path)
    return diff


def _blob_contents(top: Path, tree: str | None, wanted: Mapping[str, str]) -> tuple[dict[str, bytes], set[str]]:
    """The contents, in tree (None: the index), of the files the reader would read (new path -> path there), and
    the paths that are there but are no regular file (a link, a submodule)."""
    readable = {new: old for new, old in wanted.items() if _read_as_artifact(new)}
    irregular: set[str] = set()
    if not readable:
        return {}, irregular
    entries = _entries(top, tree, sorted(set(readable.values())))
    ids: dict[str, str] = {}
    for new, old in readable.items():
        entry = entries.get(old)
        if entry is None or entry[0] not in _REGULAR:
            irregular.add(new)
        else:
            ids[new] = entry[1]
    blobs = _blobs(top, sorted(set(ids.values())))
    return {new: blobs[blob] for new, blob in ids.items()}, irregular


def _blobs(top: Path, ids: Sequence[str]) -> dict[str, bytes]:
    """The contents of git's blobs, by id, read by one `git cat-file --batch`."""
    if not ids:
        return {}
    raw = _out(top, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in ids).encode())
    found: dict[str, bytes] = {}
    at = 0
    for blob in ids:
        end = raw.index(b"\n", at)
        header = raw[at:end].split()
        if len(header) != 3:
            raise AimsLintError(f"git cat-file failed: object {blob} is missing")
        size = int(header[2])
        found[blob] = raw[end + 1:end + 1 + size]
        at = end + 1 + size + 1  # the contents end with a newline of the batch's own
    return found


def _entries(top: Path, tree: str | None, paths: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Mode and blob id of each path in a tree (ls-tree), or in the index (ls-files --stage) when tree is None."""
    if tree is None:
        raw = _out(top, "ls-files", "-z", "--stage", "--", *paths)
    else:
        raw = _out(top, "ls-tree", "-z", tree, "--", *paths)
    entries: dict[str, tuple[int, str]] = {}
    for line in raw.decode("utf-8", "surrogateescape").split("\0"):
        if "\t" not in line:
            continue
        meta, path = line.split("\t", 1)
        words = meta.split()
        # ls-files: mode, id, stage; ls-tree: mode, type, id. An unmerged file's first stage stands.
        entries.setdefault(path, (int(words[0], 8), words[1] if tree is None else words[2]))
    return entries


def _read_as_artifact(path: str) -> bool:
    """Whether the reader reads the file's content (weights are known by name alone, other files not at all)."""
    from aims_lint.read.catalogue import NameClass, classify_name

    cls = classify_name(path)
    return cls is not None and cls is not NameClass.WEIGHTS


def _context(listed: Iterable[str], base_files: set[str], changed: Iterable[str]) -> set[str]:
    """The files beside each changed one, in both states, that the reader reads (the card beside changed weights):
    judged in both states, so that what a change did to its neighbours is seen."""
    from aims_lint.read.catalogue import classify_name

    folders = {posixpath.dirname(p) for p in changed}
    # A listed path has no trailing or doubled '/': what is before its last '/' is its folder.
    return {f for f in listed
            if f.rpartition("/")[0] in folders and f in base_files and classify_name(f) is not None}


@dataclass(slots=True)
class Change:
    """What git tells of a change before the work tree is listed: the work tree's top, the base commit and how
    reports name it, what changed, and the base's contents of the changed files the reader reads (and which of
    them are no regular file there); when the index is judged, its files and its contents that differ from the
    disk."""

    top: Path
    base: str
    label: str
    diff: _Diff
    contents: dict[str, bytes]
    irregular: set[str]
    index: tuple[list[str], dict[str, bytes]] | None = None


def read_change(top: Path, ref: str | None) -> Change:
    """The work tree top against the merge base of ref and HEAD, or (ref None) its index against the last commit;
    AimsLintError when git cannot tell (no such ref, no merge base, no commit yet)."""
    index = None
    if ref is None:
        head = _commit(top, "HEAD")
        base = head if head is not None else _EMPTY_TREE
        index = _index(top)
        diff = _name_status(_out(top, "diff", "-z", "--cached", "--name-status", "-M", "--no-ext-diff",
                                 "--ignore-submodules=all", base, "--"))
        label = f"the last commit ({base[:12]})" if head is not None else "an empty repository"
    else:
        base, label = merge_base(top, ref)
        diff = _name_status(_out(top, "diff", "-z", "--name-status", "-M", "--no-ext-diff", "--no-textconv",
                                 "--ignore-submodules=all", base, "--"))
    contents, irregular = _blob_contents(top, base, {p: p for p in diff.modified | diff.deleted} | diff.renamed)
    return Change(top, base, label, diff, contents, irregular, index)


def _index(top: Path) -> tuple[list[str], dict[str, bytes]]:
    """The index's files, and the contents of those that differ from the work tree's (changes not staged)."""
    files = sorted({p for p in _out(top, "ls-files", "-z").decode("utf-8", "surrogateescape").split("\0") if p})
    unstaged = _name_status(_out(top, "diff", "-z", "--name-status", "--no-renames", "--no-ext-diff",
                                 "--ignore-submodules=all", "--"))
    contents, _ = _blob_contents(top, None, {p: p for p in unstaged.modified | unstaged.deleted})
    return files, contents


class ChangeReading:
    """read_change on a thread, begun at the start of a run so that git answers while aims-lint loads: top gives
    the work tree (or raises AimsLintError), ref as read_change takes it. change() hands over what was read, or
    raises what reading it raised."""

    def __init__(self, top: Callable[[], Path], ref: str | None) -> None:
        self.ref = ref
        self._change: Change | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._read, args=(top,), name="aims-lint-history", daemon=True)
        self._thread.start()

    def _read(self, top: Callable[[], Path]) -> None:
        try:
            self._change = read_change(top(), self.ref)
        except BaseException as exc:  # handed to the caller, on its own thread
            self._error = exc

    def wait(self, timeout: float = 30.0) -> None:
        """Let the reading end, whether or not what it reads is wanted."""
        self._thread.join(timeout)

    def change(self) -> Change:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._change is not None
        return self._change


def states(change: Change, listing: Callable[[], tuple[Sequence[str], Iterable[str]]] | None) -> States:
    """Both states of a change: the state judged (the work tree as listing lists it, with the files git does not
    track yet, which count as added; the index when the change has one) and its base, which holds the deleted
    files and the renamed ones under their new names, with their base contents, and not the added ones."""
    from aims_lint.model import Changes
    from aims_lint.read import TreeView

    diff = change.diff
    head: TreeView | None = None
    if change.index is not None:
        head_files: Sequence[str] = change.index[0]
        head = TreeView(tuple(head_files), change.index[1])
    else:
        assert listing is not None
        head_files, untracked = listing()
        diff.added |= set(untracked)
    changes = Changes(base=change.label, added=frozenset(diff.added), modified=frozenset(diff.modified),
                      deleted=frozenset(diff.deleted), renamed=dict(diff.renamed))
    present = set(head_files)
    base_files = present - diff.added
    unread = change.irregular - base_files  # a link or submodule in the base is not read there
    base_files |= diff.deleted
    base_files -= unread
    merged = {**(head.contents if head is not None else {}), **change.contents}
    neighbours = _context(head_files, base_files, [*changes.changed, *changes.deleted, *diff.renamed.values()])
    head_focus = sorted((changes.changed | neighbours) & present)
    base_focus = sorted(((diff.modified | set(diff.renamed) | diff.deleted) | neighbours) & base_files)
    return States(change.top, head, tuple(head_focus), TreeView(_in_order(head_files, base_files), merged),
                  tuple(base_focus), changes)


def _in_order(listed: Sequence[str], files: set[str]) -> tuple[str, ...]:
    """files sorted, most of them listed (which is sorted): those in the order listed, the rest merged in."""
    kept = [f for f in listed if f in files]
    rest = files.difference(kept) if len(kept) < len(files) else ()
    return tuple(sorted([*kept, *sorted(rest)]) if rest else kept)  # two sorted runs: merged in linear time


def _open_repository(root: Path) -> git.Repo | None:
    """GitPython's repository whose work tree holds root, or None where there is none (or no work tree)."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandNotFound):
        return None
    if repo.bare or repo.working_tree_dir is None:
        repo.close()
        return None
    return repo


def _log(repo: git.Repo, *args: str) -> bytes:
    """git log ARGS through GitPython, with the repository's own configuration kept from starting programs."""
    import git

    try:
        out: bytes = repo.git.execute(["git", *_SAFE, "log", *args], stdout_as_string=False)
    except git.GitCommandError as exc:
        message = exc.stderr if isinstance(exc.stderr, str) else ""
        raise _failed("log", message.strip().removeprefix("stderr: ")) from None
    return out


class GitHistory:
    """What checks ask of history (checks.context.History): the change judged, and when a file last changed."""

    def __init__(self, root: Path, changes: Changes | None = None) -> None:
        self.root = root
        self.changes = changes

    @functools.cached_property
    def _repo(self) -> git.Repo | None:
        return _open_repository(self.root)

    @functools.cached_property
    def missing(self) -> str | None:
        """Why the dates of commits cannot be trusted here (no repository, a shallow clone), or None. Asked of git
        itself, so that a run whose checks never need a date never loads GitPython."""
        from aims_lint.read.git import run_git

        answer = run_git(["rev-parse", "--is-shallow-repository"], self.root)
        if answer.stdout is None:
            return "the files are not in a git repository, so their history is unknown"
        if answer.stdout.strip() == b"true":
            return f"this clone is shallow, so the date each file last changed is unknown: {SHALLOW_FIX}"
        return None

    def close(self) -> None:
        """End the git processes GitPython keeps for the repository, if it was opened."""
        repo = self.__dict__.get("_repo")
        if repo is not None:
            repo.close()

    @functools.cache  # noqa: B019 - one history per run, kept for the run only
    def last_changed(self, path: str) -> datetime.date | None:
        """The date of the last commit that changed path (by committer date), or None when none did."""
        if self.missing is not None:
            return None  # the run tells why, once (see pipeline)
        repo = self._repo
        if repo is None:
            return None
        try:
            repo.head.commit  # noqa: B018 - raises ValueError before the first commit
        except ValueError:
            return None
        out = _log(repo, "-1", "--format=%cs", "HEAD", "--", path).decode().strip()
        return datetime.date.fromisoformat(out) if out else None
