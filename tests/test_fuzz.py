"""Property-based fuzzing: real artifact files, mutated, never make reading, judging or reporting raise.

Seeds are the project's examples/ and tests/fixtures/ and, when it is beside the project, the shared corpus
(../shared/corpus, or the folder AIMS_LINT_FUZZ_CORPUS names); corpus files are read in place, never copied into
the project. Each example is derandomized, so the suite is the same on every run; AIMS_LINT_FUZZ_EXAMPLES sets how
many examples each test draws (a long campaign: AIMS_LINT_FUZZ_EXAMPLES=20000).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CORPUS, PROJECT, missing_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_malformed import GOOD_CARD, GOOD_PATH, JSON_CASES, YAML_SNIPPETS

from aims_lint.coverage import build_coverage
from aims_lint.engine import RunOptions, run
from aims_lint.model import Location
from aims_lint.packs import load_rules
from aims_lint.parse import markdown
from aims_lint.parse.jsonpos import JsonLoadError, load_json
from aims_lint.parse.lite import BlockParser
from aims_lint.parse.markdown import parse_body, split_front_matter
from aims_lint.parse.text import decode
from aims_lint.parse.yamlpos import YamlLoadError, load_yaml
from aims_lint.read import build_inventory
from aims_lint.read.catalogue import NameClass, classify_name, entry, sniff_json
from aims_lint.read.reader import _adapt
from aims_lint.report import FormatContext, formatters
from aims_lint.report.coverage import COVERAGE_FORMATTERS
from aims_lint.report.coverage_json import CoverageContext

RULES = load_rules()
FORMATTERS = formatters()
OPTIONS = RunOptions(today=datetime.date(2025, 1, 15))
CONTEXT = FormatContext(version="0")
EXAMPLES = int(os.environ.get("AIMS_LINT_FUZZ_EXAMPLES", "0"))
# The run of blank lines the 'huge' mutation inserts (a campaign may ask for 50000).
BLANK_LINES = int(os.environ.get("AIMS_LINT_FUZZ_BLANK_LINES", "5000"))
# Seeds larger than this are cut: mutations of a large card cost more and find nothing a small one does not.
MAX_SEED_BYTES = 64 * 1024

# Names for seeds whose own name is no artifact's: by the folder of the corpus they come from, else by extension.
_FOLDER_NAMES = {"hf_model_cards": "README.md", "hf_dataset_cards": "README.md", "croissant": "x.croissant.json",
                 "mct": "model_card.json", "cyclonedx": "bom.cdx.json"}
_EXTENSION_NAMES = {".md": "README.md", ".yaml": "model_card.yaml", ".yml": "datasheet.yaml", ".json": "bom.json"}
_SNIFFED_NAMES = {NameClass.CROISSANT: "x.croissant.json", NameClass.MCT_JSON: "model_card.json",
                  NameClass.CYCLONEDX: "bom.cdx.json"}


def _artifact_path(root: Path, path: Path, data: bytes) -> str | None:
    """Where a seed is written in the scanned folder: a path that names the artifact it is, or None to skip it."""
    rel = path.relative_to(root).as_posix()
    cls = classify_name(rel)
    if cls is NameClass.WEIGHTS:
        return None
    if cls is not None and cls is not NameClass.JSON:
        return "seed/" + rel
    if path.suffix == ".json":
        sniffed = sniff_json(data[:4096])
        if sniffed in _SNIFFED_NAMES:
            return "seed/" + _SNIFFED_NAMES[sniffed]
    top = rel.split("/", 1)[0]
    if top == "risk":
        return {".md": "seed/impact/x.md", ".yaml": "seed/risk/register.yaml"}.get(path.suffix)
    name = _FOLDER_NAMES.get(top) if path.suffix in (".md", ".json") else None
    name = name or _EXTENSION_NAMES.get(path.suffix)
    return None if name is None else "seed/" + name


def _seeds(*roots: Path) -> list[tuple[str, bytes]]:
    seeds = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()[:MAX_SEED_BYTES]
            target = _artifact_path(root, path, data)
            if target is not None:
                seeds.append((target, data))
    return seeds


PROJECT_SEEDS = _seeds(PROJECT / "examples", PROJECT / "tests" / "fixtures")
_CORPUS = Path(os.environ.get("AIMS_LINT_FUZZ_CORPUS") or CORPUS)
CORPUS_SEEDS = _seeds(_CORPUS) if _CORPUS.is_dir() else []

# Text spliced into a seed: the malformed input of test_malformed, and shapes that have broken parsers before.
SPLICES = [s.encode() for s in YAML_SNIPPETS.values()] + [c.text.encode() for c in JSON_CASES.values()] + [
    b'"\\ud800"', b'{"\\udfff": "\\ud800"}', b"---\n", b"---", b"...\n", b"\n---\n---\n", b"\xef\xbb\xbf",
    b"? ", b": ", b"- ", b"!!int ", b"!!binary ", b"!!timestamp ", b"!!omap ", b"!x ", b"&a ", b"*a ", b"<<: *a\n",
    b"\t", b"\r", b"\r\n", b"\x00", b"\x85", b"\xe2\x80\xa8", b"\\u0000", b"[", b"{", b"]", b"}", b'"', b"'",
    b"null", b"true", b"1e999", b"-0", b"NaN", b"Infinity", b'{"@context": 1}', b'"specVersion": {}',
    b'"model_details": []', b"model-index: 1\n", b"license: [1, {a: b}]\n", b"# \n## \n", b"**Owner:**\n",
]
# Fences a card's reader splits on, opened and never closed, nested or out of place.
FENCES = [b"---\n", b"----\n", b"...\n", b"  ---\n", b"--- \n", b"---\n---\n", b"```\n", b"```yaml\n", b"~~~\n",
          b"````\n```\n", b"<!--\n", b"-->\n", b"<!-- aims-lint: ignore[MC101] -->\n", b"<table>\n", b"<pre>\n",
          b"+++\n", b"| a | b |\n|---|\n", b"===\n", b"#\n", b"###### \n", b"    ---\n"]


# Values of every type, YAML and JSON, for the value or key of a member, which adapters may take for another type.
ODD_VALUES = [b"1", b"-1.5", b"true", b"null", b"~", b"[]", b"{}", b"[1, {a: b}]", b'{"a": [1]}', b'[{"x": null}]',
              b'"\\ud800"', b"!!binary aGk=", b"!!timestamp 2024-02-29", b"!!set {a}", b"''", b'""', b'"  "',
              b'{"@id": 1}', b'{"@value": {}}', b'[[[]]]', b"1e400", b"9" * 400, b"-", b"TBD", b"[TODO]"]
ODD_KEYS = [b"1", b"true", b"null", b"? [a]\n", b'"\\ud800"', b"<<", b"'@context'", b'"@type"', b"x-", b"''"]
# A member with a scalar value: a key, a colon and the value on the same line, in YAML or JSON.
_MEMBER = re.compile(rb"(?<![\w@\"'-])([\w@\"'-]+)([ \t]*:[ \t]*)([^\s,{}\[\]][^\n,{}\[\]]*)")


# Values put in place of a node of a parsed document, which is then written back: a document that parses, with
# values of types that adapters and checks may not expect where they stand.
TREE_VALUES: list[Any] = [1, -1.5, True, None, "", "  ", "TBD", [], {}, [1, {"a": "b"}], {"a": [1]}, [[[]]],
                          {"@id": 1}, {"@value": {}}, {"id": 2}, {"name": ["x"]}, 10**400, float("nan"), "\ud800",
                          b"hi", datetime.date(2024, 2, 29), "2024-02-30", "../../../x", "/", "\x1b[31m"]
TREE_KEYS: list[Any] = [1, True, None, 1.5, "", "\ud800", "@context", "<<", "x-a", datetime.date(2024, 1, 1)]


@st.composite
def _mutation(draw: st.DrawFn) -> Callable[[bytes], bytes]:
    """One change to a file's bytes; positions are drawn large and taken modulo the length."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "splice", "encode", "nest", "huge",
                                 "duplicate", "lines", "value", "value", "key", "tree", "tree", "tree", "tree-key",
                                 "fence", "fence"]))
    at = draw(st.integers(0, 1 << 20))
    if kind in ("tree", "tree-key"):
        odd = draw(st.sampled_from(TREE_VALUES if kind == "tree" else TREE_KEYS))
        return lambda data: _tree_mutated(data, at, odd, key=kind == "tree-key")
    if kind in ("value", "key"):
        odd = draw(st.sampled_from(ODD_VALUES if kind == "value" else ODD_KEYS))
        return lambda data: _retyped(data, at, odd, 3 if kind == "value" else 1)
    if kind == "truncate":
        return lambda data: data[: at % (len(data) + 1)]
    if kind == "flip":
        mask = draw(st.integers(1, 255))
        return lambda data: data if not data else _at(data, at, bytes([data[at % len(data)] ^ mask]), 1)
    if kind == "insert":
        extra = draw(st.binary(min_size=1, max_size=8))
        return lambda data: _at(data, at, extra, 0)
    if kind == "delete":
        size = draw(st.integers(1, 64))
        return lambda data: _at(data, at, b"", size)
    if kind in ("splice", "fence"):
        piece = draw(st.sampled_from(SPLICES if kind == "splice" else FENCES))
        return lambda data: _at(data, _line_start(data, at), piece + b"\n", 0)
    if kind == "encode":
        codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "latin-1",
                                      "cp1252"]))
        return lambda data: data.decode("utf-8", "replace").encode(codec, "replace")
    if kind == "nest":
        depth = draw(st.sampled_from([50, 199, 201, 1000, 20_000]))
        opener = draw(st.sampled_from([b"[", b"{a: ", b'{"a": ', b"- ", b"  "]))
        return lambda data: _at(data, _line_start(data, at), opener * depth + b"\n", 0)
    if kind == "huge":
        piece = draw(st.sampled_from([b"x" * 200_000, b"9" * 5000, b"a: " + b"b" * 100_000 + b"\n",
                                      b"\n" * BLANK_LINES]))
        return lambda data: _at(data, _line_start(data, at), piece, 0)
    if kind == "duplicate":
        return lambda data: _at(data, _line_start(data, at), _line_at(data, at), 0)
    ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n"]))
    return lambda data: data.replace(b"\n", ending)


