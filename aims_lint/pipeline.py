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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aims_lint.errors import AimsLintError

if TYPE_CHECKING:
    from aims_lint.compare import Comparison
    from aims_lint.engine import RunOptions
    from aims_lint.history import GitHistory, States
    from aims_lint.model import Artifact, Changes, Inventory, Notice, Report, Rule, Waiver
    from aims_lint.read import FocusRequest, Listing


@dataclass(frozen=True, slots=True)
class LintRequest:
    """What to lint and how: the library's and the command line's one description of a run."""

    # Files and folders to lint; none means the current directory. When every path is a file in one git work
    # tree (as pre-commit passes them), the work tree is read for context and only those files and
    # repository-wide problems are reported, unless files_only is set.
    paths: tuple[str, ...] = ()
    # Rules to run and to skip, by id, id prefix or name; an entry that matches no rule is an error.
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
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
    # The rules to judge by; None means the built-in packs.
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
    # With diff_base or staged: which findings the change introduced, and how many it fixed.
    comparison: Comparison | None = None


def lint(request: LintRequest) -> LintOutcome:
    """Read what the request names, judge it by the rules, and return the Report.

    Raises AimsLintError for a request that cannot run (a select or ignore entry that matches no rule, an
    invalid rule pack); a file that cannot be read is a finding, never an exception.
    """
    if request.diff_base is not None or request.staged:
        return _lint_change(request)
    focus, listing, refusals = _plan(request)
    try:
        return _judge(request, focus, listing, refusals)
    finally:
        if listing is not None:
            # Never leave the listing thread running: cut off at exit, a daemon thread is unwound, and a run that
            # failed for want of file descriptors has none left for that (the process would abort).
            listing.wait()


def _judge(
    request: LintRequest, focus: FocusRequest | None, listing: Listing | None, refusals: list[str]
) -> LintOutcome:
    from aims_lint.engine import RunOptions, run
    from aims_lint.model import Notice

    rules = _rules(request)
    options = RunOptions(select=request.select, ignore=request.ignore, today=request.today)
    inventory, options = _read(request, focus, listing, rules, options)
    history = _history(Path(inventory.root))
    try:
        report = run(inventory, rules, options, jobs=request.jobs, history=history)
        told = _history_notices(history, report, inventory, options)
    finally:
        history.close()
    return LintOutcome(report, (*map(Notice, refusals), *inventory.notices, *told))


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


def _lint_change(request: LintRequest) -> LintOutcome:
    """Judge a change: the state judged and its base, each read in focus on what changed, then compared."""
    from dataclasses import replace

    from aims_lint.compare import compare
    from aims_lint.engine import RunOptions, run

    states, listing = _states(request)
    try:
        rules = _rules(request)
        options = RunOptions(select=request.select, ignore=request.ignore, today=request.today)
        inventory, only = _read_state(states, rules, options, listing=listing)
    finally:
        if listing is not None:
            listing.wait()
    base_inventory = _base_inventory(states, inventory)
    base_only = frozenset(states.base_focus)
    base_history = _history(states.root)
    try:
        base = run(base_inventory, rules, replace(options, only_paths=base_only), history=base_history)
    finally:
        base_history.close()
    before = _artifacts_of(base_inventory, {*states.head_focus, *states.changes.deleted})
    history = _history(states.root, replace(states.changes, before=before))
    try:
        report = run(inventory, rules, replace(options, only_paths=only), history=history)
        told = _history_notices(history, report, inventory, replace(options, only_paths=only))
    finally:
        history.close()
    comparison = compare(report, base, states.changes.base)
    return LintOutcome(report, (*inventory.notices, *told), comparison)


def _artifacts_of(inventory: Inventory, paths: set[str]) -> dict[str, tuple[Artifact, ...]]:
    found: dict[str, list[Artifact]] = {}
    for artifact in inventory.artifacts:
        if artifact.path in paths:
            found.setdefault(artifact.path, []).append(artifact)
    return {path: tuple(artifacts) for path, artifacts in found.items()}


