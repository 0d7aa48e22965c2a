"""Text made to make regular expressions backtrack is read in linear time: every pattern aims-lint applies to a
repository's text, each function that applies them, and whole runs, on inputs of many kilobytes."""

from __future__ import annotations

import contextlib
import importlib
import json
import math
import pkgutil
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from conftest import make_git_repo, write_tree

import aims_lint
from aims_lint.adapters.croissant import license_detail
from aims_lint.adapters.governance import date_value
from aims_lint.adapters.markdown_card import adapt_markdown
from aims_lint.checks import CHECKS
from aims_lint.checks.governance import _strip_markup
from aims_lint.engine import run
from aims_lint.packs import load_rules
from aims_lint.parse.jsonpos import JsonLoadError, load_json
from aims_lint.parse.markdown import content_state, heading_key, parse_sections, split_front_matter
from aims_lint.parse.yamlpos import YamlLoadError, load_yaml
from aims_lint.read import build_inventory
from aims_lint.schemas import SCHEMA_DIR, _compile_fast
from aims_lint.vocab import _PLACEHOLDER, section_state

# Long enough that a pattern taking quadratic time needs seconds (and a cubic one hours), while a linear one
# needs a few milliseconds: the bound below is generous for the one and fails the others. Functions do more than
# match, and are given more text so that a quadratic part still stands out.
SIZE = 32 * 1024
FUNCTION_SIZE = 64 * 1024
BOUND = 0.5
# Whole runs read eight files of RUN_SIZE characters each; command-line runs, start-up included, read every
# text in two formats, CLI_SIZE characters each.
RUN_SIZE = 16 * 1024
RUN_BOUND = 2.0
CLI_SIZE = 4 * 1024
CLI_BOUND = 3.0

RULES = load_rules()
_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]


