"""Shared fixtures: app, db, client, login_as, csrf and factory fixtures.

The suite runs on a temporary SQLite file by default; with TEST_DATABASE_URL set (for example
postgresql+psycopg://postgres@127.0.0.1:5432/test) the same tests run on that database, whose
public schema is dropped and rebuilt by the migrations at the start of the run. The app is built
once per session; each test gets its own app context and outbox, its config changes are undone,
and every row is deleted after it (so code under test commits for real).
"""

from __future__ import annotations

import contextvars
import copy
import email.message
import email.policy
import os
from datetime import datetime
from pathlib import Path

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, event, select, text

from mentoring import create_app
from mentoring.accounts.models import Role, User
from mentoring.accounts.services import register_user
from mentoring.accounts.sessions import stamp
from mentoring.accounts.two_factor import enrol_with_secret
from mentoring.clock import now_utc
from mentoring.extensions import db as _db
from mentoring.extensions import limiter
from tests.factories import (  # noqa: F401  (factory fixtures for every folder)
    FIXED_NOW,
    approved_mentor,
    book,
    coordinator,
    frozen,
    make_active_match,
    tags,
    waiting_mentee,
)

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
PASSWORD = "correct horse battery"
# Coordinators made by the factories have two-factor authentication on, with this key.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pytest_report_header(config):
    target = TEST_DATABASE_URL.split("@")[-1] if TEST_DATABASE_URL else "SQLite (temporary file)"
    return f"database under test: {target}"


def _reset_postgres_schema(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        _reset_postgres_schema(TEST_DATABASE_URL)
        url = TEST_DATABASE_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    schema_app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with schema_app.app_context():
        upgrade(directory=schema_app.extensions["migrate"].directory)
        _db.engine.dispose()
    return url


class FreshContextClient(FlaskClient):
    """A test client whose requests get their own app context, session and `g`, as in production.

    Without this, a request reuses the test's app context: Flask-Login's cached user and the
    database session would leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        def isolated():
            _cv_app.set(None)
            return super(FreshContextClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(isolated)


@pytest.fixture(scope="session")
def _session_app(database_url, tmp_path_factory):
    """The one app of the test session: building an app per test cost most of the suite's time."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        MAIL_OUTBOX=str(tmp_path_factory.mktemp("outbox")),
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        engine = _db.engine
    if engine.dialect.name == "sqlite":
        # Commits stay real (other connections see them); only the disk syncs are skipped.
        event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA synchronous = OFF"))
    return app


def _restorable(config: dict) -> dict:
    saved = {}
    for key, value in config.items():
        try:
            saved[key] = copy.deepcopy(value)
        except Exception:  # not copyable (a callable, a lock): kept by reference
            saved[key] = value
    return saved


@pytest.fixture
def app(_session_app, tmp_path):
    """The session's app in a fresh app context, with its own outbox; every row is deleted after.

    A test may change app.config: the settings are put back afterwards.
    """
    app = _session_app
    saved = _restorable(app.config)
    app.config["MAIL_OUTBOX"] = str(tmp_path / "outbox")
    limiter.reset()
    try:
        with app.app_context():
            yield app
            _db.session.remove()
            with _db.engine.begin() as conn:
                for table in reversed(_db.metadata.sorted_tables):
                    conn.execute(table.delete())
            _db.engine.dispose()
    finally:
        app.config.clear()
        app.config.update(saved)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf(app, client):
    """Return a valid CSRF token for `client`, as the form on any page would carry."""

    def token() -> str:
        raw = "test-csrf-raw-token"
        with client.session_transaction() as session:
            session["csrf_token"] = raw
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)

    return token


@pytest.fixture
def post(client, csrf):
    """POST a form the way a browser does: with the page's CSRF token."""

    def do_post(url: str, data: dict | None = None, **kwargs):
        return client.post(url, data={**(data or {}), "csrf_token": csrf()}, **kwargs)

    return do_post


@pytest.fixture
def make_user(app, db):
    """Factory: make_user(role=Role.MENTEE, **fields) -> a committed User.

    two_factor=True enrols the user with TOTP_SECRET; coordinators are enrolled unless
    two_factor=False, as they must be to reach any coordinator page.
    """
    counter = {"n": 0}

    def make(role: Role = Role.MENTEE, **fields) -> User:
        counter["n"] += 1
        has_two_factor = fields.pop("two_factor", role is Role.COORDINATOR)
        user = register_user(
            email=fields.pop("email", f"person{counter['n']}@example.org"),
            pseudonym=fields.pop("pseudonym", f"Person {counter['n']}"),
            password=fields.pop("password", PASSWORD),
            role=role,
            locale=fields.pop("locale", "fr"),
            timezone=fields.pop("timezone", "Europe/Paris"),
            now=fields.pop("now", FIXED_NOW),
        )
        for name, value in fields.items():
            setattr(user, name, value)
        if has_two_factor:
            enrol_with_secret(user, TOTP_SECRET, FIXED_NOW)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_mentee(make_user):
    return lambda **kw: make_user(Role.MENTEE, **kw)


@pytest.fixture
def make_mentor(make_user):
    return lambda **kw: make_user(Role.MENTOR, **kw)


@pytest.fixture
def make_coordinator(make_user):
    return lambda **kw: make_user(Role.COORDINATOR, **kw)


@pytest.fixture
def login_as(client):
    """Log `client` in as `user` without the login form: password and second factor done, now."""

    def login(user: User) -> User:
        # The stored session version, not the test's copy: logging out moves it on.
        version = _db.session.execute(
            select(User.session_version).where(User.id == user.id)).scalar_one()
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.id}:{version}"
            session["_fresh"] = True
            stamp(session, now_utc())
        return user

    return login


@pytest.fixture
def clock():
    """Stop the app's clock: clock.set(datetime) moves it; the real clock comes back after."""
    from mentoring import clock as app_clock

    class Clock:
        def set(self, instant: datetime) -> datetime:
            app_clock.freeze(instant)
            return instant

    app_clock.freeze(FIXED_NOW)
    yield Clock()
    app_clock.freeze(None)


@pytest.fixture
def outbox(app):
    """Read the messages written to the test outbox, oldest first."""

    def read() -> list[email.message.EmailMessage]:
        folder = Path(app.config["MAIL_OUTBOX"])
        if not folder.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))
        ]

    return read
