"""The command line: parse flags, build options, call the engine, format, and map the outcome to an exit code."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import click

from aims_lint import __version__
from aims_lint.errors import AimsLintError, stop_if_out_of_descriptors
from aims_lint.fileio import write_report
from aims_lint.report import FORMAT_NAMES, GITLAB_LIMITS, SARIF_LIMITS
from aims_lint.report.escape import one_line, visible

if TYPE_CHECKING:  # imported when a command needs it: most of aims-lint loads while git lists the files
    from aims_lint.compare import Comparison
    from aims_lint.config import CommandLine, Config
    from aims_lint.model import Notice, Report, Rule
    from aims_lint.report import FormatContext, Formatter, Writer

P = ParamSpec("P")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FAIL_ON = ("error", "warning", "note", "never")


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    """--today as a date; anything but a real YYYY-MM-DD date is a usage error (exit 2)."""
    if value is None:
        return None
    from aims_lint.vocab import date_value

    parsed = date_value(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", ctx, param)
    return parsed


def _split_codes(values: Sequence[str]) -> frozenset[str]:
    return frozenset(code.strip() for value in values for code in value.split(",") if code.strip())


def _write(text: str | Iterable[str], output: str | None) -> None:
    """Write text, or text in pieces made while it is written, to standard output or the file output names."""
    if output is None or output == "-":
        sys.stdout.writelines((text,) if isinstance(text, str) else text)
        sys.stdout.flush()
        return
    try:
        write_report(output, text)
    except OSError as exc:
        raise AimsLintError(f"cannot write {output}: {exc.strerror or exc}") from None


def _use_color(choice: str, output: str | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return output in (None, "-") and sys.stdout.isatty()


def _parse_formats(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, str | None], ...]:
    """FORMAT or FORMAT:PATH values into (format, path or None); 'auto' resolved here."""
    parsed: list[tuple[str, str | None]] = []
    for value in values or ("text",):
        name, sep, path = value.partition(":")
        name = name.strip().lower()
        if name == "auto":
            name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        if name not in FORMAT_NAMES:
            raise click.BadParameter(
                f"unknown format {value.partition(':')[0]!r} (choose from {', '.join((*FORMAT_NAMES, 'auto'))})",
                ctx, param,
            )
        if sep and not path:
            raise click.BadParameter(f"{value!r}: no PATH after ':' (use '{name}:-' for standard output)", ctx, param)
        parsed.append((name, path or None))
    return tuple(parsed)


def _destinations(
    formats: Sequence[tuple[str, str | None]], output: str | None
) -> list[tuple[str, str | None]]:
    """Where each report goes: its own PATH, else --output, else standard output; each place takes one report."""
    placed: list[tuple[str, str | None]] = []
    seen: dict[str, str] = {}
    for fmt, path in formats:
        destination = path if path is not None else output
        if destination == "-":
            destination = None
        key = "standard output" if destination is None else os.path.abspath(destination)
        if key in seen:
            where = "standard output" if destination is None else destination
            raise click.UsageError(
                f"--format {seen[key]} and --format {fmt} would both write to {where}; give one of them a PATH "
                f"(--format {fmt}:PATH)"
            )
        seen[key] = fmt
        placed.append((fmt, destination))
    return placed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="aims-lint")
def cli() -> None:
    """Lint an ML repository's model cards and dataset records against ISO/IEC 42001 rules."""


class _ScanPath(click.Path):
    """A file or folder that exists, or a symbolic link leading nowhere: a file to report as unreadable."""

    def __init__(self) -> None:
        super().__init__(exists=True, file_okay=True, dir_okay=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and os.path.islink(value) and not os.path.exists(value):
            return value
        return super().convert(value, param, ctx)


_paths = click.argument("paths", nargs=-1, type=_ScanPath())


def _config_options(command: Callable[P, None]) -> Callable[P, None]:
    """--config and --isolated: which configuration file a command reads, if any."""
    command = click.option("--isolated", is_flag=True,
                           help="Read no configuration file: defaults and the command line only.")(command)
    return click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Read this configuration file instead of the one found at the repository root "
                             "(.aims-lint.yaml, else [tool.aims-lint] in pyproject.toml).")(command)


