"""What a name written in an artifact is: an external reference (a URL, a hub id, a DOI) or a repository path,
and the folders above a path; shared by the checks that resolve names and by focus mode, which reads what they
could lead to."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|hf:|doi:|urn:|https?:)", re.IGNORECASE)
# The endings of the artifacts' names: a name ending so is a path.
PATH_SUFFIXES = (".md", ".yaml", ".yml", ".json", ".jsonld")


def is_external(target: str) -> bool:
    """Whether a name points outside the repository: a URL, or an hf:, doi: or urn: id."""
    return _EXTERNAL.match(target) is not None


def is_path_like(target: str) -> bool:
    """Whether a name reads as a repository path: relative or absolute, or ending as an artifact's name does."""
    return target.startswith(("./", "../", "/")) or target.lower().endswith(PATH_SUFFIXES)


def ancestors(directory: str, stop: frozenset[str] = frozenset()) -> Iterator[str]:
    """directory, then each parent, ending at a scan root or the top."""
    while True:
        yield directory
        if directory in stop or directory == "":
            return
        directory = posixpath.dirname(directory)
