"""Model Card Toolkit JSON: discovery, the canonical model card with positions, validation by the pinned schemas."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, corpus_dir, make_git_repo

from aims_lint.engine import RunOptions, run
from aims_lint.model import Inventory, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory
from aims_lint.schemas.vendor import VENDOR_DIR, mct_validator, vendor_errors

RULES = load_rules()
FOLDER = CORPUS / "mct"
EXAMPLES = sorted(p.name for p in (FOLDER / "examples").glob("*.json")) if FOLDER.is_dir() else []


@pytest.fixture(scope="module")
def corpus() -> Inventory:
    corpus_dir("mct")
    return build_inventory([FOLDER])


def _line_of(path: Path, needle: str, after: str | None = None) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    start = 0 if after is None else next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_is_a_model_card_without_schema_problems(corpus: Inventory, name: str) -> None:
    rel = f"examples/{name}"
    found = [a for a in corpus.artifacts if a.path == rel]
    assert [(a.kind, a.format) for a in found] == [(Kind.MODEL_CARD, "model-card-toolkit")]
    assert [p for p in corpus.problems if p.location.path == rel] == []


def test_schemas_templates_and_protos_are_not_artifacts(corpus: Inventory) -> None:
    assert {a.path for a in corpus.artifacts} == {f"examples/{name}" for name in EXAMPLES}
    assert not corpus.problems


def test_a_0_0_2_card_maps_field_by_field(corpus: Inventory) -> None:
    rel = "examples/cats_vs_dogs_v0_0_2.json"
    path = FOLDER / rel
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = next(a for a in corpus.artifacts if a.path == rel).fields
    considerations = data["considerations"]
    expected = {
        "name": (data["model_details"]["name"], '"name": "Fine-tuned MobileNetV2'),
        "version": ("v1.0", '"name": "v1.0"'),
        "owner": ("Model Cards Team", '"owners"'),
        "contact": ("model-cards@google.com", '"contact": "model-cards@google.com"'),
        "license": ({"id": "Apache-2.0"}, '"licenses"'),
        "intended_use": ([u["description"] for u in considerations["use_cases"]], '"use_cases"'),
        "users": ([u["description"] for u in considerations["users"]], '"users"'),
        "limitations": ([u["description"] for u in considerations["limitations"]], '"limitations"'),
        "training_data": (["Training Set"], '"name": "Training Set"'),
        "evaluation_data": (["Validation Set"], '"name": "Validation Set"'),
    }
    for name, (value, needle) in expected.items():
        assert fields[name].value == value, name
        # Objects in a list are placed at their opening brace: the name is on the line after it.
        line = fields[name].location.line
        assert line in (_line_of(path, needle), _line_of(path, needle) - 1), name
    metrics = fields["evaluation_metrics"].value
    assert len(metrics) == len(data["quantitative_analysis"]["performance_metrics"])
    assert {"metric": "accuracy", "value": "0.9932885766029358", "slice": "cat", "threshold": "0.5",
            "confidence_interval": {"lower_bound": "0.9832885766", "upper_bound": "1.0032885766"}} in metrics
    assert fields["evaluation_metrics"].location.line == _line_of(path, '"performance_metrics"')
    assert "out_of_scope_use" not in fields and "human_oversight" not in fields


def test_a_0_0_1_card_reads_its_own_shapes(corpus: Inventory) -> None:
    rel = "examples/cats_vs_dogs_v0_0_1.json"
    path = FOLDER / rel
    fields = next(a for a in corpus.artifacts if a.path == rel).fields
    assert fields["license"].value == {"id": "Apache-2.0"}
    assert fields["license"].location.line == _line_of(path, '"license"')
    assert fields["intended_use"].value == ["This model classifies images of cats and dogs."]
    # data.train names nothing: the card says where training data goes but not what it is.
    assert fields["training_data"].value == [] and not fields["training_data"].present
    assert fields["training_data"].location.line == _line_of(path, '"train"')
    # Slices of the metrics are the data the results were measured on.
    assert fields["evaluation_data"].value == ["Dog", "cat"]


def test_metric_slices_are_the_evaluation_data_when_no_dataset_says_so(corpus: Inventory) -> None:
    path = FOLDER / "examples/full.json"
    fields = next(a for a in corpus.artifacts if a.path == "examples/full.json").fields
    assert fields["evaluation_data"].value == ["overall"]
    assert fields["evaluation_data"].location.line == _line_of(path, '"slice": "overall"')
    assert fields["owner"].value == ["name1", "name2"]
    assert fields["training_data"].value == ["data name"]


def test_dataset_links_are_references_for_the_existing_rule(corpus: Inventory) -> None:
    card = next(a for a in corpus.artifacts if a.path == "examples/train_data.json")
    assert [(r.target, r.role, r.location.line) for r in card.references] == [
        ("path/to/train", "dataset", _line_of(FOLDER / "examples/train_data.json", '"link"'))]


# --- pinned schemas ----------------------------------------------------------------------------------------


def test_pinned_0_0_2_schema_is_the_fixed_repository_copy() -> None:
    corpus_dir("mct")
    pinned = (VENDOR_DIR / "mct" / "model_card-0.0.2.schema.json").read_bytes()
    assert pinned == (FOLDER / "schema" / "v0.0.2-repo-head" / "model_card.schema.json").read_bytes()
    released = (FOLDER / "schema" / "v0.0.1" / "model_card.schema.json").read_text(encoding="utf-8")
    fixed = released.replace('"#definitions/graphic"', '"#/definitions/graphic"')
    assert (VENDOR_DIR / "mct" / "model_card-0.0.1.schema.json").read_text(encoding="utf-8") == fixed
    for folder in ("mct", "cyclonedx"):
        assert "Apache License" in (VENDOR_DIR / folder / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("version", ["0.0.1", "0.0.2"])
def test_graphics_validate_without_a_broken_reference(version: str) -> None:
    graphics = {"collection": [{"name": "accuracy", "image": "aGVsbG8="}]}
    card: dict[str, Any] = {"schema_version": version, "model_details": {"name": "m"},
                            "quantitative_analysis": {"graphics": graphics}}
    assert list(vendor_errors(mct_validator(version), card)) == []
    card["quantitative_analysis"]["graphics"]["collection"][0]["name"] = 3
    assert [p for p, _ in vendor_errors(mct_validator(version), card)] == [
        "/quantitative_analysis/graphics/collection/0/name"]


def test_validation_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    from aims_lint.schemas.vendor import _compile, _registry

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    validator = _compile({"$schema": "http://json-schema.org/draft-07/schema#",
                          "properties": {"a": {"$ref": "http://example.org/remote.schema.json"}}}, _registry({}))
    with pytest.raises(Exception) as caught:
        list(validator.iter_errors({"a": 1}))
    causes = []
    error: BaseException | None = caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any("not among the pinned schemas" in str(c) for c in causes)


# --- discovery, structure and the existing rules -------------------------------------------------------------

CARD = {
    "schema_version": "0.0.2",
    "model_details": {
        "name": "ranker",
        "version": {"name": "3.1.0"},
        "owners": [{"name": "Search team", "contact": "search@example.com"}],
        "licenses": [{"identifier": "Apache-2.0"}],
    },
    "model_parameters": {"data": [{"name": "clicks-2024", "link": "../../data/clicks/datasheet.yaml"}]},
    "quantitative_analysis": {"performance_metrics": [{"type": "ndcg@10", "value": "0.41", "slice": "holdout"}]},
    "considerations": {
        "use_cases": [{"description": "Orders search results of the shop's own catalogue."}],
        "users": [{"description": "The search service."}],
        "limitations": [{"description": "Cold-start items rank low."}],
    },
}


def _dump(doc: Any) -> str:
    return json.dumps(doc, indent=2) + "\n"


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_structure_problems_are_findings_at_their_line(tmp_path: Path) -> None:
    wrong = json.loads(json.dumps(CARD))
    wrong["model_details"]["version"] = "3.1.0"
    wrong["owner"] = "Search team"
    unknown = {**CARD, "schema_version": "9.9"}
    texts = {"a/model_card.json": _dump(wrong), "b/model_card.json": _dump(unknown)}
    make_git_repo(tmp_path, texts)
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"AL008"})))
    assert sorted((f.location.path, f.location.line) for f in report.findings) == [
        ("a/model_card.json", _line(texts["a/model_card.json"], '"version": "3.1.0"')),
        ("a/model_card.json", _line(texts["a/model_card.json"], '"owner": "Search team"')),
        ("b/model_card.json", _line(texts["b/model_card.json"], '"schema_version"')),
    ]


def test_discovery_by_name_and_by_content_only(tmp_path: Path) -> None:
    make_git_repo(tmp_path, {
        "a/model_card.json": _dump(CARD),
        "b/card-export.json": _dump(CARD),
        "c/model_card.json": _dump({"accuracy": 0.9}),  # some other tool's file with the same name
        "d/config.json": _dump({"model": {"layers": 4}}),
    })
    inventory = build_inventory([tmp_path])
    assert sorted(a.path for a in inventory.artifacts) == ["a/model_card.json", "b/card-export.json"]
    assert not inventory.problems


def test_existing_model_card_rules_apply_unchanged(tmp_path: Path) -> None:
    text = _dump(CARD)
    make_git_repo(tmp_path, {
        "models/ranker/model_card.json": text,
        "models/ranker/model.onnx": b"\x00",
        "data/clicks/datasheet.yaml": "name: clicks-2024\n",
    })
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"MC1", "GN1", "RP1", "AL"})))
    on_card = sorted((f.rule_id, f.location.line) for f in report.findings
                     if f.location.path == "models/ranker/model_card.json")
    # MCT has no slot for out-of-scope uses or human oversight; everything else the rules ask for is there.
    assert on_card == [("MC102", 1), ("MC112", 1)]
    assert not [f for f in report.findings if f.rule_id == "RP101"]


def test_a_missing_field_says_where_mct_writes_it_or_that_mct_has_no_place_for_it(tmp_path: Path) -> None:
    card = json.loads(json.dumps(CARD))
    del card["considerations"]["use_cases"]
    make_git_repo(tmp_path, {"models/ranker/model_card.json": _dump(card)})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"MC101", "MC102"})))
    messages = {f.rule_id: f.message for f in report.findings}
    assert messages["MC101"] == "model card does not state the intended use: add 'considerations.use_cases'"
    assert messages["MC102"].startswith("model card does not state out-of-scope uses; the model-card-toolkit format "
                                        "has no place for it: state it in a Markdown model card beside this file")
    assert "'waivers'" in messages["MC102"]


def test_a_dataset_link_that_leads_nowhere_is_reported(tmp_path: Path) -> None:
    card = json.loads(json.dumps(CARD))
    card["model_parameters"]["data"][0]["link"] = "../../data/missing/datasheet.yaml"
    text = _dump(card)
    make_git_repo(tmp_path, {"models/ranker/model_card.json": text})
    report = run(build_inventory([tmp_path]), RULES, RunOptions(select=frozenset({"MC109"})))
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("MC109", _line(text, '"link"'))]
