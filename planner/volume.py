"""Volume counting: fractional hard sets per region (reference section 0).

A working set counts 1.0 toward each region where the exercise is a prime mover and 0.5 where
the region is a synergist (P24). Warm-up items are not prescriptions, so they never count;
deload sets do count. A unilateral exercise counts per side as one set.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.models import REGIONS, Prescription, Region, RegionCredit, RegionVolume, Session


def credit(sets: int, regions: RegionCredit) -> dict[Region, float]:
    """Return the region credit of `sets` working sets of one exercise."""
    return {region: sets * regions.of(region) for region in REGIONS}


def prescriptions_volume(prescriptions: Iterable[Prescription]) -> RegionVolume:
    """Sum the fractional sets of some prescriptions."""
    totals = dict.fromkeys(REGIONS, 0.0)
    for item in prescriptions:
        for region in REGIONS:
            totals[region] += item.sets * item.regions.of(region)
    return RegionVolume(**totals)


def week_volume(sessions: Iterable[Session]) -> RegionVolume:
    """Weekly fractional sets per region over a week's sessions."""
    return prescriptions_volume(p for session in sessions for p in session.exercises)