def _pumped(prefix: str, unit: str, suffix: str, size: int) -> str:
    body = unit * (size // len(unit) + 1)
    return prefix + body[: max(size - len(prefix) - len(suffix), len(unit))] + suffix


# (name, prefix, unit repeated to the size, suffix): runs of what patterns repeat, after what opens them and
# before a character that makes the match fail at the very end, so that a backtracking engine tries every split.
_SHAPES: tuple[tuple[str, str, str, str], ...] = (
    ("blank-lines", "", "\n", ""),
    ("spaces", "", " ", ""),
    ("spaces-and-tabs", "", " \t", ""),
    ("blank-lines-with-spaces", "", " \n", ""),
    ("bracket-then-blank-lines", "[", "\n", ""),
    ("bracket-space-newline", "", "[ \n", ""),
    ("brackets", "", "[", ""),
    ("braces", "", "{", ""),
    ("open-jinja-braces", "", "{{ ", ""),
    ("angles", "", "<", ""),
    ("open-comments", "", "<!-- ", ""),
    ("open-comment-dashes", "<!--", "-", ""),
    ("stars", "", "*", ""),
    ("bold-markers", "", "** ", ""),
    ("underscores", "", "_", ""),
    ("colons", "", ":", ""),
    ("colon-lines", "", ":\n", ""),
    ("long-heading", "# ", "a", ""),
    ("heading-marks", "", "#", ""),
    ("bold-heading", "## **", "a", ""),
    ("link-heading", "## [", "](", ""),
    ("label-then-spaces", "- **Developed by:**", " ", "x"),
    ("open-label-then-spaces", "- **ab", " ", "x"),
    ("open-label-then-blanks", "- **ab", "\t ", "x"),
    ("label-then-spaces-and-cr", "**ab**", " ", "\r"),
    ("label-colon-spaces-feed", "**ab:**", " ", "\x0c"),
    ("label-lines", "", "- **a:** \n", ""),
    ("long-label-lines", "", "**" + "a" * 39 + " " * 40 + "\n", ""),
    ("bullet-then-blank-lines", "-", "\n", ""),
    ("bullet-then-spaces", "- ", " ", "x"),
    ("number-then-blank-lines", "1.", "\n", ""),
    ("number-lines", "", "1.\n", ""),
    ("dotted-digits", "", "1.", ""),
    ("digits", "", "1", "x"),
    ("annex-ids", "A.", "1.", "x"),
    ("letters", "", "a", ""),
    ("words", "", "a ", ""),
    ("word-lines", "", "a\n", ""),
    ("key-then-spaces", "key", " ", ""),
    ("key-then-blank-lines", "key", " \n", ""),
    ("dashes", "", "-", ""),
    ("equals", "", "=", ""),
    ("fence-then-spaces", "---", " ", "x"),
    ("spaces-then-fence", "", " ", "---x"),
    ("backslashes", "", "\\", ""),
    ("quotes", "", '"', ""),
    ("open-string", '"', "a", ""),
    ("open-string-escapes", '"', "\\a", ""),
    ("url-path", "https://", "a/", "!"),
    ("spdx-url", "https://spdx.org/licenses/", "a", "!"),
    ("creative-commons-url", "https://creativecommons.org/licenses/", "a-", "!"),
    ("insert-then-spaces", "[insert", " ", ""),
    ("inserts", "", "[insert ", ""),
    ("describe-then-spaces", "<describe", " ", ""),
    ("more-information", "", "more information ", ""),
    ("optional-then-spaces", "[optional", " ", ""),
    ("open-parentheses", "", "(", ""),
    ("carriage-returns", "", "\r", ""),
    ("spaces-and-returns", "", " \r", ""),
    ("no-break-spaces", "", "\xa0", ""),
    ("not-applicable", "", "n/a ", ""),
    ("punctuation", "", "!", ""),
    ("dots", "", ".", ""),
    ("address-like", "a@", "a.", "@"),
    ("evaluations", "", "eval_", ""),
    ("sexagesimal", "1", ":1", "x"),
    ("underscored-number", "1", "_", "x"),
    ("float-digits", "0.", "0", "e"),
    ("custom-keys", "", "x-", ""),
    ("todos", "", "todo ", ""),
    # Code fences left open, each block holding a card's heading: the fences are repaired a few times, not once each.
    ("open-fences", "", "```\n\n## A\n", ""),
)


def pathological(size: int) -> dict[str, str]:
    return {name: _pumped(prefix, unit, suffix, size) for name, prefix, unit, suffix in _SHAPES}


PATHOLOGICAL = pathological(SIZE)


class Overrun(Exception):
    """Raised by the alarm in a block that ran past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Stop the block with Overrun after seconds of this process's CPU time: the regular expression engine checks
    for signals while it matches, so a pattern that would run for hours fails at the bound instead of hanging the
    test run. An alarm that lands in a finaliser (where Python can only report the exception, not raise it) is
    not reported and rings again a moment later, in the block itself."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows: the bound is still asserted afterwards
        yield
        return

    def _raise(signum: int, frame: FrameType | None) -> None:
        raise Overrun

    reporting = sys.unraisablehook

    def _rearm(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, Overrun):
            signal.setitimer(signal.ITIMER_PROF, 0.01)
        else:
            reporting(unraisable)

    previous = signal.signal(signal.SIGPROF, _raise)
    sys.unraisablehook = _rearm
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        sys.unraisablehook = reporting


def seconds_for(call: Callable[[], object], bound: float = BOUND) -> float:
    """The CPU time call takes, or infinity when it is still running at twice the bound. CPU time, not the clock:
    on a machine shared with other work the clock measures the neighbours too, and the cost of reading the text
    is what the bounds are about."""
    started = time.process_time()
    try:
        with deadline(2 * bound):
            call()
    except Overrun:
        return math.inf
    return time.process_time() - started


def test_an_alarm_in_a_finaliser_rings_again_in_the_block() -> None:
    """The alarm that lands while a finaliser runs is not reported as unraisable (the suite turns that report into
    an error) and still stops the block."""

    class Finalised:
        def __del__(self) -> None:
            _spin(0.3)

    with pytest.raises(Overrun), deadline(0.1):
        Finalised()  # dropped at once: its finaliser runs past the alarm
        _spin(5.0)


def _spin(seconds: float) -> None:
    started = time.process_time()
    while time.process_time() - started < seconds:
        pass


def slow_inputs(apply: Callable[[str], object], inputs: dict[str, str], bound: float = BOUND) -> dict[str, float]:
    """The inputs apply takes longer than bound on, with the seconds it took."""
    timings = {name: seconds_for(lambda text=text: apply(text), bound) for name, text in inputs.items()}
    return {name: round(seconds, 3) for name, seconds in timings.items() if seconds >= bound}


# --- every pattern of every module -------------------------------------------------------------------------------


def _modules() -> Iterator[Any]:
    yield aims_lint
    for info in pkgutil.walk_packages(aims_lint.__path__, "aims_lint."):
        if info.name != "aims_lint.__main__":  # importing it runs the command line
            yield importlib.import_module(info.name)


def _patterns_in(name: str, value: object, depth: int = 0) -> Iterator[tuple[str, re.Pattern[Any]]]:
    if isinstance(value, re.Pattern):
        yield name, value
    elif depth < 4 and isinstance(value, tuple | list | frozenset | set):
        for index, item in enumerate(value):
            yield from _patterns_in(f"{name}[{index}]", item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(f"{name}[{key!r}]", item, depth + 1)


def module_patterns() -> dict[str, re.Pattern[Any]]:
    """Every compiled pattern held at module level (or by a class) in aims_lint, under its first name."""
    found: dict[str, re.Pattern[Any]] = {}
    seen: set[int] = set()
    for module in sorted(_modules(), key=lambda m: m.__name__):
        holders = [(module.__name__, vars(module))]
        holders += [(f"{module.__name__}.{k}", vars(v)) for k, v in vars(module).items()
                    if isinstance(v, type) and v.__module__ == module.__name__]
        for prefix, namespace in holders:
            for attr, value in sorted(namespace.items()):
                for name, pattern in _patterns_in(f"{prefix}.{attr}", value):
                    if id(pattern) not in seen:
                        seen.add(id(pattern))
                        found[name] = pattern
    return found


# Patterns whose callers only ever match them at the start of a whole string (match or fullmatch), where they
# are linear; searched from every position they would rescan the rest of the text. Each is listed with the
# module and the name it is called by there, and test_anchored_patterns_are_only_matched holds the list true.
ANCHORED: dict[str, tuple[str, str]] = {
    "aims_lint.parse.markdown._CLOSE_FENCE": ("parse/markdown.py", "_CLOSE_FENCE"),
    "aims_lint.checks.governance._BARE_NOT_APPLICABLE": ("checks/governance.py", "_BARE_NOT_APPLICABLE"),
    # The JSON formats' names, in one pattern; the other file names, in one pattern for each extension (built
    # from the texts of NAMED_PATTERNS); and the names without an extension.
    **{name: ("read/catalogue.py", "pattern") for name in module_patterns()
       if name.startswith(("aims_lint.read.catalogue._JSON_NAMED[", "aims_lint.read.catalogue._NAMED_BY_EXTENSION["))},
    **{name: ("read/catalogue.py", "pattern") for name in module_patterns()
       if name.startswith("aims_lint.read.catalogue._BARE_NAMES[")},
    # A suppression comment's text, matched whole; the blanks after an HTML comment, matched where it ends.
    "aims_lint.parse.suppressions._DIRECTIVE": ("parse/suppressions.py", "_DIRECTIVE"),
    "aims_lint.parse.suppressions._REASON": ("parse/suppressions.py", "_REASON"),
    "aims_lint.parse.suppressions._TRAILING_BLANKS": ("parse/suppressions.py", "_TRAILING_BLANKS"),
    # Names of files in a risk/ or impact/ folder, matched whole by _classify_by_folder.
    **{name: ("read/catalogue.py", "pattern") for name in module_patterns()
       if name.startswith("aims_lint.read.catalogue._BY_FOLDER[")},
}
# Patterns their callers apply only to part of a text, and what that part is.
PARTS: dict[str, Callable[[str], str]] = {
    # _strip_markup looks for comments only up to the last '-->'.
    "aims_lint.checks.governance._COMMENT_OR_MARK": lambda text: "".join(text.rpartition("-->")[:2]),
}
PATTERNS = module_patterns()


def _apply(pattern: re.Pattern[Any], *, search: bool) -> Callable[[str], object]:
    def apply(text: str) -> object:
        sample: Any = text if isinstance(pattern.pattern, str) else text.encode("utf-8", "surrogatepass")
        results: list[object] = [pattern.match(sample), pattern.fullmatch(sample)]
        if search:
            results.append(sum(1 for _ in pattern.finditer(sample)))  # what search, findall and sub do
        return results

    return apply


def test_the_harness_finds_the_patterns_it_is_meant_to() -> None:
    names = set(PATTERNS)
    assert {"aims_lint.vocab._EMPTY_LABEL", "aims_lint.vocab._RESULT_NUMBER",
            "aims_lint.vocab._PLACEHOLDER", "aims_lint.adapters.croissant._LICENSE_URLS[1]"} <= names
    assert set(ANCHORED) | set(PARTS) <= names
    assert len(PATTERNS) > 50


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_module_pattern_is_linear_on_pathological_text(name: str) -> None:
    pattern = PATTERNS[name]
    part = PARTS.get(name)
    inputs = {key: part(text) for key, text in PATHOLOGICAL.items()} if part else PATHOLOGICAL
    assert slow_inputs(_apply(pattern, search=name not in ANCHORED), inputs) == {}, pattern.pattern


def test_anchored_patterns_are_only_matched() -> None:
    for relative, called in set(ANCHORED.values()):
        source = (Path(aims_lint.__file__).parent / relative).read_text(encoding="utf-8")
        methods = set(re.findall(rf"\b{called}\.(\w+)\(", source))
        assert methods and methods <= {"match", "fullmatch"}, (relative, called, methods)


# --- patterns and formats of the shipped JSON Schemas ------------------------------------------------------------


def _schema_patterns(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                yield item
            if key == "patternProperties" and isinstance(item, dict):
                yield from (k for k in item if isinstance(k, str))
            yield from _schema_patterns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _schema_patterns(item)


SCHEMAS = {path.relative_to(SCHEMA_DIR).as_posix(): json.loads(path.read_text(encoding="utf-8"))
           for path in sorted(SCHEMA_DIR.rglob("*.json"))}
# Patterns that come from data: the shipped schemas, the schemas in the built-in rules' options and those of the
# check functions' options. (The heading vocabulary holds names compared as normalised strings, no patterns.)
_DATA = (*SCHEMAS.values(), *(dict(rule.options) for rule in RULES), *(c.options_schema for c in CHECKS.values()))
DATA_PATTERNS = sorted({p for source in _DATA for p in _schema_patterns(source)})


def test_the_data_holds_patterns() -> None:
    assert "^x-" in DATA_PATTERNS and len(DATA_PATTERNS) > 10


@pytest.mark.parametrize("source", DATA_PATTERNS)
def test_every_pattern_from_data_is_linear_on_pathological_text(source: str) -> None:
    # jsonschema and fastjsonschema apply "pattern" with re.search, to the strings of the files they validate.
    assert slow_inputs(_apply(re.compile(source), search=True), PATHOLOGICAL) == {}


def _own_formats() -> set[str]:
    """The formats our own schemas ask for (vendor schemas are validated without a format checker)."""
    text = "".join(json.dumps(s) for name, s in SCHEMAS.items() if not name.startswith("vendor/"))
    return set(re.findall(r'"format": "([^"]+)"', text))


def test_format_checks_are_linear_on_pathological_text() -> None:
    import jsonschema
    from fastjsonschema.draft07 import CodeGeneratorDraft07

    formats = _own_formats()
    assert "date" in formats
    assert all(_compile_fast(s) is not None for n, s in SCHEMAS.items() if not n.startswith("vendor/"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for name in sorted(formats):
        assert slow_inputs(lambda text, name=name: checker.conforms(text, name), PATHOLOGICAL) == {}, name
        fast = CodeGeneratorDraft07.FORMAT_REGEXS.get(name)
        if fast is not None:
            assert slow_inputs(_apply(re.compile(fast), search=True), PATHOLOGICAL) == {}, name


# --- the functions that apply them -------------------------------------------------------------------------------


def _sections_judged(text: str) -> object:
    return [section_state(s) for s in parse_sections(text, 1)]


def _markdown_card(text: str) -> object:
    card = ("---\nlicense: mit\n---\n# Model Card for m\n\n## Uses\n\n" + text + "\n\n## Model Details\n\n"
            "- **Developed by:** " + text + "\n")
    unterminated = "---\nlicense: mit\n" + text  # its keys are looked for in the whole text
    results = [adapt_markdown("README.md", each, kind_hint=None, beside_weights=True, readme=True)
               for each in (card, unterminated)]
    return [None if r.artifact is None else [f.state for f in r.artifact.fields.values()] for r in results]


def _yaml(text: str) -> object:
    results: list[object] = []
    for document in (text, "key: " + json.dumps(text), "key: " + text.replace("\n", " ")):
        try:
            results.append(load_yaml(document).data)
        except YamlLoadError as exc:
            results.append(exc.issue)
    return results


def _json(text: str) -> object:
    results: list[object] = []
    for document in (text, json.dumps({"description": text})):
        try:
            results.append(load_json(document).data)
        except JsonLoadError as exc:
            results.append(exc.issue)
    return results


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "content_state": content_state,
    "heading_key": heading_key,
    "parse_sections": _sections_judged,
    "parse_sections-heading": lambda text: _sections_judged("# " + text.replace("\n", " ") + "\n\nbody\n"),
    "parse_sections-setext": lambda text: _sections_judged(text.replace("\n", " ") + "\n===\n\nbody\n"),
    "split_front_matter": split_front_matter,
    "split_front_matter-fenced": lambda text: split_front_matter("---\n" + text + "\n"),
    "adapt_markdown": _markdown_card,
    "license_detail": license_detail,
    "date_value": date_value,
    "strip_markup": _strip_markup,
    "load_yaml": _yaml,
    "load_json": _json,
}


def _grows_faster_than_the_text(apply: Callable[[str], object], name: str, seconds: float) -> bool:
    """Whether a call that took seconds on the pathological text `name` takes more than eight times as long as on a
    quarter of it (a linear one takes about four times as long, a quadratic one sixteen: two doublings apart, so
    that the machine's drift between timings, a third either way, cannot move one past the other). A call stopped at
    twice the bound (a linear reader with a large constant, on a loaded machine) is judged at the largest size down
    to an eighth of the text that it finishes; one stopped even at an eighth counts as growing. Both sizes are timed
    three times and judged by their least times, as a timing is only ever slowed by the machine's other work."""
    size = FUNCTION_SIZE
    while math.isinf(seconds) and size > FUNCTION_SIZE // 8:
        size //= 2
        text = pathological(size)[name]
        seconds = seconds_for(lambda text=text: apply(text), BOUND)
    if math.isinf(seconds):
        return True
    text, quarter_text = pathological(size)[name], pathological(size // 4)[name]
    seconds = min(seconds, *(seconds_for(lambda: apply(text), BOUND) for _ in range(2)))
    quarter = min(seconds_for(lambda: apply(quarter_text), BOUND) for _ in range(3))
    return quarter <= 0 or seconds / quarter > 8


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_function_applying_patterns_is_linear_on_pathological_text(function: str) -> None:
    """Each function is fast on every pathological text; one over the bound (a linear reader with a large constant,
    on a loaded machine) passes only where its time grows no faster than the text."""
    slow = slow_inputs(FUNCTIONS[function], pathological(FUNCTION_SIZE))
    grown = {name: seconds for name, seconds in slow.items()
             if _grows_faster_than_the_text(FUNCTIONS[function], name, seconds)}
    assert grown == {}


def _count(steps: int) -> None:
    """Work of a known size that allocates nothing (a collection between two timings would blur them)."""
    for _ in range(steps):
        pass


def test_the_growth_judge_tells_a_slow_linear_reader_from_a_quadratic_one() -> None:
    """A linear reader stopped at twice the bound is judged at a size it finishes and passes; a quadratic one fails,
    stopped or not. Both are real functions of the text's length, counting to a number of steps."""
    name = "label-lines"
    full = len(pathological(FUNCTION_SIZE)[name])
    step = seconds_for(lambda: _count(1_000_000)) / 1_000_000  # the machine's time for one step

    def counting(steps: float) -> Callable[[str], object]:
        return lambda text: _count(int(steps(len(text) / full) / step))

    # Given as stopped: two bounds on the full text, so that half of it stays well under the stop on a loaded machine.
    linear = counting(lambda share: 2 * BOUND * share)
    quadratic = counting(lambda share: 5 * BOUND * share**2)  # its quarter text long enough to time steadily
    finishing = counting(lambda share: 1.2 * BOUND * share**2)  # finishes at rest (stopped on a loaded machine)
    slower = counting(lambda share: 6 * BOUND * share)  # stopped on half of the text as well; a quarter finishes
    assert not _grows_faster_than_the_text(linear, name, math.inf)
    assert not _grows_faster_than_the_text(slower, name, math.inf)
    assert _grows_faster_than_the_text(quadratic, name, math.inf)
    taken = seconds_for(lambda: finishing(pathological(FUNCTION_SIZE)[name]))
    assert _grows_faster_than_the_text(finishing, name, taken)


def test_a_placeholder_bounded_to_200_characters_does_not_rescan_the_blanks_after_it() -> None:
    # Linear before too, but 200 times over: each length of the '[insert ...' part tried the blanks after it
    # again (ten times the time of the same blanks after a word). Now they cost about the same.
    blanks = " \t" * 500_000
    control = seconds_for(lambda: _PLACEHOLDER.subn("", "[words" + blanks), 5.0)
    for opener in ("[insert", "[your"):
        assert seconds_for(lambda opener=opener: _PLACEHOLDER.subn("", opener + blanks), 5.0) < 3 * control + 0.05


# --- whole runs ----------------------------------------------------------------------------------------------


def _files(name: str, text: str) -> dict[str, str]:
    """The text as a card section and label value, a YAML string value and a JSON string value of each format."""
    flat = text.replace("\n", " ")
    quoted = json.dumps(text)  # a JSON string is a YAML double-quoted scalar
    return {
        f"models/{name}/README.md": (
            "---\nlibrary_name: transformers\nlicense: mit\n---\n# Model Card for m\n\n## Model Details\n\n"
            f"- **Developed by:** {flat}\n\n## Uses\n\n{text}\n\n## Limitations\n\n{text}\n"
        ),
        f"data/{name}/DATASHEET.md": (
            f"# Dataset Card\n\n## Dataset Description\n\n{text}\n\n## Source Data\n\n{text}\n"
        ),
        f"models/{name}-yaml/model_card.yaml": (
            f"schema_version: 1\nname: m\nversion: 1.0.0\nowner: {quoted}\nintended_use: {quoted}\n"
            f"limitations: [{quoted}]\nlicense: {quoted}\n"
        ),
        f"data/{name}-yaml/datasheet.yaml": f"schema_version: 1\nname: d\ndescription: {quoted}\nlicense: {quoted}\n",
        f"data/{name}-croissant/croissant.json": json.dumps({
            "@context": {"@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/"},
            "@type": "Dataset", "name": "d", "description": text, "license": text, "url": text,
            "conformsTo": "http://mlcommons.org/croissant/1.0", "creator": {"name": text},
        }),
        f"models/{name}-mct/model_card.json": json.dumps({
            "model_details": {"name": text, "overview": text, "licenses": [{"custom_text": text}],
                              "version": {"name": text, "date": text}},
            "considerations": {"limitations": [{"description": text}], "use_cases": [{"description": text}]},
        }),
        f"governance/impact/{name}.yaml": (
            f"schema_version: 1\nai_system: {name}\nassessor: {quoted}\nassessed_on: {quoted}\n"
            f"intended_use: {quoted}\nindividuals_and_groups: {quoted}\nsocietal_impacts: {quoted}\n"
            f"harms: [{quoted}]\nhuman_oversight: {{not_applicable: {quoted}}}\n"
        ),
        f"governance/{name}-risk/risk-register.yaml": (
            f"schema_version: 1\nrisks:\n  - id: R-1\n    title: {quoted}\n    owner: {quoted}\n"
            f"    likelihood: {quoted}\n    impact: {quoted}\n    treatment: {quoted}\n"
        ),
    }


def test_the_run_fixture_reads_every_format(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", _files("plain", "Sorts reviews by sentiment."))
    kinds = {a.path: a.kind.value for a in build_inventory([root]).artifacts}
    assert {"model_card", "dataset_record", "impact_assessment", "risk_register"} <= set(kinds.values())
    assert len(kinds) == len(_files("plain", "x"))


@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL))
def test_every_pathological_text_is_judged_quickly_in_a_run(tmp_path: Path, shape: str) -> None:
    root = write_tree(tmp_path / "repo", _files(shape, pathological(RUN_SIZE)[shape]))

    def judge() -> None:
        run(build_inventory([root]), RULES)

    assert seconds_for(judge, RUN_BOUND) < RUN_BOUND


# The reproducer of the empty-label pattern's cubic time: 4 KB, which took minutes through the command line.
BRACKET_THEN_BLANK_LINES = "---\nlibrary_name: transformers\nlicense: mit\n---\n# Model Card for m\n\n## Uses\n\n[" + (
    "\n" * 4000
)


# The two formats each command-line run carries every text in.
CARRIERS = {"markdown": ("/README.md", "/DATASHEET.md"), "yaml": ("/model_card.yaml", "/impact/"),
            "json": ("/croissant.json", "/model_card.json")}


@pytest.mark.parametrize("carrier", ["reproducer", *CARRIERS])
def test_the_command_line_reads_pathological_text_quickly(tmp_path: Path, carrier: str) -> None:
    files = {"models/m/README.md": BRACKET_THEN_BLANK_LINES} if carrier == "reproducer" else {}
    for shape, text in pathological(CLI_SIZE).items() if carrier in CARRIERS else ():
        formats = _files(shape, text)
        files.update((path, formats[path]) for path in formats if any(part in path for part in CARRIERS[carrier]))
    root = make_git_repo(tmp_path / "repo", files)
    out = tmp_path / "report.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([*AIMS_LINT, "check", ".", "-f", "json", "-o", str(out), "--fail-on", "never"],
                          cwd=root, capture_output=True, text=True, timeout=120, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The command's CPU time (user and system), start-up included, as seconds_for measures the functions.
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert len(json.loads(out.read_text(encoding="utf-8"))["artifacts"]) >= len(files)
    assert seconds < CLI_BOUND, seconds
