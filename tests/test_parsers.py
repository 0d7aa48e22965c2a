"""The parsers on their own: text decoding, YAML with positions and limits, Markdown front matter and sections."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aims_lint.model import FieldState
from aims_lint.parse.markdown import content_state, heading_key, parse_body, parse_sections, split_front_matter
from aims_lint.parse.text import decode, normalise_newlines
from aims_lint.parse.yamlpos import MAX_DEPTH, MAX_NODES, YamlLoadError, load_values, load_yaml
from aims_lint.vocab import section_state


class _Oracle(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader with dates left as strings: an independent judge of what YAML means."""


_Oracle.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def oracle(text: str) -> object:
    return yaml.load(text, Loader=_Oracle)


def load_error(text: str, **kwargs: int) -> tuple[str, int, int]:
    with pytest.raises(YamlLoadError) as caught:
        load_yaml(text, **kwargs)
    issue = caught.value.issue
    return issue.code, issue.line, issue.column


# --- text decoding -------------------------------------------------------------------------------------------

SAMPLE = "---\nlicense: mit\n---\n# Café ☕\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), "utf-32-le"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by the NUL bytes
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf16le-sniffed", "utf16be-sniffed"],
)
def test_decode_reads_every_encoding_to_the_same_text(raw: bytes, encoding: str) -> None:
    result = decode(raw)
    assert result.error is None
    assert result.encoding == encoding
    assert result.text == SAMPLE  # no BOM left in the text


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        (b"a\r\nb\r\nc", ["a", "b", "c"]),
        (b"a\rb\rc", ["a", "b", "c"]),
        (b"a\nb\r\nc\rd", ["a", "b", "c", "d"]),
        # CR CR LF, as some editors leave it: a lone CR and a CRLF, two line breaks as editors count them; the
        # empty line keeps a CR (blank to every reader) by which the Markdown reader knows the card double-spaced.
        (b"a\r\r\nb", ["a", "\r", "b"]),
    ],
)
def test_decode_normalises_line_endings(raw: bytes, lines: list[str]) -> None:
    text = decode(raw).text
    assert text is not None
    assert text.split("\n") == lines
    assert normalise_newlines(raw.decode()) == text


def test_invalid_utf8_is_an_error_at_its_line() -> None:
    result = decode(b"ok: 1\nfine: 2\nbad: \xff\xfe\x00 here\n")
    assert result.text is None
    assert result.error_code == "encoding"
    assert result.error_line == 3
    assert "0xff" in (result.error or "")


def test_nul_bytes_mean_binary_not_text() -> None:
    result = decode(b"line one\nline two\x00\x01\x02 more text here to avoid utf16 sniffing......")
    assert result.text is None
    assert result.error_line == 2


def test_empty_file_decodes_to_empty_text() -> None:
    assert decode(b"").text == ""
    assert decode(codecs.BOM_UTF8).text == ""


# --- YAML with positions ---------------------------------------------------------------------------------------


def test_positions_of_keys_and_items_are_one_based() -> None:
    doc = load_yaml("name: demo\nmetrics:\n  - name: f1\n    value: 0.9\n  - plain\nnested: {a: 1}\n")
    assert doc.positions["/name"] == (1, 1)
    assert doc.positions["/metrics"] == (2, 1)
    assert doc.positions["/metrics/0"] == (3, 5)
    assert doc.positions["/metrics/0/value"] == (4, 5)
    assert doc.positions["/metrics/1"] == (5, 5)
    assert doc.positions["/nested/a"] == (6, 10)
    assert doc.data == oracle("name: demo\nmetrics:\n  - name: f1\n    value: 0.9\n  - plain\nnested: {a: 1}\n")


def test_line_offset_shifts_every_position() -> None:
    plain = load_yaml("a: 1\nb:\n  c: 2\n")
    shifted = load_yaml("a: 1\nb:\n  c: 2\n", line_offset=10)
    assert {k: (line + 10, col) for k, (line, col) in plain.positions.items()} == shifted.positions


