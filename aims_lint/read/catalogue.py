"""The one catalogue of what aims-lint reads: each name class's file names and folders, the kind it gives and the
adapter that reads it; classification of a path by that catalogue, JSON content sniffing, and the pre-commit
hook's `files` pattern made from it (`python -m aims_lint.read.catalogue` writes it into .pre-commit-hooks.yaml).
"""

from __future__ import annotations

import enum
import functools
import importlib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aims_lint.model import Kind


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
    AI_OBJECTIVES = "ai_objectives"
    NONCONFORMITIES = "nonconformity_log"
    MANAGEMENT_REVIEW = "management_review"
    AUDIT_PROGRAMME = "audit_programme"
    MONITORING = "monitoring_plan"
    INCIDENT_RESPONSE = "incident_response"
    EVENT_LOGGING = "event_logging"
    AI_PROCESSES = "ai_processes"
    AI_ROLES = "ai_roles"
    CODEOWNERS = "codeowners"
    # JSON formats of other tools: a claiming name, a BOM-like name (read whole, content decides), or any
    # other JSON whose first bytes suggest one of them.
    CROISSANT = "croissant"
    MCT_JSON = "mct_json"
    CYCLONEDX = "cyclonedx"
    BOM_JSON = "bom_json"
    JSON = "json"


class Group(enum.Enum):
    """The family a name class belongs to."""

    CARD = "card"  # model cards and dataset records: Markdown or native YAML
    WEIGHTS = "weights"
    JSON = "json"  # the JSON formats of other tools
    GOVERNANCE = "governance"  # risk register, impact assessments, SoA, AI inventory, AI policy, concerns channel


class Reading(enum.Enum):
    """How a name class's files are adapted, that is which arguments its adapter takes."""

    MARKDOWN_CARD = "markdown-card"  # adapter(rel, text, kind_hint=, beside_weights=, readme=)
    BY_KIND = "by-kind"  # adapter(rel, text, kind=)
    JSON = "json"  # adapter(rel, text, claimed=, sniffed=)
    NAME_ONLY = "name-only"  # never opened: the name is the artifact (weights)


@dataclass(frozen=True, slots=True)
class Folder:
    """Files a name class takes by the folder they are directly in, whatever else their name says."""

    dirs: frozenset[str]
    name: str  # pattern the lower-cased file name matches in full
    exclude: frozenset[str] = frozenset()  # file names without extension that such a folder holds but are not it


@dataclass(frozen=True, slots=True)
class Entry:
    """One name class: how its files are named and where, what they give, and what reads them."""

    cls: NameClass
    group: Group
    reading: Reading
    # The kind the name gives, or None where the content decides (a README, a BOM's components, sniffed JSON).
    kind: Kind | None
    # module:function in aims_lint.adapters; the JSON formats' modules are imported on first use (most
    # repositories hold none, and they are large).
    adapter: str = ""
    names: str | None = None  # pattern the lower-cased file name matches in full
    folder: Folder | None = None
    extensions: tuple[str, ...] = ()  # any file name ending so
    # JSON: whether the name claims the format (its adapter then reports a document that is not it).
    claimed: bool = False
    # JSON: text that, anywhere in the file, tells the format is there (a name shared with other formats).
    content_marker: str | None = None


_RISK_DIRS = frozenset({"risk", "risks", "risk-management", "risk_management"})
_IMPACT_DIRS = frozenset({"impact", "impacts", "impact-assessments", "impact_assessments", "impact-assessment"})
# Folders whose generic names (objectives.yaml, programme.yaml) are governance documents only there.
_GOVERNANCE_DIRS = frozenset({"governance", "aims"})
_AUDIT_DIRS = frozenset({"audit", "audits", "internal-audit", "internal_audit"})
# Files of an impact/ folder that describe the process rather than assess one system.
_NOT_ASSESSMENTS = frozenset({"process", "index", "template", "changelog", "contributing", "license"})
_MARKDOWN_CARD = "markdown_card:adapt_markdown"
# Folders of cards, one Markdown file a model or a dataset (danish-foundation-models' docs/datasheets/hopetwitter.md
# and dagw-ft.md); an index or a guide there is no card.
_MODEL_CARD_DIRS = frozenset({"model_cards", "model-cards", "modelcards"})
_DATASET_CARD_DIRS = frozenset({"datasheets", "data_cards", "data-cards", "datacards", "dataset_cards",
                                "dataset-cards", "datasetcards"})
