"""Programme quality figures (docs/insight.md "Quality"): a few queries over narrow rows.

Every figure reads one SELECT of a few columns (no per-match query), so the page costs the same
number of queries whatever the size of the programme.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import and_, exists

from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus
from mentoring.outcomes.survival import at_risk, kaplan_meier, share_at
from mentoring.pairing.models import CloseReason, Match, MatchStatus
from mentoring.profiles.models import MenteeProfile
from mentoring.safety.models import CheckIn, Concern, ConcernCategory

DAY = 86400.0
EARLY_DAYS = 91  # an early closure: fewer than three months (91 days) after the start
SURVIVAL_DAYS = (91, 182, 365)  # 3, 6 and 12 months


@dataclass(frozen=True)
class Spread:
    """How many values, their median and 90th percentile (None under the threshold)."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Quality:
    time_to_match: Spread
    funnel: list[tuple[str, int]]  # signed_up, request_complete, matched, active
    survival: list[tuple[int, float | None, int]]  # (day, share still going, at risk)
    survival_curve: list[tuple[float, float]]
    early_closures: list[tuple[str, int]]
    sessions_planned: int
    sessions_held: int
    no_show_rate: float | None
    concern_take_on_hours: Spread


def spread(values: list[float], min_count: int, digits: int = 1) -> Spread:
    if len(values) < min_count or not values:
        return Spread(len(values), None, None)
    array = np.asarray(values, dtype=float)
    return Spread(len(values), round(float(np.median(array)), digits),
                  round(float(np.percentile(array, 90)), digits))


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / DAY


def funnel(start: datetime, end: datetime) -> list[tuple[str, int]]:
    """Mentees who signed up in the period, and how many of them went on to each step (by now)."""
    matched = exists().where(Match.mentee_id == MenteeProfile.user_id,
                             Match.accepted_at.is_not(None))
    active = exists().where(Match.mentee_id == MenteeProfile.user_id,
                            Match.activated_at.is_not(None))
    row = db.session.execute(
        db.select(db.func.count(MenteeProfile.id),
                  db.func.count(MenteeProfile.requested_at),
                  db.func.sum(db.case((matched, 1), else_=0)),
                  db.func.sum(db.case((active, 1), else_=0)))
        .select_from(MenteeProfile)
        .join(User, User.id == MenteeProfile.user_id)
        .where(User.created_at >= start, User.created_at < end)).one()
    return [("signed_up", row[0] or 0), ("request_complete", row[1] or 0),
            ("matched", int(row[2] or 0)), ("active", int(row[3] or 0))]


Points = list[tuple[int, float | None, int]]


def survival(now: datetime, start: datetime, end: datetime,
             min_count: int) -> tuple[Points, list[tuple[float, float]]]:
    """Kaplan–Meier over matches that started in the period; open ones are censored at now."""
    rows = db.session.execute(db.select(Match.activated_at, Match.ended_at, Match.status).where(
        Match.activated_at >= start, Match.activated_at < end)).all()
    durations = [_days(active, ended if ended is not None and status == MatchStatus.CLOSED
                       else now) for active, ended, status in rows]
    closed = [ended is not None and status == MatchStatus.CLOSED for _a, ended, status in rows]
    curve = kaplan_meier(durations, closed)
    enough = len(durations) >= min_count
    points = [(day, round(share_at(curve, day), 3) if enough else None, at_risk(durations, day))
              for day in SURVIVAL_DAYS]
    return points, ([(t, round(s, 3)) for t, s, _n in curve] if enough else [])


def early_closures(start: datetime, end: datetime) -> list[tuple[str, int]]:
    """Matches closed in the period fewer than 91 days after they started, by reason."""
    rows = db.session.execute(db.select(Match.activated_at, Match.ended_at, Match.end_reason).where(
        Match.status == MatchStatus.CLOSED, Match.activated_at.is_not(None),
        Match.ended_at >= start, Match.ended_at < end)).all()
    counts = Counter(reason or "other" for active, ended, reason in rows
                     if _days(active, ended) < EARLY_DAYS)
    known = [reason.value for reason in CloseReason]
    return [(reason, counts[reason]) for reason in known + sorted(set(counts) - set(known))]


def sessions(start: datetime, end: datetime) -> tuple[int, int, int]:
    """Planned (past, confirmed, not cancelled), held, and no-shows (a check-in says it did not
    take place and none says it did)."""
    held = exists().where(CheckIn.occurrence_id == Occurrence.id, CheckIn.took_place.is_(True))
    missed = exists().where(CheckIn.occurrence_id == Occurrence.id, CheckIn.took_place.is_(False))
    row = db.session.execute(
        db.select(db.func.count(Occurrence.id),
                  db.func.sum(db.case((held, 1), else_=0)),
                  db.func.sum(db.case((and_(missed, ~held), 1), else_=0)))
        .join(MeetingSeries, MeetingSeries.id == Occurrence.series_id)
        .where(MeetingSeries.confirmed_at.is_not(None),
               Occurrence.status != OccurrenceStatus.CANCELLED,
               Occurrence.start_at >= start, Occurrence.start_at < end)).one()
    return row[0] or 0, int(row[1] or 0), int(row[2] or 0)


def concern_take_on_hours(start: datetime, end: datetime) -> list[float]:
    """Hours from an immediate-risk concern to a coordinator acknowledging (taking it on)."""
    rows = db.session.execute(db.select(Concern.created_at, Concern.acknowledged_at).where(
        Concern.category == ConcernCategory.IMMEDIATE_RISK, Concern.acknowledged_at.is_not(None),
        Concern.created_at >= start, Concern.created_at < end)).all()
    return [(taken - raised).total_seconds() / 3600 for raised, taken in rows]


def programme_quality(start: datetime, end: datetime, now: datetime, min_count: int,
                      time_to_match_days: list[float]) -> Quality:
    end = min(end, now)
    points, curve = survival(now, start, end, min_count)
    planned, held, no_shows = sessions(start, end)
    return Quality(
        time_to_match=spread(time_to_match_days, min_count),
        funnel=funnel(start, end), survival=points, survival_curve=curve,
        early_closures=early_closures(start, end),
        sessions_planned=planned, sessions_held=held,
        no_show_rate=round(no_shows / planned, 3) if planned >= min_count else None,
        concern_take_on_hours=spread(concern_take_on_hours(start, end), min_count, 2))
