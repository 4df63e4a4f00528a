"""Error pages: every refusal answers with its status and a human sentence."""

from __future__ import annotations

import json

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from mentoring.database import request_has_committed
from mentoring.errors import DomainError
from mentoring.extensions import db


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check the form and try again."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist, or you do not have access to it."),
        405: _("This action is not possible on this page."),
        409: _("This action does not fit the current state. Please reload the page."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing was saved; please try again."),
        503: _("The service is briefly unavailable; nothing was saved, please try again in a "
               "moment."),
    }


API_PREFIX = "/api/"  # machine clients: every refusal there is problem+json (RFC 9457)


def problem_response(status: int, detail: str, errors: dict | list | None = None):
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"),
            "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return current_app.response_class(json.dumps(body, ensure_ascii=False) + "\n", status=status,
                                      mimetype="application/problem+json")


def _saved_but_unavailable() -> str:
    return _("What you sent is saved. The service is briefly unavailable, so this page could "
             "not be shown; do not send it again, reload in a moment.")


def _page(status: int, message: str | None = None):
    db.session.rollback()  # one transaction per user action: a refused action writes nothing
    text = message or _messages().get(status, _messages()[400])
    if request.path.startswith(API_PREFIX):  # e.g. a NUL in a path that matched no API route
        return problem_response(status, text)
    return render_template("errors/error.html", status=status, message=text), status


def is_database_unavailable(error: DBAPIError) -> bool:
    """A lost or refused connection (restart, failover, network), not a bug in a query."""
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    if db.engine.dialect.name == "sqlite":  # SQLite reports bad SQL as OperationalError too
        return "locked" in str(error.orig)
    return True  # PostgreSQL: connection refused or closed, shutdown, deadlock, lock timeout


def _unavailable_page():
    """The 503 page, drawn without reading the database: as to a visitor, for this response.

    The rollback expires the loaded user, and the menu would read it (and the unread count)
    again; the session cookie is left as it is, so the person is still logged in afterwards.
    """
    try:
        db.session.rollback()
    except DBAPIError:  # the connection is gone: drop it, the pool opens a new one next time
        db.session.invalidate()
    g._login_user = current_app.login_manager.anonymous_user()  # Flask-Login's per-request user
    g.database_unavailable = True  # crisis lists: the last copy read, no query
    headers = {"Retry-After": "5"}
    saved = request_has_committed() and request.method != "GET"  # a GET saves no action
    message = _saved_but_unavailable() if saved else _messages()[503]
    return render_template("errors/error.html", status=503, message=message), 503, headers


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, _("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return _page(error.status_code, error.message)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not is_database_unavailable(error):
            raise error  # a real bug: the 500 page, or the traceback in tests
        app.logger.warning("database unavailable: %s", error.orig)
        return _unavailable_page()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = current_app.make_response(_page(error.code or 500))
        allowed = getattr(error, "valid_methods", None)
        if error.code == 405 and allowed:
            response.headers["Allow"] = ", ".join(sorted(allowed))  # RFC 9110
        return response

    if app.testing:
        return  # let tests see the traceback instead of a friendly page

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        return _page(500)
