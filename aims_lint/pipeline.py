"""The one path from what to lint to a Report: choose how to read, read, load the rules, judge.

    from aims_lint import LintRequest, lint

    outcome = lint(LintRequest(paths=("models/",), today=datetime.date(2026, 1, 31)))
    for finding in outcome.report.findings:
        print(finding.location.path, finding.rule_id, finding.message)

The command line, the GitHub Action (through the command line) and the tests all get their Report from lint();
they only parse their inputs and write the reports. This module imports the rest of aims-lint only inside
lint(), so that the listing of the work tree, started first, overlaps loading it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aims_lint.errors import AimsLintError

if TYPE_CHECKING:
    from aims_lint.baseline import Baseline, BaselineEntry
    from aims_lint.compare import Comparison
    from aims_lint.engine import EarlyJudge, RunOptions
    from aims_lint.history import ChangeReading, GitHistory, States
    from aims_lint.model import (
        Artifact,
        Changes,
        Inventory,
        Location,
        Notice,
        PathIgnore,
        Report,
        Rule,
        RuleSetting,
        Waiver,
    )
    from aims_lint.read import FocusRequest, Listing, Settling
    from aims_lint.read.selection import FileRules


@dataclass(frozen=True, slots=True)
class LintRequest:
    """What to lint and how: the library's and the command line's one description of a run."""

    # Files and folders to lint; none means the current directory. When every path is a file in one git work
    # tree (as pre-commit passes them), the work tree is read for context and only those files and
    # repository-wide problems are reported, unless files_only is set.
    paths: tuple[str, ...] = ()
    # Rules to run (every rule when empty), more rules to run, and rules to skip: by id, id prefix, name or
    # ISO/IEC 42001 id (see aims_lint.selectors); an entry that names nothing is an error.
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    extend_select: frozenset[str] = frozenset()
    # The date review deadlines are judged against; None means the real date.
    today: datetime.date | None = None
    # Read only the named files, not the work tree around them.
    files_only: bool = False
    # Processes that read and judge files in a large run; the findings are the same whatever it is.
    jobs: int = 1
    # Accepted exceptions from the configuration; findings they cover are reported as suppressed.
    waivers: tuple[Waiver, ...] = ()
    # Whether `aims-lint: ignore[...]` comments in the scanned files suppress findings.
    inline_suppressions: bool = True
    # A baseline file written by --write-baseline: findings recorded in it are reported as unchanged, not new.
    baseline: str | None = None
    # Rule pack files whose rules run besides the built-in ones.
    packs: tuple[str, ...] = ()
    # Each rule's severity and options as the configuration sets them.
    rule_settings: tuple[RuleSetting, ...] = ()
    # Rules not reported on the paths a glob matches.
    path_ignores: tuple[PathIgnore, ...] = ()
    # Gitignore-style globs of files never read, and of further files to read as a kind: (kind, glob).
    exclude: tuple[str, ...] = ()
    discovery: tuple[tuple[str, str], ...] = ()
    # The repository root the globs (exclude, discovery, path ignores, waivers) are relative to; None: the root
    # found above the first path (the nearest folder holding .git), as the configuration finds it.
    root: str | None = None
    # Where the configuration writes each select, extend-select and ignore entry: (key, location), for errors.
    origins: Mapping[str, tuple[str, Location]] = field(default_factory=dict, compare=False)
    # The rules to judge by; None means the built-in packs and those of packs.
    rules: tuple[Rule, ...] | None = field(default=None, compare=False)
    # Judge the change from the merge base of this ref and HEAD to the work tree: every finding is marked new or
    # unchanged against the same rules run on the merge base's files, and the base's findings gone are counted.
    diff_base: str | None = None
    # Judge the index (what the next commit holds) against the last commit, as diff_base does.
    staged: bool = False


@dataclass(frozen=True, slots=True)
class LintOutcome:
    """A run's Report, and the lines about the run itself for standard error (never findings)."""

    report: Report
    notices: tuple[Notice, ...]
    # What was read and judged: the artifacts with their fields, for views built on the findings (coverage). In a
    # whole run the model cards and dataset records come without their parsed documents and positions, released
    # once judged (engine.EarlyJudge: document is engine.RELEASED).
    inventory: Inventory | None = field(default=None, compare=False, repr=False)
    # With diff_base or staged: which findings the change introduced, and how many it fixed.
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class Begun:
    """A run's reading, begun before its request is complete: how it will read (the work tree around named files,
    or one folder) and the listing already running on its thread, so that git lists the files while the caller
    loads its configuration; for a change, what git tells of it, read meanwhile on a thread of its own. lint()
    takes it for a request naming the same paths."""

    paths: tuple[str, ...]
    files_only: bool
    focus: FocusRequest | None
    listing: Listing | None
    refusals: tuple[str, ...]
    change: ChangeReading | None = None

    def end(self) -> None:
        """Let the threads end: a run that stops before lint() (a bad configuration) must not leave them."""
        if self.listing is not None:
            self.listing.wait()
        if self.change is not None:
            self.change.wait()


