"""Focus mode (files named inside a git work tree, as pre-commit passes them) reports exactly what a whole-repository
run reports on those files, plus every repository-wide finding, while reading only what the rules need."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, CliResult, corpus_dir, git, make_git_repo, write_tree
from governance_repo import BASE, REGISTER
from test_rule_fixtures import FIXTURES, _materialise

from aims_lint.adapters.markdown_card import adapt_markdown
from aims_lint.checks import CHECKS
from aims_lint.engine import RunOptions, active_rules, reads_of, run
from aims_lint.model import Finding, Kind, Report, Rule
from aims_lint.packs import load_rules
from aims_lint.read import NOT_READ, build_focused_inventory, build_inventory, classify_name, focus_request
from aims_lint.read.focus import cheap_readme_kind

sys.path.insert(0, str(PROJECT / "benchmarks"))
from generate_repo import generate

RULES = load_rules()
CORE = tuple(r for r in RULES if r.pack == "core")
DATASET_CARD = "---\nlicense: cc-by-4.0\ntask_categories: [text-classification]\n---\n\n# Dataset Card for X\n"

# Cases that decide whether a README or a card counts, each beside weights unless said otherwise.
EDGE_FILES: dict[str, str | bytes] = {
    "README.md": "# Project\n\nHow to build.\n",
    "models/ds-beside/README.md": DATASET_CARD,
    "models/ds-beside/w.safetensors": b"w",
    "models/plain/README.md": "# Notes\n\nJust text.\n",
    "models/plain/w.bin": b"w",
    "models/escaped/README.md": '---\n"pretty\\u005fname": x\nlicense: mit\n---\n\n# Something\n',
    "models/escaped/w.pt": b"w",
    "models/dstitle/README.md": "---\nlicense: mit\n---\n\n# Dataset Card for clicks\n\nRows.\n",
    "models/dstitle/w.pt": b"w",
    "models/mixed/README.md": "---\nbase_model: x\ntask_categories: [a]\nsize_categories: [b]\n---\n# Model\n",
    "models/mixed/w.onnx": b"w",
    "models/modelkeys/README.md": "---\nlibrary_name: x\npretty_name: y\n---\n\n# Dataset card\n",
    "models/modelkeys/w.onnx": b"w",
    "models/broken/model_card.yaml": "name: [unclosed\n",
    "models/broken/w.h5": b"w",
    "models/badbytes/MODEL_CARD.md": b"# Model\n\xc3\x28 not UTF-8\n",
    "models/badbytes/w.h5": b"w",
    "models/unterminated/README.md": "---\nlicense: mit\n# never closed\n",
    "models/unterminated/w.gguf": b"w",
    "models/nested/README.md": "---\nlicense: mit\ntags: [x]\n---\n\n# Family\n",
    "models/nested/v1/weights/model.pt": b"w",
    "models/nested2/README.md": "# Family notes\n",
    "models/nested2/sub/model.onnx": b"w",
    "models/refs/model_card.yaml": (
        "name: refs\nversion: 1\nowner: t\ncontact: t@example.com\nlicense: mit\nintended_use: Ranking.\n"
        "training_data:\n  - dataset: ../../data/ds-1/datasheet.yaml\n  - dataset: data/ds-2\n"
        "  - dataset: ds-5\n  - dataset: churn-events\n  - dataset: hf:org/x\n  - dataset: ../../datasets/hf-3\n"
        "  - dataset: nowhere\n"
    ),
    "data/custom/datasheet.yaml": "name: churn-events\nversion: 1\n",
    # Folders and paths only, so nothing but what they name is read.
    "models/dirref/model_card.yaml": (
        "name: d\ntraining_data:\n  - dataset: ../../data/ds-2\n  - dataset: ../../datasets/hf-3/\n"
        "  - dataset: /data/ds-6/datasheet.yaml\n"
    ),
    "models/dirref/w.pt": b"w",
    "models/refs/w.pt": b"w",
    "models/hubref/README.md": "---\nlicense: mit\ndatasets: [imdb, ./missing.yaml]\n---\n\n# Model\n",
    "models/hubref/w.pt": b"w",
}


def _key(findings: Iterable[Finding]) -> list[tuple[str, str, int, int, str, str]]:
    return sorted((f.rule_id, f.location.path, f.location.line, f.location.column, f.message, f.fingerprint)
                  for f in findings)


def _repository_wide(rules: Iterable[Rule]) -> set[str]:
    return {r.id for r in rules if CHECKS[r.check].reports_repository}


def _focused(paths: list[str], rules: tuple[Rule, ...]) -> Report:
    request = focus_request(paths)
    assert request is not None
    options = RunOptions(select=frozenset(r.id for r in rules))
    inventory, focus = build_focused_inventory(request, reads=reads_of(active_rules(RULES, options)))
    return run(inventory, RULES, RunOptions(select=options.select, only_paths=focus))


def _assert_focus_matches_whole(root: Path, rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch) -> int:
    """For every file discovery classifies, focus mode on it equals the whole run filtered; returns the count."""
    monkeypatch.chdir(root)
    whole = run(build_inventory([root]), RULES, RunOptions(select=frozenset(r.id for r in rules)))
    wide = _repository_wide(rules)
    named = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                   if ".git" not in p.parts and (p.is_file() or p.is_symlink())
                   and classify_name(p.relative_to(root).as_posix()) is not None)
    for rel in named:
        if not (root / rel).is_file():
            continue  # a dangling link cannot be named on the command line
        expected = [f for f in whole.findings if f.location.path == rel or f.rule_id in wide]
        assert _key(_focused([rel], rules).findings) == _key(expected), rel
    return len(named)


@pytest.fixture(scope="module")
def edge_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("focus") / "repo"
    generate(root, artifacts=24, files=60)
    write_tree(root, EDGE_FILES)
    (root / "models/link").mkdir(parents=True)
    os.symlink("../../README.md", root / "models/link/README.md")
    (root / "models/link/w.pt").write_bytes(b"w")
    (root / "models/outside").mkdir(parents=True)
    os.symlink("/etc/hostname", root / "models/outside/MODEL_CARD.md")
    (root / "models/outside/w.pt").write_bytes(b"w")
    # JSON model cards, by name and by their first bytes only, beside weights; plain JSON that is none.
    bom = (FIXTURES / "AL007" / "pass" / "models" / "ranker" / "model.cdx.json").read_bytes()
    write_tree(root, {"models/cdx/model.cdx.json": bom, "models/cdx/w.onnx": b"w",
                      "models/sniffed/export.json": bom, "models/sniffed/w.onnx": b"w",
                      "models/plainjson/config.json": b'{"lr": 0.1}', "models/plainjson/w.onnx": b"w",
                      "models/linkedjson/w.onnx": b"w",
                      # Over the size limit: not read, so not a card.
                      "models/huge/README.md": "---\nlicense: mit\n---\n" + "x" * (5 * 1024 * 1024),
                      "models/huge/w.pt": b"w"})
    os.symlink("../sniffed/export.json", root / "models/linkedjson/export.json")
    return make_git_repo(root, {})


@pytest.mark.parametrize("rules", [CORE, RULES], ids=["core-pack", "all-packs"])
def test_focus_equals_whole_run_filtered(edge_repo: Path, rules: tuple[Rule, ...],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert _assert_focus_matches_whole(edge_repo, rules, monkeypatch) > 60


def test_edge_repo_exercises_what_it_claims(edge_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edge cases above really decide RP101 both ways, so the equality test is not vacuous."""
    monkeypatch.chdir(edge_repo)
    whole = run(build_inventory([edge_repo]), RULES, RunOptions(select=frozenset({"RP101"})))
    flagged = {f.location.path.rsplit("/", 1)[0] for f in whole.findings}
    assert {"models/ds-beside", "models/escaped", "models/dstitle", "models/mixed", "models/badbytes",
            "models/nested2/sub", "models/outside"} <= flagged
    assert {"models/plainjson", "models/huge"} <= flagged
    assert not flagged & {"models/plain", "models/broken", "models/unterminated", "models/nested/v1/weights",
                          "models/modelkeys", "models/link", "models/refs", "models/cdx", "models/sniffed",
                          "models/linkedjson"}
    # Of the names in models/refs, only 'nowhere' resolves to nothing; the bare names resolve by record name.
    refs = run(build_inventory([edge_repo]), RULES, RunOptions(select=frozenset({"MC109"})))
    assert [f.location.line for f in refs.findings if f.location.path == "models/refs/model_card.yaml"] == [14]


