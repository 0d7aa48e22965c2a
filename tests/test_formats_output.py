"""The CI formats (github, markdown, junit, gitlab), read back by their consumers' rules, and several reports from
one run with --format FORMAT[:PATH]."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import shutil
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, CliResult, write_tree

from aims_lint import __version__
from aims_lint.model import Finding, Location, Report, Severity
from aims_lint.packs import load_rules
from aims_lint.report import FORMAT_NAMES, FormatContext, formatters
from aims_lint.report.escape import visible
from aims_lint.report.limits import annotations_hidden
from aims_lint.report.markdown import MAX_ROWS

# A card whose licence value carries what each format must escape: newlines, workflow-command markers,
# percent signs, table pipes, HTML; in a folder whose name carries property separators.
TRICKY_DIR = "models/v1,final:x%"
TRICKY_CARD = (
    "---\nlicense: \"bad|<b>licence</b> 100% \\n::error::injected\"\nbase_model: x\n---\n\n# Model card\n"
)


def _missing(reason: str) -> None:
    # CI installs the test extras, so there a missing consumer is a broken setup rather than a reason to skip.
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _needed(module: str, reason: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        _missing(f"{reason} (pip install -e '.[test]')")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "examples", root)
    write_tree(root, {f"{TRICKY_DIR}/README.md": TRICKY_CARD})
    return root


def _reports(repo: Path, run_cli: Any) -> tuple[CliResult, dict[str, str], dict[str, Any]]:
    """One run writing every format: text to standard output, each other one to its own file."""
    out = repo.parent / "out"
    args = ["check", "."] + [f"--format={name}:{out}/{name}.out" for name in FORMAT_NAMES if name != "text"]
    result: CliResult = run_cli(*args, "--format", "text", cwd=repo)
    files = {name: (out / f"{name}.out").read_text(encoding="utf-8") for name in FORMAT_NAMES if name != "text"}
    return result, files, json.loads(files["json"])


def test_one_run_writes_each_format_where_asked(repo: Path, run_cli: Any) -> None:
    result, files, report = _reports(repo, run_cli)
    assert result.exit_code == 1 and report["summary"]["errors"] > 0
    assert result.stdout == run_cli("check", ".", cwd=repo).stdout
    for name, text in files.items():
        alone = run_cli("check", ".", "--format", name, cwd=repo)
        assert alone.exit_code == 1
        assert alone.stdout == text, name


def test_format_with_output_file_works_as_before(repo: Path, run_cli: Any) -> None:
    target = repo.parent / "report.sarif"
    result = run_cli("check", ".", "--format", "sarif", "--output", str(target), cwd=repo)
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    # --output takes the one format given without a PATH; the others keep their own.
    both = run_cli("check", ".", "-f", "json", "-o", str(repo.parent / "r.json"), "-f", "text:-", cwd=repo)
    assert both.stdout.splitlines()[-1].startswith("Found ")
    assert json.loads((repo.parent / "r.json").read_text(encoding="utf-8"))["version"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["-f", "text", "-f", "json"],
        ["-f", "json:same.out", "-f", "sarif:same.out"],
        ["-f", "json", "-f", "sarif", "-o", "x.out"],
        ["-f", "xml"],
        ["-f", "json:"],
    ],
)
def test_conflicting_or_unknown_formats_are_usage_errors(repo: Path, run_cli: Any, args: list[str]) -> None:
    result = run_cli("check", ".", *args, cwd=repo)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("aims-lint: error:")


@pytest.mark.parametrize(("env", "expected"), [("true", "github"), ("false", "text"), (None, "text")])
def test_auto_picks_github_on_github_actions(repo: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch,
                                             env: str | None, expected: str) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    plain = run_cli("check", ".", "--format", expected, cwd=repo).stdout
    if env is not None:
        monkeypatch.setenv("GITHUB_ACTIONS", env)
    assert run_cli("check", ".", "--format", "auto", cwd=repo).stdout == plain


# --- github: workflow commands, unescaped as the Actions runner does ---------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_match_the_findings(repo: Path, run_cli: Any) -> None:
    _, files, report = _reports(repo, run_cli)
    lines = files["github"].splitlines()
    findings = report["findings"]
    # More than GitHub shows of a level: the first line is the notice that says how many are not annotated.
    counts = report["summary"]
    hidden = annotations_hidden(counts["errors"], counts["warnings"], counts["notes"])
    assert lines[0].startswith("::notice title=aims-lint::GitHub shows 10 annotations") == bool(hidden)
    lines = lines[1:] if hidden else lines
    assert len(lines) == len(findings) + 1  # nothing a value holds can start a line of its own
    assert not _COMMAND.match(lines[-1]) and lines[-1].startswith("aims-lint: ")
    levels = {"error": "error", "warning": "warning", "note": "notice"}
    for line, finding in zip(lines, findings, strict=False):
        match = _COMMAND.match(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match.group(2).split(","))
        assert {k: _unescape_property(v) for k, v in properties.items()} == {
            "file": finding["path"], "line": str(finding["line"]), "col": str(finding["column"]),
            "title": f"{finding['rule']} {finding['name']}",
        }
        assert match.group(1) == levels[finding["severity"]]
        message = _unescape_data(match.group(3))
        assert message.startswith(f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['rule']} ")
        assert visible(finding["message"]) in message  # shown as written, its newline as \n
    tricky = [f for f in findings if f["path"].startswith(TRICKY_DIR) and "\n" in f["message"]]
    assert tricky, "the tricky licence should reach a message with its newline"


# --- markdown: read back with a CommonMark parser with GitHub's extensions (tables, autolinks) ----------------------


def _markdown() -> Any:
    markdown_it = _needed("markdown_it", "markdown-it-py is needed to parse the summary")
    _needed("linkify_it", "linkify-it-py is needed to find the links GitHub would make of bare URLs")
    return markdown_it.MarkdownIt("gfm-like")  # GFM's tables, strikethrough and autolinks, HTML allowed


def _tables(text: str) -> list[list[list[str]]]:
    """Each table's rows, each cell as the text a reader sees (escapes and code spans resolved)."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in _markdown().parse(text):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append("".join(child.content for child in token.children or ()))
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


