"""Every training rule of a plan, declared once: id, one plain sentence, sources, hard or soft,
and a pure check over (request, plan) that returns breaches with their numbers.

The builder keeps the hard rules by construction and calls :func:`audit` to say which soft
targets it missed; the tests run every check over the whole request space; the Build page shows
the audit. A rule is never re-coded elsewhere: code that needs a rule's number or test imports
it from here (``biceps_behind_mid``, ``demand``, ``DELOAD_EVERY``).

Source ids (``RP1``) live in data/sources.yaml; text a lifter reads goes through
:func:`planner.sources.cite`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from planner.catalog import Catalog
from planner.models import (
    COMPOUND_PATTERNS,
    LEVEL_RANK,
    REGION_LABELS,
    REGIONS,
    Exercise,
    Plan,
    PlanRequest,
    Prescription,
    Region,
    Week,
)
from planner.presets import Presets
from planner.sources import cite

# RP8, R24: lifters deload every 4-8 weeks (5.6 +/- 2.3); we cap a mesocycle at 6 hard weeks.
DELOAD_EVERY = 6
# J: sessions of one week should take about as long as each other (no 72 vs 33 minutes).
BALANCE_MINUTES = 15.0
# J: Focus (emphasis 2) must add at least this many direct sets a week over Normal.
FOCUS_MIN_GAIN = 2
# Short region names for sentences ("Mid reaches its MEV of 10").
SHORT: dict[Region, str] = {"upper": "Upper", "mid": "Mid", "lower": "Lower", "biceps": "Biceps"}


@dataclass(frozen=True)
class Breach:
    """One place where a plan breaks a rule, with the numbers that show it."""

    rule: str
    detail: str
    week: int | None = None
    session: int | None = None


@dataclass(frozen=True)
class Context:
    """What checks need beyond the plan: the catalogue, the presets and a way to re-plan."""

    catalog: Catalog
    presets: Presets
    # Builds a plan without warnings (used by focus checks and to verify fixes).
    replan: Callable[[PlanRequest], Plan] | None = None


Check = Callable[[PlanRequest, Plan, Context], list[Breach]]


@dataclass(frozen=True)
class Rule:
    id: str
    sentence: str
    sources: tuple[str, ...]
    hard: bool
    check: Check

    @property
    def citation(self) -> str:
        return cite(*self.sources)


RULES: list[Rule] = []


def rule(rule_id: str, sentence: str, sources: tuple[str, ...], hard: bool = True):
    def register(check: Check) -> Check:
        RULES.append(Rule(rule_id, sentence, sources, hard, check))
        return check

    return register


def by_id(rule_id: str) -> Rule:
    for item in RULES:
        if item.id == rule_id:
            return item
    raise KeyError(rule_id)


# Shared definitions (used by the builder too) ----------------------------------------------


def items(week: Week) -> list[Prescription]:
    return [p for s in week.sessions for p in s.exercises]


def direct_sets(prescriptions, region: Region) -> int:
    """Working sets of exercises that are prime movers for `region`."""
    return sum(p.sets for p in prescriptions if p.regions.of(region) == 1.0)


def biceps_lead(volume_biceps, volume_mid, direct_biceps, direct_mid) -> float:
    """How far biceps lead mid back: the excess of fractional sets plus the excess of direct
    (prime-mover) sets; 0 when biceps stay behind (rule biceps-behind-mid)."""
    return max(0.0, volume_biceps - volume_mid) + max(0, direct_biceps - direct_mid)


def biceps_behind_mid(volume_biceps, volume_mid, direct_biceps, direct_mid) -> bool:
    """Seed routine 'common mistakes': never more biceps than mid-back work, counted both as
    fractional sets and as direct (prime-mover) sets."""
    return biceps_lead(volume_biceps, volume_mid, direct_biceps, direct_mid) <= 1e-9


def biceps_target(biceps: float, mid: float) -> float:
    """A weekly biceps target or cap held at the mid back's (rule biceps-behind-mid)."""
    return min(biceps, mid)


def biceps_heavy(credit) -> bool:
    """An exercise that credits biceps more than mid back (a curl, an upright row): the only
    kind whose sets can put biceps ahead (rule biceps-behind-mid)."""
    return credit.biceps > credit.mid


def adding_keeps_biceps_behind_mid(
    volume_biceps, volume_mid, direct_biceps, direct_mid, credit, sets: int = 1
) -> bool:
    """True if `sets` more sets of an exercise with region `credit` keep biceps behind mid
    back. An exercise that credits mid back at least as much as biceps always may: it never
    widens the gap (so it may close one the week-1 floors left)."""
    if not biceps_heavy(credit):
        return True
    return biceps_behind_mid(
        volume_biceps + sets * credit.biceps,
        volume_mid + sets * credit.mid,
        direct_biceps + sets * (credit.biceps == 1.0),
        direct_mid + sets * (credit.mid == 1.0),
    )


