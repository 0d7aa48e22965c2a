"""What is a card, a record or weights: card names by pattern, templates and format specifications, Space READMEs,
non-dataset Croissant documents and ambiguous weights extensions, in real git repositories; and the one line a
named file that gives nothing gets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_git_repo

from aims_lint.read import build_inventory
from aims_lint.read.catalogue import NameClass, classify_name, model_weights, not_a_card, template_place

CARD = "# Model Card\n\n## Intended Use\n\nRanking support tickets.\n"
DATASHEET = "# Datasheet\n\n## Motivation\n\nTickets of 2024.\n"


def kinds(root: Path) -> dict[str, str]:
    return {a.path: a.kind.value for a in build_inventory([root]).artifacts}


@pytest.mark.parametrize("name", ["MODEL_CARD.md", "model-card.md", "modelcard.md", "LLAMA_MODEL_CARD.md",
                                  "MODEL_CARD_VISION.md", "Stable_Diffusion_v1_Model_Card.md", "Model Card.md"])
def test_a_name_holding_model_card_is_a_model_card(name: str) -> None:
    assert classify_name(f"docs/{name}") is NameClass.MODEL_CARD_MD


@pytest.mark.parametrize("name", ["DATASHEET.md", "datasheet_v2.md", "DATA_CARD.md", "dataset-card.md",
                                  "COCO_Datasheet.md"])
def test_a_name_holding_data_card_or_datasheet_is_a_dataset_record(name: str) -> None:
    assert classify_name(name) is NameClass.DATASET_MD


@pytest.mark.parametrize("name, cls", [
    ("impact-assessment.md", NameClass.IMPACT_MD), ("genaiscript-impact-assessment.md", NameClass.IMPACT_MD),
    ("fraud_detector_ai_impact_assessment.md", NameClass.IMPACT_MD),
    ("ranker.impact-assessment.yaml", NameClass.IMPACT_YAML),
    ("impact-assessment-questions.md", None), ("impact-assessment-process.md", None),
    ("impact-assessment-template.md", None), ("orca-assessment-draft.md", None)])
def test_an_assessment_named_for_its_system_is_an_impact_assessment(name: str, cls: NameClass | None) -> None:
    assert classify_name(f"docs/raitools/{name}") is cls


@pytest.mark.parametrize("name", ["model-cards.md", "datasets-cards.md", "model_cardinality.md", "remodel_card.md"])
def test_documents_about_cards_and_other_words_are_not_card_names(name: str) -> None:
    assert classify_name(f"docs/hub/{name}") is None


def test_cards_named_by_pattern_are_found_in_a_repository(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {
        "models/llama3_2/MODEL_CARD_VISION.md": CARD, "Stable_Diffusion_v1_Model_Card.md": CARD,
        "data/COCO_DATASHEET.md": DATASHEET, "docs/model-cards.md": CARD,
    })
    assert kinds(root) == {"models/llama3_2/MODEL_CARD_VISION.md": "model_card",
                           "Stable_Diffusion_v1_Model_Card.md": "model_card",
                           "data/COCO_DATASHEET.md": "dataset_record"}


def test_cards_in_a_folder_of_cards_are_found_whatever_their_names(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {
        "docs/datasheets/hopetwitter.md": DATASHEET, "docs/datasheets/dagw-ft.md": DATASHEET,
        "docs/datasheets/index.md": "# Datasheets\n\nOne page a dataset.\n", "model_cards/tagger.md": CARD,
        "datasheets/template.md": DATASHEET, "notes/hopetwitter.md": DATASHEET,
    })
    assert kinds(root) == {"docs/datasheets/hopetwitter.md": "dataset_record",
                           "docs/datasheets/dagw-ft.md": "dataset_record", "model_cards/tagger.md": "model_card"}


def test_a_readme_whose_keys_name_no_kind_is_a_dataset_card_in_a_datasets_folder(tmp_path: Path) -> None:
    """The I2P benchmark's card has `license: mit` alone over its prose: in datasets/ it describes a dataset."""
    card = "---\nlicense: mit\n---\n# Inappropriate Image Prompts\n\nPrompts collected from a public gallery.\n"
    files = {"datasets/i2p/README.md": card, "models/tagger/README.md": card, "datasets/clip/README.md": card,
             "datasets/clip/model.safetensors": "", "datasets/plain/README.md": card.split("---\n", 2)[2],
             "datasets/tagged/README.md": "---\nlibrary_name: transformers\n---\n# Tagged\n"}
    root = make_git_repo(tmp_path / "repo", files)
    assert kinds(root) == {"datasets/i2p/README.md": "dataset_record", "models/tagger/README.md": "model_card",
                           "datasets/clip/README.md": "model_card", "datasets/clip/model.safetensors": "weights",
                           "datasets/tagged/README.md": "model_card"}
    assert classify_name("datasets/i2p/README.md") is NameClass.README


