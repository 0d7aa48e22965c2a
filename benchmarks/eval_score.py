"""Score aims-lint's card-content rules against the hand-labelled real cards in tests/fixtures/eval/.

    python benchmarks/eval_score.py [--corpus DIR] [--json] [--check] [--with-context]

Each label file (format: tests/fixtures/eval/README.md) says, for every card-content rule of its card's kind,
whether the card lacks the information (expect: finding) or states it (expect: absent), with the line and a quote.
aims-lint is run through the library on each card alone (files_only), and each label is one decision:
- a finding of the rule where 'finding' is expected is a true positive, none is a false negative;
- a finding where 'absent' is expected is a false positive, none is a true negative.
MC105 has two labels, one per field it requires (evaluation_metrics, evaluation_data); its findings are told apart
by their fingerprint subject, or by their message when the subject changed. Precision is TP / (TP + FP), recall
TP / (TP + FN), per rule and overall; line agreement (the finding's line against the labelled line, exactly and
within LINE_NEAR lines) is reported separately, over the true positives. Cards that only their repository marks as
cards (context_only) are listed but not scored unless --with-context. The script exits 0; with --check it exits 1
when precision is under 95% or recall under 90%, and 2 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
LABELS = PROJECT / "tests" / "fixtures" / "eval"
CORPUS = PROJECT.parent / "shared" / "corpus"

# The card-content rules labelled for each kind; an aspect after the dot is one field of a rule that requires several.
LABELLED_RULES: Mapping[str, tuple[str, ...]] = {
    "model_card": ("MC101", "MC102", "MC103", "MC104", "MC105.evaluation_metrics", "MC105.evaluation_data", "MC106",
                   "MC107", "MC108", "MC110", "MC111", "MC112"),
    "dataset_record": ("DS101", "DS102", "DS103", "DS104", "DS106", "DS107", "DS108", "DS109", "DS110"),
}
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
LINE_NEAR = 5  # a finding this many lines from the labelled line still points at the right place


@dataclass(frozen=True)
class Label:
    """One labelled decision: what a rule should say about one card, and where the card shows it."""

    card: str
    kind: str
    key: str
    expect: str
    line: int
    says: str
    note: str = ""
    context_only: bool = False


@dataclass(frozen=True)
class Got:
    """What aims-lint reported for one label: the lines and messages of its findings (none when empty)."""

    lines: tuple[int, ...] = ()
    messages: tuple[str, ...] = ()


@dataclass
class Tally:
    """Decisions of one rule (or of all), counted."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    line_exact: int = 0
    line_near: int = 0

    def add(self, label: Label, got: Got) -> None:
        found = bool(got.lines)
        if label.expect == "finding":
            self.tp += found
            self.fn += not found
            if found:
                self.line_exact += label.line in got.lines
                self.line_near += any(abs(line - label.line) <= LINE_NEAR for line in got.lines)
        else:
            self.fp += found
            self.tn += not found

    def figures(self) -> dict[str, Any]:
        return {**asdict(self), "labels": self.tp + self.fp + self.fn + self.tn,
                "precision": _ratio(self.tp, self.tp + self.fp), "recall": _ratio(self.tp, self.tp + self.fn),
                "line_exact": _ratio(self.line_exact, self.tp), "line_near": _ratio(self.line_near, self.tp)}


@dataclass
class Score:
    """The whole evaluation: tallies per rule and overall, disagreements, and the cards aims-lint did not read."""

    rules: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    context_cards: dict[str, bool] = field(default_factory=dict)
    cards: int = 0


