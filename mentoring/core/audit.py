"""The audit trail that coordinators can read: every feature records here, so it lives in core."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime

if TYPE_CHECKING:  # core imports no feature at run time; the relationship names its class
    from mentoring.accounts.models import User


class AuditEvent(db.Model):
    """Who did what to which record, when, and from which state to which."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[int]
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship("User")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.subject_type}:{self.subject_id}>"


def record(
    *,
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: int,
    now: datetime,
    from_status: str | None = None,
    to_status: str | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Add an audit row to the current transaction."""
    event = AuditEvent(
        at=now, actor_id=actor.id if actor else None, action=action, subject_type=subject_type,
        subject_id=subject_id, from_status=from_status, to_status=to_status, reason=reason,
    )
    db.session.add(event)
    return event
