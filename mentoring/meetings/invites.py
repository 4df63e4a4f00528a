"""From series rows to the pure iCalendar function's input, for one reader at a time.

Each reader gets their own copy: their real address as ATTENDEE (so their calendar offers the
invite), the other participant under their pseudonym with an address in the reserved `.invalid`
domain, because participants never learn each other's e-mail address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.meetings.ical import FeedInfo, Moved, Person, SeriesInvite, calendar_bytes
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.meetings.rules import Rule, to_local
from mentoring.meetings.services import rule_of
from mentoring.pairing.models import Match

HIDDEN_DOMAIN = "participants.invalid"


def organiser() -> Person:
    name, address = parseaddr(current_app.config["MAIL_FROM"])
    return Person(name or current_app.config["PROGRAMME_NAME"], address)


def _person(user: User, reader: User) -> Person:
    address = user.email if user.id == reader.id else f"participant-{user.id}@{HIDDEN_DOMAIN}"
    return Person(user.pseudonym, address)


def meetings_url(series: MeetingSeries) -> str:
    """The absolute link back to the app (BASE_URL, whatever host the request came to)."""
    if has_request_context():
        path = url_for("meetings.match_meetings", match_id=series.match_id)
    else:  # the CLI, the bench: no request to build the URL from
        with current_app.test_request_context():
            path = url_for("meetings.match_meetings", match_id=series.match_id)
    return current_app.config["BASE_URL"].rstrip("/") + path


def held_sessions(series: MeetingSeries) -> list[Occurrence]:
    """The sessions of a cancelled series that had started before it ended (they stay)."""
    if series.status is not SeriesStatus.CANCELLED:
        return []
    return [o for o in series.occurrences if not o.is_cancelled]


def has_past(series: MeetingSeries) -> bool:
    """An ended series with held sessions is sent as a shortened rule, not as a CANCEL."""
    return bool(held_sessions(series))


def _ended_rule(series: MeetingSeries, held: list[Occurrence]) -> Rule:
    last = to_local(max(o.recurrence_at for o in held), series.timezone)
    return replace(rule_of(series), count=None,
                   until_local=datetime.combine(last.date(), time(23, 59, 59)))


def _moved(occurrence: Occurrence, zone: str) -> Moved:
    local = to_local(occurrence.start_at, zone).replace(fold=0)
    # A wall time that happens twice (or, for the end, not at all) on a DST night is read
    # differently by parsers: such a session is written in UTC, which nobody misreads.
    end = to_local(occurrence.end_at, zone).replace(fold=0)
    exact = occurrence.start_at if _is_dst_night(local, zone) or _is_dst_night(end, zone) else None
    return Moved(to_local(occurrence.recurrence_at, zone), local,
                 int((occurrence.end_at - occurrence.start_at).total_seconds() // 60), exact)


def _is_dst_night(local: datetime, zone: str) -> bool:
    tz = ZoneInfo(zone)
    return local.replace(tzinfo=tz, fold=0).utcoffset() != local.replace(
        tzinfo=tz, fold=1).utcoffset()


def series_invite(series: MeetingSeries, reader: User,
                  cancelled_only: datetime | None = None) -> SeriesInvite:
    """The reader's view of a series, in their language; times stay in the series' zone.

    `cancelled_only` is the stored RECURRENCE-ID instant of the one session a CANCEL names.
    A cancelled series with held sessions ends its rule after the last of them (UNTIL), so
    calendars keep the past and drop the rest.
    """
    match, zone = series.match, series.timezone
    url = meetings_url(series)
    with force_locale(reader.locale):
        summary = _("Mentoring session · %(mentee)s & %(mentor)s",
                    mentee=match.mentee.pseudonym, mentor=match.mentor.pseudonym)
        description = _("Your mentoring session. Details, changes and cancellation: %(url)s",
                        url=url)
        if series.video_url:
            description += "\n" + _("Video link: %(url)s", url=series.video_url)
    held = held_sessions(series)
    occurrences = held or series.occurrences
    rule = _ended_rule(series, held) if held else rule_of(series)
    if cancelled_only is not None:
        cancelled: tuple[datetime, ...] = (to_local(cancelled_only, zone),)
    else:
        cancelled = tuple(to_local(o.recurrence_at, zone) for o in occurrences
                          if o.status is OccurrenceStatus.CANCELLED)
    moved = tuple(_moved(o, zone) for o in occurrences if o.status is OccurrenceStatus.MOVED)
    return SeriesInvite(
        uid=series.uid, sequence=series.sequence, rule=rule,
        minutes=series.duration_minutes, summary=summary, description=description, url=url,
        attendees=(_person(match.mentee, reader), _person(match.mentor, reader)),
        created_at=series.created_at, updated_at=series.updated_at,
        location=series.location or series.video_url, cancelled=cancelled, moved=moved,
        is_cancelled=series.status is SeriesStatus.CANCELLED and not held,
    )


def invite_bytes(series: MeetingSeries, reader: User, now: datetime,
                 method: str | None = "REQUEST") -> bytes:
    """The invite of one series: the download and the e-mail attachment."""
    return calendar_bytes([series_invite(series, reader)], method=method, organiser=organiser(),
                          now=now)


def cancellation_bytes(series: MeetingSeries, reader: User, now: datetime,
                       recurrence_at: datetime | Occurrence | None = None) -> bytes:
    """METHOD:CANCEL for the whole series, or for its session whose rule time is `recurrence_at`."""
    if isinstance(recurrence_at, Occurrence):
        recurrence_at = recurrence_at.recurrence_at
    invite = series_invite(series, reader, cancelled_only=recurrence_at)
    return calendar_bytes([invite], method="CANCEL", organiser=organiser(), now=now)


def feed_series(user: User) -> list[MeetingSeries]:
    """Booked series of the person, and ended ones whose held sessions stay in calendars."""
    found = db.session.scalars(
        select(MeetingSeries).join(Match, MeetingSeries.match_id == Match.id)
        .where(MeetingSeries.status.in_((SeriesStatus.CONFIRMED, SeriesStatus.CANCELLED)),
               or_(Match.mentee_id == user.id, Match.mentor_id == user.id))
        .options(selectinload(MeetingSeries.occurrences),
                 selectinload(MeetingSeries.match).selectinload(Match.mentee),
                 selectinload(MeetingSeries.match).selectinload(Match.mentor))
        .order_by(MeetingSeries.id)
    )
    return [s for s in found if s.status is SeriesStatus.CONFIRMED or has_past(s)]


@dataclass(frozen=True)
class Feed:
    content: bytes
    etag: str  # a strong validator: the hash of the bytes
    last_modified: datetime


def feed_bytes(user: User, now: datetime) -> bytes:
    """The person's subscription feed: every booked series of theirs (METHOD:PUBLISH)."""
    return personal_feed(user, now).content


