"""Time the pre-commit hook on one changed model card in a large repository against a one-card repository.

    python benchmarks/bench_hook.py [--artifacts 2000] [--files 20000] [--repeat 7] [--keep DIR] [-- HOOK-ARGS...]

The hook runs `aims-lint check --staged --only-new --`, which reads the staged state itself (see
.pre-commit-hooks.yaml). Both repositories
hold the same card at the same path, changed and staged the same way; the large one is the synthetic monorepo of
benchmarks/generate_repo.py, the small one holds only that card and its weights. Runs alternate between the two
so that drift on a shared machine hits both alike; the medians are compared. Target: large / one-card <= 2.
Also printed, for scale: a whole-repository run of the large repository against the hook run in it.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import alternating
from generate_repo import benchmark_parser, commit, repository

CARD_DIR = "models/team0/model-0"
CARD = f"{CARD_DIR}/README.md"
TARGET = 2.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: Sequence[str], cwd: Path) -> tuple[float, str, float]:
    """Wall time, standard output and CPU time (user + system, which barely moves when others share the machine)."""
    start, cpu = time.perf_counter(), _cpu()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} in {cwd}: {proc.stderr[-400:]}")
    return elapsed, proc.stdout, _cpu() - cpu


def _stage_change(repo: Path) -> None:
    """Edit the card as a developer would and stage it, as pre-commit sees it during a commit."""
    card = repo / CARD
    card.write_text(card.read_text(encoding="utf-8") + "\nRetrained on the latest snapshot.\n", encoding="utf-8")
    subprocess.run(["git", "add", CARD], cwd=repo, check=True)


def prepare(work: Path, artifacts: int, files: int) -> tuple[Path, Path]:
    big, small = work / "monorepo", work / "one-card"
    repository(big, artifacts=artifacts, files=files)
    if not (small / ".git").is_dir():
        shutil.copytree(big / CARD_DIR, small / CARD_DIR)
        (small / CARD).write_text(
            (big / CARD).read_text(encoding="utf-8").removesuffix("\nRetrained on the latest snapshot.\n"),
            encoding="utf-8",
        )
        commit(small)
    for repo in (big, small):
        # A kept repository whose change was committed or reset since: the change is staged again.
        if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=repo, check=False).returncode == 0:
            _stage_change(repo)
    return big, small


def main() -> None:
    parser = benchmark_parser(__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when the ratio misses the target")
    parser.add_argument("hook_args", nargs="*", help="arguments for the hook, as in the args: of a pre-commit config")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-hook-bench-"))
    big, small = prepare(work, args.artifacts, args.files)
    staged = [sys.executable, "-m", "aims_lint", "check", "--staged"]
    hook = [*staged, "--only-new", *(args.hook_args or ["--"])]
    # Warm-up: fill the page cache and compare what the change is judged to hold on the card in both (it must be
    # the same, new and unchanged findings alike).
    seen = [
        sorted((f["rule"], f["line"], f["column"], f["baseline_state"])
               for f in json.loads(_run([*staged, "-f", "json", "--"], repo)[1])["findings"] if f["path"] == CARD)
        for repo in (big, small)
    ]
    if seen[0] != seen[1]:
        raise SystemExit(f"the hook reports differently on {CARD}:\n  monorepo: {seen[0]}\n  one-card: {seen[1]}")
    timed = alternating({"big": (hook, big), "small": (hook, small)}, args.repeat)
    whole = statistics.median(
        _run([sys.executable, "-m", "aims_lint", "check", ".", "--format", "json", "-o", str(work / "all.json")],
             big)[0]
        for _ in range(max(args.repeat // 2, 1))
    )
    ratio = timed["big"].wall / timed["small"].wall
    print(f"\npre-commit hook on one changed card (median of {args.repeat}, alternating), "
          f"args {args.hook_args or 'none'}:")
    print(f"  {args.files}-file repository / one-card repository = {timed['big'] / timed['small']}"
          f"   (target <= {TARGET:g})")
    print(f"  whole-repository run / hook run, both in the {args.files}-file repository = "
          f"{whole / timed['big'].wall:5.2f}x")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if args.check and ratio > TARGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
