"""Dataset cards read the way the Hub's template is filled in: the summary states what a template section left as a
placeholder, the licence is a list, and the version is a configuration or a dated release; each pattern on a small
card written for it, read by the real adapter and judged by the real rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree

from aims_lint.adapters.markdown_card import adapt_markdown
from aims_lint.engine import RunOptions, run
from aims_lint.model import Artifact, FieldState, Kind
from aims_lint.packs import load_rules
from aims_lint.read import build_inventory
from aims_lint.vocab import assess, template_slot

RULES = load_rules()
FRONT = "---\nlanguage:\n- en\ntask_categories:\n- text-classification\nsource_datasets:\n- original\n---\n"
PLACEHOLDER = "[More Information Needed](https://github.com/huggingface/datasets/blob/master/CONTRIBUTING.md)"


def template_card(summary: str, *, front: str = FRONT) -> str:
    """A dataset card from the Hub's template: a summary, and the creation and curator sections left unfilled."""
    return (f"{front}# Dataset Card for Forum Posts\n\n## Dataset Description\n\n### Dataset Summary\n\n{summary}\n\n"
            f"## Dataset Creation\n\n### Source Data\n\n#### Initial Data Collection and Normalization\n\n"
            f"{PLACEHOLDER}\n\n#### Who are the source language producers?\n\n{PLACEHOLDER}\n\n"
            f"## Additional Information\n\n### Dataset Curators\n\n{PLACEHOLDER}\n\n### Licensing Information\n\n"
            f"{PLACEHOLDER}\n")


def read(text: str, path: str = "README.md") -> Artifact:
    result = adapt_markdown(path, text, kind_hint=None, beside_weights=False, readme=True)
    assert result.artifact is not None and result.artifact.kind is Kind.DATASET_RECORD
    return result.artifact


def findings(tmp_path: Path, text: str, *rules: str, name: str = "README.md") -> dict[str, list[tuple[int, str]]]:
    root = write_tree(tmp_path / "repo", {f"data/{name}": text})
    report = run(build_inventory([root]), RULES, RunOptions(select=frozenset(rules)))
    found: dict[str, list[tuple[int, str]]] = {}
    for finding in report.findings:
        found.setdefault(finding.rule_id, []).append((finding.location.line, finding.message))
    return found


