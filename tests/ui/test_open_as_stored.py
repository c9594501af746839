"""Library "Open" shows a saved plan as stored, not a rebuild of its settings (AppTest)."""

from __future__ import annotations

import json
import re

from tests.ui.conftest import open_page, switch
from ui import cache

STORED_NAME = "Stored pull up variant"
HOSTILE_NAME = "**Bold** [log in](https://evil.example/x)"


def shown(markdown: str) -> str:
    """What a reader sees of Markdown made by ui.frame.plain: escapes and word joiners gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def _page_text(at) -> str:
    """Every Markdown text and table cell of the page, as a reader sees it."""
    parts = [shown(m.value) for m in at.markdown]
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(parts)


def _notes(at) -> list[str]:
    return [shown(i.value) for i in at.info if "Showing saved plan" in shown(i.value)]


def _open(at):
    """Click Open; then stay on Build, where the page switch went (AppTest would rerun Library)."""
    at.button(key="library_open").click().run()
    assert not at.exception
    assert at.title[0].value == "Build"
    return switch(at, "Build")


def _save_and_import_changed(at, name: str) -> int:
    """Save the current plan, then import its export with week 1's first exercise changed.

    The import is what an older planner (or another machine) might have written: the same
    settings, another exercise name and rest in every week.
    """
    at.text_input(key="save_name").input("Built today")
    next(b for b in at.form_submit_button if b.label == "Save plan").click().run()
    store = cache.store()
    data = json.loads(store.export_json(store.list()[0].id))
    data["name"] = name
    for week in data["plan"]["weeks"]:
        first = week["sessions"][0]["exercises"][0]
        first["name"] = STORED_NAME
        first["rest_s"] = 150
    at.file_uploader(key="library_import_file").set_value(
        ("older.json", json.dumps(data).encode(), "application/json")
    )
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception
    return at.selectbox(key="library_pick").value


def test_an_opened_plan_shows_as_stored_on_build_and_week_and_says_a_rebuild_differs():
    at = open_page("Library", weeks="6")
    imported = _save_and_import_changed(at, "Older block")
    _open(at)
    notes = _notes(at)
    assert len(notes) == 1 and f"#{imported}" in notes[0] and "Older block" in notes[0]
    assert "would give a different plan" in notes[0]
    assert STORED_NAME in _page_text(at)

    switch(at, "Week")
    assert at.title[0].value == "Week"
    assert _notes(at) and "would give a different plan" in _notes(at)[0]
    assert STORED_NAME in _page_text(at)
    assert "150 s" in _page_text(at)


def test_moving_a_setting_after_open_returns_to_the_built_plan():
    at = open_page("Library", weeks="6")
    _save_and_import_changed(at, "Older block")
    _open(at)
    assert STORED_NAME in _page_text(at)
    at.slider(key="weeks").set_value(5).run()
    assert not at.exception
    assert not _notes(at)
    assert STORED_NAME not in _page_text(at)
    # Back to the stored plan's settings: built from them too, since the lifter moved on.
    at.slider(key="weeks").set_value(6).run()
    assert not _notes(at) and STORED_NAME not in _page_text(at)
    switch(at, "Week")
    assert not _notes(at) and STORED_NAME not in _page_text(at)


def test_an_opened_plan_that_a_rebuild_matches_is_shown_without_the_differ_note():
    at = open_page("Library", goal="strength")
    at.text_input(key="save_name").input("Same today")
    next(b for b in at.form_submit_button if b.label == "Save plan").click().run()
    _open(at)
    notes = _notes(at)
    assert len(notes) == 1 and "Same today" in notes[0]
    assert "would give a different plan" not in notes[0]


def test_the_opened_plan_name_is_shown_as_text():
    at = open_page("Library")
    _save_and_import_changed(at, HOSTILE_NAME)
    _open(at)
    raw = next(i.value for i in at.info if "Showing saved plan" in i.value)
    assert "](" not in raw and "**Bold**" not in raw
    assert HOSTILE_NAME in shown(raw)


def test_a_plan_deleted_after_open_gives_way_to_the_built_plan():
    at = open_page("Library")
    imported = _save_and_import_changed(at, "Gone soon")
    _open(at)
    assert _notes(at)
    cache.store().delete(imported)
    cache.saved_plan.clear()  # as after a restart: the stored copy is read again
    switch(at, "Week")
    assert not at.exception
    assert not _notes(at) and STORED_NAME not in _page_text(at)


def _volume_y(at) -> list:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [trace.get("y") for trace in spec["data"]]


def test_builds_volume_chart_draws_the_stored_sets_and_a_setting_move_draws_the_built_ones():
    at = open_page("Library")
    at.text_input(key="save_name").input("Built today")
    next(b for b in at.form_submit_button if b.label == "Save plan").click().run()
    store = cache.store()
    data = json.loads(store.export_json(store.list()[0].id))
    data["name"] = "More sets"
    week = data["plan"]["weeks"][0]
    first = week["sessions"][0]["exercises"][0]
    first["sets"] += 2
    for region, credit in first["regions"].items():
        week["volume"][region] += 2 * credit
    at.file_uploader(key="library_import_file").set_value(
        ("more.json", json.dumps(data).encode(), "application/json")
    )
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    built = _volume_y(switch(at, "Build"))
    switch(at, "Library")
    _open(at)
    stored = _volume_y(at)
    assert stored != built
    assert "would give a different plan" in _notes(at)[0]
    at.slider(key="minutes").set_value(65).run()
    at.slider(key="minutes").set_value(60).run()
    assert _volume_y(at) == built


def test_saving_while_a_stored_plan_is_open_saves_it_as_shown():
    at = open_page("Library")
    imported = _save_and_import_changed(at, "Older block")
    _open(at)
    switch(at, "Library")
    at.text_input(key="save_name").input("Copy of older")
    next(b for b in at.form_submit_button if b.label == "Save plan").click().run()
    assert not at.exception
    store = cache.store()
    copy = next(s for s in store.list() if s.name == "Copy of older")
    assert store.load(copy.id).plan == store.load(imported).plan
