"""Deployment hardening: trusted proxy headers and secret-key rotation for form tokens.

Sessions (Flask), password-reset links and calendar-feed URLs read SECRET_KEY_FALLBACKS
themselves; Flask-WTF signs CSRF tokens with one key, so it is given the list of keys, newest last
(itsdangerous signs with the last and accepts any of them).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

PROXY_HEADERS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


def trust_proxy_headers(app: Flask) -> None:
    """Wrap the app in ProxyFix when the configuration counts proxies in front of it."""
    hops = {name: app.config.get(f"PROXY_FIX_{name.upper()}", 0) for name in PROXY_HEADERS}
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)  # type: ignore[method-assign]


def accept_old_keys_for_csrf(app: Flask) -> None:
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if fallbacks and not app.config.get("WTF_CSRF_SECRET_KEY"):
        app.config["WTF_CSRF_SECRET_KEY"] = [*fallbacks, app.config["SECRET_KEY"]]


def init_app(app: Flask) -> None:
    trust_proxy_headers(app)
    accept_old_keys_for_csrf(app)
