"""`aims-lint test PACK...`: run the pass and fail examples each rule of a pack carries (its `tests`), each as a
repository of its own in a temporary folder, and summarise them as pytest does.

A case is documents written inline by path (`files`) or a file or folder beside the pack (`path`), copied into
the temporary folder, so that the rule judges them as it would in a repository and nothing else is read. A pass
case must give no finding of the rule; a fail case at least one, and exactly the `findings` (PATH:LINE) it lists
when it lists them. Either fails when none of its documents is of a kind the rule judges, or when one of them
cannot be read: a case that never reached the rule proves nothing. Nothing in a pack or a case is ever imported
or executed: a case's files are only written and read as the documents they are.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aims_lint.errors import RulePackError
from aims_lint.model import Finding, Report, Rule

WIDTH = 80


@dataclass(frozen=True, slots=True)
class Case:
    """One example of a rule, and where it is written."""

    pack: str  # the pack file as shown
    rule: Rule
    number: int  # its place among the rule's cases, from 1
    expect: str  # "pass" or "fail"
    line: int
    name: str = ""
    files: Mapping[str, str] | None = None
    path: Path | None = None
    findings: tuple[str, ...] | None = None
    today: datetime.date | None = None

    @property
    def node(self) -> str:
        """Its id, as pytest writes one: PACK::RULE::NAME."""
        return f"{self.pack}::{self.rule.id}::{self.name or f'{self.expect}[{self.number}]'}"


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    failure: str | None  # why the case failed, or None when it passed


@dataclass(frozen=True, slots=True)
class Collected:
    """Every case of the packs, the rules they run among, and the rules of the packs that have none."""

    rules: tuple[Rule, ...]
    cases: tuple[Case, ...]
    untested: tuple[tuple[str, str], ...]  # (pack, rule id)


def collect(packs: Sequence[Path]) -> Collected:
    """The packs loaded beside the built-in ones (so that every clash and defect is found as `check` finds it),
    and their cases; RulePackError for a pack or case that cannot be used."""
    from aims_lint.packs import load_rules, read_pack_file

    rules = load_rules(tuple(packs))
    by_id = {rule.id: rule for rule in rules}
    cases: list[Case] = []
    untested: list[tuple[str, str]] = []
    for path in packs:
        shown = _shown(path)
        data, positions = _document(path, read_pack_file(path))
        for index, raw in enumerate(data["rules"]):
            rule = by_id[raw["id"]]
            written = raw.get("tests", ())
            if not written:
                untested.append((shown, rule.id))
            for number, item in enumerate(written, start=1):
                line = positions.get(f"/rules/{index}/tests/{number - 1}", (1, 1))[0]
                cases.append(_case(path, shown, rule, number, item, line))
    return Collected(rules, tuple(cases), tuple(untested))


def _shown(path: Path) -> str:
    from aims_lint.read.paths import shown_path

    return shown_path(path)


def _document(path: Path, text: str) -> tuple[Any, Mapping[str, tuple[int, int]]]:
    from aims_lint.parse.yamlpos import load_yaml

    loaded = load_yaml(text)  # valid: load_rules read it before
    return loaded.data, loaded.positions


def _case(pack: Path, shown: str, rule: Rule, number: int, raw: Mapping[str, Any], line: int) -> Case:
    """A case as written, its path (if any) resolved beside the pack and kept inside the pack's repository."""
    from aims_lint.config import find_root
    from aims_lint.vocab import date_value

    path = None
    if "path" in raw:
        path = (pack.parent / raw["path"]).absolute()
        root = os.path.realpath(find_root(pack))
        real = os.path.realpath(path)
        if not (real == root or real.startswith(root.rstrip(os.sep) + os.sep)) or not os.path.exists(path):
            raise RulePackError(f"{shown}:{line}: rules.{rule.id}.tests[{number - 1}].path: expected a file or folder "
                                f"inside the pack's repository, not {raw['path']!r}")
    today = date_value(raw["today"]) if "today" in raw else None
    if "today" in raw and today is None:
        raise RulePackError(f"{shown}:{line}: rules.{rule.id}.tests[{number - 1}].today: {raw['today']!r} is no "
                            "day of the calendar")
    findings = raw.get("findings")
    return Case(shown, rule, number, raw["expect"], line, raw.get("name", ""), raw.get("files"), path,
                tuple(findings) if findings is not None else None, today)


def run_case(case: Case, rules: Sequence[Rule]) -> Outcome:
    """Lay the case out in a temporary folder and judge it by its rule alone (and the rules of unreadable files)."""
    from aims_lint.pipeline import LintRequest, lint

    with tempfile.TemporaryDirectory(prefix="aims-lint-test-") as folder:
        root = Path(folder) / "case"
        _lay_out(case, root)
        readers = frozenset() if case.rule.id.startswith("AL") else frozenset({"AL"})
        request = LintRequest(paths=(str(root),), rules=tuple(rules), select=frozenset({case.rule.id}) | readers,
                              today=case.today)
        report = lint(request).report
    return Outcome(case, _verdict(case, report))