# --- the summary over a placeholder section ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "names"),
    [
        ("These files contain text extracted from a forum, sampled from several subforums.",
         {"source", "acquisition"}),
        ("Through crowdsourcing, we create a corpus of 25,000 events.", {"source", "acquisition"}),
        ("The corpus is built from the forum's public archive.", {"source", "acquisition"}),
        ("A cleaned version of Common Crawl's web crawl corpus.", {"source", "acquisition", "preparation"}),
        ("The recordings have been carefully segmented and aligned.", {"preparation"}),
        ("All discharge summaries were manually anonymized before release.", {"preparation", "personal_data"}),
        ("This is the version prepared by AllenAI.", {"owner"}),
        ("The data was collected over two weeks in March.", {"acquisition"}),
        ("A corpus of 20,000 tweets about the city's transport, labelled by stance.", {"source"}),
        ("A random set of posts has been sampled from several subforums.", {"source", "acquisition"}),
        ("The underlying questions come from a public quiz archive.", {"source"}),
        ("Source recordings were collected over two weeks in March.", {"acquisition"}),
        ("Posts shorter than ten words were removed.", {"preparation"}),
        ("Threads that hold only links are excluded.", {"preparation"}),
        ("Each post was reviewed by two moderators.", {"quality"}),
        ("Dataset files created by Team Harbour are released under CC BY 4.0.", {"owner"}),
        ("Assembled by Ana Lima, 2026.", {"owner"}),
        ("Ana Lima created the dataset as part of her role at the Harbour Institute.", {"owner"}),
        ("The corpus was compiled by the Harbour Lab in 2024.", {"owner"}),
        ("All sources were deduplicated by MD5 text hash before generation.", {"preparation"}),
        ("Salary fields were micro-aggregated and Laplace-noised; dates were jittered.", {"preparation"}),
        ("Names in the posts are pseudonymised.", {"preparation"}),
        ("Automatic checks reject posts with broken links.", {"quality"}),
        ("The structural audit flags 424 posts whose thread is missing.", {"quality"}),
        ("A manual inspection of a random sample of posts shows that most are on topic.", {"quality"}),
        ("3. **Expert validation** by forum moderators.", {"quality"}),
        ("Out of these 5,500 posts, 3,562 passed both structural and semantic validation.", {"quality"}),
        ("An audit found 22 posts with a wrong thread.", {"quality"}),
        ("All three judges agree with the blind human labeler at Cohen's \u03ba 0.74.", {"quality"}),
        ("Every accepted post is link-checked and hash-pinned.", {"quality"}),
        ("**Known skews.** The top 5 forums account for 31% of the posts.", {"known_bias"}),
        ("The corpus therefore over-represents early adopters and their regions.", {"known_bias"}),
        ("The liked/disliked label is highly imbalanced.", {"known_bias"}),
        ("Our dataset is not representative of the whole forum.", {"known_bias"}),
    ],
)
def test_a_summary_sentence_states_what_the_template_section_left_unfilled(summary: str, names: set[str]) -> None:
    artifact = read(template_card(summary))
    for name in names:
        found = artifact.fields[name]
        assert found.state is FieldState.PRESENT and found.origin == "sentence", (name, found)
        assert found.location.line == template_card(summary).split("\n").index(summary) + 1
    for name in {"source", "acquisition", "preparation"} - names:
        assert not artifact.fields[name].present, name


def test_the_placeholder_section_is_reported_only_when_no_sentence_states_it(tmp_path: Path) -> None:
    stated = findings(tmp_path / "stated", template_card("Text extracted from a forum."), "DS101", "DS102", "DS109")
    assert "DS101" not in stated and "DS102" not in stated
    # Nobody is named: the curators' placeholder is what the card says of its owner.
    assert [message for _, message in stated["DS109"]] == [
        "section 'Dataset Curators' has only template placeholders: fill in an owner or a contact"]
    text = template_card("A corpus of forum posts.")
    silent = findings(tmp_path / "silent", text, "DS101", "DS102")
    assert silent["DS101"] == [(text.split("\n").index("### Source Data") + 1,
                                "section 'Source Data' has only template placeholders: fill in the data source")]
    assert "has only template placeholders" in silent["DS102"][0][1]


def test_a_source_tag_of_the_front_matter_is_no_source() -> None:
    # 'source_datasets: [original]' and a description of what the data is do not say where it came from.
    artifact = read(template_card("A corpus of movie reviews."))
    assert not artifact.fields["source"].present


# --- licence -------------------------------------------------------------------------------------------------------


def test_a_licence_list_of_unknown_is_no_licence(tmp_path: Path) -> None:
    front = FRONT.replace("---\n", "---\nlicense:\n- unknown\n", 1)
    found = findings(tmp_path, template_card("A corpus of forum posts.", front=front), "DS103")
    assert found == {"DS103": [(2, "front matter key 'license' says only 'unknown': state the licence or the rights "
                                   "to use the data")]}
    named = read(template_card("A corpus.", front=FRONT.replace("---\n", "---\nlicense:\n- unknown\n- mit\n", 1)))
    assert named.fields["license"].present


def test_the_plural_licence_key_and_terms_of_use_in_the_summary_are_licences() -> None:
    plural = read(template_card("A corpus.", front=FRONT.replace("---\n", "---\nlicenses:\n- cc-by-4.0\n", 1)))
    assert plural.fields["license"].present and plural.fields["license"].location.line == 2
    terms = read(template_card("Provided for research and any other non-commercial activity.",
                               front=FRONT.replace("---\n", "---\nlicense:\n- unknown\n", 1)))
    assert terms.fields["license"].present and terms.fields["license"].origin == "sentence"



