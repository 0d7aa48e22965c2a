"""Safe YAML loading that keeps the line and column of every key and value, with limits on hostile input."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

import yaml

from aims_lint.parse.text import quoted

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - only without libyaml
    _BaseLoader = yaml.SafeLoader

# Nesting deeper than this is refused before libyaml sees it: its composer recurses in C and
# crashes the interpreter on very deep documents.
MAX_DEPTH = 200
# Nodes visited while building values; bounds alias expansion ("billion laughs").
MAX_NODES = 250_000


class PositionLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C safe loader without the timestamp resolver, so dates stay strings as written."""


PositionLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem found while loading: a syntax error, a limit hit, a duplicate key."""

    code: str
    message: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Plain Python data plus a map from JSON pointer to (line, column), both 1-based."""

    data: Any
    positions: dict[str, tuple[int, int]]
    issues: tuple[YamlIssue, ...] = ()


class YamlLoadError(Exception):
    """The document could not be loaded; carries a position relative to the text given."""

    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"
_YAML_TAGS = "tag:yaml.org,2002:"
# The tags a scalar is built from; any other (an unknown tag, a collection's tag on a scalar) is an error.
_SCALAR_TAGS = frozenset(_YAML_TAGS + name for name in ("str", "null", "bool", "int", "float", "binary", "timestamp"))
# The text each tag that a resolver can give must match, from PyYAML's own resolvers. Its constructors take the match
# for granted, which an explicit tag ('!!int x') skips: without it they fail with whatever error the text provokes.
_TAG_PATTERNS: dict[str, re.Pattern[str]] = {
    tag: regexp for resolvers in _BaseLoader.yaml_implicit_resolvers.values() for tag, regexp in resolvers
}
# What a key that is not a string is read as, for the message.
_KEY_TYPES = {int: "an integer", float: "a number", bool: "a boolean", type(None): "null", bytes: "binary data"}


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


_FLOW_OPEN = re.compile(r"[\[{]")


def _nesting_guard(text: str, line_offset: int) -> None:
    """Refuse text whose nesting could exceed what libyaml handles, without parsing it."""
    if len(text) < 2 * MAX_DEPTH:
        return
    longest = max(map(len, text.split("\n")))
    flow_openers = len(_FLOW_OPEN.findall(text))
    if longest < 20 * MAX_DEPTH and flow_openers < 20 * MAX_DEPTH:
        return
    depth = deepest = 0
    line = 1
    deepest_line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif ch in "]}" and depth:
            depth -= 1
    if deepest > MAX_DEPTH or longest > 100 * MAX_DEPTH:
        raise YamlLoadError(
            YamlIssue(
                "yaml-limit",
                f"YAML nesting deeper than {MAX_DEPTH} levels (or a line over {100 * MAX_DEPTH} characters); not read",
                deepest_line + line_offset,
                1,
            )
        )


@dataclass(frozen=True, slots=True)
class _Lines:
    """How libyaml's marks become positions in a text: where its last line ends, and where each line starts when
    the text holds a break libyaml counts as a new line and aims-lint does not (NEL, U+2028, U+2029)."""

    end: tuple[int, int]  # the last line and the column just after its end, 1-based
    starts: tuple[int, ...] | None


def _lines(text: str) -> _Lines:
    end = (text.count("\n") + 1, len(text) - text.rfind("\n"))
    if not any(char in text for char in "\x85\u2028\u2029"):
        return _Lines(end, None)
    return _Lines(end, (0, *(found.end() for found in re.finditer("\n", text))))


def _inside(lines: _Lines, mark: yaml.Mark) -> tuple[int, int]:
    """A libyaml mark as a 1-based position in the text's own lines: by its character index where libyaml counts
    lines of its own; else its line and column, with the end of the stream, which libyaml puts on the line after a
    last line without a newline (and an empty document's null there), at the end of that last line."""
    if lines.starts is not None:
        line = bisect.bisect_right(lines.starts, mark.index)
        return line, mark.index - lines.starts[line - 1] + 1
    return (mark.line + 1, mark.column + 1) if mark.line < lines.end[0] else lines.end


