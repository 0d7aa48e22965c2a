"""MLCommons Croissant JSON-LD (0.8, 1.0, 1.1) -> canonical dataset record, with the nodes structure checks judge."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_lint.adapters.common import open_json, value_state
from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, Entry, Field, FieldState, Kind, Location, Problem
from aims_lint.parse.jsonpos import escape_token
from aims_lint.parse.text import quoted

FORMAT = "croissant"
PROBLEM = "format-schema"

SC = "https://schema.org/"
CR = "http://mlcommons.org/croissant/"
ML08 = "http://mlcommons.org/schema/"
RAI = "http://mlcommons.org/croissant/RAI/"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
# Croissant's own vocabulary moved from ML08 (0.8) to CR (1.0); a property is looked up in both.
CROISSANT_SPACES = (CR, ML08)



class JsonLdContext:
    """The term definitions of one active JSON-LD context, expanding terms and compact IRIs to IRIs.

    Only what the document itself defines is used: a remote context (a URL) is never fetched.
    """

    def __init__(self, terms: Mapping[str, Any] | None = None, vocab: str | None = None) -> None:
        self.terms: dict[str, Any] = dict(terms or {})
        self.vocab = vocab
        self.remote: list[str] = []
        self._cache: dict[str, str | None] = {}

    def extended(self, local: Any) -> JsonLdContext:
        """This context with a document's @context (a mapping, a list of them, null or a URL) applied."""
        result = JsonLdContext(self.terms, self.vocab)
        result.remote = list(self.remote)
        for entry in local if isinstance(local, list) else [local]:
            if entry is None:
                result = JsonLdContext()
            elif isinstance(entry, str):
                result.remote.append(entry)
            elif isinstance(entry, Mapping):
                for key, definition in entry.items():
                    if key == "@vocab":
                        # Anything but an IRI leaves no vocabulary (context_problems reports it).
                        result.vocab = result._expand_definition(definition) if isinstance(definition, str) else None
                    elif not str(key).startswith("@"):
                        result.terms[str(key)] = definition
                result._cache.clear()
        return result

    def _expand_definition(self, value: str) -> str | None:
        return self.expand(value)

    def expand(self, value: str, *, _seen: frozenset[str] = frozenset()) -> str | None:
        """The IRI a key or a vocabulary value stands for, or None when the context does not define it."""
        if value.startswith("@"):
            return value
        if not _seen and value in self._cache:
            return self._cache[value]
        result = _normalise_iri(self._expand_uncached(value, _seen))
        if not _seen:
            self._cache[value] = result
        return result

    def _expand_uncached(self, value: str, seen: frozenset[str]) -> str | None:
        if value in seen:
            return None  # a cycle of term definitions
        seen = seen | {value}
        if value in self.terms:
            definition = self.terms[value]
            if isinstance(definition, Mapping):
                if "@id" not in definition:
                    # A definition that only sets a container or a type keeps the term's default IRI.
                    return self._expand_compact(value, seen) if ":" in value else _join(self.vocab, value)
                definition = definition["@id"]
            if not isinstance(definition, str):
                return None  # the term is explicitly left undefined (null), or defined by no IRI
            if definition == value:
                return self._expand_compact(value, seen) if ":" in value else _join(self.vocab, value)
            return self.expand(definition, _seen=seen)
        if ":" in value:
            return self._expand_compact(value, seen)
        return _join(self.vocab, value)

    def _expand_compact(self, value: str, seen: frozenset[str]) -> str | None:
        prefix, suffix = value.split(":", 1)
        if suffix.startswith("//") or prefix == "_":
            return value  # an absolute IRI or a blank node
        if prefix in self.terms:
            base = self.expand(prefix, _seen=seen)
            return None if base is None else base + suffix
        return value  # an absolute IRI with a scheme such as urn: or mailto:

    def value_type(self, key: str) -> Any:
        definition = self.terms.get(key)
        return definition.get("@type") if isinstance(definition, Mapping) else None

    def is_croissant(self) -> bool:
        for key in self.terms:
            iri = self.expand(key)
            if iri and iri.startswith(("http://mlcommons.org/croissant", ML08)):
                return True
        return False


def _join(vocab: str | None, value: str) -> str | None:
    return None if vocab is None else vocab + value


def _normalise_iri(iri: str | None) -> str | None:
    # schema.org is written with either scheme; its IRIs are compared in their https form.
    if iri is not None and iri.startswith("http://schema.org/"):
        return SC + iri[len("http://schema.org/"):]
    return iri


