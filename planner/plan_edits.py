"""Edits a lifter makes to a saved plan while training it: swap, exclude or pin an exercise.

An edit is data (`PlanEdit`) that carries the substitute's catalogue entry, so applying edits
needs no catalogue and a store can keep them beside the plan. `apply_edits` is pure: the stored
plan and its edits in, the plan as the lifter now trains it out. The log keeps every set under
the exercise that was done, so history survives a swap (seed article "Back Training Routine":
substitutions when equipment is missing).

A pin means "keep this one": a pinned exercise is never swapped out or left out (the edit is
refused until it is unpinned), is offered no substitutes, and keeps its sets when the
adaptation cuts its region's sets (planner.adaptation). Pins and unpins are edits too, so the
store keeps their history with the swaps.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.catalog import Catalog
from planner.errors import PlannerError
from planner.models import LEVEL_RANK, REGIONS, Exercise, Plan, Prescription, Region
from planner.volume import week_volume


class PlanEditError(PlannerError, ValueError):
    """An edit that cannot be applied: the message says why and what to do instead."""


class PlanEdit(BaseModel):
    """Swap `exercise_id` for `substitute`, exclude it from week `from_week` on, or (un)pin it.

    A pin holds for the whole plan, so its `from_week` is ignored.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["swap", "exclude", "pin", "unpin"]
    exercise_id: str
    substitute: Exercise | None = None
    from_week: int = Field(1, ge=1)
    reason: str = ""


def prime_regions(regions) -> frozenset[Region]:
    return frozenset(r for r in REGIONS if regions.of(r) == 1.0)


def pinned_ids(edits: tuple[PlanEdit, ...]) -> frozenset[str]:
    """The exercises pinned after `edits` (pins and unpins in order)."""
    pinned: set[str] = set()
    for edit in edits:
        if edit.kind == "pin":
            pinned.add(edit.exercise_id)
        elif edit.kind == "unpin":
            pinned.discard(edit.exercise_id)
    return frozenset(pinned)


def substitutes(
    plan: Plan, p: Prescription, catalog: Catalog, pinned: frozenset[str] = frozenset()
) -> tuple[Exercise, ...]:
    """Catalogue exercises of the same pattern and prime-mover regions the plan's lifter can do.

    Exercises already in the plan are left out, so a swap never doubles one up; a pinned
    exercise has none (it is kept).
    """
    if p.id in pinned:
        return ()
    in_plan = {q.id for w in plan.weeks for s in w.sessions for q in s.exercises}
    level = plan.request.experience
    wanted = prime_regions(p.regions)
    return tuple(
        e
        for e in catalog.available(plan.request.equipment, level)
        if e.pattern == p.pattern
        and prime_regions(e.regions) == wanted
        and e.id not in in_plan
        and LEVEL_RANK[e.skill] <= LEVEL_RANK[level]
    )


def swap(edit: PlanEdit, p: Prescription, equipment: frozenset[str]) -> Prescription:
    """The prescription with the substitute in its place: same sets, reps, effort and rest."""
    e = edit.substitute
    assert e is not None
    option = e.option_for(equipment) or e.equipment[0]
    return p.model_copy(
        update={
            "id": e.id,
            "name": e.name,
            "equipment": option,
            "regions": e.regions,
            "unilateral": e.unilateral,
            "rep_unit": e.rep_unit,
            "cue": e.cue,
            "rationale": f"{p.rationale} Swapped in for {p.name}.".strip(),
        }
    )


def _check_pins(plan: Plan, edits: tuple[PlanEdit, ...]) -> None:
    """Refuse a swap or exclusion of an exercise pinned at that point, and a pin of nothing."""
    names = {q.id: q.name for w in plan.weeks for s in w.sessions for q in s.exercises}
    pinned: set[str] = set()
    for edit in edits:
        name = names.get(edit.exercise_id, edit.exercise_id)
        if edit.kind == "pin":
            if edit.exercise_id not in names:
                raise PlanEditError(f"{name} is not in this plan, so it cannot be pinned")
            pinned.add(edit.exercise_id)
        elif edit.kind == "unpin":
            pinned.discard(edit.exercise_id)
        elif edit.exercise_id in pinned:
            verb = "swapped" if edit.kind == "swap" else "left out"
            raise PlanEditError(
                f"{name} is pinned, so it is kept: unpin it before it can be {verb}"
            )
        elif edit.kind == "swap" and edit.substitute is not None:
            names[edit.substitute.id] = edit.substitute.name


def apply_edits(plan: Plan, edits: tuple[PlanEdit, ...]) -> Plan:
    """The plan with every edit applied in order; refuses an edit that would empty a session.

    Pins change no prescription; a swap or exclusion of a pinned exercise is refused.
    """
    if not edits:
        return plan
    _check_pins(plan, edits)
    edits = tuple(edit for edit in edits if edit.kind in ("swap", "exclude"))
    if not edits:
        return plan
    equipment = frozenset(plan.request.equipment)
    weeks = []
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            items = list(session.exercises)
            for edit in edits:
                if week.week < edit.from_week:
                    continue
                if edit.kind == "exclude":
                    kept = [p for p in items if p.id != edit.exercise_id]
                    if not kept and items:
                        raise PlanEditError(
                            f"excluding {items[0].name} would leave week {week.week} session "
                            f"{session.session} empty; swap it for another exercise instead"
                        )
                    items = kept
                else:
                    if edit.substitute is None:
                        raise PlanEditError("a swap needs a substitute exercise")
                    items = [
                        swap(edit, p, equipment) if p.id == edit.exercise_id else p for p in items
                    ]
            items = [p.model_copy(update={"order": n}) for n, p in enumerate(items, start=1)]
            sessions.append(session.model_copy(update={"exercises": tuple(items)}))
        weeks.append(
            week.model_copy(update={"sessions": tuple(sessions), "volume": week_volume(sessions)})
        )
    edited = plan.model_copy(update={"weeks": tuple(weeks)})
    problem = edited.inconsistency()
    if problem:  # a bug, not the lifter's fault: say so plainly
        raise PlanEditError(f"the edited plan does not add up ({problem})")
    return edited
