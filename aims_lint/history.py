"""A repository's history, read with GitPython only when a history feature runs: the merge base of a ref and HEAD,
what changed since (or what is staged), the other state's files from git objects without touching the work tree,
and the date each file last changed."""

from __future__ import annotations

import datetime
import functools
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aims_lint.errors import AimsLintError
from aims_lint.model import Changes
from aims_lint.read import TreeView, classify_name
from aims_lint.read.git import printable

if TYPE_CHECKING:
    import git

# The one line that says how to get the history a shallow clone lacks.
SHALLOW_FIX = ("check out with fetch-depth: 0 (actions/checkout), or fetch the history it needs "
               "(git fetch --unshallow, or git fetch origin BASE)")
# git's tree with nothing in it: the base of a repository's first commit.
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
# Options for every git command run on the scanned repository: its own configuration must start no program.
_SAFE = ("--literal-pathspecs", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "-c", "diff.external=")
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


def open_repository(root: Path) -> git.Repo:
    """The git repository whose work tree holds root; AimsLintError when there is none."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise AimsLintError(f"{printable(str(root))} is not in a git repository; comparing with history needs "
                            "one (run without --diff-base or --staged)") from None
    except git.GitCommandNotFound:
        raise AimsLintError("git is not installed, or not on PATH; comparing with history needs it") from None
    if repo.bare or repo.working_tree_dir is None:
        raise AimsLintError(f"{printable(str(root))} is a bare repository; there is no work tree to judge")
    return repo


def is_shallow(repo: git.Repo) -> bool:
    return os.path.exists(os.path.join(repo.git_dir, "shallow")) or os.path.exists(
        os.path.join(repo.common_dir, "shallow"))


def _run(repo: git.Repo, *args: str) -> bytes:
    """git ARGS in the repository's work tree, with its own configuration kept from starting programs."""
    import git

    try:
        out: bytes = repo.git.execute(["git", *_SAFE, *args], stdout_as_string=False)
    except git.GitCommandError as exc:
        detail = exc.stderr.strip().splitlines()[-1] if isinstance(exc.stderr, str) and exc.stderr.strip() else ""
        raise AimsLintError(f"git {args[0]} failed: {printable(detail.removeprefix('stderr: ').strip(chr(39)))}") \
            from None
    return out


def _resolve(repo: git.Repo, ref: str) -> git.Commit:
    """The commit ref names (a branch, a tag, a commit, or a branch of the remote 'origin' as GitHub gives it)."""
    import git

    if ref.startswith("-") or not ref.strip():
        raise AimsLintError(f"--diff-base: {ref!r} is not a ref")
    for name in (ref, f"origin/{ref}", f"refs/remotes/origin/{ref}"):
        try:
            return repo.commit(name)
        except (git.BadName, git.BadObject, ValueError):
            continue
    hint = f"; this clone is shallow: {SHALLOW_FIX}" if is_shallow(repo) else ""
    raise AimsLintError(f"--diff-base: no commit {printable(ref)!r} in this repository (fetch it first){hint}")


def _head(repo: git.Repo) -> git.Commit | None:
    """HEAD's commit (detached or on a branch), or None before the first commit."""
    try:
        return repo.head.commit
    except ValueError:
        return None


def merge_base(repo: git.Repo, ref: str) -> tuple[git.Commit, str]:
    """The merge base of ref and HEAD, and how reports name it."""
    head = _head(repo)
    if head is None:
        raise AimsLintError("--diff-base: HEAD has no commit yet; there is nothing to compare with")
    target = _resolve(repo, ref)
    bases = repo.merge_base(target, head)
    if not bases:
        if is_shallow(repo):
            raise AimsLintError(f"--diff-base: the merge base of {printable(ref)!r} and HEAD is not in this "
                                f"shallow clone; {SHALLOW_FIX}")
        raise AimsLintError(f"--diff-base: {printable(ref)!r} and HEAD have no commit in common")
    base = bases[0]
    return base, f"{printable(ref)} (merge base {base.hexsha[:12]})"


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


def _blob_contents(repo: git.Repo, tree: str | None, wanted: Mapping[str, str]) -> tuple[dict[str, bytes], set[str]]:
    """The contents, in tree (None: the index), of the files the reader would read (new path -> path there), and
    the paths that are there but are no regular file (a link, a submodule)."""
    readable = {new: old for new, old in wanted.items() if _read_as_artifact(new)}
    contents: dict[str, bytes] = {}
    irregular: set[str] = set()
    if not readable:
        return contents, irregular
    entries = _entries(repo, tree, sorted(set(readable.values())))
    for new, old in readable.items():
        entry = entries.get(old)
        if entry is None or entry[0] not in _REGULAR:
            irregular.add(new)
            continue
        contents[new] = repo.odb.stream(bytes.fromhex(entry[1])).read()
    return contents, irregular


