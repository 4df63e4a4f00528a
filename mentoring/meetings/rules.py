"""A series' recurrence rule expanded in wall time: 18:00 Paris stays 18:00 across DST."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule


@dataclass(frozen=True)
class Rule:
    """Weekly rule in the wall time of `timezone`; exactly one of count/until_local is set."""

    timezone: str
    first_start_local: datetime  # naive
    interval_weeks: int = 1
    count: int | None = None
    until_local: datetime | None = None  # naive, inclusive

    def local_starts(self) -> list[datetime]:
        """Naive wall-time starts of every session the rule gives."""
        return list(rrule(WEEKLY, dtstart=self.first_start_local, interval=self.interval_weeks,
                          count=self.count, until=self.until_local))

    def utc_starts(self) -> list[datetime]:
        return [to_utc(start, self.timezone) for start in self.local_starts()]

    def until_utc(self) -> datetime | None:
        """UNTIL as an iCalendar RRULE needs it with a TZID start: a UTC instant."""
        return None if self.until_local is None else to_utc(self.until_local, self.timezone)


def to_utc(local: datetime, timezone: str) -> datetime:
    """Read a naive wall time in `timezone` (fold=0, as RFC 5545 reads gaps and overlaps)."""
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def to_local(instant: datetime, timezone: str) -> datetime:
    """The naive wall time of a UTC instant in `timezone`."""
    return instant.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def spans(starts: list[datetime], minutes: int) -> list[tuple[datetime, datetime]]:
    return [(start, start + timedelta(minutes=minutes)) for start in starts]
