"""Periodization: how volume, effort and rep ranges move from week to week.

- Volume starts near MEV and ramps toward, never past, MRV (RP1/RP3; reference section 7).
- RIR falls across the accumulation weeks, 3 -> 0 for growth (RP6; reference section 3).
- Models (reference section 9): linear keeps each exercise's rep range and progresses load;
  undulating also alternates heavy and moderate weeks; block runs an accumulation phase
  (lighter, more reps) then an intensification phase (heavier, volume held).
- The final week is a deload: about half the sets at RIR 4 or more (RP8, R24).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from planner import rules
from planner.models import (
    REGIONS,
    Exercise,
    Landmark,
    PeriodizationModel,
    PlanRequest,
    Region,
    Role,
    Tier,
)
from planner.presets import GoalPreset, Presets
from planner.rules import DELOAD_EVERY
from planner.sources import cite

# Focus (emphasis 2): weekly sets added at the start and at the ceiling (RP1: a specialised
# muscle trains nearer its MRV; J: +3 at the start, so the gain shows from week 1).
FOCUS_START = 3
FOCUS_CAP = 4

LIGHTER: dict[Tier, Tier] = {"heavy": "moderate", "moderate": "light", "light": "light"}
HEAVIER: dict[Tier, Tier] = {"heavy": "heavy", "moderate": "heavy", "light": "moderate"}

# AC5: even fat-loss sets stay at or under 25 reps, so they still count as hard sets.
MAX_REPS = 25

# NSCA training-load chart, %1RM by reps to failure (reference 4a).
NSCA_PCT: dict[int, float] = {
    1: 100,
    2: 95,
    3: 93,
    4: 90,
    5: 87,
    6: 85,
    7: 83,
    8: 80,
    9: 77,
    10: 75,
    12: 70,
    15: 65,
}


@dataclass(frozen=True)
class WeekPlan:
    """What periodization decides for one week, before sets are assigned."""

    week: int
    deload: bool
    phase: str
    target_rir: float
    targets: dict[Region, float]
    caps: dict[Region, float]
    meso: int = 0  # mesocycle number (0-based); each ends in a deload


def resolve_model(request: PlanRequest, presets: Presets) -> PeriodizationModel:
    return request.model or presets.goals[request.goal].default_model


def landmarks(request: PlanRequest, presets: Presets) -> dict[Region, Landmark]:
    """Landmarks for the request's level and sessions per week (reference Table 1b)."""
    out: dict[Region, Landmark] = {}
    for region in REGIONS:
        row = presets.landmarks[region][request.experience]
        out[region] = Landmark(
            mv=row.mv, mev=row.mev, mav=row.mav, mrv=row.mrv[request.sessions - 1]
        )
    return out


def accumulation_weeks(request: PlanRequest) -> int:
    return sum(1 for week in week_shape(request) if not week[1])


def week_shape(request: PlanRequest) -> list[tuple[int, bool, int, int]]:
    """(mesocycle, deload, index in mesocycle, hard weeks in mesocycle) for every week.

    With deloads on, a block becomes as few mesocycles as keep each to at most
    `DELOAD_EVERY` hard weeks, each ending in a deload (RP8; R24: deload every 5.6 +/- 2.3
    weeks); the weeks are shared out as evenly as possible, longer mesocycles first.
    """
    if not request.deload:
        return [(0, False, i, request.weeks) for i in range(request.weeks)]
    count = math.ceil(request.weeks / (DELOAD_EVERY + 1))
    base, extra = divmod(request.weeks, count)
    shape = []
    for meso in range(count):
        length = base + (meso < extra)
        hard = length - 1
        shape += [(meso, False, i, hard) for i in range(hard)]
        shape.append((meso, True, hard, hard))
    return shape


def week_rir(preset: GoalPreset, index: int, n_acc: int) -> float:
    """RIR for hard week `index` (0-based) of a mesocycle: a straight ramp in whole reps
    (RP6: RIR is judged in whole reps), rounded up so the ramp never starts too hard."""
    if n_acc <= 1:
        return float(math.ceil(preset.rir.start))
    raw = preset.rir.start - (preset.rir.start - preset.rir.end) * index / (n_acc - 1)
    return float(math.ceil(raw - 1e-9))


def phase_of(model: PeriodizationModel, index: int, n_acc: int) -> str:
    if model == "block" and index >= math.ceil(n_acc / 2):
        return "intensification"
    return "accumulation"