def _entries(repo: git.Repo, tree: str | None, paths: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Mode and blob id of each path in a tree (ls-tree), or in the index (ls-files --stage) when tree is None."""
    if tree is None:
        raw = _run(repo, "ls-files", "-z", "--stage", "--", *paths)
    else:
        raw = _run(repo, "ls-tree", "-z", tree, "--", *paths)
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
    from aims_lint.read import NameClass

    cls = classify_name(path)
    return cls is not None and cls is not NameClass.WEIGHTS


def _context(files: Iterable[str], changed: Iterable[str]) -> set[str]:
    """The files beside each changed one that the reader reads (the card beside changed weights): judged in both
    states, so that what a change did to its neighbours is seen."""
    folders = {posixpath.dirname(p) for p in changed}
    return {f for f in files if posixpath.dirname(f) in folders and classify_name(f) is not None}


def _states(root: Path, head_files: Sequence[str], head: TreeView | None, diff: _Diff, changes: Changes,
            base_contents: Mapping[str, bytes], irregular: set[str]) -> States:
    """Both states from the state judged and the change: the base holds the deleted files and the renamed ones
    under their new names, with their base contents, and not the added ones."""
    present = set(head_files)
    base_files = (present - diff.added) | diff.deleted
    base_files -= irregular - (present - diff.added)  # a link or submodule in the base is not read there
    merged = {**(head.contents if head is not None else {}), **base_contents}
    neighbours = _context(present & base_files, [*changes.changed, *changes.deleted, *diff.renamed.values()])
    head_focus = sorted((changes.changed | neighbours) & present)
    base_focus = sorted(((diff.modified | set(diff.renamed) | diff.deleted) | neighbours) & base_files)
    return States(root, head, tuple(head_focus), TreeView(tuple(sorted(base_files)), merged), tuple(base_focus),
                  changes)


def diff_base_states(root: Path, ref: str, listing: Callable[[], tuple[Sequence[str], Iterable[str]]]) -> States:
    """The work tree against the merge base of ref and HEAD. listing gives the work tree's files and those of them
    git does not track yet (which count as added); it is asked last, so that git's listing runs meanwhile."""
    with closing(open_repository(root)) as repo:
        top = Path(str(repo.working_tree_dir))
        base, label = merge_base(repo, ref)
        diff = _name_status(_run(repo, "diff", "-z", "--name-status", "-M", "--no-ext-diff", "--no-textconv",
                                 "--ignore-submodules=all", base.hexsha, "--"))
        head_files, untracked = listing()
        diff.added |= set(untracked)
        return _finish(repo, top, base.hexsha, label, head_files, None, diff)


def staged_states(root: Path) -> States:
    """The index (what the next commit will hold) against the last commit; files neither staged nor tracked, and
    changes not staged, play no part."""
    with closing(open_repository(root)) as repo:
        return _staged(repo)


def _staged(repo: git.Repo) -> States:
    """The index and the last commit of an open repository (see staged_states)."""
    top = Path(str(repo.working_tree_dir))
    head = _head(repo)
    base = head.hexsha if head is not None else _EMPTY_TREE
    index_files = sorted({p for p in _run(repo, "ls-files", "-z").decode("utf-8", "surrogateescape").split("\0")
                          if p})
    unstaged = _name_status(_run(repo, "diff", "-z", "--name-status", "--no-renames", "--no-ext-diff",
                                 "--ignore-submodules=all", "--"))
    differing = unstaged.modified | unstaged.deleted
    index_contents, _ = _blob_contents(repo, None, {p: p for p in differing})
    view = TreeView(tuple(index_files), index_contents)
    diff = _name_status(_run(repo, "diff", "-z", "--cached", "--name-status", "-M", "--no-ext-diff",
                             "--ignore-submodules=all", base, "--"))
    label = f"the last commit ({base[:12]})" if head is not None else "an empty repository"
    return _finish(repo, top, base, label, index_files, view, diff)


def _finish(repo: git.Repo, top: Path, base: str, label: str, head_files: Sequence[str], head: TreeView | None,
            diff: _Diff) -> States:
    changes = Changes(base=label, added=frozenset(diff.added), modified=frozenset(diff.modified),
                      deleted=frozenset(diff.deleted), renamed=dict(diff.renamed))
    wanted = {p: p for p in diff.modified | diff.deleted} | diff.renamed
    contents, irregular = _blob_contents(repo, base, wanted)
    return _states(top, head_files, head, diff, changes, contents, irregular)


class GitHistory:
    """What checks ask of history (checks.context.History): the change judged, and when a file last changed."""

    def __init__(self, root: Path, changes: Changes | None = None) -> None:
        self.root = root
        self.changes = changes

    @functools.cached_property
    def _repo(self) -> git.Repo | None:
        try:
            return open_repository(self.root)
        except AimsLintError:
            return None

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
        if repo is None or _head(repo) is None:
            return None
        out = _run(repo, "log", "-1", "--format=%cs", "HEAD", "--", path).decode().strip()
        return datetime.date.fromisoformat(out) if out else None
