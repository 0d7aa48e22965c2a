"""A long fuzzing campaign: the property tests of tests/test_fuzz.py with many more examples each, and what it found.

    python benchmarks/fuzz_long.py [--examples 5000] [--corpus DIR]

Every property test of tests/test_fuzz.py (mutated project files and corpus files read, judged and reported in
every format; the YAML and JSON loaders; every adapter on its own; both Markdown readers) draws --examples cases
instead of the suite's few hundred. Cases are derandomized, so a campaign of the same size is the same campaign on
every machine. Prints the cases run (hypothesis's own count of passing and failing examples), the wall and CPU
time, and any failing case with the input that reproduces it; the exit code is pytest's.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
_COUNTS = re.compile(r"- (\d+) passing examples?, (\d+) failing examples?, (\d+) invalid examples?")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="cases drawn by each property test")
    parser.add_argument("--corpus", type=Path, help="the real-card corpus (default: ../shared/corpus)")
    args = parser.parse_args()
    env = {**os.environ, "AIMS_LINT_FUZZ_EXAMPLES": str(args.examples)}
    if args.corpus:
        env["AIMS_LINT_FUZZ_CORPUS"] = str(args.corpus.resolve())
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
               "tests/test_fuzz.py"]
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    counts = [tuple(map(int, found)) for found in _COUNTS.findall(proc.stdout)]
    passing, failing, invalid = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0)
    print(proc.stdout[-20_000:] if proc.returncode else proc.stdout.splitlines()[-1])
    print(f"{len(counts)} property tests, {passing + failing} cases ({passing} passing, {failing} failing, "
          f"{invalid} invalid draws); {wall:.0f} s wall, {usage.ru_utime + usage.ru_stime:.0f} s CPU; "
          f"pytest exit code {proc.returncode}")
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
