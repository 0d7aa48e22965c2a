"""The canonical fields of a Markdown card, read from what it says the way people write it: front-matter keys,
sections under any heading that names the field, label lines, tables and sentences, each judged for content."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aims_lint.adapters.common import offer, references_from, value_state, yaml_field
from aims_lint.adapters.dataset_evidence import (
    dataset_contact,
    dataset_origin,
    dataset_owner,
    dataset_personal_data,
    dataset_preparation,
    dataset_process,
    dataset_quality,
    dataset_skew,
    dataset_version,
)
from aims_lint.model import Field, FieldState, Kind, Location, Problem, Reference, Section
from aims_lint.parse.markdown import Block, Label, MarkdownBody, paragraph_sentences, plain_text
from aims_lint.vocab import (
    VERSION_IN_NAME,
    FieldWords,
    KindWords,
    Phrases,
    Vocabulary,
    field_state,
    has_result_number,
    sentences,
    vocabulary,
    without_structure,
    words,
)

# Lines between a Markdown table's header row and its first body row (the delimiter row).
_DELIMITER_ROWS = 1
# At most this many rows (the header's included) make a table of details rather than a list of records.
_DETAIL_ROWS = 4


@dataclass(frozen=True, slots=True)
class CardSource:
    """What a card's fields are read from: its path and kind, its metadata with positions, and its body."""

    path: str
    kind: Kind
    metadata: Mapping[str, Any]
    positions: Mapping[str, tuple[int, int]]
    body: MarkdownBody


# What a reinforcement-learning agent's card names after 'Agent playing': the environment, not the model.
_PLAYING = re.compile(r"\bagent playing", re.IGNORECASE)


def card_fields(source: CardSource, problems: list[Problem]) -> tuple[dict[str, Field], tuple[Reference, ...]]:
    """The fields of a card and the names of datasets and models it gives. Where several places give a field, real
    content beats a weak answer, which beats a placeholder, which beats nothing; otherwise the first place wins:
    the front matter, then sections, label lines, tables and sentences, in the order of the file."""
    vocab = vocabulary()
    kind_words = vocab.kinds[source.kind.value]
    fields: dict[str, Field] = {}
    _front_matter(source, kind_words, fields)
    references = _metadata_extras(source, fields, problems)
    _sections(source, kind_words, fields)
    _labels(source, kind_words, fields)
    _tables(source, kind_words, vocab, fields)
    if source.kind is Kind.MODEL_CARD:
        _translation_languages(source, fields)
        _trainer_sentences(source, fields)
        _result_sentences(source, vocab, fields)
        _evaluation_datasets(source, kind_words, fields)
        _held_out_split(source, fields)
        _counted_training_data(source, fields)
        _loading_code(source, fields)
        _version_sentences(source, fields)
    _prose(source, kind_words, fields)
    if source.kind is Kind.MODEL_CARD:
        _summary_task(source, kind_words, fields)
        _capabilities(source, fields)
        _research_users(source, fields)
        _human_checks(source, fields)
        _weaknesses(source, fields)
        _made_by(source, fields)
    if source.kind is Kind.DATASET_RECORD:
        dataset_version(source, fields)
        dataset_owner(source, fields)
        dataset_contact(source, fields)
        dataset_origin(source, fields)
        dataset_preparation(source, fields)
        dataset_process(source, fields)
        dataset_quality(source, fields)
        dataset_personal_data(source, fields)
        dataset_skew(source, fields)
    title = next((s for s in source.body.sections if s.level == 1), None)
    if title is not None:
        where = Location(source.path, title.line, 1)
        if "name" not in fields:
            fields["name"] = Field(title.title, where, "title", value_state(title.title))
        if "version" not in fields and VERSION_IN_NAME.search(_PLAYING.split(title.title, 1)[0]):
            # 'Stable Diffusion v1-4 Model Card', 'WizardCoder-15B-V1.0': the title names the version; but in
            # '**PPO** Agent playing **LunarLander-v2**' (the title the RL Zoo and the Deep RL course write) the
            # version is the environment's.
            fields["version"] = Field(title.title, where, "title", FieldState.PRESENT)
    return fields, tuple(references)


def judged(words_of: FieldWords | None, text: str, location: Location, origin: str, *,
           results: str | None = None) -> Field:
    """A field read from text, with the state its content earns for that field."""
    state, note = field_state(words_of, text, results=results)
    return Field(text, location, origin, state, note)


def _front_matter(source: CardSource, kind_words: KindWords, fields: dict[str, Field]) -> None:
    metadata, path = source.metadata, source.path
    for name, words_of in kind_words.fields.items():
        for key in words_of.keys:
            if key in metadata:
                found = yaml_field(metadata, key, path=path, positions=source.positions, origin_prefix="front matter ")
                offer(fields, name, _rejudged(found, words_of))
    if "license" in metadata:
        base = _rejudged(yaml_field(metadata, "license", path=path, positions=source.positions,
                                    origin_prefix="front matter "), kind_words.fields.get("license"))
        # Keep license_name and license_link with the licence: rules judge "other" by them.
        detail = {"id": metadata["license"]}
        for extra in ("license_name", "license_link"):
            if extra in metadata:
                detail[extra.removeprefix("license_")] = metadata[extra]
        fields["license"] = Field(detail, base.location, base.origin, base.state, base.note)


def _rejudged(found: Field, words_of: FieldWords | None) -> Field:
    """A metadata value judged as text is: 'license: unknown' and 'limitations: N/A' say nothing."""
    if found.state is not FieldState.PRESENT:
        return found
    if isinstance(found.value, list) and found.value and all(isinstance(item, str) for item in found.value):
        return _rejudged_items(found, words_of)
    if not isinstance(found.value, str):
        return found
    return judged(words_of, found.value, found.location, found.origin)


def _rejudged_items(found: Field, words_of: FieldWords | None) -> Field:
    """A list of values ('license: [unknown]', the Hub's usual form) says something when one of its items does;
    otherwise it is as weak as its first item."""
    items = [judged(words_of, item, found.location, found.origin) for item in found.value]
    if any(item.present for item in items):
        return found
    return Field(found.value, found.location, found.origin, items[0].state, items[0].note)


def _section_scope(sections: tuple[Section, ...], index: int) -> range:
    """The indexes of a section and its subsections."""
    level = sections[index].level
    end = index + 1
    while end < len(sections) and sections[end].level > level:
        end += 1
    return range(index, end)


def _sections(source: CardSource, kind_words: KindWords, fields: dict[str, Field]) -> None:
    sections, blocks = source.body.sections, source.body.blocks
    starts = [b.section for b in blocks]  # in the order of the file, so never decreasing
    # A heading that is wholly a field's sentence phrase ('## 3. Not Intended For') names it, as a label does.
    named = [kind_words.heading_fields(s.title) or kind_words.prose.names(s.title, whole=True) for s in sections]
    for index, section in enumerate(sections):
        names = named[index]
        if not names:
            continue
        scope = _section_scope(sections, index)
        ignored = [j for j in scope[1:] if not named[j] and kind_words.ignored(sections[j].title)]
        text = without_structure(_section_text(sections, index, ignored))
        where, origin = Location(source.path, section.line, 1), f"section '{section.title}'"
        # A compound heading feeds several fields, most of which judge its text alike: it is judged once each way.
        judged_as: dict[tuple[bool, bool], Field] = {}
        for name in names:
            words_of = kind_words.fields.get(name)
            way = (words_of.none_is_answer, words_of.needs_number) if words_of else (False, False)
            if way not in judged_as:
                results = None
                if way[1]:
                    low, high = bisect.bisect_left(starts, scope.start), bisect.bisect_left(starts, scope.stop)
                    results = "\n".join(b.text for b in blocks[low:high] if b.kind != "code"
                                         and not _under(sections, b.section, ignored))
                judged_as[way] = judged(words_of, text, where, origin, results=results)
            offer(fields, name, judged_as[way])


