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
    from aims_lint.baseline import Baseline, BaselineEntry
    from aims_lint.engine import RunOptions
    from aims_lint.model import Inventory, Notice, Report, Rule, Waiver
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


@dataclass(frozen=True, slots=True)
class LintOutcome:
    """A run's Report, and the lines about the run itself for standard error (never findings)."""

    report: Report
    notices: tuple[Notice, ...]
    # What was read and judged: the artifacts with their fields, for views built on the findings (coverage).
    inventory: Inventory | None = field(default=None, compare=False, repr=False)


def lint(request: LintRequest) -> LintOutcome:
    """Read what the request names, judge it by the rules, and return the Report.

    Raises AimsLintError for a request that cannot run (a select or ignore entry that matches no rule, an
    invalid rule pack); a file that cannot be read is a finding, never an exception.
    """
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
    from aims_lint.engine import RunOptions, run, unmatched_codes
    from aims_lint.model import Notice
    from aims_lint.packs import load_rules

    rules = request.rules if request.rules is not None else tuple(load_rules())
    unknown = unmatched_codes(rules, request.select | request.ignore)
    if unknown:
        raise AimsLintError(f"--select/--ignore: no rule matches {unknown[0]!r}")
    baseline = None
    if request.baseline is not None:  # read before the files, so that a bad baseline stops the run at once
        from aims_lint import __version__
        from aims_lint.baseline import read_baseline

        baseline = read_baseline(request.baseline, __version__)
    options = RunOptions(select=request.select, ignore=request.ignore, today=request.today)
    inventory, options = _read(request, focus, listing, rules, options)
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
