"""Account rules: registration, authentication, passwords and personal settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import available_timezones

from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mentoring.accounts.models import Role, User, user_by_email
from mentoring.accounts.passwords import dummy_verify, hash_password, verify_password
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.profiles.models import MenteeProfile, MentorProfile
from mentoring.safety.resources import known_countries

RESET_SALT = "password-reset"


# IANA names that are no place a person lives in.
NOT_PLACES = frozenset({"Factory", "localtime", "posixrules", "leapseconds"})


def is_known_timezone(name: str) -> bool:
    return name in _timezones() and name not in NOT_PLACES


def _timezones() -> frozenset[str]:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = frozenset(available_timezones())
    return _TIMEZONES


_TIMEZONES: frozenset[str] | None = None


def sorted_timezones() -> list[str]:
    return sorted(_timezones())


def register_user(
    *,
    email: str,
    pseudonym: str,
    password: str,
    role: Role,
    locale: str,
    timezone: str,
    now: datetime,
    consent_version: str | None = None,
    verified: bool = True,
) -> User:
    """Create an account with its empty profile; refuses a registered e-mail.

    `verified=False` for the sign-up form: the account waits for its address to be confirmed.
    """
    if user_by_email(email) is not None:
        raise DomainError(_("This address cannot be used to create an account."))
    return create_account(email=email, pseudonym=pseudonym, password_hash=hash_password(password),
                          role=role, locale=locale, timezone=timezone, now=now,
                          consent_version=consent_version, verified=verified)


def create_account(*, email: str, pseudonym: str, password_hash: str, role: Role, locale: str,
                   timezone: str, now: datetime, consent_version: str | None,
                   verified: bool) -> User:
    """Add the user row and its empty profile (the address is known to be free)."""
    if not is_known_timezone(timezone):
        raise DomainError(_("Unknown time zone."))
    user = User(
        email=User.normalise_email(email),
        pseudonym=pseudonym.strip(),
        password_hash=password_hash,
        role=role,
        locale=locale,
        timezone=timezone,
        created_at=now,
        consent_version=consent_version,
        consented_at=now if consent_version else None,
        email_verified_at=now if verified else None,
    )
    db.session.add(user)
    if role is Role.MENTEE:
        db.session.add(MenteeProfile(user=user, created_at=now))
    elif role is Role.MENTOR:
        db.session.add(MentorProfile(user=user, created_at=now))
    db.session.flush()
    return user


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """Return the enabled account matching the credentials, or None (same cost either way)."""
    user = user_by_email(email)
    if user is None:
        dummy_verify(password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_enabled:
        return None
    user.last_seen_at = now
    user.retention_warned_at = None  # active again: the retention clock starts over
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one; ends the other sessions."""
    if not verify_password(user.password_hash, current):
        raise DomainError(_("The current password is not correct."))
    _set_password(user, new)


def _set_password(user: User, new: str) -> None:
    user.password_hash = hash_password(new)
    user.session_version += 1
    db.session.flush()


def update_settings(user: User, *, pseudonym: str, locale: str, timezone: str,
                    country: str | None = None) -> None:
    if not is_known_timezone(timezone):
        raise DomainError(_("Unknown time zone."))
    if country is not None and country not in known_countries():
        raise DomainError(_("Unknown country."))
    user.country = country
    user.pseudonym = pseudonym.strip()
    user.locale = locale
    user.timezone = timezone
    db.session.flush()


def _serializer(secret_key: str, fallbacks: list[str]) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer([*fallbacks, secret_key], salt=RESET_SALT)


def make_reset_token(user: User, secret_key: str, fallbacks: Sequence[str] = ()) -> str:
    """A signed token naming the user and the current password hash, so it works only once."""
    return _serializer(secret_key, list(fallbacks)).dumps(
        {"uid": user.id, "pw": user.password_hash[-16:]}
    )


def reset_password(
    token: str, new: str, *, secret_key: str, max_age: int, fallbacks: Sequence[str] = (),
    now: datetime | None = None,
) -> User:
    """Set a new password from a valid, unexpired, unused reset token.

    The link came to the address, so it also confirms an address not confirmed yet."""
    try:
        data = _serializer(secret_key, list(fallbacks)).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise DomainError(_("This reset link has expired. Please ask for a new one.")) from exc
    except BadSignature as exc:
        raise DomainError(_("This reset link is not valid. Please ask for a new one.")) from exc
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("pw") or not user.is_enabled:
        raise DomainError(_("This reset link is not valid. Please ask for a new one."))
    if user.email_verified_at is None and now is not None:
        user.email_verified_at = now
    _set_password(user, new)
    return user
