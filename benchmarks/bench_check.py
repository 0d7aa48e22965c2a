"""Time a full `aims-lint check` against a floor and against check-jsonschema, reported as ratios.

    python benchmarks/bench_check.py [--artifacts 2000] [--files 20000] [--repeat 7]

Everything is measured in this one run, on repositories generated here, so the ratios compare like with like:
- floor: one Python process that lists files with `git ls-files`, reads each artifact, parses its YAML (front
  matter for Markdown cards) with yaml.CSafeLoader and validates it with one jsonschema validator (the dataset
  record schema) built once;
- aims-lint: `python -m aims_lint check REPO --format json` (all rules, all outputs computed; the default --jobs,
  a process for each CPU);
- check-jsonschema: validating the same datasheet.yaml files against aims-lint's dataset-record schema;
- start-up: aims-lint on a one-card repository against `python -c "import yaml, jsonschema, click"`.
The commands compared take turns, so that drift on a shared machine hits them alike. The full run is also timed
with `--jobs 1` (one process), and the peak memory of the largest process of each
full run is compared once.
Targets: aims-lint / floor <= 1.5; check-jsonschema / aims-lint (dataset records only) >= 3;
one-card / import floor <= 1.5. Absolute times drift between machines; the ratios are what to compare.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_repo import benchmark_parser, repository

PROJECT = Path(__file__).resolve().parent.parent
SCHEMA = PROJECT / "aims_lint" / "schemas" / "dataset-record.schema.json"

FLOOR = r"""
import json, os, subprocess, sys
import jsonschema, yaml
root, schema_dir = sys.argv[1], sys.argv[2]
listing = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
# One validator built once, as the floor is defined; model cards fail it, and reporting that is part of the work.
validator = jsonschema.Draft202012Validator(json.load(open(os.path.join(schema_dir, "dataset-record.schema.json"))))
names = {"readme.md", "model_card.yaml", "datasheet.yaml"}
for rel in listing.decode().split("\0"):
    if rel.rsplit("/", 1)[-1].lower() not in names:
        continue
    with open(os.path.join(root, rel), encoding="utf-8") as handle:
        text = handle.read()
    if rel.endswith(".md"):
        if not text.startswith("---"):
            continue
        text = text[3:].split("\n---", 1)[0]
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    list(validator.iter_errors(data))
"""


@dataclass(frozen=True)
class Timing:
    """Median wall time and median CPU time (user + system) of a command's runs."""

    wall: float
    cpu: float

    def __truediv__(self, other: Timing) -> str:
        return f"{self.wall / other.wall:5.2f}x wall, {self.cpu / other.cpu:5.2f}x CPU"


# The commands run as Python runs by default, writing the bytecode of the modules they import: an installed
# aims-lint has its bytecode, as the floor's libraries have theirs, and an environment that turns the writing off
# (PYTHONDONTWRITEBYTECODE) would otherwise have every run of a source checkout compile the whole package again.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def alternating(
    commands: dict[str, tuple[Sequence[str], Path | None]], repeat: int, *, ok: Sequence[int] = (0, 1)
) -> dict[str, Timing]:
    """Medians over `repeat` rounds in which each command runs once, after one warm-up round (which also writes
    the bytecode the commands' modules lack).

    Taking turns, the commands share whatever drift a busy machine has. CPU time is reported beside wall time
    because it barely moves when other work shares the machine.
    """
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for attempt in range(repeat + 1):
        for name, (cmd, cwd) in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=cwd, env=_ENV, capture_output=True, check=False)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if proc.returncode not in ok:
                raise SystemExit(f"{' '.join(cmd[:4])}... exited {proc.returncode}: {proc.stderr.decode()[-400:]}")
            if attempt:
                walls[name].append(elapsed)
                cpus[name].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {name: Timing(statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands}


# Runs a command and prints the peak resident memory of its largest process (KiB on Linux), so that each
# command's peak is measured in a process of its own.
PEAK = "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); " \
       "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def peak_memory(cmd: Sequence[str], *, cwd: Path | None = None) -> int:
    proc = subprocess.run([sys.executable, "-c", PEAK, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    return int(proc.stdout.split()[-1])


def main() -> None:
    parser = benchmark_parser(__doc__)
    args = parser.parse_args()
    py = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-bench-"))
    big, small = work / "monorepo", work / "one-card"
    repository(big, artifacts=args.artifacts, files=args.files)
    repository(small, artifacts=1, files=1)
    records = sorted(str(p) for p in big.rglob("datasheet.yaml"))

    floor_cmd = [py, "-c", FLOOR, str(big), str(SCHEMA.parent)]
    lint_cmd = [py, "-m", "aims_lint", "check", str(big), "--format", "json", "-o", str(work / "out.json")]
    full = alternating({"floor": (floor_cmd, None), "aims-lint": (lint_cmd, None),
                        "aims-lint --jobs 1": ([*lint_cmd, "--jobs", "1"], None)}, args.repeat)
    # --files-only: like check-jsonschema, read just the files named (no work-tree context for cross-references).
    records_cmd = [py, "-m", "aims_lint", "check", "--files-only", *records, "--format", "json", "-o",
                   str(work / "records.json")]
    cj = shutil.which("check-jsonschema")
    records_runs = {"aims-lint": (records_cmd, big)}
    if cj:
        records_runs["check-jsonschema"] = ([cj, "--schemafile", str(SCHEMA), *records], None)
    on_records = alternating(records_runs, args.repeat)
    start_up = alternating({
        "imports": ([py, "-c", "import yaml, jsonschema, click"], None),
        "one card": ([py, "-m", "aims_lint", "check", str(small), "--format", "json", "-o", str(work / "one.json")],
                     None),
    }, max(args.repeat, 5))
    memory = {"floor": peak_memory(floor_cmd), "aims-lint": peak_memory(lint_cmd),
              "aims-lint --jobs 1": peak_memory([*lint_cmd, "--jobs", "1"])}

    print(f"\nfull run, {args.artifacts} artifacts in {args.files} files (median of {args.repeat}, alternating):")
    print(f"  aims-lint / floor                      = {full['aims-lint'] / full['floor']}   (target <= 1.5)")
    print(f"  aims-lint --jobs 1 / floor             = {full['aims-lint --jobs 1'] / full['floor']}   (one process)")
    print(f"  peak memory, aims-lint / floor         = {memory['aims-lint'] / memory['floor']:5.2f}x "
          f"(--jobs 1: {memory['aims-lint --jobs 1'] / memory['floor']:.2f}x; largest process)")
    print(f"\ndataset records only ({len(records)} datasheet.yaml files):")
    if cj:
        print(f"  check-jsonschema / aims-lint           = {on_records['check-jsonschema'] / on_records['aims-lint']}"
              "   (target >= 3)")
    else:
        print("  check-jsonschema not installed: pip install check-jsonschema")
    print("\nstart-up:")
    print(f"  one-card run / import yaml,jsonschema,click = {start_up['one card'] / start_up['imports']}"
          "   (target <= 1.5)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
