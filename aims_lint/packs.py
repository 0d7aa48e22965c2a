"""Load rule packs: validate each against the rule-pack schema, resolve checks, validate options and ISO ids."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from aims_lint.catalog import catalog
from aims_lint.checks import CHECKS
from aims_lint.errors import RulePackError
from aims_lint.model import IsoRefs, Rule, RuleSetting, Severity
from aims_lint.parse.yamlpos import PositionLoader, YamlLoadError, load_values, load_yaml
from aims_lint.read.paths import shown_path
from aims_lint.schemas import compile_schema, load_schema, schema_errors, validator_for
from aims_lint.schemas.quick import quick_valid
from aims_lint.selectors import hint

# Built-in packs skip the JSON Schema passes at load (together a quarter of a one-file run): the test suite
# validates every one of them in full (tests/test_docs.py), so a pack edited into an invalid one fails CI.
# Extra packs named by the user are always validated in full.


def _builtin_root() -> Path:
    try:
        package = importlib.import_module("aims_lint.rules")
        return Path(str(package.__file__)).resolve().parent
    except ModuleNotFoundError:
        # Running from a source checkout on PYTHONPATH, without installing: the packs sit beside the package.
        return Path(__file__).resolve().parent.parent / "rules"


def builtin_pack_files() -> list[tuple[str, str]]:
    """(display name, text) of every pack shipped in the package, in name order."""
    root = _builtin_root()
    try:
        return [(f"rules/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.yaml"))]
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"a built-in rule pack cannot be read ({exc}); install aims-lint again") from None


# The page each built-in rule is explained on; a pack of one's own may give its rules a help_uri of its own.
BUILTIN_HELP = "https://github.com/aims-lint/aims-lint/blob/main/docs/rules.md#"
# Larger pack files are refused: a pack is a few pages of rules.
MAX_PACK_BYTES = 4 << 20


def read_pack_file(path: Path) -> str:
    """A pack file's text, read safely (never a pipe, bounded), as aims-lint reads the scanned repository."""
    import os

    from aims_lint.errors import AimsLintError
    from aims_lint.read.files import read_text_file

    try:
        return read_text_file(path, os.path.dirname(os.path.realpath(path)), MAX_PACK_BYTES)
    except AimsLintError as exc:
        raise RulePackError(f"cannot read rule pack {exc}") from None


def load_rules(extra_packs: Sequence[Path] = ()) -> tuple[Rule, ...]:
    """The built-in rules plus those of any extra pack files; ids, names and pack names unique across all of them,
    and an extra pack's ids of a prefix of its own (not one of the built-in packs')."""
    sources = builtin_pack_files()
    builtin = len(sources)
    sources += [(shown_path(path), read_pack_file(path)) for path in extra_packs]
    rules: list[Rule] = []
    seen: dict[str, str] = {}  # rule ids and names, and pack names, by where they are defined
    prefixes: set[str] = set()
    for position, (name, text) in enumerate(sources):
        found = parse_pack(name, text, trusted=position < builtin)
        if position < builtin:
            prefixes.update(_prefix(rule.id) for rule in found)
        _check_unique(name, text, found, seen, prefixes if position >= builtin else set())
        rules.extend(found)
    return tuple(sorted(rules, key=lambda r: r.id))


def _prefix(rule_id: str) -> str:
    return rule_id.rstrip("0123456789")


def _check_unique(name: str, text: str, rules: Sequence[Rule], seen: dict[str, str], builtin: set[str]) -> None:
    """Refuse a pack whose name, rule ids or rule names another pack has, or whose ids take a built-in prefix."""
    def line(pointer: str) -> str:
        return _at(name, _positions(text), pointer).split(": ", 1)[0]

    if rules and f"pack:{rules[0].pack}" in seen:
        raise RulePackError(f"{line('/pack')}: pack name {rules[0].pack!r} is already the name of "
                            f"{seen['pack:' + rules[0].pack]}")
    if rules:
        seen[f"pack:{rules[0].pack}"] = name
    for index, rule in enumerate(rules):
        taken = next((p for p in builtin if _prefix(rule.id).startswith(p) or p.startswith(_prefix(rule.id))), None)
        if taken is not None:
            raise RulePackError(f"{line(f'/rules/{index}/id')}: rule id {rule.id}: the prefix {taken} is the built-in "
                                "rules'; give the rules of this pack a prefix of its own (ACME001, ...)")
        for key, what in ((rule.id, "rule id"), (rule.name, "rule name")):
            if key in seen:
                field = "id" if what == "rule id" else "name"
                raise RulePackError(f"{line(f'/rules/{index}/{field}')}: {what} {key} is already defined in "
                                    f"{seen[key]}")
            seen[key] = name


