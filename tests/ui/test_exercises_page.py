"""Exercises page: the catalogue filtered by equipment and region (AppTest)."""

from __future__ import annotations

from tests.ui.conftest import open_page


def _rows(at):
    return at.dataframe[0].value


def test_the_catalogue_lists_cues_and_region_credits():
    at = open_page("Exercises")
    table = _rows(at)
    assert {"Exercise", "Cue", "Upper", "Mid", "Lower", "Biceps", "Equipment"} <= set(table.columns)
    assert len(table) > 40


def test_filtering_by_region_keeps_only_exercises_that_credit_it():
    at = open_page("Exercises")
    at.pills(key="exercises_regions").set_value(["lower"]).run()
    table = _rows(at)
    assert len(table) > 0
    assert (table["Lower"] > 0).all()


def test_my_equipment_filter_follows_the_sidebar_and_can_be_turned_off():
    at = open_page("Exercises", eq="dumbbells_only")
    dumbbell = _rows(at)
    assert not dumbbell["Equipment"].str.contains("barbell|cable|machine").all()
    assert len(dumbbell) < 40
    at.toggle(key="exercises_mine").set_value(False).run()
    assert len(_rows(at)) > len(dumbbell)
