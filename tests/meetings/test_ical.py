"""Invites round-trip through icalendar, vobject and recurring-ical-events, with the traps fixed."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import recurring_ical_events
import vobject

from mentoring.meetings import services
from mentoring.meetings.invites import cancellation_bytes, feed_bytes, invite_bytes
from mentoring.meetings.models import OccurrenceStatus
from tests.conftest import FIXED_NOW
from tests.factories import utc


def app_starts(*series_list) -> list[datetime]:
    """The app's own list of sessions that will take place, as UTC instants."""
    return sorted(o.start_at for s in series_list for o in s.occurrences
                  if o.status is not OccurrenceStatus.CANCELLED)


def expanded(ics: bytes) -> list[datetime]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1), datetime(2028, 1, 1))
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in events)


def vobject_starts(ics: bytes) -> list[datetime]:
    """Expand with vobject (its own VTIMEZONE and RRULE reading), applying overrides."""
    calendar = vobject.readOne(ics.decode())
    starts: dict[datetime, datetime] = {}
    overrides = []
    for event in calendar.vevent_list:
        if hasattr(event, "recurrence_id"):
            overrides.append(event)
            continue
        for start in event.getrruleset(addRDate=True):
            starts[start.astimezone(UTC)] = start.astimezone(UTC)
    for event in overrides:
        starts[event.recurrence_id.value.astimezone(UTC)] = event.dtstart.value.astimezone(UTC)
    return sorted(starts.values())


def test_a_changed_series_round_trips_through_three_parsers(make_active_match, book, db):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(d, 0, 1440) for d in range(7)])
    series = book(match, utc(2026, 10, 13, 16, 0), now=utc(2026, 10, 1), count=30)
    services.move_occurrence(series.occurrences[3], match.mentee, utc(2026, 10, 1),
                             utc(2026, 11, 5, 17, 0))
    services.cancel_occurrence(series.occurrences[5], match.mentor, utc(2026, 10, 1))
    db.session.commit()
    ics = invite_bytes(series, match.mentee, FIXED_NOW)
    assert expanded(ics) == app_starts(series)
    assert vobject_starts(ics) == app_starts(series)
    assert len(app_starts(series)) == 29


def test_the_invite_has_every_property_calendars_need(make_active_match, book, db, app):
    match = make_active_match()
    match.mentee.pseudonym, match.mentor.pseudonym = "Renard; bleu", "Hibou, \"vert\""
    match.mentee.locale = "en"
    series = book(match, utc(2026, 12, 1, 17, 0))
    services.cancel_occurrence(series.occurrences[2], match.mentor, FIXED_NOW)
    services.move_occurrence(series.occurrences[3], match.mentor, FIXED_NOW,
                             utc(2026, 12, 23, 18, 0))
    db.session.commit()
    ics = invite_bytes(series, match.mentee, FIXED_NOW)
    text = ics.decode()
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])  # CRLF everywhere
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar["METHOD"] == "REQUEST" and calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    [master, moved] = calendar.walk("VEVENT")
    assert master["UID"] == moved["UID"] == series.uid
    assert master["SEQUENCE"] == 2
    assert master["DTSTAMP"].dt.tzinfo is not None and "DTSTAMP:20261124T090000Z" in text
    assert "DTSTART;TZID=Europe/Paris:20261201T180000" in text
    assert "RRULE:FREQ=WEEKLY;COUNT=12" in text
    assert "EXDATE;TZID=Europe/Paris:20261215T180000" in text
    assert moved["RECURRENCE-ID"].dt == datetime(2026, 12, 22, 18, 0, tzinfo=series.zone)
    assert str(master["SUMMARY"]) == 'Mentoring session · Renard; bleu & Hibou, "vert"'
    assert "http://localhost/matches/" in str(master["DESCRIPTION"])
    assert str(master["ORGANIZER"]) == "mailto:no-reply@mentoring.example.org"
    attendees = master["ATTENDEE"]
    assert [a.params["CN"] for a in attendees] == ["Renard; bleu", 'Hibou, "vert"']
    assert str(attendees[0]) == f"mailto:{match.mentee.email}"
    assert match.mentor.email not in text  # the other person's address stays private
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Paris"
    assert "RDATE" not in text and text.count("RRULE:FREQ=YEARLY") == 2


def test_until_is_written_in_utc(make_active_match, book):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0), until_on=datetime(2027, 6, 29).date())
    text = invite_bytes(series, match.mentor, FIXED_NOW).decode()
    assert "UNTIL=20270629T215959Z" in text
    assert expanded(text.encode())[-1] == utc(2027, 6, 29, 16, 0) == app_starts(series)[-1]


def test_cancellations_keep_the_uid_and_say_cancelled(make_active_match, book, db):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    one = series.occurrences[1]
    services.cancel_occurrence(one, match.mentee, FIXED_NOW)
    session_cancel = icalendar.Calendar.from_ical(
        cancellation_bytes(series, match.mentor, FIXED_NOW, one))
    [event] = session_cancel.walk("VEVENT")
    assert session_cancel["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["UID"] == series.uid and event["RECURRENCE-ID"].dt.hour == 18
    services.cancel_series(series, match.mentor, FIXED_NOW)
    whole = icalendar.Calendar.from_ical(cancellation_bytes(series, match.mentee, FIXED_NOW))
    [event] = whole.walk("VEVENT")
    assert whole["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["UID"] == series.uid and event["SEQUENCE"] == 2 and "RECURRENCE-ID" not in event


def test_the_feed_lists_every_series_of_the_person(make_active_match, book):
    first = make_active_match()
    second = make_active_match(mentor=first.mentor)
    one = book(first, utc(2026, 12, 1, 17, 0))
    two = book(second, utc(2026, 12, 2, 17, 0))
    ics = feed_bytes(first.mentor, FIXED_NOW)
    assert icalendar.Calendar.from_ical(ics)["METHOD"] == "PUBLISH"
    assert expanded(ics) == app_starts(one, two)
    assert expanded(feed_bytes(first.mentee, FIXED_NOW)) == app_starts(one)