def _at(name: str, positions: Mapping[str, tuple[int, int]], pointer: str) -> str:
    probe = pointer
    while probe and probe not in positions:
        probe = probe.rsplit("/", 1)[0]
    line = positions.get(probe, (1, 1))[0]
    shown = pointer.lstrip("/").replace("/", ".") or "(top)"
    return f"{name}:{line}: {shown}"


def parse_pack(name: str, text: str, *, trusted: bool = False) -> list[Rule]:
    """Rules of one pack; any defect raises RulePackError naming the file, line and path.

    trusted: the text is a built-in pack, validated in full by the test suite, so the JSON Schema passes are
    skipped; the cheap checks (check names, scopes, ISO ids) always run.
    """
    data, positions = _pack_data(name, text, trusted=trusted)

    def at(pointer: str) -> str:
        return _at(name, positions or _positions(text), pointer)

    return [_rule(raw, f"/rules/{index}", at, pack=data["pack"], trusted=trusted)
            for index, raw in enumerate(data["rules"])]


def _pack_data(name: str, text: str, *, trusted: bool) -> tuple[Any, Mapping[str, tuple[int, int]]]:
    """The pack's data, valid against the rule-pack schema, and its positions when they had to be computed."""
    try:
        # Plain loading is enough for a valid pack; positions are computed only to report a defect.
        data = load_values(text) if trusted else yaml.load(text, Loader=PositionLoader)
    except yaml.YAMLError:
        data = None
    pack_validator = validator_for("rule-pack")
    positions: Mapping[str, tuple[int, int]] = {}
    # A pack of one's own is read on every run that names it: the quick checker answers for a valid one without
    # compiling the schema; the validator lists a defect (or answers where the quick checker cannot).
    valid = trusted or (data is not None and (quick_valid(load_schema("rule-pack"), data)
                                              or pack_validator.is_valid(data)))
    if not valid:
        try:
            loaded = load_yaml(text)
        except YamlLoadError as exc:
            raise RulePackError(f"{name}:{exc.issue.line}: {exc.issue.message}") from None
        data, positions = loaded.data, loaded.positions
        for pointer, message in schema_errors(pack_validator, data):
            raise RulePackError(f"{_at(name, positions, pointer)}: {message}")
    return data, positions


def _rule(raw: Mapping[str, Any], where: str, at: Callable[[str], str], *, pack: str, trusted: bool) -> Rule:
    """One rule of a valid pack, its check known, its options valid and prepared, its ISO ids real."""
    function = raw["check"]["function"]
    spec = CHECKS.get(function)
    if spec is None:
        choices = ", ".join(sorted(CHECKS))
        raise RulePackError(
            f"{at(where + '/check/function')}: unknown check function {function!r} "
            f"(known: {choices})"
        )
    options: Mapping[str, Any] = raw["check"].get("options", {})
    if not (trusted or quick_valid(spec.options_schema, options)):
        for pointer, message in schema_errors(_options_validator(function), options):
            raise RulePackError(f"{at(where + '/check/options' + pointer)}: {message}")
    iso = _iso_refs(raw["iso42001"], where, at)
    _check_scope(spec.scope, function, set(raw["applies_to"]), lambda: at(where + "/applies_to"))
    prepared = None
    if spec.prepare is not None:
        try:
            prepared = spec.prepare(options)
        except ValueError as exc:
            raise RulePackError(f"{at(where + '/check/options')}: {exc}") from None
    return Rule(
        id=raw["id"],
        name=raw["name"],
        title=raw["title"],
        severity=Severity.parse(raw["severity"]),
        applies_to=tuple(raw["applies_to"]),
        formats=tuple(raw.get("formats", ())),
        iso=iso,
        check=function,
        options=options,
        help=raw["help"].strip(),
        remediation=raw["remediation"].strip(),
        example=raw["example"].rstrip() + "\n",
        pack=pack,
        help_uri=raw.get("help_uri", f"{BUILTIN_HELP}{raw['id'].lower()}" if trusted else ""),
        prepared=prepared,
    )


