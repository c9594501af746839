"""Build a plan: selection + periodization + set assignment, as one pure function."""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner import periodization as per
from planner import rules
from planner.catalog import Catalog
from planner.errors import InfeasibleRequestError
from planner.models import (
    REGIONS,
    Plan,
    PlanRequest,
    Prescription,
    Region,
    RegionVolume,
    Session,
    SessionItem,
    Week,
)
from planner.presets import Presets
from planner.rules import (
    BALANCE_MINUTES,
    Context,
    adding_keeps_biceps_behind_mid,
    anchor_lift,
    audit,
    biceps_behind_mid,
    biceps_heavy,
    biceps_lead,
    demand,
    heavy_lift,
    movement,
    one_rm_meaningful,
    warning_text,
)
from planner.selection import (
    EXTRA_SLOTS,
    Choice,
    SessionTemplate,
    candidate_pool,
    check_feasible,
    choose_sessions,
    order_session,
)
from planner.sources import cite
from planner.volume import credit, week_volume

# 2.0: rules once (planner.rules) and the audit, mesocycles, no dead ends, round rep ranges.
# 2.1: Focus never below Normal (one baseline for every Focus region); balanced sessions.
PLANNER_VERSION = "2.1"

# Region priority when several regions are short of their target (mid back is the focus of
# a back plan; biceps are trained mostly through pulling, seed 000).
PRIORITY: dict[Region, float] = {"mid": 1.0, "lower": 0.95, "biceps": 0.85, "upper": 0.8}


# ACSM09: novices build strength with 8-12 repetition-maximum sets, not %1RM loads; the
# low end of that range, so strength still has fewer reps than growth.
NOVICE_STRENGTH_REPS = (8, 10)


@dataclass(frozen=True)
class Params:
    """Everything about one exercise in one week except its number of sets."""

    role: str
    reps: tuple[int, int]
    rest_s: int
    rir: float
    pct: float | None
    minutes_per_set: float
    rationale: str
    progression: str


def build_plan(request: PlanRequest, catalog: Catalog, presets: Presets) -> Plan:
    """Turn a request into a periodized block. Pure: same request, same plan.

    The plan keeps every hard rule of planner.rules by construction. Where it misses a soft
    target (MEV, both pull planes, Focus, balanced sessions), its warnings say which limit
    binds and a change that meets the target, found and verified by re-planning.
    """
    return plan_with_audit(request, catalog, presets)[0]


def plan_with_audit(request: PlanRequest, catalog: Catalog, presets: Presets):
    """The plan and its audit (rules kept, soft targets missed with why and a verified fix)."""
    memo = Memo()
    plan = _build(request, catalog, presets, memo)
    ctx = context(catalog, presets, memo)
    report = audit(request, plan, ctx)
    notes = [warning_text(miss) for miss in report.missed]
    plan = plan.model_copy(update={"warnings": tuple(dict.fromkeys([*plan.warnings, *notes]))})
    return plan, report


def audit_plan(plan: Plan, catalog: Catalog, presets: Presets):
    """The audit of a plan as it stands (a stored or imported one too), against its request."""
    return audit(plan.request, plan, context(catalog, presets))


class Memo:
    """What one plan and its audit compute more than once, kept for the length of one
    build_plan call (one catalogue, one presets): every plan built (the audit re-plans a
    request at other minutes, sessions, equipment or emphasis), the growth plan each fat-loss
    request is capped by, and the parameters of each (goal, level, tier, role, exercise,
    equipment, week kind). Every entry is a pure function of its key, so plans are the same
    with or without it."""

    def __init__(self) -> None:
        self.plans: dict[PlanRequest, Plan] = {}
        self.ceilings: dict[PlanRequest, list] = {}
        self.params: dict[tuple, Params] = {}
        self.cores: dict[PlanRequest, tuple] = {}
        self.floors: dict[PlanRequest, dict] = {}


def context(catalog: Catalog, presets: Presets, memo: Memo | None = None) -> Context:
    """A rules context whose re-planning builds plans without their warnings (memoised)."""
    memo = memo or Memo()

    def replan(request: PlanRequest) -> Plan:
        return _plan(request, catalog, presets, memo)

    return Context(catalog, presets, replan)


def _plan(request: PlanRequest, catalog: Catalog, presets: Presets, memo: Memo) -> Plan:
    """The plan of `request` without the audit's warnings, built once per memo."""
    if request not in memo.plans:
        memo.plans[request] = _build(request, catalog, presets, memo)
    return memo.plans[request]


def _build(
    request: PlanRequest, catalog: Catalog, presets: Presets, memo: Memo | None = None
) -> Plan:
    """The plan itself, with the warnings that need no re-planning."""
    memo = memo or Memo()
    model, weeks, templates, params, sets_by_week, selection_warnings = _core(
        request, catalog, presets, memo
    )
    built = tuple(
        _assemble_week(
            request,
            presets,
            model,
            templates,
            params,
            weeks,
            index,
            sets_by_week[index],
            sets_by_week[index - 1] if index else None,
        )
        for index in range(len(weeks))
    )
    warnings = [*selection_warnings, *_volume_warnings(request, presets, weeks, built)]
    return Plan(
        planner_version=PLANNER_VERSION,
        request=request,
        model=model,
        landmarks=per.landmarks(request, presets),
        warnings=tuple(dict.fromkeys(warnings)),
        weeks=built,
    )


