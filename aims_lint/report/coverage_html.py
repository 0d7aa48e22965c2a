"""The coverage report as one self-contained HTML page: no script, no font or file from elsewhere, a grid of every
clause and control coloured by status and labelled with its status word and icon, printable, with the details of
each below."""

from __future__ import annotations

import html
from collections.abc import Iterator
from urllib.parse import quote

from aims_lint.coverage import STATUSES, Coverage, Row, pivot
from aims_lint.crosswalk import FRAMEWORKS, crosswalks
from aims_lint.model import Finding
from aims_lint.report.coverage_json import FRAMEWORK_TITLES, ICONS, CoverageContext, findings_line
from aims_lint.report.escape import visible

# The page may load nothing from anywhere: only its own inline style.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
_CLASSES = {status: status.replace(" ", "-") for status in STATUSES}
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #ccc}h3{margin:0 0 .4rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}
td.n{text-align:right}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.4rem;margin:.8rem 0}
.cell{display:block;border:2px solid #555;border-radius:4px;padding:.35rem .5rem;color:#111;text-decoration:none}
.cell .id{font-weight:700}.cell .st{display:block;font-size:.85rem;font-weight:600}
.cell .t{display:block;font-size:.78rem}
.met{background:#d8f0d8;border-color:#2e7d32}.gaps{background:#fbd9d6;border-color:#c62828}
.not-applicable{background:#e4e4e4;border-color:#757575;border-style:dashed}
.manual{background:#dfe8fb;border-color:#1565c0}.no-evidence{background:#fff1c7;border-color:#b26a00;border-style:dotted}
section.req{border:1px solid #ccc;border-left:8px solid #555;border-radius:4px;padding:.6rem .8rem;margin:.8rem 0;
  break-inside:avoid}
section.req.met{border-left-color:#2e7d32}section.req.gaps{border-left-color:#c62828}
section.req.manual{border-left-color:#1565c0}section.req.no-evidence{border-left-color:#b26a00}
section.req.not-applicable{border-left-color:#757575}
section.req{background:#fff}code{font-size:.85rem;word-break:break-all}ul{margin:.2rem 0 .2rem 1.2rem;padding:0}
.disagree{font-weight:700;color:#8e0000}.note{color:#444;font-size:.9rem}
@media print{body{margin:0;font-size:10pt}.cell,section.req{break-inside:avoid}a{color:#000}
  .grid{grid-template-columns:repeat(4,1fr)}}
"""


def _e(text: str) -> str:
    """Repository text or aims-lint's own, escaped for HTML with what a page would act on made visible."""
    return html.escape(visible(text), quote=True)


def _anchor(iso_id: str) -> str:
    return "req-" + iso_id.replace(".", "-")


def _status(status: str) -> str:
    return f'<span class="st">{ICONS[status]} {_e(status)}</span>'


def _grid(cov: Coverage, kind: str) -> list[str]:
    cells = [f'<a class="cell {_CLASSES[r.status]}" href="#{_anchor(r.id)}"><span class="id">{_e(r.id)}</span>'
             f'{_status(r.status)}<span class="t">{_e(r.title)}</span></a>' for r in cov.rows if r.kind == kind]
    return ['<div class="grid">', *cells, "</div>"]


def _counts_table(cov: Coverage) -> list[str]:
    head = "".join(f"<th>{ICONS[s]} {_e(s)}</th>" for s in STATUSES)
    lines = [f"<table><tr><th>Group</th><th>Title</th>{head}</tr>"]
    for label, kind in (("Clauses 4 to 10", "clause"), ("Annex A controls", "control"), ("All", None)):
        counts = cov.totals(kind)
        lines.append(f"<tr><th colspan=2>{label}</th>" + "".join(f'<td class="n">{counts[s]}</td>' for s in STATUSES)
                     + "</tr>")
    for group in cov.groups:
        lines.append(f"<tr><td>{_e(group.id)}</td><td>{_e(group.title)}</td>"
                     + "".join(f'<td class="n">{group.counts[s]}</td>' for s in STATUSES) + "</tr>")
    return [*lines, "</table>"]


def _finding(finding: Finding) -> str:
    loc = finding.location
    href = html.escape(quote(loc.path, safe="/") + f"#L{loc.line}", quote=True)
    return (f'<li>{_e(finding.severity.label)} <a href="{href}"><code>{_e(loc.path)}:{loc.line}</code></a> '
            f"{_e(finding.rule_id)}: {_e(finding.message)}</li>")


def _details(row: Row) -> Iterator[str]:
    if row.rules:
        yield "<li>Rules: " + "; ".join(f"{_e(r.rule.id)} <code>{_e(r.rule.name)}</code> (judged {r.judged}, passed "
                                        f"{r.passed}, failed {r.failed})" for r in row.rules) + "</li>"
    else:
        yield "<li>Rules: none can test it from a repository</li>"
    if row.findings:
        yield "<li>Findings:<ul>" + "".join(map(_finding, row.findings)) + "</ul></li>"
    for file in row.evidence:
        hashes = ", ".join(h for h in (f"git blob {file.blob}" if file.blob else "",
                                       f"sha256 {file.sha256}" if file.sha256 else "") if h) or "not readable"
        yield f"<li>Evidence: <code>{_e(file.path)}</code> <span class=note>({_e(hashes)})</span></li>"
    if row.exclusion is not None:
        yield (f"<li>Not applicable (<code>{_e(row.exclusion.source)}</code>): "
               f"{_e(row.exclusion.justification or 'no justification given')}</li>")
    if row.claim is not None:
        applicable = "not given" if row.claim.applicable is None else str(row.claim.applicable).lower()
        yield (f"<li>Statement of Applicability: status <code>{_e(row.claim.status or 'not given')}</code>, "
               f"applicable <code>{applicable}</code></li>")
    if row.disagreement:
        yield f'<li class="disagree">SoA and lint disagree: {_e(row.disagreement)}</li>'
    if row.risks:
        yield "<li>Treats risks: " + ", ".join(f"<code>{_e(r)}</code>" for r in row.risks) + "</li>"
    for name in FRAMEWORKS:
        if row.crosswalk.get(name):
            yield f"<li>{FRAMEWORK_TITLES[name]} (informative): {_e(', '.join(row.crosswalk[name]))}</li>"
    yield f"<li>{'Attach' if row.status == 'manual' else 'What backs it'}: {_e(row.attach)}</li>"


def _section(row: Row) -> list[str]:
    return [f'<section class="req {_CLASSES[row.status]}" id="{_anchor(row.id)}">',
            f"<h3>{_e(row.id)} {_e(row.title)}: {_status(row.status)}</h3>", "<ul>", *_details(row), "</ul>",
            "</section>"]


def _pivot(cov: Coverage, framework: str) -> list[str]:
    rows = [f"<tr><td>{_e(p.id)}</td><td>{_e(p.title)}</td><td class={_CLASSES[p.status]}>{ICONS[p.status]} "
            f"{_e(p.status)}</td><td>{_e(', '.join(p.requirements))}</td></tr>" for p in pivot(cov, framework)]
    return [f"<h2>{FRAMEWORK_TITLES[framework]} view (informative)</h2>",
            f"<p class=note>{_e(crosswalks()[framework].source)}</p>",
            "<table><tr><th>Id</th><th>Title</th><th>Status</th><th>ISO/IEC 42001</th></tr>", *rows, "</table>"]


def format_coverage_html(cov: Coverage, ctx: CoverageContext) -> str:
    soa = f"<code>{_e(cov.soa)}</code>" if cov.soa else "none found"
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ISO/IEC 42001 coverage</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        "<h1>ISO/IEC 42001 coverage</h1>",
        f"<p>aims-lint {_e(ctx.version)}: {_e(findings_line(cov))}. Statement of Applicability: {soa}.</p>",
        "<p class=note>Legend: " + ", ".join(f"{ICONS[s]} {_e(s)}" for s in STATUSES) + ".</p>",
        "<h2>Annex A controls</h2>", *_grid(cov, "control"), "<h2>Clauses 4 to 10</h2>", *_grid(cov, "clause"),
        "<h2>Summary</h2>", *_counts_table(cov),
    ]
    if ctx.framework is not None:
        parts += _pivot(cov, ctx.framework)
    for kind, heading in (("control", "Annex A controls in detail"), ("clause", "Clauses in detail")):
        parts.append(f"<h2>{heading}</h2>")
        for row in cov.rows:
            if row.kind == kind:
                parts += _section(row)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
