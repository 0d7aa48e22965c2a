"""The registry of checks is built from the declarations beside the functions, and every check is in use."""

from __future__ import annotations

import dataclasses
import importlib
import json
import types
from pathlib import Path
from typing import Any

import pytest

from aims_lint.checks import CHECKS
from aims_lint.checks.base import check, declared
from aims_lint.checks.options import NO_OPTIONS
from aims_lint.checks.registry import CHECK_MODULES, collect
from aims_lint.errors import RulePackError
from aims_lint.packs import load_rules, parse_pack
from aims_lint.schemas import compile_schema

CHECKS_DIR = Path(__file__).resolve().parent.parent / "aims_lint" / "checks"
# Modules of the checks package that hold what checks are made of, not checks.
NOT_CHECKS = {"__init__", "base", "context", "options", "registry"}


def test_every_module_that_declares_checks_is_registered() -> None:
    names = sorted(p.stem for p in CHECKS_DIR.glob("*.py") if p.stem not in NOT_CHECKS)
    modules = [importlib.import_module(f"aims_lint.checks.{name}") for name in names]
    assert all(declared(m) for m in modules), "a module of the checks package declares no check"
    assert set(modules) == set(CHECK_MODULES)
    assert {s.name for m in modules for s in declared(m)} == set(CHECKS)


def test_each_spec_is_its_function_s_own() -> None:
    for name, spec in CHECKS.items():
        function = spec.artifact_fn if spec.scope == "artifact" else spec.repository_fn
        assert function is not None and function.__name__ == name
        assert (spec.artifact_fn is None) != (spec.repository_fn is None)
        assert spec.description and spec.description == (function.__doc__ or "").strip().split("\n")[0]


def test_option_schemas_compile_and_refuse_unknown_options() -> None:
    for spec in CHECKS.values():
        compile_schema(spec.options_schema)
        assert spec.options_schema["type"] == "object"
        assert spec.options_schema["additionalProperties"] is False


def test_every_check_is_named_by_a_builtin_rule() -> None:
    assert {rule.check for rule in load_rules()} == set(CHECKS)


def test_a_name_declared_twice_is_refused() -> None:
    def make(module_name: str) -> types.ModuleType:
        module = types.ModuleType(module_name)

        @check(scope="repository", options=NO_OPTIONS, name="twice")
        def first(options: object, inventory: object) -> object:
            """A check."""
            return iter(())

        first.__module__ = module_name
        module.first = first  # type: ignore[attr-defined]
        return module

    with pytest.raises(ValueError, match="twice"):
        collect([make("a"), make("b")])


@pytest.mark.parametrize("message", ["{thing}: '{value}' is {title}", "{thing}: {value.__class__}", "{0} is unknown"])
def test_a_message_with_words_its_set_does_not_give_is_a_pack_error(message: str) -> None:
    pack = ("pack: mine\nrules:\n  - id: ZZ901\n    name: my-ids\n    title: Ids are known\n    severity: error\n"
            "    applies_to: [risk_register]\n    iso42001: {clauses: ['6.1.2']}\n"
            "    check:\n      function: ids_known\n      options:\n        entries: risks\n"
            "        ids:\n          - field: controls\n"
            "            within: [annex_a_controls]\n"
            f"            message: {json.dumps(message)}\n"
            "    help: Says what the rule checks and why it matters.\n    remediation: Says how to fix it.\n"
            "    example: x\n")
    where = r"^mine\.yaml:11: rules\.0\.check\.options: "
    with pytest.raises(RulePackError, match=where + r"message .* may use thing, value"):
        parse_pack("mine.yaml", pack)


def test_rules_options_are_what_the_pack_says_and_prepared_state_stands_beside_them() -> None:
    """A rule's options are the pack's own mapping; what a check compiles from them (a schema) is kept beside."""
    import yaml

    from aims_lint.checks.fields import SchemaCondition
    from aims_lint.packs import builtin_pack_files

    said = {raw["id"]: raw["check"].get("options", {})
            for _, text in builtin_pack_files() for raw in yaml.safe_load(text)["rules"]}
    rules = load_rules()
    assert rules and {r.id for r in rules} == set(said)
    for rule in rules:
        assert dict(rule.options) == said[rule.id], rule.id
        if rule.check == "schema_condition":
            assert isinstance(rule.prepared, SchemaCondition)
    with_prepared = next(r for r in rules if r.prepared is not None)
    assert with_prepared == dataclasses.replace(with_prepared, prepared=None)
    assert "prepared" not in repr(with_prepared)


def _schema_rule(options: dict[str, object]) -> Any:
    from aims_lint.checks.fields import prepare_schema_condition

    return prepare_schema_condition(options)


def test_a_schema_condition_with_its_own_message_is_one_finding_per_failing_field(tmp_path: Path) -> None:
    """With a message of its own and conditions on named fields only, each failing field is one finding at its
    line (no list of errors is built); any other schema is judged whole, each error a finding."""
    from aims_lint import LintRequest, lint

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datasheet.yaml").write_text(
        "schema_version: '1.0'\nname: clicks\n"
        "personal_data:\n  contains_personal_data: true\n"
        "source:\n  type: purchased\n  description: a feed\n", encoding="utf-8")
    report = lint(LintRequest(paths=(str(tmp_path),), select=frozenset({"DS105", "DS111"}))).report
    found = sorted((f.rule_id, f.location.line, f.message) for f in report.findings)
    assert found == [
        ("DS105", 3, "the dataset holds personal data but gives no legal basis or consent"),
        ("DS111", 5, "data from a third party must name its supplier under 'source.supplier'"),
    ]
    per_field = _schema_rule({"message": "m", "schema": {"properties": {"a": {"type": "string"}}}})
    assert per_field.whole is None and set(per_field.by_field) == {"a"}
    whole = _schema_rule({"message": "m", "schema": {"required": ["a"], "properties": {"a": {}}}})
    assert whole.whole is not None and not whole.by_field
    assert _schema_rule({"schema": {"properties": {"a": {}}}}).whole is not None


@pytest.mark.parametrize("basis", ["TBD", "N/A", "pending", "see the DPIA", "  tbd. "])
def test_a_non_answer_is_no_legal_basis(tmp_path: Path, basis: str) -> None:
    """DS105: a legal basis or consent that only says 'TBD', 'N/A', 'pending' or 'see ...' is none."""
    from aims_lint import LintRequest, lint

    def findings(value: str) -> list[str]:
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / "datasheet.yaml").write_text(
            "schema_version: '1.0'\nname: clicks\npersonal_data:\n  contains_personal_data: true\n"
            f"  legal_basis: {json.dumps(value)}\n", encoding="utf-8")
        report = lint(LintRequest(paths=(str(tmp_path),), select=frozenset({"DS105"}))).report
        return [f.rule_id for f in report.findings]

    assert findings(basis) == ["DS105"]
    assert findings("Legitimate interest (fraud prevention), recorded in DPIA-7") == []