def _core(request: PlanRequest, catalog: Catalog, presets: Presets, memo: Memo) -> tuple:
    """Everything of a plan but its text: (model, weeks, templates, params, sets by week,
    selection warnings); once per request and memo."""
    if request in memo.cores:
        return memo.cores[request]
    pool = candidate_pool(request, catalog)
    check_feasible(request, pool)
    model = per.resolve_model(request, presets)
    weeks = per.week_plans(request, presets)
    selection = _sessions(request, catalog, presets, pool, weeks, memo)
    ceilings = (
        _growth_ceilings(request, catalog, presets, memo) if request.goal == "fat_loss" else None
    )
    normal = _normal_sets(request, catalog, presets, memo)
    core, floors, short = _fill(request, presets, model, weeks, selection, ceilings, normal, memo)
    if short:
        # Focus never below Normal (rule focus-never-below-normal). Where this selection
        # cannot give a focused region what Normal gives it (Focus chose other exercises
        # and the minutes hold no more), plan Focus's sets on the Normal plan's exercises;
        # failing that, Focus keeps the Normal plan's sets (and the audit says what binds).
        baseline = rules.focus_baseline(request)
        _, _, templates, params, sets_by_week, warnings = _core(baseline, catalog, presets, memo)
        selection = (templates, memo.floors[baseline], warnings)
        trial, trial_floors, trial_short = _fill(
            request, presets, model, weeks, selection, ceilings, normal, memo
        )
        if trial_short < short:
            core, floors, short = trial, trial_floors, trial_short
        if short:
            core = (model, weeks, templates, params, sets_by_week, warnings)
            floors = memo.floors[baseline]
    memo.cores[request], memo.floors[request] = core, floors
    return core


def _fill(request, presets, model, weeks, selection, ceilings, normal, memo) -> tuple:
    """Fit one selection to the clock and assign its sets; return (core, floor sets, how far
    the focused regions fall short of Normal)."""
    templates, floors, selection_warnings = selection
    sets_range = presets.sets_per_exercise[request.experience]
    params = _params(request, presets, model, templates, weeks, memo)
    if ceilings is not None:
        # Fit fat loss to the clock at growth's rests first: shorter rests must not buy it
        # more exercises (hence more sets) than growth (RP12).
        growth_params = _params(
            request.model_copy(update={"goal": "growth"}), presets, model, templates, weeks, memo
        )
        templates, floors = _fit_time_budget(request, presets, templates, growth_params, sets_range)
        params = _params(request, presets, model, templates, weeks, memo)
    for _ in range(3):
        # Fitting the clock may drop the fat-loss anchor lift; re-derive the parameters of the
        # exercises that stayed and fit again until nothing changes (at most three rounds).
        fitted, fitted_floors = _fit_time_budget(request, presets, templates, params, sets_range)
        changed = fitted != templates
        templates = fitted
        floors = {k: min(v, floors.get(k, v)) for k, v in fitted_floors.items()}
        params = _params(request, presets, model, templates, weeks, memo)
        if not changed:
            break

    if len(templates) > 1:
        templates, floors, params = _balance_sessions(
            request, presets, model, weeks, templates, floors, params, memo
        )
    sets_by_week = _assign_sets(
        request, presets, templates, params, weeks, sets_range, floors, ceilings, normal
    )
    short = _focus_shortfall(templates, weeks, sets_by_week, normal)
    return (model, weeks, templates, params, sets_by_week, selection_warnings), floors, short


def _balance_sessions(request, presets, model, weeks, templates, floors, params, memo) -> tuple:
    """Balanced sessions (rule balanced-sessions): while the week's sessions at their floor
    sets differ by more than a third of rules.BALANCE_MINUTES (the set assignment adds to
    them, so the floors start well inside the rule), move an exercise from the longest session
    to the shortest, or swap one of each, where that narrows the spread. A move keeps three
    exercises in the long session, never repeats a movement in a session, fits the minutes
    and the per-session ceiling; the moved lift takes its new session's day type. Main lifts
    move only in three-session weeks, one main lift a day being the usual split; with two
    sessions they stay on the heavy day, so heavy and moderate days keep their contrast."""
    overhead = _overhead(request, presets)
    ceiling = presets.session_ceiling[request.experience]

    def lengths(temps, flo, par) -> list[list[float]]:
        """Minutes of each session at its floor sets, week by week."""
        return [
            [
                overhead
                + sum(
                    flo[(s, c.exercise.id)] * par[(w, s, c.exercise.id)].minutes_per_set
                    for c in t.choices
                )
                for s, t in enumerate(temps)
            ]
            for w in range(len(weeks))
            if not weeks[w].deload
        ]

    def widest(by_week) -> tuple[float, int, int]:
        """The widest spread of a week: (minutes, longest session, shortest session)."""
        week = max(by_week, key=lambda m: max(m) - min(m))
        return max(week) - min(week), week.index(max(week)), week.index(min(week))

    def fits(choices) -> bool:
        moves = [movement(c.exercise) for c in choices]
        return len(moves) == len(set(moves))

    hard = [w for w in range(len(weeks)) if not weeks[w].deload]
    for _ in range(2 * len(templates)):
        now = lengths(templates, floors, params)
        spread, long, short = widest(now)
        if spread <= BALANCE_MINUTES / 3 + 1e-9:
            break  # well inside the rule: the set assignment adds sets to these floors

        def minutes_of(choice, s_index, floors=floors, params=params) -> list[float]:
            key = (s_index, choice.exercise.id)
            return [floors[key] * params[(w, *key)].minutes_per_set for w in hard]

        # Estimate each move at the exercises' present minutes per set, then check the best
        # estimates exactly (the moved lift takes its new day's reps and rests).
        estimates = []
        outs = list(templates[long].choices)
        ins = [None, *templates[short].choices]
        for i, out in enumerate(outs):
            for j, back in enumerate(ins):
                if back is None and len(templates[long].choices) <= 3:
                    continue
                if back is not None and back.exercise.id == out.exercise.id:
                    continue  # the same exercise both ways changes nothing
                if len(templates) < 3 and (
                    out.exercise.main_lift or (back is not None and back.exercise.main_lift)
                ):
                    continue  # two days: main lifts stay on the heavy day (seed 000, AC10)
                kept = [c for c in templates[long].choices if c is not out]
                gained = [c for c in templates[short].choices if c is not back]
                new_long = kept + ([back] if back is not None else [])
                new_short = [*gained, out]
                if not (fits(new_long) and fits(new_short)):
                    continue
                m_out = minutes_of(out, long)
                m_back = minutes_of(back, short) if back is not None else [0.0] * len(hard)
                guess = 0.0
                for k, week in enumerate(now):
                    after = list(week)
                    after[long] += m_back[k] - m_out[k]
                    after[short] += m_out[k] - m_back[k]
                    guess = max(guess, max(after) - min(after))
                if guess < spread - 1e-9:
                    estimates.append((guess, i, j, new_long, new_short, out, back))
        best = None
        for _, _, _, new_long, new_short, out, back in sorted(estimates, key=lambda e: e[:3]):
            trial = list(templates)
            trial[long] = SessionTemplate(templates[long].tier, order_session(new_long))
            trial[short] = SessionTemplate(templates[short].tier, order_session(new_short))
            trial = tuple(trial)
            trial_floors = dict(floors)
            trial_floors[(short, out.exercise.id)] = trial_floors.pop((long, out.exercise.id))
            if back is not None:
                trial_floors[(long, back.exercise.id)] = trial_floors.pop((short, back.exercise.id))
            trial_params = _params(request, presets, model, trial, weeks, memo)
            after = lengths(trial, trial_floors, trial_params)
            if max(max(m) for m in after) > request.minutes + 1e-9:
                continue
            if any(
                sum(trial_floors[(i, c.exercise.id)] * c.exercise.regions.of(r) for c in t.choices)
                > ceiling + 1e-9
                for i, t in enumerate(trial)
                for r in REGIONS
            ):
                continue
            if widest(after)[0] < spread - 1e-9:
                best = (trial, trial_floors, trial_params)
                break
        if best is None:
            break
        templates, floors, params = best
    return templates, floors, params


