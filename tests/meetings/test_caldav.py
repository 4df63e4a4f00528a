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
from mentoring.meetings.invites import invite_bytes
from tests.conftest import FIXED_NOW
from tests.meetings.conftest import utc
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
