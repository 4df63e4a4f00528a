"""The OpenAPI document and its reference page, both served from our own origin."""

from __future__ import annotations

from flask import current_app, render_template

DESCRIPTION = (
    "The programme's participants, mentor applications, matches, sessions and concerns, and "
    "the actions a coordinator's own systems need: import participants, run a matching round "
    "as a dry run, approve pairs.\n\n"
    "Authenticate every call with a personal access token: Authorization: Bearer mtk_…. "
    "A coordinator creates it in Account → API tokens with the scopes it needs (read, write, "
    "safeguarding); the session cookie is never accepted. Lists are paged by cursor "
    "(limit, and cursor = the previous page's next_cursor). GET answers carry an ETag; send "
    "it back in If-None-Match to get 304 when nothing changed. Errors are "
    "application/problem+json (RFC 9457) with a sentence in the token owner's language. "
    "Each token has a rate limit; past it the answer is 429 with Retry-After."
)


def document() -> dict:
    return current_app.extensions["mentoring_api"].spec.to_dict()


def reference_page():
    """A readable page of every route, its parameters and answers (no script needed)."""
    spec = document()
    operations = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            scopes = sorted({scope for requirement in operation.get("security", [])
                             for scopes in requirement.values() for scope in scopes})
            operations.append({
                "method": method.upper(), "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
                "body": (operation.get("requestBody", {}).get("content", {})
                         .get("application/json", {}).get("schema", {}).get("$ref", "")
                         .rsplit("/", 1)[-1]),
                "responses": operation.get("responses", {}),
                "scopes": scopes,
            })
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api/reference.html", spec=spec, operations=operations,
                           schemas=schemas, rate_limit=current_app.config["API_RATE_LIMIT"])
