"""The pre-commit hook, run by the real pre-commit against a snapshot of this checkout, in consumer repositories."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, PROJECT, make_git_repo, unchanged, write_tree
from governance_repo import BASE

from aims_lint.read import classify_name
from aims_lint.read.catalogue import hook_files_pattern, write_hook_pattern

HOOKS_FILE = PROJECT / ".pre-commit-hooks.yaml"
GOOD_CARD = """\
---
license: apache-2.0
pipeline_tag: text-classification
base_model: bert-base-uncased
datasets: [imdb]
model-index:
  - name: sentiment
    results:
      - task: {type: text-classification}
        dataset: {name: imdb, type: imdb}
        metrics: [{type: accuracy, value: 0.91}]
---

# Model Card for sentiment

## Model Details

- **Developed by:** Applied ML team, ml-team@example.com
- **Version:** 1.2.0

## Uses

### Direct Use

Sorting English product reviews by sentiment for the support team's dashboard.

### Intended users

Support analysts who triage reviews.

### Out-of-Scope Use

Not for medical, legal or hiring decisions, nor for text other than English reviews.

## Bias, Risks, and Limitations

Accuracy drops on sarcasm and on reviews shorter than five words.

## How to Get Started with the Model

Load it with the transformers pipeline for text classification.

## Training Details

### Training Data

The IMDb reviews dataset, 25,000 labelled reviews.

## Evaluation

### Testing Data, Factors & Metrics

#### Testing Data

The IMDb test split.

#### Metrics

Accuracy on the test split.

### Results

Accuracy 0.91.

## Human oversight

