"""Know when delivery stops: the scheduler's heartbeat, /readyz and undeliverable e-mails."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

from mentoring.jobs import run_sweeps_once
from mentoring.notify.models import Notification
from mentoring.notify.services import notify
from tests.conftest import FIXED_NOW

STALE_EN = "Reminders and alerts are not being sent"


def dashboard(client) -> str:
    return unescape(client.get("/programme/", headers={"Accept-Language": "en"})
                    .get_data(as_text=True))


def test_healthz_answers_without_the_database(client):
    assert client.get("/healthz").status_code == 200


def test_a_stopped_heartbeat_shows_on_the_dashboard_and_fails_readyz(
        app, db, client, login_as, make_coordinator, clock):
    coordinator = login_as(make_coordinator(locale="en"))
    assert client.get("/readyz").status_code == 503  # no scheduler has ever run
    assert STALE_EN in dashboard(client)
    clock.set(FIXED_NOW)
    run_sweeps_once(app, FIXED_NOW)
    db.session.remove()
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").get_json()["checks"] == {
        "database": True, "migrations": True, "scheduler": True}
    clock.set(FIXED_NOW + timedelta(minutes=4))
    assert STALE_EN not in dashboard(client)
    clock.set(FIXED_NOW + timedelta(minutes=6))  # the scheduler stopped sweeping
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["scheduler"] is False
    page = dashboard(client)
    assert STALE_EN in page and 'class="notice urgent" role="alert"' in page
    assert coordinator.is_coordinator


def test_an_undeliverable_e_mail_is_listed_for_coordinators_only(
        db, client, login_as, make_coordinator, make_mentee, make_mentor, clock):
    """A site is one programme: its coordinators, and nobody else, see what was not delivered."""
    coordinator = make_coordinator(locale="en")
    login_as(coordinator)
    mentee = make_mentee()
    row = notify(coordinator, "concern_urgent", FIXED_NOW, concern_id=1)
    other = notify(mentee, "two_factor_off", FIXED_NOW)
    db.session.commit()
    assert "E-mails that could not be delivered" not in dashboard(client)
    db.session.execute(db.update(Notification).where(Notification.id.in_([row.id, other.id]))
                       .values(undeliverable_at=FIXED_NOW))
    db.session.commit()
    page = dashboard(client)
    assert "E-mails that could not be delivered (2)" in page and mentee.email in page
    assert f"URGENT: someone may be at immediate risk, to {coordinator.pseudonym}" in page
    for person in (mentee, make_mentor()):
        login_as(person)
        for path in ("/programme/", "/home", "/notifications"):
            page = unescape(client.get(path, headers={"Accept-Language": "en"})
                            .get_data(as_text=True))
            assert "could not be delivered" not in page and "pas pu être remis" not in page


def test_metrics_are_served_to_internal_addresses_or_with_the_token(app, db, client, clock):
    client.get("/healthz")
    page = client.get("/metrics").get_data(as_text=True)  # the test client is 127.0.0.1
    assert 'mentoring_http_requests_total{endpoint="health.healthz"' in page
    assert 'mentoring_emails{state="queued"}' in page
    assert "mentoring_oldest_due_unsent_seconds" in page
    outside = {"REMOTE_ADDR": "93.184.216.34"}
    assert client.get("/metrics", environ_base=outside).status_code == 404
    # nginx on the same machine: the visitor seems to be 127.0.0.1, but the proxy says who it is
    for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
        assert client.get("/metrics", headers={header: "93.184.216.34"}).status_code == 404
    app.config["METRICS_TOKEN"] = "s3cret"
    assert client.get("/metrics").status_code == 404  # a token is set: the address is not enough
    assert client.get("/metrics", environ_base=outside,
                      headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_metrics_stay_private_behind_a_proxy_that_is_trusted(database_url):
    """With ProxyFix set up, a visitor's forged X-Forwarded-For: 10.0.0.5 still gets nothing."""
    from mentoring import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, PROXY_FIX_X_FOR=1)
    client = app.test_client()
    forged = {"X-Forwarded-For": "10.0.0.5"}
    assert client.get("/metrics", headers=forged).status_code == 404
    assert client.get("/metrics").status_code == 200  # the monitoring host, directly
