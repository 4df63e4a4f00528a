"""Check-ins after sessions, "I don't feel safe", notes, no-shows and quiet matches."""

from __future__ import annotations

import html
from datetime import timedelta

from mentoring.jobs import run_sweeps_once
from mentoring.notify.models import Notification
from mentoring.safety.checkins import quiet_matches, recent_no_shows
from mentoring.safety.models import CheckIn, Concern, ConcernCategory, SessionNote
from tests.conftest import FIXED_NOW
from tests.factories import utc


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def booked(make_active_match, book):
    match = make_active_match()
    series = book(match, utc(2026, 11, 26, 18, 0), count=4)
    return match, sorted(series.occurrences, key=lambda o: o.start_at)


def test_both_people_are_asked_once_after_each_session(app, db, make_active_match, book):
    match, sessions = booked(make_active_match, book)
    after_first = sessions[0].end_at + timedelta(minutes=1)
    run_sweeps_once(app, after_first)
    run_sweeps_once(app, after_first + timedelta(minutes=5))
    asked = db.session.scalars(db.select(Notification).where(Notification.kind == "checkin_due"))
    assert sorted(n.user_id for n in asked) == sorted([match.mentee_id, match.mentor_id])


def test_checkin_is_saved_once_per_person(client, post, login_as, make_active_match, book, db,
                                          clock):
    match, sessions = booked(make_active_match, book)
    clock.set(sessions[0].end_at + timedelta(hours=1))
    login_as(match.mentee)
    url = f"/sessions/{sessions[0].id}/checkin"
    assert "Comment s'est passée" in text(client.get(url)) or client.get(url).status_code == 200
    answer = {"took_place": "yes", "helpfulness": "4", "feeling": "3", "comment": "Good talk."}
    assert post(url, answer).status_code == 302
    assert post(url, answer).status_code == 409
    checkin = db.session.scalar(db.select(CheckIn))
    assert (checkin.took_place, checkin.helpfulness, checkin.feeling) == (True, 4, 3)
    future = f"/sessions/{sessions[2].id}/checkin"
    assert post(future, answer).status_code == 409  # not yet taken place


def test_i_dont_feel_safe_starts_the_immediate_risk_path(
        client, post, login_as, make_active_match, make_coordinator, book, db, outbox, clock):
    coordinator = make_coordinator(locale="en")
    match, sessions = booked(make_active_match, book)
    clock.set(sessions[0].end_at + timedelta(hours=1))
    login_as(match.mentee)
    sent_before = len(outbox())
    response = post(f"/sessions/{sessions[0].id}/checkin",
                    {"took_place": "yes", "helpfulness": "2", "feels_unsafe": "y"})
    assert response.status_code == 200
    assert "114" in text(response) and "112" in text(response)
    concern = db.session.scalar(db.select(Concern))
    assert concern.category is ConcernCategory.IMMEDIATE_RISK and concern.source == "checkin"
    assert concern.match_id == match.id and concern.reporter_id == match.mentee_id
    new_mail = outbox()[sent_before:]
    assert [m["To"] for m in new_mail] == [coordinator.email]
    login_as(match.mentor)
    assert client.get(f"/concerns/{concern.id}/sent").status_code == 404


def test_no_shows_and_quiet_matches_reach_the_dashboard(
        client, login_as, make_active_match, book, make_coordinator, db):
    match, sessions = booked(make_active_match, book)
    db.session.add(CheckIn(occurrence_id=sessions[0].id, match_id=match.id,
                           user_id=match.mentee_id, took_place=False,
                           created_at=sessions[0].end_at + timedelta(hours=1)))
    quiet = make_active_match()  # active since FIXED_NOW, never booked
    db.session.commit()
    assert [c.match_id for c in recent_no_shows(sessions[0].end_at + timedelta(days=1))] == [
        match.id]
    later = FIXED_NOW + timedelta(days=22)
    assert [m.id for m in quiet_matches(later)] == [quiet.id]
    assert match.id not in [m.id for m in quiet_matches(later)]  # sessions on Nov 26 - Dec 17
    assert {m.id for m in quiet_matches(FIXED_NOW + timedelta(days=45))} == {quiet.id, match.id}


def test_private_notes_are_the_mentors_until_shared(
        client, post, login_as, make_active_match, make_coordinator, db):
    coordinator = make_coordinator()
    match = make_active_match()
    login_as(match.mentor)
    assert post(f"/matches/{match.id}/notes", {"text": "Seemed tired today."}).status_code == 302
    login_as(match.mentee)
    assert client.get(f"/matches/{match.id}/notes").status_code in (403, 404)
    assert "Seemed tired" not in text(client.get(f"/matches/{match.id}"))
    login_as(coordinator)
    assert "Seemed tired" not in text(client.get(f"/matches/{match.id}"))
    login_as(match.mentor)
    note = db.session.scalar(db.select(SessionNote))
    assert post(f"/notes/{note.id}/share").status_code == 302
    login_as(coordinator)
    assert "Seemed tired" in text(client.get(f"/matches/{match.id}"))


def test_a_session_both_people_say_did_not_happen_is_listed_once(
        make_active_match, book, db):
    match, sessions = booked(make_active_match, book)
    for person_id in (match.mentee_id, match.mentor_id):
        db.session.add(CheckIn(occurrence_id=sessions[0].id, match_id=match.id,
                               user_id=person_id, took_place=False,
                               created_at=sessions[0].end_at + timedelta(hours=1)))
    db.session.commit()
    [row] = recent_no_shows(sessions[0].end_at + timedelta(days=1))
    assert (row.match_id, row.occurrence_id) == (match.id, sessions[0].id)
    assert row.reported_at == sessions[0].end_at + timedelta(hours=1)