def begin(paths: Sequence[str] = (), *, files_only: bool = False, staged: bool = False,
          diff_base: str | None = None) -> Begun:
    """Start reading what paths name (see LintRequest.paths and files_only) before the request is complete; with
    diff_base or staged, start reading the change as well. A run of the index (staged) lists the index itself:
    no listing is begun."""
    change = _change_reading(tuple(paths), files_only, None if staged else diff_base) \
        if staged or diff_base is not None else None
    if staged:
        return Begun(tuple(paths), files_only, None, None, (), change)
    focus, listing, refusals = _plan(tuple(paths), files_only)
    return Begun(tuple(paths), files_only, focus, listing, tuple(refusals), change)


def lint(request: LintRequest, begun: Begun | None = None) -> LintOutcome:
    """Read what the request names, judge it by the rules, and return the Report. begun: the reading of the same
    paths, started by begin() while the request was made.

    Raises AimsLintError for a request that cannot run (a select or ignore entry that matches no rule, an
    invalid rule pack); a file that cannot be read is a finding, never an exception.
    """
    if request.diff_base is not None or request.staged:
        return _lint_change(request, begun)
    if begun is not None and (begun.paths, begun.files_only) != (request.paths, request.files_only):
        begun.end()
        begun = None
    if begun is None:
        begun = begin(request.paths, files_only=request.files_only)
    try:
        return _judge(request, begun.focus, begun.listing, list(begun.refusals))
    finally:
        # Never leave the listing thread running: cut off at exit, a daemon thread is unwound, and a run that
        # failed for want of file descriptors has none left for that (the process would abort).
        begun.end()


def _judge(
    request: LintRequest, focus: FocusRequest | None, listing: Listing | None, refusals: list[str]
) -> LintOutcome:
    from dataclasses import replace

    from aims_lint.engine import run
    from aims_lint.model import Notice

    rules = _rules(request)
    options = _options(request, rules)
    baseline = _baseline(request)  # read before the files, so that a bad baseline stops the run at once
    files = _file_rules(request)
    early = _early_judge(focus, rules, options)
    inventory, options = _read(request, focus, listing, rules, options, files, early)
    if files is not None:
        placed = files.placed(inventory.root)
        options = replace(options, in_root=placed.in_root, kind_by_name=placed.kind_by_name)
    history = _history(Path(inventory.root))
    try:
        report = run(inventory, rules, options, history=history,
                     early=(early[0], early[1].made) if early is not None else None)
        told = _history_notices(history, report, inventory, options)
    finally:
        history.close()
    report = _accepted(request, focus, inventory, rules, options, report, baseline)
    return LintOutcome(report, (*map(Notice, refusals), *inventory.notices, *told), inventory)


