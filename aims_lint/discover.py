"""Find candidate files: git's view of the tree when in a work tree, a filtered walk otherwise; classify names."""

from __future__ import annotations

import enum
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

WEIGHT_EXTENSIONS = frozenset(
    {".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".keras", ".joblib", ".pkl", ".gguf",
     ".tflite", ".pb", ".mlmodel"}
)
# Directories never walked outside git: version control, environments, caches, vendored packages.
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "site-packages", ".eggs", ".ipynb_checkpoints", ".dvc"}
)


class NameClass(enum.Enum):
    """What a file's name alone says it may be."""

    README = "readme"
    MODEL_CARD_MD = "model_card_md"
    DATASET_MD = "dataset_md"
    MODEL_CARD_YAML = "model_card_yaml"
    DATASET_YAML = "dataset_yaml"
    WEIGHTS = "weights"


_NAME_PATTERNS: tuple[tuple[re.Pattern[str], NameClass], ...] = (
    (re.compile(r"readme\.md"), NameClass.README),
    (re.compile(r"model[-_]?card\.md"), NameClass.MODEL_CARD_MD),
    (re.compile(r"(?:datasheet|data[-_]?card|dataset[-_]?card)\.md"), NameClass.DATASET_MD),
    (re.compile(r"model[-_]card\.ya?ml"), NameClass.MODEL_CARD_YAML),
    (re.compile(r"(?:datasheet|dataset[-_]record)\.ya?ml"), NameClass.DATASET_YAML),
)


def classify_name(relpath: str) -> NameClass | None:
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    if dot > 0 and name[dot:] in WEIGHT_EXTENSIONS:
        return NameClass.WEIGHTS
    for pattern, cls in _NAME_PATTERNS:
        if pattern.fullmatch(name):
            return cls
    return None


def git_files(root: Path) -> list[str] | None:
    """Tracked files plus untracked ones .gitignore does not exclude; None when root is not in a work tree."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
             "--deduplicate"],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except (FileNotFoundError, PermissionError):
        return None
    if proc.returncode != 0:
        return None
    return [p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def walk_files(root: Path) -> Iterator[str]:
    """Every file under root, skipping version control, virtual environments and dependency folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            yield prefix + name


def list_files(root: Path) -> list[str]:
    """Paths relative to root, with '/' separators, sorted."""
    files = git_files(root)
    if files is None:
        return sorted(walk_files(root))
    return sorted(files)


def within(root_real: str, path: str) -> bool:
    """True when path (already resolved) is root_real or below it."""
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)
