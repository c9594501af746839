"""Week page: sessions as tables, warm-up and cool-down, the CSV/PDF/ICS downloads (AppTest)."""

from __future__ import annotations

from tests.ui.conftest import open_page, query, switch


def test_week_shows_every_session_as_a_table_with_sets_reps_rest_rir_and_cue():
    at = open_page("Week")
    assert at.title[0].value == "Week"
    sessions = [h.value for h in at.subheader]
    assert [s.split(" · ")[0] for s in sessions] == ["Session 1", "Session 2"]
    assert len(at.table) == 2
    for table in at.table:
        columns = list(table.value.columns)
        assert columns[1:5] == ["Exercise", "Sets x reps", "Rest", "RIR"]
        assert columns[-1] == "Cue"
    text = " ".join(m.value for m in at.markdown)
    assert "Warm-up" in text and "Cool-down" in text and "Ramp-up sets" in text


def test_each_session_says_why_each_prescription_is_there_in_the_picked_week():
    at = open_page("Week", sessions="3")
    whys = [e for e in at.expander if e.label == "Why each prescription is there"]
    assert len(whys) == 3
    at.selectbox(key="week_pick").set_value(2).run()
    texts = [e.markdown[0].value for e in at.expander if e.label.startswith("Why each")]
    assert len(texts) == 3
    for text in texts:
        assert text.startswith("- **") and text.count("\n- **") >= 2
    assert "reps short of failure" in texts[0]


def test_the_download_buttons_build_their_files_only_on_click():
    at = open_page("Week")
    labels = [b.label for b in at.download_button]
    assert labels == [
        "Download week CSV",
        "Download week PDF",
        "Download block PDF",
        "Download calendar (ICS)",
    ]
    assert all(b.proto.ignore_rerun for b in at.download_button)
    assert at.radio(key="paper").options == ["A4", "Letter"]


def test_the_calendar_defaults_to_training_days_spread_over_the_week():
    at = open_page("Week")
    assert at.multiselect(key="ics_days_2").value == [0, 3]
    at.slider(key="sessions").set_value(3).run()
    assert at.multiselect(key="ics_days_3").value == [0, 2, 4]
    at.slider(key="sessions").set_value(1).run()
    assert at.multiselect(key="ics_days_1").value == [0]


def test_the_calendar_download_waits_for_one_day_per_session():
    at = open_page("Week")
    ics = next(b for b in at.download_button if b.label == "Download calendar (ICS)")
    assert not ics.disabled
    at.multiselect(key="ics_days_2").set_value([1]).run()
    ics = next(b for b in at.download_button if b.label == "Download calendar (ICS)")
    assert ics.disabled
    assert any("Choose 2 training days" in c.value for c in at.caption)
    at.multiselect(key="ics_days_2").set_value([1, 4]).run()
    assert not next(b for b in at.download_button if b.label.endswith("(ICS)")).disabled
    assert not at.exception and not at.error


def test_picking_the_deload_week_shows_its_sessions_and_a_deload_note():
    at = open_page("Week", weeks="4")
    week1_sets = at.table[0].value["Sets x reps"].tolist()
    at.selectbox(key="week_pick").set_value(4).run()
    assert at.selectbox(key="week_pick").value == 4
    assert any("Deload" in i.value for i in at.info)
    assert at.table[0].value["Sets x reps"].tolist() != week1_sets


def test_more_sessions_per_week_add_session_tables():
    at = open_page("Week")
    at.slider(key="sessions").set_value(3).run()
    assert len(at.table) == 3


def test_strength_sessions_show_the_load_of_the_main_lifts():
    at = open_page("Week", goal="strength")
    loads = [v for t in at.table if "Load" in t.value.columns for v in t.value["Load"]]
    assert any(v.endswith("% 1RM") for v in loads)


def test_a_week_number_past_a_shorter_block_falls_back_to_a_valid_week():
    at = open_page("Week", weeks="8")
    at.selectbox(key="week_pick").set_value(8).run()
    switch(at, "Build")
    at.slider(key="weeks").set_value(4).run()
    switch(at, "Week")
    assert at.selectbox(key="week_pick").value in (1, 2, 3, 4)
    assert not at.error


def test_a_shared_link_with_a_week_opens_that_week():
    at = open_page("Week", weeks="6", week="3")
    assert at.selectbox(key="week_pick").value == 3
    assert query(at)["week"] == ["3"]
    assert query(at)["weeks"] == ["6"]


def test_the_chosen_week_goes_into_the_url_and_week_one_leaves_it_out():
    at = open_page("Week")
    at.selectbox(key="week_pick").set_value(4).run()
    assert query(at)["week"] == ["4"]
    at.selectbox(key="week_pick").set_value(1).run()
    assert "week" not in query(at)


def test_the_chosen_week_survives_leaving_the_page_and_coming_back():
    at = open_page("Week", weeks="6")
    at.selectbox(key="week_pick").set_value(5).run()
    switch(at, "Build")
    assert "week" not in query(at)
    week_link = next(link for link in at.sidebar.get("page_link") if link.proto.label == "Week")
    assert "week=5" in week_link.proto.page or "week=5" in str(week_link.proto)
    switch(at, "Week")
    assert at.selectbox(key="week_pick").value == 5
    assert query(at)["week"] == ["5"]


def test_a_week_the_plan_does_not_have_is_ignored_with_one_plain_message():
    for bad in ("9", "0", "x*y", "Week 12"):
        at = open_page("Week", weeks="5", week=bad)
        assert at.selectbox(key="week_pick").value == 1
        (warning,) = at.warning
        assert warning.value == "Ignored the week in the link: this plan has weeks 1 to 5."
        assert not at.error


def test_a_link_may_name_the_week_as_the_picker_shows_it():
    at = open_page("Week", weeks="5", week="Week 2")
    assert at.selectbox(key="week_pick").value == 2