def _baseline(request: LintRequest) -> Baseline | None:
    """The request's baseline file, read and checked; None without one."""
    if request.baseline is None:
        return None
    from aims_lint import __version__
    from aims_lint.baseline import read_baseline

    return read_baseline(request.baseline, __version__)


def _history(root: Path, changes: Changes | None = None) -> GitHistory:
    """The history checks may ask of (GitPython is imported only when one does)."""
    from aims_lint.history import GitHistory

    return GitHistory(root, changes)


def _history_notices(history: GitHistory, report: Report, inventory: Inventory,
                     options: RunOptions) -> tuple[Notice, ...]:
    """Where history is missing (a shallow clone, no repository), the line naming the rules that wanted a commit's
    date and judged nothing for want of it, and how to fetch it."""
    from aims_lint.checks import CHECKS
    from aims_lint.engine import run
    from aims_lint.model import Notice

    wanting = [r for r in report.rules if CHECKS[r.check].history == "log"]
    if not wanting or history.missing is None:
        return ()
    asked = [r.id for r in wanting if _asks_for_dates(r, inventory, options, history, run)]
    return (Notice(f"{', '.join(asked)} skipped: {history.missing}"),) if asked else ()


class _Asked:
    """A history that knows no date and records whether a check asked for one (see _history_notices)."""

    def __init__(self, changes: Changes | None) -> None:
        self.changes = changes
        self.asked = False

    @property
    def missing(self) -> str | None:
        return None

    def last_changed(self, path: str) -> datetime.date | None:
        self.asked = True
        return None


def _asks_for_dates(rule: Rule, inventory: Inventory, options: RunOptions, history: GitHistory,
                    run: Callable[..., Report]) -> bool:
    """Whether the rule's check asks for a commit's date of any artifact here: judged again, in this process."""
    probe = _Asked(history.changes)
    run(inventory, (rule,), options, history=probe)
    return probe.asked


def _lint_change(request: LintRequest, begun: Begun | None = None) -> LintOutcome:
    """Judge a change: the state judged and its base, each read in focus on what changed, then compared. Only the
    rules that can find anything different in the two states are judged (see judged.rules_to_judge)."""
    from dataclasses import replace

    from aims_lint.compare import compare
    from aims_lint.engine import active_rules, run

    try:  # while git tells of the change and lists the work tree
        rules = _rules(request)
        options = _options(request, rules)
        active = active_rules(rules, options)
        _load_reader()
    except BaseException:
        if begun is not None:
            begun.end()
        raise
    states, listing = _states(request, begun)
    try:
        inventory, only, judged = _read_state(states, active, listing=listing)
    finally:
        if listing is not None:
            listing.wait()
    base_inventory = _base_inventory(states, inventory)
    base_only = frozenset(states.base_focus)
    base_history = _history(states.root)
    try:
        base = run(base_inventory, judged, replace(options, only_paths=base_only), history=base_history)
    finally:
        base_history.close()
    before = _artifacts_of(base_inventory, {*states.head_focus, *states.changes.deleted})
    history = _history(states.root, replace(states.changes, before=before))
    try:
        report = run(inventory, judged, replace(options, only_paths=only), history=history)
        told = _history_notices(history, report, inventory, replace(options, only_paths=only))
    finally:
        history.close()
    # What is accepted (suppressed, waived) on either side is no finding of the change.
    report = _accepted(request, None, inventory, rules, replace(options, only_paths=only), report,
                       _baseline(request))
    base = _accepted(replace(request, waivers=()), None, base_inventory, rules, replace(options, only_paths=base_only),
                     base, None)
    comparison = compare(report, base, states.changes.base)
    # The rules not judged find the same in both states: the run is still one of every rule selected.
    return LintOutcome(replace(report, rules=active), (*inventory.notices, *told), inventory, comparison)


