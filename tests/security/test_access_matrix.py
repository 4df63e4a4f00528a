"""Every URL rule × every method × every role, from the one registry in `tests/urls.py`.

Anonymous visitors go to login; a role that is not let in gets 403; a role that is let in acts as
the world's owner of what the URL touches and gets the page or a sentence about the state of
things, never 401, 403, 404 or the login page.
"""

from __future__ import annotations

import pytest

from mentoring.accounts.models import Role
from tests.urls import COORDINATOR, MENTEE, MENTOR, PUBLIC, URLS, WORLD_PERSON, url_calls

# No scheduler has swept in a test world: "not ready" is the right answer.
PUBLIC_UNAVAILABLE = {"/readyz"}


CALLS = url_calls()
PROTECTED = [(path, method) for path, method in CALLS
             if path in URLS and URLS[path].roles_for(method) != PUBLIC]
PUBLIC_CALLS = [(path, method) for path, method in CALLS
                if path in URLS and URLS[path].roles_for(method) == PUBLIC]


def test_every_url_rule_is_registered_once():
    paths = {path for path, _ in CALLS}
    assert paths - set(URLS) == set(), "add the new URLs to tests/urls.py"
    assert set(URLS) - paths == set(), "remove URLs that no longer exist from tests/urls.py"


def _call(client, post, method, url):
    return client.get(url) if method == "GET" else post(url, {})


@pytest.mark.parametrize(("path", "method"), PROTECTED, ids=[f"{m} {p}" for p, m in PROTECTED])
def test_anonymous_is_sent_to_login(client, post, path, method):
    response = _call(client, post, method, URLS[path].sample())
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("path", "method"), PROTECTED, ids=[f"{m} {p}" for p, m in PROTECTED])
@pytest.mark.parametrize("role", [MENTEE, MENTOR, COORDINATOR])
def test_each_role_is_let_in_or_refused(request, client, post, make_user, login_as,
                                        path, method, role):
    entry = URLS[path]
    if role in entry.roles_for(method) and WORLD_PERSON[role] in entry.strangers:
        # The role may use the page, but this person is not party to the world's row (a mentor
        # and the mentee's own slot): refused by ownership, as test_ownership checks in detail.
        request.getfixturevalue("clock")
        world = request.getfixturevalue("world")
        login_as(world.people[WORLD_PERSON[role]])
        assert _call(client, post, method, world.url(entry.url)).status_code in (403, 404)
    elif role in entry.roles_for(method):
        request.getfixturevalue("clock")  # FIXED_NOW: the world's sessions are past and to come
        world = request.getfixturevalue("world")  # real rows: a 404 here would be a bug
        login_as(world.people[WORLD_PERSON[role]])
        response = _call(client, post, method, world.url(entry.url))
        assert response.status_code not in (401, 403, 404, 405)
        assert response.status_code < 500
        assert not response.headers.get("Location", "").startswith("/login")
    else:
        login_as(make_user(Role(role)))
        response = _call(client, post, method, entry.sample())
        assert response.status_code == 403
        assert "accès" in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "method"), PUBLIC_CALLS,
                         ids=[f"{m} {p}" for p, m in PUBLIC_CALLS])
def test_public_pages_answer_without_login(client, post, world, path, method):
    response = _call(client, post, method, world.url(URLS[path].url))
    expected = (503,) if path in PUBLIC_UNAVAILABLE else (200, 302, 400)
    assert response.status_code in expected
    assert not response.headers.get("Location", "").startswith("/login")


def test_the_feed_with_a_wrong_token_is_a_plain_404(client):
    assert client.get(URLS["/calendar/<token>.ics"].sample()).status_code == 404