An analyst reviews every review scored below 0.6 confidence before it is acted on.
"""
BAD_CARD = "---\nlicense: apache-2.0\n---\n\n# Model card\n\n## Uses\n\n[More Information Needed]\n"
CARD = "models/sentiment/README.md"


def _pre_commit() -> str:
    found = shutil.which("pre-commit")
    if found is None:
        if os.environ.get("CI") == "true":  # CI installs the test extras: a missing tool is a broken setup
            pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return found


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "NO_COLOR": "1",
    })
    return env


PRE_COMMIT_WRITES = (".git/index", ".git/objects")


class HookRepo:
    """A committed snapshot of this checkout (tracked and new files), the hook repository consumers point at."""

    def __init__(self, path: Path, rev: str, env: Mapping[str, str]) -> None:
        self.path, self.rev, self.env = path, rev, dict(env)

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        # A hook's run (pre-commit run or try-repo, outside a commit) leaves the consumer's repository as it was but
        # for pre-commit's own writes: its `git write-tree` (how it looks for unstaged changes) stores tree objects
        # and refreshes the index. The hook's command alone writes nothing at all (tests/test_offline.py).
        watched = len(args) > 1 and Path(args[0]).name == "pre-commit" and args[1] in ("run", "try-repo")
        with unchanged(cwd, writes=PRE_COMMIT_WRITES) if watched else contextlib.nullcontext():
            return subprocess.run(args, cwd=cwd, env=self.env, capture_output=True, text=True, check=False,
                                  timeout=900)

    def try_repo(self, consumer: Path, *files: str) -> subprocess.CompletedProcess[str]:
        chosen = ["--files", *files] if files else []  # none: the staged files, as on a commit
        return self.run(_pre_commit(), "try-repo", str(self.path), "aims-lint", "--ref", self.rev,
                        "--color", "never", *chosen, cwd=consumer)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookRepo]:
    _pre_commit()
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT,
        capture_output=True, check=True,
    ).stdout.decode().split("\0")
    snapshot = tmp_path_factory.mktemp("hook-repo") / "aims-lint"
    for rel in filter(None, listing):
        source = PROJECT / rel
        if source.is_file() and not source.is_symlink():
            (snapshot / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / rel)
    env = _env(tmp_path_factory.mktemp("pre-commit-home"))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=snapshot, env=env, check=True)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=snapshot, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    yield HookRepo(snapshot, rev, env)


def _consumer(root: Path, card: str, extra: Mapping[str, str] | None = None, *, before: str | None = None) -> Path:
    """A repository whose governance documents are complete (so repository-wide rules pass), its card committed as
    `before` (the other card by default), then this card and the extra files written and staged for the next commit."""
    if before is None:
        before = GOOD_CARD if card == BAD_CARD else BAD_CARD
    make_git_repo(root, {**BASE, CARD: before, "models/sentiment/model.pt": "w"})
    write_tree(root, {CARD: card, **(extra or {})})
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


def test_manifest_is_valid_for_pre_commit(hook_repo: HookRepo) -> None:
    result = hook_repo.run(_pre_commit(), "validate-manifest", str(HOOKS_FILE), cwd=PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_on_a_deficient_card_and_prints_the_findings(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", BAD_CARD)
    result = hook_repo.try_repo(consumer, CARD)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^aims-lint \(ISO/IEC 42001 evidence\)\.+Failed$", result.stdout, re.MULTILINE)
    for rule in ("MC101", "MC102", "MC104"):
        assert re.search(rf"^models/sentiment/README\.md:\d+:\d+: {rule} error ", result.stdout, re.MULTILINE), rule


def test_hook_passes_on_a_good_card(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    result = hook_repo.try_repo(consumer, CARD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^aims-lint \(ISO/IEC 42001 evidence\)\.+Passed$", result.stdout, re.MULTILINE)


def test_hook_reports_what_the_commit_introduced_only(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", BAD_CARD, before=BAD_CARD)
    # A backlog already committed: a deficient card and weights with no card above them (repository-wide).
    write_tree(consumer, {"models/old/README.md": BAD_CARD, "legacy/weights.bin": "w"})
    subprocess.run(["git", "add", "-A"], cwd=consumer, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "backlog"], cwd=consumer, check=True, env=hook_repo.env)
    write_tree(consumer, {CARD: GOOD_CARD, "new/weights.bin": "w"})
    subprocess.run(["git", "add", "-A"], cwd=consumer, check=True)
    result = hook_repo.try_repo(consumer)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^new/weights\.bin:1:1: RP101 error ", result.stdout, re.MULTILINE)
    # The backlog is not this commit's business, nor does it block it; the card it fixed has no new finding.
    assert "legacy/weights.bin" not in result.stdout and "models/old/" not in result.stdout
    assert f"{CARD}:" not in result.stdout
    assert re.search(r": 2 new, [1-9]\d* unchanged, [1-9]\d* fixed;", result.stdout)  # RP101 and INV103


def test_hook_reads_the_configuration_at_the_repository_root(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", BAD_CARD,
                         {".aims-lint.yaml": "ignore: [MC101]\nrules:\n  MC102: note\n  MC104: note\n"})
    result = hook_repo.try_repo(consumer, CARD)
    assert not re.search(r"^models/sentiment/README\.md:\d+:\d+: MC101 ", result.stdout, re.MULTILINE)
    assert re.search(r"^models/sentiment/README\.md:\d+:\d+: MC102 note ", result.stdout, re.MULTILINE)
    (consumer / ".aims-lint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert hook_repo.try_repo(consumer, CARD).returncode == 0


def _install_hook(hook_repo: HookRepo, consumer: Path, *, keep_staged: bool = False, **hook: str | list[str]) -> None:
    """A .pre-commit-config.yaml with repo: and rev: (and these hook settings), committed and installed."""
    config = {"repos": [{"repo": str(hook_repo.path), "rev": hook_repo.rev, "hooks": [{"id": "aims-lint", **hook}]}]}
    write_tree(consumer, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    assert hook_repo.run(_pre_commit(), "install", cwd=consumer).returncode == 0
    hook_repo.run("git", "add", ".pre-commit-config.yaml", cwd=consumer)
    # keep_staged: only the configuration is committed (what else is staged stays staged, to be judged), and not
    # through the hook itself.
    commit = ["--no-verify", "-m", "config", "--", ".pre-commit-config.yaml"] if keep_staged else ["-m", "config"]
    assert hook_repo.run("git", "commit", "-q", *commit, cwd=consumer).returncode == 0


def test_hook_blocks_a_commit_through_repo_and_rev(hook_repo: HookRepo, tmp_path: Path) -> None:
    """A consumer's .pre-commit-config.yaml with repo: and rev:, installed as a git hook, run by `git commit`."""
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    _install_hook(hook_repo, consumer)
    write_tree(consumer, {CARD: BAD_CARD, "notes.txt": "x"})
    hook_repo.run("git", "add", "-A", cwd=consumer)
    blocked = hook_repo.run("git", "commit", "-m", "shorter card", cwd=consumer)
    assert blocked.returncode != 0
    assert re.search(r"^models/sentiment/README\.md:\d+:\d+: MC101 error ", blocked.stdout + blocked.stderr,
                     re.MULTILINE)
    write_tree(consumer, {CARD: GOOD_CARD.replace("Accuracy 0.91.", "Accuracy 0.92.")})
    hook_repo.run("git", "add", "-A", cwd=consumer)
    done = hook_repo.run("git", "commit", "-m", "better card", cwd=consumer)
    assert done.returncode == 0, done.stdout + done.stderr
    # A commit that touches no artifact passes, whatever the repository's backlog (a package.json is no artifact).
    write_tree(consumer, {"notes.txt": "y", "package.json": '{"name": "x"}', "legacy/weights.bin": "w"})
    hook_repo.run("git", "add", "-A", cwd=consumer)
    hook_repo.run("git", "commit", "-q", "--no-verify", "-m", "backlog", cwd=consumer)
    write_tree(consumer, {"notes.txt": "z", "package.json": '{"name": "y"}'})
    hook_repo.run("git", "add", "-A", cwd=consumer)
    passed = hook_repo.run("git", "commit", "-m", "notes", cwd=consumer)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^aims-lint \(ISO/IEC 42001 evidence\)\.+Passed$", passed.stdout + passed.stderr, re.MULTILINE)
    assert "legacy/weights.bin" not in passed.stdout + passed.stderr


