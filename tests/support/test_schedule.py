"""The support schedule worked out by hand: due points, overdue, due soon, contacts against due.

Every match below starts on Tuesday 24 November 2026 at 09:00 UTC (FIXED_NOW), schedule 2 + 1:
window 0 is 24 Nov → 24 Dec (30 days), its two contacts due on 9 Dec and 24 Dec at 09:00;
window 1 is 24 Dec → 24 Jan, due on 24 Jan; window 2 is 24 Jan → 24 Feb, due on 24 Feb.
"""

from __future__ import annotations

from datetime import timedelta

from mentoring.support.schedule import Schedule, due_points, support_state
from tests.factories import FIXED_NOW, utc

START = FIXED_NOW
TWO_THEN_ONE = Schedule(2, 1)


def state(contacts, now):
    return support_state(START, sorted(contacts), TWO_THEN_ONE, now)


def test_the_due_points_of_the_first_three_months():
    points = list(due_points(START, None, [], TWO_THEN_ONE, utc(2027, 2, 24, 9)))
    assert [p.due_at for p in points] == [utc(2026, 12, 9, 9), utc(2026, 12, 24, 9),
                                          utc(2027, 1, 24, 9), utc(2027, 2, 24, 9)]
    assert [(p.window, p.rank) for p in points] == [(0, 1), (0, 2), (1, 1), (2, 1)]


def test_a_month_from_the_31st_ends_on_the_last_day_of_february():
    points = list(due_points(utc(2027, 1, 31, 12), None, [], Schedule(1, 1), utc(2027, 4, 1)))
    assert [p.due_at for p in points] == [utc(2027, 2, 28, 12), utc(2027, 3, 31, 12)]


def test_no_contact_is_overdue_the_day_after_the_first_due_point():
    assert state([], utc(2026, 12, 1, 9)).overdue_since is None
    assert not state([], utc(2026, 12, 1, 9)).is_due_soon(utc(2026, 12, 1, 9))  # 8 days ahead
    assert state([], utc(2026, 12, 3, 9)).is_due_soon(utc(2026, 12, 3, 9))  # 6 days ahead
    late = state([], utc(2026, 12, 10, 9))
    assert late.overdue_since == utc(2026, 12, 9, 9)
    assert late.days_late(utc(2026, 12, 10, 9)) == 1


def test_one_early_contact_meets_the_first_point_and_not_the_second():
    contacts = [utc(2026, 12, 5, 15)]
    assert state(contacts, utc(2026, 12, 10, 9)).overdue_since is None
    assert state(contacts, utc(2026, 12, 10, 9)).next_due_at == utc(2026, 12, 24, 9)
    assert state(contacts, utc(2026, 12, 20, 9)).is_due_soon(utc(2026, 12, 20, 9))
    assert state(contacts, utc(2026, 12, 25, 9)).overdue_since == utc(2026, 12, 24, 9)


def test_a_late_contact_takes_the_match_off_the_overdue_list():
    assert state([], utc(2026, 12, 12, 9)).days_late(utc(2026, 12, 12, 9)) == 3
    after = state([utc(2026, 12, 12, 10)], utc(2026, 12, 12, 11))
    assert after.overdue_since is None
    assert after.next_due_at == utc(2026, 12, 24, 9)  # the first month's second contact


def test_a_missed_month_is_overdue_until_the_next_contact():
    contacts = [utc(2026, 12, 1, 9), utc(2026, 12, 10, 9)]
    missed = state(contacts, utc(2027, 2, 1, 9))
    assert missed.overdue_since == utc(2027, 1, 24, 9)
    assert missed.days_late(utc(2027, 2, 1, 9)) == 8
    caught_up = state([*contacts, utc(2027, 2, 1, 10)], utc(2027, 2, 2, 9))
    assert caught_up.overdue_since is None
    assert caught_up.next_due_at == utc(2027, 3, 24, 9)  # window 2 (24 Jan → 24 Feb) is met
    assert not caught_up.is_due_soon(utc(2027, 2, 2, 9))


def test_a_closed_match_has_no_due_point_after_its_end():
    ended = utc(2026, 12, 20, 9)
    points = list(due_points(START, ended, [], TWO_THEN_ONE, utc(2027, 6, 1)))
    assert [p.due_at for p in points] == [utc(2026, 12, 9, 9)]
    assert START + timedelta(days=15) == utc(2026, 12, 9, 9)
