"""Accounts: who uses the app, through Streamlit's own st.login (OpenID Connect).

With an `[auth]` section in the app's secrets (`.streamlit/secrets.toml`, README "Accounts") a
visitor sees only a login screen until the provider has said who they are; each lifter is then
an owner of the store, named by the provider's issuer and subject (never the display name,
which the lifter can change and another lifter can copy). Without `[auth]` the app is
single-user, as it always was: the owner is `LOCAL_OWNER`, and no login shows anywhere.

No training logic here, and nothing that costs a rerun: `owner()` reads the session's user
(a dict Streamlit keeps in memory) and the parsed secrets, no network, no store query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAuthError

from planner.store import LOCAL_OWNER, MAX_OWNER_LENGTH, StoreValueError, check_owner
from ui.frame import plain

# What st.login needs of a provider, and of the [auth] section itself.
_SHARED_KEYS = ("redirect_uri", "cookie_secret")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
SECRETS_HELP = (
    "See README “Accounts” for the [auth] section of .streamlit/secrets.toml; without it the "
    "app is single-user on this machine."
)


class AccountError(RuntimeError):
    """An owner was asked for while nobody is logged in: the pages never get that far."""


class _Auth:
    """The [auth] section as read this run: its providers, or what is wrong with it."""

    def __init__(self, section: Mapping[str, Any] | None, problem: str | None = None) -> None:
        self.section = section
        self.problem = problem

    @property
    def configured(self) -> bool:
        return self.section is not None or self.problem is not None

    def providers(self) -> list[str | None]:
        """None for the one provider of a flat [auth]; else the names of [auth.<name>]."""
        assert self.section is not None
        if "client_id" in self.section:
            return [None]
        return sorted(k for k, v in self.section.items() if isinstance(v, Mapping))


def _read_auth() -> _Auth:
    """Read [auth] from st.secrets; a missing secrets file means no login, a broken one is said."""
    try:
        section = st.secrets["auth"]
    except KeyError:
        return _Auth(None)
    except FileNotFoundError as exc:  # StreamlitSecretNotFoundError: none found, or unreadable
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return _Auth(None)
        return _Auth(None, f"The app's secrets cannot be read: {exc}")
    if not isinstance(section, Mapping):
        return _Auth(None, "[auth] in the app's secrets must be a table of settings.")
    missing = [key for key in _SHARED_KEYS if not section.get(key)]
    auth = _Auth(section)
    providers = auth.providers()
    if not providers:
        missing.extend(_PROVIDER_KEYS)
    for name in providers:
        settings = section if name is None else section[name]
        where = "" if name is None else f"auth.{name}."
        missing.extend(where + key for key in _PROVIDER_KEYS if not settings.get(key))
    if missing:
        return _Auth(None, f"[auth] in the app's secrets lacks {', '.join(missing)}.")
    return auth


def configured() -> bool:
    """Whether the app has an [auth] section (broken or not): then every page needs a login."""
    return _read_auth().configured


def _user() -> dict[str, Any]:
    return st.user.to_dict()


def _identity(user: Mapping[str, Any]) -> str | None:
    """The owner id of a logged-in user: issuer and subject, both set by the provider.

    None when the provider sent no usable pair, or one the store cannot keep as an owner (over
    MAX_OWNER_LENGTH characters, control characters, leading or trailing spaces).
    """
    issuer, subject = user.get("iss"), user.get("sub")
    if not isinstance(issuer, str) or not isinstance(subject, str) or not issuer or not subject:
        return None
    try:
        return check_owner(f"{issuer}|{subject}")
    except StoreValueError:
        return None


def owner() -> str:
    """The store owner of this session: LOCAL_OWNER without [auth], else the logged-in lifter.

    Raises AccountError when [auth] is set and nobody (or nobody identifiable) is logged in;
    `gate()` stops every page before that can happen.
    """
    if not configured():
        return LOCAL_OWNER
    user = _user()
    identity = _identity(user) if user.get("is_logged_in") is True else None
    if identity is None:
        raise AccountError("Nobody is logged in.")
    return identity


def display_name(user: Mapping[str, Any]) -> str:
    """What the sidebar calls the lifter: their name and e-mail, as the provider sent them."""
    name, email = user.get("name"), user.get("email")
    parts = [str(p) for p in (name, email) if p]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return " · ".join(parts) or str(user.get("sub", ""))


def _login_screen(auth: _Auth, problem: str | None = None) -> None:
    st.title("Back planner")
    st.caption("Periodized back-and-biceps training blocks.")
    if auth.problem is not None:
        st.error(f"Logging in is not set up right. {plain(auth.problem)} {SECRETS_HELP}")
        return
    if problem is not None:
        # Logged in, but not as anyone the app can keep plans for: a way out, then back in.
        st.error(problem, icon=":material/error:")
        st.button("Log out", key="account_logout", icon=":material/logout:", on_click=st.logout)
        return
    st.write("Log in to see and change your own plans and training log.")
    for provider in auth.providers():
        label = "Log in" if provider is None else f"Log in with {plain(provider)}"
        if st.button(label, key=f"account_login_{provider or 'default'}", type="primary"):
            try:
                if provider is None:
                    st.login()
                else:
                    st.login(provider)
            except StreamlitAuthError as exc:
                st.error(f"Could not start the login: {plain(exc)} {SECRETS_HELP}")


def gate() -> None:
    """Before anything of the app draws: without [auth] nothing; with it a login or who is in.

    A visitor who is not logged in sees the login screen and nothing else (no settings, no
    navigation, no data); the page stops there. A logged-in lifter sees their name in the
    sidebar, as plain text, and a "Log out" button.
    """
    auth = _read_auth()
    if not auth.configured:
        return
    user = _user() if auth.problem is None else {}
    if user.get("is_logged_in") is not True:
        _login_screen(auth)
        st.stop()
    if _identity(user) is None:
        _login_screen(
            auth,
            "Your login cannot be used here: the provider sent no issuer and subject that can "
            "name your plans (both are needed, together at most "
            f"{MAX_OWNER_LENGTH} characters, without control characters). Log out, and log in "
            "with another account or ask whoever runs this app.",
        )
        st.stop()
    with st.sidebar:
        st.caption(f"Logged in as {plain(display_name(user))}")
        st.button("Log out", key="account_logout", icon=":material/logout:", on_click=st.logout)