def _focus_shortfall(templates, weeks, sets_by_week, normal: dict) -> float:
    """How many sets a week the focused regions fall short of Normal in total, counted as
    rules.focus_gain counts (hardest week; direct sets, fractional where none are direct)."""
    if not normal:
        return 0.0
    choice_of = {(s, c.exercise.id): c for s, t in enumerate(templates) for c in t.choices}
    hard = [i for i, w in enumerate(weeks) if not w.deload] or list(range(len(weeks)))
    short = 0.0
    for region, per_week in normal.items():
        direct = max(
            sum(
                n
                for k, n in sets_by_week[i].items()
                if choice_of[k].exercise.regions.of(region) == 1.0
            )
            for i in hard
        )
        if direct:
            short += max(0, max(per_week[i][0] for i in hard) - direct)
        else:
            volume = max(_volume(sets_by_week[i], choice_of)[region] for i in hard)
            short += max(0.0, max(per_week[i][1] for i in hard) - volume)
    return short


def _normal_sets(request: PlanRequest, catalog: Catalog, presets: Presets, memo: Memo) -> dict:
    """For each region on Focus, what the plan with Focus set back to Normal
    (rules.focus_baseline) gives it each week: (direct sets, fractional sets). Focus never
    gives less (rule focus-never-below-normal), so these are the Focus plan's floors. Counted
    from the baseline's sets (no text needed), as rules.direct_sets and the week volume do."""
    focus = [r for r in REGIONS if request.emphasis.of(r) == 2]
    if not focus:
        return {}
    _, _, templates, _, sets_by_week, _ = _core(
        rules.focus_baseline(request), catalog, presets, memo
    )
    out = {}
    for region in focus:
        credit_of = {
            (s, c.exercise.id): c.exercise.regions.of(region)
            for s, t in enumerate(templates)
            for c in t.choices
        }
        out[region] = [
            (
                sum(n for k, n in sets.items() if credit_of[k] == 1.0),
                sum(n * credit_of[k] for k, n in sets.items()),
            )
            for sets in sets_by_week
        ]
    return out


def _growth_ceilings(request: PlanRequest, catalog: Catalog, presets: Presets, memo: Memo):
    """Each week's (region volume, total sets) of the same request planned for growth: the
    ceiling of a fat-loss week (RP12). Only the set counts are needed, not the text."""
    growth = request.model_copy(update={"goal": "growth"})
    if growth not in memo.ceilings:
        if growth in memo.plans:
            built = memo.plans[growth].weeks
            ceilings = [
                (w.volume, sum(p.sets for s in w.sessions for p in s.exercises)) for w in built
            ]
        else:
            _, _, templates, _, sets_by_week, _ = _core(growth, catalog, presets, memo)
            choice_of = {(s, c.exercise.id): c for s, t in enumerate(templates) for c in t.choices}
            ceilings = [
                (RegionVolume(**_volume(sets, choice_of)), sum(sets.values()))
                for sets in sets_by_week
            ]
        memo.ceilings[growth] = ceilings
    return memo.ceilings[growth]


def _sessions(request, catalog, presets, pool, weeks, memo) -> tuple:
    """Each session's exercises and floor sets, and the selection's warnings."""
    model = per.resolve_model(request, presets)
    tiers = presets.session_tiers[request.sessions]
    if request.sessions == 1:
        tiers = (presets.goals[request.goal].single_session_tier,)
    sets_range = presets.sets_per_exercise[request.experience]
    extra = _extra_slots(request, presets, weeks, sets_range)
    # Week 1 starts within 2 sets of its target (RP1: start near MEV); a skipped region has none.
    budget = {r: weeks[0].targets[r] + 2 if request.emphasis.of(r) else 0.0 for r in REGIONS}
    # Strength starts 2 sets under MEV (P24), too few for 2 sets on every movement.
    two_sets = request.experience == "beginner" and request.goal != "strength"
    min_sets = sets_range[1] if two_sets else sets_range[0]
    templates, warnings = choose_sessions(request, pool, tiers, extra, budget, min_sets)
    params = _params(request, presets, model, templates, weeks, memo)
    templates, floors = _fit_time_budget(request, presets, templates, params, sets_range)
    return templates, floors, warnings


