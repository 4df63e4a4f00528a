"""Production settings: refused secrets, secret-key rotation, trusted proxy headers, body size."""

from __future__ import annotations

import re
import secrets

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from mentoring import create_app
from mentoring.accounts.services import make_reset_token
from mentoring.meetings.feeds import feed_of, feed_token
from tests.conftest import PASSWORD, FreshContextClient

OLD_KEY = "old-key-" + "Zq8Rt2Lm5Vx9Nc3Hb7Jd1Kf6Wg4Py0Se"
NEW_KEY = "new-key-" + "Ua4Tk8Oe2Mi6Qr0Yw3Ez7Xc1Vb5Nn9Ll"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.mark.parametrize("key", [
    None, "", "short", "changeme" * 5, "a" * 48, "x9" * 24,
    "testing-secret-key-that-is-long-enough-0123456789",
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",
    "my-production-secret-key-please-CHANGE-ME-2026", "mentoring-DEFAULT-key-0123456789abcdef",
])
def test_production_refuses_a_missing_short_or_well_known_key(monkeypatch, key):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", key)
    with pytest.raises(config.ConfigError, match="MENTORING_SECRET_KEY must be set"):
        create_app("production")


def test_production_refuses_a_weak_fallback_key(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", NEW_KEY)
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY_FALLBACKS", ["changeme"])
    with pytest.raises(config.ConfigError, match="MENTORING_SECRET_KEY_FALLBACKS"):
        create_app("production")


def test_production_accepts_random_keys(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY_FALLBACKS", [OLD_KEY])
    assert create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://").secret_key


def _app_with(database_url, tmp_path, key, fallbacks=()):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, SECRET_KEY=key,
                     SECRET_KEY_FALLBACKS=list(fallbacks), MAIL_OUTBOX=str(tmp_path / "out"))
    app.test_client_class = FreshContextClient
    return app


def _log_in(client, email):
    token = TOKEN_FIELD.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def _move_cookie(source, target):
    target.set_cookie("session", source.get_cookie("session").value, domain="localhost")


def test_a_session_and_a_form_signed_with_the_old_key_still_work_after_rotation(
        database_url, tmp_path, make_mentee, db):
    user = make_mentee(email="rotating@example.org")
    before = _app_with(database_url, tmp_path, OLD_KEY).test_client()
    _log_in(before, "rotating@example.org")
    page = before.get("/account/settings").get_data(as_text=True)
    old_form_token = TOKEN_FIELD.search(page).group(1)

    after = _app_with(database_url, tmp_path, NEW_KEY, [OLD_KEY]).test_client()
    _move_cookie(before, after)
    assert after.get("/account/settings").status_code == 200
    response = after.post("/account/settings", data={
        "pseudonym": "Renamed", "language": "fr", "timezone": "Europe/Paris",
        "csrf_token": old_form_token})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(user), user.id).pseudonym == "Renamed"


def test_without_the_old_key_the_old_session_is_gone(database_url, tmp_path, make_mentee):
    make_mentee(email="rotated@example.org")
    before = _app_with(database_url, tmp_path, OLD_KEY).test_client()
    _log_in(before, "rotated@example.org")
    after = _app_with(database_url, tmp_path, NEW_KEY).test_client()
    _move_cookie(before, after)
    assert after.get("/account/settings").headers["Location"].startswith("/login")


def test_reset_links_and_feed_urls_signed_with_the_old_key_still_work(
        database_url, tmp_path, world, db):
    person = world.people["owner_mentee"]
    old_app = _app_with(database_url, tmp_path, OLD_KEY)
    with old_app.app_context():
        reset = make_reset_token(db.session.merge(person), OLD_KEY)
        feed = feed_token(feed_of(db.session.merge(person)))
    client = _app_with(database_url, tmp_path, NEW_KEY, [OLD_KEY]).test_client()
    assert client.get(f"/calendar/{feed}.ics").status_code == 200
    response = client.post(f"/password/reset/{reset}", data={
        "password": "a brand new password", "confirm": "a brand new password",
        "csrf_token": TOKEN_FIELD.search(client.get(f"/password/reset/{reset}")
                                         .get_data(as_text=True)).group(1)})
    assert response.status_code == 302
    stranger = _app_with(database_url, tmp_path, NEW_KEY).test_client()
    assert stranger.get(f"/calendar/{feed}.ics").status_code == 404


def test_proxy_headers_are_ignored_unless_configured(app):
    assert not isinstance(app.wsgi_app, ProxyFix)


def test_proxy_fix_trusts_the_configured_number_of_proxies(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, PROXY_FIX_X_FOR=1,
                     PROXY_FIX_X_PROTO=1)
    assert isinstance(app.wsgi_app, ProxyFix)
    assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (1, 1, 0)


def test_the_login_limit_counts_each_forwarded_client_behind_a_trusted_proxy(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, PROXY_FIX_X_FOR=1)
    client = app.test_client()
    statuses = [client.post("/login", headers={"X-Forwarded-For": f"203.0.113.{n}"},
                            data={"email": "a@example.org", "password": "x"}).status_code
                for n in range(8)]
    assert 429 not in statuses  # eight different people, one attempt each


@pytest.mark.parametrize("size", [3 * 1024 * 1024, 20 * 1024 * 1024])
def test_an_oversized_body_is_a_413_page(client, size):
    response = client.post("/login", data={"email": "x" * size})
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)


def test_an_oversized_upload_is_a_413_page(client, login_as, world, csrf):
    import io

    login_as(world.people["coordinator"])
    response = client.post("/programme/import/preview", data={
        "csrf_token": csrf(), "file": (io.BytesIO(b"a,b\n" * 800_000), "people.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
