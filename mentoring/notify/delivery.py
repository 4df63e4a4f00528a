"""E-mail delivery: claim a row with a conditional update, commit the claim, then send.

A claimed row is never sent again, so two schedulers, or a scheduler restarted mid-sweep, send
nothing twice (at most once). A send that fails with an error releases the claim for a retry.
"""

from __future__ import annotations

import contextlib
import logging
from contextlib import nullcontext
from datetime import datetime

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from sqlalchemy import inspect, update
from sqlalchemy.exc import SQLAlchemyError

from mentoring.extensions import db
from mentoring.mail import send_email
from mentoring.notify.kinds import kind_of
from mentoring.notify.models import Notification
from mentoring.notify.services import NEW_IDS_KEY

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def send_committed_notifications(now: datetime) -> int:
    """E-mail the notifications the just-committed action created; call after commit."""
    created = db.session.info.pop(NEW_IDS_KEY, [])
    # The identity key, not n.id: a row the action deleted again (account erasure) cannot reload.
    ids = [state.identity[0] for state in map(inspect, created) if state.identity]
    try:
        return sum(_claim_and_send(notification_id, now) for notification_id in ids)
    except SQLAlchemyError:
        # The action itself is committed: never answer it with an error page. Unsent rows
        # keep emailed_at empty, so the scheduler's next sweep sends them.
        log.warning("sending after commit failed; the scheduler will send the rest")
        with contextlib.suppress(SQLAlchemyError):  # the connection may be gone altogether
            db.session.rollback()
        return 0


def send_due_notifications(now: datetime, limit: int = 500) -> int:
    """E-mail every due, unsent, uncancelled notification (the scheduler's sweep)."""
    ids = db.session.scalars(
        db.select(Notification.id)
        .where(Notification.emailed_at.is_(None), Notification.cancelled_at.is_(None),
               Notification.due_at <= now, Notification.send_attempts < MAX_ATTEMPTS)
        .order_by(Notification.due_at, Notification.id)
        .limit(limit)
    ).all()
    db.session.commit()
    return sum(_claim_and_send(notification_id, now) for notification_id in ids)


def _claim(notification_id: int, now: datetime) -> bool:
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.emailed_at.is_(None),
               Notification.cancelled_at.is_(None))
        .values(emailed_at=now, send_attempts=Notification.send_attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def _claim_and_send(notification_id: int, now: datetime) -> bool:
    if not _claim(notification_id, now):
        return False
    notification = db.session.get(Notification, notification_id)
    kind = kind_of(notification.kind)
    if not kind.send_email or not notification.user.is_enabled:
        return False
    try:
        _send(notification, kind)
    except Exception:  # SMTP down, template error: release the claim for the next sweep
        log.exception("sending notification %s failed", notification_id)
        db.session.rollback()
        db.session.execute(
            update(Notification).where(Notification.id == notification_id).values(emailed_at=None)
        )
        db.session.commit()
        return False
    return True


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
               calendar=kind.calendar(notification))
