"""Password guessing per address, beside the limit per client address (LOGIN_RATE_LIMIT).

After LOGIN_ACCOUNT_FAILURES wrong passwords for one address, a login for it from a device not
known to it is tried at most LOGIN_ACCOUNT_SLOW: guessing slows to a crawl, but a stranger cannot
lock the owner out, because the owner's own browsers (where the account logged in before, or where
a reset link was opened) are not slowed. The owner is told once a day by a notification.

Counted per address whether or not it has an account, so the answer tells nothing about who is
registered. The counters live in the rate limiter's storage (Redis when shared), so every worker
and instance counts together. Views only, like `sessions.py`: this module reads the request's
cookies; the owner is told through `notify`, in the view's transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import datetime

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from werkzeug.wrappers import Response

from mentoring.accounts.models import User, user_by_email
from mentoring.extensions import limiter
from mentoring.notify.services import notify

log = logging.getLogger(__name__)
DEVICE_COOKIE = "known_device"
DEVICE_SALT = "known-device"
DEVICE_DAYS = 180
DEVICE_MAX_ADDRESSES = 5  # a shared family computer: a few accounts
WARN_EVERY = "1 per day"


def address_key(email: str) -> str:
    """A keyed hash of the address: neither the limiter storage nor the cookie holds it."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, User.normalise_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def _hit_or_test(limit: str, scope: str, key: str, *, hit: bool) -> bool:
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    strategy = limiter.limiter
    try:
        item = parse(limit)
        return (strategy.hit if hit else strategy.test)(item, prefix, scope, key)
    except Exception:  # the storage is down: the per-client limit still holds
        log.warning("per-address login counter unavailable", exc_info=True)
        return True


def is_slowed(key: str) -> bool:
    """True when this address had too many wrong passwords and this minute's try is used."""
    config = current_app.config
    if _hit_or_test(config["LOGIN_ACCOUNT_FAILURES"], "login-failed", key, hit=False):
        return False
    return not _hit_or_test(config["LOGIN_ACCOUNT_SLOW"], "login-slow", key, hit=True)


def record_failure(key: str) -> bool:
    """Count a wrong password for this address; True when it is now slowed down."""
    limit = current_app.config["LOGIN_ACCOUNT_FAILURES"]
    _hit_or_test(limit, "login-failed", key, hit=True)
    return not _hit_or_test(limit, "login-failed", key, hit=False)


def warn_owner(email: str, key: str, now: datetime) -> bool:
    """Tell the account's owner, at most once a day; nothing for an unknown address."""
    user = user_by_email(email)
    if user is None or not user.is_enabled:
        return False
    if not _hit_or_test(WARN_EVERY, "login-warned", key, hit=True):
        return False
    notify(user, "password_guessing", now)
    return True


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=DEVICE_SALT)


def _known_keys() -> list[str]:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        keys = _serializer().loads(raw, max_age=DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return []
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def is_known_device(key: str) -> bool:
    return key in _known_keys()


def remember_device(response: Response, key: str) -> Response:
    """Mark this browser as one of the address's own (after a right password or a reset link)."""
    keys = [key, *(k for k in _known_keys() if k != key)][:DEVICE_MAX_ADDRESSES]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(keys), max_age=DEVICE_DAYS * 24 * 3600,
                        httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response
