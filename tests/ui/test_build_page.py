"""Build page and the settings sidebar every page shares (AppTest)."""

from __future__ import annotations

import json

from tests.ui.conftest import metric, open_page, query, switch
from ui.settings import PAGES


def _chart(at, key: str) -> dict:
    """The Plotly figure (as JSON) of the chart with widget key `key`."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key) or key in c.key)
    return json.loads(chart.proto.spec)


def test_build_shows_metrics_the_charts_and_links_to_why_each_prescription_is_there():
    at = open_page("Build")
    assert at.title[0].value == "Build"
    assert [m.label for m in at.metric] == [
        "Weekly hard sets", "Average reps", "Average rest", "Minutes per session",
    ]  # fmt: skip
    assert len(at.get("plotly_chart")) == 1  # volume; effort and minutes are a table
    volume = _chart(at, "volume_chart")
    assert [t["name"] for t in volume["data"]][:2] == ["Upper (traps)", "Mid (lats & rhomboids)"]
    (table,) = [m.value for m in at.markdown if m.value.startswith("| Week | Phase |")]
    assert any("budget of 60 minutes" in c.value for c in at.caption)
    (why,) = [link for link in at.main.get("page_link") if "Why each" in link.proto.label]
    assert why.proto.page == "week"
    assert not any("**Session 1**" in m.value for m in at.markdown)  # the text is on Week
    assert not at.error


def test_the_effort_and_minutes_table_follows_the_weeks_slider():
    at = open_page("Build")
    at.slider(key="weeks").set_value(8).run()
    (table,) = [m.value for m in at.markdown if m.value.startswith("| Week | Phase |")]
    rows = table.splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| {n}" for n in range(1, 9)]
    assert rows[-1].startswith("| 8 | deload | ")
    assert all(len(row.split(" | ")[4].split("\u00a0·\u00a0")) == 2 for row in rows)  # two sessions


def test_the_sidebar_holds_every_setting_with_its_default():
    at = open_page("Build")
    assert at.selectbox(key="goal").value == "growth"
    assert at.selectbox(key="level").value == "intermediate"
    assert at.selectbox(key="eq_preset").value == "full_gym"
    assert len(at.multiselect(key="eq_tags").value) == 12
    assert [at.slider(key=k).value for k in ("weeks", "sessions", "minutes")] == [5, 2, 60]
    assert at.toggle(key="deload").value is True
    assert at.selectbox(key="model").value == "auto"
    regions = ("upper", "mid", "lower", "biceps")
    assert [at.select_slider(key=f"emphasis_{r}").value for r in regions] == [1, 1, 1, 1]
    assert [link.proto.label for link in at.sidebar.get("page_link")] == [
        label for _, label, _ in PAGES
    ]
    assert {
        "Build", "Week", "Compare", "Library", "Exercises", "Sources", "Today", "Progress",
    } <= {label for _, label, _ in PAGES}  # fmt: skip


def test_changing_goal_to_fat_loss_raises_the_reps_on_build():
    at = open_page("Build")
    growth_reps = float(metric(at, "Average reps"))
    at.selectbox(key="goal").set_value("fat_loss").run()
    assert float(metric(at, "Average reps")) > growth_reps
    assert "Fat loss" in at.caption[0].value


def test_changing_experience_to_beginner_lowers_the_weekly_sets():
    at = open_page("Build")
    sets = float(metric(at, "Weekly hard sets"))
    at.selectbox(key="level").set_value("beginner").run()
    assert float(metric(at, "Weekly hard sets")) < sets


def test_moving_the_weeks_slider_lengthens_the_block_and_updates_the_url():
    at = open_page("Build")
    at.slider(key="weeks").set_value(8).run()
    assert "8 weeks" in at.caption[0].value
    assert query(at)["weeks"] == ["8"]


def test_a_shorter_session_budget_shortens_the_sessions():
    at = open_page("Build")
    minutes = float(metric(at, "Minutes per session"))
    at.slider(key="minutes").set_value(30).run()
    assert float(metric(at, "Minutes per session")) < minutes


def test_choosing_an_equipment_preset_sets_its_tags_and_editing_tags_makes_it_custom():
    at = open_page("Build")
    at.selectbox(key="eq_preset").set_value("dumbbells_only").run()
    assert at.multiselect(key="eq_tags").value == ["dumbbell"]
    assert query(at)["eq"] == ["dumbbells_only"]
    at.multiselect(key="eq_tags").select("bench").run()
    assert at.selectbox(key="eq_preset").value == "dumbbells_bench"
    at.multiselect(key="eq_tags").select("band").run()
    assert at.selectbox(key="eq_preset").value == "custom"
    assert query(at)["eq"] == ["band", "bench", "dumbbell"]


def test_the_url_mirrors_the_settings_and_leaves_out_defaults():
    at = open_page("Build")
    assert query(at) == {}
    at.selectbox(key="goal").set_value("strength").run()
    at.toggle(key="deload").set_value(False).run()
    at.select_slider(key="emphasis_biceps").set_value(2).run()
    assert query(at) == {
        "goal": ["strength"], "deload": ["off"], "biceps": ["2"],
    }  # fmt: skip


def test_a_bookmarked_url_sets_the_sidebar():
    at = open_page("Build", goal="strength", level="advanced", eq="dumbbells_bench", weeks="6",
                   sessions="3", minutes="45", model="block", deload="off", upper="2")  # fmt: skip
    assert at.selectbox(key="goal").value == "strength"
    assert at.selectbox(key="level").value == "advanced"
    assert at.selectbox(key="eq_preset").value == "dumbbells_bench"
    assert at.multiselect(key="eq_tags").value == ["bench", "dumbbell"]
    assert [at.slider(key=k).value for k in ("weeks", "sessions", "minutes")] == [6, 3, 45]
    assert at.selectbox(key="model").value == "block"
    assert at.toggle(key="deload").value is False
    assert at.select_slider(key="emphasis_upper").value == 2
    assert "6 weeks × 3 sessions · 45 min · block periodization · no deload" in at.caption[0].value


def test_bad_url_values_are_ignored_with_a_clear_message_and_no_traceback():
    at = open_page("Build", goal="xyz", weeks="99", minutes="abc")
    assert not at.exception
    assert at.selectbox(key="goal").value == "growth"
    assert at.slider(key="weeks").value == 5
    # The page escapes the link's values (ui.frame.plain); read the message as it shows.
    messages = [w.value.replace("\\", "") for w in at.warning]
    assert any("Ignored goal=xyz" in m for m in messages)
    assert any("Ignored weeks=99" in m and "choose 3 to 12 weeks" in m for m in messages)
    assert any("Ignored minutes=abc" in m for m in messages)


def test_settings_are_kept_when_switching_pages():
    at = open_page("Build")
    at.selectbox(key="goal").set_value("strength").run()
    at.slider(key="weeks").set_value(7).run()
    switch(at, "Week")
    assert at.selectbox(key="goal").value == "strength"
    assert at.slider(key="weeks").value == 7
    switch(at, "Build")
    assert "Strength" in at.caption[0].value and "7 weeks" in at.caption[0].value


def test_bodyweight_only_builds_a_plan_with_household_options_and_no_error():
    at = open_page("Week", eq="none")
    assert not at.exception and not at.error
    why = " ".join(m.value for m in at.markdown)
    assert "Door-frame row" in why and "Loaded-backpack curl" in why


def test_the_planners_warnings_show_on_build_with_their_verified_fix():
    at = open_page("Build", sessions="1", minutes="30")
    assert any("MEV" in w.value and "reaches its MEV" in w.value for w in at.warning)


def test_skipping_every_region_still_renders_without_errors():
    at = open_page("Build", upper="0", mid="0", lower="0", biceps="0")
    assert not at.exception


def test_build_shows_the_plan_audit_with_kept_rules_and_their_sources():
    at = open_page("Build")
    audit = next(m.value for m in at.markdown if "Rules this plan keeps" in m.value)
    assert "✓ Biceps never get more sets than the mid back" in audit
    assert "Israetel 2017, Training Volume Landmarks" in audit
    assert "RP1" not in audit


def test_build_audit_names_a_missed_target_with_its_verified_fix():
    at = open_page("Build", sessions="1", minutes="30")
    audit = next(m.value for m in at.markdown if "Rules this plan keeps" in m.value)
    assert "Targets this plan misses" in audit and "**Fix:**" in audit


def _callbacks_without_their_state():
    import streamlit as st

    from ui import settings

    st.session_state.pop("_settings", None)
    settings._remember("weeks")  # no mirror yet
    settings._on_tags()
    settings._on_preset()
    st.session_state["_settings"] = {"weeks": 5}
    settings._remember("weeks", "sessions")  # neither widget has a value in this run
    st.session_state["kept"] = dict(st.session_state["_settings"])


def test_settings_callbacks_survive_a_missing_mirror_or_widget_value():
    # A tab still showing another page's widgets can send their values: their callbacks must
    # not raise (the run then seeds the settings from the URL).
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_callbacks_without_their_state, default_timeout=30).run()
    assert not at.exception
    assert at.session_state["kept"] == {"weeks": 5}


def test_a_new_setting_builds_its_plan_and_audit_once_and_a_rerun_builds_nothing(monkeypatch):
    from ui import cache

    built = []
    real = cache.plan_with_audit

    def counting(request, catalog, presets):
        built.append(request.weeks)
        return real(request, catalog, presets)

    monkeypatch.setattr(cache, "plan_with_audit", counting)
    at = open_page("Build")  # the plan, its chart and its audit: one build
    assert built == [5]
    at.slider(key="weeks").set_value(7).run()
    assert built == [5, 7]
    at.slider(key="weeks").set_value(5).run()  # seen before: from the cache
    assert built == [5, 7]
    assert any(m.value.startswith("| Week | Phase |") for m in at.markdown)
