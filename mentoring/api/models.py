"""Personal access tokens: a coordinator's key for the API, stored hashed, scoped and expiring."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.types import UTCDateTime


class Scope(enum.StrEnum):
    READ = "read"  # participants, applications, matches, sessions, concern metadata, figures
    WRITE = "write"  # imports, rounds (dry run), approvals
    SAFEGUARDING = "safeguarding"  # the text of concerns


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # The first characters of the secret, shown in the list so the owner can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    # SHA-256 of the whole secret (the secret is 32 random bytes: a slow hash adds nothing).
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(80))  # space-separated Scope values
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @property
    def scope_set(self) -> frozenset[Scope]:
        return frozenset(Scope(value) for value in self.scopes.split())

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… {self.scopes}>"