def test_pointer_tokens_are_escaped() -> None:
    doc = load_yaml("'a/b': 1\n'c~d': 2\n")
    assert doc.positions["/a~1b"] == (1, 1)
    assert doc.positions["/c~0d"] == (2, 1)


def test_dates_stay_strings_as_written() -> None:
    doc = load_yaml("released: 2024-03-01\nat: 2024-03-01T10:00:00Z\nversion: 1.10\n")
    assert doc.data == {"released": "2024-03-01", "at": "2024-03-01T10:00:00Z", "version": 1.1}


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2, {c: d}]\nc: |\n  block\n  text\nd: >\n  folded\n",
        "- 1\n- two\n- {three: 3}\n",
        "answer: no\n'yes': yes\nnull_value: ~\nint: 0x1F\nfloat: 1e3\nquoted: '01'\n",
        "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nboth:\n  <<: [{x: 9, z: 1}, *b]\n",
        "anchor: &a [1, 2]\nalias: *a\n",
    ],
    ids=["mixed", "list", "scalars", "merge", "alias"],
)
def test_values_match_pyyaml(text: str) -> None:
    assert load_yaml(text).data == oracle(text)
    assert load_values(text) == oracle(text)


def test_own_data_files_and_packs_load_as_pyyaml_loads_them() -> None:
    """load_values, which reads aims-lint's own YAML on every run, gives what PyYAML's safe loader gives."""
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "aims_lint" / "data").glob("*.yaml")) + sorted((root / "rules").glob("*.yaml"))
    assert len(files) >= 7
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_values(text) == yaml.load(text, Loader=yaml.CSafeLoader), path.name


def test_overriding_a_merged_key_is_not_a_duplicate() -> None:
    doc = load_yaml("base: &b {x: 1}\nderived:\n  <<: *b\n  x: 2\n")
    assert doc.data["derived"] == {"x": 2}
    assert doc.issues == ()


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    doc = load_yaml("license: mit\nname: x\nlicense: apache-2.0\n")
    assert doc.data["license"] == "apache-2.0"
    assert [(i.code, i.line, i.column) for i in doc.issues] == [("yaml-duplicate-key", 3, 1)]


def test_empty_and_comment_only_documents_are_none() -> None:
    assert load_yaml("").data is None
    assert load_yaml("# only a comment\n").data is None


def test_trailing_tab_after_a_value_is_whitespace() -> None:
    # YAML 1.2 counts tabs as white space after a value (PyYAML's pure-Python scanner refuses them; libyaml
    # follows the specification). Real cards have them: see the corpus tests.
    doc = load_yaml("a: 0.5\t\nb: text\t  \n")
    assert doc.data == {"a": 0.5, "b": "text"}
    assert doc.data == oracle("a: 0.5\nb: text\n")


def test_tab_indentation_is_a_syntax_error_at_its_line() -> None:
    assert load_error("ok: 1\nlist:\n\t- item\n") == ("yaml-syntax", 3, 1)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: [1, 2\nb: 3\n", 2),
        ("a: 1\n b: 2\n", 2),
        ("a: 'unterminated\n", 2),
        ("key: value: other\n", 1),
    ],
)
def test_syntax_error_lines_match_pyyaml(text: str, line: int) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as expected:
        oracle(text)
    mark = expected.value.problem_mark
    assert mark is not None and mark.line + 1 == line
    code, got_line, _ = load_error(text, line_offset=4)
    assert (code, got_line) == ("yaml-syntax", line + 4)


def test_non_scalar_key_is_a_syntax_error() -> None:
    assert load_error("x: 1\n? [a, b]\n: value\n")[:2] == ("yaml-syntax", 2)


def test_template_front_matter_is_a_syntax_error_not_a_crash() -> None:
    # Hugging Face templates carry Jinja: '{{ card_data }}' is a mapping whose key is a mapping.
    assert load_error("# comment\n{{ card_data }}\n", line_offset=1)[:2] == ("yaml-syntax", 3)


