"""PostgreSQL restarts while people use the site: 503 pages, nothing half-saved, recovery alone.

A gunicorn instance serves the test database while browsers load pages and report concerns
(a concern is several rows: the concern, its audit row, a notification per coordinator). The
real server is restarted in the middle with pg_ctlcluster. Every answer is a page or a redirect
or the 503 page — never a 500 or a hang — each concern is saved whole or not at all, and the
site works again on its own once PostgreSQL is back.

It restarts the machine's PostgreSQL, which cuts every other test run using it: it runs only
with MENTORING_TEST_PG_RESTART=1 (CI runs the suites one after the other), as root, on a local
cluster. tests/ops/test_database_unavailable.py shows the same without a restart, every time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from mentoring.core.audit import AuditEvent
from mentoring.notify.models import Notification
from mentoring.safety.models import Concern
from tests.conftest import PASSWORD, TEST_DATABASE_URL
from tests.ops.live import Browser, Gunicorn, app_environment

pytestmark = [pytest.mark.multiprocess, pytest.mark.skipif(
    not ((TEST_DATABASE_URL or "").startswith("postgresql")
         and os.environ.get("MENTORING_TEST_PG_RESTART") == "1"
         and shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir()),
    reason="restarts the local PostgreSQL: needs TEST_DATABASE_URL on PostgreSQL, "
           "MENTORING_TEST_PG_RESTART=1 and pg_ctlcluster (Debian's postgresql-common)")]

UNAVAILABLE = "Le service est brièvement indisponible"
BROWSERS = 4


def cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def ensure_running() -> None:
    """Whatever happened, leave PostgreSQL running for everybody else."""
    status = subprocess.run([*cluster(), "status"], capture_output=True, timeout=30)
    if status.returncode != 0:
        subprocess.run([*cluster(), "start"], check=True, timeout=60)


class Traffic:
    """Browsers that load a page and report a concern in a loop, recording every answer."""

    def __init__(self, browsers: list[Browser], match_id: int):
        self.browsers, self.match_id = browsers, match_id
        self.answers: list[tuple[float, str, int, str]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def _record(self, kind: str, status: int, page: str) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), kind, status, page))

    def _loop(self, browser: Browser) -> None:
        while not self.stopping.is_set():
            status, page, _location = browser.request("/request/status", timeout=30)
            self._record("page", status, page)
            token = browser.csrf_token()
            status, page, _location = browser.request(
                f"/matches/{self.match_id}/concern",
                {"category": "boundary", "text": "Worried.", "csrf_token": token}, timeout=30)
            self._record("concern", status, page)

    def __enter__(self):
        self.threads = [threading.Thread(target=self._loop, args=(b,)) for b in self.browsers]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in self.threads), "a request hung"

    def count(self, kind: str, status: int, since: float = 0.0) -> int:
        with self.lock:
            return sum(1 for at, k, s, _p in self.answers if k == kind and s == status
                       and at >= since)


def test_a_postgresql_restart_during_traffic_shows_503_saves_nothing_half_and_recovers(
        db, database_url, make_active_match, make_coordinator, tmp_path):
    make_coordinator()
    match = make_active_match()
    server = Gunicorn(app_environment(database_url, tmp_path / "instance"),
                      tmp_path / "gunicorn.log")
    try:
        server.wait_ready()
        browsers = [Browser(server.url) for _ in range(BROWSERS)]
        for browser in browsers:
            browser.log_in(match.mentee.email, PASSWORD)
        db.session.remove()  # this process's connection would die with the restart too
        with Traffic(browsers, match.id) as traffic:
            time.sleep(1.0)
            try:
                subprocess.run([*cluster(), "restart", "--", "-m", "fast"], check=True,
                               timeout=120)
            finally:
                ensure_running()
            restarted = time.monotonic()
            deadline = restarted + 30
            while time.monotonic() < deadline and not (
                    traffic.count("page", 200, restarted + 1)
                    and traffic.count("concern", 302, restarted + 1)):
                time.sleep(0.2)
    finally:
        server.stop()
        ensure_running()

    statuses = Counter((kind, status) for _at, kind, status, _page in traffic.answers)
    assert set(status for _kind, status in statuses) <= {200, 302, 503}, statuses
    assert statuses[("page", 503)] + statuses[("concern", 503)] >= 1, statuses
    assert all(UNAVAILABLE in page and 'href="/help"' in page
               for _at, _kind, status, page in traffic.answers if status == 503)
    assert traffic.count("page", 200, restarted + 1) and traffic.count("concern", 302,
                                                                      restarted + 1), statuses
    saved = db.session.scalars(db.select(Concern.id)).all()
    # Every concern answered 302 is saved. A 503 saved nothing, except in the one window no
    # server can close: the COMMIT reached the disk but its acknowledgement was lost with the
    # connection, so at most one in-flight request per browser may be saved behind its 503.
    assert statuses[("concern", 302)] <= len(saved) <= statuses[("concern", 302)] + min(
        BROWSERS, statuses[("concern", 503)]), statuses
    audited = Counter(db.session.scalars(db.select(AuditEvent.subject_id).where(
        AuditEvent.action == "concern_raised")).all())
    alerted = Counter(db.session.scalars(db.select(Notification.topic).where(
        Notification.kind == "concern_new")).all())
    assert sorted(audited) == sorted(saved)  # each saved one whole: its audit row…
    assert all(audited[i] == 1 and alerted[f"concern:{i}"] == 1 for i in saved)  # …its alert