def _selection_options(command: Callable[P, None]) -> Callable[P, None]:
    """The settings the command line shares with the configuration: rule selection, fail-on and today."""
    for option in reversed((
        click.option("--select", multiple=True, metavar="CODES",
                     help="Run only these rules (ids, id prefixes, names or ISO/IEC 42001 ids), instead of the "
                          "configuration's selection."),
        click.option("--extend-select", multiple=True, metavar="CODES",
                     help="Run these rules as well (ids, id prefixes, names or ISO/IEC 42001 ids)."),
        click.option("--ignore", multiple=True, metavar="CODES",
                     help="Skip these rules (ids, id prefixes, names or ISO/IEC 42001 ids)."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
                     help="Exit 1 when a finding is at or above this severity (default: the configuration's "
                          "fail-on, else error)."),
        click.option("--today", metavar="YYYY-MM-DD", callback=_parse_today,
                     help="Judge review and due dates as if today were this date (default: the configuration's "
                          "today, else the real date)."),
    )):
        command = option(command)
    return command


def _command_line(select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
                  fail_on: str | None, today: datetime.date | None) -> CommandLine:
    from aims_lint.config import CommandLine

    return CommandLine(select=tuple(sorted(_split_codes(select))) if select else None,
                       extend_select=tuple(sorted(_split_codes(extend_select))),
                       ignore=tuple(sorted(_split_codes(ignore))), fail_on=fail_on, today=today)


def _configuration(paths: Sequence[str], command_line: CommandLine | None, config_file: str | None,
                   isolated: bool) -> Config:
    """The effective configuration, its lines about itself told on standard error."""
    from aims_lint.config import load_config

    config = load_config(paths, command_line, config_file=config_file, isolated=isolated)
    for text in config.notices:
        click.echo(f"aims-lint: warning: {text}", err=True)
    return config


def _jobs_or_auto(_context: click.Context, _parameter: click.Parameter, value: int | None) -> int:
    from aims_lint.parallel import auto_jobs

    return auto_jobs() if value is None else value


_jobs = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N", callback=_jobs_or_auto,
    help="Worker processes that read and judge the files of a large scan (default: one for each CPU aims-lint "
         "may use, at most 8; 1: only this process). A scan of fewer than 400 files to read stays in one process. "
         "The findings are the same whatever N is.",
)