def test_deleting_a_card_while_its_weights_stay_blocks_the_commit(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    hook_repo.run("git", "commit", "-q", "--no-verify", "-m", "good card", cwd=consumer)
    _install_hook(hook_repo, consumer)
    hook_repo.run("git", "rm", "-q", CARD, cwd=consumer)
    blocked = hook_repo.run("git", "commit", "-m", "drop the card", cwd=consumer)
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert re.search(r"^models/sentiment/model\.pt:1:1: CH104 error ", out, re.MULTILINE), out


def test_untracked_and_unstaged_files_are_not_read(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    hook_repo.run("git", "commit", "-q", "--no-verify", "-m", "good card", cwd=consumer)
    _install_hook(hook_repo, consumer)
    # Neither staged nor tracked: a deficient card and weights without one; and a bad edit of the card not staged.
    write_tree(consumer, {"scratch/README.md": BAD_CARD, "scratch/model.bin": "w", "notes.txt": "x"})
    hook_repo.run("git", "add", "notes.txt", cwd=consumer)
    write_tree(consumer, {CARD: BAD_CARD})
    done = hook_repo.run("git", "commit", "-m", "notes", cwd=consumer)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "scratch/" not in done.stdout + done.stderr


def test_a_commit_pre_commit_would_split_is_judged_once(hook_repo: HookRepo, tmp_path: Path) -> None:
    """pre-commit splits a long list of file names over several invocations (about 128 KiB of arguments each);
    the hook takes none and runs once, so a repository-wide finding and the summary are printed once."""
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    hook_repo.run("git", "commit", "-q", "--no-verify", "-m", "good card", cwd=consumer)
    config = {"repos": [{"repo": str(hook_repo.path), "rev": hook_repo.rev,
                         "hooks": [{"id": "aims-lint", "args": ["--select", "RP101", "--"]}]}]}
    write_tree(consumer, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    assert hook_repo.run(_pre_commit(), "install", cwd=consumer).returncode == 0
    folder = "data/" + "a-dataset-folder-with-a-long-name-" * 2
    many = {f"{folder}{n:05d}/datasheet.yaml": f"name: d{n}\n" for n in range(2500)}
    write_tree(consumer, {**many, "orphan/weights.bin": "w"})
    hook_repo.run("git", "add", "-A", cwd=consumer)
    assert sum(map(len, many)) > 131072  # more than one invocation's worth of names
    blocked = hook_repo.run("git", "commit", "-m", "many records", cwd=consumer)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert len(re.findall(r"^orphan/weights\.bin:1:1: RP101 error ", out, re.MULTILINE)) == 1, out[-2000:]
    assert len(re.findall(r"^Found \d+ finding", out, re.MULTILINE)) == 1
    assert len(re.findall(r" new, \d+ unchanged, \d+ fixed;", out)) == 1


def _commit(hook_repo: HookRepo, consumer: Path, files: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    write_tree(consumer, files)
    hook_repo.run("git", "add", "-A", cwd=consumer)
    return hook_repo.run("git", "commit", "-m", "change", cwd=consumer)


def test_committed_file_names_are_never_read_as_options(hook_repo: HookRepo, tmp_path: Path) -> None:
    """A file named '-o/<absolute path>/x.pth' (it matches `files`) is a path, not `-o PATH`: no report lands in
    a Python site folder, where a card's name such as 'import os;...#/README.md' would have become code."""
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    _install_hook(hook_repo, consumer)
    site = tmp_path / "outside" / "site-packages"
    weights, card = f"-o{site}/x.pth", "import os;print('ran')#/README.md"
    blocked = _commit(hook_repo, consumer, {weights: "w", card: BAD_CARD})
    out = blocked.stdout + blocked.stderr
    assert not (tmp_path / "outside").exists(), out
    assert blocked.returncode != 0
    assert re.search(rf"^{re.escape(weights)}:1:1: RP101 error ", out, re.MULTILINE), out  # weights, no card
    assert re.search(rf"^{re.escape(card)}:\d+:\d+: MC101 error ", out, re.MULTILINE), out


def test_a_file_named_like_an_option_does_not_silence_the_hook(hook_repo: HookRepo, tmp_path: Path) -> None:
    """With `files` widened to match it, a file named '--fail-on=never' is a path: the bad card still fails."""
    consumer = _consumer(tmp_path / "consumer", GOOD_CARD)
    _install_hook(hook_repo, consumer, files=r"(^|/)README\.md$|^--fail-on=never$")
    blocked = _commit(hook_repo, consumer, {"--fail-on=never": "x", CARD: BAD_CARD})
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert re.search(r"^models/sentiment/README\.md:\d+:\d+: MC101 error ", blocked.stdout + blocked.stderr,
                     re.MULTILINE)


def _refusal(result: subprocess.CompletedProcess[str]) -> bool:
    """The hook ran aims-lint, which stopped with exit code 2 and the one line about ending args with '--'."""
    lines = [line for line in result.stdout.splitlines() if line.startswith("aims-lint: ")]
    return result.returncode == 1 and "- exit code: 2" in result.stdout and lines == [
        "aims-lint: error: under pre-commit the hook's args must end with '--' so that file names are never read "
        "as options (for example args: [--fail-on, warning, --])"]


def test_hook_args_without_the_end_of_options_are_refused(hook_repo: HookRepo, tmp_path: Path) -> None:
    """Fail-closed: args that replace the default ['--'] without ending with '--' stop the hook, nothing is read."""
    consumer = _consumer(tmp_path / "consumer", BAD_CARD)
    entry = f"{shlex.quote(sys.executable)} -m aims_lint check"
    local = {"id": "aims-lint", "name": "aims-lint", "entry": entry, "language": "system", "files": r"README\.md$"}
    for repo in ({"repo": str(hook_repo.path), "rev": hook_repo.rev,
                  "hooks": [{"id": "aims-lint", "args": ["--select", "MC101"]}]},
                 {"repo": "local", "hooks": [local]},
                 {"repo": "local", "hooks": [{**local, "args": ["--output", "--"]}]}):  # '--' is -o's value here
        write_tree(consumer, {".pre-commit-config.yaml": yaml.safe_dump({"repos": [repo]})})
        result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=consumer)
        assert _refusal(result), result.stdout + result.stderr
    # The same local hook with args ending in '--' runs.
    write_tree(consumer, {".pre-commit-config.yaml": yaml.safe_dump({"repos": [
        {"repo": "local", "hooks": [{**local, "args": ["--select", "MC101", "--"]}]}]})})
    result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=consumer)
    assert result.returncode == 1 and " MC101 error " in result.stdout, result.stdout + result.stderr


def test_hook_args_reach_aims_lint(hook_repo: HookRepo, tmp_path: Path) -> None:
    consumer = _consumer(tmp_path / "consumer", BAD_CARD)
    config = {"repos": [{"repo": str(hook_repo.path), "rev": hook_repo.rev,
                         "hooks": [{"id": "aims-lint", "args": ["--select", "GN101", "--"]}]}]}
    write_tree(consumer, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=consumer)
    assert result.returncode == 0, result.stdout + result.stderr  # only the licence rule ran, and it passes
    config["repos"][0]["hooks"][0]["args"] = ["--select", "MC101", "--"]
    write_tree(consumer, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=consumer)
    assert result.returncode == 1 and " MC101 error " in result.stdout and " MC102 " not in result.stdout


def _sample_paths() -> set[str]:
    """Paths discovery may meet: this project's files, the shared corpus, and typical names of ML repositories."""
    paths = {p.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*")
             if p.is_file() and ".git" not in p.parts}
    if CORPUS.is_dir():
        paths |= {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    paths |= {
        "README.md", "docs/readme.MD", "models/x/Model_Card.md", "models/x/model-card.yml", "data/DataCard.md",
        "data/x/dataset_record.yaml", "m/pytorch_model.bin", "m/model.GGUF", "risk/register.yml",
        "governance/AI-Policy.md", "impact_assessments/fraud.yaml", "x/model_card.json", "d/x.croissant.jsonld",
        "src/app.py", "notes.md", "data/rows.csv", "package.json", "m/.bin", "docs/impact.txt",
    }
    return paths


def test_files_pattern_is_the_one_generated_from_the_catalogue(tmp_path: Path) -> None:
    """The hook's `files` pattern is written from the catalogue classify_name reads by: the committed file holds
    exactly the generated text, and writing it again changes nothing."""
    text = HOOKS_FILE.read_text(encoding="utf-8")
    assert hook_files_pattern() in text, "run: python -m aims_lint.read.catalogue"
    copy = tmp_path / "hooks.yaml"
    copy.write_text(text, encoding="utf-8")
    assert not write_hook_pattern(copy)
    stale = text.replace("readme\\.md\n", "readme\\.markdown\n", 1)
    assert stale != text
    copy.write_text(stale, encoding="utf-8")
    assert write_hook_pattern(copy) and copy.read_text(encoding="utf-8") == text


def test_files_pattern_matches_everything_discovery_reads() -> None:
    (hook,) = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    pattern = re.compile(hook["files"])  # pre-commit searches each staged path with this expression
    paths = _sample_paths()
    missed = sorted(p for p in paths if classify_name(p) is not None and not pattern.search(p))
    assert not missed
    # Not a match-everything pattern: ordinary source and data files do not trigger the hook.
    for plain in ("src/app.py", "notes.md", "data/rows.csv", "docs/impact.txt"):
        assert classify_name(plain) is None and not pattern.search(plain)
    assert sum(1 for p in paths if classify_name(p) is not None) > 100


def test_config_in_the_docs_is_valid(hook_repo: HookRepo, tmp_path: Path) -> None:
    page = (PROJECT / "docs" / "integrations" / "pre-commit.md").read_text(encoding="utf-8")
    snippets = [b for b in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL) if "id: aims-lint" in b]
    assert len(snippets) == 2  # the plain configuration, and one with args
    for snippet in snippets:
        config = tmp_path / ".pre-commit-config.yaml"
        config.write_text(snippet, encoding="utf-8")
        result = hook_repo.run(_pre_commit(), "validate-config", str(config), cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        (hook,) = yaml.safe_load(snippet)["repos"][0]["hooks"]
        assert hook["id"] == yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))[0]["id"]
        assert hook.get("args", ["--"])[-1] == "--"  # the file names pre-commit appends are never options


def test_hook_honours_suppressions_and_a_baseline(hook_repo: HookRepo, tmp_path: Path) -> None:
    """An accepted finding (a comment with a reason, or the baseline) does not block the commit; with
    --no-inline-suppressions the comment no longer counts."""
    undecided = GOOD_CARD.replace(
        "### Out-of-Scope Use\n\nNot for medical, legal or hiring decisions, nor for text other than English reviews.",
        "### Out-of-Scope Use <!-- aims-lint: ignore[MC102] reason: decided by the model board, MB-7 -->\n\n"
        "[More Information Needed]")
    assert undecided != GOOD_CARD
    consumer = _consumer(tmp_path / "consumer", undecided, before=GOOD_CARD)
    result = hook_repo.try_repo(consumer, CARD)
    assert result.returncode == 0, result.stdout + result.stderr
    _install_hook(hook_repo, consumer, keep_staged=True, args=["--no-inline-suppressions", "--"])
    result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=consumer)
    assert result.returncode == 1 and re.search(r"README\.md:\d+:1: MC102 error ", result.stdout), result.stdout

    legacy = _consumer(tmp_path / "legacy", BAD_CARD)
    written = subprocess.run([sys.executable, "-P", "-m", "aims_lint", "check", "--write-baseline",
                              ".aims-lint-baseline.json"], cwd=legacy, capture_output=True, text=True, check=False,
                             env={**hook_repo.env, "PYTHONPATH": str(PROJECT)})
    assert written.returncode == 0, written.stderr
    _install_hook(hook_repo, legacy, keep_staged=True, args=["--baseline", ".aims-lint-baseline.json", "--"])
    result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=legacy)
    assert result.returncode == 0, result.stdout + result.stderr
    write_tree(legacy, {CARD: BAD_CARD.replace("license: apache-2.0\n", "")})  # a new finding: no licence
    subprocess.run(["git", "add", "-A"], cwd=legacy, check=True)
    result = hook_repo.run(_pre_commit(), "run", "--color", "never", "--files", CARD, cwd=legacy)
    assert result.returncode == 1 and " MC106 error " in result.stdout, result.stdout
    assert " MC101 " not in result.stdout  # in the baseline