_NOT_CARDS = frozenset({"index", "changelog", "contributing", "license", "guide", "how-to", "howto"})
# A card's name: the words anywhere in it, each side either the end of the name or a separator.
_CARD_NAME = r"(?:[^/]*[-_. ])?{}(?:[-_. ][^/]*)?\.md"
# impact-assessment.md, and the assessment of one system named for it (genaiscript-impact-assessment.md); not a
# name that goes on (impact-assessment-questions.md, -process.md describe how assessments are made).
_IMPACT_NAME = r"(?:[^/]*[-_.])?(?:ai[-_]?)?impact[-_]?assessment\.{}"
_NATIVE_YAML = "native_yaml:adapt_native_yaml"
_GOVERNANCE_YAML = "governance:adapt_governance_yaml"
_GOVERNANCE_MD = "governance:adapt_governance_markdown"
_G, _R = Group, Reading

# In this order: among names that match, the first listed wins; the hook pattern lists them so too.
CATALOGUE: tuple[Entry, ...] = (
    Entry(NameClass.README, _G.CARD, _R.MARKDOWN_CARD, None, _MARKDOWN_CARD, names=r"readme\.md"),
    # Any name holding "model card" (MODEL_CARD.md, LLAMA_MODEL_CARD.md, MODEL_CARD_VISION.md,
    # Stable_Diffusion_v1_Model_Card.md), in any case, with or without a separator; "cards" is a document about
    # cards (model-cards.md of the Hub's documentation), not one.
    Entry(NameClass.MODEL_CARD_MD, _G.CARD, _R.MARKDOWN_CARD, Kind.MODEL_CARD, _MARKDOWN_CARD,
          names=_CARD_NAME.format(r"model[-_. ]?card"), folder=Folder(_MODEL_CARD_DIRS, r"[^/]+\.md", _NOT_CARDS)),
    Entry(NameClass.DATASET_MD, _G.CARD, _R.MARKDOWN_CARD, Kind.DATASET_RECORD, _MARKDOWN_CARD,
          names=_CARD_NAME.format(r"(?:data(?:set)?[-_. ]?card|datasheet)"),
          folder=Folder(_DATASET_CARD_DIRS, r"[^/]+\.md", _NOT_CARDS)),
    Entry(NameClass.MODEL_CARD_YAML, _G.CARD, _R.BY_KIND, Kind.MODEL_CARD, _NATIVE_YAML, names=r"model[-_]card\.ya?ml"),
    Entry(NameClass.DATASET_YAML, _G.CARD, _R.BY_KIND, Kind.DATASET_RECORD, _NATIVE_YAML,
          names=r"(?:datasheet|dataset[-_]record)\.ya?ml"),
    Entry(NameClass.WEIGHTS, _G.WEIGHTS, _R.NAME_ONLY, Kind.WEIGHTS,
          extensions=(".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".keras", ".joblib", ".pkl",
                      ".gguf", ".tflite", ".pb", ".mlmodel")),
    Entry(NameClass.CROISSANT, _G.JSON, _R.JSON, Kind.DATASET_RECORD, "croissant:adapt_croissant",
          names=r"(?:.+[._-])?croissant\.json(?:ld)?", claimed=True),
    Entry(NameClass.MCT_JSON, _G.JSON, _R.JSON, Kind.MODEL_CARD, "mct:adapt_mct", names=r"model[-_]?card\.json",
          claimed=True),
    Entry(NameClass.CYCLONEDX, _G.JSON, _R.JSON, None, "cyclonedx:adapt_cyclonedx", names=r".+\.cdx\.json",
          claimed=True),
    # bom.json and sbom*.json are also SPDX names: the content decides, anywhere in the file.
    Entry(NameClass.BOM_JSON, _G.JSON, _R.JSON, None, "cyclonedx:adapt_cyclonedx",
          names=r"(?:.+[._-])?bom\.json|sbom.*\.json", content_marker='"bomFormat"'),
    # Any other JSON file: only its first bytes are read, and read on only when they suggest a format.
    Entry(NameClass.JSON, _G.JSON, _R.JSON, None, extensions=(".json", ".jsonld")),
    Entry(NameClass.RISK_REGISTER, _G.GOVERNANCE, _R.BY_KIND, Kind.RISK_REGISTER, _GOVERNANCE_YAML,
          names=r"(?:ai[-_]?)?risk[-_]?register\.ya?ml", folder=Folder(_RISK_DIRS, r"register\.ya?ml")),
    Entry(NameClass.SOA, _G.GOVERNANCE, _R.BY_KIND, Kind.SOA, _GOVERNANCE_YAML,
          names=r"(?:soa|statement[-_]of[-_]applicability)\.ya?ml"),
    Entry(NameClass.AI_INVENTORY, _G.GOVERNANCE, _R.BY_KIND, Kind.AI_INVENTORY, _GOVERNANCE_YAML,
          names=r"ai[-_]?inventory\.ya?ml"),
    Entry(NameClass.AI_POLICY, _G.GOVERNANCE, _R.BY_KIND, Kind.AI_POLICY, _GOVERNANCE_MD, names=r"ai[-_]?policy\.md"),
    Entry(NameClass.CONCERNS, _G.GOVERNANCE, _R.BY_KIND, Kind.CONCERNS_CHANNEL, _GOVERNANCE_MD,
          names=r"(?:reporting[-_]|raising[-_])?concerns\.md"),
    Entry(NameClass.IMPACT_YAML, _G.GOVERNANCE, _R.BY_KIND, Kind.IMPACT_ASSESSMENT, _GOVERNANCE_YAML,
          names=_IMPACT_NAME.format(r"ya?ml"),
          folder=Folder(_IMPACT_DIRS, r"[^/]+\.ya?ml", _NOT_ASSESSMENTS)),
    Entry(NameClass.IMPACT_MD, _G.GOVERNANCE, _R.BY_KIND, Kind.IMPACT_ASSESSMENT, _GOVERNANCE_MD,
          names=_IMPACT_NAME.format("md"),
          folder=Folder(_IMPACT_DIRS, r"[^/]+\.md", _NOT_ASSESSMENTS)),
    # The rest of the management system, one YAML document each, known by name.
    Entry(NameClass.AI_OBJECTIVES, _G.GOVERNANCE, _R.BY_KIND, Kind.AI_OBJECTIVES, _GOVERNANCE_YAML,
          names=r"ai[-_]?objectives\.ya?ml", folder=Folder(_GOVERNANCE_DIRS, r"objectives\.ya?ml")),
    Entry(NameClass.NONCONFORMITIES, _G.GOVERNANCE, _R.BY_KIND, Kind.NONCONFORMITY_LOG, _GOVERNANCE_YAML,
          names=r"(?:nonconformit(?:y|ies)|nonconformity[-_]log|corrective[-_]actions?)\.ya?ml"),
    Entry(NameClass.MANAGEMENT_REVIEW, _G.GOVERNANCE, _R.BY_KIND, Kind.MANAGEMENT_REVIEW, _GOVERNANCE_YAML,
          names=r"management[-_]reviews?\.ya?ml"),
    Entry(NameClass.AUDIT_PROGRAMME, _G.GOVERNANCE, _R.BY_KIND, Kind.AUDIT_PROGRAMME, _GOVERNANCE_YAML,
          names=r"(?:internal[-_])?audit[-_]program(?:me)?\.ya?ml",
          folder=Folder(_AUDIT_DIRS, r"program(?:me)?\.ya?ml")),
    Entry(NameClass.MONITORING, _G.GOVERNANCE, _R.BY_KIND, Kind.MONITORING_PLAN, _GOVERNANCE_YAML,
          names=r"(?:ai[-_]|model[-_])?monitoring[-_]plan\.ya?ml"),
    Entry(NameClass.INCIDENT_RESPONSE, _G.GOVERNANCE, _R.BY_KIND, Kind.INCIDENT_RESPONSE, _GOVERNANCE_YAML,
          names=r"(?:ai[-_]?)?incident[-_]response\.ya?ml"),
    Entry(NameClass.EVENT_LOGGING, _G.GOVERNANCE, _R.BY_KIND, Kind.EVENT_LOGGING, _GOVERNANCE_YAML,
          names=r"event[-_]log(?:ging)?\.ya?ml"),
    Entry(NameClass.AI_PROCESSES, _G.GOVERNANCE, _R.BY_KIND, Kind.AI_PROCESSES, _GOVERNANCE_MD,
          names=r"ai[-_]?(?:processes|life[-_]?cycle)\.md"),
    Entry(NameClass.AI_ROLES, _G.GOVERNANCE, _R.BY_KIND, Kind.AI_ROLES, _GOVERNANCE_YAML,
          names=r"ai[-_]?roles\.ya?ml|roles[-_]and[-_]responsibilities\.ya?ml",
          folder=Folder(_GOVERNANCE_DIRS, r"roles\.ya?ml")),
    # Who owns which paths, as the forge reads it: the one name without an extension.
    Entry(NameClass.CODEOWNERS, _G.GOVERNANCE, _R.BY_KIND, Kind.CODEOWNERS, "governance:adapt_codeowners",
          names=r"codeowners"),
)
_ENTRIES = {entry.cls: entry for entry in CATALOGUE}
assert len(_ENTRIES) == len(NameClass) == len(CATALOGUE)


