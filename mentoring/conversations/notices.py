"""E-mail that a message is waiting: never its text, once per quiet period, not at night for minors.

The notice is a Notification due a few minutes after the message; reading the conversation
before then cancels it. A minor's notice never falls in the programme's quiet hours in the
minor's own zone: it waits for the morning, and the sender checks again when it sends (a
scheduler that was down must not send at night either).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from mentoring.accounts.models import User
from mentoring.conversations.models import ConversationRead, MessagePreference
from mentoring.extensions import db
from mentoring.notify.models import Notification
from mentoring.notify.services import cancel_pending, notify
from mentoring.pairing.models import Match
from mentoring.profiles.models import MenteeProfile

KIND = "message_waiting"


def topic(match_id: int, user_id: int) -> str:
    return f"messages:{match_id}:{user_id}"


def is_minor(user: User) -> bool:
    return bool(db.session.scalar(db.select(MenteeProfile.is_minor)
                                  .where(MenteeProfile.user_id == user.id)))


def match_has_minor(match: Match) -> bool:
    return bool(db.session.scalar(db.select(MenteeProfile.is_minor)
                                  .where(MenteeProfile.user_id == match.mentee_id)))


def quiet_hours(setting: str | None = None) -> tuple[time, time]:
    """'21:00-08:00' -> (21:00, 08:00)."""
    raw = setting or current_app.config.get("QUIET_HOURS_FOR_MINORS") or "21:00-08:00"
    start, _sep, end = raw.partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def outside_quiet_hours(instant: datetime, zone: str, hours: tuple[time, time]) -> datetime:
    """`instant`, or the end of the quiet hours it falls in (wall time in `zone`)."""
    start, end = hours
    local = instant.astimezone(ZoneInfo(zone or "UTC"))
    wall = local.time()
    quiet = (start <= wall or wall < end) if start > end else (start <= wall < end)
    if not quiet:
        return instant
    day = local.date() if wall < end else local.date() + timedelta(days=1)
    morning = datetime.combine(day, end, tzinfo=local.tzinfo)
    return morning.astimezone(instant.tzinfo)


def emails_off(user: User) -> bool:
    return bool(db.session.scalar(db.select(MessagePreference.emails_off)
                                  .where(MessagePreference.user_id == user.id)))


def set_emails_off(user: User, off: bool, now: datetime) -> None:
    row = db.session.get(MessagePreference, user.id)
    if row is None:
        row = MessagePreference(user_id=user.id)
        db.session.add(row)
    row.emails_off, row.updated_at = off, now
    if off:
        db.session.execute(db.update(Notification).where(
            Notification.user_id == user.id, Notification.kind == KIND,
            Notification.emailed_at.is_(None), Notification.cancelled_at.is_(None))
            .values(cancelled_at=now))
    db.session.flush()


def schedule_notice(recipient: User, match: Match, read: ConversationRead, now: datetime) -> None:
    """Tell `recipient` later that a message waits, unless told already in this quiet period."""
    config = current_app.config
    period = timedelta(hours=config["MESSAGE_NOTICE_QUIET_HOURS"])
    if emails_off(recipient) or (read.noticed_at and now - read.noticed_at < period):
        return
    due = now + timedelta(minutes=config["MESSAGE_NOTICE_DELAY_MINUTES"])
    if is_minor(recipient):
        due = outside_quiet_hours(due, recipient.timezone, quiet_hours())
    read.noticed_at = now
    notify(recipient, KIND, now, due_at=due, topic=topic(match.id, recipient.id),
           match_id=match.id)


def cancel_notice(read: ConversationRead, now: datetime) -> None:
    """The person read the conversation: a notice not yet sent is not needed any more."""
    if read.noticed_at is not None and cancel_pending(topic(read.match_id, read.user_id), now,
                                                      kind=KIND):
        read.noticed_at = None


def defer_notice(notification, now: datetime) -> datetime | None:
    """At sending time: a later instant if the recipient is a minor in quiet hours, else None."""
    user = notification.user
    if not is_minor(user):
        return None
    later = outside_quiet_hours(now, user.timezone, quiet_hours())
    return later if later > now else None
