"""Create, schedule and cancel notifications inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import update

from mentoring.database import rows_changed
from mentoring.extensions import db
from mentoring.notify.kinds import KINDS
from mentoring.notify.models import Notification

if TYPE_CHECKING:  # notify sits below accounts: it names the class only
    from mentoring.accounts.models import User

NEW_IDS_KEY = "new_notifications"


def notify(
    user: User, kind: str, now: datetime, *, due_at: datetime | None = None,
    topic: str | None = None, **params,
) -> Notification:
    """Add a notification; it is e-mailed after the commit (now) or by the scheduler (later)."""
    if kind not in KINDS:
        raise KeyError(f"unknown notification kind {kind!r}")
    notification = Notification(
        user_id=user.id, kind=kind, params=params, created_at=now, due_at=due_at or now,
        topic=topic,
    )
    db.session.add(notification)
    if due_at is None or due_at <= now:
        db.session.info.setdefault(NEW_IDS_KEY, []).append(notification)
    return notification


def cancel_pending(topic: str, now: datetime, kind: str | None = None) -> int:
    """Cancel the not-yet-sent notifications of a topic (e.g. a reminder no longer needed)."""
    query = update(Notification).where(
        Notification.topic == topic,
        Notification.emailed_at.is_(None),
        Notification.cancelled_at.is_(None),
    )
    if kind is not None:
        query = query.where(Notification.kind == kind)
    result = db.session.execute(query.values(cancelled_at=now))
    return rows_changed(result)


def unread_count_query(user: User, now: datetime):
    """The count below as a statement (the page header asks it with the messages' count)."""
    return db.select(db.func.count(Notification.id)).where(
        Notification.user_id == user.id,
        Notification.read_at.is_(None),
        Notification.cancelled_at.is_(None),
        Notification.due_at <= now,
    )


def unread_count(user: User, now: datetime) -> int:
    return db.session.scalar(unread_count_query(user, now)) or 0


def recent_for(user: User, now: datetime, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(
        db.select(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.cancelled_at.is_(None),
            Notification.due_at <= now,
        )
        .order_by(Notification.due_at.desc(), Notification.id.desc())
        .limit(limit)
    ))


def mark_all_read(user: User, now: datetime) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               Notification.due_at <= now)
        .values(read_at=now)
    )
