"""Cards read the way people write them: each pattern of heading, label, table, sentence and weak content, on a
small card written for it, read by the real adapter (and judged by the real rules where the finding matters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_tree

from aims_lint.adapters.markdown_card import adapt_markdown
from aims_lint.engine import RunOptions, run
from aims_lint.model import Artifact, Field, FieldState
from aims_lint.packs import load_rules
from aims_lint.parse.markdown import STRUCTURE_LINES, parse_body
from aims_lint.read import build_inventory

RULES = load_rules()
FRONT = "---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n"


def card(body: str, *, front: str = FRONT) -> Artifact:
    result = adapt_markdown("README.md", front + body, kind_hint=None, beside_weights=True, readme=True)
    assert result.artifact is not None
    return result.artifact


def dataset(body: str) -> Artifact:
    result = adapt_markdown("DATASHEET.md", body, kind_hint=None, beside_weights=False, readme=False)
    assert result.artifact is not None
    return result.artifact


def field(artifact: Artifact, name: str) -> Field:
    assert name in artifact.fields, sorted(artifact.fields)
    return artifact.fields[name]


def line_of(artifact: Artifact, text: str, body: str, front: str = FRONT) -> int:
    return (front + body).split("\n").index(text) + 1


def findings(tmp_path: Path, files: dict[str, str], *rules: str) -> list[tuple[str, str, int, str]]:
    root = write_tree(tmp_path / "repo", files)
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset(rules)))
    return [(f.rule_id, f.location.path, f.location.line, f.message) for f in report.findings]


# --- headings ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "names"),
    [
        ("## Intended uses & limitations", {"intended_use", "limitations"}),
        ("## Considerations and Limitations", {"limitations"}),
        ("## Responsible AI Considerations", {"limitations"}),
        ("## Broader Implications", {"limitations"}),
        ("## Calibration and failure modes", {"limitations"}),
        ("## Uses and Limitations", {"intended_use", "limitations"}),
        ("#### Out-of-scope use cases", {"out_of_scope_use"}),
        ("### Misuse, Malicious Use, and Out-of-Scope Use", {"out_of_scope_use"}),
        ("## 3. How to use", {"usage"}),
        ("## Benchmarks \\- English Text", {"evaluation_metrics"}),
        ("### Evaluation <!-- omit in toc -->", {"evaluation_metrics"}),
        ("## **Training Data**", {"training_data"}),
        ("## [Limitations](#limitations)", {"limitations"}),
        ("## 🔒 Model Card Contact", {"contact"}),
        ("### Evaluated Use", {"intended_use"}),
        ("### Use cases to avoid", {"out_of_scope_use"}),
        ("### Inappropriate uses", {"out_of_scope_use"}),
        ("## Model Versions", {"version"}),
        ("Training Data\n-------------", {"training_data"}),
        ("## 3. Not Intended For", {"out_of_scope_use"}),
        ("## Uso previsto", {"intended_use"}),
        ("### Usos previstos y limitaciones", {"intended_use", "limitations"}),
        ("## Limitaciones y riesgos", {"limitations"}),
        ("## 💾 Données d'Entraînement", {"training_data"}),
        ("### Resultados de evaluación", {"evaluation_metrics"}),
        ("### Datos de Entrenamiento", {"training_data"}),
        ("### Dati di Addestramento", {"training_data"}),
        ("## Dados de Treinamento", {"training_data"}),
        ("## 局限性", {"limitations"}),
        ("## 模型局限性", {"limitations"}),
        ("## 评测结果", {"evaluation_metrics"}),
        ("## 使用方式", {"usage"}),
        ("## Use with llama.cpp", {"usage"}),
    ],
)
def test_a_heading_feeds_every_field_it_names(heading: str, names: set[str]) -> None:
    body = f"# m\n\n{heading}\n\nThe model reaches 91.2% accuracy on the held-out set of 2024 claims.\n"
    artifact = card(body)
    title_line = line_of(artifact, heading.split("\n")[0], body)
    fed = {n for n, f in artifact.fields.items() if f.location.line == title_line and f.present}
    assert fed == names


def test_headings_at_any_level_with_the_text_of_their_subsections() -> None:
    body = "# m\n\n## Uses\n\n### Details\n\n###### Out-of-Scope Use\n\nNot for credit decisions.\n"
    artifact = card(body)
    assert field(artifact, "out_of_scope_use").location.line == line_of(artifact, "###### Out-of-Scope Use", body)
    assert field(artifact, "intended_use").present  # 'Uses' holds what its subsections say


def test_not_intended_uses_are_out_of_scope_not_intended() -> None:
    artifact = card("# m\n\n## Out-of-Scope Uses\n\nNot for medical advice.\n")
    assert field(artifact, "out_of_scope_use").present
    assert "intended_use" not in artifact.fields


def test_framework_versions_are_no_model_version() -> None:
    artifact = card("# m\n\n### Framework versions\n\n- Transformers 4.30.2\n- Pytorch 2.0.1\n")
    assert "version" not in artifact.fields


def test_a_licence_heading_in_german_states_the_licence() -> None:
    assert field(card("# m\n\n## Lizenz\n\nApache 2.0\n", front=""), "license").present


def test_a_title_naming_a_version_states_it() -> None:
    artifact = card("# Stable Diffusion v1-4 Model Card\n\nText-to-image.\n")
    assert field(artifact, "version").present and field(artifact, "version").origin == "title"
    assert "version" not in card("# Cerebras-GPT 13B\n\nA language model.\n").fields
    # The RL Zoo's title names the environment's version, not the agent's.
    assert "version" not in card("# **PPO** Agent playing **LunarLander-v2**\n\nAn agent.\n").fields
    assert field(card("# PPO v2 Agent playing **LunarLander-v2**\n\nAn agent.\n"), "version").origin == "title"


# --- label lines -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "value"),
    [
        ("**Model Developers** Meta", "owner", "Meta"),
        ("**Model Developer:** NVIDIA", "owner", "NVIDIA"),
        ("- **Developed by:** [Platform ML](https://example.com)", "owner", "Platform ML"),
        ("**Out-of-scope Uses** Use in any manner that violates applicable laws.", "out_of_scope_use",
         "Use in any manner that violates applicable laws."),
        ("* dataset: opus", "training_data", "opus"),
        ("License: MIT", "license", "MIT"),
        ("__Intended Use Cases__: assistant-like chat", "intended_use", "assistant-like chat"),
        ("\u274c **Out-of-Scope Uses:** Medical or legal advice.", "out_of_scope_use", "Medical or legal advice."),
        ("- \u26a0\ufe0f **Limitations:** It invents citations.", "limitations", "It invents citations."),
        ("\u2705 Intended use: customer-support chat", "intended_use", "customer-support chat"),
    ],
)
def test_a_label_line_gives_its_value(line: str, name: str, value: str) -> None:
    body = f"# m\n\n## Model Details\n\n{line}\n"
    found = field(card(body, front=""), name)
    assert found.present and found.value == value
    assert found.location.line == body.split("\n").index(line) + 1


def test_a_label_alone_takes_the_paragraph_after_it() -> None:
    body = "# m\n\n**Training Data**\n\nClaims filed in 2023, from the claims warehouse.\n\n**Version:**  \n2.1\n"
    artifact = card(body, front="")
    training = field(artifact, "training_data")
    assert training.present and "claims warehouse" in training.value
    assert training.location.line == 3
    assert field(artifact, "version").value == "2.1"


def test_a_label_ending_in_a_colon_takes_the_list_after_it() -> None:
    body = "# m\n\n**Training Data**\nThe model was trained on:\n\n- LAION-2B (en)\n- subsets thereof\n"
    training = field(card(body, front=""), "training_data")
    assert training.present and "LAION-2B" in training.value


def test_a_label_named_by_a_field_s_sentence_phrase_takes_the_list_after_it() -> None:
    # '**Finetuned on data:**' is no heading of the training data, but it opens the sentence that states it.
    body = ("# m\n\n## Model Details\n\n- **Base model:** a small coder\n- **Finetuned on data:**\n"
            "  - [Forum answers](https://example.org/answers)\n  - [Code reviews](https://example.org/reviews)\n"
            "- **Serving:** any\n")
    training = field(card(body, front=""), "training_data")
    assert training.present and "Forum answers" in training.value and "Serving" not in training.value
    assert training.location.line == 6
    empty = body.replace("  - [Forum answers](https://example.org/answers)\n  - [Code reviews](https://example.org/"
                         "reviews)\n", "")
    assert not field(card(empty, front=""), "training_data").present


def test_a_bold_label_takes_the_list_of_labels_after_it_up_to_the_next_bold_label() -> None:
    # A datasheet's '**License.**' over '- Code: MIT.' and '- Texts: CC BY-SA 4.0.': the items are its value.
    body = ("# m\n\n## Distribution\n\n**License.**\n- Code: MIT.\n- Texts: CC BY-SA 4.0 (from Wikipedia).\n\n"
            "**Format.** JSONL.\n")
    found = field(card(body, front=""), "license")
    assert found.present and "Code: MIT." in found.value and "CC BY-SA" in found.value
    assert "JSONL" not in found.value


def test_an_empty_label_before_another_label_has_no_content(tmp_path: Path) -> None:
    body = "# m\n\n## Model Details\n\n- **Developed by:**\n- **Funded by:** a grant\n"
    assert field(card(body), "owner").state is FieldState.EMPTY


@pytest.mark.parametrize("body", [
    "# Tabular model\n\nIntended use\n- Classification of heart-disease records.\n",
    "# Tabular model\n\nIntended Use\n\nClassification of heart-disease records.\n",
    "# Tabular model\n\nA random forest.\nIntended Use\n\nClassification of heart-disease records.\n",
    "# Tabular model\n\nIntended use\nClassification of heart-disease records.\n",
])
def test_a_title_written_as_a_plain_line_is_a_label(body: str) -> None:
    found = field(card(body, front=""), "intended_use")
    assert found.present and found.value == "Classification of heart-disease records."
    assert found.location.line == [line.lower() for line in body.split("\n")].index("intended use") + 1


@pytest.mark.parametrize("body", [
    "# Tabular model\n\nIntended use cases we tried\n- Classification of heart-disease records.\n",
    "# Tabular model\n\nThanks to the data team\n\nIntended for nothing in particular.\n",
    "# Tabular model\n\nWe trained it.\nmore intended use\n\nClassification of heart-disease records.\n",
])
def test_a_plain_line_that_is_not_wholly_a_field_s_name_is_no_label(body: str) -> None:
    found = card(body, front="").fields.get("intended_use")
    assert found is None or found.origin != "'Intended use cases we tried' line"
    assert found is None or "line" not in found.origin


def test_plain_lines_after_a_label_are_its_value_not_labels_that_end_it() -> None:
    body = "# m\n\n**Training Data**\n\nWikipedia\n\nBooks\n"
    assert field(card(body, front=""), "training_data").value == "Wikipedia\n\nBooks"


def test_a_sentence_ending_in_a_colon_is_no_label() -> None:
    body = "# m\n\nThe format of `data.jsonl` should be:\n\n```\n{}\n```\n\nCredits for evaluation: https://x.org\n"
    artifact = card(body, front="")
    assert "training_data" not in artifact.fields and "evaluation_metrics" not in artifact.fields


def test_a_sentence_ending_in_a_colon_before_code_states_what_it_says() -> None:
    body = ("# Hubert\n\n# Usage\n\nThe model can be used for automatic speech recognition as follows:\n\n"
            "```python\nmodel = HubertForCTC.from_pretrained('facebook/hubert-large-ls960-ft')\n```\n")
    found = field(card(body, front=""), "intended_use")
    assert found.present and found.origin == "sentence"


def test_a_label_line_of_a_paragraph_of_labels() -> None:
    body = "# m\n\n**Developed by:** Payments ML\n**License:** MIT\n**Version:** 3\n"
    artifact = card(body, front="")
    assert [field(artifact, n).location.line for n in ("owner", "license", "version")] == [3, 4, 5]


# --- tables ------------------------------------------------------------------------------------------------------


def test_a_results_table_gives_metrics_and_the_datasets_it_names() -> None:
    body = ("# m\n\n## Benchmarks\n\n| Benchmark | Llama 3 8B | Llama 2 7B |\n|---|---|---|\n"
            "| MMLU (5-shot) | 66.6 | 45.7 |\n| GSM-8K | 79.6 | 25.7 |\n")
    artifact = card(body)
    assert field(artifact, "evaluation_metrics").present
    data = field(artifact, "evaluation_data")
    assert data.present and data.value == ["GSM-8K", "MMLU (5-shot)"]


def test_a_table_of_metrics_anywhere_gives_results() -> None:
    body = ("# m\n\n## Training procedure\n\n| Epoch | Validation Loss | Accuracy |\n|---|---|---|\n"
            "| 1.0 | 0.27 | 0.894 |\n")
    assert field(card(body), "evaluation_metrics").present


def test_a_column_of_metrics_names_has_its_results_in_the_rest_of_each_row() -> None:
    body = "# Tagger\n\nIt tags invoices.\n\n| Metric | Official test result |\n|---|---:|\n| MAE | 14.1259 |\n"
    assert field(card(body), "evaluation_metrics").present
    unmeasured = body.replace("14.1259", "to be measured")
    assert not field(card(unmeasured), "evaluation_metrics").present


def test_a_header_row_of_datasets_names_the_evaluation_data() -> None:
    body = ("# m\n\n## Evaluation results\n\n| Task | MNLI | QQP | SST-2 |\n|:---:|:---:|:---:|:---:|\n"
            "|      | 84.6 | 71.2 | 93.5 |\n")
    assert field(card(body), "evaluation_data").value == ["MNLI", "QQP", "SST-2"]


def test_an_html_results_table_is_read() -> None:
    body = ("# m\n\n## Benchmarks\n\n<table>\n  <tr>\n   <td><strong>Benchmark</strong></td>\n"
            "   <td><strong>Ours</strong></td>\n  </tr>\n  <tr>\n   <td>MMLU (5-shot)</td>\n   <td>66.6</td>\n"
            "  </tr>\n</table>\n")
    artifact = card(body)
    assert field(artifact, "evaluation_metrics").present and field(artifact, "evaluation_data").value == [
        "MMLU (5-shot)"]


def test_a_comparison_of_models_by_measured_values_gives_results_but_no_evaluation_data() -> None:
    # Rows of models, columns of measures, under a heading that names no field: the decimals are results, but the
    # columns ('Prompt Fidelity (%)') need not be benchmarks.
    body = ("# Painter\n\n## How we compare\n\n| Model | Open weights | Prompt Fidelity (%) | Sharpness (%) |\n"
            "|---|---|---|---|\n| Painter | yes | 71.5 | 88.0 |\n| Other painter | no | 69.2 | 90.4 |\n")
    artifact = card(body)
    assert field(artifact, "evaluation_metrics").present
    assert "evaluation_data" not in artifact.fields


def test_a_table_of_model_sizes_gives_no_results() -> None:
    body = ("# Family\n\n## The models\n\n| Model | Layers | Hidden size | Heads |\n|---|---|---|---|\n"
            "| small | 12 | 768 | 12 |\n| large | 32 | 4096 | 32 |\n")
    assert "evaluation_metrics" not in card(body).fields


def test_a_table_of_details_gives_fields_by_row_and_by_column() -> None:
    body = ("# m\n\n| | |\n|---|---|\n| Developed by | Payments ML |\n| License | MIT |\n\n"
            "| Training Data | Params |\n|---|---|\n| Card transactions of 2024 | 8B |\n")
    artifact = card(body, front="")
    assert field(artifact, "owner").value == "Payments ML" and field(artifact, "license").value == "MIT"
    assert field(artifact, "training_data").value == "Card transactions of 2024"


def test_a_long_table_of_records_gives_no_fields_by_column() -> None:
    rows = "".join(f"| lang{i} | {i} | {i} |\n" for i in range(6))
    body = f"# Dataset Card for d\n\n| name | train | validation |\n|---|---|---|\n{rows}"
    assert "quality" not in dataset(body).fields


def test_a_long_table_gives_a_field_by_a_column_headed_by_its_name_alone() -> None:
    rows = "".join(f"| model-{i} | {i}00M | CCNet ({i} GB of text) | {i}0K |\n" for i in range(6))
    body = ("# m\n\n## Pre-trained models\n\n| Model | #params | Training data | Training data size |\n"
            f"|---|---|---|---|\n{rows}")
    found = field(card(body, front=""), "training_data")
    assert found.present and found.origin == "'Training data' column" and "CCNet (3 GB of text)" in found.value


def test_a_long_table_column_headed_by_more_than_a_field_name_gives_no_field() -> None:
    rows = "".join(f"| model-{i} | {i}0K |\n" for i in range(6))
    body = f"# m\n\n| Model | Training data size |\n|---|---|\n{rows}"
    assert "training_data" not in card(body, front="").fields


# --- sentences ---------------------------------------------------------------------------------------------------


def test_a_sentence_saying_what_the_model_is_used_to_do_states_its_intended_use() -> None:
    body = "# Chinese Poem GPT2 Model\n\n## Model description\n\nThe model is used to generate Chinese ancient poems.\n"
    found = field(card(body), "intended_use")
    assert found.present and found.origin == "sentence"
    assert "intended_use" not in card("# m\n\n## Training\n\nThe tokenizer splits words into pieces.\n").fields


def test_prose_states_the_intended_users_and_the_out_of_scope_uses() -> None:
    body = ("# m\n\n## Model Use\n\nThe primary intended users of these models are AI researchers.\n\n"
            "The model should not be used to make decisions about people.\n")
    artifact = card(body)
    assert field(artifact, "users").present and field(artifact, "users").origin == "sentence"
    assert field(artifact, "out_of_scope_use").present


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        # A reinforcement-learning agent: the game it plays is its task and the environment it was trained in.
        ("This is a trained model of a **PPO** agent playing **CartPole-v1**.", {"intended_use", "training_data"}),
        ("It is ready to be used for **Named Entity Recognition** on Dutch texts.", {"intended_use"}),
        ("Tagger is useful for applications such as entity linking and search.", {"intended_use"}),
        ("The model is meant for research on questionnaire-based risk flagging.", {"intended_use"}),
        ("Tagger can understand invoices and receipts scanned at low resolution.", {"intended_use"}),
        ("Tagger is an instruction-following large language model.", {"intended_use"}),
        ("We present Painter, a text-to-image diffusion transformer.", {"intended_use"}),
        ("The model is intended for research purposes only.", {"intended_use", "users", "out_of_scope_use"}),
        ("Tagger is intended for commercial and research use in English.", {"users"}),
        ("For tasks such as text generation you should look at a model like GPT2.", {"out_of_scope_use"}),
        ("Its outputs are toxic, so we do not recommend this usage.", {"out_of_scope_use"}),
        ("Because of its biases, we don't support use-cases that require the generated text to be true.",
         {"out_of_scope_use"}),
        ("You can't use the model to deliberately produce nor share illegal or harmful outputs.",
         {"out_of_scope_use"}),
        ("In particular, we caution against using Tagger where exact totals are critical.", {"out_of_scope_use"}),
        ("The weights are provided for research purposes only, and CANNOT be used commercially.",
         {"out_of_scope_use"}),
        ("Tagger may not be used commercially.", {"out_of_scope_use"}),
        ("Out-of-scope uses include handwritten notes or safety-critical bookkeeping.", {"out_of_scope_use"}),
        ("It is not validated for handwritten invoices or real-time payment control.", {"out_of_scope_use"}),
        ("Tagger must not be used alone to approve payments.", {"out_of_scope_use"}),
        ("Disclaimer: this model card has been written by the Hugging Face team.", {"contact"}),
        ("The intended direct users of Tagger are developers who access it through the billing API.", {"users"}),
        ("Researchers at Acme developed the model by fine-tuning Tagger-base on invoices.", {"owner"}),
        ("Intended to be used by accountants who read scanned invoices.", {"users"}),
        ("This model is not intended to be used as a classifier of any sort.", {"out_of_scope_use"}),
        ("These models are explicitly not intended to generate images of people.", {"out_of_scope_use"}),
        ("All outputs must be reviewed by a qualified accountant before they are booked.", {"human_oversight"}),
        ("We recommend having a human curate or filter the outputs before releasing them.", {"human_oversight"}),
        ("We recommend having a human curate the outputs of this language model before presenting it to other "
                 "people.", {"human_oversight"}),
        ("Model trained on clinical notes with names tagged.", {"training_data"}),
        ("Tagger is not perfect at the moment: it confuses dates with amounts.", {"limitations"}),
        ("Tagger is currently only available for English invoices.", {"limitations"}),
    ],
)
def test_sentences_state_the_fields_where_a_sentence_is_the_usual_form(sentence: str, names: set[str]) -> None:
    artifact = card(f"# Tagger\n\n{sentence}\n")
    stated = {n for n, f in artifact.fields.items() if f.present and f.origin == "sentence"}
    assert names <= stated, stated


@pytest.mark.parametrize("sentence", [
    "The Tagger model has not been filtered for offensive content.",
    "Tagger models have not been tuned for handwritten invoices and will misread them.",
    "The model hasn't been evaluated on its own, only inside the billing pipeline.",
    "Since the model has not been purposefully trained in languages other than English, expect errors.",
    "Most labels score well, whilst others (such as 'late fee') perform very poorly.",
    "The model does not perform well on rotated scans.",
    "Tagger struggles with: handwriting, stamps and faint print.",
    "Other kinds of documents don't work well.",
])
def test_a_sentence_saying_what_the_model_was_not_made_or_tested_for_states_a_limitation(sentence: str) -> None:
    found = field(card(f"# Tagger\n\n## About\n\n{sentence}\n"), "limitations")
    assert found.present and found.origin == "sentence"


@pytest.mark.parametrize("sentence", [
    "The invoices used to train this model have not been released as a dataset.",
    "The model has been tested on scanned invoices.",
    "The weights have not been uploaded for now; they will follow.",
    "The model performs well on scanned invoices and works well on receipts.",
])
def test_what_was_not_published_or_what_was_done_states_no_limitation(sentence: str) -> None:
    assert "limitations" not in card(f"# Tagger\n\n## About\n\n{sentence}\n").fields


def test_a_sentence_that_says_what_the_model_covers_states_no_limitation() -> None:
    artifact = card("# Tagger\n\nTagger is available for English invoices.\n")
    assert "limitations" not in artifact.fields or not field(artifact, "limitations").present


@pytest.mark.parametrize("sentence", [
    "Tagger is a family of models for invoices, intended to assist accounting research and audit tools.",
    "The model is intended to be used to label scans for research and personal archives.",
    "The primary intended use is to further research into document understanding.",
    "Tagger is designed for bookkeepers and data analysts as well as method developers.",
    "The model is designed to help billing, audit and collections teams find unpaid invoices.",
    "It is designed to help finance business partners and loan officers prioritise overdue invoices.",
])
def test_a_sentence_saying_the_model_is_for_research_or_for_people_of_a_trade_names_its_users(sentence: str) -> None:
    found = field(card(f"# Tagger\n\n{sentence}\n"), "users")
    assert found.present and found.origin == "sentence"


def test_a_model_not_intended_for_research_or_research_without_intent_names_no_users() -> None:
    for sentence in ("The model is not intended for research on people.",
                     "We thank the research community. The model is intended for tagging invoices.",
                     "Tagger is not designed for analysts.", "Tagger is designed for scanned invoices of any size."):
        assert "users" not in card(f"# Tagger\n\n{sentence}\n").fields, sentence


@pytest.mark.parametrize("sentence", [
    "Tagger may misread totals. Users should be aware of this and verify any amount it reports.",
    "Clerks are people too: a reviewer must approve every invoice Tagger marks as paid.",
    "Tagger runs as a human-in-the-loop workflow.",
    "Totals may be wrong; users should verify.",
    "Some steps depend on human judgement, which keeps the process flexible.",
    "Human review is required before an invoice Tagger marks as fraud is rejected.",
    "Amounts it extracts should be reviewed by a human before payment.",
    "Tagger must not be used to pay invoices without human review.",
    "Each flagged invoice must be verified by an analyst.",
    "Deployed use in real-world payment systems without human supervision is currently out of scope.",
    "Standalone booking without expert oversight is not supported.",
    "Human review is recommended for critical applications.",
    "Implement content filtering and human oversight when deploying Tagger for customers.",
    "Always review and validate the extracted totals before use.",
    "Route low-confidence invoices to human review.",
    "Any use in payment runs must involve review by a qualified accountant.",
    "Outputs should not be the sole basis for payment without review by a qualified professional.",
    "Not a replacement for human decision-making.",
    "Tagger is not a substitute for human judgement on disputed invoices.",
    "Not intended for: rejecting invoices without human/secondary checks.",
])
def test_a_sentence_telling_people_to_check_the_output_states_human_oversight(sentence: str) -> None:
    found = field(card(f"# Tagger\n\n## Risks\n\n{sentence}\n"), "human_oversight")
    assert found.present and found.origin == "sentence"


@pytest.mark.parametrize("sentence", [
    "Many totals it reports will not be true, so they should be checked.",
    "An automatic filter must review every output.",
    "Users should install the package before they check out the code.",
    "The model was reviewed by the safety team in May.",
    "We ran a human review of 100 invoices and found 3 errors.",
    "The review by the safety team found no issue.",
    "Totals should be checked by the automatic filter.",
    "Tagger is a replacement for human data entry.",
    "Tagger runs without human input and without checks.",
])
def test_facts_to_check_without_a_person_or_a_check_unasked_is_no_oversight(sentence: str) -> None:
    assert "human_oversight" not in card(f"# Tagger\n\n## Risks\n\n{sentence}\n").fields


@pytest.mark.parametrize(("sentence", "name"), [
    ("This model was trained by [Ledger Labs](https://example.org).", "owner"),
    ("It was fine-tuned by Ledger Labs on their own cluster.", "owner"),
    ("Content for this model card has partly been written by the 🤗 Ledger team.", "contact"),
    ("This model card was written by the Ledger team.", "contact"),
])
def test_a_sentence_saying_who_made_the_model_or_wrote_its_card_names_them(sentence: str, name: str) -> None:
    found = field(card(f"# Ledger\n\n{sentence}\n"), name)
    assert found.present and found.origin == "sentence"


@pytest.mark.parametrize("title", [
    "### Craig-style Dreambooth model trained by kagerage with [TheLastBen's fast-DreamBooth](https://example.org)",
    "# Vintedois (22h) Diffusion model trained by [Predogl](https://example.org) and piEsposito",
])
def test_a_title_saying_who_trained_the_model_names_its_owner(title: str) -> None:
    found = field(card(f"{title}\n\nA style model.\n"), "owner")
    assert found.present and found.origin == "title" and found.location.line == len(FRONT.split("\n"))


@pytest.mark.parametrize("title", ["# Diffusion model trained by using LoRA", "# A model made by a notebook",
                                   "# Data trained by Kagerage"])
def test_a_title_of_training_without_a_trainer_or_a_model_names_nobody(title: str) -> None:
    assert "owner" not in card(f"{title}\n\nA style model.\n").fields


@pytest.mark.parametrize("sentence", [
    "The embedding model is trained by projecting a random vector onto the latent space.",
    "Any derivative works of the model that are made by you are yours.",
    "The content you see was written by the LLM.",
])
def test_a_making_without_a_maker_s_name_or_not_of_the_model_names_nobody(sentence: str) -> None:
    fields = card(f"# Ledger\n\n{sentence}\n").fields
    assert "owner" not in fields and "contact" not in fields


def test_a_sentence_that_is_not_intended_for_research_names_no_users() -> None:
    # 'intended for' alone states a use, not who uses it.
    artifact = card("# Tagger\n\nThe model is intended for tagging invoices.\n")
    assert field(artifact, "intended_use").present and "users" not in artifact.fields


@pytest.mark.parametrize("heading", ["## Model Date", "### Release date", "**Model Release Date**"])
def test_a_release_date_identifies_the_version(heading: str) -> None:
    artifact = card(f"# Tagger\n\n{heading}\n\nMay 5, 2023\n")
    assert field(artifact, "version").present


@pytest.mark.parametrize(
    "entry",
    ["**2023-01-02:** Trained a little more. Check out [mk3.safetensors](mk3.safetensors).",
     "[2024/01/04] We published the 33B weights trained from the base model."],
)
def test_an_entry_of_a_dated_change_log_identifies_the_version(entry: str) -> None:
    body = f"# Painter\n\n{entry}\n"
    found = field(card(body), "version")
    assert found.present and found.location.line == line_of(card(body), entry, body)
    # A date inside a sentence, or a date that is no day, opens no entry.
    for text in ("We trained it on 2023-01-02: one day.", "**2023-13-45:** Trained a little more."):
        fields = card(f"# Painter\n\n{text}\n").fields
        assert "version" not in fields or not fields["version"].present, text


TRAINER = ("This model is a fine-tuned version of [distilbert-base-uncased](https://huggingface.co/distilbert-base-"
           "uncased) on {dataset} dataset.\nIt achieves the following results on the evaluation set:\n\n"
           "- Loss: 0.7725\n- Accuracy: 0.9174\n")


def test_a_trainer_card_names_its_training_and_evaluation_data_in_its_opening_sentence() -> None:
    artifact = card("# clinc-tagger\n\n" + TRAINER.format(dataset="the clinc_oos"))
    assert field(artifact, "training_data").value == "clinc_oos"
    assert field(artifact, "evaluation_data").value == ["clinc_oos"]


def test_a_trainer_sentence_beats_a_placeholder_section() -> None:
    body = ("# ro-asr\n\n" + TRAINER.format(dataset="an common voice ro and RSS")
            + "\n## Training and evaluation data\n\nMore information needed\n")
    assert field(card(body), "training_data").value == "common voice ro and RSS"


@pytest.mark.parametrize("dataset", ["an unknown", "the None"])
def test_a_trainer_sentence_on_an_unknown_dataset_names_none(dataset: str) -> None:
    artifact = card("# clinc-tagger\n\n" + TRAINER.format(dataset=dataset))
    assert "training_data" not in artifact.fields and "evaluation_data" not in artifact.fields


def test_a_result_written_in_a_sentence_is_an_evaluation_metric_with_its_benchmark() -> None:
    body = ("# MedLM\n\nMedLM achieves a new state of the art of 50.3% accuracy on the MedQA question answering "
            "task. It was released in 2023.\n")
    artifact = card(body)
    assert field(artifact, "evaluation_metrics").origin == "sentence"
    assert field(artifact, "evaluation_data").value == ["MedQA"]


def test_a_result_sentence_in_a_results_section_names_its_benchmark() -> None:
    body = ("# Detector\n\n## Evaluation results\n\nThis model achieves an AP (average precision) of **42.0** on "
            "COCO 2017 validation.\n")
    artifact = card(body)
    assert field(artifact, "evaluation_metrics").origin == "section 'Evaluation results'"
    assert field(artifact, "evaluation_data").value == ["COCO 2017"]
    # The card's own 'Testing Data' section, left a placeholder, stays its answer.
    placeholder = card(body + "\n### Testing Data\n\n[More Information Needed]\n")
    assert field(placeholder, "evaluation_data").state is FieldState.PLACEHOLDER


def test_a_result_sentence_beats_a_section_with_no_number() -> None:
    body = ("# m\n\n## Performance\n\nWe evaluated the model on a wide range of benchmarks.\n\n"
            "## Bias and Fairness\n\nWe found accuracy >96% across all races for gender classification.\n")
    assert field(card(body), "evaluation_metrics").present


@pytest.mark.parametrize("sentence", [
    "It achieves a loss of 0.27 after 3.5 epochs.",  # a loss is no result
    "Trained for 2.5 days on 8 GPUs with a learning rate of 0.001.",  # numbers with no metric
    "We measure accuracy on many benchmarks.",  # a metric with no number
])
def test_a_sentence_without_a_metric_and_its_number_is_no_result(sentence: str) -> None:
    assert "evaluation_metrics" not in card(f"# m\n\n{sentence}\n").fields


def test_the_data_a_sentence_says_results_were_evaluated_on_is_the_evaluation_data() -> None:
    body = "# m\n\nEvaluated using 50 PLMS steps and 10000 random prompts from the COCO2017 validation set.\n"
    assert field(card(body), "evaluation_data").origin == "sentence"


def test_a_section_that_says_more_information_needed_is_not_overruled_by_prose() -> None:
    body = ("# m\n\n## Intended Users\n\n[More Information Needed]\n\n## Model Description\n\n"
            "The primary intended users of these models are AI researchers.\n")
    assert field(card(body), "users").state is FieldState.PLACEHOLDER


def test_prose_names_the_training_data_when_no_heading_does() -> None:
    body = "# m\n\nXLM-RoBERTa is pre-trained on 2.5TB of filtered CommonCrawl data in 100 languages.\n"
    assert field(card(body), "training_data").present


def test_code_that_loads_the_model_shows_how_to_use_it_under_any_heading() -> None:
    body = ("# m\n\nYou can use it by\n\n```python\nfrom transformers import AutoModel\n"
            "model = AutoModel.from_pretrained('org/m')\n```\n")
    found = field(card(body), "usage")
    assert found.present and found.origin == "code that loads the model"


def test_list_labels_of_who_may_use_the_model_and_as_what_not_state_users_and_out_of_scope_uses() -> None:
    """The Kinyarwanda DeepSpeech card's form: '- Intended to be used by:' and '- Not intended to be used as:' over
    lists, under an intended-use heading."""
    body = ("# Tagger\n\n## Intended use\n\n- Intended to be used by:\n  - App developers\n  - ML researchers\n"
            "- Not intended to be used as:\n  - a voice assistant\n")
    read = card(body)
    assert field(read, "users").present and field(read, "out_of_scope_use").present
    bare = card("# Tagger\n\n## Intended use\n\n- App developers\n- ML researchers\n")
    assert "users" not in bare.fields and "out_of_scope_use" not in bare.fields


def test_speechbrain_s_loading_code_shows_how_to_use_the_model() -> None:
    body = ("# asr-crdnn\n\n## Install SpeechBrain\n\n```\npip install speechbrain\n```\n\n"
            "### Transcribing your own audio files\n\n```python\nfrom speechbrain.pretrained import EncoderDecoderASR\n"
            "asr_model = EncoderDecoderASR.from_hparams(source='org/asr-crdnn')\n```\n")
    found = field(card(body), "usage")
    assert found.present and found.origin == "code that loads the model"
    assert "usage" not in card(body.replace(".from_hparams(source='org/asr-crdnn')", "")).fields


def test_code_that_only_imports_shows_no_use() -> None:
    body = "# m\n\n```python\nfrom huggingface_sb3 import load_from_hub\n\n...\n```\n"
    assert "usage" not in card(body).fields


@pytest.mark.parametrize("template", [
    "### Instruction:\nSummarise the invoice.\n\n### Response:\n",
    "<|im_start|>user\nSummarise the invoice.<|im_end|>\n<|im_start|>assistant\n",
    "<s>[INST] Summarise the invoice. [/INST]",
    "User: Summarise the invoice.\nAssistant:",
])
def test_the_prompt_format_written_as_code_shows_how_to_use_the_model(template: str) -> None:
    body = f"# Clerk\n\n## Prompting\n\nThe format is as follows:\n\n```\n{template}\n```\n"
    found = field(card(body), "usage")
    assert found.present and found.origin == "prompt format"


def test_code_that_is_neither_a_call_nor_a_prompt_format_shows_no_use() -> None:
    body = "# Clerk\n\n## Data\n\n```\n### Instruction tuning data: 10k pairs\nUser: 4,000 pairs\n```\n"
    assert "usage" not in card(body).fields


@pytest.mark.parametrize("line", ["* download original weights: [mt-2021-03-04.zip](https://example.org/mt-2021-03-04.zip)",
                                  "- weights: [tagger-2019-11-30.tar.gz](https://example.org/t.tar.gz)"])
def test_weights_named_by_their_release_date_identify_the_version(line: str) -> None:
    found = field(card(f"# mt-xx-yy\n\n* model: transformer\n{line}\n"), "version")
    assert found.present and found.location.line == 8


@pytest.mark.parametrize("line", ["* download original weights: [mt.zip](https://example.org/2021-03-04/mt.zip)",
                                  "* slides: [talk-2021-03-04.pdf](https://example.org/talk.pdf)",
                                  "* trained on 2021-03-04 with [mt.zip](https://example.org/mt.zip)"])
def test_a_date_outside_a_weights_file_s_name_is_no_version(line: str) -> None:
    assert "version" not in card(f"# mt-xx-yy\n\n* model: transformer\n{line}\n").fields


@pytest.mark.parametrize("sentence", [
    "We released **Coder-15B-v1.0**, trained on 78k evolved code instructions.",
    "The large-v3 checkpoint is trained on 1 million hours of audio.",
])
def test_a_versioned_name_released_or_checkpointed_is_the_version(sentence: str) -> None:
    assert field(card(f"# Coder\n\n{sentence}\n"), "version").origin == "sentence"


@pytest.mark.parametrize("sentence", [
    "Since the release of [Mistral-7B-Instruct-v0.1](https://huggingface.co/m), the model became popular.",
    "Python must be at version 3.10 or greater, and torch must be v2.0 or greater.",
    "We released the checkpoints of every 1000 steps.",
])
def test_another_model_s_release_or_a_library_s_version_is_no_version(sentence: str) -> None:
    assert "version" not in card(f"# Coder\n\n{sentence}\n").fields


# --- datasheets --------------------------------------------------------------------------------------------------


def test_question_style_datasheet_headings_are_its_fields() -> None:
    body = ("# Datasheet for claims\n\n## Collection Process\n\nExported nightly from the claims system.\n\n"
            "### Who maintains it?\n\nThe claims data team.\n\n### What are the terms of use?\n\nInternal use only.\n"
            "\n### Are there any errors, sources of noise, or redundancies?\n\nDuplicates are removed weekly.\n")
    artifact = dataset(body)
    assert {n for n, f in artifact.fields.items() if f.present} >= {"acquisition", "owner", "license", "quality"}


# The "Datasheets for Datasets" questions, each with the field its answer states. The questions are the paper's;
# the answers are made up for the tests.
DATASHEET_QUESTIONS = [
    ("Who created this dataset (e.g. which team, research group) and on behalf of which entity?", "owner",
     "The vision group of Example University."),
    ("What mechanisms or procedures were used to collect the data (e.g. hardware apparatus or sensor, manual human "
     "curation, software program, software API)?", "acquisition", "A chat exporter saved each public channel."),
    ("How was the data associated with each instance acquired?", "source",
     "Directly observed in the public Discord channel."),
    ("Are there any errors, sources of noise, or redundancies in the dataset?", "quality",
     "About 2% of the prompts are duplicates; they are kept."),
    ("Is it possible to identify individuals (i.e., one or more natural persons), either directly or indirectly "
     "(i.e., in combination with other data) from the dataset?", "personal_data", "No."),
    ("Is there anything about the composition of the dataset or the way it was collected and "
     "preprocessed/cleaned/labeled that might impact future uses?", "known_bias",
     "Prompts are mostly English, so other languages are under-represented."),
    ("Will the dataset be distributed under a copyright or other intellectual property (IP) license, and/or under "
     "applicable terms of use (ToU)?", "license", "Yes, under CC0 1.0."),
    ("How can the owner/curator/manager of the dataset be contacted (e.g. email address)?", "contact",
     "Through the issue tracker of the project."),
]
PROMPT = "If so, please provide a description. Was it validated?"


def _datasheet(form: str, answers: list[str] | None = None) -> str:
    """A datasheet that asks every question of DATASHEET_QUESTIONS in one of the forms datasheets use."""
    parts = ["# Datasheet: Prompts\n"]
    for number, (question, _, answer) in enumerate(DATASHEET_QUESTIONS, 1):
        answer = answer if answers is None else answers[number - 1]
        if form == "numbered":  # the question, the template's prompt on its line, the answer indented below
            parts.append(f"{number}. **{question}** {PROMPT}\n\n\t{answer}\n")
        elif form == "paragraph":
            parts.append(f"**{question}**\n\n{answer}\n")
        elif form == "bullet":
            parts.append(f"* **{question}** {answer}")
        elif form == "wrapped":  # hard-wrapped text: the bold question runs over lines
            cut = question.rfind(" ", 0, 50)
            parts.append(f"**{question[:cut]}\n{question[cut + 1 :]}**\n\n{answer}\n")
        elif form == "prompt in bold":  # the template's prompt inside the bold, the answer on the next line
            parts.append(f"* **{question} If so, please describe how**\n  {answer}\n")
        elif form == "open marks":  # '**...? **', which CommonMark shows with its marks
            parts.append(f"**{question} **\n\n{answer}\n")
        elif form == "yes answer":  # the answer on the question's next line, opening 'Yes:'
            parts.append(f"**{question}**\nYes: {answer}\n")
        elif form == "list answer":  # the answer a list of labelled points
            parts.append(f"**{question}**\n\n- Note: {answer}\n- Scope: all records.\n")
        else:
            parts.append(f"### {question}\n\n{answer}\n")
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("form", ["numbered", "paragraph", "bullet", "heading", "wrapped", "prompt in bold",
                                  "open marks", "list answer", "yes answer"])
def test_each_datasheet_question_is_its_field_however_it_is_written(form: str) -> None:
    artifact = dataset(_datasheet(form))
    for question, name, answer in DATASHEET_QUESTIONS:
        found = field(artifact, name)
        assert found.present and answer in str(found.value) and PROMPT not in str(found.value), (question, found)


@pytest.mark.parametrize("form", ["numbered", "paragraph"])
def test_a_datasheet_question_answered_only_by_the_template_s_prompt_or_by_none_is_not_answered(form: str) -> None:
    answers = ["*Your Answer Here*"] * len(DATASHEET_QUESTIONS)
    answers[5] = "None."  # the composition question, answered by nothing
    artifact = dataset(_datasheet(form, answers))
    assert not field(artifact, "owner").present and not field(artifact, "license").present
    assert field(artifact, "known_bias").state is FieldState.WEAK


def test_a_datasheet_question_with_no_answer_before_the_next_heading_is_missing() -> None:
    body = ("# Datasheet\n\n## Distribution\n\n* **Is it subject to any copyright or other intellectual property (IP) "
            "license, and/or under applicable terms of use (ToU)?**\n\n## Maintenance\n\n"
            "* **Who maintains the dataset?** The data team.\n")
    artifact = dataset(body)
    assert "license" not in artifact.fields or not artifact.fields["license"].present
    assert field(artifact, "owner").value == "The data team."


@pytest.mark.parametrize(("line", "name"), [
    ("**Limitations and bias:** Reviews are mostly from 2019 and from English-speaking customers.", "known_bias"),
    ("**Licensing and privacy:** CC BY 4.0.", "license"),
    ("- Bias or limitations: Reviews are mostly from 2019.", "known_bias"),
])
def test_a_label_joining_two_topics_feeds_the_field_it_names(line: str, name: str) -> None:
    found = field(dataset(f"# Datasheet for reviews\n\n## Details\n\n{line}\n"), name)
    assert found.present and found.location.line == 5


@pytest.mark.parametrize("question", [
    "Will older versions of the dataset continue to be supported/hosted/maintained?",
    "Will the dataset be updated (e.g., to correct labeling errors, add new instances, delete instances)?",
])
def test_a_maintenance_question_states_no_version_quality_or_preparation(question: str) -> None:
    for body in (f"# Datasheet\n\n### {question}\n\nYes, monthly.\n", f"# Datasheet\n\n**{question}** Yes, monthly.\n"):
        stated = {n for n, f in dataset(body).fields.items() if f.origin != "metadata"}
        assert stated.isdisjoint({"version", "quality", "preparation"}), (body, stated)


# --- content, not presence ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state", "note"),
    [
        ("[More Information Needed](https://github.com/huggingface/huggingface_hub)", FieldState.PLACEHOLDER, ""),
        ("N/A", FieldState.WEAK, "says only 'N/A'"),
        ("None.", FieldState.WEAK, "says only 'None.'"),
        ("This model has no limitations.", FieldState.WEAK, "says only 'This model has no limitations.'"),
        ("See the paper.", FieldState.WEAK, "only refers elsewhere ('See the paper.')"),
        ("Please refer to our [technical report](https://example.com/report).", FieldState.WEAK,
         "only refers elsewhere ('Please refer to our [technical report].')"),
        ("What are the known limitations of the model?", FieldState.PLACEHOLDER, ""),
        ("Users (both direct and downstream) should be made aware of the risks, biases and limitations of the "
         "model. More information needed for further recommendations.", FieldState.PLACEHOLDER, ""),
        ("Recall drops to 0.71 on merchants with few transactions; see the paper for more.", FieldState.PRESENT, ""),
        ("[TODO: list the limitations once the pilot ends.]", FieldState.PLACEHOLDER, ""),
        ("**[TBD on acceptance/public release]**", FieldState.PLACEHOLDER, ""),
        ("For details, see the paper (arXiv).", FieldState.WEAK,
         "only refers elsewhere ('For details, see the paper (arXiv).')"),
        # A pointer in brackets after what the text states adds to it.
        ("It misreads handwriting (see the repository for the error analysis).", FieldState.PRESENT, ""),
    ],
)
def test_weak_content_is_not_content(text: str, state: FieldState, note: str) -> None:
    found = field(card(f"# m\n\n## Limitations\n\n{text}\n"), "limitations")
    assert (found.state, found.note) == (state, note)


def test_a_subsection_that_names_nothing_of_its_section_is_not_its_content() -> None:
    """PEFT's cards keep the Hub template's '### Framework versions' under '## Model Card Contact'."""
    body = "# m\n\n## Model Card Contact\n\n[More Information Needed]\n\n### Framework versions\n\n- PEFT 0.12.0\n"
    assert field(card(body), "contact").state is FieldState.PLACEHOLDER
    filled = body.replace("[More Information Needed]", "ml-team@acme.org")
    assert field(card(filled), "contact").present


def test_a_dataset_s_known_limitations_discuss_its_biases() -> None:
    artifact = dataset("# Datasheet for orchards\n\n## Known Limitations\n\nThe orchards are all in one region, so "
                       "other climates are not represented.\n")
    assert field(artifact, "known_bias").present


@pytest.mark.parametrize("said", [
    "- **Curated by:** IQSeC Lab, The University of Texas at El Paso",  # the Hub template's label, filled
    "This dataset was created by Alvenir in order to evaluate ASR models in Danish.",
    "This collection of Faroese is curated by Leon Derczynski.",
])
def test_who_curated_or_created_a_dataset_owns_it(said: str) -> None:
    artifact = dataset(f"# Dataset Card for sounds\n\n## Dataset Description\n\n{said}\n")
    assert field(artifact, "owner").present
    method = dataset("# Dataset Card for sounds\n\n## Dataset Description\n\nThe clips were recorded in 2023.\n")
    assert "owner" not in method.fields or not field(method, "owner").present


def test_none_answers_whether_a_dataset_holds_personal_data() -> None:
    artifact = dataset("# Datasheet\n\n## Personal and Sensitive Information\n\nNone.\n\n## Discussion of Biases\n\n"
                       "None.\n")
    assert field(artifact, "personal_data").present
    assert field(artifact, "known_bias").state is FieldState.WEAK


def test_results_need_a_number_or_a_chart() -> None:
    said = card("# m\n\n## Evaluation\n\nWe do not directly measure quantitative metrics.\n")
    assert field(said, "evaluation_metrics").note == "gives no result as a number (nor a chart of results)"
    charted = card("# m\n\n## Evaluation\n\n![MIRACL results](./imgs/miracl.jpg)\n")
    assert field(charted, "evaluation_metrics").present
    versions = card("# m\n\n## Evaluation\n\n```\npip install transformers==4.30.2 lm-eval==0.4.1\n```\n")
    assert not field(versions, "evaluation_metrics").present


def test_a_result_in_a_code_span_is_a_result_and_code_is_not() -> None:
    """sberbank-ai's ruGPT-3 cards give 'Final perplexity on test set is `13.6`.'"""
    spanned = card("# m\n\n## Evaluation\n\nFinal perplexity on test set is `13.6`.\n")
    assert field(spanned, "evaluation_metrics").present
    for code in ("`python eval.py --lr 0.5`", "`v1.2`", "`x = 0.5`"):
        assert not field(card(f"# m\n\n## Evaluation\n\nRun {code} to evaluate.\n"), "evaluation_metrics").present


