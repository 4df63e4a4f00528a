"""Token authentication, scopes, audit of each call, conditional GETs and problem+json errors."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from mentoring.api.models import Scope
from mentoring.api.tokens import token_for_secret
from mentoring.clock import now_utc
from mentoring.core.audit import record
from mentoring.core.errors import is_database_unavailable, problem_response
from mentoring.core.input_guard import FIELD_CONTROLS
from mentoring.errors import DomainError, NotAllowed
from mentoring.extensions import db, login_manager

LAST_USED_PRECISION = timedelta(minutes=1)  # "last used" is written at most once a minute


class Unauthenticated(DomainError):
    status_code = 401


class Invalid(DomainError):
    """Input that passed the schema but not the programme's rules (e.g. an import row)."""

    status_code = 422

    def __init__(self, message: str, rows: list[dict]):
        super().__init__(message)
        self.rows = rows


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def authenticate() -> None:
    """Every /api/v1 call but the document needs a valid token; the cookie never counts."""
    # Flask-Login: nobody, whatever cookie came with the request.
    g._login_user = login_manager.anonymous_user()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    secret = _bearer()
    now = now_utc()
    token = token_for_secret(secret, now) if secret else None
    if token is None:
        raise Unauthenticated(_("Send a valid API token: Authorization: Bearer <token>. It may "
                                "have expired or been revoked."))
    if request.is_json and _has_control_characters(request.get_json(silent=True)):
        raise DomainError(_("A text contains a control character (such as NUL) that cannot be "
                            "stored: remove it and send again."))
    g.api_token = token
    g._login_user = token.user  # the owner's language and time zone for this answer
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
    record(actor=token.user, action="api_call", subject_type="api_token", subject_id=token.id,
           now=now, reason=f"{request.method} {request.path}"[:200])
    db.session.commit()  # the call is attributed even if the action is then refused


def _has_control_characters(value) -> bool:
    if isinstance(value, str):
        return bool(FIELD_CONTROLS.search(value))
    if isinstance(value, dict):
        return any(_has_control_characters(k) or _has_control_characters(v)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(_has_control_characters(item) for item in value)
    return False


PUBLIC_ENDPOINTS = {"api.openapi_document", "api.reference"}


def require(scope: Scope) -> None:
    if scope not in g.api_token.scope_set:
        raise NotAllowed(_("This token does not have the “%(scope)s” permission.",
                           scope=scope.value))


def log_access(action: str) -> None:
    """Reading safeguarding text is recorded, in the request's transaction."""
    record(actor=g.api_token.user, action=action, subject_type="api_token",
           subject_id=g.api_token.id, now=now_utc())
    db.session.commit()


def problem(status: int, detail: str, errors: dict | list | None = None, headers=None):
    response = problem_response(status, detail, errors)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def domain_problem(error: DomainError):
    db.session.rollback()
    rows = getattr(error, "rows", None)
    return problem(error.status_code, error.message, {"rows": rows} if rows else None)


def http_problem(error: HTTPException):
    db.session.rollback()
    status = error.code or 500
    messages = {
        400: _("The request could not be understood."),
        404: _("There is no such resource."),
        405: _("This method is not allowed on this resource."),
        413: _("What you sent is too large."),
        415: _("Send JSON (Content-Type: application/json)."),
        422: _("Some fields are not valid: see errors."),
        429: _("Too many calls with this token. Please wait and try again."),
    }
    errors = None
    data = getattr(error, "data", None)  # webargs: {"messages": {"json": {field: [...]}}}
    if isinstance(data, dict) and "messages" in data:
        errors = data["messages"]
    headers = {"Retry-After": "60"} if status == 429 else {}
    allowed = getattr(error, "valid_methods", None)
    if status == 405 and allowed:
        headers["Allow"] = ", ".join(sorted(allowed))
    return problem(status, messages.get(status, _("The request could not be completed.")),
                   errors, headers)


def database_problem(error: DBAPIError):
    if not is_database_unavailable(error):
        raise error
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.invalidate()  # type: ignore[attr-defined]  # scoped_session proxies it
    return problem(503, _("The service is briefly unavailable; nothing was saved, please try "
                          "again in a moment."), headers={"Retry-After": "5"})


def token_key() -> str:
    """Rate limits count per token (hashed), else per client address."""
    header = request.headers.get("Authorization", "")
    if header:
        return "api-token:" + hashlib.sha256(header.encode()).hexdigest()[:24]
    return "api-from:" + (request.remote_addr or "?")


def conditional(response):
    """A strong ETag on successful GETs; 304 when the client already has this version."""
    if request.method != "GET" or response.status_code != 200 or response.direct_passthrough:
        return response
    tag = hashlib.sha256(response.get_data()).hexdigest()[:32]
    response.set_etag(tag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Authorization, Accept-Language"
    return response.make_conditional(request)


def is_api_request() -> bool:
    return request.path == "/api/v1" or request.path.startswith("/api/")

