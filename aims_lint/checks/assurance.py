"""Checks of what the governance documents claim against each other: who may accept a residual risk, which model
version was assessed, whether every system in scope is assessed, and whether evaluation results meet their own
thresholds."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.crossrefs import Governance, System
from aims_lint.checks.governance import (
    entry_key,
    entry_name,
    item_location,
    present,
    read_scale,
    strings,
    targets,
)
from aims_lint.checks.options import ENTRIES, FIELD, NAMES, NO_OPTIONS, options
from aims_lint.model import Artifact, FieldState, Hit, Kind
from aims_lint.vocab import content_state

# --- Acceptance of residual risk ---------------------------------------------------------------------------------


@check(scope="artifact", reads="governance", options=options(required=("policy_key",), policy_key=FIELD))
def residual_acceptance(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A residual risk still above the acceptance threshold is accepted by a role the AI policy gives that
    authority (the roles listed under policy_key in its front matter)."""
    gov = context.governance
    scale = read_scale(artifact)[0]
    if scale is None or not gov.readable(Kind.AI_POLICY):
        return  # no usable scale, or no policy: their own rules say so
    key = options["policy_key"]
    roles = {r.lower() for policy in gov.of(Kind.AI_POLICY) for r in strings(present(policy.fields, key)) if r}
    threshold = scale.levels[scale.threshold]
    for entry in artifact.entries.get("risks", ()):
        residual = scale.level_index(present(entry.fields, "residual_level"))
        accepted = present(entry.fields, "accepted_by")
        if residual is None or residual <= scale.threshold or not isinstance(accepted, str):
            continue
        if accepted.strip().lower() in roles:
            continue
        where = entry.fields["accepted_by"].location
        named = ", ".join(sorted(strings(present(gov.of(Kind.AI_POLICY)[0].fields, key)))) or "none"
        yield Hit(where, f"{entry_name('risks', entry)}: residual level '{scale.levels[residual]}' is above the "
                  f"acceptance threshold '{threshold}', but '{accepted.strip()}' is not a role the AI policy lists "
                  f"under '{key}' (roles: {named}): have one of them accept it, or add the role to the policy",
                  f"risks:{entry_key('risks', entry)}:acceptance")


# --- Model versions --------------------------------------------------------------------------------------------


