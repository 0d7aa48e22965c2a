"""Croissant JSON-LD: discovery, the canonical dataset record with positions, IRIs from the file's own @context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, corpus_dir, make_git_repo

from aims_lint.adapters.croissant import JsonLdContext, adapt_croissant, license_detail
from aims_lint.engine import RunOptions, run
from aims_lint.model import Inventory, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

RULES = load_rules()
# The structure rules of Croissant, and AL008 for a file that claims Croissant by its name but is not.
STRUCTURE = RunOptions(select=frozenset({"CR1", "AL008"}))
FOLDER = CORPUS / "croissant"
VALID = sorted(p.relative_to(FOLDER).as_posix() for p in FOLDER.glob("[01].*/*.json")) if FOLDER.is_dir() else []
INVALID = sorted(p.parent.relative_to(FOLDER / "invalid").as_posix()
                 for p in FOLDER.glob("invalid/*/*/metadata.json")) if FOLDER.is_dir() else []

# Where each of the reference validator's invalid examples is broken, read from its output.txt: the line
# holding the defect, text that must stand on it (so a change to the corpus cannot pass silently), and the rule.
DEFECTS = {
    "1.0/distribution_bad_contained_in": [(63, '"@id": "THISDOESNOTEXIST"', "CR106")],  # reference to no node
    "1.0/distribution_bad_id": [(60, '"@id": "ids should not contain spaces"', "CR105")],
    "1.0/distribution_bad_type": [(60, '"@type": "sc:WRONG_TYPE_HERE"', "CR101")],
    "1.0/distribution_missing_encoding_format": [(58, "{", "CR104")],  # the FileSet object lacks encodingFormat
    "1.0/distribution_missing_property_content_url": [(58, "{", "CR104")],  # the FileObject lacks contentUrl
    "1.0/metadata_bad_type": [(47, '"@type": "sc:WRONG_TYPE"', "CR101")],
    "1.0/mlfield_bad_source": [(84, '"@id": "THISDOESNOTEXIST"', "CR106")],
    "1.0/mlfield_bad_type": [(77, '"@type": "sc:WRONG_TYPE"', "CR101")],
    "1.0/mlfield_missing_source": [(74, "{", "CR107")],  # the field has neither source nor value
    "1.0/recordset_bad_type": [(69, '"@type": "sc:WRONG_TYPE"', "CR101")],
    # The @context lacks dataType, so the key expands into schema.org instead of Croissant.
    "1.0/recordset_missing_context_for_datatype": [(75, '"dataType": "sc:Integer"', "CR108")],
    "1.0/recordset_wrong_join": [(78, "{", "CR110")],  # two source files, no join
    "1.1/mlfield_bad_array_definition": [(83, '"arrayShape": "1,2,1"', "CR109")],
    "1.1/mlfield_bad_array_shape": [(83, '"arrayShape": "a,b,c"', "CR109")],
    "1.1/multilingual_fields": [(68, "42", "CR111"), (138, '"name": true', "CR111"), (140, '"de": -1.5', "CR111")],
}


@pytest.fixture(scope="module")
def corpus() -> Inventory:
    corpus_dir("croissant")
    return build_inventory([FOLDER])


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.mark.parametrize("rel", VALID)
def test_every_valid_example_is_a_croissant_dataset_record(corpus: Inventory, rel: str) -> None:
    found = [a for a in corpus.artifacts if a.path == rel]
    assert [(a.kind, a.format) for a in found] == [(Kind.DATASET_RECORD, "croissant")]
    record = found[0]
    assert record.fields["conforms_to"].value == rel.split("/")[0]
    # Every field points into the file, at a line that exists.
    lines = (FOLDER / rel).read_text(encoding="utf-8").count("\n") + 1
    assert all(1 <= f.location.line <= lines and f.location.path == rel for f in record.fields.values())


def test_no_other_file_of_the_folder_becomes_an_artifact(corpus: Inventory) -> None:
    expected = set(VALID) | {f"invalid/{case}/metadata.json" for case in INVALID}
    assert {a.path for a in corpus.artifacts} == expected
    assert not corpus.problems


def test_only_true_defects_are_reported_on_valid_examples(corpus: Inventory) -> None:
    report = run(corpus, RULES, STRUCTURE)
    reported = sorted((f.rule_id, f.location.path, f.location.line) for f in report.findings
                      if not f.location.path.startswith("invalid/"))
    # huggingface-squad's Dataset has no name at all: from 1.0 on the reference validator accepts that.
    assert reported == []
    assert "name" not in json.loads((FOLDER / "1.0/huggingface-squad.metadata.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", INVALID)
def test_each_invalid_example_gets_a_finding_at_its_defect(corpus: Inventory, case: str) -> None:
    path = f"invalid/{case}/metadata.json"
    report = run(corpus, RULES, STRUCTURE)
    found = sorted((f.location.line, f.rule_id) for f in report.findings if f.location.path == path)
    expected = DEFECTS[case]
    assert found == [(line, rule) for line, _, rule in expected]
    text = (FOLDER / path).read_text(encoding="utf-8").split("\n")
    for line, needle, _ in expected:
        assert needle in text[line - 1]


def test_the_defect_table_covers_every_invalid_example() -> None:
    corpus_dir("croissant")
    assert sorted(DEFECTS) == INVALID


def test_rai_properties_of_a_1_0_file_map_field_by_field(corpus: Inventory) -> None:
    rel = "1.0/bigcode-the-stack.metadata.json"
    path = FOLDER / rel
    data = json.loads(path.read_text(encoding="utf-8"))
    record = next(a for a in corpus.artifacts if a.path == rel)
    fields = record.fields
    expected = {
        "name": ('"name": "bigcode-the-stack"', data["name"]),
        "known_bias": ('"rai:dataBiases"', data["rai:dataBiases"]),
        "acquisition": ('"rai:dataCollection":', data["rai:dataCollection"]),
        "personal_data": ('"rai:personalSensitiveInformation"', data["rai:personalSensitiveInformation"]),
        "preparation": ('"rai:dataPreprocessingProtocol"', data["rai:dataPreprocessingProtocol"]),
        "source": ('"rai:dataCollectionRawData"', data["rai:dataCollectionRawData"]),
        "use_cases": ('"rai:dataUseCases"', data["rai:dataUseCases"]),
        "limitations": ('"rai:dataLimitations"', data["rai:dataLimitations"]),
        "citation": ('"citeAs": "@article', data["citeAs"]),
        "owner": ('"creator"', ["Harm de Vries", "Leandro von Werra"]),
        "contact": ('"email": "harm.devries@servicenow.com"', "harm.devries@servicenow.com"),
        "license": ('"license": "other"', {"id": "other"}),
    }
    for name, (needle, value) in expected.items():
        assert fields[name].value == value, name
        assert fields[name].location.line == _line_of(path, needle), name
        assert fields[name].location.column > 1
    assert "version" not in fields and "quality" not in fields


def test_provenance_of_a_1_1_file_maps_to_source_and_acquisition(corpus: Inventory) -> None:
    rel = "1.1/huggingface-squad_v2.metadata.json"
    path = FOLDER / rel
    fields = next(a for a in corpus.artifacts if a.path == rel).fields
    assert fields["source"].value["locatedAt"] == "https://huggingface.co/datasets/rajpurkar/squad"
    assert fields["source"].location.line == _line_of(path, '"prov:wasDerivedFrom"')
    assert fields["source"].location.pointer == "/prov:wasDerivedFrom"
    assert fields["acquisition"].value["description"].startswith("Added 50K plausible-sounding")
    assert fields["acquisition"].location.line == _line_of(path, '"prov:wasGeneratedBy"')
    assert fields["license"].value == {"id": "cc-by-sa-4.0",
                                       "link": "https://choosealicense.com/licenses/cc-by-sa-4.0/"}
    assert fields["record_sets"].value == ["squad_v2_splits", "squad_v2"]


def test_distribution_and_dates_of_a_1_1_file(corpus: Inventory) -> None:
    rel = "1.1/commoncrawl-CC-MAIN-2025-43-draft.metadata.json"
    path = FOLDER / rel
    fields = next(a for a in corpus.artifacts if a.path == rel).fields
    first = fields["distribution"].value[0]
    assert first == {"id": "warc.paths.gz", "type": "FileObject", "encoding_format": "application/gzip",
                     "content_url": "https://data.commoncrawl.org/crawl-data/CC-MAIN-2025-43/warc.paths.gz",
                     "sha256": "97441dcd9ffe73099b4238cc4c327b0adffc72137b712a886b7f913e7a68ebfc"}
    assert len(fields["distribution"].value) == 15
    assert fields["date_published"].value == "2025-10-19T01:06:58Z"
    assert fields["version"].location.line == _line_of(path, '"version": "1.0.0"')
    assert fields["owner"].value == "The Common Crawl Foundation"
    # Terms of use at a URL are not a licence identifier: the link is all there is.
    assert fields["license"].value == {"id": "https://commoncrawl.org/terms-of-use",
                                       "link": "https://commoncrawl.org/terms-of-use"}


def test_a_0_8_file_reads_the_old_namespace(corpus: Inventory) -> None:
    fields = next(a for a in corpus.artifacts if a.path == "0.8/titanic.metadata.json").fields
    assert fields["conforms_to"].value == "0.8"
    assert fields["license"].value == {"id": "afl-3.0"}
    assert fields["citation"].value.startswith("The principal source for data about Titanic passengers")
    assert fields["record_sets"].value == ["genders", "embarkation_ports", "passengers"]
    assert [d["content_url"] for d in fields["distribution"].value] == [
        "data/titanic.csv", "data/genders.csv", "data/embarkation_ports.csv"]


# --- JSON-LD: terms are resolved by the file's own @context, never by matching prefixes as strings -----------

_BASE_CONTEXT: dict[str, Any] = {"@vocab": "https://schema.org/", "sc": "https://schema.org/",
                                 "cr": "http://mlcommons.org/croissant/"}


def _record(extra_context: dict[str, Any], body: dict[str, Any]) -> Any:
    doc = {"@context": {**_BASE_CONTEXT, **extra_context}, "@type": "sc:Dataset", "name": "d", **body}
    result = adapt_croissant("d.json", json.dumps(doc, indent=2), claimed=True)
    assert result.artifact is not None
    return result.artifact.fields


def test_any_prefix_bound_to_the_rai_namespace_is_read() -> None:
    fields = _record({"resp": "http://mlcommons.org/croissant/RAI/"}, {"resp:dataBiases": "Urban areas only."})
    assert fields["known_bias"].value == "Urban areas only."


def test_a_rai_prefix_bound_elsewhere_is_not_croissant_rai() -> None:
    fields = _record({"rai": "http://example.org/not-rai/"}, {"rai:dataBiases": "Urban areas only."})
    assert "known_bias" not in fields


def test_terms_aliases_and_vocab_resolve_to_the_same_property() -> None:
    by_term = _record({"rai": "http://mlcommons.org/croissant/RAI/", "bias": {"@id": "rai:dataBiases"}},
                      {"bias": "Few night images."})
    assert by_term["known_bias"].value == "Few night images."
    assert by_term["known_bias"].origin == "property 'bias'"
    absolute = _record({}, {"http://mlcommons.org/croissant/RAI/dataBiases": "Few night images."})
    assert absolute["known_bias"].value == "Few night images."


def test_a_nested_context_applies_to_its_node_only() -> None:
    context = JsonLdContext().extended({"@vocab": "https://schema.org/", "x": "http://example.org/x#"})
    inner = context.extended({"x": "http://mlcommons.org/croissant/"})
    assert context.expand("x:recordSet") == "http://example.org/x#recordSet"
    assert inner.expand("x:recordSet") == "http://mlcommons.org/croissant/recordSet"
    assert context.expand("name") == "https://schema.org/name"
    assert JsonLdContext().extended([{"@vocab": "https://schema.org/"}, None]).expand("name") is None


def test_a_term_defined_through_another_term_and_cycles() -> None:
    context = JsonLdContext().extended({"cr": "http://mlcommons.org/croissant/", "rs": "cr:recordSet",
                                        "loop": "loop2", "loop2": "loop"})
    assert context.expand("rs") == "http://mlcommons.org/croissant/recordSet"
    assert context.expand("loop") is None


def test_json_that_only_uses_schema_org_is_not_croissant(tmp_path: Path) -> None:
    doc = {"@context": {"@vocab": "https://schema.org/"}, "@type": "Dataset", "name": "x",
           "url": "https://mlcommons.org/croissant"}
    make_git_repo(tmp_path, {"metadata.json": json.dumps(doc)})
    inventory = build_inventory([tmp_path])
    assert not inventory.artifacts and not inventory.problems


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://choosealicense.com/licenses/mit/", {"id": "mit"}),
        ("https://creativecommons.org/licenses/by-nc/4.0/", {"id": "cc-by-nc-4.0"}),
        ("https://creativecommons.org/publicdomain/zero/1.0/", {"id": "cc0-1.0"}),
        ("https://spdx.org/licenses/Apache-2.0.html", {"id": "Apache-2.0"}),
        ("cc-by-4.0", {"id": "cc-by-4.0"}),
        ({"@type": "sc:CreativeWork", "name": "Example Data Terms", "url": "https://example.org/terms"},
         {"id": "other", "name": "Example Data Terms", "link": "https://example.org/terms"}),
    ],
)
def test_licences_become_identifiers_where_they_are_known(value: Any, expected: dict[str, Any]) -> None:
    detail = license_detail(value)
    assert {k: detail[k] for k in expected} == expected


# --- discovery and the existing rules ------------------------------------------------------------------------


def _croissant(**body: Any) -> str:
    doc = {"@context": {**_BASE_CONTEXT, "rai": "http://mlcommons.org/croissant/RAI/",
                        "dct": "http://purl.org/dc/terms/", "conformsTo": "dct:conformsTo"},
           "@type": "sc:Dataset", "conformsTo": "http://mlcommons.org/croissant/1.1", **body}
    return json.dumps(doc, indent=2) + "\n"


def test_discovered_by_name_and_by_content(tmp_path: Path) -> None:
    make_git_repo(tmp_path, {
        "a/faces.croissant.json": _croissant(name="faces"),
        "b/croissant.json": _croissant(name="cars"),
        "c/metadata.json": _croissant(name="birds"),
        "d/other.json": json.dumps({"@context": "https://example.org", "name": "not a dataset"}),
        "e/package.json": _croissant(name="never read"),
    })
    inventory = build_inventory([tmp_path])
    assert sorted((a.path, a.format) for a in inventory.artifacts) == [
        ("a/faces.croissant.json", "croissant"), ("b/croissant.json", "croissant"), ("c/metadata.json", "croissant")]


def test_broken_json_is_reported_by_name_or_when_its_start_says_croissant(tmp_path: Path) -> None:
    broken = _croissant(name="faces").replace('"name": "faces"', '"name": "faces",,')
    make_git_repo(tmp_path, {"a/croissant.json": broken, "b/metadata.json": broken, "c/data.json": '{"x": [1,,]}'})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"AL007"})))
    line = broken.split("\n").index('  "name": "faces",,') + 1
    assert sorted((f.rule_id, f.location.path, f.location.line) for f in report.findings) == [
        ("AL007", "a/croissant.json", line), ("AL007", "b/metadata.json", line)]


def test_existing_dataset_rules_apply_unchanged(tmp_path: Path) -> None:
    complete = _croissant(
        name="faces", version="1.0.0", license="https://creativecommons.org/licenses/by/4.0/",
        creator={"@type": "sc:Person", "name": "Ana Diaz", "email": "ana@example.org"},
        **{"rai:dataCollection": "Photographed by staff in 2023.",
           "rai:personalSensitiveInformation": "Faces of consenting adults; consent forms kept by HR.",
           "rai:dataPreprocessingProtocol": ["Cropped to 512x512."],
           "rai:dataAnnotationAnalysis": "Two annotators, agreement 0.93.",
           "rai:dataBiases": "Few people over 70.",
           "isBasedOn": "https://example.org/raw-photos"},
    )
    bare = _croissant(name="cars", license="other")
    make_git_repo(tmp_path, {"data/faces/croissant.json": complete, "data/cars/croissant.json": bare})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"DS1", "GN1", "AL"})))
    by_file: dict[str, set[str]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.location.path, set()).add(finding.rule_id)
    assert "data/faces/croissant.json" not in by_file
    assert by_file["data/cars/croissant.json"] == {
        "DS101", "DS102", "DS104", "DS106", "DS107", "DS108", "DS109", "DS110", "GN101"}
    licence = next(f for f in report.findings if f.rule_id == "GN101")
    assert licence.location.line == bare.split("\n").index('  "license": "other"') + 1


def test_each_missing_field_names_a_property_that_then_satisfies_it(tmp_path: Path) -> None:
    make_git_repo(tmp_path, {"data/cars/croissant.json": _croissant(name="cars", license="cc-by-4.0")})
    options = RunOptions(select=frozenset({"DS1"}))
    named = {f.rule_id: f.message.rsplit(": add '", 1)[1].rstrip("'")
             for f in run(build_inventory([tmp_path]), RULES, options).findings if ": add '" in f.message}
    assert named == {"DS101": "isBasedOn", "DS102": "rai:dataCollection",
                     "DS104": "rai:personalSensitiveInformation", "DS106": "rai:dataPreprocessingProtocol",
                     "DS107": "rai:dataAnnotationAnalysis", "DS108": "rai:dataBiases", "DS109": "creator",
                     "DS110": "version"}
    written: dict[str, Any] = {prop: "Stated here for the test, in a sentence of its own." for prop in named.values()}
    written |= {"creator": {"@type": "sc:Person", "name": "Ana Diaz", "email": "ana@example.org"}, "version": "1.0.0",
                "isBasedOn": "https://example.org/raw-photos"}
    make_git_repo(tmp_path, {"data/cars/croissant.json": _croissant(name="cars", license="cc-by-4.0", **written)})
    left = {f.rule_id for f in run(build_inventory([tmp_path]), RULES, options).findings}
    assert not left & set(named)


def test_hostile_json_is_a_finding_and_links_outside_are_never_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(_croissant(name="secret"), encoding="utf-8")
    repo = tmp_path / "repo"
    make_git_repo(repo, {"deep/croissant.json": "[" * 50_000 + "]" * 50_000, "ok/croissant.json": _croissant(name="a")})
    (repo / "linked").mkdir()
    (repo / "linked" / "metadata.json").symlink_to(outside)
    inventory = build_inventory([repo])
    assert [a.path for a in inventory.artifacts] == ["ok/croissant.json"]
    assert [(p.code, p.location.path, p.location.line) for p in inventory.problems] == [
        ("json-limit", "deep/croissant.json", 1)]
