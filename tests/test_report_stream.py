"""The reports written as a stream (each finding made and written in turn) are the same bytes as the whole
documents json.dumps would write, on reports of every shape: empty, suppressed, with a baseline, judging a change."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult
from hypothesis import given, settings
from hypothesis import strategies as st

from aims_lint.compare import Comparison
from aims_lint.model import BaselineState, Location, Report, Suppression, SuppressionKind
from aims_lint.pipeline import LintRequest, lint
from aims_lint.report import FORMAT_NAMES, FormatContext, formatters, writers
from aims_lint.report.json_report import report_dict
from aims_lint.report.jsonstream import Streamed, dump_chunks, indented
from aims_lint.report.sarif import format_sarif, sarif_chunks, sarif_log

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = datetime.date(2026, 1, 31)


@pytest.fixture(scope="module")
def examples() -> Report:
    report = lint(LintRequest(paths=(str(EXAMPLES),), today=TODAY)).report
    assert len(report.findings) > 20
    return report


def _shapes(report: Report) -> dict[str, tuple[Report, FormatContext]]:
    """Reports of every shape the writers meet, made from a real run's findings."""
    ctx = FormatContext(version="1.2.3")
    found = report.findings
    waived = Suppression(SuppressionKind.EXTERNAL, "accepted by the board", Location("aims-lint.yaml", 4),
                         approved_by="risk officer", expires=datetime.date(2027, 1, 1))
    inline = Suppression(SuppressionKind.IN_SOURCE, "a known gap é ☃", Location(found[0].location.path, 2))
    suppressed = tuple(replace(f, suppression=waived if n % 2 else inline) for n, f in enumerate(found[:6]))
    baseline = replace(report, findings=tuple(replace(f, baseline=BaselineState.NEW) for f in found[10:]),
                       unchanged=tuple(replace(f, baseline=BaselineState.UNCHANGED) for f in found[6:10]),
                       suppressed=suppressed, baseline_fixed=3)
    states = {f.fingerprint: "unchanged" if n % 3 else "new" for n, f in enumerate(found)}
    changed = Comparison("main (merge base 1a2b3c4d)", states, fixed=found[:2])
    return {
        "examples": (report, ctx),
        "empty": (Report(report.root, (), report.rules, (), 0), ctx),
        "no rules": (Report(report.root, (), (), (), 0), ctx),
        "suppressed": (replace(report, findings=found[6:], suppressed=suppressed), ctx),
        "baseline": (baseline, ctx),
        "change": (report, replace(ctx, comparison=changed)),
        "change, none new": (replace(report, findings=()), replace(ctx, comparison=Comparison("main", {}, ()))),
    }


SHAPES = ("examples", "empty", "no rules", "suppressed", "baseline", "change", "change, none new")


@pytest.mark.parametrize("shape", SHAPES)
def test_the_streamed_sarif_is_json_dumps_of_the_whole_log(examples: Report, shape: str) -> None:
    report, ctx = _shapes(examples)[shape]
    log = sarif_log(report, ctx)
    assert format_sarif(report, replace(ctx, pretty=True)) == json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    compact = format_sarif(report, ctx)
    assert compact == json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert "\n" not in compact[:-1]
    assert len(log["runs"][0]["results"]) == len(report.all_findings()) + (
        len(ctx.comparison.fixed) if ctx.comparison else 0)


def _whole_json(doc: dict[str, Any]) -> str:
    """The JSON report as it was written from the whole document: a key per line, a list's item per line."""
    lines = []
    for position, (key, value) in enumerate(doc.items()):
        comma = "," if position < len(doc) - 1 else ""
        dumped = [json.dumps(v, ensure_ascii=False, separators=(", ", ": ")) for v in value] \
            if isinstance(value, list) else []
        shown = "[\n    " + ",\n    ".join(dumped) + "\n  ]" if dumped else \
            json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        lines.append(f"  {json.dumps(key)}: {shown}{comma}")
    return "{\n" + "\n".join(lines) + "\n}\n"


@pytest.mark.parametrize("shape", SHAPES)
def test_the_streamed_json_report_is_its_whole_document_a_line_per_item(examples: Report, shape: str) -> None:
    report, ctx = _shapes(examples)[shape]
    doc = report_dict(report, ctx)
    text = formatters()["json"](report, ctx)
    assert text == _whole_json(doc)
    assert json.loads(text) == json.loads(json.dumps(doc))
    assert len(doc["findings"]) == len(report.findings)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_format_written_in_pieces_is_its_formatter_s_text(examples: Report, shape: str) -> None:
    report, ctx = _shapes(examples)[shape]
    for fmt in FORMAT_NAMES:
        pieces = list(writers()[fmt](report, ctx))
        assert "".join(pieces) == formatters()[fmt](report, ctx), fmt
    # The large formats are made a finding at a time, not as one text.
    for fmt in ("text", "json", "sarif"):
        assert len(list(writers()[fmt](report, ctx))) >= len(report.findings), fmt


def test_a_result_is_made_only_when_the_writer_reaches_it(examples: Report) -> None:
    made = []
    findings = examples.findings

    class Counted(tuple):
        def __iter__(self):  # type: ignore[no-untyped-def]
            for f in findings:
                made.append(f)
                yield f

    report = replace(examples, findings=Counted(findings))
    chunks = sarif_chunks(report, FormatContext(version="1"))
    head = "".join(next(chunks) for _ in range(3))
    assert head.startswith("{") and len(made) < len(findings)
    "".join(chunks)
    assert len(made) == len(findings)


def test_the_cli_writes_the_streamed_reports_to_files_and_standard_output(
    run_cli: Any, tmp_path: Path
) -> None:
    sarif, data = tmp_path / "out" / "r.sarif", tmp_path / "r.json"
    result: CliResult = run_cli("check", str(EXAMPLES), "--today", "2026-01-31", "--format", f"sarif:{sarif}",
                                "--format", f"json:{data}", "--format", "text", cwd=EXAMPLES.parent)
    assert result.exit_code == 1
    examples = lint(LintRequest(paths=(str(EXAMPLES),), today=TODAY)).report
    ctx = FormatContext(version=__import__("aims_lint").__version__)
    assert sarif.read_text(encoding="utf-8") == json.dumps(sarif_log(examples, ctx), ensure_ascii=False,
                                                           separators=(",", ":")) + "\n"
    assert data.read_text(encoding="utf-8") == _whole_json(report_dict(examples, ctx))
    assert result.stdout == formatters()["text"](examples, ctx)
    assert not list(tmp_path.glob("out/.*.tmp"))


_SCALARS = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text()
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=6), inner, max_size=4), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([None, 0, 1, 2, 4]))
def test_the_json_pieces_are_json_dumps_of_any_value(value: Any, indent: int | None) -> None:
    expected = json.dumps(value, indent=indent, ensure_ascii=False,
                          separators=(",", ":") if indent is None else None)
    assert "".join(dump_chunks(value, indent)) == expected
    if indent is not None:
        assert indented(value, " " * indent) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(_VALUES, max_size=5), _VALUES, st.sampled_from([None, 2]))
def test_a_streamed_list_anywhere_is_written_as_the_list_of_its_items(items: list[Any], other: Any,
                                                                    indent: int | None) -> None:
    def doc(results: Any) -> Any:
        return {"a": other, "runs": [{"tool": other, "results": results}], "z": [other]}

    separators = (",", ":") if indent is None else None
    expected = json.dumps(doc(items), indent=indent, ensure_ascii=False, separators=separators)
    assert "".join(dump_chunks(doc(Streamed(iter(items))), indent)) == expected
