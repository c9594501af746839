"""Turn loose input (CLI flags, URL parameters, JSON) into a valid `PlanRequest`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from planner.catalog import resolve_equipment
from planner.errors import InvalidRequestError
from planner.models import EMPHASIS_LABELS, REGION_LABELS, REGIONS, PlanRequest

_HINTS = {
    "goal": "choose fat_loss, growth or strength",
    "experience": "choose beginner, intermediate or advanced",
    "weeks": "choose 3 to 12 weeks",
    "sessions": "choose 1 to 3 sessions per week",
    "minutes": "choose 30 to 120 minutes per session",
    "model": "choose linear, undulating or block",
}


def parse_request(data: Mapping[str, Any] | None = None, **fields: Any) -> PlanRequest:
    """Validate request fields; equipment may hold tags and preset names."""
    values = dict(data or {}, **fields)
    if "equipment" in values and values["equipment"] is not None:
        values["equipment"] = resolve_equipment(values["equipment"])
    try:
        request = PlanRequest.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "request"
        got = first.get("input")
        hint = _HINTS.get(str(first["loc"][0]) if first["loc"] else "", "")
        if str(field).startswith("emphasis"):
            hint = f"each region under Region emphasis is {_EMPHASIS_CHOICES}"
        shown = f" (got {got!r})" if got is not None and not isinstance(got, dict) else ""
        message = f"{field}: {first['msg'].lower()}{shown}"
        raise InvalidRequestError(f"{message}; {hint}" if hint else message) from None
    if not any(request.emphasis.of(region) for region in REGIONS):
        raise InvalidRequestError(
            f"Every region under Region emphasis is set to {EMPHASIS_LABELS[0]}, so there is "
            f"nothing to train: set at least one of {_REGION_NAMES} to {EMPHASIS_LABELS[1]} or "
            f"{EMPHASIS_LABELS[2]}. On the command line, --upper, --mid, --lower and --biceps "
            f"take {_EMPHASIS_CHOICES}."
        )
    return request


_REGION_NAMES = ", ".join(REGION_LABELS[r] for r in REGIONS)
# "0 (Skip), 1 (Normal) or 2 (Focus)": the sidebar's labels with the CLI's numbers.
_EMPHASIS_CHOICES = (
    f"0 ({EMPHASIS_LABELS[0]}), 1 ({EMPHASIS_LABELS[1]}) or 2 ({EMPHASIS_LABELS[2]})"
)