FEEDS_KEPT, MAX_FEEDS_KEPT = "calendar_feeds_kept", 1000


def personal_feed(user: User, now: datetime) -> Feed:
    """The feed with its validators; DTSTAMP is the last change, so unchanged means same bytes.

    A feed is built again only when what it is made of changed: each process keeps the last
    one per person with what it was built from (every change to a series, or to one of its
    sessions, moves its updated_at; the names and the reader's settings are in the key too).
    Calendar clients poll the same unchanged feed all day."""
    rows = _feed_ingredients(user)
    # Over every series of theirs, listed or not: dropping a series is a change too.
    changed = max((row.updated_at for row in rows), default=None)
    stamp = _aware(changed) if changed else (user.created_at or now)
    key = (user.email, user.pseudonym, user.locale, user.timezone, stamp, tuple(rows))
    kept = current_app.extensions.setdefault(FEEDS_KEPT, {})
    found = kept.get(user.id)
    if found is not None and found[0] == key:
        return found[1]
    feed = _build_feed(user, stamp)
    if changed or user.created_at:  # a stamp taken from the clock is not a version
        if len(kept) >= MAX_FEEDS_KEPT:
            kept.clear()
        kept[user.id] = (key, feed)
    return feed


def _feed_ingredients(user: User) -> list:
    """Every series of the person's matches with its version and the two names it shows."""
    mentee, mentor = aliased(User), aliased(User)
    return list(db.session.execute(
        # The uid too: SQLite may give a deleted series' id to a new one, which is not the same.
        select(MeetingSeries.id, MeetingSeries.uid, MeetingSeries.updated_at,
               MeetingSeries.sequence, MeetingSeries.status, mentee.pseudonym, mentor.pseudonym)
        .join(Match, MeetingSeries.match_id == Match.id)
        .join(mentee, Match.mentee_id == mentee.id).join(mentor, Match.mentor_id == mentor.id)
        .where(or_(Match.mentee_id == user.id, Match.mentor_id == user.id))
        .order_by(MeetingSeries.id)).tuples())


def _build_feed(user: User, stamp: datetime) -> Feed:
    series = feed_series(user)
    invites = [series_invite(s, user) for s in series]
    with force_locale(user.locale):
        name = _("%(programme)s: my mentoring sessions",
                 programme=current_app.config["PROGRAMME_NAME"])
    content = calendar_bytes(invites, method="PUBLISH", organiser=organiser(), now=stamp,
                             feed=FeedInfo(name=name, timezone=user.timezone))
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    return Feed(content, etag, stamp.replace(microsecond=0))


def _aware(value: datetime) -> datetime:
    """func.max() skips the column type on SQLite: read the result back as UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
