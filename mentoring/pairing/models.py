"""Matches between a mentee and a mentor, and pairs that must never be proposed again."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime


class MatchStatus(enum.StrEnum):
    APPROVED = "approved"  # a coordinator approved the pairing; waiting for the mentor
    ACCEPTED = "accepted"  # the mentor accepted; waiting for the mentee's confirmation
    ACTIVE = "active"  # both consented: they can meet
    CLOSED = "closed"
    DECLINED = "declined"  # by the mentor
    EXPIRED = "expired"  # the mentor did not answer in time
    WITHDRAWN = "withdrawn"  # the mentee withdrew, or a coordinator cancelled before it started
    REJECTED = "rejected"  # the mentee did not confirm this mentor


class CloseReason(enum.StrEnum):
    """Why an active match ended: stored in Match.end_reason, chosen on the closing form."""

    GOALS_REACHED = "goals_reached"
    NO_LONGER_NEEDED = "no_longer_needed"
    NOT_A_GOOD_FIT = "not_a_good_fit"
    NO_CONTACT = "no_contact"
    SAFETY = "safety"
    MOVED_ON = "moved_on"
    OTHER = "other"

    @property
    def label(self):
        """The reason in the reader's language (a lazy string: translated when shown)."""
        return _CLOSE_REASON_LABELS[self]


_CLOSE_REASON_LABELS = {
    CloseReason.GOALS_REACHED: _l("The goals are reached"),
    CloseReason.NO_LONGER_NEEDED: _l("Mentoring is no longer needed"),
    CloseReason.NOT_A_GOOD_FIT: _l("We are not a good fit"),
    CloseReason.NO_CONTACT: _l("We lost contact"),
    CloseReason.SAFETY: _l("A safety concern"),
    CloseReason.MOVED_ON: _l("Moving on (new school, job, town)"),
    CloseReason.OTHER: _l("Another reason"),
}


OPEN_STATUSES = (MatchStatus.APPROVED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
PENDING_STATUSES = (MatchStatus.APPROVED, MatchStatus.ACCEPTED)
_OPEN_SQL = "status IN ('approved', 'accepted', 'active')"


class Match(db.Model):
    __tablename__ = "matches"
    __table_args__ = (
        # A mentee never has two open matches, even when two coordinators approve at once.
        Index(
            "uq_matches_one_open_per_mentee",
            "mentee_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[MatchStatus] = mapped_column(
        Enum(MatchStatus, name="match_status", values_callable=lambda e: [m.value for m in e]),
        index=True,
    )
    score: Mapped[float | None] = mapped_column(Float)
    # The matcher's explanation parts at approval time (codes + parameters, translated on display).
    explanation: Mapped[list | None] = mapped_column(db.JSON)
    # Written by a coordinator when a manual pair overrides a soft rule.
    override_reason: Mapped[str | None] = mapped_column(Text)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    respond_by_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(40))
    decline_reason: Mapped[str | None] = mapped_column(Text)

    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])

    def __repr__(self) -> str:
        return f"<Match {self.id} mentee={self.mentee_id} mentor={self.mentor_id} {self.status}>"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status is MatchStatus.ACTIVE

    def involves(self, user: User) -> bool:
        return user.id in (self.mentee_id, self.mentor_id)

    def visible_to(self, user: User) -> bool:
        """Coordinators see every match; participants see their own."""
        return user.is_coordinator or self.involves(user)

    def shows_other_party_to(self, user: User) -> bool:
        """Whether `user` may learn who the other person is (pseudonym, bio, anything personal).

        A person is presented to the other only once they have said yes: the mentor who accepted
        is shown to the mentee who decides; the mentee is shown to the mentor only once she has
        confirmed. A proposal that ended before both agreed (declined, expired, withdrawn,
        rejected) never reveals anybody, whatever page is opened.
        """
        if user.is_coordinator:
            return True
        if not self.involves(user):
            return False
        if self.activated_at is not None:  # both agreed (active, or ended since)
            return True
        return user.id == self.mentee_id and self.status is MatchStatus.ACCEPTED

    def meetings_open_to(self, user: User) -> bool:
        """The meetings pages exist for a match that both people agreed to, never before."""
        return user.is_coordinator or (self.involves(user) and self.activated_at is not None)

    def other_party(self, user: User) -> User:
        return self.mentor if user.id == self.mentee_id else self.mentee


class ExcludedPair(db.Model):
    """A pair the matcher must never propose again (declined, expired, ended, incompatible)."""

    __tablename__ = "excluded_pairs"
    __table_args__ = (UniqueConstraint("mentee_id", "mentor_id", name="uq_excluded_pairs_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    def __repr__(self) -> str:
        return f"<ExcludedPair {self.mentee_id}-{self.mentor_id} {self.reason}>"
