"""Probes for load balancers and systemd: /healthz (alive) and /readyz (able to serve)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.health import services
from mentoring.health.metrics import metrics_response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    checks = {"database": False, "migrations": False, "scheduler": False}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = True
        checks["migrations"] = services.migrations_are_current()
        checks["scheduler"] = not services.scheduler_is_stale(now_utc())
    except SQLAlchemyError:
        db.session.rollback()
    ready = all(checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


@bp.get("/metrics")
def metrics():
    """Prometheus scrape target: internal addresses only, or a bearer token (METRICS_TOKEN)."""
    return metrics_response()
