"""Two-factor authentication: enrolment, the login code, replay, recovery codes, who must use it."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest

from mentoring.accounts import two_factor
from mentoring.accounts.data_rights import export_user_data
from mentoring.accounts.models import RecoveryCode
from mentoring.accounts.sessions import stamp
from tests.conftest import FIXED_NOW, PASSWORD, TOTP_SECRET
from tests.urls import COORDINATOR, URLS, url_calls


def code_at(secret: str, instant) -> str:
    return pyotp.TOTP(secret).at(instant)


def text(response) -> str:
    return response.get_data(as_text=True)


def log_in_with_password(post, email: str, next_url: str | None = None):
    url = f"/login?next={next_url}" if next_url else "/login"
    return post(url, {"email": email, "password": PASSWORD})


def recovery_codes_in(response) -> list[str]:
    return re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", text(response))


@pytest.fixture
def enrolled_mentee(make_mentee):
    return make_mentee(email="m@example.org", two_factor=True)


# Coordinator pages, as listed in the URL registry (every one must lead to enrolment first).
COORDINATOR_URLS = sorted({(method, URLS[path].sample()) for path, method in url_calls()
                           if COORDINATOR in URLS[path].roles_for(method)
                           and not path.startswith(("/account/two-factor", "/logout"))})


@pytest.mark.parametrize(("method", "url"), COORDINATOR_URLS)
def test_coordinator_without_two_factor_is_sent_to_enrolment_everywhere(
        client, post, make_coordinator, method, url, clock):
    make_coordinator(email="c@example.org", two_factor=False)
    assert log_in_with_password(post, "c@example.org").status_code == 302
    response = client.get(url) if method == "GET" else post(url, {})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/two-factor"


def test_coordinator_enrols_with_a_real_code_and_sees_ten_recovery_codes_once(
        client, post, make_coordinator, db, clock):
    coordinator = make_coordinator(email="c@example.org", two_factor=False, locale="en")
    log_in_with_password(post, "c@example.org")
    first = client.get("/account/two-factor")  # a GET makes no key: the button does
    assert first.status_code == 200 and "Show my key to scan" in text(first)
    db.session.refresh(coordinator)
    assert coordinator.totp_secret is None
    assert post("/account/two-factor/start").headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor")
    assert page.status_code == 200 and "<svg" in text(page) and "style=" not in text(page)
    db.session.refresh(coordinator)
    secret = coordinator.totp_secret
    assert secret and not coordinator.has_two_factor
    assert re.sub(r"\s", "", re.search(r'class="totp-key">([^<]+)<', text(page)).group(1)) == secret
    assert client.get("/account/two-factor").status_code == 200  # same key on a reload
    post("/account/two-factor/start")  # and on a second press of the button
    db.session.refresh(coordinator)
    assert coordinator.totp_secret == secret

    wrong = post("/account/two-factor", {"code": "000000"})
    assert wrong.status_code == 400 and "not valid" in text(wrong)
    done = post("/account/two-factor", {"code": code_at(secret, FIXED_NOW)})
    assert done.status_code == 200
    codes = recovery_codes_in(done)
    assert len(codes) == 10 == len(set(codes))
    db.session.refresh(coordinator)
    assert coordinator.has_two_factor and coordinator.totp_enabled_at == FIXED_NOW
    stored = db.session.scalars(db.select(RecoveryCode)).all()
    assert len(stored) == 10 and not {row.code_hash for row in stored} & set(codes)
    assert client.get("/programme/").status_code == 200  # this browser stays logged in
    assert all(code not in text(client.get("/account/security")) for code in codes)


def test_enrolment_logs_out_the_other_browsers(app, client, post, make_mentee, login_as, db,
                                               clock):
    user = make_mentee()
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
        stamp(session, FIXED_NOW)
    assert other.get("/home").status_code == 200
    login_as(user)
    post("/account/two-factor/start")
    db.session.refresh(user)
    assert post("/account/two-factor", {"code": code_at(user.totp_secret, FIXED_NOW)}
                ).status_code == 200
    assert client.get("/home").status_code == 200
    assert other.get("/home").status_code == 302


def test_login_asks_for_the_code_before_logging_in(client, post, make_coordinator, clock):
    make_coordinator(email="c@example.org")
    first = log_in_with_password(post, "c@example.org", next_url="/programme/mentors")
    assert first.headers["Location"] == "/login/code"
    assert client.get("/home").headers["Location"].startswith("/login")  # not logged in yet
    assert client.get("/login/code").status_code == 200
    wrong = post("/login/code", {"code": "123456"})
    assert wrong.status_code == 401
    right = post("/login/code", {"code": code_at(TOTP_SECRET, FIXED_NOW)})
    assert right.headers["Location"] == "/programme/mentors"
    assert client.get("/programme/").status_code == 200


def test_a_code_works_once_even_within_its_30_seconds(client, post, make_coordinator, clock):
    make_coordinator(email="c@example.org")
    code = code_at(TOTP_SECRET, FIXED_NOW)
    log_in_with_password(post, "c@example.org")
    assert post("/login/code", {"code": code}).status_code == 302
    post("/logout")
    log_in_with_password(post, "c@example.org")
    assert post("/login/code", {"code": code}).status_code == 401  # replayed
    clock.set(FIXED_NOW + timedelta(seconds=30))
    assert post("/login/code", {"code": code_at(TOTP_SECRET, FIXED_NOW + timedelta(seconds=30))}
                ).status_code == 302


def test_codes_of_the_neighbouring_steps_are_accepted_older_ones_refused(make_coordinator, db):
    user = make_coordinator()
    assert two_factor.check_totp(user, code_at(TOTP_SECRET, FIXED_NOW - timedelta(seconds=30)),
                                 FIXED_NOW)
    assert not two_factor.check_totp(user, code_at(TOTP_SECRET, FIXED_NOW - timedelta(minutes=2)),
                                     FIXED_NOW)
    assert not two_factor.check_totp(user, "12345", FIXED_NOW)
    assert not two_factor.check_totp(user, "abcdef", FIXED_NOW)


def test_a_recovery_code_logs_in_once(client, post, make_mentee, login_as, db, clock):
    user = login_as(make_mentee(email="m@example.org"))
    post("/account/two-factor/start")
    db.session.refresh(user)
    codes = recovery_codes_in(post("/account/two-factor",
                                   {"code": code_at(user.totp_secret, FIXED_NOW)}))
    post("/logout")
    log_in_with_password(post, "m@example.org")
    used = post("/login/code", {"code": codes[3].upper().replace("-", " ")}, follow_redirects=True)
    assert used.status_code == 200 and "9" in text(used)
    post("/logout")
    log_in_with_password(post, "m@example.org")
    assert post("/login/code", {"code": codes[3]}).status_code == 401
    assert post("/login/code", {"code": codes[4]}).status_code == 302
    assert two_factor.unused_recovery_codes(user) == 8


def test_new_recovery_codes_replace_the_old_ones(client, post, make_coordinator, login_as, db,
                                                clock):
    user = login_as(make_coordinator(email="c@example.org"))
    old = two_factor.replace_recovery_codes(user, FIXED_NOW)
    db.session.commit()
    assert post("/account/two-factor/recovery-codes", {"code": "000000"}).status_code == 302
    assert two_factor.unused_recovery_codes(user) == 10
    response = post("/account/two-factor/recovery-codes",
                    {"code": code_at(TOTP_SECRET, FIXED_NOW)})
    new = recovery_codes_in(response)
    assert len(new) == 10 and not set(new) & set(old)
    db.session.expire_all()
    assert not two_factor.use_recovery_code(user, old[0], FIXED_NOW)
    assert two_factor.use_recovery_code(user, new[0], FIXED_NOW)


def test_two_factor_is_optional_for_mentees_and_mentors(client, post, make_mentee, make_mentor,
                                                        clock):
    make_mentee(email="m@example.org")
    make_mentor(email="t@example.org")
    for email in ("m@example.org", "t@example.org"):
        assert log_in_with_password(post, email).headers["Location"] == "/home"
        assert client.get("/home").status_code == 200
        page = client.get("/account/security")
        assert page.status_code == 200 and "/account/two-factor" in text(page)
        post("/logout")


def test_turning_off_needs_the_password_and_a_code(client, post, enrolled_mentee, login_as, db,
                                                  clock):
    login_as(enrolled_mentee)
    code = code_at(TOTP_SECRET, FIXED_NOW)
    post("/account/two-factor/disable", {"password": "not my password", "code": code})
    post("/account/two-factor/disable", {"password": PASSWORD, "code": "000000"})
    post("/account/two-factor/disable", {"password": PASSWORD})
    db.session.refresh(enrolled_mentee)
    assert enrolled_mentee.has_two_factor
    assert post("/account/two-factor/disable", {"password": PASSWORD, "code": code}
                ).status_code == 302
    db.session.refresh(enrolled_mentee)
    assert not enrolled_mentee.has_two_factor and enrolled_mentee.totp_secret is None
    post("/logout")
    assert log_in_with_password(post, "m@example.org").headers["Location"] == "/home"


def test_coordinators_cannot_turn_it_off(post, make_coordinator, login_as, db, clock):
    user = login_as(make_coordinator())
    response = post("/account/two-factor/disable",
                    {"password": PASSWORD, "code": code_at(TOTP_SECRET, FIXED_NOW)})
    assert response.status_code == 403
    with pytest.raises(two_factor.NotAllowed):
        two_factor.disable_two_factor(user, PASSWORD, code_at(TOTP_SECRET, FIXED_NOW), FIXED_NOW)
    db.session.refresh(user)
    assert user.has_two_factor


def test_the_code_step_expires_and_follows_password_changes(client, post, enrolled_mentee, db,
                                                            clock):
    log_in_with_password(post, "m@example.org")
    clock.set(FIXED_NOW + timedelta(minutes=6))
    late = post("/login/code", {"code": code_at(TOTP_SECRET, FIXED_NOW + timedelta(minutes=6))})
    assert late.status_code == 400 and "a expiré" in text(late)
    clock.set(FIXED_NOW + timedelta(minutes=7))
    log_in_with_password(post, "m@example.org")
    enrolled_mentee.session_version += 1  # e.g. the password was reset meanwhile
    db.session.commit()
    code = code_at(TOTP_SECRET, FIXED_NOW + timedelta(minutes=7))
    assert post("/login/code", {"code": code}).status_code == 400
    assert client.get("/home").status_code == 302


def test_wrong_codes_are_rate_limited_like_passwords(post, enrolled_mentee, clock):
    log_in_with_password(post, "m@example.org")
    statuses = [post("/login/code", {"code": "000000"}).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_wrong_codes_are_counted_per_account_whatever_the_address(post, enrolled_mentee, clock):
    log_in_with_password(post, "m@example.org")
    for attempt in range(10):  # a new address every time: the per-address limit never trips
        address = {"REMOTE_ADDR": f"198.51.100.{attempt}"}
        assert post("/login/code", {"code": "000000"}, environ_base=address).status_code == 401
    right = post("/login/code", {"code": code_at(TOTP_SECRET, FIXED_NOW)},
                 environ_base={"REMOTE_ADDR": "203.0.113.1"})
    assert right.status_code == 429


def test_right_codes_do_not_count_towards_the_account_limit(post, enrolled_mentee, clock):
    for minute in range(12):
        now = clock.set(FIXED_NOW + timedelta(minutes=minute))
        address = {"REMOTE_ADDR": f"198.51.100.{minute}"}
        post("/login", {"email": "m@example.org", "password": PASSWORD}, environ_base=address)
        assert post("/login/code", {"code": code_at(TOTP_SECRET, now)},
                    environ_base=address).status_code == 302
        post("/logout", environ_base=address)


def test_erasure_removes_the_key_and_the_recovery_codes(enrolled_mentee, db):
    from mentoring.accounts.data_rights import erase_user

    two_factor.replace_recovery_codes(enrolled_mentee, FIXED_NOW)
    erase_user(enrolled_mentee, None, FIXED_NOW)
    db.session.commit()
    assert enrolled_mentee.totp_secret is None and not enrolled_mentee.has_two_factor
    assert db.session.scalar(db.select(db.func.count(RecoveryCode.id))) == 0


def test_the_key_and_code_hashes_are_not_in_the_data_export(enrolled_mentee, db):
    two_factor.replace_recovery_codes(enrolled_mentee, FIXED_NOW)
    data = export_user_data(enrolled_mentee)
    assert "totp_secret" not in data["users"][0] and TOTP_SECRET not in repr(data)
    assert data["recovery_codes"] and "code_hash" not in data["recovery_codes"][0]


def test_reset_lets_a_coordinator_enrol_again(make_coordinator, db):
    user = make_coordinator()
    version = user.session_version
    two_factor.replace_recovery_codes(user, FIXED_NOW)
    two_factor.reset_two_factor(user, None, FIXED_NOW)
    assert user.needs_two_factor_enrolment and user.session_version == version + 1
    assert two_factor.unused_recovery_codes(user) == 0
    assert audit_actions(db) == ["two_factor_reset"]


def audit_actions(db) -> list[str]:
    from mentoring.core.audit import AuditEvent

    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_turning_off_and_using_a_recovery_code_are_told_by_e_mail_and_audited(
        client, post, make_mentee, login_as, db, outbox, clock):
    user = login_as(make_mentee(email="m@example.org", locale="en"))
    post("/account/two-factor/start")
    db.session.refresh(user)
    codes = recovery_codes_in(post("/account/two-factor",
                                   {"code": code_at(user.totp_secret, FIXED_NOW)}))
    post("/logout")
    log_in_with_password(post, "m@example.org")
    post("/login/code", {"code": codes[0]})
    [used] = outbox()
    assert used["To"] == "m@example.org" and "recovery code was used" in used["Subject"]
    secret = db.session.get(type(user), user.id).totp_secret
    later = clock.set(FIXED_NOW + timedelta(minutes=1))
    post("/account/two-factor/disable", {"password": PASSWORD, "code": code_at(secret, later)})
    assert "turned off" in outbox()[-1]["Subject"]
    assert audit_actions(db) == ["two_factor_enabled", "two_factor_disabled"]
