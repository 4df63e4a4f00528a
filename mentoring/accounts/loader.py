"""Flask-Login's user loader: the cookie names the user and their session version."""

from __future__ import annotations

from mentoring.accounts.models import User
from mentoring.extensions import db


def load_user(user_id: str) -> User | None:
    """Return the user only while the account is enabled and the cookie's version is current.

    Flask-Login checks `is_active` at login only, so a disabled account is refused here.
    """
    raw_id, _, raw_version = user_id.partition(":")
    if not (raw_id.isdigit() and raw_version.isdigit()):
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or not user.is_enabled or user.session_version != int(raw_version):
        return None
    return user
