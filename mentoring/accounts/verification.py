"""Sign-up that does not tell who is registered: the address is confirmed by e-mail first.

Whatever the address, a sign-up does the same work (one password hash, a row written, one
e-mail) and gets the same answer. A new address gets an account that waits for its link; an
address still waiting gets its pending sign-up replaced by the newest one (only the mailbox owner
can finish it); a confirmed owner is told by e-mail that someone tried to use their address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from mentoring.accounts.models import Role, User, user_by_email
from mentoring.accounts.passwords import hash_password, verify_password
from mentoring.accounts.services import create_account, is_known_timezone
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.notify.models import Notification
from mentoring.notify.services import notify
from mentoring.profiles.models import AvailabilityInterval, MenteeProfile, MentorProfile, user_tags

CONFIRM_SALT = "email-confirmation"
NEW, PENDING, TAKEN = "new", "pending", "taken"


@dataclass(frozen=True)
class SignupAttempt:
    user: User
    outcome: str  # NEW or PENDING: send the confirmation link; TAKEN: tell the owner

    @property
    def needs_confirmation(self) -> bool:
        return self.outcome != TAKEN


def sign_up(*, email: str, pseudonym: str, password: str, role: Role, locale: str, timezone: str,
            now: datetime, consent_version: str | None) -> SignupAttempt:
    """Record a sign-up and say which e-mail it calls for; never says so to the visitor."""
    if not is_known_timezone(timezone):  # depends on the form only: the same for every address
        raise DomainError(_("Unknown time zone."))
    password_hash = hash_password(password)  # in every case, so that all take the same time
    user = user_by_email(email)
    if user is None:
        user = create_account(email=email, pseudonym=pseudonym, password_hash=password_hash,
                              role=role, locale=locale, timezone=timezone, now=now,
                              consent_version=consent_version, verified=False)
        return SignupAttempt(user, NEW)
    if user.is_email_verified or not user.is_enabled:
        # Shown in the owner's notifications too; a row written, as a new account writes one.
        notify(user, "signup_attempt", now)
        db.session.flush()
        return SignupAttempt(user, TAKEN)
    _replace_pending(user, pseudonym=pseudonym, password_hash=password_hash, role=role,
                     locale=locale, timezone=timezone, now=now, consent_version=consent_version)
    return SignupAttempt(user, PENDING)


def _replace_pending(user: User, *, pseudonym: str, password_hash: str, role: Role, locale: str,
                     timezone: str, now: datetime, consent_version: str | None) -> None:
    """The newest sign-up of an unconfirmed address wins; the earlier link stops working."""
    if role is not user.role:
        for profile in (MenteeProfile, MentorProfile):
            db.session.execute(delete(profile).where(profile.user_id == user.id))
        kinds: dict[Role, type[MenteeProfile] | type[MentorProfile]] = {
            Role.MENTEE: MenteeProfile, Role.MENTOR: MentorProfile}
        made = kinds.get(role)
        if made is not None:
            db.session.add(made(user_id=user.id, created_at=now))
    user.role, user.pseudonym, user.password_hash = role, pseudonym.strip(), password_hash
    user.locale, user.timezone, user.created_at = locale, timezone, now
    user.consent_version, user.consented_at = consent_version, now if consent_version else None
    db.session.flush()


def _serializer(secret_key: str, fallbacks: list[str]) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer([*fallbacks, secret_key], salt=CONFIRM_SALT)


def make_confirm_token(user: User, secret_key: str, fallbacks: Sequence[str] = ()) -> str:
    """A signed token naming the account and its current password hash (a newer sign-up of the
    same address changes the hash, so an older link stops working)."""
    return _serializer(secret_key, list(fallbacks)).dumps(
        {"uid": user.id, "pw": user.password_hash[-16:]})


def user_for_token(token: str, *, secret_key: str, max_age: int,
                   fallbacks: Sequence[str] = ()) -> User:
    """The account a valid, unexpired confirmation link names; a sentence otherwise."""
    try:
        data = _serializer(secret_key, list(fallbacks)).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise DomainError(_("This confirmation link has expired. Sign up again to get a new "
                            "one.")) from exc
    except BadSignature as exc:
        raise DomainError(_("This confirmation link is not valid.")) from exc
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("pw") or not user.is_enabled:
        raise DomainError(_("This confirmation link is not valid."))
    return user


def confirm_email(user: User, password: str, now: datetime) -> None:
    """Confirm the address once the person gives the password they chose at sign-up."""
    if not verify_password(user.password_hash, password):
        raise DomainError(_("This is not the password you chose when signing up."))
    if user.email_verified_at is None:
        user.email_verified_at = now
        user.last_seen_at = now
    db.session.flush()


def purge_unconfirmed(now: datetime, max_age_seconds: int) -> int:
    """Delete sign-ups whose address was never confirmed once their link has expired (and a day
    more): nobody can use them, and they hold an address and a pseudonym nobody agreed to keep.

    Such an account has done nothing: it never logged in. Only its empty profile, its weekly
    times (none, in practice) and its notifications go with it. An account that something else
    refers to (which should not happen) is left and counted out, never half deleted."""
    cutoff = now - timedelta(seconds=max_age_seconds) - timedelta(days=1)
    stale = db.session.scalars(db.select(User.id).where(
        User.email_verified_at.is_(None), User.created_at < cutoff)).all()
    purged = 0
    for user_id in stale:
        try:
            with db.session.begin_nested():
                for table in (MenteeProfile, MentorProfile, AvailabilityInterval, Notification):
                    db.session.execute(delete(table).where(table.user_id == user_id))
                db.session.execute(delete(user_tags).where(user_tags.c.user_id == user_id))
                db.session.execute(delete(User).where(User.id == user_id,
                                                      User.email_verified_at.is_(None)))
            purged += 1
        except IntegrityError:
            continue
    db.session.commit()
    return purged