def _load_reader() -> None:
    """Load what reads a change's files (the focused reader, the CommonMark parser), as a run that waits on git
    can do meanwhile."""
    from aims_lint.judged import rules_to_judge  # noqa: F401
    from aims_lint.parse.markdown import prepare_parser
    from aims_lint.read import focus  # noqa: F401

    prepare_parser()


def _artifacts_of(inventory: Inventory, paths: set[str]) -> dict[str, tuple[Artifact, ...]]:
    found: dict[str, list[Artifact]] = {}
    for artifact in inventory.artifacts:
        if artifact.path in paths:
            found.setdefault(artifact.path, []).append(artifact)
    return {path: tuple(artifacts) for path, artifacts in found.items()}


def _states(request: LintRequest, begun: Begun | None) -> tuple[States, Listing | None]:
    """The two states of the change the request names, and the work tree's listing when it is the state judged
    (begun's, when it lists the work tree: the tree is listed once). What git tells of the change is begun's when
    it read the same change, else read now."""
    from aims_lint.history import states
    from aims_lint.read import Listing

    ref = None if request.staged else request.diff_base
    reading = _begun_change(request, begun, ref)
    if reading is None:
        if begun is not None and begun.change is not None:
            begun.change.wait()
        reading = _change_reading(request.paths, request.files_only, ref)
    begun_listing = begun.listing if begun is not None else None
    try:
        change = reading.change()
    except BaseException:
        if begun is not None:
            begun.end()
        raise
    if begun_listing is not None and not request.staged and _same_folder(begun_listing.root, change.top):
        listing = begun_listing
    else:
        if begun is not None:
            begun.end()
        if request.staged:
            return states(change, None), None
        listing = Listing(change.top)
    try:
        return states(change, lambda: (listing.files(), listing.untracked)), listing
    except BaseException:
        listing.wait()
        raise


def _begun_change(request: LintRequest, begun: Begun | None, ref: str | None) -> ChangeReading | None:
    """begun's reading of the change, when it reads the one the request names."""
    if begun is None or begun.change is None or begun.change.ref != ref:
        return None
    return begun.change if (begun.paths, begun.files_only) == (request.paths, request.files_only) else None


def _change_reading(paths: tuple[str, ...], files_only: bool, ref: str | None) -> ChangeReading:
    """What git tells of the change from the merge base of ref and HEAD (ref None: of the index), read on a thread
    from now on, in the git work tree paths name."""
    from aims_lint.history import ChangeReading

    return ChangeReading(lambda: _work_tree(paths, files_only), ref)


def _work_tree(paths: tuple[str, ...], files_only: bool) -> Path:
    """The top of the git work tree a change is judged in (AimsLintError when the request names none)."""
    from aims_lint.read import git_toplevel

    if files_only or len(paths) > 1 or (paths and not Path(paths[0]).is_dir()):
        raise AimsLintError("--diff-base and --staged judge a whole git work tree: name at most one folder in it")
    warnings: list[str] = []
    top = git_toplevel(Path(paths[0] if paths else ".").absolute(), warnings)
    if top is None:
        why = f" ({warnings[0]})" if warnings else ""
        raise AimsLintError(f"--diff-base and --staged need a git work tree; this is not one{why}")
    return top


def _same_folder(one: Path, other: Path) -> bool:
    import os

    return os.path.realpath(one) == os.path.realpath(other)


