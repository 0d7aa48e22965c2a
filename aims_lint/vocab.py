"""Readings of written values shared by parsers, adapters and checks: heading keys, calendar dates, whether a text
or a section says anything real, and the card vocabulary (the headings, labels and keys that feed each field)."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aims_lint.model import FieldState, Section

_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)]|[a-z][.)])\s+", re.IGNORECASE)
_OPTIONAL = re.compile(r"\[\s*optional\s*\]|\(\s*optional\s*\)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# A version written in a model's name or a card's title: 'v1-4', 'V1.0', 'v2' (not a size such as '7B').
VERSION_IN_NAME = re.compile(r"(?<![a-z0-9])v\d+(?:[.-]\d+)*(?![a-z0-9])", re.IGNORECASE)
# A date as documents write it; date_value also asks that it be a real calendar date.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@functools.lru_cache(maxsize=8192)
def heading_key(title: str) -> str:
    """Normalise a heading for matching: case, numbering, '[optional]', punctuation and '&' do not matter."""
    text = _OPTIONAL.sub("", title.strip().lower())
    text = text.replace("&", " and ")
    text = _NUMBERING.sub("", text.strip())
    return _NON_WORD.sub(" ", text).strip()


def date_value(value: Any) -> datetime.date | None:
    """A YYYY-MM-DD string as a date; None for anything else (blank, placeholder, malformed)."""
    if isinstance(value, str) and DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# Template placeholders: Hugging Face's "[More Information Needed]", Jinja "{{ ... }}", TODO/TBD/FIXME markers (a
# bracketed one with its note: "[TODO: Contact email or issue tracker URL.]").
_PLACEHOLDER = re.compile(
    # Each part stops at a brace or is bounded, so that text full of unclosed '{{' or '[insert' stays linear.
    r"\[\s*more\s+information\s+needed\s*\]|more\s+information\s+needed|\{\{[^{}]*\}\}|\{%[^{}]*%\}"
    r"|\[\s*(?:TODO|TBD|TBA|FIXME)\b[^\[\]]{0,300}\]|\b(?:TODO|TBD|TBA|FIXME|XXX)\b"
    # An '[insert ...' part ends at a character that is not blank: the blanks before its ']' are taken by '\s*'
    # alone, not tried again for each of the 200 lengths of '[^\]]'.
    r"|\[\s*(?:optional|needs?\s+more\s+information|(?:insert|your)[^\]]{0,200}(?<!\s))\s*\]"
    r"|<\s*(?:insert|add|describe|fill)[^>]{0,200}>"
    # A link to nothing: the Hugging Face dataset template writes its instructions as '[If known, name and email
    # of at least one person ...]()' (left in place in crows_pairs, and in the template itself), '[n/a]()' too.
    r"|\[[^\[\]]{1,300}\]\(\)",
    re.IGNORECASE | re.DOTALL,
)
# An address or link a template leaves to be filled in, 'yourusername@example.com',
# 'https://github.com/your-username/repo', 'your_email@domain.com': the word that tells it, then the whole address
# (read only in a text the word is in; it starts at an address's first character, so it stays linear).
_TEMPLATE_TELL = r"\byour[-_.]?(?:user)?(?:name|e-?mail|org|organi[sz]ation|company|domain|handle|team)\b"
_TEMPLATE_WORD = re.compile(_TEMPLATE_TELL, re.IGNORECASE)
_TEMPLATE_ADDRESS = re.compile(rf"(?<![^\s<>()\[\]])[^\s<>()\[\]]{{0,200}}?{_TEMPLATE_TELL}[^\s<>()\[\]]{{0,200}}",
                               re.IGNORECASE)
# A bold or plain label with nothing after it, such as "- **Developed by:**"; a list marker may stand on the line
# before its label. No two parts may take the same blanks (with two '\s*' in a row, a run of blank lines took
# cubic time): a line's blanks ('[^\S\n]', any but a newline) and those after its marker are taken before the
# label, which starts with '**' or '__', with a character that is not blank, or is a single blank; after the
# colon come only blanks. A plain label is four words at most, as the reader of labels takes them: 'The model can
# be used for speech recognition as follows:' before a block of code is a sentence, not an empty label.
_EMPTY_LABEL = re.compile(
    r"^[^\S\n]*(?:(?:[-*+]|\d+[.)])\s*)?(?:(?:\*\*|__)[^:\n]{1,80}|(?P<plain>[^\s:][^:\n]{0,79})|[^\S\n]):(?:\*\*|__)?"
    r"[^\S\n]*$",
    re.MULTILINE,
)
_PLAIN_LABEL_WORDS = 4


def _empty_label(match: re.Match[str]) -> str:
    """An empty label's replacement: nothing; a sentence ending in a colon stays."""
    plain = match.group("plain")
    return match.group(0) if plain is not None and len(plain.split()) > _PLAIN_LABEL_WORDS else ""