@dataclass
class Node:
    """A JSON-LD node object: its properties by expanded IRI, each with the pointer of its key."""

    pointer: str
    raw: Mapping[str, Any]
    context: JsonLdContext
    props: dict[str, tuple[str, str, Any]] = field(default_factory=dict)  # IRI -> (key, pointer, value)

    @classmethod
    def of(cls, raw: Mapping[str, Any], pointer: str, context: JsonLdContext) -> Node:
        if "@context" in raw:
            context = context.extended(raw["@context"])
        node = cls(pointer, raw, context)
        for key, value in raw.items():
            key = str(key)
            if key == "@context":
                continue
            iri = context.expand(key)
            if iri is not None and iri not in node.props:
                node.props[iri] = (key, f"{pointer}/{escape_token(key)}", value)
        return node

    def get(self, *iris: str) -> tuple[str, str, Any] | None:
        for iri in iris:
            if iri in self.props:
                return self.props[iri]
        return None

    def croissant(self, name: str) -> tuple[str, str, Any] | None:
        return self.get(*(space + name for space in CROISSANT_SPACES))

    def children(self, found: tuple[str, str, Any] | None) -> Iterator[Node]:
        """The node objects a property holds: one object, or each object of a list."""
        if found is None:
            return
        _, pointer, value = found
        if isinstance(value, Mapping):
            yield Node.of(value, pointer, self.context)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield Node.of(item, f"{pointer}/{index}", self.context)

    def types(self) -> list[str]:
        raw = self.raw.get("@type")
        values = raw if isinstance(raw, list) else [raw]
        return [self.context.expand(v) or v for v in values if isinstance(v, str)]

    def vocab_values(self, found: tuple[str, str, Any] | None) -> list[str]:
        """Values of a property typed '@vocab' or '@id' (dataType): strings or {'@id': ...}, expanded."""
        if found is None:
            return []
        _, _, value = found
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            text = item.get("@id") if isinstance(item, Mapping) else item
            if isinstance(text, str):
                out.append(self.context.expand(text) or text)
        return out


def is_croissant_document(data: Any) -> bool:
    """A JSON object whose own @context maps a term into Croissant's vocabulary, or that conforms to it."""
    if not isinstance(data, Mapping) or "@context" not in data:
        return False
    context = JsonLdContext().extended(data["@context"])
    if context.is_croissant():
        return True
    root = Node.of(data, "", context)
    conforms = root.get(DCT + "conformsTo")
    return conforms is not None and "mlcommons.org/croissant" in str(conforms[2])


def describes_another_thing(root: Node) -> bool:
    """Whether a Croissant document describes something other than a dataset: its @type is another type of
    Croissant's vocabulary (a task of the task vocabulary, "cr:TaskProblem"), or, untyped itself, it holds such a
    task. A document typed with any other schema.org type stays a dataset record with a wrong type (CR101)."""
    types = root.types()
    if types:
        return SC + "Dataset" not in types and any(t.startswith(CROISSANT_SPACES) for t in types)
    for key, value in root.raw.items():
        if isinstance(value, Mapping) and not str(key).startswith("@"):
            child = Node.of(value, "", root.context).types()
            if any(t.startswith(CROISSANT_SPACES) and "Task" in t.rsplit("/", 1)[-1] for t in child):
                return True
    return False


# --- plain values --------------------------------------------------------------------------------------------


def plain_text(value: Any) -> Any:
    """A text value as a string or list of strings: value objects and language maps are unwrapped."""
    if isinstance(value, list):
        items = [plain_text(v) for v in value]
        flat = [i for item in items for i in (item if isinstance(item, list) else [item]) if i is not None]
        return flat
    if isinstance(value, Mapping):
        if "@value" in value:
            return value["@value"]
        if "@id" in value and len(value) == 1:
            return value["@id"]
        texts = [v for k, v in value.items() if not str(k).startswith("@") and isinstance(v, str)]
        english = value.get("en")
        return english if isinstance(english, str) else (texts[0] if texts else None)
    return value