@pytest.mark.parametrize("contact", ["yourusername@example.com", "https://github.com/your-username/tagger/issues",
                                     "[Your Name](mailto:your_email@domain.com)"])
def test_a_contact_left_as_the_template_s_address_is_no_contact(contact: str) -> None:
    found = field(card(f"# m\n\n## Model Card Contact\n\n{contact}\n"), "contact")
    assert found.state is FieldState.PLACEHOLDER
    assert field(card("# m\n\n## Model Card Contact\n\nhttps://github.com/acme/tagger/issues\n"), "contact").present


def test_hub_dataset_ids_in_front_matter_are_external_whatever_the_card_is_called(tmp_path: Path) -> None:
    """'datasets:' is the Hub's metadata key: its names are Hub ids in a model-card.md as in a README.md; a path in
    it is still a path."""
    front = "---\nlicense: mit\ndatasets:\n- mshojaei77/persian-gk\n- ./data/missing/datasheet.yaml\n---\n# m\n"
    for name in ("models/m/README.md", "models/m/model-card.md"):
        found = findings(tmp_path / name.replace("/", "_"), {name: front}, "MC109")
        assert [(rule, line) for rule, _, line, _ in found] == [("MC109", 5)], name


def test_license_unknown_is_no_licence(tmp_path: Path) -> None:
    files = {"models/m/README.md": "---\nlicense: unknown\nlibrary_name: transformers\n---\n# m\n"}
    found = findings(tmp_path, files, "MC106", "GN101")
    assert found == [("MC106", "models/m/README.md", 2,
                      "front matter key 'license' says only 'unknown': state a licence")]


