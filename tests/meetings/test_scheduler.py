"""Scheduler processes: reminders go out once, even with two schedulers or a killed one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from mentoring.clock import now_utc
from mentoring.jobs import run_sweeps_once
from mentoring.notify.models import Notification
from tests.factories import utc
from tests.meetings.smtp_server import start_smtp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def smtp():
    controller, handler = start_smtp()
    yield controller, handler
    controller.stop()


def reminders(db, series):
    """The reminder rows of the first sessions, mentee's first, made due in order."""
    rows = db.session.scalars(db.select(Notification).where(
        Notification.kind == "meeting_reminder").order_by(Notification.due_at,
                                                          Notification.user_id)).all()
    return rows


def make_due(db, rows) -> None:
    """Make `rows` due; the booking e-mails count as sent already (the view sends them)."""
    db.session.execute(db.update(Notification).where(Notification.kind != "meeting_reminder")
                       .values(emailed_at=now_utc()))
    past = now_utc() - timedelta(minutes=10)
    for position, row in enumerate(rows):
        row.due_at = past + timedelta(seconds=position)
    db.session.commit()


def real_future_booking(book, match):
    """Book on the real clock: the scheduler processes below do not share the test's frozen clock,
    so the series must start after today's real date, whatever day the suite runs."""
    real_now = datetime.now(UTC)
    start = (real_now + timedelta(days=14)).replace(hour=17, minute=0, second=0, microsecond=0)
    return book(match, start, now=real_now)


def start_scheduler(database_url, smtp_port, tmp_path, name, **extra_env) -> subprocess.Popen:
    env = {**os.environ, "MENTORING_ENV": "development", "DATABASE_URL": database_url,
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port), "MAIL_USE_TLS": "0",
           "MENTORING_INSTANCE_PATH": str(tmp_path / name),
           "MENTORING_BASE_URL": "http://mentoring.test", "PYTHONPATH": ROOT, **extra_env}
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(
        [sys.executable, "-c", "from mentoring.cli import main; main()", "scheduler",
         "--interval", "1"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def wait_for(condition, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_sweep_sends_a_due_reminder_once_in_the_recipients_language(
        app, db, make_active_match, book, outbox, clock):
    match = make_active_match()
    match.mentee.locale = "en"
    series = book(match, utc(2026, 12, 1, 17, 0))
    first = reminders(db, series)[:2]
    make_due(db, first)
    run_sweeps_once(app)
    run_sweeps_once(app)
    messages = outbox()
    assert sorted(m["To"] for m in messages) == sorted([match.mentee.email, match.mentor.email])
    english = next(m for m in messages if m["To"] == match.mentee.email)
    body = english.get_body(("plain",)).get_content()
    assert english["Subject"] == "Reminder: you have a mentoring session soon"
    assert "Tuesday 1 December 2026, 18:00, time in France (Paris)" in body
    assert "http://localhost/matches/" in body


@pytest.mark.multiprocess
def test_two_scheduler_processes_send_a_due_reminder_exactly_once(
        app, db, database_url, make_active_match, book, smtp, tmp_path):
    controller, handler = smtp
    match = make_active_match()
    series = real_future_booking(book, match)
    [due] = reminders(db, series)[:1]
    make_due(db, [due])
    schedulers = [start_scheduler(database_url, controller.port, tmp_path, f"s{i}")
                  for i in range(2)]
    try:
        assert wait_for(lambda: handler.messages), (tmp_path / "s0.log").read_text()
        time.sleep(3)  # several more sweeps of both processes
    finally:
        for process in schedulers:
            stop(process)
    assert handler.recipients() == [due.user.email]
    assert "rappel" in handler.messages[0]["Subject"].lower()


@pytest.mark.multiprocess
def test_a_scheduler_killed_mid_send_leaves_a_lease_the_next_one_takes_again(
        app, db, database_url, make_active_match, book, smtp, tmp_path):
    controller, handler = smtp
    match = make_active_match()
    series = real_future_booking(book, match)
    rows = reminders(db, series)[:4]
    make_due(db, rows)
    handler.hold_message_number = 2  # the scheduler hangs while sending the second e-mail
    first = start_scheduler(database_url, controller.port, tmp_path, "first")
    try:
        assert handler.holding.wait(30), (tmp_path / "first.log").read_text()
    finally:
        first.kill()  # SIGKILL mid-sweep: no clean-up of any kind
        first.wait()
    handler.hold_message_number = None
    second = start_scheduler(database_url, controller.port, tmp_path, "second",
                             MENTORING_MAIL_LEASE_SECONDS="2")
    try:
        assert wait_for(lambda: len(handler.messages) >= 5), (tmp_path / "second.log").read_text()
        time.sleep(2.5)
    finally:
        stop(second)
    # The server had the held message but the killed sender never heard "accepted": it is sent
    # again once its lease expired, with the same Message-ID, and nothing else is repeated.
    sent = Counter(m["Message-ID"] for m in handler.messages)
    assert len(handler.messages) == 5 and sorted(sent.values()) == [1, 1, 1, 2]
    assert sent[handler.messages[1]["Message-ID"]] == 2
    db.session.expire_all()
    assert all(row.emailed_at is not None for row in rows)
