"""Who holds a role: queries every feature may use to find the people to tell."""

from __future__ import annotations

from mentoring.accounts.models import Role, User
from mentoring.extensions import db


def coordinators() -> list[User]:
    """The enabled coordinators, who hear about concerns, expired screenings and new requests."""
    return list(db.session.scalars(
        db.select(User).where(User.role == Role.COORDINATOR, User.is_enabled.is_(True))
    ))