def demand(exercise: Exercise) -> int:
    """How demanding a lift is (ACSM09: complex multi-joint lifts first, while fresh)."""
    score = {"heavy": 2, "moderate": 1, "bodyweight": 1, "light": -2}[exercise.load]
    if exercise.main_lift:
        score += 4
    if exercise.pattern == "hinge" and exercise.load == "heavy":
        score += 1  # the whole posterior chain and the spine: the heaviest lift of the day
    if exercise.pattern in COMPOUND_PATTERNS:
        score += 2
    if exercise.regions.lower and exercise.pattern != "back_extension":
        score += 1
    return score


def heavy_lift(exercise: Exercise) -> bool:
    """A lift that needs ramp-up sets: a loaded compound (ACSM09; IV21)."""
    return exercise.pattern in COMPOUND_PATTERNS and exercise.load in ("heavy", "moderate")


def anchor_lift(exercise: Exercise) -> bool:
    """A compound that can anchor a fat-loss block at 6-12 reps: loaded or bodyweight (a
    harder lean or a slower lowering keeps a bodyweight row at 12 reps or fewer)."""
    return exercise.pattern in COMPOUND_PATTERNS and exercise.load != "light"


def one_rm_meaningful(exercise: Exercise, level: str) -> bool:
    """%1RM only where a 1RM exists and is tested: loaded lifts, not assisted or band work,
    and not for novices, who train by 8-12 RM (ACSM09)."""
    return (
        level != "beginner"
        and not exercise.regression
        and not exercise.household
        and exercise.load in ("heavy", "moderate")
        and "band" not in {t for option in exercise.equipment for t in option}
    )


def movement(exercise: Exercise) -> str:
    return exercise.movement or exercise.id


def deload_pairs(plan: Plan) -> list[tuple[Week, Week]]:
    return [(plan.weeks[i - 1], w) for i, w in enumerate(plan.weeks) if w.deload and i > 0]


# Hard rules --------------------------------------------------------------------------------


@rule(
    "equipment-on-hand",
    "Every exercise uses only equipment you have.",
    ("SEED-VTAPER",),
)
def _equipment(request, plan, ctx):
    have = set(request.equipment)
    out = []
    for week in plan.weeks:
        for s in week.sessions:
            for p in s.exercises:
                ok = set(p.equipment) <= have and p.equipment in ctx.catalog.get(p.id).equipment
                if not ok:
                    out.append(
                        Breach(
                            "equipment-on-hand",
                            f"{p.name} needs {p.equipment}",
                            week.week,
                            s.session,
                        )
                    )
    return out


@rule(
    "skill-gates-beginners",
    "No lift is above your level (beginners start with supported and machine variants).",
    ("SEED-REGIONS",),
)
def _skill(request, plan, ctx):
    rank = LEVEL_RANK[request.experience]
    return [
        Breach("skill-gates-beginners", f"{p.name} is a {ctx.catalog.get(p.id).skill} lift", w.week)
        for w in plan.weeks
        for p in items(w)
        if LEVEL_RANK[ctx.catalog.get(p.id).skill] > rank
    ]


@rule(
    "biceps-behind-mid",
    "Biceps never get more sets than the mid back (the common mistake of arm-heavy back days).",
    ("SEED-ROUTINE",),
)
def _biceps(request, plan, ctx):
    if not request.emphasis.mid:
        return []
    out = []
    for w in plan.weeks:
        b, m = direct_sets(items(w), "biceps"), direct_sets(items(w), "mid")
        if not biceps_behind_mid(w.volume.biceps, w.volume.mid, b, m):
            out.append(
                Breach(
                    "biceps-behind-mid",
                    f"biceps {w.volume.biceps:g} sets "
                    f"({b} direct) against mid {w.volume.mid:g} ({m} direct)",
                    w.week,
                )
            )
    return out


@rule(
    "skipped-region-rests",
    "A region set to Skip gets no exercise that works it as a prime mover.",
    ("SEED-REGIONS",),
)
def _skipped(request, plan, ctx):
    skipped = [r for r in REGIONS if request.emphasis.of(r) == 0]
    return [
        Breach("skipped-region-rests", f"{p.name} works {SHORT[r]}", w.week)
        for w in plan.weeks
        for p in items(w)
        for r in skipped
        if p.regions.of(r) == 1.0
    ]


@rule(
    "lower-skip-spares-the-spine",
    "With Lower on Skip, no lift loads the lower back (bent-over rows give way to "
    "chest-supported, cable or machine rows).",
    ("SEED-REGIONS", "JUDGEMENT"),
)
def _spine(request, plan, ctx):
    if request.emphasis.lower:
        return []
    return [
        Breach("lower-skip-spares-the-spine", f"{p.name} loads the lower back", w.week)
        for w in plan.weeks
        for p in items(w)
        if p.regions.lower > 0
    ]


