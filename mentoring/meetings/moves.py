"""Moving one session: which times suit both people that week, and whether a time suits one."""

from __future__ import annotations

from datetime import datetime, timedelta

from matching.weekly import common_utc_ranges, utc_minute_to_datetime, window_starts
from mentoring.accounts.models import User
from mentoring.meetings.models import Occurrence
from mentoring.meetings.overlaps import busy_spans, first_clash
from mentoring.meetings.rules import to_local
from mentoring.meetings.slots import _weekly
from mentoring.pairing.models import Match
from mentoring.profiles.models import MINUTES_PER_DAY
from mentoring.profiles.services import availability_of

MAX_CHOICES = 14
PER_DAY = 2  # a list a person can read on a phone: two times a day, two weeks at most


def shared_starts_near(match: Match, occurrence: Occurrence, now: datetime) -> list[datetime]:
    """Starts (UTC) from the Monday before the session to the Sunday after it when both are
    free for a whole session and neither has another meeting then; the session's own time
    and the past are left out."""
    duration = occurrence.series.duration
    day = occurrence.recurrence_at.date()
    monday = day - timedelta(days=day.weekday())
    minutes = int(duration.total_seconds() // 60)
    starts: list[datetime] = []
    for week in (monday, monday + timedelta(weeks=1)):
        ranges = common_utc_ranges(_weekly(match.mentee), match.mentee.timezone,
                                   _weekly(match.mentor), match.mentor.timezone, week)
        starts += [utc_minute_to_datetime(week, m) for m in window_starts(ranges, minutes, 60)]
    starts = sorted(s for s in set(starts) if s > now and s != occurrence.start_at)
    if not starts:
        return []
    busy = busy_spans((match.mentee_id, match.mentor_id), starts[0], starts[-1] + duration,
                      except_occurrence=occurrence.id)
    free = [s for s in starts if first_clash([(s, s + duration)], busy) is None]
    per_day: dict = {}
    kept = [s for s in free
            if per_day.setdefault(s.date(), []).append(s) or len(per_day[s.date()]) <= PER_DAY]
    return kept[:MAX_CHOICES]


def is_free(person: User, start: datetime, end: datetime) -> bool:
    """Whether [start, end) lies inside one of the person's weekly free times (local time)."""
    local_start, local_end = to_local(start, person.timezone), to_local(end, person.timezone)
    first = local_start.hour * 60 + local_start.minute
    last = first + int((local_end - local_start).total_seconds() // 60)
    for interval in availability_of(person):
        if interval.weekday == local_start.weekday() and interval.start_minute <= first \
                and last <= (interval.end_minute or MINUTES_PER_DAY):
            return True
    return False
