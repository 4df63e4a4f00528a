"""Two-factor authentication: TOTP keys (RFC 6238), single-use recovery codes, log out everywhere.

Services in the house style: they take the user and `now`, change rows and flush, never commit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from flask_babel import gettext as _
from sqlalchemy import delete, select

from mentoring.accounts.models import RecoveryCode, User
from mentoring.accounts.passwords import verify_password
from mentoring.core.audit import record
from mentoring.database import rows_changed
from mentoring.errors import DomainError, NotAllowed
from mentoring.extensions import db
from mentoring.notify.services import notify

TOTP_DIGITS = 6
TOTP_INTERVAL = 30
# Accept the previous and the next 30-second step too: phones' clocks drift a little.
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# 12 characters from 31 without look-alikes (0/o, 1/l/i): about 59 random bits, so a salted
# SHA-256 is enough (no slow hash needed, unlike a password that a person chooses).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_GROUP = 4


def _audit(user: User, action: str, now: datetime, actor: User | None = None) -> None:
    record(actor=actor or user, action=action, subject_type="user", subject_id=user.id, now=now)


def new_secret() -> str:
    """A fresh random TOTP key, base32 (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(32)


def start_enrolment(user: User) -> str:
    """Give the user a new key to scan; it is used only once a code from it is confirmed."""
    if user.has_two_factor:
        raise DomainError(_("Two-factor authentication is already on."))
    if user.totp_secret is None:
        user.totp_secret = new_secret()
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User, issuer: str) -> str:
    """The otpauth:// address that authenticator apps read from the QR code."""
    assert user.totp_secret is not None, "enrol first"
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def grouped(secret: str) -> str:
    """The key in blocks of four, easier to type by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(user: User, code: str, now: datetime) -> int | None:
    """The time step whose code equals `code`, if it is recent and newer than the last one used."""
    code = _normalise(code)
    if user.totp_secret is None or len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(user.totp_secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)
    current = totp.timecode(now)
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if user.last_totp_step is not None and step <= user.last_totp_step:
            continue  # already used (replay), or older than a code already used
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_totp(user: User, code: str, now: datetime) -> bool:
    """True for a valid code not used before; remembers its step so that it works only once."""
    step = _matching_step(user, code, now)
    if step is None:
        return False
    user.last_totp_step = step
    db.session.flush()
    return True


def _hash_code(salt: str, code: str) -> str:
    return hashlib.sha256((salt + _normalise(code)).encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(3 * RECOVERY_GROUP))
    return "-".join(raw[i:i + RECOVERY_GROUP] for i in range(0, len(raw), RECOVERY_GROUP))


def replace_recovery_codes(user: User, now: datetime) -> list[str]:
    """Forget the old recovery codes and return ten new ones (shown once, stored hashed)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        salt = secrets.token_hex(16)
        db.session.add(RecoveryCode(user_id=user.id, salt=salt, code_hash=_hash_code(salt, code),
                                    created_at=now))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str, now: datetime) -> bool:
    """True when `code` is one of the user's unused recovery codes, which is then used up."""
    unused = db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all()
    found = next((row for row in unused
                  if hmac.compare_digest(row.code_hash, _hash_code(row.salt, code))), None)
    if found is None:
        return False
    # Conditional update: two requests racing with the same code cannot both use it.
    claimed = rows_changed(db.session.execute(
        RecoveryCode.__table__.update()
        .where(RecoveryCode.id == found.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now)))
    db.session.flush()
    return claimed == 1


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(select(db.func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def check_second_factor(user: User, code: str, now: datetime) -> str | None:
    """'totp' or 'recovery' for an accepted code, None otherwise; a used recovery code is told."""
    if check_totp(user, code, now):
        return "totp"
    if use_recovery_code(user, code, now):
        notify(user, "recovery_code_used", now)
        return "recovery"
    return None


def enable_two_factor(user: User, code: str, now: datetime) -> list[str]:
    """Turn 2FA on once a code from the new key is confirmed; returns the recovery codes.

    Other sessions end (they were opened with the password alone).
    """
    if user.has_two_factor:
        raise DomainError(_("Two-factor authentication is already on."))
    if user.totp_secret is None or not check_totp(user, code, now):
        raise DomainError(_("This code is not valid. Check your device's clock and try again."))
    user.totp_enabled_at = now
    user.session_version += 1
    _audit(user, "two_factor_enabled", now)
    return replace_recovery_codes(user, now)


def disable_two_factor(user: User, password: str, code: str, now: datetime) -> None:
    """Turn 2FA off after checking the password and a code; coordinators must keep it."""
    if user.is_coordinator:
        raise NotAllowed(_("Coordinators must keep two-factor authentication on."))
    if not user.has_two_factor:
        raise DomainError(_("Two-factor authentication is already off."))
    if not verify_password(user.password_hash, password):
        raise DomainError(_("The current password is not correct."))
    if check_second_factor(user, code, now) is None:
        raise DomainError(_("This code is not valid. Check your device's clock and try again."))
    _forget_two_factor(user)
    _audit(user, "two_factor_disabled", now)
    notify(user, "two_factor_off", now)


def reset_two_factor(user: User, actor: User | None, now: datetime) -> None:
    """An operator's reset for a lost device: logged out everywhere, enrols again at login."""
    _forget_two_factor(user)
    user.session_version += 1
    record(actor=actor, action="two_factor_reset", subject_type="user", subject_id=user.id,
           now=now)
    notify(user, "two_factor_off", now)
    db.session.flush()


def _forget_two_factor(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.last_totp_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def regenerate_recovery_codes(user: User, code: str, now: datetime) -> list[str]:
    """New recovery codes (the old ones stop working), after a code from the app."""
    if not user.has_two_factor:
        raise DomainError(_("Two-factor authentication is off."))
    if not check_totp(user, code, now):
        raise DomainError(_("This code is not valid. Check your device's clock and try again."))
    _audit(user, "recovery_codes_replaced", now)
    return replace_recovery_codes(user, now)


def log_out_everywhere(user: User, now: datetime) -> None:
    """Every session cookie of this user stops working (the cookie carries the version)."""
    user.session_version += 1
    _audit(user, "logged_out_everywhere", now)
    db.session.flush()


def enrol_with_secret(user: User, secret: str, now: datetime) -> None:
    """Enrol with a known key (demo accounts and tests): no confirmation, no recovery codes."""
    user.totp_secret = secret
    user.totp_enabled_at = now
    user.last_totp_step = None
    db.session.flush()