def plain(value: Any) -> Any:
    """JSON-LD data reduced to plain values: keys without prefixes, value objects unwrapped."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        if "@value" in value:
            return value["@value"]
        out: dict[str, Any] = {}
        for key, item in value.items():
            key = str(key)
            if key == "@context":
                continue
            name = key[1:] if key.startswith("@") else key.rsplit(":", 1)[-1]
            out.setdefault(name, plain(item))
        return out
    return value


def _names(value: Any) -> Any:
    """Names of persons or organisations: a string stays, objects give their name (or their @id)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, Mapping):
            name = plain_text(item.get("name") or item.get("sc:name") or item.get("@id"))
            if isinstance(name, str):
                names.append(name)
    return names[0] if len(names) == 1 else names


# --- licences ------------------------------------------------------------------------------------------------

_LICENSE_URLS = (
    re.compile(r"^https?://(?:www\.)?choosealicense\.com/licenses/([^/?#]+)/?$", re.IGNORECASE),
    re.compile(r"^https?://(?:www\.)?spdx\.org/licenses/([^/?#]+?)(?:\.html)?/?$", re.IGNORECASE),
    re.compile(r"^https?://(?:www\.)?opensource\.org/licenses?/([^/?#]+?)(?:\.php|\.html)?/?$", re.IGNORECASE),
)
_CC_URL = re.compile(
    r"^https?://(?:www\.)?creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)(?:/[a-z]{2})?/?(?:legalcode.*)?$",
    re.IGNORECASE,
)


def license_detail(value: Any) -> dict[str, Any]:
    """A Croissant licence (an SPDX id, a licence URL or a CreativeWork) as {'id', 'name', 'link'}."""
    if isinstance(value, list):
        details = [license_detail(v) for v in value]
        if len(details) == 1:
            return details[0]
        return {"id": [d.get("id") for d in details]}
    if isinstance(value, Mapping):
        if "@value" in value or ("@id" in value and len(value) == 1):
            return license_detail(value.get("@value", value.get("@id")))
        name = plain_text(value.get("name") or value.get("sc:name"))
        link = plain_text(value.get("url") or value.get("sc:url") or value.get("@id"))
        detail: dict[str, Any] = {"id": "other"}
        if isinstance(link, str):
            known = license_detail(link)
            if known.get("id") not in (None, "other", link):
                return {**known, **({"name": name} if isinstance(name, str) else {})}
            detail["link"] = link
        if isinstance(name, str):
            detail["name"] = name
        return detail
    if not isinstance(value, str):
        return {"id": value}
    text = value.strip()
    for pattern in _LICENSE_URLS:
        match = pattern.match(text)
        if match:
            return {"id": match.group(1), "link": text}
    match = _CC_URL.match(text)
    if match:
        kind, terms, version = match.group(1).lower(), match.group(2).lower(), match.group(3)
        license_id = f"cc0-{version}" if kind == "publicdomain" and terms == "zero" else f"cc-{terms}-{version}"
        return {"id": license_id, "link": text}
    if re.match(r"^https?://", text):
        # A link to terms that are not a known licence: the URL is all there is to identify them.
        return {"id": text, "link": text}
    return {"id": text}


# --- the adapter ---------------------------------------------------------------------------------------------

# (canonical field, properties in order of preference); the first one present supplies the field.
_TEXT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", (SC + "name",)),
    ("description", (SC + "description",)),
    ("version", (SC + "version",)),
    ("citation", (CR + "citeAs", ML08 + "citeAs", SC + "citation")),
    ("url", (SC + "url",)),
    ("date_published", (SC + "datePublished",)),
    ("date_created", (SC + "dateCreated",)),
    ("date_modified", (SC + "dateModified",)),
    ("rights", (SC + "conditionsOfAccess", SC + "usageInfo", SC + "copyrightNotice")),
    ("source", (PROV + "wasDerivedFrom", SC + "isBasedOn", RAI + "dataCollectionRawData")),
    ("acquisition", (RAI + "dataCollection", CR + "dataCollection", ML08 + "dataCollection",
                     PROV + "wasGeneratedBy", RAI + "dataCollectionType", RAI + "dataCollectionTimeframe")),
    ("personal_data", (RAI + "personalSensitiveInformation", CR + "personalSensitiveInformation",
                       ML08 + "personalSensitiveInformation")),
    ("preparation", (RAI + "dataPreprocessingProtocol", RAI + "dataManipulationProtocol",
                     RAI + "dataImputationProtocol", RAI + "dataAnnotationProtocol")),
    ("quality", (RAI + "dataAnnotationAnalysis", RAI + "dataCollectionMissingData")),
    ("known_bias", (RAI + "dataBiases", CR + "dataBiases", ML08 + "dataBiases")),
    # Responsible-AI properties with no canonical counterpart are kept under their own names.
    ("use_cases", (RAI + "dataUseCases",)),
    ("limitations", (RAI + "dataLimitations",)),
    ("social_impact", (RAI + "dataSocialImpact",)),
    ("maintenance", (RAI + "dataReleaseMaintenancePlan",)),
    ("collection_type", (RAI + "dataCollectionType",)),
    ("collection_timeframe", (RAI + "dataCollectionTimeframe",)),
    ("annotation_platform", (RAI + "dataAnnotationPlatform",)),
    ("annotators", (RAI + "annotatorDemographics", RAI + "annotationsPerItem", RAI + "machineAnnotationTools")),
    ("provenance_activity", (PROV + "wasGeneratedBy",)),
    ("attributed_to", (PROV + "wasAttributedTo",)),
)
_PEOPLE = (SC + "creator", SC + "publisher", SC + "maintainer", SC + "author")
_PREFIXES = ((SC, ""), (RAI, "rai:"), (PROV, "prov:"), (CR, "cr:"), (ML08, "ml:"))