def test_alias_bomb_is_refused() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for index in range(1, 9):
        previous, name = chr(96 + index), chr(97 + index)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    code, _, _ = load_error("\n".join(lines) + "\n")
    assert code == "yaml-limit"


_IN_A_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from aims_lint.parse.yamlpos import YamlLoadError, load_yaml
items = ["&m0 {k: 1}"] + [f"&m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}" for i in range(1, 40)]
try:
    load_yaml("<<: [" + ", ".join(items) + "]\\n")
except YamlLoadError as exc:
    print(exc.issue.code, exc.issue.line)
"""


def test_merge_key_bomb_is_refused() -> None:
    # Each link merges the previous mapping twice: 2**40 entries from a few hundred bytes. Unguarded it eats all
    # memory, so it runs in a child process with a memory cap and a time limit.
    proc = subprocess.run(
        [sys.executable, "-c", _IN_A_CHILD], capture_output=True, text=True, timeout=60, check=False
    )
    assert (proc.returncode, proc.stdout.split()) == (0, ["yaml-limit", "1"]), proc.stderr[-500:]


def test_wide_alias_use_within_the_budget_is_fine() -> None:
    text = "item: &i {a: 1, b: 2}\nlist: [" + ", ".join(["*i"] * 1000) + "]\n"
    assert len(load_yaml(text).data["list"]) == 1000
    assert MAX_NODES > 3 * 1000


@pytest.mark.parametrize(
    "text",
    ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a {<<: *a}\n"],
    ids=["list", "mapping", "merge"],
)
def test_recursive_alias_is_refused(text: str) -> None:
    assert load_error(text)[:2] == ("yaml-limit", 1)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "a: " + "[" * 5_000 + "]" * 5_000 + "\n",
        "a: " + "{b: " * 1_000 + "1" + "}" * 1_000 + "\n",
        "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH + 50)) + "  " * (MAX_DEPTH + 50) + "v\n",
        "".join("  " * depth + "-\n" for depth in range(MAX_DEPTH + 50)),
        "- " * 50_000 + "x\n",
        "".join("  " * depth + "<<:\n" for depth in range(1_500)) + "  " * 1_500 + "k: 1\n",
    ],
    ids=["100k-open-brackets", "flow-lists", "flow-maps", "block-maps", "block-lists", "one-line", "merge-nesting"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    # libyaml's composer recurses in C and PyYAML's merge flattening in Python: both must be guarded.
    code, line, _ = load_error(text)
    assert code == "yaml-limit"
    assert line >= 1


def test_nesting_within_the_limit_loads() -> None:
    depth = MAX_DEPTH - 5
    data = load_yaml("[" * depth + "1" + "]" * depth).data
    for _ in range(depth - 1):
        data = data[0]
    assert data == [1]


# --- Markdown: front matter ------------------------------------------------------------------------------------


def test_front_matter_split_with_lines() -> None:
    split = split_front_matter("---\na: 1\nb: 2\n---\n# Title\ntext\n")
    assert split.front_matter is not None
    assert split.front_matter.text == "a: 1\nb: 2"
    assert (split.front_matter.first_line, split.front_matter.end_line) == (2, 4)
    assert split.body == "# Title\ntext\n"
    assert split.body_first_line == 5
    assert not split.unterminated


@pytest.mark.parametrize(
    ("text", "yaml_text", "body_first_line"),
    [
        ("----\na: 1\n---\nbody", "a: 1", 4),  # four-dash opener
        ("---\na: 1\n ---\nbody", "a: 1", 4),  # indented closer
        ("---\na: 1\n...\nbody", "a: 1", 4),  # YAML document-end closer
        ("---  \na: 1\n---\t\nbody", "a: 1", 4),  # trailing blanks on the fences
        ("---\n---\nbody", "", 3),  # empty front matter
        ("\n\n---\na: 1\n---\nbody", "a: 1", 6),  # blank lines before the opener, as the Hub accepts
    ],
    ids=["four-dashes", "indented-closer", "dots-closer", "trailing-blanks", "empty", "leading-blank-lines"],
)
def test_front_matter_fence_variants(text: str, yaml_text: str, body_first_line: int) -> None:
    split = split_front_matter(text)
    assert split.front_matter is not None
    assert split.front_matter.text == yaml_text
    assert split.body == "body"
    assert split.body_first_line == body_first_line
    first_yaml_line = text.split("\n").index(yaml_text.split("\n")[0]) + 1 if yaml_text else None
    if first_yaml_line is not None:
        assert split.front_matter.first_line == first_yaml_line


def test_unterminated_front_matter() -> None:
    split = split_front_matter("---\nlicense: mit\n# Title\n")
    assert split.front_matter is None
    assert split.unterminated
    assert split.body_first_line == 2


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n---\na: 1\n---\n",  # a thematic break further down
        "\n---\nSome text under a rule that never closes\n",  # a rule after a blank line, never closed
        "--- not a fence\na: 1\n---\n",
        "",
    ],
    ids=["rule-below-title", "rule-after-blank", "text-on-fence", "empty"],
)
def test_no_front_matter(text: str) -> None:
    split = split_front_matter(text)
    assert split.front_matter is None
    assert not split.unterminated
    assert split.body == text
    assert split.body_first_line == 1


# --- Markdown: sections ----------------------------------------------------------------------------------------

CARD_BODY = """# Model Card for demo