def region_targets(request: PlanRequest, presets: Presets) -> tuple[dict, dict]:
    """Week-1 start and the ceiling of weekly volume for each trained region."""
    preset = presets.goals[request.goal]
    ceiling = presets.session_ceiling[request.experience] * request.sessions
    starts: dict[Region, float] = {}
    caps: dict[Region, float] = {}
    for region in REGIONS:
        emphasis = request.emphasis.of(region)
        if emphasis == 0:
            starts[region], caps[region] = 0.0, 0.0
            continue
        row = presets.landmarks[region][request.experience]
        mrv = row.mrv[request.sessions - 1]
        cap = mrv if preset.volume.cap == "mrv" else min(mrv, row.mav[0] + 2)
        start = max(row.mv, row.start + preset.volume.start_offset)
        # Focus (emphasis 2) specialises: start FOCUS_START and ceiling FOCUS_CAP sets higher,
        # never past MRV (RP1); 2 and 2 in a fat-loss block.
        if emphasis == 2:
            # In a deficit Focus takes a smaller step (RP12: recovery is lower), but it
            # still adds sets the plan can show.
            gain = (FOCUS_START, FOCUS_CAP) if request.goal != "fat_loss" else (2, 2)
            start, cap = start + gain[0], min(mrv, cap + gain[1])
        cap = min(cap, ceiling)
        starts[region], caps[region] = min(start, cap), cap
    if request.emphasis.mid:
        # Seed routine "common mistakes": never plan more biceps than mid-back work.
        starts["biceps"] = rules.biceps_target(starts["biceps"], starts["mid"])
        caps["biceps"] = rules.biceps_target(caps["biceps"], caps["mid"])
    return starts, caps


def week_plans(request: PlanRequest, presets: Presets) -> tuple[WeekPlan, ...]:
    """Targets, RIR and phase for every week of the block, mesocycle by mesocycle."""
    preset = presets.goals[request.goal]
    model = resolve_model(request, presets)
    starts, caps = region_targets(request, presets)
    weeks: list[WeekPlan] = []
    held: dict[Region, float] = {}
    for number, (meso, deload, index, n_acc) in enumerate(week_shape(request), start=1):
        if deload:
            weeks.append(
                WeekPlan(number, True, "deload", presets.deload.target_rir, held, caps, meso)
            )
            continue
        phase = phase_of(model, index, n_acc)
        if phase == "intensification":
            targets = dict(held)  # block model: hold volume while intensity rises
        else:
            # A later mesocycle starts one step above the first (RP1: MEV rises as you adapt).
            start = {
                r: starts[r] + (preset.volume.step if meso and starts[r] else 0) for r in REGIONS
            }
            targets = {r: min(caps[r], start[r] + preset.volume.step * index) for r in REGIONS}
            held = targets
        weeks.append(
            WeekPlan(number, False, phase, week_rir(preset, index, n_acc), targets, caps, meso)
        )
    return tuple(weeks)


def role_of(exercise: Exercise) -> Role:
    if exercise.main_lift:
        return "main"
    if exercise.compound:
        return "compound"
    if exercise.pattern in ("back_extension", "rear_delt") or exercise.load == "light":
        # Seed 001: hyperextensions light; reference 2b: rear-delt work 10-20 reps;
        # SC21: low external loads need more reps.
        return "light"
    return "isolation"


def session_tier(model: PeriodizationModel, base: Tier, week: WeekPlan, index: int) -> Tier:
    """The tier an exercise is trained at in this week, given its session's base tier."""
    if week.deload:
        return base
    if model == "undulating" and index % 2 == 1:
        return LIGHTER[base] if base == "heavy" else HEAVIER[base]  # weekly undulation (RH02)
    if model == "block":
        return HEAVIER[base] if week.phase == "intensification" else LIGHTER[base]
    return base


# The rep ranges coaches write (J): a computed range snaps to the nearest of these.
ROUND_RANGES: tuple[tuple[int, int], ...] = (
    (3, 5),
    (4, 6),
    (5, 8),
    (6, 8),
    (6, 10),
    (8, 10),
    (8, 12),
    (10, 12),
    (10, 15),
    (12, 15),
    (15, 20),
    (20, 25),
)


@cache
def snap_reps(low: int, high: int) -> tuple[int, int]:
    """The round range nearest to `low`-`high` (ties: the lower one)."""
    return min(ROUND_RANGES, key=lambda r: (abs(r[0] - low) + abs(r[1] - high), r))