_WORD = re.compile(r"[^\W_]", re.UNICODE)
# The target of a Markdown link: '[More Information Needed](https://...)' is the placeholder alone.
_LINK_TARGET = re.compile(r"\]\([^()\s]+\)")


_PLACEHOLDER_HINTS = re.compile(r"[\[{<:]|todo|tbd|tba|fixme|xxx|more\s+information", re.IGNORECASE)


# The same test for ASCII text, as substrings of its lower case: three times faster than the pattern, and every
# canonical field's value is tested.
_HINT_NEEDLES = ("[", "{", "<", ":", "todo", "tbd", "tba", "fixme", "xxx", "more")


def _may_hold_filler(text: str) -> bool:
    if text.isascii():
        lowered = text.lower()
        return any(needle in lowered for needle in _HINT_NEEDLES) or (
            "your" in lowered and _TEMPLATE_WORD.search(lowered) is not None)
    return _PLACEHOLDER_HINTS.search(text) is not None or (
        "your" in text.lower() and _TEMPLATE_WORD.search(text) is not None)


# Whole values that answer nothing: a justification, a legal basis, an approval or a description that says only
# "N/A", "pending" or "see code" has not been written yet. Tried on short texts only, once trimmed of blanks,
# quotes, markup and closing punctuation.
_NON_ANSWER = re.compile(
    r"n/?a|n\.a\.?|tbd|tbc|tba|pending|draft|wip|work in progress|later|to be (?:decided|determined|confirmed"
    r"|defined|added|done|completed)|see (?:the )?(?:code|repo|repository|source|process|docs|documentation|wiki"
    r"|ticket|above|below)|-+|\?+|\.{2,}|\u2026",
    re.IGNORECASE,
)
_NON_ANSWER_TRIM = " \t\r\n\"'`*_.,;:!()[]"
_NON_ANSWER_MAX = 32


def non_answer(text: str) -> bool:
    """True for a whole value such as "N/A", "TBD", "pending", "draft" or "see code": text, but no answer."""
    if len(text) > _NON_ANSWER_MAX:
        return False
    stripped = text.strip()
    trimmed = stripped.strip(_NON_ANSWER_TRIM) or stripped.strip()
    return bool(trimmed) and _NON_ANSWER.fullmatch(trimmed) is not None


def content_state(text: str) -> FieldState:
    """PRESENT when the text says something real; PLACEHOLDER when only template filler or a non-answer ("N/A",
    "pending"); else EMPTY. (A card's fields are judged by assess, which tells a non-answer apart as WEAK.)"""
    if non_answer(text):
        return FieldState.PLACEHOLDER
    return _read_content(text)[0]


