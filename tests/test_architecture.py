"""The layers of the package, read from every module's imports (at the top and inside functions) with ast."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "aims_lint"

# What checks may not reach: they judge canonical artifacts, whatever read them and however they are run.
READERS = ("aims_lint.parse", "aims_lint.adapters", "aims_lint.read", "aims_lint.parallel", "aims_lint.cli")
# (importer, imported) arrows allowed against the rules below, each with its reason.
ALLOWED = {
    ("aims_lint.__main__", "aims_lint.cli"): "`python -m aims_lint` is the command line",
    ("aims_lint.action_support", "aims_lint.cli"): "the GitHub Action's entry point runs the command line in-process",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module name the source imports, anywhere in it; `from a import b` gives a and a.b."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.args[0].value


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden(importer: str, target: str) -> str | None:
    """Why the arrow importer -> target breaks the layering, or None when it does not."""
    if within(importer, "aims_lint.checks") and any(within(target, r) for r in READERS):
        return "checks read canonical artifacts only, never the parser, an adapter, a reader or the CLI"
    if within(importer, "aims_lint.report") and within(target, "aims_lint.checks"):
        return "report formatters render a finished report and know nothing of checks"
    if within(target, "aims_lint.cli") and not within(importer, "aims_lint.cli"):
        return "the core never depends on the command line"
    if within(target, "aims_lint.history") and importer != "aims_lint.pipeline":
        return "history is read for a run by the pipeline only; checks ask the run context's history"
    return None


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def as_module(target: str) -> str:
    """The module an imported name belongs to: `aims_lint.cli.main` is the function main of aims_lint.cli."""
    return target if target in MODULES or "." not in target else as_module(target.rpartition(".")[0])


def arrows() -> Iterator[tuple[str, str]]:
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        for target in set(imported(source, name, is_package=path.name == "__init__.py")):
            if within(target, "aims_lint"):
                yield name, as_module(target)


ARROWS = sorted(set(arrows()))


def test_no_module_imports_across_a_forbidden_layer() -> None:
    broken = [f"{a} -> {b}: {why}" for a, b in ARROWS if (why := forbidden(a, b)) and (a, b) not in ALLOWED]
    assert not broken, "\n".join(broken)


def test_every_allowed_exception_is_still_needed() -> None:
    assert set(ALLOWED) <= set(ARROWS)
    assert all(forbidden(a, b) for a, b in ALLOWED)


def _top_level_imports(source: str) -> set[str]:
    tree = ast.parse(source)
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module or "")
    return names


def test_gitpython_is_imported_by_the_history_module_only_and_only_inside_functions() -> None:
    """A run that reads no history never loads GitPython."""
    users = {name for name, path in MODULES.items()
             if any(within(t, "git") or within(t, "gitdb")
                    for t in imported(path.read_text(encoding="utf-8"), name))}
    assert users == {"aims_lint.history"}
    top = _top_level_imports(MODULES["aims_lint.history"].read_text(encoding="utf-8"))
    assert not any(within(t, "git") for t in top)


def test_the_walk_sees_every_package_module_and_imports_inside_functions() -> None:
    names = {a for a, _ in ARROWS}
    assert {"aims_lint.engine", "aims_lint.checks", "aims_lint.checks.fields", "aims_lint.report.sarif"} <= names
    # checks.fields imports the schema helpers inside its functions only.
    assert ("aims_lint.checks.fields", "aims_lint.schemas") in ARROWS


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("def f():\n    from aims_lint.parse.markdown import heading_key\n", "aims_lint.checks.x",
         "aims_lint.parse.markdown"),
        ("from ..adapters import governance\n", "aims_lint.checks.x", "aims_lint.adapters.governance"),
        ("import aims_lint.read.catalogue as d\n", "aims_lint.checks.x", "aims_lint.read.catalogue"),
        ("importlib.import_module('aims_lint.cli')\n", "aims_lint.engine", "aims_lint.cli"),
        ("from aims_lint import cli\n", "aims_lint.report.text", "aims_lint.cli"),
    ],
)
def test_the_walk_catches_each_way_of_importing(source: str, module: str, expected: str) -> None:
    found = set(imported(source, module))
    assert expected in found
    assert forbidden(module, expected)


def test_a_report_formatter_importing_a_check_is_caught() -> None:
    assert forbidden("aims_lint.report.sarif", "aims_lint.checks.base")
    assert forbidden("aims_lint.checks.crossrefs", "aims_lint.engine") is None


def test_every_type_of_the_model_is_a_frozen_value() -> None:
    """Artifacts, inventories and every other type the stages hand on cannot be changed once made."""
    import dataclasses
    import inspect

    from aims_lint import model

    types = [obj for _, obj in inspect.getmembers(model, inspect.isclass)
             if dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__]
    assert {t.__name__ for t in types} >= {"Artifact", "Inventory", "Section", "Field", "Report"}
    mutable = [t.__name__ for t in types if not t.__dataclass_params__.frozen]  # type: ignore[attr-defined]
    assert mutable == []


def test_a_read_artifact_cannot_be_changed(tmp_path: Path) -> None:
    import dataclasses

    import pytest

    from aims_lint.read import build_inventory

    (tmp_path / "model_card.md").write_text("# Model\n\n## Intended Use\n\nSorting mail.\n", encoding="utf-8")
    inventory = build_inventory([tmp_path])
    assert [a.kind.value for a in inventory.artifacts] == ["model_card"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        inventory.artifacts[0].references = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        inventory.problems = ()  # type: ignore[misc]
    assert isinstance(inventory.artifacts, tuple) and isinstance(inventory.notices, tuple)


# The longest a function of the package may be, in lines from its `def` (decorators not counted) to its last line.
MAX_FUNCTION_LINES = 60


def long_functions(source: str) -> list[tuple[str, int]]:
    """The functions (and methods) of a module's source longer than MAX_FUNCTION_LINES, with their lengths."""
    return [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def test_no_function_of_the_package_is_over_sixty_lines() -> None:
    found = {str(path.relative_to(PACKAGE)): long for path in sorted(PACKAGE.rglob("*.py"))
             if (long := long_functions(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_length_check_catches_a_long_function() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    assert long_functions(f"def short():\n    return 1\n\n\ndef long():\n{body}") == [("long", MAX_FUNCTION_LINES + 1)]
