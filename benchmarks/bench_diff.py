"""Time a new-findings run (check --diff-base) on a change of 3 artifacts against a full run, in the same repository.

    python benchmarks/bench_diff.py [--artifacts 2000] [--files 20000] [--repeat 7] [--keep DIR] [--check]

The repository is the synthetic monorepo of benchmarks/generate_repo.py, committed on main; a branch then changes
a model card, a weights file and a dataset record, committed. Both commands run on the branch's checkout:
`aims-lint check --diff-base main` (the change judged against the merge base, both states read in focus) and
`aims-lint check .` (every artifact read and judged). Runs alternate so that drift on a shared machine hits both
alike; the medians are compared. Target: diff-base / full <= 0.25.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import alternating
from bench_hook import _run
from generate_repo import benchmark_parser, commit, generate

TARGET = 0.25
CHANGED = ("models/team0/model-0/README.md", "models/team1/model-1/model.safetensors", "data/ds-0/datasheet.yaml")


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True)


def prepare(work: Path, artifacts: int, files: int) -> Path:
    repo = work / "monorepo-diff"
    if (repo / ".git").is_dir():
        return repo
    counts = generate(repo, artifacts=artifacts, files=files)
    commit(repo)
    _git(repo, "checkout", "-q", "-b", "change")
    for rel in CHANGED:
        path = repo / rel
        path.write_bytes(path.read_bytes() + (b"\n# retrained\n" if rel.endswith(".yaml") else b"\nRetrained.\n"))
    _git(repo, "commit", "-q", "-am", "change three artifacts")
    print(f"generated {counts} in {repo}; changed {', '.join(CHANGED)}")
    return repo


def main() -> None:
    parser = benchmark_parser(__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when the ratio misses the target")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-diff-bench-"))
    repo = prepare(work, args.artifacts, args.files)
    lint = [sys.executable, "-m", "aims_lint", "check", "--format", "json", "--fail-on", "never"]
    diff, full = [*lint, "--diff-base", "main"], [*lint, "."]
    report = json.loads(_run(diff, repo)[1])  # warm-up, and what the change was judged to hold
    judged = sorted({f["path"] for f in report["findings"]})
    print(f"diff-base run: {report['comparison']}, findings on {len(judged)} files")
    timed = alternating({"diff": (diff, repo), "full": (full, repo)}, args.repeat)
    ratio = timed["diff"].wall / timed["full"].wall
    print(f"\nnew-findings run on a change of {len(CHANGED)} artifacts (median of {args.repeat}, alternating):")
    print(f"  check --diff-base main / check . = {timed['diff'] / timed['full']}   (target <= {TARGET:g})")
    print(f"  medians: diff-base {timed['diff'].wall:.3f}s, full {timed['full'].wall:.3f}s")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if args.check and ratio > TARGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
