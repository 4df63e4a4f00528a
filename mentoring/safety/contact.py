"""What a coordinator needs to reach the person behind a concern: address, place, local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mentoring.accounts.models import User
from mentoring.accounts.zones import place_name
from mentoring.safety import resources


@dataclass(frozen=True)
class Contact:
    pseudonym: str
    role: str
    email: str | None  # None once the account is erased
    country: str  # the code whose crisis list applies to them
    country_name: str
    zone: str
    place: str
    local_now: datetime | None  # None if the stored zone is unknown to this server
    emergency_numbers: list[str]


def contact_of(person: User, now: datetime, locale: str) -> Contact:
    """The reporter's contact details for a coordinator, with their own country's numbers."""
    country = resources.country_of(person)
    listed = resources.resources_for(country, locale)
    try:
        local_now = now.astimezone(ZoneInfo(person.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        local_now = None
    return Contact(
        pseudonym=person.pseudonym, role=person.role.value,
        email=None if person.erased_at else person.email,
        country=listed.code, country_name=listed.name, zone=person.timezone,
        place=place_name(person.timezone, locale), local_now=local_now,
        emergency_numbers=listed.emergency_numbers)
