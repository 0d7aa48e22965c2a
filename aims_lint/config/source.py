"""One configuration file: read safely, its settings taken from YAML or from pyproject.toml's [tool.aims-lint],
validated against the configuration schema, with the line of every setting for messages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aims_lint.errors import AimsLintError
from aims_lint.model import Location
from aims_lint.read.paths import shown_path

YAML_NAMES = (".aims-lint.yaml", ".aims-lint.yml")
PYPROJECT = "pyproject.toml"
TABLE = "aims-lint"
# The header of the table, as pyproject.toml may write it: [tool.aims-lint], [tool."aims-lint"], [[tool.aims-lint.x]].
_TABLE_HEADER = re.compile(r"""^[ \t]*\[\[?[ \t]*tool[ \t]*\.[ \t]*(?:aims-lint|"aims-lint"|'aims-lint')[ \t]*[.\]]""",
                           re.MULTILINE)
# Larger configuration files are refused: a configuration is a page, not a data set.
MAX_BYTES = 1 << 20


class ConfigError(AimsLintError):
    """A configuration that cannot be used: one line naming the file, the line and the key."""


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A configuration file's settings (valid against the schema) and the line each is written on."""

    path: Path  # absolute
    shown: str  # as messages name it: relative to the current directory when below it
    data: Mapping[str, Any]
    lines: Mapping[str, int]  # JSON pointer -> line

    def line(self, pointer: str) -> int:
        """The line of a setting, or of the nearest setting holding it."""
        probe = pointer
        while probe and probe not in self.lines:
            probe = probe.rsplit("/", 1)[0]
        return self.lines.get(probe, 1)

    def at(self, pointer: str) -> Location:
        return Location(self.shown, self.line(pointer), 1, pointer)

    def where(self, pointer: str) -> str:
        return f"{self.shown}:{self.line(pointer)}"


def holds_table(text: str) -> bool:
    """Whether a pyproject.toml's text has a [tool.aims-lint] table (looked for before any TOML is parsed)."""
    return TABLE in text and _TABLE_HEADER.search(text) is not None


def read_text(path: Path, real_root: str) -> str:
    """A configuration file's text, read as the scanned repository's files are (a link is followed only inside
    real_root, a pipe is never waited on, the size is bounded)."""
    from aims_lint.read.files import read_text_file

    try:
        return read_text_file(path, real_root, MAX_BYTES)
    except AimsLintError as exc:
        raise ConfigError(str(exc).replace(str(path), shown_path(path), 1)) from None


def parse(path: Path, text: str) -> ConfigFile:
    """The settings a file holds, valid against the configuration schema; ConfigError otherwise."""
    shown = shown_path(path)
    if path.suffix == ".toml":
        data, lines = _toml_settings(shown, text)
    else:
        data, lines = _yaml_settings(shown, text)
    source = ConfigFile(path, shown, data, lines)
    validate(source)
    return source


def _yaml_settings(shown: str, text: str) -> tuple[dict[str, Any], dict[str, int]]:
    from aims_lint.parse.yamlpos import YamlLoadError, load_yaml

    try:
        loaded = load_yaml(text)
    except YamlLoadError as exc:
        raise ConfigError(f"{shown}:{exc.issue.line}: {exc.issue.message}") from None
    for issue in loaded.issues:  # a key written twice: which one was meant?
        raise ConfigError(f"{shown}:{issue.line}: {issue.message}")
    data = {} if loaded.data is None else loaded.data
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}:1: the configuration must be a mapping of settings to values")
    return _normalised(data), {pointer: line for pointer, (line, _) in loaded.positions.items()}


def _toml_settings(shown: str, text: str) -> tuple[dict[str, Any], dict[str, int]]:
    import importlib
    import sys

    # tomllib from Python 3.11; the same parser, as tomli, before it.
    tomllib = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = found.group(1) if found else max(1, len(text.splitlines()))  # "at end of document"
        raise ConfigError(f"{shown}:{line}: {exc}") from None
    table = document.get("tool", {}).get(TABLE)
    if not isinstance(table, dict):
        raise ConfigError(f"{shown}:1: no [tool.{TABLE}] table")
    return _normalised(table), toml_lines(text)


