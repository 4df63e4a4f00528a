"""A database that blinks right after an action's commit never turns it into "nothing was saved".

The fault: from the moment the request's transaction is committed, every statement of that
request fails as on a dropped connection (the driver's error, on SQLite and PostgreSQL alike).
The answer must be the action's own success (its redirect and message), built from what the
request already had in memory, and the action must be saved once.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import event

from mentoring.accounts.models import User
from mentoring.database import request_has_committed
from mentoring.profiles.models import AvailabilityInterval
from mentoring.safety.models import CheckIn, Concern, ConcernCategory, SessionNote
from tests.conftest import FIXED_NOW
from tests.meetings.conftest import utc
from tests.ops.test_database_unavailable import lost_connection


@pytest.fixture
def blink_after_commit(db):
    """Every statement a request runs after its commit fails (the test's own queries work)."""

    def refuse(*_args, **_kwargs):
        if request_has_committed():
            lost_connection()

    event.listen(db.engine, "before_cursor_execute", refuse)
    yield
    event.remove(db.engine, "before_cursor_execute", refuse)


def page_after(client, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return unescape(client.get(response.headers["Location"],
                               headers={"Accept-Language": "en"}).get_data(as_text=True))


def count(db, model) -> int:
    value = db.session.scalar(db.select(db.func.count()).select_from(model))
    db.session.remove()
    return value


def test_signing_up(client, post, db, blink_after_commit):
    response = post("/signup", {
        "role": "mentee", "pseudonym": "Lynx Bleu", "email": "lynx@example.org",
        "password": "a long enough password", "language": "en", "timezone": "Europe/Paris",
        "consent": "y"}, headers={"Accept-Language": "en"})
    # Sign-up answers alike for every address (issue 12): to the login page, "check your inbox".
    assert response.headers["Location"].endswith("/login")
    assert "Check your inbox" in page_after(client, response)
    assert count(db, User) == 1


def test_adding_a_time_slot(client, post, db, login_as, make_mentee, blink_after_commit):
    login_as(make_mentee(locale="en"))
    response = post("/availability", {"weekday": "1", "start": "1080", "end": "1200"})
    assert "Time slot added." in page_after(client, response)
    assert count(db, AvailabilityInterval) == 1


def test_approving_a_mentor(client, post, db, login_as, make_mentor, make_coordinator,
                            tags, blink_after_commit):
    mentor = make_mentor(pseudonym="Hibou Ocre")
    login_as(mentor)
    post("/application", {
        "experiences": [tags["anxiety"].id], "story": "I had panic attacks at school.",
        "topics": [tags["school"].id], "languages": [tags["fr"].id], "bio": "Student.",
        "age": "22", "gender": "", "capacity": "2", "timezone": "Europe/Paris"})
    login_as(make_coordinator(locale="en"))
    today = FIXED_NOW.date()
    response = post(f"/programme/mentors/{mentor.id}/approve", {
        "checked_on": str(today - timedelta(days=3)), "expires_on": str(today.replace(year=2027)),
        "training_completed_on": str(today - timedelta(days=1))})
    assert "Hibou Ocre is approved and can be matched." in page_after(client, response)


def test_acknowledging_a_concern(client, post, db, login_as, make_active_match,
                                 make_coordinator, blink_after_commit):
    match = make_active_match()
    concern = Concern(reporter_id=match.mentee_id, match_id=match.id, created_at=FIXED_NOW,
                      category=ConcernCategory.IMMEDIATE_RISK)
    db.session.add(concern)
    db.session.commit()
    login_as(make_coordinator(locale="en"))
    response = post(f"/programme/concerns/{concern.id}/acknowledge")
    assert "the alerts have stopped" in page_after(client, response)
    db.session.remove()
    assert db.session.get(Concern, concern.id).acknowledged_at is not None


def test_saving_a_private_note(client, post, db, login_as, make_active_match, make_mentor,
                               blink_after_commit):
    match = make_active_match(mentor=make_mentor(locale="en"))
    login_as(match.mentor)
    response = post(f"/matches/{match.id}/notes", {"text": "Talked about exams."},
                    headers={"Accept-Language": "en"})
    assert "Note saved. Only you can read it." in page_after(client, response)
    assert count(db, SessionNote) == 1


def test_sending_a_message(client, post, db, login_as, make_active_match, blink_after_commit):
    match = make_active_match()
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": "Hello!"})
    assert response.headers["Location"].endswith(f"/matches/{match.id}/messages#latest")
    assert "Hello!" in page_after(client, response)


def test_i_dont_feel_safe_in_a_check_in(client, post, db, login_as, make_active_match,
                                        make_coordinator, book, clock, blink_after_commit):
    make_coordinator()
    match = make_active_match()
    occurrence = min(book(match, utc(2026, 11, 26, 18, 0), count=2).occurrences,
                     key=lambda o: o.start_at)
    clock.set(occurrence.end_at + timedelta(hours=1))
    login_as(match.mentee)
    db.session.remove()
    response = post(f"/sessions/{occurrence.id}/checkin",
                    {"took_place": "yes", "helpfulness": "2", "feels_unsafe": "y"},
                    headers={"Accept-Language": "en"})
    assert response.status_code == 200  # the page with the crisis numbers, not a 503
    assert count(db, CheckIn) == 1 and count(db, Concern) == 1


def test_when_even_memory_is_not_enough_the_503_says_it_was_saved(
        client, post, db, login_as, make_mentee, blink_after_commit, monkeypatch):
    """The last line: a view that still reads after its commit gets a 503 that says the action
    is saved (so nobody sends it twice), never "nothing was saved"."""
    from mentoring.profiles import views

    login_as(make_mentee(locale="en"))

    def read_after_commit(endpoint, **values):
        db.session.execute(db.select(User.id)).all()  # reads the database after the commit
        return "/availability"

    monkeypatch.setattr(views, "url_for", read_after_commit)
    response = post("/availability", {"weekday": "1", "start": "1080", "end": "1200"},
                    headers={"Accept-Language": "en"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 503
    assert "What you sent is saved" in page and "nothing was saved" not in page
    assert count(db, AvailabilityInterval) == 1