def _stops_without_descriptors(command: Callable[P, None]) -> Callable[P, None]:
    """A command that, out of file descriptors (opening a file, starting git or a worker, importing a module),
    ends with one line and exit code 2 instead of an internal error."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except (OSError, ImportError) as exc:
            stop_if_out_of_descriptors(exc)
            raise

    return run


def _tell(notices: Iterable[Notice]) -> None:
    """Each notice once, on standard error; under pre-commit, which names every file its pattern matches,
    not those that are routine there (a package.json is no artifact)."""
    hook = os.environ.get("PRE_COMMIT") == "1"
    for text in dict.fromkeys(n.text for n in notices if not (hook and n.routine_in_hook)):
        click.echo(f"aims-lint: warning: {text}", err=True)  # the reader made its file names printable


@cli.command()
@_paths
@click.option("--format", "-f", "formats", multiple=True, metavar="FORMAT[:PATH]", callback=_parse_formats,
              help=f"Output format ({', '.join((*FORMAT_NAMES, 'auto'))}; default text), written to PATH when "
                   "given, else to --output or standard output. Repeat for several reports from one run. "
                   "'auto' is github on GitHub Actions, text elsewhere.")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Write the report of a --format given without a PATH to this file.")
@_selection_options
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour text output.")
@click.option("--files-only", is_flag=True,
              help="Read only the files named, not the git work tree around them (references to other files then "
                   "do not resolve).")
@click.option("--baseline", metavar="FILE", type=click.Path(dir_okay=False),
              help="Report only the findings not in this baseline (written by --write-baseline); SARIF marks "
                   "every result new or unchanged, and the summary counts the baseline's entries now fixed.")
@click.option("--write-baseline", metavar="FILE", type=click.Path(dir_okay=False),
              help="Record this run's findings in FILE as the baseline, then exit 0. Reports are written only "
                   "when --format asks for them.")
@click.option("--no-inline-suppressions", is_flag=True,
              help="Ignore 'aims-lint: ignore[...]' comments in the files: only waivers of the configuration "
                   "suppress findings (for audits, and CI that accepts only reviewed waivers).")
@click.option("--statistics", is_flag=True,
              help="Instead of the findings, print one line per rule with its count, most frequent first (as "
                   "JSON when the report on standard output is JSON). Reports sent to a PATH are still written.")
@click.option("--diff-base", metavar="REF",
              help="Judge the change from the merge base of REF and HEAD: findings are marked new or unchanged, "
                   "what it fixed is counted, and only new findings decide the exit code. On GitHub Actions a "
                   "pull_request event defaults to its base branch (GITHUB_BASE_REF).")
@click.option("--staged", is_flag=True,
              help="Judge what is staged (the index) against the last commit, as --diff-base does; files not "
                   "staged play no part (the pre-commit hook).")
@click.option("--only-new", is_flag=True,
              help="With --diff-base or --staged, report only the new findings (the counts still say how many are "
                   "unchanged and fixed).")
@click.option("--whole", is_flag=True,
              help="Judge the whole repository even on a GitHub pull_request event (no --diff-base default).")
@click.option("--sarif-limit", type=click.Choice(SARIF_LIMITS), default="none", show_default=True,
              help="github: keep the SARIF report within GitHub code scanning's limits (25,000 results, 10 MB "
                   "gzip-compressed), the most severe results first, and record in the run how many were left out. "
                   "none: every result (a report over the limits is told on standard error).")
@click.option("--pretty", is_flag=True, help="Indent the SARIF report for reading (default: compact).")
@click.option("--gitlab-limit", type=click.Choice(GITLAB_LIMITS), default="none", show_default=True,
              help="gitlab: keep the GitLab Code Quality report within GitLab's default artifact size (100 MB), the "
                   "most severe findings first, and say on standard error how many were left out. none: every "
                   "finding (a report over the size is told on standard error).")
@_config_options
@_jobs
@_stops_without_descriptors
def check(
    paths: tuple[str, ...], formats: tuple[tuple[str, str | None], ...], output: str | None, fail_on: str | None,
    select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], color: str,
    today: datetime.date | None, files_only: bool, baseline: str | None, write_baseline: str | None,
    no_inline_suppressions: bool, statistics: bool, diff_base: str | None, staged: bool, only_new: bool,
    whole: bool, sarif_limit: str, pretty: bool, gitlab_limit: str, config_file: str | None, isolated: bool, jobs: int,
) -> None:
    """Lint PATHS (default: the current directory) and report findings.

    When every PATH is a file in a git work tree (as pre-commit passes them), the whole work tree is read for
    context (cross-references, weights without a card) but only those files and repository-wide problems are
    reported; --files-only reads just the files. The configuration is found at the repository root (see
    docs/configuration.md); the command line's options override it.
    """
    from aims_lint.pipeline import begin, lint

    outputs = _destinations(formats, output)
    if write_baseline is not None and click.get_current_context().get_parameter_source("formats") is \
            click.core.ParameterSource.DEFAULT:
        outputs = []  # the run is recorded, not reported, unless a report is asked for
    if staged and diff_base is not None:
        raise click.UsageError("--staged and --diff-base: give one of them")
    if diff_base is None and not staged and not whole and not files_only:
        diff_base = pull_request_base(os.environ, paths)
    # git lists the files, and tells of the change, while the configuration is read
    begun = begin(paths, files_only=files_only, staged=staged, diff_base=diff_base)
    try:
        config = _configuration(paths, _command_line(select, extend_select, ignore, fail_on, today), config_file,
                                isolated)
    except BaseException:
        begun.end()
        raise
    request = config.request(paths, files_only=files_only, jobs=jobs, inline_suppressions=not no_inline_suppressions,
                             baseline=baseline, diff_base=diff_base, staged=staged)
    with _collector_paused():
        outcome = lint(request, begun)
        _tell(outcome.notices)
        report = outcome.report
        comparison = outcome.comparison
        del outcome  # what was read (the inventory) is freed before the reports are written
        if only_new and comparison is not None:
            from dataclasses import replace

            report = replace(report, findings=tuple(filter(comparison.is_new, report.findings)))
        _report(report, outputs, color, statistics, comparison, _Shape(sarif_limit, pretty, gitlab_limit))
    if write_baseline is not None:
        _write_baseline(report, write_baseline)
        return
    threshold_name = config.fail_on.value
    if threshold_name != "never":
        from aims_lint.model import Severity

        threshold = Severity.parse(threshold_name)
        deciding = [f for f in report.findings if comparison is None or comparison.is_new(f)]
        if any(f.severity >= threshold for f in deciding):
            sys.exit(EXIT_FINDINGS)


def pull_request_base(env: Mapping[str, str], paths: Sequence[str]) -> str | None:
    """On GitHub Actions, a pull request's base branch (GITHUB_BASE_REF), which --diff-base then defaults to;
    None elsewhere, on other events, and when files are named (a list of files is judged as named)."""
    if env.get("GITHUB_ACTIONS") != "true" or not env.get("GITHUB_BASE_REF"):
        return None
    if env.get("GITHUB_EVENT_NAME") not in ("pull_request", "pull_request_target"):
        return None
    if len(paths) > 1 or any(not os.path.isdir(p) for p in paths):
        return None
    return env["GITHUB_BASE_REF"]


@dataclasses.dataclass(frozen=True)
class _Shape:
    """How the SARIF and GitLab reports are written: within which consumer's limits (report.limits), and the SARIF
    indented or compact."""

    sarif_limit: str = "none"
    pretty: bool = False
    gitlab_limit: str = "none"


def _report(report: Report, outputs: Sequence[tuple[str, str | None]], color: str, statistics: bool,
            comparison: Comparison | None = None, shape: _Shape = _Shape()) -> None:
    """Write each report where it goes; with statistics, the statistics take the place of the one on standard
    output. A report over its consumer's limits is told on standard error in one line, with the fix."""
    from aims_lint.report import FormatContext, formatters, writers

    registry, whole = writers(), formatters()
    for fmt, destination in outputs:
        if statistics and destination is None:
            continue
        ctx = FormatContext(version=__version__, color=fmt == "text" and _use_color(color, destination),
                            comparison=comparison, pretty=shape.pretty)
        text, warning = _formatted(fmt, report, ctx, (whole[fmt], registry[fmt]), shape)
        if isinstance(warning, str) and warning:
            click.echo(f"aims-lint: warning: {warning}", err=True)
        _write(text, destination)
        if not isinstance(warning, str) and (told := warning()):
            click.echo(f"aims-lint: warning: {told}", err=True)
    if statistics:
        from aims_lint.report.statistics import format_statistics, format_statistics_json

        as_json = any(fmt == "json" and destination is None for fmt, destination in outputs)
        render = format_statistics_json if as_json else format_statistics
        _write(render(report, FormatContext(version=__version__)), None)


