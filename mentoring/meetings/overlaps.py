"""Refusing overlapping meetings under a lock on both people, so two bookings cannot race.

PostgreSQL: SELECT ... FOR UPDATE on the two users rows, in id order (no deadlock). SQLite has
no row locks: the transaction starts with BEGIN IMMEDIATE, which takes the database's write lock
before the check, so a second booking waits and then sees the first one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from mentoring.accounts.models import User
from mentoring.errors import Conflict
from mentoring.extensions import db
from mentoring.meetings.models import LIVE_SERIES, MeetingSeries, Occurrence, OccurrenceStatus
from mentoring.pairing.models import Match

Span = tuple[datetime, datetime]


def lock_people(user_ids: Iterable[int]) -> None:
    """Serialise every booking that involves one of these people until the commit."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        assert raw is not None  # a checked-out connection
        if not raw.in_transaction:  # pysqlite begins lazily, and only DEFERRED: start it now
            raw.execute("BEGIN IMMEDIATE")
        return
    db.session.execute(
        select(User.id).where(User.id.in_(sorted(set(user_ids)))).order_by(User.id)
        .with_for_update()
    )


def busy_spans(user_ids: Sequence[int], start: datetime, end: datetime, *,
               except_series: int | None = None,
               except_occurrence: int | None = None) -> list[Span]:
    """Sessions of these people (held or proposed) that meet the window [start, end)."""
    query = (
        select(Occurrence.start_at, Occurrence.end_at)
        .join(MeetingSeries, Occurrence.series_id == MeetingSeries.id)
        .join(Match, MeetingSeries.match_id == Match.id)
        .where(MeetingSeries.status.in_(LIVE_SERIES),
               Occurrence.status != OccurrenceStatus.CANCELLED,
               Occurrence.start_at < end, Occurrence.end_at > start,
               or_(Match.mentor_id.in_(user_ids), Match.mentee_id.in_(user_ids)))
        .order_by(Occurrence.start_at)
    )
    if except_series is not None:
        query = query.where(Occurrence.series_id != except_series)
    if except_occurrence is not None:
        query = query.where(Occurrence.id != except_occurrence)
    return [(row.start_at, row.end_at) for row in db.session.execute(query)]


def first_clash(wanted: Sequence[Span], busy: Sequence[Span]) -> Span | None:
    """The first wanted span that overlaps a busy one (both lists sorted by start)."""
    j = 0
    for start, end in wanted:
        while j < len(busy) and busy[j][1] <= start:
            j += 1
        if j < len(busy) and busy[j][0] < end:
            return start, end
    return None


def refuse_overlaps(user_ids: Sequence[int], wanted: Sequence[Span], **exclude) -> None:
    """Raise Conflict if a wanted session overlaps another meeting of these people."""
    if not wanted:
        return
    busy = busy_spans(user_ids, wanted[0][0], wanted[-1][1], **exclude)
    if first_clash(sorted(wanted), busy) is not None:
        raise Conflict(_("This time overlaps another meeting of yours or of the other person. "
                         "Please choose another time."))
