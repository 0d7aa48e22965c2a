"""Suppressions with a reason: inline comments in YAML and Markdown (a line, or the whole file from the top), waivers
of the configuration, and the findings about suppressions themselves (AL009 without a reason, AL010 unused, AL011
expired), through the library and the command line on real git repositories; the JSON and SARIF reports of them."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, commit_all, git, make_git_repo, write_tree
from test_sarif import multitool_accepts, sarif_schema

from aims_lint.model import Finding, Location, Report, SuppressionKind, Waiver
from aims_lint.parse.suppressions import scan_suppressions
from aims_lint.pipeline import LintRequest, lint
from aims_lint.schemas import load_schema

RunCli = Callable[..., CliResult]
TODAY = datetime.date(2026, 6, 30)
# A native model card whose findings are known: training data and evaluation missing (MC104, MC105 at line 1) and
# a licence that is no identifier (GN101 on its line, 5).
CARD = """name: fraud-detector
version: 1.0.0
owner: Payments ML team
contact: payments-ml@example.com
license: made-up-licence
intended_use: Ranks card transactions by fraud likelihood for analyst review.
users: Fraud analysts in the payments risk team.
out_of_scope_use: Credit decisions; automated card blocking.
limitations: Recall is lower on small merchants.
human_oversight: Analysts review every alert before any action.
"""
CARD_PATH = "models/fraud/model_card.yaml"
# A Markdown card whose 'Uses' section (line 3) holds only a placeholder: MC101 there.
README = "# Model card for fraud\n\n## Uses\n\n[More Information Needed]\n"
README_PATH = "models/fraud/README.md"
SELECT = frozenset({"MC101", "MC104", "GN101", "AL"})


def _with_line(text: str, line: int, tail: str) -> str:
    lines = text.split("\n")
    lines[line - 1] += tail
    return "\n".join(lines)


def _run(root: Path, *, waivers: tuple[Waiver, ...] = (), inline: bool = True, paths: tuple[str, ...] = (".",),
         select: frozenset[str] = SELECT, today: datetime.date = TODAY) -> Report:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return lint(LintRequest(paths=paths, select=select, today=today, waivers=waivers,
                                inline_suppressions=inline)).report
    finally:
        os.chdir(cwd)


def _where(findings: tuple[Finding, ...]) -> list[tuple[str, str, int]]:
    return sorted((f.rule_id, f.location.path, f.location.line) for f in findings)


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_git_repo(tmp_path / "repo", files)


# --- inline comments --------------------------------------------------------------------------------------------


def test_a_yaml_comment_on_the_finding_s_line_suppresses_it_with_its_reason(tmp_path: Path) -> None:
    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: the licence is our own, approved in LEGAL-112")
    report = _run(_repo(tmp_path, {CARD_PATH: card}))
    assert ("GN101", CARD_PATH, 5) not in _where(report.findings)
    assert _where(report.suppressed) == [("GN101", CARD_PATH, 5)]
    suppression = report.suppressed[0].suppression
    assert suppression is not None and suppression.kind is SuppressionKind.IN_SOURCE
    assert suppression.reason == "the licence is our own, approved in LEGAL-112"
    assert suppression.location == Location(CARD_PATH, 5, 27)
    assert report.summary().suppressed == 1
    assert not [f for f in report.findings if f.rule_id.startswith("AL")]


def test_the_unsuppressed_run_has_the_finding(tmp_path: Path) -> None:
    """The other tests' suppressions each hide something that is really there."""
    report = _run(_repo(tmp_path, {CARD_PATH: CARD, README_PATH: README}))
    assert {("GN101", CARD_PATH, 5), ("MC104", CARD_PATH, 1), ("MC101", README_PATH, 3)} <= set(_where(report.findings))


def test_a_comment_standing_alone_at_the_top_covers_the_whole_file(tmp_path: Path) -> None:
    card = "# Generated from the registry.\n# aims-lint: ignore[MC104, GN101] reason: legacy model, retired in Q3\n" \
           "---\n" + CARD
    report = _run(_repo(tmp_path, {CARD_PATH: card}))
    assert _where(report.suppressed) == [("GN101", CARD_PATH, 8), ("MC104", CARD_PATH, 1)]
    assert [f for f in report.findings if f.location.path == CARD_PATH] == []


