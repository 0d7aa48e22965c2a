"""Time what reading the configuration adds to a one-card run: `aims-lint check` with a configuration that uses
every setting against the same run with --isolated, in the same one-card repository.

    python benchmarks/bench_config.py [--repeat 31] [--keep DIR] [--check]

Both commands run in turn so that drift on a shared machine hits them alike; the medians of wall and CPU time
(user + system of the child) are compared. On a busy machine the two differ by less than their noise, so the
cost is also timed inside a fresh process, on the first call of everything the configuration adds.

The configuration sets every key but packs (a team pack's rules are rules to load and judge, not configuration):
select, extend-select, ignore, rules with a severity, an off and options, per-path-ignores, exclude, discovery,
fail-on, today and waivers. Target: the configured run takes at most 10 ms more than the isolated one. A line for
a configuration naming a team pack is printed for scale.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_MS = 10.0
CARD = """---
license: apache-2.0
---
# Model Card for fraud-detector

## Uses

### Direct Use

Ranks card transactions by fraud likelihood for the payments risk team.
"""
CONFIG = """select: [MC, DS, GV, AL, A.5]
extend-select: [RR1]
ignore: [MC110, A.10.3]
fail-on: never
today: 2026-01-31
rules:
  MC105: warning
  MC112: off
  SUP103:
    severity: note
    options: {max_age_days: 180}
per-path-ignores:
  "experiments/**": [MC105, MC108]
  "*.draft.md": [MC]
exclude: [vendor/, "legacy/**"]
discovery:
  model_card: ["docs/models/*.md"]
  dataset_record: ["data/**/about.yaml"]
waivers:
  - rule: MC104
    path: models/fraud/**
    reason: Trained on the transactions of 2024; the datasheet is being written.
    expires: 2026-06-30
    approved-by: Head of data
"""
PACK = """pack: acme
rules:
  - id: ACME101
    name: acme-model-owner-team
    title: Every model card names an owner from our team list
    severity: error
    applies_to: [model_card]
    iso42001: {controls: [A.3.2]}
    check:
      function: schema_condition
      options:
        schema: {required: [owner], properties: {owner: {enum: [payments-ml, risk-ml]}}}
    help: Every model needs a team that answers for it, from our organisation chart.
    remediation: Set the owner to one of our teams.
    example: "owner: payments-ml"
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Bytecode written and read, as an installed aims-lint has it (an environment that forbids writing it would make
# every module imported for the configuration compile from source on each run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: Sequence[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    start, cpu = time.perf_counter(), _cpu()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} in {cwd}: {proc.stderr[-400:]}")
    return time.perf_counter() - start, _cpu() - cpu


def prepare(work: Path) -> Path:
    """A git repository holding one model card and the configuration, committed."""
    repo = work / "one-card"
    if not (repo / ".git").is_dir():
        (repo / "models/fraud").mkdir(parents=True)
        (repo / "models/fraud/README.md").write_text(CARD, encoding="utf-8")
        (repo / ".aims-lint.yaml").write_text(CONFIG, encoding="utf-8")
        (repo / "policies").mkdir()
        (repo / "policies/acme.yaml").write_text(PACK, encoding="utf-8")
        (repo / "with-pack.yaml").write_text(CONFIG + "packs: [policies/acme.yaml]\n", encoding="utf-8")
        env = ["-c", "user.name=bench", "-c", "user.email=bench@example.com"]
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
        subprocess.run(["git", *env, "commit", "-qm", "one card"], cwd=repo, check=True)
    return repo


def measure(commands: Sequence[Sequence[str]], repo: Path, repeat: int) -> list[tuple[float, float]]:
    """The median (wall, CPU) of each command, the commands taking turns."""
    for command in commands:  # warm-up: the page cache and Python's bytecode cache
        _run(command, repo)
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            wall, cpu = _run(command, repo)
            walls[index].append(wall)
            cpus[index].append(cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


# In a fresh process with the rest of aims-lint imported (as `check` has it by then): what finding, reading,
# validating and merging the configuration, and applying it to the rules, cost on their first call.
PROBE = """
import time
import aims_lint.cli, aims_lint.pipeline, aims_lint.engine, aims_lint.read.reader, aims_lint.packs
rules = aims_lint.packs.load_rules()
start = time.perf_counter()
from aims_lint.config import load_config
request = load_config(["."]).request(["."])
aims_lint.packs.configure(rules, request.rule_settings)
print(time.perf_counter() - start)
"""


def in_process(repo: Path, repeat: int) -> float:
    """The median first-call cost of the configuration, in seconds, over fresh processes."""
    costs = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-c", PROBE], cwd=repo, capture_output=True, text=True, check=True,
                              env=ENV)
        costs.append(float(proc.stdout))
    return statistics.median(costs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--keep", type=Path, help="build the repository in this folder and keep it")
    parser.add_argument("--check", action="store_true", help="exit 1 when the configured run misses the target")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-config-bench-"))
    repo = prepare(work)
    base = [sys.executable, "-m", "aims_lint", "check", "--format", "json", "-o", "/dev/null", "--fail-on", "never"]
    isolated, configured, with_pack = measure(
        [[*base, "--isolated"], base, [*base, "--config", "with-pack.yaml"]], repo, args.repeat)
    print(f"\none-card run, median of {args.repeat} (the commands alternating):")
    for name, (wall, cpu) in (("configured", configured), ("configured + a team pack", with_pack)):
        extra_ms, cpu_ms = (wall - isolated[0]) * 1000, (cpu - isolated[1]) * 1000
        print(f"  {name} / --isolated = {wall / isolated[0]:5.3f}x wall ({extra_ms:+6.1f} ms), "
              f"{cpu / isolated[1]:5.3f}x CPU ({cpu_ms:+6.1f} ms)")
    print(f"  target: the configured run at most {TARGET_MS:g} ms more than --isolated "
          f"({isolated[0] * 1000:.0f} ms wall)")
    print(f"  in process: finding, reading, validating and applying the configuration costs "
          f"{in_process(repo, args.repeat) * 1000:.1f} ms (median first call)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if args.check and (configured[0] - isolated[0]) * 1000 > TARGET_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
