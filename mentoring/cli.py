"""The `mentoring` command: demo, create-coordinator, seed, plus Flask's own (db, run, shell)."""

from __future__ import annotations

import atexit
import logging
import os
import random
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from config import ConfigError
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.extensions import db


def _create_app():
    from mentoring import create_app

    return create_app()


def main() -> None:
    cli = FlaskGroup(create_app=_create_app, help="Peer-mentoring service.")
    try:
        cli.main(prog_name="mentoring")
    except ConfigError as error:
        click.echo(f"Configuration error: {error}", err=True)
        sys.exit(2)


def register_commands(app) -> None:
    for command in (demo, create_coordinator, reset_two_factor, seed, match_command, scheduler):
        app.cli.add_command(command)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Prepare the database, print logins, and stop.")
@with_appcontext
def demo(host: str, port: int, no_serve: bool) -> None:
    """Create or upgrade the database, load the demo programme, print the logins and serve."""
    from mentoring.programme import demo as demo_data

    if "MENTORING_BASE_URL" not in os.environ:
        # E-mails and invites link to the address this demo serves on; the scheduler child
        # inherits it through the environment.
        os.environ["MENTORING_BASE_URL"] = f"http://{host}:{port}"
        current_app.config["BASE_URL"] = os.environ["MENTORING_BASE_URL"]
    upgrade(directory=current_app.extensions["migrate"].directory)
    if demo_data.is_empty():
        demo_data.load_demo_programme(now_utc())
        db.session.commit()
        click.echo("Demo programme loaded.")
    else:
        click.echo("Database already holds a programme: kept as it is.")
    _print_demo_logins(host, port)
    if not no_serve:
        child = _start_scheduler_process()
        try:
            # Not app.run(): Flask ignores it inside a `flask`-style CLI command.
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            run_simple(host, port, app, threaded=True)
        finally:
            child.terminate()


def _print_demo_logins(host: str, port: int) -> None:
    from mentoring.accounts.two_factor import grouped
    from mentoring.mail import outbox_dir
    from mentoring.programme.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET, highlights

    click.echo(f"\n  Open http://{host}:{port}/\n")
    click.echo(f"  Demo logins (password for all: {DEMO_PASSWORD})")
    click.echo(f"    coordinator  coordinator@{DEMO_DOMAIN}")
    click.echo(f"                 two-factor key {grouped(DEMO_TOTP_SECRET)} (add it to an")
    click.echo("                 authenticator app, or print the current code with:")
    click.echo(f"                 {sys.executable} -c")
    click.echo(f"                 \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\")")
    click.echo(f"    mentor       mentor01@{DEMO_DOMAIN} … mentor12@{DEMO_DOMAIN}")
    click.echo(f"    applicant    applicant01@{DEMO_DOMAIN} (mentor awaiting approval)")
    click.echo(f"    mentee       mentee01@{DEMO_DOMAIN} … mentee30@{DEMO_DOMAIN}")
    for label, email in highlights():
        click.echo(f"    {email:<30} {label}")
    click.echo(f"  E-mails are written to {outbox_dir()}\n")


@click.command("scheduler")
@click.option("--interval", type=click.IntRange(1, 3600), default=None,
              help="Seconds between sweeps (default: MENTORING_SCHEDULER_INTERVAL, 60).")
@click.option("--once", is_flag=True, help="Run every sweep once and stop.")
@with_appcontext
def scheduler(interval: int | None, once: bool) -> None:
    """Run the timed jobs (reminders, due e-mails) in this process; run exactly one per site."""
    from mentoring.jobs import run_scheduler, run_sweeps_once

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        run_sweeps_once(app)
        return
    run_scheduler(app, interval or app.config["SCHEDULER_INTERVAL_SECONDS"])


def _start_scheduler_process() -> subprocess.Popen:
    """The demo's scheduler: a child process with the same environment, stopped with the demo."""
    child = subprocess.Popen([sys.executable, "-c", "from mentoring.cli import main; main()",
                              "scheduler"])
    atexit.register(child.terminate)
    # SIGTERM would end this process without `finally`: turn it into a clean exit instead.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    return child


