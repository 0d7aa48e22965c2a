"""CycloneDX ML-BOMs: one canonical artifact per ML model or data component, located by pointer and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, corpus_dir, make_git_repo

from aims_lint.engine import RunOptions, run
from aims_lint.model import Inventory, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory
from aims_lint.schemas.vendor import CYCLONEDX, VENDOR_DIR, cyclonedx_validator, vendor_errors

RULES = load_rules()
FOLDER = CORPUS / "cyclonedx"
BOMS = sorted(p.relative_to(FOLDER).as_posix() for p in FOLDER.glob("examples/*/*.json")
              if "bomFormat" in p.read_text(encoding="utf-8")) if FOLDER.is_dir() else []


@pytest.fixture(scope="module")
def corpus() -> Inventory:
    corpus_dir("cyclonedx")
    return build_inventory([FOLDER])


def _line(text: str, needle: str, start: int = 1) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if i >= start and needle in line)


@pytest.mark.parametrize("rel", BOMS)
def test_every_ml_component_of_every_example_is_a_model_card(corpus: Inventory, rel: str) -> None:
    data = json.loads((FOLDER / rel).read_text(encoding="utf-8"))
    expected = [f"/components/{i}" for i, c in enumerate(data["components"])
                if c.get("type") == "machine-learning-model" and "modelCard" in c]
    found = [a for a in corpus.artifacts if a.path == rel]
    assert expected and [a.anchor.pointer for a in found if a.anchor] == expected
    assert {(a.kind, a.format) for a in found} == {(Kind.MODEL_CARD, "cyclonedx-ml-model")}
    text = (FOLDER / rel).read_text(encoding="utf-8")
    for artifact in found:
        assert artifact.anchor is not None
        assert text.split("\n")[artifact.anchor.line - 1].strip() == "{"


def test_schemas_and_other_json_are_not_artifacts(corpus: Inventory) -> None:
    assert {a.path for a in corpus.artifacts} == set(BOMS)
    assert "examples/owasp-aibom-generator/sample_model_card.json" not in BOMS


def test_the_pinned_schemas_are_the_published_ones() -> None:
    corpus_dir("cyclonedx")
    for name in ("bom-1.5", "bom-1.6", "bom-1.7", "spdx", "jsf-0.82"):
        pinned = (VENDOR_DIR / "cyclonedx" / f"{name}.SNAPSHOT.schema.json").read_bytes()
        assert pinned == (FOLDER / "schema" / f"{name}.schema.json").read_bytes(), name


def test_spec_examples_validate_and_a_generator_fixture_does_not(corpus: Inventory) -> None:
    by_file: dict[str, list[int]] = {}
    for problem in corpus.problems:
        by_file.setdefault(problem.location.path, []).append(problem.location.line)
    rel = "examples/owasp-aibom-generator/expected_aibom.json"
    text = (FOLDER / rel).read_text(encoding="utf-8")
    # A lower-case SPDX id and a serial number that is not a UUID are both outside the 1.6 schema.
    assert sorted(by_file.pop(rel)) == sorted([_line(text, '"id": "apache-2.0"'), _line(text, '"serialNumber"')])
    assert by_file == {}


def test_a_model_card_maps_field_by_field(corpus: Inventory) -> None:
    rel = "examples/spec-tests/valid-machine-learning-1.6.json"
    text = (FOLDER / rel).read_text(encoding="utf-8")
    data = json.loads(text)
    card = next(a for a in corpus.artifacts if a.path == rel)
    fields = card.fields
    considerations = data["components"][0]["modelCard"]["considerations"]
    expected = {
        "name": ("stable-diffusion", '"name": "stable-diffusion"'),
        "version": (data["components"][0]["version"], '"version"'),
        "owner": (data["components"][0]["publisher"], '"publisher"'),
        "intended_use": (considerations["useCases"], '"useCases"'),
        "users": (considerations["users"], '"users"'),
        "limitations": (considerations["technicalLimitations"], '"technicalLimitations"'),
        "ethical_considerations": (considerations["ethicalConsiderations"], '"ethicalConsiderations"'),
        "training_data": (["Training Data"], '"datasets"'),
    }
    start = _line(text, '"components"')
    for name, (value, needle) in expected.items():
        assert fields[name].value == value, name
        assert fields[name].location.line == _line(text, needle, start), name
        assert fields[name].location.pointer.startswith("/components/0/"), name
    metric = data["components"][0]["modelCard"]["quantitativeAnalysis"]["performanceMetrics"][0]
    assert fields["evaluation_metrics"].value == [
        {"metric": metric["type"], "value": metric["value"], "slice": metric["slice"],
         "confidence_interval": metric["confidenceInterval"]}]
    assert fields["evaluation_data"].value == [metric["slice"]]
    assert fields["model_parameters"].value["task"] == "task goes here"
    assert [(r.target, r.role) for r in card.references] == [("https://example.com/path/to/dataset", "dataset")]


def test_licences_keep_their_ids_and_names(corpus: Inventory) -> None:
    card = next(a for a in corpus.artifacts if a.path == "examples/owasp-aibom-generator/expected_aibom.json")
    assert card.fields["license"].value == {"id": "apache-2.0", "link": "https://www.apache.org/licenses/LICENSE-2.0"}
    assert card.fields["owner"].value == "test-org"


# --- several artifacts in one file ---------------------------------------------------------------------------


def _model(ref: str, name: str, **card: Any) -> dict[str, Any]:
    return {"type": "machine-learning-model", "bom-ref": ref, "name": name, "version": "1.0.0",
            "modelCard": card or {"modelParameters": {"task": "classification"}}}


DATA = {
    "type": "data", "bom-ref": "clicks", "name": "clicks-2024", "version": "2024-06",
    "authors": [{"name": "Data platform"}],
    "licenses": [{"license": {"name": "Shop data terms", "url": "https://example.com/terms"}}],
    "pedigree": {"ancestors": [{"type": "data", "name": "raw-clickstream"}]},
    "data": [{
        "type": "dataset", "name": "clicks-2024",
        "sensitiveData": ["pseudonymous session ids"],
        "governance": {"owners": [{"organization": {"name": "Search team",
                                                    "contact": [{"email": "search@example.com"}]}}]},
    }],
}


def _bom(components: list[dict[str, Any]], version: str = "1.6") -> str:
    doc = {"bomFormat": "CycloneDX", "specVersion": version, "version": 1, "components": components}
    return json.dumps(doc, indent=2) + "\n"


def test_one_bom_yields_an_artifact_per_component(tmp_path: Path) -> None:
    text = _bom([_model("a", "ranker"), {"type": "library", "name": "numpy"}, DATA,
                 {"type": "application", "name": "shop", "components": [_model("b", "embedder")]}])
    make_git_repo(tmp_path, {"sbom/shop.cdx.json": text})
    inventory = build_inventory([tmp_path])
    found = [(a.kind.value, a.format, a.anchor.pointer, a.anchor.line) for a in inventory.artifacts if a.anchor]
    assert found == [
        ("model_card", "cyclonedx-ml-model", "/components/0", _line(text, '"type": "machine-learning-model"') - 1),
        ("dataset_record", "cyclonedx-data", "/components/2", _line(text, '"type": "data"') - 1),
        ("model_card", "cyclonedx-ml-model", "/components/3/components/0",
         _line(text, '"name": "embedder"') - 3),
    ]
    record = inventory.artifacts[1].fields
    # The governance owners answer for the data, before the component's authors.
    assert record["owner"].value == "Search team"
    assert record["owner"].location.pointer == "/components/2/data/0/governance/owners"
    assert record["contact"].value == "search@example.com"
    assert record["personal_data"].value == ["pseudonymous session ids"]
    assert record["source"].value == "raw-clickstream"
    assert record["license"].value == {"id": "other", "name": "Shop data terms", "link": "https://example.com/terms"}
    assert record["contact"].location.line == _line(text, '"email": "search@example.com"')


def test_findings_on_each_component_are_distinct_and_stable(tmp_path: Path) -> None:
    first = _bom([_model("a", "ranker"), _model("b", "embedder")])
    make_git_repo(tmp_path / "one", {"bom.json": first})
    report = run(build_inventory([tmp_path / "one"]), RULES, RunOptions(select=frozenset({"MC101"})))
    assert sorted(f.location.line for f in report.findings) == [
        _line(first, '"bom-ref": "a"') - 2, _line(first, '"bom-ref": "b"') - 2]
    assert len({f.fingerprint for f in report.findings}) == 2
    # Lines move (metadata added above) and a component is added after them: the two findings keep their
    # fingerprints, because each is tied to its component's pointer rather than to its order of discovery.
    doc = json.loads(_bom([_model("a", "ranker"), _model("b", "embedder"), _model("c", "reranker")]))
    moved = json.dumps({"metadata": {"timestamp": "2024-07-01T00:00:00Z"}, **doc}, indent=4)
    make_git_repo(tmp_path / "two", {"bom.json": moved})
    again = run(build_inventory([tmp_path / "two"]), RULES, RunOptions(select=frozenset({"MC101"})))
    assert len(again.findings) == 3
    assert {f.fingerprint for f in report.findings} < {f.fingerprint for f in again.findings}
    assert sorted(f.location.line for f in again.findings) != sorted(f.location.line for f in report.findings)


def test_dataset_references_resolve_within_the_bom(tmp_path: Path) -> None:
    text = _bom([
        _model("a", "ranker", modelParameters={"datasets": [{"ref": "clicks"}, {"ref": "gone"}]}),
        DATA,
    ])
    make_git_repo(tmp_path, {"bom.json": text})
    inventory = build_inventory([tmp_path])
    card = inventory.artifacts[0]
    assert card.fields["training_data"].value == ["clicks-2024", "gone"]
    report = run(inventory, RULES, RunOptions(select=frozenset({"MC109"})))
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("MC109", _line(text, '"ref": "gone"'))]


def test_existing_rules_apply_unchanged(tmp_path: Path) -> None:
    considerations = {"useCases": ["Ranks catalogue items."], "users": ["The search service."],
                      "technicalLimitations": ["Cold-start items rank low."]}
    model = _model("a", "ranker", considerations=considerations,
                   quantitativeAnalysis={"performanceMetrics": [{"type": "ndcg", "value": "0.4", "slice": "q2"}]},
                   modelParameters={"datasets": [{"ref": "clicks"}]})
    model["licenses"] = [{"license": {"id": "Apache-2.0"}}]
    model["authors"] = [{"name": "Ana Diaz", "email": "ana@example.com"}]
    text = _bom([model, DATA])
    make_git_repo(tmp_path, {"bom.cdx.json": text})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"MC1", "DS1", "GN1", "AL"})))
    found = sorted((f.rule_id, f.location.line) for f in report.findings)
    model_line = _line(text, '"bom-ref": "a"') - 2
    data_line = _line(text, '"bom-ref": "clicks"') - 2
    # CycloneDX has no slot for out-of-scope use, oversight, acquisition, preparation, quality or bias.
    # The data's licence is a named one with a link, which is what GN101 asks of a licence without an id.
    assert found == sorted([("MC102", model_line), ("MC112", model_line), ("DS102", data_line),
                            ("DS106", data_line), ("DS107", data_line), ("DS108", data_line)])


def test_a_missing_field_says_where_cyclonedx_writes_it_or_that_it_has_no_place(tmp_path: Path) -> None:
    data = json.loads(json.dumps(DATA))
    del data["pedigree"]
    make_git_repo(tmp_path, {"bom.cdx.json": _bom([_model("a", "ranker"), data])})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"MC101", "MC112", "DS101",
                                                                                  "DS107"})))
    messages = {f.rule_id: f.message for f in report.findings}
    assert messages["MC101"] == "model card does not state the intended use: add 'modelCard.considerations.useCases'"
    assert messages["DS101"] == "dataset record does not state the data source: add 'pedigree.ancestors'"
    assert "the cyclonedx-ml-model format has no place for it" in messages["MC112"]
    assert "the cyclonedx-data format has no place for it: state it in a Markdown dataset record" in messages["DS107"]


# --- structure ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", sorted(CYCLONEDX))
def test_each_supported_version_is_validated(version: str) -> None:
    good = json.loads(_bom([_model("a", "ranker")], version))
    assert list(vendor_errors(cyclonedx_validator(version), good)) == []
    good["components"][0]["modelCard"]["considerations"] = {"useCases": "not a list"}
    assert [p for p, _ in vendor_errors(cyclonedx_validator(version), good)] == [
        "/components/0/modelCard/considerations/useCases"]


def test_structure_problems_are_findings_at_their_line(tmp_path: Path) -> None:
    bad_type = _bom([{**_model("a", "ranker"), "type": "ml-model"}])
    old = _bom([_model("a", "ranker")], "1.4")
    no_format = json.dumps({"specVersion": "1.6", "components": []}, indent=2)
    make_git_repo(tmp_path, {"a.cdx.json": bad_type, "b.cdx.json": old, "c.cdx.json": no_format,
                             "sbom.spdx.json": json.dumps({"spdxVersion": "SPDX-2.3"}),
                             "bom.json": json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6"})[:-3]})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"AL007", "AL008"})))
    assert sorted((f.rule_id, f.location.path, f.location.line) for f in report.findings) == [
        ("AL007", "bom.json", 1),
        ("AL008", "a.cdx.json", _line(bad_type, '"type": "ml-model"')),
        ("AL008", "b.cdx.json", _line(old, '"specVersion"')),
        ("AL008", "c.cdx.json", 1),
    ]


def test_a_new_finding_on_one_component_leaves_the_others_fingerprints_alone(tmp_path: Path) -> None:
    described = _model("a", "ranker", considerations={"useCases": ["Ranks catalogue items."]})
    before = _bom([described, _model("b", "embedder")])
    after = _bom([_model("a", "ranker"), _model("b", "embedder")])  # the ranker lost its use cases
    make_git_repo(tmp_path / "before", {"bom.json": before})
    make_git_repo(tmp_path / "after", {"bom.json": after})
    only = RunOptions(select=frozenset({"MC101"}))
    old = run(build_inventory([tmp_path / "before"]), RULES, only).findings
    new = run(build_inventory([tmp_path / "after"]), RULES, only).findings
    assert len(old) == 1 and len(new) == 2
    # Counting repeated subjects per file would have renamed the embedder's finding; its pointer keeps it.
    embedder = next(f for f in new if f.location.line == _line(after, '"bom-ref": "b"') - 2)
    assert embedder.fingerprint == old[0].fingerprint