def test_a_sentence_that_makes_the_data_available_under_a_licence_states_it(tmp_path: Path) -> None:
    """A data card without a licence heading or key that says, under a heading of access, what licence the data is
    made available under (Antibody Domainbed's card) states its licence."""
    said = ("# Data Card for Antibodies\n\n## Summary\n\nPaired heavy and light chains.\n\n### Access\n\n"
            "The data is made available under the CC BY 4.0 license. A copy of the license is provided.\n")
    stated = read(said, "data/data_card.md")
    assert stated.fields["license"].present and stated.fields["license"].origin == "sentence"
    assert stated.fields["license"].location.line == said.split("\n").index("### Access") + 3
    silent = said.replace("is made available under the CC BY 4.0 license", "is made available on request")
    assert "DS103" in findings(tmp_path, silent, "DS103")


@pytest.mark.parametrize("slot", ["[name and email]", "[licence name and URL]", "[Team/Individual]", "[MODEL_NAME]",
                                  "[E-mail]", "[DATE]", "[Zenodo DOI]", "[e.g., CC BY 4.0, MIT]"])
def test_a_template_s_bracketed_slot_is_a_placeholder(slot: str) -> None:
    assert template_slot(slot) and assess(slot)[0] is FieldState.PLACEHOLDER


@pytest.mark.parametrize("value", ["[Email](mailto:data@example.org)", "[MASK]", "[v1.0.0]", "[CC BY 4.0]",
                                   "Jane Doe [email]", "See the [dataset card] for details."])
def test_a_link_a_word_of_content_or_a_slot_among_words_is_no_slot(value: str) -> None:
    assert not template_slot(value)


def test_a_card_half_filled_in_reports_the_slots_left(tmp_path: Path) -> None:
    """The Pig Behavior dataset card's form: the summary's labels, some answered, some left as the template's
    bracketed slots."""
    text = ("# Pig Behavior Dataset\n\n## 1. Dataset summary\n\n- **Name:** Pig Behavior Dataset\n"
            "- **Licence:** [licence name and URL]\n- **Primary contact:** [name and email]\n")
    found = findings(tmp_path, text, "DS103", "DS109", name="DATASET_CARD.md")
    lines = text.split("\n")
    assert found == {
        "DS103": [(lines.index("- **Licence:** [licence name and URL]") + 1,
                   "'Licence' line has only template placeholders: fill in the licence or the rights to use the data")],
        "DS109": [(lines.index("- **Primary contact:** [name and email]") + 1,
                   "'Primary contact' line has only template placeholders: fill in an owner or a contact")],
    }
    filled = text.replace("[licence name and URL]", "CC BY 4.0").replace("[name and email]",
                                                                          "[Jane Doe](mailto:j@x.org)")
    assert findings(tmp_path / "filled", filled, "DS103", "DS109", name="DATASET_CARD.md") == {}


# --- version -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "summary"),
    [
        (FRONT.replace("---\n", "---\nconfigs:\n- 20220301.en\n- 20220301.fr\n", 1), "Articles."),
        (FRONT, "In October 2012, the agency released a translation memory."),
        (FRONT, "In the case of this corpus, the **November 2018** snapshot was used."),
        (FRONT, "| name | train | test |\n|------|------:|-----:|\n| 1.1  | 1931 | 240 |\n| 2.0  | 2690 | 334 |"),
    ],
)
def test_configurations_named_by_versions_and_dated_releases_state_the_version(front: str, summary: str) -> None:
    found = read(template_card(summary, front=front)).fields.get("version")
    assert found is not None and found.present