def _states(request: LintRequest) -> tuple[States, Listing | None]:
    """The two states of the change the request names, and the work tree's listing when it is the state judged."""
    from aims_lint.history import diff_base_states, staged_states
    from aims_lint.read import Listing, git_toplevel

    if request.files_only or len(request.paths) > 1 or (request.paths and not Path(request.paths[0]).is_dir()):
        raise AimsLintError("--diff-base and --staged judge a whole git work tree: name at most one folder in it")
    warnings: list[str] = []
    top = git_toplevel(Path(request.paths[0] if request.paths else ".").absolute(), warnings)
    if top is None:
        why = f" ({warnings[0]})" if warnings else ""
        raise AimsLintError(f"--diff-base and --staged need a git work tree; this is not one{why}")
    if request.staged:
        return staged_states(top), None
    listing = Listing(top)
    try:
        return diff_base_states(top, str(request.diff_base), lambda: (listing.files(), listing.untracked)), listing
    except BaseException:
        listing.wait()
        raise


def _rules(request: LintRequest) -> tuple[Rule, ...]:
    from aims_lint.engine import unmatched_codes
    from aims_lint.packs import load_rules

    rules = request.rules if request.rules is not None else tuple(load_rules())
    unknown = unmatched_codes(rules, request.select | request.ignore)
    if unknown:
        raise AimsLintError(f"--select/--ignore: no rule matches {unknown[0]!r}")
    return rules


def _read_state(states: States, rules: Sequence[Rule], options: RunOptions,
                listing: Listing | None) -> tuple[Inventory, frozenset[str]]:
    """The state judged, read in focus: its changed files (and their neighbours) in full, the rest as far as the
    rules need."""
    from aims_lint.engine import active_rules, reads_of
    from aims_lint.read import FocusRequest, ScanOptions, build_focused_inventory

    request = FocusRequest(states.root, tuple(states.root / p for p in states.head_focus))
    return build_focused_inventory(request, reads=reads_of(active_rules(rules, options)), listing=listing,
                                   options=ScanOptions(view=states.head))


def _base_inventory(states: States, inventory: Inventory) -> Inventory:
    """The base state, made from the state judged: only the files the change touched are read again (from git
    objects), the rest is as the state judged read it."""
    from aims_lint.read import ScanOptions, derive_inventory

    return derive_inventory(inventory, states.base, states.base_focus, states.changes.added,
                            ScanOptions(view=states.base))


def _plan(request: LintRequest) -> tuple[FocusRequest | None, Listing | None, list[str]]:
    """How to read: the work tree around named files (focus), or one folder, listed on a thread from now on."""
    from aims_lint.read import Listing, focus_request

    paths = request.paths
    refusals: list[str] = []  # why git would not read the work tree around named files
    focus = focus_request(paths, refusals) if paths and not request.files_only else None
    if focus is not None:
        return focus, Listing(focus.root), refusals
    folder = Path(paths[0] if paths else ".")
    one_folder = len(paths) <= 1 and not request.files_only and folder.is_dir()
    return None, Listing(folder.absolute().resolve()) if one_folder else None, refusals


def _read(
    request: LintRequest, focus: FocusRequest | None, listing: Listing | None, rules: Sequence[Rule],
    options: RunOptions,
) -> tuple[Inventory, RunOptions]:
    from dataclasses import replace

    from aims_lint.engine import active_rules, reads_of
    from aims_lint.read import ScanOptions, build_inventory

    scan = ScanOptions(jobs=request.jobs)
    if focus is None:
        return build_inventory(list(request.paths) or ["."], scan, listing=listing), options
    from aims_lint.read import build_focused_inventory

    inventory, only = build_focused_inventory(focus, reads=reads_of(active_rules(rules, options)),
                                              listing=listing, options=scan)
    return inventory, replace(options, only_paths=only)
