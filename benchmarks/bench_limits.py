"""Time the SARIF report within GitHub's limits against the full one, and compact against indented, as ratios.

    python benchmarks/bench_limits.py [--artifacts 2000] [--files 20000] [--repeat 5] [--findings 60000] [--keep DIR]

1. On the synthetic monorepo of benchmarks/generate_repo.py the commands take turns (bench_check.alternating):
   `check --format sarif` (compact, every result), the same with `--pretty`, and with `--sarif-limit github`.
2. In this process, a report of --findings findings of the built-in rules (more than the 25,000 results GitHub
   code scanning accepts in a run) written the same three ways, taking turns, timed in CPU seconds.
Printed: the time of each as a ratio to the compact full report, the size of each report and its gzip-compressed
size. Target: the limited report costs no more than the full one (it writes at most 25,000 results, and measures
the compressed size of those).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import alternating
from generate_repo import benchmark_parser, repository

from aims_lint.model import Finding, Location, Report, Severity, fingerprint
from aims_lint.packs import load_rules
from aims_lint.report import FormatContext
from aims_lint.report.limits import gzip_size, sarif_within
from aims_lint.report.sarif import format_sarif


def main() -> None:
    parser = benchmark_parser(__doc__, repeat=5)
    parser.add_argument("--findings", type=int, default=60_000)
    args = parser.parse_args()
    in_process(args.findings, args.repeat)
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-bench-"))
    repo = repository(work / "monorepo", artifacts=args.artifacts, files=args.files)
    base = [sys.executable, "-m", "aims_lint", "check", str(repo), "--fail-on", "never"]
    variants = {"compact": [], "--pretty": ["--pretty"], "--sarif-limit github": ["--sarif-limit", "github"]}
    outputs = {name: work / f"{n}.sarif" for n, name in enumerate(variants)}
    commands = {name: ([*base, "--format", f"sarif:{outputs[name]}", *extra], None)
                for name, extra in variants.items()}
    timings = alternating(commands, args.repeat)
    reference = timings["compact"]
    print(f"aims-lint check of {repo} ({args.artifacts} artifacts, {args.files} files):")
    for name, timing in timings.items():
        text = outputs[name].read_text(encoding="utf-8")
        print(f"  {name:<22} cpu {timing.cpu:6.2f} s ({timing.cpu / reference.cpu:4.2f}x)  "
              f"wall {timing.wall:6.2f} s ({timing.wall / reference.wall:4.2f}x)  "
              f"{len(text.encode()) / 1e6:7.1f} MB, {gzip_size(text) / 1e6:5.1f} MB gzip")
    if not args.keep:
        shutil.rmtree(work)


def _report(count: int) -> Report:
    rules = load_rules()
    severities = (Severity.ERROR, Severity.WARNING, Severity.WARNING, Severity.NOTE)
    findings = []
    for n in range(count):
        rule, path = rules[n % len(rules)], f"models/m{n % 3001:04d}/README.md"
        findings.append(Finding(rule.id, severities[n % 4], f"finding {n}: {rule.title}", Location(path, 1 + n // 3001),
                                (), fingerprint(rule.id, path, str(n))))
    return Report(".", (), rules, tuple(sorted(findings, key=Finding.sort_key)), 1)


def in_process(count: int, repeat: int) -> None:
    report = _report(count)
    ways = {"compact": lambda: format_sarif(report, FormatContext("0")),
            "--pretty": lambda: format_sarif(report, FormatContext("0", pretty=True)),
            "--sarif-limit github": lambda: sarif_within(report, FormatContext("0"), "github", format_sarif)[0]}
    cpu: dict[str, list[float]] = {name: [] for name in ways}
    texts = {}
    for attempt in range(repeat + 1):
        for name, way in ways.items():
            start = time.process_time()
            texts[name] = way()
            if attempt:
                cpu[name].append(time.process_time() - start)
    reference = statistics.median(cpu["compact"])
    print(f"{count:,} findings in this process:")
    for name, text in texts.items():
        median = statistics.median(cpu[name])
        print(f"  {name:<22} cpu {median:6.2f} s ({median / reference:4.2f}x)  {len(text.encode()) / 1e6:7.1f} MB, "
              f"{gzip_size(text) / 1e6:5.1f} MB gzip")


if __name__ == "__main__":
    main()
