"""The support schedule as arithmetic: month windows of a match, their due points, lateness.

Definitions (docs/support.md says the same in words):

- Window k of a match is [activated_at + k months, activated_at + (k+1) months), calendar months
  in UTC (the 31st of January plus one month is the 28th or 29th of February); a closed match's
  windows stop at `ended_at`.
- Window 0 requires `first_month` contacts, every later window `monthly` contacts. Window k's j-th
  required contact (j = 1..r) is due at start + j/r of the window's length: with two contacts in the
  first month, one is due half-way through it and one at its end; a monthly contact is due at the
  end of its month. A due point after the match ended is not due.
- Due point (k, j) is met when window k holds at least j contacts (contacts recorded before the
  match started count in window 0).
- A match is overdue when a due point at or before `now` is not met and comes after the match's last
  contact (a contact clears the misses before it: the next step is the next due point); it is late
  by `now` minus the earliest such point. It is due when it is not overdue and a point that is not
  yet met falls within the next DUE_SOON_DAYS days.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Schedule:
    first_month: int = 2
    monthly: int = 1

    def required(self, window: int) -> int:
        return self.first_month if window == 0 else self.monthly


@dataclass(frozen=True)
class DuePoint:
    window: int
    rank: int  # j: the j-th contact of its window
    due_at: datetime
    met: bool


def window_start(activated_at: datetime, k: int) -> datetime:
    return activated_at + relativedelta(months=k)


def due_points(activated_at: datetime, ended_at: datetime | None, contacts: Sequence[datetime],
               schedule: Schedule, until: datetime) -> Iterator[DuePoint]:
    """Every due point of a match up to `until` (inclusive), oldest first; `contacts` sorted."""
    k = 0
    while True:
        start, end = window_start(activated_at, k), window_start(activated_at, k + 1)
        if start > until or (ended_at is not None and start >= ended_at):
            return
        lower = 0 if k == 0 else bisect_left(contacts, start)
        held = bisect_left(contacts, end) - lower
        required = schedule.required(k)
        for j in range(1, required + 1):
            due_at = start + (end - start) * j / required
            if due_at > until or (ended_at is not None and due_at > ended_at):
                return
            yield DuePoint(k, j, due_at, held >= j)
        k += 1


@dataclass(frozen=True)
class SupportState:
    overdue_since: datetime | None  # the earliest missed due point after the last contact
    next_due_at: datetime | None  # the next due point not met yet (when not overdue)
    last_contact_at: datetime | None

    def days_late(self, now: datetime) -> int:
        return (now - self.overdue_since).days if self.overdue_since else 0

    def is_due_soon(self, now: datetime) -> bool:
        return (self.overdue_since is None and self.next_due_at is not None
                and self.next_due_at <= now + timedelta(days=DUE_SOON_DAYS))


def support_state(activated_at: datetime, contacts: Sequence[datetime], schedule: Schedule,
                  now: datetime) -> SupportState:
    """Overdue or next due point of an active match at `now` (`contacts` sorted, none after now)."""
    last = contacts[-1] if contacts else None
    overdue = next_due = None
    for point in due_points(activated_at, None, contacts, schedule,
                            now + timedelta(days=62)):
        if point.met or (last is not None and point.due_at <= last):
            continue
        if point.due_at <= now:
            overdue = overdue or point.due_at
        else:
            next_due = point.due_at
            break
    return SupportState(overdue, None if overdue else next_due, last)


def count_against_due(activated_at: datetime, ended_at: datetime | None,
                      contacts: Sequence[datetime], schedule: Schedule, start: datetime,
                      end: datetime) -> tuple[int, int]:
    """(met, due) over the due points of one match with start <= due_at < end."""
    points = [p for p in due_points(activated_at, ended_at, contacts, schedule, end)
              if start <= p.due_at < end]
    return sum(p.met for p in points), len(points)
