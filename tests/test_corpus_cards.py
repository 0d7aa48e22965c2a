"""Every real Hugging Face model and dataset card in the shared corpus: kind, front matter, positions, oddities.

Each corpus card is copied into a temporary tree as a README.md (the name it has on the Hub), in a folder that
mirrors its corpus path, and the tree is scanned once. PyYAML's pure-Python safe loader, fed the front matter
that huggingface_hub's own pattern cuts out of independently decoded text, is the oracle for what the front
matter means.
"""

from __future__ import annotations

import codecs
import re
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS as CORPUS_ROOT
from conftest import corpus_dir

from aims_lint.engine import run
from aims_lint.model import Artifact, FieldState, Inventory, Kind, Problem, Report
from aims_lint.packs import load_rules
from aims_lint.parse.markdown import parse_sections
from aims_lint.parse.text import decode
from aims_lint.read import build_inventory
from aims_lint.report import FormatContext, formatters

CARD_SETS = {"hf_model_cards": Kind.MODEL_CARD, "hf_dataset_cards": Kind.DATASET_RECORD}

# Cards that say nothing about being a model card or a dataset record: no front matter with Hub metadata, no
# "Model Card" / "Dataset Card" title, no weights beside them. Such a README is an ordinary README; each is
# expected to yield no artifact and no problem.
NOT_A_CARD = {
    "hf_model_cards/_fixtures_huggingface_hub/sample_no_metadata.md": "no front matter; the title is a bare name",
    "hf_model_cards/community_2022_scrape/near_empty/CrisLeaf__generador-de-historias-de-tolkien/README.md":
        "the one word 'hello'",
    "hf_model_cards/community_2022_scrape/near_empty/NbAiLab__roberta_NCC_des_128/README.md": "one sentence",
    "hf_model_cards/community_2022_scrape/non_utf8_utf16le/Jtisch7__bertFinancialSent/README.md":
        "'hello' in UTF-16",
    "hf_model_cards/community_2022_scrape/non_utf8_utf16le/claudelkros__T5_french_wiki_summarizer/README.md":
        "'heelo' in UTF-16",
    "hf_model_cards/community_cs577/empty_file/Mar-C__BERT-NER/README.md": "0 bytes",
    "hf_model_cards/top_orgs/jbetker__tortoise-tts-v2/README.md":
        "a project README without front matter or a card title (beside weights it is a card: tested below)",
    "hf_dataset_cards/_fixtures_huggingface_hub/sample_datasetcard_template.md":
        "an unrendered template whose front matter is the placeholder '{card_data}'",
    "hf_dataset_cards/canonical_2022/pandas/README.md": "only a 'Contributions' section",
    "hf_dataset_cards/community_2023/bom/elmurod1202_SimRelUz_semantic_evaluation_dataset/README.md":
        "an HTML project README without front matter or a card title",
    "hf_dataset_cards/community_2023/tiny/clem_autonlp-data-french_word_detection/README.md": "one sentence",
}

# Templates and format specifications: their placeholders say they describe cards rather than are one, so they
# yield no artifact by design (not an exception to the reading of real cards, which NOT_A_CARD counts).
TEMPLATES = {
    "hf_model_cards/_fixtures_huggingface_hub/sample_template.md": "an unrendered template ({{card_data}})",
    "hf_model_cards/_templates/modelcard_template.md": "huggingface_hub's model card template",
    "hf_dataset_cards/_templates/datasetcard_template.md": "huggingface_hub's dataset card template",
    "hf_model_cards/_templates/hub-docs_modelcard_metadata_spec.md":
        "the Hub's model card metadata specification ('license: {license}')",
    "hf_dataset_cards/_templates/hub-docs_datasetcard_metadata_spec.md":
        "the Hub's dataset card metadata specification ('license: {license}')",
}

# Cards whose only signal points the other way.
OTHER_KIND = {
    "hf_dataset_cards/community_2023/unterminated_front_matter/trustwallet_support/README.md": (
        Kind.MODEL_CARD,
        "only 'license', which both kinds use, in front matter that never closes: an ambiguous Hub README "
        "is taken for a model card",
    ),
}

# huggingface_hub's own front-matter pattern (repocard.py): leading blank lines allowed, '---' fences.
HUB_FRONT_MATTER = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Oracle(yaml.SafeLoader):
    """yaml.safe_load's loader with dates left as strings, as aims-lint keeps them."""


