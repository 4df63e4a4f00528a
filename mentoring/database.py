"""Database connection settings that differ between SQLite and PostgreSQL."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.exc import SQLAlchemyError

from mentoring.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 10_000
log = logging.getLogger(__name__)


def rows_changed(result: Result) -> int:
    """How many rows an UPDATE or DELETE matched (Session.execute types its result too loosely)."""
    assert isinstance(result, CursorResult)
    return result.rowcount


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engines[None]
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run reversed).
    app.teardown_appcontext(_close_session_quietly)


def _close_session_quietly(_error) -> None:
    """End the request's session; a connection the server already dropped must not turn an
    answered request into a 500 (the pool replaces it on the next checkout)."""
    try:
        db.session.remove()
    except SQLAlchemyError as error:
        log.warning("closing a dropped database connection failed: %s", error.__class__.__name__)
        db.session.registry.clear()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Enforce foreign keys and wait for a lock instead of failing at once."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def is_sqlite(engine: Engine | None = None) -> bool:
    return (engine or db.engine).dialect.name == "sqlite"