def _extra_slots(request, presets, weeks, sets_range) -> tuple:
    """Add a second row per session only when the peak target needs the room and the
    week-1 target can carry one more exercise at its minimum sets (AC3: start near MEV)."""
    low, high = sets_range
    peak = {r: max((w.targets[r] for w in weeks), default=0) / request.sessions for r in REGIONS}
    start = {r: weeks[0].targets[r] / request.sessions for r in REGIONS}
    extra = []
    # Vertical + horizontal pull + a half-credit finisher, each at most `high` sets.
    if peak["mid"] > 2.5 * high and start["mid"] >= 3.5 * low:
        extra.append(EXTRA_SLOTS[0])
    # Curls carry biceps alone when mid back is skipped (no half credit from pulls), and
    # Focus needs more direct sets than one exercise holds.
    if peak["biceps"] > high and (not request.emphasis.mid or request.emphasis.biceps == 2):
        extra.append(EXTRA_SLOTS[1])
    if peak["upper"] > high and request.emphasis.upper == 2:
        extra.append(EXTRA_SLOTS[2])
    return tuple(extra)


def _params(request, presets, model, templates, weeks, memo: Memo) -> dict:
    """Reps, rest, RIR and time per set for every (week, session, exercise)."""
    out: dict[tuple[int, int, str], Params] = {}
    anchors = _anchors(request, templates)
    for w_index, week in enumerate(weeks):
        for s_index, template in enumerate(templates):
            tier = _tier(model, template, weeks, w_index)
            for choice in template.choices:
                ex = choice.exercise
                role = "main" if ex.id in anchors else per.role_of(ex)
                # The parameters depend on the week only through its deload flag and RIR.
                key = (
                    request.goal,
                    request.experience,
                    tier,
                    role,
                    ex.id,
                    choice.equipment,
                    week.deload,
                    week.target_rir,
                )
                if key not in memo.params:
                    memo.params[key] = _exercise_params(request, presets, tier, role, choice, week)
                out[(w_index, s_index, ex.id)] = memo.params[key]
    return out


def _exercise_params(request, presets, tier, role, choice: Choice, week) -> Params:
    preset = presets.goals[request.goal]
    time = presets.time_model
    ex = choice.exercise
    reps = per.rep_range(preset, tier, role, ex)
    if (
        request.goal == "strength"
        and request.experience == "beginner"
        and role in ("main", "compound")
        and ex.rep_unit == "reps"
    ):
        reps = NOVICE_STRENGTH_REPS  # ACSM09: novices train strength at 8-12 RM
    rir = per.rir_for(week, role, ex)
    pct = None
    if (
        preset.pct_1rm
        and role in ("main", "compound")
        and one_rm_meaningful(ex, request.experience)
    ):
        pct = per.pct_1rm(reps[1], rir)  # loaded lifts only; bodyweight has no %1RM
    rest = preset.rest_s[role]
    work_s = (reps[0] + reps[1]) / 2 * (1 if ex.rep_unit == "s" else time.s_per_rep)
    if ex.unilateral:
        work_s *= 2  # both sides before the rest
    minutes = (work_s + time.setup_s + rest) / 60
    why = per.rationale(
        request.goal, tier, role, ex, week, request.experience, reps, rest, rir, pct
    )
    how = per.progression(ex, choice.equipment, reps, week, request.experience, pct)
    return Params(role, reps, rest, rir, pct, minutes, why, how)


def _anchors(request: PlanRequest, templates) -> set[str]:
    """Fat loss keeps one heavy compound at 6-12 reps (RP12, HE15): with no main lift in the
    plan, the most demanding loaded compound of session 1 takes the main rep range."""
    if request.goal != "fat_loss":
        return set()
    chosen = [c.exercise for t in templates for c in t.choices]
    if any(e.main_lift for e in chosen):
        return set()
    loaded = [c.exercise for c in templates[0].choices if anchor_lift(c.exercise)] or [
        e for e in chosen if anchor_lift(e)
    ]
    return {max(loaded, key=demand).id} if loaded else set()


def _tier(model, template: SessionTemplate, weeks, w_index: int):
    """A session's tier this week; the deload keeps the last week's tier, at half the work."""
    if weeks[w_index].deload and w_index > 0:
        w_index -= 1
    return per.session_tier(model, template.tier, weeks[w_index], w_index)


def _slowest_set_minutes(params: dict) -> dict[tuple[int, str], float]:
    """Minutes per set of each (session, exercise) in its slowest week.

    A set added in one week stays in every later week, so it must fit the slowest of them
    (undulating and block models change reps, hence time, from week to week).
    """
    worst: dict[tuple[int, str], float] = {}
    for (_, s_index, ex_id), p in params.items():
        key = (s_index, ex_id)
        worst[key] = max(worst.get(key, 0.0), p.minutes_per_set)
    return worst


def _overhead(request: PlanRequest, presets: Presets) -> float:
    time = presets.time_model
    warmup = time.short_warmup_min if request.minutes < 45 else time.warmup_min
    return warmup + time.cooldown_min


def _floor_sets(request: PlanRequest, presets: Presets, choice: Choice, sets_range) -> int:
    """Fewest working sets an exercise gets: the level's minimum, 3 for strength main lifts."""
    low, high = sets_range
    if request.experience == "beginner" and request.goal != "strength":
        # Beginners practise fewer movements for 2 sets each rather than many for 1
        # (SEED-REGIONS: 1-2 quality sets); a short budget still cuts to 1.
        return high
    main_min = presets.goals[request.goal].main_min_sets
    if choice.exercise.main_lift and main_min:
        return min(max(low, main_min), high)
    return low


