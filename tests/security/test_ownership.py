"""Other people's ids on every URL that takes one: 403 or 404, and nothing written.

The strangers are real participants and a coordinator with their own match, logged in, sending
a valid CSRF token and a plausible form: only the ownership check stands between them and the
owners' match, sessions, concern, note or availability.
"""

from __future__ import annotations

import re

import pytest

from tests.security.coverage import COVERAGE
from tests.security.test_url_map import METHODS_BY_PATH

FORM = {"reason": "other", "text": "Hello", "day": "2026-12-01", "minute": "1080",
        "action": "end", "category": "other", "took_place": "yes", "rating": "4"}
SENTENCE = re.compile(r'<p class="error-message">[^<]{10,}</p>')
CASES = sorted((path, stranger, method) for path, entry in COVERAGE.items()
               for stranger in entry.strangers for method in METHODS_BY_PATH[path])


def test_every_url_with_an_id_has_strangers():
    with_ids = {path for path in COVERAGE if "<int:" in path}
    assert {path for path, _, _ in CASES} == with_ids


@pytest.mark.parametrize(("path", "stranger", "method"), CASES,
                         ids=[f"{s} {m} {p}" for p, s, m in CASES])
def test_a_stranger_is_refused_and_changes_nothing(client, post, login_as, world, snapshot,
                                                   path, stranger, method):
    login_as(world.people[stranger])
    url = world.url(COVERAGE[path].url)
    before = snapshot()
    response = client.get(url) if method == "GET" else post(url, FORM)
    assert response.status_code in (403, 404)
    assert SENTENCE.search(response.get_data(as_text=True))
    assert snapshot() == before


@pytest.mark.parametrize("path", ["/matches/{match}", "/series/{series}/invite.ics",
                                  "/matches/{match}/meetings"])
def test_the_owners_themselves_get_in(client, login_as, world, path):
    """Control: the same URLs answer the owners, so the refusals above are about ownership."""
    login_as(world.people["owner_mentee"])
    assert client.get(world.url(path)).status_code == 200
