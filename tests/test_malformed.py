"""Malformed artifact files: each is a finding at its line, in every report format, and the run goes on."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from conftest import make_git_repo, write_tree

from aims_lint.adapters import native_yaml
from aims_lint.adapters.common import read_yaml
from aims_lint.checks import CHECKS
from aims_lint.engine import RunOptions, run
from aims_lint.model import fingerprint
from aims_lint.packs import load_rules
from aims_lint.parse.jsonpos import load_json
from aims_lint.parse.yamlpos import YamlLoadError, load_yaml
from aims_lint.read import build_inventory, catalogue
from aims_lint.report import FormatContext, formatters

_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]
# Every report format the CLI writes: text to standard output, the others to files.
REPORT_FILES = {"json": "report.json", "sarif": "report.sarif", "github": "report.github",
                "markdown": "report.md", "junit": "report.xml", "gitlab": "report.gitlab.json"}

# A card that is read and has something missing, so it always has findings of its own.
GOOD_PATH = "models/good/README.md"
GOOD_CARD = """---
library_name: transformers
license: mit
---
# Model Card for good-model

## Uses

Sorts product reviews by sentiment for the support team.
"""

# One-line (or two-line) YAML that loads into something no artifact can hold, or does not load at all. The finding
# belongs on the snippet's first line, or on the line after it for a snippet ending in '# next line'.
YAML_SNIPPETS = {
    "int-key": "0x1: x",
    "bool-key": "true: x",
    "null-key": "null: x",
    "float-key": "1.5: x",
    "nan-key": ".nan: x",
    "binary-key": "? !!binary aGk=\n: v",
    "unknown-tag-key": "? !x y\n: v",
    "unknown-tag-value": "a: !x y",
    "empty-int": "a: !!int ''",
    "hex-int-without-digits": "a: !!int 0x_",
    "binary-int-without-digits": "a: !!int 0b",
    "float-without-exponent": "a: !!float 1e",
    "float-word": "a: !!float x",
    "bool-maybe": "a: !!bool maybe",
    "timestamp-word": "a: !!timestamp x",
    "timestamp-impossible-date": "a: !!timestamp 2020-13-45",
    "timestamp-impossible-hour": "a: !!timestamp 2020-01-01T25:00:00",
    "omap-key": "? !!omap x\n: v",
    "set-key": "? !!set x\n: v",
    "seq-tag-on-scalar": "a: !!seq x",
    "map-tag-on-scalar": "a: !!map x",
    "int-over-digit-limit": "a: " + "9" * 5000,
    "int-key-nested": "risks:\n  - 010: x  # next line",
    "bool-key-in-list": "systems: [{yes: 1}]",
}

# Each YAML artifact kind: its path and its text around a snippet, and the line the snippet starts on.
YAML_KINDS: dict[str, tuple[str, int]] = {
    "models/bad/README.md": ("---\nlibrary_name: transformers\nlicense: mit\n{}\n---\n# Model Card for bad\n", 4),
    "models/bad/model_card.yaml": ("name: bad-model\nintended_use: Sorting reviews.\n{}\n", 3),
    "data/bad/datasheet.yaml": ("name: bad-data\nsource: Collected in-house.\n{}\n", 3),
    "risk/register.yaml": ("schema_version: 1\nowner: Risk lead\n{}\n", 3),
    "impact/x.yaml": ("schema_version: 1\nsystem: bad-model\n{}\n", 3),
    "governance/soa.yaml": ("schema_version: 1\nowner: AIMS lead\n{}\n", 3),
    "ai-inventory.yaml": ("schema_version: 1\norganisation: Example\n{}\n", 3),
    "governance/ai-policy.md": ("---\ntitle: AI policy\n{}\n---\n# AI policy\n", 3),
    "impact/y.md": ("---\ntitle: Impact\n{}\n---\n# Impact assessment\n", 3),
}


@dataclass(frozen=True)
class JsonCase:
    path: str
    text: str
    line: int


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _mct(member: str, *, version: str = '"0.0.2"') -> str:
    """A Model Card Toolkit file with member written on line 5, inside model_details."""
    return _lines("{", f'  "schema_version": {version},', '  "model_details": {', '    "name": "mct-model",',
                  f"    {member}", "  }", "}")


def _bom(member: str, *, spec: str = '"1.6"', fmt: str = '"CycloneDX"', card: str = "{}") -> str:
    """A CycloneDX BOM with its one machine-learning component's model card and member on line 6."""
    return _lines("{", f'  "bomFormat": {fmt},', f'  "specVersion": {spec},', '  "version": 1,',
                  '  "components": [{"type": "machine-learning-model", "name": "m", "bom-ref": "m",',
                  f'    "modelCard": {card}{", " if member else ""}{member}}}]', "}")


