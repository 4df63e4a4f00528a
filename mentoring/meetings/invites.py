"""From series rows to the pure iCalendar function's input, for one reader at a time.

Each reader gets their own copy: their real address as ATTENDEE (so their calendar offers the
invite), the other participant under their pseudonym with an address in the reserved `.invalid`
domain, because participants never learn each other's e-mail address.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.meetings.ical import Moved, Person, SeriesInvite, calendar_bytes
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.meetings.rules import to_local
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


def series_invite(series: MeetingSeries, reader: User,
                  cancelled_only: Occurrence | None = None) -> SeriesInvite:
    """The reader's view of a series, in their language; times stay in the series' zone."""
    match, zone = series.match, series.timezone
    url = meetings_url(series)
    with force_locale(reader.locale):
        summary = _("Mentoring session · %(mentee)s & %(mentor)s",
                    mentee=match.mentee.pseudonym, mentor=match.mentor.pseudonym)
        description = _("Your mentoring session. Details, changes and cancellation: %(url)s",
                        url=url)
        if series.video_url:
            description += "\n" + _("Video link: %(url)s", url=series.video_url)
    occurrences = series.occurrences
    if cancelled_only is not None:
        cancelled = (to_local(cancelled_only.recurrence_at, zone),)
    else:
        cancelled = tuple(to_local(o.recurrence_at, zone) for o in occurrences
                          if o.status is OccurrenceStatus.CANCELLED)
    moved = tuple(
        Moved(to_local(o.recurrence_at, zone), to_local(o.start_at, zone),
              int((o.end_at - o.start_at).total_seconds() // 60))
        for o in occurrences if o.status is OccurrenceStatus.MOVED
    )
    return SeriesInvite(
        uid=series.uid, sequence=series.sequence, rule=rule_of(series),
        minutes=series.duration_minutes, summary=summary, description=description, url=url,
        attendees=(_person(match.mentee, reader), _person(match.mentor, reader)),
        created_at=series.created_at, updated_at=series.updated_at,
        location=series.location or series.video_url, cancelled=cancelled, moved=moved,
        is_cancelled=series.status is SeriesStatus.CANCELLED,
    )


def invite_bytes(series: MeetingSeries, reader: User, now: datetime,
                 method: str | None = "REQUEST") -> bytes:
    """The invite of one series: the download and the e-mail attachment."""
    return calendar_bytes([series_invite(series, reader)], method=method, organiser=organiser(),
                          now=now)


def cancellation_bytes(series: MeetingSeries, reader: User, now: datetime,
                       occurrence: Occurrence | None = None) -> bytes:
    """METHOD:CANCEL for the whole series, or for one of its sessions."""
    invite = series_invite(series, reader, cancelled_only=occurrence)
    return calendar_bytes([invite], method="CANCEL", organiser=organiser(), now=now)


def feed_series(user: User) -> list[MeetingSeries]:
    return list(db.session.scalars(
        select(MeetingSeries).join(Match, MeetingSeries.match_id == Match.id)
        .where(MeetingSeries.status == SeriesStatus.CONFIRMED,
               or_(Match.mentee_id == user.id, Match.mentor_id == user.id))
        .options(selectinload(MeetingSeries.occurrences),
                 selectinload(MeetingSeries.match).selectinload(Match.mentee),
                 selectinload(MeetingSeries.match).selectinload(Match.mentor))
        .order_by(MeetingSeries.id)
    ))


def feed_bytes(user: User, now: datetime) -> bytes:
    """The person's subscription feed: every booked series of theirs (METHOD:PUBLISH)."""
    invites = [series_invite(series, user) for series in feed_series(user)]
    with force_locale(user.locale):
        name = _("%(programme)s: my mentoring sessions",
                 programme=current_app.config["PROGRAMME_NAME"])
    return calendar_bytes(invites, method="PUBLISH", organiser=organiser(), now=now, name=name)