def _section_text(sections: tuple[Section, ...], index: int, ignored: list[int]) -> str:
    """A section's text less its subsections that name nothing of it ('### Framework versions' under the Hub
    template's '## Model Card Contact', which PEFT's cards leave a placeholder): each from its heading to its end."""
    section = sections[index]
    if not ignored:
        return section.text
    pieces, at = [], section.start
    for sub in ignored:
        start = sections[sub - 1].own_end
        if start >= at:  # (a subsection of one already left out is left out with it)
            pieces.append(section.source[at:start])
            at = sections[sub].end
    pieces.append(section.source[at:section.end])
    return "".join(pieces)


def _under(sections: tuple[Section, ...], index: int, ignored: list[int]) -> bool:
    """Whether the section at index is one of the ignored ones or within one."""
    return any(sub <= index < _section_scope(sections, sub).stop for sub in ignored)


# A label that only negates, inside a section of a field the vocabulary negates ('- **Not for** emergency response,
# public warning, ...' and '- **Not intended:** safety-critical deployment ...' under '## Intended use', the
# bushfire burn-severity mapper's and the MVTec anomaly detector's cards): the negated field (out-of-scope uses).
_NEGATING_LABEL_WORDS = frozenset({"for", "intended", "to", "be", "used", "use", "recommended", "suitable", "meant"})


def _labels(source: CardSource, kind_words: KindWords, fields: dict[str, Field]) -> None:
    """Label lines whose name is a field's heading ('**Developed by:**'), or a field's sentence phrase
    ('**Finetuned on data:**' over a list of datasets, MistralLite's; '- Trained on: ...'): the value states it."""
    for label in source.body.labels:
        if label.plain:
            names = kind_words.heading_fields(label.name, whole=True)
        else:
            names = (kind_words.heading_fields(label.name, covering=True)
                     or kind_words.prose.names(label.name, covering=True) or _negating_label(source, kind_words, label))
        for name in names:
            offer(fields, name, judged(kind_words.fields.get(name), label.value,
                                       Location(source.path, label.line, 1), f"'{label.name}' line"))


def _negating_label(source: CardSource, kind_words: KindWords, label: Label) -> tuple[str, ...]:
    """The negated fields of the sections a label that only negates stands in (see _NEGATING_LABEL_WORDS)."""
    tokens = words(label.name)
    if not tokens or kind_words.negations.isdisjoint(tokens) or not set(tokens) <= (
            kind_words.negations | _NEGATING_LABEL_WORDS):
        return ()
    sections = source.body.sections
    under = {name for index in _enclosing(sections, label.section)  # none before the first heading
             for name in kind_words.heading_fields(sections[index].title)}
    return tuple(dict.fromkeys(kind_words.negated[name] for name in under if name in kind_words.negated))


# --- tables ------------------------------------------------------------------------------------------------------


def _tables(source: CardSource, kind_words: KindWords, vocab: Vocabulary, fields: dict[str, Field]) -> None:
    sections = source.body.sections
    for position, block in enumerate(source.body.blocks):
        if block.kind != "table" or not block.rows:
            continue
        under = {name for index in _enclosing(sections, block.section)
                 for name in kind_words.heading_fields(sections[index].title)}
        metrics = _metric_columns(block.rows[0], vocab)
        numbers = has_result_number(block.text)
        known = bool(metrics) or "evaluation_metrics" in under or "evaluation_data" in under
        if numbers and (known or _models_measured(block.rows, vocab)):
            # A comparison of models outside any results section measures something, but its columns may be
            # measures as well as benchmarks ('Text-Image Consistency (%)'): it names no evaluation data.
            _evaluation_table(source, block, vocab, fields, datasets=known)
            named = fields.get("evaluation_data")
            if position and (named is None or not named.present):
                _caption_dataset(source, source.body.blocks[position - 1], block, fields)
        else:
            _table_labels(source, block, kind_words, fields)


def _enclosing(sections: tuple[Section, ...], index: int) -> Iterator[int]:
    """A section's index and those of the sections it stands under, innermost first (none before any heading)."""
    level = 7
    for position in range(index, -1, -1):
        if sections[position].level < level:
            level = sections[position].level
            yield position


def _metric_columns(header: tuple[str, ...], vocab: Vocabulary) -> list[int]:
    return [i for i, cell in enumerate(header) if _whole(vocab.metrics, cell)]


# A measured value in a table cell: a decimal or a percentage ('74.2', '61.6', '56.7%'), not a count of layers or
# parameters ('32', '4096', '2.3B').
_MEASURED = re.compile(r"^[ \t]*[-+]?\d+\.\d+[ \t]*%?[ \t]*$|^[ \t]*[-+]?\d+(?:\.\d+)?[ \t]*%[ \t]*$")


def _models_measured(rows: tuple[tuple[str, ...], ...], vocab: Vocabulary) -> bool:
    """Whether a table compares models by measured values: its rows are models ('| Model | Open Source |
    Text-Image Consistency (%) |', HunyuanDiT's comparison; '| Model | # Params | Average | MT-Bench |', OpenChat's)
    and its cells hold decimals or percentages, as results do; a table of the models' sizes holds whole numbers."""
    if len(rows) < 2 or not rows[0] or not _whole(vocab.model_columns, rows[0][0]):
        return False
    return any(_MEASURED.match(cell) for row in rows[1:] for cell in row[1:])


def _whole(phrases: Phrases, text: str) -> bool:
    """Whether a cell's words are phrases of the index and little else ('Accuracy (%)', 'F1 score')."""
    return bool(phrases.names(text, covering=True))


def _row_line(block: Block, row: int) -> int:
    if block.text.lstrip().startswith("<"):
        return block.line  # an HTML table: its rows' lines are not kept
    return block.line + row + (_DELIMITER_ROWS if row else 0)


def _evaluation_table(source: CardSource, block: Block, vocab: Vocabulary, fields: dict[str, Field], *,
                      datasets: bool = True) -> None:
    """A table of results: evaluation metrics, and (with datasets) the datasets it names as evaluation data."""
    where = Location(source.path, block.line, 1)
    offer(fields, "evaluation_metrics", Field(block.rows, where, "results table", FieldState.PRESENT))
    if not datasets:
        return
    named = _table_datasets(block.rows, vocab)
    if named:
        offer(fields, "evaluation_data", Field(named, where, "results table", FieldState.PRESENT))


# A dataset a sentence names: 'on the **Multinews dataset**, and show the results below:', 'We evaluated the
# roberta-large-bne-sqac on the SQAC test set against ...' (the PRIMERA and PlanTL cards, each before its results
# table); a capitalised name, not 'The dataset' or 'Our benchmark'.
_NAMED_DATASET = re.compile(
    r"\b(?!(?:The|This|That|These|Our|Their|Its|A|An|Each|Every|Same|Other|New)\b)"
    r"([A-Z][\w.+-]*(?: [A-Z0-9][\w.+-]*)*) (?:dataset|benchmark|test set|corpus)\b"
)


_DATASET_WORDS = ("dataset", "benchmark", "test set", "corpus")


