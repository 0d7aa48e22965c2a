"""Cards written in another language than English: told apart from English ones (terse, templated or bilingual among
them), reported once (AL012) instead of a finding for each field the English vocabulary cannot find, and still
checked for what does not depend on the language (keys, placeholders)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_dir, write_tree

from aims_lint.adapters.markdown_card import adapt_markdown
from aims_lint.engine import RunOptions, run
from aims_lint.packs import load_rules
from aims_lint.parse.markdown import parse_body, split_front_matter
from aims_lint.read import build_inventory
from aims_lint.vocab import reads_as_english

RULES = load_rules()
FRONT = "---\nlicense: apache-2.0\npipeline_tag: text-classification\n---\n\n"

FRENCH = ("Ce modèle trie les courriels des clients par sujet pour l'équipe du service client. Il est utilisé par les "
          "conseillers pour répondre plus vite aux demandes les plus urgentes, et ne prend aucune décision seul. Le "
          "modèle a été entraîné sur des courriels en français de 2023 et il est moins précis sur les messages très "
          "courts, sur les messages qui mélangent plusieurs sujets et sur ceux qui sont écrits dans une autre langue.")
PORTUGUESE = ("Este modelo é projetado para tarefas de processamento de linguagem natural em português, como "
              "geração de texto, tradução automática e resumo de texto. O modelo foi treinado com os dados do Alpaca "
              "traduzidos para o português, e os resultados das avaliações estão nas tabelas da seção de avaliação.")
CHINESE = ("本模型基于通义千问模型，使用医疗问答数据进行指令微调，提升其在医疗问答中的专业性和准确性。"
           "模型适用于医学知识问答、健康咨询和医学教育等场景，但不能代替医生的诊断和治疗建议。"
           "训练数据来自公开的医疗问答数据集，经过清洗和去重。") * 2
# Turkish: none of the common words listed for either side; told by its length and its letters.
TURKISH = ("Bu veri seti, Türkiye'yi ilgilendiren deprem kataloğu ve sismik dalga formu verilerinin birden fazla açık "
           "kaynaktan derlenip makine öğrenmesi kullanımına hazır hale getirilmiş halidir. Amaç, araştırmacılara "
           "veriyi toplama ve temizleme işini tek tek yapmalarına gerek kalmadan hazır bir başlangıç noktası sunmak. ")
ENGLISH = ("This model sorts the e-mails of customers by topic for the support team. It is used by the advisers to "
           "answer the most urgent requests first, and it takes no decision on its own. It was trained on e-mails of "
           "2023 and is less accurate on very short messages, on those that mix several topics and on those that are "
           "written in another language than the one it was trained on; its results have to be read by an adviser.")


def card(*paragraphs: str, title: str = "Trieur de courriels") -> str:
    return FRONT + f"# {title}\n\n" + "\n\n".join(f"## Partie {i}\n\n{p}" for i, p in enumerate(paragraphs)) + "\n"


def body_texts(text: str) -> list[str]:
    split = split_front_matter(text)
    body = parse_body(split.body, split.body_first_line)
    return [*(b.text for b in body.blocks if b.kind == "paragraph"), *(s.title for s in body.sections)]


@pytest.mark.parametrize(("text", "times"), [(FRENCH, 2), (PORTUGUESE, 2), (CHINESE, 1), (TURKISH, 10)],
                         ids=["french", "portuguese", "chinese", "turkish"])
def test_a_card_in_another_language_does_not_read_as_english(text: str, times: int) -> None:
    assert not reads_as_english(body_texts(card(*[text] * times)))


@pytest.mark.parametrize("texts", [
    [ENGLISH],
    [ENGLISH, CHINESE, CHINESE],  # an English card with a long part in Chinese
    ["Too short to tell: Ce modèle trie les courriels."],
    # A terse card of English labels has no common word of any language (the opus-mt cards of the Hub).
    ["* dataset: opus\n* model: transformer-align\n* pre-processing: normalization + SentencePiece"] * 40,
], ids=["english", "bilingual", "short", "labels"])
def test_english_cards_read_as_english(texts: list[str]) -> None:
    assert reads_as_english(body_texts(card(*texts)))


def _findings(tmp_path: Path, text: str) -> list[tuple[str, int, str]]:
    root = write_tree(tmp_path / "repo", {"models/tri/README.md": text, "models/tri/model.safetensors": b"w"})
    report = run(build_inventory([root]), RULES, RunOptions())
    return [(f.rule_id, f.location.line, f.message) for f in report.findings if f.rule_id[:2] in ("AL", "MC")]


def test_a_card_in_another_language_gets_one_finding_instead_of_a_finding_for_each_field(tmp_path: Path) -> None:
    text = card(FRENCH, PORTUGUESE)
    found = _findings(tmp_path / "other", text)
    assert [(rule, line) for rule, line, _ in found] == [("AL012", text.split("\n").index("# Trieur de courriels") + 1)]
    assert "the model card is not written in English" in found[0][2]
    # The same card in English is judged field by field.
    english = _findings(tmp_path / "english", card(ENGLISH))
    assert {"MC101", "MC102", "MC105"} <= {rule for rule, _, message in english if "does not state" in message}


def test_a_placeholder_in_a_card_of_another_language_is_still_reported(tmp_path: Path) -> None:
    text = card(FRENCH, PORTUGUESE) + "\n## Limitations\n\n[More Information Needed]\n"
    found = _findings(tmp_path, text)
    assert ("MC103", text.split("\n").index("## Limitations") + 1) in [(rule, line) for rule, line, _ in found]
    assert not [message for _, _, message in found if "does not state" in message]


# The headings of a model card template, as a card answered in another language keeps them.
TEMPLATE_HEADINGS = ["Model Details", "Model Description", "Uses", "Direct Use", "Downstream Use", "Out-of-Scope Use",
                     "Bias, Risks, and Limitations", "Recommendations", "How to Get Started with the Model",
                     "Training Details", "Training Data", "Training Procedure", "Preprocessing",
                     "Training Hyperparameters", "Evaluation", "Testing Data, Factors and Metrics", "Testing Data",
                     "Factors", "Metrics", "Results", "Summary of the results", "Environmental Impact",
                     "Technical Specifications", "Model Architecture and Objective", "Compute Infrastructure",
                     "Citation", "Glossary", "More Information", "Model Card Authors", "Model Card Contact"]


def test_a_card_answered_in_another_language_under_english_headings_is_read_by_its_headings(tmp_path: Path) -> None:
    # Two models, each with the template's headings: enough words to tell their language by.
    text = FRONT + "# Trieur de courriels\n\n" + "".join(
        f"## {size} model\n\n" + "".join(f"### {heading}\n\n{FRENCH}\n\n" for heading in TEMPLATE_HEADINGS
                                           if heading != "Out-of-Scope Use") for size in ("Small", "Large"))
    found = _findings(tmp_path / "answered", text)
    assert "AL012" not in {rule for rule, _, _ in found}
    # What its headings hold is present, in whatever language; what none of them names is missing.
    missing = {rule for rule, _, message in found if "does not state" in message}
    assert "MC102" in missing and not missing & {"MC101", "MC103", "MC104", "MC105", "MC107"}
    # A few English headings over a card in another language do not tell: it is reported once.
    few = FRONT + "# Trieur de courriels\n\n" + "".join(
        f"## {heading}\n\n{FRENCH}\n\n" for heading in TEMPLATE_HEADINGS[:6])
    assert [rule for rule, _, _ in _findings(tmp_path / "few", few)] == ["AL012"]


def test_the_adapter_marks_the_artifact_and_tells_the_reader() -> None:
    result = adapt_markdown("README.md", card(CHINESE), kind_hint=None, beside_weights=True, readme=True)
    assert result.artifact is not None and not result.artifact.english
    assert [p.code for p in result.problems] == ["card-language"]
    english = adapt_markdown("README.md", card(ENGLISH), kind_hint=None, beside_weights=True, readme=True)
    assert english.artifact is not None and english.artifact.english and english.problems == []


def test_every_markdown_card_of_the_corpus_reads_as_english() -> None:
    """The corpus's Markdown files in UTF-8 are English, templates, Trainer-generated and terse label cards among
    them (some with Chinese, Russian or Arabic parts): none may lose its findings to this judgement."""
    root = corpus_dir()
    judged = 0
    for path in sorted(root.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        judged += 1
        assert reads_as_english(body_texts(text)), path.relative_to(root)
    assert judged > 150
