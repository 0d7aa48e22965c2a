"""The GitHub Action's lint step: one aims-lint run, then the log, annotations, job summary, outputs and verdict.

    python -m aims_lint.action_support

Inputs come from the environment (action.yml passes them): AIMS_LINT_PATHS, AIMS_LINT_FAIL_ON, AIMS_LINT_ARGS,
AIMS_LINT_SARIF_FILE, AIMS_LINT_ANNOTATIONS, AIMS_LINT_SUMMARY, AIMS_LINT_UPLOAD_SARIF, AIMS_LINT_DIFF_BASE. GitHub's
files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY receive the outputs and the summary. Exit status: 0, 1 (findings at or
above fail-on; on a pull request, new findings only) or 2.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from aims_lint import __version__
from aims_lint.cli import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, FAIL_ON, check, options_end_before
from aims_lint.cli import main as cli_main
from aims_lint.report import limits
from aims_lint.report.github import escape_data


class InputError(Exception):
    """An action input that cannot be used."""


def _flag(env: Mapping[str, str], name: str, default: str) -> bool:
    value = env.get(name, default).strip().lower() or default
    if value not in ("true", "false"):
        raise InputError(f"{name} must be 'true' or 'false', not {value!r}")
    return value == "true"


def _words(env: Mapping[str, str], name: str) -> list[str]:
    try:
        return shlex.split(env.get(name, ""))
    except ValueError as exc:
        raise InputError(f"{name}: {exc}") from None


def lint_command(env: Mapping[str, str], work: Path) -> tuple[list[str], str]:
    """The `aims-lint` arguments for one run writing every report the action needs, and the SARIF path.

    The action's options, then those of the `args` input, then '--', then the `paths` input: a path (which may
    come from a pull request, such as a list of changed files) is never read as an option.
    """
    paths = _words(env, "AIMS_LINT_PATHS") or ["."]
    sarif = env.get("AIMS_LINT_SARIF_FILE", "").strip() or str(work / "aims-lint.sarif")
    fail_on = fail_on_input(env)
    # Without the input, the configuration's fail-on decides (else error), as on the command line; a --fail-on in
    # args comes after it and wins.
    options = [*(["--fail-on", fail_on] if fail_on else []), *_diff_base(env)]
    for name in ("text", "json", "github", "markdown"):
        options += ["--format", f"{name}:{work / f'report.{name}'}"]
    # Code scanning rejects a run over its limits: the upload keeps the most severe results (args may say none).
    options += ["--format", f"sarif:{sarif}", "--sarif-limit", "github", *_words(env, "AIMS_LINT_ARGS")]
    if "--" not in options:
        options.append("--")
    if not options_end_before(check, options):
        raise InputError(f"args ends with an option that needs a value: {options[options.index('--') - 1]!r}")
    return ["check", *options, *paths], sarif


def _diff_base(env: Mapping[str, str]) -> list[str]:
    """The diff-base input as options: none given, the command line's default (a pull request's base branch)."""
    value = env.get("AIMS_LINT_DIFF_BASE", "").strip()
    if not value:
        return []
    return ["--whole"] if value == "none" else ["--diff-base", value]


def _run(args: Sequence[str]) -> int:
    try:
        cli_main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (EXIT_CLEAN if exc.code is None else EXIT_USAGE)
    return EXIT_CLEAN  # pragma: no cover - main always exits


def _set_outputs(path: str | None, values: Mapping[str, str]) -> None:
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for key, value in values.items():
            delimiter = f"aims_lint_{secrets.token_hex(8)}"
            handle.write(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")


def _print_untouched(text: str, out: TextIO) -> None:
    """Print the report so that nothing in it (a file name, a card's text) is read as a workflow command."""
    token = secrets.token_hex(16)
    out.write(f"::stop-commands::{token}\n{text}::{token}::\n")


def fail_on_input(env: Mapping[str, str]) -> str:
    """The fail-on input, or '' when it is not given."""
    fail_on = env.get("AIMS_LINT_FAIL_ON", "").strip().lower()
    if fail_on and fail_on not in FAIL_ON:
        raise InputError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    return fail_on


def run_action(env: Mapping[str, str], out: TextIO = sys.stdout) -> int:
    fail_on_input(env)
    annotate = _flag(env, "AIMS_LINT_ANNOTATIONS", "true")
    summarise = _flag(env, "AIMS_LINT_SUMMARY", "true")
    _flag(env, "AIMS_LINT_UPLOAD_SARIF", "false")  # used by the upload step; refused here when it is no boolean
    work = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / f"aims-lint-{secrets.token_hex(4)}"
    work.mkdir(parents=True, exist_ok=True)
    args, sarif = lint_command(env, work)
    _print_untouched(f"aims-lint {shlex.join(args)}\n", out)
    out.flush()
    code = _run(args)
    if code == EXIT_USAGE:
        _set_outputs(env.get("GITHUB_OUTPUT"), {"exit-code": str(code), "version": __version__})
        return code
    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    _print_untouched((work / "report.text").read_text(encoding="utf-8"), out)
    if annotate:
        # GitHub shows about ten annotations per level on the pull request; the log above has them all.
        out.write((work / "report.github").read_text(encoding="utf-8"))
    if summarise and env.get("GITHUB_STEP_SUMMARY"):
        with open(env["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write((work / "report.markdown").read_text(encoding="utf-8"))
            handle.write(_limits_summary(report, Path(sarif), annotate))
    # The command's own verdict: fail-on as args, the input, the configuration or the default says; of a change,
    # only its new findings count.
    code = EXIT_FINDINGS if code == EXIT_FINDINGS else EXIT_CLEAN
    _set_outputs(env.get("GITHUB_OUTPUT"), _outputs(report, sarif, work, code))
    out.flush()
    return code


def _limits_summary(report: Mapping[str, object], sarif: Path, annotate: bool) -> str:
    """What of the findings the pull request's annotations and the code scanning upload do not show, for the job
    summary ('' when they show everything)."""
    summary = report["summary"]
    assert isinstance(summary, dict)
    notes = []
    hidden = limits.annotations_hidden(summary["errors"], summary["warnings"], summary["notes"]) if annotate else {}
    if hidden:
        notes.append(f"GitHub shows {limits.ANNOTATIONS_PER_LEVEL} annotations of each level for a step: "
                     f"{limits.hidden_words(hidden)} are not annotated. Every finding is in the step's log and in the "
                     "SARIF report (the findings table above lists the first 50).")
    omitted = _sarif_omitted(sarif)
    if omitted:
        notes.append(f"The SARIF report keeps the {omitted['kept']:,} most severe of {omitted['results']:,} results "
                     f"within GitHub code scanning's limits: {omitted['omitted']:,} left out. Every finding is in the "
                     f"step's log and in the JSON report. To report fewer, {limits.FIX}.")
    return "".join(f"\n{note}\n" for note in notes)


def _sarif_omitted(sarif: Path) -> dict[str, int]:
    """What --sarif-limit left out of the SARIF report, as its run records it ({} when nothing was, or when the
    report is too large to read here: one over the limits was told in the log)."""
    try:
        if sarif.stat().st_size > 64 * 1024 * 1024:
            return {}
        runs = json.loads(sarif.read_text(encoding="utf-8")).get("runs") or [{}]
    except (OSError, ValueError, AttributeError):
        return {}
    recorded = (runs[0].get("properties") or {}).get("sarifLimit") if isinstance(runs[0], dict) else None
    return recorded if isinstance(recorded, dict) else {}


def _outputs(report: Mapping[str, object], sarif: str, work: Path, code: int) -> dict[str, str]:
    summary = report["summary"]
    assert isinstance(summary, dict)
    comparison = report.get("comparison")
    counts = {key: str(comparison[key]) if isinstance(comparison, dict) else ""
              for key in ("new", "unchanged", "fixed")}
    return {
        "findings": str(summary["findings"]),
        "errors": str(summary["errors"]),
        "warnings": str(summary["warnings"]),
        "notes": str(summary["notes"]),
        **counts,
        "sarif-file": sarif,
        "report-file": str(work / "report.json"),
        "exit-code": str(code),
        "version": __version__,
    }


def main() -> None:
    try:
        code = run_action(os.environ)
    except InputError as exc:
        print(f"::error title=aims-lint::{escape_data(str(exc))}", flush=True)
        code = EXIT_USAGE
    sys.exit(code)


if __name__ == "__main__":
    main()