_CR_CONTEXT = '{"@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/", "sc": "https://schema.org/"}'


def _croissant(member: str, *, context: str = _CR_CONTEXT) -> str:
    """A Croissant file with @context on line 2 and member on line 5."""
    return _lines("{", f'  "@context": {context},', '  "@type": "sc:Dataset",', '  "name": "c",',
                  f'  {member}{"," if member else ""}', '  "description": "A dataset."', "}")


SURROGATE = '"\\ud800"'
MCT_PATH, BOM_PATH, CROISSANT_PATH = "models/mct/model_card.json", "models/bom/bom.cdx.json", "data/c/x.croissant.json"
JSON_CASES: dict[str, JsonCase] = {
    "mct-surrogate-value": JsonCase(MCT_PATH, _mct(f'"overview": {SURROGATE}'), 5),
    "mct-surrogate-key": JsonCase(MCT_PATH, _mct(f'{SURROGATE}: "x"'), 5),
    "mct-surrogate-in-key-and-value": JsonCase(MCT_PATH, _mct('"a\\udfff": "b\\udbff c"'), 5),
    "mct-schema-version-object": JsonCase(MCT_PATH, _mct('"overview": "x"', version='{"a": 1}'), 2),
    "mct-schema-version-array": JsonCase(MCT_PATH, _mct('"overview": "x"', version="[1]"), 2),
    "mct-schema-version-number": JsonCase(MCT_PATH, _mct('"overview": "x"', version="2"), 2),
    "mct-schema-version-null": JsonCase(MCT_PATH, _mct('"overview": "x"', version="null"), 2),
    "mct-owner-name-object": JsonCase(MCT_PATH, _mct('"owners": [{"name": {"a": 1}}, 7, "x"]'), 5),
    "mct-licence-object": JsonCase(MCT_PATH, _mct('"licenses": [{"identifier": {"a": 1}}, 1]'), 5),
    "mct-version-list": JsonCase(MCT_PATH, _mct('"version": [1, {"name": 2}]'), 5),
    "bom-spec-version-object": JsonCase(BOM_PATH, _bom("", spec='{"a": 1}'), 3),
    "bom-spec-version-array": JsonCase(BOM_PATH, _bom("", spec='["1.6"]'), 3),
    "bom-spec-version-number": JsonCase(BOM_PATH, _bom("", spec="1.6"), 3),
    "bom-spec-version-null": JsonCase(BOM_PATH, _bom("", spec="null"), 3),
    "bom-format-object": JsonCase(BOM_PATH, _bom("", fmt='{"a": "CycloneDX"}'), 2),
    "bom-format-surrogate": JsonCase(BOM_PATH, _bom("", fmt=SURROGATE), 2),
    "bom-surrogate-value": JsonCase(BOM_PATH, _bom(f'"description": {SURROGATE}'), 6),
    "bom-surrogate-key": JsonCase(BOM_PATH, _bom(f'{SURROGATE}: 1'), 6),
    "bom-ref-object": JsonCase(
        BOM_PATH, _bom('"components": [{"type": "data", "name": "d", "bom-ref": {"a": 1}}]'), 6),
    "bom-dataset-ref-object": JsonCase(
        BOM_PATH, _bom("", card='{"modelParameters": {"datasets": [{"ref": {"a": 1}}, {"ref": [1]}]}}'), 6),
    "bom-component-type-list": JsonCase(BOM_PATH, _bom('"components": [{"type": ["data"], "name": "d"}]'), 6),
    "croissant-context-number": JsonCase(CROISSANT_PATH, _croissant("", context="1"), 2),
    "croissant-context-true": JsonCase(CROISSANT_PATH, _croissant("", context="true"), 2),
    "croissant-context-null": JsonCase(CROISSANT_PATH, _croissant("", context="null"), 2),
    "croissant-context-odd-list": JsonCase(
        CROISSANT_PATH, _croissant("", context=f'[1, true, [], {_CR_CONTEXT}]'), 2),
    "croissant-vocab-object": JsonCase(
        CROISSANT_PATH, _croissant("", context='{"@vocab": {"a": 1}, "cr": "http://mlcommons.org/croissant/"}'), 2),
    "croissant-term-id-object": JsonCase(
        CROISSANT_PATH,
        _croissant("", context='{"cr": "http://mlcommons.org/croissant/", "sc": {"@id": {"a": 1}}}'), 2),
    "croissant-surrogate-context-key": JsonCase(
        CROISSANT_PATH, _croissant("", context=f'{{{SURROGATE}: "x", "cr": "http://mlcommons.org/croissant/"}}'), 2),
    "croissant-type-object": JsonCase(CROISSANT_PATH, _croissant('"@type": {"a": 1}'), 5),
    "croissant-surrogate-value": JsonCase(CROISSANT_PATH, _croissant(f'"url": {SURROGATE}'), 5),
    "croissant-surrogate-id": JsonCase(
        CROISSANT_PATH, _croissant('"distribution": [{"@type": "cr:FileObject", "@id": "a \\udc00"}]'), 5),
}


