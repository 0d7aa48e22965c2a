"""Time and peak memory of a full `aims-lint check` in each output format against the floor, at monorepo scale.

    python benchmarks/bench_scale.py [--artifacts 10000] [--files 100000] [--repeat 3] [--keep DIR]
                                     [--formats text,json,sarif] [--no-jobs] [--deficient FRACTION]

One command measures, on one generated repository: the floor of bench_check.py (list, read, parse, validate the
same artifacts in one process); `aims-lint check REPO --format F -o FILE` for each format F (the default --jobs:
a process for each CPU); and the JSON run with `--jobs 1` (one process) against the default. The commands take
turns (bench_check.alternating), and each one's peak memory (the largest process, ru_maxrss) is measured in a
process of its own. Printed: wall and CPU time as ratios against the floor, peak memory in MB and as a ratio
against the floor's, and the report's size.
Targets: every format within 1.5x of the floor's time and at most 150 MB on 10,000 artifacts in 100,000 files;
the default run (one process for each CPU, 2 here) at least 1.3x faster than one process, or the default would
be one process.
With `--deficient F` the repository has that share of its cards and records mostly unwritten (generate_repo.py),
so that the run has many findings: two such commands, with different shares, give the peak's growth per finding.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import FLOOR, SCHEMA, alternating, peak_memory
from generate_repo import benchmark_parser, repository


def _repository(work: Path, artifacts: int, files: int, deficient: float) -> Path:
    repo = work / ("monorepo" if not deficient else f"monorepo-deficient-{deficient:g}")
    return repository(repo, artifacts=artifacts, files=files, deficient=deficient)


def main() -> None:
    parser = benchmark_parser(__doc__, artifacts=10000, files=100000, repeat=3)
    parser.add_argument("--formats", default="text,json,sarif", help="comma-separated formats to measure")
    parser.add_argument("--no-jobs", action="store_true", help="leave out the --jobs 1 run")
    parser.add_argument("--deficient", type=float, default=0.0, metavar="FRACTION",
                        help="share of the cards and records written mostly unwritten (many findings)")
    args = parser.parse_args()
    py = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-scale-"))
    repo = _repository(work, args.artifacts, args.files, args.deficient)
    out = Path(tempfile.mkdtemp(prefix="aims-scale-out-"))
    commands = {"floor": ([py, "-c", FLOOR, str(repo), str(SCHEMA.parent)], None)}
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not args.no_jobs and "json" not in formats:
        formats.append("json")
    for fmt in formats:
        commands[fmt] = ([py, "-m", "aims_lint", "check", str(repo), "--format", fmt, "-o", str(out / fmt)], None)
    if not args.no_jobs:
        commands["json --jobs 1"] = ([*commands["json"][0], "--jobs", "1"], None)
    times = alternating(commands, args.repeat)
    memory = {name: peak_memory(cmd) for name, (cmd, _cwd) in commands.items()}
    floor_mb = memory["floor"] / 1024
    findings = f", {len(json.loads((out / 'json').read_text())['findings'])} findings" if "json" in commands else ""
    print(f"\n{args.artifacts} artifacts in {args.files} files{findings}, median of {args.repeat} alternating rounds:")
    print(f"  floor: {times['floor'].wall:.2f} s wall, {times['floor'].cpu:.2f} s CPU, {floor_mb:.0f} MB peak")
    for name in commands:
        if name == "floor":
            continue
        size = (out / name.split()[0]).stat().st_size / 1e6
        mb = memory[name] / 1024
        print(f"  {name:<15} / floor = {times[name] / times['floor']}; peak {mb:6.0f} MB = {mb / floor_mb:5.2f}x "
              f"floor; report {size:.1f} MB")
    if "json --jobs 1" in commands:
        one, default = times["json --jobs 1"], times["json"]
        print(f"  --jobs 1 / default (json) = {one.wall / default.wall:.2f}x wall, {one.cpu / default.cpu:.2f}x CPU "
              "(target >= 1.3x wall for the default of a process for each CPU)")
    shutil.rmtree(out, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
