"""Two coordinators approving at once: the database admits exactly one winner.

Runs on the suite's database: SQLite by default, PostgreSQL with TEST_DATABASE_URL.
"""

from __future__ import annotations

import threading

from mentoring.accounts.models import User
from mentoring.errors import Conflict
from mentoring.extensions import db as _db
from mentoring.pairing import services
from mentoring.pairing.models import Match, MatchStatus
from mentoring.profiles.models import MentorProfile
from tests.conftest import FIXED_NOW

THREADS = 8


def _race(app, attempts):
    """Run each (coordinator_id, mentee_id, mentor_id) attempt in its own thread and session."""
    barrier = threading.Barrier(len(attempts))
    outcomes = []
    lock = threading.Lock()

    def attempt(coordinator_id, mentee_id, mentor_id):
        with app.app_context():
            coordinator = _db.session.get(User, coordinator_id)
            mentee, mentor = _db.session.get(User, mentee_id), _db.session.get(User, mentor_id)
            barrier.wait()
            try:
                services.approve_pair(coordinator, mentee, mentor, FIXED_NOW, respond_days=3)
                _db.session.commit()
                result = "ok"
            except Conflict:
                _db.session.rollback()
                result = "conflict"
            finally:
                _db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=a) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_one_free_place_many_coordinators_exactly_one_wins(
        app, db, waiting_mentee, approved_mentor, make_coordinator):
    mentor = approved_mentor(capacity=1)
    mentees = [waiting_mentee() for _ in range(THREADS)]
    coordinators = [make_coordinator() for _ in range(2)]
    attempts = [(coordinators[i % 2].id, mentee.id, mentor.id) for i, mentee in enumerate(mentees)]
    assert _race(app, attempts) == ["conflict"] * (THREADS - 1) + ["ok"]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Match.id))) == 1
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))
    assert profile.open_matches == 1


def test_one_mentee_many_mentors_exactly_one_wins(
        app, db, waiting_mentee, approved_mentor, make_coordinator):
    mentee = waiting_mentee()
    mentors = [approved_mentor(capacity=2) for _ in range(THREADS)]
    coordinator = make_coordinator()
    attempts = [(coordinator.id, mentee.id, mentor.id) for mentor in mentors]
    assert _race(app, attempts) == ["conflict"] * (THREADS - 1) + ["ok"]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Match.id)).where(
        Match.status == MatchStatus.APPROVED)) == 1
    places = db.session.scalars(db.select(MentorProfile.open_matches)).all()
    assert sorted(places) == [0] * (THREADS - 1) + [1]  # the losers' places were given back