def _check(root: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """The real CLI over root with every report format; its process and the report files' texts."""
    args = [*AIMS_LINT, "check", ".", "--format", "text"]
    for fmt, name in REPORT_FILES.items():
        args += ["--format", f"{fmt}:{root / name}"]
    proc = subprocess.run(args, cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120)
    reports = {fmt: (root / name).read_text(encoding="utf-8") for fmt, name in REPORT_FILES.items()
               if (root / name).is_file()}
    return proc, reports


def _assert_reported(root: Path, bad: dict[str, int]) -> None:
    """The run ends normally, every report parses, and each bad file and the good card have their findings."""
    proc, reports = _check(root)
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert set(reports) == set(REPORT_FILES), proc.stderr
    findings = json.loads(reports["json"])["findings"]
    sarif = json.loads(reports["sarif"])["runs"][0]["results"]
    json.loads(reports["gitlab"])
    ET.fromstring(reports["junit"])
    sarif_at = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                 r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in sarif}
    for path, line in bad.items():
        here = [f for f in findings if f["path"] == path and f["line"] == line and f["rule"].startswith(("AL", "CR"))]
        assert here, f"no AL finding at {path}:{line}: {[f for f in findings if f['rule'].startswith('AL')]}"
        assert (path, line) in sarif_at
        assert f"{path}:{line}:" in proc.stdout
        assert f"file={path},line={line}," in reports["github"]
        assert all(f["path"] == path and f["line"] >= 1 for f in here)
    assert any(f["path"] == GOOD_PATH for f in findings), "the good card's own findings are missing"
    assert len({f["fingerprint"] for f in findings}) == len(findings)


@pytest.mark.parametrize("snippet", list(YAML_SNIPPETS.values()), ids=list(YAML_SNIPPETS))
def test_malformed_yaml_is_a_finding_at_its_line_in_every_kind(tmp_path: Path, snippet: str) -> None:
    files = {path: template.format(snippet) for path, (template, _) in YAML_KINDS.items()}
    root = make_git_repo(tmp_path / "repo", {**files, GOOD_PATH: GOOD_CARD})
    below = int(snippet.endswith("# next line"))
    _assert_reported(root, {path: line + below for path, (_, line) in YAML_KINDS.items()})


@pytest.mark.parametrize("case", list(JSON_CASES.values()), ids=list(JSON_CASES))
def test_malformed_json_is_a_finding_at_its_line(tmp_path: Path, case: JsonCase) -> None:
    root = make_git_repo(tmp_path / "repo", {case.path: case.text, GOOD_PATH: GOOD_CARD})
    _assert_reported(root, {case.path: case.line})


@pytest.mark.parametrize("snippet", list(YAML_SNIPPETS.values()), ids=list(YAML_SNIPPETS))
def test_the_yaml_loader_raises_only_its_own_error(snippet: str) -> None:
    try:
        loaded = load_yaml(snippet + "\n", line_offset=10)
    except YamlLoadError as exc:
        assert exc.issue.line == 11
        assert "\n" not in exc.issue.message
        return
    assert loaded.issues, "the document loaded without a word about what it holds"
    assert {issue.line for issue in loaded.issues} <= {11, 12}
    assert all("\n" not in issue.message for issue in loaded.issues)
    assert all(isinstance(key, str) for key in _keys(loaded.data))


