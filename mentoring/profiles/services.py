"""Profile rules: weekly availability is kept merged, on quarter hours, end after start."""

from __future__ import annotations

from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.errors import DomainError, NotFound
from mentoring.extensions import db
from mentoring.profiles.models import MINUTES_PER_DAY, SLOT_MINUTES, AvailabilityInterval


def availability_of(user: User) -> list[AvailabilityInterval]:
    return list(
        db.session.scalars(
            db.select(AvailabilityInterval)
            .where(AvailabilityInterval.user_id == user.id)
            .order_by(AvailabilityInterval.weekday, AvailabilityInterval.start_minute)
        )
    )


def check_interval(weekday: int, start: int, end: int) -> None:
    """Refuse an interval outside the week, off the quarter hours, or ending before it starts."""
    if not 0 <= weekday <= 6:
        raise DomainError(_("Choose a day of the week."))
    if start % SLOT_MINUTES or end % SLOT_MINUTES:
        raise DomainError(_("Times must be on the quarter hour."))
    if not 0 <= start < end <= MINUTES_PER_DAY:
        raise DomainError(_("The end time must be after the start time."))


def add_availability(user: User, weekday: int, start: int, end: int) -> AvailabilityInterval:
    """Add a weekly interval, merging it with any interval it overlaps or touches that day."""
    check_interval(weekday, start, end)
    same_day = [i for i in availability_of(user) if i.weekday == weekday]
    touching = [i for i in same_day if i.start_minute <= end and start <= i.end_minute]
    for interval in touching:
        start = min(start, interval.start_minute)
        end = max(end, interval.end_minute)
        db.session.delete(interval)
    merged = AvailabilityInterval(
        user_id=user.id, weekday=weekday, start_minute=start, end_minute=end
    )
    db.session.add(merged)
    db.session.flush()
    return merged


def remove_availability(user: User, interval_id: int) -> None:
    interval = db.session.get(AvailabilityInterval, interval_id)
    if interval is None or interval.user_id != user.id:
        raise NotFound(_("This time slot does not exist."))
    db.session.delete(interval)
    db.session.flush()
