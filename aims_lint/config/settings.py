"""The effective configuration: the files' settings merged (what a file extends first, then the file) under the
command line's, each value with where it came from, and the LintRequest it makes.

Merging along `extends`: a scalar (fail-on, today) and select are the nearest file's; the lists (extend-select,
ignore, exclude, packs, waivers, each discovery kind) are the files' together; a mapping (rules, per-path-ignores)
is merged key by key, the nearest file's value for a key winning, and a rule's options option by option.

The command line beats every file. Its --extend-select and --ignore add to the files'; a --select chooses afresh,
as ruff's does: the files' select, extend-select, ignore and `off` rules then no longer apply (their severities,
options, per-path-ignores and waivers still do).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aims_lint.config.source import ConfigFile
from aims_lint.model import Location, PathIgnore, RuleSetting, Severity, Waiver

if TYPE_CHECKING:
    from aims_lint.pipeline import LintRequest

DEFAULT, COMMAND_LINE = "default", "command line"
DEFAULT_FAIL_ON = "error"


@dataclass(frozen=True, slots=True)
class Sourced:
    """A value of the configuration and where it came from: FILE:LINE, "command line" or "default"."""

    value: Any
    source: str = DEFAULT
    # The file and line, for a value written in a configuration file.
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class CommandLine:
    """What the command line says of the settings it also takes (None or empty: it says nothing)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    today: datetime.date | None = None


@dataclass(frozen=True)
class Config:
    """The effective configuration of a run, each value with where it came from."""

    # The repository root the configuration's globs are relative to.
    root: Path
    # The files read, as messages name them: the configuration first, then the file it extends, and so on.
    files: tuple[str, ...] = ()
    # The rules to run (None: every rule), more rules to run, rules not to run.
    select: Sourced | None = None
    extend_select: tuple[Sourced, ...] = ()
    ignore: tuple[Sourced, ...] = ()
    rules: tuple[RuleSetting, ...] = ()
    per_path_ignores: tuple[PathIgnore, ...] = ()
    exclude: tuple[Sourced, ...] = ()
    discovery: tuple[tuple[str, Sourced], ...] = ()
    fail_on: Sourced = Sourced(DEFAULT_FAIL_ON)
    # Rule pack files, as absolute paths.
    packs: tuple[Sourced, ...] = ()
    today: Sourced = Sourced(None)
    waivers: tuple[Waiver, ...] = ()
    # Lines for the user about the configuration itself (a second configuration file not read).
    notices: tuple[str, ...] = field(default=(), compare=False)

    def request(self, paths: Sequence[str] = (), **run: Any) -> LintRequest:
        """The LintRequest of a run over paths under this configuration; run: the request's other fields
        (files_only, jobs, inline_suppressions, baseline, rules)."""
        from aims_lint.pipeline import LintRequest

        origins: dict[str, tuple[str, Location]] = {}
        for key, items in (("ignore", self.ignore), ("extend-select", self.extend_select),
                           ("select", self._select_items())):
            for item in items:
                if item.location is not None:
                    origins[item.value] = (key, item.location)
        return LintRequest(
            paths=tuple(paths),
            select=frozenset(item.value for item in self._select_items()),
            extend_select=frozenset(item.value for item in self.extend_select),
            ignore=frozenset(item.value for item in self.ignore),
            today=self.today.value,
            waivers=self.waivers,
            rule_settings=self.rules,
            path_ignores=self.per_path_ignores,
            exclude=tuple(item.value for item in self.exclude),
            discovery=tuple((kind, item.value) for kind, item in self.discovery),
            packs=tuple(item.value for item in self.packs),
            root=str(self.root),
            origins=origins,
            **run,
        )

    def _select_items(self) -> tuple[Sourced, ...]:
        if self.select is None:
            return ()
        return tuple(Sourced(v, self.select.source, self.select.location) for v in self.select.value)


