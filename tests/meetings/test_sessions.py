"""Every action on every session of a match, whatever series it belongs to (a change from a date
on starts a second series); cancelling asks first and carries a reason; moves are checked in
both zones; the series' zone is explained in plain words."""

from __future__ import annotations

import html
from datetime import timedelta

from mentoring.core.audit import AuditEvent
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.notify.delivery import send_due_notifications
from mentoring.notify.models import Notification
from tests.conftest import FIXED_NOW
from tests.factories import EVENINGS, utc

ALL_DAY = [(d, 0, 1440) for d in range(7)]


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def montreal_and_paris(make_active_match, make_mentee, make_mentor, locale="fr"):
    """A mentee in Montreal free all day, a mentor in Paris free every evening."""
    return make_active_match(
        mentee=make_mentee(timezone="America/Montreal", locale=locale, pseudonym="Lou"),
        mentor=make_mentor(timezone="Europe/Paris", locale=locale, pseudonym="Sam"),
        mentee_hours=ALL_DAY, mentor_hours=EVENINGS)


def changed_from_third(post, db, match, series):
    """Change the sessions from the third one on to Thursdays 19:00 Paris, with a place."""
    third = series.occurrences[2]
    response = post(f"/sessions/{third.id}/change-series", {
        "action": "retime", "slot": "2026-12-03T18:00Z", "interval_weeks": "1", "count": "4",
        "location": "Maison des jeunes", "video_url": "https://video.example/room"})
    assert response.status_code == 302
    return db.session.scalars(db.select(MeetingSeries).where(
        MeetingSeries.match_id == match.id, MeetingSeries.id != series.id)).one()


def test_after_a_change_from_a_date_the_new_sessions_are_listed_with_place_and_link(
        client, post, login_as, make_active_match, make_mentee, make_mentor, book, db, frozen):
    match = montreal_and_paris(make_active_match, make_mentee, make_mentor)
    series = book(match, utc(2026, 12, 1, 17, 0), count=6, location="Café",
                  video_url="https://video.example/old")
    login_as(match.mentor)
    form = text(client.get(f"/sessions/{series.occurrences[2].id}"))
    assert 'value="Café"' in form and 'value="https://video.example/old"' in form  # prefilled
    successor = changed_from_third(post, db, match, series)
    page = text(client.get(f"/matches/{match.id}/meetings"))
    # The two kept Tuesdays, then four Thursdays from the changed session's week on.
    assert "mardi 1er décembre 2026, 18:00" in page and "mardi 8 décembre 2026, 18:00" in page
    assert "mardi 15 décembre 2026" not in page
    for day in ("17", "24", "31"):
        assert f"jeudi {day} décembre 2026, 19:00" in page
    assert "Maison des jeunes" in page and "https://video.example/room" in page
    assert successor.location == "Maison des jeunes"
    for occurrence in successor.occurrences:
        assert f'href="/sessions/{occurrence.id}"' in page


