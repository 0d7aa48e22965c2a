"""The rules about suppressions themselves: a suppression without a reason, one that matches nothing, a waiver that
has expired. Their findings are made by the suppression layer (aims_lint.suppress) once every other rule has run,
since only then is it known what each suppression covered; the rule packs declare them like any rule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from aims_lint.checks.base import check
from aims_lint.checks.context import RunContext
from aims_lint.checks.options import options
from aims_lint.model import Hit

# What the suppression layer finds, by the code a rule names in its options.
DEFECTIVE = "defective"  # a comment that is not of the form, names no rule or gives no reason; a reason-less waiver
UNUSED = "unused"  # a suppression that covered no finding, or names a rule that does not exist
EXPIRED = "expired"  # a waiver past its expiry date
CODES = (DEFECTIVE, UNUSED, EXPIRED)


@check(scope="repository", reads="artifact", repository_wide=False,
       options=options(required=("codes",), codes={"type": "array", "minItems": 1, "items": {"enum": list(CODES)}}))
def suppression_problems(options: Mapping[str, Any], context: RunContext) -> Iterator[Hit]:
    """Suppressions that give no reason, match nothing or have expired (reported by the suppression layer)."""
    return iter(())
