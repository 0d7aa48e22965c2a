"""The quick checker answers as jsonschema does: on the configuration schema and every check's options schema, for
every option a built-in pack gives, and for values generated from the schemas' own words."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aims_lint.checks import CHECKS
from aims_lint.packs import load_rules
from aims_lint.schemas import load_schema
from aims_lint.schemas.quick import quick_valid

SCHEMAS = {"config": load_schema("config"), "rule-pack": load_schema("rule-pack"),
           **{f"options of {n}": dict(s.options_schema) for n, s in CHECKS.items()}}
OPTIONS = sorted(n for n, s in SCHEMAS.items() if n.startswith("options") and s.get("properties"))


def _words(schema: Any) -> Iterator[Any]:
    """Every property name, enum value and const a schema holds: what generated values are made of."""
    if isinstance(schema, Mapping):
        yield from schema.get("properties", {})
        yield from schema.get("enum", ())
        if "const" in schema:
            yield schema["const"]
        for value in schema.values():
            yield from _words(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _words(value)


SAMPLES = ["", " ", "MC", "MC101", "mc101", "A.6.2.7", "B.9.4", "7.5", "off", "warn", "warning", "docs/**", "!x",
           "https://example.com/x.yaml", "2026-01-31", "31/01/2026", "x-team", "a b"]


def values(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    words = sorted({w for w in _words(schema) if isinstance(w, str)})
    scalars = st.one_of(st.sampled_from(words + SAMPLES), st.integers(-2, 400), st.booleans(), st.none(),
                        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5))
    keys = st.sampled_from([*words, "unknown", "MC101", "docs/**"]) if words else st.text(max_size=5)
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(keys, inner, max_size=5)), max_leaves=12)


def _validator(schema: Mapping[str, Any]) -> Any:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


VALIDATORS = {name: _validator(schema) for name, schema in SCHEMAS.items()}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_of_ours_is_decided_quickly(name: str) -> None:
    assert quick_valid(SCHEMAS[name], {}) is not None


def test_every_built_in_pack_and_its_options_are_valid_quickly() -> None:
    import yaml

    from aims_lint.packs import builtin_pack_files
    from aims_lint.parse.yamlpos import PositionLoader

    for _, text in builtin_pack_files():
        assert quick_valid(SCHEMAS["rule-pack"], yaml.load(text, Loader=PositionLoader)) is True
    for rule in load_rules():
        assert quick_valid(CHECKS[rule.check].options_schema, dict(rule.options)) is True, rule.id


@pytest.mark.parametrize("name", ["config", "rule-pack"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_quick_verdict_on_configurations_and_packs_is_jsonschema_s(name: str, data: st.DataObject) -> None:
    value = data.draw(values(SCHEMAS[name]))
    assert quick_valid(SCHEMAS[name], value) == VALIDATORS[name].is_valid(value), value


@pytest.mark.parametrize("name", OPTIONS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_quick_verdict_on_options_is_jsonschema_s(name: str, data: st.DataObject) -> None:
    schema = SCHEMAS[name]
    value = data.draw(values(schema))
    assert quick_valid(schema, value) == VALIDATORS[name].is_valid(value), value


@pytest.mark.parametrize(("schema", "value", "expected"), [
    ({"enum": [1]}, True, False),  # true is not 1
    ({"const": 1}, 1.0, True),  # 1 is 1.0
    ({"type": "integer"}, 2.0, True),
    ({"type": "integer"}, True, False),
    ({"uniqueItems": True}, [1, True], True),
    ({"uniqueItems": True}, [{"a": 1}, {"a": 1.0}], False),
    ({"format": "date"}, "x", None),  # a keyword it does not take: undecided
    ({"items": [{"type": "string"}]}, [1], None),
    ({"$ref": "https://example.com/schema.json"}, 1, None),
    ({"pattern": "("}, "x", None),
])
def test_json_equality_and_undecided_keywords(schema: dict[str, Any], value: Any, expected: bool | None) -> None:
    assert quick_valid(schema, value) is expected