def test_a_comment_alone_below_the_top_covers_only_its_own_line_and_is_unused(tmp_path: Path) -> None:
    card = CARD.replace("license:", "# aims-lint: ignore[GN101] reason: approved\nlicense:")
    report = _run(_repo(tmp_path, {CARD_PATH: card}))
    assert ("GN101", CARD_PATH, 6) in _where(report.findings)
    assert report.suppressed == ()
    unused = [f for f in report.findings if f.rule_id == "AL010"]
    assert [(f.location.line, f.location.column) for f in unused] == [(5, 1)]
    assert "GN101" in unused[0].message


def test_markdown_html_comments_on_a_line_and_at_the_top(tmp_path: Path) -> None:
    on_heading = README.replace("## Uses", "## Uses <!-- aims-lint: ignore[MC101] reason: uses are on the wiki -->")
    at_top = "<!-- aims-lint: ignore[model-intended-use] reason: the card is generated\n     by the registry -->\n" \
             + README
    repo = _repo(tmp_path, {README_PATH: on_heading, "models/other/README.md": at_top})
    report = _run(repo)
    assert _where(report.suppressed) == [("MC101", README_PATH, 3), ("MC101", "models/other/README.md", 5)]
    reasons = {f.location.path: f.suppression.reason for f in report.suppressed if f.suppression}
    assert reasons["models/other/README.md"] == "the card is generated by the registry"
    assert not [f for f in report.findings if f.rule_id.startswith(("MC101", "AL"))]


def test_a_yaml_comment_in_a_card_s_front_matter_covers_the_whole_card(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n# aims-lint: ignore[MC101] reason: uses are on the wiki\n---\n" + README
    report = _run(_repo(tmp_path, {README_PATH: card}))
    assert _where(report.suppressed) == [("MC101", README_PATH, 7)]


def test_comments_in_code_blocks_and_quoted_strings_are_text(tmp_path: Path) -> None:
    readme = README + "\n## How to suppress\n\n```\n<!-- aims-lint: ignore[MC101] -->\n```\n"
    card = CARD.replace("users: Fraud analysts in the payments risk team.",
                        'users: "Fraud analysts  # aims-lint: ignore[GN101] reason: x"')
    report = _run(_repo(tmp_path, {README_PATH: readme, CARD_PATH: card}))
    assert report.suppressed == ()
    assert not [f for f in report.findings if f.rule_id.startswith("AL")]
    assert ("MC101", README_PATH, 3) in _where(report.findings)


@pytest.mark.parametrize("comment", [
    "# aims-lint: ignore[GN101]",
    "# aims-lint: ignore[GN101] reason:   ",
    "# aims-lint: ignore[GN101] because it is fine",
    "# aims-lint: ignore GN101 reason: fine",
    "# aims-lint: ignore[] reason: fine",
    "# aims-lint: ignore[GN 101] reason: fine",
    "# aims-lint: disable[GN101] reason: fine",
])
def test_a_suppression_without_a_reason_or_form_suppresses_nothing_and_is_reported(
    comment: str, tmp_path: Path
) -> None:
    report = _run(_repo(tmp_path, {CARD_PATH: _with_line(CARD, 5, "  " + comment)}))
    assert ("GN101", CARD_PATH, 5) in _where(report.findings)
    assert report.suppressed == ()
    defects = [f for f in report.findings if f.rule_id.startswith("AL")]
    assert [(f.rule_id, f.location.line, f.location.column) for f in defects] == [("AL009", 5, 27)]
    assert "aims-lint: ignore[RULE, ...] reason: why" in defects[0].message


def test_unused_codes_are_reported_and_unknown_rules_too(tmp_path: Path) -> None:
    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101, MC104, XX999] reason: approved")
    report = _run(_repo(tmp_path, {CARD_PATH: card}))
    assert _where(report.suppressed) == [("GN101", CARD_PATH, 5)]
    unused = [f for f in report.findings if f.rule_id == "AL010"]
    assert len(unused) == 1 and unused[0].location.line == 5
    assert "MC104" in unused[0].message and "'XX999' names no rule" in unused[0].message
    assert "GN101" not in unused[0].message