def _caption_dataset(source: CardSource, before: Block, table: Block, fields: dict[str, Field]) -> None:
    """The dataset the paragraph just before a results table names, as its caption does, where the table names
    none: the evaluation data."""
    if before.kind != "paragraph" or before.section != table.section or not any(
            word in before.text for word in _DATASET_WORDS):
        return
    named = _NAMED_DATASET.search(plain_text(before.text[:_SUMMARY_CHARS]))
    if named is not None:
        offer(fields, "evaluation_data", Field([named.group(1)], Location(source.path, before.line, 1), "sentence",
                                              FieldState.PRESENT))


def _table_datasets(rows: tuple[tuple[str, ...], ...], vocab: Vocabulary) -> list[str]:
    """The datasets a results table names: the cells of a 'Dataset' or 'Benchmark' column, or, when the rows are
    models ('Model', 'Method'), the header's names that are no metric."""
    header, body = rows[0], rows[1:]
    for column, cell in enumerate(header):
        if _whole(vocab.dataset_columns, cell):
            named = sorted({row[column] for row in body if column < len(row) and value_state(row[column])
                            is FieldState.PRESENT and not has_result_number(row[column])})
            if named or column:
                return named
            break  # '| Task | MNLI | QQP |': the header row names the datasets
    if header and (_whole(vocab.model_columns, header[0]) or _whole(vocab.dataset_columns, header[0])):
        return [cell for cell in header[1:] if value_state(cell) is FieldState.PRESENT
                and not _whole(vocab.metrics, cell) and not _whole(vocab.model_columns, cell)]
    return []


def _table_labels(source: CardSource, block: Block, kind_words: KindWords, fields: dict[str, Field]) -> None:
    """A table of details: a row whose first cell names a field ('| License | MIT |'), or a header cell naming a
    field over the column of its values."""
    header = block.rows[0]
    # A header over a column of values ('| Training Data | Params |' above one row per model). A longer table is
    # a list of records, whose columns ('train', 'validation', 'Training data size') are no fields, but for a header
    # that is a field's name and nothing else ('| Model | #params | Training data |' over each model's corpus).
    short = len(block.rows) <= _DETAIL_ROWS
    for column, cell in enumerate(header):
        for name in kind_words.heading_fields(cell, covering=short, whole=not short):
            words_of = kind_words.fields.get(name)
            # A column of metrics' names has their results beside it, in the rest of each row ('| Metric | Official
            # test result |' over '| MAE | 14.1259 |').
            whole_rows = words_of is not None and words_of.needs_number
            value = "\n".join((" | ".join(row) if whole_rows else row[column]) for row in block.rows[1:]
                              if column < len(row))
            offer(fields, name, judged(words_of, value, Location(source.path, block.line, 1), f"'{cell}' column"))
    if len(header) < 2:
        return
    for index, row in enumerate(block.rows):
        for name in kind_words.heading_fields(row[0], covering=True) if row else ():
            value = " ".join(row[1:])
            offer(fields, name, judged(kind_words.fields.get(name), value,
                                       Location(source.path, _row_line(block, index), 1), f"'{row[0]}' row"))


# --- sentences ---------------------------------------------------------------------------------------------------


def _prose(source: CardSource, kind_words: KindWords, fields: dict[str, Field]) -> None:
    """Sentences that state a field where a sentence is the usual form ('The primary intended users of these
    models are AI researchers'), read for the fields no heading, label or key names (a card's own section that says
    'More information needed' is its answer), and for those whose sentences count over such a section."""
    wanted = {f.name for f in kind_words.fields.values() if f.prose and _open_to_prose(f, fields.get(f.name))}
    if not wanted:
        return
    needles = _needles(source.kind.value, frozenset(wanted))
    for block in source.body.blocks:
        if block.kind != "paragraph" or (needles and not _holds_any(block.text.lower(), needles)):
            continue
        for name in _prose_names(block.text, kind_words):
            if name not in wanted or (name in fields and fields[name].present):
                continue
            found = judged(None, block.text, Location(source.path, block.line, 1), "sentence")
            if found.present:
                offer(fields, name, found)


def _open_to_prose(words_of: FieldWords, found: Field | None) -> bool:
    """Whether sentences are read for a field: when nothing names it, or when what names it says nothing and the
    field's sentences count over a placeholder (a dataset card's template section left unfilled while its summary
    says where the data came from)."""
    return found is None or (words_of.prose_over_placeholder and not found.present)


# Words a paragraph may write otherwise than its phrase does ("n't" for 'not', '&' for 'and', 'cannot').
_UNSURE_WORDS = frozenset({"not", "and", "can"})


@functools.lru_cache(maxsize=64)
def _needles(kind: str, wanted: frozenset[str]) -> tuple[str, ...]:
    """The longest word of each sentence phrase of the wanted fields: a paragraph that holds none of them as written
    states none of the fields, and its words need not be read. Empty (read every paragraph) when a phrase has no
    word to tell it by."""
    found: set[str] = set()
    for name in wanted:
        for phrase in vocabulary().kinds[kind].fields[name].prose:
            sure = [w for w in words(phrase) if w not in _UNSURE_WORDS]
            if not sure:
                return ()
            found.add(max(sure, key=len))
    return tuple(sorted(found))


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


def _prose_names(text: str, kind_words: KindWords) -> Iterator[str]:
    for _, _, names in kind_words.prose.matches(words(text)):
        yield from names


# The first sentence of a paragraph: up to the first full stop, question or exclamation mark before a blank.
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")
# Words after a task that make it the data's ('the emotion classification dataset'), and words before it that
# restate the model's type ('can be used for the task of Text2Text Generation').
_TASK_OF_DATA = frozenset({"dataset", "datasets", "data", "corpus", "benchmark"})
_MODEL_WORDS = frozenset({"model", "models"})


def _summary_task(source: CardSource, kind_words: KindWords, fields: dict[str, Field]) -> None:
    """The intended use a card's summary states by calling the model a model for one of the Hub's tasks: its first
    heading ('Keras Implementation of OCR model for reading captcha') or the first sentence of its first paragraph
    ('a latent text-to-image diffusion model')."""
    found = fields.get("intended_use")
    if found is not None and found.present:
        return
    body = source.body
    candidates: list[tuple[str, int]] = []
    if body.sections:
        candidates.append((body.sections[0].title, body.sections[0].line))
    first = next((b for b in body.blocks if b.kind == "paragraph"), None)
    if first is not None:
        candidates.append((_FIRST_SENTENCE.split(plain_text(first.text[:_SUMMARY_CHARS]), maxsplit=1)[0], first.line))
    for text, line in candidates:
        if _names_a_task(words(text), kind_words):
            offer(fields, "intended_use", Field(text, Location(source.path, line, 1), "summary", FieldState.PRESENT))
            return


# The first paragraph is read this far for its first sentence.
_SUMMARY_CHARS = 1000


def _names_a_task(tokens: tuple[str, ...], kind_words: KindWords) -> bool:
    if _MODEL_WORDS.isdisjoint(tokens):
        return False
    for position, phrase, _ in kind_words.summary_tasks.matches(tokens):
        after = position + len(phrase)
        if after < len(tokens) and tokens[after] in _TASK_OF_DATA:
            continue
        if position >= 2 and tokens[position - 2 : position] == ("task", "of"):
            continue
        return True
    return False


# --- sentences that state a field ------------------------------------------------------------------------------

def _sentence_field(source: CardSource, block: Block, sentence: str) -> Field:
    """A field a sentence of a paragraph states."""
    return Field(sentence, Location(source.path, block.line, 1), "sentence", FieldState.PRESENT)


# --- a translation model's languages ------------------------------------------------------------------------------

