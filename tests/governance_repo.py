"""A complete, consistent governance repository for scenario tests: every governance rule passes on it."""

from __future__ import annotations

from aims_lint.catalog import catalog

FRAUD_CARD = """schema_version: 1
name: fraud-detector
version: 2.3.0
owner: Payments ML team
contact: payments-ml@example.com
license: apache-2.0
intended_use: Ranks card transactions by fraud likelihood for review by analysts.
out_of_scope_use: Credit decisions and automated blocking of cards.
limitations: Recall drops on merchants with fewer than 50 monthly transactions.
training_data:
  - dataset: hf:example/transactions
"""

SENTIMENT_CARD = """---
license: apache-2.0
library_name: transformers
base_model: bert-base-uncased
datasets:
  - imdb
---

# sentiment

Labels product reviews as positive or negative for the review-insights dashboard.
"""

REGISTER = """schema_version: 1
owner: Head of AI risk
next_review: 2099-01-31
scale:
  likelihood: [rare, unlikely, possible, likely, almost-certain]
  impact: [negligible, minor, moderate, major, severe]
  levels:
    - {name: low, max_score: 4}
    - {name: medium, max_score: 9}
    - {name: high, max_score: 16}
    - {name: critical, max_score: 25}
  acceptance_threshold: medium
organisation_controls:
  - {id: ORG-FAIR-01, title: Quarterly fairness review of fraud alerts}
risks:
  - id: R-001
    ai_system: fraud-detector
    description: Legitimate payments of small merchants are flagged more often, delaying their payouts.
    risk_source: [C.3.4]
    objective: [C.2.5]
    likelihood: possible
    impact: major
    level: high
    owner: Head of payments risk
    treatment: modify
    controls:
      - A.7.4
      - A.6.2.4
      - ORG-FAIR-01
    residual_level: medium
    accepted_by: Chief risk officer
    assessed_on: 2025-03-01
    next_review: 2099-03-01
  - id: R-002
    ai_system: sentiment
    description: Reviews in dialects the model never saw are scored as negative, skewing the dashboard.
    risk_source: [C.3.4, C.3.2]
    objective: [C.2.5, C.2.11]
    likelihood: unlikely
    impact: minor
    level: low
    owner: Review insights lead
    treatment: retain
    assessed_on: 2025-03-01
    next_review: 2099-03-01
"""

IMPACT_YAML = """schema_version: 1
ai_system: fraud-detector
assessor: Responsible AI office (J. Doe)
assessed_on: 2025-02-10
next_review: 2099-02-10
intended_use: Ranking card transactions so that analysts review the riskiest first.
foreseeable_misuse:
  - Blocking cards on the score alone, without an analyst.
individuals_and_groups:
  - {group: Card holders, impact: A payment held for review is delayed by up to a day.}
  - {group: Small merchants, impact: More of their payments are held, delaying payouts.}
societal_impacts:
  not_applicable: Internal triage tool used by 40 analysts; its output never leaves the review queue.
benefits: Fraud is caught earlier, so fewer card holders lose money.
harms: Delayed payments for legitimate customers and merchants.
failures_and_mitigations:
  - {failure: Recall drops for small merchants, mitigation: Quarterly fairness review ORG-FAIR-01}
human_oversight: Analysts review every alert and can release a payment at once.
"""

IMPACT_MD = """---
ai_system: sentiment
assessor: Responsible AI office (K. Lee)
assessed_on: 2025-02-12
next_review: 2099-02-12
---

# Impact assessment: sentiment

## Intended use

Labelling product reviews for the internal review-insights dashboard.

## Foreseeable misuse

Using the labels to rank or reward individual reviewers.

## Individuals and groups

Reviewers writing in dialects are more often labelled negative; product teams may misread their feedback.

## Societal impacts

Not applicable: the dashboard is internal and reviews are aggregated per product; no decision about a person
is taken from it.

## Benefits

Product teams see sentiment trends a week earlier.

## Harms

Skewed trends for products popular in some regions.

## Failures and mitigations

Label drift after product launches; a monthly sample of 200 reviews is labelled by hand and compared.

## Human oversight

The insights lead reviews each monthly report before it is shared.
"""