@rule(
    "session-ceiling",
    "No region gets more hard sets in one session than your level recovers from.",
    ("RP5", "RP7"),
)
def _ceiling(request, plan, ctx):
    ceiling = ctx.presets.session_ceiling[request.experience]
    out = []
    for w in plan.weeks:
        for s in w.sessions:
            for r in REGIONS:
                n = sum(p.sets * p.regions.of(r) for p in s.exercises)
                if n > ceiling + 1e-9:
                    out.append(
                        Breach(
                            "session-ceiling",
                            f"{SHORT[r]} {n:g} sets > {ceiling:g}",
                            w.week,
                            s.session,
                        )
                    )
    return out


@rule(
    "under-mrv",
    "Weekly sets per region stay at or under the maximum recoverable volume (MRV).",
    ("RP1", "RP3"),
)
def _mrv(request, plan, ctx):
    return [
        Breach(
            "under-mrv",
            f"{SHORT[r]} {w.volume.of(r):g} sets > MRV {plan.landmarks[r].mrv:g}",
            w.week,
        )
        for w in plan.weeks
        for r in REGIONS
        if w.volume.of(r) > plan.landmarks[r].mrv + 1e-9
    ]


@rule(
    "fits-the-minutes",
    "Every session, warm-up, changeovers and cool-down included, fits your minutes.",
    ("IV21",),
)
def _minutes(request, plan, ctx):
    return [
        Breach("fits-the-minutes", f"{s.minutes:g} min > {request.minutes}", w.week, s.session)
        for w in plan.weeks
        for s in w.sessions
        if s.minutes > request.minutes + 1e-9
    ]


@rule(
    "no-empty-session",
    "Every session holds at least one exercise.",
    ("JUDGEMENT",),
)
def _empty(request, plan, ctx):
    return [
        Breach("no-empty-session", "no exercises", w.week, s.session)
        for w in plan.weeks
        for s in w.sessions
        if not s.exercises
    ]


@rule(
    "one-movement-once",
    "A session never repeats a movement (an inverted row and a suspension row are one movement).",
    ("SEED-COMPLETE", "JUDGEMENT"),
)
def _duplicates(request, plan, ctx):
    out = []
    for w in plan.weeks:
        for s in w.sessions:
            seen = [movement(ctx.catalog.get(p.id)) for p in s.exercises]
            if len(seen) != len(set(seen)):
                out.append(Breach("one-movement-once", f"repeats {seen}", w.week, s.session))
    return out


@rule(
    "sets-suit-the-level",
    "Each exercise gets no more working sets than your level's range allows.",
    ("SEED-REGIONS", "ACSM09"),
)
def _sets(request, plan, ctx):
    high = ctx.presets.sets_per_exercise[request.experience][1]
    return [
        Breach("sets-suit-the-level", f"{p.name} {p.sets} sets (max {high})", w.week)
        for w in plan.weeks
        for p in items(w)
        if not 1 <= p.sets <= high
    ]


@rule(
    "hinges-in-moderation",
    "Heavy hinges stay at or under 6 sets a week and 2+ reps short of failure; back "
    "extensions too.",
    ("SEED-REGIONS",),
)
def _hinges(request, plan, ctx):
    cap = ctx.presets.max_hinge_sets_per_week
    out = []
    for w in plan.weeks:
        n = sum(p.sets for p in items(w) if p.pattern == "hinge")
        if n > cap:
            out.append(Breach("hinges-in-moderation", f"{n} hinge sets > {cap}", w.week))
        out += [
            Breach("hinges-in-moderation", f"{p.name} at RIR {p.target_rir:g}", w.week)
            for p in items(w)
            if p.pattern in ("hinge", "back_extension") and p.target_rir < 2
        ]
    return out


@rule(
    "whole-number-rir",
    "Reps in reserve are whole numbers, 0-4 in hard weeks and 4+ in a deload.",
    ("RP6", "RP8"),
)
def _rir(request, plan, ctx):
    out = []
    for w in plan.weeks:
        for p in items(w):
            whole = float(p.target_rir).is_integer()
            in_range = p.target_rir >= 4 if w.deload else 0 <= p.target_rir <= 4
            if not (whole and in_range):
                out.append(Breach("whole-number-rir", f"{p.name} RIR {p.target_rir:g}", w.week))
    return out