@pytest.mark.parametrize("written, fix", [("Apache 2.0", ": write 'apache-2.0'"), ("MIT License", ": write 'mit'"),
                                           ("BSD 3 clause", ": write 'bsd-3-clause'"), ("MIT-ish", "")])
def test_a_licence_written_as_a_name_says_which_identifier_it_means(tmp_path: Path, written: str, fix: str) -> None:
    files = {"models/m/README.md": f"---\nlicense: {written}\nlibrary_name: transformers\n---\n# m\n"}
    found = findings(tmp_path, files, "GN101")
    assert found == [("GN101", "models/m/README.md", 2,
                      f"licence '{written}' is not an SPDX or Hugging Face licence identifier{fix}")]


BOILERPLATE = ("Significant research has explored bias and fairness issues with language models (see, e.g., [Sheng et "
               "al. (2021)](https://aclanthology.org/2021.acl-long.330.pdf) and [Bender et al. (2021)](https://dl.acm."
               "org/doi/pdf/10.1145/3442188.3445922)). Predictions generated by the model may include disturbing and "
               "harmful stereotypes across protected classes; identity characteristics; and sensitive, social, and "
               "occupational groups.\n\n## Recommendations\n\nUsers (both direct and downstream) should be made "
               "aware of the risks, biases and limitations of the model. More information needed for further "
               "recommendations.\n")


