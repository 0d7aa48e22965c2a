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
    # Each of these is described in examples/governance/README.md.
    assert found == sorted([
        ("IA103", "examples/governance/impact/sentiment-bert.md", assessment.index("## Societal impacts") + 1),
        ("INV103", "examples/models/churn/model.joblib", 1),
        ("IA201", "examples/models/ranker/MODEL_CARD.md", 1),
        ("RR201", "examples/models/ranker/MODEL_CARD.md", 1),
        ("IA201", "examples/models/recommender/model_card.yaml", 1),
        ("SUP102", "examples/models/sentiment-bert/README.md", sentiment.index("  - imdb") + 1),
    ])


def test_example_governance_documents_are_well_formed(run_cli: Any) -> None:
    result = run_cli("check", "examples/governance", "--select", "AL,GV001", "--format", "json", cwd=PROJECT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []
