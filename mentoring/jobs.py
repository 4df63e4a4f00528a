"""The scheduler process: APScheduler jobs that sweep the database for due work.

Run it with `mentoring scheduler`, never inside web workers (each worker would run every job).
Timed work is stored as rows with a due time; each sweep claims a row with a conditional update
before acting on it, so two schedulers, or one restarted mid-sweep, never act twice, and work
missed while the scheduler was down is done once when it comes back.

To add a sweep, append a function `sweep(now) -> int` to SWEEPS (it may commit; it runs in an
app context and a request context whose URLs point at BASE_URL).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app

from mentoring.accounts.data_rights import retention_sweep
from mentoring.accounts.verification import purge_unconfirmed
from mentoring.clock import now_utc
from mentoring.conversations.records import sweep_closed_conversations
from mentoring.extensions import db
from mentoring.health.services import beat
from mentoring.notify.delivery import WORKER, send_due_notifications
from mentoring.pairing.services import expire_overdue
from mentoring.profiles.review import report_expired_screenings
from mentoring.safety.checkins import request_checkins
from mentoring.safety.concerns import realert_unacknowledged
from mentoring.support.digest import send_weekly_digests

log = logging.getLogger(__name__)

Sweep = Callable[[datetime], object]


def realert_concerns(now: datetime) -> int:
    """Urgent concerns nobody acknowledged are sent to every coordinator again."""
    return realert_unacknowledged(now, current_app.config["CONCERN_REALERT_MINUTES"])


def apply_retention(now: datetime) -> tuple[int, int]:
    """Warn, then erase, people inactive for MENTORING_RETENTION_MONTHS."""
    config = current_app.config
    return retention_sweep(now, config["RETENTION_MONTHS"], config["RETENTION_WARNING_DAYS"])


def purge_unconfirmed_signups(now: datetime) -> int:
    """Delete sign-ups never confirmed once their link expired (MENTORING_EMAIL_CONFIRM_MAX_AGE)."""
    return purge_unconfirmed(now, current_app.config["EMAIL_CONFIRM_MAX_AGE"])


def erase_old_conversations(now: datetime) -> int:
    """Erase conversations closed MENTORING_CONVERSATION_RETENTION_MONTHS ago (no open concern)."""
    return sweep_closed_conversations(now, current_app.config["CONVERSATION_RETENTION_MONTHS"])


SWEEPS: list[Sweep] = [
    realert_concerns,  # first: someone may be at risk
    expire_overdue,  # proposals a mentor did not answer in time
    report_expired_screenings,  # tells coordinators once when a mentor's screening expires
    request_checkins,  # asks both participants how each ended session went
    apply_retention,  # daily in effect: each person is warned once, erased once
    purge_unconfirmed_signups,  # addresses nobody confirmed are not kept
    erase_old_conversations,  # closed long enough ago, and no concern about the match open
    send_weekly_digests,  # Monday 08:00 in each coordinator's zone: match support due, once
    send_due_notifications,  # last: e-mails every due notification and reminder, new ones too
]


def run_sweeps_once(app: Flask, now: datetime | None = None) -> dict[str, object]:
    """Run every sweep once; a failing sweep is logged and rolled back, the others still run."""
    results: dict[str, object] = {}
    started = time.monotonic()
    with app.app_context(), app.test_request_context(base_url=app.config["BASE_URL"]):
        for sweep in SWEEPS:
            name = getattr(sweep, "__name__", repr(sweep))
            try:
                results[name] = sweep(now or now_utc())
                db.session.commit()
            except Exception:
                log.exception("sweep %s failed", name)
                db.session.rollback()
        try:  # the heartbeat the dashboard and /readyz read
            beat(WORKER, now or now_utc(), time.monotonic() - started)
            db.session.commit()
        except Exception:
            log.exception("writing the scheduler heartbeat failed")
            db.session.rollback()
    log.info("sweeps done: %s", results)
    return results


def run_scheduler(app: Flask, interval_seconds: int) -> None:
    """Sweep now, then every `interval_seconds`, until SIGTERM or SIGINT."""
    scheduler = BlockingScheduler(timezone=UTC)
    scheduler.add_job(
        run_sweeps_once, "interval", args=[app], seconds=interval_seconds, id="sweeps",
        next_run_time=datetime.now(UTC), max_instances=1, coalesce=True,
        misfire_grace_time=None,
    )

    def stop(signum, _frame):
        if not scheduler.running:  # a second signal (the demo's process group gets several)
            return
        log.info("scheduler stopping (signal %s)", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("scheduler started: sweeping every %s s", interval_seconds)
    scheduler.start()
