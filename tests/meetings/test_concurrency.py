"""Two bookings of the same mentor's time, in two threads with their own sessions: one wins."""

from __future__ import annotations

import threading
import time

import pytest

from mentoring.errors import Conflict
from mentoring.meetings import overlaps, services
from mentoring.meetings.models import MeetingSeries
from mentoring.meetings.slots import Plan
from mentoring.pairing.models import Match
from tests.conftest import FIXED_NOW
from tests.factories import utc


@pytest.fixture
def slow_check(monkeypatch):
    """Hold each booking between its overlap check and its insert, so the race is real."""
    check = overlaps.first_clash

    def slow(wanted, busy):
        result = check(wanted, busy)
        time.sleep(0.4)
        return result

    monkeypatch.setattr(overlaps, "first_clash", slow)


def race(app, db, match_ids) -> list[str]:
    barrier, results = threading.Barrier(len(match_ids)), []

    def book(match_id):
        with app.app_context():
            match = db.session.get(Match, match_id)
            barrier.wait()
            try:
                services.propose_series(match, match.mentee, FIXED_NOW,
                                        Plan(utc(2026, 12, 1, 17, 0)))
                db.session.commit()
                results.append("booked")
            except Conflict:
                db.session.rollback()
                results.append("refused")

    threads = [threading.Thread(target=book, args=(i,)) for i in match_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(results)


def test_two_bookings_of_the_same_mentor_time_cannot_both_succeed(
        app, db, make_active_match, slow_check):
    first = make_active_match()
    second = make_active_match(mentor=first.mentor)
    assert race(app, db, [first.id, second.id]) == ["booked", "refused"]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(MeetingSeries.id))) == 1


def test_without_the_lock_both_would_succeed(app, db, make_active_match, slow_check,
                                             monkeypatch):
    """The control experiment: the race window is real, the lock is what closes it."""
    monkeypatch.setattr("mentoring.meetings.services.lock_people", lambda ids: None)
    first = make_active_match()
    second = make_active_match(mentor=first.mentor)
    assert race(app, db, [first.id, second.id]) == ["booked", "booked"]