def test_every_action_works_on_a_session_of_the_second_series(
        client, post, login_as, make_active_match, make_mentee, make_mentor, book, db, frozen):
    match = montreal_and_paris(make_active_match, make_mentee, make_mentor)
    series = book(match, utc(2026, 12, 1, 17, 0), count=6)
    login_as(match.mentor)
    successor = changed_from_third(post, db, match, series)
    first, second, third, fourth = successor.occurrences

    assert client.get(f"/sessions/{first.id}").status_code == 200
    # Move (two steps: check, then confirm).
    moved_to = {"time": "", "day": "2026-12-18", "minute": str(19 * 60)}
    assert post(f"/sessions/{first.id}/move", moved_to).status_code == 200
    assert post(f"/sessions/{first.id}/move", {**moved_to, "confirmed": "1"}).status_code == 302
    # Cancel one session, after its confirmation page.
    assert client.get(f"/sessions/{second.id}/cancel").status_code == 200
    assert post(f"/sessions/{second.id}/cancel", {"reason": ""}).status_code == 302
    # Change from the fourth session of the second series on: stop there.
    response = post(f"/sessions/{fourth.id}/change-series", {"action": "end"})
    assert response.status_code == 302
    db.session.expire_all()
    assert first.start_at == utc(2026, 12, 18, 18, 0) and first.status is OccurrenceStatus.MOVED
    assert second.status is OccurrenceStatus.CANCELLED
    assert [o.id for o in successor.occurrences] == [first.id, second.id, third.id]
    page = text(client.get(f"/matches/{match.id}/meetings"))
    assert "vendredi 18 décembre 2026, 19:00" in page and "Annulée" in page

    # Cancel every remaining session of both series, then propose again.
    confirm = text(client.get(f"/matches/{match.id}/meetings/cancel"))
    assert "mardi 8 décembre 2026, 18:00" in confirm and "jeudi 31 décembre 2026, 19:00" in confirm
    assert post(f"/matches/{match.id}/meetings/cancel", {"reason": "Exams"}).status_code == 302
    db.session.expire_all()
    assert {s.status for s in (series, successor)} == {SeriesStatus.CANCELLED}
    page = text(client.get(f"/matches/{match.id}/meetings"))
    assert "Proposer ces séances" in page
    response = post(f"/matches/{match.id}/meetings", {"slot": "2026-12-03T18:00Z",
                                                      "interval_weeks": "1", "count": "3"})
    assert response.status_code == 302


def test_a_finished_series_does_not_block_a_new_proposal(
        client, post, login_as, make_active_match, book, db, monkeypatch):
    match = make_active_match()
    book(match, utc(2026, 12, 1, 17, 0), count=1)
    later = utc(2026, 12, 2, 9, 0)
    monkeypatch.setattr("mentoring.meetings.views.now_utc", lambda: later)
    login_as(match.mentee)
    assert "Proposer ces séances" in text(client.get(f"/matches/{match.id}/meetings"))
    response = post(f"/matches/{match.id}/meetings", {"slot": "2026-12-08T17:00Z",
                                                      "interval_weeks": "1", "count": "2"})
    assert response.status_code == 302


def test_cancelling_asks_first_and_only_the_other_person_reads_the_reason(
        client, post, login_as, make_active_match, make_mentee, make_mentor, book, db, outbox,
        frozen):
    match = montreal_and_paris(make_active_match, make_mentee, make_mentor)
    series = book(match, utc(2026, 12, 1, 17, 0), count=4)
    session = series.occurrences[1]
    login_as(match.mentee)
    page = text(client.get(f"/sessions/{session.id}"))
    assert f'action="/sessions/{session.id}/cancel"' not in page  # no one-click cancel
    confirm = text(client.get(f"/sessions/{session.id}/cancel"))
    assert "mardi 8 décembre 2026, 12:00" in confirm and "Sam" in confirm
    assert 'name="reason"' in confirm
    outbox()  # drop the booking e-mails
    reason = "J'ai un contrôle de maths ce jour-là"
    assert post(f"/sessions/{session.id}/cancel", {"reason": reason}).status_code == 302
    rows = db.session.scalars(db.select(Notification).where(
        Notification.kind == "meeting_session_cancelled")).all()
    by_person = {row.user_id: row.params.get("reason") for row in rows}
    assert by_person == {match.mentor_id: reason, match.mentee_id: None}
    mails = outbox()
    assert len(mails) == 2 and all(reason not in m.as_string() for m in mails)
    assert all(reason not in repr(vars(a)) for a in db.session.scalars(db.select(AuditEvent)))
    login_as(match.mentor)
    assert reason in text(client.get("/notifications"))
    login_as(match.mentee)
    assert reason not in text(client.get("/notifications"))


