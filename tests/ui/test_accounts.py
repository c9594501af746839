"""Accounts (st.login): no [auth] is single-user as before; with [auth] a login screen and
nothing else until logged in; each lifter sees and changes only their own plans (AppTest).

Streamlit's AppTest seeds `st.user` from `at.user` and `st.secrets` from `at.secrets`; the real
login (a browser, an OpenID Connect provider) is tests/e2e/test_login.py.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import PAGES, open_page, switch
from ui import account, cache, library, today
from ui.frame import plain

ISSUER = "https://id.example.org"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-enough-length",
    "client_id": "back-planner",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": f"{ISSUER}/.well-known/openid-configuration",
}


def lifter(sub: str, name: str | None = None, issuer: str = ISSUER) -> dict:
    """st.user of a lifter the provider logged in (the claims Streamlit keeps of the ID token)."""
    return {
        "is_logged_in": True,
        "iss": issuer,
        "sub": sub,
        "name": name or sub.title(),
        "email": f"{sub}@example.org",
    }


def visit(name: str, user: dict | None, auth: dict | None = AUTH, **query: str) -> AppTest:
    """Run page `name` as a first visit with [auth] = `auth` and `user` logged in (None: nobody)."""

    def setup(at: AppTest) -> None:
        if auth is not None:
            at.secrets["auth"] = auth
        at.user = user if user is not None else {}

    return open_page(name, setup, **query)


def save(at: AppTest, name: str) -> int:
    at.text_input(key="save_name").input(name)
    next(b for b in at.form_submit_button if b.label == "Save plan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"“{plain(name)}”" in s.value for s in at.success), [e.value for e in at.error]
    return at.selectbox(key=library.PICK).value


def saved_names(at: AppTest) -> list[str]:
    return at.dataframe[0].value["Name"].tolist() if at.dataframe else []


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "error", "warning")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


# Without [auth]: single-user, exactly as before.


def test_without_auth_there_is_no_login_and_plans_belong_to_the_local_owner():
    at = open_page("Library")
    assert "Log in" not in buttons(at) and "Log out" not in buttons(at)
    assert not any("Logged in" in c.value for c in at.sidebar.caption)
    plan_id = save(at, "Mine alone")
    assert account.LOCAL_OWNER == "local"
    assert [p.id for p in cache.store().list()] == [plan_id]
    assert getattr(cache.store(), "owner", account.LOCAL_OWNER) == account.LOCAL_OWNER


# With [auth] and nobody logged in: the login screen, nothing else.


@pytest.mark.parametrize("name", list(PAGES))
def test_a_visitor_who_is_not_logged_in_sees_only_the_login_screen(name):
    at = visit(name, user=None)
    assert [t.value for t in at.title] == ["Back planner"]
    assert buttons(at) == ["Log in"]
    assert not at.slider and not at.selectbox and not at.dataframe and not at.metric
    assert not at.get("plotly_chart") and not at.sidebar.children.get(0)


def test_the_login_screen_shows_no_saved_plan_of_anyone():
    save(visit("Library", lifter("alice")), "Alice's secret block")
    at = visit("Library", user=None)
    assert "secret block" not in page_text(at) and not at.dataframe


def test_one_log_in_button_per_named_provider():
    providers = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    for name in ("keycloak", "google"):
        providers[name] = {k: AUTH[k] for k in ("client_id", "client_secret")}
        providers[name]["server_metadata_url"] = AUTH["server_metadata_url"]
    at = visit("Build", user=None, auth=providers)
    assert buttons(at) == ["Log in with google", "Log in with keycloak"]


@pytest.mark.parametrize("missing", ["cookie_secret", "redirect_uri", "client_id"])
def test_an_incomplete_auth_section_is_said_plainly_and_shows_no_app(missing):
    at = visit(
        "Library", user=lifter("alice"), auth={k: v for k, v in AUTH.items() if k != missing}
    )
    assert at.error and plain(missing) in at.error[0].value and "README" in at.error[0].value
    assert "Log in" not in buttons(at) and not at.slider and not at.dataframe


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": ""},
        {"iss": None},
        {"sub": "x" * 600},  # over the store's 512 characters
        {"sub": "alice\x1b[31m"},  # a control character
        {"sub": "alice "},  # a trailing space
    ],
    ids=["no-subject", "no-issuer", "too-long", "control-character", "trailing-space"],
)
def test_a_login_that_cannot_name_an_owner_is_not_let_in_and_can_log_out(claims):
    at = visit("Library", user={**lifter("alice"), **claims})
    assert not at.exception
    assert at.error and "Your login cannot be used here" in at.error[0].value
    assert not at.dataframe and not at.slider and buttons(at) == ["Log out"]
    at.button(key="account_logout").click().run()
    assert buttons(at) == ["Log in"]


# Logged in: who is in, as plain text, and a way out.


def test_the_sidebar_says_who_is_logged_in_as_plain_text():
    hostile = "**Bold** [link](https://evil.example) <b>x</b> :red[y]"
    at = visit("Build", lifter("alice", name=hostile))
    shown = [c.value for c in at.sidebar.caption if "Logged in as" in c.value]
    assert shown == [f"Logged in as {plain(hostile + ' · alice@example.org')}"]
    assert "Log out" in buttons(at) and at.slider  # and the app itself


def test_log_out_returns_to_the_login_screen():
    at = visit("Build", lifter("alice"))
    at.button(key="account_logout").click().run()
    assert not at.exception
    assert buttons(at) == ["Log in"] and not at.slider


def test_the_owner_is_issuer_and_subject_never_the_display_name():
    assert account._identity(lifter("alice")) == f"{ISSUER}|alice"
    same_name = lifter("bob", name="Alice")
    assert account._identity(same_name) != account._identity(lifter("alice"))
    other_issuer = lifter("alice", issuer="https://other.example.org")
    assert account._identity(other_issuer) != account._identity(lifter("alice"))
    assert account._identity({"is_logged_in": True, "sub": "alice"}) is None


# Two lifters: each sees and changes only their own plans.


def test_a_lifter_never_sees_another_lifters_plans_in_the_library():
    alice = visit("Library", lifter("alice"))
    save(alice, "Alice block")
    bob = visit("Library", lifter("bob", name="Alice"))  # the same display name changes nothing
    assert saved_names(bob) == [] and "Alice block" not in page_text(bob)
    save(bob, "Bob block")
    assert saved_names(visit("Library", lifter("alice"))) == ["Alice block"]
    assert saved_names(visit("Library", lifter("bob"))) == ["Bob block"]


def test_a_crafted_plan_id_in_the_session_picks_none_of_another_lifters_plans():
    alice_id = save(visit("Library", lifter("alice")), "Alice block")
    bob = visit("Library", lifter("bob"))
    bob_id = save(bob, "Bob block")
    # (Crafted on another page: AppTest itself cannot send a picker value outside its options.)
    switch(bob, "Build").session_state[library.PICK] = alice_id
    switch(bob, "Library")
    assert bob.selectbox(key=library.PICK).value == bob_id
    assert "Alice block" not in page_text(bob)
    # Delete acts on what the picker holds: Bob's own plan, never Alice's.
    bob.button(key="library_delete").click().run()
    bob.button(key="library_delete_yes").click().run()
    assert saved_names(bob) == []
    assert saved_names(visit("Library", lifter("alice"))) == ["Alice block"]


def test_the_library_actions_refuse_another_lifters_plan_id_as_not_found():
    """The callbacks the buttons use, handed a crafted id: "not found", and nothing changes."""
    alice_id = save(visit("Library", lifter("alice")), "Alice block")
    bob_store = cache.store().for_owner(account._identity(lifter("bob")))
    st.session_state[library.rename_key(alice_id)] = "Taken by Bob"
    for action in (library.open_plan, library.duplicate_plan, library.rename_plan,
                   library.delete_plan):  # fmt: skip
        action(bob_store, alice_id)
        said = st.session_state.pop(library._MESSAGES)
        assert [kind for kind, _ in said] == ["error"], said
        # Word for word what a missing id gets: nothing tells Bob the id is Alice's.
        assert f"no saved plan with id {alice_id} in" in said[0][1], said
    assert library._STORED not in st.session_state  # open_plan opened nothing
    assert saved_names(visit("Library", lifter("alice"))) == ["Alice block"]
    assert [p.name for p in bob_store.list()] == []


def test_a_crafted_opened_plan_of_another_lifter_is_never_served_from_the_cache():
    alice = visit("Library", lifter("alice"))
    save(alice, "Alice block")
    alice.button(key="library_open").click().run()
    assert "Showing saved plan “Alice block”" in page_text(alice)  # now cached for Alice
    stored = dict(alice.session_state[library._STORED])
    bob = visit("Build", lifter("bob"))
    bob.session_state[library._STORED] = {**stored, "differs": None}
    switch(bob, "Week")
    switch(bob, "Build")
    assert "Alice block" not in page_text(bob)
    assert "Showing saved plan" not in page_text(bob)


# The Library keeps the chosen plan in the address (`?plan=<id>`): a link is a crafted id too.


def test_a_link_to_your_own_plan_picks_it_and_the_address_keeps_the_choice():
    at = visit("Library", lifter("alice"))
    first = save(at, "First block")
    second = save(at, "Second block")
    assert query_plan(at) == str(second)
    again = visit("Library", lifter("alice"), plan=str(first))
    assert again.selectbox(key=library.PICK).value == first and not again.warning


@pytest.mark.parametrize("crafted", ["alice", "999999", "#0", "1e3", "١"])
def test_a_link_to_another_lifters_or_no_plan_says_not_found_and_shows_nothing_of_it(crafted):
    alice_id = save(visit("Library", lifter("alice")), "Alice block")
    bob = visit("Library", lifter("bob"))
    bob_id = save(bob, "Bob block")
    value = str(alice_id) if crafted == "alice" else crafted
    at = visit("Library", lifter("bob"), plan=value)
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "no saved plan of yours has that id" in warnings[0]
    assert at.selectbox(key=library.PICK).value == bob_id
    assert "Alice block" not in page_text(at)
    assert query_plan(at) == str(bob_id)  # the address now names Bob's own plan


def test_the_not_found_words_are_the_same_for_another_lifters_id_and_a_missing_one():
    alice_id = save(visit("Library", lifter("alice")), "Alice block")
    save(visit("Library", lifter("bob")), "Bob block")
    theirs = visit("Library", lifter("bob"), plan=str(alice_id)).warning[0].value
    missing = visit("Library", lifter("bob"), plan="424242").warning[0].value
    assert theirs.replace(str(alice_id), "N") == missing.replace("424242", "N")


def query_plan(at: AppTest) -> str | None:
    value = at.query_params.get("plan")
    return value[-1] if isinstance(value, list) else value


def test_with_accounts_the_library_does_not_tell_lifters_where_the_server_keeps_its_database():
    at = visit("Library", lifter("alice"))
    path = plain(cache.store().path)
    assert not any(path in c.value for c in at.caption)
    assert any("yours alone" in c.value for c in at.caption)
    single = open_page("Library")
    assert any(path in c.value for c in single.caption)


# Today and Progress: the active plan, the training log and the increments are per lifter.


def _tick_and_save_session(at: AppTest) -> None:
    for box in at.checkbox:
        if box.key and box.key.startswith("today_done_"):
            box.check()
    for field in at.number_input:
        if field.key and field.key.startswith("today_load_"):
            field.set_value(50.0)
    next(b for b in at.button if b.label == "Save session").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved week 1 session 1" in s.value for s in at.success)


def test_a_lifters_training_log_and_active_plan_stay_theirs_on_today_and_progress():
    alice = visit("Library", lifter("alice"))
    alice_id = save(alice, "Alice block")
    switch(alice, "Today")
    alice.button(key="today_choose").click().run()
    _tick_and_save_session(alice)
    assert switch(alice, "Progress").metric  # Alice has a log to show

    bob = visit("Today", lifter("bob"))
    assert any("Save a plan on the Library page" in i.value for i in bob.info)
    switch(bob, "Progress")
    assert not bob.metric and any("Pick a saved plan" in i.value for i in bob.info)
    bob_store = cache.store().for_owner(account._identity(lifter("bob")))
    # The Today callbacks with Alice's id: refused, and her log keeps its one workout.
    st.session_state[today.PICK_PLAN] = alice_id
    today.choose_plan(bob_store)
    today.toggle_pin(bob_store, alice_id, "some_exercise", "Some exercise", False)
    said = st.session_state.pop(today._MESSAGES)
    assert [kind for kind, _ in said] == ["error", "error"], said
    assert all(f"no saved plan with id {alice_id} in" in text for _, text in said), said
    assert bob_store.active_plan_id() is None
    alice_store = cache.store().for_owner(account._identity(lifter("alice")))
    assert alice_store.active_plan_id() == alice_id
    assert len(alice_store.training_log(alice_id).workouts) == 1
    assert tuple(alice_store.plan_edits(alice_id)) == ()


# The app's own secrets files (not AppTest's): none is single-user, a broken one stops the app.


def _with_secrets_file(path, name: str) -> AppTest:
    from streamlit.runtime.secrets import secrets_singleton
    from streamlit.testing.v1.util import patch_config_options

    secrets_singleton._reset()
    try:
        with patch_config_options({"secrets.files": [str(path)]}):
            return open_page(name)
    finally:
        secrets_singleton._reset()


def test_no_secrets_file_at_all_is_the_single_user_app(tmp_path):
    at = _with_secrets_file(tmp_path / "missing" / "secrets.toml", "Library")
    assert not at.error and "Log in" not in buttons(at)
    assert at.title[0].value == "Library"


def test_a_secrets_file_that_does_not_parse_stops_the_app_with_a_message(tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "http://127.0.0.1:8501/oauth2callback\n')
    at = _with_secrets_file(broken, "Library")
    assert at.error and "secrets cannot be read" in at.error[0].value
    assert "README" in at.error[0].value
    assert not at.slider and not at.dataframe and "Log in" not in buttons(at)