_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _tree_mutated(data: bytes, at: int, odd: Any, *, key: bool) -> bytes:
    """data parsed (JSON, YAML, or a card's front matter), one node or key replaced by odd, and written back; data
    as it was when it does not parse."""
    text = data.decode("utf-8", "replace")
    head, body, tail = "", text, ""
    if text.startswith("---\n") and "\n---" in text[4:]:
        end = text.index("\n---", 4) + 1
        head, body, tail = "---\n", text[4:end], text[end:]
    as_json = body.lstrip().startswith(("{", "["))
    try:  # the project's loaders, which refuse nesting that would exhaust the stack
        document = load_json(body).data if as_json else load_yaml(body).data
    except (JsonLoadError, YamlLoadError):
        return data
    nodes = [(parent, name) for parent, name in _children(document, 0) if not key or isinstance(parent, dict)]
    if not nodes:
        return data
    parent, name = nodes[at % len(nodes)]
    if key:
        if as_json and not isinstance(odd, str):
            odd = str(odd)
        parent[odd] = parent.pop(name)
    else:
        parent[name] = odd
    try:
        written = json.dumps(document, default=str) if as_json else yaml.dump(document, Dumper=_YAML_DUMPER,
                                                                             allow_unicode=True)
    except (ValueError, TypeError, RecursionError, yaml.YAMLError):
        return data
    return (head + written + tail).encode("utf-8", "surrogatepass")