def _formatted(fmt: str, report: Report, ctx: FormatContext, ways: tuple[Formatter, Writer],
               shape: _Shape) -> tuple[str | Iterable[str], str | Callable[[], str]]:
    """The report's text, whole or in pieces made while it is written, and the line telling that it is over its
    consumer's limits ('' when it is not), or what tells it once the text is written.

    A report is written as a stream unless its size must be known first: a SARIF report is measured while it is
    written (its compressed size), one cut to GitHub's limits is made whole to measure it; a GitLab report is
    measured against its artifact limit.
    """
    from aims_lint.report import limits

    formatter, writer = ways
    if fmt == "sarif":
        if shape.sarif_limit != "none":
            return limits.sarif_within(report, ctx, shape.sarif_limit, formatter)
        if excess := limits.counted_excess(report, ctx.comparison):
            return writer(report, ctx), limits.sarif_warning(excess)
        measured = limits.Measured(writer(report, ctx))
        return measured, measured.warning
    if fmt != "gitlab":
        return writer(report, ctx), ""
    return limits.gitlab_within(report, shape.gitlab_limit, lambda kept: formatter(kept, ctx))


def _write_baseline(report: Report, path: str) -> None:
    """Record the run's findings (those reported and those an earlier baseline held) as the baseline at path."""
    from aims_lint.baseline import baseline_text

    recorded = (*report.findings, *report.unchanged)
    _write(baseline_text(recorded, __version__), path)
    noun = "finding" if len(recorded) == 1 else "findings"
    click.echo(f"aims-lint: wrote {len(recorded)} {noun} to the baseline {visible(path)}", err=True)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run builds its inventory, findings and reports.

    A run creates many small objects and almost no reference cycles (a few hundred unreachable objects for two
    thousand artifacts), yet the collector would walk the growing heap again and again: about a tenth of a
    large run. Afterwards what was built is frozen (left to reference counting), so that the collector never
    walks it; the little cyclic garbage in it stays until the process ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything made meanwhile would be the collector's youngest generation, walked whole at the next
            # allocation; frozen, it is left to reference counting, which frees all but cycles.
            gc.freeze()
            gc.enable()