Intro.

## Uses

### Direct Use

Ranks transactions.

### Out-of-Scope Use

[More Information Needed]

```python
# not a heading inside a fence
```

Evaluation
----------

Numbers here.

## **Training Data**
## [Limitations](#limitations)
"""


def test_sections_have_levels_lines_and_text() -> None:
    sections = parse_sections(CARD_BODY, first_line=5)
    assert [(s.title, s.level, s.line) for s in sections] == [
        ("Model Card for demo", 1, 5),
        ("Uses", 2, 9),
        ("Direct Use", 3, 11),
        ("Out-of-Scope Use", 3, 15),
        ("Evaluation", 2, 23),
        ("Training Data", 2, 28),
        ("Limitations", 2, 29),
    ]
    by_title = {s.title: s for s in sections}
    assert "Ranks transactions." in by_title["Uses"].text  # a section's text includes its subsections
    assert "Ranks transactions." not in by_title["Uses"].own_text
    assert "not a heading" in by_title["Out-of-Scope Use"].own_text
    assert section_state(by_title["Direct Use"]) is FieldState.PRESENT
    assert section_state(by_title["Evaluation"]) is FieldState.PRESENT
    assert section_state(by_title["Training Data"]) is FieldState.EMPTY
    assert section_state(by_title["Limitations"]) is FieldState.EMPTY


def test_section_lines_match_the_file() -> None:
    offset = 5
    lines = CARD_BODY.split("\n")
    for section in parse_sections(CARD_BODY, first_line=offset):
        assert section.title in lines[section.line - offset]


def test_heading_with_only_subheadings_is_empty() -> None:
    body = "## Evaluation\n### Testing Data\n### Metrics\n"
    states = {s.title: section_state(s) for s in parse_sections(body, 1)}
    assert states == {"Evaluation": FieldState.EMPTY, "Testing Data": FieldState.EMPTY, "Metrics": FieldState.EMPTY}


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Uses", "uses"),
        ("  USES  ", "uses"),
        ("2. Uses", "uses"),
        ("2.1 Direct Use", "direct use"),
        ("Bias, Risks, and Limitations", "bias risks and limitations"),
        ("Testing Data, Factors & Metrics", "testing data factors and metrics"),
        ("Out-of-Scope Use [optional]", "out of scope use"),
    ],
)
def test_heading_key_normalises(title: str, key: str) -> None:
    assert heading_key(title) == key


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Ranks card transactions for review.", FieldState.PRESENT),
        ("[More Information Needed]", FieldState.PLACEHOLDER),
        ("More information needed", FieldState.PLACEHOLDER),
        ("{{ direct_use | default('[More Information Needed]', true) }}", FieldState.PLACEHOLDER),
        ("TODO", FieldState.PLACEHOLDER),
        ("TBD.", FieldState.PLACEHOLDER),
        ("- **Developed by:** [More Information Needed]\n- **License:** TBD", FieldState.PLACEHOLDER),
        ("- **Developed by:**\n- **Funded by:**", FieldState.EMPTY),
        ("<!-- Provide a longer summary. -->", FieldState.EMPTY),
        ("", FieldState.EMPTY),
        ("   \n\n  ", FieldState.EMPTY),
        ("TODO: fill in. The model ranks transactions.", FieldState.PRESENT),
        ("Ce modèle classe des avis.", FieldState.PRESENT),
    ],
)
def test_content_state(text: str, state: FieldState) -> None:
    assert content_state(text) is state


def test_headings_inside_a_multi_line_html_comment_are_not_headings() -> None:
    body = (
        "# Card\n\n<!--\n## Glossary\n[More Information Needed]\n-->\n\n"
        "## Uses\n\nRanks reviews.\n<!-- a note -->\n## Limitations\nShort texts.\n"
    )
    found = [(s.title, s.line) for s in parse_sections(body, 1)]
    assert found == [("Card", 1), ("Uses", 8), ("Limitations", 12)]


def test_a_comment_in_a_heading_is_not_part_of_its_title() -> None:
    body = ("# Card\n\n## Uses <!-- aims-lint: ignore[MC101] reason: see the wiki -->\n\nRanks reviews.\n"
            "## <!-- odd --> Limitations <!-- a -->\n\nShort texts.\n")
    found = [(s.title, s.key, s.line) for s in parse_sections(body, 1)]
    assert found == [("Card", "card", 1), ("Uses", heading_key("Uses"), 3),
                     ("Limitations", heading_key("Limitations"), 6)]


_LITE_SAMPLES = [
    "# Model\n\nA model.\n\n## Intended Use\n\nSorting mail.\n",
    "Model\n=====\n\nText under a setext title.\n\nUses\n----\n\n- **Developed by:** Meta\n- dataset: opus\n",
    "## Results\n\n| Task | Accuracy |\n|---|---|\n| MNLI | 0.91 |\n\n```python\n# not a heading\n```\n",
    "### Evaluation <!-- omit in toc -->\n\n<!--\n## hidden\n-->\n\n> **Training Data**\n> Wikipedia\n",
    "## 7. How to run locally\n\nSee [the docs](https://example.org) and `pip install x`.\n\n    indented code\n",
]


@pytest.mark.parametrize("text", _LITE_SAMPLES)
def test_the_line_based_reader_reads_cards_as_markdown_it_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where markdown-it-py is missing, parse.lite reads the common shapes of a card the same way: sections with
    their titles and lines, blocks with their kinds and lines, labels and table rows."""
    pytest.importorskip("markdown_it")
    from aims_lint.parse import lite
    from aims_lint.parse import markdown as md

    def shape(body: md.MarkdownBody) -> object:
        return ([(s.title, s.level, s.line) for s in body.sections], [(b.kind, b.line, b.rows) for b in body.blocks],
                [(label.name, label.value, label.line) for label in body.labels])

    expected = shape(md.parse_body(text, 1))
    monkeypatch.setattr(md, "_block_parser", lite.BlockParser)
    monkeypatch.setattr(md, "_inline_parser", lite.InlineParser)
    assert shape(md.parse_body(text, 1)) == expected