def _read_content(text: str) -> tuple[FieldState, str]:
    """content_state, and the text less its comments, link targets and placeholders (which assess reads on)."""
    if not _may_hold_filler(text):
        # No comment, placeholder or label can be in it: any letter or digit is content.
        return (FieldState.PRESENT if _WORD.search(text) else FieldState.EMPTY), text
    stripped = _LINK_TARGET.sub("]", drop_comments(text))
    without_placeholders, count = _PLACEHOLDER.subn("", stripped)
    if "your" in without_placeholders.lower() and _TEMPLATE_WORD.search(without_placeholders) is not None:
        without_placeholders, addresses = _TEMPLATE_ADDRESS.subn("", without_placeholders)
        count += addresses
    remainder = _EMPTY_LABEL.sub(_empty_label, without_placeholders)
    if _WORD.search(remainder):
        return FieldState.PRESENT, without_placeholders
    return (FieldState.PLACEHOLDER if count else FieldState.EMPTY), without_placeholders


def drop_comments(text: str) -> str:
    """The text without HTML comments; found with str.find, as a lazy pattern would rescan the rest of the
    text for every '<!--' that is never closed."""
    parts: list[str] = []
    position = 0
    while True:
        start = text.find("<!--", position)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def section_state(section: Section) -> FieldState:
    """Whether the text under a section says anything real; subsection headings and setext underlines are
    structure, not content. Judged when a check asks: most sections never are."""
    return content_state(without_structure(section.text))


def without_structure(text: str) -> str:
    """A section's text without the lines of its subsections' headings and setext underlines."""
    return _STRUCTURE_LINE.sub("", text)


# The lines a heading or a setext underline takes (as the parser reads them).
_STRUCTURE_LINE = re.compile(r"^ {0,3}(?:=+[ \t]*|-+[ \t]*|#{1,6}(?:[ \t].*)?)$\n?", re.MULTILINE)


# --- words, phrases and the card vocabulary ----------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")
# Han ideographs and Japanese kana: each character is a word, as these scripts put no spaces between words ('局限性'
# is found in '模型局限性'); letters of other scripts run into words as Latin ones do ('Ограничения', 'Sınırlamalar').
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDE_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
# Letters that NFKD does not take apart but cards leave out as they leave out accents ('Sınırlamalar', 'Sinirlamalar').
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})
_NOT = re.compile(r"n[’']t\b")


def words(text: str) -> tuple[str, ...]:
    """A text's words for matching phrases: lower case, '&' as 'and', "n't" and "cannot" as 'not', punctuation and
    markup dropped ('Out-of-Scope Use' is 'out of scope use'), accents dropped ('Límites' is 'limites'), and a
    plural's 's' dropped, so that 'Model Developer' is 'Model developers' and 'Limitation' and 'Limitation(s)'
    'Limitations' (both sides of a match are read alike)."""
    # Headings and labels repeat across cards ('Uses', 'Model Details'): they are read once.
    return _short_words(text) if len(text) <= _SHORT_TEXT else _words(text)


# Texts up to this length are headings or labels, whose words are kept once read.
_SHORT_TEXT = 120


@functools.lru_cache(maxsize=8192)
def _short_words(text: str) -> tuple[str, ...]:
    return _words(text)


def _words(text: str) -> tuple[str, ...]:
    lowered = text.lower().replace("&", " and ")
    if not lowered.isascii():
        # 'Evaluación' is 'evaluacion', as cards that leave the accents out write it ('Seleccion y evaluacion').
        lowered = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
        # Hangul syllables, which NFKD takes apart into letters, are put back together.
        lowered = unicodedata.normalize("NFC", lowered.translate(_PLAIN_LETTERS))
    if "(s)" in lowered:
        lowered = lowered.replace("(s)", "s")  # 'Limitation(s)', 'Author(s)'
    if "n't" in lowered or "n’t" in lowered or "cannot" in lowered:
        lowered = _NOT.sub(" not", lowered).replace("cannot", "can not")
    found = _TOKEN.findall(lowered) if lowered.isascii() else _WIDE_TOKEN.findall(lowered)
    return tuple(_singular(w) for w in found)


def _singular(word: str) -> str:
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "su" and not word.endswith("is"):
        return word[:-1]
    return word