def _keys(value: object) -> list[object]:
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in _keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def test_keys_that_are_not_strings_are_read_as_written() -> None:
    loaded = load_yaml("010: a\ntrue: b\n~: c\n1.50: d\n? !!binary aGk=\n: e\n")
    assert loaded.data == {"010": "a", "true": "b", "~": "c", "1.50": "d", "aGk=": "e"}
    assert [(i.code, i.line) for i in loaded.issues] == [("yaml-key", n) for n in range(1, 6)]
    assert loaded.positions["/1.50"] == (4, 1)


@pytest.mark.parametrize("key", ["0", "7", "12", "-3"])
def test_a_whole_number_key_written_as_its_digits_reads_the_same_and_is_not_reported(key: str) -> None:
    loaded = load_yaml(f"names:\n  {key}: dismissal\n")
    assert loaded.data == {"names": {key: "dismissal"}} and loaded.issues == ()


@pytest.mark.parametrize("key", ["+1", "0x1f", "1_000", "010"])
def test_a_whole_number_key_written_otherwise_is_still_reported(key: str) -> None:
    loaded = load_yaml(f"{key}: a\n")
    assert loaded.data == {key: "a"} and [i.code for i in loaded.issues] == ["yaml-key"]


def test_hugging_face_class_label_names_with_number_keys_are_no_yaml_error(tmp_path: Path) -> None:
    """The Hub writes `class_label: names:` as a mapping from class numbers to names, often unquoted: valid YAML,
    read the same as text, so AL001 has nothing to say about it."""
    card = ("---\nlicense: cc-by-4.0\ndataset_info:\n  features:\n  - name: label\n    dtype:\n      class_label:\n"
            "        names:\n          0: dismissal\n          1: approval\n---\n# Court rulings\n")
    root = write_tree(tmp_path / "repo", {"data/README.md": card})
    report = run(build_inventory([root]), load_rules(), RunOptions(select=frozenset({"AL001", "AL002"})))
    assert not report.findings
    report = run(build_inventory([write_tree(tmp_path / "bad", {"data/README.md": card.replace("1: ap", "1.0: ap")})]),
                 load_rules(), RunOptions(select=frozenset({"AL001"})))
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("AL001", 10)]


def test_a_key_written_twice_as_different_types_is_a_duplicate() -> None:
    loaded = load_yaml("1: a\n'1': b\n")
    assert loaded.data == {"1": "b"}
    assert [i.code for i in loaded.issues] == ["yaml-duplicate-key"]
    loaded = load_yaml("0x1: a\n'0x1': b\n")
    assert [i.code for i in loaded.issues] == ["yaml-key", "yaml-duplicate-key"]


def test_valid_explicit_tags_still_load() -> None:
    loaded = load_yaml("a: !!int '12'\nb: !!float '1.5'\nc: !!bool 'yes'\nd: !!null ''\ne: !!str 12\n"
                       "f: !!binary aGk=\ng: !!timestamp 2024-02-29\n")
    assert loaded.data["a"] == 12 and loaded.data["b"] == 1.5 and loaded.data["c"] is True
    assert loaded.data["d"] is None and loaded.data["e"] == "12" and loaded.data["f"] == b"hi"
    assert str(loaded.data["g"]) == "2024-02-29"
    assert loaded.issues == ()


def test_front_matter_problems_are_placed_in_the_file() -> None:
    loaded, problems = read_yaml("README.md", "a: b\n? !!int x\n: c\n", line_offset=3)
    assert loaded is None
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("yaml-syntax", 5, 3)]


def test_lone_surrogates_in_json_are_replaced_and_reported() -> None:
    loaded = load_json('{\n  "a\\ud800": ["\\udc00x", "\\ud83d\\ude00"]\n}\n')
    assert loaded.data == {"a\ufffd": ["\ufffdx", "\U0001f600"]}
    assert "/a\ufffd/0" in loaded.positions
    assert [(i.code, i.line) for i in loaded.issues] == [("json-surrogate", 2), ("json-surrogate", 2)]
    assert "\\ud800" in loaded.issues[0].message


def test_an_escaped_backslash_before_u_is_no_surrogate() -> None:
    loaded = load_json('{"a": "\\\\ud800"}')
    assert loaded.data == {"a": "\\ud800"} and loaded.issues == ()