def test_focus_reads_little_of_a_large_repository(edge_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the core rules, one card is read in full and the others only as far as their kind."""
    monkeypatch.chdir(edge_repo)
    request = focus_request(["models/plain/README.md"])
    assert request is not None
    inventory, focus = build_focused_inventory(request, reads=reads_of(CORE))
    whole = build_inventory([edge_repo])
    full = [a for a in inventory.artifacts if a.kind is not Kind.WEIGHTS and a.format != NOT_READ]
    # JSON in another tool's format is adapted to learn its kind; everything else is not read in full.
    assert [a.path for a in full if not a.path.endswith(".json")] == ["models/plain/README.md"]
    assert len(whole.artifacts) > len(full) + 20
    assert focus == {"models/plain/README.md"}


def test_references_are_read_when_named(edge_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(edge_repo)
    request = focus_request(["models/refs/model_card.yaml"])
    assert request is not None
    inventory, _ = build_focused_inventory(request, reads=reads_of(CORE))
    read = {a.path for a in inventory.artifacts if a.format != NOT_READ}
    # A bare name ('ds-5') can match any record's name, so every possible record is read.
    assert {"data/ds-1/datasheet.yaml", "data/ds-2/datasheet.yaml", "datasets/hf-3/README.md",
            "data/custom/datasheet.yaml"} <= read


def test_several_files_and_a_subfolder(edge_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(edge_repo)
    whole = run(build_inventory([edge_repo]), RULES, RunOptions())
    chosen = ["models/refs/model_card.yaml", "models/plain/README.md", "models/ds-beside/w.safetensors"]
    wide = _repository_wide(RULES)
    expected = [f for f in whole.findings if f.location.path in chosen or f.rule_id in wide]
    assert _key(_focused(chosen, RULES).findings) == _key(expected)
    # From a subfolder, the names are relative to it but the report speaks from the work tree's top.
    monkeypatch.chdir(edge_repo / "models")
    assert _key(_focused(["refs/model_card.yaml", "plain/README.md", "ds-beside/w.safetensors"], RULES).findings) \
        == _key(expected)


@pytest.mark.parametrize("rule_id", sorted(p.name for p in FIXTURES.iterdir() if (p / "fail").is_dir()))
def test_focus_on_each_failing_fixture(rule_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (FIXTURES / rule_id / "fail").is_dir():
        pytest.skip(f"{rule_id} has no failing fixture any more")
    tree = _materialise(FIXTURES / rule_id / "fail", tmp_path / "fail")
    make_git_repo(tree, {})
    _assert_focus_matches_whole(tree, RULES, monkeypatch)


def test_not_focus_outside_git_or_with_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "plain", {"m/README.md": "# Model card\n", "m/w.pt": "w"})
    monkeypatch.chdir(tmp_path / "plain")
    assert focus_request(["m/README.md"]) is None
    repo = make_git_repo(tmp_path / "repo", {"m/README.md": "# Model card\n"})
    monkeypatch.chdir(repo)
    assert focus_request(["m"]) is None
    assert focus_request(["m/README.md", "m"]) is None
    other = make_git_repo(tmp_path / "other", {"README.md": "# Model card\n"})
    assert focus_request(["m/README.md", str(other / "README.md")]) is None
    request = focus_request(["m/README.md"])
    assert request is not None and request.root == repo.resolve()


def _readmes() -> list[Path]:
    found = sorted(corpus_dir().rglob("*.md"))
    assert len(found) > 50
    return found


@pytest.mark.parametrize("beside_weights", [True, False])
def test_readme_kind_agrees_with_the_adapter(beside_weights: bool) -> None:
    """The cheap kind decision must be the adapter's, on every Markdown file of the corpus and the edge cases."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in _readmes()]
    texts += [t for t in EDGE_FILES.values() if isinstance(t, str)]
    texts += ["", "---\n---\n", "---\n- a\n- b\n---\n# Model card\n", "---\na: 1\na: 2\n---\n",
              "---\nkey: [\n---\n# Title\n", "---\npretty_name: x\n---\n", "---\n&a x: *a\n---\n",
              # Dataset titles with and without model keys, plain or escaped, that the shortcuts must not misjudge.
              "---\nlicense: mit\n---\n# Dataset Card for x\n",
              "---\nlibrary_name: t\ntask_categories: [a]\n---\n# Dataset Card for x\n",
              "---\nlibrary_name: t\n---\n# Dataset Card for x\n",
              '---\n"library\\u005fname": t\n---\n# Dataset Card for x\n',
              "---\nnote: library_name is not a key here\n---\n# Datasheet\n"]
    disagreements = []
    for text in texts:
        adapted = adapt_markdown("README.md", text, kind_hint=None, beside_weights=beside_weights, readme=True)
        expected = adapted.artifact.kind if adapted.artifact is not None else None
        if cheap_readme_kind(text, beside_weights=beside_weights) is not expected:
            disagreements.append(text[:80])
    assert not disagreements


def test_cli_reports_the_named_file_and_repository_problems(tmp_path: Path, run_cli: object) -> None:
    repo = make_git_repo(tmp_path / "repo", {
        "models/a/README.md": "---\nlicense: not-a-licence\n---\n# Model card\n",
        "models/b/README.md": "---\nlicense: also-bad\n---\n# Model card\n",
        "legacy/model.pt": "w",
    })
    result: CliResult = run_cli("check", "models/a/README.md", "--format", "json", cwd=repo)  # type: ignore[operator]
    assert result.exit_code == 1
    import json

    report = json.loads(result.stdout)
    paths = {f["path"] for f in report["findings"]}
    assert paths == {"models/a/README.md", "legacy/model.pt"}
    assert {f["rule"] for f in report["findings"] if f["path"] == "legacy/model.pt"} == {"RP101"}
    assert report["summary"]["files_scanned"] == 1
    assert [a["path"] for a in report["artifacts"]] == ["models/a/README.md"]
    # Staged but not yet committed files are seen too, as during a commit.
    write_tree(repo, {"models/c/README.md": "---\nlicense: mit\n---\n# Model card\n"})
    git(repo, "add", "models/c/README.md")
    again: CliResult = run_cli("check", "models/c/README.md", "--format", "json", cwd=repo)  # type: ignore[operator]
    assert {f["path"] for f in json.loads(again.stdout)["findings"]} >= {"models/c/README.md", "legacy/model.pt"}
    # --files-only reads the named file alone, as outside a work tree: no repository-wide findings.
    alone: CliResult = run_cli("check", "models/a/README.md", "--files-only", "-f", "json", cwd=repo)  # type: ignore[operator]
    assert {f["path"] for f in json.loads(alone.stdout)["findings"]} == {"models/a/README.md"}
    assert json.loads(alone.stdout)["summary"]["files_scanned"] == 1


# Narrower declarations for the governance checks that compare documents: focus mode must stay exact with them.
NARROW_READS: dict[str, Any] = {
    "governance_present": frozenset({"model_cards", "governance"}),
    "models_in_inventory": frozenset({"model_cards", "governance"}),
    "model_covered": frozenset({"model_cards", "governance"}),
    "ids_known": "governance",
    "soa_covers_treatments": "governance",
    "system_known": "repository_with_governance",
    "third_party_suppliers": "repository_with_governance",
}


@pytest.fixture
def narrow_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, reads in NARROW_READS.items():
        if name in CHECKS:
            monkeypatch.setitem(CHECKS, name, dataclasses.replace(CHECKS[name], reads=reads))  # type: ignore[arg-type]


def test_narrow_governance_reads_skip_the_full_load(edge_repo: Path, narrow_reads: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(edge_repo)
    reads = reads_of(RULES)
    assert "repository" not in reads
    request = focus_request(["models/plain/README.md"])
    assert request is not None
    inventory, _ = build_focused_inventory(request, reads=reads)
    full = [a for a in inventory.artifacts if a.kind is not Kind.WEIGHTS and a.format != NOT_READ]
    assert len(full) < 10


def test_focus_equals_whole_run_with_narrow_reads(edge_repo: Path, narrow_reads: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert _assert_focus_matches_whole(edge_repo, RULES, monkeypatch) > 60


GOVERNED_VARIANTS: dict[str, dict[str, str | None]] = {
    "complete": {},
    "bad-card": {"models/sentiment/README.md": "---\nlicense: mit\nbase_model: x/y\ndatasets: [z]\n---\n# M\n"},
    "no-inventory": {"ai-inventory.yaml": None},
    "no-register": {"risk/register.yaml": None, "models/extra/model_card.yaml": "name: extra\n"},
    "unlisted-model": {"models/extra/README.md": "---\nlicense: mit\n---\n# Model card\n", "models/extra/w.pt": "w"},
    # A hub-style dataset name that is in fact a record of this repository is not a third-party supplier.
    "local-dataset": {
        "models/sentiment/README.md": "---\nlicense: apache-2.0\nbase_model: bert-base-uncased\n"
                                      "datasets: [imdb, reviews-local]\n---\n\n# sentiment\n",
        "data/reviews-local/datasheet.yaml": "name: reviews-local\nversion: 1\n",
    },
    # A register entry may name a model by the name its card gives, not its folder.
    "card-name": {
        "models/churn/model_card.yaml": "name: churn-predictor\nversion: 1\n",
        "risk/register.yaml": REGISTER.replace("ai_system: sentiment", "ai_system: churn-predictor"),
    },
}


@pytest.mark.parametrize("variant", sorted(GOVERNED_VARIANTS))
@pytest.mark.parametrize("narrow", [False, True], ids=["declared", "narrow"])
def test_focus_equals_whole_run_in_governed_repositories(variant: str, narrow: bool, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         request: pytest.FixtureRequest) -> None:
    if narrow:
        request.getfixturevalue("narrow_reads")
    files = {**BASE}
    for rel, text in GOVERNED_VARIANTS[variant].items():
        if text is None:
            files.pop(rel)
        else:
            files[rel] = text
    repo = make_git_repo(tmp_path / "repo", files)
    assert _assert_focus_matches_whole(repo, RULES, monkeypatch) >= 8


@pytest.mark.parametrize("rule_id", sorted(p.name for p in FIXTURES.iterdir() if (p / "fail").is_dir()))
def test_focus_on_each_failing_fixture_with_narrow_reads(rule_id: str, tmp_path: Path, narrow_reads: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if not (FIXTURES / rule_id / "fail").is_dir():
        pytest.skip(f"{rule_id} has no failing fixture any more")
    tree = _materialise(FIXTURES / rule_id / "fail", tmp_path / "fail")
    make_git_repo(tree, {})
    _assert_focus_matches_whole(tree, RULES, monkeypatch)
