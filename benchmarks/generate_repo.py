"""Deterministic generator of a synthetic ML monorepo: model cards, dataset records, weights and filler files.

    python benchmarks/generate_repo.py OUT --artifacts 2000 --files 20000 [--deficient FRACTION] [--git]

Half of the artifacts are model cards (Hugging Face README.md cards and model_card.yaml, each beside a
weights stand-in), half dataset records (datasheet.yaml and Hugging Face dataset cards). The rest of the files are
unrelated source, configuration and data files. With `--deficient F`, that share of the cards and records (chosen
by index, spread evenly) is written with most sections missing or left as placeholders, as a monorepo whose
evidence is mostly unwritten; the others are the bytes they are without it. The same arguments always produce
the same bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from pathlib import Path

WORDS = (
    "model", "data", "review", "fraud", "churn", "ranking", "language", "vision", "audio", "customer",
    "transaction", "merchant", "risk", "quality", "label", "split", "holdout", "metric", "recall",
    "precision", "bias", "region", "language", "drift", "monitor", "owner", "analyst", "pipeline",
)


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _hf_model_card(rng: random.Random, index: int) -> str:
    complete = rng.random() < 0.7
    lines = [
        "---",
        "license: apache-2.0",
        "library_name: transformers",
        "pipeline_tag: text-classification",
        f"base_model: org-{index % 17}/base-{index % 5}",
        "datasets:",
        f"  - org/dataset-{index % 31}",
        "model-index:",
        f"  - name: model-{index}",
        "    results:",
        "      - task: {type: text-classification}",
        f"        dataset: {{name: holdout-{index % 7}, type: holdout}}",
        "        metrics:",
        f"          - {{type: accuracy, value: {0.8 + rng.random() / 10:.3f}}}",
        "---",
        "",
        f"# Model Card for model-{index}",
        "",
        "## Model Details",
        "",
        "- **Developed by:** Platform ML team",
        "- **Version:** 1.0",
        "",
        "## Uses",
        "",
        "### Direct Use",
        "",
        _sentence(rng),
        "",
        "### Out-of-Scope Use",
        "",
        _sentence(rng) if complete else "[More Information Needed]",
        "",
        "## Bias, Risks, and Limitations",
        "",
        _sentence(rng, 30),
        "",
        "## Training Details",
        "",
        "### Training Data",
        "",
        _sentence(rng),
        "",
        "## Model Card Contact",
        "",
        "ml-platform@example.com",
        "",
    ]
    return "\n".join(lines)


def _yaml_model_card(rng: random.Random, index: int) -> str:
    return (
        f"name: model-{index}\nversion: 1.{index % 9}.0\nowner: Team {index % 11}\ncontact: team@example.com\n"
        f"license: mit\nintended_use: {_sentence(rng)}\nout_of_scope_use: {_sentence(rng)}\n"
        f"limitations:\n  - {_sentence(rng)}\n  - {_sentence(rng)}\nusers: Analysts.\n"
        f"human_oversight: {_sentence(rng)}\n"
        f"training_data:\n  - dataset: ../../data/ds-{index % 997}/datasheet.yaml\n"
        f"evaluation:\n  data:\n    - dataset: hf:org/eval-{index % 13}\n  metrics:\n"
        f"    - {{name: auc, value: {0.7 + rng.random() / 5:.3f}, dataset: hf:org/eval-{index % 13}}}\n"
    )


def _datasheet(rng: random.Random, index: int) -> str:
    personal = rng.random() < 0.5
    basis = "  legal_basis: Legitimate interest\n" if personal and rng.random() < 0.8 else ""
    return (
        f"name: ds-{index}\nversion: 2024-{1 + index % 12:02d}\nowner: Data team\ncontact: data@example.com\n"
        f"license: cc-by-4.0\nsource:\n  type: internal\n  description: {_sentence(rng)}\n"
        f"acquisition:\n  method: {_sentence(rng, 5)}\n  acquired_on: 2024-0{1 + index % 9}-1{index % 10}\n"
        f"personal_data:\n  contains_personal_data: {'true' if personal else 'false'}\n{basis}"
        f"preparation:\n  - {{step: {_sentence(rng, 4)}, tool: dbt}}\n  - {{step: {_sentence(rng, 4)}, tool: spark}}\n"
        f"quality:\n  checks: [{_sentence(rng, 4)}]\n  last_validated: 2024-07-0{1 + index % 9}\n"
        f"known_bias: {_sentence(rng)}\n"
    )


def _hf_dataset_card(rng: random.Random, index: int) -> str:
    return (
        "---\nlicense: cc-by-4.0\ntask_categories:\n  - text-classification\nsize_categories:\n  - 10K<n<100K\n"
        f"pretty_name: dataset {index}\n---\n\n# Dataset Card for dataset {index}\n\n## Dataset Details\n\n"
        f"{_sentence(rng, 20)}\n\n## Dataset Creation\n\n### Source Data\n\n{_sentence(rng)}\n\n"
        f"#### Data Collection and Processing\n\n{_sentence(rng)}\n\n#### Personal and Sensitive Information\n\n"
        f"{_sentence(rng)}\n\n## Bias, Risks, and Limitations\n\n{_sentence(rng)}\n"
    )


PLACEHOLDER = "[More Information Needed]"

DEFICIENT = {
    "README.md": lambda index: (
        f"---\nlicense: other\n---\n\n# Model Card for model-{index}\n\n## Model Details\n\n{PLACEHOLDER}\n\n"
        f"## Uses\n\n{PLACEHOLDER}\n\n## Bias, Risks, and Limitations\n\n{PLACEHOLDER}\n"
    ),
    "model_card.yaml": lambda index: f"name: model-{index}\nintended_use: TBD\nlimitations: []\n",
    "datasheet.yaml": lambda index: f"name: ds-{index}\nsource:\n  description: TODO\n",
    "dataset README.md": lambda index: (
        f"---\npretty_name: dataset {index}\n---\n\n# Dataset Card for dataset {index}\n\n"
        f"## Dataset Details\n\n{PLACEHOLDER}\n\n## Dataset Creation\n\n{PLACEHOLDER}\n"
    ),
}


def _is_deficient(index: int, fraction: float) -> bool:
    """Whether artifact `index` of its kind is written deficient: an even spread of `fraction` of the indices."""
    return int((index + 1) * fraction) > int(index * fraction)


FILLER = (
    ("src/pkg{d}/module_{i}.py", lambda rng, i: f'"""Module {i}."""\n\n\ndef f_{i}(x):\n    return x * {i}\n'),
    ("configs/exp{d}/run_{i}.yaml", lambda rng, i: f"lr: 0.00{i % 9 + 1}\nepochs: {i % 50}\nseed: {i}\n"),
    ("notebooks/n{d}/notes_{i}.md", lambda rng, i: f"# Notes {i}\n\n{_sentence(rng, 40)}\n"),
    ("data/raw/part{d}/rows_{i}.csv", lambda rng, i: "a,b,c\n" + "".join(f"{j},{j * i},{j % 3}\n" for j in range(20))),
    ("assets/a{d}/meta_{i}.json", lambda rng, i: f'{{"id": {i}, "tags": ["x", "y"]}}\n'),
)


def generate(out: Path, *, artifacts: int, files: int, seed: int = 42042, deficient: float = 0.0) -> dict[str, int]:
    rng = random.Random(seed)
    written: dict[str, int] = {"model_cards": 0, "dataset_records": 0, "weights": 0, "filler": 0, "deficient": 0}

    def evidence(kind: str, index: int, full: str) -> str:
        # the full text is made either way, so that the random sequence (and every other file) stays the same
        if not _is_deficient(index, deficient):
            return full
        written["deficient"] += 1
        return DEFICIENT[kind](index)

    def put(rel: str, content: str | bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    models = (artifacts + 1) // 2
    datasets = artifacts - models
    for i in range(models):
        directory = f"models/team{i % 40}/model-{i}"
        if i % 5 < 3:
            put(f"{directory}/README.md", evidence("README.md", i, _hf_model_card(rng, i)))
        else:
            put(f"{directory}/model_card.yaml", evidence("model_card.yaml", i, _yaml_model_card(rng, i)))
        put(f"{directory}/model.safetensors", b"stand-in weights\n")
        written["model_cards"] += 1
        written["weights"] += 1
    for i in range(datasets):
        if i % 4 == 3:
            put(f"datasets/hf-{i}/README.md", evidence("dataset README.md", i, _hf_dataset_card(rng, i)))
        else:
            put(f"data/ds-{i}/datasheet.yaml", evidence("datasheet.yaml", i, _datasheet(rng, i)))
        written["dataset_records"] += 1
    remaining = max(files - sum(written.values()) + written["deficient"], 0)
    for i in range(remaining):
        pattern, make = FILLER[i % len(FILLER)]
        put(pattern.format(d=i % 97, i=i), make(rng, i))
        written["filler"] += 1
    return written


def commit(out: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "synthetic monorepo"]):
        subprocess.run(["git", *args], cwd=out, env=env, check=True)


def repository(out: Path, *, artifacts: int, files: int, deficient: float = 0.0) -> Path:
    """The generated repository at out, committed: generated only when out holds none yet (a kept one is reused)."""
    if not (out / ".git").is_dir():
        counts = generate(out, artifacts=artifacts, files=files, deficient=deficient)
        commit(out)
        print(f"generated {counts} in {out}")
    return out


def benchmark_parser(description: str | None, *, artifacts: int = 2000, files: int = 20000,
                     repeat: int = 7) -> argparse.ArgumentParser:
    """The options every benchmark on a generated repository takes: its size, the rounds, and where to keep it."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--artifacts", type=int, default=artifacts)
    parser.add_argument("--files", type=int, default=files)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    return parser


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--artifacts", type=int, default=2000)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42042)
    parser.add_argument("--deficient", type=float, default=0.0, metavar="FRACTION",
                        help="share of the cards and records written with most sections missing (0 to 1)")
    parser.add_argument("--git", action="store_true", help="make it a git repository and commit everything")
    args = parser.parse_args()
    counts = generate(args.out, artifacts=args.artifacts, files=args.files, seed=args.seed, deficient=args.deficient)
    if args.git:
        commit(args.out)
    print(counts)


if __name__ == "__main__":
    main()
