"""ISO/IEC 42001 coverage, computed from the built-in packs and the catalogue: every Annex A control and the
management-system clauses a repository can evidence are each cited by a rule that judges content, and rule help
says where a limit is ours rather than the standard's."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import PROJECT

from aims_lint.catalog import catalog
from aims_lint.model import Rule
from aims_lint.packs import load_rules

RULES = load_rules()
# Checks that only find a document or a file missing, or a file that cannot be read: they show that evidence
# exists, not what it says.
PRESENCE_ONLY = frozenset({"governance_present", "file_problems", "weights_have_card", "paths_exist"})
# The clauses a repository can give evidence of (a clause with sub-clauses counts through any of them).
TARGET_CLAUSES = ("4.3", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "7.5", "8.2", "8.3", "8.4", "9.1",
                  "9.2", "9.3", "10.2")
# Controls still waiting for a documented format and a rule that reads it; this set may only shrink.
NOT_YET: frozenset[str] = frozenset()
NOT_YET_CLAUSES: frozenset[str] = frozenset()
EVIDENCE_NOTES = PROJECT.parent / "shared" / "iso42001" / "evidence.md"


def _content_rules() -> list[Rule]:
    return [r for r in RULES if r.check not in PRESENCE_ONLY]


def _covered(rules: list[Rule] | None = None) -> set[str]:
    chosen = _content_rules() if rules is None else rules
    return {i for r in chosen if r.check not in PRESENCE_ONLY for i in (*r.iso.clauses, *r.iso.controls)}


def _missing_controls(rules: list[Rule]) -> set[str]:
    return set(catalog().controls) - _covered(rules) - NOT_YET


def _clause_covered(clause: str, covered: set[str]) -> bool:
    return any(c == clause or c.startswith(clause + ".") for c in covered)


def test_every_annex_a_control_is_judged_by_a_content_rule() -> None:
    missing = sorted(_missing_controls(RULES))
    assert not missing, f"Annex A controls no content rule cites: {missing}"


def test_the_waiting_list_only_holds_what_is_still_missing() -> None:
    assert not NOT_YET & _covered(), "a control now covered: remove it from NOT_YET"
    assert set(catalog().controls) >= NOT_YET


def test_target_clauses_are_judged_by_content_rules() -> None:
    covered = _covered()
    assert all(c in catalog().clauses for c in TARGET_CLAUSES)
    missing = [c for c in TARGET_CLAUSES if not _clause_covered(c, covered) and c not in NOT_YET_CLAUSES]
    assert not missing, f"clauses no content rule cites: {missing}"
    assert not [c for c in NOT_YET_CLAUSES if _clause_covered(c, covered)], "a clause now covered: remove it"


def test_controls_the_evidence_notes_call_checkable_are_in_the_target() -> None:
    if not EVIDENCE_NOTES.is_file():
        pytest.skip(f"the evidence notes are not beside the project ({EVIDENCE_NOTES})")
    rows = re.findall(r"^\| (A\.[0-9.]+) \|.*\| ([YPN/ ()a-z]+) \|$", EVIDENCE_NOTES.read_text(encoding="utf-8"),
                      re.MULTILINE)
    checkable = {control for control, mark in rows if "Y" in mark or "P" in mark}
    assert checkable, "no control rows read from the evidence notes"
    assert checkable <= set(catalog().controls)
    assert not checkable - _covered() - NOT_YET


def test_coverage_drops_when_a_content_rule_goes() -> None:
    """The computation is not vacuous: without the rules citing A.10.3, or with them checking presence only,
    A.10.3 is reported missing."""
    assert "A.10.3" not in _missing_controls(RULES)
    assert "A.10.3" in _missing_controls([r for r in RULES if "A.10.3" not in r.iso.controls])
    presence = [replace(r, check="governance_present") if "A.10.3" in r.iso.controls else r for r in RULES]
    assert "A.10.3" in _missing_controls(presence)


def test_limits_of_our_own_are_options_and_the_help_says_so() -> None:
    limited = [r for r in RULES if {"max_age_days", "max_days"} & set(r.options)]
    assert limited, "no rule with an interval of our own"
    for rule in limited:
        assert "our policy" in rule.help, rule.id


def test_governance_examples_are_content_not_a_path() -> None:
    path_only = re.compile(r"[\w./<>@*-]+")
    for rule in RULES:
        if rule.pack != "governance":
            continue
        lines = [line.strip() for line in rule.example.splitlines() if line.strip()]
        assert not all(path_only.fullmatch(line) for line in lines), rule.id


def test_governance_help_says_what_an_auditor_looks_for() -> None:
    silent = [r.id for r in RULES if r.pack == "governance" and "auditor" not in r.help.lower()]
    assert not silent
