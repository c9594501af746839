"""Library page: save, list, open, rename, duplicate, delete, export and import (AppTest)."""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st

from tests.ui.conftest import open_page, switch
from ui import cache
from ui.frame import plain


def shown(markdown: str) -> str:
    """What a reader sees of Markdown made by ui.frame.plain: escapes and word joiners gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def _submit(at, label):
    next(b for b in at.form_submit_button if b.label == label).click().run()


def _save(at, name, notes=""):
    at.text_input(key="save_name").input(name)
    at.text_area(key="save_notes").input(notes)
    _submit(at, "Save plan")
    assert not at.exception
    return at


def _saved_names(at):
    return at.dataframe[0].value["Name"].tolist() if at.dataframe else []


def test_library_starts_empty_and_offers_to_save_the_current_plan():
    at = open_page("Library")
    assert at.title[0].value == "Library"
    assert any("No saved plans yet" in i.value for i in at.info)


def test_library_saves_the_current_plan_and_reopens_it_with_its_settings():
    at = open_page("Library", goal="strength", weeks="6", eq="dumbbells_bench")
    _save(at, "Spring strength", "heavy rows")
    assert any("Saved “Spring strength”" in s.value for s in at.success)
    assert _saved_names(at) == ["Spring strength"]

    at.selectbox(key="goal").set_value("fat_loss").run()
    at.slider(key="weeks").set_value(4).run()
    at.button(key="library_open").click().run()
    assert not at.exception
    assert at.title[0].value == "Build"
    assert at.selectbox(key="goal").value == "strength"
    assert at.slider(key="weeks").value == 6
    assert at.selectbox(key="eq_preset").value == "dumbbells_bench"
    assert "Strength" in at.caption[0].value and "6 weeks" in at.caption[0].value


def test_saved_plans_outlive_the_caches_and_the_session_like_after_a_restart():
    _save(open_page("Library"), "Kept")
    st.cache_resource.clear()
    st.cache_data.clear()
    assert _saved_names(open_page("Library")) == ["Kept"]


def test_a_plan_needs_a_name():
    at = open_page("Library")
    _save(at, "   ")
    assert at.error and "needs a name" in at.error[0].value
    assert _saved_names(at) == []


def test_rename_duplicate_and_delete_with_confirmation():
    at = open_page("Library")
    _save(at, "Block A")
    plan_id = at.selectbox(key="library_pick").value
    at.text_input(key=f"library_rename_{plan_id}").input("Block B")
    _submit(at, "Rename")
    assert _saved_names(at) == ["Block B"]

    at.button(key="library_duplicate").click().run()
    assert sorted(_saved_names(at)) == ["Block B", "Block B (copy)"]

    at.button(key="library_delete").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    at.button(key="library_delete_no").click().run()
    assert len(_saved_names(at)) == 2
    at.button(key="library_delete").click().run()
    at.button(key="library_delete_yes").click().run()
    assert len(_saved_names(at)) == 1
    assert any("Deleted" in s.value for s in at.success)


def test_export_is_a_download_and_an_export_imports_back():
    at = open_page("Library")
    _save(at, "Exported")
    assert at.download_button(key="library_export").label == "Export JSON"
    store = cache.store()
    text = store.export_json(store.list()[0].id)
    assert json.loads(text)["name"] == "Exported"
    at.file_uploader(key="library_import_file").set_value(
        ("exported.json", text.encode(), "application/json")
    )
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception
    assert _saved_names(at).count("Exported") == 2


def test_importing_a_file_that_is_not_a_plan_says_so():
    at = open_page("Library")
    at.file_uploader(key="library_import_file").set_value(("x.json", b"{}", "application/json"))
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception
    assert at.error and "nothing was imported" in at.error[0].value


def test_a_database_that_cannot_be_opened_shows_what_to_do(tmp_path, monkeypatch):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_text("this is not a database")
    monkeypatch.setenv("PLANNER_DB", str(bad))
    at = open_page("Library")
    assert not at.exception
    assert at.error and "Could not open the plan database" in at.error[0].value


def test_library_works_after_visiting_other_pages():
    at = open_page("Build")
    switch(at, "Library")
    _save(at, "From Build")
    assert _saved_names(at) == ["From Build"]


def test_library_shows_where_the_database_lives(tmp_path):
    at = open_page("Library")
    assert any(str(tmp_path / "plans.duckdb") in shown(c.value) for c in at.caption)


def test_library_on_a_postgresql_database_names_it_without_the_password(pg_url, monkeypatch):
    with_password = pg_url.replace("postgres@", "postgres:hunter2@")  # trust auth ignores it
    monkeypatch.setenv("PLANNER_DB", with_password)
    at = open_page("Library")
    _save(at, "On the server")
    assert _saved_names(at) == ["On the server"]
    where = [shown(c.value) for c in at.caption if "PostgreSQL database" in c.value]
    assert where and pg_url.replace("postgres@", "postgres:***@") in where[0]
    assert not any("hunter2" in shown(c.value) for c in at.caption)


def test_a_saved_plan_charts_the_weekly_volume_the_database_sums(tmp_path):
    at = _save(open_page("Library", weeks="6"), "Charted")
    store = cache.store()
    saved_id = store.list()[0].id
    figure = at.get("plotly_chart")[0].proto.spec
    volumes = store.weekly_volume(saved_id)
    data = json.loads(figure)["data"]
    assert [trace["name"] for trace in data][:2] == ["Upper (traps)", "Mid (lats & rhomboids)"]
    assert len(volumes) == 6
    assert volumes == {w.week: w.volume for w in store.load(saved_id).plan.weeks}


HOST = "evil.example"
HOSTILE_TEXTS = [
    f"x` ![p](https://{HOST}/pixel.png) `",
    f"[Session expired - log in](https://{HOST}/login)",
    f"![](https://{HOST}/only.png)",
    "<img src=x onerror=alert(1)> &amp; :red[red] :smile: :material/home: $x^2$ **b** _i_",
    f"HTTPS://{HOST}/caps WWW.{HOST} mail@{HOST} mailto:x@{HOST}",
    "# heading\n1. list\n> quote\n---\n| a | b |\n\\ back\\slash",
]


def _bare_punctuation(markdown: str) -> list[str]:
    bare, chars = [], iter(markdown)
    for ch in chars:
        if ch == "\\":
            next(chars)  # the escaped mark
        elif re.fullmatch(r"[!-/:-@\[-`{-~]", ch):
            bare.append(ch)
    return bare


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_plain_text_escapes_every_markdown_mark_and_splits_autolinks(text):
    made = plain(text)
    assert shown(made) == text
    # Every ASCII punctuation mark is escaped: none is left bare to start Markdown syntax.
    assert _bare_punctuation(made) == []
    seen = made.replace("\\", "").lower()
    assert not re.search(r"[a-z]://", seen) and "www." not in seen
    assert "@" not in seen.replace("@\u2060", "")


def test_library_messages_show_names_as_text():
    name = HOSTILE_TEXTS[0]
    at = _save(open_page("Library"), name, notes=HOSTILE_TEXTS[1])
    assert any(s.value == f"Saved “{plain(name)}” as plan #1." for s in at.success)
    assert any(plain(HOSTILE_TEXTS[1]) in c.value for c in at.caption)  # notes in the caption
    at.text_input(key="library_rename_1").input(HOSTILE_TEXTS[2])
    _submit(at, "Rename")
    assert any(s.value == f"Renamed to “{plain(HOSTILE_TEXTS[2])}”." for s in at.success)
    at.button(key="library_delete").click().run()
    confirm = next(w.value for w in at.warning if "cannot be undone" in w.value)
    assert shown(confirm).startswith(f"Delete “{HOSTILE_TEXTS[2]}” (plan #1)?")


@pytest.mark.parametrize("name", ["\u200b", "\u200b \u2060\ufeff"])
def test_a_name_of_only_invisible_characters_is_refused(name):
    at = _save(open_page("Library"), name)
    assert at.error and "visible" in at.error[0].value
    assert _saved_names(at) == []


def test_import_without_a_file_says_a_large_file_is_too_large():
    at = open_page("Library")
    at.button(key="import_button").click().run()
    assert at.error and "too large" in at.error[0].value and "5 MB" in at.error[0].value


def test_an_import_error_names_the_file_as_text():
    at = open_page("Library")
    file_name = f"[x](https://{HOST}).json"
    at.file_uploader(key="library_import_file").set_value((file_name, b"[1]", "application/json"))
    at.run()
    at.button(key="import_button").click().run()
    assert at.error and plain(file_name) in at.error[0].value
    assert "nothing was imported" in at.error[0].value


def test_a_deeply_nested_upload_is_refused_in_one_message():
    at = open_page("Library")
    deep = b"[" * 100_000 + b"]" * 100_000
    at.file_uploader(key="library_import_file").set_value(("deep.json", deep, "application/json"))
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception
    assert at.error and "nests deeper" in at.error[0].value


def test_a_damaged_database_lists_what_reads_and_refuses_to_save_saying_what_to_do(tmp_path):
    import random

    from planner import build_plan, load_catalog, load_presets, parse_request
    from planner.store import PlanStore

    path = tmp_path / "plans.duckdb"  # the file fresh_caches points PLANNER_DB at
    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        load_catalog(),
        load_presets(),
    )
    for name in ("First", "Second"):
        with PlanStore(path) as store:
            store.save(plan, name)
    with path.open("r+b") as file:
        file.seek(path.stat().st_size - 4096)
        file.write(random.Random(8).randbytes(512))
    before = path.read_bytes()

    at = _save(open_page("Library"), "Third")

    assert sorted(_saved_names(at)) == ["First", "Second"]
    message = shown(" ".join(e.value for e in at.error))
    assert "is damaged" in message and "restore the file from a copy" in message
    assert "export" in message
    assert path.read_bytes() == before