def _read_state(states: States, rules: Sequence[Rule],
                listing: Listing | None) -> tuple[Inventory, frozenset[str], tuple[Rule, ...]]:
    """The state judged, read in focus: its changed files (and their neighbours) in full, the rest as far as the
    rules to judge need; and those rules, chosen from what the change touched in either state."""
    from aims_lint.engine import reads_of
    from aims_lint.judged import Touched, rules_to_judge
    from aims_lint.read import FocusedReading, FocusRequest, ScanOptions

    reading = FocusedReading(FocusRequest(states.root, tuple(states.root / p for p in states.head_focus)),
                             listing=listing, options=ScanOptions(view=states.head))
    judged = tuple(rules)
    if not reading.prefix:  # else the paths of the change are not those of the reading: every rule is judged
        known = reading.known()
        paths = frozenset({*states.head_focus, *states.base_focus})
        head = [a for a in known.artifacts if a.path in paths]
        base = [a for a in _base_inventory(states, known).artifacts if a.path in paths]
        touched = Touched(head, base, paths, states.changes.added | states.changes.deleted,
                          reading.holds_governance(), [c for c in known.suppressions if c.location.path in paths])
        judged = rules_to_judge(rules, touched)
    changed = tuple(reading.prefix + p for p in (*states.head_focus, *states.changes.deleted))
    inventory, only = reading.complete(reads_of(judged), changed=changed)
    return inventory, only, judged


def _base_inventory(states: States, inventory: Inventory) -> Inventory:
    """The base state, made from the state judged: only the files the change touched are read again (from git
    objects), the rest is as the state judged read it."""
    from aims_lint.read import ScanOptions, derive_inventory

    return derive_inventory(inventory, states.base, states.base_focus, states.changes.added,
                            ScanOptions(view=states.base))


def _accepted(
    request: LintRequest, focus: FocusRequest | None, inventory: Inventory, rules: Sequence[Rule],
    options: RunOptions, report: Report, baseline: Baseline | None,
) -> Report:
    """The report with what is accepted set apart: findings a suppression covers, then those the baseline holds."""
    comments = inventory.suppressions if request.inline_suppressions else []
    if comments or request.waivers:
        from aims_lint.suppress import Scope, apply_suppressions

        scope = Scope(options.only_paths, *_waiver_base(focus, inventory)) if request.waivers else \
            Scope(options.only_paths)
        report = apply_suppressions(report, rules, comments, request.waivers,
                                    today=options.today or datetime.date.today(), scope=scope)
    if baseline is not None:
        from aims_lint.baseline import apply_baseline

        ran = {rule.id for rule in report.rules}
        roots = tuple(root + "/" if root else "" for root in inventory.scan_roots)

        def judged(entry: BaselineEntry) -> bool:
            if options.only_paths is not None:
                return entry.path in options.only_paths and entry.rule in ran
            return entry.rule in ran and entry.path.startswith(roots)

        report = apply_baseline(report, baseline, judged)
    return report


def _waiver_base(focus: FocusRequest | None, inventory: Inventory) -> tuple[bool, Callable[[str], str]]:
    """Whether the run judges the whole repository the waivers are written for, and a report path as the waivers'
    globs see it: relative to the top of the git work tree (the folder read, outside one)."""
    import os

    from aims_lint.read.listing import git_toplevel

    base = os.path.realpath(inventory.root)
    top = focus.root if focus is not None else git_toplevel(Path(base))
    prefix = "" if top is None else os.path.relpath(base, top).replace(os.sep, "/")
    if prefix in ("", "."):
        return focus is None and "" in inventory.scan_roots, str
    if prefix.startswith(".."):  # the folder read holds the work tree: its paths are what the globs see
        return False, str
    return False, lambda path: f"{prefix}/{path}"


def _rules(request: LintRequest) -> tuple[Rule, ...]:
    """The rules of the run: the built-in packs and the request's, with the configuration's severities and options."""
    from pathlib import Path

    from aims_lint.packs import configure, load_rules

    rules = request.rules if request.rules is not None else load_rules(tuple(map(Path, request.packs)))
    return configure(rules, request.rule_settings) if request.rule_settings else tuple(rules)