def entry(cls: NameClass) -> Entry:
    """The catalogue's entry for a name class."""
    return _ENTRIES[cls]


def classes(group: Group) -> frozenset[NameClass]:
    """The name classes of one group."""
    return frozenset(e.cls for e in CATALOGUE if e.group is group)


@functools.cache
def adapter(cls: NameClass) -> Callable[..., Any]:
    """The function that adapts a name class's files (imported on first use)."""
    module, function = _ENTRIES[cls].adapter.split(":")
    found: Callable[..., Any] = getattr(importlib.import_module(f"aims_lint.adapters.{module}"), function)
    return found


WEIGHT_EXTENSIONS = frozenset(_ENTRIES[NameClass.WEIGHTS].extensions)
_JSON_EXTENSIONS = frozenset(_ENTRIES[NameClass.JSON].extensions)
# Every other artifact name ends in one of these: other files need no pattern at all.
_ARTIFACT_EXTENSIONS = frozenset({".md", ".yaml", ".yml", *_JSON_EXTENSIONS})


def _named(group: Iterable[Entry]) -> tuple[tuple[str, NameClass], ...]:
    return tuple((e.names, e.cls) for e in group if e.names is not None)


# Card, record and governance names (the patterns as written), in catalogue order; the names of the JSON formats,
# tried on JSON files only.
NAMED_PATTERNS = _named(e for e in CATALOGUE if e.group is not Group.JSON)
_JSON_PATTERNS = _named(e for e in CATALOGUE if e.group is Group.JSON)
# Names that take no extension (CODEOWNERS), tried only on files without one.
_BARE_NAMES = tuple((re.compile(pattern), cls) for pattern, cls in NAMED_PATTERNS if "." not in pattern)
# The endings of a name pattern, as its text writes them, that name files of each extension read by name.
_PATTERN_ENDINGS = {".md": (r"\.md",), ".yaml": (r"\.ya?ml", r"\.yaml"), ".yml": (r"\.ya?ml", r"\.yml")}
assert all("." not in pattern or any(ending in pattern for endings in _PATTERN_ENDINGS.values() for ending in endings)
           for pattern, _ in NAMED_PATTERNS)  # a name pattern of another extension would need an entry there


