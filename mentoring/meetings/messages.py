"""Notification kinds of meetings; booking and change e-mails carry the calendar invite."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.mail import Attachment
from mentoring.meetings.invites import cancellation_bytes, invite_bytes
from mentoring.meetings.models import MeetingSeries, Occurrence
from mentoring.notify.kinds import Kind, register


def _page(params: dict) -> str:
    return url_for("meetings.match_meetings", match_id=params["match_id"])


def _ics(content: bytes, method: str) -> tuple[Attachment, ...]:
    name = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return (Attachment(name, content, "text", "calendar",
                       {"method": method, "charset": "UTF-8"}),)


def _request(notification) -> tuple[Attachment, ...]:
    series = db.session.get(MeetingSeries, notification.params["series_id"])
    return _ics(invite_bytes(series, notification.user, now_utc()), "REQUEST")


def _cancel(notification) -> tuple[Attachment, ...]:
    series = db.session.get(MeetingSeries, notification.params["series_id"])
    occurrence_id = notification.params.get("occurrence_id")
    occurrence = db.session.get(Occurrence, occurrence_id) if occurrence_id else None
    return _ics(cancellation_bytes(series, notification.user, now_utc(), occurrence), "CANCEL")


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
    attachments=_request,
))
register(Kind(
    name="meeting_changed",
    title=lambda p: _("Your mentoring sessions have changed"),
    link=_page,
    email_template="meetings/email_invite.txt",
    attachments=_request,
))
register(Kind(
    name="meeting_session_cancelled",
    title=lambda p: _("A mentoring session was cancelled"),
    link=_page,
    email_template="meetings/email_invite.txt",
    attachments=_cancel,
))
register(Kind(
    name="meeting_cancelled",
    title=lambda p: _("Your mentoring sessions are cancelled"),
    link=_page,
    email_template="meetings/email_invite.txt",
    attachments=_cancel,
))
register(Kind(
    name="meeting_reminder",
    title=lambda p: _("Reminder: you have a mentoring session soon"),
    link=_page,
    email_template="meetings/email_reminder.txt",
))
