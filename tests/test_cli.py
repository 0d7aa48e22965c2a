"""The command line: every command, every exit code, one line on stderr for every error, --output, the JSON schema."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT, CliResult, make_git_repo, write_tree

from aims_lint import __version__, packs
from aims_lint.catalog import catalog
from aims_lint.model import Rule
from aims_lint.packs import load_rules
from aims_lint.schemas import load_schema

RULES = load_rules()
RunCli = Callable[..., CliResult]
# A card missing nearly everything: errors, warnings and notes of the model card rules all fire on it.
THIN_CARD = "# Model Card for thin\n\nA model.\n"
TEXT_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]+\d+) (?P<sev>error|warning|note) .+$"
)


def one_error_line(result: CliResult) -> str:
    """The single stderr line of a failed run; fails on a traceback or on click's multi-line usage block."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), result.stderr
    return lines[0]


@pytest.fixture
def thin_repo(tmp_path: Path) -> Path:
    return make_git_repo(tmp_path / "thin", {"models/thin/MODEL_CARD.md": THIN_CARD})


@pytest.fixture
def examples_repo(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(PROJECT / "examples", root)
    return make_git_repo(root, {})


# --- version and help -------------------------------------------------------------------------------------------


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"aims-lint, version {__version__}"


def test_python_dash_m_is_the_same_program(thin_repo: Path, run_cli: RunCli) -> None:
    version = subprocess.run([sys.executable, "-m", "aims_lint", "--version"], capture_output=True, text=True,
                             check=False, cwd=PROJECT)
    assert (version.returncode, version.stdout.strip()) == (0, f"aims-lint, version {__version__}")
    child = subprocess.run([sys.executable, "-m", "aims_lint", "check", str(thin_repo), "-f", "json"],
                           capture_output=True, text=True, check=False, cwd=PROJECT)
    here = run_cli("check", str(thin_repo), "-f", "json", cwd=PROJECT)
    assert child.returncode == here.exit_code == 1
    assert child.stdout == here.stdout
    assert child.stderr == ""


def test_help_lists_every_command(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("check", "inventory", "rules", "explain"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


# --- check and its exit codes ------------------------------------------------------------------------------------


def test_check_text_output(examples_repo: Path, run_cli: RunCli) -> None:
    result = run_cli("check", cwd=examples_repo)
    assert result.exit_code == 1
    assert result.stderr == ""
    *lines, summary = result.stdout.rstrip("\n").split("\n")
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    keys = [(m["path"], int(m["line"]), int(m["col"]), m["rule"]) for m in parsed if m]
    assert keys == sorted(keys)
    for m in parsed:
        assert m is not None and (examples_repo / m["path"]).is_file()
    counts = {sev: sum(1 for m in parsed if m and m["sev"] == sev) for sev in ("error", "warning", "note")}
    assert summary.startswith(f"Found {len(lines)} finding")
    assert f"{counts['error']} error" in summary
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_check_defaults_to_the_current_directory(thin_repo: Path, run_cli: RunCli) -> None:
    here = run_cli("check", "-f", "json", cwd=thin_repo)
    named = run_cli("check", ".", "-f", "json", cwd=thin_repo)
    assert here.stdout == named.stdout
    assert json.loads(here.stdout)["artifacts"] == [
        {"path": "models/thin/MODEL_CARD.md", "kind": "model_card", "format": "markdown-model-card"}
    ]


def test_clean_repository_exits_0(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_git_repo(tmp_path / "clean", {"src/app.py": "print('hello')\n", "README.md": "# App\n"})
    for fail_on in ("error", "warning", "note", "never"):
        result = run_cli("check", "--fail-on", fail_on, cwd=root)
        assert (result.exit_code, result.stderr) == (0, ""), fail_on
        assert result.stdout.startswith("No findings")


def _field_rule(severity: str) -> Rule:
    """A model card rule of this severity that asks for a field the thin card lacks."""
    return next(r for r in RULES if r.severity.label == severity and r.applies_to == ("model_card",)
                and r.check == "required_fields" and r.id.startswith("MC"))


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        # one rule of each severity, selected, against every threshold
        ("error", {"error": 1, "warning": 1, "note": 1, "never": 0}),
        ("warning", {"error": 0, "warning": 1, "note": 1, "never": 0}),
        ("note", {"error": 0, "warning": 0, "note": 1, "never": 0}),
    ],
)
def test_fail_on_thresholds(severity: str, expected: dict[str, int], thin_repo: Path, run_cli: RunCli) -> None:
    rule = _field_rule(severity)
    for fail_on, code in expected.items():
        result = run_cli("check", "--select", rule.id, "--fail-on", fail_on, "-f", "json",
                         cwd=thin_repo)
        findings = json.loads(result.stdout)["findings"]
        assert findings and {f["severity"] for f in findings} == {severity}
        assert result.exit_code == code, (rule.id, fail_on)


def test_fail_on_defaults_to_error(thin_repo: Path, run_cli: RunCli) -> None:
    assert run_cli("check", "--select", _field_rule("warning").id, cwd=thin_repo).exit_code == 0
    assert run_cli("check", "--select", _field_rule("error").id, cwd=thin_repo).exit_code == 1


def test_select_and_ignore(thin_repo: Path, run_cli: RunCli) -> None:
    everything = {f["rule"] for f in json.loads(run_cli("check", "-f", "json", cwd=thin_repo).stdout)["findings"]}
    assert {"MC101", "MC102"} <= everything
    only = json.loads(run_cli("check", "-f", "json", "--select", "MC101,MC102", cwd=thin_repo).stdout)
    assert {f["rule"] for f in only["findings"]} == {"MC101", "MC102"}
    prefix = json.loads(run_cli("check", "-f", "json", "--select", "MC1", "--ignore", "MC102", cwd=thin_repo).stdout)
    chosen = {f["rule"] for f in prefix["findings"]}
    assert chosen and all(r.startswith("MC1") for r in chosen) and "MC102" not in chosen
    by_name = next(r for r in RULES if r.id == "MC101").name
    named = json.loads(run_cli("check", "-f", "json", "--select", by_name, cwd=thin_repo).stdout)
    assert {f["rule"] for f in named["findings"]} == {"MC101"}


# --- usage errors: exit 2, one line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("check", "--bogus"), "--bogus"),
        (("check", "/nonexistent/path/for/aims-lint"), "/nonexistent/path/for/aims-lint"),
        (("check", "--fail-on", "sometimes"), "sometimes"),
        (("check", "--format", "xml"), "xml"),
        (("check", "--select", "ZZ999"), "ZZ999"),
        (("check", "--ignore", "no-such-rule"), "no-such-rule"),
        (("explain", "ZZ999"), "ZZ999"),
        (("explain",), "RULE"),
        (("inventory", "/nonexistent/path/for/aims-lint"), "/nonexistent/path/for/aims-lint"),
        (("rules", "--format", "yaml"), "yaml"),
        (("frobnicate",), "frobnicate"),
    ],
    ids=["bad-option", "missing-path", "bad-fail-on", "bad-format", "unknown-select", "unknown-ignore",
         "explain-unknown", "explain-nothing", "inventory-missing-path", "rules-bad-format", "unknown-command"],
)
def test_usage_errors_exit_2_with_one_line(
    args: tuple[str, ...], needle: str, thin_repo: Path, run_cli: RunCli
) -> None:
    line = one_error_line(run_cli(*args, cwd=thin_repo))
    assert line.startswith("aims-lint: ")
    assert needle in line