@pytest.mark.parametrize(
    ("front", "summary"),
    [
        (FRONT, "This is the version prepared by AllenAI."),
        (FRONT, "The search engine has been running since July, 2004."),
        (FRONT.replace("---\n", "---\nconfigs:\n- en\n- fr\n", 1), "Articles."),
        (FRONT, "| name | train | test |\n|------|------:|-----:|\n| en | 1931 | 240 |\n| fr | 2690 | 334 |"),
    ],
)
def test_a_copy_a_date_or_configurations_by_language_are_no_version(front: str, summary: str) -> None:
    assert "version" not in read(template_card(summary, front=front)).fields


# --- which README is a dataset card --------------------------------------------------------------------------------


def test_empty_front_matter_under_a_dataset_title_is_a_dataset_card() -> None:
    text = "---\n{}\n\n---\n# AutoTrain Dataset for project: yempp\n\n## Dataset Description\n\nProcessed.\n"
    assert read(text).kind is Kind.DATASET_RECORD
    plain = adapt_markdown("README.md", "---\n{}\n---\n# My project\n\nCode.\n", kind_hint=None,
                           beside_weights=False, readme=True)
    assert plain.artifact is None


# --- contact -------------------------------------------------------------------------------------------------------


def test_an_email_in_the_summary_is_a_contact_over_placeholder_curators(tmp_path: Path) -> None:
    summary = "The topic classification dataset is constructed by Xiang Zhang (xiang.zhang@nyu.edu)."
    artifact = read(template_card(summary))
    assert artifact.fields["contact"].present and artifact.fields["contact"].origin == "email in the text"
    assert "DS109" not in findings(tmp_path, template_card(summary), "DS109")
    # A handle thanked for adding the card is no address.
    assert not read(template_card("Thanks to @lhoestq for adding this dataset.")).fields["contact"].present


@pytest.mark.parametrize(
    "line",
    [
        "- **Point of Contact:** [If known, name and email of at least one person the reader can contact for "
        "questions about the dataset.]()",
        "- **Point of Contact:** [n/a]()",
        "Point of Contact: [Add the curator's name here]()",
    ],
)
def test_a_template_instruction_or_a_link_to_nothing_is_no_contact(tmp_path: Path, line: str) -> None:
    card = template_card("A corpus of forum posts.").replace("## Dataset Creation", f"{line}\n\n## Dataset Creation")
    assert not read(card).fields["contact"].present
    assert "DS109" in findings(tmp_path, card, "DS109")
    # A real name, linked or not, is a contact.
    named = card.replace(line, "- **Point of Contact:** [Ana Lima](mailto:ana@example.org)")
    assert read(named).fields["contact"].present


# --- the front matter's source datasets ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ["extended|wikipedia", "extended|other-city-noise-recordings"])
def test_a_dataset_extended_from_a_named_release_says_how_it_was_obtained(tmp_path: Path, entry: str) -> None:
    text = template_card("Street sounds, labelled by hand.", front=FRONT.replace("- original", f"- {entry}"))
    assert read(text).fields["acquisition"].present
    assert "DS102" not in findings(tmp_path, text, "DS102")


@pytest.mark.parametrize("entry", ["original", "extended|other-street-datasets", "extended|"])
def test_an_original_dataset_or_several_unnamed_ones_say_nothing_of_how_it_was_obtained(tmp_path: Path,
                                                                                       entry: str) -> None:
    text = template_card("Street sounds, labelled by hand.", front=FRONT.replace("- original", f"- {entry}"))
    assert not read(text).fields["acquisition"].present
    assert "DS102" in findings(tmp_path, text, "DS102")


# --- records said to come from a named place ----------------------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "The corpus holds forty thousand posts from the following forums:\n\n- gardening\n- birding",
    "A log of the weekly queries and observed sensor readings, with their evaluations from the Harbour Lab project.",
    "About 9,000 reviews crawled from Hotelfinder, with their star ratings.",
    # Records said to be synthetic, or made by a named generator.
    "All records are synthetic. Patient names are generated by the project's own tool.",
    "All data is synthetic, written by the generator in the source repository.",
    "The held-out posts were written by AI agents (Claude, Anthropic), so they lack real names.",
    "For each passage, gpt-4o wrote one question and its answer.",
    "Version 2.0 contains 200,000 puzzles generated with the exhaustive solver in our repository.",
])
def test_records_said_to_come_from_a_named_place_or_generator_state_the_source(tmp_path: Path, summary: str) -> None:
    text = template_card(summary)
    assert read(text).fields["source"].present
    assert "DS101" not in findings(tmp_path, text, "DS101")


