"""ical.js, the parser inside Thunderbird, expands the invites to the app's own sessions."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from mentoring.meetings import services
from mentoring.meetings.invites import feed_bytes, invite_bytes
from tests.conftest import FIXED_NOW
from tests.factories import utc
from tests.meetings.test_ical import app_starts

JS = Path(__file__).parent / "js"


@pytest.fixture(scope="module")
def icaljs():
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to run ical.js (install Node.js 18 or later)")
    if not (JS / "node_modules" / "ical.js").exists():
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            pytest.skip(f"npm ci could not install ical.js: {done.stderr[-300:]}")

    def expand(ics: bytes) -> dict:
        done = subprocess.run([node, str(JS / "expand.mjs")], input=ics, capture_output=True,
                              timeout=60, check=True)
        return json.loads(done.stdout)

    return expand


def as_utc(values: list[str]) -> list[datetime]:
    return [datetime.fromisoformat(v.replace("Z", "+00:00")) for v in values]


def test_icaljs_reads_summer_and_winter_sessions_at_the_right_time(
        icaljs, make_active_match, book, db):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(d, 0, 1440) for d in range(7)])
    match.mentee.pseudonym = "Loutre, «bleue»; ok"
    series = book(match, utc(2026, 10, 13, 16, 0), now=utc(2026, 10, 1), count=40)
    services.move_occurrence(series.occurrences[1], match.mentor, utc(2026, 10, 1),
                             utc(2026, 10, 22, 15, 30))
    services.cancel_occurrence(series.occurrences[4], match.mentee, utc(2026, 10, 1))
    db.session.commit()
    result = icaljs(invite_bytes(series, match.mentee, FIXED_NOW))
    assert as_utc(result["starts"]) == app_starts(series)
    assert utc(2027, 6, 1, 16, 0) in app_starts(series)  # a summer session, 18:00 in Paris
    assert result["attendees"][0] == "Loutre, «bleue»; ok"


def test_icaljs_reads_a_feed_with_two_zones(icaljs, make_active_match, book):
    paris = make_active_match()
    montreal = make_active_match(mentor=paris.mentor, mentee_tz="America/Montreal",
                                 mentee_hours=[(d, 0, 1440) for d in range(7)])
    montreal.mentor.timezone = "America/Montreal"  # the second series follows Montreal time
    one = book(paris, utc(2026, 12, 1, 17, 0), count=20)
    two = book(montreal, utc(2026, 12, 2, 22, 0), until_on=datetime(2027, 5, 1).date())
    result = icaljs(feed_bytes(paris.mentor, FIXED_NOW))
    assert as_utc(result["starts"]) == app_starts(one, two)


def test_control_icalendars_own_vtimezone_shifts_summer_sessions_in_icaljs(icaljs):
    """Why we write VTIMEZONEs ourselves: with add_missing_timezones() the check above fails."""
    from zoneinfo import ZoneInfo

    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//control//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "control@example.org")
    event.add("dtstamp", FIXED_NOW)
    event.add("dtstart", datetime(2027, 6, 1, 18, 0, tzinfo=ZoneInfo("Europe/Paris")))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    assert as_utc(icaljs(calendar.to_ical())["starts"]) != [utc(2027, 6, 1, 16, 0)]