def _options(request: LintRequest, rules: Sequence[Rule]) -> RunOptions:
    """What to run, every entry checked against the rules and the ISO/IEC 42001 catalogue."""
    from dataclasses import replace

    from aims_lint.catalog import catalog
    from aims_lint.engine import RunOptions, active_rules
    from aims_lint.globs import GlobSet
    from aims_lint.selectors import dropped, unknown

    iso_ids = (*catalog().clauses, *catalog().controls)
    entries = request.select | request.extend_select | request.ignore
    for entry, message in unknown(rules, entries, iso_ids):
        key, where = request.origins.get(entry, ("", None))
        raise AimsLintError(f"{where.path}:{where.line}: key '{key}': {message}" if where is not None
                            else f"--select/--ignore: {message}")
    for ignore in request.path_ignores:
        for _entry, message in unknown(rules, ignore.rules, iso_ids):
            at = f"{ignore.source.path}:{ignore.source.line}: " if ignore.source is not None else ""
            raise AimsLintError(f"{at}key 'per-path-ignores.{ignore.glob}': {message}")
    options = RunOptions(select=request.select, ignore=request.ignore, extend_select=request.extend_select,
                         today=request.today)
    if not request.path_ignores:
        return options
    active = active_rules(rules, options)
    return replace(options, path_ignores=tuple(
        (GlobSet((ignore.glob,)), frozenset(r.id for r in active if dropped(r, ignore.rules)))
        for ignore in request.path_ignores))


def _file_rules(request: LintRequest) -> FileRules | None:
    """The request's exclude and discovery globs against its repository root; None when it has none."""
    if not (request.exclude or request.discovery or request.path_ignores or request.waivers):
        return None
    from aims_lint.config import find_root, start_of
    from aims_lint.read.selection import FileRules

    kinds: dict[str, list[str]] = {}
    for kind, glob in request.discovery:
        kinds.setdefault(kind, []).append(glob)
    root = request.root if request.root is not None else str(find_root(start_of(request.paths)))
    return FileRules.of(root, request.exclude, kinds)


def _plan(paths: tuple[str, ...], files_only: bool) -> tuple[FocusRequest | None, Listing | None, list[str]]:
    """How to read: the work tree around named files (focus), or one folder, listed on a thread from now on."""
    from aims_lint.read import Listing, focus_request

    refusals: list[str] = []  # why git would not read the work tree around named files
    focus = focus_request(paths, refusals) if paths and not files_only else None
    if focus is not None:
        return focus, Listing(focus.root), refusals
    folder = Path(paths[0] if paths else ".")
    one_folder = len(paths) <= 1 and not files_only and folder.is_dir()
    return None, Listing(folder.absolute().resolve()) if one_folder else None, refusals


def _early_judge(focus: FocusRequest | None, rules: Sequence[Rule],
                 options: RunOptions) -> tuple[EarlyJudge, Settling] | None:
    """In a run of a whole folder, the rules that judge each card and record as it is read (engine.EarlyJudge),
    and the reader's hook that calls them; None in focus mode, which reads cards for context only."""
    if focus is not None:
        return None
    from aims_lint.engine import EarlyJudge
    from aims_lint.read import Settling

    judge = EarlyJudge(rules, options, options.today or datetime.date.today())
    return judge, Settling(judge.settle)


def _read(
    request: LintRequest, focus: FocusRequest | None, listing: Listing | None, rules: Sequence[Rule],
    options: RunOptions, files: FileRules | None, early: tuple[EarlyJudge, Settling] | None = None,
) -> tuple[Inventory, RunOptions]:
    from dataclasses import replace

    from aims_lint.engine import active_rules, reads_of
    from aims_lint.read import ScanOptions, build_inventory

    scan = ScanOptions(jobs=request.jobs, files=files, settling=early[1] if early is not None else None)
    if focus is None:
        return build_inventory(list(request.paths) or ["."], scan, listing=listing), options
    from aims_lint.read import build_focused_inventory

    inventory, only = build_focused_inventory(focus, reads=reads_of(active_rules(rules, options)),
                                              listing=listing, options=scan)
    return inventory, replace(options, only_paths=only)
