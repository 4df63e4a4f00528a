"""The coordinators' weekly digest of match support (a scheduler sweep)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from mentoring.accounts.queries import coordinators
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.support.health import support_board
from mentoring.support.models import SupportDigest

DIGEST_WEEKDAY, DIGEST_TIME = 0, time(8, 0)  # Monday 08:00 in each coordinator's zone
CATCH_UP = timedelta(days=2)  # a scheduler down on Monday still sends until Wednesday 08:00
LISTED = 30  # matches named per list in one e-mail; the dashboard has the rest


def week_of(now: datetime, zone: str):
    """The Monday of the coordinator's week while its digest may be sent, else None."""
    local = now.astimezone(ZoneInfo(zone))
    monday = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    sends_at = datetime.combine(monday, DIGEST_TIME, tzinfo=ZoneInfo(zone))
    return monday if sends_at <= local < sends_at + CATCH_UP else None


def _claim(coordinator_id: int, monday, now: datetime) -> bool:
    """Insert this week's row; the unique constraint lets one scheduler win."""
    try:
        with db.session.begin_nested():
            db.session.add(SupportDigest(coordinator_id=coordinator_id, week_of=monday,
                                         created_at=now))
    except IntegrityError:
        return False
    return True


def send_weekly_digests(now: datetime) -> int:
    """Give each coordinator, once a week, the counts and links of what support is due."""
    pending = [(c, week_of(now, c.timezone)) for c in coordinators()]
    pending = [(c, monday) for c, monday in pending if monday is not None and not db.session.scalar(
        db.select(SupportDigest.id).where(SupportDigest.coordinator_id == c.id,
                                          SupportDigest.week_of == monday))]
    if not pending:
        return 0
    board = support_board(now)
    overdue, due, at_risk = board.overdue, board.due, board.at_risk
    late = [[s.match_id, s.state.days_late(now)] for s in overdue][:LISTED]
    params: dict[str, Any] = {
              "overdue": late, "overdue_count": len(overdue), "due_count": len(due),
              "at_risk": at_risk,
              "due": [[s.match_id, s.state.next_due_at.date().isoformat()]
                      for s in due if s.state.next_due_at][:LISTED],
              "follow_ups": len(board.follow_ups)}
    sent = 0
    for coordinator, monday in pending:
        if not _claim(coordinator.id, monday, now):
            continue
        if overdue or due or at_risk or params["follow_ups"]:  # an empty week sends nothing
            notify(coordinator, "support_digest", now, topic=f"support_digest:{monday}",
                   **params)
            sent += 1
    db.session.flush()
    return sent
