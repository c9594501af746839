"""Back-and-biceps training planner: the functional core (no UI, no database)."""

from planner.builder import PLANNER_VERSION, build_plan
from planner.catalog import EQUIPMENT_PRESETS, Catalog, load_catalog, resolve_equipment
from planner.errors import (
    DataFileError,
    InfeasibleRequestError,
    InvalidRequestError,
    PlannerError,
    UnknownEquipmentError,
)
from planner.models import Plan, PlanRequest
from planner.presets import Presets, load_presets
from planner.request import parse_request

__all__ = [
    "EQUIPMENT_PRESETS",
    "PLANNER_VERSION",
    "Catalog",
    "DataFileError",
    "InfeasibleRequestError",
    "InvalidRequestError",
    "Plan",
    "PlanRequest",
    "PlannerError",
    "Presets",
    "UnknownEquipmentError",
    "build_plan",
    "load_catalog",
    "load_presets",
    "parse_request",
    "resolve_equipment",
]
