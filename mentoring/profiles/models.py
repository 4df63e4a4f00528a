"""Tags, mentee and mentor profiles, and weekly availability in the owner's local time."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
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


# A person's tags: for a mentee, the experiences they would like a mentor to share and their goals;
# for a mentor, their lived experiences and the topics they are comfortable with; both: languages.
user_tags = Table(
    "user_tags",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class MeetingFormat(enum.StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in_person"


class MenteeProfile(db.Model):
    """A mentee's request for a mentor (filled in by the request form)."""

    __tablename__ = "mentee_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # Set when the request form is submitted: the mentee waits from then on.
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    goals_text: Mapped[str | None] = mapped_column(Text)
    meeting_format: Mapped[str | None] = mapped_column(String(20))
    area: Mapped[str | None] = mapped_column(String(80))  # for in-person meetings
    gender: Mapped[str | None] = mapped_column(String(20))
    mentor_gender: Mapped[str | None] = mapped_column(String(20))
    mentor_gender_required: Mapped[bool] = mapped_column(default=False)
    # The age itself is not kept: only its band and what follows from it.
    age_band: Mapped[str | None] = mapped_column(String(10))
    is_minor: Mapped[bool] = mapped_column(default=False)
    needs_guardian_consent: Mapped[bool] = mapped_column(default=False)
    guardian_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    guardian_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<MenteeProfile {self.id} user={self.user_id}>"

    @property
    def is_waiting(self) -> bool:
        return self.requested_at is not None and self.withdrawn_at is None

    @property
    def has_consent_to_match(self) -> bool:
        return not self.needs_guardian_consent or self.guardian_consent_at is not None


class MentorProfile(db.Model):
    """A mentor's application; not matchable until a coordinator approves it."""

    __tablename__ = "mentor_profiles"
    __table_args__ = (
        CheckConstraint("capacity BETWEEN 1 AND 5", name="capacity_range"),
        CheckConstraint("open_matches >= 0", name="open_matches_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    story: Mapped[str | None] = mapped_column(Text)
    bio: Mapped[str | None] = mapped_column(String(300))  # shown to a matched mentee
    gender: Mapped[str | None] = mapped_column(String(20))
    age_band: Mapped[str | None] = mapped_column(String(10))
    capacity: Mapped[int] = mapped_column(SmallInteger, default=1)
    wants_minors: Mapped[bool] = mapped_column(default=False)
    minors_cleared: Mapped[bool] = mapped_column(default=False)
    screening_checked_on: Mapped[date | None] = mapped_column(Date)
    screening_expires_on: Mapped[date | None] = mapped_column(Date)
    training_completed_on: Mapped[date | None] = mapped_column(Date)
    is_paused: Mapped[bool] = mapped_column(default=False)
    # Approved + accepted + active matches; raised only by a conditional update below capacity.
    open_matches: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Set when the expiry of the screening was reported to coordinators.
    expiry_reported_on: Mapped[date | None] = mapped_column(Date)
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<MentorProfile {self.id} user={self.user_id} cap={self.capacity}>"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def is_matchable_on(self, today: date) -> bool:
        """Approved, not paused, with a valid screening and completed training."""
        return (
            self.is_approved
            and not self.is_paused
            and self.user.is_enabled
            and self.training_completed_on is not None
            and self.screening_expires_on is not None
            and self.screening_expires_on > today
        )

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.open_matches, 0)


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