def _lay_out(case: Case, root: Path) -> None:
    if case.files is not None:
        for rel, text in case.files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    elif case.path is not None and case.path.is_dir():
        shutil.copytree(case.path, root, symlinks=True)
    elif case.path is not None:
        root.mkdir(parents=True)
        shutil.copy2(case.path, root / case.path.name, follow_symlinks=False)


def _verdict(case: Case, report: Report) -> str | None:
    """Why the case failed, or None."""
    rule = case.rule
    unreadable = [f for f in report.findings if f.rule_id != rule.id]
    if unreadable:
        return f"the case's documents cannot be read: {_at(unreadable[0])} {unreadable[0].rule_id} " \
               f"{unreadable[0].message}"
    kinds = set(rule.applies_to)
    if "repository" not in kinds and not any(a.kind in kinds for a in report.artifacts):
        read = ", ".join(f"{a.path} ({a.kind})" for a in report.artifacts) or "none"
        return (f"none of the case's documents is a {' or '.join(sorted(kinds))}, which {rule.id} judges (read as "
                f"artifacts: {read}); is each named as aims-lint finds it?")
    found = [f for f in report.findings if f.rule_id == rule.id]
    if case.expect == "pass":
        if not found:
            return None
        return f"expected no findings of {rule.id}, got {len(found)}: " + "; ".join(
            f"{_at(f)} {f.message}" for f in found[:3])
    if not found:
        return f"expected findings of {rule.id}, got none"
    if case.findings is not None and sorted(map(_at, found)) != sorted(case.findings):
        return f"expected findings of {rule.id} at {', '.join(sorted(case.findings))}; got " + "; ".join(
            f"{_at(f)} {f.message}" for f in found)
    return None


def _at(finding: Finding) -> str:
    return f"{finding.location.path}:{finding.location.line}"


# --- the summary ------------------------------------------------------------------------------------------------


def _rule_line(title: str, fill: str = "=") -> str:
    text = f" {title} " if title else ""
    side = max(WIDTH - len(text), 2)
    return fill * (side // 2) + text + fill * (side - side // 2)


def run_tests(packs: Sequence[Path], *, verbose: bool = False) -> tuple[str, int]:
    """The pytest-like summary of every case of the packs, and the exit code: 0 when all pass, 1 otherwise."""
    started = time.perf_counter()
    collected = collect(packs)
    outcomes = [run_case(case, collected.rules) for case in collected.cases]
    lines = [_rule_line("aims-lint test"),
             f"collected {len(outcomes)} case{'s' * (len(outcomes) != 1)} from {len(packs)} "
             f"pack{'s' * (len(packs) != 1)} ({_count(collected)} rules)", ""]
    lines += list(_progress(outcomes, verbose))
    failed = [o for o in outcomes if o.failure is not None]
    if failed:
        lines += ["", _rule_line("FAILURES")]
        for outcome in failed:
            lines += [_rule_line(outcome.case.node, "_"), f"{outcome.case.pack}:{outcome.case.line}: "
                      f"{outcome.failure}", ""]
        lines.append(_rule_line("short test summary info"))
        lines += [f"FAILED {o.case.node} - {o.failure}" for o in failed]
    if collected.untested:
        lines += ["", *(f"warning: {pack}::{rule} has no test cases" for pack, rule in collected.untested)]
    counts = [f"{len(failed)} failed"] if failed else []
    counts.append(f"{len(outcomes) - len(failed)} passed")
    if collected.untested:
        counts.append(f"{len(collected.untested)} rule{'s' * (len(collected.untested) != 1)} without cases")
    lines.append(_rule_line(f"{', '.join(counts)} in {time.perf_counter() - started:.2f}s"))
    return "\n".join(lines) + "\n", 1 if failed else 0


def _count(collected: Collected) -> int:
    return len({c.rule.id for c in collected.cases} | {rule for _, rule in collected.untested})


def _progress(outcomes: Sequence[Outcome], verbose: bool) -> Iterator[str]:
    """One line per case (verbose), or a line of dots and Fs per pack, as pytest prints them."""
    if verbose:
        for outcome in outcomes:
            yield f"{outcome.case.node} {'PASSED' if outcome.failure is None else 'FAILED'}"
        return
    by_pack: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_pack.setdefault(outcome.case.pack, []).append(outcome)
    done = 0
    for pack, group in by_pack.items():
        done += len(group)
        marks = "".join("." if o.failure is None else "F" for o in group)
        share = f"[{100 * done // max(len(outcomes), 1):3d}%]"
        yield f"{pack} {marks}".ljust(WIDTH - len(share)) + share
