"""Reports within their consumers' limits: a SARIF run within GitHub code scanning's (results, compressed size,
tags, locations), the most severe results kept in a deterministic order and the rest counted in the run; the one
line told on standard error with the fix; compact SARIF unless --pretty; the GitHub annotation cap and GitLab's
artifact size; the Action's job summary."""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, CliResult, make_git_repo
from test_sarif import multitool, multitool_accepts

from aims_lint.action_support import lint_command, run_action
from aims_lint.compare import Comparison
from aims_lint.model import Finding, Location, Report, Severity, fingerprint
from aims_lint.packs import load_rules
from aims_lint.report import FormatContext, limits
from aims_lint.report.github import format_github
from aims_lint.report.gitlab import format_gitlab
from aims_lint.report.sarif import format_sarif

RULES = load_rules()
BY_SEVERITY = {sev: [r for r in RULES if r.severity == sev] for sev in Severity}
TODAY = "2026-06-30"
CTX = FormatContext(version="0")


def _findings(counts: dict[Severity, int], message: Any = None, seed: int = 7) -> list[Finding]:
    """counts findings of each severity, of real rules, over many files and lines; message(n) words each one."""
    made = []
    for sev, count in counts.items():
        rules = BY_SEVERITY[sev]
        for n in range(count):
            rule = rules[n % len(rules)]
            path = f"models/m{n % 997:03d}/README.md"
            made.append(Finding(rule.id, sev, message(n) if message else f"finding {n} of {rule.id}",
                                Location(path, 1 + n // 997, 1), (), fingerprint(rule.id, path, str(n))))
    random.Random(seed).shuffle(made)  # the order a report holds them in must not matter
    return made


def _report(findings: list[Finding], **extra: Any) -> Report:
    return Report(root=".", artifacts=(), rules=RULES, findings=tuple(sorted(findings, key=Finding.sort_key)),
                  files_scanned=1, **extra)


def _run(text: str) -> dict[str, Any]:
    runs = json.loads(text)["runs"]
    assert len(runs) == 1 <= limits.GITHUB_RUNS
    return runs[0]  # type: ignore[no-any-return]


def _rank(finding: Finding) -> tuple[int, tuple[str, int, int, str, str], str]:
    return (-finding.severity, finding.sort_key(), finding.fingerprint)


# --- the results kept -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def over_the_count() -> tuple[list[Finding], str, str]:
    """31,000 findings (6,000 errors, 15,000 warnings, 10,000 notes), kept within GitHub's limits, and the same
    findings in another order kept again."""
    findings = _findings({Severity.ERROR: 6_000, Severity.WARNING: 15_000, Severity.NOTE: 10_000})
    text, warning = limits.sarif_within(_report(findings), CTX, "github", format_sarif)
    again, _ = limits.sarif_within(_report(list(reversed(findings))), CTX, "github", format_sarif)
    assert again == text  # deterministic: the same bytes whatever order the findings came in
    return findings, text, warning


def test_a_run_over_25000_results_keeps_the_most_severe(over_the_count: tuple[list[Finding], str, str]) -> None:
    findings, text, _ = over_the_count
    run = _run(text)
    assert len(run["results"]) == limits.GITHUB_RESULTS
    expected = sorted(findings, key=_rank)[: limits.GITHUB_RESULTS]
    assert {r["partialFingerprints"]["aimsLintFingerprint/v1"] for r in run["results"]} == \
        {f.fingerprint for f in expected}
    levels = [r["level"] for r in run["results"]]
    assert levels.count("error") == 6_000 and levels.count("warning") == 15_000 and levels.count("note") == 4_000
    # The results kept are written in the report's own order (path, line, column, rule, message).
    kept = {f.fingerprint: f for f in expected}
    order = [kept[r["partialFingerprints"]["aimsLintFingerprint/v1"]].sort_key() for r in run["results"]]
    assert order == sorted(order)


def test_the_run_records_what_was_left_out(over_the_count: tuple[list[Finding], str, str]) -> None:
    _, text, warning = over_the_count
    assert _run(text)["properties"]["sarifLimit"] == {
        "limit": "github", "results": 31_000, "kept": 25_000, "omitted": 6_000,
        "omittedBySeverity": {"error": 0, "warning": 0, "note": 6_000}, "reason": "results per run",
    }
    assert warning.startswith("the SARIF report keeps the 25,000 most severe of 31,000 results (GitHub code "
                              "scanning accepts 25,000 results in a run): 6,000 left out (6,000 notes)")
    assert "--diff-base" in warning and "--baseline" in warning and "select" in warning


def test_the_kept_run_stays_within_every_other_limit(over_the_count: tuple[list[Finding], str, str]) -> None:
    _, text, _ = over_the_count
    run = _run(text)
    assert limits.gzip_size(text) <= limits.GITHUB_GZIP_BUDGET
    assert len(run["tool"]["driver"]["rules"]) <= limits.GITHUB_RULES
    assert max(len(r["properties"]["tags"]) for r in run["tool"]["driver"]["rules"]) <= limits.GITHUB_TAGS
    assert max(len(r["locations"]) for r in run["results"]) <= limits.GITHUB_LOCATIONS
    assert "\n" not in text[:-1] and text.endswith("\n")  # compact


def test_a_run_over_10_mb_compressed_keeps_what_fits() -> None:
    # Messages of random letters barely compress: 20,000 of them are over the 10 MB GitHub accepts.
    noise = random.Random(3)
    messages = ["".join(noise.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=900)) for _ in range(20_000)]
    findings = _findings({Severity.ERROR: 4_000, Severity.WARNING: 16_000}, message=messages.__getitem__)
    report = _report(findings)
    assert limits.gzip_size(format_sarif(report, CTX)) > limits.GITHUB_GZIP_BYTES
    text, warning = limits.sarif_within(report, CTX, "github", format_sarif)
    size = limits.gzip_size(text)
    assert 0.9 * limits.GITHUB_GZIP_BUDGET < size <= limits.GITHUB_GZIP_BUDGET  # within it, and close to full
    recorded = _run(text)["properties"]["sarifLimit"]
    assert recorded["reason"] == "compressed size" and recorded["omittedBySeverity"]["error"] == 0
    assert recorded["kept"] == len(_run(text)["results"]) < 20_000
    assert "(GitHub code scanning accepts 10 MB gzip-compressed)" in warning
    assert limits.sarif_within(_report(list(reversed(findings))), CTX, "github", format_sarif)[0] == text


def test_at_one_severity_the_findings_that_count_are_kept_before_those_set_apart(
        monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _findings({Severity.WARNING: 3, Severity.NOTE: 2})
    fixed = _findings({Severity.WARNING: 3}, message=lambda n: f"fixed {n}", seed=1)
    report = _report(counting)
    comparison = Comparison("main", {f.fingerprint: "new" for f in counting}, tuple(fixed))

    def encode(kept: limits.Limited) -> str:
        return format_sarif(kept.report, FormatContext("0", comparison=kept.comparison, omitted=kept.omitted))

    limited, text = limits.fit_github(report, comparison, encode)
    assert limited.omitted is None and len(_run(text)["results"]) == 8  # within the limits, all of them
    monkeypatch.setattr(limits, "GITHUB_RESULTS", 5)
    limited, text = limits.fit_github(report, comparison, encode)
    kept = sorted((r["level"], r["baselineState"]) for r in _run(text)["results"])
    # The most severe first (warnings before notes), and at one severity the new findings before the fixed.
    assert kept == [("warning", "absent"), ("warning", "absent"), ("warning", "new"), ("warning", "new"),
                    ("warning", "new")]
    assert limited.omitted is not None and dict(limited.omitted.by_severity) == {"error": 0, "warning": 1, "note": 2}


# --- the command line --------------------------------------------------------------------------------------------


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "examples", root)
    return make_git_repo(root, {})


def test_sarif_is_compact_unless_pretty(examples: Path, run_cli: Any) -> None:
    compact: CliResult = run_cli("check", "--today", TODAY, "-f", "sarif", cwd=examples)
    pretty: CliResult = run_cli("check", "--today", TODAY, "-f", "sarif", "--pretty", cwd=examples)
    assert compact.stdout.count("\n") == 1 and pretty.stdout.count("\n") > 1000
    assert pretty.stdout.startswith('{\n  "$schema"')
    assert json.loads(compact.stdout) == json.loads(pretty.stdout)
    assert len(compact.stdout) < 0.7 * len(pretty.stdout)
    assert compact.stderr == pretty.stderr == ""


def test_a_report_over_githubs_limits_is_told_in_one_line(examples: Path, run_cli: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "GITHUB_RESULTS", 20)  # the examples hold 45 findings
    result: CliResult = run_cli("check", "--today", TODAY, "-f", "sarif:out.sarif", "-f", "json:out.json",
                                cwd=examples)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(
        "aims-lint: warning: the SARIF report holds 45 results, over the 20 GitHub code scanning accepts in a run: "
        "its upload would be rejected; report only what a change adds (--diff-base REF")
    assert result.stderr.rstrip().endswith("keep the most severe results within the limits with --sarif-limit github")
    assert len(_run((examples / "out.sarif").read_text(encoding="utf-8"))["results"]) == 45  # none: all of them


def test_sarif_limit_github_keeps_the_errors(examples: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "GITHUB_RESULTS", 20)
    result: CliResult = run_cli("check", "--today", TODAY, "-f", "sarif:out.sarif", "-f", "json:out.json",
                                "--sarif-limit", "github", cwd=examples)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "keeps the 20 most severe of 45 results" in result.stderr and "25 left out (11 errors, 6 warnings, " \
        "8 notes)" in result.stderr
    run = _run((examples / "out.sarif").read_text(encoding="utf-8"))
    assert [r["level"] for r in run["results"]] == ["error"] * 20
    assert run["properties"]["sarifLimit"]["omitted"] == 25
    assert len(json.loads((examples / "out.json").read_text(encoding="utf-8"))["findings"]) == 45  # JSON: all


def test_a_limited_run_passes_the_multitool_with_githubs_rules(examples: Path, run_cli: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    multitool()  # skips (fails in CI) before the run when the validator is missing
    monkeypatch.setattr(limits, "GITHUB_RESULTS", 20)
    sarif = tmp_path / "limited.sarif"
    run_cli("check", "--today", TODAY, "-f", f"sarif:{sarif}", "--sarif-limit", "github", cwd=examples)
    assert _run(sarif.read_text(encoding="utf-8"))["properties"]["sarifLimit"]["kept"] == 20
    multitool_accepts(sarif, tmp_path)


def test_a_gitlab_report_over_the_artifact_size_is_told(examples: Path, run_cli: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result: CliResult = run_cli("check", "--today", TODAY, "-f", "gitlab:gl.json", cwd=examples)
    assert result.stderr == ""
    monkeypatch.setattr(limits, "GITLAB_ARTIFACT_BYTES", 4096)
    result = run_cli("check", "--today", TODAY, "-f", "gitlab:gl.json", cwd=examples)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(
        "aims-lint: warning: the GitLab Code Quality report is 0 MB, over the 100 MB GitLab accepts")
    assert "--diff-base" in result.stderr and len(json.loads((examples / "gl.json").read_text())) == 45


def test_gitlab_limit_gitlab_keeps_the_most_severe_findings_that_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    findings = _findings({Severity.ERROR: 40, Severity.WARNING: 60, Severity.NOTE: 100})
    report = _report(findings)
    whole = format_gitlab(report, CTX)
    monkeypatch.setattr(limits, "GITLAB_ARTIFACT_BYTES", len(whole.encode("utf-8")) // 3)
    text, warning = limits.gitlab_within(report, "gitlab", lambda kept: format_gitlab(kept, CTX))
    issues = json.loads(text)
    assert 0 < len(issues) < len(findings) and len(text.encode("utf-8")) <= limits.GITLAB_ARTIFACT_BYTES
    ranked = sorted(findings, key=_rank)
    assert {i["fingerprint"] for i in issues} == {f.fingerprint for f in ranked[:len(issues)]}
    assert [i["severity"] for i in issues].count("major") == 40  # every error fits in a third
    kept = [f for f in report.findings if f.fingerprint in {i["fingerprint"] for i in issues}]
    assert [i["fingerprint"] for i in issues] == [f.fingerprint for f in kept]  # in the report's order
    assert warning.startswith(f"the GitLab Code Quality report keeps the {len(issues)} most severe of 200 findings")
    again, _ = limits.gitlab_within(_report(list(reversed(findings))), "gitlab",
                                    lambda kept: format_gitlab(kept, CTX))
    assert again == text
    untouched, told = limits.gitlab_within(report, "none", lambda kept: format_gitlab(kept, CTX))
    assert untouched == whole and "--gitlab-limit gitlab" in told


def test_a_gitlab_report_within_the_size_is_kept_whole_with_the_limit(examples: Path, run_cli: Any) -> None:
    plain: CliResult = run_cli("check", "--today", TODAY, "-f", "gitlab:a.json", cwd=examples)
    limited: CliResult = run_cli("check", "--today", TODAY, "-f", "gitlab:b.json", "--gitlab-limit", "gitlab",
                                 cwd=examples)
    assert plain.stderr == limited.stderr == ""
    assert (examples / "a.json").read_bytes() == (examples / "b.json").read_bytes()


def test_the_cli_keeps_a_gitlab_report_within_the_size(examples: Path, run_cli: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "GITLAB_ARTIFACT_BYTES", 4096)
    result: CliResult = run_cli("check", "--today", TODAY, "-f", "gitlab:gl.json", "-f", "json:all.json",
                                "--gitlab-limit", "gitlab", cwd=examples)
    kept = json.loads((examples / "gl.json").read_text(encoding="utf-8"))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert f"keeps the {len(kept)} most severe of 45 findings" in result.stderr
    assert 0 < len(kept) < 45 and len((examples / "gl.json").read_bytes()) <= 4096
    assert len(json.loads((examples / "all.json").read_text(encoding="utf-8"))["findings"]) == 45


# --- annotations and the Action ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("errors", "warnings", "notes", "hidden"), [
    (10, 10, 10, {}),
    (11, 3, 0, {"error": 1}),
    (12, 15, 9, {"error": 2, "warning": 5}),
    (0, 11, 10, {"warning": 1, "notice": 1}),  # the notice saying so takes one of the notices' places
    (0, 0, 11, {"notice": 2}),
])
def test_annotations_github_does_not_show(errors: int, warnings: int, notes: int, hidden: dict[str, int]) -> None:
    assert limits.annotations_hidden(errors, warnings, notes) == hidden
    findings = _findings({Severity.ERROR: errors, Severity.WARNING: warnings, Severity.NOTE: notes})
    lines = format_github(_report(findings), CTX).splitlines()
    assert len(lines) == len(findings) + 1 + bool(hidden)
    if hidden:
        assert lines[0].startswith("::notice title=aims-lint::GitHub shows 10 annotations of each level for a step: "
                                   f"{limits.hidden_words(hidden)} of {len(findings)} findings are not annotated.")
    else:
        assert not lines[0].startswith("::notice title=aims-lint::")


def test_the_action_limits_the_upload_and_says_so_in_the_summary(examples: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    args, _ = lint_command({"AIMS_LINT_ARGS": "--sarif-limit none"}, tmp_path)
    assert args.index("github") < args.index("none") < args.index("--")  # the default, which args may override
    monkeypatch.setattr(limits, "GITHUB_RESULTS", 20)
    monkeypatch.chdir(examples)
    summary = tmp_path / "summary.md"
    env = {"AIMS_LINT_PATHS": ".", "AIMS_LINT_FAIL_ON": "never", "AIMS_LINT_ARGS": f"--today {TODAY}",
           "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path / "temp"),
           "AIMS_LINT_SARIF_FILE": str(tmp_path / "up.sarif")}
    log = io.StringIO()
    assert run_action(env, log) == 0
    text = summary.read_text(encoding="utf-8")
    assert "\nGitHub shows 10 annotations of each level for a step: 21 errors are not annotated." in text
    assert "\nThe SARIF report keeps the 20 most severe of 45 results within GitHub code scanning's limits: 25 left " \
        "out." in text
    assert len(_run((tmp_path / "up.sarif").read_text(encoding="utf-8"))["results"]) == 20
    assert "::notice title=aims-lint::GitHub shows 10 annotations" in log.getvalue()


def test_the_action_summary_says_nothing_of_limits_when_all_is_shown(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/a/README.md": "---\nlicense: mit\n---\n# A\n"})
    monkeypatch.chdir(root)
    summary = tmp_path / "summary.md"
    env = {"AIMS_LINT_PATHS": ".", "AIMS_LINT_FAIL_ON": "never", "GITHUB_STEP_SUMMARY": str(summary),
           "RUNNER_TEMP": str(tmp_path / "temp")}
    assert run_action(env, io.StringIO()) == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## aims-lint: ") and "GitHub shows" not in text and "The SARIF report keeps" not in text


def test_a_streamed_sarif_report_is_measured_as_the_whole_text_would_be() -> None:
    # Without a limit the SARIF report is written as a stream and compressed on the way: the warning told once it
    # is written is the one the whole text's measurement gives, and the pieces are the text itself.
    from aims_lint.report.sarif import sarif_chunks

    noise = random.Random(5)
    messages = ["".join(noise.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=900)) for _ in range(16_000)]
    report = _report(_findings({Severity.ERROR: 16_000}, message=messages.__getitem__))
    whole = format_sarif(report, CTX)
    measured = limits.Measured(sarif_chunks(report, CTX))
    assert "".join(measured) == whole
    assert measured.size == limits.gzip_size(whole) > limits.GITHUB_GZIP_BYTES
    told = measured.warning()
    assert told == limits.sarif_warning(limits.sarif_excess(report, None, whole))
    assert told.startswith(f"the SARIF report holds {limits.gzip_size(whole) / 1e6:.1f} MB gzip-compressed")
    small = limits.Measured(sarif_chunks(_report(_findings({Severity.ERROR: 3})), CTX))
    assert "".join(small) and small.warning() == ""