def _term(iri: str) -> str:
    """A property as a Croissant file writes it: 'version', 'rai:dataCollection', 'prov:wasDerivedFrom'."""
    return next((short + iri[len(prefix):] for prefix, short in _PREFIXES if iri.startswith(prefix)), iri)


# Where a missing field is written, as its finding says: the first property of each text field, the licence, and
# the creator for the owner and the contact (a creator with an e-mail address gives both). The source is
# 'isBasedOn', which every version's context reads; 'prov:' needs its prefix bound, as only 1.1's context does.
HOMES: Mapping[str, str | None] = {
    **{name: _term(properties[0]) for name, properties in _TEXT_FIELDS},
    "source": "isBasedOn", "license": "license", "owner": "creator", "contact": "creator",
}


def adapt_croissant(path: str, text: str, *, claimed: bool, sniffed: bool = False) -> LoadResult:
    """Read a Croissant file.

    claimed: the file's name says Croissant, so broken JSON and JSON that is not Croissant are reported.
    sniffed: its first bytes suggested Croissant, so broken JSON is reported and other JSON skipped.
    """
    source = open_json(path, text, report_errors=claimed or sniffed)
    if isinstance(source, list):
        return LoadResult(None, source)
    data, positions, at = source.data, source.positions, source.at
    if not is_croissant_document(data):
        if claimed:
            return LoadResult(None, [Problem(PROBLEM, "Croissant: the file has no JSON-LD @context mapping "
                                             "terms to the Croissant vocabulary", at("/@context"))])
        return LoadResult(None, [])
    root = Node.of(data, "", JsonLdContext())
    if describes_another_thing(root):
        return LoadResult(None, [])

    fields: dict[str, Field] = {}
    for name, iris in _TEXT_FIELDS:
        found = root.get(*iris)
        if found is None:
            continue
        key, pointer, value = found
        shaped = plain_text(value) if name in ("name", "description", "version") else plain(value)
        fields[name] = Field(shaped, at(pointer), f"property '{key}'", value_state(shaped))
    _people(root, fields, at)
    found_license = root.get(SC + "license")
    if found_license is not None:
        key, pointer, value = found_license
        detail = license_detail(value)
        fields["license"] = Field(detail, at(pointer), f"property '{key}'", value_state(detail.get("id")))
    _distribution(root, fields, at)
    record_sets = [_label(node) for node in root.children(root.croissant("recordSet"))]
    found_sets = root.croissant("recordSet")
    if found_sets is not None:
        fields["record_sets"] = Field(record_sets, at(found_sets[1]), f"property '{found_sets[0]}'",
                                      value_state(record_sets))
    fields["conforms_to"] = Field(_version(root), at(""), "@context and conformsTo")
    artifact = Artifact(path, Kind.DATASET_RECORD, FORMAT, fields, anchor=Location(path, 1, 1), document=data,
                        positions=positions, entries=structure(root, at), homes=HOMES)
    return LoadResult(artifact, list(source.problems))


