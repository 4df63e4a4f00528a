"""E-mail delivery: at least once, and once in practice.

A sender claims a row with a conditional update that takes a lease (claimed_at, claimed_by) and
commits it, then sends, then marks the row sent (emailed_at). A sender that dies or loses the
database between the claim and "sent" leaves an expired lease, which the next sweep of any
process takes again; the message keeps its Message-ID, so a rare resend is the same message.
Temporary mail server errors (4xx, connection failures) are retried with backoff up to
MAX_ATTEMPTS; a permanent refusal (5xx) marks the row undeliverable for coordinators to see.
"""

from __future__ import annotations

import contextlib
import logging
import os
import smtplib
import socket
from contextlib import nullcontext
from datetime import datetime, timedelta
from email.utils import make_msgid

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from sqlalchemy import and_, inspect, or_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from mentoring.database import rows_changed
from mentoring.extensions import db
from mentoring.mail import send_email
from mentoring.notify.kinds import kind_of
from mentoring.notify.models import Notification
from mentoring.notify.services import NEW_IDS_KEY

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
WORKER = f"{socket.gethostname()}:{os.getpid()}"[:80]


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failed attempt, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def send_committed_notifications(now: datetime) -> bool:
    """E-mail what the just-committed action created; False if some must wait for the scheduler.

    Call after commit. It never raises a database error: the action is saved, and an unsent
    row (unclaimed, or with a lease that will expire) is sent by the scheduler's next sweep.
    It works in a session of its own, so that a failure here (and the rollback it needs) leaves
    the caller's rows as they were in memory, for the answer to be built from them.
    """
    created = db.session.info.pop(NEW_IDS_KEY, [])
    # The identity key, not n.id: a row the action deleted again (account erasure) cannot reload.
    ids = [state.identity[0] for state in map(inspect, created) if state.identity]
    if not ids:
        return True
    with Session(db.engine) as session:
        try:
            outcomes = [_claim_and_send(notification_id, now, session) for notification_id in ids]
        except SQLAlchemyError:
            log.warning("sending after commit failed; the scheduler will send the rest")
            with contextlib.suppress(SQLAlchemyError):  # the connection may be gone altogether
                session.rollback()
            return False
    return all(outcome is not False for outcome in outcomes)


def _sendable(now: datetime):
    lease = timedelta(seconds=current_app.config.get("MAIL_LEASE_SECONDS", 300))
    return and_(
        Notification.emailed_at.is_(None), Notification.cancelled_at.is_(None),
        Notification.undeliverable_at.is_(None),
        or_(Notification.retry_at.is_(None), Notification.retry_at <= now),
        or_(Notification.claimed_at.is_(None), Notification.claimed_at < now - lease),
    )


def send_due_notifications(now: datetime, limit: int = 500) -> int:
    """E-mail every due, unsent notification, expired leases included (the scheduler's sweep)."""
    ids = db.session.scalars(
        db.select(Notification.id).where(_sendable(now), Notification.due_at <= now)
        .order_by(Notification.due_at, Notification.id).limit(limit)
    ).all()
    db.session.commit()
    return sum(bool(_claim_and_send(notification_id, now)) for notification_id in ids)


def _claim(notification_id: int, now: datetime, session=None) -> bool:
    session = session or db.session
    result = session.execute(
        update(Notification).where(Notification.id == notification_id, _sendable(now))
        .values(claimed_at=now, claimed_by=WORKER, send_attempts=Notification.send_attempts + 1,
                message_id=db.func.coalesce(Notification.message_id,
                                            make_msgid(domain="mentoring.local")))
    )
    session.commit()
    return rows_changed(result) == 1


def _mine(notification_id: int):
    return update(Notification).where(
        Notification.id == notification_id, Notification.claimed_by == WORKER,
        Notification.emailed_at.is_(None))


def _claim_and_send(notification_id: int, now: datetime, session=None) -> bool | None:
    """True: sent; None: nothing to send; False: not sent (yet)."""
    session = session or db.session
    if not _claim(notification_id, now, session):
        return None
    try:
        # Read afresh: the claim just set message_id.
        notification = session.get(Notification, notification_id, populate_existing=True)
        assert notification is not None  # claimed a moment ago
        kind = kind_of(notification.kind)
        later = kind.defer(notification, now)
        if later is not None:  # not now: back to the queue, due later, this attempt not counted
            db.session.execute(_mine(notification_id).values(
                due_at=later, claimed_at=None, send_attempts=Notification.send_attempts - 1))
            db.session.commit()
            return None
        if kind.send_email and notification.user.is_enabled:
            _send(notification, kind)
            sent = True
        else:
            sent = None
    except SQLAlchemyError:
        # The lease expires and a later sweep takes the row again.
        log.warning("database lost while sending notification %s", notification_id)
        with contextlib.suppress(SQLAlchemyError):
            session.rollback()
        return False
    except Exception as error:  # noqa: BLE001  SMTP refused or down, template error
        _record_failure(session, notification_id, now, error)
        return False
    with contextlib.suppress(SQLAlchemyError):  # if lost, the lease expires: a rare resend
        session.execute(_mine(notification_id).values(emailed_at=now, claimed_at=None))
        session.commit()
    return sent


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _record_failure(session, notification_id: int, now: datetime, error: Exception) -> None:
    log.warning("sending notification %s failed: %s", notification_id, type(error).__name__)
    with contextlib.suppress(SQLAlchemyError):
        session.rollback()
        row = session.get(Notification, notification_id)
        assert row is not None  # claimed by this sender
        if _is_permanent(error) or row.send_attempts >= MAX_ATTEMPTS:
            values = {"undeliverable_at": now, "claimed_at": None}
        else:
            values = {"retry_at": now + backoff(row.send_attempts), "claimed_at": None}
        session.execute(_mine(notification_id).values(**values))
        session.commit()


def _url_context():
    """Links need a request context; the CLI and the scheduler have none, so make one."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config["BASE_URL"])


def _send(notification: Notification, kind) -> None:
    user = notification.user
    with _url_context(), force_locale(user.locale):
        subject = kind.title(notification.params)
        link = kind.link(notification.params)
        url = current_app.config["BASE_URL"].rstrip("/") + link if link else None
        body = render_template(
            kind.email_template, user=user, notification=notification, params=notification.params,
            subject=subject, url=url,
        )
    send_email(user.email, subject, body, attachments=kind.attachments(notification),
               calendar=kind.calendar(notification), message_id=notification.message_id)
