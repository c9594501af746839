"""Loads: estimated 1RM, reps-to-failure to %1RM, and suggested loads rounded to real plates.

Reps to failure = reps done + reps in reserve (Zourdos 2016: RPE 10 = 0 RIR, RPE 9 = 1 RIR ...).

* **Estimated 1RM (Epley 1985):** 1RM = load x (1 + reps to failure / 30), from sets of
  10 reps or fewer only. Epley and Brzycki agree at 10 reps and both lose accuracy above about
  10 (EP); people also differ widely in how many reps they get at a given %1RM (NU24). So the
  estimate is a starting point to adjust by reps in reserve, not a measured maximum.
* **%1RM for a number of reps to failure:** the table of the NSCA chart beside Epley's column
  (`PCT_1RM_TABLE`, transcribed below). Suggested loads use the Epley column, so that an
  estimate and a prescription invert each other exactly: a set repeated at the same effort gives
  back the same load. The NSCA column is shown in the starting-load advice.
* **Rounding:** to the lifter's increments (`LoadSettings`), in kg or lb. Loads are stored in kg.

Everything here is pure: numbers and models in, numbers and text out.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.models import Prescription

Unit = Literal["kg", "lb"]
StepKind = Literal["barbell", "dumbbell", "machine"]
KG_PER_LB = 0.45359237

# Estimated 1RM only from sets of at most this many reps (EP: the formulas drift above ~10).
MAX_REPS_FOR_ESTIMATE = 10

# %1RM by reps to failure: (reps, NSCA chart, Epley 1/(1 + r/30)). Sources: NSCA (Essentials
# training-load chart) and EP (Epley 1985), as tabulated side by side in the team's reference.
PCT_1RM_TABLE: tuple[tuple[int, float | None, float], ...] = (
    (1, 100.0, 96.8),
    (2, 95.0, 93.8),
    (3, 93.0, 90.9),
    (4, 90.0, 88.2),
    (5, 87.0, 85.7),
    (6, 85.0, 83.3),
    (7, 83.0, 81.1),
    (8, 80.0, 78.9),
    (9, 77.0, 76.9),
    (10, 75.0, 75.0),
    (12, 70.0, 71.4),
    (15, 65.0, 66.7),
    (20, None, 60.0),
)

EPLEY_TEXT = (
    "Estimated 1RM by Epley's formula: load × (1 + reps to failure ÷ 30), where reps to failure "
    "are the reps done plus the reps in reserve, from sets of 10 reps or fewer. It is close at "
    "10 reps or fewer and drifts above that, and people differ in reps at a given load, so "
    "treat it as a guide and adjust by how many reps you had left."
)


class LoadSettings(BaseModel):
    """The lifter's unit and the smallest load jump per kind of equipment (in that unit).

    The barbell step is the smallest total jump (two of the smallest plates).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: Unit = "kg"
    barbell_step: float = Field(2.5, gt=0, le=50)
    dumbbell_step: float = Field(2.0, gt=0, le=50)
    machine_step: float = Field(5.0, gt=0, le=50)

    @classmethod
    def for_unit(cls, unit: Unit) -> LoadSettings:
        """Typical gym increments: 2.5/2/5 kg, or 5/5/10 lb."""
        if unit == "lb":
            return cls(unit="lb", barbell_step=5.0, dumbbell_step=5.0, machine_step=10.0)
        return cls()

    def step(self, kind: StepKind) -> float:
        return {
            "barbell": self.barbell_step,
            "dumbbell": self.dumbbell_step,
            "machine": self.machine_step,
        }[kind]


def _table_pct(reps_to_failure: float, column: int) -> float:
    """Linear interpolation in one column of PCT_1RM_TABLE, Epley's formula beyond it."""
    rows = [(row[0], row[column]) for row in PCT_1RM_TABLE if row[column] is not None]
    r = max(1.0, float(reps_to_failure))
    if r >= rows[-1][0]:
        last_r, last_pct = rows[-1]
        # Past the table: keep Epley's shape, anchored at the last row (EP).
        return last_pct * (1 + last_r / 30) / (1 + r / 30)
    for (r0, p0), (r1, p1) in zip(rows, rows[1:], strict=False):
        if r0 <= r <= r1:
            return p0 + (p1 - p0) * (r - r0) / (r1 - r0)
    return rows[0][1]