@rule(
    "one-rm-where-meaningful",
    "A %1RM load is given only for loaded lifts with a testable 1RM, never on assisted or "
    "band work or for beginners (who train by 8-12 RM).",
    ("ACSM09", "NSCA"),
)
def _pct(request, plan, ctx):
    return [
        Breach("one-rm-where-meaningful", f"{p.name} @ {p.pct_1rm:g}% 1RM", w.week)
        for w in plan.weeks
        for p in items(w)
        if p.pct_1rm is not None
        and not one_rm_meaningful(ctx.catalog.get(p.id), request.experience)
    ]


@rule(
    "most-demanding-first",
    "Each session opens with its most demanding compound lift and puts compounds before "
    "isolation work.",
    ("ACSM09", "SEED-ROUTINE"),
)
def _order(request, plan, ctx):
    out = []
    for w in plan.weeks:
        for s in w.sessions:
            exercises = [ctx.catalog.get(p.id) for p in s.exercises]
            compounds = [e for e in exercises if e.pattern in COMPOUND_PATTERNS]
            ranks = [demand(e) for e in (compounds or exercises)]
            if ranks and ranks[0] != max(ranks):
                out.append(
                    Breach(
                        "most-demanding-first", f"opens with {exercises[0].name}", w.week, s.session
                    )
                )
            kinds = [e.pattern in COMPOUND_PATTERNS for e in exercises]
            if kinds != sorted(kinds, reverse=True):
                out.append(
                    Breach("most-demanding-first", "isolation before a compound", w.week, s.session)
                )
    return out


@rule(
    "ramp-up-every-heavy-lift",
    "Every loaded compound gets its own ramp-up sets before the working sets.",
    ("ACSM09", "IV21"),
)
def _ramp(request, plan, ctx):
    out = []
    for w in plan.weeks:
        for s in w.sessions:
            text = " ".join(i.detail for i in s.warmup if i.name.startswith("Ramp-up"))
            for p in s.exercises:
                if heavy_lift(ctx.catalog.get(p.id)) and p.name not in text:
                    out.append(
                        Breach(
                            "ramp-up-every-heavy-lift",
                            f"no ramp-up for {p.name}",
                            w.week,
                            s.session,
                        )
                    )
    return out


@rule(
    "deload-every-mesocycle",
    f"With deloads on, no more than {DELOAD_EVERY} hard weeks run before a deload, and the block "
    "ends with one.",
    ("RP8", "R24"),
)
def _meso(request, plan, ctx):
    if not request.deload:
        return [
            Breach("deload-every-mesocycle", "deload week in a no-deload block", w.week)
            for w in plan.weeks
            if w.deload
        ]
    out = []
    run = 0
    for w in plan.weeks:
        run = 0 if w.deload else run + 1
        if run > DELOAD_EVERY:
            out.append(Breach("deload-every-mesocycle", f"{run} hard weeks in a row", w.week))
    if not plan.weeks[-1].deload:
        out.append(Breach("deload-every-mesocycle", "the block does not end with a deload"))
    return out


