"""The role decorator and the safe-redirect check used by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, TypeGuard
from urllib.parse import urlsplit

from flask import abort, redirect, url_for
from flask_login import current_user

from mentoring.extensions import login_manager

if TYPE_CHECKING:  # the decorators sit below every feature, accounts included
    from mentoring.accounts.models import Role


def role_required(*roles: Role) -> Callable:
    """Let in logged-in users whose role is one of `roles`; others get login or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]  # read by tests
        return wrapped

    return decorator


def login_required(view: Callable) -> Callable:
    """Any logged-in user, whatever their role."""
    return role_required()(view)


def redirect_to_next(target: str | None, default_endpoint: str = "core.home"):
    """Redirect to `target` when it is a path on this site, else to the default page."""
    return redirect(target if is_safe_next(target) else url_for(default_endpoint))


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Accept only a path on this site: no scheme, no host, no backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target
