"""A long fuzzing campaign: the property tests of tests/test_fuzz.py with many more examples each, and what it found.

    python benchmarks/fuzz_long.py [--scale 1.0] [--parallel 2] [--only WORD] [--corpus DIR]

Each property test of tests/test_fuzz.py runs in a pytest process of its own (--parallel at a time) and draws the
number of cases CASES gives it, times --scale: fewer for the tests that read, judge and report a whole folder in
every format, more for the loaders, the adapters and the Markdown readers, which cost a few milliseconds a case.
Cases are derandomized, so a campaign of the same size is the same campaign on every machine. Prints, for each
test and in all, the cases run (hypothesis's own count of passing and failing examples), the wall and CPU time,
and any failing case with the input that reproduces it; the exit code is 1 when any test failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CASES = {
    "test_mutated_project_files_are_read_judged_and_reported": 1500,
    "test_mutated_corpus_files_are_read_judged_and_reported": 1500,
    "test_the_loaders_raise_only_their_own_errors": 8000,
    "test_every_adapter_gives_positions_inside_the_file_and_the_same_twice": 6000,
    "test_the_markdown_readers_give_lines_inside_the_body": 4000,
}
# hypothesis's statistics, one line a phase: "- 5000 passing, 0 failing, and 12 invalid test cases".
_COUNTS = re.compile(r"- (\d+) passing, (\d+) failing, and (\d+) invalid")


def _campaign(test: str, examples: int, env: dict[str, str]) -> tuple[str, int, int, int, float, float, str]:
    """One test's campaign: its name, passing and failing cases, exit code, wall and CPU seconds, pytest's output."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
               f"tests/test_fuzz.py::{test}"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT, env={**env, "AIMS_LINT_FUZZ_EXAMPLES": str(examples)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    counts = [tuple(map(int, found)) for found in _COUNTS.findall(output)]
    passing, failing = (sum(c[0] for c in counts), sum(c[1] for c in counts)) if counts else (0, 0)
    return test, passing, failing, proc.returncode, wall, cpu, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every test's number of cases")
    parser.add_argument("--parallel", type=int, default=2, help="tests run at a time")
    parser.add_argument("--only", help="run only the tests whose name holds this word")
    parser.add_argument("--corpus", type=Path, help="the real-card corpus (default: ../shared/corpus)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.corpus:
        env["AIMS_LINT_FUZZ_CORPUS"] = str(args.corpus.resolve())
    started = time.perf_counter()
    with ThreadPoolExecutor(args.parallel) as pool:
        results = list(pool.map(lambda item: _campaign(item[0], max(1, int(item[1] * args.scale)), env),
                                [item for item in CASES.items() if args.only is None or args.only in item[0]]))
    wall = time.perf_counter() - started
    for test, passing, failing, code, seconds, cpu, output in results:
        print(f"{test}: {passing + failing} cases, {failing} failing; {seconds:.0f} s wall, {cpu:.0f} s CPU"
              + (f"\n{output[-20_000:]}" if code else ""))
    total = sum(r[1] + r[2] for r in results)
    failed = sum(r[2] for r in results)
    cpu = sum(r[5] for r in results)
    print(f"{total} cases in {len(results)} property tests, {failed} failing; {wall:.0f} s wall, {cpu:.0f} s CPU")
    return 1 if any(r[3] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
