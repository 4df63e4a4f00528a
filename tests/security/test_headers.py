"""Security headers on every response, HSTS in production only, no caching of private answers,
and templates that a strict Content-Security-Policy does not break (no inline style or script)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentoring import PROJECT_ROOT, create_app
from mentoring.core.headers import CONTENT_SECURITY_POLICY

STRONG_KEY = "Hq3vN8xP1tZr6LcW0yEaKd5jUf7gBm2sQ9oTi4nXe"
INLINE_MARKUP = {
    "inline style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_the_policy_is_strict():
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                      "img-src 'self' data:", "object-src 'none'", "base-uri 'none'",
                      "form-action 'self'", "frame-ancestors 'none'"):
        assert directive in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/login", "/help", "/static/css/app.css", "/nowhere"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # not over plain HTTP in development


def test_error_pages_carry_them_too(client, post):
    response = client.post("/login", data={"email": "x"})  # no CSRF token: 400
    assert response.status_code == 400
    assert response.headers["X-Frame-Options"] == "DENY"


def test_private_answers_are_never_stored(client, login_as, world):
    login_as(world.people["owner_mentee"])
    for url in ("/home", "/account/settings", "/account/data.json",
                world.url("/series/{series}/invite.ics"), world.url("/calendar/{feed}.ics")):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_the_calendar_feed_is_not_stored_without_a_login(client, world):
    response = client.get(world.url("/calendar/{feed}.ics"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.fixture
def production_app(monkeypatch, database_url):
    import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", STRONG_KEY)
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY_FALLBACKS", [])
    return create_app("production", SQLALCHEMY_DATABASE_URI=database_url)


def test_production_sends_hsts_and_secure_cookies(production_app):
    response = production_app.test_client().get("/login")  # the form puts a token in the session
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True


def _template_files():
    return sorted((PROJECT_ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_templates_have_no_inline_style_or_script(path: Path):
    text = path.read_text(encoding="utf-8")
    found = [name for name, pattern in INLINE_MARKUP.items() if pattern.search(text)]
    assert found == [], f"{path.name}: the Content-Security-Policy would block: {found}"


def test_markup_built_in_python_has_no_inline_style_or_script():
    for path in sorted((PROJECT_ROOT / "mentoring").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"<[a-z][^>]*\sstyle\s*=|<style\b|<script>", text)
        assert found is None, f"{path.name}: the Content-Security-Policy would block it"
