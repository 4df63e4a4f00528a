"""Support contacts a coordinator records with a match, the programme's schedule, digests sent."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, SmallInteger, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.pairing.models import Match
from mentoring.types import UTCDateTime


def _enum(cls, name):
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e])


class ContactChannel(enum.StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    MESSAGE = "message"
    EMAIL = "email"

    @property
    def label(self):
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    ContactChannel.PHONE: _l("Phone"),
    ContactChannel.VIDEO: _l("Video call"),
    ContactChannel.IN_PERSON: _l("In person"),
    ContactChannel.MESSAGE: _l("Text message"),
    ContactChannel.EMAIL: _l("E-mail"),
}


class ContactWith(enum.StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    GUARDIAN = "guardian"

    @property
    def label(self):
        return _WITH_LABELS[self]


_WITH_LABELS = {
    ContactWith.MENTOR: _l("The mentor"),
    ContactWith.MENTEE: _l("The mentee"),
    ContactWith.GUARDIAN: _l("The mentee's parent or guardian"),
}


class SupportContact(db.Model):
    """One contact between a coordinator and a person of a match; `notes` are coordinators' only."""

    __tablename__ = "support_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    contact_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    channel: Mapped[ContactChannel] = mapped_column(_enum(ContactChannel, "contact_channel"))
    contact_with: Mapped[ContactWith] = mapped_column(_enum(ContactWith, "contact_with"))
    # Never shown to participants, e-mailed or logged; blanked when a person of the match is erased.
    notes: Mapped[str | None] = mapped_column(Text)
    needs_follow_up: Mapped[bool] = mapped_column(default=False)
    follow_up_cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up_cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    match: Mapped[Match] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    def __repr__(self) -> str:
        return f"<SupportContact {self.id} match={self.match_id} {self.contact_at} {self.channel}>"

    @property
    def follow_up_open(self) -> bool:
        return self.needs_follow_up and self.follow_up_cleared_at is None


class SupportSchedule(db.Model):
    """The programme's schedule of support contacts: one row (id 1); defaults when absent."""

    __tablename__ = "support_schedules"
    __table_args__ = (
        CheckConstraint("first_month_contacts BETWEEN 1 AND 8", name="first_month_range"),
        CheckConstraint("monthly_contacts BETWEEN 1 AND 8", name="monthly_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_month_contacts: Mapped[int] = mapped_column(SmallInteger, default=2)
    monthly_contacts: Mapped[int] = mapped_column(SmallInteger, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<SupportSchedule {self.first_month_contacts} then {self.monthly_contacts}>"


class SupportDigest(db.Model):
    """A weekly digest handed to one coordinator: the unique row is the claim (sent once)."""

    __tablename__ = "support_digests"
    __table_args__ = (UniqueConstraint("coordinator_id", "week_of",
                                       name="uq_support_digests_coordinator_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    week_of: Mapped[date] = mapped_column(Date)  # the Monday, in the coordinator's zone
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    def __repr__(self) -> str:
        return f"<SupportDigest {self.coordinator_id} {self.week_of}>"