def _normalised(value: Any) -> Any:
    """Settings as the schema takes them: dates as YYYY-MM-DD text (TOML reads them as dates), and YAML's
    unquoted `off` (read as false) as the word written."""
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is False:
        return "off"
    return value


# --- the line of each setting in pyproject.toml ----------------------------------------------------------------

# One part of a dotted TOML key: "quoted", 'literal' or bare (the blanks around it are stripped before and after).
_KEY_PART = re.compile(r"""(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))""")


def _key_parts(text: str) -> tuple[list[str], str] | None:
    """A TOML key (dotted, bare or quoted) at the start of text, and what follows it; None when there is none."""
    parts: list[str] = []
    rest = text.lstrip(" \t")
    while True:
        match = _KEY_PART.match(rest)
        if match is None or match.end() == 0:
            return None
        quoted, literal, bare = match.groups()
        parts.append(quoted if quoted is not None else literal if literal is not None else bare)
        rest = rest[match.end():].lstrip(" \t")
        if not rest.startswith("."):
            return parts, rest
        rest = rest[1:].lstrip(" \t")


def toml_lines(text: str) -> dict[str, int]:
    """JSON pointer -> line of each key and table of [tool.aims-lint] in a pyproject.toml, as far as a line scan
    tells (the items of a multi-line array or an inline table take the line of their key)."""
    from aims_lint.parse.yamlpos import escape_pointer_token

    lines: dict[str, int] = {}
    table: list[str] | None = None
    counts: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("["):
            array = stripped.startswith("[[")
            found = _key_parts(stripped.lstrip("["))
            inside = found is not None and found[0][:2] == ["tool", TABLE]
            table = found[0][2:] if inside and found is not None else None
            if table is not None:
                pointer = "".join("/" + escape_pointer_token(p) for p in table)
                if array:  # [[tool.aims-lint.waivers]]: the next item of the list
                    counts[pointer] = index = counts.get(pointer, -1) + 1
                    lines.setdefault(pointer, number)
                    table, pointer = [*table, str(index)], f"{pointer}/{index}"
                lines.setdefault(pointer, number)
            continue
        if table is None or not stripped or stripped.startswith("#"):
            continue
        found = _key_parts(stripped)
        if found is not None and found[1].startswith("="):
            pointer = "".join("/" + escape_pointer_token(p) for p in (*table, *found[0]))
            lines.setdefault(pointer, number)
    return lines


# --- validation ------------------------------------------------------------------------------------------------


def validate(source: ConfigFile) -> None:
    """Refuse settings the configuration schema does not allow, with the first error on one line."""
    from aims_lint.config.schema import errors, is_valid

    if not is_valid(source.data):
        found = sorted(errors(source.data), key=lambda error: source.line(error[0]))
        pointer, message = found[0] if found else ("", "not valid against the configuration schema")
        raise ConfigError(f"{source.where(pointer)}: {message}")
    _check_dates(source)


def _check_dates(source: ConfigFile) -> None:
    """The schema takes the form YYYY-MM-DD; the calendar says whether the day exists."""
    from aims_lint.vocab import date_value

    candidates = [("/today", source.data.get("today"))]
    candidates += [(f"/waivers/{i}/expires", w.get("expires")) for i, w in enumerate(source.data.get("waivers", ()))]
    for pointer, value in candidates:
        if isinstance(value, str) and date_value(value) is None:
            raise ConfigError(f"{source.where(pointer)}: key '{key_name(pointer)}': expected a date written "
                              f"YYYY-MM-DD, not {value!r}, which is no day of the calendar")


def key_name(pointer: str) -> str:
    """A JSON pointer into the settings as messages name the key: rules.MC101.severity, waivers[0].reason."""
    name = ""
    for token in pointer.lstrip("/").split("/") if pointer else ():
        part = token.replace("~1", "/").replace("~0", "~")
        if part.isdigit() and name:
            name += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            name += f".{part}" if name else part
        else:
            name += f"[{part!r}]"
    return name or "(top)"
