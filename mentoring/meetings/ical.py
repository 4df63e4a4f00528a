"""The one pure function that turns meeting series into iCalendar bytes.

The download, the e-mail attachment and the personal feed all call `calendar_bytes`, so a
calendar sees the same UID, SEQUENCE and times whichever way the event reached it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from mentoring.meetings.rules import Rule
from mentoring.meetings.vtimezone import canonical_zone, vtimezone

PRODID = "-//Pairs et Reperes//Mentoring meetings 1.0//EN"
METHODS = ("REQUEST", "CANCEL", "PUBLISH")


@dataclass(frozen=True)
class Person:
    name: str
    address: str  # an e-mail address, without "mailto:"


@dataclass(frozen=True)
class Moved:
    recurrence_local: datetime  # naive wall time the rule gave
    start_local: datetime  # naive wall time it now happens at
    minutes: int
    # Set when the wall time is the second of a doubled hour (DST end), which a TZID time
    # cannot say (RFC 5545 reads it as the first): DTSTART/DTEND are then written in UTC.
    start_at: datetime | None = None


@dataclass(frozen=True)
class SeriesInvite:
    """What a calendar needs to know about one series, already translated for its reader."""

    uid: str
    sequence: int
    rule: Rule
    minutes: int
    summary: str
    description: str
    url: str
    attendees: tuple[Person, ...]
    created_at: datetime
    updated_at: datetime
    location: str | None = None
    cancelled: tuple[datetime, ...] = ()  # naive wall times of cancelled sessions
    moved: tuple[Moved, ...] = ()
    is_cancelled: bool = False


@dataclass(frozen=True)
class FeedInfo:
    """What a subscribed calendar shows and how often it polls (RFC 7986)."""

    name: str
    timezone: str  # the reader's zone: its VTIMEZONE keeps an empty feed valid
    refresh: timedelta = timedelta(hours=1)


def calendar_bytes(series: Sequence[SeriesInvite], *, method: str | None, organiser: Person,
                   now: datetime, feed: FeedInfo | None = None) -> bytes:
    """Return a VCALENDAR for `series` (METHOD omitted when `method` is None, as CalDAV wants).

    With METHOD:CANCEL, a cancelled series is sent as its master event with STATUS:CANCELLED,
    and a live one as one cancelled instance (RECURRENCE-ID) per entry of `cancelled`.
    METHOD:PUBLISH (the feed) lists no ATTENDEE (RFC 5546 3.2.1).
    """
    if method is not None and method not in METHODS:
        raise ValueError(f"unknown iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if feed is not None:
        _describe_feed(calendar, feed)
    zones = _years_by_zone(series)
    if feed is not None and not series:
        # RFC 5545 3.6 wants at least one component: an empty feed carries the reader's
        # VTIMEZONE, which every parser we test accepts, rather than a made-up event.
        year = now.astimezone(UTC).year
        zones = {canonical_zone(feed.timezone): (year, year + 1)}
    for zone_name, (first, last) in zones.items():
        calendar.add_component(vtimezone(zone_name, first, last))
    stamp = now.astimezone(UTC)
    for item in series:
        for event in _events(item, method, organiser, stamp):
            calendar.add_component(event)
    return calendar.to_ical()


def _describe_feed(calendar: Calendar, feed: FeedInfo) -> None:
    calendar.add("name", feed.name)
    calendar.add("x-wr-calname", feed.name)  # Apple, Google and Outlook read this older name
    calendar.add("refresh-interval", feed.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", feed.refresh)  # Outlook's own polling hint


def _years_by_zone(series: Sequence[SeriesInvite]) -> dict[str, tuple[int, int]]:
    years: dict[str, tuple[int, int]] = {}
    for item in series:
        starts = [item.rule.first_start_local] + [m.start_local for m in item.moved]
        last = item.rule.until_local or item.rule.first_start_local + timedelta(
            weeks=item.rule.interval_weeks * (item.rule.count or 1))
        zone = canonical_zone(item.rule.timezone)
        low, high = years.get(zone, (9999, 0))
        years[zone] = (min(low, *(s.year for s in starts)),
                                     max(high, last.year, *(s.year for s in starts)))
    return years


def _events(item: SeriesInvite, method: str | None, organiser: Person, stamp: datetime):
    if method == "CANCEL" and not item.is_cancelled:
        return [_instance(item, organiser, stamp, when, method) for when in item.cancelled]
    master = _master(item, organiser, stamp, method)
    if item.is_cancelled:
        return [master]
    return [master] + [_moved(item, organiser, stamp, moved, method) for moved in item.moved]


def _local(item: SeriesInvite, naive: datetime) -> datetime:
    """The wall time with the canonical zone, whose id TZID and VTIMEZONE carry."""
    if naive.tzinfo is not None:  # already an exact instant
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=ZoneInfo(canonical_zone(item.rule.timezone)))


def _common(item: SeriesInvite, organiser: Person, stamp: datetime, start: datetime,
            minutes: int | None = None, method: str | None = None) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", item.sequence)
    event.add("created", item.created_at.astimezone(UTC))
    event.add("last-modified", item.updated_at.astimezone(UTC))
    event.add("dtstart", _local(item, start))
    event.add("dtend", _local(item, start + timedelta(minutes=minutes or item.minutes)))
    event.add("summary", item.summary)
    event.add("description", item.description)
    event.add("url", item.url)
    if item.location:
        event.add("location", item.location)
    event.add("organizer", _address(organiser, role=None))
    if method != "PUBLISH":
        for person in item.attendees:
            event.add("attendee", _address(person, role="REQ-PARTICIPANT"))
        # No counter-proposals: changes are made in the app, which the invite text links to.
        event.add("x-microsoft-disallow-counter", "TRUE")
    event.add("transp", "OPAQUE")
    event.add("class", "PRIVATE")
    return event


def _master(item: SeriesInvite, organiser: Person, stamp: datetime, method) -> Event:
    event = _common(item, organiser, stamp, item.rule.first_start_local, method=method)
    recur: dict[str, object] = {"freq": "weekly"}
    if item.rule.interval_weeks != 1:
        recur["interval"] = item.rule.interval_weeks
    if item.rule.count is not None:
        recur["count"] = item.rule.count
    else:
        recur["until"] = item.rule.until_utc()  # with a TZID start, UNTIL must be in UTC
    event.add("rrule", recur)
    for when in sorted(item.cancelled):
        event.add("exdate", _local(item, when))  # one property each: simplest for every parser
    event.add("status", "CANCELLED" if item.is_cancelled else "CONFIRMED")
    return event


def _moved(item: SeriesInvite, organiser: Person, stamp: datetime, moved: Moved,
           method) -> Event:
    start = moved.start_at or moved.start_local
    event = _common(item, organiser, stamp, start, moved.minutes, method)
    event.add("recurrence-id", _local(item, moved.recurrence_local))
    event.add("status", "CONFIRMED")
    return event


def _instance(item, organiser, stamp, when: datetime, method) -> Event:
    """One cancelled session (METHOD:CANCEL with RECURRENCE-ID)."""
    event = _common(item, organiser, stamp, when, method=method)
    event.add("recurrence-id", _local(item, when))
    event.add("status", "CANCELLED")
    return event


def _address(person: Person, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.address}")
    # Parameter values cannot hold control characters; icalendar quotes the rest (RFC 6868).
    address.params["CN"] = "".join(c for c in person.name if c.isprintable()).strip() or "?"
    if role:
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "ACCEPTED"
        address.params["RSVP"] = "FALSE"
    return address
