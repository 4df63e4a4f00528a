"""Real processes on PostgreSQL: a scheduler killed with SIGKILL between its claim and the mail
server's "accepted", the network to PostgreSQL cut right after a claim's commit, and the database
cut right after a concern's commit. In each case the e-mail goes out on a later sweep, once,
with the Message-ID the first claim gave it.

The scheduler processes run `mentoring scheduler --interval 1` on the real clock, with a lease
of a few seconds (MENTORING_MAIL_LEASE_SECONDS) instead of five minutes. The network cut is a
TCP proxy in front of the server (tests/ops/pg_proxy.py); PostgreSQL itself keeps running.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from html import unescape

import pytest

from mentoring import create_app
from mentoring.notify import delivery
from mentoring.notify.models import Notification
from mentoring.notify.services import notify
from mentoring.safety.models import Concern
from tests.conftest import TEST_DATABASE_URL, FreshContextClient
from tests.meetings.smtp_server import start_smtp
from tests.meetings.test_scheduler import start_scheduler, stop, wait_for
from tests.ops.pg_proxy import PostgresProxy

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgresql"),
    reason="real processes and a network cut: set TEST_DATABASE_URL to a PostgreSQL URL")]

LEASE_SECONDS = 3


@pytest.fixture
def smtp():
    controller, handler = start_smtp()
    yield controller, handler
    controller.stop()


@pytest.fixture
def proxy():
    proxy = PostgresProxy()
    yield proxy
    proxy.close()


def due_now(db, user) -> int:
    row = notify(user, "two_factor_off", datetime.now(UTC))  # the scheduler's clock is real
    db.session.commit()
    db.session.info.clear()
    return row.id


def row(db, notification_id) -> Notification:
    db.session.expire_all()
    return db.session.get(Notification, notification_id)


def scheduler(database_url, smtp_port, tmp_path, name):
    return start_scheduler(database_url, smtp_port, tmp_path, name,
                           MENTORING_MAIL_LEASE_SECONDS=str(LEASE_SECONDS))


def test_a_scheduler_killed_between_claim_and_accepted_loses_nothing(
        db, database_url, make_mentee, smtp, tmp_path):
    controller, handler = smtp
    handler.hold_message_number = 1  # the first attempt's DATA is never answered
    notification_id = due_now(db, make_mentee())
    first = scheduler(database_url, controller.port, tmp_path, "killed")
    try:
        assert handler.holding.wait(60), (tmp_path / "killed.log").read_text()
        claimed = row(db, notification_id)
        assert claimed.claimed_by.endswith(f":{first.pid}") and claimed.emailed_at is None
        first.kill()  # SIGKILL: no clean-up, no release of the claim
        first.wait(10)
    finally:
        stop(first)
    message_id = claimed.message_id
    assert message_id and handler.messages[0]["Message-ID"] == message_id

    second = scheduler(database_url, controller.port, tmp_path, "next")
    try:
        assert wait_for(lambda: len(handler.messages) == 2, 60), (tmp_path / "next.log").read_text()
        time.sleep(LEASE_SECONDS + 2)  # more sweeps, past another lease: nothing more is sent
    finally:
        stop(second)
    assert [m["Message-ID"] for m in handler.messages] == [message_id, message_id]
    sent = row(db, notification_id)
    assert sent.emailed_at is not None and sent.claimed_at is None
    assert sent.claimed_by.endswith(f":{second.pid}")


def test_the_network_to_postgres_cut_right_after_a_claim_loses_no_e_mail(
        db, database_url, make_mentee, smtp, proxy, tmp_path):
    controller, handler = smtp
    notification_id = due_now(db, make_mentee())
    proxy.cut_after_commit_of(b"UPDATE notifications SET claimed_at")
    process = scheduler(proxy.url(database_url), controller.port, tmp_path, "cut")
    log = tmp_path / "cut.log"
    try:
        assert proxy.tripped.wait(60), log.read_text()
        claimed = row(db, notification_id)  # the claim is committed; the e-mail is not sent
        assert claimed.claimed_at is not None and claimed.emailed_at is None
        time.sleep(1.5)  # sweeps run against an unreachable database
        assert handler.messages == []
        proxy.restore()
        assert wait_for(lambda: len(handler.messages) == 1, 60), log.read_text()
        time.sleep(LEASE_SECONDS + 2)
    finally:
        stop(process)
    assert "database lost while sending notification" in log.read_text()
    assert [m["Message-ID"] for m in handler.messages] == [claimed.message_id]
    sent = row(db, notification_id)
    assert sent.emailed_at is not None and sent.send_attempts == 2


def test_the_database_cut_right_after_a_concern_is_saved(
        app, db, database_url, make_active_match, make_coordinator, proxy, smtp):
    """Acceptance 2: the success page, one concern, and every coordinator's alert delivered by
    the scheduler afterwards."""
    controller, handler = smtp
    coordinators = sorted(make_coordinator().email for _ in range(3))
    match = make_active_match()
    web = create_app("testing", SQLALCHEMY_DATABASE_URI=proxy.url(database_url),
                     MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    web.test_client_class = FreshContextClient
    client = web.test_client()
    _log_in(client, web, match.mentee)
    proxy.cut_after_commit_of(b"INSERT INTO concerns")
    response = client.post(f"/matches/{match.id}/concern", data={
        "category": "immediate_risk", "text": "I am worried.", "form_token": "one-form",
        "csrf_token": _csrf(client, web)}, headers={"Accept-Language": "en"})
    assert proxy.tripped.is_set()
    assert response.status_code == 302 and "/sent" in response.headers["Location"]
    proxy.restore()
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Merci, ton signalement est envoyé" in page
    assert "Ton signalement est enregistré. Les notifications suivront" in page
    assert handler.messages == []  # nothing could be sent: the database was gone
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 1

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    assert delivery.send_due_notifications(datetime.now(UTC)) == 3  # the scheduler's sweep
    assert delivery.send_due_notifications(datetime.now(UTC)) == 0
    assert sorted(handler.recipients()) == coordinators
    with web.app_context():
        web.extensions["sqlalchemy"].engine.dispose()


def _csrf(client, app) -> str:
    from itsdangerous import URLSafeTimedSerializer

    raw = "test-csrf-raw-token"
    with client.session_transaction() as session:
        session["csrf_token"] = raw
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def _log_in(client, app, user) -> None:
    from mentoring.accounts.sessions import stamp
    from mentoring.clock import now_utc

    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_version}"
        session["_fresh"] = True
        stamp(session, now_utc())