# The labels that name a translation's two sides: '* source languages: niu' over '* target languages: fi' (every
# OPUS-MT card: opus-mt-niu-fi), '* source language(s): eng' over '* target language(s): ...' (the Tatoeba-Challenge
# models' cards). Read as whole label names: 'open-source language models' in a title is neither.
_SOURCE_LANGUAGES = frozenset({("source", "language"), ("source", "language", "s")})
_TARGET_LANGUAGES = frozenset({("target", "language"), ("target", "language", "s")})


def _translation_languages(source: CardSource, fields: dict[str, Field]) -> None:
    """A card that labels the languages it translates from and into states its use: translation between them."""
    if "intended_use" in fields and fields["intended_use"].present:
        return  # (before the sentences are read: labels count over a placeholder, as a label line does)
    sides = {words(label.name): label for label in source.body.labels if label.value}
    origin = next((sides[key] for key in _SOURCE_LANGUAGES if key in sides), None)
    target = next((sides[key] for key in _TARGET_LANGUAGES if key in sides), None)
    if origin is not None and target is not None:
        offer(fields, "intended_use", Field(f"translation from {origin.value} into {target.value}",
                                            Location(source.path, origin.line, 1), "source and target languages",
                                            FieldState.PRESENT))


# --- what the model can do --------------------------------------------------------------------------------------

# A sentence that says what the model can do states a use it is able to be put to: 'MARS5 can generate speech even
# for prosodically hard and diverse scenarios', 'the model is now able to generate scientific texts' (the Abirate
# GPT-Neo card), 'It can simultaneously perform the three common retrieval functionalities' (BGE-M3),
# 'Hunyuan-DiT can perform multi-round multi-modal dialogue'. A comparison ('BPModel can generate more proper kitty
# cat ... than other anime model') says how well, not what for; 'cannot' is no capability.
_CAPABILITY = re.compile(
    r"\b(?:can|(?:is|are)(?: now| also)? (?:able to|capable of))(?: now| also| simultaneously)? "
    r"(?:generate|generating|perform|performing|produce|producing|translate|translating|transcribe|transcribing"
    r"|summari[sz]e|summari[sz]ing|classify|classifying|detect|detecting) (\w+)")
_COMPARATIVES = frozenset({"more", "better", "less", "fewer", "higher", "worse", "lower"})
# Plain searches before the pattern: most paragraphs say none of these.
_CAPABILITY_HINTS = ("can ", "able to ", "capable of ")
_CAPABILITY_VERB_HINTS = ("generat", "perform", "produc", "translat", "transcrib", "summari", "classif", "detect")


def _capabilities(source: CardSource, fields: dict[str, Field]) -> None:
    """The intended use a sentence saying what the model can do states, where nothing else names it (a card's
    own section left as a placeholder is its answer)."""
    if "intended_use" in fields:
        return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, _may_say_capability, chars=_SUMMARY_CHARS * 4):
        said = _CAPABILITY.search(sentence)
        if said is not None and said.group(1).lower() not in _COMPARATIVES:
            offer(fields, "intended_use", _sentence_field(source, block, sentence))
            return


def _may_say_capability(text: str) -> bool:
    return _holds_any(text, _CAPABILITY_HINTS) and _holds_any(text, _CAPABILITY_VERB_HINTS)


# --- research as the intended use -------------------------------------------------------------------------------

# A sentence that says the model is intended for research names researchers as its users: 'intended to assist
# legal NLP research, computational law, and legal technology applications' (LEGAL-BERT), 'intended to be used to
# generate images ... for research and personal consumption' (DALL-E mini), 'The primary intended use is to further
# research into large language models' (Cerebras-GPT), 'intended for research purposes only' (Stable Diffusion).
# 'not intended for research' names no users. A model designed or intended for people of a trade names them:
# 'SpaDecoder is designed for bioinformaticians and data analysts as well as method developers' (SpaDecoder's card),
# 'The model is designed to help customer success, marketing, and retention teams identify customers who may
# leave' (a churn model's card), 'It is designed to help HR Business Partners prioritize retention conversations' (an
# attrition model's); the people within a few words of the verb.
_RESEARCH = frozenset({"research", "researcher"})
_DESIGNED = frozenset({"intended", "designed", "aimed", "meant", "tailored"})
_PEOPLE = frozenset({"researcher", "developer", "practitioner", "analyst", "engineer", "clinician", "scientist",
                     "student", "educator", "teacher", "professional", "bioinformatician", "team", "radiologist",
                     "physician", "doctor", "annotator", "manager", "officer", "specialist", "partner", "nurse",
                     "staff"})
_PEOPLE_REACH = 8  # words from the verb to the people
_DESIGNED_HINTS = tuple(sorted(_DESIGNED))  # plain searches before the words are read


def _research_users(source: CardSource, fields: dict[str, Field]) -> None:
    if "users" in fields:
        return  # stated, or the card's own section answers (a placeholder there is its answer)
    blocks = source.body.blocks
    for block, sentence, _ in paragraph_sentences(blocks, lambda text: _holds_any(text, _DESIGNED_HINTS)):
        tokens = words(sentence)
        if any(_names_users(tokens, at) for at, token in enumerate(tokens) if token in _DESIGNED):
            offer(fields, "users", _sentence_field(source, block, sentence))
            return


def _names_users(tokens: tuple[str, ...], at: int) -> bool:
    """Whether the verb at `at` (not negated) is followed by research (after 'intended') or by people."""
    if at > 0 and tokens[at - 1] == "not":
        return False
    if tokens[at] == "intended" and not _RESEARCH.isdisjoint(tokens[at + 1 :]):
        return True
    return not _PEOPLE.isdisjoint(tokens[at + 1 : at + 1 + _PEOPLE_REACH])


# --- people who check the model's output ---------------------------------------------------------------------------

# A sentence in which people are told to check what the model gives states human oversight: 'Users should be aware
# of this possibility and verify any critical information obtained from the model' (OpenChat's card and the cards
# of its other releases), 'We recommend having a human curate or filter the outputs' (GPT-J's, Pythia's, read by
# the vocabulary). People, then 'should', 'must' or 'need to', then a verb of checking, within a few words; 'facts ...
# should be checked' names nobody, and an automatic filter is no person.
_CHECKERS = frozenset({"user", "human", "people", "person", "operator", "reviewer", "expert", "clinician",
                       "practitioner", "you"})
_OBLIGED = frozenset({"should", "must", "need"})
_CHECKS = frozenset({"verify", "review", "check", "validate", "approve", "oversee", "supervise", "curate",
                     "correct", "override", "double"})
_CHECK_REACH = 10  # words from 'should' to the verb: 'should be aware of this possibility and verify'
# The people a check is done by: 'reviewed by a human operator', 'verified by a pathologist'.
_CHECKERS_BY = _CHECKERS | {"analyst", "moderator", "annotator", "pathologist", "radiologist", "physician",
                            "doctor", "lawyer", "editor", "specialist", "staff", "team"}
# A workflow with people in it: 'Adaptive Human-in-the-Loop Black-Box Optimisation Workflow', 'Some decision steps
# depend on human judgement' (the 100HIVES capstone's model card).
_PEOPLE_IN_THE_LOOP = (("human", "in", "the", "loop"), ("depend", "on", "human", "judgement"),
                       ("depend", "on", "human", "judgment"))


