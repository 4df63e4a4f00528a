"""Password guessing on one account from many client addresses is slowed, and the owner is told;
the owner's own browser is never slowed, so a stranger cannot lock them out."""

from __future__ import annotations

import re

import pytest

from mentoring.notify.models import Notification
from tests.conftest import PASSWORD

WRONG = {"password": "a wrong guess, again"}
SLOWED = "une fois par minute"


@pytest.fixture
def many_addresses(app):
    """The per-client limit out of the way: a stranger with many addresses."""
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    counter = {"n": 0}

    def next_address() -> dict:
        counter["n"] += 1
        return {"REMOTE_ADDR": f"198.51.100.{counter['n']}"}

    return next_address


def _guess(post, email, many_addresses, password=WRONG["password"]):
    return post("/login", {"email": email, "password": password}, environ_base=many_addresses())


def _warnings(db) -> int:
    return db.session.scalar(db.select(db.func.count(Notification.id))
                             .where(Notification.kind == "password_guessing"))


@pytest.mark.parametrize("email", ["owner@example.org", "nobody@example.org"])
def test_after_five_wrong_passwords_new_devices_try_once_a_minute(app, post, make_user, db,
                                                                  many_addresses, email):
    make_user(email="owner@example.org")
    statuses = [_guess(post, email, many_addresses).status_code for _ in range(7)]
    # Five guesses, then one for this minute, then a sentence: the same for an unknown address.
    assert statuses == [401] * 6 + [429]
    slowed = _guess(post, email, many_addresses, PASSWORD)
    assert slowed.status_code == 429 and SLOWED in slowed.get_data(as_text=True)


def test_the_owner_is_told_once_and_an_unknown_address_tells_nobody(post, make_user, db,
                                                                    many_addresses):
    make_user(email="owner@example.org")
    for _ in range(8):
        _guess(post, "owner@example.org", many_addresses)
        _guess(post, "nobody@example.org", many_addresses)
    assert _warnings(db) == 1
    notification = db.session.scalar(db.select(Notification)
                                     .where(Notification.kind == "password_guessing"))
    assert notification.user.email == "owner@example.org"


def test_the_owners_own_browser_is_not_slowed(app, client, post, make_user, many_addresses):
    make_user(email="owner@example.org")
    assert post("/login", {"email": "owner@example.org", "password": PASSWORD}).status_code == 302
    post("/logout")
    stranger = app.test_client()
    for n in range(10):
        stranger.post("/login", data={"email": "owner@example.org", **WRONG},
                      environ_base={"REMOTE_ADDR": f"203.0.113.{n}"})
    assert _guess(post, "owner@example.org", many_addresses).status_code in (401, 429)
    back = post("/login", {"email": "owner@example.org", "password": PASSWORD})
    assert back.status_code == 302 and back.headers["Location"] == "/home"


def test_a_reset_link_makes_a_new_browser_the_owners(app, client, post, make_user, outbox,
                                                     many_addresses):
    make_user(email="owner@example.org")
    for _ in range(8):
        _guess(post, "owner@example.org", many_addresses)
    assert _guess(post, "owner@example.org", many_addresses, PASSWORD).status_code == 429
    post("/password/forgot", {"email": "owner@example.org"})
    body = outbox()[-1].get_body(("plain",)).get_content()
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)
    new = "a brand new password"
    assert post(link, {"password": new, "confirm": new}).status_code == 302
    assert post("/login", {"email": "owner@example.org", "password": new}).status_code == 302