def _children(value: Any, depth: int) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every node below value, to a bounded depth."""
    if depth > 20:
        return
    items = list(value.items()) if isinstance(value, dict) else list(enumerate(value)) if isinstance(value, list) \
        else []
    for name, item in items:
        yield value, name
        yield from _children(item, depth + 1)


def _retyped(data: bytes, at: int, odd: bytes, group: int) -> bytes:
    """data with the value (group 3) or key (group 1) of one of its members replaced by odd."""
    members = list(_MEMBER.finditer(data))
    if not members:
        return data
    found = members[at % len(members)]
    return data[:found.start(group)] + odd + data[found.end(group):]


def _at(data: bytes, at: int, piece: bytes, remove: int) -> bytes:
    index = at % (len(data) + 1)
    return data[:index] + piece + data[index + remove:]


def _line_start(data: bytes, at: int) -> int:
    return data.rfind(b"\n", 0, at % (len(data) + 1)) + 1


def _line_at(data: bytes, at: int) -> bytes:
    start = _line_start(data, at)
    end = data.find(b"\n", start)
    return data[start:] + b"\n" if end < 0 else data[start:end + 1]


def _mutated(seeds: list[tuple[str, bytes]]) -> st.SearchStrategy[tuple[str, bytes]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, bytes]:
        path, data = draw(st.sampled_from(seeds))
        for change in draw(st.lists(_mutation(), min_size=1, max_size=4)):
            data = change(data)
        return path, data

    return build()


def _file_lines(data: bytes) -> list[str] | None:
    """The file's lines as aims-lint counts them (decoded, newlines normalised), or None when it is no text."""
    text = decode(data).text
    return None if text is None else text.split("\n")


