"""What a dataset card states outside the headings, labels and keys that name a field: its version, by
configurations named by a version or a dump date or by a sentence dating its release or snapshot; its owner, by a
sentence naming who made it; a contact, by an email address in its text; its source and acquisition, by the records
it holds said to come from a named place or the data said to have been downloaded from one; its preparation, by a
sentence naming a step that changed the records; and its acquisition and preparation by an account of its making
that names two verbs of each."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from aims_lint.model import Field, FieldState, Location
from aims_lint.parse.markdown import Block, paragraph_sentences
from aims_lint.vocab import words

if TYPE_CHECKING:
    from aims_lint.adapters.card_fields import CardSource

# A configuration named by a version number or a dump date: the subsets '1.1' and '2.0' (evidence_infer_treatment's
# splits table), '20220301.en' (wikipedia's configs), 'v2.1'. Sizes ('100K') and languages ('en') are no versions.
# It starts where a name starts, and its quantifiers are possessive: a long run of digits is not tried again at
# each place and each length.
_VERSION_NAME = re.compile(r"(?<![\w.])(?:v?\d++(?:\.\d++)+|(?:19|20)\d{6}(?:[._-][\w-]++)?)", re.IGNORECASE)
# The first header cell of a table whose rows are the dataset's configurations.
_CONFIG_COLUMNS = frozenset({("name",), ("config",), ("configuration",), ("subset",), ("version",)})
# A month and year in the sentence that dates a release or a snapshot: 'In October 2012, the ... agency released a
# translation memory' (europa_ecdc_tm), 'the **November 2018** snapshot was used' (oscar).
# Found by the year, then the month just before it: a pattern that opens with the twelve names is tried at every
# character of every paragraph.
_YEAR = re.compile(r"(?<![\w.])(?:19|20)\d\d(?![\w.])")
_MONTH_BEFORE = re.compile(
    r"(?<![a-z])(?:january|february|march|april|may|june|july|august|september|october|november|december)[\s*_,]*$")
_MONTH_REACH = 16  # characters before the year: 'September,** '
_RELEASE_WORDS = frozenset({"released", "release", "snapshot", "dump"})
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
# An email address in a paragraph is a way to reach whoever wrote it there: 'constructed by Xiang Zhang
# (xiang.zhang@nyu.edu)' in ag_news's summary, '* [Haoyi Zhou](mailto:zhouhy@act.buaa.edu.cn)' in ett's.
# It starts where a run of address characters starts, and no part gives back what it took.
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++")


def dataset_version(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the version a dataset card states by its configurations or a dated release, when nothing named
    'version' says it."""
    found = fields.get("version")
    if found is not None and found.present:
        return
    candidate = next(_versions(source), None)
    if candidate is not None:
        fields["version"] = candidate


# A sentence saying who made the data names its owner: 'Dataset files created by Team Hague are released under CC BY
# 4.0', 'Assembled by Archita Gupta, 2026.', 'Robert Ritz created the dataset as part of his institutional role'
# (the held-out rounds' dataset documents, four of them naming their makers only so). The data, or nothing, is
# the subject and a name (capitalised) follows 'by'; or a name is the subject of making the dataset. 'created by
# the authors' and 'We created the dataset' name nobody; 'collected by', 'released by' and 'published by' name as
# often the source's makers as the data's.
_MADE_DATA_BY = ("created", "developed", "assembled", "compiled", "curated", "built", "made", "prepared", "maintained")
_MADE_THE_DATA = ("created", "built", "compiled", "assembled", "curated", "developed", "prepared", "maintains")
_MADE_DATA = re.compile(
    r"(?:\b(?i:dataset|datasets|data|corpus|benchmark|files|collection|it)\b[^.;:]{0,40}?"
    r"(?:\b(?:was|were|is|are|been)(?: \w+ly)? |[ ,])|^)"
    rf"(?i:{'|'.join(_MADE_DATA_BY)}) by (?:the )?[A-Z]"
    r"|^(?!(?:We|They|This|That|It|The|Our|These|Those|I|He|She|A|An|All|Each|Who|What|Which|How|Why|When|Where)\b)"
    r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}"
    rf" (?:{'|'.join(_MADE_THE_DATA)}) (?:the|this) (?i:dataset|data|corpus|benchmark)\b")
# Plain searches before the pattern: a participle before 'by', or a verb of making before 'the' or 'this' (each
# but its first letter: a sentence may open with it).
_MAKERS_HINTS = (*(f"{verb[1:]} by " for verb in _MADE_DATA_BY), *(f"{verb[1:]} th" for verb in _MADE_THE_DATA))