def test_the_template_s_bias_boilerplate_alone_states_no_limitation() -> None:
    found = field(card(f"# m\n\n# Bias, Risks, and Limitations\n\n{BOILERPLATE}"), "limitations")
    assert found.state is FieldState.PLACEHOLDER


def test_the_bias_boilerplate_with_the_card_s_own_words_states_limitations() -> None:
    own = "It was trained on English abstracts only and does poorly on clinical notes.\n\n"
    assert field(card(f"# m\n\n# Bias, Risks, and Limitations\n\n{own}{BOILERPLATE}"), "limitations").present


def test_a_course_template_s_prompt_alone_states_nothing_and_with_an_answer_states_it() -> None:
    prompt = "Outline the limitations of your model."
    assert field(card(f"# m\n\n## Limitations\n\n{prompt}\n"), "limitations").state is FieldState.PLACEHOLDER
    answered = f"# m\n\n## Limitations\n\n{prompt}\n\nOverfitting: train and test accuracy differ by 20 points.\n"
    assert field(card(answered), "limitations").present


# --- findings a person can act on --------------------------------------------------------------------------------

CARD = ("---\nlicense: mit\nlibrary_name: transformers\n---\n# Fraud ranker\n\n## Model Details\n\n"
        "- **Developed by:** Payments ML\n\n## Uses\n\nRanks transactions for review.\n\n## Limitations\n\n"
        "N/A\n\n## Training Data\n\nCard transactions of 2024.\n\n## Evaluation\n\nAUC 0.94 on the 2024-Q2 holdout.\n"
        "\n### Testing Data\n\nThe 2024-Q2 holdout.\n\n## How to Get Started with the Model\n\nLoad it with joblib.\n")


