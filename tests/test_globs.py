"""Gitignore-style globs over repository paths, as exclude, discovery and per-path-ignores take them."""

from __future__ import annotations

import pytest

from aims_lint.globs import GlobSet, _segment_match, matches


@pytest.mark.parametrize(("glob", "path", "expected"), [
    ("docs/**", "docs/a/b.md", True),
    ("docs/**", "xdocs/a.md", False),
    ("*.md", "a/b/c.md", True),  # no '/': any depth
    ("*.md", "c.md", True),
    ("*.md", "c.mdx", False),
    ("/README.md", "README.md", True),  # a leading '/': the root only
    ("/README.md", "a/README.md", False),
    ("models/README.md", "x/models/README.md", False),  # a '/' inside: anchored at the root
    ("models/*/", "models/a/card.md", True),  # a trailing '/': folders, so what is under them
    ("models/*/", "models/a", False),
    ("legacy", "a/legacy/x.md", True),  # a folder matched: everything under it
    ("legacy", "a/legacy", True),
    ("legacy", "a/legacyx/y", False),
    ("**/foo", "foo", True),
    ("**/foo", "a/b/foo", True),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b", True),
    ("a/**/b", "a/xb", False),
    ("a*b", "a/b", False),  # '*' never crosses a '/'
    ("a?c", "abc", True),
    ("a?c", "a/c", False),
    ("data/[ab]*.yaml", "data/a1.yaml", True),
    ("data/[!ab]*.yaml", "data/a1.yaml", False),
    ("data/[!ab]*.yaml", "data/c1.yaml", True),
    ("data/[a-c].yaml", "data/b.yaml", True),
    ("data/[a-c].yaml", "data/d.yaml", False),
    ("a\\*b", "a*b", True),  # an escaped '*' is a star
    ("a\\*b", "axb", False),
    ("m[.md", "m[.md", True),  # a class that never closes is a plain '['
    ("[[&~|]x", "&x", True),  # characters Python could read as set operations stay literal
    ("a.b", "aXb", False),  # '.' is a dot
])
def test_glob(glob: str, path: str, expected: bool) -> None:
    assert matches(glob, path) is expected
    # The segment matcher, which takes the globs a regular expression would backtrack on, says the same.
    assert _segment_match(glob, path) is expected


def test_a_set_matches_when_any_glob_does() -> None:
    globs = GlobSet(["docs/**", "*.tmp.md", "docs/**"])
    assert globs.globs == ("docs/**", "*.tmp.md")
    assert globs.matches("docs/x.md") and globs.matches("a/b.tmp.md") and not globs.matches("a/b.md")
    assert not GlobSet() and not GlobSet().matches("anything")


@pytest.mark.parametrize(("glob", "failing", "matching"), [
    ("*a*a*a*a*a*a*a*a*b", "a" * 250, "a" * 250 + "b"),  # as a regular expression: C(250, 8) ways to fail
    ("/".join(["**"] * 40) + "/x/**/y", "/".join(["x"] * 400), "/".join(["x"] * 400) + "/y"),
    ("**/a*a*a*/**/b*b*b*/**/z", "/".join(["ab" * 60] * 60), "/".join(["ab" * 60] * 60) + "/bbb/z"),
])
def test_a_glob_made_to_backtrack_is_matched_at_once(glob: str, failing: str, matching: str) -> None:
    import time

    started = time.perf_counter()
    assert not GlobSet([glob]).matches(failing)
    assert GlobSet([glob]).matches(matching)
    assert time.perf_counter() - started < 0.5
