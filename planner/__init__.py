"""Back-and-biceps training planner: the functional core (no UI, no database)."""

import sys as _sys

if _sys.argv[:1] == ["-m"]:
    # `python -m planner` imports the whole package before planner.cli.main can catch Ctrl-C:
    # until then, exit 130 without a traceback. _signal (not signal) keeps this moment short.
    import _signal
    import os as _os

    def _quiet_exit(signum: int, frame: object) -> None:
        _os._exit(130)

    _signal.signal(_signal.SIGINT, _quiet_exit)

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