def _assert_inside(data: bytes, lines: list[str] | None, line: int, column: int, what: object) -> None:
    """line is a line of the file and column (1 for the line itself) a column of that line or just after it."""
    count = len(lines) if lines is not None else data.count(b"\n") + 1
    assert 1 <= line <= count, (what, count)
    if lines is not None:
        assert 1 <= column <= len(lines[line - 1]) + 1, (what, lines[line - 1][:200])


def _reports(root: Path, names: Collection[str]) -> dict[str, str]:
    """The reports in the formats named of one scan of root, each encoded as it is written. The report keeps only
    the rules with findings: the descriptions of the others come from the rule packs, not from the file, and
    writing them all is most of the time a SARIF report takes."""
    inventory = build_inventory([root])
    report = run(inventory, RULES, OPTIONS)
    used = {f.rule_id for f in report.findings}
    coverage = build_coverage(report, inventory)  # with every rule, so that each requirement is judged
    report = dataclasses.replace(report, rules=tuple(r for r in report.rules if r.id in used))
    texts = {name: FORMATTERS[name](report, CONTEXT) for name in names}
    # The coverage report too, in every format: the repository's text is shown, never obeyed.
    texts.update({f"coverage-{name}": render(coverage, CoverageContext("0.0.0", "eu-ai-act"))
                  for name, render in COVERAGE_FORMATTERS.items()})
    assert "<script" not in texts["coverage-html"]
    for text in texts.values():
        text.encode("utf-8")
    return texts