def _fit_time_budget(request, presets, templates, params, sets_range) -> tuple:
    """Shrink sessions until each fits its budget at its floor sets; return (templates, floors).

    A coach shortens a session in this order: optional finishers and extra rows; isolation
    work whose regions other exercises still credit; strength main lifts from 3 sets to the
    level's minimum; more isolation work; one set per exercise; then the lowest-priority
    exercises, keeping at least one (IV21: a few hard sets still work). Biceps stay behind
    mid back at every step (seed routine). Every minutes value gives a plan.
    """
    overhead = _overhead(request, presets)
    sessions = [list(t.choices) for t in templates]
    worst = _slowest_set_minutes(params)
    low = sets_range[0]
    floors = {
        (i, c.exercise.id): _floor_sets(request, presets, c, sets_range)
        for i, items in enumerate(sessions)
        for c in items
    }

    def minutes(s_index: int) -> float:
        return overhead + sum(
            floors[(s_index, c.exercise.id)] * worst[(s_index, c.exercise.id)]
            for c in sessions[s_index]
        )

    def balanced_without(s_index: int, choice: Choice) -> bool:
        """True if dropping `choice` keeps biceps at or under mid back at the floor sets."""
        if not request.emphasis.mid:
            return True
        vol = {"mid": 0.0, "biceps": 0.0}
        direct = {"mid": 0, "biceps": 0}
        for i, items in enumerate(sessions):
            for c in items:
                if (i, c) == (s_index, choice):
                    continue
                n = floors[(i, c.exercise.id)]
                for r in vol:
                    vol[r] += n * c.exercise.regions.of(r)
                    direct[r] += n * (c.exercise.regions.of(r) == 1.0)
        return biceps_behind_mid(vol["biceps"], vol["mid"], direct["biceps"], direct["mid"])

    def still_covered(s_index: int, choice: Choice) -> bool:
        others = [
            c for i, items in enumerate(sessions) for c in items if (i, c) != (s_index, choice)
        ]
        return all(
            any(c.exercise.regions.of(r) > 0 for c in others)
            for r in REGIONS
            if choice.exercise.regions.of(r) > 0
        )

    def is_pull(c: Choice) -> bool:
        return c.exercise.pattern in ("vertical_pull", "horizontal_pull")

    def shrink(s_index: int) -> bool:
        items = sessions[s_index]
        keys = [(s_index, c.exercise.id) for c in items]
        steps = (
            [c for c in items if c.slot.optional and still_covered(s_index, c)],
            [c for c in items if not is_pull(c) and still_covered(s_index, c)]
            if len(items) > 3
            else [],
        )
        for found in steps:
            found = [c for c in found if balanced_without(s_index, c)]
            if found:
                items.remove(found[-1])
                return True
        high = [k for k in keys if floors[k] > low]
        if high:
            floors[high[-1]] = low
            return True
        spare = [c for c in items if not is_pull(c) and balanced_without(s_index, c)]
        if spare and len(items) > 2:
            items.remove(spare[-1])
            return True
        ones = [k for k in keys if floors[k] > 1]
        if ones:
            floors[ones[-1]] -= 1
            return True
        droppable = [c for c in items if not is_pull(c) and balanced_without(s_index, c)] + [
            c for c in items if is_pull(c) and balanced_without(s_index, c)
        ]
        if droppable and len(items) > 1:
            items.remove(droppable[0] if not is_pull(droppable[0]) else droppable[-1])
            return True
        curls = [c for c in items if biceps_heavy(c.exercise.regions)]
        if curls and len(items) > 1:
            items.remove(curls[-1])
            return True
        return False

    ceiling = presets.session_ceiling[request.experience]

    def over_ceiling(s_index: int) -> Region | None:
        for r in REGIONS:
            n = sum(
                floors[(s_index, c.exercise.id)] * c.exercise.regions.of(r)
                for c in sessions[s_index]
            )
            if n > ceiling + 1e-9:
                return r
        return None

    for s_index in range(len(sessions)):
        # The floor sets alone must respect the per-session ceiling (RP5, RP7).
        while (region := over_ceiling(s_index)) is not None:
            crediting = [c for c in sessions[s_index] if c.exercise.regions.of(region)]
            high = [c for c in crediting if floors[(s_index, c.exercise.id)] > 1]
            if high:
                floors[(s_index, high[-1].exercise.id)] -= 1
            elif len(sessions[s_index]) > 1:
                sessions[s_index].remove(crediting[-1])
            else:
                break
        while minutes(s_index) > request.minutes and shrink(s_index):
            pass
        if minutes(s_index) > request.minutes:
            need = math.ceil(minutes(s_index) / 5) * 5
            raise InfeasibleRequestError(
                f"{request.minutes} minutes cannot hold even one exercise of session "
                f"{s_index + 1}: raise Minutes per session to {need} or more."
            )
    kept = {(i, c.exercise.id) for i, items in enumerate(sessions) for c in items}
    floors = {k: v for k, v in floors.items() if k in kept}
    templates = tuple(
        SessionTemplate(t.tier, tuple(items)) for t, items in zip(templates, sessions, strict=True)
    )
    return templates, floors