def load_yaml(text: str, *, line_offset: int = 0) -> YamlDocument:
    """Load one YAML document; raise YamlLoadError with a 1-based position on any problem.

    line_offset is added to every line number, for YAML embedded in another file (front matter).
    """
    _nesting_guard(text, line_offset)
    loader = PositionLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _inside(_lines(text), mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        # Newer PyYAML releases refuse deep nesting themselves; that is a limit, not a syntax error.
        code = "yaml-limit" if "nesting depth" in problem else "yaml-syntax"
        message = f"YAML {problem}; not read" if code == "yaml-limit" else f"YAML syntax error: {problem}"
        raise YamlLoadError(
            YamlIssue(code, message, line + line_offset, column)
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        message = f"YAML syntax error: character U+{exc.character:04X} is not allowed in YAML"
        raise YamlLoadError(YamlIssue("yaml-syntax", message, line + line_offset, column)) from None
    except yaml.YAMLError as exc:
        message = f"YAML error: {str(exc).splitlines()[0]}"
        raise YamlLoadError(YamlIssue("yaml-syntax", message, 1 + line_offset, 1)) from None
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(None, {"": (1 + line_offset, 1)})
    builder = _Builder(loader, line_offset, _lines(text))
    data = builder.build(node, "", 0, frozenset())
    return YamlDocument(data, builder.positions, tuple(builder.issues))


def load_values(text: str) -> Any:
    """The values of one of aims-lint's own YAML files (its data and built-in packs), as yaml.load gives them with
    PositionLoader: built straight from the composed nodes, without the positions and limits that the scanned
    repository's YAML needs, in about two thirds of yaml.load's time (these files are read on every run)."""
    loader = PositionLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _values(loader, node)
    finally:
        loader.dispose()


def _values(loader: PositionLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR_TAG else loader.construct_object(node)
    if isinstance(node, yaml.SequenceNode):
        return [_values(loader, item) for item in node.value]
    if any(key.tag == _MERGE_TAG for key, _ in node.value):
        return loader.construct_object(node, deep=True)  # merge keys ('<<'), as PyYAML expands them
    return {_values(loader, key): _values(loader, value) for key, value in node.value}


class _Builder:
    """Turns a composed node graph into Python values, recording positions and enforcing limits."""

    def __init__(self, loader: PositionLoader, line_offset: int, lines: _Lines) -> None:
        self.loader = loader
        self.line_offset = line_offset
        self.lines = lines
        self.positions: dict[str, tuple[int, int]] = {}
        self.issues: list[YamlIssue] = []
        self.visited = 0
        self.merged = 0
        self.flat: dict[int, tuple[list[tuple[yaml.Node, yaml.Node]], int]] = {}

    def _flatten(self, node: yaml.MappingNode, depth: int) -> tuple[list[tuple[yaml.Node, yaml.Node]], int]:
        """A mapping's entries with merge keys ('<<') expanded as PyYAML does, and how many lead as merged.

        PyYAML's flatten_mapping has no limits: a chain of merges doubles at each link (a bomb in a few
        hundred bytes) and nested merges overflow Python's stack. This one counts merged entries against
        the node budget, bounds the depth, and leaves the shared nodes unchanged.
        """
        cached = self.flat.get(id(node))
        if cached is not None:
            if cached[1] < 0:
                raise self._fail("yaml-limit", "YAML alias refers to itself; not read", node)
            return cached
        if depth > MAX_DEPTH:
            raise self._fail("yaml-limit", f"YAML nesting deeper than {MAX_DEPTH} levels; not read", node)
        self.flat[id(node)] = ([], -1)
        merge: list[tuple[yaml.Node, yaml.Node]] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _VALUE_TAG:
                key_node.tag = _STR_TAG
            if key_node.tag != _MERGE_TAG:
                own.append((key_node, value_node))
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            # Earlier mappings in a merge list take precedence, so they are added last.
            for source in reversed(sources):
                if not isinstance(source, yaml.MappingNode):
                    raise self._fail(
                        "yaml-syntax", "YAML merge error: '<<' takes a mapping or a list of mappings", source
                    )
                merge.extend(self._flatten(source, depth + 1)[0])
            self.merged += len(merge)
            if self.merged > MAX_NODES:
                raise self._fail(
                    "yaml-limit", f"YAML merges expand to more than {MAX_NODES} entries (a merge bomb?); not read",
                    node,
                )
        result = (merge + own, len(merge))
        self.flat[id(node)] = result
        return result

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        line, column = _inside(self.lines, node.start_mark)
        return line + self.line_offset, column

    def _fail(self, code: str, message: str, node: yaml.Node) -> YamlLoadError:
        line, column = self._pos(node)
        return YamlLoadError(YamlIssue(code, message, line, column))

    def build(self, node: yaml.Node, pointer: str, depth: int, ancestors: frozenset[int]) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self._fail(
                "yaml-limit",
                f"YAML expands to more than {MAX_NODES} nodes (an alias bomb?); not read",
                node,
            )
        if pointer not in self.positions:
            self.positions[pointer] = self._pos(node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return node.value  # the common case, without the constructor's bookkeeping
            return self._scalar(node)
        if depth > MAX_DEPTH:
            raise self._fail("yaml-limit", f"YAML nesting deeper than {MAX_DEPTH} levels; not read", node)
        if id(node) in ancestors:
            raise self._fail("yaml-limit", "YAML alias refers to itself; not read", node)
        inner = ancestors | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, f"{pointer}/{index}", depth + 1, inner)
                for index, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            entries, merged = self._flatten(node, depth)
            result: dict[Any, Any] = {}
            own: set[Any] = set()
            for index, (key_node, value_node) in enumerate(entries):
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail("yaml-syntax", "YAML mapping key is not a scalar", key_node)
                key = key_node.value if key_node.tag == _STR_TAG else self._key(key_node)
                token = key
                if "~" in token or "/" in token:
                    token = escape_pointer_token(token)
                child = f"{pointer}/{token}"
                # A key of the mapping's own overriding a merged one is what merge keys are for.
                if index >= merged:
                    if key in own:
                        line, column = self._pos(key_node)
                        message = f"duplicate key {key!r}; the last value wins"
                        self.issues.append(YamlIssue("yaml-duplicate-key", message, line, column))
                    own.add(key)
                self.positions[child] = self._pos(key_node)
                result[key] = self.build(value_node, child, depth + 1, inner)
            return result
        raise self._fail("yaml-syntax", f"unsupported YAML node {node.tag}", node)  # pragma: no cover

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar that is not a plain string; a tag it does not fit is an error at the scalar."""
        tag, text = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            raise self._fail("yaml-syntax", f"YAML value error: tag {_tag_name(tag)!r} is not one aims-lint reads "
                                            "(a string, number, boolean, null, date or binary)", node)
        pattern = _TAG_PATTERNS.get(tag)
        if pattern is not None and not pattern.fullmatch(text):
            raise self._fail("yaml-syntax", f"YAML value error: {quoted(text)} is not a valid {_tag_name(tag)}", node)
        try:
            return self.loader.construct_object(node)
        except yaml.MarkedYAMLError as exc:  # binary data that is not base64
            raise self._fail("yaml-syntax", f"YAML value error: {exc.problem}", node) from None
        except (ValueError, OverflowError) as exc:  # no digits after 0x, a day out of range, too many digits
            raise self._fail("yaml-syntax", f"YAML value error: {quoted(text)} is not a valid {_tag_name(tag)} "
                                            f"({str(exc).splitlines()[0]})", node) from None

    def _key(self, node: yaml.ScalarNode) -> str:
        """A key that YAML reads as something other than a string, as the text written: reported, since JSON and
        the schemas know only string keys, unless it is a whole number written as its own digits (`0:`), which
        reads the same either way (the Hugging Face `class_label` names are written so)."""
        value = self._scalar(node)
        if value.__class__ is str or (value.__class__ is int and str(value) == node.value):
            return str(node.value)
        kind = _KEY_TYPES.get(type(value), "a date")
        line, column = self._pos(node)
        self.issues.append(YamlIssue(
            "yaml-key", f"YAML key {quoted(node.value)} is read as {kind}, not a string; quote it to keep it as text",
            line, column))
        return str(node.value)


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAGS):] if tag.startswith(_YAML_TAGS) else tag