def test_templates_by_name_or_folder_are_not_artifacts(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {
        "src/hub/templates/modelcard_template.md": CARD, "templates/README.md": "---\nlicense: mit\n---\n" + CARD,
        "docs/MODEL_CARD_TEMPLATE.md": CARD, "{{cookiecutter.repo_name}}/MODEL_CARD.md": CARD,
        "governance/templates/risk-register.yaml": "schema_version: 1\nrisks: []\n", "MODEL_CARD.md": CARD,
    })
    assert kinds(root) == {"MODEL_CARD.md": "model_card"}
    assert template_place("docs/MODEL_CARD_TEMPLATE.md") == "its name says it is a template"
    assert template_place("templates/README.md") == "it is in a 'templates' folder"


def test_a_card_full_of_placeholders_is_a_template_wherever_it_is(tmp_path: Path) -> None:
    jinja = ("---\n{{ card_data }}\n---\n# Model Card for {{ model_id | default(\"Model ID\", true) }}\n\n"
             "## Uses\n\n{{ direct_use | default(\"[More Information Needed]\", true) }}\n")
    spec = ("---\n# Example metadata to be added to a model card.\nlanguage:\n- {lang_0}  # Example: fr\n"
            "license: {license}  # Example: apache-2.0\n---\n\nThis file holds the spec for the metadata.\n")
    root = make_git_repo(tmp_path / "repo", {"MODEL_CARD.md": jinja, "docs/modelcard.md": spec,
                                             "models/a/README.md": "---\nlicense: mit\n---\n" + CARD})
    assert kinds(root) == {"models/a/README.md": "model_card"}


def test_placeholders_left_in_comments_do_not_make_a_card_a_template(tmp_path: Path) -> None:
    """A writer who comments out the template's unfilled sections shows none of them: the card is read."""
    commented = ("---\nlicense: mit\n---\n# Model Card for Tagger\n\n## Uses\n\nTags invoices.\n\n"
                 "<!-- {{ bias_recommendations | default(\"[More Information Needed]\", true)}} -->\n\n"
                 "## Training Details\n\n<!-- {{ preprocessing | default(\"[More Information Needed]\", true)}} -->\n")
    shown = commented.replace("<!-- ", "").replace(" -->", "")
    root = make_git_repo(tmp_path / "repo", {"MODEL_CARD.md": commented, "docs/MODEL_CARD.md": shown})
    assert kinds(root) == {"MODEL_CARD.md": "model_card"}


def test_placeholders_in_code_blocks_are_an_examples_not_a_templates(tmp_path: Path) -> None:
    """A language model's card shows its chat template in a code block: Jinja there is an example of use."""
    chat = ("\n## Prompt format\n\n```python\nTEMPLATE = (\"{% for m in messages %}{{ m['content'] }}{% endfor %}\"\n"
            "            \"{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}\")\n```\n\n"
            "~~~~jinja\n{{ bos_token }}{% for message in messages %}{{ message.content }}{% endfor %}\n~~~~\n")
    assert not_a_card(CARD + chat, readme=True) is None
    template = "# Model Card for {{ model_id }}\n\n## Uses\n\n{{ direct_use }}\n" + chat
    assert not_a_card(template, readme=True) is not None  # placeholders outside the code still make a template
    unclosed = CARD + "\n```\n{{ a }} and {{ b }}\n"  # a fence never closed runs to the end, as CommonMark reads it
    assert not_a_card(unclosed, readme=True) is None
    root = make_git_repo(tmp_path / "repo", {"models/chat/README.md": "---\nlicense: mit\n---\n" + CARD + chat,
                                             "models/chat/model.safetensors": ""})
    assert kinds(root)["models/chat/README.md"] == "model_card"