def _assign_sets(
    request, presets, templates, params, weeks, sets_range, floors, ceilings=None, normal=None
) -> list[dict]:
    """Greedy, monotone set assignment toward each week's targets under every cap."""
    preset = presets.goals[request.goal]
    ceiling = presets.session_ceiling[request.experience]
    hinge_cap = presets.max_hinge_sets_per_week
    overhead = _overhead(request, presets)
    keys = [(s, c.exercise.id) for s, t in enumerate(templates) for c in t.choices]
    choice_of = {(s, c.exercise.id): c for s, t in enumerate(templates) for c in t.choices}
    high = sets_range[1]
    floor = dict(floors)

    cost = _slowest_set_minutes(params)
    # Each exercise's region credit and the regions it works, read once.
    credits = {}
    for key, c in choice_of.items():
        w = {r: c.exercise.regions.of(r) for r in REGIONS}
        credits[key] = (w, [r for r in REGIONS if w[r]])
    hinges = {key: c.exercise.pattern == "hinge" for key, c in choice_of.items()}
    results: list[dict] = []
    sets = dict(floor)
    prev_volume: dict[Region, float] | None = None
    for w_index, week in enumerate(weeks):
        if week.deload:
            results.append(_deload_sets(results[-1], choice_of, presets))
            sets, prev_volume = dict(floor), None  # the next mesocycle ramps again
            continue
        step = preset.volume.step
        limit = {
            r: week.caps[r] if prev_volume is None else min(week.caps[r], prev_volume[r] + step)
            for r in REGIONS
        }
        if prev_volume is None:
            # AC3: week 1 starts within 2 sets of its target, never past the ceiling.
            limit = {r: min(week.caps[r], week.targets[r] + 2) for r in REGIONS}
        if ceilings is not None:
            # RP12: a fat-loss week never holds more sets than the same growth week, even
            # where shorter rests would fit more into the minutes.
            limit = {r: min(limit[r], ceilings[week.week - 1][0].of(r)) for r in REGIONS}
        fill = _Week(
            sets=sets,
            keys=keys,
            credits=credits,
            cost=cost,
            floor=floor,
            hinges=hinges,
            regions={key: c.exercise.regions for key, c in choice_of.items()},
            high=high,
            limit=limit,
            ceiling=ceiling,
            hinge_cap=hinge_cap,
            minutes=request.minutes,
            total_cap=ceilings[week.week - 1][1] if ceilings is not None else None,
            sessions=len(templates),
            overhead=overhead,
        )
        _greedy_fill(request, week, fill)
        for region, per_week in (normal or {}).items():
            # Focus never below Normal (rule focus-never-below-normal): where the greedy fill
            # left the focused region under what Normal gives it this week (the minutes or the
            # fat-loss ceiling spent on other work), trade sets of other regions for its sets.
            _focus_trades(request, region, per_week[w_index], fill)
        results.append(dict(sets))
        prev_volume = fill.volume
    return results


class _Week:
    """One training week's set assignment in progress: the sets per (session, exercise id),
    what they add up to (volume per region, per session, minutes per session, hinge sets,
    total) and the caps they must stay inside. `step` keeps the sums true."""

    __slots__ = (
        "sets", "keys", "credits", "cost", "floor", "hinges", "regions", "high", "limit", "ceiling",
        "hinge_cap", "minutes", "total_cap", "volume", "session_vol", "session_min",
        "hinge_sets", "total", "direct",
    )  # fmt: skip

    def __init__(
        self, *, sets, keys, credits, cost, floor, hinges, regions, high, limit, ceiling, hinge_cap,
        minutes, total_cap, sessions, overhead,
    ) -> None:  # fmt: skip
        self.sets, self.keys, self.credits, self.cost = sets, keys, credits, cost
        self.floor, self.hinges, self.high, self.limit = floor, hinges, high, limit
        self.regions = regions  # each exercise's region weights (rules.biceps_behind_mid)
        self.ceiling, self.hinge_cap, self.minutes = ceiling, hinge_cap, minutes
        self.total_cap = total_cap  # the fat-loss ceiling on the week's sets (RP12), or None
        self.volume = dict.fromkeys(REGIONS, 0.0)
        self.session_vol = {s: dict.fromkeys(REGIONS, 0.0) for s in range(sessions)}
        self.session_min = dict.fromkeys(range(sessions), float(overhead))
        self.hinge_sets = self.total = 0
        self.direct = {"mid": 0, "biceps": 0}  # sets of prime movers (rule biceps-behind-mid)
        for key in keys:
            self._count(key, sets[key])

    def _count(self, key, n: int) -> None:
        w, worked = self.credits[key]
        s = key[0]
        for r in worked:
            self.volume[r] += n * w[r]
            self.session_vol[s][r] += n * w[r]
        self.session_min[s] += n * self.cost[key]
        self.hinge_sets += n * self.hinges[key]
        self.total += n
        for r in self.direct:
            self.direct[r] += n * (w[r] == 1.0)

    def step(self, key, n: int) -> None:
        """Add `n` sets (negative: remove) to exercise `key`, keeping every sum true."""
        self.sets[key] += n
        self._count(key, n)


def _greedy_fill(request, week, fill: _Week) -> None:
    """Add one set at a time where it gains most toward `week`'s targets, inside every cap."""
    sets, credits, cost, volume = fill.sets, fill.credits, fill.cost, fill.volume
    session_vol, session_min, direct, limit = (
        fill.session_vol,
        fill.session_min,
        fill.direct,
        fill.limit,
    )
    # Focus is served first: a focused region's shortfall counts double.
    weight = {r: PRIORITY[r] * (2.0 if request.emphasis.of(r) == 2 else 1.0) for r in REGIONS}
    while True:
        best, best_score = None, float("-inf")  # any add with a gain beats none
        if fill.total_cap is not None and fill.total + 1 > fill.total_cap:
            break
        shortest = min(session_min.values())
        for key in fill.keys:
            s = key[0]
            if sets[key] >= fill.high:
                continue
            w, worked = credits[key]
            if any(volume[r] + w[r] > limit[r] + 1e-9 for r in worked):
                continue
            if any(session_vol[s][r] + w[r] > fill.ceiling + 1e-9 for r in worked):
                continue
            if session_min[s] + cost[key] > fill.minutes + 1e-9:
                continue
            if fill.hinges[key] and fill.hinge_sets + 1 > fill.hinge_cap:
                continue
            # Seed 000: never more biceps than mid-back work (rule biceps-behind-mid; an
            # add that narrows the gap is fine even while biceps still lead after the
            # week-1 floors).
            if request.emphasis.mid and not adding_keeps_biceps_behind_mid(
                volume["biceps"], volume["mid"], direct["biceps"], direct["mid"], fill.regions[key]
            ):
                continue
            gain = sum(weight[r] * min(w[r], max(0.0, week.targets[r] - volume[r])) for r in worked)
            if gain <= 0:
                continue
            overshoot = sum(max(0.0, volume[r] + w[r] - week.targets[r]) for r in worked)
            # Spread sets over exercises, as a coach would (one more set each, not +2 on one).
            # Balanced sessions (J): prefer the shorter session of the week.
            longer = session_min[s] - shortest
            score = gain - 0.3 * overshoot - 1.0 * (sets[key] - fill.floor[key]) - 0.05 * longer
            if score > best_score + 1e-9:
                best, best_score = key, score
        if best is None:
            return
        fill.step(best, 1)


