"""Demo data: booked series for the demo's active matches, and calendar feeds for their people."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from mentoring.errors import Conflict
from mentoring.extensions import db
from mentoring.meetings.feeds import feed_of, regenerate_feed
from mentoring.meetings.models import LIVE_SERIES, MeetingSeries
from mentoring.meetings.rules import to_utc
from mentoring.meetings.services import confirm_series, propose_series
from mentoring.meetings.slots import Plan, best_plan, reference_week_after
from mentoring.pairing.models import Match, MatchStatus

FALLBACK_HOURS = (18, 19, 17, 20, 12)  # mentor's local time, next Tuesday, if no shared slot


def book_demo_meetings(now: datetime) -> int:
    """Book a weekly series for every ACTIVE match without one (the mentee proposes the best
    shared slot, the mentor confirms) and give both people a feed URL; returns the count."""
    has_series = select(MeetingSeries.match_id).where(MeetingSeries.status.in_(LIVE_SERIES))
    matches = db.session.scalars(
        select(Match).where(Match.status == MatchStatus.ACTIVE, Match.id.not_in(has_series))
        .order_by(Match.id)
    ).all()
    booked = 0
    for match in matches:
        if _book(match, now):
            booked += 1
            for person in (match.mentee, match.mentor):
                if feed_of(person) is None:
                    regenerate_feed(person, now)
    db.session.flush()
    return booked


def _book(match: Match, now: datetime) -> bool:
    for plan in _plans(match, now):
        try:
            series = propose_series(match, match.mentee, now, plan)
        except Conflict:
            continue
        confirm_series(series, match.mentor, now)
        return True
    return False


def _plans(match: Match, now: datetime):
    best = best_plan(match, now)
    if best is not None:
        yield best
    tuesday = reference_week_after(now) + timedelta(days=1)
    for hour in FALLBACK_HOURS:
        yield Plan(start_at=to_utc(datetime.combine(tuesday, time(hour)), match.mentor.timezone))
