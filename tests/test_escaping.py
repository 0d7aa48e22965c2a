"""What reaches people: control characters, Markdown and endless text from a scanned repository are shown, bounded,
never obeyed, in every output (terminal, errors, annotations, job summary, JUnit, GitLab, JSON, SARIF)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import make_git_repo
from test_formats_output import _markdown, _needed, _tables, _unescape_data, _unescape_property

from aims_lint.action_support import run_action
from aims_lint.engine import MESSAGE_LIMIT, QUOTED_LIMIT, bounded
from aims_lint.report import FORMAT_NAMES
from aims_lint.report.escape import locator, one_line, visible

_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]

# What no output for people may carry raw: C0 controls but the line feed between lines, DEL, C1 controls, the
# line and paragraph separators, bidirectional embeddings, overrides, isolates and marks.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# The colours aims-lint itself adds to text output.
OWN_SGR = re.compile("\x1b\\[(?:0|1|31|33|36)m")

# A licence that would set a hyperlink, clear the screen and ring the bell (ESC ] 8 ; ; URL ST ... ESC [ 2 J BEL),
# then reverse the rest of the line; a heading with a bell, escapes and an override.
HOSTILE_LICENCE = r"\e]8;;http://evil\e\\click\e]8;;\e\\\e[2J\a\u202e"
SHOWN_LICENCE = r"licence '\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x07\u202e'"
HOSTILE_HEADING = "Uses \x07\x1b[\x1b\\\u202e"
SHOWN_HEADING = r"section 'Uses \x07\x1b[\x1b\\\u202e'"
HOSTILE_CARD = f'---\nlicense: "{HOSTILE_LICENCE}"\n---\n# Model\n\n## {HOSTILE_HEADING}\n\n\n## Limitations\n\nSome.\n'
# Folder names that would split a finding over lines, overwrite it, or read right to left; one that would start a
# workflow command of its own; one with property separators and an escape's look-alike.
HOSTILE_DIRS = ("a\nb", "c\rd", "e\x1bf", "g\u2028h", "i\u202ej", "k\x85l", "x\n::error title=pwn::gotcha",
                "p,q:r%0As\\x1b")


def _aims_lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS")}
    return subprocess.run([*AIMS_LINT, *args], cwd=cwd, capture_output=True, check=False, env=env, timeout=120)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    files = {f"{name}/README.md": HOSTILE_CARD for name in (*HOSTILE_DIRS, "plain")}
    return make_git_repo(tmp_path / "repo", files)


def _findings(out: Path) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
    return findings


def _assert_clean(text: str) -> None:
    bad = FORBIDDEN.search(text)
    assert bad is None, f"raw {bad.group()!r} at {bad.start()}: {text[max(bad.start() - 60, 0):bad.start() + 20]!r}"


# --- text: one line per finding, nothing for the terminal to act on ---------------------------------------------


@pytest.mark.parametrize("color", ["never", "always"])
def test_text_output_shows_controls_and_keeps_one_line_per_finding(hostile: Path, tmp_path: Path,
                                                                  color: str) -> None:
    out = tmp_path / "out"
    proc = _aims_lint("check", ".", "--color", color, "--format", "text", "--format", f"json:{out}/report.json",
                      cwd=hostile)
    assert proc.returncode == 1, proc.stderr
    text = proc.stdout.decode("utf-8")  # strictly UTF-8: no lone surrogate, no stray byte
    findings = _findings(out)
    paths = {f["path"] for f in findings}
    assert {f"{name}/README.md" for name in HOSTILE_DIRS} <= paths  # git -z listed every hostile name
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(findings) + 1  # one line per finding, and the summary
    plain = OWN_SGR.sub("", text)
    assert (plain != text) is (color == "always")
    _assert_clean(plain)
    for line, finding in zip(lines, findings, strict=False):
        assert OWN_SGR.sub("", line).startswith(f"{visible(finding['path'])}:{finding['line']}:")
    assert text.count(SHOWN_LICENCE) == len(HOSTILE_DIRS) + 1
    # Every finding that names the heading shows it escaped: the intended use's ("section ... has no content") and
    # those of the fields that go under it.
    naming = sum(1 for f in findings if HOSTILE_HEADING in f["message"])
    assert naming >= 2 * (len(HOSTILE_DIRS) + 1)
    assert text.count(SHOWN_HEADING.removeprefix("section ")) == naming
    for shown in (r"a\nb/README.md:", r"c\rd/README.md:", r"e\x1bf/README.md:", r"g\u2028h/README.md:",
                  r"i\u202ej/README.md:", r"k\x85l/README.md:", r"p,q:r%0As\\x1b/README.md:"):
        assert shown in plain, shown


def test_inventory_text_shows_controls_in_paths(hostile: Path) -> None:
    proc = _aims_lint("inventory", ".", cwd=hostile)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    _assert_clean(text)
    lines = text.splitlines()
    assert len(lines) == len(HOSTILE_DIRS) + 2 and lines[-1].startswith(f"{len(HOSTILE_DIRS) + 1} artifacts")
    assert any(line.startswith(r"e\x1bf/README.md ") for line in lines)


def test_error_lines_are_one_line_and_show_controls(hostile: Path) -> None:
    proc = _aims_lint("check", ".", "--output", "plain/README.md/a\x1b[2J\nb\u202e.txt", cwd=hostile)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert err.count("\n") == 1 and err.startswith("aims-lint: error: cannot write ")
    _assert_clean(err.rstrip("\n"))
    assert r"a\x1b[2J b\u202e.txt" in err  # white space runs become one space, the rest shown
    assert one_line("line one\n  line two \x1b[2J") == r"line one line two \x1b[2J"


# --- the CI formats ---------------------------------------------------------------------------------------------


@pytest.fixture
def reports(hostile: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "out"
    args = [f"--format={name}:{out}/report.{name}" for name in FORMAT_NAMES]
    proc = _aims_lint("check", ".", *args, cwd=hostile)
    assert proc.returncode == 1, proc.stderr
    return {name: (out / f"report.{name}").read_text(encoding="utf-8") for name in FORMAT_NAMES}


_COMMAND = re.compile(r"^::(error|warning|notice) (file=[^,:]*,line=\d+,col=\d+,title=[^,:]*)::([^\r\n]*)$")


def test_github_annotations_cannot_be_split_or_forged(reports: dict[str, str]) -> None:
    findings = json.loads(reports["json"])["findings"]
    lines = reports["github"].split("\n")
    if lines[0].startswith("::notice title=aims-lint::"):  # how many findings GitHub shows no annotation for
        lines = lines[1:]
    assert lines[-1] == "" and len(lines) == len(findings) + 2  # no path or message started a line of its own
    for line, finding in zip(lines, findings, strict=False):
        match = _COMMAND.match(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match.group(2).split(","))
        assert _unescape_property(properties["file"]) == locator(finding["path"])
        message = _unescape_data(match.group(3))
        _assert_clean(message)
        assert message.startswith(visible(f"{finding['path']}:{finding['line']}:{finding['column']}: "
                                          f"{finding['rule']} {finding['message']}"))
    # A name that holds nothing a page acts on reaches the annotation as it is, backslash and all.
    assert any(" file=p%2Cq%3Ar%250As\\x1b/README.md," in line for line in lines)
    assert not any(line.startswith("::error title=pwn") for line in lines)


def test_junit_xml_parses_and_shows_controls(reports: dict[str, str], tmp_path: Path) -> None:
    junitparser = _needed("junitparser", "junitparser is needed to read the JUnit XML")
    text = reports["junit"]
    _assert_clean(text.replace("\n", ""))
    root = ET.fromstring(text.encode("utf-8"))
    names = {case.get("name") for case in root.iter("testcase")}
    assert r"e\x1bf/README.md" in names and r"a\nb/README.md" in names
    target = tmp_path / "junit.xml"
    target.write_text(text, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(target))
    messages = [r.message for suite in xml for case in suite for r in case.result]
    assert any(SHOWN_LICENCE in m for m in messages)


def test_gitlab_descriptions_show_controls(reports: dict[str, str]) -> None:
    issues = json.loads(reports["gitlab"])
    for issue in issues:
        _assert_clean(issue["description"])
        _assert_clean(issue["location"]["path"])
    assert any(SHOWN_LICENCE in issue["description"] for issue in issues)


# --- the Markdown summary: nothing from the repository becomes a link, an image or HTML ---------------------------

LURE_LICENCE = ("[click here](https://evil.example) ![px](https://evil.example/p.png) https://evil.example/bare "
                "<img src=x onerror=alert(1)> **bold** `tick` &amp; | pipe www.evil.example")
# Only punctuation after the heading's words, so it is still the Uses section, quoted whole but for its closed HTML
# comment, which is no part of the title a reader sees.
LURE_HEADING = "Uses <> ** __ ~~ `` ` | ![]() <!-- --> <!--"
LURE_TITLE = "Uses <> ** __ ~~ `` ` | ![]()  <!--"
LURE_CARD = f'---\nlicense: "{LURE_LICENCE}"\n---\n# Model\n\n## {LURE_HEADING}\n\n\n## Limitations\n\nSome.\n'
LURE_DIRS = ("![i](https:evil.example p.png)", "<b>bold<b>", "[link](https:evil.example)", "tick`s``and|pipe",
             "www.evil.example")


def _assert_inert(html: str) -> None:
    assert "<a " not in html and "<img" not in html, html
    assert not re.search(r"<(?!/?(?:h2|h3|p|table|thead|tbody|tr|th|td|code|details|summary)\b)[a-z]", html), html


def test_markdown_summary_renders_no_link_image_or_html(tmp_path: Path) -> None:
    files = {f"{name}/README.md": LURE_CARD for name in (*LURE_DIRS, "plain")}
    root = make_git_repo(tmp_path / "repo", files)
    out = tmp_path / "out"
    proc = _aims_lint("check", ".", f"--format=markdown:{out}/report.markdown", f"--format=json:{out}/report.json",
                      cwd=root)
    assert proc.returncode == 1, proc.stderr
    text = (out / "report.markdown").read_text(encoding="utf-8")
    _assert_inert(_markdown().render(text))
    by_ref, by_file, listing = _tables(text)
    assert all(len(r) == 6 for r in by_ref) and all(len(r) == 5 for r in by_file) and all(len(r) == 4 for r in listing)
    findings = _findings(out)
    assert {r[0] for r in by_file[1:]} == {f["path"] for f in findings}  # each path shown exactly as named
    shown = {row[3] for row in listing[1:]}
    assert f"licence '{LURE_LICENCE}' is not an SPDX or Hugging Face licence identifier" in shown
    # The heading as a reader sees it (its image and closed comment are no text of it; an unclosed '<!--' is
    # text), still full of Markdown's marks.
    assert "section 'Uses <> ** __ ~~ `` ` | <!--' has no content: fill in the intended use" in shown


def test_action_step_summary_renders_no_link_image_or_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"{name}/README.md": LURE_CARD for name in (*LURE_DIRS, "plain")}
    root = make_git_repo(tmp_path / "repo", files)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    monkeypatch.chdir(root)
    env = {"AIMS_LINT_PATHS": ".", "AIMS_LINT_FAIL_ON": "never", "GITHUB_STEP_SUMMARY": str(summary),
           "RUNNER_TEMP": str(tmp_path / "temp")}
    log = io.StringIO()
    assert run_action(env, log) == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## aims-lint: ")
    _assert_inert(_markdown().render(text))
    messages = {row[3] for row in _tables(text)[-1]}
    assert f"licence '{LURE_LICENCE}' is not an SPDX or Hugging Face licence identifier" in messages


# --- bounded messages ---------------------------------------------------------------------------------------------

HUGE = 1_000_000
# A 1 MB licence (folded from lines short enough for the YAML reader) and a 1 MB heading: punctuation after its
# words is not part of a heading's key, so this is still the Uses section, quoted whole.
HUGE_LICENCE = "\n".join("  " + "L" * 999 for _ in range(HUGE // 1000))
HUGE_CARD = f"---\nlicense: >-\n{HUGE_LICENCE}\n---\n# Model\n\n## Uses {'!' * HUGE}\n\n\n## Limitations\n\nSome.\n"
LONGEST_LINE = 4_000


def test_huge_values_give_bounded_messages_in_every_format(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/big/README.md": HUGE_CARD})
    out = tmp_path / "out"
    args = [f"--format={name}:{out}/report.{name}" for name in FORMAT_NAMES]
    proc = _aims_lint("check", ".", *args, cwd=root)
    assert proc.returncode == 1, proc.stderr
    texts = {name: (out / f"report.{name}").read_text(encoding="utf-8") for name in FORMAT_NAMES}
    for name, text in texts.items():
        if name == "sarif":
            continue  # compact: one line, whose messages are the JSON report's (checked below)
        longest = max(map(len, text.splitlines()))
        assert longest <= LONGEST_LINE, (name, longest)
    findings = json.loads(texts["json"])["findings"]
    quoting = [f for f in findings if f["message"].startswith(("licence '", "section '"))]
    assert len(quoting) == 2  # the licence, and the Uses section for the intended use
    under = [f for f in findings if " under 'U" in f["message"]]  # the fields that go under that section
    assert under
    for finding in quoting:
        assert len(finding["message"]) < QUOTED_LIMIT + 100 and "…'" in finding["message"]
    for finding in under:  # the headings and key they suggest, and the section cut like any quoted value
        assert len(finding["message"]) < QUOTED_LIMIT + 300 and "…'" in finding["message"]
    sarif = json.loads(texts["sarif"])["runs"][0]["results"]
    assert [r["message"]["text"] for r in sarif] == [f["message"] for f in findings]  # every format agrees
    for line in texts["github"].splitlines()[:-1]:
        # GitHub takes an annotation's message up to 64 KB and its title up to 255 characters.
        assert len(line.encode("utf-8")) < 65_536
        title = re.search(r",title=([^:]*)::", line)
        assert title and len(title.group(1)) <= 255


def test_bounded_keeps_normal_messages_and_both_ends_of_long_ones() -> None:
    normal = "section 'Uses' has no content: fill in the intended use"
    assert bounded(normal) is normal
    quoted = bounded(f"section '{'x' * 5000}' has no content")
    assert quoted == f"section '{'x' * (QUOTED_LIMIT - 1)}…' has no content"
    long = bounded(f"level '{'a' * 150}' " + "word " * 1000 + "fill in the treatment")
    assert len(long) == MESSAGE_LIMIT and long.startswith("level 'aaa") and long.endswith("fill in the treatment")


def test_warning_lines_show_controls_in_the_file_names_they_name(tmp_path: Path) -> None:
    """A named file that is no artifact gets one warning line, whatever its name holds."""
    name = "notes\x1b[2J\nforged.txt"
    (tmp_path / name).write_text("hello", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "aims_lint", "check", "--", name], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "\x1b" not in proc.stderr and "notes\\x1b[2J\\x0aforged.txt" in lines[0], lines
