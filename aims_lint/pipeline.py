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
    from aims_lint.engine import RunOptions
    from aims_lint.model import Inventory, Location, Notice, PathIgnore, Report, Rule, RuleSetting, Waiver
    from aims_lint.read import FocusRequest, Listing
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


@dataclass(frozen=True, slots=True)
class LintOutcome:
    """A run's Report, and the lines about the run itself for standard error (never findings)."""

    report: Report
    notices: tuple[Notice, ...]
    # What was read and judged: the artifacts with their fields, for views built on the findings (coverage).
    inventory: Inventory | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Begun:
    """A run's reading, begun before its request is complete: how it will read (the work tree around named files,
    or one folder) and the listing already running on its thread, so that git lists the files while the caller
    loads its configuration. lint() takes it for a request naming the same paths."""

    paths: tuple[str, ...]
    files_only: bool
    focus: FocusRequest | None
    listing: Listing | None
    refusals: tuple[str, ...]

    def end(self) -> None:
        """Let the listing thread end: a run that stops before lint() (a bad configuration) must not leave it."""
        if self.listing is not None:
            self.listing.wait()


def begin(paths: Sequence[str] = (), *, files_only: bool = False) -> Begun:
    """Start reading what paths name (see LintRequest.paths and files_only) before the request is complete."""
    focus, listing, refusals = _plan(tuple(paths), files_only)
    return Begun(tuple(paths), files_only, focus, listing, tuple(refusals))


def lint(request: LintRequest, begun: Begun | None = None) -> LintOutcome:
    """Read what the request names, judge it by the rules, and return the Report. begun: the reading of the same
    paths, started by begin() while the request was made.

    Raises AimsLintError for a request that cannot run (a select or ignore entry that matches no rule, an
    invalid rule pack); a file that cannot be read is a finding, never an exception.
    """
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
    baseline = None
    if request.baseline is not None:  # read before the files, so that a bad baseline stops the run at once
        from aims_lint import __version__
        from aims_lint.baseline import read_baseline

        baseline = read_baseline(request.baseline, __version__)
    files = _file_rules(request)
    inventory, options = _read(request, focus, listing, rules, options, files)
    if files is not None:
        placed = files.placed(inventory.root)
        options = replace(options, in_root=placed.in_root, kind_by_name=placed.kind_by_name)
    report = run(inventory, rules, options, jobs=request.jobs)
    report = _accepted(request, focus, inventory, rules, options, report, baseline)
    return LintOutcome(report, (*map(Notice, refusals), *inventory.notices), inventory)


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


def _read(
    request: LintRequest, focus: FocusRequest | None, listing: Listing | None, rules: Sequence[Rule],
    options: RunOptions, files: FileRules | None,
) -> tuple[Inventory, RunOptions]:
    from dataclasses import replace

    from aims_lint.engine import active_rules, reads_of
    from aims_lint.read import ScanOptions, build_inventory

    scan = ScanOptions(jobs=request.jobs, files=files)
    if focus is None:
        return build_inventory(list(request.paths) or ["."], scan, listing=listing), options
    from aims_lint.read import build_focused_inventory

    inventory, only = build_focused_inventory(focus, reads=reads_of(active_rules(rules, options)),
                                              listing=listing, options=scan)
    return inventory, replace(options, only_paths=only)