def _version(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip().lower().removeprefix("v")
    return None


@check(scope="artifact", reads="repository_with_governance", options=options(entries=ENTRIES))
def versions_agree(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A model_version given by a risk entry or an impact assessment is the version the model's card states: an
    assessment of another version has not been redone since the model changed."""
    gov = context.governance
    for target in targets(artifact, options.get("entries")):
        found = target.fields.get("model_version")
        assessed = _version(present(target.fields, "model_version"))
        if found is None or assessed is None:
            continue
        for name in strings(present(target.fields, "ai_system")):
            for card in gov.cards_for(artifact.path, name):
                current = _version(present(card.artifact.fields, "version"))
                if current is None or current == assessed:
                    continue
                yield Hit(found.location, f"{target.thing}: assessed for model version '{found.value}', but "
                          f"{card.artifact.path} states version '{present(card.artifact.fields, 'version')}': "
                          "reassess for the current version and update model_version and assessed_on",
                          f"{target.subject}version:{card.artifact.path}")


# --- Systems of the inventory without a card ------------------------------------------------------------------


def _names_system(gov: Governance, from_path: str, name: str, system: System) -> bool:
    if name.strip().lower() in system.names:
        return True
    return system.path is not None and gov.resolve(from_path, name) == system.path


def _system_assessed(gov: Governance, system: System, kind: Kind) -> bool:
    if kind is Kind.RISK_REGISTER:
        if any(i in gov.risk_ids for i in strings(present(system.entry.fields, "risk_entries"))):
            return True
        return any(_names_system(gov, register.path, name, system) for register, entry in gov.risks
                   for name in strings(present(entry.fields, "ai_system")))
    assessments = {a.path for a in gov.of(Kind.IMPACT_ASSESSMENT)}
    pointed = present(system.entry.fields, "impact_assessment")
    if isinstance(pointed, str) and gov.resolve(system.inventory.path, pointed) in assessments:
        return True
    return any(_names_system(gov, a.path, name, system) for a in gov.of(Kind.IMPACT_ASSESSMENT)
               for name in strings(present(a.fields, "ai_system")))


@check(scope="artifact", reads="governance",
       options=options(required=("by",), by={"enum": ["risk_register", "impact_assessment"]}))
def system_covered(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Every in-scope system of the inventory that has no model card (cards are judged on their own) has risk
    entries, or an impact assessment, as the options say."""
    gov = context.governance
    kind = Kind(options["by"])
    if not gov.readable(kind):
        return  # no document at all is one repository-level finding
    for system in gov.systems:
        if system.inventory is not artifact or not system.in_scope or system.cards:
            continue
        if _system_assessed(gov, system, kind):
            continue
        thing = entry_name("systems", system.entry)
        if kind is Kind.RISK_REGISTER:
            message = (f"{thing} is in scope but no risk names it: add a risk whose ai_system is its id, or list its "
                       "risk ids under 'risk_entries'")
        else:
            message = (f"{thing} is in scope but has no impact assessment: add impact/<system>.yaml with ai_system "
                       "set to its id, or point its 'impact_assessment' at one")
        yield Hit(system.entry.location, message, f"systems:{entry_key('systems', system.entry)}:{kind.value}")


# --- Evaluation results against their thresholds ----------------------------------------------------------------

# Matched against the stripped text: one optional operator, a number, an optional percent sign.
_BOUND = re.compile(r"(>=|<=|=>|=<|>|<)?[ ]?(-?[0-9]+(?:\.[0-9]+)?)[ ]?(%?)")


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        match = _BOUND.fullmatch(value.strip())
        if match is not None and match.group(1) is None:
            return float(match.group(2)) / (100 if match.group(3) else 1)
    return None


_CONDITION = re.compile(r"@|\bat\b|_at_|\bwhen\b|\bfor\b")


def _measured(name: str) -> str:
    """What a metric's name measures, without the condition it is measured at: 'recall at 1% FPR' measures
    recall, so a threshold on it is a minimum."""
    return _CONDITION.split(name.lower().replace("-", " "), maxsplit=1)[0].replace("_", " ")


def _bound(threshold: Any, name: str, lower_better: Sequence[str]) -> tuple[str, float] | None:
    """The comparison a threshold asks for: '>= 0.9' and '<= 0.05' as written; a bare number is a minimum,
    or a maximum for metrics whose name says lower is better."""
    if isinstance(threshold, int | float) and not isinstance(threshold, bool):
        lower = any(word in _measured(name) for word in lower_better)
        return ("<=" if lower else ">=", float(threshold))
    if isinstance(threshold, str):
        match = _BOUND.fullmatch(threshold.strip())
        if match is not None:
            operator = {"=>": ">=", "=<": "<="}.get(match.group(1) or "", match.group(1))
            number = float(match.group(2)) / (100 if match.group(3) else 1)
            if operator is None:
                return _bound(number, name, lower_better)
            return operator, number
    return None


def _excepted(metric: Mapping[str, Any]) -> bool:
    """A metric below its threshold whose 'exception' says who accepted that and why."""
    reason = metric.get("exception")
    return isinstance(reason, str) and content_state(reason) is FieldState.PRESENT


_MEETS = {">=": lambda v, t: v >= t, ">": lambda v, t: v > t, "<=": lambda v, t: v <= t, "<": lambda v, t: v < t}


@check(scope="artifact", reads="artifact", options=options(required=("lower_is_better",), lower_is_better=NAMES))
def metrics_meet_thresholds(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Each evaluation metric that declares a threshold meets it."""
    found = artifact.fields.get("evaluation_metrics")
    if found is None or not isinstance(found.value, list):
        return
    for index, metric in enumerate(found.value):
        if not isinstance(metric, Mapping):
            continue
        name = str(metric.get("name") or metric.get("metric") or metric.get("type") or f"metric {index + 1}")
        value = _number(metric.get("value"))
        bound = _bound(metric.get("threshold"), name, options["lower_is_better"])
        if value is None or bound is None or _MEETS[bound[0]](value, bound[1]) or _excepted(metric):
            continue
        where = item_location(artifact, found, index)
        pointer = f"{where.pointer}/value"
        if pointer in artifact.positions:
            where = artifact.position_of(pointer)
        yield Hit(where, f"metric '{name}' is {metric.get('value')}, which does not meet its own threshold "
                  f"{bound[0]} {bound[1]:g}: improve the model, or record under the metric's 'exception' who "
                  "accepted releasing it below the threshold and why",
                  f"metric:{name}:{index}")


# --- Monitoring of models ----------------------------------------------------------------------------------------


@check(scope="artifact", reads="governance", options=NO_OPTIONS)
def model_monitored(artifact: Artifact, options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """A model card's model is named by a monitor of a monitoring plan (unless the inventory puts it out of scope)."""
    gov = context.governance
    if not gov.readable(Kind.MONITORING_PLAN):
        return  # no plan at all, or one that could not be read: the plan's own rules speak
    for plan in gov.of(Kind.MONITORING_PLAN):
        for entry in plan.entries.get("monitors", ()):
            for name in strings(present(entry.fields, "ai_system")):
                if any(card.artifact is artifact for card in gov.cards_for(plan.path, name)):
                    return
    card = next((c for c in gov.cards if c.artifact is artifact), None)
    if card is not None and any(not s.in_scope for s in gov.systems_of(card)):
        return
    name = sorted(card.names)[0] if card is not None and card.names else artifact.path
    yield Hit(artifact.where(), f"model '{name}' is not monitored: add a monitor whose ai_system names it, with its "
              "metric, threshold, frequency, owner and action", "monitored")
