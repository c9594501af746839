"""Catalogue and presets loading: coverage of the data, and errors that name file, entry, field."""

from __future__ import annotations

import textwrap

import pytest

from planner import DataFileError, load_catalog, load_presets
from planner.catalog import EQUIPMENT_PRESETS, resolve_equipment
from planner.errors import UnknownEquipmentError
from planner.models import PATTERNS, REGIONS

SEED_EXERCISES = {
    # Reference 12a: every exercise the seeds name, by catalogue ID.
    "VP01",
    "VP04",
    "VP05",
    "VP08",
    "VP09",
    "VP10",
    "HP01",
    "HP03",
    "HP04",
    "HP05",
    "HP06",
    "HP07",
    "HP08",
    "HP09",
    "HP11",
    "HP12",
    "HP13",
    "HP15",
    "HP16",
    "HP17",
    "PO01",
    "SH01",
    "SH08",
    "LB04",
    "LB05",
    "LB08",
    "CU01",
    "CU03",
}


def test_the_catalogue_has_at_least_50_exercises_with_unique_ids(catalog):
    ids = [e.id for e in catalog.exercises]
    assert len(ids) >= 50
    assert len(ids) == len(set(ids))


def test_every_exercise_the_seeds_name_is_in_the_catalogue(catalog):
    refs = {e.ref for e in catalog.exercises}
    assert refs >= SEED_EXERCISES
    assert {e.ref for e in catalog.exercises if e.seed} >= SEED_EXERCISES


def test_every_pattern_is_used_by_some_exercise(catalog):
    assert {e.pattern for e in catalog.exercises} == set(PATTERNS)


@pytest.mark.parametrize("preset", sorted(EQUIPMENT_PRESETS))
@pytest.mark.parametrize("region", REGIONS)
def test_every_equipment_preset_can_train_every_region(preset, region, catalog):
    tags = resolve_equipment(preset)
    assert catalog.available(tags, region=region)


def test_region_credits_follow_the_fractional_scheme(catalog):
    for exercise in catalog.exercises:
        for region in REGIONS:
            assert exercise.regions.of(region) in (0.0, 0.5, 1.0)


def test_bodyweight_exercises_need_no_equipment(catalog):
    superman = catalog.get("prone_superman")
    assert superman.option_for(frozenset()) == ()
    assert superman in catalog.available(())


def test_equipment_presets_expand_and_unknown_tags_are_refused():
    assert resolve_equipment("dumbbells_bench,pullup_bar") == ("bench", "dumbbell", "pullup_bar")
    assert resolve_equipment(["Full-Gym"]) == tuple(sorted(EQUIPMENT_PRESETS["full_gym"]))
    assert resolve_equipment("") == ()
    with pytest.raises(UnknownEquipmentError, match="unknown equipment 'kettlebell'.*presets"):
        resolve_equipment("dumbbell,kettlebell")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD_ENTRY = """
- id: cable_row
  ref: HP12
  name: Seated cable row
  pattern: horizontal_pull
  equipment: [[cable]]
  regions: {upper: 0, mid: 1, lower: 0, biceps: 0.5}
  skill: beginner
  reps: [8, 12]
  cue: Sit tall.
  basis: seed 003
"""


def test_a_valid_small_catalogue_loads(tmp_path):
    catalog = load_catalog(_write(tmp_path, "exercises.yaml", GOOD_ENTRY))
    assert catalog.get("cable_row").regions.mid == 1.0


def test_a_bad_pattern_names_the_file_the_entry_and_the_field(tmp_path):
    path = _write(
        tmp_path,
        "exercises.yaml",
        GOOD_ENTRY
        + GOOD_ENTRY.replace("cable_row", "rowing_thing").replace("horizontal_pull", "rowing"),
    )
    with pytest.raises(DataFileError) as error:
        load_catalog(path)
    message = str(error.value)
    assert message.startswith("exercises.yaml: entry 2 (rowing_thing): pattern:")
    assert "rowing" in message or "vertical_pull" in message


def test_a_region_credit_outside_the_scheme_is_refused(tmp_path):
    path = _write(tmp_path, "exercises.yaml", GOOD_ENTRY.replace("biceps: 0.5", "biceps: 0.7"))
    with pytest.raises(
        DataFileError, match=r"entry 1 \(cable_row\): regions.biceps: .*0, 0.5 or 1"
    ):
        load_catalog(path)


def test_a_duplicate_id_is_refused(tmp_path):
    with pytest.raises(DataFileError, match=r"entry 2 \(cable_row\): id: duplicate of entry 1"):
        load_catalog(_write(tmp_path, "exercises.yaml", GOOD_ENTRY + GOOD_ENTRY))


def test_broken_yaml_syntax_reports_the_line(tmp_path):
    with pytest.raises(DataFileError, match=r"exercises.yaml: invalid YAML at line \d+"):
        load_catalog(_write(tmp_path, "exercises.yaml", "- id: [unclosed\n  name: x\n"))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        load_catalog(tmp_path / "nope.yaml")


def test_an_empty_catalogue_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="non-empty list"):
        load_catalog(_write(tmp_path, "exercises.yaml", "{}\n"))


def test_presets_load_and_cover_every_goal_level_and_region(presets):
    assert set(presets.goals) == {"fat_loss", "growth", "strength"}
    for region in REGIONS:
        assert set(presets.landmarks[region]) == {"beginner", "intermediate", "advanced"}


def test_presets_carry_the_reference_landmarks(presets):
    """Reference Table 1b: intermediate mid back MEV 10, MRV 20 at 2 sessions a week."""
    mid = presets.landmarks["mid"]["intermediate"]
    assert (mid.mev, mid.mrv[1]) == (10, 20)
    assert presets.sets_per_exercise["beginner"] == (1, 2)  # seed 001


def test_broken_presets_name_the_field(tmp_path):
    from planner.presets import PRESETS_FILE

    text = PRESETS_FILE.read_text(encoding="utf-8").replace(
        "mev: 10, mav: [14, 22]", "mev: 30, mav: [14, 22]", 1
    )
    path = _write(tmp_path, "presets.yaml", text)
    with pytest.raises(
        DataFileError, match=r"presets.yaml: landmarks.mid.intermediate: .*mv <= mev"
    ):
        load_presets(path)
