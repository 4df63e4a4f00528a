"""Security headers on every response: a strict CSP, no sniffing, no framing, no referrer.

Pages are never stored by browsers or proxies (they carry personal data and per-session form
tokens); only the static files may be cached. HSTS is sent when the configuration asks for it,
which production does.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # feed tokens and reset links live in URLs
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

CACHEABLE_ENDPOINTS = {"static"}


def add_security_headers(response: Response, hsts_seconds: int) -> Response:
    """Set the headers on `response` (a view's own value for a header wins, except caching)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if hsts_seconds > 0:
        response.headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    hsts_seconds = app.config["HSTS_SECONDS"] if app.config.get("SESSION_COOKIE_SECURE") else 0

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_security_headers(response, hsts_seconds)
