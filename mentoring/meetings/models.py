"""Recurring meeting series (local wall time + zone + rule), their occurrences and feeds."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.pairing.models import Match
from mentoring.types import UTCDateTime


class SeriesStatus(enum.StrEnum):
    PROPOSED = "proposed"  # one participant proposed it; the other has to confirm
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"  # withdrawn or declined proposal, cancelled series, closed match
    REPLACED = "replaced"  # a proposal superseded by another one


LIVE_SERIES = (SeriesStatus.PROPOSED, SeriesStatus.CONFIRMED)


class OccurrenceStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"  # held at another time than the rule gives
    CANCELLED = "cancelled"


def _enum(cls, name):
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e])


class MeetingSeries(db.Model):
    """A weekly or fortnightly meeting of a match, in the wall time of the series' zone.

    The rule (first_start_local + interval_weeks + count/until_on) is the source of truth; the
    occurrence rows are recomputed from it whenever it changes.
    """

    __tablename__ = "meeting_series"
    __table_args__ = (
        CheckConstraint("interval_weeks IN (1, 2)", name="interval_weeks"),
        CheckConstraint("duration_minutes BETWEEN 15 AND 240", name="duration"),
        CheckConstraint("(count IS NULL) <> (until_on IS NULL)", name="count_or_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    status: Mapped[SeriesStatus] = mapped_column(_enum(SeriesStatus, "series_status"))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The IANA zone whose wall time the rule follows: the mentor's zone at booking time.
    timezone: Mapped[str] = mapped_column(String(64))
    first_start_local: Mapped[datetime]  # naive wall time of the first session in `timezone`
    duration_minutes: Mapped[int] = mapped_column(SmallInteger)
    interval_weeks: Mapped[int] = mapped_column(SmallInteger, default=1)
    count: Mapped[int | None] = mapped_column(SmallInteger)
    until_on: Mapped[date | None] = mapped_column(Date)  # last local day, inclusive
    # Generated once: calendars recognise every later update or cancellation by it.
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)  # raised on every change
    location: Mapped[str | None] = mapped_column(String(200))
    video_url: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    match: Mapped[Match] = relationship()
    proposed_by: Mapped[User] = relationship()
    occurrences: Mapped[list[Occurrence]] = relationship(
        back_populates="series", order_by="Occurrence.recurrence_at",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<MeetingSeries {self.id} match={self.match_id} {self.status} seq={self.sequence}>"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_SERIES

    @property
    def until_local(self) -> datetime | None:
        """The end of the last local day, as the rule's naive wall-time bound."""
        if self.until_on is None:
            return None
        return datetime.combine(self.until_on, time(23, 59, 59))

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class Occurrence(db.Model):
    """One session of a series; `recurrence_at` is where the rule puts it (its RECURRENCE-ID)."""

    __tablename__ = "meeting_occurrences"
    __table_args__ = (
        UniqueConstraint("series_id", "recurrence_at", name="uq_meeting_occurrences_recurrence"),
        Index("ix_meeting_occurrences_span", "start_at", "end_at"),
        CheckConstraint("start_at < end_at", name="start_before_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("meeting_series.id"), index=True)
    recurrence_at: Mapped[datetime] = mapped_column(UTCDateTime())
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[OccurrenceStatus] = mapped_column(
        _enum(OccurrenceStatus, "occurrence_status"), default=OccurrenceStatus.SCHEDULED
    )
    # Set when the after-session check-in was requested from both participants (claimed once).
    checkin_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    series: Mapped[MeetingSeries] = relationship(back_populates="occurrences")

    def __repr__(self) -> str:
        return f"<Occurrence {self.id} series={self.series_id} {self.start_at} {self.status}>"

    @property
    def is_cancelled(self) -> bool:
        return self.status is OccurrenceStatus.CANCELLED

    @property
    def reminder_topic(self) -> str:
        return f"occurrence:{self.id}:reminder"


class CalendarFeed(db.Model):
    """A person's calendar subscription: the URL carries `key` and an HMAC of it.

    Only the public key is stored; the secret half of the URL is recomputed from the app's
    secret key, so a copy of the database does not reveal anybody's feed.
    """

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CalendarFeed {self.id} user={self.user_id}>"
