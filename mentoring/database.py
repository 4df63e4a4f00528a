"""Database connection settings that differ between SQLite and PostgreSQL."""

from __future__ import annotations

import logging

from flask import Flask, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

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
    app.before_request(_answer_from_memory_after_commit)
    if not event.contains(Session, "after_commit", _remember_the_commit):
        event.listen(Session, "after_commit", _remember_the_commit)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run reversed).
    app.teardown_appcontext(_close_session_quietly)


def _answer_from_memory_after_commit() -> None:
    """A request's rows keep their values when it commits, so the answer (a redirect to the
    saved row, the flash with its name) is built from memory: a database that blinks after the
    commit cannot turn a saved action into an error page that says nothing was saved."""
    db.session().expire_on_commit = False


def _remember_the_commit(_session) -> None:
    if has_request_context():
        g.request_committed = True  # the 503 page then says the action was saved


def request_has_committed() -> bool:
    return has_request_context() and g.get("request_committed", False)


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
