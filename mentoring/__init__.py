"""Peer-mentoring web application: create_app() is the table of contents."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

import config as config_module

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for `config_name` (default: MENTORING_ENV); does no I/O."""
    config = config_module.config_for(config_name)
    config.check()
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=os.environ.get("MENTORING_INSTANCE_PATH") or None,
    )
    app.config.from_object(config)
    app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///mentoring.sqlite3"  # instance folder
    register_extensions(app)
    register_input_guard(app)
    register_blueprints(app)
    register_templating(app)
    register_security(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from mentoring import database, models  # noqa: F401  (every table, for Alembic too)
    from mentoring.accounts import passwords
    from mentoring.accounts.loader import load_user
    from mentoring.extensions import babel, csrf, db, limiter, login_manager, migrate
    from mentoring.i18n import select_locale, select_timezone

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    passwords.init_app(app)
    register_notification_kinds()


def register_input_guard(app: Flask) -> None:
    from mentoring.core import input_guard

    input_guard.init_app(app)  # before the blueprints: their <int:…> rules use its converter


def register_blueprints(app: Flask) -> None:
    from mentoring.accounts.rights_views import bp as rights
    from mentoring.accounts.security_views import bp as account_security
    from mentoring.accounts.views import bp as accounts
    from mentoring.agreements.views import bp as agreements
    from mentoring.conversations.care_views import bp as conversation_care
    from mentoring.conversations.views import bp as conversations
    from mentoring.core.views import bp as core
    from mentoring.health.views import bp as health
    from mentoring.meetings.views import bp as meetings
    from mentoring.notify.views import bp as notify
    from mentoring.pairing.round_views import bp as rounds
    from mentoring.pairing.views import bp as pairing
    from mentoring.profiles.views import bp as profiles
    from mentoring.programme.import_views import bp as imports
    from mentoring.programme.insight_views import bp as insight
    from mentoring.programme.people_views import bp as people
    from mentoring.programme.views import bp as programme
    from mentoring.safety.helpline_views import bp as helplines
    from mentoring.safety.views import bp as safety
    from mentoring.support.views import bp as support

    blueprints = (core, accounts, rights, notify, profiles, pairing, rounds, programme, people,
                  safety, meetings, conversations)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    for blueprint in (imports, insight, account_security, health, helplines, conversation_care,
                      support):
        app.register_blueprint(blueprint)
    app.register_blueprint(agreements)
    from mentoring import api

    api.init_app(app)  # /api/v1 and the token pages


def register_templating(app: Flask) -> None:
    from mentoring.core import errors, templating

    errors.register(app)
    templating.register(app)


def register_security(app: Flask) -> None:
    from mentoring.core import deployment, headers
    from mentoring.health import metrics

    deployment.init_app(app)
    headers.register(app)
    metrics.init_app(app)


def register_cli(app: Flask) -> None:
    from mentoring.cli import register_commands

    register_commands(app)


def register_notification_kinds() -> None:
    """Import each feature's notification kinds (they register themselves): the registry is full.

    Here, at the top, and not in notify/: notify sits below every feature that sends notifications.
    """
    from mentoring.accounts import messages as accounts_kinds  # noqa: F401
    from mentoring.agreements import messages as agreement_kinds  # noqa: F401
    from mentoring.conversations import notification_kinds as conversation_kinds  # noqa: F401
    from mentoring.meetings import messages as meetings_kinds  # noqa: F401
    from mentoring.pairing import messages as pairing_kinds  # noqa: F401
    from mentoring.profiles import messages as profiles_kinds  # noqa: F401
    from mentoring.safety import messages as safety_kinds  # noqa: F401
    from mentoring.support import messages as support_kinds  # noqa: F401