@pytest.mark.parametrize("summary", [
    "A corpus of 25,000 movie reviews, half of them positive.",
    "Ten classes, with 600 images from each class.",
    "Sentences from movie reviews, labelled by hand.",
    "A synthetic subset of 500 posts tests robustness.",
    "Posts with synthetic noise added are marked.",
    "The labels were written by AI agents and checked by hand.",
])
def test_records_from_no_named_place_or_generator_state_no_source(summary: str) -> None:
    assert not read(template_card(summary)).fields["source"].present


# --- a step that changed the records ----------------------------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "The authors convert each thread into question and answer pairs.",
    "Posts were sampled from the forum and split into sentences, then labelled by hand.",
    "All seven sets have been unified into one benchmark with the same fields.",
    "We add a new class and fix the labeling of empty posts.",
])
def test_a_sentence_naming_a_step_that_changed_the_records_states_the_preparation(tmp_path: Path,
                                                                                  summary: str) -> None:
    text = template_card(summary)
    assert read(text).fields["preparation"].present
    assert "DS106" not in findings(tmp_path, text, "DS106")


@pytest.mark.parametrize("summary", [
    "The time series are split into train, validation and test sets of 12, 4 and 4 months.",
    "Forum posts about gardening, labelled by hand.",
])
def test_a_split_into_sets_or_no_step_states_no_preparation(summary: str) -> None:
    assert not read(template_card(summary)).fields["preparation"].present


def test_data_downloaded_from_a_place_states_its_source_and_how_it_was_obtained(tmp_path: Path) -> None:
    text = template_card("The notes were downloaded from the Clinic Data Portal after signing its agreement.")
    fields = read(text).fields
    assert fields["source"].present and fields["acquisition"].present
    assert findings(tmp_path, text, "DS101", "DS102") == {}


def test_data_that_can_be_downloaded_states_neither() -> None:
    fields = read(template_card("Forum posts, labelled by hand. The files can be downloaded from the Hub.")).fields
    assert not fields["source"].present and not fields["acquisition"].present


def test_data_said_to_be_anonymized_states_how_personal_data_is_handled(tmp_path: Path) -> None:
    """A card with no personal-data section that says its records were anonymized answers the question; one that
    says nothing of people's data does not."""
    card = FRONT + "# Dataset Card for Scans\n\n## Dataset Description\n\nCT volumes of 300 patients. {}\n"
    said = card.format("All shared data are **anonymized** before release.")
    assert read(said).fields["personal_data"].origin == "sentence"
    assert "DS104" not in findings(tmp_path / "said", said, "DS104")
    silent = card.format("Each comes with its acquisition parameters.")
    assert "personal_data" not in read(silent).fields
    assert "DS104" in findings(tmp_path / "silent", silent, "DS104")


@pytest.mark.parametrize("heading",
                         ["## Methodology", "## Construction", "## Dataset Construction", "### Construction Pipeline",
                          "## How it was built", "## How It Was Generated"])
def test_a_section_telling_how_the_dataset_was_made_states_its_acquisition_and_preparation(heading: str) -> None:
    text = (f"{FRONT}# Forum Posts\n\nPosts of a public forum.\n\n{heading}\n\n1. Threads were exported from the "
            "forum's archive.\n2. Posts shorter than ten words were dropped.\n")
    artifact = read(text)
    for name in ("acquisition", "preparation"):
        found = artifact.fields[name]
        assert found.present and found.origin == f"section '{heading.lstrip('# ')}'", (name, found)


