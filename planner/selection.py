"""Exercise selection: which exercises each weekly session uses, in which order.

Sessions follow seed 000's structure: heavy compound back first, then moderate biceps, then
finishers. The same exercises repeat every week, so they can progress (seed 003, rule 10);
within a week, sessions use different variants and grips of each pattern (seed 001).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalog import Catalog
from planner.errors import InfeasibleRequestError
from planner.models import (
    LEVEL_LABELS,
    PATTERN_LABELS,
    REGION_LABELS,
    REGIONS,
    Equipment,
    Exercise,
    Pattern,
    PlanRequest,
    Region,
    Tier,
)

# Order inside a session: compounds (pulls, hinges), biceps, then finishers (seed 000;
# ACSM09 multi-joint before single-joint). Shrugs and upright rows sit with the finishers.
PHASE_OF_PATTERN: dict[Pattern, int] = {
    "vertical_pull": 0,
    "horizontal_pull": 0,
    "hinge": 1,
    "curl": 2,
    "shrug": 3,
    "pullover": 3,
    "rear_delt": 3,
    "back_extension": 3,
    "carry": 4,
}


@dataclass(frozen=True)
class Slot:
    """A place in a session: the patterns that may fill it and the region it is for."""

    name: str
    patterns: tuple[Pattern, ...]
    region: Region
    optional: bool = False  # dropped first when the time budget is tight


VERTICAL = Slot("vertical pull", ("vertical_pull",), "mid")
HORIZONTAL = Slot("horizontal pull", ("horizontal_pull",), "mid")
EXTRA_ROW = Slot("second row", ("horizontal_pull",), "mid", optional=True)
HINGE = Slot("hinge", ("hinge", "back_extension"), "lower")
EXTENSION = Slot("back extension", ("back_extension", "hinge"), "lower")
TRAPS = Slot("traps", ("shrug", "carry"), "upper")
CURL = Slot("curl", ("curl",), "biceps")
EXTRA_CURL = Slot("second curl", ("curl",), "biceps", optional=True)
FINISHER = Slot("finisher", ("pullover", "rear_delt"), "mid", optional=True)

# Heavy days hinge; lighter days use back extensions, kept light (seed 001: "in moderation").
SLOTS_BY_TIER: dict[Tier, tuple[Slot, ...]] = {
    "heavy": (VERTICAL, HORIZONTAL, HINGE, TRAPS, CURL, FINISHER),
    "moderate": (HORIZONTAL, VERTICAL, EXTENSION, TRAPS, CURL, FINISHER),
    "light": (VERTICAL, HORIZONTAL, EXTENSION, TRAPS, CURL, FINISHER),
}
# Where the optional extra slots go when volume needs them.
EXTRA_SLOTS: tuple[Slot, ...] = (EXTRA_ROW, EXTRA_CURL)


@dataclass(frozen=True)
class Choice:
    """An exercise picked for a slot, with the equipment option the lifter will use."""

    exercise: Exercise
    equipment: tuple[Equipment, ...]
    slot: Slot


@dataclass(frozen=True)
class SessionTemplate:
    tier: Tier
    choices: tuple[Choice, ...]


def candidate_pool(request: PlanRequest, catalog: Catalog) -> tuple[Exercise, ...]:
    """Exercises the lifter can do: equipment, skill gate (seed 001) and excluded regions."""
    excluded = [r for r in REGIONS if request.emphasis.of(r) == 0]
    return tuple(
        exercise
        for exercise in catalog.available(request.equipment, request.experience)
        if any(exercise.regions.of(r) > 0 for r in REGIONS)
        # AC8: an excluded region gets no exercise that is a prime mover for it.
        and not any(exercise.regions.of(r) == 1.0 for r in excluded)
    )


def check_feasible(request: PlanRequest, pool: tuple[Exercise, ...]) -> None:
    """Raise if a region the lifter wants trained has no usable exercise at all."""
    for region in REGIONS:
        if request.emphasis.of(region) == 0:
            continue
        if not any(exercise.regions.of(region) > 0 for exercise in pool):
            label = REGION_LABELS[region]
            raise InfeasibleRequestError(
                f"{label} cannot be trained with {_equipment_words(request.equipment)} at "
                f"{LEVEL_LABELS[request.experience].lower()} level: add equipment "
                f"(for example band or dumbbell) or set the {label.split(' ')[0]} emphasis to 0"
            )


def _equipment_words(equipment: tuple[str, ...]) -> str:
    return "bodyweight only" if not equipment else "equipment " + ", ".join(equipment)


def _score(exercise: Exercise, slot: Slot, tier: Tier, request: PlanRequest, used: dict) -> float:
    """Higher is better. Every term is a stated preference, not a random one."""
    score = 10.0 * exercise.regions.of(slot.region)
    score += 4.0 if exercise.pattern == slot.patterns[0] else 0.0
    if tier == "heavy":
        score += {"heavy": 3.0, "moderate": 1.0, "light": -2.0}[exercise.load]
        if exercise.main_lift and request.goal == "strength":
            score += 3.0  # NSCA/ACSM09: strength plans are built around main lifts
    else:
        score += {"heavy": -1.0, "moderate": 2.0, "light": -1.0}[exercise.load]
    if exercise.main_lift and request.goal == "fat_loss":
        score -= 2.0  # reference 2b note: keep one heavy compound, not several, in a deficit
    if exercise.regression and request.experience != "beginner":
        score -= 3.0  # assisted and eccentric pull-ups are for lifters not yet at bodyweight
    if exercise.seed:
        score += 1.5  # prefer the exercises the seed articles program
    if exercise.id in used["ids"]:
        score -= 8.0  # vary exercises across the week (seed 001)
    if exercise.grip and (exercise.pattern, exercise.grip) in used["grips"]:
        score -= 2.0  # vary grips and attachments (seed 001)
    return score


def _pick(
    slot: Slot,
    tier: Tier,
    pool: tuple[Exercise, ...],
    request: PlanRequest,
    taken: set[str],
    used: dict,
) -> Exercise | None:
    best: Exercise | None = None
    best_score = float("-inf")
    for exercise in pool:  # pool order breaks ties, so selection is deterministic
        if exercise.pattern not in slot.patterns or exercise.id in taken:
            continue
        if exercise.regions.of(slot.region) == 0:
            continue
        score = _score(exercise, slot, tier, request, used)
        if score > best_score:
            best, best_score = exercise, score
    return best


def choose_sessions(
    request: PlanRequest,
    pool: tuple[Exercise, ...],
    tiers: tuple[Tier, ...],
    extra_slots: tuple[Slot, ...] = (),
) -> tuple[tuple[SessionTemplate, ...], tuple[str, ...]]:
    """Pick every session's exercises; return the templates and any warnings."""
    tags = frozenset(request.equipment)
    used: dict = {"ids": set(), "grips": set()}
    warnings: list[str] = []
    templates: list[SessionTemplate] = []
    missing: set[str] = set()
    for tier in tiers:
        slots = list(SLOTS_BY_TIER[tier]) + list(extra_slots)
        taken: set[str] = set()
        choices: list[Choice] = []
        for slot in slots:
            if request.emphasis.of(slot.region) == 0:
                continue
            exercise = _pick(slot, tier, pool, request, taken, used)
            if exercise is None and slot in (VERTICAL, HORIZONTAL):
                missing.add(slot.patterns[0])
                # Keep the session's mid volume: fall back to any other mid exercise.
                fallback = Slot(slot.name, ("horizontal_pull", "vertical_pull", "rear_delt", "pullover"), "mid")
                exercise = _pick(fallback, tier, pool, request, taken, used)
            if exercise is None:
                continue
            option = exercise.option_for(tags)
            assert option is not None  # the pool only holds doable exercises
            taken.add(exercise.id)
            used["ids"].add(exercise.id)
            if exercise.grip:
                used["grips"].add((exercise.pattern, exercise.grip))
            choices.append(Choice(exercise, option, slot))
        choices.sort(key=lambda c: PHASE_OF_PATTERN[c.exercise.pattern])  # stable within a phase
        templates.append(SessionTemplate(tier, tuple(choices)))
    for pattern in sorted(missing):
        warnings.append(_missing_pattern_warning(pattern, request))
    if request.emphasis.upper > 0 and not any(
        c.exercise.regions.upper == 1.0 for t in templates for c in t.choices
    ):
        warnings.append(
            "No direct trap exercise is possible with this equipment: upper traps get indirect "
            "work from rows and hinges, which is enough to maintain them (RP5: traps MEV 0)."
        )
    return tuple(templates), tuple(warnings)


def _missing_pattern_warning(pattern: Pattern, request: PlanRequest) -> str:
    label = PATTERN_LABELS[pattern].lower()
    where = _equipment_words(request.equipment)
    if pattern == "vertical_pull":
        return (
            f"No {label} is possible with {where}: mid-back work is rows only. "
            "Add a pull-up bar, cable or band with a door anchor for lat width (seed 001)."
        )
    if request.experience == "beginner":
        return (
            f"No beginner-safe {label} is possible with {where}: free-standing bent-over and "
            "partial-kneel rows come after chest-supported or cable rows (seed 001). Add a "
            "bench for supported dumbbell rows; until then mid back gets prone Y-T raises."
        )
    return f"No {label} is possible with {where}: mid-back work leans on the other patterns."
