"""Daylight-saving nights and zone pairs over a whole year, read by every parser we have."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentoring.jobs import run_sweeps_once
from mentoring.meetings import services
from mentoring.meetings.invites import invite_bytes
from tests.factories import utc
from tests.meetings.test_ical import app_starts, expanded, vobject_starts
from tests.meetings.test_icaljs import as_utc, icaljs  # noqa: F401 (fixture)

ALL_DAY = [(d, 0, 1440) for d in range(7)]


def wall(instant: datetime, zone: str) -> tuple[int, int]:
    local = instant.astimezone(ZoneInfo(zone))
    return local.hour, local.minute


def all_parsers_agree(ics: bytes, series, icaljs_expand) -> None:  # noqa: F811
    wanted = app_starts(series)
    assert expanded(ics) == wanted
    assert vobject_starts(ics) == wanted
    assert as_utc(icaljs_expand(ics)["starts"]) == wanted


@pytest.mark.parametrize(("mentor_tz", "mentee_tz", "first", "differences"), [
    # Opposite hemispheres: Sydney moves forward in October and back in April, Paris the
    # other way round, so the gap between them is 8, 9 or 10 hours over the year.
    ("Australia/Sydney", "Europe/Paris", utc(2027, 1, 5, 7, 0), {8, 9, 10}),
    ("Europe/Paris", "Australia/Sydney", utc(2027, 1, 5, 17, 0), {8, 9, 10}),
    # Casablanca goes from +01 to +00 around Ramadan; Réunion (+04) has no DST at all.
    ("Africa/Casablanca", "Indian/Reunion", utc(2027, 1, 5, 17, 0), {3, 4}),
    # Tokyo has no DST; Montreal (an alias of Toronto) has.
    ("Asia/Tokyo", "America/Montreal", utc(2027, 1, 5, 10, 0), {13, 14}),
])
def test_a_year_of_sessions_keeps_the_series_wall_time_in_every_parser(
        make_active_match, book, icaljs, mentor_tz, mentee_tz, first, differences):  # noqa: F811
    match = make_active_match(mentor_tz=mentor_tz, mentee_tz=mentee_tz,
                              mentee_hours=ALL_DAY, mentor_hours=ALL_DAY)
    series = book(match, first, now=utc(2027, 1, 1), count=52)
    starts = app_starts(series)
    assert len(starts) == 52 and starts[-1] - starts[0] > timedelta(days=350)
    assert {wall(s, mentor_tz) for s in starts} == {wall(first, mentor_tz)}
    gaps = {round((s.astimezone(ZoneInfo(mentee_tz)).utcoffset()
                   - s.astimezone(ZoneInfo(mentor_tz)).utcoffset()).total_seconds() / 3600)
            for s in starts}
    assert {abs(g) for g in gaps} == differences
    for reader in (match.mentee, match.mentor):
        all_parsers_agree(invite_bytes(series, reader, utc(2027, 1, 1)), series, icaljs)


@pytest.mark.parametrize(("zone", "night", "instants"), [
    # Paris, 28 March 2027: 02:00-03:00 does not exist; 31 October: 02:00-03:00 happens twice.
    ("Europe/Paris", "spring", [utc(2027, 3, 28, 1, 30), utc(2027, 3, 28, 0, 45)]),
    ("Europe/Paris", "autumn", [utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 30)]),
    # Sydney, 4 April 2027: 02:00-03:00 twice; 3 October: 02:00-03:00 does not exist.
    ("Australia/Sydney", "autumn", [utc(2027, 4, 3, 15, 30), utc(2027, 4, 3, 16, 30)]),
    ("Australia/Sydney", "spring", [utc(2027, 10, 2, 15, 30)]),
])
def test_moves_into_a_dst_night_are_read_at_the_same_instant_everywhere(
        db, make_active_match, book, icaljs, zone, night, instants):  # noqa: F811
    match = make_active_match(mentor_tz=zone, mentee_tz=zone, mentee_hours=ALL_DAY,
                              mentor_hours=ALL_DAY)
    series = book(match, utc(2027, 1, 5, 17, 0) if zone == "Europe/Paris"
                  else utc(2027, 1, 5, 7, 0), now=utc(2027, 1, 1), count=45)
    for index, instant in enumerate(instants):
        services.move_occurrence(series.occurrences[10 + index], match.mentee, utc(2027, 1, 2),
                                 instant)
    db.session.commit()
    moved = sorted(o.start_at for o in series.occurrences if o.start_at in instants)
    assert moved == sorted(instants)
    all_parsers_agree(invite_bytes(series, match.mentee, utc(2027, 1, 2)), series, icaljs)


def test_the_form_reads_a_time_that_does_not_exist_as_rfc_5545_does(
        client, post, db, login_as, make_active_match, book, monkeypatch):
    """02:30 on the night clocks jump from 02:00 to 03:00 means 03:30 summer time."""
    monkeypatch.setattr("mentoring.meetings.views.now_utc", lambda: utc(2027, 1, 2))
    match = make_active_match(mentee_hours=ALL_DAY, mentor_hours=ALL_DAY)
    series = book(match, utc(2027, 1, 5, 17, 0), now=utc(2027, 1, 1), count=20)
    login_as(match.mentee)
    session = series.occurrences[11]  # Tuesday 23 March 2027
    response = post(f"/sessions/{session.id}/move",
                    {"day": "2027-03-28", "minute": "150", "time": "", "confirmed": "1"})
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.start_at == utc(2027, 3, 28, 1, 30)
    assert wall(session.start_at, "Europe/Paris") == (3, 30)


def test_reminders_go_out_24_hours_before_across_both_dst_changes(
        app, db, make_active_match, book, outbox, clock):
    match = make_active_match(mentee_hours=ALL_DAY, mentor_hours=ALL_DAY)
    # Sundays at 18:00 in Paris, from 21 March to 31 October 2027 (both changes are Sundays).
    series = book(match, utc(2027, 3, 21, 17, 0), now=utc(2027, 3, 1), count=33)
    starts = [o.start_at for o in series.occurrences]
    assert utc(2027, 3, 28, 16, 0) in starts and utc(2027, 10, 31, 17, 0) in starts
    db.session.info.pop("new_notifications", None)
    for session_at, shown in [(utc(2027, 3, 28, 16, 0), "dimanche 28 mars 2027, 18:00"),
                              (utc(2027, 10, 31, 17, 0), "dimanche 31 octobre 2027, 18:00")]:
        due = session_at - timedelta(hours=24)  # an instant: 23 or 25 hours of wall time
        before = len(outbox())
        run_sweeps_once(app, clock.set(due - timedelta(seconds=1)))
        early = outbox()[before:]
        assert not any(shown in m.get_body(("plain",)).get_content() for m in early)
        before = len(outbox())
        run_sweeps_once(app, clock.set(due))
        on_time = outbox()[before:]
        assert sorted(m["To"] for m in on_time) == sorted([match.mentee.email,
                                                          match.mentor.email])
        for message in on_time:
            assert shown in message.get_body(("plain",)).get_content()
        before = len(outbox())
        run_sweeps_once(app, clock.set(due + timedelta(minutes=5)))
        assert outbox()[before:] == []  # nothing twice


