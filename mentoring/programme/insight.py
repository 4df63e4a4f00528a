"""Programme insight: aggregates over a period [start, end), never about fewer than N people.

Every figure is defined in docs/insight.md. A count from 1 to N-1 is replaced by FewerThan(N), and
a median, mean or rate computed over fewer than N people or answers is not computed at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import mean, median

from sqlalchemy import exists

from mentoring.extensions import db
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus
from mentoring.pairing.models import CloseReason, Match, MatchStatus
from mentoring.profiles.models import MenteeProfile
from mentoring.programme.quality import Quality, programme_quality
from mentoring.safety.models import CheckIn

DAY = 86400
# Time-to-match histogram: (key, lowest day included, highest day excluded).
MATCH_BUCKETS = (("0-7", 0, 7), ("7-14", 7, 14), ("14-30", 14, 30), ("30-60", 30, 60),
                 ("60+", 60, None))


@dataclass(frozen=True)
class FewerThan:
    """A figure about too few people to be shown."""

    limit: int


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, days: int, now: datetime) -> Period:
        return cls(now - timedelta(days=days), now)

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        """From the start of `first` to the end of `last` (UTC days, both included)."""
        return cls(datetime.combine(first, time(), UTC),
                   datetime.combine(last + timedelta(days=1), time(), UTC))

    def contains(self, instant: datetime | None) -> bool:
        return instant is not None and self.start <= instant < self.end


@dataclass(frozen=True)
class Durations:
    """How many people, and the median and mean of their durations in days."""

    count: int | FewerThan
    median_days: float | None
    mean_days: float | None


@dataclass(frozen=True)
class Week:
    start: date
    planned: int | FewerThan
    held: int | FewerThan
    helpfulness: float | None
    feeling: float | None
    checkin_people: int | FewerThan


@dataclass(frozen=True)
class Insight:
    period: Period
    min_count: int
    waiting: Durations
    still_waiting: int | FewerThan
    time_to_match: Durations
    time_to_match_buckets: list[tuple[str, int | FewerThan]]
    answers: dict[str, int | FewerThan]  # accepted, declined, expired
    acceptance_rate: float | None
    expiry_rate: float | None
    weeks: list[Week]
    closure_reasons: list[tuple[str, int | FewerThan]]
    quality: Quality | None = None


def shown(count: int, min_count: int) -> int | FewerThan:
    """The count itself, or FewerThan when it is about 1 to min_count - 1 people."""
    return FewerThan(min_count) if 0 < count < min_count else count


def durations(days: list[float], min_count: int) -> Durations:
    if len(days) < min_count:
        return Durations(shown(len(days), min_count), None, None)
    return Durations(len(days), round(median(days), 1), round(mean(days), 1))


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / DAY


def waiting_days(period: Period, now: datetime) -> tuple[list[float], int]:
    """Days waited by each mentee who waited in the period; how many still waited at its end.

    A wait runs from the request to the approval of the match that became active (or to the
    withdrawal of the request); a wait still running is counted up to the end of the period.
    """
    end = min(period.end, now)
    profiles = db.session.execute(db.select(
        MenteeProfile.user_id, MenteeProfile.requested_at, MenteeProfile.withdrawn_at).where(
        MenteeProfile.requested_at.is_not(None), MenteeProfile.requested_at < end)).all()
    approvals: dict[int, list[datetime]] = {}
    for mentee_id, created_at in db.session.execute(
            db.select(Match.mentee_id, Match.created_at).where(Match.activated_at.is_not(None))):
        approvals.setdefault(mentee_id, []).append(created_at)
    days, still = [], 0
    for profile in profiles:
        ends = [at for at in approvals.get(profile.user_id, []) if at >= profile.requested_at]
        if profile.withdrawn_at is not None and profile.withdrawn_at >= profile.requested_at:
            ends.append(profile.withdrawn_at)
        wait_end = min(ends, default=None)
        if wait_end is not None and wait_end < period.start:
            continue
        if wait_end is None or wait_end >= end:
            still += 1
            wait_end = end
        days.append(_days(profile.requested_at, wait_end))
    return days, still


def time_to_match_days(period: Period, now: datetime) -> list[float]:
    """Days from the request to the activation, for matches that became active in the period."""
    rows = db.session.execute(
        db.select(MenteeProfile.requested_at, Match.activated_at)
        .join(MenteeProfile, MenteeProfile.user_id == Match.mentee_id)
        .where(Match.activated_at >= period.start, Match.activated_at < min(period.end, now)))
    return [_days(requested, active) for requested, active in rows
            if requested is not None and requested <= active]


def histogram(days: list[float], min_count: int) -> list[tuple[str, int | FewerThan]]:
    counts = Counter(key for value in days for key, low, high in MATCH_BUCKETS
                     if low <= value and (high is None or value < high))
    return [(key, shown(counts[key], min_count)) for key, _low, _high in MATCH_BUCKETS]


def proposal_answers(period: Period, now: datetime) -> dict[str, int]:
    """Proposals the mentor accepted, declined or let expire during the period."""
    start, end = period.start, min(period.end, now)
    count = db.func.count(Match.id)
    accepted = db.session.scalar(db.select(count).where(
        Match.accepted_at >= start, Match.accepted_at < end))
    ended = dict(db.session.execute(
        db.select(Match.status, count)
        .where(Match.status.in_((MatchStatus.DECLINED, MatchStatus.EXPIRED)),
               Match.ended_at >= start, Match.ended_at < end)
        .group_by(Match.status)).all())
    return {"accepted": accepted, "declined": ended.get(MatchStatus.DECLINED, 0),
            "expired": ended.get(MatchStatus.EXPIRED, 0)}


def week_starts(period: Period) -> list[date]:
    """The Mondays (UTC) of every week that overlaps the period."""
    monday = period.start.date() - timedelta(days=period.start.weekday())
    last = period.end - timedelta(microseconds=1)
    return [monday + timedelta(weeks=i) for i in range((last.date() - monday).days // 7 + 1)]


def _monday(instant: datetime) -> date:
    return instant.date() - timedelta(days=instant.weekday())


def weekly(period: Period, now: datetime, min_count: int) -> list[Week]:
    """Meetings planned and held, and check-in averages, for each week of the period."""
    start, end = period.start, min(period.end, now)
    held_check = exists().where(CheckIn.occurrence_id == Occurrence.id,
                                CheckIn.took_place.is_(True))
    meetings = db.session.execute(
        db.select(Occurrence.start_at, held_check)
        .join(MeetingSeries, MeetingSeries.id == Occurrence.series_id)
        .where(MeetingSeries.confirmed_at.is_not(None),
               Occurrence.status != OccurrenceStatus.CANCELLED,
               Occurrence.start_at >= start, Occurrence.start_at < end)).all()
    checkins = db.session.execute(
        db.select(CheckIn.created_at, CheckIn.user_id, CheckIn.helpfulness, CheckIn.feeling)
        .where(CheckIn.created_at >= start, CheckIn.created_at < end)).all()
    meetings_by_week: dict[date, list[bool]] = {}
    for at, held in meetings:  # one pass over narrow rows, not one per week
        meetings_by_week.setdefault(_monday(at), []).append(held)
    checkins_by_week: dict[date, list] = {}
    for row in checkins:
        checkins_by_week.setdefault(_monday(row.created_at), []).append(row)
    weeks = []
    for monday in week_starts(period):
        in_week = meetings_by_week.get(monday, [])
        answers = checkins_by_week.get(monday, [])
        people = len({row.user_id for row in answers})
        enough = people >= min_count
        weeks.append(Week(
            start=monday, planned=shown(len(in_week), min_count),
            held=shown(sum(in_week), min_count),
            helpfulness=_mean([r.helpfulness for r in answers]) if enough else None,
            feeling=_mean([r.feeling for r in answers]) if enough else None,
            checkin_people=shown(people, min_count)))
    return weeks


def _mean(values: list[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(mean(present), 2) if present else None


def closure_reasons(period: Period, now: datetime,
                    min_count: int) -> list[tuple[str, int | FewerThan]]:
    """How many matches ended for each reason during the period."""
    ended = Counter(reason or "other" for reason in db.session.scalars(
        db.select(Match.end_reason).where(Match.status == MatchStatus.CLOSED,
                                          Match.ended_at >= period.start,
                                          Match.ended_at < min(period.end, now))))
    known = [reason.value for reason in CloseReason]
    reasons = known + sorted(set(ended) - set(known))
    return [(reason, shown(ended[reason], min_count)) for reason in reasons]


def _rate(part: int, total: int, min_count: int) -> float | None:
    return round(part / total, 3) if total >= min_count else None


def programme_insight(period: Period, now: datetime, min_count: int) -> Insight:
    """Every aggregate of the insight page for one period."""
    waited, still = waiting_days(period, now)
    to_match = time_to_match_days(period, now)
    answers = proposal_answers(period, now)
    total = sum(answers.values())
    return Insight(
        period=period, min_count=min_count,
        waiting=durations(waited, min_count), still_waiting=shown(still, min_count),
        time_to_match=durations(to_match, min_count),
        time_to_match_buckets=histogram(to_match, min_count),
        answers={key: shown(value, min_count) for key, value in answers.items()},
        acceptance_rate=_rate(answers["accepted"], total, min_count),
        expiry_rate=_rate(answers["expired"], total, min_count),
        weeks=weekly(period, now, min_count),
        closure_reasons=closure_reasons(period, now, min_count),
        quality=programme_quality(period.start, period.end, now, min_count, to_match),
    )


def _cell(value: object) -> object:
    if isinstance(value, FewerThan):
        return f"<{value.limit}"
    return "" if value is None else value


def csv_rows(insight: Insight) -> list[tuple[str, str, object]]:
    """The aggregates as (figure, key, value) rows; hidden counts read "<N"."""
    rows: list[tuple[str, str, object]] = [
        ("period", "start", insight.period.start.isoformat()),
        ("period", "end", insight.period.end.isoformat()),
        ("period", "min_count", insight.min_count)]
    for name, figure in (("waiting", insight.waiting), ("time_to_match", insight.time_to_match)):
        rows += [(name, "people", figure.count), (name, "median_days", figure.median_days),
                 (name, "mean_days", figure.mean_days)]
    rows.append(("waiting", "still_waiting_at_end", insight.still_waiting))
    rows += [("time_to_match_days", key, count) for key, count in insight.time_to_match_buckets]
    rows += [("proposals", key, count) for key, count in insight.answers.items()]
    rows += [("proposals", "acceptance_rate", insight.acceptance_rate),
             ("proposals", "expiry_rate", insight.expiry_rate)]
    for week in insight.weeks:
        day = week.start.isoformat()
        rows += [("meetings_planned", day, week.planned), ("meetings_held", day, week.held),
                 ("checkin_people", day, week.checkin_people),
                 ("checkin_helpfulness", day, week.helpfulness),
                 ("checkin_feeling", day, week.feeling)]
    rows += [("closure_reason", key, count) for key, count in insight.closure_reasons]
    quality = insight.quality
    if quality is not None:
        m = insight.min_count
        rows += [("time_to_match", "p90_days", quality.time_to_match.p90)]
        rows += [("funnel", key, shown(count, m)) for key, count in quality.funnel]
        rows += [("survival", f"share_at_{day}_days", share) for day, share, _n in quality.survival]
        rows += [("survival", f"at_risk_{day}_days", shown(n, m))
                 for day, _s, n in quality.survival]
        rows += [("early_closure", key, shown(count, m)) for key, count in quality.early_closures]
        rows += [("sessions", "planned", shown(quality.sessions_planned, m)),
                 ("sessions", "held", shown(quality.sessions_held, m)),
                 ("sessions", "no_show_rate", quality.no_show_rate)]
        taken = quality.concern_take_on_hours
        rows += [("concern_take_on_hours", "concerns", shown(taken.count, m)),
                 ("concern_take_on_hours", "median", quality.concern_take_on_hours.median),
                 ("concern_take_on_hours", "p90", quality.concern_take_on_hours.p90)]
        # Slot for the support engineer: contacts_against_due(session, start, end) -> (done, due).
        rows += [("support_contacts", "done", ""), ("support_contacts", "due", "")]
    return [(figure, key, _cell(value)) for figure, key, value in rows]
