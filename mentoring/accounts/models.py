"""The user account and its role."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime

if TYPE_CHECKING:
    from mentoring.profiles.models import MenteeProfile, MentorProfile, Tag


class Role(enum.StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased and trimmed, so the unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The only name other participants ever see.
    pseudonym: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", values_callable=lambda e: [m.value for m in e])
    )
    locale: Mapped[str] = mapped_column(String(8), default="fr")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    # Chooses the crisis resources shown (FR, CA, CA-QC…); None: taken from the time zone.
    country: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change or reset so that older sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    # When the owner of the address proved it (the link in the sign-up e-mail, or a password
    # reset); until then the account cannot log in. None: not confirmed yet.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_version: Mapped[str | None] = mapped_column(String(32))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Data retention: when the inactivity warning was sent, and when personal data was erased.
    retention_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-factor authentication: the base32 TOTP key (set at enrolment, in use once enabled_at is
    # set) and the last 30-second step accepted, so that a code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_totp_step: Mapped[int | None] = mapped_column()

    tags: Mapped[list[Tag]] = relationship(secondary="user_tags", order_by="Tag.slug")
    mentee_profile: Mapped[MenteeProfile | None] = relationship(
        foreign_keys="MenteeProfile.user_id", viewonly=True
    )
    mentor_profile: Mapped[MentorProfile | None] = relationship(
        foreign_keys="MentorProfile.user_id", viewonly=True
    )

    def tags_of(self, kind) -> list[Tag]:
        return [tag for tag in self.tags if tag.kind == kind]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value if self.role else '?'} {self.pseudonym!r}>"

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_enabled

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def needs_two_factor_enrolment(self) -> bool:
        """Coordinators must use two-factor authentication; participants may."""
        return self.is_coordinator and not self.has_two_factor

    @property
    def is_mentee(self) -> bool:
        return self.role is Role.MENTEE

    @property
    def is_mentor(self) -> bool:
        return self.role is Role.MENTOR

    @property
    def is_coordinator(self) -> bool:
        return self.role is Role.COORDINATOR


class RecoveryCode(db.Model):
    """A single-use code that replaces the authenticator app once; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))  # sha256(salt + code), hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id} used={self.used_at is not None}>"


def user_by_email(email: str) -> User | None:
    """Return the account with this e-mail address, whatever its case."""
    return db.session.scalar(
        db.select(User).where(func.lower(User.email) == User.normalise_email(email))
    )
