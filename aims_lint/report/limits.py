"""What the consumers of aims-lint's reports accept (GitHub code scanning, workflow annotations, GitLab Code Quality)
and which results a report keeps to stay within them: the most severe, in a deterministic order.

The limits are the consumers' documented ones (docs/sarif.md cites the pages). A SARIF run kept within GitHub's
limits holds the most severe results first: at one severity, the findings that count before those set apart
(suppressed, in the baseline, fixed by a change), then by path, line, column, rule, message and fingerprint.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from aims_lint.model import Finding, Report, Severity

if TYPE_CHECKING:
    from aims_lint.compare import Comparison
    from aims_lint.report import FormatContext, Formatter

# GitHub code scanning (docs/sarif.md): a SARIF file is rejected with more runs, a run with more results or rules,
# a rule with more tags, a result with more locations; over 10 MB gzip-compressed the upload is refused.
GITHUB_RUNS = 20
GITHUB_RESULTS = 25_000
GITHUB_RULES = 25_000
GITHUB_TAGS = 10  # 20 are accepted, only 10 shown
GITHUB_LOCATIONS = 1_000
GITHUB_GZIP_BYTES = 10_000_000  # 10 MB read as the smaller 10 * 1000 * 1000
# What aims-lint keeps a limited run under: room for what the upload step adds (automation details, fingerprints).
GITHUB_GZIP_BUDGET = GITHUB_GZIP_BYTES * 95 // 100
# The compression the upload step applies (Node's zlib.gzipSync at its default level).
GZIP_LEVEL = 6
# GitHub shows at most this many annotations of each level (error, warning, notice) for a step.
ANNOTATIONS_PER_LEVEL = 10
# GitLab rejects a report artifact over the project's maximum artifact size: 100 MB unless an administrator changed it.
GITLAB_ARTIFACT_BYTES = 100 * 1024 * 1024
FIX = ("report only what a change adds (--diff-base REF; the Action does on a pull request), accept what is there "
       "in a baseline (--write-baseline FILE, then --baseline FILE) or run fewer rules (select)")

_SET_APART = 1
_FIXED = 2


@dataclass(frozen=True, slots=True)
class Omitted:
    """What a report limited to a consumer's limits left out: how many results of how many, by severity, and why."""

    limit: str
    total: int
    kept: int
    by_severity: Mapping[str, int]
    reason: str

    @property
    def count(self) -> int:
        return self.total - self.kept

    def properties(self) -> dict[str, object]:
        """The record a SARIF run's properties hold."""
        return {"limit": self.limit, "results": self.total, "kept": self.kept, "omitted": self.count,
                "omittedBySeverity": dict(self.by_severity), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Limited:
    """A report and comparison holding only the results kept, and what was left out (None: nothing was)."""

    report: Report
    comparison: Comparison | None
    omitted: Omitted | None


def gzip_size(text: str) -> int:
    """The size of text gzip-compressed as the upload step compresses it."""
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return len(packer.compress(text.encode("utf-8"))) + len(packer.flush())


def _results(report: Report, comparison: Comparison | None) -> list[tuple[Finding, int]]:
    """Every result a SARIF run of the report holds, each with its group: counting, set apart, fixed."""
    fixed = comparison.fixed if comparison is not None else ()
    known = {r.id for r in report.rules}
    return [*((f, 0) for f in report.findings), *((f, _SET_APART) for f in (*report.suppressed, *report.unchanged)),
            *((f, _FIXED) for f in fixed if f.rule_id in known)]


def _rank(item: tuple[Finding, int]) -> tuple[int, int, tuple[str, int, int, str, str], str]:
    finding, group = item
    return (-finding.severity, group, finding.sort_key(), finding.fingerprint)


def _keeping(report: Report, comparison: Comparison | None, kept: Sequence[tuple[Finding, int]]) -> Limited:
    ids = {id(f) for f, _ in kept}
    report = replace(report, findings=tuple(f for f in report.findings if id(f) in ids),
                     suppressed=tuple(f for f in report.suppressed if id(f) in ids),
                     unchanged=tuple(f for f in report.unchanged if id(f) in ids))
    if comparison is not None:
        comparison = replace(comparison, fixed=tuple(f for f in comparison.fixed if id(f) in ids))
    return Limited(report, comparison, None)


def _omitted(ranked: Sequence[tuple[Finding, int]], kept: int, reason: str, limit: str = "github") -> Omitted:
    by_severity = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for finding, _ in ranked[kept:]:
        by_severity[finding.severity.label] += 1
    return Omitted(limit, len(ranked), kept, by_severity, reason)


def fit_gitlab(report: Report, encode: Callable[[Report], str]) -> tuple[str, Omitted | None]:
    """The GitLab Code Quality report within GITLAB_ARTIFACT_BYTES as encode writes it, and what it left out.

    The most severe findings are kept, in the order fit_github keeps them: as many as the average size of an issue
    says fit, less 2%, measured again until the text fits (the count falls at every step, so it ends). The kept
    findings stay in the report's order.
    """
    text = encode(report)
    size = len(text.encode("utf-8"))
    if size <= GITLAB_ARTIFACT_BYTES:
        return text, None
    ranked = sorted(((f, 0) for f in report.findings), key=_rank)
    count = len(ranked)
    while size > GITLAB_ARTIFACT_BYTES and count:
        count = min(count - 1, int(GITLAB_ARTIFACT_BYTES / (size / count) * 0.98))
        text = encode(_keeping(report, None, ranked[:count]).report)
        size = len(text.encode("utf-8"))
    return text, _omitted(ranked, count, "artifact size", "gitlab")


def gitlab_within(report: Report, limit: str, encode: Callable[[Report], str]) -> tuple[str, str]:
    """The GitLab Code Quality report, within GitLab's default artifact size when limit is 'gitlab', and the line to
    tell on standard error about its size ('' when there is nothing to tell)."""
    if limit == "gitlab":
        text, omitted = fit_gitlab(report, encode)
        return text, gitlab_omitted_warning(omitted) if omitted is not None else ""
    text = encode(report)
    if len(text) > GITLAB_ARTIFACT_BYTES // 4 and (size := len(text.encode("utf-8"))) > GITLAB_ARTIFACT_BYTES:
        return text, gitlab_warning(size)
    return text, ""


def fit_github(report: Report, comparison: Comparison | None,
               encode: Callable[[Limited], str]) -> tuple[Limited, str]:
    """The report within GitHub code scanning's limits, and its SARIF as encode writes it.

    At most GITHUB_RESULTS results, the most severe; then, while the compressed SARIF is over GITHUB_GZIP_BUDGET,
    fewer: as many as the average compressed size of a result says fit, less 2%, measured again (the count falls at
    every step, so it ends; two or three steps in practice).
    """
    ranked = sorted(_results(report, comparison), key=_rank)
    count = min(len(ranked), GITHUB_RESULTS)
    reason = "results per run" if count < len(ranked) else ""
    base = 0  # the compressed size of the run without results, measured when first needed
    while True:
        limited = _keeping(report, comparison, ranked[:count])
        if count < len(ranked):
            limited = replace(limited, omitted=_omitted(ranked, count, reason))
        text = encode(limited)
        size = gzip_size(text)
        if size <= GITHUB_GZIP_BUDGET or count == 0:
            return limited, text
        base = base or gzip_size(encode(_keeping(report, comparison, ())))
        per_result = max(size - base, 1) / count
        count = min(count - 1, max(int((GITHUB_GZIP_BUDGET - base) / per_result * 0.98), 0))
        reason = "compressed size"


def sarif_excess(report: Report, comparison: Comparison | None, text: str) -> str:
    """What of GitHub's limits the SARIF text exceeds, in words; '' when it is within them all."""
    counted = counted_excess(report, comparison)
    # Compressed, a text is never larger than itself (plus a few bytes): only a large one is measured.
    if not counted and len(text) > GITHUB_GZIP_BYTES // 2 and (size := gzip_size(text)) > GITHUB_GZIP_BYTES:
        return _gzip_excess(size)
    return counted


def counted_excess(report: Report, comparison: Comparison | None) -> str:
    """What of GitHub's counted limits (results and rules in a run) the SARIF report exceeds, known before it is
    written; '' when it is within them."""
    results = len(_results(report, comparison))
    if results > GITHUB_RESULTS:
        return f"{results:,} results, over the {GITHUB_RESULTS:,} GitHub code scanning accepts in a run"
    if len(report.rules) > GITHUB_RULES:
        return f"{len(report.rules):,} rules, over the {GITHUB_RULES:,} GitHub code scanning accepts in a run"
    return ""


def sarif_warning(excess: str) -> str:
    """The line told on standard error when a SARIF report is over GitHub's limits."""
    return (f"the SARIF report holds {excess}: its upload would be rejected; {FIX}, or keep the most severe results "
            "within the limits with --sarif-limit github")


def omitted_warning(omitted: Omitted) -> str:
    """The line told on standard error when --sarif-limit github left results out."""
    where = ("GitHub code scanning accepts 25,000 results in a run" if omitted.reason == "results per run"
             else "GitHub code scanning accepts 10 MB gzip-compressed")
    return (f"the SARIF report keeps the {omitted.kept:,} most severe of {omitted.total:,} results ({where}): "
            f"{omitted.count:,} left out ({_by_severity(omitted.by_severity)}); every finding is in the text and "
            f"JSON reports; to report fewer, {FIX}")


def _by_severity(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n:,} {label}{'' if n == 1 else 's'}" for label, n in counts.items() if n) or "none"


def gitlab_warning(size: int) -> str:
    """The line told on standard error when a GitLab Code Quality report is over GitLab's default artifact size."""
    return (f"the GitLab Code Quality report is {size / 2**20:,.0f} MB, over the 100 MB GitLab accepts in a report "
            f"artifact unless an administrator raised the maximum artifact size: its upload would be rejected; {FIX}, "
            "or keep the most severe findings within it with --gitlab-limit gitlab")


def gitlab_omitted_warning(omitted: Omitted) -> str:
    """The line told on standard error when --gitlab-limit gitlab left findings out."""
    return (f"the GitLab Code Quality report keeps the {omitted.kept:,} most severe of {omitted.total:,} findings "
            f"(GitLab accepts 100 MB in a report artifact by default): {omitted.count:,} left out "
            f"({_by_severity(omitted.by_severity)}); every finding is in the text and JSON reports; to report fewer, "
            f"{FIX}")


def annotations_hidden(errors: int, warnings: int, notes: int) -> dict[str, int]:
    """Of the findings of each level, how many GitHub shows no annotation for ({} when it shows them all).

    When some are hidden, the github report's first notice says so, and takes one of the notices' places.
    """
    cap = ANNOTATIONS_PER_LEVEL
    if max(errors, warnings, notes) <= cap:
        return {}
    counts = (("error", errors, cap), ("warning", warnings, cap), ("notice", notes, cap - 1))
    return {level: n - shown for level, n, shown in counts if n > shown}


def hidden_words(hidden: Mapping[str, int]) -> str:
    """'21 errors, 3 warnings' for what annotations_hidden gives."""
    return ", ".join(f"{n:,} {level}{'' if n == 1 else 's'}" for level, n in hidden.items())


class Measured:
    """A SARIF report's pieces as they are written, compressed on the way as the upload step compresses them, so that
    what of GitHub's size limit the whole exceeds is known once it is written, without holding it (see warning)."""

    def __init__(self, chunks: Iterable[str]) -> None:
        self._chunks = chunks
        self._packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
        self.length = 0  # characters written
        self.size = 0  # bytes compressed

    def __iter__(self) -> Iterator[str]:
        for chunk in self._chunks:
            self.length += len(chunk)
            self.size += len(self._packer.compress(chunk.encode("utf-8")))
            yield chunk
        self.size += len(self._packer.flush())

    def warning(self) -> str:
        """The line to tell once written ('' when within the limit), as sarif_excess tells of the whole text."""
        if self.length > GITHUB_GZIP_BYTES // 2 and self.size > GITHUB_GZIP_BYTES:
            return sarif_warning(_gzip_excess(self.size))
        return ""


def _gzip_excess(size: int) -> str:
    return f"{size / 1e6:.1f} MB gzip-compressed, over the 10 MB GitHub code scanning accepts in an upload"


def sarif_within(report: Report, ctx: FormatContext, limit: str, formatter: Formatter) -> tuple[str, str]:
    """The SARIF report as formatter writes it, within GitHub's limits when limit is 'github', and the line to tell
    on standard error about the limits ('' when there is nothing to tell)."""
    if limit == "github":
        limited, text = fit_github(report, ctx.comparison, lambda kept: formatter(
            kept.report, replace(ctx, comparison=kept.comparison, omitted=kept.omitted)))
        return text, omitted_warning(limited.omitted) if limited.omitted is not None else ""
    text = formatter(report, ctx)
    excess = sarif_excess(report, ctx.comparison, text)
    return text, sarif_warning(excess) if excess else ""
