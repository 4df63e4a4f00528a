"""Nothing of a message's text leaves the thread: not in e-mail, logs, notifications, audit."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from mentoring.conversations.models import HeldMessage, Message
from mentoring.core.audit import AuditEvent
from mentoring.jobs import run_sweeps_once
from mentoring.notify.delivery import send_due_notifications
from mentoring.notify.models import Notification
from mentoring.safety.concerns import raise_concern
from mentoring.safety.models import ConcernCategory
from tests.conftest import FIXED_NOW

MARKER = "zq7-marker-xk"


def _rows_as_text(db, model) -> str:
    rows = db.session.execute(db.select(model.__table__)).all()
    return "\n".join(repr(tuple(row)) for row in rows)


def test_a_planted_marker_appears_in_no_email_log_notification_or_audit_row(
        app, client, post, login_as, db, pair, coordinator, caplog):
    caplog.set_level(logging.DEBUG)
    adults, minors = pair(), pair(minor=True, email="minor@example.org")
    # Every path a message can take: plain, risk phrase, contact details held then passed on,
    # refused by a coordinator, reported, and read by a coordinator during a concern.
    login_as(adults.mentee)
    post(f"/matches/{adults.id}/messages", {"body": f"hello {MARKER}"})
    post(f"/matches/{adults.id}/messages", {"body": f"I want to die {MARKER}"})
    post(f"/matches/{adults.id}/messages", {"body": f"my number 06 12 34 56 78 {MARKER}"})
    login_as(minors.mentee)
    post(f"/matches/{minors.id}/messages", {"body": f"snap: lune_22 {MARKER}"})
    post(f"/matches/{minors.id}/messages", {"body": f"lune@example.org {MARKER}"})
    first, second = db.session.scalars(db.select(HeldMessage.id).order_by(HeldMessage.id))
    login_as(coordinator)
    client.get(f"/programme/held-messages/{first}")
    post(f"/programme/held-messages/{first}/decide", {"decision": "release"})
    post(f"/programme/held-messages/{second}/decide", {"decision": "decline"})
    login_as(adults.mentor)
    message = db.session.scalar(db.select(Message).where(Message.match_id == adults.id))
    post(f"/matches/{adults.id}/messages/{message.id}/report",
         {"category": "boundary", "form_token": "m1"})
    raise_concern(minors.mentor, ConcernCategory.OTHER, None, FIXED_NOW, match=minors)
    db.session.commit()
    login_as(coordinator)
    opened = post(f"/programme/matches/{adults.id}/conversation", {"reason": "the report"})
    assert MARKER in opened.get_data(as_text=True)  # the one sanctioned reading
    for person in (adults.mentee, adults.mentor, minors.mentee, minors.mentor):
        login_as(person)
        client.get("/notifications")
        client.get("/messages")
    run_sweeps_once(app, FIXED_NOW + timedelta(days=1))
    send_due_notifications(FIXED_NOW + timedelta(days=2))

    mails = [path.read_bytes().decode("utf-8", "replace")
             for path in Path(app.config["MAIL_OUTBOX"]).glob("*.eml")]
    assert len(mails) >= 5  # risk flag, held message, concern, openings, message notices
    assert not any(MARKER in mail for mail in mails)
    assert MARKER not in caplog.text
    assert MARKER not in _rows_as_text(db, Notification)
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) >= 5
    assert MARKER not in _rows_as_text(db, AuditEvent)
    # The text is where it belongs: in the messages themselves.
    assert db.session.scalar(db.select(db.func.count(Message.id)).where(
        Message.body.contains(MARKER))) == 4  # 3 sent, 1 passed on
