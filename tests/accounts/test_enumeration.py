"""Sign-up, login and reset answer alike for a registered and an unknown address: the same
status, the same page (CSRF values aside) and, to within noise, the same time.

A real argon2 cost is used here (OWASP's minimum profile, not the fast test cost, and single
lane so that other processes' load adds less noise), so that the password hash, which dominates
the work, is measured as in production.
"""

from __future__ import annotations

import re
import time

import pytest

from mentoring.accounts import passwords
from tests.conftest import PASSWORD

ROUNDS = 15
KNOWN, UNKNOWN = "known@example.org", "unknown-{n}@example.org"


@pytest.fixture
def real_hashing(app):
    app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_COST=19456, ARGON2_PARALLELISM=1,
                      LOGIN_RATE_LIMIT="1000 per minute", SIGNUP_RATE_LIMIT="1000 per minute",
                      RESET_RATE_LIMIT="1000 per minute", LOGIN_ACCOUNT_FAILURES="1000 per minute",
                      MAIL_AFTER_RESPONSE=True)  # as deployed: e-mail once the answer has gone
    passwords.init_app(app)
    app.extensions.pop("dummy_hash", None)


def _page(response) -> str:
    return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def _answer(client, post, url, data):
    """(status, Location, page after following it) of one POST, in a fresh session."""
    with client.session_transaction() as session:
        session.clear()
    started = time.perf_counter()
    response = post(url, data)
    elapsed = time.perf_counter() - started
    response.close()  # what a server does after sending it: the e-mail leaves now
    location = response.headers.get("Location")
    follow = _page(client.get(location)) if location else _page(response)
    return (response.status_code, location, follow), elapsed


FORMS = {
    "signup": ("/signup", lambda email: {
        "role": "mentee", "pseudonym": "Lynx Bleu", "email": email, "password": PASSWORD,
        "language": "fr", "timezone": "Europe/Paris", "consent": "y"}),
    "login": ("/login", lambda email: {"email": email, "password": "not the password at all"}),
    "reset": ("/password/forgot", lambda email: {"email": email}),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_known_and_unknown_addresses_get_the_same_answer_in_the_same_time(
        client, post, make_user, real_hashing, outbox, form):
    make_user(email=KNOWN)
    url, data = FORMS[form]
    answers, times = {"known": set(), "unknown": set()}, {"known": [], "unknown": []}
    _answer(client, post, url, data(UNKNOWN.format(n="warm-up")))  # first-use costs, off the clock
    for n in range(ROUNDS):  # interleaved, so that a slower moment weighs on both alike
        for who, email in (("known", KNOWN), ("unknown", UNKNOWN.format(n=n))):
            answer, elapsed = _answer(client, post, url, data(email))
            answers[who].add(answer)
            times[who].append(elapsed)
    assert len(answers["known"]) == 1 and answers["known"] == answers["unknown"]
    if form != "login":  # the owner of the registered address was e-mailed each time
        assert sum(m["To"] == KNOWN for m in outbox()) == ROUNDS
    # The fastest of each: what the work costs, with the least of other processes' load in it.
    known, unknown = min(times["known"]), min(times["unknown"])
    # Noise: a few milliseconds of database and file work around a hash of ~50 ms or more.
    assert abs(known - unknown) < max(0.25 * min(known, unknown), 0.015), (known, unknown)


def test_sign_up_is_rate_limited_per_client(post):
    statuses = [post("/signup", {**FORMS["signup"][1](f"n{n}@example.org")}).status_code
                for n in range(6)]
    assert statuses == [302] * 5 + [429]
