"""Every e-mail the meetings send, read back with the stdlib parser: the MIME tree of invites."""

from __future__ import annotations

import re
from datetime import UTC

import icalendar

from mentoring.meetings import services
from mentoring.meetings.models import MeetingSeries
from mentoring.meetings.slots import Plan
from mentoring.notify.delivery import send_committed_notifications
from tests.conftest import FIXED_NOW
from tests.factories import utc
from tests.meetings.mime import INVITE_TREE, invite_of, reparse, tree

NOW = utc(2026, 11, 24, 9, 0)


def sent(app, db, outbox, action) -> list:
    """Run a service call as a view does (commit, then send); the messages it e-mailed."""
    before = len(outbox())
    with app.test_request_context():
        action()
        db.session.commit()
        send_committed_notifications(NOW)
    return outbox()[before:]


def test_every_message_parses_and_each_invite_has_the_meeting_structure(
        app, db, outbox, make_active_match, book, clock):
    match = make_active_match()
    booked = sent(app, db, outbox, lambda: book(match, utc(2026, 12, 1, 17, 0), count=6))
    series = db.session.scalar(db.select(MeetingSeries))
    third = series.occurrences[2]
    cancelled_one = sent(app, db, outbox,
                         lambda: services.cancel_occurrence(third, match.mentee, NOW))
    moved = sent(app, db, outbox, lambda: services.move_occurrence(
        series.occurrences[3], match.mentor, NOW, utc(2026, 12, 23, 17, 0)))
    ended = sent(app, db, outbox, lambda: services.cancel_series(series, match.mentee, NOW))
    for message in outbox():  # the proposal e-mail included: all of them parse
        assert reparse(message)["Subject"]
    methods = {}
    for name, messages in [("booked", booked), ("one", cancelled_one), ("moved", moved),
                           ("ended", ended)]:
        invites = [m for m in messages if tree(reparse(m)) == INVITE_TREE]
        assert sorted(m["To"] for m in invites) == sorted([match.mentee.email,
                                                          match.mentor.email]), name
        methods[name] = {invite_of(m)[0] for m in invites}
    assert methods == {"booked": {"REQUEST"}, "one": {"CANCEL"}, "moved": {"REQUEST"},
                       # nothing held yet: the whole series is cancelled
                       "ended": {"CANCEL"}}
    _, calendar = invite_of(cancelled_one[0])
    [event] = calendar.walk("VEVENT")
    assert event["RECURRENCE-ID"].dt.astimezone(UTC) == third.recurrence_at
    assert event["STATUS"] == "CANCELLED"


def test_the_invite_text_says_replies_go_nowhere_and_links_to_the_session(
        app, db, outbox, make_active_match, book, clock):
    match = make_active_match()
    match.mentee.locale = "en"
    series = book(match, utc(2026, 12, 1, 17, 0), count=6)
    db.session.info.pop("new_notifications", None)  # the booking e-mails: not under test
    moved = sent(app, db, outbox, lambda: services.move_occurrence(
        series.occurrences[1], match.mentor, NOW, utc(2026, 12, 9, 17, 0)))
    english = next(m for m in moved if m["To"] == match.mentee.email)
    message = reparse(english)
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    session_link = f"http://localhost/sessions/{series.occurrences[1].id}"
    assert "Accepting or declining in your calendar tells nobody" in plain
    assert session_link in plain and f'href="{session_link}"' in html
    french = next(m for m in moved if m["To"] == match.mentor.email)
    assert "Accepter ou refuser dans ton agenda" in reparse(french).get_body(
        ("plain",)).get_content()
    _, calendar = invite_of(english)
    for event in calendar.walk("VEVENT"):
        assert event["X-MICROSOFT-DISALLOW-COUNTER"] == "TRUE"
        assert {a.params["RSVP"] for a in event["ATTENDEE"]} == {"FALSE"}


