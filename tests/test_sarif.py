"""SARIF for GitHub code scanning: the official 2.1.0 schema, the Microsoft SARIF Multitool with GitHub's rules,
the rule metadata GitHub shows, the ISO/IEC 42001 taxonomy, result locations and line-independent fingerprints.

The Multitool (npm package @microsoft/sarif-multitool 5.7.0) is found through the environment variable
AIMS_LINT_SARIF_MULTITOOL (the path of the platform binary `Sarif.Multitool`), else as
@microsoft/sarif-multitool-<platform>/Sarif.Multitool under node_modules/, .ci/node_modules/ or
.ci/tools/node_modules/ of this checkout; without it those tests skip and say so. The binary is called
directly: the npm wrapper passes its arguments through a shell, which splits "Sarif;Gh".
With AIMS_LINT_REQUIRE_TOOLS=1 (as .ci/run sets it) a missing validator or schema fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import CORPUS, PROJECT, corpus_dir, make_git_repo, missing_tool, write_tree

from aims_lint.catalog import catalog
from aims_lint.packs import load_rules

RULES = {r.id: r for r in load_rules()}
LEVELS = {"error", "warning", "note"}
_SCRIPT = Path(sys.executable).with_name("aims-lint")
AIMS_LINT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-P", "-m", "aims_lint"]


def multitool() -> Path:
    """The SARIF Multitool binary, or skip with the reason."""
    candidates = []
    configured = os.environ.get("AIMS_LINT_SARIF_MULTITOOL")
    if configured:
        candidates.append(Path(configured))
    for prefix in (PROJECT, PROJECT / ".ci", PROJECT / ".ci" / "tools"):
        # npm installs the binary of this platform: sarif-multitool-linux, -darwin, ...
        scope = prefix / "node_modules" / "@microsoft"
        candidates += sorted(scope.glob("sarif-multitool-*/Sarif.Multitool")) or [
            scope / "sarif-multitool-linux" / "Sarif.Multitool"
        ]
    for path in candidates:
        if path.is_file():
            if not os.access(path, os.X_OK):
                path.chmod(path.stat().st_mode | stat.S_IXUSR)  # npm unpacks it without the execute bit
            return path
    missing_tool(
        "SARIF Multitool not found: set AIMS_LINT_SARIF_MULTITOOL to the Sarif.Multitool binary of "
        "'npm install @microsoft/sarif-multitool@5.7.0' (looked in: " + ", ".join(map(str, candidates)) + ")"
    )
    raise AssertionError("unreachable")  # missing_tool skips or fails


def multitool_errors(inputs: Sequence[Path], out: Path) -> list[dict[str, Any]]:
    """The results at level error of the SARIF Multitool, with GitHub's rules, on the SARIF files inputs."""
    # The validator looks up the schema and help URIs online; offline, each lookup would wait for the
    # resolver's full timeout, so the wait is shortened (this affects no result).
    env = {**os.environ, "RES_OPTIONS": "timeout:1 attempts:1"}
    proc = subprocess.run([str(multitool()), "validate", "--rule-kind", "Sarif;Gh", "-o", str(out), *map(str, inputs)],
                          capture_output=True, text=True, timeout=600, check=False, env=env)
    assert out.is_file(), proc.stdout + proc.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    return [r for r in results if r.get("level", "warning") == "error"]


def multitool_accepts(sarif: Path, tmp_path: Path) -> None:
    """The Microsoft SARIF Multitool with GitHub's rules reports no error on the file."""
    errors = [f"{r['ruleId']}: {r['message']}" for r in multitool_errors([sarif], tmp_path / "validation.sarif")]
    assert errors == []


def sarif_schema() -> dict[str, Any]:
    path = corpus_dir("sarif") / "sarif-schema-2.1.0.json"
    if not path.is_file():
        missing_tool(f"official SARIF 2.1.0 schema not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def check_sarif(root: Path, out: Path) -> dict[str, Any]:
    proc = subprocess.run([*AIMS_LINT, "check", ".", "--format", "sarif", "--output", str(out), "--fail-on", "never"],
                          cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def examples_sarif(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("examples") / "repo"
    shutil.copytree(PROJECT / "examples", root)
    make_git_repo(root, {})
    out = root.parent / "examples.sarif"
    return root, out, check_sarif(root, out)


@pytest.fixture(scope="module")
def corpus_sarif(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """Every corpus card as a README in a repository, with weights with and without cards, odd names, bad files."""
    corpus_dir("hf_model_cards")
    root = tmp_path_factory.mktemp("corpus") / "repo"
    for card_set in ("hf_model_cards", "hf_dataset_cards"):
        for path in sorted((CORPUS / card_set).rglob("*")):
            if path.is_file():
                rel = path.relative_to(CORPUS).as_posix()
                rel = rel if rel.endswith("/README.md") else rel.removesuffix(".md") + "/README.md"
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, root / rel)
    write_tree(
        root,
        {
            "hf_model_cards/top_orgs/openai__whisper-large-v3/model.safetensors": b"\0",
            "weights only/model v2/pytorch_model.bin": b"\0",
            "modèles/été/MODEL_CARD.md": "# Model Card for été\n\n## Uses\n\nTranslates.\n",
            "data/latin1/DATASHEET.md": "# Dataset Card\n\nM\xfcnchen\n".encode("latin-1"),
            "data/broken/datasheet.yaml": "name: [unclosed\n",
        },
    )
    make_git_repo(root, {})
    out = root.parent / "corpus.sarif"
    return root, out, check_sarif(root, out)


def _run(log: dict[str, Any]) -> dict[str, Any]:
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    return log["runs"][0]  # type: ignore[no-any-return]


# --- the official schema -----------------------------------------------------------------------------------------


def test_the_schema_check_can_fail() -> None:
    import jsonschema

    validator = jsonschema.Draft4Validator(sarif_schema())
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                                                  "results": [{"level": "fatal"}]}]})


