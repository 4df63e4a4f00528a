"""A series follows the wall time of its organiser's zone; say in plain words what that means
for each person, and which weeks the clock time differs for someone in another zone (the
countries change their clocks on different dates)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import lru_cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.core.dates import date_in_words
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus
from mentoring.meetings.rules import to_local


def city(timezone: str, locale: str | None = None) -> str:
    """The place a zone is named after, in the reader's language where Babel knows it."""
    return _city(timezone, locale or str(get_locale()))


@lru_cache(maxsize=1024)
def _city(timezone: str, locale: str) -> str:
    try:
        known = Locale.parse(locale).time_zones.get(timezone, {})
        name = known.get("city")
    except (ValueError, TypeError, AttributeError):
        name = None
    return name or timezone.rsplit("/", 1)[-1].replace("_", " ")


def _hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _ruled(series: MeetingSeries) -> list[Occurrence]:
    """The sessions held where the rule puts them (a moved one has its own, chosen time)."""
    return [o for o in series.occurrences if o.status is OccurrenceStatus.SCHEDULED]


def usual_time(series: MeetingSeries, person: User) -> str | None:
    """The person's most frequent clock time for the series' sessions."""
    times = Counter(_hhmm(to_local(o.recurrence_at, person.timezone)) for o in _ruled(series))
    return times.most_common(1)[0][0] if times else None


def _runs(sessions: list[Occurrence], person: User, usual: str) -> list[tuple[list, str]]:
    """Consecutive sessions whose clock time for the person differs from the usual one."""
    runs: list[tuple[list, str]] = []
    for occurrence in sessions:
        local = _hhmm(to_local(occurrence.recurrence_at, person.timezone))
        if local == usual:
            runs.append(([], ""))
        elif runs and runs[-1][1] == local:
            runs[-1][0].append(occurrence)
        else:
            runs.append(([occurrence], local))
    return [run for run in runs if run[0]]


def _span(run: list[Occurrence], person: User) -> str:
    first = to_local(run[0].recurrence_at, person.timezone).date()
    last = to_local(run[-1].recurrence_at, person.timezone).date()
    if first == last:
        return _("on %(day)s", day=date_in_words(first, "d MMMM"))
    return _("from %(first)s to %(last)s", first=date_in_words(first, "d MMMM"),
             last=date_in_words(last, "d MMMM"))


def zone_note(series: MeetingSeries, viewer: User, now: datetime) -> str:
    """E.g. "These sessions follow Paris time; in Montreal they are at 13:00, except from
    8 March to 29 March, when they are at 14:00." """
    series_city = city(series.timezone)
    if viewer.timezone == series.timezone:
        return _("These sessions follow %(city)s time, your time zone.", city=series_city)
    usual = usual_time(series, viewer)
    if usual is None:
        return _("These sessions follow %(city)s time.", city=series_city)
    coming = [o for o in _ruled(series) if o.end_at > now]
    runs = _runs(coming, viewer, usual)
    place = city(viewer.timezone)
    if not runs:
        return _("These sessions follow %(series_city)s time; in %(city)s they are at %(time)s.",
                 series_city=series_city, city=place, time=usual)
    exceptions = "; ".join(
        _("%(when)s, when they are at %(time)s", when=_span(run, viewer), time=local)
        for run, local in runs)
    return _("These sessions follow %(series_city)s time; in %(city)s they are at %(time)s, "
             "except %(exceptions)s.", series_city=series_city, city=place, time=usual,
             exceptions=exceptions)


def shift_of(occurrence: Occurrence, person: User, usual: str | None = None) -> str | None:
    """The person's clock time for this session if it differs from their usual one (`usual`:
    already worked out for the series, which costs a pass over all its sessions)."""
    if occurrence.status is not OccurrenceStatus.SCHEDULED:
        return None
    usual = usual or usual_time(occurrence.series, person)
    local = _hhmm(to_local(occurrence.recurrence_at, person.timezone))
    return local if usual and local != usual else None


def shifted_sessions(series_list: list[MeetingSeries], viewer: User,
                     now: datetime) -> dict[int, list[str]]:
    """Session id -> warnings for the weeks whose clock time differs for one of the two."""
    notes: dict[int, list[str]] = {}
    for series in series_list:
        match = series.match
        other = match.other_party(viewer) if match.involves(viewer) else None
        my_usual = usual_time(series, viewer)
        their_usual = usual_time(series, other) if other is not None else None
        for occurrence in series.occurrences:
            if occurrence.end_at <= now:
                continue
            mine = shift_of(occurrence, viewer, my_usual)
            if mine:
                notes.setdefault(occurrence.id, []).append(_(
                    "This week it is at %(time)s for you, not %(usual)s: the clocks do not "
                    "change on the same day in %(city)s and in %(series_city)s.",
                    time=mine, usual=my_usual, city=city(viewer.timezone),
                    series_city=city(series.timezone)))
            theirs = shift_of(occurrence, other, their_usual) if other is not None else None
            if theirs and other is not None:
                notes.setdefault(occurrence.id, []).append(_(
                    "This week it is at %(time)s for %(name)s in %(city)s, not %(usual)s.",
                    time=theirs, name=other.pseudonym, city=city(other.timezone),
                    usual=their_usual))
    return notes


def reminder_warning(occurrence: Occurrence, person: User) -> str:
    """The reminder's sentence when this week's clock time differs for its reader."""
    local = shift_of(occurrence, person)
    if not local:
        return ""
    return _("Careful: this week the session is at %(time)s for you, not %(usual)s as usual, "
             "because the clocks do not change on the same day in %(city)s and in "
             "%(series_city)s.", time=local, usual=usual_time(occurrence.series, person),
             city=city(person.timezone, person.locale),
             series_city=city(occurrence.series.timezone, person.locale))
