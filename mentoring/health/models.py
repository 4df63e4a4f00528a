"""The scheduler's heartbeat: one row per scheduler host, written at the end of every sweep."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.extensions import db
from mentoring.types import UTCDateTime


class SchedulerHeartbeat(db.Model):
    __tablename__ = "scheduler_heartbeats"

    worker: Mapped[str] = mapped_column(String(80), primary_key=True)
    swept_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sweep_seconds: Mapped[float] = mapped_column(default=0.0)

    def __repr__(self) -> str:
        return f"<SchedulerHeartbeat {self.worker} {self.swept_at}>"
