"""Every URL rule × every method it accepts, driven by the app's own url_map.

Anonymous visitors are sent to login (or get the public page); a POST without its CSRF token is a
400 that writes nothing; a GET on a POST-only URL is a 405 that writes nothing. A rule missing from
the coverage table fails the registry test.
"""

from __future__ import annotations

import pytest

from mentoring import create_app
from tests.security.coverage import COVERAGE

EXPIRED_FORM = "formulaire a expiré"
NOT_POSSIBLE = "Cette action n&#39;est pas possible sur cette page."


def _rules():
    """Every page's rule; /api/v1 answers tokens, not cookies: tests/api/test_api.py walks it."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    return [rule for rule in app.url_map.iter_rules() if not rule.rule.startswith("/api/")]


RULES = _rules()
METHODS_BY_PATH: dict[str, set[str]] = {}
for _rule in RULES:
    METHODS_BY_PATH.setdefault(_rule.rule, set()).update(_rule.methods - {"HEAD", "OPTIONS"})
CALLS = sorted({(r.rule, m) for r in RULES for m in r.methods - {"HEAD", "OPTIONS"}})
POSTS = [path for path, method in CALLS if method == "POST"]
POST_ONLY = sorted(path for path, methods in METHODS_BY_PATH.items() if methods == {"POST"})


def test_every_url_rule_has_a_security_entry():
    paths = set(METHODS_BY_PATH)
    assert paths - set(COVERAGE) == set(), "add the new URLs to tests/security/coverage.py"
    assert set(COVERAGE) - paths == set(), "remove URLs that no longer exist from COVERAGE"


def _login(login_as, world, entry):
    if entry.actor is not None:
        login_as(world.people[entry.actor])


@pytest.mark.parametrize(("path", "method"), CALLS, ids=[f"{m} {p}" for p, m in CALLS])
def test_anonymous_gets_login_or_the_public_page(client, post, world, snapshot, path, method):
    entry = COVERAGE[path]
    before = snapshot()
    url = world.url(entry.url)
    response = client.get(url) if method == "GET" else post(url, {})
    location = response.headers.get("Location", "")
    if entry.actor is None:
        # /readyz answers 503 here: no scheduler has swept in this test world.
        assert response.status_code in (200, 302, 400, 401) or path == "/readyz"
        assert not location.startswith("/login")
    else:
        assert response.status_code == 302
        assert location.startswith("/login?next=")
        assert snapshot() == before


@pytest.mark.parametrize("path", POSTS)
def test_post_without_csrf_token_is_refused_and_writes_nothing(client, login_as, world, snapshot,
                                                               path):
    entry = COVERAGE[path]
    _login(login_as, world, entry)
    before = snapshot()
    response = client.post(world.url(entry.url), data={"text": "x", "reason": "other"})
    assert response.status_code == 400
    assert EXPIRED_FORM in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("path", POST_ONLY)
def test_get_on_a_post_only_url_is_405_and_writes_nothing(client, login_as, world, snapshot,
                                                          path):
    entry = COVERAGE[path]
    _login(login_as, world, entry)
    before = snapshot()
    response = client.get(world.url(entry.url))
    assert response.status_code == 405
    assert NOT_POSSIBLE in response.get_data(as_text=True)
    assert snapshot() == before