def test_a_suppression_of_a_rule_that_did_not_run_is_not_unused(tmp_path: Path) -> None:
    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: approved")
    report = _run(_repo(tmp_path, {CARD_PATH: card}), select=frozenset({"MC104", "AL"}))
    assert not [f for f in report.findings if f.rule_id.startswith("AL")]


def test_rules_are_named_by_id_in_any_case_or_by_name(tmp_path: Path) -> None:
    card = _with_line(CARD, 5, "  # aims-lint: ignore[gn101] reason: approved")
    card = "# aims-lint: ignore[model-training-data] reason: trained upstream\n" + card
    report = _run(_repo(tmp_path, {CARD_PATH: card}))
    assert _where(report.suppressed) == [("GN101", CARD_PATH, 6), ("MC104", CARD_PATH, 1)]


def test_no_inline_suppressions_ignores_every_comment(tmp_path: Path) -> None:
    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: approved")
    card = _with_line(card, 2, "  # aims-lint: ignore[MC108]")
    report = _run(_repo(tmp_path, {CARD_PATH: card}), inline=False)
    assert report.suppressed == ()
    assert ("GN101", CARD_PATH, 5) in _where(report.findings)
    assert not [f for f in report.findings if f.rule_id.startswith("AL")]


def test_in_focus_mode_comments_of_files_read_for_context_are_not_judged(tmp_path: Path) -> None:
    """As pre-commit runs it: the named file's suppressions apply; another file's unused one is not reported."""
    other = _with_line(CARD, 5, "  # aims-lint: ignore[MC999] reason: stale")
    named = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: approved")
    repo = _repo(tmp_path, {CARD_PATH: named, "models/other/model_card.yaml": other})
    report = _run(repo, paths=(CARD_PATH,))
    assert _where(report.suppressed) == [("GN101", CARD_PATH, 5)]
    assert not [f for f in report.findings if f.rule_id.startswith("AL")]
    full = _run(repo)
    assert [f.location.path for f in full.findings if f.rule_id == "AL010"] == ["models/other/model_card.yaml"]


def test_suppressions_reach_the_report_from_worker_processes(tmp_path: Path) -> None:
    from aims_lint.parallel import MIN_ITEMS_PER_JOB

    count = 2 * MIN_ITEMS_PER_JOB  # enough files for two workers to read them
    files = {f"models/m{n:03d}/model_card.yaml": _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: ours")
             for n in range(count)}
    repo = _repo(tmp_path, files)
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        single = lint(LintRequest(select=SELECT, today=TODAY)).report
        several = lint(LintRequest(select=SELECT, today=TODAY, jobs=2)).report
    finally:
        os.chdir(cwd)
    assert len(single.suppressed) == count
    assert several.suppressed == single.suppressed and several.findings == single.findings


# --- waivers ----------------------------------------------------------------------------------------------------


def _waiver(rule: str, path: str, *, reason: str = "accepted by the model board, MB-7", line: int = 3,
            expires: datetime.date | None = None, approved_by: str = "") -> Waiver:
    return Waiver(rule=rule, path=path, reason=reason, expires=expires, approved_by=approved_by,
                  source=Location(".aims-lint.yaml", line))