_Names = tuple[re.Pattern[str], dict[str, NameClass]]


def _first_of(named: Iterable[tuple[str, NameClass]]) -> _Names:
    """Name patterns in one pattern, tried in order (the first that matches wins), and the class each alternative
    (a group of its own) gives: one match per file instead of a dozen, as every Markdown, YAML and JSON file of a
    repository is classified. Only these are compiled: compiling each pattern as well took several milliseconds
    of every run's start."""
    chosen = tuple(named)
    pattern = re.compile("|".join(f"(?P<n{i}>{text})" for i, (text, _) in enumerate(chosen)))
    assert pattern.groups == len(chosen)  # no group of the patterns' own: lastgroup names the alternative
    return pattern, {f"n{i}": cls for i, (_, cls) in enumerate(chosen)}


def _class_by(names: _Names, name: str) -> NameClass | None:
    pattern, classes = names
    found = pattern.fullmatch(name)
    return None if found is None else classes[found.lastgroup or ""]


# For each extension, the names that NAMED_PATTERNS written for it give (a YAML file's name is never tried against
# the Markdown names); the JSON formats' names, tried on JSON files only.
_NAMED_BY_EXTENSION = {extension: _first_of((text, cls) for text, cls in NAMED_PATTERNS
                                            if any(ending in text for ending in endings))
                       for extension, endings in _PATTERN_ENDINGS.items()}
