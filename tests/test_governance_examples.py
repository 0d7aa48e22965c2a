"""The example repository's governance documents: complete on their own, and showing what cross-checking finds."""

from __future__ import annotations

import json
from typing import Any

from conftest import PROJECT

GOVERNANCE = "GV,RR,IA,SOA,INV,SUP,POL"


def test_examples_show_the_deliberate_governance_findings(run_cli: Any) -> None:
    result = run_cli("check", "examples", "--select", GOVERNANCE, "--today", "2026-12-01", "--format", "json",
                     cwd=PROJECT)
    assert result.exit_code == 1
    found = sorted((f["rule"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"])
    sentiment = (PROJECT / "examples/models/sentiment-bert/README.md").read_text(encoding="utf-8").split("\n")
    assessment = (PROJECT / "examples/governance/impact/sentiment-bert.md").read_text(encoding="utf-8").split("\n")
    soa = (PROJECT / "examples/governance/soa.yaml").read_text(encoding="utf-8").split("\n")

    def claimed(control: str) -> tuple[str, str, int]:
        """The SoA's claim that a control is implemented, held against the errors of its rules (SOA110)."""
        row = next(n for n, line in enumerate(soa) if line.startswith(f"  - id: {control} "))
        status = next(n for n in range(row, len(soa)) if soa[n].strip().startswith("status:"))
        return ("SOA110", "examples/governance/soa.yaml", status + 1)

    # Each of these is described in examples/governance/README.md.
    assert found == sorted([
        ("IA103", "examples/governance/impact/sentiment-bert.md", assessment.index("## Societal impacts") + 1),
        ("INV103", "examples/models/churn/model.joblib", 1),
        ("IA201", "examples/models/ranker/MODEL_CARD.md", 1),
        ("RR201", "examples/models/ranker/MODEL_CARD.md", 1),
        ("IA201", "examples/models/recommender/model_card.yaml", 1),
        ("SUP102", "examples/models/sentiment-bert/README.md", sentiment.index("  - imdb") + 1),
        # The SoA claims the controls of those rules implemented: A.4.2 (INV103), A.5.3 (IA201), A.5.5 (IA103)
        # and A.10.3 (SUP102).
        *map(claimed, ("A.4.2", "A.5.3", "A.5.5", "A.10.3")),
    ])


def test_example_governance_documents_are_well_formed(run_cli: Any) -> None:
    result = run_cli("check", "examples/governance", "--select", "AL,GV001", "--format", "json", cwd=PROJECT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []
