"""Exercise selection: which exercises each weekly session uses, in which order.

Sessions follow seed 000's structure: heavy compound back first, then moderate biceps, then
finishers. The same exercises repeat every week, so they can progress (seed 003, rule 10);
within a week, sessions use different variants and grips of each pattern (seed 001).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalog import Catalog
from planner.errors import InfeasibleRequestError, InvalidRequestError
from planner.models import (
    COMPOUND_PATTERNS,
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
from planner.rules import (
    adding_keeps_biceps_behind_mid,
    biceps_behind_mid,
    biceps_heavy,
    demand,
)
from planner.sources import cite

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
FINISHER = Slot("finisher", ("pullover", "rear_delt"), "mid", optional=True)

# Heavy days hinge; lighter days use back extensions, kept light (seed 001: "in moderation").
# Slot order is priority order when the week-1 budget or the clock is short: the curl comes
# before the traps slot so the one direct biceps exercise is placed before optional trap work
# that also credits biceps (upright rows). Sessions are re-sorted for display (PHASE_OF_PATTERN).
SLOTS_BY_TIER: dict[Tier, tuple[Slot, ...]] = {
    "heavy": (VERTICAL, HORIZONTAL, HINGE, CURL, TRAPS, FINISHER),
    "moderate": (HORIZONTAL, VERTICAL, EXTENSION, CURL, TRAPS, FINISHER),
    "light": (VERTICAL, HORIZONTAL, EXTENSION, CURL, TRAPS, FINISHER),
}
# Optional extra slots, added when the peak volume needs them. Biceps need no second curl:
# one curl plus half credit from every pull covers their MAV (reference 1b note 2).
# With mid back skipped, or with Focus on biceps or traps, one exercise cannot carry the
# weekly sets at the level's sets per exercise: a second curl or trap exercise makes room (RP4).
EXTRA_CURL = Slot("second curl", ("curl",), "biceps", optional=True)
EXTRA_TRAPS = Slot("second traps", ("shrug", "carry"), "upper", optional=True)
EXTRA_SLOTS: tuple[Slot, ...] = (EXTRA_ROW, EXTRA_CURL, EXTRA_TRAPS)


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
    available = catalog.available(request.equipment, request.experience)

    def prime(exercise: Exercise) -> tuple[Pattern, frozenset]:
        return exercise.pattern, frozenset(r for r in REGIONS if exercise.regions.of(r) == 1.0)

    # A household option (door frame, backpack) only where no kit does the same job (J).
    kit = {prime(e) for e in available if not e.household}
    return tuple(
        exercise
        for exercise in available
        if not (exercise.household and prime(exercise) in kit)
        if any(exercise.regions.of(r) > 0 for r in REGIONS)
        # A skipped region gets no exercise that is a prime mover for it (SEED-REGIONS).
        and not any(exercise.regions.of(r) == 1.0 for r in excluded)
        # Lower on Skip is usually a sore back: no lift that loads it at all, so bent-over
        # rows give way to chest-supported, cable and machine rows (J).
        and not (request.emphasis.lower == 0 and exercise.regions.lower > 0)
    )


def check_feasible(request: PlanRequest, pool: tuple[Exercise, ...]) -> None:
    """Raise only if no plan can exist: nothing trained, or no chosen region has any exercise.

    A chosen region without a usable exercise is planned around; the plan's audit names it
    and the equipment that would train it.
    """
    if not any(request.emphasis.of(region) for region in REGIONS):
        raise InvalidRequestError(
            "Every region is set to Skip: set at least one region to Normal or Focus."
        )
    chosen = [r for r in REGIONS if request.emphasis.of(r)]
    if not any(exercise.regions.of(r) > 0 for exercise in pool for r in chosen):
        labels = ", ".join(REGION_LABELS[r] for r in chosen)
        raise InfeasibleRequestError(
            f"Nothing you chose ({labels}) can be trained with "
            f"{_equipment_words(request.equipment)} at "
            f"{LEVEL_LABELS[request.experience].lower()} level: add Equipment (for example "
            "Band or Dumbbell)."
        )


def _equipment_words(equipment: tuple[str, ...]) -> str:
    return "bodyweight only" if not equipment else "equipment " + ", ".join(equipment)


def _score(exercise: Exercise, slot: Slot, tier: Tier, request: PlanRequest, used: dict) -> float:
    """Higher is better. Every term is a stated preference, not a random one."""
    score = 10.0 * exercise.regions.of(slot.region)
    score += 4.0 if exercise.pattern == slot.patterns[0] else 0.0
    if tier == "heavy":
        score += {"heavy": 3.0, "moderate": 1.0, "bodyweight": 1.0, "light": -2.0}[exercise.load]
        if exercise.main_lift and request.goal == "strength":
            score += 3.0  # NSCA/ACSM09: strength plans are built around main lifts
    else:
        score += {"heavy": -1.0, "moderate": 2.0, "bodyweight": 1.0, "light": -1.0}[exercise.load]
    if exercise.main_lift and request.goal == "fat_loss":
        score -= 2.0  # reference 2b note: keep one heavy compound, not several, in a deficit
    if slot.region != "biceps" and not exercise.compound:
        score -= 4.0 * exercise.regions.biceps  # seed 000: do not overtrain biceps
    if exercise.regression and request.experience != "beginner":
        score -= 3.0  # assisted and eccentric pull-ups are for lifters not yet at bodyweight
    if exercise.household:
        score -= 6.0  # a door frame or a backpack only when no gym kit does the job (J)
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
        if exercise.pattern not in slot.patterns or (exercise.movement or exercise.id) in taken:
            continue  # one movement once per session, whatever the kit (rules)
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
    budget: dict[Region, float] | None = None,
    min_sets: int = 1,
) -> tuple[tuple[SessionTemplate, ...], tuple[str, ...]]:
    """Pick every session's exercises; return the templates and any warnings.

    `budget` caps week-1 volume per region at `min_sets` per exercise, so a block starts near
    MEV however many sessions share it (AC3); see `_fit_week_one`.
    """
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
                fallback = Slot(
                    slot.name, ("horizontal_pull", "vertical_pull", "rear_delt", "pullover"), "mid"
                )
                exercise = _pick(fallback, tier, pool, request, taken, used)
            if exercise is None:
                continue
            option = exercise.option_for(tags)
            assert option is not None  # the pool only holds doable exercises
            taken.add(exercise.movement or exercise.id)
            used["ids"].add(exercise.id)
            if exercise.grip:
                used["grips"].add((exercise.pattern, exercise.grip))
            choices.append(Choice(exercise, option, slot))
        templates.append(SessionTemplate(tier, tuple(choices)))
    if budget is not None:
        trained = {r for r in REGIONS if request.emphasis.of(r) > 0}
        templates = _fit_week_one(templates, budget, min_sets, trained)
    templates = [SessionTemplate(t.tier, order_session(t.choices)) for t in templates]
    if (
        request.emphasis.upper > 0
        and any(c.exercise.regions.upper for t in templates for c in t.choices)
        and not any(c.exercise.regions.upper == 1.0 for t in templates for c in t.choices)
    ):
        warnings.append(
            "No direct trap exercise is possible with this equipment: upper traps get indirect "
            "work from rows and hinges, which is enough to maintain them "
            f"({cite('RP5')}: traps need no direct sets to grow at first)."
        )
    return tuple(templates), tuple(warnings)


def order_session(choices) -> tuple[Choice, ...]:
    """Most demanding compound first, compounds before biceps, then finishers (ACSM09;
    SEED-ROUTINE); stable within a rank, so the order is deterministic."""

    def key(choice: Choice) -> tuple:
        ex = choice.exercise
        compound = ex.pattern in COMPOUND_PATTERNS
        return (0 if compound else 1, -demand(ex), PHASE_OF_PATTERN[ex.pattern])

    return tuple(sorted(choices, key=key))


def _fit_week_one(
    templates: list[SessionTemplate],
    budget: dict[Region, float],
    min_sets: int,
    trained: set[Region],
) -> list[SessionTemplate]:
    """Keep the slots whose week-1 sets fit `budget`, in slot priority order across sessions.

    Always kept: the first exercise for each region and each of the two pull planes (AC8), and
    enough exercises for 3 per session (AC6).
    """
    volume = dict.fromkeys(REGIONS, 0.0)
    direct = dict.fromkeys(REGIONS, 0)  # sets of prime-mover exercises (AC9)
    primed: set[Region] = set()  # regions with a prime-mover exercise this week
    patterns: set[Pattern] = set()
    kept: list[list[Choice]] = [[] for _ in templates]
    skipped: list[list[Choice]] = [[] for _ in templates]
    depth = max((len(t.choices) for t in templates), default=0)
    for position in range(depth):
        for index, template in enumerate(templates):
            if position >= len(template.choices):
                continue
            choice = template.choices[position]
            ex = choice.exercise
            add = {r: min_sets * ex.regions.of(r) for r in REGIONS}
            # A region's first prime mover is kept, unless the region already has some credit
            # and the exercise would put biceps ahead of mid back (e.g. an upright row).
            primary_new = any(ex.regions.of(r) == 1.0 and r not in primed for r in REGIONS) and (
                not budget["mid"]
                or _balanced(volume, direct, ex, min_sets)
                or any(ex.regions.of(r) == 1.0 and volume[r] == 0 for r in REGIONS)
            )
            plane_new = (
                ex.pattern in ("vertical_pull", "horizontal_pull") and ex.pattern not in patterns
            )
            # Rule 2: a trained region that nothing credits yet takes even a half-credit exercise.
            covers_new = any(ex.regions.of(r) > 0 and volume[r] == 0 for r in trained) and (
                not budget["mid"] or _balanced(volume, direct, ex, min_sets)
            )
            fits = all(volume[r] + add[r] <= budget[r] + 1e-9 for r in trained if add[r]) and (
                not budget["mid"] or _balanced(volume, direct, ex, min_sets)
            )
            if primary_new or plane_new or covers_new or fits:
                kept[index].append(choice)
                patterns.add(ex.pattern)
                primed.update(r for r in REGIONS if ex.regions.of(r) == 1.0)
                for r in REGIONS:
                    volume[r] += add[r]
                    direct[r] += min_sets * (ex.regions.of(r) == 1.0)
            else:
                skipped[index].append(choice)

    def overshoot(choice: Choice) -> float:
        """Relative week-1 overshoot if `choice` were kept anyway."""
        credit = choice.exercise.regions
        after = {r: volume[r] + min_sets * credit.of(r) for r in REGIONS}
        biceps_lead = (
            0.0 if budget["mid"] and _balanced(volume, direct, choice.exercise, min_sets) else 1.0
        )
        biceps_lead = biceps_lead if budget["mid"] else 0.0
        return 10.0 * biceps_lead + sum(
            max(0.0, after[r] - budget[r]) / max(budget[r], 1.0) for r in REGIONS
        )

    for index in range(len(templates)):
        # Fill up to 3 exercises (AC6), never with one that puts biceps ahead of mid back.
        while len(kept[index]) < 3:
            fillers = [
                c
                for c in skipped[index]
                if not budget["mid"] or _balanced(volume, direct, c.exercise, min_sets)
            ]
            if not fillers:
                break
            choice = min(fillers, key=overshoot)  # first of the least overshooting
            skipped[index].remove(choice)
            kept[index].append(choice)
            for r in REGIONS:
                volume[r] += min_sets * choice.exercise.regions.of(r)
                direct[r] += min_sets * (choice.exercise.regions.of(r) == 1.0)
    _rebalance(kept, min_sets, trained)
    return [
        SessionTemplate(t.tier, tuple(c for c in t.choices if c in kept[i]))
        for i, t in enumerate(templates)
    ]


def _rebalance(kept: list[list[Choice]], min_sets: int, trained: set[Region]) -> None:
    """Drop biceps-heavy exercises (later sessions first) until biceps trail mid back again.

    A region's last source of credit is never dropped (rule 2), so with very little equipment
    the floors may still lead; the set assignment then only adds sets that close the gap.
    """
    if "mid" not in trained:
        return
    while True:
        volume = dict.fromkeys(REGIONS, 0.0)
        direct = dict.fromkeys(REGIONS, 0)
        for items in kept:
            for c in items:
                for r in REGIONS:
                    volume[r] += min_sets * c.exercise.regions.of(r)
                    direct[r] += min_sets * (c.exercise.regions.of(r) == 1.0)
        if biceps_behind_mid(volume["biceps"], volume["mid"], direct["biceps"], direct["mid"]):
            return
        candidates = [
            (index, c)
            for index, items in enumerate(kept)
            for c in items
            if biceps_heavy(c.exercise.regions)
            and all(
                volume[r] > min_sets * c.exercise.regions.of(r)
                for r in trained
                if c.exercise.regions.of(r) > 0
            )
        ]
        if not candidates:
            return
        index, choice = candidates[-1]
        kept[index].remove(choice)


def _balanced(volume: dict, direct: dict, exercise: Exercise, sets: int) -> bool:
    """True if adding `sets` of `exercise` keeps biceps behind mid back (rule biceps-behind-mid)."""
    return adding_keeps_biceps_behind_mid(
        volume["biceps"], volume["mid"], direct["biceps"], direct["mid"], exercise.regions, sets
    )


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
