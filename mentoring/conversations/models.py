"""A match's messages, how far each person has read, and what keeps the conversation safe.

A match has exactly one conversation, so messages hang off the match itself. Order is by id
(keyset paging, and two messages written in the same instant keep the order they were stored in).
A message held back (contact details in a match with a minor) is a HeldMessage until a
coordinator passes it on, so the other person's queries only ever read delivered messages.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_match_id_id", "match_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # Set when the author's account was erased: the body is blanked, "message removed" is shown.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:  # never the body
        return f"<Message {self.id} match={self.match_id} author={self.author_id}>"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class ConversationRead(db.Model):
    """The last message a person has seen in a match's conversation, and their last e-mail."""

    __tablename__ = "conversation_reads"
    __table_args__ = (UniqueConstraint("match_id", "user_id", name="uq_conversation_reads_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    last_read_id: Mapped[int] = mapped_column(default=0)
    # When this person was last told by e-mail that a message waits here (one per quiet period).
    noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HeldMessage(db.Model):
    """A message with contact details, in a match with a minor, waiting for a coordinator."""

    __tablename__ = "held_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)  # blanked once decided
    # What was found, e.g. "phone,link": codes only, shown to the writer and the coordinator.
    kinds: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str | None] = mapped_column(String(10))  # "released" or "declined"
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))

    def __repr__(self) -> str:
        return f"<HeldMessage {self.id} match={self.match_id} {self.decision or 'waiting'}>"

    @property
    def is_waiting(self) -> bool:
        return self.decided_at is None


class ConversationAccess(db.Model):
    """A coordinator opened a conversation, during an open concern, for a written reason."""

    __tablename__ = "conversation_accesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"))
    reason: Mapped[str] = mapped_column(Text)  # shown to both people in the conversation
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    def __repr__(self) -> str:
        return f"<ConversationAccess {self.id} match={self.match_id} at={self.opened_at}>"


class MessagePreference(db.Model):
    """A person's choice about e-mails that say a message is waiting (on unless turned off)."""

    __tablename__ = "message_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    emails_off: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class RiskCategory(enum.StrEnum):
    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    ABUSE = "abuse"
    VIOLENCE = "violence"

    @property
    def label(self) -> str:
        return str(RISK_LABELS[self])


RISK_LABELS = {
    RiskCategory.SUICIDE: _l("suicide"),
    RiskCategory.SELF_HARM: _l("self-harm"),
    RiskCategory.ABUSE: _l("abuse"),
    RiskCategory.VIOLENCE: _l("violence"),
}
_risk_enum = Enum(RiskCategory, name="risk_category",
                  values_callable=lambda e: [m.value for m in e])


class RiskPhrase(db.Model):
    """A programme's change to the shipped risk phrases: a phrase added or a shipped one removed."""

    __tablename__ = "risk_phrases"
    __table_args__ = (UniqueConstraint("normalised", name="uq_risk_phrases_normalised"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(120))
    normalised: Mapped[str] = mapped_column(String(120))  # lower case, no accents, single spaces
    category: Mapped[RiskCategory] = mapped_column(_risk_enum)
    is_removed: Mapped[bool] = mapped_column(default=False)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    def __repr__(self) -> str:
        return f"<RiskPhrase {self.id} {self.category} removed={self.is_removed}>"


class RiskFlag(db.Model):
    """A prompt for coordinators to check in: the match, the time and the category, no text."""

    __tablename__ = "risk_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    category: Mapped[RiskCategory] = mapped_column(_risk_enum)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<RiskFlag {self.id} match={self.match_id} {self.category}>"
