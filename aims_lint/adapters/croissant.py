"""MLCommons Croissant JSON-LD (0.8, 1.0, 1.1) -> canonical dataset record, with structural checks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_lint.adapters.common import open_json, value_state
from aims_lint.adapters.markdown_card import LoadResult
from aims_lint.model import Artifact, Field, FieldState, Kind, Location, Problem
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

_WHITESPACE = re.compile(r"\s")
_SHAPE = re.compile(r"^\s*-?\d+(\s*,\s*-?\d+)*\s*$")


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

    artifact = Artifact(path, Kind.DATASET_RECORD, FORMAT, anchor=Location(path, 1, 1), document=data,
                        positions=positions)
    fields = artifact.fields
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
    problems = [*source.problems]
    problems += [Problem(PROBLEM, f"Croissant: {message}", at(pointer)) for pointer, message in check_structure(root)]
    return LoadResult(artifact, problems)


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


# --- structure -----------------------------------------------------------------------------------------------


def check_structure(root: Node) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each way the document breaks Croissant's required structure."""
    if SC + "Dataset" not in root.types():
        where = "/@type" if "@type" in root.raw else ""
        yield where, "the document's @type must be schema.org Dataset (sc:Dataset)"
    if root.get(SC + "name") is None:
        yield "", "the dataset has no 'name', which Croissant requires"
    if root.context.remote:
        yield "/@context", f"remote context {root.context.remote[0]!r} is not fetched; define terms in the file"
    yield from context_problems(root.raw.get("@context"), "/@context")
    yield from _texts(root)
    known: set[str] = set()
    distribution = list(root.children(root.get(SC + "distribution")))
    record_sets = list(root.children(root.croissant("recordSet")))
    fields_by_set = {rs.pointer: list(_all_fields(rs)) for rs in record_sets}
    for node in [*distribution, *record_sets, *(f for fs in fields_by_set.values() for f in fs)]:
        yield from _check_id(node)
        known.update(_identifiers(node))
    for record_set in record_sets:
        # 0.8 names a field by the names on its path: "record_set/field/sub_field".
        known.update(_name_paths(record_set, _name(record_set)))
    for node in distribution:
        yield from _check_file(node, known)
    for record_set in record_sets:
        yield from _texts(record_set)
        if not _typed(record_set, "RecordSet"):
            yield _type_pointer(record_set), "a record set's @type must be cr:RecordSet"
        has_data = record_set.croissant("data") is not None
        sources: set[str] = set()
        joined = False
        for item in fields_by_set[record_set.pointer]:
            yield from _texts(item)
            yield from _check_field(item, known, has_data)
            source = item.croissant("source")
            if source is not None:
                sources.update(_source_files(item, source))
            joined = joined or item.croissant("references") is not None
        if len(sources) > 1 and not joined:
            yield record_set.pointer, (f"the record set reads from {len(sources)} files "
                                       f"({', '.join(sorted(sources))}) without declaring a join ('references')")


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


def _all_fields(node: Node) -> Iterator[Node]:
    for item in node.children(node.croissant("field")):
        yield item
        yield from _all_fields_sub(item)


def _all_fields_sub(node: Node) -> Iterator[Node]:
    for sub in node.children(node.croissant("subField")):
        yield sub
        yield from _all_fields_sub(sub)


def _typed(node: Node, local: str) -> bool:
    return any(t in (CR + local, ML08 + local, SC + local) for t in node.types())


def _type_pointer(node: Node) -> str:
    return f"{node.pointer}/@type" if "@type" in node.raw else node.pointer


def _name(node: Node) -> str | None:
    found = node.get(SC + "name")
    return found[2] if found is not None and isinstance(found[2], str) else None


def _name_paths(node: Node, prefix: str | None) -> Iterator[str]:
    if prefix is None:
        return
    for child in [*node.children(node.croissant("field")), *node.children(node.croissant("subField"))]:
        name = _name(child)
        if name is not None:
            yield f"{prefix}/{name}"
            yield from _name_paths(child, f"{prefix}/{name}")


def _identifiers(node: Node) -> set[str]:
    ids = set()
    if isinstance(node.raw.get("@id"), str):
        ids.add(node.raw["@id"])
    name = node.get(SC + "name")
    if name is not None and isinstance(name[2], str):
        ids.add(name[2])
    return ids


def _check_id(node: Node) -> Iterator[tuple[str, str]]:
    identifier = node.raw.get("@id")
    if isinstance(identifier, str) and _WHITESPACE.search(identifier):
        yield f"{node.pointer}/@id", f"@id {identifier!r} contains whitespace, which Croissant does not allow"


def _texts(node: Node) -> Iterator[tuple[str, str]]:
    """name and description hold text: strings, value objects or language maps, not numbers or booleans."""
    for prop in ("name", "description"):
        found = node.get(SC + prop)
        if found is None:
            continue
        key, pointer, value = found
        yield from _text_value(key, pointer, value)


def _text_value(key: str, pointer: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str) or value is None:
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_value(key, f"{pointer}/{index}", item)
        return
    if isinstance(value, Mapping):
        if "@value" in value:
            yield from _text_value(key, f"{pointer}/@value", value["@value"])
            return
        for lang, item in value.items():
            if not str(lang).startswith("@"):
                yield from _text_value(key, f"{pointer}/{escape_token(str(lang))}", item)
        return
    kind = "a boolean" if isinstance(value, bool) else "a number" if isinstance(value, int | float) else "an object"
    yield pointer, f"'{key}' must be text, not {kind}"