def test_fingerprint_and_every_format_survive_a_lone_surrogate(tmp_path: Path) -> None:
    """A surrogate that reaches a finding some other way is replaced the same way in the fingerprint and reports."""
    assert fingerprint("AL001", "a", "x\ud800") == fingerprint("AL001", "a", "x\ufffd")
    root = make_git_repo(tmp_path / "repo", {GOOD_PATH: GOOD_CARD})
    inventory = build_inventory([root])
    from aims_lint.model import Location, Problem

    problem = Problem("yaml-syntax", "bad \ud800 text", Location("models/x/README.md", 2, 1))
    inventory = dataclasses.replace(inventory, problems=(*inventory.problems, problem))
    report = run(inventory, load_rules())
    found = [f for f in report.findings if f.rule_id == "AL001"]
    assert [f.message for f in found] == ["bad \ufffd text"]
    for name, formatter in formatters().items():
        text = formatter(report, FormatContext(version="0"))
        text.encode("utf-8")
        assert "\ud800" not in text, name


def _boom(*args: object, **kwargs: object) -> NoReturn:
    raise TypeError("boom\nsecond line")


def test_an_internal_error_reading_one_file_is_a_finding_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any, request: pytest.FixtureRequest
) -> None:
    """The last resort for a defect of aims-lint's own that no test has found: the file is named in a finding."""
    root = make_git_repo(tmp_path / "repo", {"models/x/model_card.yaml": "name: x\n", GOOD_PATH: GOOD_CARD})
    monkeypatch.setattr(native_yaml, "adapt_native_yaml", _boom)
    # The catalogue keeps each adapter once looked up: forget it now, and again once the test is over.
    catalogue.adapter.cache_clear()
    request.addfinalizer(catalogue.adapter.cache_clear)
    monkeypatch.delenv("AIMS_LINT_DEBUG", raising=False)
    result = run_cli("check", ".", "--format", "json", cwd=root)
    assert result.exit_code == 1 and result.stderr == ""
    findings = json.loads(result.stdout)["findings"]
    internal = [f for f in findings if f["path"] == "models/x/model_card.yaml"]
    assert [(f["rule"], f["line"]) for f in internal] == [("AL003", 1)]
    assert internal[0]["message"] == ("aims-lint failed while reading this file (internal error TypeError: boom); "
                                      "please report it with this file")
    assert any(f["path"] == GOOD_PATH and f["rule"] == "MC102" for f in findings)
    monkeypatch.setenv("AIMS_LINT_DEBUG", "1")
    with pytest.raises(TypeError, match="boom"):
        run_cli("check", ".", "--format", "json", cwd=root)


def test_an_internal_error_judging_one_file_is_that_rules_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    root = make_git_repo(tmp_path / "repo", {GOOD_PATH: GOOD_CARD})
    spec = CHECKS["required_fields"]
    monkeypatch.setitem(CHECKS, "required_fields", dataclasses.replace(spec, artifact_fn=_boom))
    monkeypatch.delenv("AIMS_LINT_DEBUG", raising=False)
    result = run_cli("check", ".", "--format", "json", cwd=root)
    assert result.exit_code == 1 and result.stderr == ""
    findings = json.loads(result.stdout)["findings"]
    failed = {f["rule"] for f in findings if "internal error TypeError: boom" in f["message"]}
    assert "MC101" in failed and all(f["path"] == GOOD_PATH for f in findings)
    assert any(f["rule"] == "MC111" for f in findings), "rules that did not fail are still reported"


def _card(line: str) -> str:
    return f"---\nlibrary_name: x\n{line}\n---\n# Card\n"


# Found by fuzzing and by probing adapters with values of other types: each once ended the run, or was reported
# on the wrong line.
@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        ("models/m/README.md", _card("model-index: [{results: [{metrics: 5}]}]"), None),
        ("models/m/README.md", _card("model-index: [{results: [{metrics: true}]}]"), None),
        ("models/m/model_card.yaml", "name: m\nlimitations: \x01 control\n", 2),
    ],
    ids=["model-index-metrics-number", "model-index-metrics-boolean", "control-character"],
)
def test_input_found_by_fuzzing_is_a_finding(tmp_path: Path, path: str, text: str, line: int | None) -> None:
    root = make_git_repo(tmp_path / "repo", {path: text, GOOD_PATH: GOOD_CARD})
    if line is not None:
        _assert_reported(root, {path: line})
        return
    proc, reports = _check(root)
    assert proc.returncode == 1 and proc.stderr == ""
    assert any(f["path"] == path for f in json.loads(reports["json"])["findings"])
