"""The subscription feed: PUBLISH without attendees, a name and a polling hint, 304, never empty."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import icalendar
import recurring_ical_events
import vobject

from mentoring.meetings import feeds, services
from tests.factories import utc
from tests.meetings.test_ical import app_starts, expanded
from tests.meetings.test_icaljs import as_utc, icaljs  # noqa: F401 (fixture)


def feed_path(app, db, user) -> str:
    with app.test_request_context():
        feed = feeds.regenerate_feed(user, utc(2026, 11, 1))
        db.session.commit()
        return f"/calendar/{feeds.feed_token(feed)}.ics"


def test_the_feed_lists_no_attendee_and_names_itself(app, db, client, make_active_match, book):
    match = make_active_match()
    match.mentee.locale = "en"
    series = book(match, utc(2026, 12, 1, 17, 0), count=4)
    response = client.get(feed_path(app, db, match.mentee))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "Pairs & Repères: my mentoring sessions"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == series.uid and "ATTENDEE" not in event
    assert b"participants.invalid" not in response.data


def test_an_unchanged_feed_answers_304_and_a_change_gives_a_new_etag(
        app, db, client, make_active_match, book):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0), count=4)
    path = feed_path(app, db, match.mentor)
    first = client.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    assert client.get(path).data == first.data  # the same bytes however often it is polled
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    services.cancel_occurrence(series.occurrences[1], match.mentee, utc(2026, 11, 25, 10, 0))
    db.session.commit()
    changed = client.get(path, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    since = format_datetime(utc(2026, 11, 25, 9, 0), usegmt=True)
    assert client.get(path, headers={"If-Modified-Since": since}).status_code == 200


def check_empty_feed_is_valid(data: bytes, icaljs_expand=None) -> None:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]  # RFC 5545 3.6: one at least
    assert recurring_ical_events.of(calendar).between(datetime(2026, 1, 1),
                                                      datetime(2028, 1, 1)) == []
    parsed = vobject.readOne(data.decode())
    assert parsed.name == "VCALENDAR" and not hasattr(parsed, "vevent")
    if icaljs_expand is not None:
        result = icaljs_expand(data)
        assert result["starts"] == [] and result["components"] == ["vtimezone"]


def test_an_empty_feed_is_a_valid_calendar_before_any_booking(app, db, client, make_mentee):
    mentee = make_mentee(timezone="America/Montreal")
    response = client.get(feed_path(app, db, mentee))
    assert response.status_code == 200
    check_empty_feed_is_valid(response.data)
    assert b"TZID:America/Toronto" in response.data


def test_an_empty_feed_is_valid_in_icaljs_too(app, db, client, make_mentee, icaljs):  # noqa: F811
    response = client.get(feed_path(app, db, make_mentee()))
    check_empty_feed_is_valid(response.data, icaljs)


def test_a_cancelled_series_leaves_the_feed_but_an_ended_one_keeps_its_past(
        app, db, client, make_active_match, book, icaljs):  # noqa: F811
    match = make_active_match()
    dropped = book(match, utc(2026, 12, 1, 17, 0), count=4)
    path = feed_path(app, db, match.mentee)
    services.cancel_series(dropped, match.mentee, utc(2026, 11, 25))
    db.session.commit()
    check_empty_feed_is_valid(client.get(path).data, icaljs)
    kept = book(match, utc(2026, 12, 2, 17, 0), count=8, now=utc(2026, 11, 25))
    services.cancel_series(kept, match.mentor, utc(2026, 12, 20, 9, 0))
    db.session.commit()
    held = [utc(2026, 12, day, 17, 0) for day in (2, 9, 16)]
    assert app_starts(kept) == held
    data = client.get(path).data
    assert expanded(data) == held
    assert as_utc(icaljs(data)["starts"]) == held
    assert all(e.dt.astimezone(UTC) in held for e in [
        ev["DTSTART"] for ev in icalendar.Calendar.from_ical(data).walk("VEVENT")])