def _reference(value: Any) -> str | None:
    if isinstance(value, Mapping):
        target = value.get("@id")
        return target if isinstance(target, str) else None
    return value if isinstance(value, str) else None


def _dangling(found: tuple[str, str, Any] | None, known: set[str]) -> Iterator[tuple[str, str]]:
    """References ({'@id': ...} or, in 0.8, a bare name) to nodes the file does not declare."""
    if found is None:
        return
    key, pointer, value = found
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        at = f"{pointer}/{index}" if isinstance(value, list) else pointer
        if isinstance(item, Mapping):
            if "@id" not in item:
                continue
            target, at = item["@id"], f"{at}/@id"
        else:
            target = item
        if isinstance(target, str) and target not in known:
            yield at, f"'{key}' refers to {target!r}, which no node of the file declares"


def _check_file(node: Node, known: set[str]) -> Iterator[tuple[str, str]]:
    yield from _texts(node)
    is_object, is_set = _typed(node, "FileObject"), _typed(node, "FileSet")
    if not (is_object or is_set):
        yield _type_pointer(node), "a distribution entry's @type must be cr:FileObject or cr:FileSet"
        return
    if node.get(SC + "encodingFormat") is None:
        yield node.pointer, "the file entry has no 'encodingFormat', which Croissant requires"
    if is_object and node.get(SC + "contentUrl") is None:
        yield node.pointer, "the FileObject has no 'contentUrl', which Croissant requires"
    if is_set and node.croissant("includes") is None:
        yield node.pointer, "the FileSet has no 'includes' pattern, which Croissant requires"
    # 1.0 reads containedIn from schema.org, 1.1 from Croissant's vocabulary.
    contained = node.croissant("containedIn") or node.get(SC + "containedIn")
    if contained is None:
        return
    _, pointer, value = contained
    if isinstance(value, Mapping) and "@id" not in value:
        # 1.1 writes {"fileObject": {"@id": ...}, "transform": ...}; earlier versions {"@id": ...}.
        inner = Node.of(value, pointer, node.context)
        for prop in ("fileObject", "fileSet"):
            yield from _dangling(inner.croissant(prop), known)
    else:
        yield from _dangling(contained, known)


def _check_field(item: Node, known: set[str], has_data: bool) -> Iterator[tuple[str, str]]:
    if not _typed(item, "Field"):
        yield _type_pointer(item), "a field's @type must be cr:Field"
    source = item.croissant("source")
    has_subfields = item.croissant("subField") is not None
    if source is None and item.croissant("value") is None and not has_data and not has_subfields:
        yield item.pointer, "the field defines neither 'source' nor 'value'"
    if source is not None and isinstance(source[2], Mapping):
        inner = Node.of(source[2], source[1], item.context)
        targets = [inner.croissant(p) for p in ("field", "fileObject", "fileSet", "distribution")]
        targets.append(inner.get(SC + "distribution"))
        present = [t for t in targets if t is not None]
        if not present:
            yield source[1], "the source names no 'field', 'fileObject' or 'fileSet' to read from"
        for target in present:
            yield from _dangling(target, known)
    yield from _check_data_type(item, source, has_subfields)
    yield from _check_array(item)


def _check_data_type(
    item: Node, source: tuple[str, str, Any] | None, has_subfields: bool
) -> Iterator[tuple[str, str]]:
    if has_subfields or item.croissant("dataType") is not None:
        return
    reads_field = isinstance(source[2], Mapping) and Node.of(source[2], source[1], item.context).croissant(
        "field") is not None if source is not None else False
    if reads_field:
        return  # the type comes from the field it reads
    misread = next((key for key in item.raw if str(key).rsplit(":", 1)[-1] == "dataType"), None)
    if misread is not None:
        iri = item.context.expand(str(misread))
        yield (f"{item.pointer}/{escape_token(str(misread))}",
               f"'{misread}' expands to {iri}, not cr:dataType: the @context does not define it")
    else:
        yield item.pointer, "the field has no 'dataType'"


def _check_array(item: Node) -> Iterator[tuple[str, str]]:
    shape = item.croissant("arrayShape")
    if shape is None:
        return
    key, pointer, value = shape
    is_array = item.croissant("isArray")
    if is_array is None or plain_text(is_array[2]) is not True:
        yield pointer, f"'{key}' is given but 'isArray' is not true"
    text = plain_text(value)
    if not isinstance(text, str) or not _SHAPE.match(text):
        yield pointer, f"'{key}' {text!r} is not a comma-separated list of integers"


def _source_files(item: Node, source: tuple[str, str, Any]) -> set[str]:
    if not isinstance(source[2], Mapping):
        return set()
    inner = Node.of(source[2], source[1], item.context)
    files = set()
    for prop in ("fileObject", "fileSet", "distribution"):
        found = inner.croissant(prop) or (inner.get(SC + prop) if prop == "distribution" else None)
        if found is not None:
            target = _reference(found[2])
            if target is not None:
                files.add(target)
    return files
