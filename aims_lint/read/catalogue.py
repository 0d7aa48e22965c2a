"""Find candidate files: git's view of the tree when in a work tree, a filtered walk otherwise; classify names."""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aims_lint.read.git import run_git

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
    RISK_REGISTER = "risk_register"
    IMPACT_YAML = "impact_yaml"
    IMPACT_MD = "impact_md"
    SOA = "soa"
    AI_INVENTORY = "ai_inventory"
    AI_POLICY = "ai_policy"
    CONCERNS = "concerns"
    # JSON formats of other tools: a claiming name, a BOM-like name (read whole, content decides), or any
    # other JSON whose first bytes suggest one of them.
    CROISSANT = "croissant"
    MCT_JSON = "mct_json"
    CYCLONEDX = "cyclonedx"
    BOM_JSON = "bom_json"
    JSON = "json"


_NAME_PATTERNS: tuple[tuple[re.Pattern[str], NameClass], ...] = (
    (re.compile(r"readme\.md"), NameClass.README),
    (re.compile(r"model[-_]?card\.md"), NameClass.MODEL_CARD_MD),
    (re.compile(r"(?:datasheet|data[-_]?card|dataset[-_]?card)\.md"), NameClass.DATASET_MD),
    (re.compile(r"model[-_]card\.ya?ml"), NameClass.MODEL_CARD_YAML),
    (re.compile(r"(?:datasheet|dataset[-_]record)\.ya?ml"), NameClass.DATASET_YAML),
)


# Every artifact name ends in one of these (or a weights extension): other files need no pattern at all.
_ARTIFACT_EXTENSIONS = frozenset({".md", ".yaml", ".yml", ".json", ".jsonld"})


def artifact_extension(relpath: str) -> bool:
    """Whether the name ends as an artifact's may (.md, .yaml, .json, a weights extension): a kind of file
    aims-lint reads, whatever the rest of the name says."""
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return dot > 0 and (name[dot:] in _ARTIFACT_EXTENSIONS or name[dot:] in WEIGHT_EXTENSIONS)


def classify_name(relpath: str) -> NameClass | None:
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    extension = name[dot:] if dot > 0 else ""
    if extension in WEIGHT_EXTENSIONS:
        return NameClass.WEIGHTS
    if extension not in _ARTIFACT_EXTENSIONS:
        return None
    named = _NAMED.fullmatch(name)
    if named is not None:
        return _NAMED_CLASSES[named.lastgroup or ""]
    if name.endswith((".yaml", ".yml", ".md")):
        return _classify_by_folder(relpath, name)
    if name.endswith((".json", ".jsonld")):
        return _classify_json(relpath, name)
    return None


_JSON_NAMES: tuple[tuple[re.Pattern[str], NameClass], ...] = (
    (re.compile(r"(?:.+[._-])?croissant\.json(?:ld)?"), NameClass.CROISSANT),
    (re.compile(r"model[-_]?card\.json"), NameClass.MCT_JSON),
    (re.compile(r".+\.cdx\.json"), NameClass.CYCLONEDX),
    (re.compile(r"(?:.+[._-])?bom\.json|sbom.*\.json"), NameClass.BOM_JSON),
)
# JSON that is configuration of other tools, never evidence: not even its first bytes are read.
_TOOL_JSON = frozenset({"package.json", "package-lock.json", "composer.json", "composer.lock", "tsconfig.json",
                        "jsconfig.json", ".eslintrc.json", "renovate.json", "launch.json", "settings.json",
                        "tasks.json", "extensions.json", "devcontainer.json", "manifest.json", ".prettierrc.json"})
SNIFF_BYTES = 8192


def _classify_json(relpath: str, name: str) -> NameClass | None:
    for pattern, cls in _JSON_NAMES:
        if pattern.fullmatch(name):
            return cls
    if name in _TOOL_JSON or name.startswith("tsconfig.") or "node_modules/" in relpath:
        return None
    return NameClass.JSON