_DOUBLE_SPACED_CARD = (
    b"---\r\r\nlicense: mit\r\r\n---\r\r\n\r\n# Summariser\r\r\n\r\r\nScores on the **News dataset**:\r\r\n"
    b"| Model | Rouge-1 |\r\r\n| --- | --- |\r\r\n| ours | 42.0 |\r\r\n\r\r\n## Usage\r\r\n"
    b"**Developed by:** Example Lab\r\r\nmore of the same paragraph\r\r\n"
)


def _editor_line(raw: bytes, needle: str) -> int:
    """The line of needle as an editor counts lines: CR, LF and CR LF each end one."""
    text = raw.decode()
    before = text[: text.index(needle)]
    return before.count("\r") - before.count("\r\n") + before.count("\n") + 1


def test_cr_cr_lf_card_is_read_as_its_writer_wrote_it_with_the_file_s_lines() -> None:
    text = decode(_DOUBLE_SPACED_CARD).text
    assert text is not None
    split = split_front_matter(text)
    body = parse_body(split.body, split.body_first_line)
    tables = [b for b in body.blocks if b.kind == "table"]
    # CR CR LF ends each line twice over; read as it stands every line would be a paragraph and the table lost.
    assert [t.rows for t in tables] == [(("Model", "Rouge-1"), ("ours", "42.0"))]
    assert tables[0].line == _editor_line(_DOUBLE_SPACED_CARD, "| Model")
    assert [(s.title, s.line) for s in body.sections] == [
        ("Summariser", _editor_line(_DOUBLE_SPACED_CARD, "# Summariser")),
        ("Usage", _editor_line(_DOUBLE_SPACED_CARD, "## Usage")),
    ]
    (label,) = [x for x in body.labels if x.name == "Developed by"]
    assert label.line == _editor_line(_DOUBLE_SPACED_CARD, "**Developed by")
    assert label.value == "Example Lab\nmore of the same paragraph"


