"""Checks over the repository as a whole: weights without a card, files that could not be read."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.options import NAMES, NO_OPTIONS, options
from aims_lint.model import Hit, Kind, Location
from aims_lint.refs import ancestors


@check(scope="repository", reads="card_locations", options=NO_OPTIONS)
def weights_have_card(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A directory of model weights needs a model card in it or in a directory above it."""
    card_dirs = {posixpath.dirname(a.path) for a in context.inventory.of_kind(Kind.MODEL_CARD)}
    by_dir: dict[str, list[str]] = {}
    for weights in context.inventory.of_kind(Kind.WEIGHTS):
        by_dir.setdefault(posixpath.dirname(weights.path), []).append(weights.path)
    stop = frozenset(context.inventory.scan_roots)
    for directory in sorted(by_dir):
        if any(d in card_dirs for d in ancestors(directory, stop)):
            continue
        files = sorted(by_dir[directory])
        shown = directory + "/" if directory else "the repository root"
        noun = "weights file" if len(files) == 1 else "weights files"
        yield Hit(Location(files[0]),
                  f"{len(files)} {noun} in {shown} with no model card in that directory or above it",
                  f"weights-dir:{directory}")


# It reports problems of the files being reported, which focus mode reads in full.
@check(scope="repository", reads="artifact", repository_wide=False, options=options(required=("codes",), codes=NAMES))
def file_problems(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Problems met while reading artifacts (syntax errors, encodings, limits) with the given codes."""
    codes = set(options["codes"])
    for problem in context.inventory.problems:
        if problem.code in codes:
            yield Hit(problem.location, problem.message, f"problem:{problem.code}:{problem.message}")