def _people(root: Node, fields: dict[str, Field], at: Any) -> None:
    for iri, canonical in ((SC + "creator", "owner"), (SC + "publisher", "publisher")):
        found = root.get(iri)
        if found is not None:
            key, pointer, value = found
            names = _names(value)
            fields[canonical] = Field(names, at(pointer), f"property '{key}'", value_state(names))
    if "owner" not in fields or not fields["owner"].present:
        for iri in (SC + "publisher", SC + "maintainer", SC + "author"):
            found = root.get(iri)
            if found is not None and value_state(_names(found[2])) is FieldState.PRESENT:
                key, pointer, value = found
                fields["owner"] = Field(_names(value), at(pointer), f"property '{key}'", value_state(_names(value)))
                break
    for iri in _PEOPLE:
        for person in root.children(root.get(iri)):
            for prop in (SC + "email", SC + "contactPoint"):
                found = person.get(prop)
                if found is not None and isinstance(plain_text(found[2]), str):
                    key, pointer, value = found
                    email = plain_text(value)
                    fields["contact"] = Field(email, at(pointer), f"property '{key}'", value_state(email))
                    return


def _label(node: Node) -> Any:
    name = node.get(SC + "name")
    if name is not None and isinstance(plain_text(name[2]), str):
        return plain_text(name[2])
    return node.raw.get("@id")


def _distribution(root: Node, fields: dict[str, Field], at: Any) -> None:
    found = root.get(SC + "distribution")
    if found is None:
        return
    entries = []
    for node in root.children(found):
        entry: dict[str, Any] = {}
        if "@id" in node.raw:
            entry["id"] = node.raw["@id"]
        for name, iris in (("name", (SC + "name",)), ("content_url", (SC + "contentUrl",)),
                           ("encoding_format", (SC + "encodingFormat",)), ("sha256", (SC + "sha256", CR + "sha256")),
                           ("md5", (CR + "md5", SC + "md5", ML08 + "md5")),
                           ("includes", (CR + "includes", ML08 + "includes"))):
            value = node.get(*iris)
            if value is not None:
                entry[name] = plain_text(value[2])
        types = [t.rsplit("/", 1)[-1] for t in node.types()]
        if types:
            entry["type"] = types[0]
        entries.append(entry)
    fields["distribution"] = Field(entries, at(found[1]), f"property '{found[0]}'", value_state(entries))


def _version(root: Node) -> str:
    conforms = root.get(DCT + "conformsTo")
    if conforms is not None:
        text = str(plain_text(conforms[2]))
        match = re.search(r"mlcommons\.org/croissant/(\d+\.\d+)", text)
        if match:
            return match.group(1)
    if any(root.context.expand(k) == ML08 for k in root.context.terms):
        return "0.8"
    return "1.0"


# --- structure: the nodes the Croissant checks judge ---------------------------------------------------------

# Types are recorded by the prefix of their vocabulary ("sc:Dataset", "cr:RecordSet"); others are left out.
_TYPE_SPACES = ((SC, "sc:"), (CR, "cr:"), (ML08, "cr:"))
# Where a field's source may point, as Croissant names the properties (`distribution` also in schema.org).
_SOURCE_TARGETS = ("field", "fileObject", "fileSet", "distribution")


