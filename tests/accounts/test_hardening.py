"""Accounts at the boundary: logout ends the session on the server; one pseudonym rule."""

from __future__ import annotations

import pytest

from mentoring.errors import DomainError
from mentoring.profiles.models import TagKind
from mentoring.programme.imports import decode_upload, parse_participants

HEADER = "role,email,pseudonym,timezone,languages,age\n"


def test_a_cookie_copied_before_logout_is_refused_afterwards(app, client, post, login_as,
                                                             make_mentee):
    mentee = login_as(make_mentee())
    assert client.get("/account/settings").status_code == 200
    with client.session_transaction() as session:
        copied = dict(session)
    assert post("/logout").status_code == 302
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(copied)
    for url in ("/account/settings", "/account/data.json"):
        response = thief.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # The replay did not renew anything: the copied cookie stays refused.
    assert thief.get("/account/settings").status_code == 302
    assert mentee.id


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u200d\u2060\ufeff", "Ali\u202ece",
                                  "ab\u2066cd", "Imp<b>", "Imp\r\nX-INJECTED: 1", "A"])
def test_sign_up_refuses_invisible_reversed_or_broken_pseudonyms(post, name):
    response = post("/signup", {"role": "mentee", "email": "new@example.org",
                                "password": "correct horse battery", "language": "fr",
                                "timezone": "Europe/Paris", "consent": "y", "pseudonym": name})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["Imp<b>", "Imp\r\nX-INJECTED: 1", "\u200b\u200b", "Ali\u202ece"])
def test_the_import_applies_the_sign_up_pseudonym_rule(name):
    known = {kind: {"fr"} for kind in TagKind}
    quoted = '"' + name.replace('"', '""') + '"'
    preview = parse_participants(f"{HEADER}mentee,a@b.org,{quoted},UTC,fr,20\n", known, set())
    assert [(e.row, e.column) for e in preview.errors] == [(2, "pseudonym")]


def test_the_import_names_a_nul_and_an_oversized_cell():
    with pytest.raises(DomainError, match="NUL"):
        decode_upload(b"role,email\nmentee,a\x00b@x.org\n", 200_000)
    known = {kind: {"fr"} for kind in TagKind}
    with pytest.raises(DomainError, match="line"):
        parse_participants(f"{HEADER}mentee,a@b.org,{'x' * 140_000},UTC,fr,20\n", known, set())