def test_a_waiver_suppresses_its_rule_on_the_paths_its_glob_matches(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {CARD_PATH: CARD, "models/other/model_card.yaml": CARD,
                            "models/mct/model_card.json": '{"model_details": {"name": "x"}}'})
    waiver = _waiver("MC104", "models/fraud/**", approved_by="model board", expires=datetime.date(2027, 1, 1))
    report = _run(repo, waivers=(waiver, _waiver("MC1", "*.json", line=8)))
    assert _where(report.suppressed) == [("MC101", "models/mct/model_card.json", 1),
                                         ("MC104", "models/fraud/model_card.yaml", 1),
                                         ("MC104", "models/mct/model_card.json", 1)]
    assert ("MC104", "models/other/model_card.yaml", 1) in _where(report.findings)
    suppression = report.suppressed[0].suppression
    assert suppression is not None and suppression.kind is SuppressionKind.EXTERNAL
    assert (suppression.reason, suppression.approved_by, suppression.expires, suppression.location) == (
        "accepted by the model board, MB-7", "model board", datetime.date(2027, 1, 1), Location(".aims-lint.yaml", 3))


def test_a_waiver_names_its_rule_by_id_prefix_or_name(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {CARD_PATH: CARD})
    for rule in ("GN101", "GN", "license-identifier"):
        report = _run(repo, waivers=(_waiver(rule, "models/"),))
        assert _where(report.suppressed) == [("GN101", CARD_PATH, 5)], rule


def test_an_expired_waiver_suppresses_nothing_and_is_reported(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {CARD_PATH: CARD})
    waiver = _waiver("GN101", "models/**", expires=TODAY, line=4)
    report = _run(repo, waivers=(waiver,))
    assert report.suppressed == ()
    assert ("GN101", CARD_PATH, 5) in _where(report.findings)
    assert ("AL011", ".aims-lint.yaml", 4) in _where(report.findings)
    the_day_before = _run(repo, waivers=(waiver,), today=TODAY - datetime.timedelta(days=1))
    assert _where(the_day_before.suppressed) == [("GN101", CARD_PATH, 5)]
    assert not [f for f in the_day_before.findings if f.rule_id.startswith("AL")]


def test_a_waiver_without_a_reason_suppresses_nothing_and_is_reported(tmp_path: Path) -> None:
    report = _run(_repo(tmp_path, {CARD_PATH: CARD}), waivers=(_waiver("GN101", "models/**", reason=" ", line=6),))
    assert report.suppressed == ()
    assert ("AL009", ".aims-lint.yaml", 6) in _where(report.findings)


def test_an_unused_waiver_is_reported_only_by_a_run_of_the_whole_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {CARD_PATH: CARD})
    stale = (_waiver("MC101", "models/retired/**", line=9),)
    assert ("AL010", ".aims-lint.yaml", 9) in _where(_run(repo, waivers=stale).findings)
    for partial in ((CARD_PATH,), ("models",)):
        assert not [f for f in _run(repo, waivers=stale, paths=partial).findings if f.rule_id == "AL010"], partial


def test_waiver_globs_are_relative_to_the_repository_root_wherever_the_run_starts(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {CARD_PATH: CARD})
    report = _run(repo / "models", waivers=(_waiver("GN101", "/models/fraud/model_card.yaml"),))
    assert _where(report.suppressed) == [("GN101", "fraud/model_card.yaml", 5)]


# --- the command line and the reports ---------------------------------------------------------------------------