class Phrases:
    """Phrases (runs of words), each feeding some names, found in a text leftmost-longest: at each word the
    longest phrase that starts there, so 'not intended uses' is read before 'intended uses' and 'training and
    evaluation data' before 'training'. A phrase feeding no name is read and ignored ('framework versions')."""

    __slots__ = ("_by_first",)

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        grouped: dict[str, dict[tuple[str, ...], list[str]]] = {}
        for phrase, name in entries:
            key = words(phrase)
            if key:
                names = grouped.setdefault(key[0], {}).setdefault(key, [])
                if name and name not in names:
                    names.append(name)
        self._by_first = {
            first: tuple(sorted(((key, tuple(names)) for key, names in group.items()), key=lambda kv: -len(kv[0])))
            for first, group in grouped.items()
        }

    def matches(self, tokens: tuple[str, ...]) -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
        """(position, phrase, names) of each phrase found in the words, left to right."""
        found: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = []
        position, count = 0, len(tokens)
        by_first = self._by_first
        while position < count:
            for phrase, names in by_first.get(tokens[position], ()):
                if tokens[position : position + len(phrase)] == phrase:
                    found.append((position, phrase, names))
                    position += len(phrase)
                    break
            else:
                position += 1
        return found

    def names(self, text: str, *, covering: bool = False, whole: bool = False) -> tuple[str, ...]:
        """The names the phrases in a text feed, each once, in the order they are found; with covering, only when
        the phrases make at least half of its words other than those joining topics (a label or a table cell, not
        a sentence that holds one); with whole, only when they make all of those words (a title on a plain
        line)."""
        tokens = words(text)
        found = self.matches(tokens)
        if covering or whole:
            covered = sum(len(phrase) for _, phrase, _ in found)
            if (covered < len(tokens) if whole else covered * 2 < len(tokens)):
                topics = len(tokens) - _connectors(tokens, found)
                if covered < topics if whole else covered * 2 < topics:
                    return ()
        seen: dict[str, None] = {}
        for _, _, names in found:
            seen.update(dict.fromkeys(names))
        return tuple(seen)


# Words that join a label's topics ('Limitations and bias', 'Licensing or privacy'): no topic of their own; nor
# has a number ('3. Not Intended For').
_CONNECTORS = frozenset({"and", "or"})


def _untopical(token: str) -> bool:
    return token in _CONNECTORS or token.isdigit()


def _connectors(tokens: tuple[str, ...], found: list[tuple[int, tuple[str, ...], tuple[str, ...]]]) -> int:
    """How many of the words join topics or number them, outside the phrases found."""
    joined = sum(1 for token in tokens if _untopical(token))
    return joined - sum(1 for _, phrase, _ in found for token in phrase if _untopical(token)) if joined else 0


@dataclass(frozen=True, slots=True)
class FieldWords:
    """How one canonical field of a kind of card is written: the headings and labels that feed it (the usual ones
    first), its metadata keys, the headings of the sections it belongs under, the phrases of sentences that state
    it, and what its content must hold."""

    name: str
    headings: tuple[str, ...]
    # The headings the rules' remediation asks for (aims-lint's own format): a finding suggests them first.
    own: tuple[str, ...]
    keys: tuple[str, ...]
    home: tuple[str, ...]
    prose: tuple[str, ...]
    # 'None' and 'No' answer the field (whether a dataset holds personal data); elsewhere they say nothing.
    none_is_answer: bool
    # Evaluation results: only numbers are results.
    needs_number: bool
    # A sentence elsewhere in the card states the field even where a heading or label that names it holds only a
    # placeholder: a dataset card's template section 'Source Data' left as '[More Information Needed]' while its
    # summary says 'text extracted from Stormfront'.
    prose_over_placeholder: bool = False


