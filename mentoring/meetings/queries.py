"""Read-only queries for the meetings pages, each loading what its page shows in a fixed number
of statements, however many matches and sessions a person has."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.meetings.models import LIVE_SERIES, MeetingSeries
from mentoring.pairing.models import Match


def matches_of(user: User) -> list[Match]:
    """The person's matches, newest first, with both people loaded."""
    return list(db.session.scalars(
        select(Match).where((Match.mentee_id == user.id) | (Match.mentor_id == user.id))
        .options(selectinload(Match.mentee), selectinload(Match.mentor))
        .order_by(Match.created_at.desc())
    ))


def live_series_by_match(matches: list[Match]) -> dict[int, list[MeetingSeries]]:
    """Match id -> its proposed or booked series with their sessions (an empty list if none)."""
    found: dict[int, list[MeetingSeries]] = defaultdict(list)
    rows = db.session.scalars(
        select(MeetingSeries)
        .where(MeetingSeries.match_id.in_([m.id for m in matches]),
               MeetingSeries.status.in_(LIVE_SERIES))
        .options(selectinload(MeetingSeries.occurrences))
        .order_by(MeetingSeries.first_start_local)
    )
    for series in rows:
        found[series.match_id].append(series)
    return found
