"""The `mentoring` command (demo, create-coordinator, reset-two-factor, seed) and production
configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest

import config
from mentoring import create_app
from mentoring.extensions import db

MENTORING = Path(sys.executable).parent / "mentoring"


def run_cli(*args: str, env: dict | None = None, input: str | None = None):
    """Run a `mentoring` command in this process with Flask's CLI runner, as a fresh install.

    As the installed command would: development settings, the instance folder from `env`, no
    MENTORING_* or DATABASE* variable of the test run. Returns returncode, stdout and stderr.
    """
    saved = os.environ.copy()
    try:
        for key in [k for k in os.environ if k.startswith(("MENTORING_", "DATABASE"))]:
            del os.environ[key]
        os.environ.update(env or {})
        app = create_app()
        result = app.test_cli_runner().invoke(args=list(args), input=input)
        with app.app_context():
            db.engine.dispose()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def run_installed_cli(*args: str, env: dict | None = None):
    """The installed `mentoring` command in its own process: the smoke test of the entry point."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORING_", "DATABASE"))}
    full_env.update(env or {})
    return subprocess.run([str(MENTORING), *args], env=full_env, capture_output=True, text=True,
                          timeout=120)


def test_production_without_secret_key_exits_with_one_clear_sentence():
    result = run_installed_cli("routes", env={"MENTORING_ENV": "production"})
    assert result.returncode == 2
    assert "MENTORING_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("secret", ["", "short", "changeme" * 1, "secret"])
def test_production_refuses_weak_secrets(monkeypatch, secret):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", secret)
    with pytest.raises(config.ConfigError, match="MENTORING_SECRET_KEY"):
        create_app("production")


def test_production_accepts_a_strong_secret(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "Hq3vN8xP1tZr6LcW0yEaKd5jUf7gBm2sQ")
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_environment_name_is_refused():
    with pytest.raises(config.ConfigError, match="MENTORING_ENV"):
        config.config_for("staging")


def test_database_url_switches_the_database_without_code_change():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://u@h:5432/d")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_demo_loads_a_programme_prints_logins_and_the_logins_work(tmp_path):
    env = {"MENTORING_INSTANCE_PATH": str(tmp_path)}
    result = run_cli("demo", "--no-serve", env=env)
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:5000/" in result.stdout
    assert "coordinator@demo.example.org" in result.stdout
    password = result.stdout.split("password for all: ")[1].split(")")[0]
    again = run_cli("demo", "--no-serve", env=env)
    assert "kept as it is" in again.stdout

    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/mentoring.sqlite3",
                     WTF_CSRF_ENABLED=False)
    with app.app_context():
        from mentoring.accounts.models import Role, User
        from mentoring.extensions import db

        roles = [u.role for u in db.session.scalars(db.select(User))]
        assert roles.count(Role.COORDINATOR) == 1
        assert roles.count(Role.MENTOR) >= 12 and roles.count(Role.MENTEE) == 50  # + 20 former
        zones = set(db.session.scalars(db.select(User.timezone)))
        assert {"Europe/Paris", "America/Montreal", "Africa/Abidjan"} <= zones
        _check_demo_story(db)
    client = app.test_client()
    for email in ("coordinator@demo.example.org", "mentor01@demo.example.org",
                  "mentee01@demo.example.org"):
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, email
        if email.startswith("coordinator"):  # two-factor: a code from the printed key
            assert response.headers["Location"] == "/login/code"
            key = result.stdout.split("two-factor key ")[1].split(" (")[0].replace(" ", "")
            response = client.post("/login/code", data={"code": pyotp.TOTP(key).now()})
            assert response.headers["Location"] == "/home"
        home = client.get("/home", follow_redirects=True)
        assert home.status_code == 200 and "/login" not in home.request.path, email
        client.post("/logout")


