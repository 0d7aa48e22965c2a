"""SARIF 2.1.0 for GitHub code scanning, with ISO/IEC 42001 as a taxonomy the rules relate to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from aims_lint.catalog import catalog, mirrored_controls
from aims_lint.crosswalk import related
from aims_lint.model import Finding, Location, Report, Rule, Severity, Suppression
from aims_lint.report import FormatContext
from aims_lint.report.jsonstream import Streamed, dump_chunks
from aims_lint.report.limits import GITHUB_TAGS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/aims-lint/aims-lint"
TAXONOMY = "ISO/IEC 42001"
TAXONOMY_DESCRIPTION = "ISO/IEC 42001:2023 AI management system: clauses, Annex A controls, Annex B guidance"
# GitHub shows at most 10 tags per rule; the full mapping is kept in properties.iso42001.
MAX_TAGS = GITHUB_TAGS
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _catalog_order(ids: set[str]) -> list[str]:
    known = catalog()
    order = [*known.clauses, *known.controls, *known.guidance]
    return [i for i in order if i in ids]


def _uri(path: str) -> str:
    """A relative path as a URI reference: spaces, '#', '%' and non-ASCII letters percent-encoded (RFC 3986)."""
    return quote(path, safe="/")


def _help_markdown(rule: Rule) -> str:
    known = catalog()
    refs = "\n".join(f"- {i} {known.title(i)}" for i in rule.iso.all_ids())
    return (
        f"**{rule.title}**\n\n{rule.help}\n\n**How to fix:** {rule.remediation}\n\n"
        f"**ISO/IEC 42001:**\n{refs}\n\n**Example:**\n\n```\n{rule.example}```\n"
    )


def _rule_descriptor(rule: Rule, taxa_index: dict[str, int]) -> dict[str, Any]:
    tags = ["iso42001", *rule.applies_to, *rule.iso.controls, *rule.iso.clauses][:MAX_TAGS]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.help[:1024]},
        "help": {
            "text": f"{rule.help}\n\nHow to fix: {rule.remediation}\n\nExample:\n{rule.example}",
            "markdown": _help_markdown(rule),
        },
        **({"helpUri": rule.help_uri} if rule.help_uri else {}),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "relationships": [
            {
                "target": {"id": iso_id, "index": taxa_index[iso_id], "toolComponent": {"name": TAXONOMY, "index": 0}},
                "kinds": ["relevant"],
            }
            for iso_id in rule.iso.all_ids()
        ],
        "properties": {
            "tags": tags,
            "precision": "high",
            "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[
                rule.severity.label
            ],
            "iso42001": {
                "clauses": list(rule.iso.clauses),
                "controls": list(rule.iso.controls),
                "guidance": list(rule.iso.guidance),
            },
            # Informative: the other frameworks' ids the rule's ISO/IEC 42001 references relate to.
            "crosswalk": related(rule.iso.clauses + rule.iso.controls + mirrored_controls(rule.iso.guidance)),
        },
    }


def _location(loc: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(loc.path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)},
        }
    }


def _result(finding: Finding, rule_index: Mapping[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index[finding.rule_id],
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location)],
        "partialFingerprints": {
            "aimsLintFingerprint/v1": finding.fingerprint,
            "primaryLocationLineHash": finding.fingerprint,
        },
    }
    if finding.suppression is not None:
        result["suppressions"] = [_suppression(finding.suppression)]
    if finding.baseline is not None:
        result["baselineState"] = finding.baseline.value
    return result


def _suppression(suppression: Suppression) -> dict[str, Any]:
    """A SARIF suppression: an accepted exception, its kind (inSource, external), reason and where it is written."""
    shown: dict[str, Any] = {"kind": suppression.kind.value, "status": "accepted",
                             "justification": suppression.reason}
    if suppression.location is not None:
        shown["location"] = _location(suppression.location)
    properties = {"approvedBy": suppression.approved_by} if suppression.approved_by else {}
    if suppression.expires is not None:
        properties["expires"] = suppression.expires.isoformat()
    if properties:
        shown["properties"] = properties
    return shown


def _taxonomy(cited: Sequence[str]) -> dict[str, Any]:
    known = catalog()
    return {
        "name": TAXONOMY,
        "version": "2023",
        "organization": "ISO/IEC",
        "shortDescription": {"text": TAXONOMY_DESCRIPTION},
        "taxa": [
            {"id": iso_id, "name": known.title(iso_id), "shortDescription": {"text": known.title(iso_id)}}
            for iso_id in cited
        ],
    }


def sarif_log(report: Report, ctx: FormatContext) -> dict[str, Any]:
    """The whole SARIF log as a dict (the results made at once); format_sarif writes the same log as a stream."""
    log = _log(report, ctx)
    run = log["runs"][0]
    run["results"] = list(run["results"].items)
    return log


def _log(report: Report, ctx: FormatContext) -> dict[str, Any]:
    """The SARIF log with its results as a Streamed list, made one at a time while it is written."""
    cited = _catalog_order({i for r in report.rules for i in r.iso.all_ids()})
    taxa_index = {iso_id: n for n, iso_id in enumerate(cited)}
    rule_index = {r.id: n for n, r in enumerate(report.rules)}
    driver = {
        "name": "aims-lint",
        "version": ctx.version,
        "semanticVersion": ctx.version,
        "informationUri": INFORMATION_URI,
        "rules": [_rule_descriptor(r, taxa_index) for r in report.rules],
        "supportedTaxonomies": [{"name": TAXONOMY, "index": 0}],
    }
    run = {
        "tool": {"driver": driver},
        "taxonomies": [_taxonomy(cited)],
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The root of the scanned repository."}}},
        "invocations": [{"executionSuccessful": True}],
        # Suppressed findings and those a baseline holds are results too, marked as such: code scanning would
        # otherwise close their alerts as fixed.
        "results": Streamed(_results(report, ctx, rule_index)),
    }
    if ctx.omitted is not None:
        run["properties"] = {"sarifLimit": ctx.omitted.properties()}  # how many results a limit left out
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _results(report: Report, ctx: FormatContext, rule_index: Mapping[str, int]) -> Iterator[dict[str, Any]]:
    """Every result of the run in order. A run that judged a change marks each result new or unchanged, and adds
    a result marked absent for each fixed finding (SARIF's baselineState)."""
    comparison = ctx.comparison
    if comparison is None:
        for finding in report.all_findings():
            yield _result(finding, rule_index)
        return
    reported = {id(f) for f in report.findings}  # a suppressed finding's result is marked by its suppression
    for finding in report.all_findings():
        result = _result(finding, rule_index)
        if id(finding) in reported:
            result["baselineState"] = comparison.state_of(finding)
        yield result
    for finding in comparison.fixed:
        if finding.rule_id in rule_index:
            yield {**_result(finding, rule_index), "baselineState": "absent"}


def sarif_chunks(report: Report, ctx: FormatContext) -> Iterator[str]:
    """The SARIF log's text in pieces, each result made and written in turn: compact (no indentation, the smallest
    upload), or indented for a person with ctx.pretty."""
    yield from dump_chunks(_log(report, ctx), 2 if ctx.pretty else None)
    yield "\n"


def format_sarif(report: Report, ctx: FormatContext) -> str:
    return "".join(sarif_chunks(report, ctx))