def _focus_trades(request, region, normal, fill: _Week) -> None:
    """Raise `region`'s direct sets (fractional where nothing works it directly) to
    `normal` = (direct, fractional) by adding its sets, or by moving sets from exercises that
    do not work it directly (and no other region on Focus) to ones that do, inside every cap
    of `fill`; an exercise keeps at least one set (sets above its floor go first)."""
    goal_direct, goal_volume = normal
    focus = [r for r in REGIONS if request.emphasis.of(r) == 2]
    sets, keys, credits, cost = fill.sets, fill.keys, fill.credits, fill.cost
    volume, session_vol, session_min = fill.volume, fill.session_vol, fill.session_min
    hinges, limit = fill.hinges, fill.limit

    def direct() -> int:
        return sum(sets[k] for k in keys if credits[k][0][region] == 1.0)

    def short() -> bool:
        if goal_direct or direct():
            return direct() < goal_direct
        return volume[region] + 1e-9 < goal_volume

    by_direct = bool(goal_direct or direct())
    none = dict.fromkeys(REGIONS, 0.0)
    while short():
        best, best_cost = None, None
        for add in keys:
            w_add = credits[add][0]
            if (w_add[region] != 1.0 if by_direct else not w_add[region]) or sets[add] >= fill.high:
                continue
            for rem in [None, *keys]:
                if rem == add:
                    continue
                w_rem = credits[rem][0] if rem else none
                if rem is not None and (
                    sets[rem] <= 1
                    or (w_rem[region] == 1.0 if by_direct else w_rem[region] > 0)
                    or any(w_rem[r] == 1.0 for r in focus)
                ):
                    continue
                if rem is None and fill.total_cap is not None and fill.total + 1 > fill.total_cap:
                    continue
                change = {r: w_add[r] - w_rem[r] for r in REGIONS}
                if any(change[r] > 0 and volume[r] + change[r] > limit[r] + 1e-9 for r in REGIONS):
                    continue
                s_add = add[0]
                same = rem is not None and rem[0] == s_add
                gain = {r: w_add[r] - (w_rem[r] if same else 0.0) for r in REGIONS}
                if any(
                    gain[r] > 0 and session_vol[s_add][r] + gain[r] > fill.ceiling + 1e-9
                    for r in REGIONS
                ):
                    continue
                minutes = session_min[s_add] + cost[add] - (cost[rem] if same else 0.0)
                if minutes > fill.minutes + 1e-9:
                    continue
                if (
                    hinges[add]
                    and not (rem and hinges[rem])
                    and fill.hinge_sets + 1 > fill.hinge_cap
                ):
                    continue
                if request.emphasis.mid:
                    direct_b, direct_m = fill.direct["biceps"], fill.direct["mid"]
                    lead_before = biceps_lead(volume["biceps"], volume["mid"], direct_b, direct_m)
                    lead_after = biceps_lead(
                        volume["biceps"] + change["biceps"],
                        volume["mid"] + change["mid"],
                        direct_b + (w_add["biceps"] == 1.0) - (w_rem["biceps"] == 1.0),
                        direct_m + (w_add["mid"] == 1.0) - (w_rem["mid"] == 1.0),
                    )
                    if lead_after > 1e-9 and lead_after > lead_before + 1e-9:
                        continue
                # Sets above an exercise's floor go first, then the trade that costs least time.
                extra = (
                    rem is not None and sets[rem] <= fill.floor[rem],
                    cost[add] - (cost[rem] if rem else 0.0),
                )
                if best is None or extra < best_cost:
                    best, best_cost = (add, rem), extra
        if best is None:
            return
        add, rem = best
        fill.step(add, 1)
        if rem is not None:
            fill.step(rem, -1)


def _volume(sets: dict, choice_of: dict) -> dict[Region, float]:
    """Fractional sets per region of a {(session, exercise id): sets} mapping (section 0)."""
    totals = dict.fromkeys(REGIONS, 0.0)
    for key, n in sets.items():
        for region, value in credit(n, choice_of[key].exercise.regions).items():
            totals[region] += value
    return totals