def test_a_missing_field_says_what_would_satisfy_it_and_points_where_it_goes(tmp_path: Path) -> None:
    found = {rule: (line, message) for rule, _, line, message in findings(tmp_path, {"m/README.md": CARD}, "MC")}
    assert found["MC102"] == (11, "model card does not state out-of-scope uses: add a section or label named "
                                  "'Out-of-Scope Use', 'Misuse' or 'Prohibited Uses' under 'Uses', or the "
                                  "front-matter key 'out_of_scope_use'")
    assert found["MC108"][0] == 2 and "'version' to the front matter" in found["MC108"][1]
    assert found["MC103"] == (15, "section 'Limitations' says only 'N/A': state limitations, biases or risks")


def test_a_missing_field_of_a_card_without_a_home_points_at_its_title(tmp_path: Path) -> None:
    body = "# Fraud ranker\n\nRanks transactions.\n"
    found = {rule: line for rule, _, line, _ in findings(tmp_path, {"m/MODEL_CARD.md": body}, "MC101", "MC105")}
    assert found == {"MC101": 1, "MC105": 1}


@pytest.mark.parametrize("heading", ["## Use with llama.cpp", "## Demo: How to use in Flair", "## How to Use"])
def test_a_section_on_running_the_model_is_no_home_of_the_uses(tmp_path: Path, heading: str) -> None:
    """A how-to section holds the verb of 'Uses', not its subject: the intended use and the intended users are not
    asked for under it, but at the title; under a 'Uses' section they are."""
    body = f"# Fraud ranker\n\nA ranker.\n\n{heading}\n\n```\nllama-cli -m ranker.gguf\n```\n"
    found = {rule: (line, message) for rule, _, line, message in
             findings(tmp_path / "how-to", {"m/MODEL_CARD.md": body}, "MC101", "MC110")}
    assert {rule: line for rule, (line, _) in found.items()} == {"MC101": 1, "MC110": 1}
    assert not [message for _, message in found.values() if "under" in message]
    uses = body.replace(heading, "## Uses\n\nRanks transactions for review.\n\n" + heading)
    users = findings(tmp_path / "uses", {"m/MODEL_CARD.md": uses}, "MC110")
    assert [(line, "under 'Uses'" in message) for _, _, line, message in users] == [(5, True)]