# Examples in parentheses: '(e.g., which team, research group)', '(for example, tarball on website)'.
_EXAMPLES = re.compile(r"\((?:e\.\s?g\.|for example|for instance|such as)[^()]*\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class KindWords:
    """The vocabulary of one kind of card (model_card, dataset_record)."""

    fields: Mapping[str, FieldWords]
    headings: Phrases  # headings and labels -> fields (phrases that feed nothing are ignored)
    prose: Phrases  # phrases of sentences -> fields
    # A heading of a field that also holds one of these words is of the other field: 'Use cases to avoid' states
    # out-of-scope uses, not the intended use.
    negations: frozenset[str] = frozenset()
    negated: Mapping[str, str] = field(default_factory=dict)
    # The Hub's tasks, as a summary that calls the model a model for one writes them ('OCR model for reading
    # captcha'): the summary then states the intended use.
    summary_tasks: Phrases = field(default_factory=lambda: Phrases(()))

    def ignored(self, text: str) -> bool:
        """Whether a heading is one of those that feed nothing ('Framework versions', 'Citation')."""
        tokens = words(text)
        found = self.headings.matches(tokens)
        return bool(found) and all(not names for _, _, names in found) and (
            sum(len(phrase) for _, phrase, _ in found) * 2 >= len(tokens))

    def heading_fields(self, text: str, *, covering: bool = False, whole: bool = False) -> tuple[str, ...]:
        """The fields a heading or a label feeds: with covering, a label or a table cell names a field only when
        the field's phrases make at least half of it, and with whole, a title on a plain line only when they make
        all of it; but a question ('Who maintains the dataset?') names the fields its phrases name, as a heading
        does. Examples in parentheses ('(e.g., to correct labeling errors)') name none."""
        if "(" in text:
            text = _EXAMPLES.sub(" ", text)
        question = text.rstrip().endswith("?")
        names = self.headings.names(text, covering=covering and not question, whole=whole and not question)
        if names and self.negated and any(n in self.negated for n in names) and not self.negations.isdisjoint(
                words(text)):
            return tuple(dict.fromkeys(self.negated.get(n, n) for n in names))
        return names


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """aims_lint/data/vocabulary.yaml, read once: each kind's words and the words that judge content."""

    kinds: Mapping[str, KindWords]
    fillers: frozenset[str]
    # Whole texts, once the fillers are dropped: 'n/a', 'unknown'; and denials, 'none', 'no limitations'.
    non_answers: frozenset[tuple[str, ...]]
    denials: frozenset[tuple[str, ...]]
    deferrals: Phrases  # 'see', 'refer to', opening a short text that names another document
    elsewhere: Phrases  # that document: 'paper', 'technical report', 'repository'
    templates: Phrases  # sentences a template writes in place of content
    metrics: Phrases  # metric names, in a table's header
    dataset_columns: Phrases  # table headers whose cells name datasets ('Dataset', 'Benchmark')
    model_columns: Phrases  # table headers whose cells name models ('Model', 'Method')
    slot_words: frozenset[str]  # the words of a template's bracketed slot, as words() reads them


@functools.cache
def vocabulary() -> Vocabulary:
    from aims_lint.data import read_data
    from aims_lint.parse.yamlpos import load_values

    raw = load_values(read_data("vocabulary.yaml"))
    content = raw["content"]
    fillers = frozenset(w for p in content["fillers"] for w in words(p))

    def whole(phrases: list[str]) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(w for w in words(p) if w not in fillers) for p in phrases)

    def index(name: str) -> Phrases:
        return Phrases((p, name) for p in content[name])

    return Vocabulary(
        kinds={kind: _kind_words(raw[kind]) for kind in ("model_card", "dataset_record")},
        fillers=fillers,
        non_answers=whole(content["non_answers"]),
        slot_words=frozenset(w for p in content["slot_words"] for w in words(p)),
        denials=whole(content["denials"]),
        deferrals=index("deferrals"),
        elsewhere=index("elsewhere"),
        # Read as the content they stand in is read: without the placeholders in them.
        templates=Phrases((_PLACEHOLDER.sub("", p), "template") for p in content["template_texts"]),
        metrics=index("metrics"),
        dataset_columns=index("dataset_columns"),
        model_columns=index("model_columns"),
    )


