"""Sign-ups nobody confirmed are deleted once their link has expired; confirmed ones never."""

from __future__ import annotations

from datetime import timedelta

from mentoring.accounts.models import User
from mentoring.accounts.verification import purge_unconfirmed
from mentoring.jobs import SWEEPS, purge_unconfirmed_signups
from mentoring.profiles.models import MenteeProfile
from tests.conftest import PASSWORD
from tests.factories import FIXED_NOW

DAY = 24 * 3600


def test_an_unconfirmed_sign_up_is_deleted_after_its_link_expired_plus_a_day(
        app, db, post, clock):
    start = clock.set(FIXED_NOW)
    response = post("/signup", {"role": "mentee", "pseudonym": "Renard Gris",
                                "email": "never@example.org", "password": PASSWORD,
                                "consent": "y", "timezone": "Europe/Paris",
                                "language": "fr"})
    assert response.status_code in (200, 302)
    user = db.session.scalar(db.select(User).where(User.email == "never@example.org"))
    assert user is not None and user.email_verified_at is None
    kept = db.session.scalar(db.select(User).where(User.email != "never@example.org"))
    max_age = app.config["EMAIL_CONFIRM_MAX_AGE"]

    # The link still works (or only just expired): nothing is deleted.
    assert purge_unconfirmed(start + timedelta(seconds=max_age), max_age) == 0
    assert db.session.get(User, user.id) is not None
    # A day after it expired: the account and its empty profile are gone.
    later = start + timedelta(seconds=max_age + DAY + 60)
    assert purge_unconfirmed(later, max_age) == 1
    db.session.expire_all()
    assert db.session.scalar(db.select(User).where(User.email == "never@example.org")) is None
    assert db.session.scalar(db.select(MenteeProfile).where(
        MenteeProfile.user_id == user.id)) is None
    assert kept is None or db.session.get(User, kept.id) is not None
    # The address is free again: signing up with it starts afresh.
    assert purge_unconfirmed(later, max_age) == 0


def test_confirmed_accounts_are_never_purged_and_the_scheduler_runs_the_purge(
        db, make_mentee, clock):
    old = make_mentee(email="old@example.org")
    old.created_at = clock.set(FIXED_NOW) - timedelta(days=400)
    db.session.commit()
    assert old.email_verified_at is not None
    assert purge_unconfirmed_signups(old.created_at + timedelta(days=800)) == 0
    assert db.session.get(User, old.id) is not None
    assert purge_unconfirmed_signups in SWEEPS
