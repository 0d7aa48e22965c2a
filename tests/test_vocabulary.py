"""The card vocabulary is data with its evidence: every heading and sentence phrase was seen in two cards at least,
and the reader finds it in each corpus card that is named for it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import pytest
import yaml
from conftest import CORPUS

from aims_lint.data import read_data
from aims_lint.packs import load_rules
from aims_lint.parse.markdown import MarkdownBody, parse_body, split_front_matter
from aims_lint.parse.text import decode
from aims_lint.vocab import Phrases, vocabulary, words

RAW = yaml.safe_load(read_data("vocabulary.yaml"))
KINDS = ("model_card", "dataset_record")
GITHUB = re.compile(r"github:[\w.-]+/[\w.-]+:\S.*")  # a path may hold spaces ("docs/Model Card.md")


def _entries() -> Iterator[tuple[str, str, str, str, list[str]]]:
    """(kind, field, list, phrase, cards) of every phrase with its evidence."""
    for kind in KINDS:
        for phrase, cards in (RAW[kind].get("ignore") or {}).items():
            yield kind, "ignore", "headings", phrase, cards
        for name, entry in RAW[kind]["fields"].items():
            for listed in ("headings", "prose"):
                for phrase, cards in (entry.get(listed) or {}).items():
                    yield kind, name, listed, phrase, cards


ENTRIES = list(_entries())


def test_every_phrase_is_seen_in_two_cards_or_is_aims_lint_s_own() -> None:
    unproven = [(kind, name, phrase) for kind, name, _, phrase, cards in ENTRIES
                if len(set(cards)) < 2 and phrase not in (RAW[kind]["fields"].get(name, {}).get("own") or [])]
    assert unproven == []


def test_every_card_named_is_a_corpus_file_or_a_public_repository_s() -> None:
    named = {card for *_, cards in ENTRIES for card in cards}
    assert named <= set(RAW["cards"]), named - set(RAW["cards"])
    manifest = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8") if CORPUS.is_dir() else ""
    listed = {line.split("\t", 1)[0] for line in manifest.splitlines()[1:]}
    for card, source in RAW["cards"].items():
        assert GITHUB.fullmatch(source) or not listed or source in listed, (card, source)


@functools.cache
def _card_words(rel: str) -> tuple[str, ...]:
    text = decode((CORPUS / rel).read_bytes()).text
    assert text is not None, rel
    return words(text)


CORPUS_EVIDENCE = [(phrase, RAW["cards"][card]) for *_, phrase, cards in ENTRIES
                   for card in cards if not GITHUB.fullmatch(RAW["cards"][card])]


@pytest.mark.parametrize(("phrase", "rel"), CORPUS_EVIDENCE or [("", "corpus-absent")])
def test_each_corpus_card_named_for_a_phrase_writes_it(phrase: str, rel: str) -> None:
    if not (CORPUS / rel).is_file():
        pytest.skip(f"the shared corpus ({CORPUS}) is not here")
    found, wanted = _card_words(rel), words(phrase)
    assert any(found[i : i + len(wanted)] == wanted for i in range(len(found) - len(wanted) + 1)), (phrase, rel)


@pytest.mark.parametrize("kind", KINDS)
def test_the_reader_finds_the_common_headings_where_they_stand(kind: str) -> None:
    """The first card named for a heading seen in three cards writes it where the reader reads headings."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus ({CORPUS}) is not here")
    index = _phrases(kind, "headings")
    for entry_kind, _, listed, phrase, cards in ENTRIES:
        if entry_kind != kind or listed != "headings" or len(cards) < 3 or GITHUB.fullmatch(RAW["cards"][cards[0]]):
            continue
        body = _read(RAW["cards"][cards[0]])
        wanted = words(phrase)
        assert any(found == wanted for text in _names(body) for _, found, _ in index.matches(words(text))), phrase


@functools.cache
def _read(rel: str) -> MarkdownBody:
    text = decode((CORPUS / rel).read_bytes()).text
    assert text is not None, rel
    split = split_front_matter(text)
    return parse_body(split.body, split.body_first_line)


