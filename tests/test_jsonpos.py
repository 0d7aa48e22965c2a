"""JSON with positions: every pointer placed where it is written, errors at their line, limits on hostile input."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS

from aims_lint.parse.jsonpos import MAX_DEPTH, JsonLoadError, escape_token, load_json, nearest_position


def _pointers(value: Any, prefix: str = "") -> list[str]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _pointers(item, f"{prefix}/{escape_token(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _pointers(item, f"{prefix}/{index}")
    return out


def _resolve(data: Any, pointer: str) -> tuple[Any, Any]:
    """(container, last token) of a pointer, or (None, data) for the root."""
    if not pointer:
        return None, data
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    container = data
    for part in parts[:-1]:
        container = container[int(part)] if isinstance(container, list) else container[part]
    return container, parts[-1]


def _assert_positions_agree(text: str) -> int:
    """Each pointer of the data has a position, and the text there is the member's key or the item's value."""
    doc = load_json(text)
    starts = [0]
    for line_text in text.split("\n"):
        starts.append(starts[-1] + len(line_text) + 1)
    pointers = _pointers(doc.data)
    assert set(pointers) == set(doc.positions)
    for pointer in pointers:
        line, column = doc.positions[pointer]
        at = text[starts[line - 1] + column - 1 :]
        container, token = _resolve(doc.data, pointer)
        if isinstance(container, dict):
            # Keys may be written with escapes; decode the string literal that starts here.
            literal, _ = json.JSONDecoder().raw_decode(at)
            assert literal == token, (pointer, at[:40])
        else:
            value = doc.data if container is None else container[int(token)]
            decoded, _ = json.JSONDecoder().raw_decode(at)
            assert decoded == value, pointer
    return len(pointers)


def test_keys_and_items_are_placed_where_written() -> None:
    text = '{\n  "name": "faces",\n  "tags": [\n    "a",\n    {"k": 1}\n  ],\n  "deep": {"x": {"y": null}}\n}\n'
    doc = load_json(text)
    assert doc.positions[""] == (1, 1)
    assert doc.positions["/name"] == (2, 3)
    assert doc.positions["/tags"] == (3, 3)
    assert doc.positions["/tags/0"] == (4, 5)
    assert doc.positions["/tags/1"] == (5, 5)
    assert doc.positions["/tags/1/k"] == (5, 6)
    assert doc.positions["/deep/x/y"] == (7, 18)
    assert _assert_positions_agree(text) == 9


def test_escaped_and_special_keys_get_their_pointer() -> None:
    text = '{"a/b": 1, "m~n": 2, "caf\\u00e9": 3, "q\\"uote": 4, "": 5}'
    doc = load_json(text)
    assert {"/a~1b", "/m~0n", "/café", '/q"uote', "/"} <= set(doc.positions)
    _assert_positions_agree(text)


def test_empty_containers_and_scalars_at_the_root() -> None:
    assert load_json("[]").positions == {"": (1, 1)}
    assert load_json("  \n 42").positions == {"": (2, 2)}
    assert load_json('{"a": {}, "b": []}').positions["/b"] == (1, 11)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{\n  "a": 1\n  "b": 2\n}', 2, 9),  # the comma missing after line 2's value
        ('{\n  "a": [1, 2,]\n}', 2, 14),  # trailing comma: the bracket where a value was expected
        ('{\n  "a": "open\n}', 2, 13),  # a string still open at the end of its line
        ("", 1, 1),
        ('{"a": 1}\n{"b": 2}', 2, 1),  # two documents
    ],
)
def test_syntax_errors_are_reported_at_their_line(text: str, line: int, column: int) -> None:
    with pytest.raises(JsonLoadError) as caught:
        load_json(text)
    issue = caught.value.issue
    assert (issue.code, issue.line, issue.column) == ("json-syntax", line, column)


def test_nesting_beyond_the_limit_is_refused_without_recursing() -> None:
    with pytest.raises(JsonLoadError) as caught:
        load_json("[" * 100_000 + "]" * 100_000)
    assert caught.value.issue.code == "json-limit"
    assert caught.value.issue.line == 1
    depth = MAX_DEPTH - 1
    assert load_json("[" * depth + "]" * depth).data is not None


def test_integers_too_long_to_convert_are_a_limit_not_a_crash() -> None:
    with pytest.raises(JsonLoadError) as caught:
        load_json("[" + "9" * 5000 + "]")
    assert caught.value.issue.code == "json-limit"


def test_nearest_position_falls_back_to_the_closest_ancestor() -> None:
    doc = load_json('{\n  "a": {\n    "b": 1\n  }\n}')
    assert nearest_position(doc.positions, "/a/b/c/d") == (3, 5)
    assert nearest_position(doc.positions, "/zzz") == (1, 1)


def _corpus_json() -> list[Path]:
    folders = [CORPUS / name for name in ("croissant", "mct", "cyclonedx")]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.json"))


@pytest.mark.parametrize("path", _corpus_json(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_json_file_has_consistent_positions(path: Path) -> None:
    assert _assert_positions_agree(path.read_text(encoding="utf-8")) > 0


def test_positions_cost_a_bounded_multiple_of_plain_parsing() -> None:
    big = {"components": [{"name": f"c{i}", "tags": ["a", "b"], "n": i, "d": {"x": [1, 2, 3]}} for i in range(3000)]}
    text = json.dumps(big, indent=2)

    def best(fn: Any) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - start)
        return min(times)

    ratio = best(load_json) / best(json.loads)
    # One regex pass over the tokens is several times json's C decoder, never orders of magnitude.
    assert ratio < 60, ratio


def test_a_key_written_twice_in_one_object_is_an_issue_at_the_second() -> None:
    text = '{\n  "a": {"k": 1,\n        "k": 2},\n  "b": [{"k": 1}, {"k": 2}]\n}\n'
    doc = load_json(text)
    assert [(i.code, i.line, i.column) for i in doc.issues] == [("json-duplicate-key", 3, 9)]
    assert doc.data["a"]["k"] == 2 and doc.positions["/a/k"] == (3, 9)