def _check_file(path: str, data: bytes) -> None:
    """Scan a folder holding the file and a good card: nothing raises, every finding lies inside its file, and a
    second scan reports the same."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for rel, content in ((GOOD_PATH, GOOD_CARD.encode()), (path, data)):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(content)
        first = _reports(root, FORMATTERS)
        again = _reports(root, ["json"])
        assert again["json"] == first["json"] and again["coverage-json"] == first["coverage-json"]
    lines = _file_lines(data)
    for finding in json.loads(first["json"])["findings"]:
        assert finding["line"] >= 1 and finding["column"] >= 1, finding
        assert "(internal error" not in finding["message"], finding
        if finding["path"] == path:
            _assert_inside(data, lines, finding["line"], finding["column"], finding)


def _settings(default: int) -> settings:
    return settings(max_examples=EXAMPLES or default, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example], print_blob=True)


@_settings(75)
@given(_mutated(PROJECT_SEEDS))
def test_mutated_project_files_are_read_judged_and_reported(case: tuple[str, bytes]) -> None:
    _check_file(*case)


@pytest.mark.skipif(not CORPUS_SEEDS, reason=f"shared corpus not found at {_CORPUS} (set AIMS_LINT_FUZZ_CORPUS)")
@_settings(75)
@given(_mutated(CORPUS_SEEDS or PROJECT_SEEDS))
def test_mutated_corpus_files_are_read_judged_and_reported(case: tuple[str, bytes]) -> None:
    _check_file(*case)


@_settings(150)
@given(_mutated(PROJECT_SEEDS + CORPUS_SEEDS))
def test_the_loaders_raise_only_their_own_errors(case: tuple[str, bytes]) -> None:
    lines = _file_lines(case[1])
    if lines is None:
        return
    text = "\n".join(lines)
    for load, error in ((load_yaml, YamlLoadError), (load_json, JsonLoadError)):
        try:
            loaded = load(text)
        except error as exc:
            issues, positions = [exc.issue], []
        else:
            issues, positions = list(loaded.issues), list(loaded.positions.items())
        for issue in issues:
            assert "\n" not in issue.message
            _assert_inside(case[1], lines, issue.line, issue.column, issue)
        for pointer, (line, column) in positions:
            _assert_inside(case[1], lines, line, column, pointer)


def test_the_corpus_is_used_when_present() -> None:
    if not CORPUS_SEEDS:
        missing_tool(f"shared corpus not found at {_CORPUS} (set AIMS_LINT_FUZZ_CORPUS)")
    assert len(CORPUS_SEEDS) > 100


# --- each adapter and reader on its own, with every position it gives checked ----------------------------------

_ADAPTED = sorted({classify_name(path) for path, _ in PROJECT_SEEDS + CORPUS_SEEDS} - {None}, key=str)


def test_every_adapter_of_the_catalogue_has_seeds() -> None:
    # A name class added to the catalogue without a seed of its kind would never be fuzzed.
    adapted = {cls for cls in NameClass if entry(cls).adapter}
    assert adapted <= set(_ADAPTED), sorted(map(str, adapted - set(_ADAPTED)))


def _adapted(path: str, text: str) -> list[tuple[str, int, int]]:
    """Every position the file's adapter gives: its problems, and its artifacts' anchors and fields."""
    cls = classify_name(path)
    assert cls is not None
    result = _adapt(entry(cls), path, text, sniffed=False, weights_dirs=set())
    positions = [(f"problem {p.code}: {p.message}", p.location.line, p.location.column) for p in result.problems]
    for artifact in ([result.artifact] if result.artifact else []) + result.extra:
        locations = [("anchor", artifact.anchor)] if artifact.anchor else []
        locations += [(f"field {name}", found.location) for name, found in artifact.fields.items()]
        locations += [(f"section {s.title[:40]!r}", Location(path, s.line)) for s in artifact.sections]
        positions += [(what, where.line, where.column) for what, where in locations if where.path == path]
    return positions


@_settings(300)
@given(_mutated(PROJECT_SEEDS + CORPUS_SEEDS))
def test_every_adapter_gives_positions_inside_the_file_and_the_same_twice(case: tuple[str, bytes]) -> None:
    path, data = case
    lines = _file_lines(data)
    if lines is None:
        return
    text = "\n".join(lines)
    positions = _adapted(path, text)
    for what, line, column in positions:
        _assert_inside(data, lines, line, column, what)
    assert _adapted(path, text) == positions


@_settings(150)
@given(_mutated([(p, d) for p, d in PROJECT_SEEDS + CORPUS_SEEDS if p.endswith(".md")]))
def test_the_markdown_readers_give_lines_inside_the_body(case: tuple[str, bytes]) -> None:
    lines = _file_lines(case[1])
    if lines is None:
        return
    split = split_front_matter("\n".join(lines))
    body = split.body
    count = body.count("\n") + split.body_first_line
    for parser in (markdown._block_parser(), BlockParser()):
        with _block_parser_as(parser):
            read = parse_body(body, split.body_first_line)
        where = [b.line for b in read.blocks] + [s.line for s in read.sections] + [label.line for label in read.labels]
        assert all(split.body_first_line <= line <= count for line in where), (where, count)
        assert all(label.line <= label.value_line <= count for label in read.labels)


@contextlib.contextmanager
def _block_parser_as(parser: object) -> Iterator[None]:
    """parse_body with the given block parser (markdown-it's, or parse.lite's that stands in without it)."""
    original = markdown._block_parser
    markdown._block_parser = lambda: parser  # type: ignore[assignment]
    try:
        yield
    finally:
        markdown._block_parser = original


# --- what fuzzing found, kept -----------------------------------------------------------------------------------


def test_a_yaml_error_at_the_end_of_a_last_line_without_newline_is_on_that_line() -> None:
    # libyaml puts the end of the stream on the line after the last; a finding there pointed past the file.
    with pytest.raises(YamlLoadError) as raised:
        load_yaml("card: x\nk")
    assert (raised.value.issue.line, raised.value.issue.column) == (2, 2)
    _check_file("seed/model_card.yaml", b"card: hf_dataset_cards/x/README.md\nk")


def test_an_empty_document_after_its_fence_is_on_the_fence_line() -> None:
    # libyaml puts the null of '---' alone on the line after it, past the end of a file without a newline.
    assert load_yaml("---").positions == {"": (1, 4)}
    _check_file("seed/impact/x.md", b"---")


def test_a_line_separator_does_not_shift_the_lines_of_yaml() -> None:
    # libyaml counts U+2028, U+2029 and NEL as line breaks, aims-lint (and editors) only the newline: every
    # position after one pointed a line too far, past the end of its line or of the file.
    assert load_yaml('\u2028\nname: x\nnotes: "a\u2029b\x85c"\nk: 1\n').positions == {
        "": (2, 1), "/name": (2, 1), "/notes": (3, 1), "/k": (4, 1)}
    with pytest.raises(YamlLoadError) as raised:
        load_yaml('a: "\u2028"\nk')
    assert (raised.value.issue.line, raised.value.issue.column) == (2, 2)
    _check_file("seed/datasheet.yaml", "\u2028\nname: x\npreparation:\n  - {step: a, tool: b}\n".encode())
