"""The labelled evaluation set of real cards is well formed, and its score script runs and reports every rule.

The label files (tests/fixtures/eval/, format in its README.md) are checked against the corpus cards they label:
the card is listed in the corpus MANIFEST.tsv, every card-content rule of its kind is labelled once, each line is
within the card and each quote is found at its line. The score script is run as a user runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, corpus_dir

from aims_lint.model import Finding, Location, Severity, fingerprint
from aims_lint.packs import load_rules

sys.path.insert(0, str(PROJECT / "benchmarks"))
import eval_score
from eval_score import LABELLED_RULES, Got, Label, Tally, card_lines, load_labels, quote_near

CARDS = load_labels()
SCRIPT = PROJECT / "benchmarks" / "eval_score.py"


def _manifest() -> set[str]:
    corpus = corpus_dir()
    rows = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {row.split("\t", 1)[0] for row in rows if row}


def test_the_set_is_large_and_covers_both_kinds() -> None:
    scored = [labels[0] for labels in CARDS if not labels[0].context_only]
    kinds = Counter(label.kind for label in scored)
    assert len(scored) >= 80, f"only {len(scored)} scored cards"
    assert kinds["model_card"] >= 50 and kinds["dataset_record"] >= 25, kinds
    assert len({label.card for label in scored}) == len(scored), "a card is labelled twice"


def test_every_rule_of_the_kind_is_labelled_once_and_applies_to_it() -> None:
    rules = {rule.id: rule for rule in load_rules()}
    for labels in CARDS:
        first = labels[0]
        keys = [label.key for label in labels]
        assert sorted(keys) == sorted(LABELLED_RULES[first.kind]), first.card
        for label in labels:
            rule_id, _, aspect = label.key.partition(".")
            rule = rules[rule_id]
            assert first.kind in rule.applies_to, (first.card, label.key)
            assert not aspect or aspect in rule.options["fields"], (first.card, label.key)
            assert label.expect in ("finding", "absent"), (first.card, label.key, label.expect)
            assert label.says.strip(), (first.card, label.key)


def test_every_card_is_a_manifest_entry() -> None:
    listed = _manifest()
    missing = sorted({labels[0].card for labels in CARDS} - listed)
    assert not missing, f"labelled cards not in MANIFEST.tsv: {missing}"


def test_every_line_is_in_its_card_and_says_what_the_label_quotes() -> None:
    corpus = corpus_dir()
    wrong = []
    for labels in CARDS:
        lines = card_lines(corpus / labels[0].card)
        for label in labels:
            if not 1 <= label.line <= len(lines) or not quote_near(lines, label.line, label.says):
                wrong.append(f"{label.card} {label.key} line {label.line}: {label.says!r}")
    assert not wrong, "\n".join(wrong)


def test_lines_are_counted_as_commonmark_ends_them(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"---\r\r\nlicense: mit\r\n---\rtitle\n")
    assert card_lines(card) == ["---", "", "license: mit", "---", "title"]
    card.write_bytes("hello\r\n".encode("utf-16"))  # with its byte-order mark
    assert card_lines(card) == ["hello"]
    card.write_bytes("\ufeffhello\n".encode())
    assert card_lines(card) == ["hello"]
    assert quote_near(["a", "b", "c  d", "e"], 1, "c d") and not quote_near(["a", "b", "c", "d", "e"], 1, "e")


def _label(expect: str, line: int = 10) -> Label:
    return Label("card.md", "model_card", "MC101", expect, line, "says")


def test_a_tally_counts_each_decision_and_the_line_agreement() -> None:
    tally = Tally()
    tally.add(_label("finding", 10), Got((10,), ("m",)))   # TP, line exact
    tally.add(_label("finding", 10), Got((14,), ("m",)))   # TP, near
    tally.add(_label("finding", 10), Got((1,), ("m",)))    # TP, far
    tally.add(_label("finding"), Got())                    # FN
    tally.add(_label("absent"), Got((3,), ("m",)))         # FP
    tally.add(_label("absent"), Got())                     # TN
    figures = tally.figures()
    assert (figures["tp"], figures["fn"], figures["fp"], figures["tn"], figures["labels"]) == (3, 1, 1, 1, 6)
    assert figures["precision"] == 3 / 4 and figures["recall"] == 3 / 4
    assert figures["line_exact"] == 1 / 3 and figures["line_near"] == 2 / 3
    assert Tally().figures()["precision"] is None


def _finding(subject: str, message: str) -> Finding:
    return Finding("MC105", Severity.ERROR, message, Location("card.md", 1, 1), (), fingerprint("MC105", "card.md",
                                                                                                  subject))


def test_a_several_field_finding_is_told_apart_by_subject_then_message() -> None:
    aspects = ["evaluation_metrics", "evaluation_data"]
    by_subject = _finding("field:evaluation_data", "model card does not state evaluation metrics")
    assert eval_score._aspects_of("MC105", "card.md", by_subject, aspects) == ["evaluation_data"]
    by_message = _finding("section:results", "the 'Results' section has no numbers: add evaluation metrics")
    assert eval_score._aspects_of("MC105", "card.md", by_message, aspects) == ["evaluation_metrics"]
    unknown = _finding("section:evaluation", "the evaluation section is empty")
    assert eval_score._aspects_of("MC105", "card.md", unknown, aspects) == aspects


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=PROJECT,
                          timeout=600)


@pytest.fixture(scope="module")
def score_json() -> dict[str, Any]:
    corpus_dir()
    result = _run("--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_score_has_figures_for_every_labelled_rule(score_json: dict[str, Any]) -> None:
    rules = score_json["rules"]
    assert list(rules) == [key for keys in LABELLED_RULES.values() for key in keys]
    scored = [labels for labels in CARDS if not labels[0].context_only]
    assert score_json["cards"] == len(scored)
    overall = score_json["overall"]
    assert overall["labels"] == sum(len(labels) for labels in scored) == sum(r["labels"] for r in rules.values())
    for figures in [*rules.values(), overall]:
        assert figures["tp"] + figures["fp"] + figures["fn"] + figures["tn"] == figures["labels"]
        for name in ("precision", "recall"):
            assert figures[name] is None or 0 <= figures[name] <= 1
    assert len(score_json["disagreements"]) == overall["fp"] + overall["fn"]
    assert sorted(score_json["context_only"]) == sorted(ls[0].card for ls in CARDS if ls[0].context_only)


def test_the_text_report_prints_a_row_per_rule_and_the_disagreements(score_json: dict[str, Any]) -> None:
    result = _run()
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    for key in [*LABELLED_RULES["model_card"], *LABELLED_RULES["dataset_record"], "overall"]:
        assert key in rows, key
        assert rows[key][6].endswith("%") or rows[key][6] == "n/a", rows[key]
    assert f"disagreements ({len(score_json['disagreements'])}):" in result.stdout


def test_check_exits_1_only_below_target(score_json: dict[str, Any]) -> None:
    overall = score_json["overall"]
    precision, recall = overall["precision"] or 0, overall["recall"] or 0
    meets = precision >= eval_score.TARGET_PRECISION and recall >= eval_score.TARGET_RECALL
    assert _run("--check", "--json").returncode == (0 if meets else 1)


def test_a_missing_corpus_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _run("--corpus", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "corpus not found" in result.stderr
