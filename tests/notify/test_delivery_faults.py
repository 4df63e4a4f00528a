"""Delivery survives crashes: a claim is a lease, an e-mail is marked sent only once accepted.

On PostgreSQL (TEST_DATABASE_URL) the cut connection is real: pg_terminate_backend ends every
connection of the app right after the claim's commit; on SQLite the driver error is raised in
its place.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from mentoring.notify import delivery
from mentoring.notify.models import Notification
from mentoring.notify.services import notify
from mentoring.safety.models import Concern
from tests.meetings.smtp_server import start_smtp
from tests.ops.test_database_unavailable import (
    ON_POSTGRES,
    _terminate_every_other_connection,
    lost_connection,
)

LEASE = timedelta(minutes=6)  # longer than the default lease of 5 minutes


def cut_the_database(db, session, monkeypatch) -> None:
    """The next query of `session` fails as on a dead connection. On PostgreSQL the server ends
    the connection (the pool opens a new one for the next checkout); on SQLite every query fails
    at the driver until monkeypatch.undo()."""
    if ON_POSTGRES:
        session.connection()  # checked out (and pinged) first, so the next query hits the cut
        _terminate_every_other_connection()
        return
    for name in ("do_execute", "do_execute_no_params"):  # at the driver, until monkeypatch.undo()
        monkeypatch.setattr(db.engine.dialect, name, lost_connection)


def claim_then_cut(db, monkeypatch) -> None:
    claim = delivery._claim

    def claim_and_cut(notification_id, now, session=None):
        claimed = claim(notification_id, now, session)
        cut_the_database(db, session or db.session, monkeypatch)
        return claimed

    monkeypatch.setattr(delivery, "_claim", claim_and_cut)


def due_notification(db, user, now) -> int:
    row = notify(user, "two_factor_off", now)
    db.session.commit()
    db.session.info.clear()
    return row.id


def sweep(db, now) -> int:
    sent = delivery.send_due_notifications(now)
    db.session.remove()
    return sent


def test_a_sender_killed_between_claim_and_send_leaves_a_lease_the_next_sweep_takes(
        db, make_mentee, clock, outbox):
    now = clock.set(clock_now())
    notification_id = due_notification(db, make_mentee(), now)
    assert delivery._claim(notification_id, now)  # then the process dies: no send, no release
    message_id = db.session.get(Notification, notification_id).message_id
    db.session.remove()
    assert sweep(db, now + timedelta(minutes=1)) == 0  # the lease still holds
    assert outbox() == []
    assert sweep(db, now + LEASE) == 1
    assert sweep(db, now + 2 * LEASE) == 0
    [message] = outbox()
    assert message["Message-ID"] == message_id
    assert db.session.get(Notification, notification_id).emailed_at == now + LEASE


def test_a_connection_cut_right_after_the_claim_loses_no_e_mail(
        db, make_mentee, clock, outbox, monkeypatch):
    now = clock.set(clock_now())
    notification_id = due_notification(db, make_mentee(), now)
    claim_then_cut(db, monkeypatch)
    db.session.remove()
    assert sweep(db, now) == 0  # no exception escapes, nothing is sent
    monkeypatch.undo()
    message_id = db.session.get(Notification, notification_id).message_id
    db.session.remove()
    assert sweep(db, now + LEASE) == 1
    assert sweep(db, now + 2 * LEASE) == 0
    assert [m["Message-ID"] for m in outbox()] == [message_id]


def test_a_database_cut_after_a_concern_is_saved_still_answers_with_the_success_page(
        app, db, client, post, login_as, make_active_match, make_coordinator, clock, outbox,
        monkeypatch):
    now = clock.set(clock_now())
    coordinators = [make_coordinator().email, make_coordinator().email]
    match = make_active_match()
    login_as(match.mentee)
    db.session.remove()
    claim_then_cut(db, monkeypatch)
    response = post(f"/matches/{match.id}/concern",
                    {"category": "immediate_risk", "text": "I am worried."},
                    headers={"Accept-Language": "en"})
    monkeypatch.undo()
    assert response.status_code == 302 and "/sent" in response.headers["Location"]
    page = unescape(client.get(response.headers["Location"],
                               headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "Merci, ton signalement est envoyé" in page  # the mentee's language
    assert "Ton signalement est enregistré. Les notifications suivront" in page
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 1
    db.session.remove()
    assert len(outbox()) < 2  # the first alert waits (on PostgreSQL the second one went out)
    sweep(db, now + LEASE)
    assert sorted(m["To"] for m in outbox()) == sorted(coordinators)  # each one, once
    assert len({m["Message-ID"] for m in outbox()}) == 2


def test_a_temporary_refusal_is_retried_later_and_delivered_once(db, make_mentee, clock, smtp):
    now = clock.set(clock_now())
    notification_id = due_notification(db, make_mentee(), now)
    smtp.refuse_with = ["451 4.3.0 Try again later"]
    assert sweep(db, now) == 0
    row = db.session.get(Notification, notification_id)
    assert row.emailed_at is None and row.undeliverable_at is None and row.retry_at > now
    db.session.remove()
    assert sweep(db, now + timedelta(seconds=30)) == 0  # backing off
    assert sweep(db, now + timedelta(minutes=2)) == 1
    assert sweep(db, now + timedelta(minutes=30)) == 0
    assert len(smtp.messages) == 1


def test_a_permanent_refusal_marks_the_e_mail_undeliverable_for_coordinators_to_see(
        db, client, login_as, make_mentee, make_coordinator, clock, smtp):
    now = clock.set(clock_now())
    mentee = make_mentee(email="gone@example.org")
    notification_id = due_notification(db, mentee, now)
    smtp.refuse_with = ["550 5.1.1 No such user"] * 10
    assert sweep(db, now) == 0
    assert db.session.get(Notification, notification_id).undeliverable_at == now
    db.session.remove()
    assert sweep(db, now + timedelta(hours=2)) == 0  # never retried
    assert smtp.messages == []
    login_as(make_coordinator(locale="en"))
    page = unescape(client.get("/programme/").get_data(as_text=True))
    assert "E-mails that could not be delivered (1)" in page and "gone@example.org" in page


def clock_now():
    from tests.conftest import FIXED_NOW
    return FIXED_NOW


@pytest.fixture
def smtp(app):
    controller, handler = start_smtp()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    yield handler
    controller.stop()


def test_a_double_submitted_concern_form_creates_one_concern(
        client, db, post, login_as, make_active_match, make_coordinator):
    make_coordinator()
    match = make_active_match()
    login_as(match.mentee)
    url = f"/matches/{match.id}/concern"
    page = client.get(url).get_data(as_text=True)
    token = page.split('name="form_token"')[1].split('value="')[1].split('"')[0]
    form = {"category": "immediate_risk", "text": "I am worried.", "form_token": token}
    first, second = post(url, form), post(url, form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 1
    post(url, {**form, "form_token": "another-page"})  # a new form is a new concern
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 2


def test_the_same_concern_form_posted_twice_at_the_same_moment_creates_one_concern(
        app, db, csrf, make_active_match, make_coordinator, monkeypatch):
    """Two requests (two threads, two connections) both find no concern with the form's token,
    then both insert one: the unique (reporter, token) index admits one, the other request
    answers with the saved concern."""
    import threading

    from mentoring.safety import concerns
    from mentoring.safety.models import Concern as ConcernRow

    coordinator_count = 2
    for _ in range(coordinator_count):
        make_coordinator()
    match = make_active_match()
    both_looked = threading.Barrier(2, timeout=10)
    lookups = []
    lookup = concerns.concern_by_form_token

    def look_then_wait(reporter, token):
        found = lookup(reporter, token)
        lookups.append(found)
        if len(lookups) <= 2:
            both_looked.wait()  # neither has inserted yet when the other looks
        return found

    monkeypatch.setattr(concerns, "concern_by_form_token", look_then_wait)
    url = f"/matches/{match.id}/concern"
    mentee = (match.mentee.id, match.mentee.session_version)
    form = {"category": "immediate_risk", "text": "I am worried.", "form_token": "form-1",
            "csrf_token": csrf()}
    responses = []

    def submit():
        client = app.test_client()
        log_in(client, mentee)
        with client.session_transaction() as session:
            session["csrf_token"] = "test-csrf-raw-token"
        responses.append(client.post(url, data=form))

    db.session.remove()
    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [r.status_code for r in responses] == [302, 302]
    assert len({r.headers["Location"] for r in responses}) == 1
    assert lookups[:2] == [None, None]  # both really raced past the first check
    assert db.session.scalar(db.select(db.func.count(ConcernRow.id))) == 1
    alerts = db.session.scalar(db.select(db.func.count(Notification.id))
                               .where(Notification.kind == "concern_urgent"))
    assert alerts == coordinator_count  # each coordinator alerted once, not twice


def log_in(client, user: tuple[int, int]) -> None:
    """Log a client in from another thread: (user id, session version)."""
    from mentoring.accounts.sessions import stamp
    from mentoring.clock import now_utc

    with client.session_transaction() as session:
        session["_user_id"] = "{}:{}".format(*user)
        session["_fresh"] = True
        stamp(session, now_utc())


def test_an_immediate_risk_alert_is_in_every_coordinators_notifications_at_once(
        app, db, client, post, login_as, make_active_match, make_coordinator, clock):
    """Even with the mail server down, each coordinator's in-app list and menu badge show the
    alert as soon as the concern is saved."""
    from tests.meetings.smtp_server import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    coordinators = [make_coordinator(locale="en") for _ in range(2)]
    match = make_active_match()
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/concern", {"category": "immediate_risk"})
    assert response.status_code == 302
    for coordinator in coordinators:
        login_as(coordinator)
        home = client.get("/programme/").get_data(as_text=True)
        assert '<span class="badge">1</span>' in home  # "Notifications 1" in the menu
        page = unescape(client.get("/notifications").get_data(as_text=True))
        assert "URGENT: someone may be at immediate risk" in page
    rows = db.session.scalars(db.select(Notification)).all()
    assert len(rows) == 2 and all(r.emailed_at is None and r.retry_at for r in rows)