def _check_demo_story(db):
    """Every page has something to show: each step of the journey, sessions, safety records."""
    from mentoring.meetings.models import MeetingSeries, SeriesStatus
    from mentoring.pairing.models import Match, MatchStatus
    from mentoring.safety.models import CheckIn, Concern

    statuses = db.session.scalars(db.select(Match.status)).all()
    assert {MatchStatus.ACTIVE, MatchStatus.ACCEPTED, MatchStatus.APPROVED,
            MatchStatus.CLOSED} <= set(statuses)
    booked = db.session.scalars(db.select(MeetingSeries).where(
        MeetingSeries.status == SeriesStatus.CONFIRMED)).all()
    active = [m for m in db.session.scalars(db.select(Match)) if m.status is MatchStatus.ACTIVE]
    assert {s.match_id for s in booked} >= {m.id for m in active}
    assert any({m.mentee.timezone, m.mentor.timezone} == {"Europe/Paris", "America/Montreal"}
               for m in active)
    assert db.session.scalar(db.select(db.func.count(CheckIn.id))) > 0
    assert db.session.scalar(db.select(db.func.count(Concern.id)).where(
        Concern.resolved_at.is_(None))) >= 1


def test_create_coordinator_and_seed(tmp_path):
    env = {"MENTORING_INSTANCE_PATH": str(tmp_path)}
    assert run_cli("db", "upgrade", env=env).returncode == 0
    made = run_cli("create-coordinator", "--email", "Lead@Example.org", "--pseudonym", "Lead",
                   "--password", "a strong password", env=env)
    assert made.returncode == 0 and "lead@example.org" in made.stdout
    twice = run_cli("create-coordinator", "--email", "lead@example.org", "--pseudonym", "Lead",
                    "--password", "a strong password", env=env)
    assert twice.returncode != 0
    assert "two-factor" in made.stdout
    reset = run_cli("reset-two-factor", "--email", "lead@example.org", env=env)
    assert reset.returncode == 0 and "set it up again" in reset.stdout
    assert run_cli("reset-two-factor", "--email", "nobody@example.org", env=env).returncode != 0
    short = run_cli("create-coordinator", "--email", "b@example.org", "--pseudonym", "B",
                    "--password", "short", env=env)
    assert short.returncode != 0 and "at least 10" in short.stderr
    seeded = run_cli("seed", "--mentees", "25", "--mentors", "10", env=env)
    assert seeded.returncode == 0 and "Added 25 mentees and 10 mentors" in seeded.stdout


def test_match_command_previews_then_approves_a_round(tmp_path):
    env = {"MENTORING_INSTANCE_PATH": str(tmp_path)}
    assert run_cli("demo", "--no-serve", env=env).returncode == 0
    dry = run_cli("match", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    pairs = [line for line in dry.stdout.splitlines() if " -> mentor " in line]
    assert pairs and "waiting mentees" in dry.stdout
    again = run_cli("match", env=env)  # a dry run changes nothing: same proposals
    assert [line for line in again.stdout.splitlines() if " -> mentor " in line] == pairs
    refused = run_cli("match", "--approve", env=env)
    assert refused.returncode != 0 and "--as" in refused.stderr
    approved = run_cli("match", "--approve", "--as", "coordinator@demo.example.org", env=env)
    assert approved.returncode == 0, approved.stderr
    assert f"Approved {len(pairs)} proposals" in approved.stdout
    after = run_cli("match", env=env)
    assert not [line for line in after.stdout.splitlines() if " -> mentor " in line
                and line in pairs]


def test_demo_on_another_port_links_its_e_mails_to_that_port(tmp_path, monkeypatch):
    """`mentoring demo --port 5101`: the links in the demo's e-mails open the demo being served."""
    from email import policy
    from email.parser import BytesParser

    from mentoring.jobs import run_sweeps_once

    # The demo sets MENTORING_BASE_URL for its scheduler child: have monkeypatch restore it after.
    monkeypatch.setenv("MENTORING_BASE_URL", "")
    monkeypatch.delenv("MENTORING_BASE_URL")
    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/demo.sqlite3",
                     MAIL_OUTBOX=str(tmp_path / "outbox"))
    result = app.test_cli_runner().invoke(args=["demo", "--port", "5101", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5101/" in result.output
    run_sweeps_once(app)
    bodies = [BytesParser(policy=policy.default).parse(path.open("rb"))
              .get_body(("plain",)).get_content() for path in (tmp_path / "outbox").glob("*.eml")]
    assert bodies, "the demo's due e-mails were sent"
    linked = [body for body in bodies if "http://" in body]
    assert linked and all("http://127.0.0.1:5101/" in body for body in linked)
    assert not any("127.0.0.1:5000" in body for body in bodies)