class _Structure:
    """Collects a document's nodes, the references they make and their text values as canonical entries."""

    def __init__(self, at: Callable[[str], Location]) -> None:
        self.at = at
        self.lists: dict[str, list[Entry]] = {name: [] for name in ("dataset", "distribution", "record_sets",
                                                                    "record_fields", "links", "texts")}

    def fact(self, found: tuple[str, str, Any], *, plain: bool = False) -> Field:
        """A property as a fact: its value (as written, or as plain text), where its key is and how it is spelt."""
        key, pointer, raw = found
        return Field(plain_text(raw) if plain else raw, self.at(pointer), f"property '{key}'")

    def add(self, kind: str, entry_facts: dict[str, Field], where: Location) -> int:
        entries = self.lists[kind]
        entries.append(Entry(len(entries), where, entry_facts))
        return len(entries) - 1

    def node(self, kind: str, node: Node, facts: Mapping[str, Field], where: Location | None = None) -> int:
        """Record a node with its identity (@type, @id, name) and text values, plus the given facts; where is its
        place when already known."""
        found: dict[str, Field] = {}
        if "@type" in node.raw:
            found["type"] = Field(_type_names(node), self.at(f"{node.pointer}/@type"), "@type")
        if "@id" in node.raw:
            found["id"] = Field(node.raw["@id"], self.at(f"{node.pointer}/@id"), "@id")
        name = node.get(SC + "name")
        if name is not None:
            found["name"] = self.fact(name)
        for prop in (name, node.get(SC + "description")):
            if prop is not None:
                self.texts(prop[0], prop[1], prop[2])
        found.update(facts)
        return self.add(kind, found, where or self.at(node.pointer))

    def texts(self, key: str, pointer: str, value: Any) -> None:
        """Each value a text property holds, through lists, value objects and language maps."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                self.texts(key, f"{pointer}/{index}", item)
        elif isinstance(value, Mapping) and "@value" in value:
            self.texts(key, f"{pointer}/@value", value["@value"])
        elif isinstance(value, Mapping):
            for lang, item in value.items():
                if not str(lang).startswith("@"):
                    self.texts(key, f"{pointer}/{escape_token(str(lang))}", item)
        else:
            where = self.at(pointer)
            self.add("texts", {"value": Field(value, where, f"property '{key}'")}, where)

    def links(self, found: tuple[str, str, Any] | None) -> None:
        """The nodes a property refers to: {'@id': ...} objects or, as 0.8 writes them, bare names."""
        if found is None:
            return
        key, pointer, value = found
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{pointer}/{index}" if isinstance(value, list) else pointer
            if isinstance(item, Mapping):
                if "@id" not in item:
                    continue
                item, at = item["@id"], f"{at}/@id"
            if isinstance(item, str):
                where = self.at(at)
                self.add("links", {"target": Field(item, where, f"property '{key}'")}, where)


def _type_names(node: Node) -> list[str]:
    names = []
    for iri in node.types():
        prefix = next(((p, space) for space, p in _TYPE_SPACES if iri.startswith(space)), None)
        if prefix is not None:
            names.append(prefix[0] + iri[len(prefix[1]):])
    return names


def structure(root: Node, at: Callable[[str], Location]) -> dict[str, tuple[Entry, ...]]:
    """The document's nodes as entries: the dataset, its files, record sets and fields, the references they make
    ("links") and the values of their names and descriptions ("texts"), each with where it stands."""
    found = _Structure(at)
    facts = {"remote_context": Field(list(root.context.remote), at("/@context"), "@context")} \
        if root.context.remote else {}
    defects = [(at(pointer), message) for pointer, message in context_problems(root.raw.get("@context"), "/@context")]
    if defects:
        facts["context_defects"] = Field(defects, defects[0][0], "@context")
    live = root.croissant("isLiveDataset")
    if live is not None:
        facts["live"] = found.fact(live, plain=True)
    found.node("dataset", root, facts)
    for node in root.children(root.get(SC + "distribution")):
        facts = {name: found.fact(prop) for name, prop in (
            ("encoding_format", node.get(SC + "encodingFormat")), ("content_url", node.get(SC + "contentUrl")),
            ("includes", node.croissant("includes")),
            ("checksum", node.get(SC + "sha256", CR + "sha256") or node.croissant("md5") or node.get(SC + "md5")),
            ("contained_in", node.croissant("containedIn") or node.get(SC + "containedIn"))) if prop is not None}
        found.node("distribution", node, facts)
        _contained_in(found, node)
    for record_set in root.children(root.croissant("recordSet")):
        data = record_set.croissant("data")
        index = found.node("record_sets", record_set, {"data": found.fact(data)} if data is not None else {})
        name = record_set.get(SC + "name")
        prefix = name[2] if name is not None and isinstance(name[2], str) else None
        for item in record_set.children(record_set.croissant("field")):
            _record_field(found, item, index, prefix)
    return {name: tuple(entries) for name, entries in found.lists.items()}


def context_problems(local: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Where a @context breaks JSON-LD's shape: an entry that is no object, URL or null, a '@vocab' that is no IRI,
    a term defined by something other than an IRI, null or an object whose '@id' is one of those."""
    entries = local if isinstance(local, list) else [local]
    for index, entry in enumerate(entries):
        at = f"{pointer}/{index}" if isinstance(local, list) else pointer
        if entry is None or isinstance(entry, str):
            continue
        if not isinstance(entry, Mapping):
            yield at, f"@context entry {quoted(entry)} is not a context (an object, a URL or null)"
            continue
        for key, definition in entry.items():
            here = f"{at}/{escape_token(key)}"
            if key == "@vocab":
                if definition is not None and not isinstance(definition, str):
                    yield here, f"'@vocab' {quoted(definition)} is not an IRI or null"
            elif key.startswith("@"):
                continue  # @version, @language, @base and the like are not terms
            elif isinstance(definition, Mapping):
                iri = definition.get("@id")
                if iri is not None and not isinstance(iri, str):
                    yield f"{here}/@id", f"the '@id' of term {quoted(key)} is {quoted(iri)}, not an IRI or null"
            elif definition is not None and not isinstance(definition, str):
                yield here, f"term {quoted(key)} is defined as {quoted(definition)}, not an IRI, null or an object"


