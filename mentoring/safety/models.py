"""Safety records: concerns, check-ins after sessions, mentors' private notes, closing surveys.

Concerns and check-ins are safeguarding records: when a person erases their account these rows stay,
without their free text, linked only to the (then anonymous) user id.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.conversations.models import Message
from mentoring.extensions import db
from mentoring.types import UTCDateTime


class ConcernCategory(enum.StrEnum):
    IMMEDIATE_RISK = "immediate_risk"
    BOUNDARY = "boundary"
    SAFEGUARDING_MINOR = "safeguarding_minor"
    OTHER = "other"

    @property
    def label(self):
        """The category in the reader's language (a lazy string: translated when shown)."""
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    ConcernCategory.IMMEDIATE_RISK: _l("Someone may be at immediate risk"),
    ConcernCategory.BOUNDARY: _l("A boundary was crossed"),
    ConcernCategory.SAFEGUARDING_MINOR: _l("A safeguarding worry about someone under 18"),
    ConcernCategory.OTHER: _l("Something else"),
}


class Concern(db.Model):
    __tablename__ = "concerns"
    __table_args__ = (UniqueConstraint("reporter_id", "form_token",
                                       name="uq_concerns_reporter_id_form_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id"), index=True)
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_occurrences.id"))
    # The single message reported (source "message"); unlinked when the conversation is erased.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    category: Mapped[ConcernCategory] = mapped_column(
        Enum(ConcernCategory, name="concern_category",
             values_callable=lambda e: [m.value for m in e]))
    # "report" from the concern form, "checkin" from "I don't feel safe" in a check-in, "message"
    # from reporting one message, "not_safe" from "I am not safe" in a conversation.
    source: Mapped[str] = mapped_column(String(10), default="report")
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When coordinators were last alerted, and how many times (re-sent while unacknowledged).
    last_alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    alert_count: Mapped[int] = mapped_column(default=0)
    # The posting form's one-time token: a double submit finds this concern instead of a new one.
    form_token: Mapped[str | None] = mapped_column(String(64))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
    reported_message: Mapped[Message | None] = relationship("Message", viewonly=True)

    def __repr__(self) -> str:
        return f"<Concern {self.id} {self.category} match={self.match_id}>"

    @property
    def is_urgent(self) -> bool:
        return self.category is ConcernCategory.IMMEDIATE_RISK

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CheckIn(db.Model):
    """One participant's short answer after one session."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "user_id", name="uq_checkins_occurrence_user"),
        CheckConstraint("helpfulness IS NULL OR helpfulness BETWEEN 1 AND 5",
                        name="helpfulness_range"),
        CheckConstraint("feeling IS NULL OR feeling BETWEEN 1 AND 5", name="feeling_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("meeting_occurrences.id"), index=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    took_place: Mapped[bool]
    helpfulness: Mapped[int | None] = mapped_column(SmallInteger)
    feeling: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    feels_unsafe: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)

    def __repr__(self) -> str:
        return f"<CheckIn {self.id} occurrence={self.occurrence_id} user={self.user_id}>"


class SessionNote(db.Model):
    """A mentor's private note; only they see it, unless they share it with the coordinators."""

    __tablename__ = "session_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<SessionNote {self.id} match={self.match_id} shared={self.shared_at is not None}>"


class ClosingSurvey(db.Model):
    """Each participant's short answer when a match ends."""

    __tablename__ = "closing_surveys"
    __table_args__ = (
        UniqueConstraint("match_id", "user_id", name="uq_closing_surveys_match_user"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rating: Mapped[int] = mapped_column(SmallInteger)
    would_recommend: Mapped[bool | None]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    def __repr__(self) -> str:
        return f"<ClosingSurvey {self.id} match={self.match_id} rating={self.rating}>"


class CrisisResourceList(db.Model):
    """A programme's own list of crisis resources for one country, replacing the shipped one."""

    __tablename__ = "crisis_resource_lists"

    country: Mapped[str] = mapped_column(String(8), primary_key=True)  # FR, CA, CA-QC, INT…
    # [{"number", "name": {"fr", "en"}, "description": {"fr", "en"}, "emergency", "kind"}]
    resources: Mapped[list] = mapped_column(db.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<CrisisResourceList {self.country} {len(self.resources)} entries>"