def pct_1rm(reps_to_failure: float) -> float:
    """%1RM that allows `reps_to_failure` reps (Epley column of the table; see module doc)."""
    return _table_pct(reps_to_failure, 2)


def nsca_pct_1rm(reps_to_failure: float) -> float:
    """%1RM that allows `reps_to_failure` reps by the NSCA chart."""
    return _table_pct(reps_to_failure, 1)


def estimated_1rm(load_kg: float, reps: int, rir: float) -> float | None:
    """Epley's 1RM from one set, or None if it had over 10 reps or no external load."""
    if load_kg <= 0 or reps < 1 or reps > MAX_REPS_FOR_ESTIMATE:
        return None
    reps_to_failure = reps + max(0.0, rir)
    # Epley 1RM = w x (1 + r/30); the table's Epley column is its inverse (EP).
    return load_kg * 100.0 / pct_1rm(reps_to_failure)


def load_for(one_rm_kg: float, reps: int, rir: float) -> float:
    """The load (kg, unrounded) that allows `reps` reps with `rir` in reserve."""
    return one_rm_kg * pct_1rm(reps + max(0.0, rir)) / 100.0


def step_kind(prescription: Prescription) -> StepKind | None:
    """Which increment a prescription's load moves by, or None if it takes no added load.

    Bodyweight, band and suspension work progresses by reps or a harder variation. Assisted
    machines count a counterweight (more is easier), so they get no load suggestion either.
    """
    if "assisted" in prescription.id:
        return None
    tags = set(prescription.equipment)
    if tags & {"barbell", "ez_bar", "landmine"}:
        return "barbell"
    if "dumbbell" in tags:
        return "dumbbell"
    if tags & {"cable", "machine"}:
        return "machine"
    return None


def to_unit(load_kg: float, unit: Unit) -> float:
    return load_kg if unit == "kg" else load_kg / KG_PER_LB


def to_kg(load: float, unit: Unit) -> float:
    return load if unit == "kg" else load * KG_PER_LB


RoundMode = Literal["nearest", "up", "down"]


def round_load(
    load_kg: float, kind: StepKind, settings: LoadSettings, mode: RoundMode = "nearest"
) -> float:
    """Round a load to the lifter's increment for `kind`; return it in kg (never below 0)."""
    step = settings.step(kind)
    value = to_unit(max(0.0, load_kg), settings.unit) / step
    # A small tolerance so that 82.5 stays 82.5 after a kg -> lb -> kg round trip.
    if mode == "up":
        steps = math.ceil(value - 1e-9)
    elif mode == "down":
        steps = math.floor(value + 1e-9)
    else:
        steps = math.floor(value + 0.5)
    return to_kg(steps * step, settings.unit)


def format_load(load_kg: float, settings: LoadSettings) -> str:
    """'82.5 kg' or '180 lb': the load in the lifter's unit, without trailing zeros."""
    value = round(to_unit(load_kg, settings.unit), 2)
    return f"{value:g} {settings.unit}"


def starting_load_advice(prescription: Prescription) -> str:
    """How to pick a first load without a log: the top of the range at the target RIR."""
    reps = prescription.reps_max
    rir = prescription.target_rir
    if prescription.rep_unit == "s":
        return f"Pick a load you could hold for {reps} s with a few seconds to spare."
    pct = nsca_pct_1rm(reps + rir)
    in_reserve = f"{rir:g} rep{'s' if rir != 1 else ''} in reserve"
    return (
        f"Pick the load you could lift for {reps} reps with {in_reserve} "
        f"(about {pct:.0f}% of a known 1RM by the NSCA chart); log it and the next load follows."
    )