def merge(root: Path, files: Sequence[ConfigFile], command_line: CommandLine,
          notices: Iterable[str] = ()) -> Config:
    """The configuration of files (the nearest first, then what each extends) under the command line's."""
    layers = list(reversed(files))  # what is extended first: each later file overrides it
    select = _nearest(layers, "select")
    extend_select = [item for f in layers for item in _items(f, "extend-select")]
    ignore = [item for f in layers for item in _items(f, "ignore")]
    rules = _rules(layers)
    ignore += [Sourced(r.rule, f"{r.source.path}:{r.source.line}", r.source) for r, off in rules
               if off and r.source is not None]
    if command_line.select is not None:
        select = Sourced(tuple(command_line.select), COMMAND_LINE)
        extend_select, ignore = [], []
    extend_select += [Sourced(code, COMMAND_LINE) for code in command_line.extend_select]
    ignore += [Sourced(code, COMMAND_LINE) for code in command_line.ignore]
    fail_on = _nearest(layers, "fail-on") or Sourced(DEFAULT_FAIL_ON)
    if command_line.fail_on is not None:
        fail_on = Sourced(command_line.fail_on, COMMAND_LINE)
    today = _nearest(layers, "today") or Sourced(None)
    if today.value is not None:
        today = Sourced(datetime.date.fromisoformat(today.value), today.source, today.location)
    if command_line.today is not None:
        today = Sourced(command_line.today, COMMAND_LINE)
    return Config(
        root=root,
        files=tuple(f.shown for f in files),
        select=select,
        extend_select=tuple(_unique(extend_select)),
        ignore=tuple(_unique(ignore)),
        rules=tuple(r for r, off in rules if not off and (r.severity is not None or r.options)),
        per_path_ignores=_per_path_ignores(layers),
        exclude=tuple(_unique(item for f in layers for item in _items(f, "exclude"))),
        discovery=tuple((kind, item) for f in layers for kind in f.data.get("discovery", {})
                        for item in _items(f, "discovery", kind)),
        fail_on=fail_on,
        packs=tuple(_unique(_packs(layers))),
        today=today,
        waivers=tuple(w for f in layers for w in _waivers(f)),
        notices=tuple(notices),
    )


def _unique(items: Iterable[Sourced]) -> list[Sourced]:
    """Items without repeats of a value, each where it was first written."""
    seen: dict[Any, Sourced] = {}
    for item in items:
        seen.setdefault(item.value, item)
    return list(seen.values())


def _pointer(*keys: str) -> str:
    from aims_lint.parse.yamlpos import escape_pointer_token

    return "".join("/" + escape_pointer_token(k) for k in keys)


def _sourced(source: ConfigFile, value: Any, *keys: str) -> Sourced:
    pointer = _pointer(*keys)
    return Sourced(value, source.where(pointer), source.at(pointer))


def _nearest(layers: Sequence[ConfigFile], key: str) -> Sourced | None:
    for source in reversed(layers):
        if key in source.data:
            value = source.data[key]
            return _sourced(source, tuple(value) if isinstance(value, list) else value, key)
    return None


def _items(source: ConfigFile, *keys: str) -> list[Sourced]:
    """The items of a list setting, each with its own line."""
    value: Any = source.data
    for key in keys:
        value = value.get(key, {}) if isinstance(value, Mapping) else {}
    if not isinstance(value, list):
        return []
    return [_sourced(source, item, *keys, str(index)) for index, item in enumerate(value)]


def _rules(layers: Sequence[ConfigFile]) -> list[tuple[RuleSetting, bool]]:
    """Each configured rule's merged setting, and whether it is off."""
    merged: dict[str, tuple[RuleSetting, bool]] = {}
    for source in layers:
        for rule, value in source.data.get("rules", {}).items():
            setting, off = merged.get(rule, (RuleSetting(rule), False))
            written: Mapping[str, Any] = {"severity": value} if isinstance(value, str) else value
            at = source.at(_pointer("rules", rule))
            severity, options, option_sources = setting.severity, dict(setting.options), dict(setting.option_sources)
            if "severity" in written:
                off = written["severity"] == "off"
                severity = None if off else Severity.parse(written["severity"])
            for name, option in written.get("options", {}).items():
                options[name] = option
                option_sources[name] = source.at(_pointer("rules", rule, "options", name))
            merged[rule] = (RuleSetting(rule, severity, options, at, option_sources), off)
    return list(merged.values())


def _per_path_ignores(layers: Sequence[ConfigFile]) -> tuple[PathIgnore, ...]:
    merged: dict[str, PathIgnore] = {}
    for source in layers:
        for glob, codes in source.data.get("per-path-ignores", {}).items():
            merged[glob] = PathIgnore(glob, tuple(codes), source.at(_pointer("per-path-ignores", glob)))
    return tuple(merged.values())


def _packs(layers: Sequence[ConfigFile]) -> Iterable[Sourced]:
    """Each pack file, as an absolute path from the folder of the file that names it."""
    for source in layers:
        for item in _items(source, "packs"):
            yield Sourced(str((source.path.parent / item.value).absolute()), item.source, item.location)


def _waivers(source: ConfigFile) -> Iterable[Waiver]:
    for index, raw in enumerate(source.data.get("waivers", ())):
        expires = raw.get("expires")
        yield Waiver(
            rule=raw["rule"],
            path=raw["path"],
            reason=raw["reason"].strip(),
            expires=datetime.date.fromisoformat(expires) if expires else None,
            approved_by=raw.get("approved-by", "").strip(),
            source=source.at(_pointer("waivers", str(index))),
        )