def _contained_in(found: _Structure, node: Node) -> None:
    # 1.0 reads containedIn from schema.org, 1.1 from Croissant's vocabulary, where it may be
    # {"fileObject": {"@id": ...}, "transform": ...} instead of {"@id": ...}.
    contained = node.croissant("containedIn") or node.get(SC + "containedIn")
    if contained is not None and isinstance(contained[2], Mapping) and "@id" not in contained[2]:
        inner = Node.of(contained[2], contained[1], node.context)
        for prop in ("fileObject", "fileSet"):
            found.links(inner.croissant(prop))
    else:
        found.links(contained)


def _record_field(
    found: _Structure, item: Node, record_set: int, prefix: str | None, *, nested: bool = False
) -> None:
    """Record a field of a record set and its sub-fields (nested); prefix is its parent's 0.8 name path, if any."""
    name = item.get(SC + "name")
    path = f"{prefix}/{name[2]}" if prefix is not None and name is not None and isinstance(name[2], str) else None
    where = found.at(item.pointer)
    facts = {"record_set": Field(record_set, where, "record set")}
    if nested:
        facts["nested"] = Field(True, where, "a sub-field")
    if path is not None:
        facts["name_path"] = Field(path, where, "names on its path")
    for fact, prop in (("value", "value"), ("sub_field", "subField"), ("data_type", "dataType"),
                       ("is_array", "isArray"), ("references", "references")):
        # A field's constant value is schema.org's 'value' (Croissant's own in older files).
        value = item.croissant(prop) or (item.get(SC + prop) if prop == "value" else None)
        if value is not None:
            facts[fact] = found.fact(value, plain=fact == "is_array")
    shape = item.croissant("arrayShape")
    if shape is not None:
        facts["array_shape"] = found.fact(shape, plain=True)
    if "data_type" not in facts:
        misread = next((key for key in item.raw if str(key).rsplit(":", 1)[-1] == "dataType"), None)
        if misread is not None:
            # The key is spelt dataType but the context maps it elsewhere: what it stands for instead.
            facts["data_type_elsewhere"] = Field(item.context.expand(str(misread)),
                                                 found.at(f"{item.pointer}/{escape_token(str(misread))}"),
                                                 f"property '{misread}'")
    facts.update(_pointer_facts(found, item, "source"))
    facts.update(_pointer_facts(found, item, "references"))
    found.node("record_fields", item, facts, where)
    for sub in item.children(item.croissant("subField")):
        _record_field(found, sub, record_set, path, nested=True)


def _pointer_facts(found: _Structure, item: Node, prop: str) -> dict[str, Field]:
    """What a field's source or references points at: as written ("source"), which properties it reads from
    ("source_reads"), the node it names ("source_target", the first of field, fileObject, fileSet and
    distribution, as the reference validator takes it) and the files it names ("source_files")."""
    pointer = item.croissant(prop)
    if pointer is None:
        return {}
    facts = {prop: found.fact(pointer)} if prop == "source" else {}
    if not isinstance(pointer[2], Mapping):
        return facts
    inner = Node.of(pointer[2], pointer[1], item.context)
    targets = {name: inner.croissant(name) or (inner.get(SC + name) if name == "distribution" else None)
               for name in _SOURCE_TARGETS}
    where, origin = found.at(pointer[1]), f"property '{pointer[0]}'"
    facts[f"{prop}_reads"] = Field([name for name, target in targets.items() if target is not None], where, origin)
    for target in targets.values():
        found.links(target)
    named = [_reference(target[2]) for target in targets.values() if target is not None]
    first = next((name for name in named if name is not None), None)
    if first is not None:
        facts[f"{prop}_target"] = Field(first, where, origin)
    files = (_reference(target[2]) for name, target in targets.items() if name != "field" and target is not None)
    facts[f"{prop}_files"] = Field(sorted({name for name in files if name is not None}), where, origin)
    return facts


def _reference(value: Any) -> str | None:
    if isinstance(value, Mapping):
        target = value.get("@id")
        return target if isinstance(target, str) else None
    return value if isinstance(value, str) else None