def _kind_words(raw: Mapping[str, Any]) -> KindWords:
    fields = {
        name: FieldWords(
            name=name,
            headings=tuple(entry.get("headings") or ()),
            own=tuple(entry.get("own") or ()),
            keys=tuple(entry.get("keys") or ()),
            home=tuple(entry.get("home") or ()),
            prose=tuple(entry.get("prose") or ()),
            none_is_answer=bool(entry.get("none_is_answer")),
            needs_number=bool(entry.get("needs_number")),
            prose_over_placeholder=bool(entry.get("prose_over_placeholder")),
        )
        for name, entry in raw["fields"].items()
    }
    ignored = [(phrase, "") for phrase in raw.get("ignore") or ()]
    negated = raw.get("negated") or {}
    return KindWords(
        fields=fields,
        headings=Phrases([*((h, f.name) for f in fields.values() for h in f.headings), *ignored]),
        prose=Phrases((p, f.name) for f in fields.values() for p in f.prose),
        negations=frozenset(w for p in negated.get("words") or () for w in words(p)),
        negated=dict(negated.get("fields") or {}),
        summary_tasks=Phrases((t, "task") for t in (raw.get("summary_tasks") or {}).get("tasks") or ()),
    )


# The home of a field that belongs in the card's metadata.
FRONT_MATTER = "front matter"


def suggested_headings(words_of: FieldWords, count: int) -> list[str]:
    """The headings a finding suggests for a field: aims-lint's own first, then the others in the vocabulary's order
    (the usual ones first), each once whatever its spelling ('Version' and 'Versions')."""
    ranked = [*words_of.own, *words_of.headings]
    chosen: dict[tuple[str, ...], str] = {}
    for heading in ranked:
        chosen.setdefault(words(heading), heading)
    return list(chosen.values())[:count]


# --- what content says ---------------------------------------------------------------------------------------------

# A text this short (in words) may be a bare non-answer or a pointer elsewhere; longer text says something.
_SHORT = 24
# Characters past which a text is neither a bare answer, a pointer nor only a template's sentences.
_LONG_TEXT = 600
# A pointer elsewhere opens the text: 'See the paper', 'Please refer to ...', 'For details, see ...'.
_DEFERRAL_OPENS_BY = 4
# Result numbers: a decimal (not a version, an arXiv id or a word's digits), a percentage, or a number alone in a
# table cell (Markdown or HTML).
_RESULT_NUMBER = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?[ \t]?%|(?<![\w.])\d+\.\d+(?![\w.])"
    r"|(?:^|\|)[ \t]*[-+]?\d+(?:\.\d+)?[ \t]*(?=\||$)|>[ \t]*[-+]?\d+(?:\.\d+)?[ \t]*<",
    re.MULTILINE,
)
# A chart of results: a Markdown or HTML image.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(|<img\b", re.IGNORECASE)
# Nor is code, unless a code span holds a number alone ('Final perplexity on the test set is `13.6`').
_NOT_A_RESULT = re.compile(r"https?://\S+|\]\([^()\s]*\)|\b\d{4}\.\d{4,5}\b"
                           r"|`(?![ \t]*[-+]?\d+(?:\.\d+)?[ \t]?%?[ \t]*`)[^`\n]*`")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def assess(text: str, *, none_is_answer: bool = False) -> tuple[FieldState, str]:
    """The state of a field written as text, and what was found when it says nothing the field asks: "says only
    'N/A'", "only refers elsewhere ('see the paper')"."""
    state, shown = _read_content(text)
    if state is not FieldState.PRESENT:
        return state, ""
    if "[" in text and template_slot(text):
        return FieldState.PLACEHOLDER, ""
    if len(shown) > 2 * _LONG_TEXT:
        return FieldState.PRESENT, ""  # longer than any bare answer, pointer or template sentence
    visible = " ".join(shown.split())
    if len(visible) > _LONG_TEXT:
        return FieldState.PRESENT, ''
    tokens = words(visible)
    vocab = vocabulary()
    if len(tokens) <= _SHORT:
        core = tuple(w for w in tokens if w not in vocab.fillers)
        if core in vocab.non_answers or (not none_is_answer and core in vocab.denials):
            return FieldState.WEAK, f"says only {_quote(visible)}"
        if _defers(tokens, visible, vocab):
            return FieldState.WEAK, f"only refers elsewhere ({_quote(visible)})"
        if visible.endswith("?") and _all_questions(visible):
            return FieldState.PLACEHOLDER, ""
    if _only_template(tokens, vocab):
        return FieldState.PLACEHOLDER, ""
    return FieldState.PRESENT, ""


