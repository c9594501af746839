"""Owners: whose plans, logs and settings a store sees.

Every saved plan belongs to one owner, a text such as an OIDC issuer and subject or an e-mail
address; settings (units, load steps, the active plan) are kept per owner. Without accounts
everything belongs to LOCAL_OWNER, the single lifter of a dashboard on 127.0.0.1 (and every plan
saved before owners existed, schema version 5, became theirs).

Owners are compared exactly, as given: the caller decides how to spell an account (lower-case
an e-mail, join issuer and subject); the store only refuses text that cannot be one.
"""

from __future__ import annotations

import unicodedata

from planner.store.errors import StoreValueError

LOCAL_OWNER = "local"
# Room for an e-mail address (at most 320 characters) or an OIDC issuer URL, "|" and subject
# (a subject is at most 255 characters).
MAX_OWNER_LENGTH = 512
# Marks that reorder how text around them is shown: an owner listed by an admin must read as
# it is.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def check_owner(owner: object) -> str:
    """Return `owner` if it can name an owner; else raise StoreValueError saying why."""
    if not isinstance(owner, str):
        raise StoreValueError(f"an owner must be text, not {type(owner).__name__}")
    if not owner:
        raise StoreValueError("an owner cannot be empty: give an account name, or leave it out")
    if len(owner) > MAX_OWNER_LENGTH:
        raise StoreValueError(
            f"an owner is at most {MAX_OWNER_LENGTH} characters; this one has {len(owner)}"
        )
    if owner != owner.strip():
        raise StoreValueError("an owner cannot start or end with spaces")
    for ch in owner:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            raise StoreValueError(
                f"an owner cannot contain control characters (found U+{ord(ch):04X})"
            )
    return owner