COVERAGE_FORMATS = ("markdown", "html", "json")


@cli.command()
@_paths
@click.option("--format", "-f", "fmt", type=click.Choice(COVERAGE_FORMATS), default="markdown", show_default=True,
              help="Format of the coverage report.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--framework", type=click.Choice(["nist-ai-rmf", "eu-ai-act"]),
              help="Also show the report by this framework's ids, through aims-lint's informative crosswalks.")
@click.option("--today", metavar="YYYY-MM-DD", callback=_parse_today,
              help="Judge review and due dates as if today were this date (default: the real date).")
@click.option("--soa-draft", "soa_draft", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write a Statement of Applicability draft, pre-filled from what was found, to FILE.")
@click.option("--force", is_flag=True, help="Let --soa-draft overwrite an existing file.")
@click.option("--evidence-pack", "evidence_pack", type=click.Path(), metavar="DIR",
              help="Also write the evidence pack (SARIF, JSON, coverage reports and a manifest of hashes) into "
                   "the folder DIR, or into one archive when DIR ends in .zip.")
@_config_options
@_jobs
@_stops_without_descriptors
def report(
    paths: tuple[str, ...], fmt: str, output: str | None, framework: str | None, today: datetime.date | None,
    soa_draft: str | None, force: bool, evidence_pack: str | None, config_file: str | None, isolated: bool,
    jobs: int,
) -> None:
    """Report every ISO/IEC 42001 clause and Annex A control for PATHS: its rules, findings, evidence and status.

    Each requirement is met (tested, no open finding), gaps (open findings), not applicable (excluded in the
    Statement of Applicability), manual (no rule can test it: what a person must attach is said) or no evidence.
    """
    from aims_lint.coverage import coverage_of
    from aims_lint.pipeline import lint
    from aims_lint.report.coverage import COVERAGE_FORMATTERS
    from aims_lint.report.coverage_json import CoverageContext

    config = _configuration(paths, _command_line((), (), (), None, today), config_file, isolated)
    with _collector_paused():
        outcome = lint(config.request(paths, jobs=jobs))
        _tell(outcome.notices)
        assert outcome.inventory is not None
        cov = coverage_of(outcome.report, outcome.inventory)
        _write(COVERAGE_FORMATTERS[fmt](cov, CoverageContext(__version__, framework)), output)
    if soa_draft is not None:
        from aims_lint.soa_draft import soa_draft as draft
        from aims_lint.soa_draft import write_soa_draft

        write_soa_draft(soa_draft, draft(cov, __version__), force=force)
        click.echo(f"aims-lint: wrote a Statement of Applicability draft to {visible(soa_draft)}", err=True)
    if evidence_pack is not None:
        _write_evidence_pack(evidence_pack, cov, today, {"paths": list(paths), "framework": framework})


def _write_evidence_pack(
    destination: str, cov: Any, today: datetime.date | None, configuration: dict[str, Any]
) -> None:
    from aims_lint.evidence_pack import pack_contents, write_pack

    day = today or datetime.date.today()
    try:
        write_pack(destination, pack_contents(cov, __version__, day, {**configuration, "today": day.isoformat()}))
    except OSError as exc:
        raise AimsLintError(f"--evidence-pack {destination}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"aims-lint: wrote the evidence pack to {visible(destination)}", err=True)


@cli.command()
@_paths
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_jobs
@_stops_without_descriptors
def inventory(paths: tuple[str, ...], fmt: str, jobs: int) -> None:
    """List the artifacts found in PATHS: path, kind and format."""
    from aims_lint.read import ScanOptions, build_inventory

    found = build_inventory(list(paths) or ["."], ScanOptions(jobs=jobs))
    _tell(found.notices)
    rows = [{"path": a.path, "kind": a.kind.value, "format": a.format} for a in found.artifacts]
    if fmt == "json":
        _write(json.dumps({"artifacts": rows, "files_scanned": len(found.files)}, indent=2) + "\n", None)
        return
    shown = [visible(r["path"]) for r in rows]
    width = max(map(len, shown), default=4)
    lines = [f"{path:<{width}}  {r['kind']:<15} {r['format']}" for path, r in zip(shown, rows, strict=True)]
    lines.append(f"{len(rows)} artifacts in {len(found.files)} files.")
    _write("\n".join(lines) + "\n", None)


def _configured_rules(config_file: str | None, isolated: bool) -> tuple[Rule, ...]:
    """The built-in rules and those of the configuration's packs, as the packs define them."""
    from pathlib import Path

    from aims_lint.packs import load_rules

    config = _configuration((), None, config_file, isolated)
    return load_rules(tuple(Path(item.value) for item in config.packs))


@cli.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@_config_options
def rules(fmt: str, config_file: str | None, isolated: bool) -> None:
    """List every rule, the configuration's packs' too: id, name, severity and ISO/IEC 42001 references."""
    from aims_lint.rulesdoc import rules_json, rules_markdown, rules_text

    loaded = _configured_rules(config_file, isolated)
    render = {"text": rules_text, "json": rules_json, "markdown": rules_markdown}[fmt]
    _write(render(loaded), None)


@cli.command()
@click.argument("rule")
@_config_options
def explain(rule: str, config_file: str | None, isolated: bool) -> None:
    """Explain RULE (an id such as MC101, or a name): what it checks, why, how to fix it, an example."""
    from aims_lint.rulesdoc import explain_rule

    loaded = _configured_rules(config_file, isolated)
    wanted = rule.strip()
    match = next((r for r in loaded if r.id.lower() == wanted.lower() or r.name == wanted), None)
    if match is None:
        raise AimsLintError(f"no rule {rule!r}; 'aims-lint rules' lists them")
    _write(explain_rule(match), None)


@cli.command("config")
@_paths
@_selection_options
@_config_options
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(
    paths: tuple[str, ...], select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
    fail_on: str | None, today: datetime.date | None, config_file: str | None, isolated: bool, fmt: str,
) -> None:
    """Print the effective configuration of a run over PATHS, and where each value came from."""
    from aims_lint.config.show import config_json, config_text

    config = _configuration(paths, _command_line(select, extend_select, ignore, fail_on, today), config_file,
                            isolated)
    _write(config_json(config) if fmt == "json" else config_text(config), None)


@cli.command("test")
@click.argument("packs", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--verbose", "-v", is_flag=True, help="One line per case instead of one dot.")
@_config_options
def test_command(packs: tuple[str, ...], verbose: bool, config_file: str | None, isolated: bool) -> None:
    """Run the pass and fail examples of the rules of PACKS (default: the configuration's packs); exit 1 when one
    fails."""
    from pathlib import Path

    from aims_lint.packtest import run_tests

    named = [Path(p) for p in packs] or [Path(i.value) for i in _configuration((), None, config_file, isolated).packs]
    if not named:
        raise AimsLintError("no rule pack to test: name one (aims-lint test PACK) or list packs in the configuration")
    text, code = run_tests(named, verbose=verbose)
    _write(text, None)
    if code:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--system", default="my-model", show_default=True, metavar="NAME",
              help="Name of the first AI system or model, used in paths and cross-references.")
def init(path: str, force: bool, system: str) -> None:
    """Write templates of every evidence artifact into PATH (default: the current directory).

    Model card, dataset record, risk register, impact assessment, Statement of Applicability with every Annex A
    control, AI inventory, AI policy and concerns channel. Existing files are kept unless --force is given.
    """
    from aims_lint.templates import write_templates

    for rel, action in write_templates(Path(path), system=system, force=force):
        note = " (exists; use --force to overwrite)" if action == "kept" else ""
        click.echo(f"{action:<11} {rel}{note}")
    click.echo("Fill in the blanks, then run 'aims-lint check': each finding says what is still missing.")


def options_end_before(command: click.Command, args: Sequence[str]) -> bool:
    """Whether a '--' in args (a command's arguments) ends its options, so that every word after it is a path.

    The first '--' does, unless the word before it is an option waiting for its value, which would take the '--'
    as that value (`-o --`, or a cluster of short options ending in one such as `-ho --`).
    """
    if "--" not in args:
        return False
    before = args[: list(args).index("--")]
    if not before or not before[-1].startswith("-"):
        return True
    valued = {name for param in command.params if isinstance(param, click.Option) and not param.is_flag
              for name in param.opts}
    last = before[-1]
    if last.startswith("--"):
        return last not in valued
    for position, letter in enumerate(last[1:], start=2):
        if f"-{letter}" in valued:
            return position < len(last)  # the rest of the word is the option's value; at the end, the next word
    return True


def _refuse_file_names_as_options(args: Sequence[str]) -> None:
    """Under pre-commit, a command that takes paths runs only when a '--' ends its options (fail-closed).

    pre-commit sets PRE_COMMIT=1 for its hooks and appends the staged file names after the hook's args with no
    separator of its own: a committed file named '-o/some/path' or '--fail-on=never' would be read as an option.
    """
    if os.environ.get("PRE_COMMIT") != "1":
        return
    # The group's own options are flags (--version, --help), so the first other word names the command.
    position = next((i for i, word in enumerate(args) if not word.startswith("-")), None)
    command = None if position is None else cli.commands.get(args[position])
    if command is None or position is None or not any(param.name == "paths" for param in command.params):
        return
    if not options_end_before(command, args[position + 1:]):
        raise AimsLintError("under pre-commit the hook's args must end with '--' so that file names are never read "
                            "as options (for example args: [--fail-on, warning, --])")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: every error becomes one line on stderr and exit code 2, never a traceback."""
    try:
        _refuse_file_names_as_options(sys.argv[1:] if argv is None else argv)
        cli.main(args=list(argv) if argv is not None else None, prog_name="aims-lint", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aims-lint: aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # bare 'aims-lint': the help is the useful answer
            sys.exit(EXIT_USAGE)
        # One line like every other error, instead of click's usage block.
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        click.echo(f"aims-lint: error: {one_line(exc.format_message() + hint)}", err=True)
        sys.exit(EXIT_USAGE)
    except AimsLintError as exc:
        click.echo(f"aims-lint: error: {one_line(str(exc))}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("aims-lint: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_FINDINGS)
    except ImportError as exc:  # a dependency missing, or a broken install
        name = f"the package {exc.name!r}" if exc.name else "a module"
        click.echo(f"aims-lint: error: {name} cannot be imported ({one_line(str(exc))}); install aims-lint again "
                   "with its dependencies", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        if os.environ.get("AIMS_LINT_DEBUG"):
            raise
        click.echo(
            f"aims-lint: internal error: {type(exc).__name__}: {one_line(str(exc))} (set AIMS_LINT_DEBUG=1 for a "
            "traceback)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_CLEAN)


def entry() -> None:
    """The console script and `python -m aims_lint`: main(), then a normal exit (atexit handlers and logging run).

    Standard output and error are flushed first, so that a reader that stopped early (a closed pipe) gives
    exit code 1 quietly instead of Python's 'Exception ignored' message at shutdown.
    """
    try:
        main()
    except SystemExit as exc:
        sys.exit(_flushed(exc.code))
    sys.exit(_flushed(EXIT_CLEAN))


def _flushed(code: int | str | None) -> int | str | None:
    """code, once the standard streams are flushed; EXIT_FINDINGS instead of success when one could not be."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what could be written was
            with contextlib.suppress(OSError, ValueError):  # nothing more reaches it, nor fails at shutdown
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            code = code or EXIT_FINDINGS
    return code
