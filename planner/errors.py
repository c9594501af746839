"""Domain errors. Every message tells a lifter (or a maintainer) what to change."""


class PlannerError(Exception):
    """Base class: anything the planner or the store raises on purpose."""


class InvalidRequestError(PlannerError, ValueError):
    """A request value is out of range or of the wrong kind."""


class UnknownEquipmentError(InvalidRequestError):
    """An equipment tag or preset name the planner does not know."""


class InfeasibleRequestError(PlannerError):
    """A valid request that cannot be planned, e.g. a region with no usable exercise."""


class DataFileError(PlannerError):
    """A data file (exercises.yaml, presets.yaml) is missing or broken."""


class PlanFileError(PlannerError):
    """A plan JSON document that is not a valid plan (tampered, foreign or truncated)."""