def card_lines(path: Path) -> list[str]:
    """A card's lines as the labels count them: decoded by its byte-order mark (UTF-8 otherwise), split where
    CommonMark and YAML end a line (\\n, \\r\\n or a lone \\r)."""
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
    lines = re.split(r"\r\n|\r|\n", text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def quote_near(lines: Sequence[str], line: int, quote: str, reach: int = 2) -> bool:
    """Whether a label's quote appears on its line or within reach lines of it, white space runs made one space."""
    window = " ".join(lines[max(0, line - 1 - reach):line + reach])
    return _spaced(quote) in _spaced(window)


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def load_labels(root: Path = LABELS) -> list[list[Label]]:
    """Every label file under root, as the labels of one card each, in file name order."""
    return [_card_labels(path) for path in sorted(root.glob("*/*.yaml"))]


def _card_labels(path: Path) -> list[Label]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    context_only = bool(data.get("context_only"))
    return [
        Label(data["card"], data["kind"], key, entry["expect"], entry["line"], entry["says"], entry.get("note", ""),
              context_only)
        for key, entry in data["labels"].items()
    ]


def _aspects_of(rule_id: str, path: str, finding: Any, aspects: Sequence[str]) -> list[str]:
    """Which fields of a several-field rule a finding is about: the one its fingerprint subject names, else those
    its message names, else all of them (a finding of the rule is never dropped)."""
    from aims_lint.model import fingerprint

    for aspect in aspects:
        if finding.fingerprint == fingerprint(rule_id, path, f"field:{aspect}"):
            return [aspect]
    words = {aspect: aspect.split("_")[-1].rstrip("s") for aspect in aspects}  # evaluation_metrics -> metric
    named = [aspect for aspect, word in words.items() if re.search(rf"\b{word}", finding.message, re.I)]
    return named or list(aspects)


def run_card(card: Path, kind: str, keys: Iterable[str]) -> tuple[dict[str, Got], bool]:
    """aims-lint's findings on one card alone, by label key, and whether it read the card as that kind."""
    from aims_lint import LintRequest, lint

    report = lint(LintRequest(paths=(str(card),), files_only=True)).report
    read = any(artifact.kind == kind for artifact in report.artifacts)
    aspects: dict[str, list[str]] = {}
    for key in keys:
        rule_id, _, aspect = key.partition(".")
        aspects.setdefault(rule_id, []).append(aspect)
    found: dict[str, tuple[list[int], list[str]]] = {}
    for finding in report.findings:
        if finding.rule_id not in aspects:
            continue
        named = [a for a in aspects[finding.rule_id] if a]
        chosen = _aspects_of(finding.rule_id, finding.location.path, finding, named) if named else [""]
        for aspect in chosen:
            lines, messages = found.setdefault(f"{finding.rule_id}.{aspect}" if aspect else finding.rule_id, ([], []))
            lines.append(finding.location.line)
            messages.append(finding.message)
    return {key: Got(tuple(lines), tuple(messages)) for key, (lines, messages) in found.items()}, read


def score(corpus: Path, cards: Sequence[list[Label]], with_context: bool = False) -> Score:
    """Run aims-lint on each labelled card and count its decisions against the labels."""
    result = Score()
    for labels in cards:
        first = labels[0]
        got, read = run_card(corpus / first.card, first.kind, [label.key for label in labels])
        if first.context_only:
            result.context_cards[first.card] = read
            if not with_context:
                continue
        result.cards += 1
        if not read:
            result.unread.append(first.card)
        for label in labels:
            _count(result, label, got.get(label.key, Got()))
    return result


def _count(result: Score, label: Label, got: Got) -> None:
    result.rules.setdefault(label.key, Tally()).add(label, got)
    result.overall.add(label, got)
    if (label.expect == "finding") != bool(got.lines):
        result.disagreements.append({
            "card": label.card, "rule": label.key, "expected": label.expect,
            "got": "finding" if got.lines else "none", "label_line": label.line, "says": label.says,
            "note": label.note, "finding_lines": list(got.lines), "messages": list(got.messages),
        })


def as_json(result: Score) -> dict[str, Any]:
    """The score as one JSON document."""
    order = [key for keys in LABELLED_RULES.values() for key in keys]
    return {
        "cards": result.cards, "targets": {"precision": TARGET_PRECISION, "recall": TARGET_RECALL},
        "overall": result.overall.figures(),
        "rules": {key: result.rules[key].figures() for key in order if key in result.rules},
        "unread": result.unread, "context_only": result.context_cards, "disagreements": result.disagreements,
    }


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def as_text(result: Score) -> str:
    """The score as a table per rule, the cards not read, and the disagreements."""
    doc = as_json(result)
    lines = [f"aims-lint on {doc['cards']} labelled cards, {doc['overall']['labels']} labels "
             f"(targets: precision >= {_percent(TARGET_PRECISION)}, recall >= {_percent(TARGET_RECALL)})", "",
             f"{'rule':26} {'labels':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>10} {'recall':>8} "
             f"{'line =':>7} {f'line ±{LINE_NEAR}':>8}"]
    for key, figures in [*doc["rules"].items(), ("overall", doc["overall"])]:
        lines.append(f"{key:26} {figures['labels']:>6} {figures['tp']:>4} {figures['fp']:>4} {figures['fn']:>4} "
                     f"{figures['tn']:>4} {_percent(figures['precision']):>10} {_percent(figures['recall']):>8} "
                     f"{_percent(figures['line_exact']):>7} {_percent(figures['line_near']):>8}")
    lines += ["", f"cards not read as their kind ({len(result.unread)}):", *[f"  {card}" for card in result.unread]]
    lines += ["", f"cards only their repository marks as cards, not scored ({len(result.context_cards)}):",
              *[f"  {card} ({'read' if read else 'not read'})" for card, read in result.context_cards.items()]]
    lines += ["", f"disagreements ({len(result.disagreements)}):", *map(_disagreement, result.disagreements)]
    return "\n".join(lines)


def _disagreement(item: Mapping[str, Any]) -> str:
    where = ", ".join(f"line {line}" for line in item["finding_lines"])
    got = f"got a finding at {where}: {item['messages'][0]!r}" if item["messages"] else "got none"
    note = f" ({item['note']})" if item["note"] else ""
    return (f"  {item['card']}: {item['rule']} expected {item['expected']}, {got}\n"
            f"    card line {item['label_line']} says {item['says']!r}{note}")


def meets_targets(result: Score) -> bool:
    figures = result.overall.figures()
    return (figures["precision"] or 0) >= TARGET_PRECISION and (figures["recall"] or 0) >= TARGET_RECALL


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the score as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when precision or recall is under target")
    parser.add_argument("--with-context", action="store_true", help="also score the context-only cards")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"eval_score: corpus not found at {args.corpus} (pass --corpus DIR)", file=sys.stderr)
        return 2
    result = score(args.corpus, load_labels(), args.with_context)
    print(json.dumps(as_json(result), indent=2, ensure_ascii=False) if args.json else as_text(result))
    return 1 if args.check and not meets_targets(result) else 0


if __name__ == "__main__":
    sys.exit(main())
