"""Quality figures on the insight fixture (tests/programme/test_insight.py), worked out by hand.

Period [Nov 2, Nov 23), now Nov 24, min_count 1 (nothing hidden).
- Time to match 10, 13, 17 days: median 13; 90th percentile (linear) 13 + 0.8 × 4 = 16.2.
- Funnel: A, B, C, D, F, G signed up Nov 2 (E on Sep 2: outside) = 6; all six have a request;
  accepted by a mentor: A, B, G = 3; active: A, B, G = 3.
- Survival (matches that started in the period): A from Nov 6 open (18 d, censored), B Nov 13 →
  Nov 20 closed (7 d), G Nov 18 open (6 d, censored before B's end). Kaplan–Meier: at t=7, two at
  risk (A, B), one ends → S = 1/2 (counting ends over all three would say 2/3 still going). S(91) =
  0.5 with nobody followed 91 days yet (at risk 0).
- Early closures: B (7 days, goals_reached) = 1; E closed Oct 20 is outside the period.
- Sessions (confirmed series, not cancelled, in the period): o1, o3, o4, o5, o6, o7 = 6 planned;
  held (a check-in says it took place) o1, o3, o6, o7 = 4; no-show (a check-in says it did not,
  none says it did) o5 = 1 → rate 1/6 = 0.167 (o4 has no check-in: neither).
- Immediate-risk concerns: taken on after 2 h and 6 h (one not yet taken, one of another category
  ignored) → median 4 h, 90th percentile 2 + 0.9 × 4 = 5.6 h.
"""

from __future__ import annotations

import csv
import io

import pytest

from mentoring.accounts.models import User
from mentoring.programme.insight import programme_insight
from mentoring.safety.models import Concern, ConcernCategory
from tests.programme.test_insight import CUSTOM, PERIOD, nov, programme  # noqa: F401


@pytest.fixture
def quality_programme(db, programme, make_coordinator):  # noqa: F811
    for name, user in programme.items():
        db.session.get(User, user.id).created_at = nov(2, month=9 if name == "E" else 11)
    coordinator = make_coordinator()
    a = programme["A"]
    for raised, taken, category in [
            (nov(5, 10), nov(5, 12), ConcernCategory.IMMEDIATE_RISK),
            (nov(6, 0), nov(6, 6), ConcernCategory.IMMEDIATE_RISK),
            (nov(7, 0), None, ConcernCategory.IMMEDIATE_RISK),
            (nov(8, 0), nov(9, 0), next(c for c in ConcernCategory
                                        if c != ConcernCategory.IMMEDIATE_RISK))]:
        db.session.add(Concern(reporter_id=a.id, category=category, text="x", created_at=raised,
                               acknowledged_at=taken,
                               acknowledged_by_id=coordinator.id if taken else None))
    db.session.commit()
    return programme


def test_every_quality_figure(quality_programme):
    quality = programme_insight(PERIOD, nov(24), 1).quality
    assert quality is not None
    assert (quality.time_to_match.median, quality.time_to_match.p90) == (13, 16.2)
    assert quality.funnel == [("signed_up", 6), ("request_complete", 6), ("matched", 3),
                              ("active", 3)]
    assert quality.survival == [(91, 0.5, 0), (182, 0.5, 0), (365, 0.5, 0)]
    assert quality.survival_curve == [(pytest.approx(7), 0.5)]
    assert dict(quality.early_closures)["goals_reached"] == 1
    assert sum(count for _r, count in quality.early_closures) == 1
    assert (quality.sessions_planned, quality.sessions_held) == (6, 4)
    assert quality.no_show_rate == 0.167
    assert quality.concern_take_on_hours.count == 2
    assert (quality.concern_take_on_hours.median, quality.concern_take_on_hours.p90) == (4, 5.6)


def test_figures_over_too_few_are_not_computed(quality_programme):
    """min_count 3: two concerns taken on -> no median; three matches in the curve -> shown."""
    quality = programme_insight(PERIOD, nov(24), 3).quality
    assert quality is not None
    assert quality.concern_take_on_hours.median is None
    assert quality.survival[0][1] == 0.5
    assert programme_insight(PERIOD, nov(24), 4).quality.survival[0][1] is None  # type: ignore[union-attr]


def test_quality_rows_in_the_csv(client, login_as, make_coordinator, quality_programme, clock):
    clock.set(nov(24))
    login_as(make_coordinator())
    response = client.get("/programme/insight/insight.csv" + CUSTOM)
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(response.get_data(as_text=True)))}
    assert rows[("survival", "share_at_91_days")] == "0.5"
    assert rows[("sessions", "no_show_rate")] == "0.167"
    assert rows[("funnel", "signed_up")] == "6"



def test_the_demo_has_history_for_every_quality_chart(db):
    """The demo's former matches give a curve, early closures and concern take-on times."""
    from mentoring.programme.demo import load_demo_programme
    from tests.conftest import FIXED_NOW

    load_demo_programme(FIXED_NOW)
    db.session.commit()
    from mentoring.programme.insight import Period

    quality = programme_insight(Period.last_days(365, FIXED_NOW), FIXED_NOW, 3).quality
    assert quality is not None
    assert quality.survival_curve and quality.survival[0][1] is not None
    assert sum(count for _r, count in quality.early_closures) >= 3
    assert quality.concern_take_on_hours.median is not None
    assert quality.funnel[0][1] >= 10
