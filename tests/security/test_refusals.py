"""What a stranger tries by hand: odd time zones, slots backwards, forged or old tokens,
redirects to elsewhere, brute force. Each is refused with its status and a sentence."""

from __future__ import annotations

import re

import pytest

from mentoring.accounts.services import make_reset_token
from mentoring.meetings.feeds import feed_of, feed_token
from tests.conftest import PASSWORD

BAD_ZONES = ["Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "Europe/Paris\r\nX: y",
             "", "UTC' OR '1'='1"]
# A flashed message, the error page's sentence, or a field's error list.
MESSAGE = re.compile(r'class="(?:flash[^"]*|error-message)"[^>]*>\s*[^<\s][^<]{5,}'
                     r'|class="errors"[^>]*>\s*<li>[^<]{5,}')


def _has_sentence(response) -> bool:
    return bool(MESSAGE.search(response.get_data(as_text=True)))


@pytest.mark.parametrize("zone", BAD_ZONES)
def test_signup_with_an_unknown_time_zone_is_400(post, row_counts, zone):
    before = row_counts()
    response = post("/signup", {"role": "mentee", "email": "new@example.org", "pseudonym": "Newbie",
                                "password": PASSWORD, "language": "fr", "timezone": zone,
                                "consent": "y"})
    assert response.status_code == 400
    assert _has_sentence(response)
    assert row_counts() == before


@pytest.mark.parametrize("zone", BAD_ZONES)
def test_settings_with_an_unknown_time_zone_is_400(post, login_as, world, snapshot, zone):
    login_as(world.people["owner_mentee"])
    before = snapshot()
    response = post("/account/settings", {"pseudonym": "Owner mentee", "language": "fr",
                                          "timezone": zone})
    assert response.status_code == 400
    assert _has_sentence(response)
    assert snapshot() == before


@pytest.mark.parametrize(("start", "end"), [(1200, 1080), (1080, 1080), (1080, 1445), (-60, 60)])
def test_an_availability_slot_ending_before_it_starts_is_400(post, login_as, world, snapshot,
                                                             start, end):
    login_as(world.people["owner_mentee"])
    before = snapshot()
    response = post("/availability", {"weekday": "1", "start": str(start), "end": str(end)})
    assert response.status_code == 400
    assert _has_sentence(response)
    assert snapshot() == before


def test_forged_revoked_and_replaced_feed_urls_are_404(client, post, login_as, world, db):
    good = world.ids["feed"]
    key, _, mac = good.partition(".")
    forged = [f"{key}.{'0' * len(mac)}", f"{key}.", f"{key}", f"x{key}.{mac}",
              f"{key}.{mac}".upper(), "..%2F..%2Fetc%2Fpasswd", f"{'a' * 40}.{mac}"]
    for token in forged:
        assert client.get(f"/calendar/{token}.ics").status_code == 404, token
    assert client.get(f"/calendar/{good}.ics").status_code == 200
    login_as(world.people["owner_mentee"])
    assert post("/account/calendar/regenerate").status_code == 302
    assert client.get(f"/calendar/{good}.ics").status_code == 404  # replaced
    fresh = feed_token(feed_of(world.people["owner_mentee"]))
    assert client.get(f"/calendar/{fresh}.ics").status_code == 200
    assert post("/account/calendar/revoke").status_code == 302
    assert client.get(f"/calendar/{fresh}.ics").status_code == 404  # revoked


def _reset(client, token, password="another good password"):
    page = client.get(f"/password/reset/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(f"/password/reset/{token}", data={
        "password": password, "confirm": password, "csrf_token": csrf})


def test_a_reset_link_works_once(app, client, world):
    person = world.people["owner_mentee"]
    token = make_reset_token(person, app.secret_key)
    assert _reset(client, token).status_code == 302
    again = _reset(client, token, "yet another password")
    assert again.status_code == 400
    assert "pas valide" in again.get_data(as_text=True)


def test_an_expired_or_forged_reset_link_is_400(app, client, world, snapshot):
    token = make_reset_token(world.people["owner_mentee"], app.secret_key)
    before = snapshot()
    app.config["PASSWORD_RESET_MAX_AGE"] = -1  # every link is already too old
    expired = _reset(client, token)
    assert expired.status_code == 400 and "expiré" in expired.get_data(as_text=True)
    app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    for forged in (token[:-2] + "xx", "not-a-token", make_reset_token(
            world.people["owner_mentee"], "another-secret-key-0123456789abcdefgh")):
        response = _reset(client, forged)
        assert response.status_code == 400 and "pas valide" in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("target", ["//elsewhere.example", "https://evil.example/",
                                    "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
                                    "http:evil.example", "/%2F%2Fevil.example", " //evil.example"])
def test_login_never_redirects_off_site(client, csrf, world, target):
    response = client.post("/login", query_string={"next": target}, data={
        "email": world.people["owner_mentee"].email, "password": PASSWORD, "csrf_token": csrf()})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location.split("?")[0] or location.startswith("/%2F")


@pytest.mark.parametrize("target", ["//elsewhere.example", "https://evil.example/"])
def test_the_language_switch_never_redirects_off_site(post, target):
    response = post("/language", {"language": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_brute_force_on_login_is_429_with_a_sentence(client, csrf, world, row_counts):
    email = world.people["owner_mentee"].email
    before = row_counts()
    statuses = [client.post("/login", data={"email": email, "password": f"guess {n}",
                                            "csrf_token": csrf()}).status_code for n in range(7)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]
    last = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf()})
    assert last.status_code == 429  # even the right password waits
    assert "Trop de tentatives" in last.get_data(as_text=True)
    # Nothing written but the owner's one notice that their password is being guessed.
    assert row_counts() == {**before, "notifications": before["notifications"] + 1}


def test_brute_force_on_password_reset_is_429(client, csrf):
    statuses = [client.post("/password/forgot", data={"email": f"p{n}@example.org",
                                                      "csrf_token": csrf()}).status_code
                for n in range(6)]
    assert statuses[-1] == 429
