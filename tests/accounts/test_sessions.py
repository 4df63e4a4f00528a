"""Session timeouts, log out everywhere, disabled accounts, no remember-me."""

from __future__ import annotations

from datetime import timedelta

import pyotp

from mentoring.accounts import sessions
from tests.conftest import FIXED_NOW, PASSWORD, TOTP_SECRET


def logged_in(client) -> bool:
    return client.get("/account/settings").status_code == 200


def test_participants_are_logged_out_after_two_idle_hours(client, make_mentee, login_as, clock):
    login_as(make_mentee())
    clock.set(FIXED_NOW + timedelta(minutes=110))
    assert logged_in(client)  # activity: the idle time starts again
    clock.set(FIXED_NOW + timedelta(minutes=110 + 119))
    assert logged_in(client)
    clock.set(FIXED_NOW + timedelta(minutes=110 + 119 + 120))
    response = client.get("/account/settings")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account/settings"
    page = client.get(response.headers["Location"])
    assert "après un moment sans activité" in page.get_data(as_text=True)
    assert not logged_in(client)


def test_coordinators_are_logged_out_after_thirty_idle_minutes(client, make_coordinator,
                                                               login_as, clock):
    login_as(make_coordinator())
    clock.set(FIXED_NOW + timedelta(minutes=29))
    assert logged_in(client)
    clock.set(FIXED_NOW + timedelta(minutes=29 + 30))
    assert not logged_in(client)


def test_everyone_is_logged_out_twelve_hours_after_login_however_active(
        client, make_mentor, login_as, clock):
    login_as(make_mentor())
    for hour in range(1, 12):
        clock.set(FIXED_NOW + timedelta(hours=hour))
        assert logged_in(client), hour
    clock.set(FIXED_NOW + timedelta(hours=12))
    response = client.get("/account/settings")
    assert response.headers["Location"].startswith("/login")
    assert "Ta session est terminée" in client.get("/login").get_data(as_text=True)


def test_timeouts_follow_the_settings(app, client, make_mentee, login_as, clock):
    app.config.update(SESSION_IDLE_MINUTES=5)
    login_as(make_mentee())
    clock.set(FIXED_NOW + timedelta(minutes=5))
    assert not logged_in(client)


def test_a_session_without_login_time_is_refused(client, make_mentee):
    user = make_mentee()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()  # an old cookie, from before the timeouts
    assert not logged_in(client)


def test_a_real_login_starts_the_clock_and_sets_no_remember_cookie(client, post, make_mentee,
                                                                   clock):
    make_mentee(email="m@example.org")
    response = post("/login", {"email": "m@example.org", "password": PASSWORD})
    assert "remember_token" not in response.headers.get("Set-Cookie", "")
    assert "remember" not in client.get("/login").get_data(as_text=True).lower()
    with client.session_transaction() as session:
        assert session[sessions.LOGIN_AT] == session[sessions.SEEN_AT] == FIXED_NOW.timestamp()
    clock.set(FIXED_NOW + timedelta(hours=2))
    assert not logged_in(client)


def test_login_with_a_code_starts_the_clock_at_the_code(client, post, make_coordinator, clock):
    make_coordinator(email="c@example.org")
    post("/login", {"email": "c@example.org", "password": PASSWORD})
    later = clock.set(FIXED_NOW + timedelta(minutes=2))
    post("/login/code", {"code": pyotp.TOTP(TOTP_SECRET).at(later)})
    with client.session_transaction() as session:
        assert session[sessions.LOGIN_AT] == later.timestamp()
    clock.set(later + timedelta(minutes=29))
    assert logged_in(client)


def test_log_out_everywhere_ends_every_session_of_the_account(app, client, post, make_mentee,
                                                              login_as, db, clock):
    user = make_mentee()
    phone = app.test_client()
    with phone.session_transaction() as session:
        session["_user_id"] = user.get_id()
        sessions.stamp(session, FIXED_NOW)
    login_as(user)
    assert logged_in(phone) and logged_in(client)
    response = post("/account/sessions/end", follow_redirects=True)
    assert "sur tous tes appareils" in response.get_data(as_text=True)
    assert not logged_in(phone)
    assert not logged_in(client)
    db.session.refresh(user)
    assert user.session_version == 2
    login_as(user)  # a new login works as usual
    assert logged_in(client)


def test_disabling_an_account_ends_its_sessions(client, make_mentor, login_as, db, clock):
    user = login_as(make_mentor())
    assert logged_in(client)
    user.is_enabled = False
    db.session.commit()
    response = client.get("/account/settings")
    assert response.headers["Location"].startswith("/login")
    user.is_enabled = True  # enabled again: the old cookie was forgotten at the refusal
    db.session.commit()
    assert not logged_in(client)
