"""A match's messages and how far each person has read.

A match has exactly one conversation, so messages hang off the match itself. Order is by id
(keyset paging, and two messages written in the same instant keep the order they were stored in).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
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

    def __repr__(self) -> str:  # never the body
        return f"<Message {self.id} match={self.match_id} author={self.author_id}>"


class ConversationRead(db.Model):
    """The last message a person has seen in a match's conversation."""

    __tablename__ = "conversation_reads"
    __table_args__ = (UniqueConstraint("match_id", "user_id", name="uq_conversation_reads_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    last_read_id: Mapped[int] = mapped_column(default=0)