# Checking asked for in other words: 'Human review is required before a claim is denied', 'Generated patches should
# be reviewed by a human before automatic merge', 'should not be used to auto-merge patches without human review'
# (model cards of public repositories), 'Deployed use cases in real-world autonomous systems without human supervision
# is currently out-of-scope' (the CLIPort and GenIma model cards); the check named, or a person checking by name
# after 'by'.
_CHECKING = frozenset({("human", "review"), ("human", "oversight"), ("human", "verification"),
                       ("human", "approval"), ("manual", "review"), ("expert", "review"), ("human", "supervision"),
                       ("expert", "oversight"), ("expert", "supervision")})
# 'Human review is recommended for critical applications' (promptscan's card), 'Implement content filtering and
# human oversight when deploying user-facing applications' (the Persian Gemma 3n card's).
_REQUIRED = _OBLIGED | {"required", "require", "requires", "mandatory", "without", "recommended", "recommend",
                        "implement", "ensure"}
_CHECKED = frozenset({"reviewed", "checked", "verified", "validated", "approved", "overseen", "supervised",
                      "curated", "corrected"})
_BY_REACH = 3  # words from 'by' to the person: 'reviewed by a qualified clinician'
_ALWAYS = words("always")  # as words() reads it

# People kept over the model: 'Not a replacement for human decision-making' (a credit-scoring model's card), 'not a
# substitute for human judgement'; a decision no model makes 'without human/secondary checks' (a fraud model's card),
# the check one or two words after the person.
_REPLACING = frozenset({"replacement", "substitute", "replace", "replaces"})
_CHECK_NOUNS = frozenset({"check", "review", "oversight", "supervision", "approval", "verification", "validation"})
_KEPT_HINTS = ("eplace", "ubstitute")

# Plain searches before the words are read: an obligation and a verb of checking, or a loop of people.
_OBLIGED_HINTS = ("should", "must", "need", "requir", "mandator", "without", "ecommend", "mplement", "nsure",
                  "lways")
_CHECK_VERB_HINTS = ("verif", "review", "check", "validat", "approv", "overs", "supervis", "curat", "correct",
                     "overrid", "double")
_LOOP_HINTS = ("loop", "judg")
# A check by people named as a practice (see _checking_named), found without an obligation: the checks of _CHECKING
# as written, but their first letter (a sentence may open with it), and a review by someone.
_PRACTICE_HINTS = (*sorted(" ".join(pair)[1:] for pair in _CHECKING), "review by")


def _human_checks(source: CardSource, fields: dict[str, Field]) -> None:
    if "human_oversight" in fields:
        return
    for block, sentence, (told, looped) in paragraph_sentences(source.body.blocks, _may_say_oversight):
        tokens = words(sentence)
        if (told and _told_to_check(tokens)) or (looped and _holds_phrase(tokens, _PEOPLE_IN_THE_LOOP)):
            offer(fields, "human_oversight", _sentence_field(source, block, sentence))
            return


def _may_say_oversight(text: str) -> tuple[bool, bool] | None:
    """Whether a paragraph may tell people to check (an obligation and a verb of checking) and may name a loop of
    people; None when neither."""
    told = (_holds_any(text, _OBLIGED_HINTS) and _holds_any(text, _CHECK_VERB_HINTS)) or _holds_any(
        text, _PRACTICE_HINTS) or (_holds_any(text, _KEPT_HINTS) and "human" in text.lower())
    looped = _holds_any(text, _LOOP_HINTS)
    return (told, looped) if told or looped else None


def _told_to_check(tokens: tuple[str, ...]) -> bool:
    """Whether people are told (should, must, need to) to check something, in that order; or a person's check is
    required ('Human review is required', 'must be reviewed by a clinician')."""
    # 'Always review and validate the generated code before use' (the Stata LoRA card's): an order to check.
    if tokens[:1] == _ALWAYS and tokens[1:2] and tokens[1] in _CHECKS:
        return True
    if _checking_named(tokens) or _people_kept(tokens):
        return True
    if _REQUIRED.isdisjoint(tokens):
        return False
    for at, token in enumerate(tokens):
        if tokens[at : at + 2] in _CHECKING:
            return True
        if token in _CHECKED and "by" in tokens[at + 1 : at + 2] and not _CHECKERS_BY.isdisjoint(
                tokens[at + 2 : at + 2 + _BY_REACH]):
            return True
    for at, token in enumerate(tokens):
        if token in _OBLIGED and not _CHECKERS.isdisjoint(tokens[:at]):
            reach = tokens[at + 1 : at + 2 + _CHECK_REACH]
            # 'check out the code' fetches or looks, it checks nothing.
            return any(word in _CHECKS and reach[i + 1 : i + 2] != ("out",)
                       for i, word in enumerate(reach[:_CHECK_REACH]))
    return False


def _people_kept(tokens: tuple[str, ...]) -> bool:
    """Whether the model is said not to replace people ('not a replacement for human decision-making') or a use is
    ruled out without their check ('without human/secondary checks')."""
    for at, token in enumerate(tokens):
        if token in _REPLACING and "not" in tokens[max(0, at - 3) : at] and "human" in tokens[at + 1 : at + 3]:
            return True
        if token == "without" and "human" in tokens[at + 1 : at + 3]:
            after = tokens.index("human", at + 1) + 1
            if not _CHECK_NOUNS.isdisjoint(tokens[after : after + 2]):
                return True
    return False


# A check by people named as a practice, not as one done once: 'combine with human review or model ensembles',
# 'Route low-confidence samples to human review' (a Traditional/Simplified Chinese classifier's card), 'must involve
# review by a qualified healthcare professional' (ALADIN's). 'We ran a human review of 100 invoices' (an article
# before it) tells of one check made, not of oversight.
_ONE_CHECK = frozenset({"a", "an", "one", "our", "this", "that", "the"})
_REVIEWERS = _CHECKERS_BY | {"professional", "accountant", "auditor"}


def _checking_named(tokens: tuple[str, ...]) -> bool:
    for at in range(len(tokens) - 1):
        if tokens[at : at + 2] in _CHECKING and (at == 0 or tokens[at - 1] not in _ONE_CHECK):
            return True
        if tokens[at] == "review" and tokens[at + 1] == "by" and not _REVIEWERS.isdisjoint(
                tokens[at + 2 : at + 2 + _BY_REACH + 1]) and (at == 0 or tokens[at - 1] not in _ONE_CHECK):
            return True
    return False


# --- what the model was not made for, or does badly -------------------------------------------------------------

# A sentence saying what the model has not been made or tested for states a limitation: 'The Guanaco model has not
# been filtered for harmful, biased, or explicit content', 'Cerebras-GPT models have not been tuned for human-facing
# dialog applications', 'The model has not been evaluated on its own' (ParaGeDi's detoxifier), 'the model has not
# been purposefully trained in or evaluated on any languages other than English' (CLIP). The model is the sentence's
# subject; 'The training data ... has not been released as a dataset' says what was not published, not for what.
_UNTRIED = re.compile(r"\b(?:model|models|it)\b[^.;:]{0,60}?\b(?:has|have)(?: not|n['\u2019]t) been "
                      r"(?:\w+ly )?\w+(?:ed|en) (?:for|on|against|in)\b", re.IGNORECASE)


# A sentence saying what the model does badly states a limitation too: 'The model does not perform well on more
# difficult tasks which involve compositionality' (Stable Diffusion's cards), 'Other forms of speech do not work
# well' (tortoise-tts), 'CLIP currently struggles with respect to certain tasks' (CLIP), '`dolly-v2-12b` struggles
# with: syntactically complex prompts' (Dolly), 'others (E.g. relief) perform very poorly' (the go_emotions model).
_DONE_BADLY = re.compile(
    r"\b(?:performs?|performed|works?|worked|does|do)(?: (?:very|quite|rather|relatively|particularly|especially))?"
    r" (?:poorly|badly)\b|\b(?:does|do|did)(?: not|n['\u2019]t) (?:perform|work) (?:very )?well\b|\bstruggles? with\b",
    re.IGNORECASE)