_Oracle.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _cards() -> list[str]:
    if not CORPUS_ROOT.is_dir():
        return []
    found = []
    for card_set in CARD_SETS:
        folder = CORPUS_ROOT / card_set
        if folder.is_dir():
            found += sorted(p.relative_to(CORPUS_ROOT).as_posix() for p in folder.rglob("*") if p.is_file())
    return found


def independent_text(raw: bytes) -> str | None:
    """The file's text by Python's own codecs, line breaks untouched."""
    boms = ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF8, "utf-8-sig"))
    for bom, codec in boms:
        if raw.startswith(bom):
            return raw.decode(codec)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def file_lines(raw: bytes) -> list[str]:
    text = independent_text(raw)
    assert text is not None
    return LINE_BREAK.split(text)


def _hub_front_matter(rel: str) -> bool:
    text = independent_text((CORPUS_ROOT / rel).read_bytes())
    return text is not None and HUB_FRONT_MATTER.match(text) is not None


CARDS = _cards()
# Without the corpus, one placeholder parameter lets each test skip with the reason instead of vanishing.
CARD_PARAMS = CARDS or ["corpus-absent"]
# A template is not read at all, so its front matter's placeholders are not reported either.
HUB_FRONT_MATTER_CARDS = [c for c in CARDS if _hub_front_matter(c) and c not in TEMPLATES] or ["corpus-absent"]
EXPECTED_CARDS = [c for c in CARDS if c not in NOT_A_CARD and c not in TEMPLATES] or ["corpus-absent"]


def tree_path(rel: str) -> str:
    """Where a corpus card lives in the scanned tree: as README.md in a folder named after it."""
    return rel if rel.endswith("/README.md") else rel.removesuffix(".md") + "/README.md"


def expected_kind(rel: str) -> Kind | None:
    if rel in NOT_A_CARD or rel in TEMPLATES:
        return None
    if rel in OTHER_KIND:
        return OTHER_KIND[rel][0]
    return CARD_SETS[rel.split("/", 1)[0]]


@dataclass
class CorpusScan:
    root: Path
    inventory: Inventory
    seconds: float
    artifacts: dict[str, Artifact] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))


@pytest.fixture(scope="module")
def corpus_scan(tmp_path_factory: pytest.TempPathFactory) -> CorpusScan:
    for card_set in CARD_SETS:
        corpus_dir(card_set)
    root = tmp_path_factory.mktemp("corpus-cards")
    for rel in CARDS:
        target = root / tree_path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS_ROOT / rel, target)
    started = time.perf_counter()
    inventory = build_inventory([root])
    scan = CorpusScan(root, inventory, time.perf_counter() - started)
    scan.artifacts = {a.path: a for a in inventory.artifacts}
    for problem in inventory.problems:
        scan.problems[problem.location.path].append(problem)
    return scan


@pytest.fixture(scope="module")
def corpus_report(corpus_scan: CorpusScan) -> Report:
    return run(corpus_scan.inventory, load_rules())


def _skip_if_absent(rel: str) -> None:
    if rel == "corpus-absent":
        corpus_dir("hf_model_cards")


# --- every card ------------------------------------------------------------------------------------------------


def test_corpus_holds_the_expected_cards() -> None:
    for card_set in CARD_SETS:
        corpus_dir(card_set)
    assert len(CARDS) >= 130
    stale = sorted((set(NOT_A_CARD) | set(OTHER_KIND) | set(TEMPLATES)) - set(CARDS))
    assert not stale, "an exception names a card the corpus no longer has"
    # Exceptions stay few: about one card in ten says nothing of its kind.
    assert len(NOT_A_CARD) + len(OTHER_KIND) <= len(CARDS) // 10


@pytest.mark.parametrize("rel", CARD_PARAMS)
def test_card_is_read_as_its_kind(rel: str, corpus_scan: CorpusScan) -> None:
    _skip_if_absent(rel)
    artifact = corpus_scan.artifacts.get(tree_path(rel))
    assert (artifact.kind if artifact else None) is expected_kind(rel), (NOT_A_CARD.get(rel) or TEMPLATES.get(rel)
                                                                         or OTHER_KIND.get(rel))
    if artifact is None:
        # An ordinary README is left alone: not reported, not complained about.
        assert corpus_scan.problems.get(tree_path(rel), []) == []


