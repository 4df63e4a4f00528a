"""Kaplan–Meier on a hand-worked example with censored matches."""

from __future__ import annotations

import pytest

from mentoring.outcomes.survival import at_risk, kaplan_meier, share_at


def test_kaplan_meier_with_censoring_worked_by_hand():
    """Six matches (days, closed?): 30 closed, 60 open, 90 closed, 90 closed, 200 open, 400 open.

    t=30: 6 at risk, 1 ends -> S = 5/6 = 0.8333
    (60: censored, no step; it leaves the risk set after 60)
    t=90: 4 at risk (90, 90, 200, 400), 2 end -> S = 5/6 × 2/4 = 5/12 = 0.4167
    No more ends: S(180) = S(365) = 5/12. At risk at 365 days: 1 (the match at 400).
    Without the censoring correction (ends / all) one would wrongly say 3/6 ended -> 0.5.
    """
    days = [30, 60, 90, 90, 200, 400]
    ended = [True, False, True, True, False, False]
    curve = kaplan_meier(days, ended)
    assert [(t, n) for t, _s, n in curve] == [(30, 6), (90, 4)]
    assert curve[0][1] == pytest.approx(5 / 6)
    assert curve[1][1] == pytest.approx(5 / 12)
    assert share_at(curve, 29) == 1.0
    assert share_at(curve, 60) == pytest.approx(5 / 6)
    assert share_at(curve, 180) == pytest.approx(5 / 12)
    assert share_at(curve, 365) == pytest.approx(5 / 12)
    assert at_risk(days, 365) == 1


def test_censored_at_the_same_day_as_an_end_counts_in_the_risk_set():
    """Days 10 closed, 10 open, 20 closed: t=10 n=3 d=1 -> 2/3; t=20 n=1 d=1 -> 0."""
    curve = kaplan_meier([10, 10, 20], [True, False, True])
    assert curve == [(10, pytest.approx(2 / 3), 3), (20, 0.0, 1)]


def test_nothing_ended_is_a_flat_curve():
    assert kaplan_meier([5, 8], [False, False]) == []
    assert kaplan_meier([], []) == []