def test_markdown_tables_count_what_the_report_holds(repo: Path, run_cli: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Every finding listed, the tricky card's among them, whatever sorts before it.
    monkeypatch.setattr("aims_lint.report.markdown.MAX_ROWS", 1000)
    _, files, report = _reports(repo, run_cli)
    by_ref, by_file, listing = _tables(files["markdown"])
    assert all(len(r) == 6 for r in by_ref) and all(len(r) == 5 for r in by_file)
    assert all(len(r) == 4 for r in listing)  # pipes in messages did not split cells
    expected_refs: Counter[tuple[str, str]] = Counter()
    for f in report["findings"]:
        for iso_id in f["controls"] or f["clauses"]:
            expected_refs[(iso_id, f["severity"])] += 1
    for ref, _title, errors, warnings, notes, _rules in by_ref[1:]:
        assert (int(errors), int(warnings), int(notes)) == tuple(
            expected_refs[(ref, sev)] for sev in ("error", "warning", "note")), ref
    assert {r[0] for r in by_ref[1:]} == {ref for ref, _ in expected_refs}
    files_seen = {r[0]: tuple(map(int, r[1:4])) for r in by_file[1:]}
    expected_files: dict[str, list[int]] = {}
    for f in report["findings"]:
        counts = expected_files.setdefault(f["path"], [0, 0, 0])
        counts[("error", "warning", "note").index(f["severity"])] += 1
    assert files_seen == {path: tuple(c) for path, c in expected_files.items()}
    html = _markdown().render(files["markdown"])
    assert "<b>" not in html and "&lt;b&gt;licence&lt;/b&gt;" in html  # shown, never rendered


def test_markdown_without_findings_and_with_too_many(tmp_path: Path) -> None:
    rules = load_rules()
    ctx = FormatContext(version=__version__)
    empty = Report(root=str(tmp_path), artifacts=(), rules=rules, findings=(), files_scanned=3)
    assert formatters()["markdown"](empty, ctx).startswith("## aims-lint: no findings")
    many = tuple(
        Finding("MC101", Severity.ERROR, "model card does not state the intended use", Location(f"m{i}/README.md"),
                ("A.6.2.7",), f"{i:032x}")
        for i in range(MAX_ROWS * 3)
    )
    text = formatters()["markdown"](Report(str(tmp_path), (), rules, many, 150), ctx)
    assert len(text) < 65536  # fits a pull-request comment
    _, by_file, listing = _tables(text)
    assert len(by_file) == MAX_ROWS + 2 and f"{MAX_ROWS * 2} more files" in by_file[-1][0]
    assert len(listing) == MAX_ROWS + 2 and f"{MAX_ROWS * 2} more findings" in listing[-1][0]


# --- junit: read back with junitparser ---------------------------------------------------------------------------


def test_junit_has_a_case_per_rule_and_artifact(repo: Path, run_cli: Any) -> None:
    junitparser = _needed("junitparser", "junitparser is needed to read the JUnit XML")
    _, _, report = _reports(repo, run_cli)
    path = repo.parent / "out" / "junit.out"
    xml = junitparser.JUnitXml.fromfile(str(path))
    rules = {r.id: r for r in load_rules()}
    failed: dict[tuple[str, str], int] = {}
    cases = 0
    for suite in xml:
        rule_id = suite.name.split()[0]
        assert rule_id in rules
        for case in suite:
            cases += 1
            assert case.classname == f"aims-lint.{rule_id}"
            if case.is_passed:
                continue
            assert case.is_failure and not case.is_error
            (failure,) = case.result
            assert failure.type == rules[rule_id].severity.label
            # One line per finding, each starting with its place (a message may hold a newline of its own).
            failed[(rule_id, case.name)] = sum(
                1 for line in failure.text.splitlines() if line.startswith(f"{case.name}:"))
    expected = Counter((f["rule"], f["path"]) for f in report["findings"])
    assert failed == dict(expected)
    assert xml.tests == cases and xml.failures == len(expected)
    # Every artifact is a case of every artifact rule that applies to it, passed or failed.
    artifacts = report["artifacts"]
    mc101 = next(s for s in xml if s.name.startswith("MC101 "))
    assert {c.name for c in mc101} >= {a["path"] for a in artifacts if a["kind"] == "model_card"}
    assert {s.name.split()[0] for s in xml} == set(rules)


def test_junit_drops_what_xml_cannot_carry(tmp_path: Path) -> None:
    junitparser = _needed("junitparser", "junitparser is needed to read the JUnit XML")
    rules = load_rules()
    bad = Finding("AL001", Severity.ERROR, "bytes \x01\x1b[31m here", Location("a\x02/README.md", 2), (), "f" * 32)
    text = formatters()["junit"](Report(str(tmp_path), (), rules, (bad,), 1), FormatContext(version="1"))
    target = tmp_path / "j.xml"
    target.write_text(text, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(target))
    assert xml.failures == 1


# --- gitlab: the documented Code Quality shape ------------------------------------------------------------------

# The fields GitLab documents for a Code Quality report (docs.gitlab.com, "Code Quality report format").
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                    "positions": {"type": "object"},
                },
                "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}


