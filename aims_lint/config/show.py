"""`aims-lint config`: the effective configuration, every setting with where its value came from, as text for
people (one `key = value  # source` line each, list items on lines of their own) or JSON for machines."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from aims_lint.config.settings import DEFAULT, Config, Sourced
from aims_lint.model import Location, Waiver
from aims_lint.read.paths import shown_path

# The settings in the order the schema lists them; extends is shown as the files read.
KEYS = ("select", "extend-select", "ignore", "rules", "per-path-ignores", "exclude", "discovery", "fail-on",
        "packs", "today", "waivers")


def _where(location: Location | None) -> str:
    return DEFAULT if location is None else f"{location.path}:{location.line}"


def _item(item: Sourced) -> dict[str, Any]:
    return {"value": item.value, "source": item.source}


def _waiver(waiver: Waiver) -> dict[str, Any]:
    return {"rule": waiver.rule, "path": waiver.path, "reason": waiver.reason,
            "expires": waiver.expires.isoformat() if waiver.expires else None,
            "approved-by": waiver.approved_by or None, "source": _where(waiver.source)}


def settings(config: Config) -> dict[str, Any]:
    """Each setting: {value, source} for a single value, a list of them for a list, a mapping for a mapping."""
    discovery: dict[str, list[dict[str, Any]]] = {}
    for kind, item in config.discovery:
        discovery.setdefault(kind, []).append(_item(item))
    select = config.select
    return {
        "select": {"value": None if select is None else list(select.value),
                   "source": DEFAULT if select is None else select.source},
        "extend-select": [_item(i) for i in config.extend_select],
        "ignore": [_item(i) for i in config.ignore],
        "rules": {r.rule: {"severity": r.severity.label if r.severity else None, "options": dict(r.options),
                           "source": _where(r.source)} for r in config.rules},
        "per-path-ignores": {p.glob: {"value": list(p.rules), "source": _where(p.source)}
                             for p in config.per_path_ignores},
        "exclude": [_item(i) for i in config.exclude],
        "discovery": discovery,
        "fail-on": _item(config.fail_on),
        "packs": [{"value": shown_path_of(i.value), "source": i.source} for i in config.packs],
        "today": {"value": config.today.value.isoformat() if config.today.value else None,
                  "source": config.today.source},
        "waivers": [_waiver(w) for w in config.waivers],
    }


def shown_path_of(path: str) -> str:
    from pathlib import Path

    return shown_path(Path(path))


def config_json(config: Config) -> str:
    found = settings(config)
    assert tuple(found) == KEYS
    return json.dumps({"root": os.fspath(config.root), "files": list(config.files), "settings": found},
                      indent=2) + "\n"


def _lines(config: Config) -> Iterator[tuple[str, str]]:
    """(text, source) of each line of the text form."""
    found = settings(config)
    for key in KEYS:
        value = found[key]
        if isinstance(value, list):
            if not value:
                yield f"{key} = []", DEFAULT
                continue
            yield f"{key} = [", ""
            for item in value:
                shown = {k: v for k, v in item.items() if k != "source"} if "value" not in item else item["value"]
                yield f"  {json.dumps(shown)},", item["source"]
            yield "]", ""
        elif "source" in value:
            yield f"{key} = {json.dumps(value['value'])}", value["source"]
        elif not value:
            yield f"{key} = {{}}", DEFAULT
        else:
            for name, entry in value.items():
                if isinstance(entry, list):  # discovery: a list of items per kind
                    for item in entry:
                        yield f"{key}.{name} += {json.dumps(item['value'])}", item["source"]
                    continue
                shown = entry.get("value", {k: v for k, v in entry.items() if k != "source" and v})
                yield f"{key}.{json.dumps(name) if '/' in name or '*' in name else name} = {json.dumps(shown)}", \
                    entry["source"]


def config_text(config: Config) -> str:
    files = config.files
    head = ("# configuration: none read (defaults and the command line)" if not files else
            f"# configuration: {files[0]}" + "".join(f", which extends {f}" for f in files[1:]))
    lines = [head, f"# repository root: {config.root}"]
    body = list(_lines(config))
    width = min(max(len(text) for text, _ in body), 72)
    for text, source in body:
        lines.append(f"{text:<{width}}  # {source}" if source else text)
    return "\n".join(lines) + "\n"
