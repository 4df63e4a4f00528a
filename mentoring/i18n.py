"""Language and time-zone selection for Flask-Babel."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user


def select_locale() -> str:
    """The user's setting, else the switcher's choice, else the browser's, else the default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # services called from the CLI, jobs or tests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("language")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    best = request.accept_languages.best_match(languages)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def current_locale() -> str:
    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]
