"""The saved-plan file format: an export is the plan with its name, notes and timestamps."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from planner.errors import PlanFileError
from planner.export import plan_from_document, quoted, read_json_document, validation_problem
from planner.models import Plan
from planner.store.rows import visible

EXPORT_FORMAT = "back-planner.saved-plan"
EXPORT_VERSION = 1


class _ExportWrapper(BaseModel):
    """The metadata around a plan in an export file (the plan itself is checked separately)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: StrictStr
    format_version: StrictInt = Field(ge=1)
    name: StrictStr
    notes: StrictStr = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    plan: dict


def _parse_export(text: str | bytes) -> tuple[Plan, str | None, str]:
    """Validate an export file or a bare plan document; refuse anything else, whole."""
    try:
        data = read_json_document(text)
    except PlanFileError as exc:
        raise PlanFileError(f"{exc}; nothing was imported") from None
    name, notes = None, ""
    if isinstance(data, dict) and "format" in data:
        if data.get("format") != EXPORT_FORMAT:
            raise PlanFileError(
                f"not a back-planner export (format {quoted(repr(data.get('format')))}); "
                "nothing was imported"
            )
        try:
            wrapper = _ExportWrapper.model_validate(data)
        except ValidationError as exc:
            raise PlanFileError(
                f"not a valid export: {validation_problem(exc)}; nothing was imported"
            ) from None
        if wrapper.format_version > EXPORT_VERSION:
            raise PlanFileError(
                f"this export was made by a newer back-planner (format version "
                f"{wrapper.format_version}): upgrade back-planner to import it; "
                "nothing was imported"
            )
        if not visible(wrapper.name):
            raise PlanFileError("not a valid export: its name is empty; nothing was imported")
        name, notes, data = wrapper.name, wrapper.notes, wrapper.plan
    try:
        plan = plan_from_document(data)
    except PlanFileError as exc:
        raise PlanFileError(f"{exc}; nothing was imported") from None
    return plan, name, notes
