"""Creating, checking and revoking personal access tokens (services: no request, no commit)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from mentoring.accounts.models import User
from mentoring.api.models import ApiToken, Scope
from mentoring.core.audit import record
from mentoring.errors import DomainError, NotAllowed, NotFound
from mentoring.extensions import db

PREFIX = "mtk_"  # recognisable in a leaked file or a secret scanner
LIFETIMES = (7, 30, 90, 365)  # days a coordinator may choose
MAX_TOKENS = 20


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(owner: User, name: str, scopes: set[Scope], days: int,
                 now: datetime) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    if not owner.is_coordinator:
        raise NotAllowed(_("Only coordinators can create API tokens."))
    if not scopes:
        raise DomainError(_("Choose at least one permission."))
    if days not in LIFETIMES:
        raise DomainError(_("Choose how long the token stays valid."))
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name, such as the system that will use it."))
    open_tokens = db.session.scalar(select(db.func.count(ApiToken.id)).where(
        ApiToken.user_id == owner.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > now))
    if (open_tokens or 0) >= MAX_TOKENS:
        raise DomainError(_("You already have %(count)d tokens: revoke one first.",
                            count=MAX_TOKENS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=owner.id, name=name[:80], prefix=secret[:12],
                     secret_hash=_digest(secret),
                     scopes=" ".join(sorted(scope.value for scope in scopes)), created_at=now,
                     expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    record(actor=owner, action="api_token_created", subject_type="api_token",
           subject_id=token.id, now=now, reason=token.scopes)
    return token, secret


def token_for_secret(secret: str, now: datetime) -> ApiToken | None:
    """The usable token with this secret, whose owner is still an enabled coordinator."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == _digest(secret)))
    if token is None or not token.is_usable(now):
        return None
    owner = token.user
    if not (owner.is_enabled and owner.is_coordinator and owner.erased_at is None):
        return None
    return token


def tokens_of(owner: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(owner: User, token_id: int, now: datetime) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id:
        raise NotFound(_("There is no such token."))
    if token.revoked_at is None:
        token.revoked_at = now
        record(actor=owner, action="api_token_revoked", subject_type="api_token",
               subject_id=token.id, now=now)
    return token