# One bracketed text and nothing else (a link's target is no part of it, so '[Email](mailto:...)' never matches).
_SLOT = re.compile(r"\[([^\[\]()]{1,80})\]")


def template_slot(text: str) -> bool:
    """Whether a whole value is a slot a template left for its writer, in brackets: '[name and email]', '[Model
    Name]', '[Team/Individual]', '[e.g., XGBoost]' (vocabulary 'slot_words'), not a word of content ('[MASK]')."""
    found = _SLOT.fullmatch(text.strip().rstrip(".;,"))
    if found is None:
        return False
    inner = found.group(1).strip().lower()
    if inner.startswith(("e.g.", "eg.", "e.g ")):
        return True
    read = words(inner)  # as every phrase of the vocabulary is read: '[MODEL_NAME]', '[Authors]', '[E-mail]'
    return bool(read) and all(word in vocabulary().slot_words for word in read)


def field_state(words_of: FieldWords | None, text: str, *, results: str | None = None) -> tuple[FieldState, str]:
    """The state a text earns as the content of a field, and what was found when it says nothing: evaluation
    results need a number (looked for in results, the text less its code, when given)."""
    if words_of is None:
        return assess(text)
    state, note = assess(text, none_is_answer=words_of.none_is_answer)
    if state is FieldState.PRESENT and words_of.needs_number:
        shown = text if results is None else results
        if not has_result_number(shown) and _IMAGE.search(shown) is None:
            return FieldState.WEAK, "gives no result as a number (nor a chart of results)"
    return state, note


def _defers(tokens: tuple[str, ...], visible: str, vocab: Vocabulary) -> bool:
    """Whether a short text only points at another document: 'See the paper.', 'Please refer to our report.'; a
    pointer in brackets after what the text states ('CC-BY-4.0 (see LICENSE at the repo root)') adds to it."""
    before, bracket, inside = visible.partition("(")
    stated = words(before)
    if bracket and stated and vocab.deferrals.matches(words(inside)[:2]) and not vocab.deferrals.matches(stated):
        return False
    opening = vocab.deferrals.matches(tokens[: _DEFERRAL_OPENS_BY + 4])
    return (bool(opening) and opening[0][0] <= _DEFERRAL_OPENS_BY and len(_SENTENCE_END.findall(visible)) <= 1
            and bool(vocab.elsewhere.matches(tokens)))


def _only_template(tokens: tuple[str, ...], vocab: Vocabulary) -> bool:
    """Whether the words are only sentences a template writes in place of content."""
    found = vocab.templates.matches(tokens)
    return bool(found) and sum(len(phrase) for _, phrase, _ in found) == len(tokens)


def _all_questions(text: str) -> bool:
    """Whether every sentence of a text is a question: a template's prompt left in place of the answer."""
    found = sentences(text)
    return bool(found) and all(s.endswith("?") for s in found)


