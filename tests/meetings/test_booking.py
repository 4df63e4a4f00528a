"""Booking: the proposed slot, DST-proof wall time, local views, overlaps, changes, closing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mentoring.errors import Conflict, NotAllowed
from mentoring.meetings import services
from mentoring.meetings.models import OccurrenceStatus, SeriesStatus
from mentoring.meetings.slots import Plan, best_plan, common_slots
from mentoring.notify.models import Notification
from tests.conftest import FIXED_NOW
from tests.factories import utc

PARIS, MONTREAL = ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal")


def local_times(series, zone):
    return [o.start_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") for o in series.occurrences
            if o.status is not OccurrenceStatus.CANCELLED]


def test_the_proposal_is_the_earliest_shared_slot_from_next_week(make_active_match):
    match = make_active_match(mentee_hours=[(1, 18 * 60, 20 * 60), (3, 9 * 60, 12 * 60)],
                              mentor_hours=[(1, 17 * 60, 19 * 60), (3, 11 * 60, 13 * 60)])
    plan = best_plan(match, FIXED_NOW)  # FIXED_NOW is Tuesday 24 November 2026
    assert plan.start_at.astimezone(PARIS) == datetime(2026, 12, 1, 18, 0, tzinfo=PARIS)
    assert [s.astimezone(PARIS).strftime("%a %H:%M") for s in common_slots(match, FIXED_NOW)] \
        == ["Tue 18:00", "Tue 18:15", "Thu 11:00", "Thu 11:15"]


def test_a_paris_series_stays_at_six_pm_across_both_dst_changes(make_active_match, book):
    match = make_active_match()
    series = book(match, utc(2026, 10, 13, 16, 0), now=utc(2026, 10, 1), count=30)
    times = local_times(series, PARIS)
    assert all(t.endswith("18:00") for t in times)
    assert times[1:3] == ["2026-10-20 18:00", "2026-10-27 18:00"]  # around 25 October
    assert "2027-03-30 18:00" in times  # after 28 March 2027
    utc_hours = {o.start_at.date().isoformat(): o.start_at.hour for o in series.occurrences}
    assert (utc_hours["2026-10-20"], utc_hours["2026-10-27"]) == (16, 17)
    assert (utc_hours["2027-03-23"], utc_hours["2027-03-30"]) == (17, 16)


def test_a_montreal_mentee_sees_the_shift_between_the_two_countries_changes(
        make_active_match, book):
    all_day = [(d, 0, 1440) for d in range(7)]
    match = make_active_match(mentee_tz="America/Montreal", mentee_hours=all_day)
    series = book(match, utc(2026, 10, 13, 16, 0), now=utc(2026, 10, 1), count=30)
    montreal = dict(zip(local_times(series, PARIS), local_times(series, MONTREAL), strict=True))
    assert montreal["2026-10-20 18:00"] == "2026-10-20 12:00"  # both on summer time
    assert montreal["2026-10-27 18:00"] == "2026-10-27 13:00"  # Paris changed, Montreal not yet
    assert montreal["2026-11-03 18:00"] == "2026-11-03 12:00"  # both on winter time
    assert montreal["2027-03-09 18:00"] == "2027-03-09 12:00"
    assert montreal["2027-03-16 18:00"] == "2027-03-16 13:00"  # Montreal changed on 14 March
    assert montreal["2027-03-23 18:00"] == "2027-03-23 13:00"
    assert montreal["2027-03-30 18:00"] == "2027-03-30 12:00"  # Paris changed on 28 March


def test_only_the_other_person_confirms(make_active_match, db):
    match = make_active_match()
    series = services.propose_series(match, match.mentee, FIXED_NOW,
                                     Plan(utc(2026, 12, 1, 17, 0)))
    with pytest.raises(NotAllowed):
        services.confirm_series(series, match.mentee, FIXED_NOW)
    services.confirm_series(series, match.mentor, FIXED_NOW)
    assert series.status is SeriesStatus.CONFIRMED
    assert [o.start_at for o in series.occurrences][:2] == [utc(2026, 12, 1, 17, 0),
                                                           utc(2026, 12, 8, 17, 0)]
    assert len(series.occurrences) == 12


def test_a_new_proposal_replaces_the_pending_one(make_active_match, db):
    match = make_active_match()
    first = services.propose_series(match, match.mentee, FIXED_NOW, Plan(utc(2026, 12, 1, 17)))
    second = services.propose_series(match, match.mentor, FIXED_NOW, Plan(utc(2026, 12, 2, 17)))
    assert first.status is SeriesStatus.REPLACED and first.occurrences == []
    assert services.live_series(match) == [second]


def test_the_mentors_other_series_blocks_the_same_time(make_active_match, make_mentee, book):
    match = make_active_match()
    book(match, utc(2026, 12, 1, 17, 0))
    other = make_active_match(mentor=match.mentor)
    with pytest.raises(Conflict):
        services.propose_series(other, other.mentee, FIXED_NOW, Plan(utc(2026, 12, 15, 17, 30)))
    assert best_plan(other, FIXED_NOW).start_at == utc(2026, 11, 30, 16, 0)
    fortnightly = services.propose_series(other, other.mentee, FIXED_NOW,
                                          Plan(utc(2026, 12, 1, 18, 0)))
    assert fortnightly.status is SeriesStatus.PROPOSED  # right after the first one: no overlap


def test_moving_and_cancelling_one_session(make_active_match, book, db):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    second, third = series.occurrences[1], series.occurrences[2]
    services.move_occurrence(second, match.mentee, FIXED_NOW, utc(2026, 12, 10, 18, 0))
    services.cancel_occurrence(third, match.mentor, FIXED_NOW)
    db.session.commit()
    assert second.status is OccurrenceStatus.MOVED and second.recurrence_at == utc(2026, 12, 8, 17)
    assert third.status is OccurrenceStatus.CANCELLED
    assert series.sequence == 2
    assert "2026-12-10 19:00" in local_times(series, PARIS)
    reminders = db.session.scalars(db.select(Notification).where(
        Notification.topic == third.reminder_topic)).all()
    assert len(reminders) == 2 and all(r.cancelled_at for r in reminders)


def test_moving_onto_another_meeting_is_refused(make_active_match, book):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    with pytest.raises(Conflict):
        services.move_occurrence(series.occurrences[1], match.mentee, FIXED_NOW,
                                 utc(2026, 12, 15, 17, 30))


def test_changing_the_series_from_a_session_on(make_active_match, book, db):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    successor = services.change_series_from(series.occurrences[4], match.mentor, FIXED_NOW,
                                            Plan(utc(2026, 12, 3, 18, 0), interval_weeks=2,
                                                 count=3))
    db.session.commit()
    assert series.count == 4 and len(series.occurrences) == 4 and series.sequence == 1
    assert local_times(successor, PARIS) == ["2026-12-31 19:00", "2027-01-14 19:00",
                                             "2027-01-28 19:00"]
    assert successor.uid != series.uid


def test_ending_the_series_from_the_first_session_cancels_it(make_active_match, book, db):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    assert services.change_series_from(series.occurrences[0], match.mentee, FIXED_NOW,
                                       None) is None
    assert series.status is SeriesStatus.CANCELLED


def test_closing_a_match_cancels_its_remaining_sessions(make_active_match, book, db):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    later = utc(2026, 12, 9)
    assert services.cancel_all_for_match(match, None, later) == 1
    db.session.commit()
    assert series.status is SeriesStatus.CANCELLED and series.sequence == 1
    statuses = [o.status for o in series.occurrences]
    assert statuses[:2] == [OccurrenceStatus.SCHEDULED] * 2
    assert set(statuses[2:]) == {OccurrenceStatus.CANCELLED}
    pending = db.session.scalars(db.select(Notification).where(
        Notification.kind == "meeting_reminder", Notification.cancelled_at.is_(None))).all()
    assert pending == []
    kinds = db.session.scalars(db.select(Notification.kind).where(
        Notification.kind == "meeting_cancelled")).all()
    assert len(kinds) == 2
