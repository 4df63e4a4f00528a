"""Weekly intervals in local wall time and their conversion to UTC for a reference week.

This is the one place for weekly-interval and time-zone arithmetic: the matcher and the
app's meeting booking both use it, so "when can these two people meet" has one answer.

UTC positions are minutes since the reference Monday 00:00 UTC, in ``[0, MINUTES_PER_WEEK)``.
The week is treated as a cycle: a range that runs past Sunday 24:00 UTC continues at
Monday 00:00, because the same weekly slot recurs every week.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from matching.errors import MatchingInputError

MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

UtcRange = tuple[int, int]


@dataclass(frozen=True, order=True)
class WeeklyInterval:
    """A weekly interval in local wall time: day 0=Monday..6=Sunday, minutes since midnight."""

    day: int
    start: int
    end: int

    def __post_init__(self) -> None:
        for name in ("day", "start", "end"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise MatchingInputError(f"must be an integer, got {value!r}", field=name)
        if not 0 <= self.day <= 6:
            raise MatchingInputError(f"day must be 0 (Monday) to 6 (Sunday), got {self.day}",
                                     field="day")
        if not 0 <= self.start < MINUTES_PER_DAY:
            raise MatchingInputError(f"start must be within the day, got {self.start}",
                                     field="start")
        if not self.start < self.end <= MINUTES_PER_DAY:
            raise MatchingInputError(
                f"end ({format_clock(self.end)}) must be after start ({format_clock(self.start)})"
                " and at most 24:00", field="end")

    @property
    def minutes(self) -> int:
        """Length of the interval in minutes."""
        return self.end - self.start


def parse_day(text: str) -> int:
    """Parse 'mon'..'sun' (any case, or a full English name) into 0..6."""
    if not isinstance(text, str) or text[:3].lower() not in DAY_NAMES:
        raise MatchingInputError(f"expected a day such as 'tue', got {text!r}", field="day")
    return DAY_NAMES.index(text[:3].lower())


def format_day(day: int) -> str:
    """Format 0..6 as 'mon'..'sun'."""
    return DAY_NAMES[day]


def parse_clock(text: str) -> int:
    """Parse 'HH:MM' (00:00 to 24:00) into minutes since midnight."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if not match:
        raise MatchingInputError(f"expected a time such as '18:00', got {text!r}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours * 60 + minutes > MINUTES_PER_DAY:
        raise MatchingInputError(f"time out of range: {text!r}")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Format minutes since midnight as 'HH:MM' (1440 becomes '24:00')."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_interval(value: object) -> WeeklyInterval:
    """Parse {"day": "tue", "start": "18:00", "end": "20:00"} into a WeeklyInterval."""
    if not isinstance(value, dict):
        raise MatchingInputError(f"expected an object with day/start/end, got {value!r}")
    missing = [key for key in ("day", "start", "end") if key not in value]
    if missing:
        raise MatchingInputError("missing value", field=missing[0])
    day = parse_day(value["day"])
    clocks = {}
    for key in ("start", "end"):
        try:
            clocks[key] = parse_clock(value[key])
        except MatchingInputError as error:
            raise error.within(field_prefix=key) from None
    return WeeklyInterval(day, clocks["start"], clocks["end"])


def format_interval(interval: WeeklyInterval) -> dict[str, str]:
    """Format a WeeklyInterval as {"day": "tue", "start": "18:00", "end": "20:00"}."""
    return {"day": format_day(interval.day), "start": format_clock(interval.start),
            "end": format_clock(interval.end)}


def zone(name: str) -> ZoneInfo:
    """Return the IANA zone, raising MatchingInputError for an unknown name."""
    if not isinstance(name, str) or not name:
        raise MatchingInputError(f"expected an IANA time zone name, got {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise MatchingInputError(f"unknown time zone {name!r}") from None


def next_monday(today: date) -> date:
    """The Monday of the week after `today` (a Monday gives the one a week later)."""
    return today + timedelta(days=7 - today.weekday())


def reference_monday(value: date | str) -> date:
    """Return the reference week's Monday, accepting a date or 'YYYY-MM-DD'."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise MatchingInputError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise MatchingInputError(f"expected a date, got {value!r}")
    if value.weekday() != 0:
        raise MatchingInputError(f"the reference week must start on a Monday, got {value}")
    return value


def week_start_utc(reference_week: date) -> datetime:
    """Return the reference Monday 00:00 UTC as an aware datetime."""
    return datetime.combine(reference_week, time(0), tzinfo=UTC)


def utc_minute_to_datetime(reference_week: date, minute: int) -> datetime:
    """Return the aware UTC datetime `minute` minutes after the reference Monday 00:00 UTC."""
    return week_start_utc(reference_week) + timedelta(minutes=minute)


@lru_cache(maxsize=1 << 16)
def _local_to_utc_minute(reference_week: date, tz: ZoneInfo, day: int, minute: int) -> int:
    """Minutes since the reference Monday 00:00 UTC of a local wall time (may be < 0)."""
    naive = datetime.combine(reference_week, time(0)) + timedelta(days=day, minutes=minute)
    # fold=0: an ambiguous or skipped wall time is read with the offset in force before the change.
    moment = naive.replace(tzinfo=tz).astimezone(UTC)
    return int((moment - week_start_utc(reference_week)).total_seconds() // 60)


def merge_ranges(ranges: Iterable[UtcRange]) -> tuple[UtcRange, ...]:
    """Sort and merge overlapping or touching ranges."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def _wrap(start: int, end: int) -> list[UtcRange]:
    """Split a range given in unbounded minutes into pieces inside one week."""
    if end - start >= MINUTES_PER_WEEK:
        return [(0, MINUTES_PER_WEEK)]
    start, end = start % MINUTES_PER_WEEK, start % MINUTES_PER_WEEK + (end - start)
    if end <= MINUTES_PER_WEEK:
        return [(start, end)]
    return [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]


@lru_cache(maxsize=65536)
def _cached_utc_ranges(intervals: tuple[WeeklyInterval, ...], timezone: str,
                       reference_week: date) -> tuple[UtcRange, ...]:
    tz = zone(timezone)
    pieces: list[UtcRange] = []
    for interval in intervals:
        start = _local_to_utc_minute(reference_week, tz, interval.day, interval.start)
        end = _local_to_utc_minute(reference_week, tz, interval.day, interval.end)
        if end > start:  # an interval lying wholly in a skipped DST hour is empty
            pieces.extend(_wrap(start, end))
    return merge_ranges(pieces)


def utc_ranges(intervals: Sequence[WeeklyInterval], timezone: str,
               reference_week: date) -> tuple[UtcRange, ...]:
    """Convert local weekly intervals in `timezone` to merged UTC minute ranges of the week."""
    return _cached_utc_ranges(tuple(intervals), timezone, reference_monday(reference_week))


def utc_ranges_many(people: Sequence[tuple[Sequence[WeeklyInterval], str]],
                    reference_week: date) -> list[tuple[UtcRange, ...]]:
    """`utc_ranges` of many (intervals, timezone) at once, equal to it person by person.

    Each distinct local wall time of each zone is converted once (by the same function);
    wrapping at the week end and merging are array operations over all intervals.
    """
    import numpy as np

    week = reference_monday(reference_week)
    person, day, start, end, zone_of = [], [], [], [], []
    zones: dict[str, int] = {}
    for index, (intervals, timezone) in enumerate(people):
        code = zones.setdefault(timezone, len(zones))
        for interval in intervals:
            person.append(index)
            day.append(interval.day)
            start.append(interval.start)
            end.append(interval.end)
            zone_of.append(code)
    if not person:
        return [() for _ in people]
    who, codes = np.array(person, dtype=np.int64), np.array(zone_of, dtype=np.int64)
    local = np.array(day, dtype=np.int64) * MINUTES_PER_DAY
    local_start, local_end = local + np.array(start), local + np.array(end)
    utc_start, utc_end = np.empty_like(local_start), np.empty_like(local_end)
    for name, code in zones.items():
        tz, here = zone(name), codes == code
        walls, inverse = np.unique(np.concatenate((local_start[here], local_end[here])),
                                   return_inverse=True)
        converted = np.array([_local_to_utc_minute(week, tz, wall // MINUTES_PER_DAY,
                                                   wall % MINUTES_PER_DAY)
                              for wall in walls.tolist()], dtype=np.int64)[inverse]
        utc_start[here], utc_end[here] = np.split(converted, 2)
    kept = utc_end > utc_start  # an interval lying wholly in a skipped DST hour is empty
    who, utc_start, utc_end = who[kept], utc_start[kept], utc_end[kept]
    # Wrap into the week: a whole week, one piece, or a piece at each end.
    whole = utc_end - utc_start >= MINUTES_PER_WEEK
    first = np.where(whole, 0, utc_start % MINUTES_PER_WEEK)
    last = np.where(whole, MINUTES_PER_WEEK, first + (utc_end - utc_start))
    spill = last > MINUTES_PER_WEEK
    who = np.concatenate((who, who[spill]))
    first = np.concatenate((first, np.zeros(int(spill.sum()), dtype=np.int64)))
    last = np.concatenate((np.minimum(last, MINUTES_PER_WEEK), last[spill] - MINUTES_PER_WEEK))
    # Merge overlapping or touching pieces of each person, as merge_ranges does.
    order = np.lexsort((last, first, who))
    who, first, last = who[order], first[order], last[order]
    offset = who * (2 * MINUTES_PER_WEEK)
    reach = np.maximum.accumulate(offset + last) - offset  # furthest end so far, per person
    opens = np.r_[True, (who[1:] != who[:-1]) | (first[1:] > reach[:-1])]
    starts = np.flatnonzero(opens)
    ends = np.r_[starts[1:], len(who)] - 1
    runs = list(zip(first[starts].tolist(), reach[ends].tolist(), strict=True))
    bounds = np.searchsorted(who[starts], np.arange(len(people) + 1)).tolist()
    return [tuple(runs[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def intersect_ranges(a: Sequence[UtcRange], b: Sequence[UtcRange]) -> tuple[UtcRange, ...]:
    """Intersect two sorted, merged range lists."""
    result, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(result)


def common_utc_ranges(a_intervals: Sequence[WeeklyInterval], a_timezone: str,
                      b_intervals: Sequence[WeeklyInterval], b_timezone: str,
                      reference_week: date) -> tuple[UtcRange, ...]:
    """Return the UTC minute ranges of the reference week when both people are available."""
    return intersect_ranges(utc_ranges(a_intervals, a_timezone, reference_week),
                            utc_ranges(b_intervals, b_timezone, reference_week))


def cyclic_runs(ranges: Sequence[UtcRange]) -> list[UtcRange]:
    """Join the run ending at the week end with the one starting at Monday 00:00 UTC.

    Returned runs may end after MINUTES_PER_WEEK, meaning they continue into the next week.
    """
    runs = list(merge_ranges(ranges))
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][1] == MINUTES_PER_WEEK:
        head = runs.pop(0)
        runs[-1] = (runs[-1][0], MINUTES_PER_WEEK + head[1])
    return runs


def longest_common_run(ranges: Sequence[UtcRange]) -> int:
    """Length in minutes of the longest contiguous run, counting wrap-around."""
    return max((end - start for start, end in cyclic_runs(ranges)), default=0)


def earliest_window_minute(ranges: Sequence[UtcRange], minutes: int) -> int | None:
    """Earliest start minute in the week of a contiguous window of `minutes`, or None."""
    starts = []
    for start, end in cyclic_runs(ranges):
        if end - start < minutes:
            continue
        starts.append(start)
        if end > MINUTES_PER_WEEK and end - MINUTES_PER_WEEK >= minutes:
            starts.append(0)  # the wrapped tail alone already holds a window at Monday 00:00
    return min(starts, default=None)


def earliest_common_window(a_intervals: Sequence[WeeklyInterval], a_timezone: str,
                           b_intervals: Sequence[WeeklyInterval], b_timezone: str,
                           reference_week: date, minutes: int) -> tuple[datetime, datetime] | None:
    """Return the earliest (start, end) aware UTC window of `minutes` both people share."""
    common = common_utc_ranges(a_intervals, a_timezone, b_intervals, b_timezone, reference_week)
    start = earliest_window_minute(common, minutes)
    if start is None:
        return None
    first = utc_minute_to_datetime(reference_monday(reference_week), start)
    return first, first + timedelta(minutes=minutes)


def local_day_and_minute(reference_week: date, timezone: str, utc_minute: int) -> tuple[int, int]:
    """Return the local (weekday 0..6, minute of day) of a UTC minute of the reference week."""
    moment = utc_minute_to_datetime(reference_week, utc_minute).astimezone(zone(timezone))
    return moment.weekday(), moment.hour * 60 + moment.minute


def window_starts(ranges: Sequence[UtcRange], minutes: int, step: int = 15) -> list[int]:
    """Every start minute in the week, on `step` boundaries, of a window of `minutes` in `ranges`.

    Starts are sorted and lie in ``[0, MINUTES_PER_WEEK)``; a window may run past the week end
    into the wrapped run that begins at Monday 00:00 UTC.
    """
    if minutes <= 0 or step <= 0:
        raise MatchingInputError("minutes and step must be positive")
    starts = set()
    for start, end in cyclic_runs(ranges):
        first = -(-start // step) * step
        for minute in range(first, end - minutes + 1, step):
            starts.add(minute % MINUTES_PER_WEEK)
    return sorted(starts)
