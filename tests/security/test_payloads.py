"""Script and SQL-like strings in free-text fields: stored as typed, escaped on every page."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import select

from mentoring.accounts.models import User
from mentoring.profiles.models import Tag
from mentoring.safety.models import Concern, SessionNote
from tests.conftest import PASSWORD

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE users; --"]


def _assert_escaped(html: str, payload: str) -> None:
    assert str(escape(payload)) in html  # as Jinja escapes it
    if "<" in payload:
        assert payload not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_concern_text_is_stored_as_typed_and_escaped(client, post, login_as, world, db, payload):
    login_as(world.people["owner_mentee"])
    assert post("/concern", {"category": "other", "text": payload}).status_code == 302
    concern = db.session.scalars(select(Concern).where(Concern.text == payload)).one()
    login_as(world.people["coordinator"])
    _assert_escaped(client.get(f"/programme/concerns/{concern.id}").get_data(as_text=True),
                    payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_private_notes_are_stored_as_typed_and_escaped(client, post, login_as, world, db, payload):
    login_as(world.people["owner_mentor"])
    url = world.url("/matches/{match}/notes")
    assert post(url, {"text": payload}).status_code == 302
    assert db.session.scalars(select(SessionNote).where(SessionNote.text == payload)).one()
    _assert_escaped(client.get(url).get_data(as_text=True), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_tag_labels_are_stored_as_typed_and_escaped(client, post, login_as, world, db, payload):
    login_as(world.people["coordinator"])
    response = post("/programme/tags", {"kind": "topic", "slug": "new-topic", "label_fr": payload,
                                        "label_en": payload})
    assert response.status_code == 302
    assert db.session.scalars(select(Tag).where(Tag.label_fr == payload)).one()
    _assert_escaped(client.get("/programme/tags").get_data(as_text=True), payload)
    login_as(world.people["stranger_mentee"])
    _assert_escaped(client.get("/request").get_data(as_text=True), payload)


@pytest.mark.parametrize("payload", ["'; DROP TABLE users; --", "Robert'); --"])
def test_a_sql_like_pseudonym_is_stored_as_typed(client, post, login_as, world, db, payload):
    person = login_as(world.people["owner_mentee"])
    response = post("/account/settings", {"pseudonym": payload, "language": "fr",
                                          "timezone": "Europe/Paris"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person.id).pseudonym == payload
    _assert_escaped(client.get("/account/settings").get_data(as_text=True), payload)


@pytest.mark.parametrize("pseudonym", ["<script>alert(1)</script>", "Eve\r\nBcc: all@example.org",
                                       "Eve\nX-Header: 1", "Eve\x00", "Tab\tbed"])
def test_markup_and_line_breaks_in_a_pseudonym_are_refused(post, row_counts, pseudonym):
    before = row_counts()
    response = post("/signup", {"role": "mentee", "email": "eve@example.org",
                                "pseudonym": pseudonym, "password": PASSWORD, "language": "fr",
                                "timezone": "Europe/Paris", "consent": "y"})
    assert response.status_code == 400
    assert row_counts() == before


def test_line_breaks_in_a_place_cannot_break_the_invite(client, login_as, world, db):
    from mentoring.meetings.models import MeetingSeries

    series = db.session.get(MeetingSeries, world.ids["series"])
    series.location = "Library\r\nATTENDEE:mailto:eve@example.org\r\nEND:VEVENT"
    db.session.commit()
    login_as(world.people["owner_mentee"])
    ics = client.get(world.url("/series/{series}/invite.ics")).get_data(as_text=True)
    lines = ics.replace("\r\n ", "").split("\r\n")  # unfolded content lines
    assert not any(line.startswith("ATTENDEE:mailto:eve") for line in lines)
    assert sum(line == "END:VEVENT" for line in lines) == ics.count("BEGIN:VEVENT")