def test_a_native_card_is_told_the_key(tmp_path: Path) -> None:
    files = {"m/model_card.yaml": "schema_version: 1\nname: ranker\n"}
    messages = [message for _, _, _, message in findings(tmp_path, files, "MC110")]
    assert messages == ["model card does not state the intended users: add the key 'users'"]
    evaluation = [message for _, _, _, message in findings(tmp_path, files, "MC105")]
    assert evaluation == ["model card does not state evaluation metrics with results or the evaluation data: add "
                          "'evaluation.metrics' or 'evaluation.data'"]


def test_no_two_rules_report_the_same_gap(tmp_path: Path) -> None:
    body = "# Fraud ranker\n\n## Training Data\n\nClaims.\n"
    found = findings(tmp_path, {"m/MODEL_CARD.md": body}, "MC")
    subjects = [(rule, message.split(":")[0]) for rule, _, _, message in found]
    assert ("MC101", "model card does not state the intended use") in subjects
    assert not any(rule == "MC110" and "intended use" in text and "users" not in text for rule, text in subjects)
    assert [rule for rule, _ in subjects].count("MC105") == 1  # metrics and their data: one gap, one finding


def test_a_model_index_without_dataset_names_says_so(tmp_path: Path) -> None:
    front = ("---\nlicense: mit\nmodel-index:\n- name: tagger\n  results:\n  - task:\n      type: ner\n"
             "    metrics:\n    - type: f1\n      value: 0.91\n---\n")
    found = findings(tmp_path, {"m/README.md": front + "# tagger\n"}, "MC105")
    assert [(line, message) for _, _, line, message in found] == [
        (3, "front matter key 'model-index' names no dataset: state the evaluation data")]


def test_the_structure_of_a_card_is_read_in_its_first_lines() -> None:
    body = "# m\n\n" + "a\n" * STRUCTURE_LINES + "## Limitations\n\nSlow.\n"
    parsed = parse_body(body, 1)
    assert [s.title for s in parsed.sections] == ["m"]
    assert "Slow." in parsed.sections[0].text  # the rest is text of the last section read


def test_schema_text_copied_into_a_document_is_a_placeholder() -> None:
    from aims_lint.adapters.cyclonedx import adapt_cyclonedx

    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{
        "type": "machine-learning-model", "name": "ranker", "bom-ref": "ranker",
        "modelCard": {"considerations": {
            "users": ["Who are the intended users of the model?"],
            "useCases": ["Who are the intended users of the model?", "Ranking help-centre articles"],
            "ethicalConsiderations": [{"name": "The name of the risk",
                                       "mitigationStrategy": "Strategy used to address this risk"}]}}}]}
    result = adapt_cyclonedx("bom.json", json.dumps(bom), claimed=True)
    cards = [a for a in [result.artifact, *result.extra] if a is not None and a.kind.value == "model_card"]
    assert len(cards) == 1
    states = {name: cards[0].fields[name].state for name in ("users", "intended_use", "ethical_considerations")}
    assert states == {"users": FieldState.PLACEHOLDER, "intended_use": FieldState.PRESENT,
                      "ethical_considerations": FieldState.PLACEHOLDER}


