"""Is delivery running? The scheduler's heartbeat, and the e-mails that could not be sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from mentoring.extensions import db
from mentoring.health.models import SchedulerHeartbeat
from mentoring.notify.models import Notification

STALE_AFTER = timedelta(minutes=5)


def beat(worker: str, now: datetime, sweep_seconds: float) -> None:
    """Record that `worker` finished a sweep at `now` (the caller commits)."""
    row = db.session.get(SchedulerHeartbeat, worker)
    if row is None:
        db.session.add(SchedulerHeartbeat(worker=worker, swept_at=now,
                                          sweep_seconds=sweep_seconds))
    else:
        row.swept_at, row.sweep_seconds = now, sweep_seconds


def last_sweep_at() -> datetime | None:
    return db.session.scalar(db.select(db.func.max(SchedulerHeartbeat.swept_at)))


def scheduler_is_stale(now: datetime) -> bool:
    last = last_sweep_at()
    return last is None or now - last > STALE_AFTER


def undeliverable(limit: int = 20) -> list[Notification]:
    """E-mails the mail server refused for good or that ran out of attempts, newest first."""
    return list(db.session.scalars(
        db.select(Notification).where(Notification.undeliverable_at.is_not(None),
                                      Notification.cancelled_at.is_(None))
        .order_by(Notification.undeliverable_at.desc()).limit(limit)))


def migrations_are_current() -> bool:
    directory = current_app.extensions["migrate"].directory
    heads = set(ScriptDirectory(directory).get_heads())
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads
