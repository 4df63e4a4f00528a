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


def _confirm_link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/signup/confirm/\S+)", body).group(1)


def test_signup_waits_for_the_address_then_logs_in_with_consent_recorded(client, post, db,
                                                                         outbox):
    response = post("/signup", SIGNUP)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    user = user_by_email("lynx@example.org")
    assert user.role is Role.MENTEE and user.email == "lynx@example.org"
    assert user.consent_version and user.consented_at is not None
    assert user.password_hash.startswith("$argon2id$") and not user.is_email_verified
    assert client.get("/home").status_code == 302  # not logged in
    refused = post("/login", {"email": "lynx@example.org", "password": SIGNUP["password"]})
    assert refused.status_code == 403 and "nouveau lien" in refused.get_data(as_text=True)
    first, again = outbox()
    assert first["To"] == "lynx@example.org" and "Confirme ton adresse" in first["Subject"]
    link = _confirm_link(again)
    page = client.get(link)
    assert page.status_code == 200 and "mot de passe" in page.get_data(as_text=True)
    db.session.expire_all()
    assert not user_by_email("lynx@example.org").is_email_verified  # the GET changed nothing
    assert post(link, {"password": "not the password"}).status_code == 400
    done = post(link, {"password": SIGNUP["password"]})
    assert done.status_code == 302 and done.headers["Location"].endswith("/home")
    assert "Lynx Bleu" in client.get("/home").get_data(as_text=True)
    db.session.expire_all()
    assert user_by_email("lynx@example.org").is_email_verified
    assert post(link, {"password": SIGNUP["password"]}).headers["Location"] == "/login"


def test_signup_as_mentor_creates_an_unapproved_application(post, db):
    post("/signup", {**SIGNUP, "role": "mentor", "email": "m@example.org"})
    user = user_by_email("m@example.org")
    from mentoring.profiles.models import MentorProfile

    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == user.id))
    assert profile is not None and not profile.is_approved


def test_signup_with_a_registered_address_tells_its_owner_and_creates_nothing(post, make_user,
                                                                             db, outbox):
    make_user(email="taken@example.org", locale="en", pseudonym="Owner")
    response = post("/signup", {**SIGNUP, "email": "TAKEN@example.org"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    [message] = outbox()
    assert message["To"] == "taken@example.org"
    assert message["Subject"] == "Someone tried to create an account with your address"
    body = message.get_body(("plain",)).get_content()
    assert "Hello Owner," in body and "Lynx" not in body


def test_a_newer_signup_of_an_unconfirmed_address_replaces_the_older(client, post, db, outbox):
    post("/signup", {**SIGNUP, "password": "the squatter's password"})
    post("/signup", {**SIGNUP, "role": "mentor", "pseudonym": "Vraie Personne"})
    old, new = (_confirm_link(m) for m in outbox())
    assert post(old, {"password": "the squatter's password"}).status_code == 400
    assert post(new, {"password": SIGNUP["password"]}).status_code == 302
    user = user_by_email("lynx@example.org")
    assert (user.pseudonym, user.role) == ("Vraie Personne", Role.MENTOR)
    assert user.mentor_profile is not None and user.mentee_profile is None


def test_a_password_reset_also_confirms_the_address(post, db, outbox):
    post("/signup", SIGNUP)
    post("/password/forgot", {"email": "lynx@example.org"})
    link = _reset_link(outbox()[-1])
    assert post(link, {"password": "brand new password", "confirm": "brand new password"}
                ).status_code == 302
    assert post("/login", {"email": "lynx@example.org", "password": "brand new password"}
                ).status_code == 302


def test_a_forged_confirmation_link_says_so(client):
    response = client.get("/signup/confirm/not-a-token")
    assert response.status_code == 400 and "pas valide" in response.get_data(as_text=True)


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