def _names(body: MarkdownBody) -> list[str]:
    """Where the reader reads headings and labels: headings, label lines, table headers and row labels."""
    found = [s.title for s in body.sections] + [label.name for label in body.labels]
    for block in body.blocks:
        if block.kind == "table" and block.rows:
            found += list(block.rows[0]) + [row[0] for row in block.rows if row]
    return found


def _phrases(kind: str, listed: str) -> Phrases:
    fields = RAW[kind]["fields"]
    pairs = [(p, name) for name, entry in fields.items() for p in (entry.get(listed) or {})]
    if listed == "headings":
        pairs += [(p, "") for p in RAW[kind].get("ignore") or {}]
    return Phrases(pairs)


def test_aims_lint_s_own_headings_are_those_its_rules_ask_for() -> None:
    asked = " ".join(" ".join(words(f"{rule.remediation} {rule.help}")) for rule in load_rules())
    for kind in KINDS:
        for name, entry in RAW[kind]["fields"].items():
            for heading in entry.get("own") or []:
                assert heading in (entry.get("headings") or {}), (kind, name, heading)
                assert " ".join(words(heading)) in asked, (kind, name, heading)


def test_the_vocabulary_is_read_as_written() -> None:
    vocab = vocabulary()
    for kind in KINDS:
        written = RAW[kind]["fields"]
        read = vocab.kinds[kind].fields
        assert set(read) == set(written)
        for name, entry in written.items():
            assert list(read[name].headings) == list(entry.get("headings") or {})
            assert list(read[name].keys) == list(entry.get("keys") or [])


def test_the_cards_a_phrase_names_are_few() -> None:
    # Evidence, not an index of the corpus: three cards at most a phrase keeps the data file small to read.
    assert max(len(cards) for *_, cards in ENTRIES) <= 3


def test_a_compound_heading_is_no_single_entry_that_hides_its_parts() -> None:
    # 'Uses and Limitations' as one intended-use phrase would be read before 'limitations' and feed only one field.
    for kind in KINDS:
        fields = RAW[kind]["fields"]
        heads = {" ".join(words(h)): name for name, entry in fields.items() for h in (entry.get("headings") or {})}
        for phrase, name in heads.items():
            parts = [p for p in re.split(r" and | or ", phrase) if p and p != phrase]
            others = {heads[p] for p in parts if p in heads} - {name}
            listed = {n for n, entry in fields.items() if phrase in {" ".join(words(h)) for h in entry.get("headings")
                                                                    or {}}}
            assert others <= listed, (kind, phrase, others - listed)



@pytest.mark.parametrize(("written", "read"), [("Limitation(s)", "Limitations"), ("Author(s) and Curator(s)",
                                                                                  "Authors and curators")])
def test_an_optional_plural_reads_as_the_plural(written: str, read: str) -> None:
    assert words(written) == words(read)


@pytest.mark.parametrize(("written", "read"), [("Evaluación", "evaluacion"), ("Límites y riesgos", "Limites y riesgos"),
                                               ("Données d’entraînement", "Donnees d'entrainement")])
def test_a_word_with_accents_reads_as_one_word_without_them(written: str, read: str) -> None:
    assert words(written) == words(read) and len(words(written)) == len(read.replace("'", " ").split())


@pytest.mark.parametrize(("written", "read"), [("## Sınırlamalar", ("sinirlamalar",)),
                                               ("Ограничения и риски", ("ограничения", "и", "риски")),
                                               ("Begrænsninger", ("begraensninger",)),
                                               ("한계 및 위험", ("한계", "및", "위험")),
                                               ("局限性", ("局", "限", "性")),
                                               ("制限事項", ("制", "限", "事", "項"))])
def test_words_of_other_scripts_are_read_not_dropped(written: str, read: tuple[str, ...]) -> None:
    # Letters of any script make words; Han and kana, written without spaces, are a word a character.
    assert words(written) == read


def test_a_phrase_in_han_is_found_inside_a_longer_heading() -> None:
    index = Phrases([("局限性", "limitations")])
    assert [names for _, _, names in index.matches(words("模型局限性"))] == [("limitations",)]
