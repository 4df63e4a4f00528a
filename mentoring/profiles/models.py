"""Tags, mentee and mentor profiles, and weekly availability in the owner's local time."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime

MINUTES_PER_DAY = 24 * 60
SLOT_MINUTES = 15


class TagKind(enum.StrEnum):
    EXPERIENCE = "experience"
    TOPIC = "topic"
    LANGUAGE = "language"


class Tag(db.Model):
    """A coordinator-managed taxonomy entry with French and English labels."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("kind", "slug", name="uq_tags_kind_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TagKind] = mapped_column(
        Enum(TagKind, name="tag_kind", values_callable=lambda e: [m.value for m in e])
    )
    slug: Mapped[str] = mapped_column(String(40))
    label_fr: Mapped[str] = mapped_column(String(80))
    label_en: Mapped[str] = mapped_column(String(80))
    is_active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Tag {self.id} {self.kind.value}:{self.slug}>"

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_fr


class MenteeProfile(db.Model):
    """A mentee's request for a mentor (filled in by the request form)."""

    __tablename__ = "mentee_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<MenteeProfile {self.id} user={self.user_id}>"


class MentorProfile(db.Model):
    """A mentor's application; not matchable until a coordinator approves it."""

    __tablename__ = "mentor_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<MentorProfile {self.id} user={self.user_id}>"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class AvailabilityInterval(db.Model):
    """A weekly free interval in the owner's local wall time (their User.timezone)."""

    __tablename__ = "availability_intervals"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint(
            f"start_minute >= 0 AND end_minute <= {MINUTES_PER_DAY} AND start_minute < end_minute",
            name="minute_order",
        ),
        CheckConstraint(
            f"start_minute % {SLOT_MINUTES} = 0 AND end_minute % {SLOT_MINUTES} = 0",
            name="quarter_hours",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday
    start_minute: Mapped[int] = mapped_column(SmallInteger)  # minutes after local midnight
    end_minute: Mapped[int] = mapped_column(SmallInteger)
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<AvailabilityInterval {self.id} user={self.user_id} d{self.weekday} {self.label}>"

    @property
    def label(self) -> str:
        return f"{format_minute(self.start_minute)}–{format_minute(self.end_minute)}"


def format_minute(minute: int) -> str:
    """Format minutes after midnight as HH:MM (24:00 for the end of the day)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"
