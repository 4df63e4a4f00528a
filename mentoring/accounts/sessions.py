"""The login session: when it began, when it was last used, and a login waiting for its code.

Only views and the request hook use this module; services never see the session. The cookie is
signed, so a browser can read these timestamps but not change them.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime, timedelta
from typing import Any

from flask import session
from flask_login import login_user, logout_user

from mentoring.accounts.models import User
from mentoring.extensions import db

LOGIN_AT = "login_at"  # epoch seconds of the login (password and, if on, second factor)
SEEN_AT = "seen_at"  # epoch seconds of the last request, for the idle timeout
PENDING = "pending_login"  # password checked, second factor still to come
# Writing the activity time at most once a minute saves a new cookie on every request.
TOUCH_EVERY_SECONDS = 60


def _epoch(now: datetime) -> int:
    return int(now.timestamp())


def stamp(store: MutableMapping, now: datetime) -> None:
    """Record a login that happens at `now` in a session dictionary."""
    store[LOGIN_AT] = store[SEEN_AT] = _epoch(now)


def begin(user: User, now: datetime) -> None:
    """Log the user in (never with a remember-me cookie) and start both timeouts."""
    session.pop(PENDING, None)
    login_user(user, remember=False)
    stamp(session, now)


def renew_cookie(user: User) -> None:
    """Keep this browser logged in after the session version changed; the timeouts go on."""
    login_user(user, remember=False)


def end() -> None:
    logout_user()
    for key in (LOGIN_AT, SEEN_AT, PENDING):
        session.pop(key, None)


def idle_limit(user: User, config: Any) -> timedelta:
    minutes = (config["SESSION_IDLE_MINUTES_COORDINATOR"] if user.is_coordinator
               else config["SESSION_IDLE_MINUTES"])
    return timedelta(minutes=minutes)


def expiry_reason(user: User, now: datetime, config: Any) -> str | None:
    """'idle' or 'ended' when the session is over, None while it may go on.

    A session without timestamps did not come through our login (an older cookie): it ends too.
    """
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return "ended"
    current = _epoch(now)
    if current - login_at >= config["SESSION_MAX_HOURS"] * 3600:
        return "ended"
    if current - seen_at >= idle_limit(user, config).total_seconds():
        return "idle"
    return None


def touch(now: datetime) -> None:
    if _epoch(now) - session.get(SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
        session[SEEN_AT] = _epoch(now)


def hold_for_second_factor(user: User, now: datetime, target: str | None) -> None:
    """Remember that the password was right; the user is not logged in yet."""
    end()
    session[PENDING] = {"uid": user.id, "version": user.session_version, "at": _epoch(now),
                        "next": target}


def pending_user_id() -> int | None:
    """The account whose password was checked in this session, if any (read-only)."""
    pending = session.get(PENDING)
    return pending.get("uid") if isinstance(pending, dict) else None


def pending_user(now: datetime, max_seconds: int) -> tuple[User | None, str | None]:
    """The user whose password was checked less than `max_seconds` ago, and where to go next."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None, None
    user = db.session.get(User, pending.get("uid") or 0)
    fresh = 0 <= _epoch(now) - pending.get("at", 0) < max_seconds
    if (user is None or not fresh or not user.is_enabled
            or user.session_version != pending.get("version")):
        session.pop(PENDING, None)
        return None, None
    return user, pending.get("next")
