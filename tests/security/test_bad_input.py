"""Bad input on every route, driven by the url_map: a sentence (400/404), never a 500.

A NUL or other control character, an id beyond the database's integer range, a date far in the
future and a 150,000-character field are each sent to every rule that takes them, as the person
who owns the page. The testing app raises instead of drawing the 500 page, so a crash fails here.
"""

from __future__ import annotations

import re

import pytest

from mentoring.core.input_guard import DB_INTEGER_MAX
from mentoring.meetings.models import MeetingSeries, Occurrence
from tests.factories import frozen  # noqa: F401
from tests.security.coverage import COVERAGE
from tests.security.test_url_map import CALLS, RULES

CONTROL_SENTENCE = "caractère de contrôle"
ADDRESS_SENTENCE = "adresse contient un caractère"
TOO_LONG = "trop long"
HUGE_IDS = [str(DB_INTEGER_MAX + 1), str(2**63)]
FIELDS = ("text", "email", "password", "pseudonym", "location", "video_url", "reason", "goals",
          "answer", "body", "comment", "code")
DATE_FIELDS = ("day", "until_on", "checked_on", "expires_on", "training_completed_on", "start",
               "end")
INT_RULES = sorted({r.rule for r in RULES if "<int:" in r.rule})


def _login(login_as, world, path):
    entry = COVERAGE[path]
    if entry.actor is not None:
        login_as(world.people[entry.actor])
    return world.url(entry.url)


def _send(client, post, method, url, data):
    if method == "GET":
        return client.get(url, query_string=data)
    return post(url, data)


def _huge(template: str, path: str, value: str) -> str:
    """The sample URL with every integer segment of the rule replaced by `value`."""
    names = re.findall(r"<int:(\w+)>", path)
    parts = re.split(r"(<[^>]+>)", path)
    concrete = re.split(r"(\{[^}]+\})", template)
    assert len(parts) == len(concrete), path
    return "".join(value if part[1:-1].split(":")[-1] in names and part.startswith("<int:")
                   else chunk for part, chunk in zip(parts, concrete, strict=True))


def test_every_integer_rule_is_covered():
    assert len(INT_RULES) >= 25  # the issue counted 31 routes with an integer id


@pytest.mark.parametrize("value", HUGE_IDS)
@pytest.mark.parametrize(("path", "method"), [c for c in CALLS if c[0] in INT_RULES],
                         ids=[f"{m} {p}" for p, m in CALLS if p in INT_RULES])
def test_an_id_beyond_the_column_is_not_found(client, post, login_as, world, path, method,
                                              value):
    _login(login_as, world, path)
    url = world.url(_huge(COVERAGE[path].url, path, value))
    response = _send(client, post, method, url, {})
    assert response.status_code == 404


@pytest.mark.parametrize(("path", "method"), CALLS, ids=[f"{m} {p}" for p, m in CALLS])
def test_a_nul_anywhere_is_refused_with_a_sentence(client, post, login_as, world, path, method):
    url = _login(login_as, world, path)
    response = client.get(url + "?q=a%00b") if method == "GET" else post(
        url, {name: "a\x00b" for name in FIELDS})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (ADDRESS_SENTENCE if method == "GET" else CONTROL_SENTENCE) in page, page


@pytest.mark.parametrize(("path", "method"), [c for c in CALLS if c[1] == "POST"],
                         ids=[p for p, m in CALLS if m == "POST"])
def test_a_150000_character_field_is_refused(client, post, login_as, world, path, method):
    url = _login(login_as, world, path)
    response = post(url, {name: "x" * 150_000 for name in FIELDS})
    assert response.status_code == 400
    assert TOO_LONG in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "method"), CALLS, ids=[f"{m} {p}" for p, m in CALLS])
def test_a_far_date_is_never_a_crash(client, post, login_as, world, path, method):
    url = _login(login_as, world, path)
    data = {name: "9999-12-31" for name in DATE_FIELDS} | {"minute": "1425", "days": "custom",
                                                          "action": "retime"}
    response = _send(client, post, method, url, data)
    # /readyz answers 503 by design here: no scheduler has swept in this test world.
    assert response.status_code < 500 or (path == "/readyz" and response.status_code == 503)


def test_a_nul_in_the_calendar_path_is_refused(client):
    response = client.get("/calendar/a%00b.c.ics")
    assert response.status_code == 400


def test_a_nul_in_the_login_address_is_refused(post):
    response = post("/login", {"email": "a\x00b@x.org", "password": "whatever it is"})
    assert response.status_code == 400
    assert CONTROL_SENTENCE in response.get_data(as_text=True)


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-30", "1900-01-01"])
def test_a_session_cannot_move_beyond_the_horizon(client, post, login_as, world, db, frozen,  # noqa: F811
                                                  clock, day):
    series = db.session.get(MeetingSeries, world.ids["series"])
    last = max(series.occurrences, key=lambda o: o.start_at)
    before = last.start_at
    login_as(world.people["owner_mentee"])
    response = post(f"/sessions/{last.id}/move", {"day": day, "minute": "1410"})
    assert response.status_code == 400
    assert "Choisis une date entre le 1 janv. 2000 et le 24 nov. 2036" in \
        response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Occurrence, last.id).start_at == before


def test_insight_with_a_far_custom_range_says_why(client, login_as, world):
    login_as(world.people["coordinator"])
    response = client.get("/programme/insight/", query_string={
        "days": "custom", "start": "2026-01-01", "end": "9999-12-31"})
    assert response.status_code == 400
    assert "2000" in response.get_data(as_text=True)
