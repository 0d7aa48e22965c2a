"""Readings of real cards of the shared corpus: for each pattern the reader takes from how people write cards, a
corpus card that writes it, read alone as aims-lint reads it, states the field there (the labelled cards'
decisions of tests/fixtures/eval/ for these cards, one field at a time)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, missing_tool

from aims_lint.adapters.markdown_card import adapt_markdown
from aims_lint.model import Artifact, Kind
from aims_lint.parse.text import decode

# (card, field, whether the card states it, why): each pattern in a card that writes it.
READINGS = [
    ("hf_dataset_cards/canonical_2022/cifar10/README.md", "acquisition", True,
     "'source_datasets: [extended|other-80-Million-Tiny-Images]': drawn from a named collection"),
    ("hf_dataset_cards/canonical_2022/conll2003/README.md", "acquisition", True,
     "'source_datasets: [extended|other-reuters-corpus]'"),
    ("hf_dataset_cards/canonical_2022/tweet_eval/README.md", "acquisition", False,
     "'extended|other-tweet-datasets' names no one release, and the collection section is a placeholder"),
    ("hf_model_cards/top_orgs/Tencent-Hunyuan__HunyuanDiT/README.md", "evaluation_metrics", True,
     "an HTML table comparing models by percentages under 'Comparisons'"),
    ("hf_model_cards/top_orgs/amazon__MistralLite/README.md", "training_data", True,
     "'- **Finetuned on data:**' over the list of the three datasets"),
    ("hf_model_cards/community_cs577/random_sample/Helsinki-NLP__opus-mt-niu-fi/README.md", "version", True,
     "'* download original weights: [opus-2020-01-16.zip](...)': the release named by its date"),
    ("hf_model_cards/community_cs577/random_sample/Helsinki-NLP__opus-mt-niu-fi/README.md", "intended_use", True,
     "'* source languages: niu' over '* target languages: fi': translation from Niuean into Finnish"),
    ("hf_model_cards/top_orgs/openchat__openchat_3.5/README.md", "intended_use", False,
     "its title's 'Open-source Language Models' names no language a model translates from"),
    ("hf_model_cards/top_orgs/CAMB-AI__MARS5-TTS/README.md", "intended_use", True,
     "'MARS5 can generate speech even for prosodically hard and diverse scenarios'"),
    ("hf_model_cards/top_orgs/BAAI__bge-m3/README.md", "intended_use", True,
     "'It can simultaneously perform the three common retrieval functionalities'"),
    ("hf_model_cards/top_orgs/Crosstyan__BPModel/README.md", "intended_use", False,
     "'BPModel can generate [more proper kitty cat] ... than other anime model' compares, and says no use"),
    ("hf_model_cards/top_orgs/nlpaueb__legal-bert-base-uncased/README.md", "users", True,
     "'intended to assist legal NLP research, computational law, and legal technology applications'"),
    ("hf_model_cards/top_orgs/dalle-mini__dalle-mini/README.md", "users", True,
     "'intended to be used to generate images based on text prompts for research and personal consumption'"),
    ("hf_model_cards/top_orgs/openchat__openchat_3.5/README.md", "human_oversight", True,
     "'Users should be aware of this possibility and verify any critical information obtained from the model'"),
    ("ml_repos/docs/100HIVES__Imperial-AI-ML-Capstone/MODEL_CARD.md", "human_oversight", True,
     "'Adaptive Human-in-the-Loop Black-Box Optimisation Workflow'"),
    ("hf_model_cards/top_orgs/allenai__OLMo-7B/README.md", "human_oversight", False,
     "'many facts from OLMo or any LLM will often not be true, so they should be checked' names nobody"),
    ("hf_model_cards/top_orgs/JosephusCheung__Guanaco/README.md", "limitations", True,
     "'The Guanaco model has not been filtered for harmful, biased, or explicit content.'"),
    ("hf_dataset_cards/community_2023/random_sample/SocialGrep_one-million-reddit-confessions/README.md", "source",
     True, "'This corpus contains a million posts from the following subreddits:'"),
    ("ml_repos/docs/100HIVES__Imperial-AI-ML-Capstone/DATASHEET.md", "source", True,
     "'observed function evaluations from the Black-Box Optimisation (BBO) capstone project'"),
    ("hf_model_cards/top_orgs/JosephusCheung__Guanaco/README.md", "usage", True,
     "'The format is as follows:' over a block of '### Instruction:' ... '### Response:'"),
    ("hf_model_cards/top_orgs/mosaicml__mpt-7b/README.md", "owner", True,
     "'This model was trained by [MosaicML](https://www.mosaicml.com).'"),
    ("hf_model_cards/top_orgs/openai__whisper-large-v3/README.md", "contact", True,
     "'Content for this model card has partly been written by the 🤗 Hugging Face team'"),
    ("hf_model_cards/top_orgs/SamLowe__roberta-base-go_emotions/README.md", "limitations", True,
     "'whilst others (E.g. relief) perform very poorly'"),
    ("hf_dataset_cards/canonical_2022/glue/README.md", "preparation", True,
     "'The authors of the benchmark convert the task into sentence pair classification'"),
    ("hf_dataset_cards/canonical_2022/hate_speech18/README.md", "preparation", True,
     "'several subforums and split into sentences'"),
    ("hf_dataset_cards/community_2023/modern_dataset_info/ett/README.md", "preparation", False,
     "'split into train/val/test set of 12/4/4 months' changes no record"),
    ("hf_dataset_cards/community_2023/random_sample/pensieves_mimicause/README.md", "acquisition", True,
     "'The original dataset that gets downloaded from the [Harvard's DBMI Data Portal]'"),
    ("hf_model_cards/top_orgs/SamLowe__roberta-base-go_emotions/README.md", "evaluation_data", True,
     "'using the dataset test split gives:' under 'Evaluation / metrics', with 'datasets: [go_emotions]'"),
]


def read_card(rel: str) -> Artifact:
    path = CORPUS / rel
    if not path.is_file():
        missing_tool(f"shared corpus card not found at {path} (clone the project with ../shared beside it)")
    text = decode(path.read_bytes()).text
    assert text is not None, rel
    readme = path.name == "README.md"
    # A MODEL_CARD.md or DATASHEET.md is a card by its name, as the repository's reader takes it.
    hint = None if readme else Kind.DATASET_RECORD if "datasheet" in path.name.lower() else Kind.MODEL_CARD
    result = adapt_markdown(rel, text, kind_hint=hint, beside_weights=False, readme=readme)
    assert result.artifact is not None, rel
    return result.artifact


@pytest.mark.parametrize(("rel", "name", "states", "why"), READINGS, ids=[f"{r.split('/')[-2]}-{n}" for r, n, *_ in
                                                                         READINGS])
def test_a_corpus_card_states_the_field_as_its_labels_say(rel: str, name: str, states: bool, why: str) -> None:
    fields = read_card(rel).fields
    assert (name in fields and fields[name].present) is states, why
