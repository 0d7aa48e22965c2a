"""Cards and records judged as they are read, their raw documents then released: the same report as judging them
once all is read, on the examples and the real repositories of the corpus, in one process or two."""

from __future__ import annotations

import datetime
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS

from aims_lint.engine import EARLY_KINDS, RELEASED, EarlyJudge, RunOptions, run
from aims_lint.model import Report, Rule
from aims_lint.packs import load_rules
from aims_lint.pipeline import LintRequest, lint
from aims_lint.read import ScanOptions, Settling, build_inventory

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = datetime.date(2026, 1, 31)
OPTIONS = RunOptions(today=TODAY)


def _trees() -> list[Path]:
    trees = [EXAMPLES]
    repos = CORPUS / "ml_repos"
    if repos.is_dir():
        trees += sorted(p for p in repos.iterdir() if p.is_dir())
    if CORPUS.is_dir():
        trees.append(CORPUS)
    return trees


def _ids(tree: Path) -> str:
    return "examples" if tree == EXAMPLES else tree.relative_to(CORPUS.parent).as_posix()


def _at_once(tree: Path, rules: tuple[Rule, ...], jobs: int = 1) -> Report:
    """Every rule judged once all is read, every document kept."""
    return run(build_inventory([tree], ScanOptions(jobs=jobs)), rules, OPTIONS)


def _as_read(tree: Path, rules: tuple[Rule, ...], jobs: int = 1) -> tuple[Report, EarlyJudge, int]:
    """The cards and records judged as they are read; how many kept a document (RELEASED when released)."""
    judge = EarlyJudge(rules, OPTIONS, TODAY)
    settling = Settling(judge.settle)
    inventory = build_inventory([tree], ScanOptions(jobs=jobs, settling=settling))
    kept = sum(1 for a in inventory.artifacts if a.kind.value in EARLY_KINDS
               and (a.positions or (a.document is not None and a.document is not RELEASED)))
    return run(inventory, rules, OPTIONS, early=(judge, settling.made)), judge, kept


@pytest.mark.parametrize("tree", _trees(), ids=_ids)
def test_judging_as_read_and_releasing_documents_changes_no_finding(tree: Path) -> None:
    rules = tuple(load_rules(()))
    whole = _at_once(tree, rules)
    early, judge, kept = _as_read(tree, rules)
    assert judge.releases and judge.rules
    assert kept == 0
    assert early == whole
    if tree == EXAMPLES:
        assert any(f.rule_id in {r.id for r in judge.rules} for f in early.findings)


def test_two_processes_read_judge_and_release_alike(tmp_path: Path) -> None:
    from aims_lint.parallel import MIN_ITEMS_PER_JOB

    tree = tmp_path / "many"
    for n in range(2 * MIN_ITEMS_PER_JOB + 3):
        card = tree / "models" / f"m{n}"
        card.mkdir(parents=True)
        (card / "model_card.yaml").write_text(f"name: m{n}\nlicense: {'mit' if n % 2 else 'none'}\n"
                                              f"datasets: [../../data/d{n}/datasheet.yaml]\n", encoding="utf-8")
        (card / "model.safetensors").write_bytes(b"\0")
    rules = tuple(load_rules(()))
    early, _judge, kept = _as_read(tree, rules, jobs=2)
    assert kept == 0
    # What a worker sends back: a released card comes back released (and the worker's work is not done again).
    settled = build_inventory([tree], ScanOptions(settling=Settling(_judge.settle))).artifacts
    card = next(a for a in settled if a.kind.value in EARLY_KINDS)
    assert card.document is RELEASED and pickle.loads(pickle.dumps(card)) == card
    assert pickle.loads(pickle.dumps(card)).document is RELEASED
    assert early == _at_once(tree, rules) and len(early.findings) > 2 * MIN_ITEMS_PER_JOB


def test_a_later_rule_that_reads_cards_documents_keeps_them() -> None:
    # A pack applying a check that reads the document (a review date's age from history) to model cards.
    rules = tuple(r if r.check != "age_from_history" else replace(r, applies_to=(*r.applies_to, "model_card"))
                  for r in load_rules(()))
    early, judge, kept = _as_read(EXAMPLES, rules)
    assert not judge.releases
    assert kept > 0
    assert early == _at_once(EXAMPLES, rules)


def test_a_whole_run_through_lint_reports_as_the_engine_does_without_early_judging() -> None:
    outcome = lint(LintRequest(paths=(str(EXAMPLES),), today=TODAY))
    cards = [a for a in outcome.inventory.artifacts if a.kind.value in EARLY_KINDS] if outcome.inventory else []
    assert cards and all(not a.positions for a in cards)
    whole = _at_once(EXAMPLES, tuple(load_rules(())))
    assert {f.fingerprint for f in outcome.report.all_findings()} == {f.fingerprint for f in whole.findings}
