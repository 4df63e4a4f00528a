"""Support contacts, contacts against due and the early-warning reasons, on hand-worked fixtures.

Matches start on 24 Nov 2026 09:00 UTC (FIXED_NOW); with the default schedule (2 + 1) their due
points are 9 Dec, 24 Dec, 24 Jan, 24 Feb… at 09:00 (tests/support/test_schedule.py).
"""

from __future__ import annotations

import pytest

from mentoring.errors import Conflict, DomainError
from mentoring.meetings.models import OccurrenceStatus
from mentoring.meetings.services import propose_series
from mentoring.meetings.slots import Plan
from mentoring.pairing.models import MatchStatus
from mentoring.safety.models import CheckIn
from mentoring.support import services
from mentoring.support.health import Health, Reason, match_health
from mentoring.support.models import ContactChannel, ContactWith
from tests.factories import FIXED_NOW, utc


def test_contacts_against_due_counts_due_points_in_the_period(db, make_active_match, contact):
    long_match = make_active_match()
    for at in (utc(2026, 12, 1, 9), utc(2026, 12, 10, 9), utc(2026, 12, 11, 9),
               utc(2027, 2, 1, 9)):
        contact(long_match, at)  # three in the first month: only two are due, so two count
    short = make_active_match()  # 15 Dec → 5 Jan: due on 30 Dec 21:00 only (15.5 of 31 days)
    short.activated_at, short.ended_at = utc(2026, 12, 15, 9), utc(2027, 1, 5, 9)
    short.status = MatchStatus.CLOSED
    db.session.commit()
    contact(short, utc(2026, 12, 20, 9))
    session = db.session
    assert services.contacts_against_due(session, utc(2026, 12, 1), utc(2027, 1, 1)) == (3, 3)
    assert services.contacts_against_due(session, utc(2027, 1, 1), utc(2027, 2, 1)) == (0, 1)
    # 9 Dec, 24 Dec, 24 Jan (missed), 24 Feb (met by 1 Feb), and the short match's one
    assert services.contacts_against_due(session, utc(2026, 12, 1), utc(2027, 3, 1)) == (4, 5)
    assert services.contacts_against_due(session, utc(2026, 12, 1), utc(2027, 3, 1),
                                         match_ids=[short.id]) == (1, 1)
    assert services.contacts_against_due(session, utc(2026, 11, 1), utc(2026, 12, 1)) == (0, 0)


def test_the_schedule_set_by_coordinators_changes_what_is_due(db, make_active_match,
                                                             make_coordinator):
    make_active_match()
    services.set_schedule(make_coordinator(), 1, 2, FIXED_NOW)
    # window 0 due on 24 Dec; window 1 (24 Dec → 24 Jan, 31 days) on 8 Jan 21:00 and 24 Jan
    assert services.contacts_against_due(db.session, utc(2026, 12, 1), utc(2027, 2, 1)) == (0, 3)
    with pytest.raises(DomainError):
        services.set_schedule(make_coordinator(), 0, 1, FIXED_NOW)


def test_recording_a_contact_takes_the_match_off_the_overdue_list(db, make_active_match,
                                                                 make_coordinator):
    match = make_active_match()
    now = utc(2026, 12, 12, 9)
    overdue, _due = services.overdue_and_due(now)
    assert [(s.match_id, s.state.days_late(now)) for s in overdue] == [(match.id, 3)]
    services.record_contact(make_coordinator(), match, utc(2026, 12, 12, 8), ContactChannel.VIDEO,
                            ContactWith.MENTOR, "Talked about exams.", True, now)
    assert services.overdue_and_due(now) == ([], [])
    assert [c.follow_up_open for c in services.open_follow_ups()] == [True]


def test_a_contact_in_the_future_or_before_the_match_is_refused(db, make_active_match,
                                                               make_coordinator):
    match, coordinator = make_active_match(), make_coordinator()
    with pytest.raises(DomainError):
        services.record_contact(coordinator, match, utc(2026, 12, 13), ContactChannel.PHONE,
                                ContactWith.MENTEE, None, False, utc(2026, 12, 12))
    with pytest.raises(DomainError):
        services.record_contact(coordinator, match, utc(2026, 11, 1), ContactChannel.PHONE,
                                ContactWith.MENTEE, None, False, utc(2026, 12, 12))
    match.activated_at = None
    with pytest.raises(Conflict):
        services.record_contact(coordinator, match, utc(2026, 12, 1), ContactChannel.PHONE,
                                ContactWith.MENTEE, None, False, utc(2026, 12, 12))