_JSON_NAMED = _first_of(_JSON_PATTERNS)
# The folder rules by folder name, in catalogue order.
_BY_FOLDER: dict[str, list[tuple[re.Pattern[str], frozenset[str], NameClass]]] = {}
for _entry in CATALOGUE:
    if _entry.folder is not None:
        for _dir in _entry.folder.dirs:
            _BY_FOLDER.setdefault(_dir, []).append((re.compile(_entry.folder.name), _entry.folder.exclude, _entry.cls))
# JSON that is configuration of other tools, never evidence: not even its first bytes are read.
_TOOL_JSON = frozenset({"package.json", "package-lock.json", "composer.json", "composer.lock", "tsconfig.json",
                        "jsconfig.json", ".eslintrc.json", "renovate.json", "launch.json", "settings.json",
                        "tasks.json", "extensions.json", "devcontainer.json", "manifest.json", ".prettierrc.json"})
SNIFF_BYTES = 8192


def artifact_extension(relpath: str) -> bool:
    """Whether the name ends as an artifact's may (.md, .yaml, .json, a weights extension): a kind of file
    aims-lint reads, whatever the rest of the name says."""
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return dot > 0 and (name[dot:] in _ARTIFACT_EXTENSIONS or name[dot:] in WEIGHT_EXTENSIONS)


def classify_name(relpath: str) -> NameClass | None:
    """The name class of a path (relative, '/' separators), or None for a file aims-lint does not read.

    A weights extension gives WEIGHTS even where only a model context makes the file weights (see weights_context);
    a card, record or governance name in a template's place (see template_place) gives None.
    """
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    extension = name[dot:] if dot > 0 else ""
    if extension in WEIGHT_EXTENSIONS:
        return NameClass.WEIGHTS
    if not extension:
        return next((cls for pattern, cls in _BARE_NAMES if pattern.fullmatch(name)), None)
    if extension not in _ARTIFACT_EXTENSIONS:
        return None
    names = _NAMED_BY_EXTENSION.get(extension)
    named = _class_by(names, name) if names is not None else None
    if named is not None:
        return None if _in_template_place(relpath, named) else named
    if extension in _JSON_EXTENSIONS:
        return _classify_json(relpath, name)
    found = _classify_by_folder(relpath, name)
    return None if found is None or _in_template_place(relpath, found) else found


# --- templates: files that describe how to write a card or record, not one ---------------------------------------

# Folders of templates (huggingface_hub's templates/modelcard_template.md, the datasets repository's
# templates/README.md and README_guide.md), and the place-holder folder names of project generators
# (cookiecutter's "{{ cookiecutter.repo_name }}/").
_TEMPLATE_DIRS = frozenset({"templates", "template"})


# A Markdown dataset record whose name alone says template is read, and judged a template by its answers (see
# named_template): a filled-in copy of a datasheet template often keeps the template's file name (the "Datasheets
# for Datasets" template's datasheet-for-dataset-template.md, answered in full in several public repositories). A
# model card template's guidance reads like answers ('Describe the intended use'), so its name still decides.
_ANSWERED_IN_A_TEMPLATE_S_NAME = frozenset({NameClass.DATASET_MD})
_NAMED_TEMPLATE = "its name says it is a template"