def test_a_provenance_section_states_the_source() -> None:
    text = (f"{FRONT}# Forum Posts\n\nPosts of a public forum.\n\n## Provenance\n\nExported from the forum's "
            "public archive of 2021, then redacted.\n")
    found = read(text).fields["source"]
    assert found.present and found.origin == "section 'Provenance'"


# --- an account of the data's making, under headings of the writer's own ----------------------------------------


def test_an_account_naming_two_verbs_of_obtaining_data_states_its_acquisition() -> None:
    text = (f"{FRONT}# Forum Posts\n\n## What's inside\n\n40 utterances recorded by a native speaker.\n\n"
            "## Prompts\n\nThe prompts were written by the project team.\n")
    found = read(text).fields["acquisition"]
    assert found.present and found.origin == "sentences telling how the data was made"
    assert found.location.line == text.split("\n").index("40 utterances recorded by a native speaker.") + 1


def _present(artifact: Artifact, name: str) -> bool:
    return name in artifact.fields and artifact.fields[name].present


def test_one_verb_or_a_label_s_name_is_no_account_of_the_data_s_making() -> None:
    one = f"{FRONT}# Captions\n\n## What's inside\n\nCaptions generated for 2,000 photographs.\n"
    assert not _present(read(one), "acquisition")
    # The Hub's generated sizes name 'downloaded' and 'generated' in their labels only.
    sizes = (f"{FRONT}# Reviews\n\n## Data Instances\n\n- **Size of downloaded dataset files:** 3.95 MB\n"
             "- **Size of the generated dataset:** 4.16 MB\n")
    assert not _present(read(sizes), "acquisition")


def test_an_account_naming_two_steps_that_changed_the_data_states_its_preparation() -> None:
    text = (f"{FRONT}# Voices\n\n## Provenance\n\nAudio was trimmed of silence, and speaker names were anonymized "
            "before release.\n")
    assert read(text).fields["preparation"].present


@pytest.mark.parametrize(
    "sentence",
    [
        "Our dataset is derived from the PartNet-Mobility dataset.",
        "Both tables were assembled from published sources and the reference genome.",
        "Payloads are hand-authored from public documentation (OWASP WSTG, PortSwigger).",
        "Sentences were generated with an LLM and then filtered.",
    ],
)
def test_a_sentence_saying_what_the_data_was_made_from_states_its_source_and_acquisition(sentence: str) -> None:
    artifact = read(f"{FRONT}# Corpus\n\n## Creation\n\n{sentence}\n")
    assert _present(artifact, "source") and _present(artifact, "acquisition")


@pytest.mark.parametrize(
    "sentence",
    ["Labels were created with LLM assistance and minimal human review.", "Each image was drawn from scratch.",
     "Posts were written by the authors."],
)
def test_labels_made_by_a_model_or_data_made_from_no_place_state_no_source(sentence: str) -> None:
    assert not _present(read(f"{FRONT}# Corpus\n\n## Notes\n\n{sentence}\n"), "source")


@pytest.mark.parametrize(
    ("sentence", "checked"),
    [
        ("Every fact is verified against the files.", True),
        ("Each sample was checked by the creator before publication.", True),
        ("Answers were validated by two physicians (Fleiss' kappa 0.81).", True),
        ("ESM-level QC: responses shorter than 2 s are dropped.", True),
        ("The forecasts can then be validated via the ground truth in the validation split.", False),
        ("Use the validation split to tune thresholds.", False),
    ],
)
def test_a_sentence_telling_a_check_of_the_data_states_its_quality(sentence: str, checked: bool) -> None:
    assert _present(read(f"{FRONT}# Corpus\n\n## Notes\n\n{sentence}\n"), "quality") is checked


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        ("**No personal data.** Vignettes paraphrase published case reports.", True),
        ("Dataset contains linguistic data only; no personal or sensitive information.", True),
        ("25 de-identified qualitative interviews.", True),
        ("No real-world traffic, no scraped data, no user data.", True),
        ("Images of street scenes at night.", False),
    ],
)
def test_a_sentence_telling_whether_the_data_holds_people_s_data_answers_the_question(sentence: str,
                                                                                      told: bool) -> None:
    assert _present(read(f"{FRONT}# Corpus\n\n## Overview\n\n{sentence}\n"), "personal_data") is told


