"""A real CalDAV server (Radicale on 127.0.0.1) stores the invites and expands them like the app."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import UTC

import icalendar
import pytest

from mentoring.meetings import services
from mentoring.meetings.invites import feed_bytes, invite_bytes
from mentoring.meetings.slots import Plan
from tests.conftest import FIXED_NOW
from tests.factories import utc
from tests.meetings.smtp_server import free_port
from tests.meetings.test_ical import app_starts

AUTH = "Basic " + base64.b64encode(b"pair:pair").decode()
QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <D:prop><C:calendar-data><C:expand start="{start}" end="{end}"/></C:calendar-data></D:prop>
 <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
  <C:time-range start="{start}" end="{end}"/>
 </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


def request(method: str, url: str, body: bytes = b"", **headers) -> tuple[int, bytes]:
    call = urllib.request.Request(url, data=body or None, method=method,
                                  headers={"Authorization": AUTH, **headers})
    try:
        with urllib.request.urlopen(call, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()

pytestmark = pytest.mark.multiprocess  # a Radicale server process


@pytest.fixture
def radicale(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(tmp_path / "collections"), "--auth-type", "none",
         "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            request("OPTIONS", base + "/")
            break
        except OSError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(10)


def test_radicale_accepts_the_invites_and_returns_the_same_sessions(
        radicale, make_active_match, book, db):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(d, 0, 1440) for d in range(7)])
    series = book(match, utc(2026, 10, 13, 16, 0), now=utc(2026, 10, 1), count=30)
    services.move_occurrence(series.occurrences[2], match.mentee, utc(2026, 10, 1),
                             utc(2026, 10, 29, 16, 0))
    services.cancel_occurrence(series.occurrences[6], match.mentor, utc(2026, 10, 1))
    db.session.commit()
    calendar = f"{radicale}/pair/meetings/"
    assert request("MKCALENDAR", calendar)[0] == 201
    ics = invite_bytes(series, match.mentee, FIXED_NOW)
    status, _ = request("PUT", calendar + "series.ics", ics,
                        **{"Content-Type": "text/calendar; charset=utf-8"})
    assert status == 201
    status, body = request("REPORT", calendar, QUERY.format(
        start="20261001T000000Z", end="20270601T000000Z").encode(),
        **{"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    assert status == 207
    [data] = [e.text for e in ET.fromstring(body).iter("{urn:ietf:params:xml:ns:caldav}"
                                                         "calendar-data")]
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    starts = sorted(e["DTSTART"].dt.astimezone(UTC) for e in events)
    assert starts == app_starts(series)
    assert {str(e["UID"]) for e in events} == {series.uid}


def expanded_from(calendar: str, start="20261001T000000Z", end="20280101T000000Z") -> list:
    status, body = request("REPORT", calendar, QUERY.format(start=start, end=end).encode(),
                           **{"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    assert status == 207
    starts = []
    for data in ET.fromstring(body).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
        for event in icalendar.Calendar.from_ical(data.text).walk("VEVENT"):
            starts.append(event["DTSTART"].dt.astimezone(UTC))
    return sorted(starts)


def upload_invites(calendar: str, series_list, reader, now) -> None:
    """Store each series as a calendar client does after applying our e-mail (no METHOD)."""
    for series in series_list:
        ics = invite_bytes(series, reader, now, method=None)
        status, _ = request("PUT", calendar + series.uid.replace("@", "-") + ".ics", ics,
                            **{"Content-Type": "text/calendar; charset=utf-8"})
        assert status in (201, 204)


def upload_feed(calendar: str, reader, now) -> None:
    """Replace a whole collection with the feed, as a subscribing client refreshes it."""
    status, body = request("PUT", calendar, feed_bytes(reader, now),
                           **{"Content-Type": "text/calendar; charset=utf-8"})
    assert status in (201, 204), body


def test_radicale_shows_the_same_sessions_after_each_kind_of_change(
        radicale, make_active_match, book, db, app):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(d, 0, 1440) for d in range(7)])
    now = utc(2026, 10, 1)
    series = book(match, utc(2026, 10, 13, 16, 0), now=now, count=12)
    invites, feed = f"{radicale}/pair/invites/", f"{radicale}/pair/feed/"
    assert request("MKCALENDAR", invites)[0] == 201
    everything = [series]

    def check(reader, when):
        upload_invites(invites, everything, reader, when)
        upload_feed(feed, reader, when)
        wanted = app_starts(*everything)
        assert expanded_from(invites) == wanted
        assert expanded_from(feed) == wanted
        return wanted

    services.move_occurrence(series.occurrences[2], match.mentee, now, utc(2026, 10, 29, 15, 0))
    db.session.commit()
    assert utc(2026, 10, 29, 15, 0) in check(match.mentee, now)

    cancelled = series.occurrences[4].start_at
    services.cancel_occurrence(series.occurrences[4], match.mentor, now)
    db.session.commit()
    assert cancelled not in check(match.mentor, now)

    with app.test_request_context():
        successor = services.change_series_from(
            series.occurrences[6], match.mentee, now,
            Plan(utc(2026, 11, 26, 17, 0), 1, 6, None, None, None))
        db.session.commit()
    everything.append(successor)
    wanted = check(match.mentee, now)
    assert len(wanted) == 6 - 1 + 6 and utc(2026, 11, 26, 17, 0) in wanted

    later = utc(2026, 12, 12, 9, 0)  # the new series' first three sessions are over
    services.cancel_series(successor, match.mentor, later)
    db.session.commit()
    wanted = check(match.mentor, later)
    held = [utc(2026, 11, 26, 17, 0), utc(2026, 12, 3, 17, 0), utc(2026, 12, 10, 17, 0)]
    assert all(start in wanted for start in held)  # the past stays in calendars
    assert utc(2026, 12, 17, 17, 0) not in wanted
    assert wanted == app_starts(series) + held


def test_radicale_accepts_an_empty_feed(radicale, make_mentee, app):
    feed = f"{radicale}/pair/empty/"  # under the signed-in user
    assert request("MKCALENDAR", feed)[0] == 201
    upload_feed(feed, make_mentee(), utc(2026, 10, 1))
    assert expanded_from(feed) == []
    status, body = request("GET", feed)
    # Accepted as a calendar with its name; Radicale keeps no zone without an event using it.
    assert status == 200 and "mes séances de mentorat" in body.decode()
