"""JUnit XML for CI dashboards: a test suite per rule, a test case per rule and artifact, a failure per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from aims_lint.model import ArtifactRef, Finding, Report, Rule
from aims_lint.report import FormatContext
from aims_lint.report.escape import locator, visible

REPOSITORY_CASE = "(repository)"
# Repository text is made visible (report.escape), which also escapes every character XML 1.0 cannot carry.


def _applies(rule: Rule, artifact: ArtifactRef) -> bool:
    return artifact.kind in rule.applies_to and (not rule.formats or artifact.format in rule.formats)


def _cases(rule: Rule, artifacts: Iterable[ArtifactRef], findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """(case name, its findings): every artifact the rule applies to, plus any other file a finding is on."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    names = [a.path for a in artifacts if _applies(rule, a)]
    names += sorted(set(by_path) - set(names))
    if not names:
        names = [REPOSITORY_CASE] if "repository" in rule.applies_to else []
    return [(name, by_path.get(name, [])) for name in names]


def junit_tree(report: Report, ctx: FormatContext) -> ET.Element:
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    root = ET.Element("testsuites", name="aims-lint", time="0")
    total = failed = 0
    for rule in report.rules:
        cases = _cases(rule, report.artifacts, by_rule.get(rule.id, []))
        failures = sum(1 for _, found in cases if found)
        suite = ET.SubElement(
            root, "testsuite", name=f"{rule.id} {rule.name}", tests=str(len(cases)), failures=str(failures),
            errors="0", skipped="0", time="0",
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="severity", value=rule.severity.label)
        for iso_id in rule.iso.all_ids():
            ET.SubElement(properties, "property", name="iso42001", value=iso_id)
        ET.SubElement(properties, "property", name="aims-lint.version", value=ctx.version)
        for name, found in cases:
            case = ET.SubElement(suite, "testcase", classname=f"aims-lint.{rule.id}", name=visible(name), time="0")
            if name != REPOSITORY_CASE:
                case.set("file", locator(name))
            if found:
                first = found[0]
                case.set("line", str(first.location.line))
                failure = ET.SubElement(case, "failure", type=rule.severity.label, message=visible(first.message))
                failure.text = "\n".join(visible(
                    f"{f.location.path}:{f.location.line}:{f.location.column}: {f.rule_id} {f.severity.label} "
                    f"{f.message}" + (f" [{', '.join(f.controls)}]" if f.controls else "")
                ) for f in found)
        total += len(cases)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    root.set("skipped", "0")
    return root


def format_junit(report: Report, ctx: FormatContext) -> str:
    tree = junit_tree(report, ctx)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