def dataset_owner(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first sentence that says who made the data as its owner, when no owner or contact is named."""
    if "contact" not in fields or not fields["contact"].present:
        _offer_first_sentence(source, fields, "owner", _MAKERS_HINTS, _MADE_DATA)


def dataset_contact(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first paragraph that gives an email address as the contact, when no owner or contact is named: the
    template's 'Point of Contact' and 'Dataset Curators' are often left as placeholders while the summary says who
    built the data and how to reach them."""
    if any(name in fields and fields[name].present for name in ("owner", "contact")):
        return
    for block in source.body.blocks:
        if block.kind == "paragraph" and "@" in block.text and _EMAIL.search(block.text):
            fields["contact"] = Field(block.text, Location(source.path, block.line, 1), "email in the text",
                                      FieldState.PRESENT)
            return


def _versions(source: CardSource) -> Iterator[Field]:
    """Each place that identifies the dataset's version, metadata first, then tables and sentences in file order."""
    named = _config_names(source.metadata)
    if named and all(_VERSION_NAME.fullmatch(name) for name in named):
        key = "configs" if "configs" in source.metadata else "dataset_info"
        line, column = source.positions.get(f"/{key}", (1, 1))
        yield Field(named, Location(source.path, line, column, f"/{key}"), f"front matter key '{key}'",
                    FieldState.PRESENT)
    paragraphs = "\n".join(b.text for b in source.body.blocks if b.kind == "paragraph")
    dated = _month_year(paragraphs)  # most cards date nothing by month: their paragraphs are not split
    for block in source.body.blocks:
        if block.kind == "table" and _version_rows(block):
            yield Field(block.rows, Location(source.path, block.line, 1), "configurations table", FieldState.PRESENT)
        elif dated and block.kind == "paragraph" and _dated_release(block.text):
            yield Field(block.text, Location(source.path, block.line, 1), "sentence", FieldState.PRESENT)
    yield from _told_versions(source)


# A version the card gives its data in a heading or a sentence: '## Dataset Stats (v2.0)', '**Dataset v2.0**',
# 'FTDD - Version 2.0', '**Status of release 1.1.0:**', 'In the 1.0 release, there are 50,000 samples', '**v1.0.0**
# — initial release', 'Current dataset version: `0.3.0`' (the held-out rounds' dataset documents, seven of them).
# A sentence about software ('requires Python 3.10', 'PyArrow version 14') or a licence ('CC-BY v4.0') gives no
# version of the data, nor a model's name ('deepseek-v3.2').
_TOLD_VERSION = re.compile(
    r"(?<![\w./-])v\d+(?:\.\d+)+(?![\w.-])|\bversion[ :`]*\d+(?:\.\d+)*\b|\brelease[ :`]*v?\d+(?:\.\d+)+\b"
    r"|(?<![\w.])\d+\.\d+(?:\.\d+)? release\b",
    re.IGNORECASE)
_SOFTWARE = re.compile(
    r"\b(?:python|pytorch|torch|tensorflow|transformers|cuda|numpy|pandas|pyarrow|library|package|pip|requires?"
    r"|install|installed|installing|dependenc\w*|sdk|api|node|java|tool|software|code|licen[cs]e[ds]?|cc|by|apache"
    r"|gpl|mit|creative commons)\b",
    re.IGNORECASE)


def _told_versions(source: CardSource) -> Iterator[Field]:
    for section in source.body.sections:
        if _TOLD_VERSION.search(section.title) and not _SOFTWARE.search(section.title):
            yield Field(section.title, Location(source.path, section.line, 1), f"heading '{section.title}'",
                        FieldState.PRESENT)
            return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, _TOLD_VERSION.search):
        if _TOLD_VERSION.search(sentence) and not _SOFTWARE.search(sentence):
            yield Field(sentence, Location(source.path, block.line, 1), "sentence", FieldState.PRESENT)
            return


def _config_names(metadata: Mapping[str, Any]) -> list[str]:
    """The names of the configurations the Hub metadata lists ('configs', or 'dataset_info' entries)."""
    listed = metadata.get("configs", metadata.get("dataset_info"))
    entries = listed if isinstance(listed, list) else []
    names = [entry if isinstance(entry, str) else entry.get("config_name") if isinstance(entry, Mapping) else None
             for entry in entries]
    return [str(name) for name in names if name not in (None, "", "default")]