_WEAKNESS_HINTS = (" been ", "poorly", "badly", "perform well", "work well", "truggle")


def _weaknesses(source: CardSource, fields: dict[str, Field]) -> None:
    """The limitation a sentence states by what the model was not made or tested for, or does badly."""
    if "limitations" in fields:
        return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, lambda text: _holds_any(text, _WEAKNESS_HINTS)):
        if _UNTRIED.search(sentence) or _DONE_BADLY.search(sentence):
            offer(fields, "limitations", _sentence_field(source, block, sentence))
            return


# --- who made the model or wrote its card ------------------------------------------------------------------------

# A sentence saying who made the model names its owner, and one saying who wrote the card names a contact: 'This
# model was trained by [MosaicML]' (MPT-7B), 'Content for this model card has partly been written by the 🤗 Hugging
# Face team' (whisper-large-v3), 'This model card was written by the Hugging Face team' (gpt2-xl). The model or its
# card is the subject and a name (capitalised) follows 'by': 'created by projecting a random vector' and 'made by
# you' name nobody.
_MADE_BY = re.compile(
    r"\b(?i:model|models|card|it)\b[^.;:]{0,40}?\b(?:was|were|is|are|been)(?: \w+ly)? "
    r"(trained|developed|created|built|made|released|written|fine-?tuned|finetuned|pre-?trained) by "
    r"(?:the )?(?:[^\w\s]{1,3} )?[A-Z]")
# Plain searches before the pattern: a participle of the pattern's list, then 'by'.
_MAKERS_HINTS = ("ed by ", "en by ", "lt by ", "de by ")


# A title saying who trained the model: '### Craig-Wazowski-style Dreambooth model trained by Kagerage with
# [TheLastBen's fast-DreamBooth](...)', as the fast-DreamBooth notebook and the Hub's Dreambooth training Space
# title every card they write, 'Vintedois (22h) Diffusion model trained by [Predogl](...)' (22h's card). Hub user
# names are often lower case ('trained by shindi'); a verb ('trained by using') or an article names nobody.
_TITLE_MADE_BY = re.compile(r"\b(?i:model|models)\b[^.;:]{0,60}?\b(?i:trained|developed|created|made|fine-?tuned"
                            r"|finetuned) by (?!(?:a|an|the|using|means|default)\b)(?![a-z]+ing\b)[\w@]")


def _made_by(source: CardSource, fields: dict[str, Field]) -> None:
    if "owner" in fields or "contact" in fields:
        return
    for section in source.body.sections:
        if " by " in section.title and _TITLE_MADE_BY.search(section.title):
            offer(fields, "owner", Field(section.title, Location(source.path, section.line, 1), "title",
                                         FieldState.PRESENT))
            return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, lambda text: _holds_any(text, _MAKERS_HINTS)):
        said = _MADE_BY.search(sentence)
        if said is not None:
            name = "contact" if said.group(1) == "written" else "owner"
            offer(fields, name, _sentence_field(source, block, sentence))
            return


# --- the sentences the Transformers Trainer writes -----------------------------------------------------------------

# The Trainer's generated card opens 'This model is a fine-tuned version of [base](...) on the clinc_oos dataset.
# It achieves the following results on the evaluation set:' (the HrayrMSint, LaurentiuStancioiu, JazibEijaz,
# Ammar-alhaj-ali and Dumiiii cards of the corpus): the dataset is named between 'on the' (or 'on an', 'on a') and
# 'dataset'; 'on an unknown dataset' and 'on the None dataset' name none.
_FINE_TUNED = "fine-tuned version of"
_ON_ARTICLES = (" on the ", " on an ", " on a ")
# The sentence is read this far (characters) after its opening words: a base model's link and a dataset's name.
_FINE_TUNED_REACH = 400
_RESULTS_ON_SET = ("following results on the evaluation set", "following results on the test set",
                   "following results on the validation set")


def _trainer_sentences(source: CardSource, fields: dict[str, Field]) -> None:
    """The training data a Trainer card's opening sentence names, and its evaluation data when the results that
    follow are 'on the evaluation set' of that dataset."""
    for block in source.body.blocks:
        # 'version of' first: a plain search, so that most paragraphs are never lowered.
        if block.kind != "paragraph" or "version of" not in block.text or _FINE_TUNED not in block.text.lower():
            continue
        name = fine_tuned_on(block.text)
        if name is None or not judged(None, name, Location(source.path, block.line, 1), "sentence").present:
            continue
        where = Location(source.path, block.line, 1)
        offer(fields, "training_data", Field(name, where, "sentence", FieldState.PRESENT))
        lowered = block.text.lower()
        if any(words_ in lowered for words_ in _RESULTS_ON_SET):
            offer(fields, "evaluation_data", Field([name], where, "sentence", FieldState.PRESENT))
        return


def fine_tuned_on(text: str) -> str | None:
    """The dataset named in 'a fine-tuned version of X on the Y dataset', found with plain string searches."""
    lowered = text.lower()
    start = lowered.find(_FINE_TUNED)
    if start < 0:
        return None
    line = text[start : start + _FINE_TUNED_REACH].split("\n", 1)[0]
    low = line.lower()
    end = low.find(" dataset", len(_FINE_TUNED))
    if end < 0:
        return None
    at, article = max(((low.rfind(a, 0, end), a) for a in _ON_ARTICLES), key=lambda found: found[0])
    if at < 0:
        return None
    return line[at + len(article) : end].strip() or None


# --- results written as sentences ---------------------------------------------------------------------------------

# The benchmark a result sentence names: 'on the MedQA biomedical question answering task', 'on MMLU'.
_ON_NAMED = re.compile(r"\bon (?:the )?([A-Z][\w.+-]*(?: [A-Z0-9][\w.+-]*)*)")


def _result_sentences(source: CardSource, vocab: Vocabulary, fields: dict[str, Field]) -> None:
    """Results a card writes in a sentence, where no table, key or section gives them: a metric and a number in one
    sentence ('50.3% accuracy on the MedQA biomedical question answering task', 'We found accuracy >96% across
    all races'), and the benchmark it names after 'on' ('an AP of 42.0 on COCO 2017 validation', also where a
    results section gives the metrics and nothing, not even a placeholder section, names the evaluation data).
    A loss is no result."""
    wanted = {name for name in _RESULT_FIELDS if name not in fields or not fields[name].present}
    if "evaluation_metrics" not in wanted and "evaluation_data" in fields:
        return  # the card's own 'Testing Data' section, a placeholder, is its answer
    for block in source.body.blocks:
        if not wanted:
            return
        if block.kind != "paragraph" or not _has_digit(block.text) or not has_result_number(block.text):
            continue
        for sentence in sentences(block.text):
            if not has_result_number(sentence) or not _names_a_metric(sentence, vocab):
                continue
            where = Location(source.path, block.line, 1)
            if "evaluation_metrics" in wanted:
                offer(fields, "evaluation_metrics", Field(sentence, where, "sentence", FieldState.PRESENT))
                wanted.discard("evaluation_metrics")
            named = _ON_NAMED.search(sentence)
            if named is not None and "evaluation_data" in wanted:
                offer(fields, "evaluation_data", Field([named.group(1)], where, "sentence", FieldState.PRESENT))
                wanted.discard("evaluation_data")
            if "evaluation_data" not in wanted:
                return