def test_suppressed_errors_do_not_fail_the_run_and_are_counted(tmp_path: Path, run_cli: RunCli) -> None:
    card = "# aims-lint: ignore[MC104, MC105] reason: legacy model, retired in Q3\n" + CARD
    repo = _repo(tmp_path, {CARD_PATH: card})
    args = ("check", "--select", "MC104,MC105", "--today", TODAY.isoformat())
    result = run_cli(*args, cwd=repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("No findings in 1 artifact; 1 file scanned. 2 suppressed (they do not fail the "
                                  "run).\n")
    assert run_cli(*args, "--no-inline-suppressions", cwd=repo).exit_code == 1


def _cli_json(run_cli: RunCli, repo: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("check", "--select", "MC104,GN101,AL", "--today", TODAY.isoformat(), "-f", "json",
                     "--fail-on", "never", *extra, cwd=repo)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_json_report_lists_suppressed_findings_and_is_valid(tmp_path: Path, run_cli: RunCli) -> None:
    import jsonschema

    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: the licence is our own")
    doc = _cli_json(run_cli, _repo(tmp_path, {CARD_PATH: card}))
    jsonschema.Draft202012Validator(load_schema("report"), format_checker=jsonschema.FormatChecker()).validate(doc)
    assert [(f["rule"], f["line"]) for f in doc["suppressed"]] == [("GN101", 5)]
    assert doc["suppressed"][0]["suppression"] == {"kind": "inSource", "reason": "the licence is our own",
                                                   "path": CARD_PATH, "line": 5}
    assert doc["summary"]["suppressed"] == 1
    assert doc["summary"]["findings"] == len(doc["findings"])
    assert "GN101" not in {f["rule"] for f in doc["findings"]}


def test_the_schema_refuses_a_suppressed_finding_without_its_suppression(tmp_path: Path, run_cli: RunCli) -> None:
    import jsonschema

    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: the licence is our own")
    doc = _cli_json(run_cli, _repo(tmp_path, {CARD_PATH: card}))
    del doc["suppressed"][0]["suppression"]
    assert not jsonschema.Draft202012Validator(load_schema("report")).is_valid(doc)
    doc["suppressed"][0]["suppression"] = {"kind": "later", "reason": "x"}
    assert not jsonschema.Draft202012Validator(load_schema("report")).is_valid(doc)


def _sarif(run_cli: RunCli, repo: Path, out: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("check", "--today", TODAY.isoformat(), "-f", f"sarif:{out}", "--fail-on", "never", *extra,
                     cwd=repo)
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_sarif_carries_suppressed_results_valid_for_the_schema_and_the_multitool(
    tmp_path: Path, run_cli: RunCli
) -> None:
    import jsonschema

    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: the licence is our own")
    repo = _repo(tmp_path, {CARD_PATH: card, "models/b/model_card.yaml": CARD})
    log = _sarif(run_cli, repo, tmp_path / "out.sarif")
    results = log["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in suppressed] == [
        ("GN101", CARD_PATH)]
    assert suppressed[0]["suppressions"] == [{
        "kind": "inSource", "status": "accepted", "justification": "the licence is our own",
        "location": {"physicalLocation": {"artifactLocation": {"uri": CARD_PATH, "uriBaseId": "%SRCROOT%"},
                                          "region": {"startLine": 5, "startColumn": 27}}}}]
    assert ("GN101", "models/b/model_card.yaml") in {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results
        if "suppressions" not in r}
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(log)] == []
    multitool_accepts(tmp_path / "out.sarif", tmp_path)


def test_external_suppressions_in_sarif(tmp_path: Path) -> None:
    """A waiver's suppression is external, with its approver and expiry as properties."""
    from aims_lint.report import FormatContext, formatters

    repo = _repo(tmp_path, {CARD_PATH: CARD})
    waiver = _waiver("GN101", "models/**", approved_by="legal", expires=datetime.date(2027, 1, 1))
    report = _run(repo, waivers=(waiver,))
    log = json.loads(formatters()["sarif"](report, FormatContext(version="0")))
    [result] = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert result["suppressions"][0]["kind"] == "external"
    assert result["suppressions"][0]["properties"] == {"approvedBy": "legal", "expires": "2027-01-01"}
    assert result["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == ".aims-lint.yaml"
    import jsonschema

    validator = jsonschema.Draft4Validator(sarif_schema())
    assert [e.message for e in validator.iter_errors(log)] == []


def test_the_new_rules_are_documented_and_explained(run_cli: RunCli) -> None:
    rules_doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id, name in (("AL009", "suppression-without-reason"), ("AL010", "unused-suppression"),
                          ("AL011", "expired-waiver")):
        assert f"## {rule_id}\n" in rules_doc and name in rules_doc
        result = run_cli("explain", rule_id)
        assert result.exit_code == 0 and name in result.stdout


# --- the comment reader on its own ------------------------------------------------------------------------------


def test_the_reader_reads_only_yaml_and_markdown_comments() -> None:
    comment = "# aims-lint: ignore[MC101] reason: x\n"
    assert scan_suppressions("a/card.yml", comment)[0].whole_file
    assert scan_suppressions("a/card.json", comment) == ()
    assert scan_suppressions("a/README.md", comment) == ()  # a Markdown heading, not a comment


@pytest.mark.parametrize("unit", [
    "<!-- aims-lint: ",  # comments never closed
    "<!-- aims-lint: ignore[X] --> ",  # many comments on one line
    "x # aims-lint: ignore[\n",  # a malformed comment on every line
    "k # aims-lint: # aims-lint: ",  # markers after markers on one line
    'k: "x # aims-lint: ignore[X] reason: y"\n',  # markers in quoted scalars
])
def test_the_reader_is_linear_on_hostile_text(unit: str) -> None:
    """One pass over the text, however many comments and markers it holds, on one line or many."""
    import time

    def cost(n: int) -> float:
        text = unit * n
        start = time.perf_counter()
        scan_suppressions("README.md", text)
        scan_suppressions("card.yaml", text)
        return time.perf_counter() - start

    small, large = min(cost(3_000) for _ in range(3)), min(cost(30_000) for _ in range(3))
    assert large < max(small, 0.002) * 30  # ten times the text; a quadratic pass would take a hundred times


def test_a_file_not_yet_committed_has_its_suppressions_read(tmp_path: Path) -> None:
    """A suppression in a file added after the first commit (not yet committed) is read like any other."""
    repo = _repo(tmp_path, {CARD_PATH: CARD})
    write_tree(repo, {"models/new/model_card.yaml": _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: r")})
    report = _run(repo)
    assert ("GN101", "models/new/model_card.yaml", 5) in _where(report.suppressed)


def test_the_examples_of_the_suppressions_page_are_well_formed() -> None:
    """Every comment the page shows is read as a suppression with a reason of real rules; its baseline example is
    valid for the baseline schema; its waivers have the keys of a Waiver."""
    import re

    import jsonschema
    import yaml

    from aims_lint.packs import load_rules

    page = (Path(__file__).resolve().parent.parent / "docs" / "suppressions.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^ *```(\w+)\n(.*?)^ *```$", page, re.MULTILINE | re.DOTALL)
    known = load_rules()
    comments = [c for lang, text in blocks if lang in ("yaml", "markdown")
                for c in scan_suppressions("x.md" if lang == "markdown" else "x.yaml", text)]
    assert len(comments) >= 4
    for comment in comments:
        assert not comment.defect and comment.reason, comment
        assert all(any(c.upper() == r.id or c == r.name for r in known) for c in comment.codes), comment
    [baseline] = [json.loads(text) for lang, text in blocks if lang == "json"]
    jsonschema.Draft202012Validator(load_schema("baseline")).validate(baseline)
    waivers = [w for lang, text in blocks if lang == "yaml" and "waivers:" in text
               for w in yaml.safe_load(text)["waivers"]]
    fields = {f.replace("_", "-") for f in Waiver.__dataclass_fields__} - {"source"}
    assert waivers and all(set(w) <= fields and {"rule", "path", "reason"} <= set(w) for w in waivers)


def test_a_change_judged_with_a_suppressed_finding_gives_its_sarif(tmp_path: Path, run_cli: RunCli) -> None:
    card = _with_line(CARD, 5, "  # aims-lint: ignore[GN101] reason: the licence is our own")
    repo = _repo(tmp_path, {CARD_PATH: card})
    git(repo, "checkout", "-q", "-b", "change")
    write_tree(repo, {CARD_PATH: card + "x-note: changed\n", "models/b/model_card.yaml": CARD})
    commit_all(repo, "the card changed, and a second card")
    results = _sarif(run_cli, repo, tmp_path / "out.sarif", "--diff-base", "main")["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["GN101"] and "baselineState" not in suppressed[0]
    states = {r["baselineState"] for r in results if "suppressions" not in r}
    assert {"new", "unchanged"} <= states <= {"new", "unchanged", "absent"}  # the second card's are new
