"""The demo's story: a real round, matches at every step, sessions, check-ins, an ended match
and open concerns, so that every page has something to show."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import matching
from mentoring.accounts.models import User
from mentoring.agreements.demo import add_demo_agreements
from mentoring.extensions import db
from mentoring.meetings.demo import book_demo_meetings
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus
from mentoring.pairing import services
from mentoring.pairing.approvals import approve_pairs
from mentoring.pairing.closing import submit_survey
from mentoring.pairing.models import Match
from mentoring.pairing.rounds import RoundSettings, run_round
from mentoring.safety.concerns import acknowledge, raise_concern
from mentoring.safety.models import CheckIn, ConcernCategory

ACTIVE, TOTAL = 4, 6
PAIR_ZONES = {"Europe/Paris", "America/Montreal"}


def add_demo_journey(coordinator: User, now: datetime) -> list[Match]:
    """Four matches active for five weeks (a Paris–Montreal pair first when the round proposes
    one), one waiting for the mentee's confirmation, one for the mentor's answer."""
    settings = RoundSettings()
    started = now - timedelta(days=40)
    cohort, assignment = run_round(settings, started)
    cross = _paris_montreal_pair(cohort)
    pairs = [cross] if cross else []
    pairs += [(int(p.mentee), int(p.mentor)) for p in assignment.pairs
              if cross is None or (int(p.mentee) != cross[0] and int(p.mentor) != cross[1])]
    pairs = pairs[:TOTAL]
    matches = approve_pairs(coordinator, pairs[:ACTIVE], settings, started, respond_days=3)
    matches += approve_pairs(coordinator, pairs[ACTIVE:], settings, now - timedelta(days=1),
                             respond_days=3)
    for match in matches[:ACTIVE]:
        services.accept(match.mentor, match, started + timedelta(days=1))
        services.confirm(match.mentee, match, started + timedelta(days=2))
    if len(matches) > ACTIVE:
        services.accept(matches[ACTIVE].mentor, matches[ACTIVE], now - timedelta(hours=20))
    book_demo_meetings(started + timedelta(days=3))
    add_demo_agreements(now)
    _follow_up(matches[:ACTIVE], coordinator, now)
    return matches


def _paris_montreal_pair(cohort: matching.Cohort) -> tuple[int, int] | None:
    """The best feasible pair across the Atlantic, so the demo shows time zones at work."""
    best = None
    for mentee in cohort.mentees:
        for mentor in cohort.mentors:
            if {mentee.timezone, mentor.timezone} != PAIR_ZONES:
                continue
            pair = matching.score_pair(cohort, mentee.id, mentor.id)
            if pair.feasible and (best is None or pair.score > best.score):
                best = pair
    return (int(best.mentee), int(best.mentor)) if best else None


def _follow_up(active: list[Match], coordinator: User, now: datetime) -> None:
    rng = random.Random(7)
    for match in active:
        for occurrence in _past_sessions(match, now):
            _check_in(match, occurrence, rng)
    if len(active) >= 2:
        ended = active[-1]
        services.close(ended.mentee, ended, "goals_reached", now - timedelta(days=2))
        submit_survey(ended.mentee, ended, 5, True, None, now - timedelta(days=2))
        submit_survey(ended.mentor, ended, 4, True, None, now - timedelta(days=1))
        first = active[0]
        raise_concern(first.mentee, ConcernCategory.OTHER,
                      "(demo) My mentor was late twice; I would like to talk about it.",
                      now - timedelta(days=1), match=first)
        urgent = raise_concern(first.mentor, ConcernCategory.IMMEDIATE_RISK,
                               "(demo) Worrying words during the session.",
                               now - timedelta(days=3), match=first)
        acknowledge(coordinator, urgent, now - timedelta(days=3) + timedelta(minutes=12))
    db.session.flush()


def _past_sessions(match: Match, now: datetime) -> list[Occurrence]:
    return list(db.session.scalars(
        db.select(Occurrence).join(MeetingSeries)
        .where(MeetingSeries.match_id == match.id, Occurrence.end_at <= now,
               Occurrence.status != OccurrenceStatus.CANCELLED)
        .order_by(Occurrence.start_at)))


def _check_in(match: Match, occurrence: Occurrence, rng: random.Random) -> None:
    took_place = rng.random() > 0.12
    for person in (match.mentee, match.mentor):
        db.session.add(CheckIn(
            occurrence_id=occurrence.id, match_id=match.id, user_id=person.id,
            took_place=took_place, helpfulness=rng.randint(3, 5) if took_place else None,
            feeling=rng.randint(2, 5), created_at=occurrence.end_at + timedelta(hours=2)))
    occurrence.checkin_requested_at = occurrence.end_at