@click.command("create-coordinator")
@click.option("--email", prompt=True)
@click.option("--pseudonym", prompt=True)
@click.password_option()
@with_appcontext
def create_coordinator(email: str, pseudonym: str, password: str) -> None:
    """Create a coordinator account."""
    from mentoring.accounts.passwords import MIN_PASSWORD_LENGTH
    from mentoring.accounts.services import register_user
    from mentoring.errors import DomainError

    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    try:
        user = register_user(
            email=email, pseudonym=pseudonym, password=password, role=Role.COORDINATOR,
            locale=current_app.config["BABEL_DEFAULT_LOCALE"],
            timezone=current_app.config["DEFAULT_TIMEZONE"], now=now_utc(),
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Coordinator {user.email} created. At the first login, they set up two-factor "
               "authentication with an authenticator app.")


@click.command("reset-two-factor")
@click.option("--email", prompt=True)
@with_appcontext
def reset_two_factor(email: str) -> None:
    """Turn off someone's two-factor authentication (lost phone and codes); logs them out."""
    from mentoring.accounts import two_factor
    from mentoring.accounts.models import user_by_email
    from mentoring.notify.delivery import send_committed_notifications

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    now = now_utc()
    two_factor.reset_two_factor(user, None, now)
    db.session.commit()
    send_committed_notifications(now)
    follow_up = (" As a coordinator, they set it up again at the next login."
                 if user.is_coordinator else "")
    click.echo(f"Two-factor authentication of {user.email} is off.{follow_up}")


@click.command("seed")
@click.option("--mentees", default=100, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--mentors", default=40, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--seed", "random_seed", default=1, show_default=True, type=int)
@with_appcontext
def seed(mentees: int, mentors: int, random_seed: int) -> None:
    """Add a synthetic cohort (for load tests and large matching rounds)."""
    from mentoring.accounts.passwords import hash_password
    from mentoring.programme.demo import DEMO_PASSWORD, add_people

    rng = random.Random(random_seed)
    password_hash = hash_password(DEMO_PASSWORD)
    tag = f"s{random_seed}-{rng.randrange(16**6):06x}-"
    now = now_utc()
    add_people(Role.MENTOR, mentors, now=now, rng=rng, password_hash=password_hash,
               prefix=f"{tag}mentor")
    add_people(Role.MENTEE, mentees, now=now, rng=rng, password_hash=password_hash,
               prefix=f"{tag}mentee")
    db.session.commit()
    click.echo(f"Added {mentees} mentees and {mentors} mentors (password {DEMO_PASSWORD}).")


if __name__ == "__main__":  # pragma: no cover
    main()


@click.command("match")
@click.option("--dry-run", "mode", flag_value="dry-run", default=True,
              help="Show the optimal assignment without changing anything (default).")
@click.option("--approve", "mode", flag_value="approve",
              help="Approve every proposed pair and notify the mentors.")
@click.option("--as", "coordinator_email", help="The coordinator approving (with --approve).")
@click.option("--best-total", is_flag=True, help="Highest total score instead of most matched.")
@with_appcontext
def match_command(mode: str, coordinator_email: str | None, best_total: bool) -> None:
    """Run a matching round over every waiting mentee and matchable mentor."""
    from mentoring.accounts.models import user_by_email
    from mentoring.errors import DomainError
    from mentoring.notify.delivery import send_committed_notifications
    from mentoring.pairing.approvals import approve_pairs
    from mentoring.pairing.rounds import RoundSettings, run_round

    settings = RoundSettings(mode="best_total" if best_total else "most_matched",
                             session_minutes=current_app.config["MEETING_MINUTES"])
    now = now_utc()
    cohort, assignment = run_round(settings, now)
    click.echo(f"{len(cohort.mentees)} waiting mentees, {len(cohort.mentors)} matchable mentors: "
               f"{assignment.matched} pairs, total score {assignment.objective:.4f}, "
               f"{len(assignment.unmatched)} unmatched.")
    for pair in assignment.pairs:
        click.echo(f"  mentee {pair.mentee} -> mentor {pair.mentor}  {pair.score:.4f}  "
                   f"{pair.explanation.text}")
    for unmatched in assignment.unmatched:
        click.echo(f"  mentee {unmatched.mentee} unmatched: {unmatched.reasons.text}")
    if mode != "approve":
        return
    coordinator = user_by_email(coordinator_email or "")
    if coordinator is None or not coordinator.is_coordinator:
        raise click.ClickException("--approve needs --as with a coordinator's e-mail address.")
    pairs = [(int(p.mentee), int(p.mentor)) for p in assignment.pairs]
    if not pairs:
        click.echo("Nothing to approve.")
        return
    try:
        created = approve_pairs(coordinator, pairs, settings, now,
                                current_app.config["PROPOSAL_RESPONSE_DAYS"])
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    send_committed_notifications(now)
    click.echo(f"Approved {len(created)} proposals; the mentors have been notified.")
