"""Prometheus metrics: request counts and latency per endpoint, and delivery figures.

Request metrics are counted in each web process. Delivery figures are read from the database
at scrape time, so they are the same whichever process answers and include the scheduler's work.
"""

from __future__ import annotations

import hmac
import ipaddress
import time

from flask import Flask, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.health.models import SchedulerHeartbeat
from mentoring.notify.models import Notification

REGISTRY = CollectorRegistry()
REQUESTS = Counter("mentoring_http_requests", "HTTP requests answered",
                   ["endpoint", "method", "status"], registry=REGISTRY)
LATENCY = Histogram("mentoring_http_request_seconds", "Time to answer a request",
                    ["endpoint"], registry=REGISTRY)
EMAILS = Gauge("mentoring_emails", "Notifications by e-mail state", ["state"], registry=REGISTRY)
OLDEST_DUE = Gauge("mentoring_oldest_due_unsent_seconds",
                   "Age of the oldest due notification not yet e-mailed", registry=REGISTRY)
SWEEP = Gauge("mentoring_last_sweep_duration_seconds", "How long the last sweep took",
              registry=REGISTRY)
SINCE_SWEEP = Gauge("mentoring_seconds_since_last_sweep", "Time since a scheduler last swept",
                    registry=REGISTRY)


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_count)


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _count(response):
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if "metrics_started" in g:
        LATENCY.labels(endpoint).observe(time.perf_counter() - g.metrics_started)
    return response


# Set by a reverse proxy: the request came from outside, whatever address it seems to come from.
FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def may_read_metrics() -> bool:
    """With METRICS_TOKEN set, a bearer token is needed; else only internal addresses that
    reach the process directly (nginx on the same machine makes every visitor 127.0.0.1)."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return hmac.compare_digest(given.encode(), token.encode())
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return address.is_loopback or address.is_private


def _unsent():
    return (Notification.emailed_at.is_(None), Notification.cancelled_at.is_(None),
            Notification.undeliverable_at.is_(None))


def _read_delivery_figures() -> None:
    now = now_utc()
    count = db.func.count(Notification.id)
    EMAILS.labels("queued").set(db.session.scalar(db.select(count).where(*_unsent())) or 0)
    EMAILS.labels("sent").set(db.session.scalar(
        db.select(count).where(Notification.emailed_at.is_not(None))) or 0)
    EMAILS.labels("retrying").set(db.session.scalar(db.select(count).where(
        *_unsent(), Notification.retry_at.is_not(None))) or 0)
    EMAILS.labels("failed").set(db.session.scalar(db.select(count).where(
        Notification.undeliverable_at.is_not(None))) or 0)
    oldest = db.session.scalar(db.select(db.func.min(Notification.due_at))
                               .where(*_unsent(), Notification.due_at <= now))
    OLDEST_DUE.set((now - oldest).total_seconds() if oldest else 0)
    beat = db.session.scalars(db.select(SchedulerHeartbeat)
                              .order_by(SchedulerHeartbeat.swept_at.desc())).first()
    SWEEP.set(beat.sweep_seconds if beat else 0)
    SINCE_SWEEP.set((now - beat.swept_at).total_seconds() if beat else -1)


def metrics_response():
    if not may_read_metrics():
        abort(404)
    _read_delivery_figures()
    return generate_latest(REGISTRY), 200, {"Content-Type": CONTENT_TYPE_LATEST}