# --- the intended use a summary states by naming a task ------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "# Keras Implementation of OCR model for reading captcha\n\nThis repo holds the model.\n",
        "HF-version model for Pyramid-based Pre-training for Multi-document Summarization (ACL 2022).\n",
        "# Overview\n\nModel trained from roberta-base on the go_emotions dataset for multi-label classification.\n",
        "Our model is a multilingual text-to-speech model. It was trained on LibriTTS.\n",
    ],
)
def test_a_summary_that_calls_the_model_a_model_for_a_task_states_its_intended_use(body: str) -> None:
    found = field(card(body), "intended_use")
    assert found.present and found.origin == "summary"
    lines = (FRONT + body).split("\n")
    assert found.location.line == next(n for n, line in enumerate(lines, 1) if found.value.split()[0] in line)


@pytest.mark.parametrize(
    "body",
    [
        # What the model was trained on, or its type restated, is no use; nor a task outside the summary.
        "This model is a fine-tuned version of bert-base on the emotion classification dataset.\n",
        "# Model Card for t5-diabetes\n\nA T5 model, fine-tuned for the task of text generation.\n",
        "# Pyserini\n\nA Python toolkit for reproducible information retrieval and classification research.\n",
        "# Mini\n\nA small model.\n\nIt does well on translation benchmarks, as a model for translation would.\n",
    ],
)
def test_a_task_that_is_the_data_s_the_model_type_or_outside_the_summary_is_no_intended_use(body: str) -> None:
    assert "intended_use" not in card(body).fields or not field(card(body), "intended_use").present


def test_the_languages_a_card_translates_from_and_into_state_its_intended_use() -> None:
    body = "# mt-xx-yy\n\n* source language(s): xx\n* target languages: yy\n* model: transformer\n"
    found = field(card(body), "intended_use")
    assert found.present and found.value == "translation from xx into yy" and found.location.line == 7


@pytest.mark.parametrize("body", ["# mt-xx\n\n* source languages: xx\n* model: transformer\n",
                                  "# m\n\n## Open-source language models for any target language\n\nText.\n",
                                  "# mt\n\n* source languages:\n* target languages:\n"])
def test_one_side_of_a_translation_or_the_words_in_a_title_state_no_use(body: str) -> None:
    fields = card(body).fields
    assert "intended_use" not in fields or not fields["intended_use"].present


@pytest.mark.parametrize("sentence", [
    "Given a short melody, Hummer can generate a full piano accompaniment.",
    "After tuning on court rulings, the model is now able to generate case summaries.",
    "- Retrieval: it can simultaneously perform dense and sparse search.",
    "The checkpoint is capable of transcribing noisy phone calls.",
])
def test_a_sentence_saying_what_the_model_can_do_states_its_intended_use(sentence: str) -> None:
    found = field(card(f"# Hummer\n\n## About\n\n{sentence}\n"), "intended_use")
    assert found.present and found.origin == "sentence"


def test_a_capability_or_research_sentence_does_not_overrule_the_card_s_own_placeholder() -> None:
    body = ("# Hummer\n\n## Direct Use\n\n[More Information Needed]\n\n## Intended Users\n\n"
            "[More Information Needed]\n\n## About\n\nHummer can generate piano parts. It is intended to assist "
            "music research.\n")
    fields = card(body).fields
    assert fields["intended_use"].state is FieldState.PLACEHOLDER and fields["users"].state is FieldState.PLACEHOLDER


@pytest.mark.parametrize("sentence", [
    "Hummer can generate [more lively tunes](https://example.org) than other music models.",
    "Hummer cannot generate drums properly.",
    "You can find the weights on the hub.",
])
def test_a_comparison_or_what_it_cannot_do_states_no_use(sentence: str) -> None:
    fields = card(f"# Hummer\n\n## About\n\n{sentence}\n").fields
    assert "intended_use" not in fields or not fields["intended_use"].present


def test_the_summary_s_task_answers_mc101(tmp_path: Path) -> None:
    body = "# Captcha reader\n\nAn OCR model for reading captchas, trained on generated images.\n"
    assert findings(tmp_path, {"model/README.md": FRONT + body}, "MC101") == []
    plain = "# Captcha reader\n\nA model trained on generated images.\n"
    assert [f[0] for f in findings(tmp_path, {"model/README.md": FRONT + plain}, "MC101")] == ["MC101"]


# --- the dataset a results section names in its text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "item"),
    [
        ("### Our results", "- Multilingual (Miracl dataset)"),
        ("## Benchmark Highlights:", "- Fine-tuning also beats the baselines in M4-hourly dataset."),
    ],
)
def test_a_dataset_named_in_a_results_section_is_the_evaluation_data(heading: str, item: str) -> None:
    body = f"# Retriever\n\n## Evaluation\n\n{heading}\n\n{item}\n\n![plot](./imgs/plot.jpg)\n"
    found = field(card(body), "evaluation_data")
    assert found.present and found.origin == "sentence"
    assert found.location.line == line_of(card(body), item, body)
    # Outside a results section the same sentence names no evaluation data, nor does 'the dataset' within one.
    elsewhere = body.replace("## Evaluation\n\n", "").replace(heading, "## Features")
    assert "evaluation_data" not in card(elsewhere).fields or not field(card(elsewhere), "evaluation_data").present
    unnamed = body.replace("Miracl dataset", "the dataset").replace("M4-hourly dataset", "the dataset")
    assert "evaluation_data" not in card(unnamed).fields or not field(card(unnamed), "evaluation_data").present


# --- training data counted in a sentence -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["We released **Coder-15B-v1.0** trained with **78k** evolved code instructions.",
     "Trained with 5k high quality images that suit my taste.",
     "A unigram model trained with 88M lines of text from the parallel corpus."],
)
def test_a_count_of_what_the_model_was_trained_with_states_the_training_data(sentence: str) -> None:
    body = f"# Coder\n\n## News\n\n{sentence}\n"
    found = field(card(body), "training_data")
    assert found.present and found.location.line == line_of(card(body), sentence, body)


@pytest.mark.parametrize(
    "sentence",
    ["The model was trained with 8 GPUs for three days.", "It was trained with a batch size of 16.",
     "Trained with 2048 sequence length.", "Trained with 5 epochs on our cluster."],
)
def test_a_count_of_hardware_or_steps_is_no_training_data(sentence: str) -> None:
    fields = card(f"# Coder\n\n## News\n\n{sentence}\n").fields
    assert "training_data" not in fields or not fields["training_data"].present


# --- the dataset a results table's caption names ---------------------------------------------------------------


def test_a_split_of_the_dataset_in_a_results_section_is_the_card_s_one_dataset() -> None:
    front = "---\nlicense: mit\ndatasets:\n- loan_notes\n---\n"
    body = ("# Notes tagger\n\n## Evaluation\n\nScoring the output against the dataset test split gives:\n\n"
            "- Accuracy: 0.912\n")
    found = field(card(body, front=front), "evaluation_data")
    assert found.present and found.value == ["loan_notes"]
    two = front.replace("- loan_notes\n", "- loan_notes\n- bank_notes\n")
    assert "evaluation_data" not in card(body, front=two).fields
    elsewhere = body.replace("## Evaluation", "## Training")
    assert "evaluation_data" not in card(elsewhere, front=front).fields


def test_the_dataset_named_just_before_a_results_table_is_the_evaluation_data() -> None:
    table = "| Model | Rouge-1 | Rouge-2 |\n| --- | --- | --- |\n| ours | 42.0 | 13.6 |\n"
    body = f"# Summariser\n\nWe run a check on the **Multinews dataset**, and show the results below:\n\n{table}"
    found = field(card(body), "evaluation_data")
    assert found.present and found.value == ["Multinews"]
    assert found.location.line == line_of(card(body), "We run a check on the **Multinews dataset**, and show the "
                                          "results below:", body)
    # 'the dataset' names none; a paragraph that is not just before the table is no caption.
    unnamed = body.replace("the **Multinews dataset**", "the dataset")
    assert "evaluation_data" not in card(unnamed).fields or not field(card(unnamed), "evaluation_data").present
    apart = body.replace("below:\n\n", "below:\n\n## Results\n\n")
    assert "evaluation_data" not in card(apart).fields or not field(card(apart), "evaluation_data").present


def test_a_card_written_in_chinese_is_read_by_its_headings_and_bold_labels() -> None:
    # As ChatGLM's and MOSS's READMEs write them: '## 协议', '## 使用方式', '## 评测结果' over a table, '**局限性**：'.
    body = ("# 中文模型\n\n## 使用方式\n\n```python\nmodel = AutoModel.from_pretrained('x')\n```\n\n"
            "## 评测结果\n\n| 数据集 | 准确率 |\n|---|---|\n| C-Eval | 51.7 |\n\n"
            "**局限性**：由于模型参数量较小，模型仍然可能生成包含事实性错误的回复。\n\n"
            "## 协议\n\n本仓库的代码依照 Apache-2.0 协议开源。\n")
    artifact = card(body, front="")
    assert {n for n in ("usage", "evaluation_metrics", "limitations", "license") if field(artifact, n).present} == {
        "usage", "evaluation_metrics", "limitations", "license"}
    assert "training_data" not in artifact.fields or not artifact.fields["training_data"].present


def test_a_model_not_meant_for_a_use_states_no_intended_use() -> None:
    artifact = card("# Tagger\n\nIt is not meant for diagnosis or treatment decisions.\n")
    assert "intended_use" not in artifact.fields or artifact.fields["intended_use"].origin != "sentence"


# --- YAML cards in a format of their own -------------------------------------------------------------------------

# A team's model_card.yaml written to a schema of its own (the shape of several public ones): most keys are not
# aims-lint's, the facts are under keys that name them.
FOREIGN_CARD = """\
model_name: Credit risk scoring model
version: "3.0.0"
created_date: "2026-05-15"
framework: XGBoost
description: Scores retail credit applications.
use_case: retail credit adjudication
data:
  dataset_name: internal credit applications 2023-2025
metrics:
  auc: 0.81
out_of_scope:
  - commercial lending
ethical_considerations:
  - Scores may be less accurate for applicants with a thin credit history.
"""


