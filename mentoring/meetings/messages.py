"""Notification kinds of meetings; booking and change e-mails carry the calendar invite."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import gettext as _

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.mail import CalendarPart
from mentoring.meetings.invites import cancellation_bytes, has_past, invite_bytes
from mentoring.meetings.models import MeetingSeries, Occurrence
from mentoring.notify.kinds import Kind, register


def _page(params: dict) -> str:
    return url_for("meetings.match_meetings", match_id=params["match_id"])


def _session_or_page(params: dict) -> str:
    """The session's own page when the message is about one session still there."""
    occurrence = _occurrence(params)
    if occurrence is not None and not occurrence.is_cancelled:
        return url_for("meetings.session_page", occurrence_id=occurrence.id)
    return _page(params)


def _series(notification) -> MeetingSeries | None:
    """The notification's series, unless its id now belongs to another one (ids are reused)."""
    params = notification.params
    series = db.session.get(MeetingSeries, params["series_id"])
    if series is None or params.get("uid", series.uid) != series.uid:
        return None
    return series


def _occurrence(params: dict) -> Occurrence | None:
    occurrence_id = params.get("occurrence_id")
    occurrence = db.session.get(Occurrence, occurrence_id) if occurrence_id else None
    if occurrence is None or occurrence.series_id != params.get("series_id"):
        return None
    if "recurrence_at" in params and (
            occurrence.recurrence_at != datetime.fromisoformat(params["recurrence_at"])):
        return None  # a reused id: another session now
    return occurrence


def _request(notification) -> CalendarPart | None:
    series = _series(notification)
    if series is None:
        return None
    return CalendarPart("REQUEST", invite_bytes(series, notification.user, now_utc()))


def _cancel(notification) -> CalendarPart | None:
    series = _series(notification)
    if series is None:
        return None
    params = notification.params
    if has_past(series):  # ending a series keeps the sessions held: the rule is shortened
        return CalendarPart("REQUEST", invite_bytes(series, notification.user, now_utc()))
    recurrence_at = None
    if "recurrence_at" in params:  # stored when the session was cancelled, not looked up by id
        recurrence_at = datetime.fromisoformat(params["recurrence_at"])
    elif params.get("occurrence_id"):
        occurrence = _occurrence(params)
        if occurrence is None:
            return None
        recurrence_at = occurrence.recurrence_at
    content = cancellation_bytes(series, notification.user, now_utc(), recurrence_at)
    return CalendarPart("CANCEL", content, filename="cancel.ics")


register(Kind(
    name="meeting_proposed",
    title=lambda p: _("A meeting time was proposed to you: please confirm"),
    link=_page,
))
register(Kind(
    name="meeting_declined",
    title=lambda p: _("A proposed meeting time was declined or withdrawn"),
    link=_page,
))
register(Kind(
    name="meeting_booked",
    title=lambda p: _("Your mentoring sessions are booked"),
    link=_page,
    email_template="meetings/email_invite.txt",
    calendar=_request,
))
register(Kind(
    name="meeting_changed",
    title=lambda p: _("Your mentoring sessions have changed"),
    link=_session_or_page,
    email_template="meetings/email_invite.txt",
    calendar=_request,
))
register(Kind(
    name="meeting_session_cancelled",
    title=lambda p: _("A mentoring session was cancelled"),
    link=_page,
    email_template="meetings/email_invite.txt",
    calendar=_cancel,
))
register(Kind(
    name="meeting_cancelled",
    title=lambda p: _("Your mentoring sessions are cancelled"),
    link=_page,
    email_template="meetings/email_invite.txt",
    calendar=_cancel,
))
register(Kind(
    name="meeting_reminder",
    title=lambda p: _("Reminder: you have a mentoring session soon"),
    link=_page,
    email_template="meetings/email_reminder.txt",
))