def test_ending_a_series_with_sessions_held_shortens_it_instead_of_cancelling_the_uid(
        app, db, outbox, make_active_match, book, clock):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0), count=10)
    db.session.info.pop("new_notifications", None)
    later = utc(2026, 12, 20, 9, 0)  # three sessions are over
    clock.set(later)
    before = series.sequence
    ended = []
    with app.test_request_context():
        services.cancel_series(series, match.mentor, later)
        db.session.commit()
        send_committed_notifications(later)
        ended = outbox()[-2:]
    assert {invite_of(m)[0] for m in ended} == {"REQUEST"}
    _, calendar = invite_of(ended[0])
    [master] = calendar.walk("VEVENT")
    assert str(master["UID"]) == series.uid and master["SEQUENCE"] == before + 1
    assert master["STATUS"] == "CONFIRMED"
    until = master["RRULE"]["UNTIL"][0]
    assert utc(2026, 12, 15, 17, 0) <= until < utc(2026, 12, 22, 17, 0)


def test_a_cancellation_names_the_stored_session_even_when_its_row_is_gone(
        app, db, outbox, make_active_match, book, clock):
    """Built at send time from the stored instant and UID, not from a row id SQLite reuses."""
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0), count=6)
    fifth = series.occurrences[4]
    wanted = fifth.recurrence_at
    db.session.info.pop("new_notifications", None)
    with app.test_request_context():
        services.cancel_occurrence(fifth, match.mentee, NOW)
        db.session.commit()
        pending = db.session.info.pop("new_notifications")
        # Before the e-mail goes out, the series is cut from the second session: the fifth
        # session's row is deleted (its id free for reuse).
        services.change_series_from(series.occurrences[1], match.mentor, NOW, None)
        db.session.commit()
        db.session.info["new_notifications"] = pending
        send_committed_notifications(NOW)
    cancels = [m for m in outbox() if tree(reparse(m)) == INVITE_TREE
               and invite_of(m)[0] == "CANCEL"]
    assert cancels
    _, calendar = invite_of(cancels[0])
    [event] = calendar.walk("VEVENT")
    assert event["RECURRENCE-ID"].dt.astimezone(UTC) == wanted


def test_the_invite_writes_the_canonical_zone_while_the_person_keeps_their_choice(
        client, db, make_active_match, book, login_as, frozen):
    match = make_active_match(mentor_tz="America/Montreal", mentee_tz="America/Montreal",
                              mentee_hours=[(d, 0, 1440) for d in range(7)],
                              mentor_hours=[(d, 0, 1440) for d in range(7)])
    series = book(match, utc(2026, 12, 1, 23, 0), count=3)
    login_as(match.mentee)
    ics = client.get(f"/series/{series.id}/invite.ics").get_data()
    assert b"TZID:America/Toronto" in ics and b"DTSTART;TZID=America/Toronto:" in ics
    assert b"Montreal" not in ics
    assert series.timezone == "America/Montreal" and match.mentee.timezone == "America/Montreal"
    settings = client.get("/account/settings").get_data(as_text=True)
    selected = re.findall(r'<option[^>]*\bselected\b[^>]*value="([^"]+)"', settings)
    [chosen] = [value for value in selected if "/" in value]  # the zone list, not the language
    assert chosen == "America/Montreal"  # on screen, the person's own choice


def test_a_new_series_from_a_date_keeps_place_and_video_link_in_the_invite(
        make_active_match, book, db, clock):
    from mentoring.meetings.invites import invite_bytes

    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0), count=6, location="Médiathèque",
                  video_url="https://visio.example.org/abc")
    plan = Plan(utc(2026, 12, 16, 17, 0), 1, 3, None, "Médiathèque",
                "https://visio.example.org/abc")
    successor = services.change_series_from(series.occurrences[2], match.mentee, FIXED_NOW, plan)
    db.session.commit()
    calendar = icalendar.Calendar.from_ical(invite_bytes(successor, match.mentee, FIXED_NOW))
    [event] = calendar.walk("VEVENT")
    assert event["LOCATION"] == "Médiathèque"
    assert "https://visio.example.org/abc" in event["DESCRIPTION"]