def test_usage_errors_from_a_real_process(thin_repo: Path) -> None:
    for args in (["check", "--bogus"], ["explain", "ZZ999"], ["check", "/nonexistent/x"]):
        proc = subprocess.run([sys.executable, "-m", "aims_lint", *args], capture_output=True, text=True,
                              check=False, cwd=PROJECT)
        assert proc.returncode == 2, args
        assert proc.stdout == ""
        assert len(proc.stderr.rstrip("\n").split("\n")) == 1, proc.stderr
        assert "Traceback" not in proc.stderr


def _pack(rule: str) -> str:
    return f"pack: bad\nrules:\n{rule}    help: Says what the rule checks and why it matters.\n" \
        "    remediation: Says how to fix it.\n    example: 'intended_use: ranks reviews'\n"


_RULE = ("  - id: ZZ901\n    name: bad-rule\n    title: A broken rule\n    severity: error\n"
         "    applies_to: [model_card]\n    iso42001: {controls: [A.9.4]}\n")
_CHECK = "    check: {function: required_fields, options: {fields: [intended_use]}}\n"
BAD_PACKS = [
    ("unknown-check", _pack(_RULE + "    check: {function: no_such_check}\n"),
     "rules/bad.yaml:9: rules.0.check.function"),
    ("bad-severity", _pack(_RULE.replace("severity: error", "severity: fatal") + _CHECK),
     "rules/bad.yaml:6: rules.0.severity"),
    ("bad-options",
     _pack(_RULE + "    check:\n      function: required_fields\n"
           "      options: {fields: [intended_use], colour: red}\n"),
     "rules/bad.yaml:11: rules.0.check.options.colour"),
    ("bad-kind", _pack(_RULE.replace("[model_card]", "[spaceship]") + _CHECK), "rules/bad.yaml:7: rules.0.applies_to"),
    ("not-yaml", "pack: bad\nrules: [\n", "rules/bad.yaml:3"),
    ("duplicate-id", _pack(_RULE.replace("ZZ901", "MC101") + _CHECK), "MC101"),
]


