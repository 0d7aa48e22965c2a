"""Golden outputs: text, JSON and SARIF of a copy of examples/ compared byte for byte, and deterministic.

The examples are copied into a fresh git repository in a temporary folder and checked from its root, so every
path in the output is relative to that root. The one input that depends on the machine is the clock (review
dates are judged against today), so the run pins it with --today. Nothing in the output is normalised.

When a change to rules, messages or formats changes the output on purpose, regenerate the golden files and
review the difference before committing it:

    AIMS_LINT_REGEN_GOLDEN=1 python -m pytest tests/test_outputs_golden.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, make_git_repo

GOLDEN = Path(__file__).parent / "golden"
FORMATS = {"text": "examples.txt", "json": "examples.json", "sarif": "examples.sarif"}
REGENERATE = os.environ.get("AIMS_LINT_REGEN_GOLDEN") == "1"
# After every date in the examples and before their next reviews.
TODAY = "2026-06-30"
_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]


def examples_repo(parent: Path, name: str) -> Path:
    root = parent / name
    shutil.copytree(PROJECT / "examples", root)
    return make_git_repo(root, {})


def render(root: Path, fmt: str, hash_seed: str) -> bytes:
    """The report as a user gets it: the installed command, run from the repository root, written to a file."""
    out = root.parent / f"{root.name}.{fmt}.out"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "NO_COLOR": "1"}
    # SARIF is compact unless --pretty: the golden file is the indented one, to be read in a review.
    pretty = ["--pretty"] if fmt == "sarif" else []
    proc = subprocess.run([*AIMS_LINT, "check", "--today", TODAY, "--format", fmt, "--output", str(out), *pretty],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr  # the examples hold deficient cards on purpose
    assert proc.stderr == ""
    return out.read_bytes()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[bytes]]:
    """Each format rendered twice: from two copies in differently named folders, with different hash seeds."""
    first = examples_repo(tmp_path_factory.mktemp("golden-a"), "repo")
    second = examples_repo(tmp_path_factory.mktemp("golden-b"), "another name")
    return {fmt: [render(first, fmt, "1"), render(second, fmt, "2")] for fmt in FORMATS}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_output_is_deterministic(fmt: str, outputs: dict[str, list[bytes]]) -> None:
    first, second = outputs[fmt]
    assert first == second
    assert first.endswith(b"\n")
    assert b"\r" not in first


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_output_matches_golden(fmt: str, outputs: dict[str, list[bytes]]) -> None:
    golden = GOLDEN / FORMATS[fmt]
    produced = outputs[fmt][0]
    if REGENERATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(produced)
        pytest.skip(f"regenerated {golden.relative_to(PROJECT)}: review the difference and commit it")
    assert golden.is_file(), f"no golden file {golden}; run with AIMS_LINT_REGEN_GOLDEN=1 to create it"
    expected = golden.read_bytes()
    if produced != expected:
        produced_lines = produced.decode("utf-8").splitlines()
        expected_lines = expected.decode("utf-8").splitlines()
        first_diff = next(
            (i for i, (a, b) in enumerate(zip(produced_lines, expected_lines, strict=False)) if a != b),
            min(len(produced_lines), len(expected_lines)),
        )
        pytest.fail(
            f"{golden.name} differs from line {first_diff + 1}:\n"
            f"  golden:   {expected_lines[first_diff] if first_diff < len(expected_lines) else '<end>'}\n"
            f"  produced: {produced_lines[first_diff] if first_diff < len(produced_lines) else '<end>'}\n"
            "If the change is intended, regenerate with AIMS_LINT_REGEN_GOLDEN=1 and review the diff."
        )


def test_golden_files_hold_no_machine_paths() -> None:
    for name in FORMATS.values():
        golden = GOLDEN / name
        if not golden.is_file():
            pytest.skip(f"no golden file {golden}")
        text = golden.read_text(encoding="utf-8")
        for marker in (str(PROJECT), "/tmp/", "pytest-of-", os.path.expanduser("~") + "/"):
            assert marker not in text, (name, marker)