@pytest.mark.parametrize("which", ["examples_sarif", "corpus_sarif"])
def test_sarif_validates_against_the_official_schema(which: str, request: pytest.FixtureRequest) -> None:
    import jsonschema

    _, _, log = request.getfixturevalue(which)
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert _run(log)["results"], "the check should have findings to validate"


# --- the Microsoft SARIF Multitool with GitHub's rules -------------------------------------------------------


def test_multitool_with_github_rules_reports_no_errors(
    examples_sarif: tuple[Path, Path, dict[str, Any]],
    corpus_sarif: tuple[Path, Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    multitool()  # skips (fails in CI) before any work when the validator is missing
    # A deliberately broken copy proves the validator applies GitHub's rules: it must be reported.
    broken = json.loads(examples_sarif[1].read_text(encoding="utf-8"))
    del broken["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]
    broken_path = tmp_path / "broken.sarif"
    broken_path.write_text(json.dumps(broken), encoding="utf-8")
    inputs = [examples_sarif[1], corpus_sarif[1], broken_path]
    by_file: dict[str, list[str]] = {}
    for result in multitool_errors(inputs, tmp_path / "validation.sarif"):
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_file.setdefault(Path(unquote(uri)).name, []).append(f"{result['ruleId']}: {result['message']}")
    assert by_file.pop("broken.sarif", None), "the broken copy must fail GitHub's rules (GH2012)"
    assert by_file == {}


# --- what GitHub shows: rules, taxonomy, results ------------------------------------------------------------


@pytest.mark.parametrize("which", ["examples_sarif", "corpus_sarif"])
def test_rule_metadata(which: str, request: pytest.FixtureRequest) -> None:
    _, _, log = request.getfixturevalue(which)
    driver = _run(log)["tool"]["driver"]
    assert driver["name"] == "aims-lint"
    descriptors = driver["rules"]
    assert [d["id"] for d in descriptors] == sorted(RULES)
    for descriptor in descriptors:
        rule = RULES[descriptor["id"]]
        assert descriptor["name"] == rule.name
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(descriptor[key]["text"]) <= 1024, (rule.id, key)
        assert descriptor["help"]["text"].strip() and descriptor["help"]["markdown"].strip()
        assert descriptor["helpUri"].startswith("https://") and rule.id.lower() in descriptor["helpUri"]
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.label
        tags = descriptor["properties"]["tags"]
        assert 0 < len(tags) <= 10 and len(set(tags)) == len(tags), rule.id
        assert descriptor["properties"]["iso42001"] == {
            "clauses": list(rule.iso.clauses), "controls": list(rule.iso.controls), "guidance": list(rule.iso.guidance)
        }


@pytest.mark.parametrize("which", ["examples_sarif", "corpus_sarif"])
def test_iso_taxonomy_and_relationships(which: str, request: pytest.FixtureRequest) -> None:
    _, _, log = request.getfixturevalue(which)
    run = _run(log)
    taxonomies = run["taxonomies"]
    assert [t["name"] for t in run["tool"]["driver"]["supportedTaxonomies"]] == [t["name"] for t in taxonomies]
    known = catalog()
    for taxonomy in taxonomies:
        ids = [taxon["id"] for taxon in taxonomy["taxa"]]
        assert len(ids) == len(set(ids))
        for taxon in taxonomy["taxa"]:
            assert taxon["name"] == known.title(taxon["id"])
    for descriptor in run["tool"]["driver"]["rules"]:
        targets = []
        for relationship in descriptor["relationships"]:
            target = relationship["target"]
            component = target["toolComponent"]
            taxonomy = taxonomies[component["index"]]
            assert taxonomy["name"] == component["name"]
            assert taxonomy["taxa"][target["index"]]["id"] == target["id"]
            targets.append(target["id"])
        assert targets == list(RULES[descriptor["id"]].iso.all_ids())


@pytest.mark.parametrize("which", ["examples_sarif", "corpus_sarif"])
def test_results_point_at_files_that_exist(which: str, request: pytest.FixtureRequest) -> None:
    root, _, log = request.getfixturevalue(which)
    run = _run(log)
    rules = run["tool"]["driver"]["rules"]
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    fingerprints = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in LEVELS
        assert result["level"] == RULES[result["ruleId"]].severity.label
        assert result["message"]["text"].strip()
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        uri = artifact["uri"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not uri.startswith("/") and ":" not in uri.split("/")[0] and ".." not in uri.split("/")
        path = root / unquote(uri)
        assert path.is_file(), uri  # a finding about something missing points at the card or a weights file
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        lines = max(1, len(path.read_bytes().splitlines()))
        assert region["startLine"] <= lines + 1, (uri, region)
        fingerprints.append(result["partialFingerprints"]["primaryLocationLineHash"])
    assert len(fingerprints) == len(set(fingerprints)), "each result has its own fingerprint"


def test_odd_paths_are_valid_uri_references(corpus_sarif: tuple[Path, Path, dict[str, Any]]) -> None:
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in _run(corpus_sarif[2])["results"]}
    assert "weights%20only/model%20v2/pytorch_model.bin" in uris
    assert "mod%C3%A8les/%C3%A9t%C3%A9/MODEL_CARD.md" in uris
    assert not [u for u in uris if " " in u or not u.isascii()]


def test_sarif_and_json_report_the_same_findings(
    examples_sarif: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, _, log = examples_sarif
    proc = subprocess.run([*AIMS_LINT, "check", ".", "-f", "json", "-o", str(tmp_path / "r.json")],
                          cwd=root, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    from_json = [(f["rule"], f["path"], f["line"], f["column"], f["message"], f["fingerprint"]) for f in findings]
    from_sarif = [
        (
            r["ruleId"],
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["message"]["text"],
            r["partialFingerprints"]["primaryLocationLineHash"],
        )
        for r in _run(log)["results"]
    ]
    assert from_sarif == from_json


# --- fingerprints survive moved lines -----------------------------------------------------------------------

YAML_CARD = """name: churn-model
version: "2.1"
owner: data-science@example.com
intended_use: Flags customers likely to cancel, for the retention team.
license: apache-2.0
intended_usage: a misspelt key
limitations: TBD
"""

MARKDOWN_CARD = """---
library_name: scikit-learn
license: mit
---
# Model Card for ranker

## Uses

### Direct Use

Ranks search results for the shop.

### Out-of-Scope Use

[More Information Needed]

## Bias, Risks, and Limitations

{{ bias_risks_limitations | default("[More Information Needed]", true) }}
"""


def _fingerprinted(log: dict[str, Any]) -> dict[str, tuple[str, str, int]]:
    found = {}
    for result in _run(log)["results"]:
        location = result["locations"][0]["physicalLocation"]
        found[result["partialFingerprints"]["primaryLocationLineHash"]] = (
            result["ruleId"], location["artifactLocation"]["uri"], location["region"]["startLine"]
        )
    return found


@pytest.mark.parametrize(
    ("path", "text", "shift"),
    [
        ("models/churn/model_card.yaml", YAML_CARD, lambda t: "\n\n# Reviewed quarterly.\n\n" + t),
        ("models/ranker/README.md", MARKDOWN_CARD,
         lambda t: t.replace("# Model Card for ranker\n", "# Model Card for ranker\n\nA ranking model.\n\n"
                             "It was trained in 2024.\n\n")),
    ],
    ids=["yaml-blank-lines-on-top", "markdown-lines-above-sections"],
)
def test_partial_fingerprints_survive_moved_lines(path: str, text: str, shift: Any, tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {path: text})
    before = _fingerprinted(check_sarif(root, tmp_path / "before.sarif"))
    (root / path).write_text(shift(text), encoding="utf-8")
    after = _fingerprinted(check_sarif(root, tmp_path / "after.sarif"))
    assert set(after) == set(before)
    moved = [fp for fp in before if before[fp][2] != after[fp][2]]
    assert moved, "the edit should have moved some findings"
    for fp in before:
        assert before[fp][:2] == after[fp][:2]
    # Fixing what a finding is about removes its fingerprint and leaves the others alone.
    (root / path).write_text(shift(text).replace("intended_usage: a misspelt key\n", "")
                             .replace("[More Information Needed]\n\n## Bias", "Legal advice.\n\n## Bias"),
                             encoding="utf-8")
    fixed = _fingerprinted(check_sarif(root, tmp_path / "fixed.sarif"))
    assert set(fixed) < set(before)
