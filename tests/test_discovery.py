"""Discovery in real git repositories and plain folders, classification by name and by content, weights."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, make_git_repo, write_tree

from aims_lint.engine import RunOptions, run
from aims_lint.packs import load_rules
from aims_lint.read import NameClass, build_inventory, classify_name, list_files
from aims_lint.read.catalogue import WEIGHT_EXTENSIONS
from aims_lint.read.listing import GitListing, git_files

RULES = load_rules()

MODEL_CARD = "# Model Card for demo\n\n## Uses\n\nRanks reviews.\n"
HF_MODEL = "---\nlibrary_name: transformers\nlicense: mit\n---\n# demo\n"


def kinds(root: Path) -> dict[str, str]:
    return {a.path: a.kind.value for a in build_inventory([root]).artifacts}


def rp101(root: Path) -> list[tuple[str, int]]:
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset({"RP101"})))
    return sorted((f.location.path, f.location.line) for f in report.findings)


# --- listing files --------------------------------------------------------------------------------------------


def test_git_lists_tracked_and_untracked_but_never_ignored(tmp_path: Path) -> None:
    root = make_git_repo(
        tmp_path / "repo",
        {
            ".gitignore": "build/\n*.tmp.md\ncheckpoints/*.pt\n!checkpoints/keep.pt\n",
            "models/a/MODEL_CARD.md": MODEL_CARD,
            "models/a/model.safetensors": b"\0",
            "checkpoints/keep.pt": b"\0",
            "docs/.gitignore": "private/\n",
        },
    )
    write_tree(
        root,
        {
            "models/b/MODEL_CARD.md": MODEL_CARD,  # untracked, not ignored
            "build/MODEL_CARD.md": MODEL_CARD,  # ignored folder
            "models/a/draft.tmp.md": MODEL_CARD,  # ignored pattern
            "checkpoints/epoch1.pt": b"\0",  # ignored pattern
            "docs/private/DATASHEET.md": "# Datasheet\n",  # ignored by a nested .gitignore
            "docs/DATASHEET.md": "# Datasheet\n",
        },
    )
    listed = list_files(root)
    assert listed == sorted(listed)
    assert {"models/a/MODEL_CARD.md", "models/b/MODEL_CARD.md", "checkpoints/keep.pt", "docs/DATASHEET.md"} <= set(
        listed
    )
    ignored = {"build/MODEL_CARD.md", "models/a/draft.tmp.md", "checkpoints/epoch1.pt", "docs/private/DATASHEET.md"}
    assert not ignored & set(listed)
    assert not [p for p in listed if p.startswith(".git/")]
    found = kinds(root)
    assert found["models/b/MODEL_CARD.md"] == "model_card"
    assert not ignored & set(found)
    report = run(build_inventory([root]), RULES)
    assert not {f.location.path for f in report.findings} & ignored


def test_ignored_file_that_is_also_tracked_is_listed(tmp_path: Path) -> None:
    # git's own rule: .gitignore does not apply to files already tracked.
    root = make_git_repo(tmp_path / "repo", {"models/a/MODEL_CARD.md": MODEL_CARD})
    write_tree(root, {".gitignore": "MODEL_CARD.md\n"})
    assert "models/a/MODEL_CARD.md" in list_files(root)


def test_deleted_but_tracked_files_are_not_listed(tmp_path: Path) -> None:
    root = make_git_repo(
        tmp_path / "repo", {"models/a/MODEL_CARD.md": MODEL_CARD, "models/a/w.pt": b"\0", "models/b/w.pt": b"\0"}
    )
    (root / "models/a/MODEL_CARD.md").unlink()
    (root / "models/b/w.pt").unlink()
    assert list_files(root) == ["models/a/w.pt"]
    report = run(build_inventory([root]), RULES)
    assert {f.location.path for f in report.findings} <= {"models/a/w.pt"}


def test_a_subfolder_of_a_repository_lists_only_its_files(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/a/MODEL_CARD.md": MODEL_CARD, "data/DATASHEET.md": "# x\n"})
    assert list_files(root / "models") == ["a/MODEL_CARD.md"]


def test_names_with_spaces_and_unicode(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {"models/modèle été/MODEL_CARD.md": MODEL_CARD})
    write_tree(root, {"models/new one/model card.md": MODEL_CARD, "models/new one/MODEL_CARD.md": MODEL_CARD})
    listed = list_files(root)
    assert "models/modèle été/MODEL_CARD.md" in listed
    assert "models/new one/MODEL_CARD.md" in listed
    assert kinds(root)["models/modèle été/MODEL_CARD.md"] == "model_card"


def test_outside_git_the_walk_skips_vcs_environments_and_dependencies(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "plain",
        {
            "models/a/MODEL_CARD.md": MODEL_CARD,
            ".git/MODEL_CARD.md": MODEL_CARD,
            ".venv/lib/MODEL_CARD.md": MODEL_CARD,
            "venv/lib/MODEL_CARD.md": MODEL_CARD,
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/site/README.md": HF_MODEL,
            "tools/node_modules/pkg/MODEL_CARD.md": MODEL_CARD,
            "node_modules/x/README.md": HF_MODEL,
            "notes/venvs.md": "ordinary file\n",
        },
    )
    listed = list_files(root)
    assert "models/a/MODEL_CARD.md" in listed
    assert "notes/venvs.md" in listed
    skipped = [p for p in listed if p.split("/")[0] in {".git", ".venv", "venv", "env", "node_modules"}]
    assert skipped == []
    assert not [p for p in listed if "node_modules" in p]
    assert kinds(root) == {"models/a/MODEL_CARD.md": "model_card"}


# --- classification by name -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("MODEL_CARD.md", NameClass.MODEL_CARD_MD),
        ("model_card.md", NameClass.MODEL_CARD_MD),
        ("model-card.md", NameClass.MODEL_CARD_MD),
        ("Model_Card.MD", NameClass.MODEL_CARD_MD),
        ("docs/MODEL_CARD.md", NameClass.MODEL_CARD_MD),
        ("docs/model-card.md", NameClass.MODEL_CARD_MD),
        ("DATASHEET.md", NameClass.DATASET_MD),
        ("data/train/datasheet.md", NameClass.DATASET_MD),
        ("DATA_CARD.md", NameClass.DATASET_MD),
        ("docs/data-card.md", NameClass.DATASET_MD),
        ("model_card.yaml", NameClass.MODEL_CARD_YAML),
        ("models/x/model_card.yml", NameClass.MODEL_CARD_YAML),
        ("Model_Card.YAML", NameClass.MODEL_CARD_YAML),
        ("datasheet.yaml", NameClass.DATASET_YAML),
        ("data/x/datasheet.yml", NameClass.DATASET_YAML),
        ("README.md", NameClass.README),
        ("models/x/readme.md", NameClass.README),
        ("notes.md", None),
        ("model.md", None),
        ("README.rst", None),
        ("model_card.txt", None),
        ("model.safetensors.index.json", NameClass.JSON),
        ("config.json", NameClass.JSON),
        ("package.json", None),
    ],
)
def test_classify_by_name(path: str, expected: NameClass | None) -> None:
    assert classify_name(path) is expected


@pytest.mark.parametrize("extension", sorted(WEIGHT_EXTENSIONS))
def test_weights_extensions(extension: str) -> None:
    assert classify_name(f"models/x/model{extension}") is NameClass.WEIGHTS
    assert classify_name(f"models/x/MODEL{extension.upper()}") is NameClass.WEIGHTS


def test_the_issue_lists_exactly_these_weights_extensions() -> None:
    assert {
        ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".keras", ".joblib", ".pkl", ".gguf",
        ".tflite", ".pb", ".mlmodel",
    } <= WEIGHT_EXTENSIONS


@pytest.mark.parametrize("name", ["weights.txt", "safetensors", ".bin", "model.bin.md", "notes.pt.txt"])
def test_not_weights(name: str) -> None:
    assert classify_name(name) is not NameClass.WEIGHTS


def test_weights_are_listed_but_never_read(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "plain", {"m/MODEL_CARD.md": MODEL_CARD})
    os.symlink("/nonexistent/weights", root / "m" / "model.safetensors")  # reading it would fail
    assert kinds(root) == {"m/MODEL_CARD.md": "model_card", "m/model.safetensors": "weights"}


# --- classification by content --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front_matter",
    [
        "library_name: transformers",
        "pipeline_tag: text-classification",
        "base_model: bert-base-uncased",
        "model-index:\n- name: demo\n  results: []",
    ],
)
def test_readme_with_model_metadata_is_a_model_card(front_matter: str, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"README.md": f"---\n{front_matter}\n---\n# demo\n"})
    assert kinds(root) == {"README.md": "model_card"}
    assert build_inventory([root]).artifacts[0].format == "hf-model-card"


@pytest.mark.parametrize(
    "front_matter",
    [
        "task_categories:\n- text-classification",
        "size_categories:\n- 10K<n<100K",
        "source_datasets:\n- original",
        "dataset_info:\n  features: []",
        "configs:\n- config_name: default",
        "pretty_name: Demo reviews",
    ],
)
def test_readme_with_dataset_metadata_is_a_dataset_record(front_matter: str, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"README.md": f"---\n{front_matter}\n---\n# demo\n"})
    assert kinds(root) == {"README.md": "dataset_record"}
    assert build_inventory([root]).artifacts[0].format == "hf-dataset-card"


def test_more_dataset_keys_than_model_keys_win(tmp_path: Path) -> None:
    text = "---\npretty_name: x\ntask_categories: [a]\nsize_categories: [b]\nlibrary_name: datasets\n---\n"
    root = write_tree(tmp_path / "r", {"README.md": text})
    assert kinds(root) == {"README.md": "dataset_record"}


@pytest.mark.parametrize(
    "text",
    [
        "# My project\n\nInstall with pip.\n",
        "---\ntitle: Home\nlayout: page\n---\n# Docs site page\n",  # a static-site page's front matter
        "",
    ],
    ids=["plain", "site-front-matter", "empty"],
)
def test_ordinary_readme_is_not_a_card(text: str, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"README.md": text, "src/app.py": "print()\n"})
    assert kinds(root) == {}


def test_readme_beside_weights_is_a_model_card(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "r",
        {"models/x/README.md": "---\nlicense: mit\n---\n# x\n", "models/x/model.onnx": b"\0", "README.md": "# Repo\n"},
    )
    assert kinds(root) == {"models/x/README.md": "model_card", "models/x/model.onnx": "weights"}


def test_named_cards_are_cards_whatever_their_content(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"docs/MODEL_CARD.md": "just text\n", "data/DATA_CARD.md": "just text\n"})
    assert kinds(root) == {"docs/MODEL_CARD.md": "model_card", "data/DATA_CARD.md": "dataset_record"}


# --- weights and their cards ----------------------------------------------------------------------------------


def test_weights_directory_without_a_card_is_a_finding_at_a_weights_file(tmp_path: Path) -> None:
    root = make_git_repo(
        tmp_path / "repo",
        {
            "models/orphan/model.safetensors": b"\0",
            "models/orphan/tokenizer.bin": b"\0",
            "models/carded/model.pt": b"\0",
            "models/carded/MODEL_CARD.md": MODEL_CARD,
            "data/DATASHEET.md": "# Datasheet\n",
            "data/model.pkl": b"\0",  # a dataset record does not cover weights (the name says model)
        },
    )
    assert rp101(root) == [("data/model.pkl", 1), ("models/orphan/model.safetensors", 1)]
    for path, _ in rp101(root):
        assert (root / path).is_file()


def test_a_card_above_the_weights_covers_them(tmp_path: Path) -> None:
    root = make_git_repo(
        tmp_path / "repo",
        {
            "models/family/MODEL_CARD.md": MODEL_CARD,
            "models/family/v1/checkpoints/model.ckpt": b"\0",
            "models/family/v2/model.gguf": b"\0",
            "models/other/model.h5": b"\0",
        },
    )
    assert rp101(root) == [("models/other/model.h5", 1)]


def test_a_card_at_the_root_covers_every_weights_file(tmp_path: Path) -> None:
    root = make_git_repo(
        tmp_path / "repo", {"README.md": HF_MODEL, "a/b/c/model.tflite": b"\0", "model.keras": b"\0"}
    )
    assert rp101(root) == []


def test_weights_at_the_root_without_a_card(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {"model.joblib": b"\0", "train.py": "print()\n"})
    assert rp101(root) == [("model.joblib", 1)]
    # A README beside the weights is their card, however plain.
    write_tree(root, {"README.md": "# Churn model\n"})
    assert rp101(root) == []


def test_a_sibling_card_does_not_cover(tmp_path: Path) -> None:
    root = make_git_repo(
        tmp_path / "repo", {"models/a/MODEL_CARD.md": MODEL_CARD, "models/b/model.mlmodel": b"\0"}
    )
    assert rp101(root) == [("models/b/model.mlmodel", 1)]


def test_ignored_weights_are_not_findings(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {".gitignore": "*.ckpt\n", "README.md": "# Repo\n"})
    write_tree(root, {"runs/epoch3.ckpt": b"\0"})
    assert rp101(root) == []


def test_the_combined_name_pattern_picks_the_first_pattern_that_matches() -> None:
    """classify_name tries every card, record and governance name in one pattern; the first listed wins."""
    import random

    from aims_lint.read import catalogue

    stems = ["readme", "model_card", "model-card", "modelcard", "datasheet", "data_card", "dataset-card",
             "dataset_record", "risk_register", "ai-risk-register", "soa", "statement_of_applicability",
             "ai_inventory", "ai-policy", "concerns", "reporting-concerns", "impact_assessment", "register", "foo"]
    rng = random.Random(7)
    names = [rng.choice(stems) + rng.choice([".md", ".yaml", ".yml", ".MD", ".Yml"]) for _ in range(3000)]
    for name in names:
        lowered = name.lower()
        first = next((cls for pattern, cls in catalogue.NAMED_PATTERNS if re.fullmatch(pattern, lowered)), None)
        if first is not None:
            assert catalogue.classify_name(f"x/{name}") is first, name
    assert sum(catalogue.classify_name(n) is not None for n in names) > 1500


# --- when git gives no listing ------------------------------------------------------------------------------------

IGNORED_CARD = {".gitignore": "build/\n", "models/a/MODEL_CARD.md": MODEL_CARD, "build/b/MODEL_CARD.md": MODEL_CARD}


@pytest.fixture
def own_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git reads no configuration of this machine's user (which might trust every folder, safe.directory=*)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)


def _owned_by_another_user(root: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a repository another user's needs root")
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            os.lchown(os.path.join(folder, name), 12345, 12345)
    os.lchown(root, 12345, 12345)


def _warnings(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(line.startswith("aims-lint: warning: ") for line in lines), stderr
    return lines


def test_a_repository_git_refuses_is_walked_and_told_once(
    tmp_path: Path, own_git_config: None, run_cli: Callable[..., CliResult]
) -> None:
    """A repository owned by another user (a CI container): git refuses it as of dubious ownership. Its files are
    walked, ignored ones included, and one line says so and how to let git read it; reports and exit code are
    those of the walk."""
    root = make_git_repo(tmp_path / "repo", IGNORED_CARD)
    walked = run_cli("check", "-f", "json", cwd=write_tree(tmp_path / "plain", IGNORED_CARD))
    _owned_by_another_user(root)
    refused = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=False)
    assert "dubious ownership" in refused.stderr  # what this test is about: git itself refuses
    result = run_cli("check", "-f", "json", cwd=root)
    (line,) = _warnings(result.stderr)
    assert line.startswith("aims-lint: warning: git refused to read a repository (detected dubious ownership in "
                           f"repository at '{root}'); listing files without .gitignore.")
    assert "safe.directory" in line
    assert (result.exit_code, result.stdout) == (walked.exit_code, walked.stdout)
    assert "build/b/MODEL_CARD.md" in result.stdout
    # Two folders of the same repository: still one line.
    twice = run_cli("check", str(root / "models"), str(root / "build"))
    assert _warnings(twice.stderr) == [line]
    # Nothing was changed to make git trust the repository.
    assert not (tmp_path / "home" / ".gitconfig").exists()
    assert subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, check=False).returncode != 0


def test_a_named_file_of_a_repository_git_refuses_is_read_alone_and_told(
    tmp_path: Path, own_git_config: None, run_cli: Callable[..., CliResult]
) -> None:
    root = make_git_repo(tmp_path / "repo", IGNORED_CARD)
    _owned_by_another_user(root)
    result = run_cli("check", "models/a/MODEL_CARD.md", cwd=root)
    (line,) = _warnings(result.stderr)
    assert "git refused to read a repository (detected dubious ownership" in line
    assert "reading the named files alone, without the work tree" in line
    assert "models/a/MODEL_CARD.md:" in result.stdout


def test_other_git_failures_are_told_and_a_plain_folder_is_not(
    tmp_path: Path, own_git_config: None, run_cli: Callable[..., CliResult]
) -> None:
    root = make_git_repo(tmp_path / "repo", IGNORED_CARD)
    (root / ".git" / "index").write_bytes(b"not an index")
    result = run_cli("check", cwd=root)
    (line,) = _warnings(result.stderr)
    assert line.startswith(f"aims-lint: warning: git could not read {root} (")
    assert line.endswith("); listing files without .gitignore")
    plain = run_cli("check", cwd=write_tree(tmp_path / "plain", IGNORED_CARD))
    assert plain.stderr == ""


def test_git_missing_is_told_only_where_there_is_a_work_tree(
    tmp_path: Path, run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_git_repo(tmp_path / "repo", IGNORED_CARD)
    plain = write_tree(tmp_path / "plain", IGNORED_CARD)
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_cli("check", cwd=repo)
    assert _warnings(result.stderr) == ["aims-lint: warning: git is not installed, or not on PATH; listing files "
                                        "without .gitignore"]
    assert "build/b/MODEL_CARD.md" in result.stdout
    assert run_cli("check", cwd=plain).stderr == ""


def test_git_files_gives_the_reason_and_list_files_passes_it_on(tmp_path: Path, own_git_config: None) -> None:
    root = make_git_repo(tmp_path / "repo", IGNORED_CARD)
    assert git_files(root) == GitListing([".gitignore", "models/a/MODEL_CARD.md"])
    assert git_files(write_tree(tmp_path / "plain", {"a.md": ""})) == GitListing(None)
    _owned_by_another_user(root)
    listing = git_files(root)
    assert listing.files is None and listing.warning is not None and "dubious ownership" in listing.warning
    warnings: list[str] = []
    assert "build/b/MODEL_CARD.md" in list_files(root, warnings)
    assert warnings == [listing.warning]
