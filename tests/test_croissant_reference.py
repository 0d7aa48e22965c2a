"""Croissant against the reference validator: on every Croissant file of the corpus, on variants of them made
here, and on the rule fixtures, the Croissant rules (AL008 and CR101 to CR111) reject a file exactly when
mlcroissant does. mlcroissant runs offline: it validates the JSON-LD given to it as an object (never a path or
URL it could fetch), builds no data, and any attempt to open a network connection fails the test."""

from __future__ import annotations

import copy
import json
import socket
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, corpus_dir, write_tree

from aims_lint.engine import RunOptions, run
from aims_lint.model import Severity
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory

mlc = pytest.importorskip("mlcroissant", reason="mlcroissant (the test extra) is not installed")

RULES = load_rules()
STRUCTURE = RunOptions(select=frozenset({"CR1", "AL008"}))
FOLDER = CORPUS / "croissant"
CORPUS_FILES = sorted(p.relative_to(FOLDER).as_posix() for p in FOLDER.rglob("*.json")) if FOLDER.is_dir() else []
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
FIXTURE_FILES = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.glob("*/*/data/*/croissant.json"))


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """No connection can be opened while a test runs; each attempt is recorded and fails the test."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("the network is not used in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], "mlcroissant tried to reach the network"


def reference_errors(document: Any) -> str | None:
    """What mlcroissant rejects the document for, or None when it accepts it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the validator's own deprecation warnings (rdflib) are no verdict
            mlc.Dataset(jsonld=copy.deepcopy(document))
    except Exception as exc:  # the validator reports errors as ValidationError, and some defects as crashes
        return f"{type(exc).__name__}: {exc}"
    return None


def our_errors(document: Any, tmp_path: Path) -> list[str]:
    """The error findings of the Croissant rules on the document, read as a file named croissant.json."""
    root = write_tree(tmp_path, {"croissant.json": json.dumps(document, indent=2)})
    report = run(build_inventory([root]), RULES, STRUCTURE)
    return [f"{f.rule_id} line {f.location.line}: {f.message}" for f in report.findings
            if f.severity >= Severity.ERROR]


def disagreement(label: str, document: Any, tmp_path: Path) -> str | None:
    theirs, ours = reference_errors(document), our_errors(document, tmp_path)
    if (theirs is None) == (not ours):
        return None
    return f"{label}: mlcroissant {'accepts' if theirs is None else 'rejects: ' + theirs[:300]}; aims-lint " \
           f"{'accepts' if not ours else 'rejects: ' + '; '.join(ours)}"


def test_the_corpus_has_croissant_files_of_every_version() -> None:
    corpus_dir("croissant")
    versions = {rel.split("/")[0] for rel in CORPUS_FILES} | {rel.split("/")[1] for rel in CORPUS_FILES
                                                               if rel.startswith("invalid/")}
    assert {"0.8", "1.0", "1.1"} <= versions
    assert len(CORPUS_FILES) >= 45


def test_every_corpus_file_gets_the_reference_verdict(tmp_path: Path) -> None:
    corpus_dir("croissant")
    found = [disagreement(rel, json.loads((FOLDER / rel).read_text(encoding="utf-8")), tmp_path / str(i))
             for i, rel in enumerate(CORPUS_FILES)]
    assert [d for d in found if d] == []
    # Both kinds are there: the reference accepts the published examples and rejects its invalid ones.
    assert sum(rel.startswith("invalid/") for rel in CORPUS_FILES) >= 10


# --- variants of the corpus files: each one change the reference validator has an opinion on ------------------


