"""The JSON API (/api/v1): personal access tokens, a thin layer over the pages' services.

`init_app` builds the OpenAPI 3.1 document with flask-smorest from the routes' schemas, registers
the routes, the coordinators' token pages, problem+json errors and a rate limit per token.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

SPEC = {
    "API_TITLE": "Peer mentoring API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": None,  # served by our own route, behind no CDN (mentoring/api/docs.py)
}


class MentoringApi(Api):
    """flask-smorest's Api, with RFC 9457 problems as the documented error bodies."""

    DEFAULT_ERROR_RESPONSE_NAME = None  # each route documents its own refusals

    def _register_responses(self):
        from flask_smorest.utils import prepare_response

        from mentoring.api.schemas import Problem

        response = {"description": "Some fields are not valid: see errors.", "schema": Problem}
        prepare_response(response, self.spec, "application/problem+json")
        self.spec.components.response("UNPROCESSABLE_ENTITY", response, lazy=True)

    def _register_error_handlers(self):
        pass  # mentoring/api/auth.py answers for the API; the pages keep their HTML errors


def init_app(app: Flask) -> None:
    from mentoring.api import docs, token_views, views

    for key, value in SPEC.items():
        app.config.setdefault(key, value)
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": docs.DESCRIPTION},
        "servers": [{"url": "/"}],
        "components": {"securitySchemes": {"token": {
            "type": "http", "scheme": "bearer",
            "description": "A personal access token, created by a coordinator in "
                           "Account → API tokens."}}},
    })
    api = MentoringApi(app)  # one per app: its OpenAPI document is built from this app's routes
    api.register_blueprint(views.bp)
    app.extensions["mentoring_api"] = api
    app.register_blueprint(token_views.bp)
