"""The one place that reads the wall clock (and the one place tests can stop it)."""

from __future__ import annotations

from datetime import UTC, datetime

_frozen_at: datetime | None = None


def now_utc() -> datetime:
    """Return the current instant as an aware UTC datetime."""
    return _frozen_at if _frozen_at is not None else datetime.now(UTC)


def freeze(instant: datetime | None) -> None:
    """Make now_utc() return `instant` (None: the real clock again). For tests and demos."""
    global _frozen_at
    if instant is not None and instant.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen_at = instant