def sniff_json(head: bytes) -> NameClass | None:
    """The format the first bytes of a JSON file suggest; its adapter then checks the whole document."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore")
    else:
        text = head.decode("utf-8", "ignore")
    if '"@context"' in text and "mlcommons.org/" in text:
        return NameClass.CROISSANT
    if '"bomFormat"' in text and "CycloneDX" in text:
        return NameClass.CYCLONEDX
    if '"model_details"' in text:
        return NameClass.MCT_JSON
    return None


# Governance documents: names anywhere in the tree, plus the files of a risk/ or impact/ folder.
_GOVERNANCE_NAMES: tuple[tuple[re.Pattern[str], NameClass], ...] = (
    (re.compile(r"(?:ai[-_]?)?risk[-_]?register\.ya?ml"), NameClass.RISK_REGISTER),
    (re.compile(r"(?:soa|statement[-_]of[-_]applicability)\.ya?ml"), NameClass.SOA),
    (re.compile(r"ai[-_]?inventory\.ya?ml"), NameClass.AI_INVENTORY),
    (re.compile(r"ai[-_]?policy\.md"), NameClass.AI_POLICY),
    (re.compile(r"(?:reporting[-_]|raising[-_])?concerns\.md"), NameClass.CONCERNS),
    (re.compile(r"(?:ai[-_]?)?impact[-_]?assessment\.ya?ml"), NameClass.IMPACT_YAML),
    (re.compile(r"(?:ai[-_]?)?impact[-_]?assessment\.md"), NameClass.IMPACT_MD),
)
_RISK_DIRS = frozenset({"risk", "risks", "risk-management", "risk_management"})
_IMPACT_DIRS = frozenset({"impact", "impacts", "impact-assessments", "impact_assessments", "impact-assessment"})
# Files of an impact/ folder that describe the process rather than assess one system.
_NOT_ASSESSMENTS = frozenset({"process", "index", "template", "changelog", "contributing", "license"})


# Card, record and governance names in one pattern, tried in the order listed (the first that matches wins):
# one match per file instead of a dozen, as every Markdown and YAML file of a repository is classified.
_NAMED_PATTERNS = (*_NAME_PATTERNS, *_GOVERNANCE_NAMES)
assert all(pattern.groups == 0 for pattern, _ in _NAMED_PATTERNS)  # lastgroup names the alternative that matched
_NAMED = re.compile("|".join(f"(?P<n{i}>{pattern.pattern})" for i, (pattern, _) in enumerate(_NAMED_PATTERNS)))
_NAMED_CLASSES = {f"n{i}": cls for i, (_, cls) in enumerate(_NAMED_PATTERNS)}


def _classify_by_folder(relpath: str, name: str) -> NameClass | None:
    """Governance documents known by the folder they are in: risk/register.yaml, impact/<system>.md."""
    parts = relpath.lower().rsplit("/", 2)
    parent = parts[-2] if len(parts) > 1 else ""
    if parent in _RISK_DIRS and name in ("register.yaml", "register.yml"):
        return NameClass.RISK_REGISTER
    if parent in _IMPACT_DIRS and name.rsplit(".", 1)[0] not in _NOT_ASSESSMENTS:
        return NameClass.IMPACT_MD if name.endswith(".md") else NameClass.IMPACT_YAML
    return None


@dataclass(frozen=True, slots=True)
class GitListing:
    """git's view of a folder: the files it shows, or None when the folder is to be walked instead."""

    files: list[str] | None
    # Why git showed nothing, for the user; None when the folder is simply not in a git work tree.
    warning: str | None = None


def git_files(root: Path) -> GitListing:
    """Tracked files plus untracked ones .gitignore does not exclude; no files when root is not in a work tree
    git will read, with the reason when it is more than that (git missing, or refusing a repository owned by
    another user). Raises TooManyOpenFiles when git cannot be started for want of file descriptors."""
    # core.fsmonitor off: the scanned repository's own config could name a program for git to run.
    # -t tags each path; with --deleted, files gone from the work tree but still in the index come again
    # tagged R, so one call tells which listed files really exist (findings must point at files that exist).
    answer = run_git(["-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "ls-files", "-z", "-t",
                      "--cached", "--deleted", "--others", "--exclude-standard"], root)
    if answer.stdout is None:
        if answer.reason is None:
            return GitListing(None)
        return GitListing(None, answer.warning(root, "listing files without .gitignore"))
    present: dict[str, None] = {}
    gone: set[str] = set()
    for entry in answer.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) < 3:
            continue
        tag, path = entry[0], entry[2:]
        if tag == "R":
            gone.add(path)
        else:
            present[path] = None  # an unmerged file is listed once per stage
    return GitListing([p for p in present if p not in gone])


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


def list_files(root: Path, warnings: list[str] | None = None) -> list[str]:
    """Paths relative to root, with '/' separators, sorted; why git did not list them is added to warnings."""
    listed = git_files(root)
    if listed.files is None:
        if listed.warning is not None and warnings is not None:
            warnings.append(listed.warning)
        return sorted(walk_files(root))
    return sorted(listed.files)


def within(root_real: str, path: str) -> bool:
    """True when path (already resolved) is root_real or below it."""
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)
