"""Which weekly times a pair can meet: their shared availability, minus their other meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app

from matching.weekly import (
    WeeklyInterval,
    common_utc_ranges,
    next_monday,
    utc_minute_to_datetime,
    window_starts,
)
from mentoring.accounts.models import User
from mentoring.meetings.overlaps import busy_spans, first_clash
from mentoring.meetings.rules import Rule, spans, to_local
from mentoring.pairing.models import Match
from mentoring.profiles.services import availability_of


@dataclass(frozen=True)
class Plan:
    """What a person chose: the first session (a UTC instant), cadence and end."""

    start_at: datetime
    interval_weeks: int = 1
    count: int | None = None
    until_on: date | None = None
    location: str | None = None
    video_url: str | None = None


def session_minutes() -> int:
    return current_app.config["MEETING_MINUTES"]


def reference_week_after(now: datetime) -> date:
    """The Monday of the week after `now`: proposals start from next week."""
    return next_monday(now.date())


def _weekly(user: User) -> list[WeeklyInterval]:
    return [WeeklyInterval(i.weekday, i.start_minute, i.end_minute) for i in availability_of(user)]


def common_slots(match: Match, now: datetime) -> list[datetime]:
    """Every start next week (UTC, on quarter hours) when both people are free for a session."""
    week = reference_week_after(now)
    ranges = common_utc_ranges(_weekly(match.mentee), match.mentee.timezone,
                               _weekly(match.mentor), match.mentor.timezone, week)
    return [utc_minute_to_datetime(week, m) for m in window_starts(ranges, session_minutes())]


def rule_for(plan: Plan, timezone: str, default_count: int) -> Rule:
    """The rule a plan gives in the wall time of the series' zone."""
    until = None
    if plan.until_on is not None:
        until = datetime.combine(plan.until_on, datetime.max.time()).replace(microsecond=0)
    count = None if until else (plan.count or default_count)
    return Rule(timezone, to_local(plan.start_at, timezone), plan.interval_weeks, count, until)


def best_plan(match: Match, now: datetime) -> Plan | None:
    """The earliest shared slot whose weekly sessions clash with no other meeting of theirs."""
    timezone, sessions = match.mentor.timezone, current_app.config["MEETING_SESSIONS"]
    starts = common_slots(match, now)
    if not starts:
        return None
    minutes = session_minutes()
    # One query for every candidate (not one each): the weeks any of their sessions can reach.
    busy = busy_spans((match.mentee_id, match.mentor_id), starts[0],
                      starts[-1] + timedelta(weeks=sessions, minutes=minutes))
    for start in starts:
        plan = Plan(start_at=start)
        if first_clash(spans(rule_for(plan, timezone, sessions).utc_starts(), minutes),
                       busy) is None:
            return plan
    return None
