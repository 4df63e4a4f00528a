"""Factories for meetings tests: active matches made directly as rows, with availability."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentoring.meetings import services
from mentoring.meetings.slots import Plan
from mentoring.pairing.models import Match, MatchStatus
from mentoring.profiles.models import AvailabilityInterval
from tests.conftest import FIXED_NOW

EVENINGS = [(day, 17 * 60, 21 * 60) for day in range(7)]


def add_availability(db, user, intervals) -> None:
    for weekday, start, end in intervals:
        db.session.add(AvailabilityInterval(user_id=user.id, weekday=weekday,
                                            start_minute=start, end_minute=end))


@pytest.fixture
def make_active_match(db, make_mentee, make_mentor):
    """Factory: an ACTIVE match (rows only), both people free every evening by default."""

    def make(mentee=None, mentor=None, *, mentee_tz="Europe/Paris", mentor_tz="Europe/Paris",
             mentee_hours=EVENINGS, mentor_hours=EVENINGS) -> Match:
        mentee = mentee or make_mentee(timezone=mentee_tz)
        mentor = mentor or make_mentor(timezone=mentor_tz)
        if mentee_hours:
            add_availability(db, mentee, mentee_hours)
        if mentor_hours:
            add_availability(db, mentor, mentor_hours)
        match = Match(mentee_id=mentee.id, mentor_id=mentor.id, status=MatchStatus.ACTIVE,
                      activated_at=FIXED_NOW)
        db.session.add(match)
        db.session.commit()
        return match

    return make


@pytest.fixture
def frozen(monkeypatch):
    """The meeting views read the clock; pin it to FIXED_NOW."""
    monkeypatch.setattr("mentoring.meetings.views.now_utc", lambda: FIXED_NOW)


@pytest.fixture
def book(db):
    """Factory: propose as the mentee and confirm as the mentor; returns the committed series."""

    def do_book(match: Match, start_at: datetime, now: datetime = FIXED_NOW, **plan):
        series = services.propose_series(match, match.mentee, now, Plan(start_at, **plan))
        services.confirm_series(series, match.mentor, now)
        db.session.commit()
        return series

    return do_book


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