def test_an_entry_of_a_table_of_contents_states_nothing() -> None:
    text = (f"{FRONT}# Corpus\n\n- [Personal and Sensitive Information](#personal-and-sensitive-information)\n"
            "- [Data Quality](#data-quality)\n\n## Personal and Sensitive Information\n\n[More Information Needed]\n")
    assert not _present(read(text), "personal_data")


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("## Dataset Stats (v2.0)\n\n1,200 reactions.", True),
        ("## Overview\n\nFTDD - Version 2.0", True),
        ("## Overview\n\nIn the 1.0 release, there are 50,000 samples in total.", True),
        ("## Overview\n\nAnswers of deepseek/deepseek-v3.2-speciale and two other models.", False),
        ("## License\n\nCC-BY v4.0", False),
        ("## Setup\n\nThe loader requires Python 3.10 and pyarrow version 14.", False),
    ],
)
def test_a_heading_or_sentence_giving_the_data_a_version_states_it(text: str, told: bool) -> None:
    assert _present(read(f"{FRONT}# Corpus\n\n{text}\n"), "version") is told


def test_a_datasheet_s_author_and_organization_labels_name_its_owner() -> None:
    text = ("# Datasheet for Colour Words\n\nAuthor: Shuodi Yin\nOrganization: Creative Computing Institute\n\n"
            "## Motivation\n\nTo study colour words.\n")
    artifact = adapt_markdown("datasheet.md", text, kind_hint=None, beside_weights=False, readme=False).artifact
    assert artifact is not None and _present(artifact, "owner")



@pytest.mark.parametrize("summary", [
    "The data was assembled by the authors from public posts.",
    "We created the dataset from public posts.",
    "The posts were collected by Forum Watch volunteers.",
    "It uses counts released by the Census Bureau.",
    "The model was trained by Ana Lima.",
])
def test_a_making_by_nobody_named_or_of_other_things_names_no_owner(summary: str) -> None:
    fields = read(template_card(summary)).fields
    assert "owner" not in fields or not fields["owner"].present, fields.get("owner")



def test_a_check_the_reader_is_asked_to_do_or_a_split_states_no_quality() -> None:
    for summary in ("Run the checks in tests/ before you upload.", "A validation split of 500 posts is given."):
        fields = read(template_card(summary)).fields
        assert "quality" not in fields or not fields["quality"].present, summary



def test_a_skew_augmentation_or_a_balanced_split_tells_no_bias() -> None:
    for summary in ("Images get random rotation and skew augmentation.", "The split is balanced by class."):
        fields = read(template_card(summary)).fields
        assert "known_bias" not in fields or not fields["known_bias"].present, summary


def test_a_skew_told_elsewhere_leaves_an_unfilled_bias_section_reported(tmp_path: Path) -> None:
    text = template_card("The test set is imbalanced between the two classes.").replace(
        "## Additional Information", f"### Discussion of Biases\n\n{PLACEHOLDER}\n\n## Additional Information")
    assert not read(text).fields["known_bias"].present
    assert "DS108" in findings(tmp_path, text, "DS108")


def test_a_sentence_releasing_the_data_under_a_licence_states_it() -> None:
    said = ("# Datasheet for Posts\n\n## Motivation\n\nPosts were collected from forums.\n\n## Distribution\n\n"
            "The dataset is released under the terms of CC BY 4.0.\n")
    found = read(said, "data/DATASHEET.md").fields["license"]
    assert found.present and found.origin == "sentence"


def test_a_version_written_as_code_in_a_sentence_is_the_version() -> None:
    found = read(template_card("Train and test are split by date. Current dataset version: `0.3.0`.")).fields["version"]
    assert found.present and found.origin == "sentence"
