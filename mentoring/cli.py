"""The `mentoring` command: demo, create-coordinator, seed, plus Flask's own (db, run, shell)."""

from __future__ import annotations

import random
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

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
    for command in (demo, create_coordinator, seed):
        app.cli.add_command(command)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Prepare the database, print logins, and stop.")
@with_appcontext
def demo(host: str, port: int, no_serve: bool) -> None:
    """Create or upgrade the database, load the demo programme, print the logins and serve."""
    from mentoring.programme import demo as demo_data

    upgrade(directory=current_app.extensions["migrate"].directory)
    if demo_data.is_empty():
        demo_data.load_demo_programme(now_utc())
        db.session.commit()
        click.echo("Demo programme loaded.")
    else:
        click.echo("Database already holds a programme: kept as it is.")
    _print_demo_logins(host, port)
    if not no_serve:
        current_app.run(host=host, port=port, use_reloader=False, debug=False)


def _print_demo_logins(host: str, port: int) -> None:
    from mentoring.mail import outbox_dir
    from mentoring.programme.demo import DEMO_DOMAIN, DEMO_PASSWORD

    click.echo(f"\n  Open http://{host}:{port}/\n")
    click.echo(f"  Demo logins (password for all: {DEMO_PASSWORD})")
    click.echo(f"    coordinator  coordinator@{DEMO_DOMAIN}")
    click.echo(f"    mentor       mentor01@{DEMO_DOMAIN} … mentor12@{DEMO_DOMAIN}")
    click.echo(f"    applicant    applicant01@{DEMO_DOMAIN} (mentor awaiting approval)")
    click.echo(f"    mentee       mentee01@{DEMO_DOMAIN} … mentee30@{DEMO_DOMAIN}")
    click.echo(f"  E-mails are written to {outbox_dir()}\n")


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
    click.echo(f"Coordinator {user.email} created.")


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
    sys.exit(main())