def test_the_move_form_offers_shared_times_and_warns_outside_the_other_persons_free_time(
        client, post, login_as, make_active_match, make_mentee, make_mentor, book, db, frozen):
    match = montreal_and_paris(make_active_match, make_mentee, make_mentor)
    series = book(match, utc(2026, 12, 1, 17, 0), count=4)
    session = series.occurrences[1]  # Tuesday 8 December, 12:00 in Montreal
    login_as(match.mentee)
    page = text(client.get(f"/sessions/{session.id}"))
    # Prefilled with the session's own day and time, not an empty date at 00:00.
    assert 'value="2026-12-08"' in page and '<option selected value="720">' in page
    # Shared times first (Paris evenings, shown in Montreal time).
    # Shared times as a list of choices (a select cut them at 375 px).
    assert 'type="radio" value="2026-12-09T17:00Z"' in page
    assert '>mercredi 9 décembre, 12:00</label>' in page
    # Sunday 03:00 in Montreal is 09:00 in Paris: outside Sam's evenings.
    night = {"time": "", "day": "2026-12-13", "minute": str(3 * 60)}
    check = text(post(f"/sessions/{session.id}/move", night))
    assert "dimanche 13 décembre 2026, 03:00" in check
    assert "dimanche 13 décembre 2026, 09:00" in check  # Sam's time, in Paris
    assert "en dehors des disponibilités de Sam" in check
    db.session.expire_all()
    assert session.start_at == utc(2026, 12, 8, 17, 0)  # nothing moved yet
    shared = {"time": "2026-12-09T17:00Z", "day": "", "minute": "0"}
    check = text(post(f"/sessions/{session.id}/move", shared))
    assert "en dehors des disponibilités de Sam" not in check
    assert post(f"/sessions/{session.id}/move", {**shared, "confirmed": "1"}).status_code == 302
    db.session.expire_all()
    assert session.start_at == utc(2026, 12, 9, 17, 0)


def test_the_zone_is_explained_and_the_weeks_that_shift_are_flagged(
        app, client, login_as, make_active_match, make_mentee, make_mentor, book, db, outbox,
        frozen):
    match = montreal_and_paris(make_active_match, make_mentee, make_mentor, locale="en")
    # Tuesdays 18:00 in Paris from 2 March 2027: 12:00 in Montreal, except between the North
    # American change (14 March) and the European one (28 March), when it is 13:00.
    series = book(match, utc(2027, 3, 2, 17, 0), count=6)
    login_as(match.mentee)
    page = text(client.get(f"/matches/{match.id}/meetings"))
    assert ("These sessions follow Paris time; in Montreal they are at 12:00, except from "
            "16 March to 23 March, when they are at 13:00.") in page
    assert page.count("This week it is at 13:00 for you, not 12:00") == 2
    # The session's own page says it too, and only for the weeks that shift.
    shifted_page = text(client.get(f"/sessions/{series.occurrences[2].id}"))
    assert "This week it is at 13:00 for you, not 12:00" in shifted_page
    usual_page = text(client.get(f"/sessions/{series.occurrences[0].id}"))
    assert "This week it is at" not in usual_page
    login_as(match.mentor)
    page = text(client.get(f"/matches/{match.id}/meetings"))
    assert "These sessions follow Paris time, your time zone." in page
    assert page.count("This week it is at 13:00 for Lou in Montreal, not 12:00") == 2

    outbox()
    shifted = series.occurrences[2]  # 16 March
    with app.app_context():
        db.session.execute(db.update(Notification).values(emailed_at=FIXED_NOW))
        db.session.execute(db.update(Notification).where(
            Notification.kind == "meeting_reminder",
            Notification.topic.in_([shifted.reminder_topic, series.occurrences[0].reminder_topic]))
            .values(emailed_at=None, due_at=FIXED_NOW - timedelta(minutes=1)))
        db.session.commit()
        send_due_notifications(FIXED_NOW)
    bodies = {(m["To"], "16 March" in m.get_content()): m.get_content() for m in outbox()}
    assert "at 13:00 for you, not 12:00" in bodies[(match.mentee.email, True)]
    assert "Careful" not in bodies[(match.mentee.email, False)]
    assert "Careful" not in bodies[(match.mentor.email, True)]
    assert db.session.get(Occurrence, shifted.id) is not None
