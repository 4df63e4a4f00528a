"""Error pages: every refusal answers with its status and a human sentence."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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
    }


def _page(status: int, message: str | None = None):
    db.session.rollback()  # one transaction per user action: a refused action writes nothing
    text = message or _messages().get(status, _messages()[400])
    return render_template("errors/error.html", status=status, message=text), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, _("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return _page(error.status_code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _page(error.code or 500)

    if app.testing:
        return  # let tests see the traceback instead of a friendly page

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        return _page(500)