def _in_template_place(relpath: str, cls: NameClass) -> bool:
    place = template_place(relpath)
    return place is not None and not (place == _NAMED_TEMPLATE and cls in _ANSWERED_IN_A_TEMPLATE_S_NAME)


def named_template(relpath: str) -> bool:
    """Whether only a file's name, not its folder, says it is a template: such a card is a template unless it
    answers (reader.TEMPLATE_ANSWERS)."""
    return template_place(relpath) == _NAMED_TEMPLATE


def template_place(relpath: str) -> str | None:
    """Why a file's name or place says it is a template of a card, record or governance document rather than one
    (modelcard_template.md, datasetcard_template.md, templates/README.md), or None."""
    *dirs, name = relpath.lower().split("/")
    if "template" in name.rsplit(".", 1)[0]:
        return _NAMED_TEMPLATE
    for part in dirs:
        if part in _TEMPLATE_DIRS:
            return f"it is in a {part!r} folder"
        if "{{" in part or "{%" in part:
            return f"it is in a project generator's template folder {part!r}"
    return None


# Template placeholders: Jinja expressions ("{{ model_id | default(...) }}", "{{card_data}}") and statements
# ("{% if ... %}"), and format fields standing as a whole value ("license: {license}", "- {lang_0}", a line
# "{card_data}"), as huggingface_hub's card templates and the Hub's metadata specifications (modelcard.md,
# datasetcard.md) are written. BibTeX's double braces ("title = {{GLUE}: ...}") follow an '='; they do not count.
_PLACEHOLDERS = re.compile(
    r"(=[ \t]*)?(\{\{-?[ \t]*[A-Za-z_][\w.]*[ \t]*(?:\|[^{}\n]{0,200})?-?\}\})"
    r"|(\{%-?[ \t]*(?:if|for|set|block|extends|include|macro|raw)\b[^%\n]{0,200}%\})"
    r"|^[ \t]*(?:-[ \t]*|[\w-]{1,60}:[ \t]*)?(\{[a-z_][a-z0-9_]{0,60}\})[ \t]*(?:#.*)?$",
    re.MULTILINE,
)
# As many distinct placeholders make a file a template: one alone may be an example in a real card.
_TEMPLATE_PLACEHOLDERS = 2
# A Hugging Face Space's README: its front matter names the SDK the Space runs on. It describes an app.
_SPACE_SDK = re.compile(r"^sdk:[ \t]*[\"']?(gradio|streamlit|docker|static)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def among_datasets(relpath: str) -> bool:
    """Whether a folder on the path is named `datasets`: a README there with Hub front matter that names neither
    kind (`license: mit` alone), away from weights, is a dataset card (a repository's datasets/<name>/README.md)."""
    return "datasets" in relpath.lower().split("/")[:-1]


def not_a_card(text: str, *, readme: bool) -> str | None:
    """Why a Markdown file named as a card (or a README) is not one, by its content: a template or a format
    specification full of placeholders, or a Space's README. None when nothing says so."""
    from aims_lint.parse.markdown import split_front_matter, without_code_blocks  # the catalogue stays light

    if readme:
        split = split_front_matter(text)
        if split.front_matter is not None:
            space = _SPACE_SDK.search(split.front_matter.text)
            if space is not None:
                return f"it is a Hugging Face Space's README (sdk: {space.group(1)}), which describes an app"
    if "<!--" in text:
        # A placeholder in a comment is not shown: a card whose writer commented out the template's unfilled
        # sections (microsoft/evodiff's model card) is a card.
        from aims_lint.vocab import drop_comments

        text = drop_comments(text)
    found = _placeholders(text)
    if len(found) == _TEMPLATE_PLACEHOLDERS and ("```" in text or "~~~" in text):
        # A placeholder in a code block is an example's (a chat template's Jinja in a language model's card). The
        # blocks are taken out only for a card that looks like a template: blanking them costs more than the search.
        found = _placeholders(without_code_blocks(text))
    if len(found) == _TEMPLATE_PLACEHOLDERS:
        return f"it is a template or a format specification: it holds placeholders ({found[0]}, {found[1]})"
    return None


def _placeholders(text: str) -> list[str]:
    """The first distinct placeholders of a text, up to as many as make it a template."""
    found: list[str] = []
    # Every placeholder lies within one line and holds a brace: only such lines are searched (the pattern tried
    # at every position of a whole card took a tenth of a full run).
    braced = "\n".join(line for line in text.split("\n") if "{" in line)
    for match in _PLACEHOLDERS.finditer(braced):
        bibtex, *placeholders = match.groups()
        placeholder = next(group for group in placeholders if group is not None)
        if bibtex is None and placeholder not in found:
            found.append(placeholder)
            if len(found) == _TEMPLATE_PLACEHOLDERS:
                break
    return found


# --- weights: what makes a file with an extension other files share a model's weights ----------------------------

# Extensions that other files share: a pickled vocabulary (data/vocab.pkl), a tensor data set
# (data/MNIST/processed/training.pt), a protocol buffer, any binary blob. Such a file is weights only in a
# model context.
AMBIGUOUS_WEIGHT_EXTENSIONS = frozenset({".pkl", ".bin", ".pt", ".pb"})
# A name that says model (model.pkl, pytorch_model.bin, saved_model.pb, adapter_model.bin, ggml-model-q4_0.bin,
# checkpoint_best.pt, best_weights.pt).
_MODEL_NAME = re.compile(r"model|weight|checkpoint|ckpt")
# Folders that hold models: weights/best.pt of YOLO training runs, model/model.h5, models/ of the cookiecutter
# data-science layout, checkpoints/ and the Hugging Face Trainer's checkpoint-500/.
_MODEL_DIR = re.compile(r"models?|weights?|checkpoints?(?:[-_]\d+)?|ckpts?|pretrained(?:[-_]models?)?|"
                        r"(?:saved|trained)[-_]models?")


def weights_by_extension(relpath: str) -> bool:
    """Whether the extension alone makes a file weights (.safetensors, .onnx, .gguf, ...)."""
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return dot > 0 and name[dot:] in WEIGHT_EXTENSIONS and name[dot:] not in AMBIGUOUS_WEIGHT_EXTENSIONS


def weights_context(relpath: str) -> str | None:
    """What makes a file with an ambiguous extension weights by its own path: its name says model, or a folder
    on its path holds models. None when the path says neither (the folder may still, by the weights it holds)."""
    *dirs, name = relpath.lower().split("/")
    if _MODEL_NAME.search(name.rsplit(".", 1)[0]):
        return "its name says model"
    for part in dirs:
        if _MODEL_DIR.fullmatch(part):
            return f"it is in a {part!r} folder"
    return None


def model_weights(paths: Iterable[str]) -> list[str]:
    """Those of the paths with a weights extension that are weights: by their extension alone, by their own path
    (weights_context), or beside such weights in the same folder (training_args.bin beside model.safetensors)."""
    listed = list(paths)
    sure = [p for p in listed if weights_by_extension(p) or weights_context(p) is not None]
    folders = {p.rsplit("/", 1)[0] if "/" in p else "" for p in sure}
    taken = set(sure)
    return [p for p in listed if p in taken or (p.rsplit("/", 1)[0] if "/" in p else "") in folders]


def _classify_json(relpath: str, name: str) -> NameClass | None:
    named = _class_by(_JSON_NAMED, name)
    if named is not None:
        return named
    if name in _TOOL_JSON or name.startswith("tsconfig.") or "node_modules/" in relpath:
        return None
    return NameClass.JSON


def _classify_by_folder(relpath: str, name: str) -> NameClass | None:
    """Files known by the folder they are in: risk/register.yaml, impact/<system>.md, datasheets/<dataset>.md."""
    parts = relpath.lower().rsplit("/", 2)
    rules = _BY_FOLDER.get(parts[-2] if len(parts) > 1 else "")
    for pattern, exclude, cls in rules or ():
        if pattern.fullmatch(name) and name.rsplit(".", 1)[0] not in exclude:
            return cls
    return None


def _extension_pattern(item: Entry) -> re.Pattern[str] | None:
    """The extensions (with the dot) an entry's names end in: the part of its pattern after the last '\\.'."""
    if item.names is None or r"\." not in item.names:
        return None  # no extension (CODEOWNERS): its own name only
    return re.compile(r"\." + item.names.rsplit(r"\.", 1)[1])


# For each kind, the name classes that read it and the extensions each reads, in catalogue order: a file that the
# configuration's discovery globs give a kind is read by the first whose extensions its name ends in.
_BY_KIND: dict[Kind, list[tuple[re.Pattern[str] | None, NameClass]]] = {}
for _entry in CATALOGUE:
    if _entry.kind is not None and (_entry.names is not None or _entry.extensions):
        _BY_KIND.setdefault(_entry.kind, []).append((_extension_pattern(_entry), _entry.cls))


def class_for_kind(kind: Kind, relpath: str) -> NameClass | None:
    """The name class that reads a file as the kind given, whatever its name says; None when aims-lint reads
    that kind from no file with its extension (a model card from a .txt file)."""
    name = relpath.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    extension = name[dot:] if dot > 0 else ""
    for pattern, cls in _BY_KIND.get(kind, ()):
        if pattern is None or pattern.fullmatch(extension):
            return cls
    return None


def kind_extensions(kind: Kind) -> list[str]:
    """The extensions aims-lint reads a kind from, for the line about a file it cannot read as that kind."""
    found: list[str] = []
    for probe in sorted(_ARTIFACT_EXTENSIONS):
        if class_for_kind(kind, "x" + probe) is not None:
            found.append(probe)
    return found


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


def kind_by_name(relpath: str) -> Kind | None:
    """The kind a file's name alone decides (MODEL_CARD.md, datasheet.yaml, ...), else None: checks judge files
    they have not read by it, so that a run reading only a few files judges as a whole run does."""
    cls = classify_name(relpath)
    return None if cls is None else card_kind(cls)


def card_kind(cls: NameClass) -> Kind | None:
    """The kind a card's or record's name class gives; None for the others (content decides, or they are not cards)."""
    found = _ENTRIES[cls]
    return found.kind if found.group is Group.CARD else None


# --- the pre-commit hook's `files` pattern ---------------------------------------------------------------------

HOOK_BEGIN = "  # BEGIN files: written by `python -m aims_lint.read.catalogue` from aims_lint/read/catalogue.py"
HOOK_END = "  # END files"


def hook_alternatives() -> list[str]:
    """The hook pattern's alternatives, one for each way the catalogue takes a file, in catalogue order. A name
    of a group that also takes any file with some extensions is left to that alternative."""
    lines: list[str] = []
    by_extension = {e.group for e in CATALOGUE if e.extensions}
    for item in CATALOGUE:
        if item.extensions:
            lines.append(r"[^/]+\.(" + "|".join(ext[1:] for ext in item.extensions) + ")")
        elif item.names is not None and item.group not in by_extension:
            lines.append(item.names)
        if item.folder is not None:
            assert all(re.fullmatch(r"[a-z0-9_-]+", d) for d in item.folder.dirs)
            lines.append("(" + "|".join(sorted(item.folder.dirs)) + ")/" + item.folder.name)
    return lines


def hook_files_pattern() -> str:
    """The `files` entry of .pre-commit-hooks.yaml, between its markers: a verbose, case-insensitive pattern
    pre-commit searches each staged path with."""
    first, *rest = hook_alternatives()
    body = [f"      {first}", *(f"      | {line}" for line in rest)]
    return "\n".join([HOOK_BEGIN, "  files: |", "    (?ix)(^|/)(", *body, "    )$", HOOK_END]) + "\n"


def write_hook_pattern(hooks_file: Path) -> bool:
    """Put the generated `files` pattern between the markers of hooks_file; True when the file changed."""
    text = hooks_file.read_text(encoding="utf-8")
    start = text.index(HOOK_BEGIN)
    end = text.index(HOOK_END, start) + len(HOOK_END) + 1
    updated = text[:start] + hook_files_pattern() + text[end:]
    if updated == text:
        return False
    hooks_file.write_text(updated, encoding="utf-8")
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
    print(f"{target}: {'written' if write_hook_pattern(target) else 'up to date'}")
