"""The exercise catalogue: loading, lookup and equipment filtering."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, TypeAdapter

from planner.datafile import DATA_DIR, read_yaml, validate
from planner.errors import DataFileError, UnknownEquipmentError
from planner.models import EQUIPMENT, LEVEL_RANK, Equipment, Exercise, Level, Region

EXERCISES_FILE = DATA_DIR / "exercises.yaml"

# Named equipment presets (issue 2); tag sets are ours, reference 11c suggests the profiles.
EQUIPMENT_PRESETS: dict[str, tuple[Equipment, ...]] = {
    "full_gym": EQUIPMENT,
    "dumbbells_only": ("dumbbell",),
    "dumbbells_bench": ("bench", "dumbbell"),
    "home_bands": ("band",),
    "home_bands_bar": ("band", "pullup_bar", "suspension"),
    "cables_machines": ("bench", "cable", "hyperextension", "machine", "pullup_bar"),
}
# The equipment assumed when none is given, by the command line and the dashboard alike.
DEFAULT_PRESET = "full_gym"
PRESET_LABELS: dict[str, str] = {
    "full_gym": "Full gym",
    "dumbbells_only": "Dumbbells only",
    "dumbbells_bench": "Dumbbells + bench",
    "home_bands": "Home: bands",
    "home_bands_bar": "Home: bands + pull-up bar",
    "cables_machines": "Cables & machines",
}


class Catalog(BaseModel):
    """All exercises, in file order (the order breaks ties, so plans are deterministic)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercises: tuple[Exercise, ...]

    def get(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def available(
        self,
        equipment: tuple[str, ...] | frozenset[str],
        level: Level | None = None,
        region: Region | None = None,
    ) -> tuple[Exercise, ...]:
        """Exercises doable with `equipment`, allowed at `level`, crediting `region`."""
        tags = frozenset(equipment)
        return tuple(
            exercise
            for exercise in self.exercises
            if exercise.option_for(tags) is not None
            and (level is None or LEVEL_RANK[exercise.skill] <= LEVEL_RANK[level])
            and (region is None or exercise.regions.of(region) > 0)
        )


_EXERCISES = TypeAdapter(list[Exercise])


def load_catalog(path: Path = EXERCISES_FILE) -> Catalog:
    """Load and validate the exercise catalogue; errors name file, entry and field."""
    raw = read_yaml(path)
    if not isinstance(raw, list) or not raw:
        raise DataFileError(f"{path.name}: expected a non-empty list of exercises")
    exercises = validate(_EXERCISES, raw, path)
    seen: dict[str, int] = {}
    for index, exercise in enumerate(exercises, start=1):
        if exercise.id in seen:
            first = seen[exercise.id]
            raise DataFileError(
                f"{path.name}: entry {index} ({exercise.id}): id: duplicate of entry {first}"
            )
        seen[exercise.id] = index
    return Catalog(exercises=tuple(exercises))


def resolve_equipment(values: str | list[str] | tuple[str, ...]) -> tuple[Equipment, ...]:
    """Expand preset names and validate tags: 'dumbbells_bench,pullup_bar' -> sorted tags."""
    if isinstance(values, str):
        values = [part.strip() for part in values.split(",")]
    tags: set[str] = set()
    unknown: list[str] = []
    for value in values:
        name = value.strip().lower().replace("-", "_")
        if not name or name in ("bodyweight", "none"):
            continue
        if name in EQUIPMENT_PRESETS:
            tags.update(EQUIPMENT_PRESETS[name])
        elif name in EQUIPMENT:
            tags.add(name)
        else:
            unknown.append(value.strip())
    if unknown:
        raise UnknownEquipmentError(
            f"unknown equipment {', '.join(repr(u) for u in unknown)}; use tags "
            f"({', '.join(EQUIPMENT)}) or presets ({', '.join(EQUIPMENT_PRESETS)})"
        )
    return tuple(sorted(tags))  # type: ignore[arg-type]