def rep_range(preset: GoalPreset, tier: Tier, role: Role, exercise: Exercise) -> tuple[int, int]:
    if exercise.rep_unit == "s":
        return exercise.reps
    return snap_reps(*_raw_rep_range(preset, tier, role, exercise))


def _raw_rep_range(
    preset: GoalPreset, tier: Tier, role: Role, exercise: Exercise
) -> tuple[int, int]:
    low, high = preset.reps[tier][role]
    if exercise.load == "light":
        # Bands and light bodyweight drills: low external load, so sets need more reps to get
        # near failure (SC21: 6-30 reps similar near failure; IV21: 15-40 reps if to failure).
        # Shift the goal's range up by as much as the exercise's range starts above 8 reps,
        # so fat loss still has more reps than growth, and growth than strength.
        shift = max(0, exercise.reps[0] - 8)
        low, high = min(low + shift, MAX_REPS), min(high + shift, MAX_REPS)
    elif exercise.load == "bodyweight":
        # Pull-ups and rows on a bar: the load is the lifter, so keep the goal's range width
        # but slide it inside the exercise's typical range (reference 11b).
        ex_low, ex_high = exercise.reps
        width = high - low
        if low > ex_high:
            low, high = max(ex_low, ex_high - width), ex_high
        elif high < ex_low:
            low, high = ex_low, min(ex_high, ex_low + width)
        else:
            low, high = max(low, ex_low), min(high, ex_high)
        if high - low < 2:  # a range, not a single number: double progression needs room (RB)
            high = min(ex_high, low + 2)
            low = max(ex_low, high - 2)
    return low, high


def rir_for(week: WeekPlan, role: Role, exercise: Exercise) -> float:
    """Week RIR with floors: no failure on compounds, hinges and extensions stay further off."""
    if week.deload:
        return week.target_rir
    floor = 0.0
    if role in ("main", "compound"):
        floor = 1.0  # reference 3: failure only on isolation work in the last week
    if exercise.pattern in ("hinge", "back_extension"):
        floor = 2.0  # seed 001: stiff-legged deadlifts "avoid going to failure"; hypers light
    return max(week.target_rir, floor)


def pct_1rm(reps_max: int, rir: float) -> float:
    """Starting load as %1RM for a set of `reps_max` reps at `rir` (NSCA chart, Epley past 15)."""
    to_failure = reps_max + rir
    if to_failure > 15:
        return float(math.floor(100 / (1 + to_failure / 30) + 0.5))  # whole percent
    points = sorted(NSCA_PCT)
    low = max(p for p in points if p <= to_failure)
    high = min(p for p in points if p >= to_failure)
    if low == high:
        return float(NSCA_PCT[low])
    share = (to_failure - low) / (high - low)
    return float(math.floor(NSCA_PCT[low] + (NSCA_PCT[high] - NSCA_PCT[low]) * share + 0.5))


ROLE_WORDS: dict[Role, str] = {
    "main": "main lift",
    "compound": "compound pull",
    "isolation": "isolation exercise",
    "light": "light accessory",
}
GOAL_REASON: dict[str, str] = {
    "growth": "for muscle growth, sets taken close to failure in the 6-20 rep range build "
    "muscle alike, and longer rests keep the next set's reps up",
    "fat_loss": "in a fat-loss block, moderate loads, higher reps and short rests keep the "
    "session dense while the sets stay hard enough to keep muscle",
    "strength": "for strength, heavy sets of few reps with long rests train the lift itself, "
    "and lighter assistance work builds the muscle behind it",
}
GOAL_SOURCES: dict[str, tuple[str, ...]] = {
    "growth": ("SC21", "S16r"),
    "fat_loss": ("SEED-ROUTINE", "HE15"),
    "strength": ("NSCA", "ACSM09"),
}


def rationale(
    goal: str,
    tier: Tier,
    role: Role,
    exercise: Exercise,
    week: WeekPlan,
    level: str,
    reps: tuple[int, int],
    rest_s: int,
    rir: float,
    pct: float | None,
) -> str:
    """Why this prescription, in plain words and its own numbers, with readable citations."""
    return _rationale_text(goal, tier, role, exercise, week.deload, level, reps, rest_s, rir, pct)