# The commonest words of English prose that are no common word of the other languages cards are written in ('a',
# 'in', 'is', 'to', 'for', 'by', 'we', 'at', 'as', 'or' and 'was' are: Spanish, German, Dutch, Polish, Danish,
# Portuguese, French); and those of the languages of Latin script cards are most often written in besides (French,
# Spanish, Portuguese, German, Italian, Dutch) that are no English word.
_ENGLISH_WORDS = frozenset({
    "the", "and", "of", "that", "this", "with", "are", "from", "which", "have", "has", "will", "these", "been",
    "were", "their", "our", "you", "its", "can", "not", "be", "it"
})
_OTHER_WORDS = frozenset({
    "de", "la", "le", "les", "des", "et", "est", "une", "du", "dans", "pour", "sur", "par", "pas", "qui", "el",
    "los", "las", "del", "y", "que", "con", "para", "por", "una", "es", "em", "um", "uma", "os", "da", "do", "das",
    "dos", "com", "não", "der", "die", "und", "den", "dem", "mit", "ist", "ein", "eine", "nicht", "von", "zu", "il",
    "di", "che", "della", "per", "sono", "het", "een", "van", "en", "zijn", "niet"
})
# A card's text is English unless its words say otherwise: over at least LANGUAGE_WORDS words, fewer than
# ENGLISH_SHARE of them English's common words, and most of them of another script, or another language's common
# words far more than English's, or (a language of neither list, Turkish, Polish) a text of OTHER_LANGUAGE_WORDS
# words at least, ACCENTED_SHARE of them with letters English has not. Terse cards of English labels ('* dataset:
# opus') have no common words of any kind and stay English. English cards of the corpus, templates among them,
# hold 4% or more of English's common words; cards in other languages 0.5% or less.
LANGUAGE_WORDS = 80
ENGLISH_SHARE = 0.02
OTHER_LANGUAGE_WORDS = 300
ACCENTED_SHARE = 0.1
# Enough of a card's text to tell its language by.
LANGUAGE_CHARS = 20_000
# The last letter of the Latin script's blocks (Latin Extended-B); letters after it are of other scripts.
_LATIN_LAST = 0x24F


def reads_as_english(texts: Iterable[str]) -> bool:
    """Whether a card's text (its paragraphs and headings; their first LANGUAGE_CHARS characters) is written in
    English, the language aims-lint reads headings, labels and sentences in."""
    text = "\n".join(texts)[:LANGUAGE_CHARS].lower()
    # Text in ASCII is all Latin script, whose words stand between blanks: split, in a fifth of the pattern's time.
    ascii_only = text.isascii()
    tokens = text.split() if ascii_only else _WIDE_TOKEN.findall(text)
    seen = len(tokens)
    english = sum([token in _ENGLISH_WORDS for token in tokens])
    if seen < LANGUAGE_WORDS or english >= ENGLISH_SHARE * seen:
        return True
    other = sum([token in _OTHER_WORDS for token in tokens])
    if ascii_only:
        return other <= 4 * english + 10
    other_script = sum([ord(token[0]) > _LATIN_LAST for token in tokens])
    accented = sum([not token.isascii() for token in tokens])
    return not (other_script > seen / 2 or other > 4 * english + 10
                or (seen >= OTHER_LANGUAGE_WORDS and accented >= seen * ACCENTED_SHARE))


def headings_read_as_english(titles: Sequence[str]) -> bool:
    """Whether a card's headings alone are English, and enough of them to tell (LANGUAGE_WORDS words at least): a
    card answered in another language under an English template's headings (a Data Cards template's 177 headings over
    Vietnamese answers) is read by those headings, as an English card is."""
    return sum(len(title.split()) for title in titles) >= LANGUAGE_WORDS and reads_as_english(titles)


def sentences(text: str) -> list[str]:
    """A text's sentences, cut after '.', '!' or '?' and a blank."""
    return [s for s in _SENTENCE_BREAK.split(text) if s]


def has_result_number(text: str) -> bool:
    """Whether a text gives a result as a number (links, arXiv ids and code spans, but for one holding a number
    alone, are no results)."""
    return _RESULT_NUMBER.search(_NOT_A_RESULT.sub(" ", drop_comments(text))) is not None


def _quote(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
    return f"'{shown}'"