POLICY = """---
title: AI policy
owner: AI governance lead
approved_by: Executive board
approved_on: 2026-01-20
next_review: 2027-01-20
risk_acceptance: [Chief risk officer, Executive board]
---

# AI policy

## Purpose and scope

Covers every AI system Example Bank develops, buys or uses.

## Principles

Fairness, transparency, human oversight and privacy by design.

## AI objectives

Set yearly in governance/objectives.yaml and measured quarterly.

## Commitments

We meet applicable legal requirements and improve the AI management system continually.

## Roles and responsibilities

The AI governance lead owns this policy; each system owner answers for its risks.

## Related policies

Information security policy ISP-01 and privacy policy PRV-03 apply to AI systems in full.

## Exceptions

Deviations are requested from the AI governance lead and recorded in the exceptions log.
"""

CONCERNS = """---
title: Reporting concerns about our AI systems
owner: AI governance lead
---

# Reporting concerns about our AI systems

## How to report

Email ai-concerns@example.com or use the 'AI concern' issue template.

## Confidentiality

Reports are seen only by the AI governance lead; anonymous reports are accepted through the web form.

## What happens next

We acknowledge every report within two working days and say what we did within thirty.
"""


def soa_text(overrides: dict[str, str] | None = None, drop: tuple[str, ...] = (), header: str | None = None,
             extra: str = "") -> str:
    overrides = overrides or {}
    lines = [header if header is not None else
             "schema_version: 1\nowner: AI governance lead\napproved_by: Chief risk officer\n"
             "approved_on: 2025-01-20\nnext_review: 2099-01-20\n", "controls:\n"]
    for control_id in catalog().controls:
        if control_id in drop:
            continue
        if control_id in overrides:
            lines.append(overrides[control_id])
        elif control_id == "A.10.4":
            lines.append("  - id: A.10.4\n    applicable: false\n    status: not-applicable\n"
                         "    justification: The systems are used internally only; there are no customers.\n")
        elif control_id in ("A.7.4", "A.6.2.4"):
            lines.append(f"  - id: {control_id}\n    applicable: true\n    status: implemented\n"
                         f"    justification: Treats R-001.\n    evidence: [risk/register.yaml]\n")
        else:
            lines.append(f"  - id: {control_id}\n    applicable: true\n    status: planned\n"
                         f"    justification: Needed for the fraud and sentiment models.\n")
    return "".join(lines) + extra


SOA = soa_text()

INVENTORY = """schema_version: 1
systems:
  - id: fraud-detector
    owner: Payments ML team
    path: models/fraud-detector
    model_card: models/fraud-detector/model_card.yaml
    risk_register: risk/register.yaml
    risk_entries: [R-001]
    impact_assessment: impact/fraud-detector.yaml
    tooling: LightGBM 4.3 (requirements.lock)
    compute: Batch cluster for training; two API pods for scoring
    people: [Payments ML team, Payments risk analysts]
  - id: sentiment
    owner: Review insights team
    path: models/sentiment
    model_card: models/sentiment/README.md
    risk_entries: [R-002]
    impact_assessment: impact/sentiment.md
    tooling: transformers 4.44 and PyTorch 2.3
    compute: One rented GPU for fine-tuning
    people: [Review insights team]
suppliers:
  - component: google-bert/bert-base-uncased
    aliases: [bert-base-uncased]
    type: model
    supplier: Google
    license: apache-2.0
    due_diligence_on: 2026-01-15
  - component: imdb
    type: dataset
    supplier: Stanford AI Lab
    license: other
    due_diligence_on: 2026-01-15
  - component: example/transactions
    type: dataset
    supplier: Example Data Ltd
    license: cc-by-4.0
    due_diligence_on: 2026-01-15
"""

BASE = {
    "models/fraud-detector/model_card.yaml": FRAUD_CARD,
    "models/fraud-detector/model.safetensors": "stand-in weights\n",
    "models/sentiment/README.md": SENTIMENT_CARD,
    "risk/register.yaml": REGISTER,
    "impact/fraud-detector.yaml": IMPACT_YAML,
    "impact/sentiment.md": IMPACT_MD,
    "governance/soa.yaml": SOA,
    "governance/ai-policy.md": POLICY,
    "CONCERNS.md": CONCERNS,
    "ai-inventory.yaml": INVENTORY,
}
