"""Programme insight: every figure checked against values computed by hand on a small fixture.

Period: 2 to 22 November 2026 (UTC days, both included) = [Nov 2, Nov 23), weeks of Nov 2, 9 and
16; now = Nov 24. Mentees (request → what happened):
  A  Oct 20 → approved Nov 4, accepted Nov 5, active Nov 6            wait 15 d, to match 17 d
  B  Nov 3  → approved Nov 10, accepted Nov 11, active Nov 13, closed Nov 20 (goals_reached)
                                                                       wait 7 d, to match 10 d
  C  Nov 10 → still waiting                                            wait 13 d (to Nov 23)
  D  Oct 1  → declined Oct 8 (before), proposal expired Nov 17; still waiting    wait 53 d
  E  Sep 1  → approved Sep 10, active Sep 12, closed Oct 20: outside the period
  F  Nov 1  → declined Nov 4, withdrew Nov 8                           wait 7 d
  G  Nov 5  → accepted Nov 7 then refused by G Nov 8; approved again Nov 15, accepted Nov 16,
              active Nov 18                                            wait 10 d, to match 13 d
Waits 7, 7, 10, 13, 15, 53: median 11.5, mean 17.5, still waiting 2 (C, D).
Time to match 10, 13, 17: median 13, mean 13.3; buckets 0-7: 0, 7-14: 2, 14-30: 1.
Answers: accepted 4 (A, B, G twice), declined 1 (F), expired 1 (D): rates 4/6 and 1/6.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.pairing.models import Match, MatchStatus
from mentoring.profiles.models import MenteeProfile
from mentoring.programme.insight import FewerThan, Period, programme_insight
from mentoring.safety.models import CheckIn
from tests.conftest import FIXED_NOW

PERIOD = Period.between(date(2026, 11, 2), date(2026, 11, 22))
F3 = FewerThan(3)


def nov(day: int, hour: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def programme(db, waiting_mentee, approved_mentor):
    mentor = approved_mentor(capacity=5)
    people = {}
    for name, requested in {"A": nov(20, month=10), "B": nov(3), "C": nov(10),
                            "D": nov(1, month=10), "E": nov(1, month=9), "F": nov(1),
                            "G": nov(5)}.items():
        people[name] = waiting_mentee()
        profile = db.session.scalar(db.select(MenteeProfile).where(
            MenteeProfile.user_id == people[name].id))
        profile.requested_at = requested
        if name == "F":
            profile.withdrawn_at = nov(8)

    def match(name, status, created, accepted=None, active=None, ended=None, reason=None):
        row = Match(mentee_id=people[name].id, mentor_id=mentor.id, status=status,
                    created_at=created, accepted_at=accepted, activated_at=active,
                    ended_at=ended, end_reason=reason)
        db.session.add(row)
        db.session.flush()
        return row

    S = MatchStatus
    ma = match("A", S.ACTIVE, nov(4), nov(5), nov(6))
    match("B", S.CLOSED, nov(10), nov(11), nov(13), nov(20), "goals_reached")
    match("D", S.DECLINED, nov(5, month=10), ended=nov(8, month=10))
    match("D", S.EXPIRED, nov(14), ended=nov(17))
    match("E", S.CLOSED, nov(10, month=9), nov(11, month=9), nov(12, month=9),
          nov(20, month=10), "moved_on")
    match("F", S.DECLINED, nov(2), ended=nov(4))
    match("G", S.REJECTED, nov(6), nov(7), ended=nov(8))
    mg = match("G", S.ACTIVE, nov(15), nov(16), nov(18))
    _meetings(db, ma, mg, people, mentor)
    db.session.commit()
    return people


def _series(db, match, confirmed, uid):
    series = MeetingSeries(
        match_id=match.id, status=SeriesStatus.CONFIRMED if confirmed else SeriesStatus.PROPOSED,
        proposed_by_id=match.mentee_id, timezone="UTC", first_start_local=datetime(2026, 11, 3, 18),
        duration_minutes=45, count=12, uid=uid, confirmed_at=nov(2) if confirmed else None)
    db.session.add(series)
    db.session.flush()
    return series


def _meetings(db, ma, mg, people, mentor):
    """Week of Nov 2: planned 1, held 1. Nov 9: planned 3, held 1. Nov 16: planned 2, held 2."""
    s1, s2, s3 = (_series(db, ma, True, "s1"), _series(db, mg, True, "s2"),
                  _series(db, mg, False, "s3"))
    occurrences = {}
    for key, series, day, status in [
            ("o1", s1, 3, None), ("o2", s1, 4, OccurrenceStatus.CANCELLED), ("o3", s1, 10, None),
            ("o4", s2, 11, None), ("o5", s2, 12, None), ("o6", s1, 17, None), ("o7", s2, 18, None),
            ("o8", s3, 19, None), ("o9", s1, 23, None)]:
        start = nov(day, 18)
        occurrences[key] = Occurrence(series_id=series.id, recurrence_at=start, start_at=start,
                                      end_at=start + timedelta(minutes=45),
                                      status=status or OccurrenceStatus.SCHEDULED)
        db.session.add(occurrences[key])
    db.session.flush()
    a, g = people["A"], people["G"]
    for key, user, match, took, helpful, feeling in [
            ("o1", a, ma, True, 4, 5),
            ("o3", a, ma, False, None, 3), ("o3", mentor, ma, True, 5, 4),
            ("o5", g, mg, False, None, 2), ("o5", mentor, mg, False, None, None),
            ("o6", a, ma, True, 3, 4), ("o7", g, mg, True, 4, 4), ("o7", mentor, mg, True, 2, 3),
            ("o9", a, ma, True, 1, 1)]:
        occurrence = occurrences[key]
        db.session.add(CheckIn(occurrence_id=occurrence.id, match_id=match.id, user_id=user.id,
                               took_place=took, helpfulness=helpful, feeling=feeling,
                               created_at=occurrence.end_at + timedelta(minutes=30)))


def test_every_figure_without_suppression(programme):
    insight = programme_insight(PERIOD, FIXED_NOW, min_count=1)
    assert (insight.waiting.count, insight.waiting.median_days, insight.waiting.mean_days) == (
        6, 11.5, 17.5)
    assert insight.still_waiting == 2
    assert (insight.time_to_match.count, insight.time_to_match.median_days,
            insight.time_to_match.mean_days) == (3, 13, 13.3)
    assert insight.time_to_match_buckets == [("0-7", 0), ("7-14", 2), ("14-30", 1),
                                             ("30-60", 0), ("60+", 0)]
    assert insight.answers == {"accepted": 4, "declined": 1, "expired": 1}
    assert (insight.acceptance_rate, insight.expiry_rate) == (0.667, 0.167)
    weeks = [(w.start.day, w.planned, w.held, w.checkin_people, w.helpfulness, w.feeling)
             for w in insight.weeks]
    assert weeks == [(2, 1, 1, 1, 4, 5), (9, 3, 1, 3, 5, 3), (16, 2, 2, 3, 3, 3.67)]
    reasons = dict(insight.closure_reasons)
    assert reasons["goals_reached"] == 1 and sum(reasons.values()) == 1


def test_small_counts_are_hidden(programme):
    insight = programme_insight(PERIOD, FIXED_NOW, min_count=3)
    assert insight.waiting.count == 6 and insight.time_to_match.median_days == 13
    assert [c for _k, c in insight.time_to_match_buckets] == [0, F3, F3, 0, 0]
    assert insight.answers == {"accepted": 4, "declined": F3, "expired": F3}
    assert insight.acceptance_rate == 0.667  # over 6 answers: enough
    weeks = [(w.planned, w.held, w.checkin_people, w.helpfulness, w.feeling)
             for w in insight.weeks]
    assert weeks == [(F3, F3, F3, None, None), (3, F3, 3, 5, 3), (F3, F3, 3, 3, 3.67)]
    assert dict(insight.closure_reasons)["goals_reached"] == F3


def test_statistics_over_too_few_people_are_not_computed(programme):
    insight = programme_insight(PERIOD, FIXED_NOW, min_count=7)
    assert insight.waiting == type(insight.waiting)(FewerThan(7), None, None)
    assert insight.acceptance_rate is None and insight.expiry_rate is None


def test_an_empty_period_shows_zeros(programme):
    insight = programme_insight(Period.between(date(2025, 1, 6), date(2025, 1, 12)),
                                FIXED_NOW, min_count=3)
    assert insight.waiting.count == 0 and insight.waiting.median_days is None
    assert [w.planned for w in insight.weeks] == [0]


def test_weeks_cover_the_period():
    period = Period.last_days(30, FIXED_NOW)
    from mentoring.programme.insight import week_starts

    starts = week_starts(period)
    assert starts[0] == date(2026, 10, 19) and starts[-1] == date(2026, 11, 23)
    assert all(d.weekday() == 0 for d in starts)


CUSTOM = "?days=custom&start=2026-11-02&end=2026-11-22"


@pytest.mark.parametrize(("locale", "words"), [
    ("en", ["Programme quality", "Time to match", "Why matches ended", "fewer than 3"]),
    ("fr", ["Qualité du programme", "Délai avant binôme", "Pourquoi les binômes ont pris fin",
            "moins de 3"]),
])
def test_page_renders_charts_in_each_language(client, login_as, make_coordinator, programme,
                                              clock, locale, words):
    login_as(make_coordinator(locale=locale))
    response = client.get("/programme/insight/" + CUSTOM)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("<svg") == 7 and "<title id=\"chart-meetings-title\">" in page
    # Charts need no script: the only scripts on any page are our own files (base.html).
    inline = [tag for tag in re.findall(r"<script[^>]*>", page) if "src=\"/static/" not in tag]
    assert "<details>" in page and inline == [] and "style=" not in page
    for word in words:
        assert word in page


def test_page_renders_from_the_demo_data(client, login_as, db, clock):
    from mentoring.accounts.models import User
    from mentoring.programme.demo import load_demo_programme

    load_demo_programme(FIXED_NOW)
    db.session.commit()
    coordinator = db.session.scalar(db.select(User).where(User.email.like("coordinator@%")))
    login_as(coordinator)
    for language, heading in (("fr", "Qualité du programme"), ("en", "Programme quality")):
        coordinator.locale = language
        db.session.commit()
        page = client.get("/programme/insight/?days=90")
        assert page.status_code == 200
        assert heading in page.get_data(as_text=True) and "<svg" in page.get_data(as_text=True)


def test_csv_export_of_the_aggregates(client, login_as, make_coordinator, programme, clock):
    login_as(make_coordinator())
    response = client.get("/programme/insight/insight.csv" + CUSTOM)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(response.get_data(as_text=True)))}
    assert rows[("figure", "key")] == "value"
    assert rows[("waiting", "median_days")] == "11.5" and rows[("waiting", "people")] == "6"
    assert rows[("proposals", "declined")] == "<3"  # hidden
    assert rows[("meetings_planned", "2026-11-09")] == "3"
    assert rows[("checkin_helpfulness", "2026-11-02")] == ""
    assert rows[("closure_reason", "goals_reached")] == "<3"


def test_bad_period_is_refused(client, login_as, make_coordinator):
    login_as(make_coordinator(locale="en"))
    assert client.get("/programme/insight/?days=custom&start=2026-11-10&end=2026-11-01"
                      ).status_code == 400
    assert client.get("/programme/insight/?days=7").status_code == 400
    assert client.get("/programme/insight/").status_code == 200


@pytest.mark.parametrize("url", ["/programme/insight/", "/programme/insight/insight.csv"])
def test_participants_cannot_see_insight(client, make_mentee, login_as, url):
    login_as(make_mentee())
    assert client.get(url).status_code == 403