def _native(text: str, name: str = "model_card.yaml") -> tuple[Artifact | None, list[str]]:
    from aims_lint.adapters.native_yaml import adapt_native_yaml
    from aims_lint.model import Kind

    kind = Kind.MODEL_CARD if name.startswith("model") else Kind.DATASET_RECORD
    result = adapt_native_yaml(name, text, kind=kind)
    return result.artifact, [p.message for p in result.problems]


def test_a_yaml_card_in_a_format_of_its_own_is_read_by_what_its_keys_name() -> None:
    artifact, _ = _native(FOREIGN_CARD)
    assert artifact is not None
    states = {name: artifact.fields[name].state for name in
              ("intended_use", "training_data", "evaluation_metrics", "out_of_scope_use", "limitations")}
    assert set(states.values()) == {FieldState.PRESENT}, states
    assert artifact.fields["out_of_scope_use"].location.line == FOREIGN_CARD.split("\n").index("out_of_scope:") + 1
    assert "owner" not in artifact.fields and "license" not in artifact.fields
    assert artifact.references == ()  # its datasets are named in words, not as the format's references


def test_a_card_in_a_format_of_its_own_under_a_key_of_the_format_is_read_by_its_keys_below(tmp_path: Path) -> None:
    # The layout of 'Model Cards for Model Reporting' as YAML keys (two public model_card.yaml files write it so).
    text = ("Model_details:\n  Organization: neuronets\n  Contact_info: https://example.org/issues\n"
            "Intended_use:\n  Primary_intended_users: radiologists\n  Out_of_scope_use_cases: other pathologies\n"
            "training_data:\n  dataset: COCO128 / a COCO subset via DVC\n"
            "Caveats and Recommendations: use with expert clinical judgment\n")
    artifact, _ = _native(text)
    assert artifact is not None
    assert {n: artifact.fields[n].state for n in ("contact", "users", "out_of_scope_use", "limitations")} == \
        dict.fromkeys(("contact", "users", "out_of_scope_use", "limitations"), FieldState.PRESENT)
    assert findings(tmp_path, {"m/model_card.yaml": text}, "MC109") == []


def test_a_yaml_card_in_a_format_of_its_own_gets_one_finding_for_its_keys_not_one_each(tmp_path: Path) -> None:
    found = findings(tmp_path, {"models/credit/model_card.yaml": FOREIGN_CARD}, "AL006", "MC101", "MC102", "MC103",
                     "MC104", "MC105", "MC106")
    schema = [f for f in found if f[0] == "AL006"]
    assert len(schema) == 1, schema
    assert schema[0][2] == 1 and "9 of its 10 top-level keys are not keys of the aims-lint model-card format" in \
        schema[0][3] and "'model_name', 'created_date', 'framework', 'description', 'use_case', ..." in schema[0][3]
    # What it lacks: the data its metric was measured on, and a licence.
    assert [(f[0], f[3].split(":")[0]) for f in found if f[0] != "AL006"] == [
        ("MC105", "model card does not state the evaluation data"), ("MC106", "model card does not state a licence")]


def test_a_misspelt_key_among_the_format_s_keys_is_still_reported_as_unknown() -> None:
    _, problems = _native("name: churn\nversion: 1\nintended_use: churn scoring\nlimitation: small sample\n")
    assert problems == ["/limitation: unknown key 'limitation' (keys of your own must start with 'x-')"]


def test_a_yaml_file_named_as_a_card_that_names_no_field_is_no_card() -> None:
    # A model's hyperparameters saved as model_card.yaml (two models by name, their settings below them).
    text = "classifier_001:\n  dropout: 0.5\n  n_epochs: 20\nclassifier_002:\n  dropout: 0.5\n  n_epochs: 40\n"
    assert _native(text) == (None, [])
    course = "DATASHEET:\n  status: In development\n  approver: Dev\nFIELDS:\n- name: COURSE NAME\n  value: x\n"
    assert _native(course, "datasheet.yaml") == (None, [])


def test_a_dataset_record_in_a_format_of_its_own_is_read_by_its_keys() -> None:
    text = ("dataset_name: reviews\ncollection_process: exported from the shop database nightly\n"
            "preprocessing: removed emails; deduplicated\nlicense: CC-BY-4.0\ndata_source: the web shop\n")
    artifact, problems = _native(text, "datasheet.yaml")
    assert artifact is not None
    assert {n: artifact.fields[n].state for n in ("acquisition", "preparation", "source", "license")} == dict.fromkeys(
        ("acquisition", "preparation", "source", "license"), FieldState.PRESENT)
    assert len(problems) == 1 and "dataset-record format ('dataset_name', 'collection_process', 'preprocessing'" \
        in problems[0] and "docs/formats/dataset-record.md" in problems[0]


def test_a_key_of_a_format_of_its_own_that_says_nothing_is_no_answer() -> None:
    artifact, _ = _native("model_name: x\nframework: torch\nlimitations: N/A\nout_of_scope: TBD\nrisk_tier: LOW\n")
    assert artifact is not None
    assert artifact.fields["out_of_scope_use"].state is not FieldState.PRESENT
    assert artifact.fields["limitations"].state is not FieldState.PRESENT  # a risk's tier states no risk


def test_a_yes_or_no_flag_under_a_key_of_a_format_of_its_own_is_neither_an_answer_nor_an_empty_one() -> None:
    artifact, _ = _native("model_name: x\nuse_case: churn scoring\ndocumentation:\n  fairness_testing: true\n")
    assert artifact is not None and "limitations" not in artifact.fields


# --- fences mispaired by the writer ------------------------------------------------------------------------------


def test_a_code_block_left_open_no_longer_hides_the_sections_after_it() -> None:
    # The shape of a public card: an example's fence never closed, so the fence of a later example closed it and
    # that example's closing fence opened a block running to the end of the file.
    body = ("# Model card\n\n## How to use\n\n```python\nmodel = load()\n\n## Training Data\n\nTrained on GEDI L4A.\n\n"
            "## Model Releases\n\n- v1, 2024-07-28\n\n## Example\n\n```\nprint(model)\n```\n\n## Model Card Authors\n\n"
            "Julian Kuehnert\n")
    artifact = card(body)
    assert field(artifact, "training_data").present
    assert field(artifact, "training_data").location.line == line_of(artifact, "## Training Data", body)
    assert field(artifact, "version").present
    assert "contact" in artifact.fields or "owner" in artifact.fields


def test_code_blocks_that_all_close_are_read_as_commonmark_reads_them() -> None:
    from aims_lint.parse.markdown import with_fences_repaired

    closed = "# Card\n\n```python\n# load\n\n## Not a heading\nx = 1\n```\n\n## Limitations\n\nSmall data.\n"
    assert with_fences_repaired(closed) == closed
    # Left open with no heading of the card's inside: the rest of the file is code, as CommonMark says.
    open_code = "# Card\n\n## Usage\n\n```bash\npip install model\n\n# run it\nmodel --help\n"
    assert with_fences_repaired(open_code) == open_code
    # A line inside an inline code span is no fence.
    assert with_fences_repaired("```` ``` ````\n\n## Limitations\n") == "```` ``` ````\n\n## Limitations\n"


def test_a_list_under_a_card_s_name_gets_one_finding_and_no_fields_reported_missing(tmp_path: Path) -> None:
    text = "- genome: R64-1-1\n  source: Ensembl\n- genome: U00096.3\n  source: Ensembl\n"
    assert _native(text, "datasheet.yaml") == (None, ["the document must be a mapping of keys to values"])
    found = findings(tmp_path, {"refs/datasheet.yaml": text}, "AL006", "DS101", "DS102", "DS110")
    assert found == [("AL006", "refs/datasheet.yaml", 1, "the document must be a mapping of keys to values")]


@pytest.mark.parametrize("line", ["- **Not for** emergency payments or any decision about a real person.",
                                  "- **Not intended:** booking without a second check of the totals."])
def test_a_label_that_only_negates_under_the_intended_use_states_out_of_scope_uses(line: str) -> None:
    found = field(card(f"# Tagger\n\n## Intended use\n\n- Reading scanned invoices.\n{line}\n"), "out_of_scope_use")
    assert found.present


def test_a_label_that_only_negates_elsewhere_states_no_out_of_scope_use() -> None:
    artifact = card("# Tagger\n\n## Training\n\n- **Not for** the weights: the data only.\n")
    assert "out_of_scope_use" not in artifact.fields


@pytest.mark.parametrize("line", ["- **Split**: 80% training, 20% validation",
                                  "It loads the invoices with fresh splits (80% train, 10% validation, 10% test).",
                                  "- Split: **chronological 60/20/20** using `invoice_date`",
                                  "The invoices get a clean 80/10/10 split."])
def test_a_split_told_in_shares_names_the_held_out_share_as_the_evaluation_data(line: str) -> None:
    found = field(card(f"# Tagger\n\n## Training\n\n{line}\n"), "evaluation_data")
    assert found.present and found.origin == "sentence"


def test_a_share_of_the_data_that_is_no_split_or_a_testing_data_placeholder_names_no_evaluation_data() -> None:
    assert "evaluation_data" not in card("# Tagger\n\nIt reads 80% of invoices; 10% of totals fail.\n").fields
    for line in ("Split the invoices by date (12/05/20 onwards).", "A 60/20/10 split of labels.",
                 "Tagger 1/2/3 splits totals."):
        assert "evaluation_data" not in card(f"# Tagger\n\n{line}\n").fields, line
    artifact = card("# Tagger\n\n### Testing Data\n\n[More Information Needed]\n\n## Training\n\n"
                    "Split: 80% train, 20% test.\n")
    assert not field(artifact, "evaluation_data").present