# Memoised: a pure function of hashable values (frozen models, numbers), called for every
# (week, session, exercise) of every re-planning the audit does; the text depends on the week
# only through its deload flag.
@cache
def _rationale_text(
    goal: str,
    tier: Tier,
    role: Role,
    exercise: Exercise,
    deload: bool,
    level: str,
    reps: tuple[int, int],
    rest_s: int,
    rir: float,
    pct: float | None,
) -> str:
    """Why this prescription, in plain words and its own numbers, with readable citations."""
    unit = "s" if exercise.rep_unit == "s" else "reps"
    load = f" at about {pct:g} % of your 1RM" if pct is not None else ""
    head = (
        f"{ROLE_WORDS[role].capitalize()} on a {tier} day: {reps[0]}-{reps[1]} {unit}{load}, "
        f"{rest_s} s rest, stopping about {rir:g} reps short of failure"
    )
    parts = [f"{head}; {GOAL_REASON[goal]} ({cite(*GOAL_SOURCES[goal])})"]
    if level == "beginner" and goal == "strength":
        parts.append(
            f"beginners build strength with 8-12 rep sets, not %1RM loads ({cite('ACSM09')})"
        )
    if pct is not None and exercise.load == "heavy" and exercise.pattern == "vertical_pull":
        parts.append("for a weighted pull-up your 1RM counts your bodyweight plus the added load")
    if exercise.load in ("light", "bodyweight") and exercise.rep_unit == "reps":
        parts.append(
            f"the load is light or your bodyweight, so the reps rise until the set is hard "
            f"({cite('SC21')})"
        )
    if deload:
        parts.append(
            f"deload week: about half the sets, 4+ reps in reserve, to shed fatigue "
            f"({cite('RP8', 'R24')})"
        )
    else:
        parts.append(
            f"effort rises through the block, weekly sets climb from the minimum effective "
            f"volume toward your recoverable maximum ({cite('RP1', 'RP6')})"
        )
    if exercise.pattern in ("hinge", "back_extension"):
        parts.append(
            f"the lower back is trained in moderation, 2+ reps short of failure "
            f"({cite('SEED-REGIONS')})"
        )
    if level == "beginner":
        parts.append(f"beginners do 1-2 quality sets per exercise ({cite('SEED-REGIONS')})")
    return "; ".join(parts) + "."


def progression(
    exercise: Exercise,
    equipment: tuple[str, ...],
    reps: tuple[int, int],
    week: WeekPlan,
    level: str,
    pct: float | None,
) -> str:
    """How to progress this exercise from session to session (RB double progression)."""
    low, high = reps
    if week.deload:
        return (
            "Deload: keep the load (or take about 10 % off), do the listed sets and stop 4+ reps "
            f"short of failure ({cite('RP8')})."
        )
    if exercise.rep_unit == "s":
        return f"When the carry feels easy for the full time, add 5-10 % load ({cite('ACSM09')})."
    start = f"Start near {pct:g} % of 1RM. " if pct is not None else ""
    if pct is not None and exercise.load == "heavy" and exercise.pattern == "vertical_pull":
        start = (
            f"Start near {pct:g} % of 1RM, where 1RM counts your bodyweight plus the belt load. "
        )
    if exercise.load == "bodyweight":
        return (
            f"{start}Add a rep per set until every set reaches {high}, then add load (belt or "
            f"dumbbell) or a 3 s lowering and go back to the bottom of the range (double "
            f"progression, {cite('RB')})."
        )
    if exercise.load == "light":
        harder = (
            "use a stronger band or a longer lever"
            if "band" in equipment
            else "add a 1-2 s hold at the top or a light weight"
        )
        return (
            f"When every set reaches {high} reps, {harder} and go back to {low} "
            f"(double progression, {cite('RB')})."
        )
    jump = "5-10 %" if exercise.pattern == "hinge" else "2.5-5 %"
    if level == "beginner":
        return (
            f"{start}Add a little load each session while every set still reaches {low}+ reps; "
            f"when it stalls, switch to double progression ({cite('RB')})."
        )
    if "dumbbell" in equipment:
        return (
            f"When every set reaches {high} reps at the target RIR, take the next dumbbell and go "
            f"back to {low}; dumbbell jumps can top 10 %, so build reps first ({cite('RB')})."
        )
    return (
        f"{start}When the last set beats {high} reps at the target RIR in two sessions running, "
        f"add {jump} and go back to {low} reps (the 2-for-2 rule, {cite('2FOR2', 'ACSM09')})."
    )
