"""Adaptation: from a plan and its log to the next session, with the rules that fired.

Each rule is declared once in `RULES` (id, one plain sentence, sources, hard or soft) and every
decision names the rule it applied, so a plan's audit can say why a number changed. Pure: the
plan, the log, the lifter's load settings and (for the calendar rules) today's date come in as
arguments; a `NextSession` comes out.

Order of the rules for one session: which session is next (missed ones repeated); early deload
or the restart after a break (sets); sets per region from last week's feedback, never past MRV;
then the load of each exercise (double progression, an effort miss, the estimate, or the
starting-load advice).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from planner.loads import (
    LoadSettings,
    estimated_1rm,
    format_load,
    load_for,
    round_load,
    starting_load_advice,
    step_kind,
    to_kg,
)
from planner.logbook import MAX_LOAD_KG, Feedback, SetLog, TrainingLog, Workout
from planner.models import REGION_LABELS, REGIONS, Plan, Prescription, Region, Session, Week
from planner.volume import week_volume

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Rule(BaseModel):
    """One adaptation rule: hard rules are limits, soft rules are adjustments."""

    model_config = _FROZEN

    id: str
    text: str
    sources: tuple[str, ...]
    hard: bool


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.id: rule for rule in rules}


RULES: dict[str, Rule] = _rules(
    Rule(
        id="double_progression",
        text="When every set reached the top of the rep range without going past the target "
        "effort, add load and go back to the bottom of the range.",
        sources=("RB", "2FOR2"),
        hard=False,
    ),
    Rule(
        id="effort_miss",
        text="When a set's reps in reserve missed the target by 2 or more, move the load about "
        "5%: down if it was harder than planned, up if it was easier.",
        sources=("Z16", "H16"),
        hard=False,
    ),
    Rule(
        id="load_from_estimate",
        text="For a new rep target or effort, take the load from the estimated 1RM (Epley) "
        "through the reps-to-failure %1RM table.",
        sources=("EP", "NSCA"),
        hard=False,
    ),
    Rule(
        id="hold_load",
        text="Otherwise keep the load and aim for one more rep, inside the range.",
        sources=("RB",),
        hard=False,
    ),
    Rule(
        id="starting_load",
        text="Without a log, start with the load you could lift for the top of the rep range "
        "with the target reps in reserve.",
        sources=("NU24", "Z16"),
        hard=False,
    ),
    Rule(
        id="feedback_sets",
        text="Sets per region next week follow the last feedback: low soreness and steady or "
        "better performance add sets, high soreness or joint pain holds or removes them.",
        sources=("RP6", "RP1", "JUDGEMENT"),
        hard=False,
    ),
    Rule(
        id="never_past_mrv",
        text="Added sets never take a region's weekly sets past its maximum recoverable volume.",
        sources=("RP1",),
        hard=True,
    ),
    Rule(
        id="early_deload",
        text="Performance down two sessions running brings the deload forward: half the sets "
        "at 4 or more reps in reserve, for one week of sessions.",
        sources=("RP8", "R24"),
        hard=False,
    ),
    Rule(
        id="missed_session_repeated",
        text="A missed session is repeated, not skipped: the next session is the first one "
        "of the plan not yet logged.",
        sources=("JUDGEMENT",),
        hard=True,
    ),
    Rule(
        id="pinned_kept",
        text="A pinned exercise is kept: it is never swapped out or left out, and when its "
        "region's sets are cut the sets come off the other exercises.",
        sources=("JUDGEMENT",),
        hard=True,
    ),
    Rule(
        id="restart_after_break",
        text="After more than a week off, restart at about two-thirds of the sets.",
        sources=("RP8", "JUDGEMENT"),
        hard=False,
    ),
)

# Load jumps for double progression: +2.5% for upper-body pulls and curls, +5% for hinges,
# and at least one increment (2FOR2: 2.5-5% upper body, 5-10% lower body).
JUMP_PCT = {"hinge": 5.0}
DEFAULT_JUMP_PCT = 2.5
EFFORT_MISS_RIR = 2  # Z16/H16: a miss of 2 RIR or more moves the load
EFFORT_MISS_PCT = 5.0
DELOAD_RIR = 4.0  # RP8/R24: deload effort at 4 or more RIR
BREAK_DAYS = 7  # "more than a week off"
RESTART_FRACTION = 2 / 3  # RP8: resume at about two-thirds of the planned sets


class Firing(BaseModel):
    """A rule that changed something in the next session, and what it changed."""

    model_config = _FROZEN

    rule: str
    detail: str


class NextExercise(BaseModel):
    """One exercise of the next session with its suggested load."""

    model_config = _FROZEN

    prescription: Prescription
    target_reps: int
    suggested_load_kg: float | None
    load_text: str
    estimated_1rm_kg: float | None = None
    last_time: str = ""
    rules: tuple[str, ...] = ()


class NextSession(BaseModel):
    """The next session to train, or `complete` when every session of the plan is logged."""

    model_config = _FROZEN

    week: int
    session: int
    deload: bool
    complete: bool = False
    exercises: tuple[NextExercise, ...] = ()
    fired: tuple[Firing, ...] = ()


# -- which session ---------------------------------------------------------------------------


def next_position(plan: Plan, log: TrainingLog) -> tuple[int, int] | None:
    """The first (week, session) of the plan not yet logged, or None when all are."""
    done = log.done()
    for week in plan.weeks:
        for session in week.sessions:
            if (week.week, session.session) not in done:
                return week.week, session.session
    return None


def missed_sessions(plan: Plan, log: TrainingLog, today: date | None) -> str | None:
    """Say why the next session is a repeat of a missed one, or None if nothing was missed."""
    position = next_position(plan, log)
    if position is None or not log.workouts:
        return None
    week, session = position
    later = [w for w in log.workouts if (w.week, w.session) > position]
    if later:
        return (
            f"week {week} session {session} was not logged although later sessions were; "
            "it comes next instead of being skipped"
        )
    if today is not None:
        expected_week = (today - log.workouts[0].day).days // 7 + 1
        if week < expected_week:
            return (
                f"by the calendar this is week {expected_week}, but week {week} session "
                f"{session} is not logged yet; it comes next instead of being skipped"
            )
    return None


# -- sets ------------------------------------------------------------------------------------


def feedback_set_change(feedback: Feedback) -> int:
    """Sets to add (or remove) for a region next week, from one session's feedback.

    RP-style table (RP6; the thresholds are a judgement): joint pain of 2+ or soreness of 3
    removes a set; soreness 2 or worse performance holds; soreness 0-1 with steady or better
    performance adds one set, two when there was no soreness and little pump.
    """
    if feedback.joint_pain >= 2 or feedback.soreness >= 3:
        return -1
    if feedback.soreness >= 2 or feedback.performance == "worse":
        return 0
    if feedback.soreness == 0 and feedback.pump <= 1:
        return 2
    return 1


def region_set_changes(plan: Plan, log: TrainingLog, week: int) -> dict[Region, int]:
    """Per region, the set change for `week` from the latest feedback of the week before."""
    changes: dict[Region, int] = {}
    if week < 2:
        return changes
    previous = plan.weeks[week - 2]
    for workout in log.workouts:
        if workout.week != week - 1 or workout.deload or workout.feedback is None:
            continue
        if workout.session > len(previous.sessions):
            continue
        trained = previous.sessions[workout.session - 1].exercises
        for region in REGIONS:
            if any(p.regions.of(region) > 0 for p in trained):
                # Later workouts overwrite earlier ones: the latest feedback decides.
                changes[region] = feedback_set_change(workout.feedback)
    return changes


def _with_sets(week: Week, sets: dict[tuple[int, int], int]) -> Week:
    sessions = tuple(
        s.model_copy(
            update={
                "exercises": tuple(
                    p.model_copy(update={"sets": sets[(s.session, p.order)]}) for p in s.exercises
                )
            }
        )
        for s in week.sessions
    )
    return week.model_copy(update={"sessions": sessions, "volume": week_volume(sessions)})


def adjust_week_sets(
    week: Week,
    changes: dict[Region, int],
    mrv: dict[Region, float],
    pinned: frozenset[str] = frozenset(),
) -> tuple[Week, tuple[Firing, ...]]:
    """Add or remove sets per region in a week, one set at a time, never past any region's MRV.

    A set goes to (or comes from) the exercise with the highest credit for the region, the
    first in session order on a tie; removing never takes an exercise below one set, and
    never takes a set from a pinned exercise (it is kept as planned).
    """
    sets = {(s.session, p.order): p.sets for s in week.sessions for p in s.exercises}
    items = [(s.session, p) for s in week.sessions for p in s.exercises]
    fired: list[Firing] = []
    for region in REGIONS:
        change = changes.get(region, 0)
        if not change:
            continue
        candidates = sorted(
            (item for item in items if item[1].regions.of(region) > 0),
            key=lambda item: (-item[1].regions.of(region), item[0], item[1].order),
        )
        done = 0
        for _ in range(abs(change)):
            for session, p in candidates:
                key = (session, p.order)
                if change > 0:
                    trial = sets | {key: sets[key] + 1}
                    volume = _volume_of(items, trial)
                    if all(volume[r] <= mrv[r] + 1e-9 for r in REGIONS if p.regions.of(r) > 0):
                        sets = trial
                        done += 1
                        break
                elif sets[key] > 1 and p.id not in pinned:
                    sets = sets | {key: sets[key] - 1}
                    done += 1
                    break
            else:
                break
        label = REGION_LABELS[region]
        kept = sorted({p.name for _, p in candidates if p.id in pinned})
        if change < 0 and kept:
            fired.append(
                Firing(
                    rule="pinned_kept",
                    detail=f"{label}: {', '.join(kept)} pinned, so "
                    f"{'its' if len(kept) == 1 else 'their'} sets were kept",
                )
            )
        if done:
            verb = "added" if change > 0 else "removed"
            fired.append(
                Firing(
                    rule="feedback_sets",
                    detail=f"{label}: {done} set{'s' if done > 1 else ''} {verb} this week "
                    "after last week's feedback",
                )
            )
        if change > 0 and done < change:
            fired.append(
                Firing(
                    rule="never_past_mrv",
                    detail=f"{label}: held at {_volume_of(items, sets)[region]:g} sets, its "
                    f"maximum recoverable volume is {mrv[region]:g}",
                )
            )
    return _with_sets(week, sets), tuple(fired)


def _volume_of(
    items: list[tuple[int, Prescription]], sets: dict[tuple[int, int], int]
) -> dict[Region, float]:
    totals = dict.fromkeys(REGIONS, 0.0)
    for session, p in items:
        for region in REGIONS:
            totals[region] += sets[(session, p.order)] * p.regions.of(region)
    return totals


def early_deload_due(workouts: tuple[Workout, ...], sessions_per_week: int) -> bool:
    """True while an early deload is owed: two non-deload sessions running felt worse.

    The deload then lasts one week of sessions (`sessions_per_week` workouts logged as deload).
    """
    owed = 0
    streak = 0
    for workout in workouts:
        if workout.deload:
            owed = max(0, owed - 1)
            streak = 0
            continue
        owed = 0
        if workout.feedback is not None:
            streak = streak + 1 if workout.feedback.performance == "worse" else 0
        if streak >= 2:
            owed, streak = sessions_per_week, 0
    return owed > 0


def deload_session(session: Session) -> Session:
    """Half the sets (at least one each) at 4 or more reps in reserve (RP8; R24)."""
    exercises = tuple(
        p.model_copy(
            update={"sets": max(1, round(p.sets / 2)), "target_rir": max(p.target_rir, DELOAD_RIR)}
        )
        for p in session.exercises
    )
    return session.model_copy(update={"exercises": exercises})


def restart_session(session: Session) -> Session:
    """About two-thirds of the sets, at least one per exercise (RP8)."""
    exercises = tuple(
        p.model_copy(update={"sets": max(1, round(p.sets * RESTART_FRACTION))})
        for p in session.exercises
    )
    return session.model_copy(update={"exercises": exercises})


# -- loads -----------------------------------------------------------------------------------


def _history(log: TrainingLog, exercise_id: str) -> list[tuple[Workout, tuple[SetLog, ...]]]:
    out = []
    for workout in log.workouts:
        sets = tuple(sorted((s for s in workout.sets if s.exercise_id == exercise_id), key=_num))
        if sets:
            out.append((workout, sets))
    return out


def _num(item: SetLog) -> int:
    return item.set


def _prescribed(plan: Plan, week: int, session: int, exercise_id: str) -> Prescription | None:
    if not 1 <= week <= len(plan.weeks) or not 1 <= session <= len(plan.weeks[week - 1].sessions):
        return None
    for p in plan.weeks[week - 1].sessions[session - 1].exercises:
        if p.id == exercise_id:
            return p
    return None


def _summary(sets: tuple[SetLog, ...], settings: LoadSettings) -> str:
    loads = {s.load_kg for s in sets}
    reps = ", ".join(str(s.reps) for s in sets)
    if len(loads) == 1:
        load = next(iter(loads))
        prefix = f"{format_load(load, settings)} × " if load > 0 else ""
        return f"Last time: {prefix}{reps} reps"
    return "Last time: " + ", ".join(f"{format_load(s.load_kg, settings)} × {s.reps}" for s in sets)


def _rir(value: float) -> str:
    return f"{value:g} in reserve"


def progress_exercise(
    plan: Plan, log: TrainingLog, p: Prescription, settings: LoadSettings
) -> NextExercise:
    """The load and rep target of one prescription from its log (see the rules above)."""
    kind = step_kind(p)
    history = _history(log, p.id)
    rest_of = [h for h in history if not h[0].deload] or history
    if not rest_of:
        if kind is None:
            text = (
                f"{p.reps_min}–{p.reps_max} {p.rep_unit} at {_rir(p.target_rir)}; no load to "
                "set: add reps inside the range, then a harder variation"
            )
            return NextExercise(
                prescription=p, target_reps=p.reps_max, suggested_load_kg=None, load_text=text
            )
        return NextExercise(
            prescription=p,
            target_reps=p.reps_max,
            suggested_load_kg=None,
            load_text=starting_load_advice(p),
            rules=("starting_load",),
        )
    workout, sets = rest_of[-1]
    last_time = _summary(sets, settings)
    estimates = [e for s in sets if (e := estimated_1rm(s.load_kg, s.reps, s.rir)) is not None]
    one_rm = max(estimates) if estimates else None
    if kind is None:
        top = all(s.reps >= p.reps_max for s in sets)
        text = (
            "Top of the range reached: try a harder variation or add a little load."
            if top
            else "Add a rep inside the range."
        )
        return NextExercise(
            prescription=p,
            target_reps=p.reps_max if not top else p.reps_min,
            suggested_load_kg=None,
            load_text=text,
            last_time=last_time,
        )
    last_p = _prescribed(plan, workout.week, workout.session, p.id)
    load = max(s.load_kg for s in sets)
    step_kg = to_kg(settings.step(kind), settings.unit)
    same_target = last_p is not None and (
        (last_p.reps_min, last_p.reps_max, last_p.target_rir)
        == (p.reps_min, p.reps_max, p.target_rir)
    )
    reference = last_p if (same_target or one_rm is None) else None
    if reference is not None:
        all_top = len(sets) >= reference.sets and all(
            s.reps >= reference.reps_max and s.rir >= reference.target_rir for s in sets
        )
        harder = any(s.rir <= reference.target_rir - EFFORT_MISS_RIR for s in sets)
        easier = any(s.rir >= reference.target_rir + EFFORT_MISS_RIR for s in sets)
        if all_top:
            jump = JUMP_PCT.get(p.pattern, DEFAULT_JUMP_PCT)
            new = max(round_load(load * (1 + jump / 100), kind, settings, "up"), load + step_kg)
            new = round_load(new, kind, settings, "nearest")
            return _loaded(p, new, p.reps_min, settings, one_rm, last_time, "double_progression")
        if harder:
            new = round_load(load * (1 - EFFORT_MISS_PCT / 100), kind, settings, "down")
            if new >= load:
                new = max(0.0, load - step_kg)
            return _loaded(p, new, p.reps_min, settings, one_rm, last_time, "effort_miss")
        if easier:
            new = round_load(load * (1 + EFFORT_MISS_PCT / 100), kind, settings, "up")
            if new <= load:
                new = load + step_kg
            return _loaded(p, new, p.reps_min, settings, one_rm, last_time, "effort_miss")
        reps = min(p.reps_max, max(p.reps_min, min(s.reps for s in sets) + 1))
        return _loaded(p, load, reps, settings, one_rm, last_time, "hold_load")
    if one_rm is None:  # logged where the plan (as edited since) has no such exercise
        return _loaded(p, load, p.reps_min, settings, None, last_time, "hold_load")
    new = round_load(load_for(one_rm, p.reps_max, p.target_rir), kind, settings, "nearest")
    return _loaded(p, new, p.reps_max, settings, one_rm, last_time, "load_from_estimate")


def _loaded(
    p: Prescription,
    load_kg: float,
    reps: int,
    settings: LoadSettings,
    one_rm: float | None,
    last_time: str,
    rule: str,
) -> NextExercise:
    if load_kg > MAX_LOAD_KG:  # never suggest what cannot be logged
        load_kg = round_load(MAX_LOAD_KG, step_kind(p) or "barbell", settings, "down")
    text = f"{format_load(load_kg, settings)} for {reps} {p.rep_unit} at {_rir(p.target_rir)}"
    return NextExercise(
        prescription=p,
        target_reps=reps,
        suggested_load_kg=load_kg,
        load_text=text,
        estimated_1rm_kg=None if one_rm is None else round(one_rm, 1),
        last_time=last_time,
        rules=(rule,),
    )


# -- the next session ------------------------------------------------------------------------


def next_session(
    plan: Plan,
    log: TrainingLog,
    settings: LoadSettings,
    today: date | None = None,
    pinned: frozenset[str] = frozenset(),
) -> NextSession:
    """The next session to train with its sets and loads, and every rule that fired.

    `pinned`: the exercises the lifter pinned (planner.plan_edits.pinned_ids); their sets are
    never the ones cut after feedback. A deload or a restart still cuts every exercise alike:
    those are recovery rules, and each exercise stays in the session.
    """
    position = next_position(plan, log)
    if position is None:
        last = plan.weeks[-1]
        return NextSession(
            week=last.week, session=len(last.sessions), deload=last.deload, complete=True
        )
    week_no, session_no = position
    fired: list[Firing] = []
    missed = missed_sessions(plan, log, today)
    if missed:
        fired.append(Firing(rule="missed_session_repeated", detail=missed))
    week = plan.weeks[week_no - 1]
    deload = week.deload
    if not deload and early_deload_due(log.workouts, plan.request.sessions):
        deload = True
        session = deload_session(week.sessions[session_no - 1])
        fired.append(
            Firing(
                rule="early_deload",
                detail="performance was down two sessions running: this session is a deload",
            )
        )
    else:
        if not deload:
            changes = region_set_changes(plan, log, week_no)
            mrv = {region: plan.landmarks[region].mrv for region in REGIONS}
            week, set_firings = adjust_week_sets(week, changes, mrv, pinned)
            fired.extend(set_firings)
        session = week.sessions[session_no - 1]
    if today is not None and log.workouts:
        days_off = (today - max(w.day for w in log.workouts)).days
        if days_off > BREAK_DAYS:
            session = restart_session(session)
            fired.append(
                Firing(
                    rule="restart_after_break",
                    detail=f"{days_off} days since the last session: about two-thirds of the "
                    "sets today",
                )
            )
    exercises = tuple(progress_exercise(plan, log, p, settings) for p in session.exercises)
    for item in exercises:
        for rule in item.rules:
            fired.append(Firing(rule=rule, detail=f"{item.prescription.name}: {item.load_text}"))
    return NextSession(
        week=week_no,
        session=session_no,
        deload=deload,
        exercises=exercises,
        fired=tuple(fired),
    )
