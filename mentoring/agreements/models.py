"""The agreement template's versions, each person's confirmation, and a match's shared goals.

A template version is never changed once stored: editing the agreement adds a version, so a
confirmation (which names its version and language) always shows the exact text confirmed.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime


class MeetingRhythm(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return str(RHYTHM_LABELS[self])


RHYTHM_LABELS = {MeetingRhythm.WEEKLY: _l("every week"),
                 MeetingRhythm.FORTNIGHTLY: _l("every two weeks"),
                 MeetingRhythm.MONTHLY: _l("every month")}


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    REACHED = "reached"
    SET_ASIDE = "set_aside"

    @property
    def label(self) -> str:
        return str(GOAL_STATUS_LABELS[self])


GOAL_STATUS_LABELS = {GoalStatus.NOT_STARTED: _l("not started"),
                      GoalStatus.IN_PROGRESS: _l("in progress"),
                      GoalStatus.REACHED: _l("reached"),
                      GoalStatus.SET_ASIDE: _l("set aside")}


class GoalDecision(enum.StrEnum):
    """A mentor's suggestion waits for the mentee; the mentee's own goals are accepted at once."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AgreementVersion(db.Model):
    __tablename__ = "agreement_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    text_en: Mapped[str] = mapped_column(Text)
    text_fr: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<AgreementVersion {self.id} number={self.number}>"

    def text_in(self, language: str) -> str:
        return self.text_fr if language == "fr" else self.text_en


class AgreementConfirmation(db.Model):
    """One person's confirmation of a match's agreement: which version, in which language, when."""

    __tablename__ = "agreement_confirmations"
    __table_args__ = (UniqueConstraint("match_id", "user_id",
                                       name="uq_agreement_confirmations_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"))
    language: Mapped[str] = mapped_column(String(5))
    rhythm: Mapped[MeetingRhythm | None] = mapped_column(
        Enum(MeetingRhythm, name="meeting_rhythm", values_callable=lambda e: [m.value for m in e]))
    minutes: Mapped[int | None] = mapped_column()
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    version: Mapped[AgreementVersion] = relationship()
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<AgreementConfirmation {self.id} match={self.match_id} user={self.user_id}>"

    @property
    def text(self) -> str:
        return self.version.text_in(self.language)


class Goal(db.Model):
    """A goal of the mentee's, in one match (written by the mentee, or suggested by the mentor)."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # who wrote the title
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[GoalStatus] = mapped_column(
        Enum(GoalStatus, name="goal_status", values_callable=lambda e: [m.value for m in e]),
        default=GoalStatus.NOT_STARTED)
    decision: Mapped[GoalDecision] = mapped_column(
        Enum(GoalDecision, name="goal_decision", values_callable=lambda e: [m.value for m in e]))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    notes: Mapped[list[GoalNote]] = relationship(back_populates="goal",
                                                 order_by="GoalNote.created_at")

    def __repr__(self) -> str:  # never the title
        return f"<Goal {self.id} match={self.match_id} {self.decision} {self.status}>"

    @property
    def is_suggestion(self) -> bool:
        return self.decision is GoalDecision.SUGGESTED

    @property
    def is_accepted(self) -> bool:
        return self.decision is GoalDecision.ACCEPTED

    @property
    def counts_toward_limit(self) -> bool:
        """Accepted goals count, except those set aside (so a mentee can replace one)."""
        return self.is_accepted and self.status is not GoalStatus.SET_ASIDE


class GoalNote(db.Model):
    """A dated progress note on a goal, written by the mentee or the mentor."""

    __tablename__ = "goal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    goal: Mapped[Goal] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()

    def __repr__(self) -> str:  # never the text
        return f"<GoalNote {self.id} goal={self.goal_id} author={self.author_id}>"