@pytest.mark.parametrize("rel", HUB_FRONT_MATTER_CARDS)
def test_front_matter_means_what_pyyaml_says(rel: str, corpus_scan: CorpusScan) -> None:
    _skip_if_absent(rel)
    text = independent_text((CORPUS_ROOT / rel).read_bytes())
    assert text is not None
    match = HUB_FRONT_MATTER.match(text)
    assert match is not None
    yaml_text = match.group(2)
    first_line = len(LINE_BREAK.findall(match.group(1))) + 1
    problems = corpus_scan.problems.get(tree_path(rel), [])
    yaml_problems = [(p.code, p.location.line) for p in problems if p.code.startswith("yaml-")]
    try:
        expected = yaml.load(yaml_text, Loader=_Oracle)
    except yaml.MarkedYAMLError as exc:
        if exc.problem and "cannot start any token" in exc.problem and "\t" in yaml_text:
            # Tabs after a value: white space in YAML 1.2 and to libyaml, refused by PyYAML's own scanner.
            expected = yaml.load(re.sub(r"[ \t]+(?=\r?\n|$)", "", yaml_text), Loader=_Oracle)
        else:
            assert exc.problem_mark is not None
            assert ("yaml-syntax", first_line + exc.problem_mark.line) in yaml_problems
            return
    assert yaml_problems == []
    artifact = corpus_scan.artifacts.get(tree_path(rel))
    if isinstance(expected, dict):
        if artifact is None:
            assert rel in NOT_A_CARD or rel in TEMPLATES
            return
        assert artifact.document == {str(k): v for k, v in expected.items()}
    elif expected is None:
        assert artifact is None or artifact.document == {}
    else:
        assert ("front-matter-not-mapping", first_line) in [(p.code, p.location.line) for p in problems]


@pytest.mark.parametrize("rel", EXPECTED_CARDS)
def test_positions_point_at_their_lines(rel: str, corpus_scan: CorpusScan) -> None:
    _skip_if_absent(rel)
    artifact = corpus_scan.artifacts[tree_path(rel)]
    lines = file_lines((CORPUS_ROOT / rel).read_bytes())
    for pointer, (line, column) in artifact.positions.items():
        at = lines[line - 1][column - 1 :]
        assert at.strip(), (pointer, line, column)  # every position is where a YAML node starts
        if pointer.count("/") == 1 and isinstance(artifact.document, dict) and artifact.document:
            key = pointer[1:].replace("~1", "/").replace("~0", "~")
            assert at.startswith((key, f'"{key}"', f"'{key}'")), (pointer, line, lines[line - 1])
    for section in artifact.sections:
        words = section.title.split()
        if words:
            assert words[0] in lines[section.line - 1], (section.title, section.line)
    for name, found in artifact.fields.items():
        assert 1 <= found.location.line <= len(lines), name
        line = lines[found.location.line - 1]
        if found.origin.endswith("' line"):  # a bold label such as '- **Developed by:** ...'
            assert found.origin[1:-6] in line, (name, found.origin, found.location.line, line)
        elif found.origin.startswith("section '"):
            assert found.origin[9:-1].split()[0] in line, (name, found.origin, found.location.line, line)


def test_every_finding_points_into_a_file_that_exists(corpus_scan: CorpusScan, corpus_report: Report) -> None:
    assert corpus_report.findings
    line_counts: dict[str, int] = {}
    for finding in corpus_report.findings:
        path = corpus_scan.root / finding.location.path
        assert path.is_file(), finding
        if finding.location.path not in line_counts:
            line_counts[finding.location.path] = len(file_lines(path.read_bytes()))
        assert 1 <= finding.location.line <= line_counts[finding.location.path], finding


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_every_format_renders_the_corpus(fmt: str, corpus_report: Report) -> None:
    ctx = FormatContext(version="0.0.0")
    rendered = formatters()[fmt](corpus_report, ctx)
    assert rendered == formatters()[fmt](corpus_report, ctx)
    assert rendered.endswith("\n")


def test_scanning_the_whole_corpus_is_quick(corpus_scan: CorpusScan) -> None:
    # A sanity bound, far above the real figure, not a benchmark.
    assert corpus_scan.seconds < 30


# --- the oddities, one by one ---------------------------------------------------------------------------------

MODEL = "hf_model_cards/"
DATASET = "hf_dataset_cards/"


def _card(scan: CorpusScan, rel: str) -> Artifact:
    corpus_dir(rel.split("/", 1)[0])
    return scan.artifacts[tree_path(rel)]


def _problems(scan: CorpusScan, rel: str) -> list[tuple[str, int]]:
    return sorted((p.code, p.location.line) for p in scan.problems.get(tree_path(rel), []))