def _reasons(now):
    return {h.match_id: (h.status, h.reasons) for h in match_health(now)}


def test_no_session_for_three_weeks(db, make_active_match, contact):
    match = make_active_match()
    contact(match, utc(2026, 12, 8, 9))  # the support schedule is kept: no other reason
    assert _reasons(utc(2026, 12, 15, 8))[match.id] == (Health.OK, [])
    assert _reasons(utc(2026, 12, 15, 9))[match.id] == (Health.AT_RISK, [Reason.NO_SESSION])


def test_two_missed_sessions_in_a_row(db, make_active_match, book, contact):
    match = make_active_match()
    contact(match, utc(2026, 12, 8, 9))
    series = book(match, utc(2026, 11, 25, 17, 0), count=6)  # Wednesdays 25 Nov → 30 Dec
    first, second, third = series.occurrences[:3]
    third.status = OccurrenceStatus.CANCELLED  # 9 Dec
    db.session.commit()
    now = utc(2026, 12, 10, 9)
    assert _reasons(now)[match.id] == (Health.OK, [])  # one missed session is not a pattern
    db.session.add(CheckIn(occurrence_id=second.id, match_id=match.id, user_id=match.mentor_id,
                           took_place=False, created_at=utc(2026, 12, 2, 19)))
    db.session.commit()
    assert _reasons(now)[match.id] == (Health.AT_RISK, [Reason.MISSED_TWICE])
    assert first.start_at == utc(2026, 11, 25, 17)


@pytest.mark.parametrize(("feeling", "helpfulness", "flagged"),
                         [(2, 4, True), (3, 2, True), (3, 3, False), (None, None, False)])
def test_a_low_checkin_is_a_watch_sign(db, make_active_match, book, contact, feeling,
                                       helpfulness, flagged):
    match = make_active_match()
    contact(match, utc(2026, 12, 8, 9))
    series = book(match, utc(2026, 11, 25, 17, 0), count=6)
    db.session.add(CheckIn(occurrence_id=series.occurrences[0].id, match_id=match.id,
                           user_id=match.mentee_id, took_place=True, feeling=feeling,
                           helpfulness=helpfulness, created_at=utc(2026, 11, 25, 19)))
    db.session.commit()
    expected = (Health.WATCH, [Reason.LOW_CHECKIN]) if flagged else (Health.OK, [])
    assert _reasons(utc(2026, 12, 10, 9))[match.id] == expected
    assert _reasons(utc(2026, 12, 16, 20))[match.id] == (Health.OK, [])  # 21 days later


def test_an_overdue_contact_is_a_watch_sign_and_two_signs_are_at_risk(db, make_active_match,
                                                                     book, contact):
    match = make_active_match()
    series = book(match, utc(2026, 11, 25, 17, 0), count=6)
    now = utc(2026, 12, 10, 9)
    assert _reasons(now)[match.id] == (Health.WATCH, [Reason.CONTACT_OVERDUE])
    db.session.add(CheckIn(occurrence_id=series.occurrences[1].id, match_id=match.id,
                           user_id=match.mentee_id, took_place=True, feeling=1,
                           created_at=utc(2026, 12, 2, 19)))
    db.session.commit()
    assert _reasons(now)[match.id] == (Health.AT_RISK,
                                       [Reason.LOW_CHECKIN, Reason.CONTACT_OVERDUE])


def test_a_proposal_to_meet_unanswered_for_five_days(db, make_active_match, contact):
    match = make_active_match()
    contact(match, utc(2026, 11, 25, 9))
    propose_series(match, match.mentee, FIXED_NOW, Plan(utc(2026, 12, 2, 17, 0), count=4))
    db.session.commit()
    assert _reasons(utc(2026, 11, 29, 8))[match.id] == (Health.OK, [])
    assert _reasons(utc(2026, 11, 29, 9))[match.id] == (Health.WATCH,
                                                       [Reason.PROPOSAL_UNANSWERED])


def test_at_risk_matches_come_first(db, make_active_match, contact):
    fine, quiet = make_active_match(), make_active_match()
    contact(fine, utc(2026, 12, 8, 9))
    contact(quiet, utc(2026, 12, 8, 9))
    quiet.activated_at = utc(2026, 11, 1, 9)
    db.session.commit()
    assert [h.match_id for h in match_health(utc(2026, 12, 10, 9))][0] == quiet.id