# The fields whose sections hold the results a card reports.
_RESULT_FIELDS = frozenset({"evaluation_metrics", "evaluation_data"})


def _evaluation_datasets(source: CardSource, kind_words: KindWords, fields: dict[str, Field]) -> None:
    """The dataset a paragraph or list item of a results section names ('- Multilingual (Miracl dataset)' under
    'Our results', 'outperforms ... in M4-hourly dataset' under 'Benchmark Highlights'), where nothing else names
    the evaluation data."""
    if "evaluation_data" in fields and fields["evaluation_data"].present:
        return
    sections = source.body.sections
    results: dict[int, bool] = {}
    for block in source.body.blocks:
        if block.kind != "paragraph" or block.section < 0 or not any(word in block.text for word in _DATASET_WORDS):
            continue
        if block.section not in results:
            results[block.section] = any(
                _RESULT_FIELDS.intersection(kind_words.heading_fields(sections[index].title))
                for index in _enclosing(sections, block.section))
        if not results[block.section]:
            continue
        text = plain_text(block.text[:_SUMMARY_CHARS])
        named = _NAMED_DATASET.search(text)
        name = named.group(1) if named is not None else _own_split(text, source.metadata)
        if name is not None:
            offer(fields, "evaluation_data", Field([name], Location(source.path, block.line, 1), "sentence",
                                                  FieldState.PRESENT))
            return


# A split of 'the dataset', in a results section of a card whose metadata names one dataset: 'evaluation of the
# multi-label output ... using the dataset test split gives:' (the go_emotions model, 'datasets: [go_emotions]'),
# as a Trainer card's 'results on the evaluation set' are the evaluation set of the dataset its opening names.
_THE_DATASET_SPLIT = re.compile(r"\bthe dataset(?:'s)? (?:test|validation|evaluation|eval|dev) (?:split|set)\b"
                                r"|\b(?:test|validation|evaluation|eval|dev) (?:split|set) of the dataset\b")


def _own_split(text: str, metadata: Mapping[str, Any]) -> str | None:
    """The card's one dataset, when the text measures on a split of 'the dataset'."""
    named = metadata.get("datasets")
    listed = named if isinstance(named, list) else [named]
    if len(listed) != 1 or not isinstance(listed[0], str) or not listed[0].strip():
        return None
    return listed[0].strip() if _THE_DATASET_SPLIT.search(text) else None


def _has_digit(text: str) -> bool:
    """Whether a text holds a digit: plain searches, before the result pattern is tried."""
    return any(digit in text for digit in "0123456789")


def _names_a_metric(sentence: str, vocab: Vocabulary) -> bool:
    return any("loss" not in phrase for _, phrase, _ in vocab.metrics.matches(words(sentence)))


# --- the held-out share of the data, as the evaluation data --------------------------------------------------------

# A split of the data into shares, one of them held out: '- **Split**: 80% training, 20% validation' (the ETL9G kanji
# CNN's and the movie recommender's cards), 'fresh splits (80% train, 10% validation, 10% test)' (promptscan's): the
# held-out share is the data the model was measured on.
_HELD_OUT_SHARES = re.compile(
    r"\b\d{1,2}(?:\.\d+)? ?% ?(?:train|training)\b[^.;]{0,40}?\b\d{1,2}(?:\.\d+)? ?% ?(?:test|testing|validation"
    r"|val|dev|eval|evaluation|held-out)\b", re.IGNORECASE)
# The same in the notation of three shares, in a sentence about a split: '- Split: **chronological 60/20/20**' (a
# fraud model's card), 'a clean 80/10/10 split' (a molecular benchmark's); the shares make a whole (not a date).
_SPLIT_SHARES = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{1,2})(?![\d/.])")
_SPLIT_WORD = re.compile(r"\bsplit", re.IGNORECASE)


def _split_in_shares(sentence: str) -> bool:
    """Whether a sentence tells a split of the data in shares, in percentages or as three shares of a whole."""
    if _HELD_OUT_SHARES.search(sentence):
        return True
    return _SPLIT_WORD.search(sentence) is not None and any(
        sum(int(share) for share in found.groups()) == 100 for found in _SPLIT_SHARES.finditer(sentence))


def _held_out_split(source: CardSource, fields: dict[str, Field]) -> None:
    """The held-out share of a split told in shares, as the evaluation data, where nothing names that data (a
    'Testing Data' section left as a placeholder is the card's answer)."""
    if "evaluation_data" in fields:
        return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, lambda text: "%" in text or "/" in text):
        if _split_in_shares(sentence):
            offer(fields, "evaluation_data", _sentence_field(source, block, sentence))
            return


# --- training data counted in a sentence --------------------------------------------------------------------------

# The data a model was trained with, counted: 'Trained with 5k high quality images' (BPModel), 'trained with **78k**
# evolved code instructions' (WizardCoder), 'trained with 88M lines of text' (legal_t5). A count of hardware or of
# steps ('trained with 8 GPUs', 'with 2048 sequence length') and a setting ('with a batch size of 16') are no data.
_TRAINED_WITH_COUNT = re.compile(
    r"\btrained with (?:about |over |around |nearly )?\d[\d,.]*\s?[kKMB]?\b(?! ?(?:GPU|TPU|node|epoch|step|"
    r"iteration|layer|head|bit|sequence|batch|token per|A100|H100|V100))",
    re.IGNORECASE)


def _counted_training_data(source: CardSource, fields: dict[str, Field]) -> None:
    if "training_data" in fields and fields["training_data"].present:
        return
    for block, sentence, _ in paragraph_sentences(source.body.blocks, lambda text: "rained with" in text):
        if _TRAINED_WITH_COUNT.search(sentence):
            offer(fields, "training_data", _sentence_field(source, block, sentence))
            return


# --- code that loads the model -------------------------------------------------------------------------------------

# Calls that load a model, in a card's code: 'AutoModel.from_pretrained(' (BERT, GPT-2, PRIMERA, legal-bert),
# 'pipeline(' (the BERT family, Qwen2-VL), 'hf_hub_download(' and 'load_from_hub(' (reinforcement-learning agents,
# UNI), 'torch.load(' and 'load_model(' (Keras and PyTorch cards), 'from_hparams(' (SpeechBrain's cards:
# 'EncoderDecoderASR.from_hparams(source=...)' under 'Transcribing your own audio files'). An import alone loads
# nothing.
_LOADING_CALLS = ("from_pretrained(", "pipeline(", "hf_hub_download(", "load_from_hub(", "torch.load(",
                  "load_model(", "from_hparams(")


# The prompt format a chat or instruction model expects, written out as a block of code: the Alpaca form's
# '### Instruction:' over '### Response:' (Guanaco's 'The format is as follows:', WizardCoder's prompt), ChatML's
# '<|im_start|>' (Qwen2-VL), Llama 2's '[INST]', and turns of 'User:' and 'Assistant:'.
_PROMPT_FORMATS = (("### Instruction", "### Response"), ("<|im_start|>",), ("[INST]",), ("User:", "Assistant:"))


def _loading_code(source: CardSource, fields: dict[str, Field]) -> None:
    """Code that loads the model shows how to use it, under whatever heading ('Load Pretrained Model', a sentence
    'You can use it by', 'Used the following code for evaluation:'), and so does the prompt format it expects."""
    if "usage" in fields and fields["usage"].present:
        return
    for block in source.body.blocks:
        if block.kind != "code":
            continue
        if any(call in block.text for call in _LOADING_CALLS):
            origin = "code that loads the model"
        elif any(all(mark in block.text for mark in marks) for marks in _PROMPT_FORMATS):
            origin = "prompt format"
        else:
            continue
        offer(fields, "usage", Field(block.text, Location(source.path, block.line, 1), origin, FieldState.PRESENT))
        return