@pytest.mark.parametrize(
    "rel",
    [
        MODEL + "community_2022_scrape/non_utf8_utf16le/Jtisch7__bertFinancialSent/README.md",
        MODEL + "community_2022_scrape/non_utf8_utf16le/claudelkros__T5_french_wiki_summarizer/README.md",
    ],
)
def test_utf16le_with_bom_is_decoded(rel: str) -> None:
    raw = (corpus_dir("hf_model_cards").parent / rel).read_bytes()
    assert raw.startswith(codecs.BOM_UTF16_LE)
    result = decode(raw)
    assert result.encoding == "utf-16-le"
    assert result.text == raw.decode("utf-16").replace("\r\n", "\n")
    assert result.text.startswith("he")


CANONICAL = MODEL + "canonical_2022/bert-base-uncased/README.md"


def _reencode(text: str, variant: str) -> bytes:
    if variant == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if variant == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if variant == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if variant == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    raise AssertionError(variant)


@pytest.mark.parametrize("variant", ["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "crlf"])
def test_a_real_card_reads_the_same_in_every_encoding(variant: str, tmp_path: Path) -> None:
    original = (corpus_dir("hf_model_cards").parent / CANONICAL).read_bytes().decode("utf-8")
    results = {}
    for name, raw in (("plain", original.encode("utf-8")), ("variant", _reencode(original, variant))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_bytes(raw)
        inventory = build_inventory([tmp_path / name])
        assert not inventory.problems
        (card,) = inventory.artifacts
        assert card.kind is Kind.MODEL_CARD
        fields = {k: (f.value, f.location.line, f.location.column, f.state) for k, f in card.fields.items()}
        report = run(inventory, load_rules())
        findings = [(f.rule_id, f.location.path, f.location.line, f.location.column, f.message, f.fingerprint)
                    for f in report.findings]
        results[name] = (card.document, fields, findings)
    assert results["variant"] == results["plain"]
    assert results["plain"][2]


@pytest.mark.parametrize(
    ("rel", "keys"),
    [
        (MODEL + "community_cs577/crlf/espnet__MInDS-14_es-ES/README.md", {"tags", "language", "license"}),
        (MODEL + "community_cs577/crlf/noharm-ai__anony/README.md", {"license", "tags", "language", "widget"}),
        (MODEL + "_fixtures_huggingface_hub/sample_windows_line_breaks.md", {"license", "language", "widget"}),
    ],
)
def test_crlf_cards_are_read_with_editor_line_numbers(rel: str, keys: set[str], corpus_scan: CorpusScan) -> None:
    raw = (CORPUS_ROOT / rel).read_bytes()
    assert b"\r\n" in raw
    card = _card(corpus_scan, rel)
    assert keys <= set(card.document)
    license_line = next(n for n, line in enumerate(file_lines(raw), 1) if line.startswith("license:"))
    assert card.fields["license"].location.line == license_line
    assert _problems(corpus_scan, rel) == []


def test_cr_cr_lf_counts_two_line_breaks(corpus_scan: CorpusScan) -> None:
    rel = MODEL + "community_cs577/malformed_fence/allenai__PRIMERA-wcep/README.md"
    raw = (CORPUS_ROOT / rel).read_bytes()
    assert b"\r\r\n" in raw
    card = _card(corpus_scan, rel)
    assert card.document == {"language": "en", "license": "apache-2.0"}
    # '---\r\r\n\r\r\nlanguage: en\r\r\n\r\r\nlicense: ...': a CR alone and a CRLF are two breaks, as editors show it.
    assert card.fields["license"].location.line == 5
    assert file_lines(raw)[4].startswith("license:")
    assert _problems(corpus_scan, rel) == []


def test_utf8_bom_is_not_part_of_the_text() -> None:
    rel = DATASET + "community_2023/bom/elmurod1202_SimRelUz_semantic_evaluation_dataset/README.md"
    raw = (corpus_dir("hf_dataset_cards").parent / rel).read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = decode(raw).text
    assert text is not None and text.startswith("<div")
    first = parse_sections(text, 1)[0]
    assert (first.title, first.line) == ("About The Project", 19)
    assert file_lines(raw)[18].startswith("## About The Project")


def test_utf8_bom_before_front_matter(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_bytes(codecs.BOM_UTF8 + b"---\nlibrary_name: demo\nlicense: mit\n---\n# Demo\n")
    inventory = build_inventory([tmp_path])
    assert not inventory.problems
    (card,) = inventory.artifacts
    assert card.kind is Kind.MODEL_CARD
    assert card.fields["license"].location.line == 3


@pytest.mark.parametrize(
    ("rel", "metric"),
    [
        (MODEL + "community_cs577/malformed_yaml/Ammar-alhaj-ali_LayoutLMv3-Fine-Tuning-FUNSD/README.md", 0.918177),
        (MODEL + "community_cs577/malformed_yaml/NbAiLab_whisper-large-v2-nob/README.md", 10.718635559082031),
        (MODEL + "community_cs577/malformed_yaml/bullmount__it_nerIta_trf/README.md", 0.9196),
    ],
)
def test_tabs_in_yaml_are_read(rel: str, metric: float, corpus_scan: CorpusScan) -> None:
    assert b"\t" in (CORPUS_ROOT / rel).read_bytes().split(b"\n---", 1)[0]
    card = _card(corpus_scan, rel)
    assert _problems(corpus_scan, rel) == []
    metrics = card.fields["evaluation_metrics"]
    assert metrics.state is FieldState.PRESENT
    assert metric in [m["value"] for m in metrics.value]


def test_four_dash_opening_fence(corpus_scan: CorpusScan) -> None:
    rel = MODEL + "community_cs577/malformed_fence/MaiaMaiaMaia__DialoGPT-medium-PeterParkerBot/README.md"
    assert (CORPUS_ROOT / rel).read_bytes().startswith(b"----\n")
    card = _card(corpus_scan, rel)
    assert card.document == {"tags": ["conversational"]}
    assert card.positions["/tags"] == (2, 1)
    assert _problems(corpus_scan, rel) == []


def test_indented_closing_fence(corpus_scan: CorpusScan) -> None:
    rel = MODEL + "community_cs577/malformed_fence/Kashni_damontvd/README.md"
    assert b"\n ---" in (CORPUS_ROOT / rel).read_bytes()
    card = _card(corpus_scan, rel)
    assert card.document == {"tags": ["conversation"]}
    assert _problems(corpus_scan, rel) == []


@pytest.mark.parametrize(
    ("rel", "line"),
    [
        (MODEL + "community_2022_scrape/front_matter_not_mapping/Abirate__gpt_3_finetuned_multi_x_science/README.md",
         2),
        # '---', a blank line, then '- conversation': the finding is where the YAML starts.
        (MODEL + "community_2022_scrape/front_matter_not_mapping/aman21__DialoGPT-medium-Morty/README.md", 3),
        (
            MODEL + "community_2022_scrape/front_matter_not_mapping/"
            "lewtun__xlm-roberta-base-finetuned-marc-500-samples/README.md",
            2,
        ),
        (MODEL + "_fixtures_huggingface_hub/sample_invalid_card_data.md", 2),
    ],
)
def test_front_matter_that_is_not_a_mapping_is_a_finding_where_it_starts(
    rel: str, line: int, corpus_scan: CorpusScan
) -> None:
    card = _card(corpus_scan, rel)
    assert card.kind is Kind.MODEL_CARD
    assert card.document == {}
    assert _problems(corpus_scan, rel) == [("front-matter-not-mapping", line)]


@pytest.mark.parametrize(
    ("rel", "line", "state", "finding"),
    [
        # The mapping gives no results; the Trainer's list 'It achieves the following results on the evaluation
        # set: ... - eval_wer: 0.0705' does, on the dataset its opening sentence names: no MC105 finding.
        (MODEL + "community_cs577/malformed_model_index/Dumiiii__wav2vec2-xls-r-300m-romanian/README.md", 17,
         FieldState.PRESENT, []),
        # The body's 'Training results' table gives validation accuracy, and the Trainer's opening sentence names
        # the evaluation data ('on the ComVE dataset ... results on the test set'), which the model-index does not.
        (
            MODEL + "community_cs577/malformed_model_index/"
            "JazibEijaz__bert-base-uncased-finetuned-semeval2020-task4a/README.md",
            32, FieldState.PRESENT, [],
        ),
    ],
)
def test_model_index_as_a_mapping(rel: str, line: int, state: FieldState, finding: list[int],
                                  corpus_scan: CorpusScan, corpus_report: Report) -> None:
    card = _card(corpus_scan, rel)
    assert isinstance(card.document["model-index"], dict)
    assert _problems(corpus_scan, rel) == []
    metrics = card.fields["evaluation_metrics"]
    assert (metrics.location.line, metrics.state) == (line, state)
    mc105 = [f.location.line for f in corpus_report.findings if f.rule_id == "MC105" and f.location.path == card.path]
    assert mc105 == finding


def test_license_as_a_list(corpus_scan: CorpusScan) -> None:
    rel = MODEL + "community_cs577/license_as_list/keras-io__ocr-for-captcha/README.md"
    card = _card(corpus_scan, rel)
    assert card.fields["license"].value["id"] == ["cc0-1.0"]
    assert card.fields["license"].location.line == 7
    assert card.fields["license"].present


def test_empty_front_matter(corpus_scan: CorpusScan) -> None:
    rel = DATASET + "community_2023/empty_front_matter/noahgift_test/README.md"
    assert (CORPUS_ROOT / rel).read_bytes().startswith(b"---\n---\n")
    card = _card(corpus_scan, rel)
    assert card.kind is Kind.DATASET_RECORD  # by its title, 'Dataset Card for [test]'
    assert card.document == {}
    assert _problems(corpus_scan, rel) == []


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        (DATASET + "community_2023/unterminated_front_matter/DTU54DL_commo-test1k-whisper-proc/README.md",
         Kind.DATASET_RECORD),
        (DATASET + "community_2023/unterminated_front_matter/trustwallet_support/README.md", Kind.MODEL_CARD),
    ],
)
def test_unterminated_front_matter_is_a_finding_at_line_1(rel: str, kind: Kind, corpus_scan: CorpusScan) -> None:
    card = _card(corpus_scan, rel)
    assert card.kind is kind
    assert _problems(corpus_scan, rel) == [("front-matter-unterminated", 1)]


def test_zero_byte_readme_is_no_card(corpus_scan: CorpusScan, tmp_path: Path) -> None:
    rel = MODEL + "community_cs577/empty_file/Mar-C__BERT-NER/README.md"
    corpus_dir("hf_model_cards")
    assert (CORPUS_ROOT / rel).stat().st_size == 0
    assert tree_path(rel) not in corpus_scan.artifacts
    assert _problems(corpus_scan, rel) == []
    # A 0-byte file named as a card is a card that states nothing, and findings point at it.
    shutil.copyfile(CORPUS_ROOT / rel, tmp_path / "MODEL_CARD.md")
    inventory = build_inventory([tmp_path])
    report = run(inventory, load_rules())
    assert [a.kind for a in inventory.artifacts] == [Kind.MODEL_CARD]
    assert {(f.location.path, f.location.line) for f in report.findings} == {("MODEL_CARD.md", 1)}
    assert {"MC101", "MC102", "MC103"} <= {f.rule_id for f in report.findings}


def test_the_600_kb_card(corpus_scan: CorpusScan, tmp_path: Path) -> None:
    rel = MODEL + "community_cs577/huge/osanseviero__test123/README.md"
    corpus_dir("hf_model_cards")
    assert (CORPUS_ROOT / rel).stat().st_size > 500_000
    card = _card(corpus_scan, rel)
    assert card.kind is Kind.MODEL_CARD
    assert _problems(corpus_scan, rel) == []
    shutil.copyfile(CORPUS_ROOT / rel, tmp_path / "README.md")
    started = time.perf_counter()
    build_inventory([tmp_path])
    assert time.perf_counter() - started < 5  # sanity only


def test_a_project_readme_beside_weights_is_a_model_card(tmp_path: Path) -> None:
    rel = MODEL + "top_orgs/jbetker__tortoise-tts-v2/README.md"
    shutil.copyfile(corpus_dir("hf_model_cards").parent / rel, tmp_path / "README.md")
    (tmp_path / "autoregressive.pth").write_bytes(b"\0")
    inventory = build_inventory([tmp_path])
    kinds = {a.path: a.kind for a in inventory.artifacts}
    assert kinds == {"README.md": Kind.MODEL_CARD, "autoregressive.pth": Kind.WEIGHTS}
    card = next(a for a in inventory.artifacts if a.path == "README.md")
    assert card.fields["name"].value == "TorToiSe"


@pytest.mark.parametrize(
    "rel",
    [
        MODEL + "community_cs577/no_front_matter/SEBIS__legal_t5_small_trans_fr_de/README.md",
        MODEL + "community_cs577/no_front_matter/danielcfho__MLAgents-Pyramids/README.md",
    ],
)
def test_front_matter_after_blank_lines_is_read_as_the_hub_reads_it(rel: str, corpus_scan: CorpusScan) -> None:
    raw = (CORPUS_ROOT / rel).read_bytes()
    assert not raw.startswith(b"---")
    card = _card(corpus_scan, rel)
    assert card.format == "hf-model-card"
    assert _problems(corpus_scan, rel) == []
    assert card.document
