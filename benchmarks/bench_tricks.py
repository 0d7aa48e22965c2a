"""Measure what each speed trick saves: `aims-lint check` with and without it, alternating, as ratios.

    python benchmarks/bench_tricks.py [--rounds 7] [--keep DIR] [--only NAME ...]

Each trick is measured in this one command, the two variants taking turns (bench_check.alternating), on the
repositories bench_check.py uses (2,000 artifacts in 20,000 files, and one card), with a full
`check --format json -o /dev/null`. A trick still in the code is switched off for its "without" variant by
the command line (`--jobs`) or by a patch applied here, in the measuring command only (the collector pause,
pickled_by_fields).
A trick that was removed is measured by running the commit that removed it against its parent: both are
checked out with `git worktree add --detach` into a temporary folder and run from there (PYTHONPATH).

For each trick the script prints "without / with" (wall and CPU time, medians) and the share of the run
without it that the trick saves. The project keeps a trick only where it saves at least 5% (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import PROJECT, Timing, alternating
from generate_repo import repository

# Runs the command line with the collector pause replaced by a context that does nothing.
NO_COLLECTOR_PAUSE = ("import contextlib, sys; import aims_lint.cli as cli; "
                      "cli._collector_paused = contextlib.nullcontext; sys.argv[0] = 'aims-lint'; cli.entry()")
# Runs the command line with the model's values pickled the standard way: the __reduce__ that
# model.pickled_by_fields gives each class is taken away again before any worker is forked.
NO_PICKLED_BY_FIELDS = (
    "import sys; import aims_lint.cli as cli, aims_lint.model as m, aims_lint.adapters.markdown_card as mc; "
    "[delattr(c, '__reduce__') for mod in (m, mc) for c in list(vars(mod).values()) "
    "if isinstance(c, type) and c.__module__ == mod.__name__ and '__reduce__' in vars(c)]; "
    "sys.argv[0] = 'aims-lint'; cli.entry()")


@dataclass(frozen=True)
class Removed:
    """A trick removed by the commit whose subject holds `subject`: its parent has the trick."""

    name: str
    subject: str
    repo: str = "monorepo"
    args: tuple[str, ...] = ()


REMOVED = (
    Removed("hand-made fork pool (2 workers)", "instead of a hand-made pool", args=("--jobs", "2")),
    Removed("os._exit at the end of the command", "instead of os._exit"),
    Removed("rules shared among 2 workers", "The rules are judged in one process", args=("--jobs", "2")),
    Removed("resolver shortcut in PositionLoader", "PyYAML's own resolver"),
    Removed("validated-packs.json cache (one card)", "not through a committed cache", repo="one-card"),
    Removed("validated-packs.json cache (full run)", "not through a committed cache"),
    Removed("shared value-class methods (one card)", "Value classes back to @dataclass", repo="one-card"),
    Removed("shared value-class methods (full run)", "Value classes back to @dataclass"),
)


def lint(tree: Path, repo: Path, *args: str, code: str | None = None) -> list[str]:
    """The command checking repo with the aims_lint of tree (a source folder)."""
    start = ["-c", code] if code else ["-m", "aims_lint"]
    return ["env", f"PYTHONPATH={tree}", sys.executable, *start, "check", str(repo), "--format", "json",
            "-o", os.devnull, *args]


def removal_commit(subject: str) -> str:
    found = subprocess.run(["git", "log", "-n1", "--format=%H", "-F", f"--grep={subject}"], cwd=PROJECT,
                           capture_output=True, text=True, check=True).stdout.strip()
    if not found:
        raise SystemExit(f"no commit whose message holds {subject!r}")
    return found


def checkout(revision: str, into: Path) -> Path:
    if not into.is_dir():
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(into), revision], cwd=PROJECT, check=True)
    return into


def report(name: str, with_trick: Timing, without: Timing) -> str:
    wall, cpu = without.wall / with_trick.wall, without.cpu / with_trick.cpu
    return (f"  {name:<42} without / with = {wall:5.2f}x wall, {cpu:5.2f}x CPU; saves "
            f"{1 - 1 / wall:6.1%} wall, {1 - 1 / cpu:6.1%} CPU")


def _shown(line: str) -> str:
    print(line, flush=True)
    return line


def measured(repos: dict[str, Path], rounds: int, work: Path, only: Sequence[str]) -> list[str]:
    """One line per trick; the worktrees made for removed tricks are removed again."""
    lines: list[str] = []
    big = repos["monorepo"]
    here: dict[str, tuple[list[str], list[str]]] = {
        "parallel workers (--jobs 2 vs --jobs 1)": (lint(PROJECT, big, "--jobs", "2"),
                                                    lint(PROJECT, big, "--jobs", "1")),
        "collector pause": (lint(PROJECT, big), lint(PROJECT, big, code=NO_COLLECTOR_PAUSE)),
        "pickled_by_fields (--jobs 2)": (lint(PROJECT, big, "--jobs", "2"),
                                         lint(PROJECT, big, "--jobs", "2", code=NO_PICKLED_BY_FIELDS)),
    }
    for name, (with_cmd, without_cmd) in here.items():
        if not only or any(word in name for word in only):
            times = alternating({"with": (with_cmd, None), "without": (without_cmd, None)}, rounds)
            lines.append(_shown(report(name, times["with"], times["without"])))
    trees: list[Path] = []
    try:
        for trick in REMOVED:
            if only and not any(word in trick.name for word in only):
                continue
            removal = removal_commit(trick.subject)
            old = checkout(f"{removal}^", work / f"{removal[:10]}-with")
            new = checkout(removal, work / f"{removal[:10]}-without")
            trees += [old, new]
            repo = repos[trick.repo]
            times = alternating({"with": (lint(old, repo, *trick.args), None),
                                 "without": (lint(new, repo, *trick.args), None)}, rounds)
            lines.append(_shown(report(f"{trick.name} [{removal[:10]}]", times["with"], times["without"])))
    finally:
        for tree in dict.fromkeys(trees):
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=PROJECT, check=False)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate the repositories once into this folder and keep them")
    parser.add_argument("--only", nargs="*", default=[], help="measure only the tricks whose name holds a word")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-tricks-"))
    repos = {"monorepo": work / "monorepo", "one-card": work / "one-card"}
    for name, (artifacts, files) in {"monorepo": (2000, 20000), "one-card": (1, 1)}.items():
        repository(repos[name], artifacts=artifacts, files=files)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; median of {args.rounds}")
    measured(repos, args.rounds, work, args.only)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