@rule(
    "deload-halves-the-work",
    "A deload keeps the exercises, cuts each region's sets to about half (small volumes "
    "included, or halves the reps where one set cannot be halved) at RIR 4+.",
    ("RP8", "R24"),
)
def _deload(request, plan, ctx):
    out = []
    for before, w in deload_pairs(plan):
        old = {(s.session, p.id): p for s in before.sessions for p in s.exercises}
        new = {(s.session, p.id): p for s in w.sessions for p in s.exercises}
        if not set(new) <= set(old) or len(new) < 0.8 * len(old):
            out.append(Breach("deload-halves-the-work", "changes the exercises", w.week))
        for r in REGIONS:
            prior, now = before.volume.of(r), w.volume.of(r)
            if prior == 0:
                continue
            if now == 0:
                out.append(Breach("deload-halves-the-work", f"{SHORT[r]} drops to 0", w.week))
                continue
            halved_reps = all(
                p.reps_max <= -(-old[k].reps_max // 2)
                for k, p in new.items()
                if p.regions.of(r) and p.sets >= old[k].sets
            )
            if now > 0.6 * prior + 0.5 + 1e-9 and not halved_reps:
                out.append(
                    Breach(
                        "deload-halves-the-work", f"{SHORT[r]} {now:g} of {prior:g} sets", w.week
                    )
                )
            if prior >= 4 and now < 0.4 * prior - 0.5 - 1e-9:
                out.append(
                    Breach(
                        "deload-halves-the-work",
                        f"{SHORT[r]} cut to {now:g} of {prior:g} sets",
                        w.week,
                    )
                )
    return out


@rule(
    "fat-loss-keeps-a-heavy-compound",
    "In a fat-loss block each hard week keeps one compound in the 6-12 rep range, so strength "
    "and muscle are kept while dieting.",
    ("RP12", "HE15"),
)
def _fat_loss(request, plan, ctx):
    if request.goal != "fat_loss":
        return []
    out = []
    for w in plan.weeks:
        if w.deload:
            continue
        loaded = [p for p in items(w) if anchor_lift(ctx.catalog.get(p.id))]
        if loaded and not any(p.reps_min >= 6 and p.reps_max <= 12 for p in loaded):
            out.append(Breach("fat-loss-keeps-a-heavy-compound", "no 6-12 rep compound", w.week))
    return out


# Soft targets ------------------------------------------------------------------------------


@rule(
    "reaches-mev",
    "Each trained region reaches its minimum effective volume (MEV) in the block's hardest week.",
    ("RP1",),
    hard=False,
)
def _mev(request, plan, ctx):
    hard = [w for w in plan.weeks if not w.deload] or list(plan.weeks)
    out = []
    for r in REGIONS:
        if not request.emphasis.of(r):
            continue
        mev = plan.landmarks[r].mev
        peak = max(w.volume.of(r) for w in hard)
        if peak + 1e-9 < mev:
            out.append(Breach("reaches-mev", f"{SHORT[r]} peaks at {peak:g} of its MEV of {mev:g}"))
    return out


@rule(
    "trains-every-chosen-region",
    "Every region you train gets sets every week.",
    ("SEED-REGIONS",),
    hard=False,
)
def _coverage(request, plan, ctx):
    return [
        Breach("trains-every-chosen-region", f"{SHORT[r]} gets no sets", w.week)
        for w in plan.weeks
        for r in REGIONS
        if request.emphasis.of(r) and w.volume.of(r) == 0
    ]


def pull_plane_possible(request: PlanRequest, catalog: Catalog, pattern: str) -> bool:
    return any(
        e.pattern == pattern and e.regions.mid == 1.0
        for e in catalog.available(request.equipment, request.experience)
    )


@rule(
    "both-pull-planes",
    "Each week pulls both vertically (lat width) and horizontally (back thickness).",
    ("SEED-VTAPER", "SEED-COMPLETE"),
    hard=False,
)
def _planes(request, plan, ctx):
    if not request.emphasis.mid:
        return []
    out = []
    for pattern, words in (("vertical_pull", "vertical pull"), ("horizontal_pull", "row")):
        missing = [w.week for w in plan.weeks if not any(p.pattern == pattern for p in items(w))]
        if missing:
            out.append(
                Breach("both-pull-planes", f"no {words} in week(s) {', '.join(map(str, missing))}")
            )
    return out


def peak_direct(plan: Plan, region: Region) -> int:
    hard = [w for w in plan.weeks if not w.deload] or list(plan.weeks)
    return max(direct_sets(items(w), region) for w in hard)


def peak_volume(plan: Plan, region: Region) -> float:
    hard = [w for w in plan.weeks if not w.deload] or list(plan.weeks)
    return max(w.volume.of(region) for w in hard)


def focus_baseline(request: PlanRequest) -> PlanRequest:
    """What Focus is measured against: the same request with every region on Focus set back
    to Normal (one plan for all of them, so Focus on two regions is weighed against the plan
    that has neither)."""
    back = {r: 1 for r in REGIONS if request.emphasis.of(r) == 2}
    return request.model_copy(update={"emphasis": request.emphasis.model_copy(update=back)})


def focus_gain(request: PlanRequest, plan: Plan, ctx: Context, region: Region) -> float:
    """Direct sets a week that Focus adds over Normal (hardest week); fractional if no direct."""
    normal = ctx.replan(focus_baseline(request))
    gain = peak_direct(plan, region) - peak_direct(normal, region)
    if not peak_direct(plan, region):
        gain = peak_volume(plan, region) - peak_volume(normal, region)
    return gain


@rule(
    "focus-never-below-normal",
    "Focus never gives a region fewer direct sets a week than the same plan with Focus set back "
    "to Normal; when the minutes leave no room, its sets come from the regions not on Focus.",
    ("RP1", "JUDGEMENT"),
)
def _focus_floor(request, plan, ctx):
    return [
        Breach(
            "focus-never-below-normal",
            f"Focus on {SHORT[r]} gives {-gain:g} sets a week fewer than Normal",
        )
        for r, gain in _focus_gains(request, plan, ctx)
        if gain < 0
    ]


def _focus_gains(request, plan, ctx):
    """(region, direct sets a week Focus adds over Normal) for each region on Focus; none when
    the check cannot re-plan."""
    if ctx.replan is None:
        return []
    return [(r, focus_gain(request, plan, ctx, r)) for r in REGIONS if request.emphasis.of(r) == 2]


@rule(
    "focus-adds-sets",
    f"Focus gives a region at least {FOCUS_MIN_GAIN} more direct sets a week than Normal.",
    ("RP1", "RP12"),
    hard=False,
)
def _focus(request, plan, ctx):
    return [
        Breach("focus-adds-sets", f"Focus on {SHORT[r]} adds {gain:g} sets a week")
        for r, gain in _focus_gains(request, plan, ctx)
        if gain < FOCUS_MIN_GAIN
    ]


@rule(
    "balanced-sessions",
    f"Sessions of one week take about as long as each other (within {BALANCE_MINUTES:g} minutes).",
    ("JUDGEMENT",),
    hard=False,
)
def _balance(request, plan, ctx):
    out = []
    for w in plan.weeks:
        lengths = [s.minutes for s in w.sessions]
        if len(lengths) > 1 and max(lengths) - min(lengths) > BALANCE_MINUTES + 1e-9:
            out.append(
                Breach(
                    "balanced-sessions",
                    f"sessions run {min(lengths):.0f} to {max(lengths):.0f} minutes",
                    w.week,
                )
            )
    return out


# Audit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    rule: Rule
    note: str = ""  # numbers behind it, e.g. "Focus on Biceps: +4 direct sets a week"


@dataclass(frozen=True)
class Miss:
    rule: Rule
    breaches: tuple[Breach, ...]
    why: str  # which limit binds
    fix: str  # a change verified by re-planning, or "" when no single change reaches it
    fix_request: PlanRequest | None = None


@dataclass(frozen=True)
class Audit:
    kept: tuple[Kept, ...]
    missed: tuple[Miss, ...]
    broken: tuple[Breach, ...] = field(default=())  # hard breaches: a bug, never expected


def hard_breaches(request: PlanRequest, plan: Plan, ctx: Context) -> list[Breach]:
    return [b for r in RULES if r.hard for b in r.check(request, plan, ctx)]


def soft_breaches(request: PlanRequest, plan: Plan, ctx: Context) -> dict[str, list[Breach]]:
    out = {}
    for r in RULES:
        if not r.hard:
            found = r.check(request, plan, ctx)
            if found:
                out[r.id] = found
    return out


def audit(request: PlanRequest, plan: Plan, ctx: Context) -> Audit:
    """Rules this plan keeps, soft targets it misses (why, and a verified fix), hard breaches."""
    broken = hard_breaches(request, plan, ctx)
    broken_ids = {b.rule for b in broken}
    misses = soft_breaches(request, plan, ctx)
    missed = tuple(explain(request, plan, ctx, rule_id, found) for rule_id, found in misses.items())
    kept = []
    for r in RULES:
        if r.id in broken_ids or r.id in misses or not applies(r.id, request):
            continue
        kept.append(Kept(r, kept_note(r.id, request, plan, ctx)))
    return Audit(tuple(kept), missed, tuple(broken))


def applies(rule_id: str, request: PlanRequest) -> bool:
    """False for rules that say nothing about this request (shown neither kept nor missed)."""
    if rule_id == "biceps-behind-mid":
        return bool(request.emphasis.mid and request.emphasis.biceps)
    if rule_id == "lower-skip-spares-the-spine":
        return request.emphasis.lower == 0
    if rule_id == "skipped-region-rests":
        return any(request.emphasis.of(r) == 0 for r in REGIONS)
    if rule_id == "fat-loss-keeps-a-heavy-compound":
        return request.goal == "fat_loss"
    if rule_id in ("focus-adds-sets", "focus-never-below-normal"):
        return 2 in [request.emphasis.of(r) for r in REGIONS]
    if rule_id == "both-pull-planes":
        return bool(request.emphasis.mid)
    if rule_id == "balanced-sessions":
        return request.sessions > 1
    if rule_id == "deload-every-mesocycle" or rule_id == "deload-halves-the-work":
        return request.deload
    return True


def kept_note(rule_id: str, request: PlanRequest, plan: Plan, ctx: Context) -> str:
    if rule_id == "focus-adds-sets" and ctx.replan is not None:
        parts = [
            f"Focus on {SHORT[r]}: +{focus_gain(request, plan, ctx, r):g} sets a week over Normal"
            for r in REGIONS
            if request.emphasis.of(r) == 2
        ]
        return "; ".join(parts)
    if rule_id == "reaches-mev":
        return ", ".join(
            f"{SHORT[r]} {peak_volume(plan, r):g} of MEV {plan.landmarks[r].mev:g}"
            for r in REGIONS
            if request.emphasis.of(r)
        )
    if rule_id == "deload-every-mesocycle":
        deloads = [str(w.week) for w in plan.weeks if w.deload]
        return f"Deload in week{'s' if len(deloads) > 1 else ''} {', '.join(deloads)}"
    return ""


# Fixes: what to change, verified by re-planning ---------------------------------------------

# Equipment that most often unlocks a missing pattern or volume, tried one at a time.
FIX_EQUIPMENT = ("pullup_bar", "band", "dumbbell", "cable", "bench")
EQUIPMENT_WORDS = {
    "pullup_bar": "a pull-up bar",
    "band": "a resistance band",
    "dumbbell": "dumbbells",
    "cable": "a cable station",
    "bench": "a bench",
}


def _met(rule_id: str, request: PlanRequest, plan: Plan, ctx: Context, before) -> bool:
    """True if `plan` meets what the breaches of `rule_id` in the first plan asked for."""
    if rule_id == "focus-adds-sets":
        # As the check, counted lazily: each region's gain re-plans Normal, so stop as soon as
        # the count of misses is decided (the regions that missed before go first).
        regions = [r for r in REGIONS if request.emphasis.of(r) == 2]
        missed_before = [b.detail.split(" ")[2] for b in before]
        regions.sort(key=lambda r: SHORT[r] not in missed_before)
        misses = 0
        for done, r in enumerate(regions, start=1):
            misses += focus_gain(request, plan, ctx, r) < FOCUS_MIN_GAIN
            if misses >= len(before):
                return False
            if misses + len(regions) - done < len(before):
                return True
        return True
    found = by_id(rule_id).check(request, plan, ctx)
    if rule_id == "trains-every-chosen-region":
        return not found
    return len(found) < len(before) or not found


def _candidates(rule_id: str, request: PlanRequest):
    """(kind, request, limit) candidates in the order a coach would suggest them. A missing
    pull plane is a matter of kit: minutes and sessions are not tried for it."""
    if rule_id == "both-pull-planes":
        for tag in ("pullup_bar", "band", "cable"):
            if tag not in request.equipment:
                gear = tuple(sorted({*request.equipment, tag}))
                yield tag, request.model_copy(update={"equipment": gear}), "the equipment"
        return
    if request.minutes < 120:
        yield "minutes", None, "the minutes per session"
    if request.sessions < 3:
        more = request.model_copy(update={"sessions": request.sessions + 1})
        yield "sessions", more, "the number of sessions"
    if rule_id == "focus-adds-sets":
        return  # Focus is bought with time or sessions, not kit (and each try re-plans twice)
    for tag in FIX_EQUIPMENT:
        if tag not in request.equipment:
            gear = request.model_copy(
                update={"equipment": tuple(sorted({*request.equipment, tag}))}
            )
            yield tag, gear, "the equipment"


def explain(request: PlanRequest, plan: Plan, ctx: Context, rule_id: str, found) -> Miss:
    """Find which limit binds and one change that meets the target, by re-planning."""
    item = by_id(rule_id)
    if ctx.replan is None:
        return Miss(item, tuple(found), "", "")
    first = found[0].detail
    if rule_id == "balanced-sessions":
        return Miss(item, tuple(found), balance_reason(request, plan, ctx, found[0]), "")
    for kind, candidate, limit in _candidates(rule_id, request):
        if kind == "minutes":
            top = request.model_copy(update={"minutes": 120})
            if not _met(rule_id, top, ctx.replan(top), ctx, found):
                continue
            low, high = request.minutes // 5 + 1, 24  # search the 5-minute grid
            while low < high:
                mid = (low + high) // 2
                trial = request.model_copy(update={"minutes": mid * 5})
                if _met(rule_id, trial, ctx.replan(trial), ctx, found):
                    high = mid
                else:
                    low = mid + 1
            candidate = request.model_copy(update={"minutes": high * 5})
            if not _met(rule_id, candidate, ctx.replan(candidate), ctx, found):
                candidate = top
            change = f"at {candidate.minutes} minutes per session"
        else:
            if not _met(rule_id, candidate, ctx.replan(candidate), ctx, found):
                continue
            change = (
                f"with {candidate.sessions} sessions a week"
                if kind == "sessions"
                else f"with {EQUIPMENT_WORDS[kind]} added"
            )
        return Miss(
            item,
            tuple(found),
            f"{first}: {limit} binds",
            _fix_sentence(rule_id, found, change),
            candidate,
        )
    return Miss(
        item,
        tuple(found),
        f"{first}: no single change of minutes, sessions or equipment reaches it",
        "",
    )


def balance_reason(request: PlanRequest, plan: Plan, ctx: Context, breach: Breach) -> str:
    """Why the shortest session of the widest week takes no more sets, read off the plan's
    own numbers: each of its exercises is at the level's sets per exercise, at the weekly
    hinge cap, at a region's session ceiling or MRV, would put biceps ahead of mid back, or
    works regions already at the week's target (the builder moves or swaps exercises between
    sessions before it assigns sets, so what remains is this)."""
    from planner.periodization import week_plans  # periodization imports this module

    week = next(w for w in plan.weeks if w.week == breach.week)
    targets = week_plans(request, ctx.presets)[week.week - 1].targets
    short = min(week.sessions, key=lambda s: s.minutes)
    long = max(week.sessions, key=lambda s: s.minutes)
    high = ctx.presets.sets_per_exercise[request.experience][1]
    ceiling = ctx.presets.session_ceiling[request.experience]
    hinge_sets = sum(p.sets for p in items(week) if p.pattern == "hinge")
    volume, direct = week.volume, {r: direct_sets(items(week), r) for r in ("mid", "biceps")}
    reasons: dict[str, list[str]] = {}
    for p in short.exercises:
        session = {r: sum(q.sets * q.regions.of(r) for q in short.exercises) for r in REGIONS}
        worked = [r for r in REGIONS if p.regions.of(r)]
        if p.sets >= high:
            why = f"at the {high} sets per exercise of your level"
        elif p.pattern == "hinge" and hinge_sets >= ctx.presets.max_hinge_sets_per_week:
            why = f"at the weekly cap of {ctx.presets.max_hinge_sets_per_week} hinge sets"
        elif over := [r for r in worked if session[r] + p.regions.of(r) > ceiling + 1e-9]:
            why = f"{SHORT[over[0]]} at its session ceiling of {ceiling:g} sets"
        elif over := [
            r for r in worked if volume.of(r) + p.regions.of(r) > plan.landmarks[r].mrv + 1e-9
        ]:
            why = f"{SHORT[over[0]]} at its MRV of {plan.landmarks[over[0]].mrv:g} sets"
        elif request.emphasis.mid and not adding_keeps_biceps_behind_mid(
            volume.biceps, volume.mid, direct["biceps"], direct["mid"], p.regions
        ):
            why = "one more set would put biceps ahead of mid back"
        elif skipped := [r for r in worked if not request.emphasis.of(r)]:
            why = f"it also works {' and '.join(SHORT[r] for r in skipped)}, set to Skip"
        elif full := [r for r in worked if volume.of(r) + 1e-9 >= targets[r]]:
            why = " and ".join(
                f"{SHORT[r]} already has its {targets[r]:g} sets this week" for r in full
            )
        else:
            why = "the week's volume rises a step at a time"
        reasons.setdefault(why, []).append(p.name)
    parts = "; ".join(f"{', '.join(names)}: {why}" for why, names in reasons.items())
    return (
        f"{breach.detail} in week {week.week}: session {short.session} takes no more sets "
        f"({parts}), so the sets the week needs go to session {long.session}"
    )


def _fix_sentence(rule_id: str, found, change: str) -> str:
    detail = found[0].detail
    if rule_id == "reaches-mev":
        region = detail.split(" ")[0]
        mev = detail.rsplit(" ", 1)[-1]
        return f"{change[0].upper()}{change[1:]}, {region} reaches its MEV of {mev}."
    if rule_id == "both-pull-planes":
        return (
            f"{change[0].upper()}{change[1:]}, every week pulls both vertically and horizontally."
        )
    if rule_id == "trains-every-chosen-region":
        return f"{change[0].upper()}{change[1:]}, every chosen region gets sets every week."
    if rule_id == "focus-adds-sets":
        return f"{change[0].upper()}{change[1:]}, Focus adds at least {FOCUS_MIN_GAIN} sets a week."
    return f"{change[0].upper()}{change[1:]} the target is met."


def sentence(text: str) -> str:
    """`text` as a sentence of its own: capital first letter, one full stop at the end (reasons
    such as "no vertical pull in week(s) 1, 2: the equipment binds" are joined after others)."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def warning_text(miss: Miss) -> str:
    """One line for plan.warnings: what is missed, which limit binds, the verified fix."""
    text = sentence(miss.why)
    if miss.fix:
        text += f" {sentence(miss.fix)}"
    return text


def region_label(region: Region) -> str:
    return REGION_LABELS[region]


def rules_markdown() -> str:
    """Every rule as a Markdown table (docs/RULES.md is this text; a test keeps them equal)."""
    lines = [
        "# The rules every plan keeps",
        "",
        "Generated from `planner/rules.py` by `planner.rules.rules_markdown()`; each rule is",
        "declared there once, with its check. Hard rules are never broken (a property test over",
        "the whole request space holds them); soft targets are met as far as the request allows,",
        "and a plan that misses one says which limit binds and a fix checked by re-planning.",
        "Citations resolve in [SOURCES.md](SOURCES.md).",
        "",
        "| rule | kind | what it says | sources |",
        "| --- | --- | --- | --- |",
    ]
    for item in RULES:
        kind = "hard" if item.hard else "soft target"
        lines.append(f"| `{item.id}` | {kind} | {item.sentence} | {item.citation} |")
    return "\n".join(lines) + "\n"
