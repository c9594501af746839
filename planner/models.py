"""Domain vocabulary and the pydantic models that flow in and out of the planner.

Closed sets (goals, levels, regions, patterns, equipment) are defined once here.
Every model is frozen, so a request is hashable and the UI can cache plans on it.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

Goal = Literal["fat_loss", "growth", "strength"]
Level = Literal["beginner", "intermediate", "advanced"]
Region = Literal["upper", "mid", "lower", "biceps"]
Pattern = Literal[
    "vertical_pull",
    "horizontal_pull",
    "pullover",
    "shrug",
    "rear_delt",
    "hinge",
    "back_extension",
    "curl",
    "carry",
]
Equipment = Literal[
    "barbell",
    "ez_bar",
    "dumbbell",
    "bench",
    "rack",
    "landmine",
    "cable",
    "machine",
    "pullup_bar",
    "suspension",
    "band",
    "hyperextension",
]
PeriodizationModel = Literal["linear", "undulating", "block"]
Tier = Literal["heavy", "moderate", "light"]
# Role decides which rep/rest row of a goal preset an exercise takes.
Role = Literal["main", "compound", "isolation", "light"]

GOALS: tuple[Goal, ...] = get_args(Goal)
LEVELS: tuple[Level, ...] = get_args(Level)
REGIONS: tuple[Region, ...] = get_args(Region)
PATTERNS: tuple[Pattern, ...] = get_args(Pattern)
EQUIPMENT: tuple[Equipment, ...] = get_args(Equipment)
MODELS: tuple[PeriodizationModel, ...] = get_args(PeriodizationModel)

GOAL_LABELS: dict[Goal, str] = {
    "fat_loss": "Fat loss",
    "growth": "Muscle growth",
    "strength": "Strength",
}
LEVEL_LABELS: dict[Level, str] = {
    "beginner": "Beginner",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
}
REGION_LABELS: dict[Region, str] = {
    "upper": "Upper (traps)",
    "mid": "Mid (lats & rhomboids)",
    "lower": "Lower (erectors)",
    "biceps": "Biceps",
}
# The sidebar's labels for emphasis 0, 1 and 2 (the CLI's --upper/--mid/--lower/--biceps).
EMPHASIS_LABELS: dict[int, str] = {0: "Skip", 1: "Normal", 2: "Focus"}
PATTERN_LABELS: dict[Pattern, str] = {
    "vertical_pull": "Vertical pull",
    "horizontal_pull": "Horizontal pull",
    "pullover": "Pullover",
    "shrug": "Shrug / upright row",
    "rear_delt": "Rear delt / scapular",
    "hinge": "Hinge",
    "back_extension": "Back extension",
    "curl": "Curl",
    "carry": "Carry",
}
EQUIPMENT_LABELS: dict[Equipment, str] = {
    "barbell": "Barbell",
    "ez_bar": "EZ bar",
    "dumbbell": "Dumbbells",
    "bench": "Bench",
    "rack": "Rack",
    "landmine": "Landmine",
    "cable": "Cable",
    "machine": "Machine",
    "pullup_bar": "Pull-up bar",
    "suspension": "Suspension trainer",
    "band": "Band",
    "hyperextension": "Hyperextension bench",
}
# Compound patterns come before isolation work in every session (seed 000; ACSM09).
COMPOUND_PATTERNS: frozenset[Pattern] = frozenset({"vertical_pull", "horizontal_pull", "hinge"})
LEVEL_RANK: dict[Level, int] = {"beginner": 0, "intermediate": 1, "advanced": 2}

# NaN and Infinity are never a training number (and a NaN plan cannot be compared or re-read).
_FROZEN = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class RegionCredit(BaseModel):
    """Fractional set credit per region: 1.0 prime mover, 0.5 synergist (reference section 0)."""

    model_config = _FROZEN

    upper: float = 0.0
    mid: float = 0.0
    lower: float = 0.0
    biceps: float = 0.0

    def of(self, region: Region) -> float:
        return getattr(self, region)

    @field_validator("upper", "mid", "lower", "biceps")
    @classmethod
    def _fractional_scheme(cls, value: float) -> float:
        if value not in (0.0, 0.5, 1.0):
            raise ValueError("must be 0, 0.5 or 1 (P24 fractional counting)")
        return value


class RegionVolume(BaseModel):
    """Weekly (or per-session) fractional hard sets per region."""

    model_config = _FROZEN

    upper: float = 0.0
    mid: float = 0.0
    lower: float = 0.0
    biceps: float = 0.0

    def of(self, region: Region) -> float:
        return getattr(self, region)


class Emphasis(BaseModel):
    """How much each region is trained: 0 excludes it, 1 is normal, 2 specialises."""

    model_config = _FROZEN

    upper: int = Field(1, ge=0, le=2)
    mid: int = Field(1, ge=0, le=2)
    lower: int = Field(1, ge=0, le=2)
    biceps: int = Field(1, ge=0, le=2)

    def of(self, region: Region) -> int:
        return getattr(self, region)


class PlanRequest(BaseModel):
    """What a lifter asks for. Build one with `planner.parse_request` to get friendly errors."""

    model_config = _FROZEN

    goal: Goal
    experience: Level
    # Sorted, de-duplicated tags; bodyweight is always available and has no tag.
    equipment: tuple[Equipment, ...] = ()
    weeks: int = Field(5, ge=3, le=12)
    sessions: int = Field(2, ge=1, le=3)
    minutes: int = Field(60, ge=30, le=120)
    model: PeriodizationModel | None = None
    deload: bool = True
    emphasis: Emphasis = Emphasis()

    @field_validator("equipment", mode="before")
    @classmethod
    def _normalise_equipment(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        if isinstance(value, (list, tuple, set, frozenset)):
            return tuple(sorted({str(tag).strip() for tag in value}))
        return value


class Exercise(BaseModel):
    """One catalogue entry (data/exercises.yaml)."""

    model_config = _FROZEN

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    ref: str  # the entry's number in the team's exercise catalogue (kept for traceability)
    name: str
    pattern: Pattern
    # Alternatives: any one inner list, all of whose tags are needed. [[]] means bodyweight.
    equipment: tuple[tuple[Equipment, ...], ...]
    regions: RegionCredit
    skill: Level
    unilateral: bool = False
    reps: tuple[int, int]
    rep_unit: Literal["reps", "s"] = "reps"
    main_lift: bool = False  # a heavy compound that takes the goal's "main" rep range
    # bodyweight: reps follow the lifter's ability, so they stay inside the typical range
    load: Literal["heavy", "moderate", "light", "bodyweight"] = "moderate"
    grip: str = ""
    regression: bool = False  # an easier variant (assisted, eccentric) meant for beginners
    seed: bool = False  # named by one of the seed articles
    # Exercises with the same movement are one movement done on different kit (an inverted row
    # on a bar or on straps): a session never holds two of them. "" means the id.
    movement: str = ""
    # An object from home (a door frame, a backpack) instead of gym kit: only used when the
    # lifter has nothing better for the pattern.
    household: bool = False
    cue: str
    basis: str

    @field_validator("equipment")
    @classmethod
    def _at_least_one_option(cls, value: tuple) -> tuple:
        if not value:
            raise ValueError("needs at least one option; use [[]] for bodyweight")
        return value

    @field_validator("reps")
    @classmethod
    def _ordered_reps(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not 1 <= low <= high <= 60:
            raise ValueError("must be [low, high] with 1 <= low <= high <= 60")
        return value

    @property
    def compound(self) -> bool:
        return self.pattern in COMPOUND_PATTERNS

    def option_for(self, available: frozenset[str]) -> tuple[Equipment, ...] | None:
        """Return the first equipment option the lifter has, or None."""
        for option in self.equipment:
            if set(option) <= available:
                return option
        return None


class SessionItem(BaseModel):
    """A warm-up or cool-down item: not a working set, never counted as volume."""

    model_config = _FROZEN

    name: str
    detail: str
    minutes: float = Field(ge=0, le=60)


class Prescription(BaseModel):
    """One exercise in one session of one week."""

    model_config = _FROZEN

    order: int = Field(ge=1)
    id: str
    name: str
    pattern: Pattern
    role: Role
    equipment: tuple[Equipment, ...]
    # Bounds of a plausible prescription (imports are checked against them): reps as in the
    # catalogue (1-60, reps or seconds), rest up to 10 min, RIR on the 0-10 scale (Zourdos 2016).
    sets: int = Field(ge=1, le=20)
    reps_min: int = Field(ge=1, le=60)
    reps_max: int = Field(ge=1, le=60)
    rest_s: int = Field(ge=0, le=600)
    target_rir: float = Field(ge=0, le=10)
    pct_1rm: float | None = Field(None, gt=0, le=100)
    rep_unit: Literal["reps", "s"] = "reps"
    unilateral: bool = False
    regions: RegionCredit
    cue: str
    rationale: str
    # How to progress it from session to session (double progression, load jumps; section 7).
    progression: str = ""

    @model_validator(mode="after")
    def _ordered_reps(self) -> Prescription:
        if self.reps_min > self.reps_max:
            raise ValueError(f"reps_min ({self.reps_min}) is above reps_max ({self.reps_max})")
        return self


class Session(BaseModel):
    model_config = _FROZEN

    session: int = Field(ge=1, le=3)
    tier: Tier
    minutes: float = Field(ge=0, le=240)
    warmup: tuple[SessionItem, ...]
    exercises: tuple[Prescription, ...]
    cooldown: tuple[SessionItem, ...]


class Week(BaseModel):
    model_config = _FROZEN

    week: int = Field(ge=1, le=12)
    deload: bool
    phase: Literal["accumulation", "intensification", "deload"]
    target_rir: float = Field(ge=0, le=10)
    volume: RegionVolume
    sessions: tuple[Session, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Week:
        problem = self.inconsistency()
        if problem:
            raise ValueError(problem)
        return self

    def inconsistency(self) -> str | None:
        """Say what in this week contradicts itself (a hand-edited file), or None."""
        if self.deload != (self.phase == "deload"):
            return f"week {self.week}: deload and phase disagree"
        if [s.session for s in self.sessions] != list(range(1, len(self.sessions) + 1)):
            return f"week {self.week}: sessions must be numbered 1, 2, ... in order"
        for session in self.sessions:
            orders = [p.order for p in session.exercises]
            if orders != list(range(1, len(orders) + 1)):
                return (
                    f"week {self.week} session {session.session}: exercises must be numbered "
                    "1, 2, ... in order"
                )
        for region in REGIONS:  # reference section 0: volume = sum of sets x credit
            counted = sum(p.sets * p.regions.of(region) for s in self.sessions for p in s.exercises)
            if abs(counted - self.volume.of(region)) > 1e-6:
                return (
                    f"week {self.week}: volume does not match its exercises' sets x region "
                    f"credits ({region}: {self.volume.of(region):g} stated, {counted:g} counted)"
                )
        return None


class Landmark(BaseModel):
    """Weekly volume landmarks for one region at the request's level and frequency."""

    model_config = _FROZEN

    mv: float = Field(ge=0, le=60)
    mev: float = Field(ge=0, le=60)
    mav: tuple[Annotated[float, Field(ge=0, le=60)], Annotated[float, Field(ge=0, le=60)]]
    mrv: float = Field(ge=0, le=60)


class Plan(BaseModel):
    model_config = _FROZEN

    planner_version: StrictStr = Field(pattern=r"^\d{1,3}\.\d{1,3}$")
    request: PlanRequest
    model: PeriodizationModel
    landmarks: dict[Region, Landmark]
    warnings: tuple[str, ...]
    weeks: tuple[Week, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        problem = self._request_mismatch()  # each week checked itself when it was built
        if problem:
            raise ValueError(problem)
        return self

    def inconsistency(self) -> str | None:
        """Say what in this plan contradicts itself or its request, or None.

        Validation runs these checks on every plan built from data; call this on a plan made
        with `model_copy(update=...)`, which skips validation.
        """
        return self._request_mismatch() or next(
            (problem for week in self.weeks if (problem := week.inconsistency())), None
        )

    def _request_mismatch(self) -> str | None:
        numbers = [w.week for w in self.weeks]
        if numbers != list(range(1, self.request.weeks + 1)):
            return (
                f"weeks must be numbered 1 to {self.request.weeks}, as its request asks "
                f"(found {numbers})"
            )
        sessions = self.request.sessions
        for week in self.weeks:
            if len(week.sessions) != sessions:
                return f"week {week.week} must have {sessions} sessions, as its request asks"
        return None
