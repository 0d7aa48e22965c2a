"""Markdown impact assessments read as people write them: synonyms and compound headings, a template's questions,
unticked options and empty answer boxes as no answer, and the system, assessor and dates from label lines and
two-column tables (pipe tables, and tables drawn with dashes as pandoc writes them)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import corpus_dir, write_tree

from aims_lint.adapters.impact_reading import written_date
from aims_lint.engine import RunOptions, run
from aims_lint.model import Artifact, FieldState, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

RULES = load_rules()
TODAY = datetime.date(2026, 6, 1)
IMPACT_RULES = frozenset({"IA101", "IA102", "IA103"})
# What the Responsible AI Impact Assessment template does not ask for (no section or box of its own).
NOT_ASKED = ["IA101:human_oversight", "IA101:next_review", "IA103:societal_impacts"]


def assessment(root: Path, text: str) -> Artifact:
    write_tree(root, {"impact/fraud-detector.md": text})
    return next(a for a in build_inventory([root]).artifacts if a.kind is Kind.IMPACT_ASSESSMENT)


def gaps(root: Path) -> list[str]:
    """'rule:field' of each impact finding, the field as the message names it."""
    report = run(build_inventory([root]), RULES, RunOptions(select=IMPACT_RULES, today=TODAY))
    found = []
    for finding in report.findings:
        named = next((field for field in NAMED if f"'{field}'" in finding.message), finding.message)
        found.append(f"{finding.rule_id}:{named}")
    return sorted(found)


NAMED = ("ai_system", "assessed_on", "assessor", "next_review", "human_oversight", "societal_impacts")


def state(artifact: Artifact, name: str) -> FieldState | None:
    found = artifact.fields.get(name)
    return None if found is None else found.state


def test_a_compound_heading_feeds_each_part_it_names(tmp_path: Path) -> None:
    found = assessment(tmp_path, "# Fraud detector\n\n## Harms and mitigations\n\nLegitimate payments are held; "
                                 "an analyst releases them within the hour.\n")
    assert state(found, "harms") is FieldState.PRESENT
    assert state(found, "failures_and_mitigations") is FieldState.PRESENT
    assert found.fields["harms"].origin == "section 'Harms and mitigations'"


def test_a_compound_heading_with_a_part_it_does_not_know_feeds_nothing(tmp_path: Path) -> None:
    found = assessment(tmp_path, "# Section 4: Project impacts and limitations\n\nThe project shares code.\n")
    assert "failures_and_mitigations" not in found.fields


@pytest.mark.parametrize("heading, name", [
    ("Possible real-world misuses", "foreseeable_misuse"), ("Risks of sharing", "foreseeable_misuse"),
    ("Known limitations", "failures_and_mitigations"), ("Mitigations for immediate risks", "failures_and_mitigations"),
    ("Impacts of sharing", "benefits"), ("Stakeholders", "individuals_and_groups"),
    ("Intended use cases", "intended_use")])
def test_the_headings_of_the_responsible_ai_template_name_their_parts(tmp_path: Path, heading: str,
                                                                      name: str) -> None:
    found = assessment(tmp_path, f"# Fraud detector\n\n## {heading}\n\nCard holders and small merchants, whose "
                                 "payments may be held.\n")
    assert state(found, name) is FieldState.PRESENT


@pytest.mark.parametrize("answer, present", [
    ("**5.4** What are the intended use cases for this work?", False),
    ("**5.4** Briefly describe the intended use cases for this work", False),
    ("**5.4** The model ranks card payments for an analyst to review.", True),
])
def test_a_templates_numbered_question_is_no_answer(tmp_path: Path, answer: str, present: bool) -> None:
    found = assessment(tmp_path, f"# Fraud detector\n\n## Intended Uses\n\n{answer}\n")
    assert (state(found, "intended_use") is FieldState.PRESENT) is present


def test_options_left_unticked_and_lead_ins_are_no_answer(tmp_path: Path) -> None:
    unticked = ("## Mitigations for immediate risks\n\n**4.5** Check all mitigations you intend to use.\n\n"
                "Limiting open release:\n\n> ☐ Not releasing code\n>\n> ☐ Gating the release through a form\n\n"
                "- [ ] Monitoring use for abuse\n\n> \\_\\_\\_\\_\\_\\_\\_\\_\n")
    found = assessment(tmp_path, f"# Fraud detector\n\n{unticked}")
    assert state(found, "failures_and_mitigations") is not FieldState.PRESENT
    found = assessment(tmp_path, "# Fraud detector\n\n" + unticked.replace("☐ Gating", "☒ Gating"))
    assert state(found, "failures_and_mitigations") is FieldState.PRESENT


DRAWN_BOX = """# Fraud detector

## Known limitations

**4.2** What are the current limitations of the system?

  -----------------------------------------------------------------------
  Known limitations
  -----------------------------------------------------------------------
{answer}
  -----------------------------------------------------------------------