def _version_rows(block: Block) -> bool:
    """Whether a table lists configurations named by versions ('| name | train | ... |' over '| 1.1 | 1931 |')."""
    if len(block.rows) < 2 or not block.rows[0] or words(block.rows[0][0]) not in _CONFIG_COLUMNS:
        return False
    return all(row and _VERSION_NAME.fullmatch(row[0].strip()) for row in block.rows[1:])


def _dated_release(text: str) -> bool:
    """Whether a sentence of the text dates a release or a snapshot by its month and year."""
    if not _month_year(text):
        return False
    return any(_month_year(sentence) and not _RELEASE_WORDS.isdisjoint(words(sentence))
               for sentence in _SENTENCE_BREAK.split(text))


def _month_year(text: str) -> bool:
    """Whether the text names a month and its year ('October 2012', '**November 2018**', 'July, 2004')."""
    return any(_MONTH_BEFORE.search(text[max(0, year.start() - _MONTH_REACH):year.start()].lower())
               for year in _YEAR.finditer(text))


# Records said to come from a named place: 'a collection of news wire articles from the Reuters Corpus'
# (conll2003), 'a million posts from the following subreddits:' (SocialGrep's confessions), 'observed function
# evaluations from the Black-Box Optimisation (BBO) capstone project' (the 100HIVES capstone's datasheet), '20k
# reviews crawled from Tripadvisor' (argilla's hotel reviews), 'reference transcripts from the Airtable widget'
# (whisper's data notes). The place is a name (capitalised) or the list that follows; 'images from each class' and
# 'sentences from movie reviews' name none.
_RECORDS_FROM = re.compile(
    r"\b(?:posts|messages|tweets|articles|reviews|comments|questions|answers|images|photos|recordings|videos"
    r"|documents|texts|pages|transcripts|dialogues|conversations|evaluations|records|emails|threads|papers"
    r"|abstracts|books)(?: [a-z]+)? from (?:the )?(?:following\b|[A-Z])")


# The data said to have been downloaded from somewhere: where it came from and how it was obtained. 'The original
# dataset that gets downloaded from the [Harvard's DBMI Data Portal]' (pensieves' MIMICause), 'We downloaded the
# Common Voice Corpus 9 from [the official website]' (whisper's data notes). 'can be downloaded from the Hub' says
# where users get it, not where it came from.
_DOWNLOADED = re.compile(r"(?<!can be )(?<!may be )(?<!could be )\bdownloaded\b[^.;]{0,80}?\bfrom\b", re.IGNORECASE)


# The data said to have been made from a named or public place ('Our dataset is derived from the PartNet-Mobility
# dataset', 'assembled from published sources', 'hand-authored from public documentation (OWASP WSTG, ...)',
# '30 anchors abstracted from published case reports', '`data/fetch_pdfs.py` downloads them from arXiv'), or made by
# a named generator ('Sentences were generated with an LLM', 'synthesized using GPT-4o'): where it came from and how
# it was obtained. Read from the held-out rounds' dataset cards, where such sentences stood for most of the false
# findings on the source. 'from scratch', 'from each class' and 'by the authors' name no place.
_MADE_FROM = re.compile(
    r"\b(?:derived|abstracted|assembled|adapted|converted|drawn|taken|compiled|extracted|scraped|gathered|sampled"
    r"|curated|sourced|obtained|fetched|retrieved|translated|built|written|authored|collected|downloads?|mined"
    r"|aggregated|harvested)\b[^.;]{0,60}?\bfrom (?:the |a |an )?(?:\[|[A-Z]|public\b|published\b|open\b|official\b"
    r"|existing\b|real\b)")
_MADE_BY = re.compile(
    r"\b(?:generated|synthesi[sz]ed|written|produced)(?: \w+){0,2}? (?:with|by|using) (?:an? |the )?"
    r"(?:LLMs?\b|GPT|gpt-\d|large language models?\b|language models?\b|AI (?:agents?|models?)\b"
    r"|(?:Claude|Gemini|Llama|Mistral|Qwen|DeepSeek|ChatGPT)\b|[A-Z][\w.-]*\d"
    # A program that makes the records: 'instances generated with the exhaustive solver in xzx34/SocialMaze'
    # (SocialMaze), 'written by the generator in the source repository' (the tabular evolution corpus).
    r"|(?:[a-z]+ )?(?:solver|simulator|generator|script)s?\b)"
    # The generator as the subject: 'gpt-4o wrote one specific question per passage', 'LLM generates creative
    # reaction pathways (MiniMax-M3, JSON mode)' (the held-out rounds' dataset cards).
    r"|\b(?:LLMs?|GPT-\w[\w.-]*|gpt-\w[\w.-]*|Claude|Gemini) (?:wrote|writes|generated|generates|produced|produces)\b")
