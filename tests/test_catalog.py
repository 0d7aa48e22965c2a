"""ISO/IEC 42001 ids: every id a rule cites exists; the package catalogue agrees with the shared reference map."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, CliResult, missing_tool

from aims_lint import packs
from aims_lint.catalog import catalog
from aims_lint.errors import RulePackError
from aims_lint.packs import builtin_pack_files, load_rules, parse_pack

REFERENCE_MAP = PROJECT.parent / "shared" / "iso42001" / "iso42001_map.yaml"
GROUPS = ("clauses", "controls", "guidance")
RunCli = Callable[..., CliResult]


def reference_map() -> dict[str, object]:
    if not REFERENCE_MAP.is_file():
        missing_tool(f"ISO/IEC 42001 reference map not found at {REFERENCE_MAP} (clone the project with ../shared)")
    return yaml.safe_load(REFERENCE_MAP.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _raw_citations() -> list[tuple[str, str, str, str]]:
    """(pack, rule id, group, iso id) read straight from the pack files, not through the loader."""
    found = []
    for name, text in builtin_pack_files():
        for rule in yaml.safe_load(text)["rules"]:
            for group in GROUPS:
                for iso_id in rule.get("iso42001", {}).get(group, []) or []:
                    found.append((name, rule["id"], group, str(iso_id)))
    return found


def test_every_pack_is_read() -> None:
    names = [name for name, _ in builtin_pack_files()]
    on_disk = sorted(f"rules/{p.name}" for p in (PROJECT / "rules").glob("*.yaml"))
    assert names == on_disk
    assert {r.pack for r in load_rules()} == {yaml.safe_load(text)["pack"] for _, text in builtin_pack_files()}


def test_every_cited_id_exists_in_the_catalogue() -> None:
    known = catalog()
    tables = {"clauses": known.clauses, "controls": known.controls, "guidance": known.guidance}
    citations = _raw_citations()
    assert len(citations) >= 60
    unknown = [c for c in citations if c[3] not in tables[c[2]]]
    assert unknown == []


def test_loaded_rules_keep_every_citation() -> None:
    from_files = {(rule_id, group, iso_id) for _, rule_id, group, iso_id in _raw_citations()}
    loaded = {
        (rule.id, group, iso_id) for rule in load_rules() for group in GROUPS for iso_id in getattr(rule.iso, group)
    }
    assert loaded == from_files


def test_every_rule_cites_a_control_or_a_clause() -> None:
    bare = [r.id for r in load_rules() if not (r.iso.controls or r.iso.clauses)]
    assert bare == []


def test_the_issue_controls_are_covered() -> None:
    cited = {c for r in load_rules() for c in r.iso.controls}
    required = {"A.4.3", "A.6.2.4", "A.6.2.7", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6", "A.8.2", "A.9.4"}
    assert required <= cited


# --- the package catalogue against the shared reference map ----------------------------------------------------


def test_clauses_match_the_reference() -> None:
    reference = {str(c["id"]): c["title"] for c in reference_map()["clauses"]}  # type: ignore[index]
    ours = dict(catalog().clauses)
    assert ours
    assert {k: v for k, v in ours.items() if reference.get(k) != v} == {}


def test_annex_a_matches_the_reference_completely() -> None:
    entries = reference_map()["annex_a"]
    reference = {e["id"]: (e["title"], e["group"], e["group_title"]) for e in entries}  # type: ignore[union-attr]
    assert len(reference) == 38
    ours = catalog()
    assert set(ours.controls) == set(reference)
    for control, (title, _, _) in reference.items():
        assert ours.controls[control] == title, control
    groups = {group: group_title for _, group, group_title in reference.values()}
    assert dict(ours.control_groups) == groups


def test_annex_b_mirrors_annex_a_as_in_the_reference() -> None:
    reference = {
        e["annex_b_id"]: e["title"] for e in reference_map()["annex_a"] if e.get("b_mirrors_a")  # type: ignore[union-attr]
    }
    ours = dict(catalog().guidance)
    assert ours
    assert {k: v for k, v in ours.items() if reference.get(k) != v} == {}


def test_annex_c_matches_the_reference() -> None:
    annex_c = reference_map()["annex_c"]
    objectives = {o["id"]: o["title"] for o in annex_c["objectives"]}  # type: ignore[index]
    sources = {s["id"]: s["title"] for s in annex_c["risk_sources"]}  # type: ignore[index]
    assert dict(catalog().objectives) == objectives
    assert dict(catalog().risk_sources) == sources


def test_ids_the_reference_calls_wrong_are_not_in_the_catalogue() -> None:
    notes = " ".join(str(v.get("problem", "")) for v in reference_map()["known_bad_variants"])  # type: ignore[union-attr]
    wrong = re.findall(r"'((?:A\.)?\d+(?:\.\d+)+) ([^']+)'", notes)
    assert len(wrong) >= 5, "the reference map lists ids and titles seen in the wild that are wrong"
    known = catalog()
    for iso_id, title in wrong:
        # Either the id does not exist, or it exists with another title (a real id misnamed in the wild).
        ours = known.controls.get(iso_id) or known.clauses.get(iso_id)
        assert ours != title, (iso_id, title)
    assert not {"A.6.1.4", "A.6.10", "A.5.1"} & set(known.controls)
    assert "6.1.5" not in known.clauses


# --- an unknown id in a pack fails the load with the file and the path -----------------------------------------

BROKEN_PACK = """pack: broken
rules:
  - id: ZZ901
    name: broken-rule
    title: A rule citing a control that does not exist
    severity: error
    applies_to: [model_card]
    iso42001:
      controls:
        - A.9.4
        - A.6.1.4
    check: {function: required_fields, options: {fields: [intended_use]}}
    help: Says what the rule checks.
    remediation: Says how to fix it.
    example: |
      intended_use: ranks reviews
"""


def test_parse_pack_names_file_line_and_path_of_an_unknown_id() -> None:
    with pytest.raises(RulePackError) as caught:
        parse_pack("rules/broken.yaml", BROKEN_PACK)
    message = str(caught.value)
    line = BROKEN_PACK.split("\n").index("        - A.6.1.4") + 1
    assert message.startswith(f"rules/broken.yaml:{line}: rules.0.iso42001.controls.1:")
    assert "A.6.1.4" in message


@pytest.mark.parametrize(
    ("group", "bad"),
    [("clauses", "6.1.5"), ("guidance", "B.6.1.4"), ("controls", "A.7.2 Data quality")],
)
def test_each_group_checks_its_ids(group: str, bad: str) -> None:
    text = BROKEN_PACK.replace("      controls:\n        - A.9.4\n        - A.6.1.4\n",
                               f"      controls: [A.9.4]\n      {group}:\n        - {bad}\n")
    if group == "controls":
        text = BROKEN_PACK.replace("- A.6.1.4", f"- {bad}")
    with pytest.raises(RulePackError) as caught:
        parse_pack("rules/broken.yaml", text)
    assert f"rules.0.iso42001.{group}." in str(caught.value)


def test_the_command_line_exits_2_on_a_pack_with_an_unknown_id(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shipped = builtin_pack_files()
    monkeypatch.setattr(packs, "builtin_pack_files", lambda: [*shipped, ("rules/broken.yaml", BROKEN_PACK)])
    (tmp_path / "MODEL_CARD.md").write_text("# Model Card\n", encoding="utf-8")
    for args in (("rules",), ("check", str(tmp_path)), ("explain", "MC101")):
        result = run_cli(*args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 1, result.stderr
        assert "rules/broken.yaml:11: rules.0.iso42001.controls.1" in lines[0]
        assert "Traceback" not in result.stderr