# --- a version named as a release ---------------------------------------------------------------------------------

# A versioned name as the card's release or checkpoint: 'We released **WizardCoder-15B-v1.0**', 'We are releasing
# SeamlessM4T v2', 'In December 2022, we released ... `large-v2`' (whisper's model card), 'The large-v3 checkpoint
# is trained on ...', 'The **Stable-Diffusion-v1-4** checkpoint was initialized with ...'. Another model's release
# ('Since the release of Mistral-7B-Instruct-v0.1') and a library's version ('torch must be v2.0') are neither.
_RELEASED = (("we", "released"), ("we", "release"), ("we", "are", "releasing"), ("checkpoint",))


# An entry of a dated change log: '**2023-01-02:** ... Check out bp_mk3.safetensors' (BPModel), '[2024/01/04] We
# released **WizardCoder-33B-V1.1**' (WizardCoder): the date names the release.
_DATED_ENTRY = re.compile(r"(?:\*\*|\[)?20\d\d([-/.])[01]\d\1[0-3]\d(?:\*\*)?(?::\*\*|\]|:)")


# A link to the weights named by the date of their release: '* download original weights:
# [opus-2020-01-16.zip](https://...)' (every OPUS-MT card: opus-mt-niu-fi, the Tatoeba-Challenge models' cards).
_DATED_FILE = re.compile(r"\[[^\]\n]{0,80}(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d[^\]\n]{0,40}"
                         r"\.(?:zip|tar\.gz|tgz|pt|pth|bin|ckpt|safetensors|h5|onnx)\]\(")


def _version_sentences(source: CardSource, fields: dict[str, Field]) -> None:
    if "version" in fields and fields["version"].present:
        return
    for block in source.body.blocks:
        text = block.text
        if block.kind == "paragraph" and (_DATED_ENTRY.match(text) or ("](" in text and _DATED_FILE.search(text))):
            offer(fields, "version", Field(text.split("\n", 1)[0], Location(source.path, block.line, 1),
                                           "dated entry", FieldState.PRESENT))
            return
        if block.kind != "paragraph" or ("eleas" not in text and "heckpoint" not in text):
            continue
        for sentence in sentences(text):
            if VERSION_IN_NAME.search(sentence) and _holds_phrase(words(sentence), _RELEASED):
                offer(fields, "version", Field(sentence, Location(source.path, block.line, 1), "sentence",
                                               FieldState.PRESENT))
                return


def _holds_phrase(tokens: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(tokens[i : i + len(p)] == p for p in phrases for i in range(len(tokens) - len(p) + 1))


# --- Hub metadata ------------------------------------------------------------------------------------------------


def _metadata_extras(source: CardSource, fields: dict[str, Field], problems: list[Problem]) -> list[Reference]:
    """Results in 'model-index', dataset and base-model names of the metadata, 'source_datasets'."""
    metadata, path, positions = source.metadata, source.path, source.positions
    references: list[Reference] = []
    if source.kind is Kind.MODEL_CARD:
        _evaluation_from_model_index(source, fields, problems)
        for key, role in (("datasets", "dataset"), ("base_model", "base_model")):
            # The Hub's metadata keys: their names are Hub ids whatever the card's file is called (a
            # model-card.md written for the Hub), while a path in them is still a path.
            if key in metadata:
                references += references_from(metadata[key], path=path, pointer=f"/{key}",
                                              positions=positions, role=role, hub=True)
        if "training_data" in metadata:
            references += references_from(metadata["training_data"], path=path, pointer="/training_data",
                                          positions=positions, role="dataset", hub=False)
        if "datasets" in metadata:
            offer(fields, "training_data",
                  yaml_field(metadata, "datasets", path=path, positions=positions, origin_prefix="front matter "))
    else:
        named = metadata.get("source_datasets")
        listed = [s for s in (named if isinstance(named, list) else [named]) if isinstance(s, str)]
        if any(s.strip().lower() not in ("original", "") for s in listed):
            offer(fields, "source", yaml_field(metadata, "source_datasets", path=path, positions=positions,
                                               origin_prefix="front matter "))
        if any(_extends_a_release(s) for s in listed):
            offer(fields, "acquisition", yaml_field(metadata, "source_datasets", path=path, positions=positions,
                                                    origin_prefix="front matter "))
    return references


# The Hub's 'source_datasets' tag for a dataset derived from another: 'extended|wikipedia' (squad),
# 'extended|other-80-Million-Tiny-Images' (cifar10), 'extended|other-reuters-corpus' (conll2003).
_EXTENDED = "extended|"
# A plural names no one release: 'extended|other-tweet-datasets' (tweet_eval) says only that tweets were reused.
_SEVERAL = ("datasets", "corpora", "sources", "collections")


def _extends_a_release(entry: str) -> bool:
    """Whether a 'source_datasets' entry says the data was derived from one named release, which says how it was
    obtained."""
    text = entry.strip().lower()
    if not text.startswith(_EXTENDED):
        return False
    name = text[len(_EXTENDED):].removeprefix("other-").strip()
    return bool(name) and not name.endswith(_SEVERAL)


def _evaluation_from_model_index(source: CardSource, fields: dict[str, Field], problems: list[Problem]) -> None:
    metadata = source.metadata
    if "model-index" not in metadata:
        return
    index = metadata["model-index"]
    line, column = source.positions.get("/model-index", (1, 1))
    where = Location(source.path, line, column, "/model-index")
    entries = [index] if isinstance(index, Mapping) else index
    if not isinstance(entries, list):
        problems.append(Problem("metadata-shape", "model-index is neither a list nor a mapping", where))
        return
    metrics: list[dict[str, Any]] = []
    datasets: list[str] = []
    for entry in entries:
        results = entry.get("results") if isinstance(entry, Mapping) else None
        for result in results if isinstance(results, list) else []:
            if isinstance(result, Mapping):
                _model_index_result(result, metrics, datasets)
    origin = "front matter key 'model-index'"
    offer(fields, "evaluation_metrics", _model_index_field(metrics, where, origin, "gives no metric with a value"))
    offer(fields, "evaluation_data", _model_index_field(datasets, where, origin, "names no dataset"))


def _model_index_field(found: list[Any], where: Location, origin: str, lack: str) -> Field:
    """What 'model-index' gives for one field: the values, or nothing, with what its results lack ('names no
    dataset') for the finding to say instead of 'no content'."""
    if found:
        return Field(found, where, origin, FieldState.PRESENT)
    return Field(found, where, origin, FieldState.EMPTY, lack)


def _model_index_result(result: Mapping[str, Any], metrics: list[dict[str, Any]], datasets: list[str]) -> None:
    dataset = result.get("dataset")
    dataset_name = None
    if isinstance(dataset, Mapping):
        dataset_name = dataset.get("name") or dataset.get("type")
    elif isinstance(dataset, str):
        dataset_name = dataset
    if dataset_name and value_state(dataset_name) is FieldState.PRESENT:
        datasets.append(str(dataset_name))
    found = result.get("metrics")
    for metric in found if isinstance(found, list) else []:
        if isinstance(metric, Mapping) and metric.get("value") is not None:
            metrics.append({"metric": metric.get("name") or metric.get("type"), "value": metric.get("value"),
                            "dataset": dataset_name})