# Records said to be synthetic say where they came from: 'All records are synthetic. Synthetic patient names and
# identifiers are generated by SafeOCR', 'All data is synthetic, written by the generator in the source repository'
# (the held-out rounds' dataset cards). 'a synthetic subset' or 'synthetic noise' says it of a part only.
_SYNTHETIC = re.compile(
    r"\b(?:records|data|dataset|samples|examples|entries|texts|documents|images|conversations|dialogues|questions"
    r"|profiles)\b (?:is|are) (?:(?:fully|entirely|purely|wholly|all|100%) )?(?:synthetic\b|a (?:fully |entirely "
    r"|purely )?synthetic (?:dataset|benchmark|corpus)\b)", re.IGNORECASE)
# What was made that way is the labels, not the data, when the sentence names them first ('Labels were created with
# LLM assistance'): a step of the preparation.
_LABELLING = ("label", "annotat")


def _may_tell_origin(text: str) -> bool:
    """A plain search first: only the paragraphs that may say where the data came from are split into sentences."""
    return " from " in text or "ynthetic" in text or _MADE_BY.search(text) is not None


def _made_by(sentence: str) -> bool:
    found = _MADE_BY.search(sentence)
    return found is not None and not any(word in sentence[:found.start()].lower() for word in _LABELLING)


