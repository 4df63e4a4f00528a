"""Download my data; delete my account; retention of inactive accounts."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import String, Text, or_, select

from mentoring.accounts import data_rights
from mentoring.accounts.models import User
from mentoring.meetings.models import MeetingSeries, OccurrenceStatus
from mentoring.notify.models import Notification
from mentoring.pairing.models import ExcludedPair, Match, MatchStatus
from mentoring.safety.models import CheckIn, Concern, ConcernCategory
from tests.conftest import FIXED_NOW, PASSWORD
from tests.factories import utc

SECRET_TEXTS = ["I panic before exams", "Mentor seemed distant", "We talked a lot"]


def seeded_mentee(db, make_active_match, book, tags):
    """A mentee with a row in every kind of table: request, tags, match, sessions, safety."""
    match = make_active_match()
    mentee = match.mentee
    mentee.mentee_profile.goals_text = SECRET_TEXTS[0]
    mentee.mentee_profile.requested_at = FIXED_NOW
    mentee.tags = [tags["anxiety"], tags["fr"]]
    series = book(match, utc(2026, 11, 26, 18, 0), count=3)
    first = sorted(series.occurrences, key=lambda o: o.start_at)[0]
    db.session.add(Concern(reporter_id=mentee.id, match_id=match.id, text=SECRET_TEXTS[1],
                           category=ConcernCategory.BOUNDARY, created_at=FIXED_NOW))
    db.session.add(CheckIn(occurrence_id=first.id, match_id=match.id, user_id=mentee.id,
                           took_place=True, helpfulness=4, comment=SECRET_TEXTS[2]))
    db.session.add(ExcludedPair(mentee_id=mentee.id, mentor_id=match.mentor_id, reason="x"))
    db.session.commit()
    return mentee, match


def referencing_tables(db, user_id):
    """Tables with a foreign key to users that hold a row naming this user."""
    found = set()
    for table in db.metadata.sorted_tables:
        columns = data_rights._user_columns(table) + ([table.c.id] if table.name == "users" else [])
        if columns and db.session.execute(select(table).where(
                or_(*(c == user_id for c in columns)))).first():
            found.add(table.name)
    return found


def test_export_contains_every_table_that_references_the_person(
        client, login_as, make_active_match, book, tags, db):
    mentee, match = seeded_mentee(db, make_active_match, book, tags)
    login_as(mentee)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    exported = json.loads(response.get_data(as_text=True))["tables"]
    assert set(exported) == referencing_tables(db, mentee.id)
    assert {"users", "user_tags", "mentee_profiles", "availability_intervals", "matches",
            "checkins", "concerns", "excluded_pairs", "notifications"} <= set(exported)
    assert exported["mentee_profiles"][0]["goals_text"] == SECRET_TEXTS[0]
    assert "password_hash" not in exported["users"][0]


def test_erasure_leaves_no_trace_outside_audit_and_safeguarding_records(
        client, post, login_as, make_active_match, book, tags, db, outbox, clock):
    mentee, match = seeded_mentee(db, make_active_match, book, tags)
    email, mentee_id, mentor = mentee.email, mentee.id, match.mentor
    login_as(mentee)
    response = post("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()

    # The match is closed, the remaining sessions cancelled, and the mentor told.
    assert db.session.get(Match, match.id).status is MatchStatus.CLOSED
    assert mentor.email in [m["To"] for m in outbox()]

    # No row outside the retained tables names the person; nothing anywhere holds their
    # e-mail address or what they wrote.
    for table in db.metadata.sorted_tables:
        if table.name not in data_rights.RETAINED_TABLES:
            columns = data_rights._user_columns(table)
            if columns:
                rows = db.session.execute(select(table).where(
                    or_(*(c == mentee_id for c in columns)))).all()
                assert rows == [], table.name
        texts = [c for c in table.columns if isinstance(c.type, String | Text)]
        for row in db.session.execute(select(*texts)).all() if texts else []:
            for value in row:
                if isinstance(value, str):
                    assert email not in value, table.name
                    assert not any(secret in value for secret in SECRET_TEXTS), table.name
    user = db.session.get(User, mentee_id)
    assert user.erased_at is not None and not user.is_enabled
    assert db.session.scalar(select(Concern.text)) is None  # safeguarding row kept, text gone
    assert db.session.scalar(select(CheckIn.helpfulness)) == 4  # the figures stay for insight
    assert client.get("/home").status_code == 302  # logged out
    login = post("/login", {"email": email, "password": PASSWORD})
    assert login.status_code == 401


def test_erasure_cancels_the_remaining_sessions(make_active_match, book, tags, db, clock):
    mentee, match = seeded_mentee(db, make_active_match, book, tags)
    match_series = db.session.scalars(select(MeetingSeries)).all()
    data_rights.erase_user(mentee, None, FIXED_NOW)
    db.session.commit()
    for series in match_series:
        db.session.refresh(series)
        upcoming = [o for o in series.occurrences if o.start_at > FIXED_NOW]
        assert upcoming and all(o.status is OccurrenceStatus.CANCELLED for o in upcoming)


def test_wrong_password_erases_nothing(post, login_as, make_mentee, db):
    user = login_as(make_mentee())
    assert post("/account/delete", {"password": "not my password", "confirm": "y"}).status_code \
        == 400
    db.session.refresh(user)
    assert user.erased_at is None and user.is_enabled


def test_retention_warns_then_erases_inactive_people(make_mentee, make_coordinator, db):
    old = make_mentee(last_seen_at=FIXED_NOW - timedelta(days=340))
    recent = make_mentee(last_seen_at=FIXED_NOW - timedelta(days=10))
    make_coordinator(last_seen_at=FIXED_NOW - timedelta(days=900))
    assert data_rights.retention_sweep(FIXED_NOW, 12, 30) == (1, 0)
    assert data_rights.retention_sweep(FIXED_NOW + timedelta(days=1), 12, 30) == (0, 0)
    warned = db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "retention_warning")).all()
    assert warned == [old.id]
    assert data_rights.retention_sweep(FIXED_NOW + timedelta(days=29), 12, 30) == (0, 0)
    assert data_rights.retention_sweep(FIXED_NOW + timedelta(days=31), 12, 30) == (0, 1)
    db.session.refresh(old)
    db.session.refresh(recent)
    assert old.erased_at is not None and recent.erased_at is None


def test_logging_in_after_the_warning_keeps_the_account(post, make_mentee, db):
    user = make_mentee(email="back@example.org", last_seen_at=FIXED_NOW - timedelta(days=340))
    data_rights.retention_sweep(FIXED_NOW, 12, 30)
    db.session.commit()
    assert post("/login", {"email": "back@example.org", "password": PASSWORD}).status_code == 302
    db.session.refresh(user)
    assert user.retention_warned_at is None


def test_erasure_blanks_the_place_and_video_link_of_their_series(make_active_match, book, tags,
                                                                   db, clock):
    mentee, match = seeded_mentee(db, make_active_match, book, tags)
    for series in db.session.scalars(select(MeetingSeries)):
        series.location, series.video_url = "MARKER-place Rue 3", "https://MARKER-link.example/x"
    db.session.commit()
    data_rights.erase_user(mentee, None, FIXED_NOW)
    db.session.commit()
    db.session.expire_all()
    left = db.session.scalars(select(MeetingSeries).where(or_(
        MeetingSeries.location.is_not(None), MeetingSeries.video_url.is_not(None)))).all()
    assert left == []


def test_the_data_reads_in_the_persons_language_with_local_times(
        client, login_as, make_active_match, book, tags, db):
    from mentoring.profiles import services as availability

    mentee, match = seeded_mentee(db, make_active_match, book, tags)
    mentee.timezone = "America/Montreal"
    availability.add_availability(mentee, 1, 13 * 60, 15 * 60)
    db.session.commit()
    login_as(mentee)
    page = client.get("/account/data/readable").get_data(as_text=True)
    assert "Tes disponibilités" in page or "disponibilités" in page
    assert "Mardi" in page and "13:00" in page and "Montréal" in page
    assert SECRET_TEXTS[1] in page  # the concern she wrote

    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert document["time_zone"] == "America/Montreal"
    assert {"day": "Tuesday", "from": "13:00", "to": "15:00",
            "time_zone": "America/Montreal"} in document["availability"]
    session = document["sessions"][0]
    assert session["starts_at"].endswith("-05:00")  # local time with its offset, no seconds
    assert session["status"] == "scheduled"
    rows = document["tables"]["availability_intervals"]
    row = next(r for r in rows if r["day"] == "Tuesday" and r["from_local_time"] == "13:00")
    assert "weekday" not in row and "start_minute" not in row
