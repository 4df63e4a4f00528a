"""Sign-up, login, logout, reset and settings through HTTP, as a person uses them."""

from __future__ import annotations

import re

from mentoring.accounts.models import Role, User, user_by_email
from tests.conftest import PASSWORD

SIGNUP = {
    "role": "mentee",
    "pseudonym": "Lynx Bleu",
    "email": "Lynx@Example.org",
    "password": "a long enough password",
    "language": "fr",
    "timezone": "Europe/Paris",
    "consent": "y",
}


def test_signup_creates_a_mentee_logged_in_with_consent_recorded(client, post, db):
    response = post("/signup", SIGNUP)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/home")
    user = user_by_email("lynx@example.org")
    assert user.role is Role.MENTEE and user.email == "lynx@example.org"
    assert user.consent_version and user.consented_at is not None
    assert user.password_hash.startswith("$argon2id$")
    home = client.get("/home")
    assert "Lynx Bleu" in home.get_data(as_text=True)


def test_signup_as_mentor_creates_an_unapproved_application(post, db):
    post("/signup", {**SIGNUP, "role": "mentor", "email": "m@example.org"})
    user = user_by_email("m@example.org")
    from mentoring.profiles.models import MentorProfile

    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == user.id))
    assert profile is not None and not profile.is_approved


def test_signup_with_a_registered_address_in_other_case_is_refused_vaguely(post, make_user, db):
    make_user(email="taken@example.org")
    response = post("/signup", {**SIGNUP, "email": "TAKEN@example.org"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "déjà" not in body and "already" not in body
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_signup_refuses_an_unknown_time_zone_and_missing_consent(post, db):
    assert post("/signup", {**SIGNUP, "timezone": "../../etc/passwd"}).status_code == 400
    assert post("/signup", {**SIGNUP, "consent": ""}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_signup_refuses_line_breaks_in_the_pseudonym(post, db):
    assert post("/signup", {**SIGNUP, "pseudonym": "Eve\r\nBcc: x@y.z"}).status_code == 400
    assert user_by_email(SIGNUP["email"]) is None


def test_post_without_csrf_token_is_refused(client, db):
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 400
    assert user_by_email(SIGNUP["email"]) is None


def test_login_and_logout(client, post, make_user):
    make_user(email="a@example.org")
    response = post("/login", {"email": "A@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/home").status_code == 200
    post("/logout")
    assert client.get("/home").status_code == 302


def test_wrong_password_and_unknown_address_get_the_same_answer(post, make_user):
    make_user(email="a@example.org")
    wrong = post("/login", {"email": "a@example.org", "password": "nope nope nope"})
    unknown = post("/login", {"email": "b@example.org", "password": "nope nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))  # noqa: E731
    assert strip(wrong) == strip(unknown)


def test_sixth_wrong_password_in_a_minute_is_rate_limited(post, make_user):
    make_user(email="a@example.org")
    statuses = [
        post("/login", {"email": "a@example.org", "password": "wrong password!"}).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]


def test_login_redirects_to_next_only_on_this_site(post, make_user):
    make_user(email="a@example.org")
    creds = {"email": "a@example.org", "password": PASSWORD}
    inside = post("/login?next=/account/settings", creds)
    assert inside.headers["Location"] == "/account/settings"
    for evil in ("//evil.example", "https://evil.example/", "/\\evil.example"):
        response = post(f"/login?next={evil}", creds)
        assert response.headers["Location"] == "/home"


def test_disabled_account_cannot_log_in(client, post, make_user):
    make_user(email="a@example.org", is_enabled=False)
    response = post("/login", {"email": "a@example.org", "password": PASSWORD})
    assert response.status_code == 401
    # The same sentence as a wrong password: nobody learns that the account exists.
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)
    assert client.get("/home").headers["Location"].startswith("/login")


def _reset_link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def test_password_reset_by_email_works_once(client, post, make_user, outbox):
    make_user(email="a@example.org", locale="en")
    response = post("/password/forgot", {"email": "A@example.org"})
    assert response.status_code == 302
    [message] = outbox()
    assert message["To"] == "a@example.org"
    assert message["Subject"] == "Reset your password"
    link = _reset_link(message)
    new = {"password": "brand new password", "confirm": "brand new password"}
    assert post(link, new).status_code == 302
    login = post("/login", {"email": "a@example.org", "password": "brand new password"})
    assert login.status_code == 302
    again = post(link, {"password": "third password!!", "confirm": "third password!!"})
    assert again.status_code == 400


def test_reset_for_unknown_address_sends_nothing_and_says_the_same(post, outbox, make_user):
    make_user(email="a@example.org")
    known = post("/password/forgot", {"email": "a@example.org"}, follow_redirects=True)
    unknown = post("/password/forgot", {"email": "zz@example.org"}, follow_redirects=True)
    assert len(outbox()) == 1
    text = "Si cette adresse a un compte"
    assert text in known.get_data(as_text=True) and text in unknown.get_data(as_text=True)


def test_forged_reset_token_is_refused(post, make_user):
    make_user(email="a@example.org")
    new = {"password": "brand new password", "confirm": "brand new password"}
    response = post("/password/reset/not-a-token", new)
    assert response.status_code == 400
    assert "Demandes-en un nouveau." in response.get_data(as_text=True)
    # The old password still works; the new one does not.
    assert post("/login", {"email": "a@example.org", "password": PASSWORD}).status_code == 302


def test_change_password_ends_other_sessions(app, client, post, make_user, login_as):
    user = make_user(email="a@example.org")
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
    login_as(user)
    data = {"current": PASSWORD, "password": "another password!", "confirm": "another password!"}
    assert post("/account/password", data).status_code == 302
    assert client.get("/home").status_code == 200  # this browser stays logged in
    assert other.get("/home").status_code == 302  # the other one is logged out


def test_change_password_with_wrong_current_password_changes_nothing(post, make_user, login_as, db):
    user = login_as(make_user())
    before = user.password_hash
    new = "another password!"
    data = {"current": "not my password", "password": new, "confirm": new}
    assert post("/account/password", data).status_code == 400
    db.session.refresh(user)
    assert user.password_hash == before


def test_settings_change_pseudonym_language_and_time_zone(client, post, make_user, login_as, db):
    user = login_as(make_user())
    data = {"pseudonym": "Héron Jade", "language": "en", "timezone": "America/Montreal"}
    assert post("/account/settings", data).status_code == 302
    db.session.refresh(user)
    assert (user.pseudonym, user.locale, user.timezone) == ("Héron Jade", "en", "America/Montreal")
    assert "Settings" in client.get("/account/settings").get_data(as_text=True)


def test_settings_refuse_unknown_time_zone(post, make_user, login_as, db):
    user = login_as(make_user())
    data = {"pseudonym": "X Y", "language": "en", "timezone": "Mars/Olympus"}
    assert post("/account/settings", data).status_code == 400
    db.session.refresh(user)
    assert user.timezone == "Europe/Paris"