def _fields(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for record_set in document.get("recordSet") or []:
        yield from record_set.get("field") or []


def _first(items: Iterator[dict[str, Any]], key: str) -> dict[str, Any] | None:
    return next((item for item in items if key in item), None)


def drop_dataset_name(doc: dict[str, Any]) -> bool:
    """0.8 names every node; from 1.0 on a dataset without a name is accepted."""
    return doc.pop("name", None) is not None


def drop_field_name(doc: dict[str, Any]) -> bool:
    field = _first(_fields(doc), "name")
    return field is not None and field.pop("name") is not None


def drop_record_set_name(doc: dict[str, Any]) -> bool:
    record_set = _first(iter(doc.get("recordSet") or []), "name")
    return record_set is not None and record_set.pop("name") is not None


def forbidden_field_name(doc: dict[str, Any]) -> bool:
    field = _first(_fields(doc), "name")
    if field is None:
        return False
    field["name"] = "age in years!"
    return True


def drop_references(doc: dict[str, Any]) -> bool:
    """A record set reading two files or record sets without a join."""
    dropped = [field.pop("references") for field in _fields(doc) if "references" in field]
    return bool(dropped)


def references_nowhere(doc: dict[str, Any]) -> bool:
    field = _first(_fields(doc), "references")
    if field is None:
        return False
    old = field["references"].get("field")
    field["references"] = {"field": "nowhere/nothing" if isinstance(old, str) else {"@id": "nowhere/nothing"}}
    return True


def drop_file_id(doc: dict[str, Any]) -> bool:
    """From 1.0 on nodes are referred to by @id: a file without one cannot be read from."""
    item = _first(iter(doc.get("distribution") or []), "@id")
    return item is not None and item.pop("@id") is not None


def duplicate_file_id(doc: dict[str, Any]) -> bool:
    files = [item for item in doc.get("distribution") or [] if "@id" in item]
    if len(files) < 2:
        return False
    files[1]["@id"] = files[0]["@id"]
    return True


def drop_checksums(doc: dict[str, Any]) -> bool:
    dropped = [item.pop(key) for item in doc.get("distribution") or [] for key in ("sha256", "md5")
               if key in item and "containedIn" not in item]
    return bool(dropped)


VARIANTS: tuple[Callable[[dict[str, Any]], bool], ...] = (
    drop_dataset_name, drop_field_name, drop_record_set_name, forbidden_field_name, drop_references,
    references_nowhere, drop_file_id, duplicate_file_id, drop_checksums,
)
VALID = [rel for rel in CORPUS_FILES if not rel.startswith("invalid/")]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.__name__)
def test_variants_of_the_corpus_get_the_reference_verdict(variant: Callable[[dict[str, Any]], bool],
                                                          tmp_path: Path) -> None:
    corpus_dir("croissant")
    found, changed = [], 0
    for i, rel in enumerate(VALID):
        document = json.loads((FOLDER / rel).read_text(encoding="utf-8"))
        if variant(document):
            changed += 1
            found.append(disagreement(f"{rel} ({variant.__name__})", document, tmp_path / str(i)))
    assert changed >= 2, "a variant must change more than one real file"
    assert [d for d in found if d] == []


def test_both_verdicts_occur_among_the_variants(tmp_path: Path) -> None:
    """The variants are not all rejected: a 1.0 dataset without a name passes, a 0.8 one does not."""
    corpus_dir("croissant")
    verdicts = {}
    for rel in ("0.8/titanic.metadata.json", "1.0/credit-g.metadata.json"):
        document = json.loads((FOLDER / rel).read_text(encoding="utf-8"))
        assert drop_dataset_name(document)
        verdicts[rel] = (reference_errors(document) is None, our_errors(document, tmp_path / rel.split("/")[0]))
    assert verdicts["1.0/credit-g.metadata.json"] == (True, [])
    accepted, ours = verdicts["0.8/titanic.metadata.json"]
    assert not accepted and [e.split(" ")[0] for e in ours] == ["CR102"]


@pytest.mark.parametrize("rel", FIXTURE_FILES)
def test_every_rule_fixture_gets_the_reference_verdict(rel: str, tmp_path: Path) -> None:
    """A pass fixture of a Croissant rule is a file the reference accepts, a fail fixture one it rejects."""
    document = json.loads((FIXTURES / rel).read_text(encoding="utf-8"))
    assert disagreement(rel, document, tmp_path) is None
    accepted = reference_errors(document) is None
    assert accepted == (rel.split("/")[1] == "pass"), rel