def _iso_refs(iso: Mapping[str, Any], where: str, at: Callable[[str], str]) -> IsoRefs:
    """A rule's ISO/IEC 42001 references, each an id of the catalog."""
    known = catalog()
    refs = IsoRefs(
        clauses=tuple(iso.get("clauses", ())),
        controls=tuple(iso.get("controls", ())),
        guidance=tuple(iso.get("guidance", ())),
    )
    for group, table, ids in (
        ("clauses", known.clauses, refs.clauses),
        ("controls", known.controls, refs.controls),
        ("guidance", known.guidance, refs.guidance),
    ):
        for position, iso_id in enumerate(ids):
            if iso_id not in table:
                raise RulePackError(
                    f"{at(f'{where}/iso42001/{group}/{position}')}: {iso_id!r} is not an "
                    f"ISO/IEC 42001 {group[:-1] if group != 'guidance' else 'guidance'} id"
                )
    return refs


def _check_scope(scope: str, function: str, scopes: set[str], where: Callable[[], str]) -> None:
    """A repository check runs on the repository alone; an artifact check never on it (where: only on a defect,
    as finding a line parses the pack again)."""
    if scope == "repository" and scopes != {"repository"}:
        raise RulePackError(f"{where()}: check {function!r} runs on the repository; applies_to must be [repository]")
    if scope == "artifact" and "repository" in scopes:
        raise RulePackError(f"{where()}: check {function!r} runs per artifact; applies_to cannot name repository")


@functools.cache
def _options_validator(function: str) -> Any:
    return compile_schema(CHECKS[function].options_schema)


def _positions(text: str) -> Mapping[str, tuple[int, int]]:
    return load_yaml(text).positions


def configure(rules: Sequence[Rule], settings: Sequence[RuleSetting]) -> tuple[Rule, ...]:
    """The rules with the configuration's severities and options: each setting names a rule by id or name, and
    the options it gives, with the pack's others, must satisfy the options schema of the rule's check."""
    by_name = {key: rule for rule in rules for key in (rule.id, rule.name)}
    changed: dict[str, Rule] = {}
    for setting in settings:
        rule = by_name.get(setting.rule)
        if rule is None:
            words = list(by_name)
            raise RulePackError(f"{where_of(setting)}key 'rules.{setting.rule}': no rule has this id or name"
                                f"{hint(setting.rule, words)}")
        rule = changed.get(rule.id, rule)
        changed[rule.id] = _configured(rule, setting)
    return tuple(changed.get(rule.id, rule) for rule in rules)


def _configured(rule: Rule, setting: RuleSetting) -> Rule:
    """One rule with a setting applied; an option its check refuses is named at the line it is written on."""
    options = {**rule.options, **setting.options}
    prepared = rule.prepared
    spec = CHECKS[rule.check]
    if setting.options:
        # The quick checker answers for a valid mapping without compiling the schema (a configuration is read on
        # every run); the validator gives the errors of one it refuses, or the verdict where it cannot say.
        if not quick_valid(spec.options_schema, options):
            _refuse_options(rule, setting, options)
        if spec.prepare is not None:
            try:
                prepared = spec.prepare(options)
            except ValueError as exc:
                raise RulePackError(f"{where_of(setting)}key 'rules.{setting.rule}.options': {exc}") from None
    severity = setting.severity if setting.severity is not None else rule.severity
    return replace(rule, severity=severity, options=options, prepared=prepared)


def _refuse_options(rule: Rule, setting: RuleSetting, options: Mapping[str, Any]) -> None:
    """Raise for the first error of the rule's options under its check's schema, at the option's line."""
    for pointer, message in schema_errors(_options_validator(rule.check), options):
        name = pointer.split("/")[1] if pointer.count("/") else ""
        at = setting.option_sources.get(name, setting.source)
        where = f"{at.path}:{at.line}: " if at is not None else ""
        key = f"rules.{setting.rule}.options" + pointer.replace("/", ".")
        raise RulePackError(f"{where}key '{key}': {message} (the options of check {rule.check!r}: "
                            f"{', '.join(sorted(CHECKS[rule.check].options_schema.get('properties', {})))})")


def where_of(setting: RuleSetting) -> str:
    return f"{setting.source.path}:{setting.source.line}: " if setting.source is not None else ""
