"""Compare page: fat loss and muscle growth side by side, strength on demand (AppTest)."""

from __future__ import annotations

from tests.ui.conftest import metric, open_page


def test_compare_shows_both_presets_with_metrics_and_a_table_of_differences():
    at = open_page("Compare")
    assert [h.value for h in at.subheader][:2] == ["Fat loss", "Muscle growth"]
    assert len(at.get("plotly_chart")) == 2
    assert len([m for m in at.metric if m.label == "Weekly hard sets"]) == 2
    table = at.table[0].value
    assert list(table.columns) == [
        "Metric",
        "Fat loss",
        "Muscle growth",
        "Muscle growth vs Fat loss",
    ]
    assert {"Weekly hard sets", "Average reps per set", "Average rest (s)",
            "Minutes per session"} <= set(table["Metric"])  # fmt: skip


def test_fat_loss_has_more_reps_than_muscle_growth_side_by_side():
    at = open_page("Compare")
    fat, growth = (float(m.value) for m in at.metric if m.label == "Average reps")
    assert fat > growth


def test_strength_can_be_added_as_a_third_column():
    at = open_page("Compare")
    at.toggle(key="compare_strength").set_value(True).run()
    assert [h.value for h in at.subheader][:3] == ["Fat loss", "Muscle growth", "Strength"]
    assert "Strength vs Fat loss" in at.table[0].value.columns


def test_compare_follows_the_sidebar_settings():
    at = open_page("Compare")
    before = metric(at, "Weekly hard sets")
    at.selectbox(key="level").set_value("beginner").run()
    assert metric(at, "Weekly hard sets") != before
    assert any(c.value.startswith("Fat loss · Beginner") for c in at.caption)


def test_compare_plans_bodyweight_only_without_an_error():
    at = open_page("Compare", eq="none")
    assert not at.exception and not at.error
