"""A notification for one person: shown in the app once due, e-mailed once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime

if TYPE_CHECKING:  # notify sits below accounts: it names the class only
    from mentoring.accounts.models import User


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_unsent_due", "emailed_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Ids and codes only, never free text: the message is rendered from them when sent.
    params: Mapped[dict] = mapped_column(db.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # Set only once the mail server (or the outbox) accepted the message.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A sender's lease: whoever claimed the row and when; an expired lease is taken again.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    # Kept across retries, so a rare resend is the same message to mail clients.
    message_id: Mapped[str | None] = mapped_column(String(200))
    # After a temporary mail server error (4xx): not retried before this instant.
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The mail server refused for good (5xx) or the attempts ran out: shown to coordinators.
    undeliverable_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    send_attempts: Mapped[int] = mapped_column(default=0)
    # Groups the rows one event creates, e.g. "match:12" or "occurrence:40:reminder".
    topic: Mapped[str | None] = mapped_column(String(60), index=True)

    user: Mapped[User] = relationship("User")

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id} due={self.due_at}>"
