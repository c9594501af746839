"""Goal and level presets (data/presets.yaml): rep ranges, rest, RIR, volume landmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from planner.datafile import DATA_DIR, read_yaml, validate
from planner.models import Goal, Level, PeriodizationModel, Region, Role, Tier

PRESETS_FILE = DATA_DIR / "presets.yaml"

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class LandmarkRow(BaseModel):
    model_config = _FROZEN

    mv: float = Field(ge=0)
    mev: float = Field(ge=0)
    mav: tuple[float, float]
    mrv: tuple[float, float, float]  # at 1, 2 and 3 sessions a week
    start: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> LandmarkRow:
        if not self.mv <= self.mev <= self.mav[0] <= self.mav[1]:
            raise ValueError("landmarks must satisfy mv <= mev <= mav low <= mav high")
        if not self.mrv[0] <= self.mrv[1] <= self.mrv[2]:
            raise ValueError("mrv must not fall as sessions rise")
        return self


class VolumeRule(BaseModel):
    model_config = _FROZEN

    start_offset: float
    step: float = Field(gt=0)
    cap: Literal["mrv", "mav_low_plus_2"]


class RirRule(BaseModel):
    model_config = _FROZEN

    start: float = Field(ge=0, le=4)
    end: float = Field(ge=0, le=4)


RepRow = dict[Role, tuple[int, int]]


class GoalPreset(BaseModel):
    model_config = _FROZEN

    default_model: PeriodizationModel
    single_session_tier: Tier
    volume: VolumeRule
    rir: RirRule
    reps: dict[Tier, RepRow]
    rest_s: dict[Role, int]
    pct_1rm: bool
    why: str
    main_min_sets: int | None = None


class TimeModel(BaseModel):
    model_config = _FROZEN

    warmup_min: float
    short_warmup_min: float
    cooldown_min: float
    s_per_rep: float
    setup_s: float


class DeloadRule(BaseModel):
    model_config = _FROZEN

    volume_fraction: tuple[float, float]
    target_rir: float = Field(ge=4)


class Presets(BaseModel):
    model_config = _FROZEN

    session_ceiling: dict[Level, float]
    sets_per_exercise: dict[Level, tuple[int, int]]
    max_hinge_sets_per_week: int
    landmarks: dict[Region, dict[Level, LandmarkRow]]
    session_tiers: dict[int, tuple[Tier, ...]]
    time_model: TimeModel
    deload: DeloadRule
    goals: dict[Goal, GoalPreset]

    @model_validator(mode="after")
    def _complete(self) -> Presets:
        from planner.models import GOALS, LEVELS, REGIONS

        for goal in GOALS:
            if goal not in self.goals:
                raise ValueError(f"goals: missing goal {goal!r}")
        for region in REGIONS:
            missing = [lv for lv in LEVELS if lv not in self.landmarks.get(region, {})]
            if missing:
                raise ValueError(f"landmarks.{region}: missing levels {missing}")
        for sessions in (1, 2, 3):
            if len(self.session_tiers.get(sessions, ())) != sessions:
                raise ValueError(f"session_tiers.{sessions}: needs exactly {sessions} tiers")
        return self


_PRESETS = TypeAdapter(Presets)


def load_presets(path: Path = PRESETS_FILE) -> Presets:
    """Load and validate the presets file; errors name the file and the field."""
    return validate(_PRESETS, read_yaml(path), path)
