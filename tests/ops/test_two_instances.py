"""Two web instances and two schedulers over one PostgreSQL: the database keeps the rules.

Two gunicorn processes (2 workers each) serve the app from the test database, as two machines
would; people log in through the login form and send forms with their session's CSRF token.
Concurrent approvals for a mentor's last place, and concurrent bookings of a mentor's time, sent
to both instances, admit exactly one winner; two `mentoring scheduler` processes e-mail a due
reminder exactly once. A session cookie copied before logging out on one instance is refused on
the other.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request

import pytest

from mentoring.meetings.models import MeetingSeries
from mentoring.notify.models import Notification
from mentoring.pairing.models import Match
from mentoring.profiles.models import MentorProfile
from tests.conftest import PASSWORD, TEST_DATABASE_URL, TOTP_SECRET
from tests.meetings.smtp_server import start_smtp
from tests.meetings.test_scheduler import (
    make_due,
    real_future_booking,
    reminders,
    start_scheduler,
    stop,
    wait_for,
)
from tests.ops.live import Browser, Gunicorn, NoRedirect, app_environment

pytestmark = [pytest.mark.multiprocess, pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgresql"),
    reason="two instances share one database server: set TEST_DATABASE_URL to a PostgreSQL URL")]

SLOT = re.compile(r'<select[^>]*name="slot".*?<option selected value="([^"]+)"', re.S)


@pytest.fixture(scope="module")
def smtp():
    controller, handler = start_smtp()
    yield controller, handler
    controller.stop()


@pytest.fixture(scope="module")
def instances(database_url, smtp, tmp_path_factory):
    """Two gunicorn instances, A and B, on the test database, mailing through aiosmtpd."""
    folder = tmp_path_factory.mktemp("instances")
    env = app_environment(database_url, folder / "instance", smtp[0].port)
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(Gunicorn(env, folder / f"gunicorn-{name}.log"))
        for server in servers:
            server.wait_ready(timeout=120)  # a loaded CI machine: the first page is slow
        yield servers
    finally:
        for server in servers:
            server.stop()


def at_once(calls) -> list:
    """Run the calls in threads released together; their results in the same order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(position, call):
        barrier.wait(timeout=30)
        results[position] = call()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "a request never answered"
    return results


def logged_in(server: Gunicorn, user) -> Browser:
    browser = Browser(server.url)
    browser.log_in(user.email, PASSWORD, TOTP_SECRET if user.has_two_factor else None)
    return browser


def test_approvals_for_a_last_place_through_both_instances_admit_exactly_one(
        db, instances, waiting_mentee, approved_mentor, make_coordinator):
    mentor = approved_mentor(capacity=1)
    mentees = [waiting_mentee() for _ in range(8)]
    coordinators = [logged_in(instances[i % 2], make_coordinator()) for i in range(4)]
    calls = []
    for position, mentee in enumerate(mentees):
        browser = coordinators[position % 4]  # coordinators 0, 2 on A; 1, 3 on B
        form = {"mentee_id": mentee.id, "mentor_id": mentor.id, "reason": "",
                "csrf_token": browser.csrf_token()}
        calls.append(lambda b=browser, f=form: b.request("/programme/pairs/manual", f)[0])
    statuses = at_once(calls)
    assert sorted(statuses) == [302] + [409] * 7, statuses
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Match.id))) == 1
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))
    assert profile.open_matches == 1


def test_two_bookings_of_one_mentors_time_through_both_instances_admit_one(
        db, instances, make_active_match):
    first = make_active_match()
    second = make_active_match(mentor=first.mentor)
    browsers = [logged_in(instances[0], first.mentee), logged_in(instances[1], second.mentee)]
    forms = []
    for browser, match in zip(browsers, (first, second), strict=True):
        status, page, _location = browser.request(f"/matches/{match.id}/meetings")
        assert status == 200
        forms.append({"slot": SLOT.search(page).group(1), "interval_weeks": "1", "count": "12",
                      "csrf_token": browser.csrf_token()})
    assert forms[0]["slot"] == forms[1]["slot"]  # both are offered the mentor's same first time
    calls = [lambda b=b, m=m, f=f: b.request(f"/matches/{m.id}/meetings", f)
             for b, m, f in zip(browsers, (first, second), forms, strict=True)]
    results = at_once(calls)
    assert sorted(status for status, _page, _location in results) == [302, 409]
    refused = next(page for status, page, _location in results if status == 409)
    assert "chevauche" in refused  # "This time overlaps another meeting…", in French
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(MeetingSeries.id))) == 1


def test_two_schedulers_email_a_due_reminder_exactly_once(
        db, database_url, instances, smtp, make_active_match, book, tmp_path):
    controller, handler = smtp
    match = make_active_match()
    real_future_booking(book, match)  # the scheduler processes run on the real clock
    [due] = reminders(db, None)[:1]
    make_due(db, [due])
    db.session.execute(db.update(Notification).where(Notification.id != due.id)
                       .values(emailed_at=due.due_at))  # only this one is left to send
    db.session.commit()
    before = len(handler.messages)
    schedulers = [start_scheduler(database_url, controller.port, tmp_path, f"s{i}")
                  for i in range(2)]
    try:
        assert wait_for(lambda: len(handler.messages) > before), (tmp_path / "s0.log").read_text()
        time.sleep(3)  # both schedulers sweep every second: several more sweeps each
    finally:
        for process in schedulers:
            stop(process)
    sent = handler.messages[before:]
    assert [m["To"] for m in sent] == [due.user.email]
    assert "rappel" in sent[0]["Subject"].lower()
    db.session.expire_all()
    assert db.session.get(Notification, due.id).emailed_at is not None


def replay(server: Gunicorn, cookie: str, path: str) -> tuple[int, str | None]:
    """A GET that carries only a copied Cookie header, as a thief's browser would."""
    request = urllib.request.Request(server.url + path, headers={"Cookie": cookie})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers["Location"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Location"]


def test_a_cookie_copied_before_logout_is_refused_on_the_other_instance(db, instances,
                                                                        make_mentee):
    browser = logged_in(instances[0], make_mentee())
    copied = browser.session_cookie()
    assert replay(instances[1], copied, "/account/settings")[0] == 200  # works before logout
    status, _page, _location = browser.post_form("/logout", {})
    assert status == 302
    for server in instances[::-1]:  # B first: it never saw the logout
        for path in ("/account/settings", "/account/data.json", "/account/settings"):
            status, location = replay(server, copied, path)
            assert status == 302 and location.startswith("/login"), (server.url, path, status)