@pytest.mark.parametrize(("text", "where"), [(t, w) for _, t, w in BAD_PACKS], ids=[n for n, _, _ in BAD_PACKS])
def test_an_invalid_rule_pack_exits_2_naming_file_and_path(
    text: str, where: str, thin_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A pack beside the built-in ones is validated in full (the built-in packs are, by tests/test_docs.py)."""
    bad = tmp_path / "rules" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text(text, encoding="utf-8")
    real_load = packs.load_rules
    monkeypatch.setattr(packs, "load_rules", lambda extra_packs=(): real_load([*extra_packs, bad]))
    for args in (("check",), ("rules",), ("explain", "MC101")):
        line = one_error_line(run_cli(*args, cwd=thin_repo))
        assert where in line, (args, line)
        assert "rules/bad.yaml" in line


def test_output_that_cannot_be_written_exits_2(thin_repo: Path, run_cli: RunCli) -> None:
    (thin_repo / "blocker").write_text("a file, not a folder\n", encoding="utf-8")
    line = one_error_line(run_cli("check", "-o", str(thin_repo / "blocker" / "out.txt"), cwd=thin_repo))
    assert "blocker" in line


# --- --output and formats ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_writes_the_file_and_nothing_to_stdout(
    fmt: str, thin_repo: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    target = tmp_path / "reports" / "nested" / f"aims.{fmt}"
    written = run_cli("check", "-f", fmt, "--output", str(target), cwd=thin_repo)
    printed = run_cli("check", "-f", fmt, cwd=thin_repo)
    assert written.exit_code == printed.exit_code == 1
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert not list(target.parent.glob(".*.tmp"))  # the temporary file is gone


def test_json_report_matches_its_schema(examples_repo: Path, run_cli: RunCli) -> None:
    import jsonschema

    schema = load_schema("report")
    jsonschema.Draft202012Validator.check_schema(schema)
    result = run_cli("check", "-f", "json", cwd=examples_repo)
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema).validate(document)
    findings, summary = document["findings"], document["summary"]
    assert summary["findings"] == len(findings) == summary["errors"] + summary["warnings"] + summary["notes"]
    assert summary["errors"] == sum(1 for f in findings if f["severity"] == "error")
    assert summary["artifacts"] == len(document["artifacts"])
    assert [a["path"] for a in document["artifacts"]] == sorted(a["path"] for a in document["artifacts"])
    keys = [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in findings]
    assert keys == sorted(keys)
    rules = {r.id: r for r in RULES}
    for finding in findings:
        rule = rules[finding["rule"]]
        assert (finding["name"], finding["severity"]) == (rule.name, rule.severity.label)
        assert finding["controls"] == list(rule.iso.controls)
        assert (examples_repo / finding["path"]).is_file()
    assert document["tool"] == {"name": "aims-lint", "version": __version__}


def test_the_schema_rejects_what_the_report_must_not_be(examples_repo: Path, run_cli: RunCli) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema("report"))
    document = json.loads(run_cli("check", "-f", "json", cwd=examples_repo).stdout)
    finding = document["findings"][0]
    for broken in ({**finding, "line": 0}, {**finding, "severity": "fatal"}, {**finding, "path": "/abs/x.md"},
                   {k: v for k, v in finding.items() if k != "rule"}, {**finding, "extra": 1}):
        assert not validator.is_valid({**document, "findings": [broken]}), broken


def test_colour_only_when_asked_or_on_a_terminal(
    thin_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b[" in run_cli("check", "--color", "always", cwd=thin_repo).stdout
    assert "\x1b[" not in run_cli("check", "--color", "auto", cwd=thin_repo).stdout
    assert "\x1b[" not in run_cli("check", "-f", "json", "--color", "always", cwd=thin_repo).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("check", cwd=thin_repo).stdout


def test_colour_on_a_terminal(thin_repo: Path) -> None:
    import os
    import pty

    script = Path(sys.executable).with_name("aims-lint")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "aims_lint"]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([*command, "check"], cwd=thin_repo, stdout=follower, stderr=subprocess.PIPE,
                              env=env, timeout=60, check=False)
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.returncode == 1, proc.stderr
    assert b"\x1b[" in b"".join(chunks)


# --- inventory, rules, explain -----------------------------------------------------------------------------------


def test_inventory_text_and_json_agree_with_check(examples_repo: Path, run_cli: RunCli) -> None:
    text = run_cli("inventory", cwd=examples_repo)
    as_json = run_cli("inventory", "--format", "json", cwd=examples_repo)
    assert text.exit_code == as_json.exit_code == 0
    rows = json.loads(as_json.stdout)["artifacts"]
    report = json.loads(run_cli("check", "-f", "json", cwd=examples_repo).stdout)
    assert rows == report["artifacts"]
    assert {"model_card", "dataset_record", "weights"} <= {r["kind"] for r in rows}
    lines = text.stdout.rstrip("\n").split("\n")
    assert [line.split()[:3] for line in lines[:-1]] == [[r["path"], r["kind"], r["format"]] for r in rows]
    assert lines[-1] == f"{len(rows)} artifacts in {report['summary']['files_scanned']} files."


def test_rules_text_and_json(run_cli: RunCli) -> None:
    text = run_cli("rules")
    as_json = run_cli("rules", "--format", "json")
    assert text.exit_code == as_json.exit_code == 0
    rows = json.loads(as_json.stdout)["rules"]
    assert [r["id"] for r in rows] == [r.id for r in RULES]
    assert len(rows) >= 20
    for row, rule in zip(rows, RULES, strict=True):
        assert (row["name"], row["severity"]) == (rule.name, rule.severity.label)
        assert row["iso42001"] == {"clauses": list(rule.iso.clauses), "controls": list(rule.iso.controls),
                                   "guidance": list(rule.iso.guidance)}
    listed = [line.split()[0] for line in text.stdout.strip().split("\n")]
    assert listed == [r.id for r in RULES]


@pytest.mark.parametrize("spelling", ["MC101", "mc101", "model-intended-use"])
def test_explain(spelling: str, run_cli: RunCli) -> None:
    rule = next(r for r in RULES if r.id == "MC101")
    assert rule.name == "model-intended-use"
    result = run_cli("explain", spelling)
    assert result.exit_code == 0
    out = result.stdout
    assert rule.title in out
    for iso_id in rule.iso.all_ids():
        assert f"{iso_id}  {catalog().title(iso_id)}" in out
    assert rule.example.strip().split("\n")[0].strip() in out
    assert "How to fix" in out


def test_every_rule_can_be_explained(run_cli: RunCli) -> None:
    for rule in RULES:
        result = run_cli("explain", rule.id)
        assert result.exit_code == 0 and rule.id in result.stdout, rule.id


# --- file names are never options ---------------------------------------------------------------------------------


def _named_like_options(root: Path, outside: Path) -> list[str]:
    """A git repository holding files named like options of check; their names, in that order."""
    names = [f"-o{outside}/x.pth", "--fail-on=never", "--", "-/MODEL_CARD.md"]
    make_git_repo(root, {names[0]: "w", names[1]: "x", names[2]: "x", names[3]: THIN_CARD})
    return names


def test_every_word_after_the_end_of_options_is_a_path(tmp_path: Path) -> None:
    """The real command: `check -- NAMES` judges files named '-o/...', '--fail-on=never' and '--' as paths."""
    root, outside = tmp_path / "repo", tmp_path / "outside"
    names = _named_like_options(root, outside)
    runs = {command[0]: subprocess.run([sys.executable, "-m", "aims_lint", *command, "--", *names], cwd=root,
                                       capture_output=True, text=True, check=False)
            for command in (["check", "-f", "json"], ["inventory", "--format", "json"])}
    assert not outside.exists()
    for proc in runs.values():
        # Only the one line for each named file that is no artifact: no option was taken from a name.
        told = {f"aims-lint: warning: {name} is not a file aims-lint reads" for name in names[1:3]}
        assert {line.split(" (")[0] for line in proc.stderr.splitlines()} == told, proc.stderr
        assert {(a["path"], a["kind"]) for a in json.loads(proc.stdout)["artifacts"]} == {
            (names[0], "weights"), (names[3], "model_card")}
    # The thin card's errors fail the run, whatever '--fail-on=never' names; the weights have no card.
    assert (runs["check"].returncode, runs["inventory"].returncode) == (1, 0)
    assert {f["path"] for f in json.loads(runs["check"].stdout)["findings"]} >= {names[0], names[3]}


@pytest.mark.parametrize("command", ["check", "inventory"])
def test_a_path_named_like_the_separator_is_a_path(command: str, tmp_path: Path, run_cli: RunCli) -> None:
    line = one_error_line(run_cli(command, "--", "--", cwd=tmp_path))  # no file named '--' here
    assert "'--' does not exist" in line


@pytest.mark.parametrize("args", [
    ("check", "models/thin/MODEL_CARD.md"),  # no '--' at all
    ("check", "--select", "MC101", "models/thin/MODEL_CARD.md"),
    ("check", "-o", "--", "models/thin/MODEL_CARD.md"),  # the '--' is -o's value, not the end of options
    ("check", "--output", "--", "models/thin/MODEL_CARD.md"),
    ("check", "-ho", "--", "models/thin/MODEL_CARD.md"),  # -h, then -o taking the next word
    ("inventory", "models/thin/MODEL_CARD.md"),
])
def test_under_pre_commit_options_must_end_with_a_separator(
    args: tuple[str, ...], thin_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    line = one_error_line(run_cli(*args, cwd=thin_repo))
    assert line.startswith("aims-lint: error: under pre-commit the hook's args must end with '--' so that file "
                           "names are never read as options")
    assert not (thin_repo / "--").exists()


@pytest.mark.parametrize("args", [
    ("check", "--"),
    ("check", "--", "models/thin/MODEL_CARD.md"),
    ("check", "--select", "MC101", "--", "models/thin/MODEL_CARD.md"),
    ("check", "-o-", "--", "models/thin/MODEL_CARD.md"),  # the value is in the same word
    ("check", "--output=-", "--", "models/thin/MODEL_CARD.md"),
    ("check", "-j2", "--", "models/thin/MODEL_CARD.md"),
    ("inventory", "--", "models/thin/MODEL_CARD.md"),
])
def test_under_pre_commit_options_ending_with_a_separator_run(
    args: tuple[str, ...], thin_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    result = run_cli(*args, cwd=thin_repo)
    assert result.exit_code in (0, 1) and result.stderr == "", result.stderr
    assert "MODEL_CARD.md" in result.stdout


def test_under_pre_commit_other_commands_are_unchanged(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert run_cli("rules").exit_code == 0
    assert run_cli("explain", "MC101").exit_code == 0
    assert run_cli("--version").exit_code == 0

# --- few file descriptors -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many_cards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A repository large enough for workers in both the reading and the judging, and its report by one process
    with no limit."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    from generate_repo import generate

    repo = tmp_path_factory.mktemp("fds") / "repo"
    generate(repo, artifacts=500, files=700)
    make_git_repo(repo, {})
    proc = subprocess.run([sys.executable, "-m", "aims_lint", "check", "--jobs", "1", str(repo), "-f", "json"],
                          capture_output=True, check=False, cwd=repo)
    assert proc.returncode == 1 and proc.stderr == b"", proc.stderr
    return repo, proc.stdout


def _with_open_files_limit(limit: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    script = f'ulimit -n {limit} && exec "$0" -m aims_lint "$@"'
    return subprocess.run(["bash", "-c", script, sys.executable, *args], capture_output=True, check=False, cwd=cwd,
                          timeout=120)


@pytest.mark.parametrize("limit", [5, 8, 9, 12, 16])
def test_few_open_files_give_the_same_report_or_one_clear_error(limit: int, many_cards: tuple[Path, bytes]) -> None:
    """With `ulimit -n` low, fewer workers (or none) give the same report; where even that cannot be done, one
    line says so and the exit code is 2. Never a traceback, an internal error, or a file reported unreadable."""
    repo, expected = many_cards
    for jobs in ("1", "8"):
        proc = _with_open_files_limit(limit, "check", "--jobs", jobs, str(repo), "-f", "json", cwd=repo)
        stderr = proc.stderr.decode()
        if proc.returncode == 2:
            assert stderr.startswith("aims-lint: error: too many open files") and stderr.count("\n") == 1, stderr
            assert proc.stdout == b""
        else:
            assert (proc.returncode, stderr) == (1, ""), (limit, jobs, stderr)
            assert proc.stdout == expected, (limit, jobs)
    inventory = _with_open_files_limit(limit, "inventory", "--jobs", "8", str(repo), cwd=repo)
    assert inventory.returncode in (0, 2) and b"Traceback" not in inventory.stderr
    assert inventory.returncode == 0 or inventory.stderr.startswith(b"aims-lint: error: too many open files")


def test_ten_open_files_are_enough_for_workers(many_cards: tuple[Path, bytes]) -> None:
    """Workers are started only while descriptors stay free to read files with: the report is the same."""
    repo, expected = many_cards
    proc = _with_open_files_limit(10, "check", "--jobs", "8", str(repo), "-f", "json", cwd=repo)
    assert (proc.returncode, proc.stderr, proc.stdout) == (1, b"", expected)


# --- files named on the command line that give nothing --------------------------------------------------------------

NAMED = {
    "notes.txt": "Release notes.\n",
    "README.md": "# A project\n\nIt does things.\n",
    "package.json": '{"name": "tool"}\n',
    "data/rows.json": '[{"a": 1}]\n',
    "models/m/README.md": THIN_CARD,
}
NOT_READ = "notes.txt is not a file aims-lint reads (model cards, dataset records, governance documents, JSON "
NO_CARD = "README.md holds no model card, dataset record or governance document aims-lint recognises"
NO_JSON = "rows.json holds no JSON metadata aims-lint reads"


def _warnings(result: CliResult) -> list[str]:
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith("aims-lint: warning: ") for line in lines), result.stderr
    return lines


@pytest.mark.parametrize("git_repo", [False, True], ids=["files", "focus"])
def test_a_named_file_that_gives_nothing_is_told(git_repo: bool, tmp_path: Path, run_cli: RunCli) -> None:
    """One line on stderr for each named file that is not read or holds no artifact; a card still gives its
    findings, and the exit code is what the findings make it."""
    root = (make_git_repo if git_repo else write_tree)(tmp_path / "repo", NAMED)
    result = run_cli("check", *NAMED, cwd=root)
    assert result.exit_code == 1
    assert "models/m/README.md:" in result.stdout
    lines = _warnings(result)
    assert len(lines) == 4, lines
    assert lines[0].startswith(f"aims-lint: warning: {NOT_READ}") and lines[0].endswith("; nothing checked in it")
    assert lines[1].startswith(f"aims-lint: warning: {NO_CARD}")
    assert lines[2].startswith("aims-lint: warning: package.json is not a file aims-lint reads")
    assert NO_JSON in lines[3]


@pytest.mark.parametrize("git_repo", [False, True], ids=["files", "focus"])
def test_under_pre_commit_only_names_aims_lint_never_reads_are_told(
    git_repo: bool, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit passes every file its pattern matches (any JSON file, any README): that one of them holds no
    artifact is routine there and not told; a name aims-lint never reads (a pattern widened by hand) is."""
    root = (make_git_repo if git_repo else write_tree)(tmp_path / "repo", NAMED)
    plain = run_cli("check", *NAMED, cwd=root)
    monkeypatch.setenv("PRE_COMMIT", "1")
    hooked = run_cli("check", "--", *NAMED, cwd=root)
    lines = _warnings(hooked)
    assert len(lines) == 1 and lines[0].startswith(f"aims-lint: warning: {NOT_READ}"), lines
    assert (hooked.exit_code, hooked.stdout) == (plain.exit_code, plain.stdout)


@pytest.mark.parametrize("git_repo", [False, True], ids=["files", "focus"])
def test_a_named_file_that_cannot_be_read_gives_its_finding(
    git_repo: bool, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What even root cannot read: a link to nothing, a pipe, a file over the size limit, a link leading out of
    the repository. A card or record gives its finding; a JSON file, which may be no artifact, one line."""
    root = make_git_repo(tmp_path / "repo", {"models/m/README.md": THIN_CARD}) if git_repo else tmp_path / "repo"
    root.mkdir(exist_ok=True)
    (root / "model_card.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(root / "datasheet.yaml")
    with open(root / "ai-policy.md", "wb") as big:
        big.truncate(6 * 1024 * 1024)
    (tmp_path / "outside.json").write_text('{"@context": "https://mlcommons.org/croissant/"}')
    (root / "croissant.json").symlink_to(tmp_path / "outside.json")
    (root / "meta.json").symlink_to("nowhere.json")
    named = ["model_card.yaml", "datasheet.yaml", "ai-policy.md", "croissant.json", "meta.json"]
    for hook in ("", "1"):
        monkeypatch.setenv("PRE_COMMIT", hook)
        result = run_cli("check", "-f", "json", "--", *named, cwd=root)
        assert result.exit_code == 1, result.stderr
        problems = {f["path"]: f["message"] for f in json.loads(result.stdout)["findings"]}
        assert problems["model_card.yaml"].startswith("cannot read file")
        assert problems["datasheet.yaml"] == "not a regular file; not read"
        assert "over the 5.0 MiB limit" in problems["ai-policy.md"]
        assert "outside" in problems["croissant.json"]
        assert "meta.json" not in problems
        assert _warnings(result) == ["aims-lint: warning: meta.json was not read (cannot read file: No such file or "
                                     "directory); nothing checked in it"]


def test_inventory_tells_named_files_that_give_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    root = write_tree(tmp_path / "repo", NAMED)
    result = run_cli("inventory", *NAMED, cwd=root)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1 artifacts in 5 files."
    assert len(_warnings(result)) == 4
    assert _warnings(result)[0].startswith(f"aims-lint: warning: {NOT_READ}")


def test_a_folder_named_gives_no_line_for_its_files(tmp_path: Path, run_cli: RunCli) -> None:
    """Only files named on their own are told: a folder's other files are expected to hold no artifact."""
    root = make_git_repo(tmp_path / "repo", NAMED)
    result = run_cli("check", str(root))
    assert result.exit_code == 1 and result.stderr == ""


# --- a broken install -----------------------------------------------------------------------------------------------

# Runs the command line isolated (-I) with a finder that refuses to import one package, as if it were missing.
_WITHOUT_PACKAGE = """
import sys
blocked = sys.argv.pop(1)
class Missing:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Missing())
sys.argv[0] = "aims-lint"
from aims_lint.cli import entry
entry()
"""


def test_without_the_fast_validator_the_report_is_the_same() -> None:
    """fastjsonschema only speeds up the common valid case: without it, jsonschema gives the same verdicts."""
    command = ["check", "examples", "--today", "2026-06-30", "--format", "sarif"]
    without = subprocess.run([sys.executable, "-I", "-c", _WITHOUT_PACKAGE, "fastjsonschema", *command],
                             cwd=PROJECT, capture_output=True, text=True, check=False, timeout=60)
    normal = subprocess.run([sys.executable, "-I", "-m", "aims_lint", *command], cwd=PROJECT, capture_output=True,
                            text=True, check=False, timeout=60)
    assert (without.returncode, without.stderr) == (1, ""), without.stderr
    assert without.stdout == normal.stdout


def test_without_markdown_it_the_report_on_the_examples_is_the_same() -> None:
    """markdown-it-py reads cards best; without it the line-based reader of parse.lite reads them, and the examples'
    report is the same byte for byte."""
    command = ["check", "examples", "--today", "2026-06-30", "--format", "sarif"]
    without = subprocess.run([sys.executable, "-I", "-c", _WITHOUT_PACKAGE, "markdown_it", *command],
                             cwd=PROJECT, capture_output=True, text=True, check=False, timeout=60)
    normal = subprocess.run([sys.executable, "-I", "-m", "aims_lint", *command], cwd=PROJECT, capture_output=True,
                            text=True, check=False, timeout=60)
    assert (without.returncode, without.stderr) == (1, ""), without.stderr
    assert without.stdout == normal.stdout


@pytest.mark.parametrize("package", ["jsonschema", "yaml"])
def test_a_missing_dependency_is_one_clear_line(package: str) -> None:
    proc = subprocess.run([sys.executable, "-I", "-c", _WITHOUT_PACKAGE, package, "check", "examples"],
                          cwd=PROJECT, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"aims-lint: error: the package {package!r} cannot be imported")
    assert proc.stderr.count("\n") == 1 and "internal error" not in proc.stderr, proc.stderr


def test_an_unreadable_builtin_pack_is_one_clear_line(tmp_path: Path) -> None:
    code = ("import pathlib, sys; real = pathlib.Path.read_text\n"
            "def read_text(self, *a, **k):\n"
            "    if self.suffix == '.yaml' and self.parent.name == 'rules':\n"
            "        raise PermissionError(13, 'denied', str(self))\n"
            "    return real(self, *a, **k)\n"
            "pathlib.Path.read_text = read_text; sys.argv[0] = 'aims-lint'\n"
            "from aims_lint.cli import entry; entry()")
    proc = subprocess.run([sys.executable, "-I", "-c", code, "check", "examples"], cwd=PROJECT,
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("aims-lint: error: a built-in rule pack cannot be read"), proc.stderr
    assert proc.stderr.count("\n") == 1
