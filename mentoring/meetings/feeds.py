"""Personal calendar feed URLs: `<key>.<mac>`, the mac an HMAC of the key with the secret key.

Only the key is stored. Revoking deletes the row; regenerating makes a new key, so every older
URL answers 404. The mac is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.meetings.models import CalendarFeed


def _mac(key: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"calendar-feed:{key}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def feed_token(feed: CalendarFeed) -> str:
    return f"{feed.key}.{_mac(feed.key, current_app.config['SECRET_KEY'])}"


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def regenerate_feed(user: User, now: datetime) -> CalendarFeed:
    """Give the person a new feed URL; the previous one stops working."""
    revoke_feed(user)
    feed = CalendarFeed(user_id=user.id, key=secrets.token_urlsafe(12), created_at=now)
    db.session.add(feed)
    db.session.flush()
    return feed


def revoke_feed(user: User) -> None:
    feed = feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()


def user_for_token(token: str) -> User | None:
    """The enabled owner of a feed token, or None (a wrong, old or revoked token)."""
    key, _, mac = token.partition(".")
    if not key or not mac or len(key) > 32:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.key == key))
    secrets_in_use = [current_app.config["SECRET_KEY"],
                      *current_app.config.get("SECRET_KEY_FALLBACKS", [])]
    valid = any(hmac.compare_digest(_mac(key, secret), mac) for secret in secrets_in_use)
    if feed is None or not valid or not feed.user.is_enabled:
        return None
    return feed.user