def test_gitlab_code_quality_shape_and_fingerprints(repo: Path, run_cli: Any) -> None:
    import jsonschema

    _, files, report = _reports(repo, run_cli)
    issues = json.loads(files["gitlab"])
    jsonschema.Draft202012Validator(CODE_QUALITY_SCHEMA).validate(issues)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab keeps only the first of equal fingerprints
    assert fingerprints == [f["fingerprint"] for f in report["findings"]]
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues] == [
        (f["path"], f["line"]) for f in report["findings"]]
    severity = {"error": "major", "warning": "minor", "note": "info"}
    assert [i["severity"] for i in issues] == [severity[f["severity"]] for f in report["findings"]]


def test_gitlab_fingerprints_survive_moved_lines(repo: Path, run_cli: Any) -> None:
    before = json.loads(run_cli("check", ".", "-f", "gitlab", cwd=repo).stdout)
    card = repo / TRICKY_DIR / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("---\n", "---\n\n", 1), encoding="utf-8")
    after = json.loads(run_cli("check", ".", "-f", "gitlab", cwd=repo).stdout)
    moved = [(a["location"]["lines"]["begin"], b["location"]["lines"]["begin"])
             for a, b in zip(before, after, strict=True) if a["location"]["path"].startswith(TRICKY_DIR)]
    assert any(x != y for x, y in moved)
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]


def test_output_to_a_device_writes_into_it(repo: Path, run_cli: Any, tmp_path: Path) -> None:
    """-o /dev/null (or a pipe) is written into, never replaced by a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    # A daemon thread, so that a run that never opens the pipe fails this test instead of hanging the suite.
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    try:
        result = run_cli("check", ".", "--format", "json", "--output", str(fifo), cwd=repo)
        reader.join(timeout=30)
    finally:
        if reader.is_alive():  # still waiting for a writer: open and close the other end, so that it ends
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(timeout=5)
    assert result.exit_code == 1 and fifo.exists() and not fifo.is_file()
    assert received and json.loads(received[0])["version"] == 1


def test_gitlab_ci_example_validates(tmp_path: Path) -> None:
    """The GitLab CI snippet in docs/integrations/ci-formats.md is valid .gitlab-ci.yml."""
    tool = shutil.which("check-jsonschema")
    if tool is None:
        _missing("check-jsonschema is not installed (pip install -e '.[test]')")
    page = (PROJECT / "docs" / "integrations" / "ci-formats.md").read_text(encoding="utf-8")
    (snippet,) = [block for block in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL) if "codequality" in block]
    target = tmp_path / ".gitlab-ci.yml"
    target.write_text(snippet, encoding="utf-8")
    import subprocess

    result = subprocess.run([tool, "--builtin-schema", "vendor.gitlab-ci", str(target)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--format gitlab:gl-code-quality.json" in snippet and "codequality: gl-code-quality.json" in snippet