def test_bibtex_double_braces_and_one_placeholder_do_not_make_a_template() -> None:
    bibtex = CARD + "\n```bibtex\n@article{x,\n  title = {{GLUE}: A Benchmark},\n  title={{RobeCzech}},\n}\n```\n"
    assert not_a_card(bibtex, readme=True) is None
    assert not_a_card(CARD + "\nRun it as `{{ prompt }}`.\n", readme=True) is None
    assert not_a_card(CARD + "\n{{ a }} and {{ b }}\n", readme=False) is not None


@pytest.mark.parametrize("sdk", ["gradio", "streamlit", "docker", "static", '"gradio"'])
def test_a_spaces_readme_is_not_a_model_card(sdk: str, tmp_path: Path) -> None:
    space = f"---\ntitle: Demo\nemoji: 🚀\nsdk: {sdk}\napp_file: app.py\nlicense: mit\n---\n# Demo\n"
    root = make_git_repo(tmp_path / "repo", {"spaces/demo/README.md": space,
                                             "models/m/README.md": "---\nlicense: mit\nsdk_note: x\n---\n# M\n"})
    assert kinds(root) == {"models/m/README.md": "model_card"}


def test_a_croissant_task_is_not_a_dataset_record(tmp_path: Path) -> None:
    context = {"@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/"}
    typed = {"@context": context, "@type": "cr:TaskProblem", "@id": "task", "name": "Insects"}
    holding = {"@context": context, "cr:TaskProblem": {"@type": "cr:TaskProblem", "@id": "t", "name": "Insects"}}
    wrong = {"@context": context, "@type": "sc:WRONG", "name": "d"}
    root = make_git_repo(tmp_path / "repo", {"task/croissant.json": json.dumps(typed),
                                             "other/croissant.json": json.dumps(holding),
                                             "wrong/croissant.json": json.dumps(wrong)})
    inventory = build_inventory([root])
    # A document of another schema.org type is still a dataset record, with a wrong type (CR101).
    assert [a.path for a in inventory.artifacts] == ["wrong/croissant.json"]
    assert not inventory.problems


def test_ambiguous_extensions_are_weights_only_in_a_model_context(tmp_path: Path) -> None:
    root = make_git_repo(tmp_path / "repo", {
        "assets/lookup.pkl": b"\0", "data/vocab.pkl": b"\0", "data/MNIST/processed/training.pt": b"\0",
        "proto/descriptor.pb": b"\0", "tools/firmware.bin": b"\0",
        "model.pkl": b"\0", "export/saved_model.pb": b"\0", "hf/pytorch_model.bin": b"\0",
        "runs/exp/weights/best.pt": b"\0", "out/checkpoint-500/optimizer.pt": b"\0",
        "ft/model.safetensors": b"\0", "ft/training_args.bin": b"\0", "onnx/net.onnx": b"\0",
    })
    weights = sorted(path for path, kind in kinds(root).items() if kind == "weights")
    assert weights == ["export/saved_model.pb", "ft/model.safetensors", "ft/training_args.bin", "hf/pytorch_model.bin",
                       "model.pkl", "onnx/net.onnx", "out/checkpoint-500/optimizer.pt", "runs/exp/weights/best.pt"]


def test_weights_beside_sure_weights_are_weights_but_not_across_folders() -> None:
    assert model_weights(["a/b.bin", "a/c.safetensors", "d/e.bin"]) == ["a/b.bin", "a/c.safetensors"]