def test_an_lf_card_with_a_blank_line_after_every_line_is_read_as_it_stands() -> None:
    text = decode(b"# T\n\none\n\ntwo\n\n| a |\n\n| - |\n\nthree\n\nfour\n").text
    assert text is not None
    body = parse_body(text, 1)
    assert [b.text for b in body.blocks] == ["one", "two", "| a |", "| - |", "three", "four"]
    assert [b.line for b in body.blocks] == [3, 5, 7, 9, 11, 13]


def test_sections_cut_from_the_body_are_its_lines_joined() -> None:
    # A section's text is cut from the card's body by offsets: the same text as its lines joined, also where the
    # Markdown parser counts more lines than a split at newlines (a lone carriage return ends a line for it).
    from aims_lint.parse.markdown import parse_body

    body = "# A\nintro\n## B\nunder b\n### C\ndeep\n# D\nx\r\r\r## E\rlast"
    lines = body.split("\n")
    sections = parse_body(body, 1).sections
    assert [s.title for s in sections][:3] == ["A", "B", "C"]
    a, b, c = sections[:3]
    assert a.own_text == "intro" and a.text == "\n".join(lines[1:6])
    assert b.own_text == "under b" and b.text == "under b\n### C\ndeep"
    assert c.own_text == c.text == "deep"
    for section in sections:  # every offset within the body, even past the lines the split gives
        assert 0 <= section.start <= section.own_end <= section.end <= len(body) + 1
        assert section.text.startswith(section.own_text)


def test_code_blocks_are_blanked_as_commonmark_reads_them() -> None:
    """A line opening with three backticks that holds backticks after them is an inline code span, not a fence
    ('```api.tts``` for a full list.', tortoise-tts's card): the lines after it are not code."""
    from aims_lint.parse.markdown import without_code_blocks

    body = "See ```api.tts``` for more.\n```api.tts``` for a full list.\n\nStill text.\n```\ncode\n```\nafter\n"
    kept = "See ```api.tts``` for more.\n```api.tts``` for a full list.\n\nStill text.\n"
    assert without_code_blocks(body) == kept + "\n\n\nafter\n"
