"""Where a full run's CPU time goes, phase by phase, against the floor's work on the same documents.

    python benchmarks/bench_phases.py [--artifacts 2000] [--files 20000] [--repeat 5] [--keep DIR]

In one process, on the model cards and dataset records of the repository bench_check.py generates, each phase of
aims-lint's reading is timed on the same documents as the floor's own work (bench_check.FLOOR: YAML parsed with
yaml.CSafeLoader, then validated by one jsonschema validator), and printed as a share of it:
- YAML with positions: parse.yamlpos.load_yaml on the YAML the floor parses (front matter of Markdown cards);
- Markdown body: parse.markdown.parse_body on the Markdown cards' bodies, and of that markdown-it's block parse;
- card fields: adapters.card_fields on the parsed cards;
- reading whole: read.reader.load_candidate on each file (safe read, decoding, suppressions, adapting);
- judging as read: the rules engine.EarlyJudge judges each card and record by.
The phases take turns in each round; each figure is the least of `repeat` rounds (process time). What the full run
does beyond these (start-up, listing, the rules over the whole repository, the report) is bench_check.py's.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import SCHEMA
from generate_repo import benchmark_parser, repository

NAMES = ("readme.md", "model_card.yaml", "datasheet.yaml")


def _documents(repo: Path) -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True).stdout.decode()
    return [rel for rel in listing.split("\0") if rel.rsplit("/", 1)[-1].lower() in NAMES]


def _phases(repo: Path, rels: list[str]) -> dict[str, Callable[[], object]]:
    """Each phase as a function doing it once over every document."""
    import jsonschema
    import yaml

    from aims_lint.adapters.card_fields import CardSource, card_fields
    from aims_lint.engine import EarlyJudge, RunOptions
    from aims_lint.model import Kind
    from aims_lint.packs import load_rules
    from aims_lint.parse.markdown import _block_parser, parse_body, split_front_matter
    from aims_lint.parse.yamlpos import load_yaml
    from aims_lint.read import ScanOptions
    from aims_lint.read.catalogue import classify_name
    from aims_lint.read.reader import load_candidate

    texts = {rel: (repo / rel).read_text(encoding="utf-8") for rel in rels}
    splits = {rel: split_front_matter(text) for rel, text in texts.items() if rel.endswith(".md")}
    yamls = [s.front_matter.text for s in splits.values() if s.front_matter is not None]
    yamls += [text for rel, text in texts.items() if not rel.endswith(".md")]
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    bodies = {rel: parse_body(s.body, s.body_first_line) for rel, s in splits.items()}
    metadata = {rel: load_yaml(s.front_matter.text) if s.front_matter is not None else None
                for rel, s in splits.items()}
    kinds = {rel: Kind.DATASET_RECORD if rel.startswith("datasets/") else Kind.MODEL_CARD for rel in splits}
    weights = {rel.rsplit("/", 1)[0] for rel in rels if rel.startswith("models/")}
    candidates = [(rel, cls) for rel in rels if (cls := classify_name(rel)) is not None]
    real = os.path.realpath(repo)
    scan = ScanOptions()
    artifacts = [r.artifact for rel, cls in candidates
                 if (r := load_candidate(repo, real, rel, cls, weights, scan)).artifact is not None]
    judge = EarlyJudge(load_rules(()), RunOptions(), datetime.date(2026, 1, 1))
    block = _block_parser()

    def fields() -> None:
        for rel, body in bodies.items():
            loaded = metadata[rel]
            data = dict(loaded.data) if loaded is not None and isinstance(loaded.data, dict) else {}
            source = CardSource(rel, kinds[rel], data, loaded.positions if loaded else {}, body)
            card_fields(source, [])

    return {
        "floor (yaml.load + validate)": lambda: [list(validator.iter_errors(yaml.load(t, Loader=yaml.CSafeLoader)))
                                                  for t in yamls],
        "YAML with positions": lambda: [load_yaml(t) for t in yamls],
        "Markdown body": lambda: [parse_body(s.body, s.body_first_line) for s in splits.values()],
        "  of which markdown-it": lambda: [block.parse(s.body) for s in splits.values()],
        "card fields": fields,
        "reading whole": lambda: [load_candidate(repo, real, rel, cls, weights, scan) for rel, cls in candidates],
        "judging as read": lambda: [judge.settle([a]) for a in artifacts],
    }


def measure(phases: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """The least process time of each phase over `repeat` rounds in which the phases take turns, each with the
    cyclic garbage collector paused, as the command line runs (and the floor makes no cycles)."""
    best = {name: float("inf") for name in phases}
    for _ in range(repeat):
        for name, phase in phases.items():
            gc.collect()
            gc.disable()
            start = time.process_time()
            phase()
            best[name] = min(best[name], time.process_time() - start)
            gc.enable()
    return best


def main() -> None:
    parser = benchmark_parser(__doc__, repeat=5)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aims-bench-"))
    repo = repository(work / "monorepo", artifacts=args.artifacts, files=args.files)
    rels = _documents(repo)
    best = measure(_phases(repo, rels), args.repeat)
    floor = best["floor (yaml.load + validate)"]
    print(f"\n{len(rels)} model cards and dataset records (least of {args.repeat} rounds, process time):")
    for name, seconds in best.items():
        print(f"  {name:30s} {seconds:6.3f} s  {seconds / floor:5.2f}x the floor  "
              f"{seconds / len(rels) * 1e6:6.0f} us a document")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
