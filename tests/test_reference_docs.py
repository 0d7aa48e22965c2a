"""The references a pack author and a configuring team read are current and complete: the canonical fields and
check functions generated from the code, every configuration key documented and in the schema (and the other way
round), and the configuration page's examples valid."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT, make_git_repo

from aims_lint.config import load_config
from aims_lint.fieldsdoc import FIELDS_END, FIELDS_START, checks_page, render_fields_page
from aims_lint.read import build_inventory
from aims_lint.schemas import load_schema

DOCS = PROJECT / "docs"
FIELDS_PAGE = (DOCS / "canonical-fields.md").read_text(encoding="utf-8")
CONFIG_PAGE = (DOCS / "configuration.md").read_text(encoding="utf-8")
# Formats whose own tables are on their pages (formats/mct.md, formats/cyclonedx.md), not generated here.
OWN_TABLES = frozenset({"mct", "cyclonedx"})


def test_the_canonical_fields_tables_are_current() -> None:
    assert FIELDS_START in FIELDS_PAGE and FIELDS_END in FIELDS_PAGE
    assert render_fields_page(FIELDS_PAGE) == FIELDS_PAGE, "run `python -m aims_lint.rulesdoc`"


def test_the_check_functions_page_is_current() -> None:
    assert checks_page() == (DOCS / "check-functions.md").read_text(encoding="utf-8"), \
        "run `python -m aims_lint.rulesdoc`"


def _documented() -> dict[str, set[str]]:
    """Kind heading -> the fields its generated table or entry lines name."""
    generated = FIELDS_PAGE.split(FIELDS_START, 1)[1].split(FIELDS_END, 1)[0]
    found: dict[str, set[str]] = {}
    for part in generated.split("\n## ")[1:]:
        title, body = part.split("\n", 1)
        found[title.strip()] = set(re.findall(r"^\| `([^`]+)`", body, re.MULTILINE)) | set(
            re.findall(r"`([a-z_]+)` \(", body))
    return found


_TITLES = {"model_card": "Model card", "dataset_record": "Dataset record", "risk_register": "Risk register",
           "impact_assessment": "Impact assessment", "soa": "Statement of Applicability",
           "ai_inventory": "AI inventory", "ai_policy": "AI policy and concerns channel",
           "concerns_channel": "AI policy and concerns channel", "ai_processes": "AI policy and concerns channel",
           "ai_objectives": "AI objectives", "nonconformity_log": "Nonconformity log",
           "management_review": "Management review", "audit_programme": "Audit programme",
           "monitoring_plan": "Monitoring plan", "incident_response": "Incident response",
           "event_logging": "Event logging", "ai_roles": "AI roles", "codeowners": "CODEOWNERS"}


def _trees(tmp_path: Path) -> Iterator[Path]:
    yield PROJECT / "examples"
    for fixture in sorted((PROJECT / "tests" / "fixtures" / "rules").glob("*/*")):
        if fixture.is_dir():
            target = tmp_path / fixture.parent.name / fixture.name
            shutil.copytree(fixture, target, symlinks=True)
            yield target


def test_every_field_the_readers_give_is_documented(tmp_path: Path) -> None:
    """Every field read from the examples and the rule fixtures, and every field of an entry of a governance list,
    is in the table of its kind or named on the page (formats with tables of their own aside; keys a schema
    refuses, which their rule reports, aside), so a field added to a reader and not to the page fails here."""
    from aims_lint.adapters.governance import ENTRY_LISTS

    documented = _documented()
    prose = set(re.findall(r"`([a-z_]+)`", FIELDS_PAGE.split(FIELDS_START, 1)[0]))
    missing: set[tuple[str, str, str]] = set()
    for tree in _trees(tmp_path):
        inventory = build_inventory([tree])
        refused = {p.location.path for p in inventory.problems if p.code in ("schema", "governance-schema")}
        for artifact in inventory.artifacts:
            if artifact.format in OWN_TABLES or artifact.kind.value == "weights" or artifact.path in refused:
                continue
            table = documented[_TITLES[artifact.kind.value]] | prose
            names = set(artifact.fields) | {n for name in ENTRY_LISTS.get(artifact.kind, ())
                                            for e in artifact.entries.get(name, ()) for n in e.fields}
            missing |= {(artifact.kind.value, artifact.format, n) for n in names
                        if n not in table and not n.startswith("x-")}
    assert not missing, sorted(missing)


# --- the configuration's keys ----------------------------------------------------------------------------------


def schema_keys() -> set[str]:
    """Every key a configuration may hold, as the page names them: rules.<rule>.severity, waivers[].reason."""
    schema = load_schema("config")
    keys = set(schema["properties"]) - {"rules", "per-path-ignores", "discovery"}  # mappings: by their keys
    rule = next(b for b in schema["properties"]["rules"]["additionalProperties"]["oneOf"] if b.get("type") == "object")
    keys |= {"rules.<rule>"} | {f"rules.<rule>.{k}" for k in rule["properties"]}
    keys |= {"per-path-ignores.<glob>", "discovery.<kind>"}
    keys |= {f"waivers[].{k}" for k in schema["properties"]["waivers"]["items"]["properties"]}
    return keys


def documented_keys() -> set[str]:
    settings = CONFIG_PAGE.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", settings, re.MULTILINE))


def test_every_documented_key_is_in_the_schema_and_the_other_way_round() -> None:
    assert documented_keys() == schema_keys()
    kinds = set(load_schema("config")["properties"]["discovery"]["properties"])
    row = next(line for line in CONFIG_PAGE.splitlines() if line.startswith("| `discovery.<kind>` |"))
    assert {k for k in kinds if f"`{k}`" in row} == kinds


def test_the_configuration_page_examples_are_valid_and_say_the_same(tmp_path: Path) -> None:
    yaml_text, toml_text = (re.findall(r"```yaml\n(.*?)```", CONFIG_PAGE, re.DOTALL)[0],
                            re.findall(r"```toml\n(.*?)```", CONFIG_PAGE, re.DOTALL)[0])
    pack = re.findall(r"```yaml\n(.*?)```", (DOCS / "team-packs.md").read_text(encoding="utf-8"), re.DOTALL)[0]
    common = {"policies/acme.yaml": pack, "platform/aims-lint.yaml": "fail-on: error\n", "models/m/README.md": "# M\n"}
    from_yaml = load_config([str(make_git_repo(tmp_path / "y", {**common, ".aims-lint.yaml": yaml_text}))])
    from_toml = load_config([str(make_git_repo(tmp_path / "t", {**common, "pyproject.toml": toml_text}))])
    for config in (from_yaml, from_toml):
        request = config.request([str(config.root)])
        assert request.select == frozenset({"MC", "DS", "GV", "A.5"}) and "A.10.3" in request.ignore
        assert config.fail_on.value == "warning" and config.today.value.isoformat() == "2026-01-31"
        assert [w.rule for w in config.waivers] == ["DS105"] and config.waivers[0].approved_by == "Head of data"
        assert {r.rule: r.severity.label for r in config.rules if r.severity} == {"MC105": "warning", "SUP103": "note"}
    from aims_lint import lint

    lint(from_yaml.request([str(from_yaml.root)]))  # every entry names a rule; the options satisfy their checks


@pytest.mark.parametrize("page", ["configuration.md", "team-packs.md", "canonical-fields.md", "check-functions.md"])
def test_the_pages_link_to_pages_that_exist(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    pending = {"suppressions.md"}  # the page on suppressions, waivers and baselines is written beside their code
    for target in re.findall(r"\]\(([^)#]+\.(?:md|json))(?:#[^)]*)?\)", text):
        assert (DOCS / target).exists() or target in pending, target
