"""The configuration: found at the repository root whatever the working directory (`.aims-lint.yaml`, else the
[tool.aims-lint] table of pyproject.toml), or named (--config), read with what it extends, validated by one
JSON Schema, and merged under the command line into the settings of a LintRequest.

    from aims_lint.config import CommandLine, load_config
    from aims_lint import lint

    config = load_config(["models/"], CommandLine(ignore=("MC110",)))
    outcome = lint(config.request(["models/"]))

The command line, the pre-commit hook (which runs it) and the GitHub Action (which runs it too) all find the
configuration here. A configuration inside the repository may name (extends, packs) only files inside the
repository: the repository, and any pull request to it, is not trusted to make aims-lint read files elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from aims_lint.config.settings import COMMAND_LINE, DEFAULT, CommandLine, Config, Sourced, merge
from aims_lint.config.source import PYPROJECT, YAML_NAMES, ConfigError, ConfigFile, holds_table, parse, read_text

__all__ = ["COMMAND_LINE", "DEFAULT", "CommandLine", "Config", "ConfigError", "Sourced", "find_config", "find_root",
           "load_config"]

# How many files a chain of `extends` may hold: more is surely a loop through links.
MAX_EXTENDS = 20


def find_root(start: Path) -> Path:
    """The repository root above start: the nearest folder holding .git (a work tree, a worktree or a
    submodule), else start itself. Found without running git, so that it costs nothing."""
    start = Path(os.path.abspath(start))
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if os.path.lexists(os.path.join(candidate, ".git")):
            return candidate
    return folder


def start_of(paths: Sequence[str]) -> Path:
    """Where to look for the repository root: the first path named, else the current directory."""
    return Path(paths[0]) if paths else Path.cwd()


def find_config(root: Path) -> tuple[Path | None, list[str]]:
    """The configuration file at root, if any, and lines for the user about files not read."""
    real_root = os.path.realpath(root)
    found = next((root / name for name in YAML_NAMES if os.path.lexists(root / name)), None)
    pyproject = root / PYPROJECT
    table = os.path.lexists(pyproject) and holds_table(read_text(pyproject, real_root))
    if found is None:
        return (pyproject if table else None), []
    if table:
        return found, [f"{PYPROJECT} has a [tool.aims-lint] table, but {found.name} is the configuration read"]
    return found, []


def load_config(
    paths: Sequence[str] = (), command_line: CommandLine | None = None, *, config_file: str | None = None,
    isolated: bool = False,
) -> Config:
    """The effective configuration of a run over paths: defaults < the configuration file (and what it extends)
    < the command line. isolated: read no file at all. Raises ConfigError (exit 2) for a file that cannot be used.
    """
    command_line = command_line or CommandLine()
    root = find_root(start_of(paths))
    if isolated and config_file is not None:
        raise ConfigError("--config and --isolated cannot be given together")
    notices: list[str] = []
    if isolated:
        path = None
    elif config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"--config: no file {config_file!r}")
    else:
        path, notices = find_config(root)
    files = read_chain(path, root) if path is not None else []
    return merge(root, files, command_line, notices)


def read_chain(path: Path, root: Path) -> list[ConfigFile]:
    """A configuration file and the files it extends, in that order, each validated."""
    real_root = os.path.realpath(root)
    files: list[ConfigFile] = []
    seen: set[str] = set()
    current: Path | None = path.absolute()
    while current is not None:
        real = os.path.realpath(current)
        if real in seen or len(files) >= MAX_EXTENDS:
            raise ConfigError(f"{files[-1].where('/extends')}: key 'extends': expected a file that does not extend "
                              "itself again, not a loop of extends")
        seen.add(real)
        inside = _within(real_root, real)
        source = parse(current, read_text(current, real_root if inside else os.path.dirname(real)))
        _check_named_files(source, real_root, inside)
        files.append(source)
        extends = source.data.get("extends")
        current = (current.parent / extends).absolute() if extends is not None else None
        if current is not None and not current.is_file():
            raise ConfigError(f"{source.where('/extends')}: key 'extends': expected the path of a configuration "
                              f"file relative to {source.shown}, not {extends!r}, which is no file")
    return files


def _check_named_files(source: ConfigFile, real_root: str, inside: bool) -> None:
    """A configuration inside the repository names only files inside it (extends, packs)."""
    if not inside:
        return
    named = [("/extends", source.data["extends"])] if "extends" in source.data else []
    named += [(f"/packs/{i}", p) for i, p in enumerate(source.data.get("packs", ()))]
    for pointer, value in named:
        target = os.path.realpath(source.path.parent / value)
        if not _within(real_root, target):
            key = pointer.lstrip("/").replace("/", "[", 1) + ("]" if "/" in pointer.lstrip("/") else "")
            raise ConfigError(f"{source.where(pointer)}: key '{key}': expected a file inside the repository, not "
                              f"{value!r}: a configuration in the repository cannot make aims-lint read files "
                              "outside it (name such a configuration with --config)")


def _within(root: str, path: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