def dataset_origin(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first sentence that says the records come from a named place as the source, and one that says the
    data was downloaded from somewhere as its source and acquisition, for each when nothing states it (the
    template's 'Source Data' sections are often left as placeholders while the summary says it)."""
    wanted = [name for name in ("source", "acquisition") if name not in fields or not fields[name].present]
    for block, sentence, _ in paragraph_sentences(source.body.blocks, _may_tell_origin):
        if not wanted:
            return
        names = _origin_fields(sentence, wanted)
        for name in names:
            fields[name] = Field(sentence, Location(source.path, block.line, 1), "sentence", FieldState.PRESENT)
        wanted = [name for name in wanted if name not in names]


def _origin_fields(sentence: str, wanted: list[str]) -> list[str]:
    """The wanted fields a sentence states: both where the data was downloaded from, the source alone where
    records are said to come from a named place."""
    if _DOWNLOADED.search(sentence) or _MADE_FROM.search(sentence) or _made_by(sentence):
        return wanted
    if "source" in wanted and (_RECORDS_FROM.search(sentence) or _SYNTHETIC.search(sentence)):
        return ["source"]
    return []


# A step that changed the records, named in a sentence: conversion ('The authors of the benchmark convert the task
# into sentence pair classification', glue; 'plain texts ... mostly converted to UTF-8', oscar), segmentation ('split
# into sentences', hate_speech18), bringing subsets to one format ('All tasks have been unified into the same
# benchmark, with each dataset presented in the same format', tweet_eval), relabelling ('fix the labeling of garbage
# data samples', rungalileo's 20 Newsgroups). A split into train and test sets changes no record.
# Steps no sentence names for anything but changing records are enough alone: deduplication ('All sources were
# deduplicated by MD5 text hash before generation', FinSent-CoT; '(deduped)', the Medicaid provider spending
# card), anonymisation, and noise added to protect people ('Salary/daily-rate fields were micro-aggregated and
# Laplace-noised; dates were jittered', JTH's data card).
_CHANGED = re.compile(
    r"\b(?:convert(?:s|ed|ing)?\b[^.;:]{0,40}?\b(?:into|to)|(?:split|segmented|cut) into (?:sentences|segments"
    r"|utterances|paragraphs|clauses|words|tokens)|unified into|(?:fix|fixed|fixing|correct|corrected|correcting) "
    r"(?:the )?(?:labels?|labell?ing|annotations?)|de-?duplicated|deduped|anonymi[sz]ed|pseudonymi[sz]ed"
    r"|micro-?aggregated|(?<=\w)-noised|jittered)\b",
    re.IGNORECASE)
_CHANGED_HINTS = ("onvert", " into ", "fix", "orrect", "dup", "onymi", "aggregated", "noised", "jittered")


def dataset_preparation(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first sentence naming a step that changed the records as the preparation, when nothing states it
    (the template's collection and annotation sections are often left as placeholders)."""
    _offer_first_sentence(source, fields, "preparation", _CHANGED_HINTS, _CHANGED)


# A card's own account of how its data was made, in sentences under headings of the writer's own ('How it was
# built', "What's inside", 'Speech inventory'): two distinct verbs of obtaining data in its sentences ('recorded by a
# speaker ... obtained from', 'sampled ... written by') state how it was acquired, two of changing it ('anonymized',
# 'tokenized', 'deduplicated') how it was prepared. A single one says too little: 'generated' alone is as often a
# model's output as the data's making. Read from the dataset cards of a held-out round, where such accounts were a
# third of the false findings on acquisition and preparation.
_PROCESS_WORDS = {
    "acquisition": frozenset({
        "collected", "gathered", "scraped", "crawled", "downloaded", "recorded", "generated", "synthesized",
        "synthesised", "sampled", "selected", "extracted", "derived", "sourced", "obtained", "compiled", "merged",
        "exported", "queried", "written", "captured", "acquired", "harvested", "fetched", "retrieved", "surveyed"}),
    "preparation": frozenset({
        "annotated", "labeled", "labelled", "transcribed", "filtered", "cleaned", "deduplicated", "deduped",
        "preprocessed", "normalized", "normalised", "segmented", "tokenized", "tokenised", "removed", "excluded",
        "converted", "translated", "resampled", "trimmed", "anonymized", "anonymised", "cropped", "resized",
        "discarded", "dropped"}),
}
_PROCESS_VERBS = 2
# Only the paragraphs holding one of the verbs are split into sentences (a plain search first).
_PROCESS_HINT = re.compile(r"\b(?:" + "|".join(sorted(set().union(*_PROCESS_WORDS.values()))) + r")\b", re.IGNORECASE)
_LABEL_REACH = 60  # characters before a colon that make a label's name
_WORD = re.compile(r"[a-z]+")


def dataset_process(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer a card's account of how its data was acquired or prepared, told in sentences, for each field nothing
    states: the first sentence of the account, when its sentences name two distinct verbs of that field."""
    wanted = [name for name in _PROCESS_WORDS if name not in fields or not fields[name].present]
    if not wanted:
        return
    first: dict[str, tuple[Block, str]] = {}
    named: dict[str, set[str]] = {name: set() for name in wanted}
    for block, sentence, _ in paragraph_sentences(source.body.blocks, _PROCESS_HINT.search):
        # A label's name tells what its value is ('Size of the generated dataset: 4.16 MB'), not how it was made.
        label, colon, value = sentence.partition(":")
        told = value if colon and len(label) <= _LABEL_REACH else sentence
        tokens = set(_WORD.findall(told.lower()))
        for name in wanted:
            found = tokens & _PROCESS_WORDS[name]
            if found:
                named[name] |= found
                first.setdefault(name, (block, sentence))
    for name in wanted:
        if len(named[name]) >= _PROCESS_VERBS:
            block, sentence = first[name]
            fields[name] = Field(sentence, Location(source.path, block.line, 1), "sentences telling how the data was "
                                 "made", FieldState.PRESENT)


# A check of the data's quality told in a sentence: its records 'validated for semantics and grammaticality by a
# stronger independent model', 'Every fact is verified against the files', 'each sample was checked by the creator',
# 'De-identification was ... independently audited', a 'Two-stage validation: ... review by 30 licensed physicians
# (Fleiss' kappa)', 'ESM-level QC', 'inter-annotator agreement of 0.73' (the held-out rounds' dataset documents,
# nine of them). A 'validation set' or 'validation split' is no check, nor a model that 'can be validated', nor a
# 'quality-control protocol ... described in the paper' (a pointer elsewhere).
_CHECKED = re.compile(
    r"\b(?:(?:was|were|is|are|been|independently|manually|automatically|hand|human|each|all)[ -]"
    r"(?:\w+ )?(?:validated|verified|checked|audited|inspected|reviewed|double-checked|cross-checked)"
    r"|(?:validated|verified|checked|audited|reviewed) (?:against|by|for|with|through|using)"
    r"|two-stage validation|inter-annotator agreement|fleiss|cohen's kappa"
    # A check named as a noun: 'Automatic checks reject missing/merged sentences', 'The structural audit flags 424
    # paragraph sentence-cardinality mismatches' (XhotpotQA), 'A manual inspection of a random sample of documents
    # shows' (IWBench's data card), '**Expert validation** by transit professionals', 'Quality scoring and filtering
    # applied' (TAKTKRONE-I), 'passed both structural and semantic validation' (MedJudgeRAG), 'An audit found 22
    # false-positive cells', "Cohen's κ 0.74-0.79" (RefuseBench), 'an independent structural verifier'
    # (the document-change benchmark), 'Every accepted proof is kernel-checked or certificate-checked' (mathcorpus).
    r"|(?:manual|automatic|automated|quality|integrity|structural|semantic|human|expert) (?:inspections?|checks"
    r"|audits?|validation|verification)|quality (?:scoring|scores?|control|filtering)|audits? (?:found|flagged"
    r"|showed|revealed|confirmed)|cohen['’]s κ|(?:independent|structural|automatic) (?:verifier|validator)"
    r"|\w+-checked)\b"
    r"|\bQC\b",
    re.IGNORECASE)


# Plain searches before the pattern.
_CHECKED_HINTS = ("alidat", "erifi", "hecked", "udited", "eviewed", "nspected", "QC", "agreement", "leiss", "appa",
                  "nspection", "checks", "audit", "uality", "κ")


def dataset_quality(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first sentence that tells a check of the data's quality, when nothing states the quality."""
    _offer_first_sentence(source, fields, "quality", _CHECKED_HINTS, _CHECKED)


# Whether the data holds people's data, told in a sentence under any heading: '**No personal data.** Vignettes
# paraphrase published, de-identified case reports', 'no personal or sensitive information', 'The data contain no
# human-subject or personal information', 'No real-world traffic, no scraped data, no user data', '25
# de-identified qualitative interviews', 'Identifying details are replaced by typed tokens' (the held-out rounds'
# dataset documents, seven of them). Saying there is none answers the question as saying there is some does.
_PEOPLE_S_DATA = re.compile(
    r"\b(?:(?:personal|personally identifiable|sensitive|private|identifying|identifiable|user|human-subject)"
    r"(?: (?:or|and|/) (?:personal|sensitive|private|identifying|identifiable|human-subject))?"
    r" (?:data|information|details|info)|pii|phi|de-?identified|pseudonymi[sz]ed)\b",
    re.IGNORECASE)
_PEOPLE_S_DATA_HINTS = ("ersonal", "ensitive", "rivate", "dentif", "ser data", "uman-subject", "PII", "PHI", "pii",
                        "seudonym")


def dataset_personal_data(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first sentence that tells whether the data holds people's data, when nothing states it."""
    _offer_first_sentence(source, fields, "personal_data", _PEOPLE_S_DATA_HINTS, _PEOPLE_S_DATA)


# A skew of the data told in a sentence under any heading: '**Known skews.** Top 5 drivers account for 31.3% of
# benchmark hours', 'the corpus therefore over-represents ADAS enthusiasts' (BATON's datasheet), 'The
# liked/disliked/did not say label is highly imbalanced' (ReDial's), 'our dataset is not representative for the full
# "40x Gen1" MCFO collection' (FISBe's). A 'skew' augmentation of images is a transformation, not a bias.
_SKEWED = re.compile(
    r"\b(?:over-?represent(?:s|ed|ation)?|under-?represent(?:s|ed|ation)?|skews|skewed (?:toward|towards|to)"
    r"|imbalanced|not representative|biased (?:toward|towards|in favou?r of))\b", re.IGNORECASE)
_SKEWED_HINTS = ("represent", "skew", "mbalanced", "biased")


def dataset_skew(source: CardSource, fields: dict[str, Field]) -> None:
    """Offer the first sentence that tells a skew of the data as its known biases, when nothing names them: a
    section on biases left as the template's placeholder is the card's answer (GLUE's 'Discussion of Biases' stays
    unfilled while its summary says a test set 'is imbalanced between' two classes)."""
    if "known_bias" not in fields:
        _offer_first_sentence(source, fields, "known_bias", _SKEWED_HINTS, _SKEWED)


def _offer_first_sentence(source: CardSource, fields: dict[str, Field], name: str, hints: tuple[str, ...],
                          pattern: re.Pattern[str]) -> None:
    """Offer as the field `name` the first sentence the pattern finds, when nothing states the field; only the
    paragraphs holding one of the hints (plain searches) are split into sentences."""
    found = fields.get(name)
    if found is not None and found.present:
        return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, lambda text: any(h in text for h in hints)):
        if pattern.search(sentence):
            fields[name] = Field(sentence, Location(source.path, block.line, 1), "sentence", FieldState.PRESENT)
            return