def _deload_sets(last: dict, choice_of: dict, presets: Presets) -> dict:
    """Cut the last week's sets to about half (RP8: 40-60 %), keeping the exercises (R24).

    Each exercise takes half its sets rounded down or up; a one-set exercise may be dropped
    while at least 80 % of exercises stay (AC4) and every session keeps 3 (AC6). A small local
    search picks the mix that keeps every region inside 40-60 % and biceps under mid back.
    """
    low, high = presets.deload.volume_fraction
    before = _volume(last, choice_of)
    sizable = [r for r in REGIONS if before[r] >= 4]  # AC4 applies to regions with >= 4 sets
    options = {
        k: sorted({max(1, n // 2), max(1, -(-n // 2))} | ({0} if n == 1 else set()))
        for k, n in last.items()
    }
    max_drops = len(last) // 5
    # Read once: the credit of one set of each exercise, and which exercises are prime movers
    # of mid back and of biceps (the search scores a few hundred trial weeks).
    unit = {k: credit(1, choice_of[k].exercise.regions) for k in last}
    prime = {
        r: [k for k in last if choice_of[k].exercise.regions.of(r) == 1.0]
        for r in ("mid", "biceps")
    }

    def badness(sets: dict) -> float:
        after = dict.fromkeys(REGIONS, 0.0)
        for k, n in sets.items():
            for r in REGIONS:
                after[r] += n * unit[k][r]
        score = 0.0
        for r in sizable:
            ratio = after[r] / before[r]
            score += max(0.0, low - ratio) + max(0.0, ratio - high)
        if before["mid"]:
            score += 10.0 * biceps_lead(
                after["biceps"],
                after["mid"],
                sum(sets[k] for k in prime["biceps"]),
                sum(sets[k] for k in prime["mid"]),
            )
        score += 0.001 * sum(sets.values())  # prefer the lighter week on ties
        dropped = sum(1 for k in sets if sets[k] == 0)
        if dropped > max_drops or any(after[r] == 0 for r in REGIONS if before[r] > 0):
            return float("inf")
        planes = {choice_of[k].exercise.pattern for k in sets if sets[k]}
        if any(choice_of[k].exercise.pattern not in planes for k in last if last[k]):
            return float("inf")  # AC8: both pull planes (and every pattern) stay in the deload
        sessions = {k[0] for k in sets}
        if any(
            sum(1 for k in sets if k[0] == s and sets[k])
            < min(3, sum(1 for k in sets if k[0] == s))
            for s in sessions
        ):
            return float("inf")
        return score

    deload = {
        k: options[k][1] if len(options[k]) > 1 and options[k][0] == 0 else options[k][0]
        for k in last
    }
    current = badness(deload)
    for _ in range(3 * len(last)):
        best_key, best_value, best_score = None, None, current
        for key in last:  # stable order: deterministic
            for value in options[key]:
                if value == deload[key]:
                    continue
                trial = dict(deload)
                trial[key] = value
                score = badness(trial)
                if score < best_score - 1e-12:
                    best_key, best_value, best_score = key, value, score
        if best_key is None:
            break
        deload[best_key] = best_value
        current = best_score
    return deload


def _assemble_week(
    request, presets, model, templates, params, weeks, w_index, sets, previous
) -> Week:
    week = weeks[w_index]
    sessions = []
    overhead = _overhead(request, presets)
    for s_index, template in enumerate(templates):
        items = []
        minutes = overhead
        for choice in template.choices:
            ex = choice.exercise
            n = sets[(s_index, ex.id)]
            if n == 0:
                continue  # dropped in the deload
            p = params[(w_index, s_index, ex.id)]
            reps = p.reps
            if week.deload and previous is not None and n >= previous[(s_index, ex.id)]:
                # RP8: a deload halves sets and reps; where the sets cannot be halved
                # (a single set), halve the reps instead.
                reps = (max(1, -(-reps[0] // 2)), max(1, -(-reps[1] // 2)))
                why = p.rationale.replace(f"{p.reps[0]}-{p.reps[1]} ", f"{reps[0]}-{reps[1]} ", 1)
            else:
                why = p.rationale
            minutes += n * p.minutes_per_set
            items.append(
                Prescription(
                    order=len(items) + 1,
                    id=ex.id,
                    name=ex.name,
                    pattern=ex.pattern,
                    role=p.role,
                    equipment=choice.equipment,
                    sets=n,
                    reps_min=reps[0],
                    reps_max=reps[1],
                    rest_s=p.rest_s,
                    target_rir=p.rir,
                    pct_1rm=p.pct,
                    rep_unit=ex.rep_unit,
                    unilateral=ex.unilateral,
                    regions=ex.regions,
                    cue=ex.cue,
                    rationale=why,
                    progression=p.progression,
                )
            )
        sessions.append(
            Session(
                session=s_index + 1,
                tier=_tier(model, template, weeks, w_index),
                minutes=round(minutes, 1),
                warmup=_warmup(
                    request,
                    presets,
                    {c.exercise.id for c in template.choices if heavy_lift(c.exercise)},
                    items,
                ),
                exercises=tuple(items),
                cooldown=_cooldown(request, presets),
            )
        )
    return Week(
        week=week.week,
        deload=week.deload,
        phase=week.phase,
        target_rir=week.target_rir,
        volume=week_volume(sessions),
        sessions=tuple(sessions),
    )


def _warmup(
    request: PlanRequest, presets: Presets, heavy_ids: set[str], items: list[Prescription]
) -> tuple:
    """Light pulling and mobility (SEED-ROUTINE); light cardio and dynamic stretches
    (SEED-COMPLETE); ramp-up sets before every loaded compound, not only the first (ACSM09)."""
    total = (
        presets.time_model.short_warmup_min
        if request.minutes < 45
        else presets.time_model.warmup_min
    )
    tags = set(request.equipment)
    pulling = (
        SessionItem(name="Band pull-aparts", detail="2 x 15, easy", minutes=total * 0.25)
        if "band" in tags
        else SessionItem(name="Scapular wall slides", detail="2 x 10, slow", minutes=total * 0.25)
    )
    heavy = [p.name for p in items if p.id in heavy_ids]
    if heavy:
        lifts = "; ".join(heavy)
        ramp = (
            f"before each loaded lift, 2-3 light sets at about 40, 60 and 80 % of the working "
            f"load, 3-5 reps each (not counted): {lifts}"
        )
    else:
        first = items[0].name if items else "the first exercise"
        ramp = f"1-2 easy sets of {first} (not counted)"
    return (
        SessionItem(
            name="Light cardio", detail="rower, bike or brisk walk, easy pace", minutes=total * 0.4
        ),
        pulling,
        SessionItem(name="Ramp-up sets", detail=ramp, minutes=total * 0.35),
    )


def _cooldown(request: PlanRequest, presets: Presets) -> tuple:
    total = presets.time_model.cooldown_min
    hang = (
        "dead hang or doorway lat stretch"
        if "pullup_bar" in request.equipment
        else "doorway lat stretch"
    )
    return (
        SessionItem(name="Lat stretch", detail=f"{hang}, 2 x 30 s", minutes=total * 0.4),
        SessionItem(name="Biceps wall stretch", detail="2 x 30 s per arm", minutes=total * 0.3),
        SessionItem(
            name="Child's pose with side reach", detail="60 s, breathe slowly", minutes=total * 0.3
        ),
    )


def _volume_warnings(request, presets, weeks, built) -> list[str]:
    """Notes that need no re-planning; missed targets are explained by the audit."""
    warnings: list[str] = []
    if not request.deload:
        warnings.append(
            "No deload week: plan one after this block; lifters deload about every 4-8 weeks "
            f"({cite('RP8', 'R24')})."
        )
    return warnings