def test_each_named_file_that_gives_nothing_gets_one_line_saying_why(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_git_repo(tmp_path / "repo", {
        "assets/lookup.pkl": b"\0", "templates/MODEL_CARD.md": CARD,
        "space/README.md": "---\nsdk: gradio\nlicense: mit\n---\n# Demo\n",
        "LLAMA_MODEL_CARD.md": "# Model Card for {{ model_id }}\n\n{{ model_summary }}\n",
        "notes.txt": "hello\n", "MODEL_CARD.md": CARD,
    })
    named = ["assets/lookup.pkl", "templates/MODEL_CARD.md", "space/README.md", "LLAMA_MODEL_CARD.md", "notes.txt",
             "MODEL_CARD.md"]
    monkeypatch.chdir(root)
    inventory = build_inventory(named)
    assert [a.path for a in inventory.artifacts] == ["MODEL_CARD.md"]
    lines = [n.text for n in inventory.notices]
    assert len(lines) == 5
    told = {name: next(line for line in lines if line.startswith(name + " ")) for name in named[:5]}
    assert "not taken for model weights" in told["assets/lookup.pkl"] and ".pkl" in told["assets/lookup.pkl"]
    assert "'templates' folder" in told["templates/MODEL_CARD.md"]
    assert "Space's README (sdk: gradio)" in told["space/README.md"]
    assert "placeholders ({{ model_id }}, {{ model_summary }})" in told["LLAMA_MODEL_CARD.md"]
    assert "not a file aims-lint reads" in told["notes.txt"]
    assert all(line.startswith(name) and line.endswith("nothing checked in it") for name, line in told.items())


FILLED_DATASHEET = """\
# Datasheet for Urban Legends

## Motivation

### For what purpose was the dataset created?

To study how hazards are shared within urban legends.

## Composition

### Does the dataset contain data that might be considered confidential?

No: every legend was already public on SNOPES.

## Collection Process

### What mechanisms or procedures were used to collect the data?

The legends were scraped from the SNOPES archive in 2014.

## Uses

### Has the dataset been used for any tasks already?

Hazard classification.

### Who created the dataset?

The Hazards project at USC.
"""


def test_a_filled_in_datasheet_that_kept_the_template_s_name_is_read(tmp_path: Path) -> None:
    """The "Datasheets for Datasets" template is copied and answered under its own name in several public
    repositories; a copy that answers is a dataset record, one left unanswered stays a template."""
    blank = "\n".join(line for line in FILLED_DATASHEET.split("\n") if line.startswith("#")) + "\n"
    root = make_git_repo(tmp_path / "repo", {"urban_legends/datasheet-for-dataset-template.md": FILLED_DATASHEET,
                                             "blank/datasheet-for-dataset-template.md": blank,
                                             "templates/datasheet.md": FILLED_DATASHEET})
    assert kinds(root) == {"urban_legends/datasheet-for-dataset-template.md": "dataset_record"}
    told = subprocess.run([sys.executable, "-m", "aims_lint", "check", "blank/datasheet-for-dataset-template.md"],
                          cwd=root, capture_output=True, text=True)
    assert "is not read as a card: its name says it is a template, and fewer than 3 of a card's fields are filled " \
        "in" in told.stderr


def test_a_readme_with_only_a_licence_that_speaks_of_its_data_is_a_dataset_card(tmp_path: Path) -> None:
    """The shape of a public dataset card: `license:` alone in its front matter, a body that says what the
    repository holds and speaks of 'our dataset'; a model's README under the same front matter stays a model
    card."""
    data = ("---\nlicense: cc-by-nc-4.0\n---\n\nThis repository contains the synthetic data used in the paper.\n\n"
            "# Term of Use\nOur dataset is derived from the PartNet-Mobility dataset. Researchers shall use our "
            "dataset only for research.\n")
    model = ("---\nlicense: mit\n---\n\nThis repository holds a segmentation model trained on the PartNet dataset.\n\n"
             "# Training\nThe dataset was split 80/20; the dataset's labels were checked; see the dataset card.\n")
    root = make_git_repo(tmp_path / "repo", {"sim/README.md": data, "seg/README.md": model})
    assert kinds(root) == {"sim/README.md": "dataset_record", "seg/README.md": "model_card"}