"""


def test_an_empty_answer_box_drawn_with_dashes_is_no_answer(tmp_path: Path) -> None:
    found = assessment(tmp_path, DRAWN_BOX.format(answer=""))
    assert state(found, "failures_and_mitigations") is not FieldState.PRESENT
    found = assessment(tmp_path, DRAWN_BOX.format(answer="  Scores drift when merchants change how they bill.\n"))
    assert state(found, "failures_and_mitigations") is FieldState.PRESENT


def test_the_system_assessor_and_date_come_from_labels_and_tables(tmp_path: Path) -> None:
    found = assessment(tmp_path, "# Fraud detector\n\n| Project Name | fraud-detector |\n|---|---|\n"
                                 "| Point of contact | J. Doe |\n\n**Last updated:** June 5, 2023\n\n"
                                 "**Next review:** 5 June 2027\n")
    values = {name: (found.fields[name].value, found.fields[name].location.line)
              for name in ("ai_system", "assessor", "assessed_on", "next_review")}
    assert values == {"ai_system": ("fraud-detector", 3), "assessor": ("J. Doe", 5),
                      "assessed_on": ("2023-06-05", 7), "next_review": ("2027-06-05", 9)}
    assert found.fields["assessed_on"].origin == "label 'Last updated'"


def test_the_rows_of_a_table_drawn_with_dashes_give_labels(tmp_path: Path) -> None:
    found = assessment(tmp_path, "# Fraud detector\n\n  ---------------------------------------\n"
                                 "  Project Name         fraud-detector\n  -------------------- ----------\n"
                                 "  Point of contact     J. Doe (<jdoe@example.com>)\n  ----------------\n\n"
                                 "  ---------------------------------------\n  Authors              J. Doe, A. Roe\n"
                                 "  Last updated         1/18/2024\n  ---------------------------------------\n")
    assert found.fields["ai_system"].value == "fraud-detector"
    assert found.fields["assessor"].location.line == 6  # the point of contact, the first of the two
    assert found.fields["assessed_on"].value == "2024-01-18"


def test_a_date_that_reads_two_ways_is_not_taken(tmp_path: Path) -> None:
    found = assessment(tmp_path, "# Fraud detector\n\n**Last updated:** 3/4/2024\n")
    assert "assessed_on" not in found.fields
    assert "IA101:assessed_on" in gaps(tmp_path)


def test_the_front_matter_is_read_before_the_labels(tmp_path: Path) -> None:
    found = assessment(tmp_path, "---\nai_system: fraud-detector\nassessed_on: 2026-01-12\n---\n\n# Orca\n\n"
                                 "| Project Name | Orca |\n|---|---|\n\n**Last updated:** June 5, 2023\n")
    assert found.fields["ai_system"].value == "fraud-detector"
    assert found.fields["assessed_on"].origin == "front matter key 'assessed_on'"


@pytest.mark.parametrize("text, day", [
    ("June 5, 2023", datetime.date(2023, 6, 5)), ("5 June 2023", datetime.date(2023, 6, 5)),
    ("Sept. 3rd, 2021", datetime.date(2021, 9, 3)), ("2023/6/5", datetime.date(2023, 6, 5)),
    ("updated 2024-02-30, then 2024-03-01", datetime.date(2024, 3, 1)), ("1/18/2024", datetime.date(2024, 1, 18)),
    ("18/1/2024", datetime.date(2024, 1, 18)), ("4/4/2024", datetime.date(2024, 4, 4)),
    ("3/4/2024", None), ("Mayor 5 2020", None), ("soon", None)])
def test_written_dates(text: str, day: datetime.date | None) -> None:
    assert written_date(text) == day


def _corpus_assessment(tmp_path: Path, name: str) -> Path:
    """The corpus's assessment as a repository's impact/<system>.md (a template's own name marks it a template)."""
    (tmp_path / "impact").mkdir()
    shutil.copyfile(corpus_dir("risk", "microsoft-rai-impact-assessment") / name, tmp_path / "impact" / "system.md")
    return tmp_path


@pytest.mark.parametrize("name", ["genaiscript-impact-assessment.md", "orca-assessment-draft.md"])
def test_filled_responsible_ai_assessments_miss_only_what_the_template_does_not_ask(tmp_path: Path,
                                                                                     name: str) -> None:
    assert gaps(_corpus_assessment(tmp_path, name)) == NOT_ASKED


def test_the_blank_responsible_ai_template_misses_every_part(tmp_path: Path) -> None:
    found = gaps(_corpus_assessment(tmp_path, "impact-assessment-template.md"))
    assert set(NOT_ASKED) < set(found)
    messages = " ".join(found)
    for part in ("ai_system", "assessed_on", "assessor", "individuals and groups", "expected benefits",
                 "predictable failures", "foreseeable misuse", "intended use", "potential harms"):
        assert part in messages, part
